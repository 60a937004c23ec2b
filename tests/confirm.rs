//! `emend confirm`: a translator says that segments made stale by a change of their source
//! still translate it, on the bundled Universal Declaration (French made from English).

mod common;

use std::fs;

use common::{TestStore, json_of, stderr_of, stdout_of, udhr_store};
use serde_json::Value;

/// Replaces `from` with `to` in the English original and commits it with `emend update`.
fn change_english(s: &TestStore, from: &str, to: &str, message: &str) {
    let path = s.store_file("translations/udhr/en.md");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    fs::write(&path, text.replace(from, to)).unwrap();
    s.emend()
        .args(["update", "udhr", "en", "-m", message])
        .assert()
        .success();
}

/// A change of the English text: what it replaces, with what, and the commit message.
type Change = (&'static str, &'static str, &'static str);

/// A comma that asks nothing of the French, in Article 1.
const ARTICLE_1_COMMA: Change = (
    "All human beings are born free",
    "All human beings are born free,",
    "article 1: a comma",
);

/// A comma that asks nothing of the French, in Article 11(2).
const ARTICLE_11_2_COMMA: Change = (
    "Nor shall a heavier penalty be imposed than the one",
    "Nor shall a heavier penalty be imposed, than the one",
    "article 11(2): a comma",
);

fn change_english_in(s: &TestStore, (from, to, message): Change) {
    change_english(s, from, to, message);
}

/// French's stale segments, as `status --format json` gives them.
fn stale(s: &TestStore) -> Vec<Value> {
    let v = json_of(s.emend().args(["status", "udhr", "fr", "--format", "json"]));
    v["documents"][0]["versions"][0]["stale"]
        .as_array()
        .unwrap()
        .clone()
}

fn keys(stale: &[Value]) -> Vec<&str> {
    stale.iter().map(|x| x["key"].as_str().unwrap()).collect()
}

fn head(s: &TestStore) -> String {
    s.git(&["rev-parse", "HEAD"]).trim().to_string()
}

#[test]
fn a_confirmed_segment_is_stale_again_only_when_its_source_changes_again() {
    let s = udhr_store();
    change_english(
        &s,
        "No one shall be subjected to torture",
        "No one shall ever be subjected to torture",
        "article 5",
    );
    // A change that asks nothing of the French: a comma.
    change_english(
        &s,
        "Nor shall a heavier penalty be imposed than the one",
        "Nor shall a heavier penalty be imposed, than the one",
        "article 11: a comma",
    );
    assert_eq!(keys(&stale(&s)), ["5¶1", "11/2"]);
    let seen = head(&s);

    // The translator confirms Article 11(2): only Article 5 stays stale.
    let out = stdout_of(
        s.emend()
            .args(["confirm", "udhr", "fr", "11/2", "-m", "a comma only"]),
    );
    assert_eq!(
        out.trim(),
        format!(
            "confirmed 1 segment of fr in udhr against en at {} ({}): 11/2",
            &seen[..7],
            &head(&s)[..7]
        )
    );
    assert_eq!(keys(&stale(&s)), ["5¶1"]);
    let text = stdout_of(s.emend().args(["status", "udhr"]));
    assert!(text.contains("1 stale (5¶1)"), "{text}");
    // The record: one new file, naming the source as it was read.
    let dir = s.store_file("translations/udhr/confirmations");
    let files: Vec<_> = fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(files.len(), 1);
    let record: Value = serde_json::from_slice(&fs::read(files[0].path()).unwrap()).unwrap();
    assert_eq!(record["version"], "fr");
    assert_eq!(record["source"], "en");
    assert_eq!(record["commit"], seen.as_str());
    assert_eq!(record["keys"], serde_json::json!(["11/2"]));
    assert_eq!(record["note"], "a comma only");
    assert_eq!(
        record["source_blob"],
        s.git(&["rev-parse", &format!("{seen}:translations/udhr/en.md")])
            .trim()
    );
    let message = s.git(&["log", "-1", "--format=%B"]);
    assert!(
        message.starts_with(&format!(
            "confirm 1 segment of fr in udhr against en at {}: a comma only",
            &seen[..7]
        )),
        "{message}"
    );
    assert_eq!(s.git(&["status", "--porcelain"]), "");

    // A segment that is not stale is refused, naming those that are; nothing is committed.
    let before = head(&s);
    let err = stderr_of(s.emend().args(["confirm", "udhr", "fr", "3¶1", "5¶1"]), 2);
    assert!(
        err.contains("fr in udhr has no stale segment 3¶1; its stale segments: 5¶1"),
        "{err}"
    );
    assert!(err.contains("emend status udhr fr --show"), "{err}");
    assert_eq!(head(&s), before);

    // The source changes Article 11(2) again: stale again, and `--show` gives only what
    // changed since the confirmation.
    change_english(
        &s,
        "a heavier penalty be imposed,",
        "a heavier penalty be imposed",
        "article 11: the comma goes",
    );
    let now = stale(&s);
    assert_eq!(keys(&now), ["5¶1", "11/2"]);
    assert_eq!(now[1]["confirmed_at"], seen.as_str());
    assert!(now[0].get("confirmed_at").is_none(), "{:?}", now[0]);
    let shown = stdout_of(s.emend().args(["status", "udhr", "fr", "--show"]));
    assert!(
        shown.contains(&format!(
            "@@ 11/2 · stale: en 11/2 changed in {} \"update en in udhr: article 11: the comma goes\" after fr last confirmed it at {}",
            &head(&s)[..7],
            &seen[..7]
        )),
        "{shown}"
    );
    assert!(shown.contains("imposed[-,-] than"), "{shown}");
    assert!(
        shown.contains("No one shall {+ever +}be subjected"),
        "{shown}"
    );

    // Without keys and with no terminal to ask on, nothing is guessed.
    let before = head(&s);
    let err = stderr_of(s.emend().args(["confirm", "udhr", "fr"]), 2);
    assert!(
        err.contains("no segments named, and no terminal to ask on"),
        "{err}"
    );
    assert!(err.contains("--all"), "{err}");
    assert_eq!(head(&s), before);
    // --all: every stale segment; then nothing is left to confirm, and nothing is committed.
    let out = stdout_of(s.emend().args(["confirm", "udhr", "fr", "--all"]));
    assert!(out.contains("confirmed 2 segments of fr in udhr"), "{out}");
    assert!(out.trim_end().ends_with(": 5¶1, 11/2"), "{out}");
    assert_eq!(stale(&s), Vec::<Value>::new());
    let before = head(&s);
    let out = stdout_of(s.emend().args(["confirm", "udhr", "fr", "--all"]));
    assert_eq!(
        out.trim(),
        "nothing to confirm: fr in udhr has no stale segment (up to date with en)"
    );
    assert_eq!(head(&s), before);
    // The original has no source: nothing of it can be stale.
    let err = stderr_of(s.emend().args(["confirm", "udhr", "en", "--all"]), 2);
    assert!(
        err.contains("en in udhr was not made from another version"),
        "{err}"
    );
    assert!(err.contains("emend set udhr en --from OTHER"), "{err}");
}

#[test]
fn a_confirmed_segment_goes_to_the_cat_tool_as_translated_not_to_translate() {
    let s = udhr_store();
    change_english(
        &s,
        "No one shall be subjected to torture",
        "No one shall be subjected to torture,",
        "article 5: a comma",
    );
    let xlf = s.dir.path().join("fr.xlf");
    let export = |s: &TestStore| {
        s.emend()
            .args([
                "export",
                "udhr",
                "fr",
                "--format",
                "xliff",
                "--pending",
                "-o",
            ])
            .arg(&xlf)
            .assert()
            .success();
        fs::read_to_string(&xlf).unwrap()
    };
    let pending = export(&s);
    assert!(pending.contains("name=\"5¶1\""), "{pending}");
    s.emend()
        .args(["confirm", "udhr", "fr", "5¶1"])
        .assert()
        .success();
    let pending = export(&s);
    assert!(!pending.contains("name=\"5¶1\""), "{pending}");
}

/// A confirmation made in one clone does not cover a change of the source made in another
/// at the same time: after the merge the segment is stale again.
#[test]
fn a_confirmation_does_not_cover_a_source_change_it_never_saw() {
    let a = udhr_store();
    change_english(
        &a,
        "No one shall be subjected to torture",
        "No one shall be subjected to torture,",
        "article 5: a comma",
    );
    // The second clone, through a bare remote.
    let remote = a.dir.path().join("remote.git").display().to_string();
    a.git(&["clone", "-q", "--bare", ".", &remote]);
    a.git(&["remote", "add", "origin", &remote]);
    let b = TestStore::new();
    fs::remove_dir_all(&b.path).unwrap();
    common::git_in(
        b.dir.path(),
        b.dir.path(),
        &["clone", "-q", &remote, "store"],
    );

    // B changes Article 5 again and pushes; A, not having fetched, confirms Article 5.
    change_english(
        &b,
        "subjected to torture,",
        "subjected to torture",
        "article 5: the comma goes",
    );
    b.git(&["push", "-q", "origin", "main"]);
    a.emend()
        .args(["confirm", "udhr", "fr", "5¶1"])
        .assert()
        .success();
    assert_eq!(stale(&a), Vec::<Value>::new());
    a.git(&["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"]);
    let after = stale(&a);
    assert_eq!(keys(&after), ["5¶1"]);
    let shown = stdout_of(a.emend().args(["status", "udhr", "fr", "--show"]));
    assert!(
        shown.contains("\"update en in udhr: article 5: the comma goes\""),
        "{shown}"
    );
}

/// A rebase replaces the commit a confirmation names: the confirmation still counts, from
/// the commit on the branch that holds the source it read.
#[test]
fn a_confirmation_survives_a_rebase_by_the_source_it_read() {
    let s = udhr_store();
    s.git(&["branch", "-q", "other"]);
    change_english(
        &s,
        "No one shall be subjected to torture",
        "No one shall be subjected to torture,",
        "article 5: a comma",
    );
    s.emend()
        .args(["confirm", "udhr", "fr", "5¶1"])
        .assert()
        .success();
    let named = s.git(&["rev-parse", "HEAD^"]).trim().to_string();
    // Meanwhile the branch it is rebased onto got a change of its own.
    s.git(&["checkout", "-q", "other"]);
    s.emend()
        .args([
            "set",
            "udhr",
            "--title",
            "Universal Declaration of Human Rights",
        ])
        .assert()
        .success();
    s.git(&["checkout", "-q", "main"]);
    s.git(&["rebase", "-q", "other"]);
    let branch = s.git(&["log", "--format=%H"]);
    assert!(!branch.contains(&named), "the rebase replaced {named}");
    assert_eq!(stale(&s), Vec::<Value>::new());
    // A later change of the source makes it stale again, as before the rebase.
    change_english(
        &s,
        "torture, or to cruel",
        "torture or to cruel",
        "article 5: the comma goes",
    );
    assert_eq!(keys(&stale(&s)), ["5¶1"]);
}

/// A translator of a long text works a section at a time: `status --under` narrows the
/// stale segments to an article, and `confirm --under KEY --all` confirms those alone.
#[test]
fn stale_segments_are_listed_and_confirmed_a_section_at_a_time() {
    let s = udhr_store();
    change_english_in(&s, ARTICLE_1_COMMA);
    change_english(
        &s,
        "presumed innocent until proved guilty",
        "presumed innocent until proven guilty",
        "article 11(1): proven",
    );
    change_english_in(&s, ARTICLE_11_2_COMMA);
    assert_eq!(keys(&stale(&s)), ["1¶1", "11/1", "11/2"]);

    // Article 11 alone: its two paragraphs, not Article 1 (`11` is not under `1`).
    let v = json_of(
        s.emend()
            .args(["status", "udhr", "fr", "--under", "11", "--format", "json"]),
    );
    assert_eq!(v["under"], serde_json::json!(["11"]));
    let fr = &v["documents"][0]["versions"][0];
    assert_eq!(keys(fr["stale"].as_array().unwrap()), ["11/1", "11/2"]);
    let text = stdout_of(
        s.emend()
            .args(["status", "udhr", "fr", "--under", "1", "--show"]),
    );
    assert!(text.contains("1 stale under 1 (1¶1)"), "{text}");
    assert!(text.contains("@@ 1¶1 · stale"), "{text}");
    assert!(!text.contains("11/"), "{text}");
    // Without --under the JSON says nothing of sections.
    let whole = json_of(s.emend().args(["status", "udhr", "--format", "json"]));
    assert!(whole.get("under").is_none(), "{whole}");

    // Confirmed a section at a time: Article 11's two, then nothing left there.
    let out = stdout_of(s.emend().args([
        "confirm",
        "udhr",
        "fr",
        "--under",
        "11",
        "--all",
        "-m",
        "article 11 read",
    ]));
    assert!(
        out.contains("confirmed 2 segments of fr in udhr against en")
            && out.ends_with(": 11/1, 11/2\n"),
        "{out}"
    );
    assert_eq!(keys(&stale(&s)), ["1¶1"]);
    let before = head(&s);
    let out = stdout_of(
        s.emend()
            .args(["confirm", "udhr", "fr", "--under", "11", "--all"]),
    );
    assert_eq!(
        out.trim(),
        "nothing to confirm: fr in udhr has no stale segment under 11 (up to date with en)"
    );
    assert_eq!(head(&s), before);

    // A section that is no key of the version is refused, and nothing is written.
    let err = stderr_of(
        s.emend()
            .args(["confirm", "udhr", "fr", "--under", "31", "--all"]),
        2,
    );
    assert!(err.contains("has no segment with key \"31\""), "{err}");
    assert!(err.contains("emend show udhr fr"), "{err}");
    let err = stderr_of(s.emend().args(["status", "udhr", "--under", "31"]), 2);
    assert!(
        err.contains("neither en nor fr of udhr has a segment with key \"31\""),
        "{err}"
    );
    // A translation's section may be named by its source's key: what is untranslated is
    // the source's (here Article 3, once the French lacks it).
    let fr = s.store_file("translations/udhr/fr.md");
    let text = fs::read_to_string(&fr).unwrap();
    let (start, end) = (
        text.find("## Article 3\n").unwrap(),
        text.find("## Article 4\n").unwrap(),
    );
    fs::write(&fr, format!("{}{}", &text[..start], &text[end..])).unwrap();
    s.emend()
        .args(["update", "udhr", "fr", "-m", "article 3 cut"])
        .assert()
        .success();
    let out = stdout_of(s.emend().args(["status", "udhr", "fr", "--under", "3"]));
    assert!(out.contains("2 untranslated under 3 (3, 3¶1)"), "{out}");
    let before = head(&s);
    assert_eq!(head(&s), before);
    assert_eq!(s.git(&["status", "--porcelain"]), "");

    // Named again after it was confirmed (a command run twice): said, not refused.
    let out = stdout_of(s.emend().args(["confirm", "udhr", "fr", "11/1"]));
    assert_eq!(
        out.trim(),
        "nothing to confirm: 11/1 of fr in udhr: confirmed already, after en last changed"
    );
    assert_eq!(head(&s), before);
    let out = stdout_of(s.emend().args(["confirm", "udhr", "fr", "11/2", "1¶1"]));
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("confirmed 1 segment of fr in udhr") && lines[0].ends_with(": 1¶1"),
        "{out}"
    );
    assert_eq!(
        lines[1],
        "11/2 of fr in udhr: confirmed already, after en last changed"
    );
    assert!(keys(&stale(&s)).is_empty());
    // A segment neither stale nor confirmed is still refused.
    let err = stderr_of(s.emend().args(["confirm", "udhr", "fr", "3¶1"]), 2);
    assert!(err.contains("has no stale segment 3¶1"), "{err}");
}

