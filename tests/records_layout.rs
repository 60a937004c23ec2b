//! Approval records across clones of one bare remote, through the real binary and real git:
//! one file per approval (two clones approving at once merge without conflict), found again by
//! the approved text after a rebase ("re-found"), a lost one a warning for its version alone,
//! and stores with the older single `approvals.json` still read.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{git_in, telegram_text};
use serde_json::Value;

const DOC: &str = "telegram-1945-11-11";

/// A clone of the team's bare remote, as one person with their own identity and clock.
struct Clone {
    home: PathBuf,
    path: PathBuf,
    clock: std::cell::Cell<i64>,
}

impl Clone {
    /// Clones `remote` into `<root>/<name>` as `who` ("Name <email>").
    fn of(root: &Path, remote: &Path, name: &str, who: (&str, &str)) -> Clone {
        let home = root.join(format!("home-{name}"));
        fs::create_dir_all(&home).unwrap();
        fs::write(
            home.join("gitconfig"),
            format!(
                "[user]\n\tname = {}\n\temail = {}\n[init]\n\tdefaultBranch = main\n[pull]\n\trebase = false\n",
                who.0, who.1
            ),
        )
        .unwrap();
        git_in(
            root,
            &home,
            &["clone", "-q", &remote.display().to_string(), name],
        );
        Clone {
            home,
            path: root.join(name),
            clock: std::cell::Cell::new(1_795_000_000),
        }
    }

    /// `emend` in this clone, at `seconds` past the clone's clock (its next tick by default).
    fn emend_at(&self, seconds: Option<i64>) -> Command {
        let t = seconds.unwrap_or_else(|| self.clock.get() + 60);
        self.clock.set(t);
        let mut cmd = common::emend(&self.path);
        cmd.env("HOME", &self.home)
            .env("GIT_CONFIG_GLOBAL", self.home.join("gitconfig"))
            .env("GIT_COMMITTER_DATE", format!("{t} +0000"))
            .env("GIT_AUTHOR_DATE", format!("{t} +0000"));
        cmd
    }

    fn emend(&self) -> Command {
        self.emend_at(None)
    }

    fn git(&self, args: &[&str]) -> String {
        git_in(&self.path, &self.home, args)
    }

