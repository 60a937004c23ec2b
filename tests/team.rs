//! A team across clones: three people, each with a clone of one bare remote and their own git
//! identity, share proposals, reviews and approvals with `emend sync` and nothing else. Setting
//! up the remote and the clones is git's (`git init --bare`, `git clone`, `git remote add`);
//! everything after is emend's. Each step checks the files in the store and `git fsck`.

mod common;

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use assert_cmd::Command;
use common::{emend, stderr_of, stdout_of, telegram_text};

const DOC: &str = "telegram-1945-11-11";

/// One person's clone.
struct Clone {
    path: PathBuf,
    home: PathBuf,
    clock: Rc<Cell<i64>>,
}

impl Clone {
    /// `emend` in this clone, as its person, at the team's next minute.
    fn emend(&self) -> Command {
        let t = self.clock.get() + 60;
        self.clock.set(t);
        let mut cmd = emend(&self.path);
        cmd.env("HOME", &self.home)
            .env("GIT_CONFIG_GLOBAL", self.home.join("gitconfig"))
            .env("GIT_COMMITTER_DATE", format!("{t} +0000"))
            .env("GIT_AUTHOR_DATE", format!("{t} +0000"));
        cmd
    }

    /// `emend update` of the telegram's en-wilson with `text`.
    fn update(&self, text: &str) {
        let f = self.file("update.md", text);
        self.run(&["update", DOC, "en-wilson", &f]);
    }

    /// `git merge origin/main`, which is meant to stop on a conflict.
    fn git_merge_conflicting(&self) {
        let out = std::process::Command::new("git")
            .args(["merge", "origin/main"])
            .current_dir(&self.path)
            .env("HOME", &self.home)
            .env("GIT_CONFIG_GLOBAL", self.home.join("gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .expect("git runs");
        assert!(!out.status.success(), "the merge was meant to conflict");
        assert!(self.path.join(".git/MERGE_HEAD").exists());
    }

    fn run(&self, args: &[&str]) -> String {
        stdout_of(self.emend().args(args))
    }

    fn sync(&self) -> String {
        self.run(&["sync"])
    }

    fn git(&self, args: &[&str]) -> String {
        git(&self.path, &self.home, args)
    }

    fn file(&self, name: &str, text: &str) -> String {
        let p = self.home.join(name);
        std::fs::write(&p, text).expect("write file");
        p.display().to_string()
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path.join(rel)).unwrap_or_default()
    }

    /// Local and remote-tracking branches, one per line.
    fn refs(&self) -> String {
        self.git(&[
            "for-each-ref",
            "--format=%(refname)",
            "refs/heads",
            "refs/remotes",
        ])
    }

    /// The work tree is clean, every file committed, and the repository whole.
    fn check(&self) {
        assert_eq!(
            self.git(&["status", "--porcelain"]),
            "",
            "{}",
            self.path.display()
        );
        fsck(&self.path, &self.home);
    }

    /// The review records of proposal `name`, as committed.
    fn records(&self, name: &str) -> Vec<serde_json::Value> {
        let dir = format!("translations/{DOC}/reviews/{name}/");
        self.git(&["ls-tree", "--name-only", "HEAD", &dir])
            .lines()
            .map(|p| serde_json::from_str(&self.git(&["show", &format!("HEAD:{p}")])).unwrap())
            .collect()
    }
}

fn git(dir: &Path, home: &Path, args: &[&str]) -> String {
    common::git_in(dir, home, args)
}

/// `git fsck --full` finds nothing worse than dangling objects.
fn fsck(dir: &Path, home: &Path) {
    let out = git(dir, home, &["fsck", "--full", "--no-progress"]);
    for line in out.lines() {
        assert!(
            line.starts_with("dangling "),
            "fsck in {}: {out}",
            dir.display()
        );
    }
}

/// A bare remote and three clones: Ada (the editor) made the store, Boris and Chen cloned it.
struct Team {
    dir: tempfile::TempDir,
    remote: PathBuf,
    a: Clone,
    b: Clone,
    c: Clone,
}

impl Team {
    /// Ada makes the store with the telegram as published and syncs it to a new bare remote
    /// (the first sync creates its branch); Boris and Chen clone it.
    fn new() -> Team {
        let dir = tempfile::tempdir().expect("temp dir");
        let clock = Rc::new(Cell::new(1_790_000_000));
        let person = |who: &str, name: &str, email: &str| {
            let home = dir.path().join(format!("home-{who}"));
            std::fs::create_dir_all(&home).unwrap();
            std::fs::write(
                home.join("gitconfig"),
                format!(
                    "[user]\n\tname = {name}\n\temail = {email}\n[init]\n\tdefaultBranch = main\n"
                ),
            )
            .unwrap();
            Clone {
                path: dir.path().join(who),
                home,
                clock: clock.clone(),
            }
        };
        let a = person("a", "Ada Editor", "ada@example.org");
        let b = person("b", "Boris Translator", "boris@example.org");
        let c = person("c", "Chen Reviewer", "chen@example.org");
        let remote = dir.path().join("remote.git");
        git(
            dir.path(),
            &a.home,
            &["init", "-q", "--bare", "-b", "main", "remote.git"],
        );

        stdout_of(a.emend().current_dir(dir.path()).args(["init", "a"]));
        let f = a.file("en-wilson.md", &telegram_text("en-wilson"));
        a.run(&["add", DOC, "en-wilson", &f, "--lang", "en"]);
        let f = a.file("en-corrected.md", &telegram_text("en-corrected"));
        a.run(&[
            "add",
            DOC,
            "en-second",
            &f,
            "--lang",
            "en",
            "--role",
            "draft",
        ]);
        a.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
        let out = a.sync();
        assert!(out.contains("main: origin has no branch main"), "{out}");
        assert!(out.contains("pushed main to origin/main"), "{out}");
        // Its HEAD names main: nothing to say about it.
        assert!(!out.contains("default branch"), "{out}");
        // The first sync makes origin the upstream, as `git push -u` does.
        assert_eq!(
            a.git(&["rev-parse", "--abbrev-ref", "main@{upstream}"])
                .trim(),
            "origin/main"
        );
        assert_eq!(
            git(&remote, &a.home, &["rev-parse", "main"]),
            a.git(&["rev-parse", "HEAD"])
        );
        fsck(&remote, &a.home);
        a.check();
        for who in [&b, &c] {
            git(
                dir.path(),
                &who.home,
                &[
                    "clone",
                    "-q",
                    remote.to_str().unwrap(),
                    who.path.to_str().unwrap(),
                ],
            );
            assert_eq!(
                who.read(&format!("translations/{DOC}/en-wilson.md")),
                telegram_text("en-wilson")
            );
            who.check();
        }
        Team {
            dir,
            remote,
            a,
            b,
            c,
        }
    }

