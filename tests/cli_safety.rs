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

/// A mid-sized version (about 400 KB): long enough that each write takes a
/// while, so that kills land inside it.
fn medium_text(round: usize) -> String {
    let body = telegram_text("en-wilson");
    let mut out = String::with_capacity(420_000);
    for part in 0..100 {
        out.push_str(&format!(
            "# Part {part}\n\nRevision {round} of part {part}.\n\n"
        ));
        out.push_str(&body);
        out.push('\n');
    }
    out
}

/// Delays spread over `span`, in a fixed pseudo-random order so that a failure can be replayed.
/// Every other delay falls in the first third of `span`, so that some kills land inside the
/// command even when it runs three times faster than when `span` was measured (a busy machine
/// makes that measure long).
fn kill_delays(span: Duration, rounds: usize, seed: u64) -> Vec<Duration> {
    let mut seed = seed;
    (0..rounds)
        .map(|round| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let millis = span.as_millis().max(3) as u64;
            let range = if round % 2 == 0 {
                millis / 3
            } else {
                millis + millis / 5
            };
            Duration::from_millis((seed >> 33) % range)
        })
        .collect()
}

/// Runs `args` to completion and returns how long it took.
fn timed(s: &TestStore, args: &[&str]) -> Duration {
    let start = std::time::Instant::now();
    let out = spawn(s, args).wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    start.elapsed()
}

/// Starts `args`, sends SIGKILL after `delay`, and says whether the command
/// had already finished by itself.
fn run_and_kill(s: &TestStore, args: &[&str], delay: Duration) -> bool {
    let mut child = spawn(s, args);
    std::thread::sleep(delay);
    let finished = matches!(child.try_wait(), Ok(Some(_)));
    let _ = child.kill();
    let status = child.wait().unwrap();
    finished && status.success()
}