    /// git that may fail: (succeeded, stdout + stderr).
    fn git_status(&self, args: &[&str]) -> (bool, String) {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(&self.path)
            .env("HOME", &self.home)
            .env("GIT_CONFIG_GLOBAL", self.home.join("gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    }

    fn file(&self, name: &str, text: &str) -> String {
        let p = self.home.join(name);
        fs::write(&p, text).unwrap();
        p.display().to_string()
    }

    /// The approval records committed at HEAD, by path.
    fn records(&self) -> Vec<(String, Value)> {
        self.git(&[
            "ls-tree",
            "--name-only",
            "HEAD",
            &format!("translations/{DOC}/approvals/"),
        ])
        .lines()
        .map(|p| {
            let v = serde_json::from_str(&self.git(&["show", &format!("HEAD:{p}")])).unwrap();
            (p.to_string(), v)
        })
        .collect()
    }

    /// `status --format json` of the telegram: its versions by id.
    fn status(&self) -> Vec<Value> {
        let v = common::json_of(self.emend().args(["status", DOC, "--format", "json"]));
        v["documents"][0]["versions"].as_array().unwrap().clone()
    }

    /// Commits `text` as en-wilson, then approves it.
    fn update_and_approve(&self, text: &str) {
        let f = self.file("update.md", text);
        for args in [
            vec!["update", DOC, "en-wilson", &f],
            vec!["approve", DOC, "en-wilson"],
        ] {
            self.emend().args(args).assert().success();
        }
    }

    fn approved(&self, version: &str) -> Value {
        self.status()
            .into_iter()
            .find(|v| v["version"] == version)
            .unwrap_or_else(|| panic!("no version {version}"))["approved"]
            .clone()
    }

    /// Runs `emend args`; (exit code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.emend().args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn fsck(&self) {
        self.git(&["fsck", "--no-progress", "--no-dangling"]);
    }
}

/// A bare remote holding the telegram (`en-wilson` as published, `en-corrected` made from it),
/// pushed by Ada from clone `a`; then Carl's clone `c`.
fn team() -> (tempfile::TempDir, Clone, Clone) {
    let root = tempfile::tempdir().unwrap();
    let remote = root.path().join("team.git");
    std::process::Command::new("git")
        .args(["init", "-q", "--bare", "-b", "main"])
        .arg(&remote)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .unwrap();
    let a = Clone::of(
        root.path(),
        &remote,
        "a",
        ("Ada Translator", "ada@example.org"),
    );
    a.emend().args(["init", "."]).assert().success();
    let wilson = a.file("en-wilson.md", &telegram_text("en-wilson"));
    let corrected = a.file("en-corrected.md", &telegram_text("en-corrected"));
    a.emend()
        .args(["add", DOC, "en-wilson", &wilson, "--lang", "en"])
        .assert()
        .success();
    a.emend()
        .args(["add", DOC, "en-corrected", &corrected, "--lang", "en"])
        .args(["--role", "draft", "--from", "en-wilson"])
        .assert()
        .success();
    a.git(&["push", "-q", "origin", "main"]);
    let c = Clone::of(
        root.path(),
        &remote,
        "c",
        ("Carl Editor", "carl@example.org"),
    );
    (root, a, c)
}

#[test]
fn two_clones_approving_at_once_merge_without_conflict_and_both_approvals_are_read() {
    let (_root, a, c) = team();
    // The same second in both clones, and in c two approvals: of the same version as a's, and
    // of another.
    let t = 1_795_100_000;
    a.emend_at(Some(t))
        .args(["approve", DOC, "en-wilson", "-m", "published text"])
        .assert()
        .success();
    c.emend_at(Some(t))
        .args([
            "approve",
            DOC,
            "en-wilson",
            "-m",
            "checked against the scan",
        ])
        .assert()
        .success();
    c.emend_at(Some(t))
        .args(["approve", DOC, "en-corrected"])
        .assert()
        .success();
    a.git(&["push", "-q", "origin", "main"]);
    let (merged, out) = c.git_status(&["pull", "--no-rebase", "--no-edit", "origin", "main"]);
    assert!(merged && !out.contains("CONFLICT"), "{out}");
    assert_eq!(c.git(&["ls-files", "--unmerged"]), "");
    assert_eq!(
        c.git(&["rev-list", "--merges", "--count", "HEAD"]).trim(),
        "1"
    );
    c.git(&["push", "-q", "origin", "main"]);
    a.git(&["pull", "-q", "--no-rebase", "origin", "main"]);

    for clone in [&a, &c] {
        clone.fsck();
        let records = clone.records();
        assert_eq!(records.len(), 3, "{records:?}");
        // Three files, never one array: no approvals.json is written.
        assert!(
            !clone
                .path
                .join(format!("translations/{DOC}/approvals.json"))
                .exists()
        );
        let notes: Vec<&str> = records
            .iter()
            .filter_map(|(_, v)| v["note"].as_str())
            .collect();
        assert!(notes.contains(&"published text") && notes.contains(&"checked against the scan"));
        for (path, v) in &records {
            let name = path.rsplit('/').next().unwrap();
            let commit = v["commit"].as_str().unwrap();
            assert!(name.starts_with("20261119T145320Z-"), "{name}");
            assert!(name.contains(&format!("Z-{}-", &commit[..7])), "{name}");
            // The blob is the version's text at the approved commit.
            let version = v["version"].as_str().unwrap();
            let blob = clone.git(&[
                "rev-parse",
                &format!("{commit}:translations/{DOC}/{version}.md"),
            ]);
            assert_eq!(v["blob"].as_str().unwrap(), blob.trim());
        }
        for version in ["en-wilson", "en-corrected"] {
            let approved = clone.approved(version);
            assert_eq!(approved["found"], "recorded", "{version}: {approved}");
            assert_eq!(approved["commit"], approved["recorded_commit"]);
        }
        let exported = clone
            .emend()
            .args(["export", DOC, "en-corrected", "--approved"])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&exported.stdout),
            telegram_text("en-corrected")
        );
    }
}

