//! The interactive review, driven through a real terminal (tmux): keys in, screen out.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{TestStore, stdout_of, telegram_text};

const DOC: &str = "telegram-1945-11-11";

/// tmux, or a skip when it is missing outside CI (CI installs it and must run this).
fn tmux_available() -> bool {
    common::tool_available("tmux", "tmux", &["-V"], "apt-get install -y tmux")
}

/// A tmux session running one command in the store, removed when dropped.
struct Session {
    name: String,
    socket: std::path::PathBuf,
}

impl Session {
    fn start(s: &TestStore, args: &str) -> Session {
        let name = format!("emend-{}-{}", std::process::id(), args.len());
        let socket = s.dir.path().join("tmux.sock");
        let script = s.dir.path().join(format!("{name}.sh"));
        fs::write(
            &script,
            format!(
                "#!/bin/sh\ncd '{}'\nexport HOME='{}' GIT_CONFIG_GLOBAL='{}' GIT_CONFIG_NOSYSTEM=1 TERM=xterm-256color NO_COLOR=1 EDITOR=false\n'{}' {args}\necho \"EMEND-EXIT=$?\"\nsleep 60\n",
                s.path.display(),
                s.dir.path().display(),
                s.dir.path().join("gitconfig").display(),
                env!("CARGO_BIN_EXE_emend"),
            ),
        )
        .unwrap();
        let status = Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args([
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                &name,
                "-x",
                "150",
                "-y",
                "45",
                "sh",
            ])
            .arg(&script)
            .status()
            .unwrap();
        assert!(status.success());
        Session { name, socket }
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Everything the terminal showed, scrollback included.
    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-J", "-S", "-", "-t", &self.name])
    }

    /// Waits until the screen contains `want`.
    fn wait_for(&self, want: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(want) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "timed out waiting for {want:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", &self.name, k]);
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", &self.name, "-l", text]);
        std::thread::sleep(Duration::from_millis(150));
    }
}

impl Session {
    /// Chooses "edit in your editor", the choice `below` the first (the fourth, or the
    /// third in a conflict, which has no "accept"), opens the editor, waits until it
    /// has written `marker`, and submits; returns the screen before the editor opened.
    fn edit_in_editor(&self, below: usize, marker: &Path) -> String {
        for _ in 0..below {
            self.keys(&["Down"]);
        }
        self.keys(&["Enter"]);
        let screen = self.wait_for("to open");
        self.type_text("e");
        let start = Instant::now();
        while !marker.exists() && start.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(100));
        }
        self.keys(&["Enter"]);
        screen
    }
}

/// Writes an executable shell script: an editor or a pager for the tests.
fn script(path: &Path, body: &str) {
    fs::write(path, format!("#!/bin/sh\n{body}")).unwrap();
    Command::new("chmod").arg("755").arg(path).status().unwrap();
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(["kill-server"])
            .output();
    }
}

fn with_proposal() -> TestStore {
    common::telegram_with_proposal()
}

