//! Writes that race and writes that are killed: no commit lost, no store broken.

mod common;

use std::collections::HashSet;
use std::fs;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{TestStore, stdout_of, telegram_text};

const DOC: &str = "telegram-1945-11-11";

/// `emend` as a plain child process with the test store's environment.
fn spawn(s: &TestStore, args: &[&str]) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_emend"));
    cmd.args(args)
        .current_dir(&s.path)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", s.dir.path())
        .env("GIT_CONFIG_GLOBAL", s.dir.path().join("gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd.spawn().expect("emend starts")
}

/// `git fsck --full` finds nothing wrong (dangling objects from retried commits are normal).
fn assert_fsck(s: &TestStore) {
    let out = Command::new("git")
        .args(["fsck", "--full", "--no-dangling"])
        .current_dir(&s.path)
        .env("GIT_CONFIG_GLOBAL", s.dir.path().join("gitconfig"))
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "git fsck failed: {report}");
    for bad in ["error", "missing", "broken", "corrupt"] {
        assert!(!report.contains(bad), "git fsck: {report}");
    }
}

/// The commit id an emend write printed: "added v to d (abc1234)".
fn reported_commit(out: &std::process::Output) -> Option<String> {
    let text = String::from_utf8_lossy(&out.stdout);
    let open = text.rfind('(')?;
    let close = text.rfind(')')?;
    Some(text[open + 1..close].to_string())
}

#[test]
fn eight_writers_at_once_lose_nothing() {
    let s = TestStore::new();
    let base = s.file("base.md", &telegram_text("en-wilson"));
    s.emend()
        .args(["add", DOC, "en-wilson", &base, "--lang", "en"])
        .assert()
        .success();

    // Eight translators add eight versions at the same moment.
    let files: Vec<String> = (0..8)
        .map(|i| {
            s.file(
                &format!("v{i}.md"),
                &format!("# Draft {i}\n\n1. Text of draft number {i}.\n"),
            )
        })
        .collect();
    let children: Vec<(String, Child)> = (0..8)
        .map(|i| {
            let v = format!("draft-{i}");
            let child = spawn(
                &s,
                &[
                    "add",
                    DOC,
                    &v,
                    &files[i],
                    "--lang",
                    "en",
                    "--role",
                    "draft",
                    "--from",
                    "en-wilson",
                ],
            );
            (v, child)
        })
        .collect();
    let mut reported = Vec::new();
    for (v, child) in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{v}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        reported.push((v, reported_commit(&out).expect("commit id printed")));
    }
    let history: HashSet<String> = s
        .git(&["log", "--format=%h"])
        .lines()
        .map(str::to_string)
        .collect();
    for (v, id) in &reported {
        assert!(
            history.contains(id),
            "{v}'s commit {id} is not in the history"
        );
    }
    // No merge commits: the history is linear, one commit per write.
    assert_eq!(s.git(&["rev-list", "--merges", "HEAD"]), "");
    assert_eq!(s.git(&["rev-list", "--count", "HEAD"]).trim(), "10");
    // Every version made it into document.json: no write was based on a stale one.
    let meta: serde_json::Value = serde_json::from_slice(
        &fs::read(s.store_file(&format!("translations/{DOC}/document.json"))).unwrap(),
    )
    .unwrap();
    let ids: HashSet<&str> = meta["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    for (v, _) in &reported {
        assert!(ids.contains(v.as_str()), "{v} missing from document.json");
    }
    assert_eq!(s.git(&["status", "--porcelain"]), "");
    assert_fsck(&s);

    // Eight editors update the same version at once: each success is a commit in the history.
    let texts: Vec<String> = (0..8)
        .map(|i| {
            s.file(
                &format!("u{i}.md"),
                &telegram_text("en-wilson").replace("in lapan", &format!("in Japan ({i})")),
            )
        })
        .collect();
    let history_before: HashSet<String> = s
        .git(&["log", "--format=%h"])
        .lines()
        .map(str::to_string)
        .collect();
    let children: Vec<Child> = texts
        .iter()
        .map(|f| spawn(&s, &["update", DOC, "en-wilson", f]))
        .collect();
    let mut ok = 0;
    let mut ids = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        if out.status.success() {
            ok += 1;
            if let Some(id) = reported_commit(&out) {
                ids.push(id);
            }
        } else {
            // A writer may only fail by saying so, never by panicking.
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.contains("emend: error:") && !err.contains("panicked"),
                "{err}"
            );
        }
    }
    assert!(ok >= 1);
    let history: HashSet<String> = s
        .git(&["log", "--format=%h"])
        .lines()
        .map(str::to_string)
        .collect();
    for id in &ids {
        assert!(
            history.contains(id) && !history_before.contains(id),
            "commit {id} lost"
        );
    }
    assert_eq!(s.git(&["rev-list", "--merges", "HEAD"]), "");
    assert_fsck(&s);
}