#[test]
fn after_a_rebase_of_the_main_branch_the_approved_text_is_refound_in_every_clone() {
    let (_root, a, c) = team();
    // Ada corrects the scan and approves her correction; Carl meanwhile edits the draft.
    let fixed = telegram_text("en-wilson").replace("in lapan.", "in Japan.");
    let f = a.file("fixed.md", &fixed);
    a.emend()
        .args(["update", DOC, "en-wilson", &f, "-m", "Japan, not lapan"])
        .assert()
        .success();
    a.emend()
        .args(["approve", DOC, "en-wilson", "-m", "for the 2027 edition"])
        .assert()
        .success();
    let recorded = a.git(&["rev-parse", "HEAD~1"]).trim().to_string();
    let draft = telegram_text("en-corrected")
        .replace("Sent by Poskrebyshev.", "Sent by A. N. Poskrebyshev.");
    let f = c.file("draft.md", &draft);
    c.emend()
        .args(["update", DOC, "en-corrected", &f, "-m", "initials"])
        .assert()
        .success();
    c.git(&["push", "-q", "origin", "main"]);
    // Ada pulls with a rebase: her two commits are replaced, the approval names a commit
    // that is no longer on the branch (and never reaches Carl's clone).
    a.git(&["pull", "-q", "--rebase", "origin", "main"]);
    let (on_branch, _) = a.git_status(&["merge-base", "--is-ancestor", &recorded, "HEAD"]);
    assert!(!on_branch, "the rebase replaced {recorded}");
    a.git(&["push", "-q", "origin", "main"]);
    c.git(&["pull", "-q", "--no-rebase", "origin", "main"]);
    let (present, _) = c.git_status(&["cat-file", "-e", &format!("{recorded}^{{commit}}")]);
    assert!(!present, "{recorded} never reached c");

    let refound = a.git(&["rev-parse", "HEAD~1"]).trim().to_string();
    for clone in [&a, &c] {
        clone.fsck();
        let approved = clone.approved("en-wilson");
        assert_eq!(approved["found"], "re-found", "{approved}");
        assert_eq!(approved["recorded_commit"], recorded.as_str());
        assert_eq!(approved["commit"], refound.as_str());
        assert_eq!(approved["note"], "for the 2027 edition");
        let (code, out, err) = clone.run(&["export", DOC, "en-wilson", "--approved"]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(out, fixed);
        assert!(
            err.contains(&format!("names commit {}", &recorded[..7]))
                && err.contains(&format!("re-found at {}", &refound[..7])),
            "{err}"
        );
        let (code, out, _) = clone.run(&["status", DOC]);
        assert_eq!(code, 0);
        assert!(
            out.contains(&format!(
                "approved at {} (re-found; recorded as {})",
                &refound[..7],
                &recorded[..7]
            )),
            "{out}"
        );
        // @approved names the re-found revision: nothing changed since.
        let (code, out, err) = clone.run(&["diff", DOC, "en-wilson@approved", "en-wilson"]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("0 changed") || !out.contains("changed ·"),
            "{out}"
        );
        // Approving the same text again is nothing to do.
        let (code, _, err) = clone.run(&["approve", DOC, "en-wilson"]);
        assert_eq!(code, 2);
        assert!(err.contains("approved already"), "{err}");
    }
}

#[test]
fn an_approval_whose_text_is_gone_is_a_warning_for_its_version_only() {
    let (_root, a, _c) = team();
    a.emend()
        .args(["approve", DOC, "en-corrected", "-m", "draft as is"])
        .assert()
        .success();
    let before = a.git(&["rev-parse", "HEAD"]).trim().to_string();
    // Approve a first correction, correct again, then squash both corrections into one
    // commit: the approved text is nowhere in the branch's history any more.
    let first = telegram_text("en-wilson").replace("in lapan.", "in Japan.");
    a.update_and_approve(&first);
    let approved_commit = a.git(&["rev-parse", "HEAD~1"]).trim().to_string();
    let second = first.replace("Cde. MOLOTOV", "Comrade MOLOTOV");
    let f = a.file("second.md", &second);
    a.emend()
        .args(["update", DOC, "en-wilson", &f])
        .assert()
        .success();
    a.git(&["reset", "-q", "--soft", &before]);
    a.git(&["commit", "-q", "-m", "corrections to the scan"]);
    a.fsck();

    let (code, out, err) = a.run(&["status", DOC]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!(
            "approval lost (neither {} nor its text is on this branch)",
            &approved_commit[..7]
        )),
        "{out}"
    );
    assert!(
        err.contains("warning: the latest approval of en-wilson in telegram-1945-11-11")
            && err.contains(&approved_commit[..7])
            && err.contains("emend approve telegram-1945-11-11 en-wilson"),
        "{err}"
    );
    assert_eq!(
        err.lines().count(),
        1,
        "one warning, for en-wilson only: {err}"
    );
    assert_eq!(a.approved("en-wilson")["found"], "lost");
    assert_eq!(a.approved("en-wilson")["commit"], Value::Null);
    assert_eq!(a.approved("en-corrected")["found"], "recorded");
    // The whole store's status still works.
    let (code, _, _) = a.run(&["status"]);
    assert_eq!(code, 0);

    // export --approved and @approved fail for en-wilson alone, with what to do.
    let (code, out, err) = a.run(&["export", DOC, "en-wilson", "--approved"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("is on the current branch") && err.contains("emend approve"),
        "{err}"
    );
    let (code, _, _) = a.run(&["diff", DOC, "en-wilson@approved", "en-wilson"]);
    assert_eq!(code, 2);
    let (code, out, err) = a.run(&["export", DOC, "en-corrected", "--approved"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, telegram_text("en-corrected"));
    let (code, _, err) = a.run(&["diff", DOC, "en-corrected@approved", "en-corrected"]);
    assert_eq!(code, 0, "{err}");

    // Approving the current text again settles it.
    a.emend()
        .args(["approve", DOC, "en-wilson"])
        .assert()
        .success();
    assert_eq!(a.approved("en-wilson")["found"], "recorded");
    let (code, out, _) = a.run(&["export", DOC, "en-wilson", "--approved"]);
    assert_eq!((code, out), (0, second));
}

#[test]
fn stores_with_one_approvals_file_still_read_and_it_is_never_written_again() {
    let (_root, a, _c) = team();
    // An approval as older emend wrote it: one array, no blob id.
    let head = a.git(&[
        "log",
        "-1",
        "--format=%H",
        "--",
        &format!("translations/{DOC}/en-wilson.md"),
    ]);
    let old = format!(
        "{{\n  \"approvals\": [\n    {{\n      \"version\": \"en-wilson\",\n      \"commit\": \"{}\",\n      \"approver\": \"Boris Editor <boris@example.org>\",\n      \"date\": \"2026-11-27T23:40:00+00:00\",\n      \"note\": \"as published\"\n    }}\n  ]\n}}\n",
        head.trim()
    );
    let old_path = format!("translations/{DOC}/approvals.json");
    fs::write(a.path.join(&old_path), &old).unwrap();
    a.git(&["add", &old_path]);
    a.git(&["commit", "-q", "-m", "approve en-wilson (older emend)"]);

    let approved = a.approved("en-wilson");
    assert_eq!(approved["found"], "recorded", "{approved}");
    assert_eq!(approved["record"], old_path.as_str());
    assert_eq!(approved["note"], "as published");
    let blob = a.git(&[
        "rev-parse",
        &format!("{}:translations/{DOC}/en-wilson.md", head.trim()),
    ]);
    assert_eq!(approved["blob"], blob.trim());
    let (code, out, _) = a.run(&["export", DOC, "en-wilson", "--approved"]);
    assert_eq!((code, out), (0, telegram_text("en-wilson")));
    let (code, _, err) = a.run(&["approve", DOC, "en-wilson"]);
    assert_eq!(code, 2);
    assert!(err.contains("approved already"), "{err}");

    // A new revision approved: a new record file; the old file is left as it was.
    let fixed = telegram_text("en-wilson").replace("in lapan.", "in Japan.");
    a.update_and_approve(&fixed);
    assert_eq!(a.git(&["show", &format!("HEAD:{old_path}")]), old);
    assert_eq!(a.records().len(), 1);
    let approved = a.approved("en-wilson");
    assert_ne!(approved["record"], old_path.as_str());
    let (code, out, _) = a.run(&["export", DOC, "en-wilson", "--approved"]);
    assert_eq!((code, out), (0, fixed));
    // What changed since the old approval is still there to see.
    let changed = a.git(&["log", "--format=%H", "--", &old_path]);
    assert_eq!(
        changed.lines().count(),
        1,
        "approvals.json was never written again"
    );
}

#[test]
fn an_approval_of_older_text_made_with_a_clock_behind_is_not_the_latest() {
    let (_root, a, c) = team();
    a.emend()
        .args(["approve", DOC, "en-wilson", "-m", "as published"])
        .assert()
        .success();
    a.git(&["push", "-q", "origin", "main"]);
    c.git(&["pull", "-q", "--no-rebase", "origin", "main"]);
    // Carl corrects and approves the correction, on a machine whose clock is a day behind.
    let fixed = telegram_text("en-wilson").replace("in lapan.", "in Japan.");
    let f = c.file("fixed.md", &fixed);
    let behind = a.clock.get() - 86_400;
    c.emend_at(Some(behind))
        .args(["update", DOC, "en-wilson", &f])
        .assert()
        .success();
    c.emend_at(Some(behind + 60))
        .args(["approve", DOC, "en-wilson", "-m", "corrected"])
        .assert()
        .success();
    let approved = c.approved("en-wilson");
    assert_eq!(approved["note"], "corrected", "{approved}");
    let (code, out, _) = c.run(&["export", DOC, "en-wilson", "--approved"]);
    assert_eq!((code, out), (0, fixed));
}
