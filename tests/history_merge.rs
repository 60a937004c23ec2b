//! `log`, `blame` and `status` after two clones of one store were merged with
//! `git merge`: a change made in the other clone is credited to the commit
//! (author, reviewer, proposer) that made it, never to the merge.

mod common;

use std::fs;
use std::path::Path;

use common::{TRANSLATOR, TestStore, json_of, udhr_store};
use serde_json::Value;

const ADA: &str = "Ada Translator";
const ADA_ID: &str = "Ada Translator <ada@example.org>";
const BORIS: &str = "Boris Reviewer <boris@example.org>";

/// A second clone of `a`'s store through a bare remote: `b`'s store is a `git
/// clone` of it, and its git identity is Boris. Returns the remote's path.
fn clone_through_remote(a: &TestStore, b: &TestStore) -> String {
    let remote = a.dir.path().join("remote.git").display().to_string();
    a.git(&["clone", "-q", "--bare", ".", &remote]);
    a.git(&["remote", "add", "origin", &remote]);
    a.git(&["fetch", "-q", "origin"]);
    a.git(&["branch", "-q", "--set-upstream-to", "origin/main"]);
    fs::remove_dir_all(&b.path).unwrap();
    b.git_in_dir(&["clone", "-q", &remote, "store"]);
    fs::write(
        b.dir.path().join("gitconfig"),
        "[user]\n\tname = Boris Reviewer\n\temail = boris@example.org\n[init]\n\tdefaultBranch = main\n",
    )
    .unwrap();
    remote
}

trait InDir {
    fn git_in_dir(&self, args: &[&str]) -> String;
}

impl InDir for TestStore {
    /// git in the folder that holds the store.
    fn git_in_dir(&self, args: &[&str]) -> String {
        common::git_in(self.dir.path(), self.dir.path(), args)
    }
}

/// Replaces `from` with `to` in version `v` of the UDHR in `s`'s work tree, and returns the file.
fn edit(s: &TestStore, v: &str, from: &str, to: &str) -> String {
    let path = s.store_file(&format!("translations/udhr/{v}.md"));
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path.display().to_string()
}

fn update(s: &TestStore, v: &str, message: &str, author: &str) {
    s.emend()
        .args(["update", "udhr", v, "-m", message, "--author", author])
        .assert()
        .success();
}

/// `edit` and `update`, by `author`; returns the commit made.
fn commit_edit(
    s: &TestStore,
    v: &str,
    (from, to): (&str, &str),
    message: &str,
    author: &str,
) -> String {
    edit(s, v, from, to);
    update(s, v, message, author);
    head(s)
}

fn head(s: &TestStore) -> String {
    s.git(&["rev-parse", "HEAD"]).trim().to_string()
}

/// `blame` as JSON: key to the segment's entry.
fn blame(s: &TestStore, v: &str) -> Vec<Value> {
    json_of(s.emend().args(["blame", "udhr", v, "--format", "json"]))["segments"]
        .as_array()
        .unwrap()
        .clone()
}

fn blamed<'a>(segments: &'a [Value], key: &str) -> &'a Value {
    segments
        .iter()
        .find(|x| x["key"] == key)
        .unwrap_or_else(|| panic!("no segment {key}"))
}