    /// The remote's branches.
    fn remote_branches(&self) -> String {
        git(
            &self.remote,
            &self.a.home,
            &["for-each-ref", "--format=%(refname)", "refs/heads"],
        )
    }

    fn check_all(&self) {
        fsck(&self.remote, &self.a.home);
        for who in [&self.a, &self.b, &self.c] {
            who.check();
        }
    }

    /// Boris proposes the corrected draft as `fix-scan` and syncs it.
    fn boris_proposes(&self) {
        let f = self.b.file("fix.md", &telegram_text("en-corrected"));
        let out = self.b.run(&[
            "propose",
            DOC,
            "en-wilson",
            &f,
            "--name",
            "fix-scan",
            "-m",
            "scanning errors",
        ]);
        assert!(out.contains("`emend sync` shares it"), "{out}");
        let out = self.b.sync();
        assert!(out.contains("pushed proposal fix-scan"), "{out}");
        assert!(
            self.remote_branches()
                .contains("refs/heads/proposals/fix-scan")
        );
        let _ = &self.dir;
    }
}

#[test]
fn a_proposal_goes_from_b_to_a_and_its_review_back_to_b_and_c() {
    let t = Team::new();
    t.boris_proposes();
    // Chen fetches it too (a remote-tracking copy, no branch of his own).
    t.c.sync();
    assert!(
        t.c.refs()
            .contains("refs/remotes/origin/proposals/fix-scan")
    );
    t.check_all();

    // Ada lists and reviews it with emend alone: no branch to create. A
    // script reads the same from the JSON.
    let json: serde_json::Value =
        serde_json::from_str(&t.a.run(&["sync", "--dry-run", "--format", "json"])).unwrap();
    assert_eq!(json["incoming"][0]["name"], "fix-scan", "{json}");
    assert_eq!(json["incoming"][0]["author"], "Boris Translator", "{json}");
    assert_eq!(json["integrated"]["how"], "up-to-date", "{json}");
    assert_eq!(json["remote"]["name"], "origin", "{json}");
    assert_eq!(json["dry_run"], true, "{json}");
    let out = t.a.sync();
    assert!(
        out.contains("waiting for review: proposal fix-scan by Boris Translator (en-wilson in telegram-1945-11-11): emend review fix-scan"),
        "{out}"
    );
    let list = t.a.run(&["proposals"]);
    assert!(
        list.contains("fix-scan  telegram-1945-11-11/en-wilson  Boris Translator"),
        "{list}"
    );
    assert!(
        list.contains("in origin  5 rows changed: 5 undecided"),
        "{list}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&t.a.run(&["proposals", "--format", "json"])).unwrap();
    let p = &json["proposals"][0];
    assert_eq!(p["copies"][0]["where"], "origin");
    assert_eq!(p["copies"][0]["head"], p["head"]);
    assert_eq!(p["local_behind"], false);
    // Named as git shows its branch, it is the same proposal.
    let listed = t.a.run(&["review", "origin/proposals/fix-scan", "--list"]);
    assert!(listed.contains("5 rows to decide"), "{listed}");
    let out = t.a.run(&["review", "fix-scan", "--accept", "all"]);
    assert!(out.contains("proposal fix-scan is closed"), "{out}");
    assert_eq!(
        t.a.read(&format!("translations/{DOC}/en-wilson.md")),
        telegram_text("en-corrected")
    );
    assert!(
        !t.a.refs().contains("refs/heads/proposals"),
        "{}",
        t.a.refs()
    );
    t.a.check();
    // Its review is not yet shared: Ada's sync pushes it and deletes the closed branch there.
    let dry = t.a.run(&["sync", "--dry-run"]);
    assert!(dry.contains("would push main to origin/main"), "{dry}");
    assert!(
        dry.contains("would delete on origin the branch of closed proposal fix-scan"),
        "{dry}"
    );
    assert!(
        t.remote_branches().contains("proposals/fix-scan"),
        "a dry run changed the remote"
    );
    let out = t.a.sync();
    assert!(
        out.contains("deleted on origin the branch of closed proposal fix-scan"),
        "{out}"
    );
    assert!(
        !t.remote_branches().contains("proposals"),
        "{}",
        t.remote_branches()
    );
    assert!(!t.a.refs().contains("proposals"), "{}", t.a.refs());
    t.check_all();

    // Boris and Chen see the review and the branch gone; a dry run says so first.
    let before = t.b.refs();
    let json: serde_json::Value =
        serde_json::from_str(&t.b.run(&["sync", "--dry-run", "--format", "json"])).unwrap();
    assert_eq!(json["integrated"]["how"], "fast-forward", "{json}");
    assert_eq!(
        json["integrated"]["to"].as_str().unwrap(),
        t.a.git(&["rev-parse", "HEAD"]).trim(),
        "{json}"
    );
    assert_eq!(json["deleted_local"][0], "fix-scan", "{json}");
    assert_eq!(json["pushed_branch"], false, "{json}");
    let dry = t.b.run(&["sync", "--dry-run"]);
    assert!(dry.contains("main: would fast-forward to"), "{dry}");
    assert!(
        dry.contains("would delete in this clone the branch of closed proposal fix-scan"),
        "{dry}"
    );
    assert!(!dry.contains("would push"), "{dry}");
    assert!(
        t.b.refs().contains("refs/heads/proposals/fix-scan"),
        "{before}"
    );
    let out = t.b.sync();
    assert!(out.contains("main: fast-forwarded to"), "{out}");
    assert!(
        out.contains("deleted in this clone the branch of closed proposal fix-scan"),
        "{out}"
    );
    let out = t.c.sync();
    assert!(out.contains("main: fast-forwarded to"), "{out}");
    for who in [&t.b, &t.c] {
        assert_eq!(
            who.read(&format!("translations/{DOC}/en-wilson.md")),
            telegram_text("en-corrected")
        );
        let records = who.records("fix-scan");
        assert_eq!(records.len(), 1);
        assert_eq!(records[0]["reviewer"], "Ada Editor <ada@example.org>");
        assert_eq!(records[0]["closed"], true);
        assert!(!who.refs().contains("proposals"), "{}", who.refs());
        assert_eq!(who.run(&["proposals"]), "no open proposals\n");
        let out = stderr_of(
            who.emend().args(["review", "fix-scan", "--accept", "all"]),
            2,
        );
        assert!(out.contains("proposal fix-scan is closed"), "{out}");
    }
    // Nothing left to do: a second sync changes nothing.
    let out = t.b.sync();
    assert!(
        out.contains("main: has everything origin/main has"),
        "{out}"
    );
    assert!(!out.contains("pushed"), "{out}");
    t.check_all();
}

#[test]
fn a_proposal_revised_after_a_partial_review_is_reviewed_again_only_on_what_changed() {
    let t = Team::new();
    t.boris_proposes();
    t.a.sync();
    t.a.run(&["review", "fix-scan", "--accept", "citation¶1,citation¶2"]);
    t.a.sync();
    t.check_all();

    // Chen revises Boris's proposal from his clone: it continues the copy on the remote.
    t.c.sync();
    let revised = telegram_text("en-corrected").replace(
        "digitalarchive.wilsoncenter.org/document/208912",
        "digitalarchive.wilsoncenter.org/document/208912?lang=en",
    );
    let f = t.c.file("revised.md", &revised);
    t.c.run(&["propose", DOC, "en-wilson", &f, "--name", "fix-scan"]);
    assert_eq!(
        t.c.git(&["rev-parse", "proposals/fix-scan~1"]),
        t.c.git(&["rev-parse", "origin/proposals/fix-scan"]),
        "the revision is not on top of the proposal"
    );
    let out = t.c.sync();
    assert!(out.contains("pushed proposal fix-scan"), "{out}");
    t.check_all();

    // Boris's own branch is now behind the remote's: listed so, and not pushed back.
    let out = t.b.sync();
    assert!(!out.contains("pushed proposal"), "{out}");
    let list = t.b.run(&["proposals"]);
    assert!(
        list.contains("in local+origin (local copy behind)"),
        "{list}"
    );
    assert!(list.contains("revised since the review of"), "{list}");

    // Ada reviews the newest tip, and only what changed since her review.
    t.a.sync();
    let list = t.a.run(&["review", "fix-scan", "--list"]);
    assert!(
        list.contains("4 rows to decide (1 decided in earlier reviews)"),
        "{list}"
    );
    assert!(list.contains("citation¶2"), "{list}");
    assert!(!list.contains("citation¶1 "), "{list}");
    assert!(list.contains("?lang=en"), "{list}");
    let out = t.a.run(&[
        "review",
        "fix-scan",
        "--reject",
        "citation¶2",
        "--reason",
        "the archive's link takes no language",
        "--accept",
        "all",
    ]);
    assert!(out.contains("proposal fix-scan is closed"), "{out}");
    let records = t.a.records("fix-scan");
    assert_eq!(records.len(), 2);
    let tip = t.a.git(&["rev-parse", "origin/proposals/fix-scan"]);
    assert_eq!(records[1]["head"], tip.trim());
    t.a.sync();
    assert!(!t.remote_branches().contains("proposals"));
    // Boris's branch, behind the reviewed tip, goes too.
    let out = t.b.sync();
    assert!(
        out.contains("deleted in this clone the branch of closed proposal fix-scan"),
        "{out}"
    );
    t.c.sync();
    for who in [&t.a, &t.b, &t.c] {
        let text = who.read(&format!("translations/{DOC}/en-wilson.md"));
        assert!(
            text.contains("in Japan.") && !text.contains("?lang=en"),
            "{text}"
        );
        assert!(!who.refs().contains("proposals"), "{}", who.refs());
    }
    t.check_all();
}

#[test]
fn versions_added_in_two_clones_at_once_both_arrive_and_one_field_set_twice_conflicts() {
    let t = Team::new();
    let json = format!("translations/{DOC}/document.json");
    // Boris and Chen each start a draft of their own: both append to document.json's versions.
    for (who, id, lang, text) in [
        (&t.b, "en-boris", "en", "en-corrected"),
        (&t.c, "en-chen", "en-GB", "en-wilson"),
    ] {
        let f = who.file(&format!("{id}.md"), &telegram_text(text));
        let from = ["--role", "draft", "--from", "en-wilson"];
        who.run(&[&["add", DOC, id, &f, "--lang", lang][..], &from].concat());
    }
    t.b.sync();
    let out = t.c.sync();
    assert!(
        out.contains("main: origin/main (1 commit) merged in"),
        "{out}"
    );
    t.b.sync();
    for who in [&t.b, &t.c] {
        let listed = who.run(&["list", DOC]);
        for v in ["en-wilson", "en-second", "en-boris", "en-chen"] {
            assert!(listed.contains(&format!("  {v} ")), "{v}: {listed}");
        }
        assert_eq!(who.read(&json), t.c.read(&json));
    }
    // Fields of one version set in two clones: taken from each side.
    t.b.run(&["set", DOC, "en-chen", "--translator", "Chen"]);
    t.c.run(&["set", DOC, "en-boris", "--note", "Boris's first pass"]);
    t.b.sync();
    t.c.sync();
    let meta: serde_json::Value = serde_json::from_str(&t.c.read(&json)).unwrap();
    let version = |id: &str| {
        meta["versions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(version("en-chen")["translator"], "Chen");
    assert_eq!(version("en-boris")["note"], "Boris's first pass");
    t.b.sync();
    // One field set differently in both: a conflict, named, and nothing done.
    t.b.run(&["set", DOC, "--title", "Telegram, 11 November 1945"]);
    t.b.sync();
    t.c.run(&["set", DOC, "--title", "Stalin to Molotov"]);
    let before = t.c.git(&["rev-parse", "HEAD"]);
    let err = stderr_of(t.c.emend().arg("sync"), 2);
    assert!(err.contains(&json), "{err}");
    assert!(
        err.contains("so they do not merge; nothing was changed"),
        "{err}"
    );
    assert_eq!(t.c.git(&["rev-parse", "HEAD"]), before);
    t.check_all();
}

#[test]
fn changes_in_two_clones_merge_and_a_conflict_stops_with_nothing_done() {
    let t = Team::new();
    let path = format!("translations/{DOC}/en-wilson.md");
    let wilson = telegram_text("en-wilson");
    // Different paragraphs: the second to sync merges.
    t.a.update(&wilson.replace("in lapan.", "in Japan."));
    t.c.update(&wilson.replace("via VcH from", "via VCh from"));
    t.a.sync();
    let out = t.c.sync();
    assert!(
        out.contains("main: origin/main (1 commit) merged in"),
        "{out}"
    );
    assert!(out.contains("pushed main to origin/main"), "{out}");
    let parents = t.c.git(&["log", "-1", "--format=%P"]);
    assert_eq!(parents.split_whitespace().count(), 2, "{parents}");
    let merged = t.c.read(&path);
    assert!(
        merged.contains("in Japan.") && merged.contains("via VCh from"),
        "{merged}"
    );
    t.a.sync();
    assert_eq!(t.a.read(&path), merged);
    t.check_all();

    // The same paragraph in two clones: Chen's sync stops, naming the document, and changes nothing.
    let now = t.a.read(&path);
    t.a.update(&now.replace("in Japan.", "in Japan proper."));
    t.a.sync();
    t.c.update(&now.replace("in Japan.", "in Japan itself."));
    let before = t.c.git(&["rev-parse", "HEAD"]);
    let err = stderr_of(t.c.emend().arg("sync"), 2);
    assert!(
        err.contains("origin/main and main both changed the same part of telegram-1945-11-11 en-wilson (translations/telegram-1945-11-11/en-wilson.md), so they do not merge; nothing was changed"),
        "{err}"
    );
    assert!(
        err.contains(
            "compare with `emend diff telegram-1945-11-11 en-wilson en-wilson@origin/main`"
        ),
        "{err}"
    );
    assert_eq!(t.c.git(&["rev-parse", "HEAD"]), before);
    assert!(t.c.read(&path).contains("in Japan itself."));
    assert!(!t.c.path.join(".git/MERGE_HEAD").exists());
    t.check_all();

    // A merge left unfinished in git: sync refuses, naming it.
    t.c.git_merge_conflicting();
    let err = stderr_of(t.c.emend().arg("sync"), 2);
    assert!(err.contains("a git merge is in progress"), "{err}");
    assert!(err.contains("`git merge --abort`"), "{err}");
    t.c.git(&["merge", "--abort"]);
    t.c.check();
}

#[test]
fn a_missing_remote_and_an_unreachable_one_are_named() {
    let t = Team::new();
    let err = stderr_of(t.b.emend().args(["sync", "upstream"]), 2);
    assert!(
        err.contains("no remote named \"upstream\" in this repository (its remotes: origin)"),
        "{err}"
    );
    assert!(err.contains("git remote add upstream URL"), "{err}");
    // A remote given as a relative path is taken from the top of the work tree, as git
    // takes it, wherever emend runs.
    t.b.git(&["remote", "set-url", "origin", "../remote.git"]);
    let out = stdout_of(
        t.b.emend()
            .arg("sync")
            .current_dir(t.b.path.join("translations")),
    );
    assert!(out.contains("fetched origin (../remote.git)"), "{out}");
    t.b.git(&[
        "remote",
        "set-url",
        "origin",
        t.dir.path().join("gone.git").to_str().unwrap(),
    ]);
    let err = stderr_of(t.b.emend().arg("sync"), 2);
    assert!(
        err.contains("could not fetch from remote origin ("),
        "{err}"
    );
    assert!(err.contains("gone.git"), "{err}");
    // ssh and https remotes are spoken (git2 is built with both): a closed port is a
    // connection failure that names the remote, not an unsupported protocol.
    #[cfg(feature = "network")]
    for url in [
        "ssh://git@127.0.0.1:9/team.git",
        "https://127.0.0.1:9/team.git",
    ] {
        t.b.git(&["remote", "set-url", "origin", url]);
        let err = stderr_of(t.b.emend().arg("sync"), 2);
        assert!(
            err.contains(&format!("could not fetch from remote origin ({url}): ")),
            "{err}"
        );
        assert!(!err.contains("unsupported URL protocol"), "{err}");
    }
    t.b.check();
}

/// Approvals are kept one file each (issue 14, records that cannot conflict): with
/// `approvals.json` as one array, the two approvals would conflict on it and sync would stop.
#[test]
fn approvals_made_at_once_in_two_clones_both_arrive_without_conflict() {
    let t = Team::new();
    t.a.run(&["approve", DOC, "en-wilson"]);
    t.c.run(&["approve", DOC, "en-second"]);
    t.a.sync();
    let out = t.c.sync();
    assert!(out.contains("merged in"), "{out}");
    t.a.sync();
    for who in [&t.a, &t.c] {
        let status = who.run(&["status", DOC]);
        assert!(!status.contains("not approved"), "{status}");
        for v in ["en-wilson", "en-second"] {
            let text = who.run(&["export", DOC, v, "--approved"]);
            assert!(!text.is_empty());
        }
    }
    t.check_all();
}

/// Writes are refused during an unfinished merge (issue 14, item 4).
#[test]
fn a_write_is_refused_during_an_unfinished_merge() {
    let t = Team::new();
    let wilson = telegram_text("en-wilson");
    t.a.update(&wilson.replace("in lapan.", "in Japan proper."));
    t.a.sync();
    t.c.update(&wilson.replace("in lapan.", "in Japan itself."));
    stderr_of(t.c.emend().arg("sync"), 2);
    t.c.git_merge_conflicting();
    let before = t.c.git(&["rev-parse", "HEAD"]);
    let f = t.c.file("c2.md", &wilson.replace("via VcH", "via VCh"));
    let err = stderr_of(t.c.emend().args(["update", DOC, "en-second", &f]), 2);
    assert!(err.contains("merge"), "{err}");
    assert_eq!(t.c.git(&["rev-parse", "HEAD"]), before);
    assert!(t.c.path.join(".git/MERGE_HEAD").exists());
}

/// log and blame follow every parent of a merge (issue 17).
#[test]
fn blame_after_a_merge_credits_each_clone_s_author() {
    let t = Team::new();
    let wilson = telegram_text("en-wilson");
    t.a.update(&wilson.replace("in lapan.", "in Japan."));
    t.c.update(&wilson.replace("via VcH from", "via VCh from"));
    t.a.sync();
    t.c.sync();
    let blame: serde_json::Value =
        serde_json::from_str(&t.c.run(&["blame", DOC, "en-wilson", "--format", "json"])).unwrap();
    let by_key = |key: &str| {
        blame["segments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == key)
            .map(|s| s["author"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(by_key("2¶6"), "Ada Editor");
    assert_eq!(by_key("november-11-1945-telegram-via"), "Chen Reviewer");
}

#[test]
fn a_proposal_revised_in_a_clone_that_had_not_seen_it_closed_comes_back_open() {
    let t = Team::new();
    t.boris_proposes();
    t.a.sync();
    t.a.run(&["review", "fix-scan", "--accept", "all"]);
    t.a.sync();
    assert!(!t.remote_branches().contains("proposals"));
    // Boris revises before he syncs: his revision is news, not a closed proposal.
    let revised = telegram_text("en-corrected").replace("Cde. Molotov", "Comrade Molotov");
    let f = t.b.file("revised.md", &revised);
    t.b.run(&["propose", DOC, "en-wilson", &f, "--name", "fix-scan"]);
    let out = t.b.sync();
    assert!(out.contains("main: fast-forwarded to"), "{out}");
    assert!(out.contains("pushed proposal fix-scan"), "{out}");
    assert!(!out.contains("deleted"), "{out}");
    assert!(t.remote_branches().contains("proposals/fix-scan"));
    let out = t.a.sync();
    assert!(
        out.contains("waiting for review: proposal fix-scan"),
        "{out}"
    );
    let list = t.a.run(&["proposals"]);
    assert!(list.contains("revised since the review of"), "{list}");
    let list = t.a.run(&["review", "fix-scan", "--list"]);
    assert!(
        list.contains("2 rows to decide (3 decided in earlier reviews)"),
        "{list}"
    );
    assert!(list.contains("{+Comrade+} Molotov"), "{list}");
    assert!(
        !list.contains("lapan"),
        "decided rows are asked again: {list}"
    );
    t.check_all();
}

#[test]
fn uncommitted_edits_in_the_way_stop_a_sync_before_it_changes_anything() {
    let t = Team::new();
    let path = format!("translations/{DOC}/en-wilson.md");
    let wilson = telegram_text("en-wilson");
    t.a.update(&wilson.replace("in lapan.", "in Japan."));
    t.a.sync();
    // Chen is editing the file by hand, uncommitted.
    let mine = wilson.replace("via VcH from", "via VCh from");
    std::fs::write(t.c.path.join(&path), &mine).unwrap();
    let before = t.c.git(&["rev-parse", "HEAD"]);
    let err = stderr_of(t.c.emend().arg("sync"), 2);
    assert!(
        err.contains(&format!(
            "{path} has uncommitted changes that the sync would overwrite; nothing was changed"
        )) && err.contains("git stash"),
        "{err}"
    );
    assert_eq!(t.c.git(&["rev-parse", "HEAD"]), before);
    assert_eq!(t.c.read(&path), mine);
    fsck(&t.c.path, &t.c.home);
    // Committed, it merges.
    t.c.run(&["update", DOC, "en-wilson", &path]);
    let out = t.c.sync();
    assert!(out.contains("merged in"), "{out}");
    let text = t.c.read(&path);
    assert!(
        text.contains("in Japan.") && text.contains("via VCh from"),
        "{text}"
    );
    t.check_all();
}

#[test]
fn a_proposal_revised_in_two_clones_at_once_is_held_back_and_said_so() {
    let t = Team::new();
    t.boris_proposes();
    t.c.sync();
    let corrected = telegram_text("en-corrected");
    let f = t.c.file(
        "c.md",
        &corrected.replace("Cde. Molotov", "Comrade Molotov"),
    );
    t.c.run(&["propose", DOC, "en-wilson", &f, "--name", "fix-scan"]);
    t.c.sync();
    // Boris revises his own copy before he has seen Chen's.
    let f =
        t.b.file("b.md", &corrected.replace("in Japan.", "in Japan itself."));
    t.b.run(&["propose", DOC, "en-wilson", &f, "--name", "fix-scan"]);
    let chens = git(&t.remote, &t.a.home, &["rev-parse", "proposals/fix-scan"]);
    let out = t.b.sync();
    assert!(
        out.contains(
            "not pushed: proposal fix-scan: it was revised both here and on origin; the newest by date is reviewed"
        ),
        "{out}"
    );
    assert_eq!(
        git(&t.remote, &t.a.home, &["rev-parse", "proposals/fix-scan"]),
        chens,
        "Chen's revision was overwritten"
    );
    let list = t.b.run(&["proposals"]);
    assert!(
        list.contains("in local+origin (copies diverged; newest shown)"),
        "{list}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&t.b.run(&["proposals", "--format", "json"])).unwrap();
    assert_eq!(json["proposals"][0]["diverged"], true);
    // Boris's revision is the later one: it is what a review here would see.
    let list = t.b.run(&["review", "fix-scan", "--list"]);
    assert!(list.contains("itself"), "{list}");
    // The sync said how to keep it as a proposal of its own; done as said (in Boris's
    // store), it reaches the remote beside Chen's.
    let advice = out
        .lines()
        .find_map(|l| {
            l.strip_prefix("to keep this clone's copy of fix-scan as a proposal of its own: ")
        })
        .unwrap_or_else(|| panic!("no advice: {out}"));
    let (export, propose) = advice.split_once(" | ").expect("a pipe of two commands");
    let args = |command: &str| -> Vec<String> {
        command
            .split_whitespace()
            .skip(1)
            .map(str::to_string)
            .collect()
    };
    let text = stdout_of(t.b.emend().args(args(export)));
    t.b.emend()
        .args(args(propose))
        .write_stdin(text)
        .assert()
        .success();
    let out = t.b.sync();
    assert!(out.contains("pushed proposal fix-scan-2"), "{out}");
    let theirs = git(
        &t.remote,
        &t.a.home,
        &[
            "show",
            &format!("proposals/fix-scan-2:translations/{DOC}/en-wilson.md"),
        ],
    );
    assert!(theirs.contains("in Japan itself."), "{theirs}");
    t.check_all();
}

#[test]
fn a_remote_whose_head_names_another_branch_is_said_with_the_command_that_mends_it() {
    // `git init --bare` makes HEAD name `master` (git's default); the store's branch is
    // `main`, so a clone of the remote after the first sync would check out nothing.
    let s = common::TestStore::new();
    let f = s.file("en-wilson.md", &telegram_text("en-wilson"));
    s.emend()
        .args(["add", DOC, "en-wilson", &f, "--lang", "en"])
        .assert()
        .success();
    let remote = s.dir.path().join("remote.git");
    common::git_in(
        s.dir.path(),
        s.dir.path(),
        &["init", "-q", "--bare", "-b", "master", "remote.git"],
    );
    s.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
    let out = stdout_of(s.emend().args(["sync"]));
    assert!(out.contains("note: origin ("), "{out}");
    assert!(out.contains("has no default branch (its HEAD names a branch it does not have), so a `git clone` of it checks out nothing"), "{out}");
    let command = out
        .split("make main its default with `")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(
        command,
        format!(
            "git -C '{}' symbolic-ref HEAD refs/heads/main",
            remote.display()
        )
    );
    let clone_as = |name: &str| {
        let to = s.dir.path().join(name);
        let (from, into) = (remote.to_str().unwrap(), to.to_str().unwrap());
        common::git_in(s.dir.path(), s.dir.path(), &["clone", "-q", from, into]);
        to
    };
    // A clone made before it is mended has nothing checked out; emend says what to run.
    let early = clone_as("early");
    let err = stderr_of(common::emend(&early).args(["list"]), 2);
    assert!(
        err.contains("this git clone has checked out no branch, and origin/main holds a store: check it out with `git checkout main`"),
        "{err}"
    );
    common::git_in(&early, s.dir.path(), &["checkout", "-q", "main"]);
    let listed = stdout_of(common::emend(&early).args(["list"]));
    assert!(listed.starts_with(DOC), "{listed}");
    // The command, run as printed by a shell, mends it: a clone now checks out the store.
    let ran = std::process::Command::new("sh")
        .args(["-c", command])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .unwrap();
    assert!(ran.success(), "{command}");
    let clone = clone_as("clone");
    assert_eq!(
        std::fs::read_to_string(clone.join(format!("translations/{DOC}/en-wilson.md"))).unwrap(),
        telegram_text("en-wilson")
    );
    // The second sync has nothing to say about it.
    let out = stdout_of(s.emend().args(["sync"]));
    assert!(!out.contains("default branch"), "{out}");
}

/// One proposal reviewed in two clones, each editor before the other's review
/// was synced: where they decided a row differently, the sync that joins them
/// says so; rows decided alike are not mentioned.
#[test]
fn a_proposal_reviewed_in_two_clones_at_once_is_named_where_they_decided_differently() {
    let t = Team::new();
    t.boris_proposes();
    t.a.sync();
    t.c.sync();
    t.c.run(&["review", "fix-scan", "--reject", "all"]);
    t.a.run(&[
        "review",
        "fix-scan",
        "--accept",
        "november-11-1945-telegram-via",
        "--reject",
        "citation¶1,citation¶2,2¶3 + 2¶4 → 2¶3,2¶6 → 2¶5",
    ]);
    t.c.sync();
    let dry = common::json_of(t.a.emend().args(["sync", "--dry-run", "--format", "json"]));
    assert_eq!(
        dry["disagreed"],
        serde_json::json!([{
            "document": DOC,
            "merged_in": null,
            "version": "en-wilson",
            "proposal": "fix-scan",
            "rows": [{
                "row": "november-11-1945-telegram-via",
                "ours": {"decision": "accepted", "reviewer": "Ada Editor"},
                "theirs": {"decision": "rejected", "reviewer": "Chen Reviewer"},
            }],
        }])
    );
    let out = t.a.sync();
    assert!(out.contains("merged in"), "{out}");
    assert!(
        out.contains("note: proposal fix-scan (en-wilson in telegram-1945-11-11) was reviewed both here and on origin, each review before the other was synced, and they decided 1 row differently: november-11-1945-telegram-via accepted by Ada Editor here, rejected by Chen Reviewer on origin; the merge keeps the text either review wrote\nto settle a row decided differently: propose its text again, or change it with `emend update`\n"),
        "{out}"
    );
    // The merge kept Ada's accepted heading; both records are there.
    let text = t.a.read(&format!("translations/{DOC}/en-wilson.md"));
    assert!(text.contains("Telegram via VCh from Stalin"), "{text}");
    assert_eq!(t.a.records("fix-scan").len(), 2);
    // Once joined, the next sync has nothing to say about it.
    let out = t.a.sync();
    assert!(!out.contains("note:"), "{out}");
    // Chen, whose rejection did not stand, hears of it with the merge.
    let merge = t.a.git(&["rev-parse", "--short=7", "HEAD"]);
    let out = t.c.sync();
    assert!(out.contains("fast-forwarded"), "{out}");
    assert!(
        out.contains(&format!("note: proposal fix-scan (en-wilson in telegram-1945-11-11) was reviewed in two clones at once, joined by merge {} from origin, and they decided 1 row differently: november-11-1945-telegram-via accepted by Ada Editor, rejected by Chen Reviewer; the merge kept the text either review wrote", merge.trim())),
        "{out}"
    );
    t.check_all();
}

/// Two reviews of one proposal that wrote different texts of a paragraph do
/// not merge; the sync's error says they are why.
#[test]
fn two_reviews_that_wrote_different_texts_stop_the_sync_and_are_named() {
    let t = Team::new();
    t.boris_proposes();
    t.a.sync();
    t.c.sync();
    t.c.run(&["review", "fix-scan", "--accept", "all"]);
    t.c.sync();
    let f = t.a.file(
        "heading.md",
        "November 11, 1945 Telegram via VCh (HF line) from Stalin to Cde. Molotov\n",
    );
    t.a.run(&[
        "review",
        "fix-scan",
        "--edit",
        &format!("november-11-1945-telegram-via={f}"),
        "--reject",
        "citation¶1,citation¶2,2¶3 + 2¶4 → 2¶3,2¶6 → 2¶5",
    ]);
    let head = t.a.git(&["rev-parse", "HEAD"]);
    let err = stderr_of(t.a.emend().arg("sync"), 2);
    assert!(
        err.contains("so they do not merge (proposal fix-scan was reviewed on both: november-11-1945-telegram-via edited by Ada Editor here, accepted by Chen Reviewer on origin/main; "),
        "{err}"
    );
    assert_eq!(t.a.git(&["rev-parse", "HEAD"]), head, "nothing changed");
}

/// Two translators confirm different stale segments of one draft at once, in two clones:
/// both records arrive without conflict, and both count after the sync.
#[test]
fn confirmations_made_at_once_in_two_clones_both_count() {
    let t = Team::new();
    t.a.run(&["set", DOC, "en-second", "--from", "en-wilson"]);
    // The published text changes two paragraphs the draft has as they were.
    let text =
        t.a.read(&format!("translations/{DOC}/en-wilson.md"))
            .replace("recommended being guided", "recommended to be guided")
            .replace(
                "more responsibility in Japanese affairs",
                "more of the responsibility in Japanese affairs",
            );
    t.a.update(&text);
    t.a.sync();
    t.c.sync();
    let stale = |who: &Clone| -> Vec<String> {
        let v: serde_json::Value =
            serde_json::from_str(&who.run(&["status", DOC, "en-second", "--format", "json"]))
                .unwrap();
        v["documents"][0]["versions"][0]["stale"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["key"].as_str().unwrap().to_string())
            .collect()
    };
    let keys = stale(&t.c);
    assert_eq!(keys.len(), 2, "{keys:?}");
    t.a.run(&["confirm", DOC, "en-second", &keys[0]]);
    t.c.run(&["confirm", DOC, "en-second", &keys[1]]);
    assert_eq!(stale(&t.a), [keys[1].clone()]);
    assert_eq!(stale(&t.c), [keys[0].clone()]);
    t.a.sync();
    let out = t.c.sync();
    assert!(out.contains("merged in"), "{out}");
    t.a.sync();
    for who in [&t.a, &t.c] {
        assert_eq!(stale(who), Vec::<String>::new());
        let records = std::fs::read_dir(who.path.join(format!("translations/{DOC}/confirmations")))
            .unwrap()
            .count();
        assert_eq!(records, 2);
    }
    t.check_all();
}