#[test]
fn an_editor_walks_through_a_proposal_on_a_terminal() {
    if !tmux_available() {
        return;
    }
    let s = with_proposal();
    let t = Session::start(
        &s,
        "review fix-scan --author 'Eddie Editor <eddie@example.org>'",
    );
    // Row 1: the heading. The screen shows the proposal, the key, the status and the marked words.
    let screen = t.wait_for("Decision:");
    assert!(
        screen.contains("Proposal fix-scan: en-wilson in telegram-1945-11-11, by Tanya Translator"),
        "{screen}"
    );
    assert!(
        screen.contains("[1/5] november-11-1945-telegram-via · changed"),
        "{screen}"
    );
    assert!(
        screen.contains("Telegram via [-VcH-]{+VCh+} from Stalin"),
        "{screen}"
    );
    assert!(screen.contains("after:  citation"), "{screen}");
    t.keys(&["Enter"]); // accept
    t.wait_for("[2/5] citation¶1");
    t.keys(&["Enter"]); // accept
    // Row 3: the link. Reject it, with a reason.
    t.wait_for("[3/5] citation¶2");
    t.keys(&["Down", "Enter"]);
    t.wait_for("Reason (optional):");
    t.type_text("keep the link as published");
    t.keys(&["Enter"]);
    // Row 4: the paragraph broken by a page, shown with its neighbours.
    let screen = t.wait_for("[4/5] 2¶3 + 2¶4 → 2¶3 · merged");
    assert!(
        screen.contains("established after[-¶-]{+ +}the surrender"),
        "{screen}"
    );
    t.keys(&["Enter"]);
    // Row 5: the editor types a text of their own.
    t.wait_for("[5/5] 2¶6 → 2¶5");
    t.keys(&["Down", "Down", "Enter"]);
    t.wait_for("Text:");
    t.keys(&["End"]);
    t.type_text(" [checked]");
    t.keys(&["Enter"]);
    // Summary and confirmation before anything is written.
    let screen = t.wait_for("Write the review");
    assert!(
        screen.contains("3 accepted, 1 rejected, 1 edited, 0 undecided"),
        "{screen}"
    );
    assert!(
        !s.git(&["log", "-1", "--format=%s"]).starts_with("review"),
        "nothing is written before the confirmation"
    );
    t.keys(&["Enter"]);
    let screen = t.wait_for("EMEND-EXIT=");
    assert!(screen.contains("EMEND-EXIT=0"), "{screen}");

    let text =
        fs::read_to_string(s.store_file(&format!("translations/{DOC}/en-wilson.md"))).unwrap();
    assert!(text.contains("Telegram via VCh"));
    assert!(
        text.contains("wilson-center.drivingcreative.com"),
        "the rejected link stays"
    );
    assert!(text.contains("established after the surrender"));
    assert!(
        text.contains("on the scene, in Japan. [checked]"),
        "the edited text is taken"
    );
    assert_eq!(
        s.git(&["log", "-1", "--format=%an|%s"]).trim(),
        "Eddie Editor|review fix-scan: 3 accepted, 1 rejected, 1 edited"
    );
    let rec = common::review_records(&s, DOC, "fix-scan").pop().unwrap();
    assert_eq!(rec["closed"], true);
    let rejected = rec["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["decision"] == "rejected")
        .unwrap();
    assert_eq!(rejected["reason"], "keep the link as published");
}

/// "take its changes one by one" asks about each change of a paragraph.
#[test]
fn an_editor_takes_some_changes_of_a_paragraph() {
    if !tmux_available() {
        return;
    }
    let s = with_proposal();
    let t = Session::start(&s, "review fix-scan");
    t.wait_for("[1/5]");
    t.wait_for("Decision:");
    t.keys(&["Enter"]); // accept the heading
    t.wait_for("[2/5] citation¶1");
    t.keys(&["Down", "Down", "Down", "Down", "Enter"]);
    let screen = t.wait_for("Take this change?");
    assert!(
        screen.contains("change 1/2: \"Telegram via [-VcH-]{+VCh+} from Stalin to Cde.…"),
        "{screen}"
    );
    t.keys(&["Enter"]);
    t.wait_for("change 2/2");
    t.type_text("n");
    t.keys(&["Enter"]);
    t.wait_for("Why the others are rejected");
    t.type_text("the folio is as printed");
    t.keys(&["Enter"]);
    t.wait_for("[3/5]");
    t.keys(&["Up", "Enter"]); // stop here
    let screen = t.wait_for("Keep the decisions made so far");
    assert!(
        screen.contains("1 accepted, 0 rejected, 1 partly accepted, 0 edited, 3 undecided"),
        "{screen}"
    );
    t.keys(&["Enter"]);
    let screen = t.wait_for("EMEND-EXIT=");
    assert!(screen.contains("EMEND-EXIT=0"), "{screen}");
    assert!(
        screen.contains(
            "citation¶1: partly accepted (change 1 of 2 taken) (the folio is as printed)"
        ),
        "{screen}"
    );
    let text =
        fs::read_to_string(s.store_file(&format!("translations/{DOC}/en-wilson.md"))).unwrap();
    assert!(text.contains("\"Telegram via VCh from Stalin") && text.contains("d. 98, II. 0102"));
    let rec = common::review_records(&s, DOC, "fix-scan").pop().unwrap();
    assert_eq!(rec["summary"]["partial"], 1);
}

#[test]
fn a_paragraph_changed_apart_shows_both_sides_and_takes_a_change_into_the_current_text() {
    if !tmux_available() {
        return;
    }
    let s = with_proposal();
    let file = format!("translations/{DOC}/en-wilson.md");
    let current = fs::read_to_string(s.store_file(&file)).unwrap();
    fs::write(
        s.store_file(&file),
        current.replace("Wilson Center Digital Archive", "Wilson Center Archive"),
    )
    .unwrap();
    s.emend()
        .args(["update", DOC, "en-wilson", "-m", "archive name"])
        .assert()
        .success();
    let t = Session::start(&s, "review fix-scan");
    t.wait_for("[1/5]");
    t.wait_for("Decision:");
    t.keys(&["Down", "Down", "Down", "Down", "Enter"]); // skip the heading
    let screen = t.wait_for("[2/5] citation¶1");
    let screen = &screen[screen.find("[2/5] citation¶1").unwrap()..];
    assert!(
        screen.contains("the current text changed other words of this paragraph since the proposal was made:\n  \"Telegram via VcH from Stalin to Cde. Molotov\", November 11, 1945, Wilson Center [-Digital -]Archive"),
        "{screen}"
    );
    t.wait_for("Decision:");
    // Accept is offered first, as for any row; take the first change only.
    t.keys(&["Down", "Down", "Down", "Down", "Enter"]);
    t.wait_for("change 1/2");
    t.keys(&["Enter"]);
    t.wait_for("change 2/2");
    t.type_text("n");
    t.keys(&["Enter"]);
    t.wait_for("Why the others are rejected");
    t.keys(&["Enter"]);
    let screen = t.wait_for("[3/5]");
    assert!(
        screen.contains("result: \"Telegram via VCh from Stalin to Cde. Molotov\", November 11, 1945, Wilson Center Archive, RGASPI, f. 558, op. 11, d. 98, II. 0102"),
        "{screen}"
    );
    t.keys(&["Up", "Enter"]); // stop here
    t.wait_for("Keep the decisions made so far");
    t.keys(&["Enter"]);
    let screen = t.wait_for("EMEND-EXIT=");
    assert!(screen.contains("EMEND-EXIT=0"), "{screen}");
    let text = fs::read_to_string(s.store_file(&file)).unwrap();
    assert!(
        text.contains("\"Telegram via VCh from Stalin to Cde. Molotov\", November 11, 1945, Wilson Center Archive, RGASPI, f. 558, op. 11, d. 98, II. 0102"),
        "{text}"
    );
}

#[test]
fn stopping_and_declining_writes_nothing() {
    if !tmux_available() {
        return;
    }
    let s = with_proposal();
    let before = s.git(&["rev-parse", "HEAD"]);
    let t = Session::start(&s, "review fix-scan");
    t.wait_for("[1/5]");
    t.wait_for("Decision:");
    t.keys(&["Enter"]); // accept the first row
    t.wait_for("[2/5]");
    // "stop here" is the last option.
    t.keys(&["Up", "Enter"]);
    let screen = t.wait_for("Keep the decisions made so far");
    assert!(
        screen.contains("1 accepted, 0 rejected, 0 edited, 4 undecided"),
        "{screen}"
    );
    t.type_text("n");
    t.keys(&["Enter"]);
    let screen = t.wait_for("EMEND-EXIT=");
    assert!(screen.contains("EMEND-EXIT=0"), "{screen}");
    assert!(screen.contains("nothing written"), "{screen}");
    assert_eq!(s.git(&["rev-parse", "HEAD"]), before);
    assert!(stdout_of(s.emend().arg("proposals")).contains("fix-scan"));
}

/// Output longer than the screen goes through $PAGER on a terminal, and only there.
#[test]
fn long_output_is_paged_on_a_terminal_only() {
    if !tmux_available() {
        return;
    }
    let s = with_proposal();
    // A "pager" that records what it is given, so the test can see it was used.
    let seen = s.dir.path().join("paged.txt");
    let pager = s.dir.path().join("pager.sh");
    script(&pager, &format!("cat > '{}'\n", seen.display()));
    let kjv = common::sample("ruth", "kjv").display().to_string();
    let web = common::sample("ruth", "web").display().to_string();
    let long = format!("diff --files '{kjv}' '{web}' --color never");
    let emend = env!("CARGO_BIN_EXE_emend");
    let pager = pager.display();
    let t = Session::start(
        &s,
        &format!("{long} --no-pager > /dev/null; PAGER='{pager}' '{emend}' {long}"),
    );
    t.wait_for("EMEND-EXIT=0");
    let paged = fs::read_to_string(&seen).unwrap_or_default();
    assert!(
        paged.starts_with("--- kjv\n+++ web\n") && paged.ends_with("85 changed, 5 unchanged\n"),
        "the pager got all of the output: {}",
        &paged[..paged.len().min(300)]
    );
    // --no-pager, and output to a pipe, are never paged.
    fs::remove_file(&seen).unwrap();
    let t2 = Session::start(
        &s,
        &format!(
            "{long} --no-pager > /dev/null; PAGER='{pager}' '{emend}' {long} --no-pager; PAGER='{pager}' '{emend}' {long} | cat > /dev/null"
        ),
    );
    t2.wait_for("EMEND-EXIT=0");
    assert!(!seen.exists(), "paged despite --no-pager or a pipe");
}

/// A proposal whose text and metadata hold control sequences: the review on a
/// terminal shows them escaped, never sends them raw; the inline prompt does
/// not echo such a text; `$EDITOR` gets its own words and the text in a
/// temporary file, never on its command line.
#[test]
fn a_hostile_proposal_is_reviewed_safely_on_a_terminal() {
    if !tmux_available() {
        return;
    }
    let s = TestStore::new();
    let f = s.file("en.md", "1. First point.\n\n2. Second point.\n");
    s.emend()
        .args(["add", "doc", "en", &f, "--lang", "en"])
        .assert()
        .success();
    let esc = "\u{1b}[2J\u{1b}]0;owned\u{7}";
    let f = s.file(
        "p.md",
        &format!("1. First {esc} point.\n\n2. Second {esc} point <script>.\n"),
    );
    s.emend()
        .args(["propose", "doc", "en", &f, "--name", "evil", "-m"])
        .arg(format!("summary {esc}"))
        .arg("--author")
        .arg(format!("Eve {esc} <eve@example.org>"))
        .assert()
        .success();
    // An "editor" with an argument of its own: it records its command line and replaces the text.
    let argv = s.dir.path().join("editor-argv.txt");
    let editor = s.dir.path().join("my editor.sh");
    script(
        &editor,
        &format!(
            "printf '%s\\n' \"$@\" > '{}'\nfor last; do :; done\nprintf '2. Edited by the editor.' > \"$last\"\n",
            argv.display()
        ),
    );
    let emend = env!("CARGO_BIN_EXE_emend");
    let t = Session::start(
        &s,
        &format!(
            "--version > /dev/null; EDITOR=\"'{}' --wait\" '{emend}' review evil",
            editor.display()
        ),
    );
    let screen = t.wait_for("Decision:");
    assert!(screen.contains("[1/2] 1 · changed"), "{screen}");
    assert!(
        screen.contains("Eve \\u{1b}[2J\\u{1b}]0;owned") && screen.contains("summary \\u{1b}[2J"),
        "{screen}"
    );
    assert!(
        screen.contains("First{+ \\u{1b}[2J\\u{1b}]0;owned\\u{7}+} point."),
        "the inserted control characters are shown escaped: {screen}"
    );
    // Row 1: type a text; the proposed one, holding control characters, is not echoed.
    t.keys(&["Down", "Down", "Enter"]);
    let screen = t.wait_for("Text:");
    assert!(screen.contains("holds control characters"), "{screen}");
    t.type_text("1. Typed by hand.");
    t.keys(&["Enter"]);
    // Row 2: edit in $EDITOR.
    t.wait_for("[2/2] 2 · changed");
    t.edit_in_editor(3, &argv);
    t.wait_for("Write the review");
    t.keys(&["Enter"]);
    let screen = t.wait_for("EMEND-EXIT=");
    assert!(screen.contains("EMEND-EXIT=0"), "{screen}");
    let args = fs::read_to_string(&argv).expect("the editor ran");
    let args: Vec<&str> = args.lines().collect();
    assert_eq!(args.len(), 2, "{args:?}");
    assert_eq!(args[0], "--wait");
    assert!(
        args[1].ends_with(".md") && !args[1].contains("Second"),
        "{args:?}"
    );
    assert!(
        !Path::new(args[1]).exists(),
        "the temporary file is removed"
    );
    let text = fs::read_to_string(s.store_file("translations/doc/en.md")).unwrap();
    assert_eq!(text, "1. Typed by hand.\n\n2. Edited by the editor.\n");
}

/// `$PAGER` is split into words and run without a shell: shell syntax in it is
/// not obeyed, and when the pager cannot start the output is printed as it is.
#[test]
fn the_pager_is_never_given_to_a_shell() {
    if !tmux_available() {
        return;
    }
    let s = with_proposal();
    let pwned = s.dir.path().join("pwned");
    let kjv = common::sample("ruth", "kjv").display().to_string();
    let web = common::sample("ruth", "web").display().to_string();
    let emend = env!("CARGO_BIN_EXE_emend");
    let t = Session::start(
        &s,
        &format!(
            "--version > /dev/null; PAGER='cat; touch {p} $(touch {p})' '{emend}' diff --files '{kjv}' '{web}' --color never",
            p = pwned.display()
        ),
    );
    let screen = t.wait_for("EMEND-EXIT=");
    assert!(screen.contains("EMEND-EXIT=0"), "{screen}");
    assert!(screen.contains("85 changed, 5 unchanged"), "{screen}");
    assert!(!pwned.exists(), "the pager command went through a shell");
}

/// An export shown on a terminal has its control characters escaped; into a
/// pipe or a file it is the data as stored (tested in `cli_hostile.rs`).
#[test]
fn an_export_on_a_terminal_is_shown_escaped() {
    if !tmux_available() {
        return;
    }
    let s = TestStore::new();
    let f = s.file("en.md", "1. Clear \u{1b}[2J the screen \u{9b}31m red.\n");
    s.emend()
        .args(["add", "doc", "en", &f, "--lang", "en"])
        .assert()
        .success();
    let t = Session::start(&s, "export doc en --no-pager");
    let screen = t.wait_for("EMEND-EXIT=");
    assert!(
        screen.contains("1. Clear \\u{1b}[2J the screen \\u{9b}31m red."),
        "{screen}"
    );
    let t = Session::start(&s, "export doc en --format json --no-pager");
    let screen = t.wait_for("EMEND-EXIT=");
    assert!(
        screen.contains("\\u001b[2J the screen \\u009b31m"),
        "{screen}"
    );
}

/// `diff --format json` on a terminal is indented, and the control characters
/// JSON allows raw in strings (DEL and the C1 controls, such as the one-byte
/// CSI) are written as `\u` escapes, as every other JSON on a terminal is.
/// Into a pipe it stays compact, as serde_json writes it.
#[test]
fn a_diff_as_json_on_a_terminal_is_shown_escaped() {
    if !tmux_available() {
        return;
    }
    let s = TestStore::new();
    let a = s.file("a.md", "1. Clear the screen.\n");
    let b = s.file(
        "b.md",
        "1. Clear \u{1b}[2J the screen \u{9b}31m red\u{7f}.\n",
    );
    let t = Session::start(
        &s,
        &format!("diff --files '{a}' '{b}' --format json --no-pager"),
    );
    let screen = t.wait_for("EMEND-EXIT=");
    assert!(screen.contains("EMEND-EXIT=0"), "{screen}");
    assert!(screen.contains("\"status\": \"changed\""), "{screen}");
    assert!(screen.contains("\"text\": \"\\u001b[2J \""), "{screen}");
    assert!(
        screen.contains("\"text\": \" \\u009b31m red\\u007f\""),
        "{screen}"
    );
}

/// The other order of `a_review_that_conflicts_with_a_concurrent_change_loses_neither`
/// (`cli_workflow.rs`, where the change is committed before the review starts):
/// here a colleague commits a change to the same paragraph while the editor is
/// still deciding. The review's commit finds the branch moved, is rebuilt on the
/// new head with the same decisions, and reports the conflict: both are kept.
#[test]
fn a_change_committed_during_an_interactive_review_is_kept() {
    if !tmux_available() {
        return;
    }
    let s = with_proposal();
    let t = Session::start(&s, "review fix-scan");
    for n in 1..=5 {
        t.wait_for(&format!("[{n}/5]"));
        t.wait_for("Decision:");
        t.keys(&["Enter"]); // accept
    }
    t.wait_for("Write the review");
    // Meanwhile, on the branch: the paragraph of row 5 is corrected by hand.
    let theirs = telegram_text("en-wilson").replace("in lapan.", "in Japan (corrected by hand).");
    let f = s.file("theirs.md", &theirs);
    s.emend()
        .args(["update", DOC, "en-wilson", &f, "-m", "hand correction"])
        .assert()
        .success();
    t.keys(&["Enter"]);
    let screen = t.wait_for("EMEND-EXIT=");
    assert!(screen.contains("EMEND-EXIT=0"), "{screen}");
    assert!(
        screen.contains("4 accepted") && screen.contains("1 in conflict"),
        "{screen}"
    );
    let text =
        fs::read_to_string(s.store_file(&format!("translations/{DOC}/en-wilson.md"))).unwrap();
    assert!(
        text.contains("in Japan (corrected by hand)."),
        "the colleague's change is lost"
    );
    assert!(
        text.contains("Telegram via VCh"),
        "the review's changes are lost"
    );
    let log = s.git(&["log", "--format=%s"]);
    assert!(
        log.contains("hand correction") && log.starts_with("review fix-scan"),
        "{log}"
    );
}

/// "edit in your editor" starts the editor git would start, as git starts it: here
/// `core.editor`, before VISUAL and EDITOR, run by the shell (so a variable set on
/// its command line reaches it). It gets the environment emend was given: the
/// certificate variables emend sets while libgit2 starts (`src/store/offline.rs`)
/// are put back first.
#[test]
fn the_editor_is_gits_core_editor_run_by_the_shell() {
    if !tmux_available() {
        return;
    }
    let s = TestStore::new();
    let f = s.file("en.md", "1. First point.\n");
    s.emend()
        .args(["add", "doc", "en", &f, "--lang", "en"])
        .assert()
        .success();
    let f = s.file("p.md", "1. First point, proposed.\n");
    s.emend()
        .args(["propose", "doc", "en", &f, "--name", "p"])
        .assert()
        .success();
    let editor = s.dir.path().join("editor.sh");
    let done = s.dir.path().join("editor-ran");
    let seen = s.dir.path().join("editor-env");
    script(
        &editor,
        &format!(
            "for last; do :; done\nprintf '1. Edited by %s.' \"$EDITED_BY\" > \"$last\"\nprintf '%s|%s' \"$SSL_CERT_FILE\" \"${{SSL_CERT_DIR-unset}}\" > '{}'\ntouch '{}'\n",
            seen.display(),
            done.display()
        ),
    );
    s.git(&[
        "config",
        "core.editor",
        &format!("EDITED_BY=core.editor '{}'", editor.display()),
    ]);
    let emend = env!("CARGO_BIN_EXE_emend");
    let t = Session::start(
        &s,
        &format!(
            "--version > /dev/null; unset SSL_CERT_DIR; VISUAL=false EDITOR=false SSL_CERT_FILE=/etc/emend-test/bundle.pem '{emend}' review p"
        ),
    );
    t.wait_for("Decision:");
    t.keys(&["Down", "Down", "Down", "Enter"]);
    let screen = t.wait_for("to open");
    assert!(
        screen.contains("your editor: EDITED_BY=core.editor"),
        "{screen}"
    );
    t.type_text("e");
    let start = Instant::now();
    while !done.exists() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(100));
    }
    t.keys(&["Enter"]);
    t.wait_for("Write the review");
    t.keys(&["Enter"]);
    let screen = t.wait_for("EMEND-EXIT=");
    assert!(screen.contains("EMEND-EXIT=0"), "{screen}");
    let text = fs::read_to_string(s.store_file("translations/doc/en.md")).unwrap();
    assert_eq!(text, "1. Edited by core.editor.\n");
    let env = fs::read_to_string(&seen).unwrap();
    assert_eq!(env, "/etc/emend-test/bundle.pem|unset");
}