/// The file at `rev`, or None when it is not there.
fn file_at(s: &TestStore, rev: &str, path: &str) -> Option<String> {
    let out = Command::new("git")
        .args(["show", &format!("{rev}:{path}")])
        .current_dir(&s.path)
        .env("GIT_CONFIG_GLOBAL", s.dir.path().join("gitconfig"))
        .output()
        .unwrap();
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The tip of a branch, or None when it does not exist.
fn tip(s: &TestStore, branch: &str) -> Option<String> {
    let out = Command::new("git")
        .args([
            "rev-parse",
            "--verify",
            "-q",
            &format!("refs/heads/{branch}"),
        ])
        .current_dir(&s.path)
        .env("GIT_CONFIG_GLOBAL", s.dir.path().join("gitconfig"))
        .output()
        .unwrap();
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// After a kill: the repository is sound and emend can read and write it.
fn assert_usable(s: &TestStore, what: &str) {
    assert_fsck(s);
    let listed = stdout_of(common::emend(&s.path).arg("list"));
    assert!(listed.contains("book"), "{what}: {listed}");
}

const BIG: &str = "translations/book/big.md";

/// A store holding `book/big` at `medium_text(0)`, and the time one `update` of it takes.
fn medium_store() -> (TestStore, Duration) {
    let s = TestStore::new();
    let f = s.file("medium-0.md", &medium_text(0));
    s.emend()
        .args(["add", "book", "big", &f, "--lang", "en"])
        .assert()
        .success();
    let f = s.file("medium-1.md", &medium_text(1));
    let span = timed(&s, &["update", "book", "big", &f]);
    (s, span)
}

#[test]
fn killing_add_leaves_the_version_absent_or_whole() {
    let (s, span) = medium_store();
    let mut midway = 0;
    for (round, delay) in kill_delays(span, 8, 0xadd).into_iter().enumerate() {
        let v = format!("copy-{round}");
        let text = medium_text(100 + round);
        let f = s.file(&format!("add-{round}.md"), &text);
        let head = s.git(&["rev-parse", "HEAD"]);
        let done = run_and_kill(&s, &["add", "book", &v, &f, "--lang", "en"], delay);
        assert_usable(&s, &v);
        let moved = s.git(&["rev-parse", "HEAD"]) != head;
        let path = format!("translations/book/{v}.md");
        let meta = file_at(&s, "HEAD", "translations/book/document.json").unwrap();
        if moved {
            assert_eq!(file_at(&s, "HEAD", &path).as_deref(), Some(text.as_str()));
            assert!(
                meta.contains(&format!("\"{v}\"")),
                "{v}: not in document.json"
            );
            assert_eq!(
                s.git(&["status", "--porcelain", "--untracked-files=no"]),
                ""
            );
        } else {
            midway += 1;
            assert!(!done, "{v}: reported success without a commit");
            assert_eq!(file_at(&s, "HEAD", &path), None, "{v}: half added");
            assert!(!meta.contains(&format!("\"{v}\"")), "{v}: half added");
            // The next add of the same version goes through.
            s.emend()
                .args(["add", "book", &v, &f, "--lang", "en", "--force"])
                .assert()
                .success();
            assert_eq!(s.git(&["status", "--porcelain"]), "", "{v}");
        }
    }
    assert!(midway > 0, "no kill landed before the commit");
    assert_clean_after_a_write(&s);
}

/// The next write removes the temporary files a killed emend left in the
/// folders it writes to, so nothing is left for `git add -A` to pick up.
fn assert_clean_after_a_write(s: &TestStore) {
    let f = s.file("final.md", &medium_text(999));
    s.emend()
        .args(["update", "book", "big", &f, "--force"])
        .assert()
        .success();
    assert_eq!(s.git(&["status", "--porcelain"]), "", "litter left behind");
}

#[test]
fn killing_propose_leaves_no_proposal_or_a_whole_one() {
    let (s, _) = medium_store();
    let f = s.file("p.md", &medium_text(7));
    let span = timed(
        &s,
        &["propose", "book", "big", &f, "--name", "first", "-m", "x"],
    );
    let head = s.git(&["rev-parse", "HEAD"]);
    let mut midway = 0;
    for (round, delay) in kill_delays(span, 8, 0x9e0).into_iter().enumerate() {
        let name = format!("fix-{round}");
        let text = medium_text(200 + round);
        let f = s.file(&format!("propose-{round}.md"), &text);
        let done = run_and_kill(
            &s,
            &["propose", "book", "big", &f, "--name", &name, "-m", "a fix"],
            delay,
        );
        assert_usable(&s, &name);
        // The current branch and the work tree are never touched.
        assert_eq!(s.git(&["rev-parse", "HEAD"]), head);
        assert_eq!(s.git(&["status", "--porcelain"]), "", "{name}");
        let listed = stdout_of(common::emend(&s.path).arg("proposals"));
        match tip(&s, &format!("proposals/{name}")) {
            Some(t) => {
                assert_eq!(file_at(&s, &t, BIG).as_deref(), Some(text.as_str()));
                assert!(listed.contains(&name), "{name} missing from {listed}");
            }
            None => {
                midway += 1;
                assert!(!done, "{name}: reported success without a branch");
                assert!(!listed.contains(&name), "{listed}");
            }
        }
    }
    assert!(midway > 0, "no kill landed before the branch was made");
}

#[test]
fn killing_review_keeps_the_record_and_the_text_together() {
    let (s, _) = medium_store();
    let mut text = file_at(&s, "HEAD", BIG).unwrap();
    // One review, unkilled, to learn how long a review takes.
    let f = s.file("r.md", &text.replace("in lapan.", "in Japan."));
    timed(&s, &["propose", "book", "big", &f, "--name", "warm-up"]);
    let span = timed(&s, &["review", "warm-up", "--accept", "all"]);
    text = file_at(&s, "HEAD", BIG).unwrap();
    let mut midway = 0;
    for (round, delay) in kill_delays(span, 8, 0x4e7).into_iter().enumerate() {
        let name = format!("review-{round}");
        let proposed = text.replacen("Revision", &format!("Revised ({round})"), 3);
        let f = s.file(&format!("{name}.md"), &proposed);
        timed(&s, &["propose", "book", "big", &f, "--name", &name]);
        let head = s.git(&["rev-parse", "HEAD"]);
        let records = |s: &TestStore| {
            s.git(&[
                "ls-tree",
                "--name-only",
                "HEAD",
                &format!("translations/book/reviews/{name}/"),
            ])
            .lines()
            .count()
        };
        let done = run_and_kill(&s, &["review", &name, "--accept", "all"], delay);
        assert_usable(&s, &name);
        let moved = s.git(&["rev-parse", "HEAD"]) != head;
        let committed = file_at(&s, "HEAD", BIG).unwrap();
        if moved {
            // Both new: the accepted text and its review record, in one commit.
            assert_eq!(committed, proposed, "{name}");
            assert_eq!(records(&s), 1, "{name}: no record");
        } else {
            midway += 1;
            assert!(!done, "{name}: reported success without a commit");
            assert_eq!(committed, text, "{name}");
            assert_eq!(records(&s), 0, "{name}");
            assert!(tip(&s, &format!("proposals/{name}")).is_some());
        }
        // Whatever happened, a proposal left open can be reviewed (again), which closes it.
        // Killed after its commit, before its branch was deleted, the review is done: a
        // second one is refused, saying how to delete the branch left over.
        if tip(&s, &format!("proposals/{name}")).is_some() {
            if moved {
                let err =
                    common::stderr_of(s.emend().args(["review", &name, "--accept", "all"]), 2);
                assert!(
                    err.contains("is closed") && err.contains("git branch -D"),
                    "{err}"
                );
                // Killed while deleting the branch, it may leave git's lock on it,
                // which git asks the user to remove.
                let _ = fs::remove_file(
                    s.path
                        .join(format!(".git/refs/heads/proposals/{name}.lock")),
                );
                s.git(&["branch", "-D", &format!("proposals/{name}")]);
            } else {
                s.emend()
                    .args(["review", &name, "--accept", "all"])
                    .assert()
                    .success();
            }
        }
        assert_eq!(file_at(&s, "HEAD", BIG).unwrap(), proposed);
        assert_eq!(tip(&s, &format!("proposals/{name}")), None, "{name} open");
        assert!(!stdout_of(common::emend(&s.path).arg("proposals")).contains(&name));
        assert_eq!(
            s.git(&["status", "--porcelain", "--untracked-files=no"]),
            "",
            "{name}"
        );
        text = proposed;
    }
    assert!(midway > 0, "no kill landed before the commit");
    assert_clean_after_a_write(&s);
}

#[test]
fn killing_approve_records_the_approval_whole_or_not_at_all() {
    let (s, _) = medium_store();
    let span = timed(&s, &["approve", "book", "big", "-m", "first"]);
    let approvals = |rev: &str| {
        s.git(&[
            "ls-tree",
            "--name-only",
            rev,
            "translations/book/approvals/",
        ])
        .lines()
        .map(str::to_string)
        .collect::<Vec<_>>()
    };
    let mut midway = 0;
    for (round, delay) in kill_delays(span, 8, 0xa99).into_iter().enumerate() {
        let f = s.file(&format!("approve-{round}.md"), &medium_text(300 + round));
        timed(&s, &["update", "book", "big", &f]);
        let head = s.git(&["rev-parse", "HEAD"]);
        let before = approvals("HEAD");
        let done = run_and_kill(&s, &["approve", "book", "big", "-m", "ok"], delay);
        assert_usable(&s, "approve");
        let after = approvals("HEAD");
        if s.git(&["rev-parse", "HEAD"]) != head {
            // One new record, whole, naming the revision approved.
            assert_eq!(after.len(), before.len() + 1, "round {round}");
            let new = after.iter().find(|p| !before.contains(p)).unwrap();
            let record = file_at(&s, "HEAD", new).unwrap();
            let v: serde_json::Value = serde_json::from_str(&record).unwrap();
            assert_eq!(
                v["commit"].as_str(),
                Some(head.trim()),
                "round {round}: {v}"
            );
        } else {
            midway += 1;
            assert!(!done, "round {round}: reported success without a commit");
            assert_eq!(after, before);
            s.emend()
                .args(["approve", "book", "big", "-m", "ok"])
                .assert()
                .success();
        }
        // The export of the approved text is the text just approved.
        let exported =
            stdout_of(common::emend(&s.path).args(["export", "book", "big", "--approved"]));
        assert_eq!(exported, medium_text(300 + round));
        assert_eq!(
            s.git(&["status", "--porcelain", "--untracked-files=no"]),
            "",
            "round {round}"
        );
    }
    assert!(midway > 0, "no kill landed before the commit");
    assert_clean_after_a_write(&s);
}

/// The files in `.git/emend-tmp`, sorted.
fn temporaries(s: &TestStore) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(s.store_file(".git/emend-tmp"))
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn killed_writes_leave_nothing_git_sees_and_the_next_command_sweeps_their_temporaries() {
    let (s, span) = medium_store();
    let mut midway = 0;
    for (round, delay) in kill_delays(span, 10, 0x7e3).into_iter().enumerate() {
        let f = s.file(&format!("tmp-{round}.md"), &medium_text(400 + round));
        let head = s.git(&["rev-parse", "HEAD"]);
        run_and_kill(&s, &["update", "book", "big", &f, "--force"], delay);
        if s.git(&["rev-parse", "HEAD"]) == head {
            midway += 1;
        }
        // Nothing in the work tree but the version itself, changed or not: no temporary
        // for `git add -A` to pick up, whenever the kill came.
        let seen = s.git(&[
            "status",
            "--porcelain",
            "--untracked-files=all",
            "--ignored",
        ]);
        let others: Vec<&str> = seen
            .lines()
            .filter(|l| !l.ends_with("translations/book/big.md"))
            .collect();
        assert!(others.is_empty(), "round {round}: {seen}");
    }
    assert!(midway > 0, "no kill landed before the commit");
    // The next write completes; the next command, even one that only reads, removes what the
    // killed emends and the finished ones left in the git folder.
    let f = s.file("final.md", &medium_text(999));
    s.emend()
        .args(["update", "book", "big", &f, "--force"])
        .assert()
        .success();
    stdout_of(common::emend(&s.path).arg("list"));
    assert_eq!(temporaries(&s), [".sweep"]);
    assert_eq!(s.git(&["status", "--porcelain", "--ignored"]), "");
}

/// Leaves in `s` what an emend killed while holding `lock` leaves: the lock, hard-linked from
/// its owner file in `.git/emend-tmp`, whose process (no `.live` file) is gone.
fn leave_a_dead_emends_lock(s: &TestStore, lock: &str, content: &str) {
    let tmp = s.store_file(".git/emend-tmp");
    fs::create_dir_all(&tmp).unwrap();
    let name = format!("4242-dead.lock.{}", fs::read_dir(&tmp).unwrap().count());
    let owner = tmp.join(&name);
    fs::write(&owner, content).unwrap();
    let lock = s.store_file(lock);
    fs::write(tmp.join(format!("{name}.target")), lock.to_str().unwrap()).unwrap();
    fs::hard_link(&owner, &lock).unwrap();
}

#[test]
fn a_lock_left_by_a_dead_emend_is_cleared_and_one_of_unknown_owner_is_never_touched() {
    let s = TestStore::new();
    let f = s.file("v1.md", "1. One.\n");
    s.emend()
        .args(["add", "doc", "en", &f, "--lang", "en"])
        .assert()
        .success();
    let head = s.git(&["rev-parse", "HEAD"]);
    let f2 = s.file("v2.md", "1. One, again.\n");

    // A dead emend's index lock and branch lock: the next write clears both and goes through.
    leave_a_dead_emends_lock(&s, ".git/index.lock", "emend pid 4242\n");
    leave_a_dead_emends_lock(&s, ".git/refs/heads/main.lock", &head);
    s.emend()
        .args(["update", "doc", "en", &f2])
        .assert()
        .success();
    assert!(!s.store_file(".git/index.lock").exists());
    assert!(!s.store_file(".git/refs/heads/main.lock").exists());
    assert_eq!(
        s.git(&["show", "HEAD:translations/doc/en.md"]),
        "1. One, again.\n"
    );
    assert_fsck(&s);

    // Locks nobody recorded (git's own): waited for, never removed; the error gives the command.
    let f3 = s.file("v3.md", "1. One, a third time.\n");
    for (lock, args) in [
        (".git/index.lock", vec!["update", "doc", "en", &f3]),
        (
            ".git/refs/heads/main.lock",
            vec!["update", "doc", "en", &f3],
        ),
        (
            ".git/refs/heads/proposals/fix.lock",
            vec!["propose", "doc", "en", &f3, "--name", "fix"],
        ),
    ] {
        let path = s.store_file(lock);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, "git's lock\n").unwrap();
        let head = s.git(&["rev-parse", "HEAD"]);
        let err = common::stderr_of(s.emend().args(&args), 2);
        assert!(
            err.contains("no running emend holds it")
                && err.contains(&format!("rm '{}'", path.display())),
            "{lock}: {err}"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), "git's lock\n", "{lock}");
        assert_eq!(s.git(&["rev-parse", "HEAD"]), head, "{lock}");
        fs::remove_file(&path).unwrap();
    }
    s.emend()
        .args(["update", "doc", "en", &f3])
        .assert()
        .success();
    assert_eq!(s.git(&["status", "--porcelain"]), "");
}