/// Marks the unit named `name` (XLIFF 2's `name`, 1.2's `resname`) translated, as a CAT
/// tool does when its translator confirms the segment without changing it.
fn mark_translated(xliff: &str, name: &str) -> String {
    let at = xliff
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("no unit {name}"));
    let (head, tail) = xliff.split_at(at);
    let (from, to) = if tail[..tail.find("</source>").unwrap()].contains("<segment state=") {
        (
            "<segment state=\"initial\"",
            "<segment state=\"translated\"",
        )
    } else {
        ("state=\"needs-translation\"", "state=\"translated\"")
    };
    assert!(tail.contains(from), "{tail}");
    format!("{head}{}", tail.replacen(from, to, 1))
}

/// A CAT tool's confirmations come back in the XLIFF file: a stale unit the translator
/// marked translated without changing it is confirmed by `confirm --from`, as read at the
/// file's revision, so a source change made after the export keeps its segment stale.
#[test]
fn a_cat_tools_confirmations_are_taken_from_the_returned_xliff() {
    let s = udhr_store();
    change_english_in(&s, ARTICLE_1_COMMA);
    change_english_in(&s, ARTICLE_11_2_COMMA);
    change_english(
        &s,
        "No one shall be subjected to torture",
        "No one shall ever be subjected to torture",
        "article 5",
    );
    let exported_at = head(&s);
    let todo =
        stdout_of(
            s.emend()
                .args(["export", "udhr", "fr", "--format", "xliff", "--pending"]),
        );
    // In the CAT tool: Article 1 and 11(2) confirmed as they are, Article 5 translated.
    let back = mark_translated(&mark_translated(&todo, "1¶1"), "11/2").replace(
        "Nul ne sera soumis à la torture",
        "Nul ne sera jamais soumis à la torture",
    );
    let back = s.file("todo-back.xlf", &back);
    // Meanwhile English changes Article 1 again: the translator never saw that.
    change_english(
        &s,
        "born free, and equal",
        "born free, and equal,",
        "article 1: another comma",
    );

    // `propose` takes the new translation and says what the file confirms.
    let out = s
        .emend()
        .args([
            "propose",
            "udhr",
            "fr",
            &back,
            "--name",
            "cat",
            "-m",
            "from the CAT tool",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("marks 2 stale units translated with fr's text unchanged; `emend confirm udhr fr --from "),
        "{err}"
    );

    let out = stdout_of(s.emend().args(["confirm", "udhr", "fr", "--from", &back]));
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            format!(
                "confirmed 1 segment of fr in udhr against en at {} ({}): 11/2",
                &exported_at[..7],
                &head(&s)[..7]
            ),
            format!(
                "1¶1 of fr in udhr: still stale, since en changed after {}, where it was read",
                &exported_at[..7]
            ),
        ]
    );
    assert_eq!(keys(&stale(&s)), ["1¶1", "5¶1"]);
    let dir = s.store_file("translations/udhr/confirmations");
    let file = fs::read_dir(&dir).unwrap().flatten().next().unwrap().path();
    let record: Value = serde_json::from_slice(&fs::read(file).unwrap()).unwrap();
    assert_eq!(record["commit"], exported_at.as_str());
    assert_eq!(record["keys"], serde_json::json!(["11/2"]));
    assert!(
        record["note"]
            .as_str()
            .unwrap()
            .starts_with("marked translated in ")
    );

    // Exported again, as XLIFF 1.2, Article 1 is confirmed as it now reads.
    let todo =
        stdout_of(
            s.emend()
                .args(["export", "udhr", "fr", "--format", "xliff12", "--pending"]),
        );
    let back = s.file("todo-12.xlf", &mark_translated(&todo, "1¶1"));
    let out = stdout_of(s.emend().args(["confirm", "udhr", "fr", "--from", &back]));
    assert!(
        out.starts_with("confirmed 1 segment of fr in udhr") && out.trim_end().ends_with(": 1¶1"),
        "{out}"
    );
    assert_eq!(keys(&stale(&s)), ["5¶1"]);
    // A file that marks nothing translated confirms nothing, and writes nothing.
    let before = head(&s);
    let untouched = s.file("todo-untouched.xlf", &todo);
    let out = stdout_of(
        s.emend()
            .args(["confirm", "udhr", "fr", "--from", &untouched]),
    );
    assert!(out.starts_with("nothing to confirm: "), "{out}");
    assert_eq!(head(&s), before);
}