/// The bundled Declaration with English changed in Article 5 (a word French lacks) and
/// Article 11(2) (a comma): French's 5¶1 and 11/2 are stale.
fn udhr_with_articles_5_and_11_stale() -> TestStore {
    let s = common::udhr_store();
    let en = s.store_file("translations/udhr/en.md");
    let text = fs::read_to_string(&en)
        .unwrap()
        .replace(
            "No one shall be subjected to torture",
            "No one shall ever be subjected to torture",
        )
        .replace(
            "Nor shall a heavier penalty be imposed than",
            "Nor shall a heavier penalty be imposed, than",
        );
    fs::write(&en, text).unwrap();
    s.emend()
        .args(["update", "udhr", "en", "-m", "articles 5 and 11"])
        .assert()
        .success();
    s
}

/// `emend confirm --under KEY` on a terminal asks about the stale segments of that
/// section alone.
#[test]
fn confirm_under_a_section_asks_about_its_stale_segments_alone() {
    if !tmux_available() {
        return;
    }
    let s = udhr_with_articles_5_and_11_stale();
    let t = Session::start(&s, "confirm udhr fr --under 11");
    let screen = t.wait_for("[1/1] 11/2:");
    assert!(!screen.contains("5¶1"), "{screen}");
    t.keys(&["Enter"]);
    let screen = t.wait_for("EMEND-EXIT=");
    assert!(screen.contains("EMEND-EXIT=0"), "{screen}");
    let status = stdout_of(s.emend().args(["status", "udhr", "fr"]));
    assert!(status.contains("1 stale (5¶1)"), "{status}");
}

