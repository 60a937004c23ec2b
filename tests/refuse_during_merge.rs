//! Every write refuses to run while git is in the middle of a merge, rebase, cherry-pick or
//! revert that stopped on a conflict: exit 2, the operation named with how to finish or abort
//! it, and nothing written (no commit, no ref, no index or work-tree change).

mod common;

use std::fs;

use common::{TRANSLATOR, TestStore, stdout_of, telegram_store, telegram_text};

const DOC: &str = "telegram-1945-11-11";
const WILSON: &str = "translations/telegram-1945-11-11/en-wilson.md";

/// Commits `text` as en-wilson on the current branch.
fn update(s: &TestStore, text: &str, message: &str) {
    let f = s.file("update.md", text);
    s.emend()
        .args(["update", DOC, "en-wilson", &f, "-m", message])
        .assert()
        .success();
}

/// The telegram on `main`, a proposal `fix-scan` made from it, and a branch `scan` that
/// corrects "lapan" one way while `main` corrects it another: merging them conflicts.
fn diverged() -> TestStore {
    let s = telegram_store();
    common::propose(
        &s,
        "fix-scan",
        &telegram_text("en-corrected"),
        "scanning errors",
    );
    s.git(&["switch", "-q", "-c", "scan"]);
    update(
        &s,
        &telegram_text("en-wilson").replace("in lapan.", "in Japan."),
        "Japan",
    );
    s.git(&["switch", "-q", "main"]);
    update(
        &s,
        &telegram_text("en-wilson").replace("in lapan.", "in [Japan]."),
        "[Japan]",
    );
    s
}

/// Everything a write could change: refs, HEAD, index, the status and the version's file.
fn snapshot(s: &TestStore) -> Vec<String> {
    vec![
        s.git(&["for-each-ref", "--format=%(refname) %(objectname)"]),
        s.git(&["rev-parse", "HEAD"]),
        s.git(&["ls-files", "--stage"]),
        s.git(&["status", "--porcelain", "--untracked-files=all"]),
        fs::read_to_string(s.store_file(WILSON)).unwrap(),
    ]
}

/// Runs each write in `s`; each must fail with exit 2, name `operation` and how to end it,
/// and change nothing.
fn every_write_refused(s: &TestStore, operation: &str, advice: &str) {
    let before = snapshot(s);
    let text = s.file("new.md", &telegram_text("en-corrected"));
    let propose = |name| {
        vec![
            "propose",
            DOC,
            "en-wilson",
            &text,
            "--name",
            name,
            "--author",
            TRANSLATOR,
        ]
    };
    let writes: Vec<Vec<&str>> = vec![
        // A new proposal, and a revision of one.
        propose("later"),
        propose("fix-scan"),
        vec!["update", DOC, "en-wilson", &text],
        vec!["update", DOC, "en-wilson", "--force"],
        vec!["add", DOC, "en-draft", &text, "--lang", "en"],
        vec!["add", "another", "en", &text, "--lang", "en"],
        vec!["approve", DOC, "en-wilson"],
        vec!["review", "fix-scan", "--accept", "all"],
    ];
    for args in writes {
        let out = s.emend().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(&format!("a git {operation} is in progress")) && err.contains(advice),
            "{args:?}: {err}"
        );
        assert_eq!(snapshot(s), before, "{args:?} wrote something");
    }
    // Reading goes on.
    stdout_of(s.emend().args(["list", DOC]));
    stdout_of(s.emend().args(["log", DOC, "en-wilson"]));
}

/// git that is expected to stop on a conflict.
fn git_conflicts(s: &TestStore, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(&s.path)
        .env("HOME", s.dir.path())
        .env("GIT_CONFIG_GLOBAL", s.dir.path().join("gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_EDITOR", "true")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !out.status.success() && text.contains("CONFLICT"),
        "{args:?}: {text}"
    );
}

#[test]
fn writes_wait_for_a_merge_with_conflicts() {
    let s = diverged();
    git_conflicts(&s, &["merge", "scan"]);
    assert!(s.store_file(".git/MERGE_HEAD").exists());
    every_write_refused(&s, "merge", "`git merge --abort`");
    // The merge is still git's to finish; after an abort, emend writes again.
    assert!(s.store_file(".git/MERGE_HEAD").exists());
    s.git(&["merge", "--abort"]);
    update(
        &s,
        &telegram_text("en-corrected"),
        "after the merge was aborted",
    );
    s.git(&["fsck", "--no-progress"]);
}