/// `log` as JSON: the commits listed, newest first, with the rows each changed.
fn log(s: &TestStore, v: &str, key: Option<&str>) -> Vec<(String, u64)> {
    let mut cmd = s.emend();
    cmd.args(["log", "udhr", v, "--format", "json"]);
    if let Some(k) = key {
        cmd.args(["--key", k]);
    }
    json_of(&mut cmd)["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["commit"].as_str().unwrap().to_string(),
                r["changed"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn fsck(s: &TestStore) {
    s.git(&["fsck", "--no-progress"]);
}

fn commits(log: &[(String, u64)]) -> Vec<&str> {
    log.iter().map(|(c, _)| c.as_str()).collect()
}

#[test]
fn a_review_made_in_another_clone_is_credited_to_its_reviewer_after_a_merge() {
    let a = udhr_store();
    // The commit that added the English original (the French came next).
    let added = a.git(&["rev-parse", "HEAD^"]).trim().to_string();
    let b = TestStore::new();
    clone_through_remote(&a, &b);

    // Clone B: a translator proposes a change to Article 5, Boris reviews it; pushed.
    let f = b.file(
        "en-5.md",
        &fs::read_to_string(common::sample("udhr", "en"))
            .unwrap()
            .replacen(
                "No one shall be subjected",
                "No one shall ever be subjected",
                1,
            ),
    );
    b.emend()
        .args(["propose", "udhr", "en", &f, "--name", "article-5"])
        .args(["-m", "ever", "--author", TRANSLATOR])
        .assert()
        .success();
    b.emend()
        .args(["review", "article-5", "--accept", "all", "--author", BORIS])
        .assert()
        .success();
    let reviewed = head(&b);
    b.git(&["push", "-q", "origin", "main"]);

    // Clone A, meanwhile and later in time: Ada changes Article 3 of the
    // original, then translates Article 5 anew without having seen B's change.
    let article_3 = commit_edit(
        &a,
        "en",
        (
            "the right to life, liberty",
            "the right to life, to liberty",
        ),
        "article 3",
        ADA_ID,
    );
    let french = commit_edit(
        &a,
        "fr",
        (
            "Nul ne sera soumis à la torture",
            "Nul ne sera jamais soumis à la torture",
        ),
        "article 5",
        ADA_ID,
    );

    // A pulls: a true merge, made by Ada.
    a.git(&["fetch", "-q", "origin"]);
    a.git(&["merge", "-q", "--no-edit", "origin/main"]);
    let merge = head(&a);
    assert_eq!(
        a.git(&["rev-list", "--parents", "-n1", "HEAD"])
            .split_whitespace()
            .count(),
        3
    );
    fsck(&a);

    let segments = blame(&a, "en");
    let five = blamed(&segments, "5¶1");
    assert_eq!(five["commit"], reviewed.as_str());
    assert_eq!(five["author"], "Boris Reviewer");
    assert_eq!(five["proposal"], "article-5");
    assert_eq!(five["proposer"], TRANSLATOR);
    assert_eq!(blamed(&segments, "3¶1")["commit"], article_3.as_str());
    assert_eq!(blamed(&segments, "3¶1")["author"], ADA);
    assert_eq!(blamed(&segments, "1¶1")["commit"], added.as_str());
    assert!(
        segments.iter().all(|x| x["commit"] != merge.as_str()),
        "nothing is blamed on the merge"
    );
    // The same from B after it pulls the merge (a fast-forward).
    b.git(&[
        "pull",
        "-q",
        "--ff-only",
        &a.path.display().to_string(),
        "main",
    ]);
    assert_eq!(blame(&b, "en"), segments);

    // The log lists both lines' changes, newest first, and not the clean merge.
    let history = log(&a, "en", None);
    let listed = commits(&history);
    assert!(!listed.contains(&merge.as_str()), "{history:?}");
    assert!(listed.contains(&reviewed.as_str()), "{history:?}");
    assert!(listed.contains(&article_3.as_str()), "{history:?}");
    assert_eq!(listed.last(), Some(&added.as_str()));
    assert_eq!(listed.len(), 3, "{history:?}");
    assert!(history.iter().take(2).all(|(_, n)| *n == 1), "{history:?}");
    assert_eq!(
        commits(&log(&a, "en", Some("5¶1"))),
        [reviewed.as_str(), added.as_str()]
    );
    assert_eq!(
        commits(&log(&a, "en", Some("3¶1"))),
        [article_3.as_str(), added.as_str()]
    );

    // Status: French Article 5 was retranslated without B's change to the
    // original, so it is stale (though retranslated later); so is Article 3.
    let v = json_of(a.emend().args(["status", "udhr", "--format", "json"]));
    let fr = &v["documents"][0]["versions"][1];
    assert_eq!(fr["version"], "fr");
    let stale: Vec<(&str, &str)> = fr["stale"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["key"].as_str().unwrap(),
                x["source_changed_in"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(stale.contains(&("5¶1", &reviewed[..])), "{stale:?}");
    assert!(stale.contains(&("3¶1", &article_3[..])), "{stale:?}");
    assert_eq!(stale.len(), 2, "{stale:?}");
    assert_eq!(
        fr["stale"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["key"] == "5¶1")
            .unwrap()["translated_in"],
        french.as_str()
    );
    fsck(&a);
}

#[test]
fn a_conflict_resolved_by_hand_is_the_merge_s_own_change() {
    let a = udhr_store();
    // The commit that added the English original (the French came next).
    let added = a.git(&["rev-parse", "HEAD^"]).trim().to_string();
    let b = TestStore::new();
    clone_through_remote(&a, &b);

    let theirs = commit_edit(
        &b,
        "en",
        (
            "No one shall be subjected",
            "No one shall ever be subjected",
        ),
        "ever",
        BORIS,
    );
    b.git(&["push", "-q", "origin", "main"]);
    let ours = commit_edit(
        &a,
        "en",
        ("No one shall be subjected", "Nobody shall be subjected"),
        "nobody",
        ADA_ID,
    );

    a.git(&["fetch", "-q", "origin"]);
    let out = std::process::Command::new("git")
        .args(["merge", "-q", "--no-edit", "origin/main"])
        .current_dir(&a.path)
        .env("HOME", a.dir.path())
        .env("GIT_CONFIG_GLOBAL", a.dir.path().join("gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(!out.status.success(), "the merge conflicts");
    let file = Path::new(&a.path).join("translations/udhr/en.md");
    let text = fs::read_to_string(&file).unwrap();
    let start = text.find("<<<<<<<").unwrap();
    let end = text
        .find(">>>>>>>")
        .map(|e| e + text[e..].find('\n').unwrap() + 1)
        .unwrap();
    let resolved = format!(
        "{}Nobody shall ever be subjected to torture or to cruel, inhuman or degrading treatment or punishment.\n{}",
        &text[..start],
        &text[end..]
    );
    fs::write(&file, resolved).unwrap();
    a.git(&["add", "translations/udhr/en.md"]);
    a.git(&["commit", "-q", "--no-edit"]);
    let merge = head(&a);
    fsck(&a);

    let segments = blame(&a, "en");
    assert_eq!(blamed(&segments, "5¶1")["commit"], merge.as_str());
    assert_eq!(blamed(&segments, "5¶1")["author"], ADA);
    assert_eq!(blamed(&segments, "4¶1")["commit"], added.as_str());

    // The merge is listed with its one row of its own; both sides' changes too.
    let history = log(&a, "en", None);
    assert_eq!(history[0], (merge.clone(), 1), "{history:?}");
    let mut sides = commits(&history)[1..3].to_vec();
    sides.sort();
    let mut expected = vec![ours.as_str(), theirs.as_str()];
    expected.sort();
    assert_eq!(sides, expected, "{history:?}");
    assert_eq!(commits(&history)[3..], [added.as_str()]);
    // Following Article 5 goes down both sides of the merge and meets again at the add.
    let five = log(&a, "en", Some("5¶1"));
    assert_eq!(five.len(), 4, "{five:?}");
    assert_eq!(five[0].0, merge);
    assert_eq!(five[3].0, added);
}

#[test]
fn the_cache_is_never_committed_and_a_damaged_one_changes_nothing() {
    let a = udhr_store();
    commit_edit(
        &a,
        "en",
        (
            "No one shall be subjected",
            "No one shall ever be subjected",
        ),
        "ever",
        ADA_ID,
    );
    commit_edit(
        &a,
        "fr",
        ("Nul ne sera soumis", "Nul ne sera jamais soumis"),
        "jamais",
        ADA_ID,
    );
    let outputs = |s: &TestStore| {
        [
            common::stdout_of(s.emend().args(["log", "udhr", "en", "--format", "json"])),
            common::stdout_of(s.emend().args(["log", "udhr", "en", "--key", "5¶1"])),
            common::stdout_of(s.emend().args(["blame", "udhr", "fr", "--format", "json"])),
            common::stdout_of(s.emend().args(["status", "udhr", "--format", "json"])),
        ]
    };
    let cold = outputs(&a);
    let cache = a.path.join(".git/emend-cache");
    let entries: Vec<_> = fs::read_dir(&cache)
        .unwrap()
        .map(|d| d.unwrap().path().join("entries"))
        .collect();
    assert_eq!(entries.len(), 1, "one folder, named after emend's version");
    let text = fs::read_to_string(&entries[0]).unwrap();
    assert!(
        text.lines().filter(|l| l.starts_with("revdiff-")).count() >= 4,
        "{text}"
    );
    for kind in ["commit2-", "info1-", "path1-", "pair2-"] {
        assert!(text.lines().any(|l| l.starts_with(kind)), "{kind}: {text}");
    }
    assert_eq!(
        a.git(&["status", "--porcelain"]),
        "",
        "the cache is inside .git"
    );
    assert_eq!(outputs(&a), cold, "read from the cache");

    // Every entry damaged: cut short, or with indices that do not fit.
    let damaged: String = text
        .lines()
        .map(|l| match l.find('\t') {
            Some(t) if l.len() % 2 == 0 => {
                let value = &l[t + 1..];
                format!(
                    "{}\t{}",
                    &l[..t],
                    &value[..value.floor_char_boundary(value.len() / 2)]
                )
            }
            Some(t) => format!(
                "{}\t{}",
                &l[..t],
                l[t + 1..].replace("\"new_len\":", "\"new_len\":1")
            ),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(&entries[0], damaged + "\n").unwrap();
    assert_eq!(outputs(&a), cold, "damaged entries are recomputed");
    fs::remove_dir_all(&cache).unwrap();
    assert_eq!(outputs(&a), cold, "the cache is safe to delete");
    fsck(&a);
}