/// `emend confirm` on a terminal: each stale segment shown with the translation's text and
/// the source's change, and asked about; only the ones confirmed are recorded.
#[test]
fn confirm_asks_about_each_stale_segment_and_records_only_those_confirmed() {
    if !tmux_available() {
        return;
    }
    let s = udhr_with_articles_5_and_11_stale();
    let before = s.git(&["rev-parse", "HEAD"]);
    let t = Session::start(&s, "confirm udhr fr -m checked");
    let screen = t.wait_for("[1/2] 5¶1:");
    assert!(
        screen.contains("No one shall {+ever +}be subjected to torture"),
        "{screen}"
    );
    assert!(
        screen.contains("fr now: Nul ne sera soumis à la torture"),
        "{screen}"
    );
    // "ever" asks for a new word in French: skip it.
    t.keys(&["Down", "Enter"]);
    let screen = t.wait_for("[2/2] 11/2:");
    assert!(screen.contains("be imposed{+,+} than"), "{screen}");
    // A comma asks nothing of the French: confirm it.
    t.keys(&["Enter"]);
    let screen = t.wait_for("EMEND-EXIT=");
    assert!(screen.contains("EMEND-EXIT=0"), "{screen}");
    assert!(
        screen.contains("confirmed 1 segment of fr in udhr against en"),
        "{screen}"
    );
    assert_eq!(s.git(&["rev-parse", "HEAD^"]), before);
    let status = stdout_of(s.emend().args(["status", "udhr", "fr"]));
    assert!(status.contains("1 stale (5¶1)"), "{status}");
    let message = s.git(&["log", "-1", "--format=%B"]);
    assert!(
        message.contains(": checked\n\nConfirmed: 11/2"),
        "{message}"
    );
}

