//! Hostile text and hostile names: what a document, a commit message or an
//! argument holds can never drive the terminal, break HTML or XML, escape the
//! store, write outside the file named with `-o`, or reach a shell.
//!
//! The interactive review, the pager and `$EDITOR` on a real terminal are in
//! `cli_interactive.rs`.

mod common;

use std::fs;
use std::path::Path;

use common::{TestStore, emend, stderr_of, stdout_of};

/// Control characters that would move the cursor, clear the screen, set the
/// window title, ring the bell or start a C1 control sequence if sent raw.
const ESC: &str = "\u{1b}[2J\u{1b}]0;owned\u{7}\u{9b}31m\r";

/// Text that is markup in HTML and XML.
const MARKUP: &str = "<script>alert(1)</script> ]]> & \"q\" 'a' &amp;";

/// True when `bytes` hold a character that a terminal acts on.
fn has_raw_control(bytes: &[u8]) -> Option<char> {
    String::from_utf8_lossy(bytes)
        .chars()
        .find(|&c| c.is_control() && c != '\n' && c != '\t')
}

/// Runs emend with `args` in the store (exit code not checked) and checks that
/// neither stdout nor stderr holds a raw control character. Returns both.
fn run_clean(s: &TestStore, args: &[&str]) -> (String, String) {
    let out = s.emend().args(args).output().unwrap();
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        if let Some(c) = has_raw_control(bytes) {
            panic!(
                "emend {args:?} sent {c:?} raw on {name}:\n{}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    (String::from_utf8_lossy(&out.stdout).into_owned(), stderr)
}

/// A store whose every field holds hostile text: document text, title,
/// translator, language, commit messages, author names, a proposal, a review
/// reason and an approval note.
fn hostile_store() -> TestStore {
    let s = TestStore::new();
    let evil_author = format!("Eve {ESC}<eve@example.org>");
    let en = format!(
        "# Title {ESC} {MARKUP}\n\n1. First {ESC} point {MARKUP}.\n\n2. Second point.\n\n## Annex\n\n1. Annexed.\n"
    );
    let fr = format!("# Titre {ESC}\n\n1. Premier {ESC} point.\n\n2. Deuxième point.\n");
    let f = s.file("en.md", &en);
    s.emend()
        .args([
            "add", "evil", "en", &f, "--lang", "en", "--role", "original",
        ])
        .args(["--title", &format!("Title {ESC} {MARKUP}")])
        .args(["--translator", &format!("Tr {ESC}")])
        .args(["-m", &format!("message {ESC}"), "--author", &evil_author])
        .assert()
        .success();
    let f = s.file("fr.md", &fr);
    // emend writes only real language tags; a hostile one can still come by hand.
    let err = stderr_of(
        s.emend()
            .args(["add", "evil", "fr", &f, "--lang", &format!("fr{ESC}")]),
        2,
    );
    assert!(!err.contains('\u{1b}'), "{err}");
    s.emend()
        .args(["add", "evil", "fr", &f, "--lang", "fr"])
        .args(["--from", "en", "-m", &format!("fr {ESC}")])
        .assert()
        .success();
    let json = s.store_file("translations/evil/document.json");
    let meta = std::fs::read_to_string(&json).unwrap().replace(
        "\"language\": \"fr\"",
        &format!("\"language\": {}", serde_json::json!(format!("fr{ESC}"))),
    );
    std::fs::write(&json, meta).unwrap();
    s.git(&["commit", "-q", "-am", "hostile language"]);
    let f = s.file(
        "en2.md",
        &en.replace("Second point", &format!("Second {ESC} point")),
    );
    s.emend()
        .args(["update", "evil", "en", &f, "-m", &format!("update {ESC}")])
        .args(["--author", &evil_author])
        .assert()
        .success();
    for name in ["open-one", "reviewed"] {
        let f = s.file(
            "p.md",
            &en.replace("Annexed.", &format!("Annexed {ESC} {name}.")),
        );
        s.emend()
            .args(["propose", "evil", "en", &f, "--name", name])
            .args(["-m", &format!("proposal {ESC}"), "--author", &evil_author])
            .assert()
            .success();
    }
    s.emend()
        .args(["approve", "evil", "en", "-m", &format!("note {ESC}")])
        .args(["--author", &evil_author])
        .assert()
        .success();
    s
}

#[test]
fn no_command_sends_control_characters_raw_to_the_terminal() {
    let s = hostile_store();
    let (out, _) = run_clean(
        &s,
        &[
            "review",
            "reviewed",
            "--reject",
            "all",
            "--reason",
            &format!("reason {ESC}"),
        ],
    );
    assert!(out.contains("reason \\u{1b}[2J"), "{out}");
    for args in [
        &["list"][..],
        &["list", "evil"],
        &["show", "evil", "en"],
        &["show", "evil", "en@HEAD~3"],
        &["log", "evil", "en"],
        &["log", "evil", "en", "--key", "2"],
        &["blame", "evil", "en"],
        &["status"],
        &["status", "evil"],
        &["status", "evil", "fr", "--show"],
        &["proposals"],
        &["proposals", "evil"],
        &["compare", "evil"],
        &["compare", "evil", "en", "fr", "en@HEAD~3"],
        &["diff", "evil", "en@HEAD~3", "en"],
        &["diff", "evil", "en", "fr"],
        &["diff", "evil", "en", "--full", "--context", "5"],
        &["export", "evil", "fr", "--format", "tmx", "-o", "fr.tmx"],
        // Errors that quote names, keys and revisions.
        &["log", "evil", "en", "--key", "\u{1b}[2J"],
        &["show", "evil", "en@\u{1b}[2J"],
        &["review", "no-such"],
        &["diff", "evil", "en", "de"],
    ] {
        run_clean(&s, args);
    }
    // The text is there, escaped: nothing is hidden from the reader.
    let (out, _) = run_clean(&s, &["show", "evil", "en"]);
    assert!(
        out.contains("First \\u{1b}[2J\\u{1b}]0;owned\\u{7}\\u{9b}31m point"),
        "{out}"
    );
    let (out, _) = run_clean(&s, &["log", "evil", "en"]);
    assert!(out.contains("Eve \\u{1b}[2J"), "{out}");
    assert!(out.contains("update \\u{1b}[2J"), "{out}");
    let (out, _) = run_clean(&s, &["list", "evil"]);
    assert!(
        out.contains("fr\\u{1b}[2J") && out.contains("Tr \\u{1b}"),
        "{out}"
    );
    // Exports into a pipe or a file are the data, byte for byte (on a
    // terminal they are shown escaped: see `cli_interactive.rs`).
    let stored = fs::read(s.store_file("translations/evil/en.md")).unwrap();
    let piped = s.emend().args(["export", "evil", "en"]).output().unwrap();
    assert_eq!(piped.stdout, stored);
}

#[test]
fn an_error_quoting_a_hostile_file_is_escaped() {
    let s = hostile_store();
    // A document.json whose role is a control sequence: serde quotes it in its message.
    let json = s.store_file("translations/evil/document.json");
    let text =
        fs::read_to_string(&json)
            .unwrap()
            .replacen("\"original\"", "\"\\u001b[2J\\u0007\"", 1);
    fs::write(&json, text).unwrap();
    s.git(&["commit", "-q", "-am", "hostile role"]);
    let (_, err) = run_clean(&s, &["show", "evil", "en"]);
    assert!(
        err.contains("not a valid document.json") && err.contains("\\u{1b}[2J"),
        "{err}"
    );
}

#[test]
fn html_pages_escape_markup_and_drop_controls_with_a_note() {
    let s = hostile_store();
    for args in [
        &["diff", "evil", "en@HEAD~3", "en", "--format", "html"][..],
        &["diff", "evil", "en", "fr", "--format", "html"],
        &["compare", "evil", "--format", "html"],
        &["export", "evil", "en", "--format", "html"],
    ] {
        let page = stdout_of(s.emend().args(args));
        assert!(page.starts_with("<!DOCTYPE html>"), "{args:?}");
        assert!(!page.contains("<script"), "{args:?}: a script element");
        assert!(
            page.contains("&lt;script&gt;"),
            "{args:?}: the text is lost"
        );
        assert!(
            page.contains("]]&gt;") && page.contains("&amp;amp;"),
            "{args:?}"
        );
        assert_eq!(has_raw_control(page.as_bytes()), None, "{args:?}");
        if !args.contains(&"export") {
            assert!(
                page.contains("left out"),
                "{args:?}: no note of the dropped characters"
            );
        }
    }
}

#[test]
fn tmx_and_xliff_escape_markup_and_drop_controls_with_a_warning() {
    let s = hostile_store();
    for format in ["tmx", "xliff"] {
        let out = s
            .emend()
            .args(["export", "evil", "fr", "--format", format])
            .output()
            .unwrap();
        assert!(out.status.success());
        let xml = String::from_utf8(out.stdout).unwrap();
        let warnings = String::from_utf8_lossy(&out.stderr);
        let doc = roxmltree::Document::parse(&xml)
            .unwrap_or_else(|e| panic!("{format} is not well-formed: {e}\n{xml}"));
        assert!(!xml.contains("<script"), "{format}");
        let all_text: String = doc
            .descendants()
            .filter_map(|n| n.text())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            all_text.contains(MARKUP),
            "{format}: the markup is not read back as text"
        );
        // ESC, BEL and the C0 controls are left out; the C1 control and CR are allowed in XML 1.0.
        assert!(
            !xml.contains('\u{1b}') && !xml.contains('\u{7}'),
            "{format}"
        );
        assert!(
            warnings.contains("characters that XML 1.0 does not allow"),
            "{format}: {warnings}"
        );
    }
}

/// Every command that takes an id refuses ids that could escape the store or
/// be taken for an option; nothing is written.
#[test]
fn ids_that_could_escape_or_pass_for_options_are_refused_everywhere() {
    let s = hostile_store();
    let f = s.file("x.md", "1. Text.\n");
    let head = s.git(&["rev-parse", "HEAD"]);
    let bad = [
        "..", "../etc", "a/b", "a\\b", "-rf", "--force", ".hidden", "a..b", "A", "é",
    ];
    for id in bad {
        // `--from=-rf`: as `--from -rf`, clap would take `-rf` for flags.
        let (from, name, source) = (
            format!("--from={id}"),
            format!("--name={id}"),
            format!("--source={id}"),
        );
        let commands: Vec<Vec<&str>> = vec![
            vec!["add", "--lang", "en", "--", id, "v", &f],
            vec!["add", "--lang", "en", "--", "evil", id, &f],
            vec!["add", "--lang", "en", &from, "--", "evil", "new", &f],
            vec!["update", "--", id, "en", &f],
            vec!["update", "--", "evil", id, &f],
            vec!["show", "--", id, "en"],
            vec!["show", "--", "evil", id],
            vec!["log", "--", "evil", id],
            vec!["blame", "--", id, "en"],
            vec!["diff", "--", "evil", id, "en"],
            vec!["list", "--", id],
            vec!["status", "--", id],
            vec!["status", "--", "evil", id],
            vec!["compare", "--", "evil", id],
            vec!["proposals", "--", id],
            vec!["propose", "--name", "p", "--", id, "en", &f],
            vec!["propose", &name, "--", "evil", "en", &f],
            vec!["review", "--accept", "all", "--", id],
            vec!["approve", "--", "evil", id],
            vec!["export", "--", id, "en"],
            vec!["export", &source, "--format", "tmx", "--", "evil", "fr"],
        ];
        for args in commands {
            let out = s.emend().args(&args).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(
                err.contains("invalid") && err.contains("id"),
                "{args:?}: {err}"
            );
        }
    }
    assert_eq!(s.git(&["rev-parse", "HEAD"]), head, "something was written");
    assert_eq!(s.git(&["status", "--porcelain"]), "");
    assert_eq!(
        s.git(&["branch", "--list", "proposals/*"]).lines().count(),
        2
    );
    assert!(!s.dir.path().join("etc").exists());
}

/// A proposal name git cannot take as a branch is refused with a clear error, not git's.
#[test]
fn proposal_names_git_cannot_use_are_refused() {
    let s = hostile_store();
    let f = s.file("x.md", "1. Text.\n");
    for name in ["fix.lock", "fix."] {
        let out = s
            .emend()
            .args(["propose", "evil", "en", &f, "--name", name])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains("invalid proposal id"), "{name}: {err}");
    }
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `-o` writes exactly the file named: no folder is made, a link is replaced
/// rather than followed, and an error leaves no file and no temporary file.
#[test]
fn export_output_writes_only_the_file_named() {
    let s = hostile_store();
    let out_dir = tempfile::tempdir().unwrap();
    let o = out_dir.path();
    let export = |target: &str| {
        emend(o)
            .args(["export", "evil", "en", "--store"])
            .arg(&s.path)
            .args(["-o", target])
            .output()
            .unwrap()
    };
    // A plain file: written, whole, readable as the user's other files are.
    let done = export("en.md");
    assert!(done.status.success());
    assert!(
        fs::read_to_string(o.join("en.md"))
            .unwrap()
            .contains("First")
    );
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(o.join("en.md")).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o777,
            0o644,
            "the export is private like a temp file"
        );
    }
    assert_eq!(names_in(o), ["en.md"]);
    // A folder that does not exist is not made.
    let out = export("new-folder/en.md");
    assert_eq!(out.status.code(), Some(2));
    assert!(!o.join("new-folder").exists());
    // A path ending in a slash, an existing folder, a path through a file.
    fs::create_dir(o.join("existing")).unwrap();
    for target in ["missing.md/", "existing", "en.md/inside.md"] {
        let out = export(target);
        assert_eq!(out.status.code(), Some(2), "{target}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(target.trim_end_matches('/')),
            "{target}: {err}"
        );
    }
    assert_eq!(
        names_in(o),
        ["en.md", "existing"],
        "a temporary file was left behind"
    );
    assert!(names_in(&o.join("existing")).is_empty());
    // A failing export (no approval of fr) writes nothing.
    let out = emend(o)
        .args(["export", "evil", "fr", "--approved", "--store"])
        .arg(&s.path)
        .args(["-o", "fr.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!o.join("fr.md").exists());
    // A symbolic link is replaced by the file; what it pointed to is not touched.
    let elsewhere = tempfile::tempdir().unwrap();
    let victim = elsewhere.path().join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    std::os::unix::fs::symlink(&victim, o.join("link.md")).unwrap();
    assert!(export("link.md").status.success());
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert!(
        !fs::symlink_metadata(o.join("link.md"))
            .unwrap()
            .is_symlink()
    );
    assert_eq!(names_in(o), ["en.md", "existing", "link.md"]);
}

/// Only three programs are run: the pager, split into words and never given to a
/// shell; `git cat-file --batch` (`store/blobs.rs`), given blob ids on its standard
/// input; and the editor through inquire, which git's convention runs by the shell
/// (`cli/editor.rs` is the only place that names one). Document text never reaches a
/// command line or the shell's script: the pager reads it on standard input, the
/// editor in a temporary file whose path is an argument (`"$@"`).
#[test]
fn only_the_editor_is_run_by_a_shell() {
    let mut found = Vec::new();
    let mut stack = vec![common::project().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            // Library and command code only: test modules (and the test-only
            // `store/testutil.rs`) may run git and emend itself.
            if path.ends_with("store/testutil.rs") {
                continue;
            }
            let code = text.split("#[cfg(test)]").next().unwrap();
            for needle in ["Command::new", "\"sh\"", "/bin/sh", "\"-c\"", "cmd.exe"] {
                if code.contains(needle) {
                    let rel = path.strip_prefix(common::project()).unwrap();
                    found.push(format!("{} {needle}", rel.display()));
                }
            }
        }
    }
    found.sort();
    assert_eq!(
        found,
        [
            "src/cli/editor.rs \"-c\"",
            "src/cli/editor.rs \"sh\"",
            "src/cli/ui.rs Command::new",
            "src/store/blobs.rs Command::new"
        ],
        "a new way to run a program"
    );
    let ui = fs::read_to_string(common::project().join("src/cli/ui.rs")).unwrap();
    assert!(
        ui.contains("shlex::split"),
        "the pager is split into words, not given to a shell"
    );
    let blobs = fs::read_to_string(common::project().join("src/store/blobs.rs")).unwrap();
    assert!(
        blobs.contains(r#".args(["cat-file", "--batch"])"#),
        "git is run with fixed arguments; blob ids go to its standard input"
    );
    // The review's walkthrough starts the editor through `editor::shell_command`.
    let review = fs::read_to_string(common::project().join("src/cli/walkthrough.rs")).unwrap();
    assert!(review.contains("editor::shell_command") && review.contains("with_editor_command"));
    let editor = fs::read_to_string(common::project().join("src/cli/editor.rs")).unwrap();
    assert!(
        editor.contains("{editor} \\\"$@\\\""),
        "the file to edit reaches the shell as an argument, never in its script"
    );
}
