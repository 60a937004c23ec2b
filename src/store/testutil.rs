//! Shared helpers for the store tests: fixed identities and times, hermetic `git` invocations, fresh stores.

use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

use super::{Author, CommitRequest, CommitTime, Store};

/// The fixed identity used by tests.
pub fn author() -> Author {
    Author {
        name: "Test Writer".to_string(),
        email: "writer@example.org".to_string(),
    }
}

/// A fixed commit time `n` minutes after a base instant, at +02:00.
pub fn at(n: i64) -> CommitTime {
    CommitTime {
        seconds: 1_700_000_000 + n * 60,
        offset_minutes: 120,
    }
}

/// Runs `git` in `dir` isolated from the machine's config; returns the output whatever the status.
pub fn git_out(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env("GIT_AUTHOR_NAME", "Git User")
        .env("GIT_AUTHOR_EMAIL", "git@example.org")
        .env("GIT_COMMITTER_NAME", "Git User")
        .env("GIT_COMMITTER_EMAIL", "git@example.org")
        .env("GIT_AUTHOR_DATE", "1600000000 +0000")
        .env("GIT_COMMITTER_DATE", "1600000000 +0000")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .unwrap()
}

/// Runs `git` in `dir` (hermetic), asserts success and returns stdout.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = git_out(dir, args);
    assert!(
        out.status.success(),
        "git {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Asserts `git fsck --full` passes and reports nothing worse than dangling objects.
pub fn assert_fsck(dir: &Path) {
    let out = git_out(dir, &["fsck", "--full", "--strict"]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "git fsck failed: {text}");
    for line in text.lines() {
        assert!(
            line.starts_with("dangling ") || line.starts_with("Checking"),
            "git fsck: {line}"
        );
    }
}

/// A fresh store made by `Store::init` in `<tmp>/store`.
pub fn new_store() -> (TempDir, Store) {
    let tmp = TempDir::new().unwrap();
    let store = Store::init(&tmp.path().join("store"), &author(), Some(at(0))).unwrap();
    (tmp, store)
}

/// Commits `files` (path, content) to the current branch with work-tree update; returns the commit.
pub fn write(store: &Store, files: &[(&str, &str)], message: &str, n: i64) -> git2::Oid {
    let mut req = CommitRequest::new(message, author());
    req.time = Some(at(n));
    req.changes = files
        .iter()
        .map(|(p, c)| (p.to_string(), Some(c.as_bytes().to_vec())))
        .collect();
    store.commit(&req).unwrap()
}

/// A request to write `changes` (path, content or None to delete) on the current branch at time `n`.
pub fn req(changes: &[(&str, Option<&str>)], message: &str, n: i64) -> CommitRequest {
    let mut r = CommitRequest::new(message, author());
    r.time = Some(at(n));
    r.changes = changes
        .iter()
        .map(|(p, c)| (p.to_string(), c.map(|s| s.as_bytes().to_vec())))
        .collect();
    r
}

/// Paths (sorted) changed by `commit` relative to its first parent, via `git diff-tree`.
pub fn changed_paths(dir: &Path, commit: git2::Oid) -> Vec<String> {
    let out = git(
        dir,
        &[
            "diff-tree",
            "--root",
            "--no-commit-id",
            "--name-only",
            "-r",
            &commit.to_string(),
        ],
    );
    let mut v: Vec<String> = out.lines().map(str::to_string).collect();
    v.sort();
    v
}