/// A row in conflict (the current text changed the same words since the proposal was
/// made) edited in the editor: the editor gets both texts between git's conflict
/// markers, as git leaves a file it could not merge. A text resolved by hand is taken;
/// one saved with its markers still in it leaves the row undecided.
#[test]
fn a_conflict_edited_in_the_editor_shows_both_texts_between_conflict_markers() {
    if !tmux_available() {
        return;
    }
    let s = TestStore::new();
    let f = s.file(
        "en.md",
        "1. The commission meets weekly.\n\n2. Oil for the fleet.\n",
    );
    s.emend()
        .args(["add", "doc", "en", &f, "--lang", "en"])
        .assert()
        .success();
    let f = s.file(
        "p.md",
        "1. The commission meets monthly.\n\n2. Oil for the navy.\n",
    );
    s.emend()
        .args(["propose", "doc", "en", &f, "--name", "p"])
        .assert()
        .success();
    let f = s.file(
        "now.md",
        "1. The commission meets daily.\n\n2. Oil for the army.\n",
    );
    s.emend()
        .args(["update", "doc", "en", &f, "-m", "meanwhile"])
        .assert()
        .success();
    // The first time it resolves the conflict; the second it saves what it was given.
    let editor = s.dir.path().join("editor.sh");
    let seen = s.dir.path().join("seen");
    let first = s.dir.path().join("first-done");
    let second = s.dir.path().join("second-done");
    script(
        &editor,
        &format!(
            "for last; do :; done\nif [ ! -e '{first}' ]; then cp \"$last\" '{seen}'; printf '1. The commission meets weekly or monthly.' > \"$last\"; touch '{first}'; else touch '{second}'; fi\n",
            first = first.display(),
            second = second.display(),
            seen = seen.display(),
        ),
    );
    s.git(&["config", "core.editor", &format!("'{}'", editor.display())]);
    let t = Session::start(&s, "review p");
    t.wait_for("Decision:");
    // In conflict: reject, edit here, edit in your editor, skip, stop.
    t.edit_in_editor(2, &first);
    t.wait_for("2/2");
    t.edit_in_editor(2, &second);
    let screen = t.wait_for("Write the review");
    assert!(
        screen.contains("conflict markers (<<<<<<<, =======, >>>>>>>) are still in the text"),
        "{screen}"
    );
    assert!(screen.contains("1 edited, 1 undecided"), "{screen}");
    t.keys(&["Enter"]);
    let screen = t.wait_for("EMEND-EXIT=");
    assert!(screen.contains("EMEND-EXIT=0"), "{screen}");
    assert_eq!(
        fs::read_to_string(&seen).unwrap(),
        "<<<<<<< the current text (changed since the proposal was made)\n1. The commission meets daily.\n=======\n1. The commission meets monthly.\n>>>>>>> proposal p\n"
    );
    let text = fs::read_to_string(s.store_file("translations/doc/en.md")).unwrap();
    assert_eq!(
        text,
        "1. The commission meets weekly or monthly.\n\n2. Oil for the army.\n"
    );
}