/// A large version: the telegram's points repeated under numbered headings (about 4 MB).
fn large_text(round: usize) -> String {
    let body = telegram_text("en-corrected");
    let mut out = String::with_capacity(4_200_000);
    for part in 0..650 {
        out.push_str(&format!(
            "# Part {part}\n\nRevision {round} of part {part}.\n\n"
        ));
        out.push_str(&body);
        out.push('\n');
    }
    out
}

#[test]
fn killing_emend_mid_commit_never_breaks_the_store() {
    let s = TestStore::new();
    let first = large_text(0);
    let f = s.file("large-0.md", &first);
    s.emend()
        .args(["add", "book", "big", &f, "--lang", "en"])
        .assert()
        .success();
    let path = s.store_file("translations/book/big.md");
    let mut texts = vec![first];
    // A fixed pseudo-random sequence of delays, so a failure can be replayed.
    let mut seed: u64 = 0x5eed_1945;
    let mut killed_midway = 0;
    for round in 1..=12 {
        let text = large_text(round);
        let f = s.file(&format!("large-{round}.md"), &text);
        texts.push(text);
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let delay = Duration::from_millis((seed >> 33) % 160);
        let head_before = s.git(&["rev-parse", "HEAD"]);
        let mut child = spawn(&s, &["update", "book", "big", &f, "--force"]);
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().unwrap();
        let head_after = s.git(&["rev-parse", "HEAD"]);
        if !status.success() && head_before == head_after {
            killed_midway += 1;
        }

        // The repository is sound and the store opens.
        assert_fsck(&s);
        let listed = stdout_of(common::emend(&s.path).arg("list"));
        assert!(listed.contains("book"), "round {round}: {listed}");
        // The branch holds a whole text, the old one or the new one.
        let committed = s.git(&["show", "HEAD:translations/book/big.md"]);
        assert!(
            committed == texts[round]
                || committed == texts[round - 1]
                || texts.contains(&committed),
            "round {round}: HEAD holds a text never written"
        );
        // The work tree holds a whole text too: the committed one, or the new one not yet committed.
        let on_disk = fs::read_to_string(&path).unwrap();
        assert!(
            on_disk == committed || on_disk == texts[round],
            "round {round}: work tree holds a torn text"
        );
        // Whatever happened, the next write goes through (a lock left by the killed emend is cleared).
        let settle = s.file("settle.md", &texts[round]);
        s.emend()
            .args(["update", "book", "big", &settle, "--force"])
            .assert()
            .success();
        assert_eq!(
            s.git(&["show", "HEAD:translations/book/big.md"]),
            texts[round]
        );
        assert_eq!(s.git(&["status", "--porcelain"]), "", "round {round}");
    }
    // The delays are chosen so that some kills land before the commit finished.
    assert!(
        killed_midway > 0,
        "no kill landed mid-commit; the test proves nothing"
    );
}