#[test]
fn writes_wait_for_a_rebase_a_cherry_pick_and_a_revert() {
    let s = diverged();
    s.git(&["switch", "-q", "scan"]);
    git_conflicts(&s, &["rebase", "main"]);
    every_write_refused(&s, "rebase", "`git rebase --abort`");
    s.git(&["rebase", "--abort"]);

    s.git(&["switch", "-q", "main"]);
    git_conflicts(&s, &["cherry-pick", "scan"]);
    every_write_refused(&s, "cherry-pick", "`git cherry-pick --abort`");
    s.git(&["cherry-pick", "--abort"]);

    // Reverting an older change to the paragraph that a later one changed again.
    update(
        &s,
        &telegram_text("en-wilson").replace("in lapan.", "in Japan, 1945."),
        "the year",
    );
    git_conflicts(&s, &["revert", "--no-edit", "HEAD~1"]);
    every_write_refused(&s, "revert", "`git revert --abort`");
    s.git(&["revert", "--abort"]);
    update(&s, &telegram_text("en-wilson"), "as published");
}

#[test]
fn init_waits_for_a_merge_in_the_repository_it_would_make_a_store() {
    let s = diverged();
    // A plain git repository, not yet a store, in the middle of a merge.
    let plain = s.dir.path().join("plain");
    fs::create_dir(&plain).unwrap();
    let git = |args: &[&str]| common::git_in(&plain, s.dir.path(), args);
    git(&["init", "-q", "-b", "main"]);
    fs::write(plain.join("notes.md"), "1. One.\n").unwrap();
    git(&["add", "notes.md"]);
    git(&["commit", "-q", "-m", "notes"]);
    git(&["switch", "-q", "-c", "other"]);
    fs::write(plain.join("notes.md"), "1. Two.\n").unwrap();
    git(&["commit", "-q", "-am", "two"]);
    git(&["switch", "-q", "main"]);
    fs::write(plain.join("notes.md"), "1. Three.\n").unwrap();
    git(&["commit", "-q", "-am", "three"]);
    let merged = std::process::Command::new("git")
        .args(["merge", "other"])
        .current_dir(&plain)
        .env("HOME", s.dir.path())
        .env("GIT_CONFIG_GLOBAL", s.dir.path().join("gitconfig"))
        .output()
        .unwrap();
    assert!(!merged.status.success());
    let out = s.emend().arg("init").arg(&plain).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("a git merge is in progress"), "{err}");
    assert!(!plain.join("emend.toml").exists(), "nothing written");
    assert_eq!(git(&["rev-list", "--count", "HEAD"]).trim(), "2");
}

#[test]
fn writes_wait_for_conflicts_a_stash_left_in_the_index() {
    let s = telegram_store();
    // An edit put aside, the same paragraph committed otherwise, the edit taken back.
    let path = s.store_file(WILSON);
    fs::write(
        &path,
        telegram_text("en-wilson").replace("in lapan.", "in Japan (sic)."),
    )
    .unwrap();
    s.git(&["stash", "-q"]);
    update(
        &s,
        &telegram_text("en-wilson").replace("in lapan.", "in Japan."),
        "Japan",
    );
    git_conflicts(&s, &["stash", "pop"]);
    assert_eq!(s.git(&["ls-files", "--unmerged"]).lines().count(), 3);
    let before = snapshot(&s);
    let out = s
        .emend()
        .args(["update", DOC, "en-wilson", "--force"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("unresolved conflicts in {WILSON}")) && err.contains("git add FILE"),
        "{err}"
    );
    assert_eq!(snapshot(&s), before);
    // Resolved by hand and marked so: the write goes ahead.
    let resolved = telegram_text("en-wilson").replace("in lapan.", "in Japan [sic].");
    fs::write(&path, &resolved).unwrap();
    s.git(&["add", WILSON]);
    s.emend()
        .args(["update", DOC, "en-wilson", "-m", "resolved"])
        .assert()
        .success();
    assert_eq!(s.git(&["show", &format!("HEAD:{WILSON}")]), resolved);
}
