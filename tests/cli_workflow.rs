//! Proposals, reviews, approvals and exports through the real binary.

mod common;

use std::fs;

use common::{TRANSLATOR, TestStore, json_of, stderr_of, stdout_of, telegram_text};
use serde_json::Value;

const DOC: &str = "telegram-1945-11-11";
const EDITOR: &str = "Eddie Editor <eddie@example.org>";

fn with_proposal() -> TestStore {
    common::telegram_with_proposal()
}

/// The review records of fix-scan at HEAD, oldest first (one file per pass).
fn records(s: &TestStore) -> Vec<Value> {
    common::review_records(s, DOC, "fix-scan")
}

/// The latest review record of fix-scan.
fn record(s: &TestStore) -> Value {
    records(s).pop().expect("a review record")
}

fn decision_of<'a>(rec: &'a Value, key: &str) -> &'a Value {
    rec["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["a"]
                .as_array()
                .unwrap()
                .iter()
                .chain(r["b"].as_array().unwrap())
                .any(|k| k == key)
        })
        .unwrap_or_else(|| panic!("no row {key} in {rec}"))
}

#[test]
fn propose_touches_nothing_but_its_branch() {
    let s = with_proposal();
    assert_eq!(s.git(&["status", "--porcelain"]), "");
    assert_eq!(s.git(&["rev-parse", "--abbrev-ref", "HEAD"]).trim(), "main");
    assert_eq!(
        fs::read_to_string(s.store_file(&format!("translations/{DOC}/en-wilson.md"))).unwrap(),
        telegram_text("en-wilson")
    );
    assert_eq!(
        s.git(&[
            "show",
            &format!("proposals/fix-scan:translations/{DOC}/en-wilson.md")
        ]),
        telegram_text("en-corrected")
    );
    let msg = s.git(&["log", "-1", "--format=%B", "proposals/fix-scan"]);
    assert!(
        msg.starts_with("propose fix-scan: en-wilson in telegram-1945-11-11: scanning errors"),
        "{msg}"
    );
    assert!(msg.contains("Emend-Document: telegram-1945-11-11"));
    // Listed, with the rows it changes.
    let out = stdout_of(s.emend().arg("proposals"));
    assert!(
        out.contains("fix-scan  telegram-1945-11-11/en-wilson  Tanya Translator"),
        "{out}"
    );
    assert!(
        out.contains("5 rows changed") && out.contains("\"scanning errors\""),
        "{out}"
    );
    let v = json_of(s.emend().args(["proposals", "--format", "json"]));
    let p = &v["proposals"][0];
    assert_eq!(p["name"], "fix-scan");
    assert_eq!(p["version"], "en-wilson");
    assert_eq!(p["rows_changed"], 5);
    assert_eq!(
        p["base"].as_str().unwrap(),
        s.git(&["rev-parse", "main"]).trim()
    );
    // Names follow the id rules; an unknown version is refused.
    let f = s.file("x.md", "x\n");
    let err = stderr_of(
        s.emend()
            .args(["propose", DOC, "en-wilson", &f, "--name", "../x"]),
        2,
    );
    assert!(err.contains("invalid proposal id"), "{err}");
    let err = stderr_of(s.emend().args(["propose", DOC, "ru", &f, "--name", "x"]), 2);
    assert!(err.contains("no version \"ru\""), "{err}");
}

#[test]
fn proposals_of_a_proposals_name_says_what_it_is() {
    let s = with_proposal();
    // `--docx NAME` and `review NAME` take a proposal's name; `proposals DOC` a document's.
    let err = stderr_of(s.emend().args(["proposals", "fix-scan"]), 2);
    assert!(
        err.contains("no document \"fix-scan\"")
            && err.contains("fix-scan is a proposal for telegram-1945-11-11")
            && err.contains("`emend review fix-scan --list`")
            && err.contains("`emend proposals telegram-1945-11-11`"),
        "{err}"
    );
    let err = stderr_of(s.emend().args(["proposals", "nothing-here"]), 2);
    assert!(err.contains("no document \"nothing-here\""), "{err}");
    let out = stdout_of(s.emend().args(["proposals", DOC]));
    assert!(out.starts_with("fix-scan "), "{out}");
}

#[test]
fn review_by_flags_accepts_rejects_edits_and_reports_conflicts() {
    let s = with_proposal();
    // Meanwhile on main someone annotates the "lapan" paragraph: that row will conflict.
    let path = s.store_file(&format!("translations/{DOC}/en-wilson.md"));
    let main_text = telegram_text("en-wilson").replace("in lapan.", "in lapan [sic].");
    fs::write(&path, &main_text).unwrap();
    s.emend()
        .args(["update", DOC, "en-wilson", "-m", "mark the misprint"])
        .assert()
        .success();

    let citation = s.file(
        "citation.md",
        "\"Telegram via VCh from Stalin to Cde. Molotov\", November 11, 1945, Wilson Center Digital Archive, RGASPI, f. 558, op. 11, d. 98, ll. 102-105. Contributed by Sergey Radchenko and translated by Gary Goldberg.",
    );
    let out = stdout_of(s.emend().args([
        "review",
        "fix-scan",
        "--author",
        EDITOR,
        "--accept",
        "november-11-1945-telegram-via,2¶4,2¶6",
        "--reject",
        "citation¶2",
        "--reason",
        "keep the link as published",
        "--edit",
        &format!("citation¶1={citation}"),
    ]));
    assert!(
        out.contains(
            "review fix-scan: 2 accepted, 1 rejected, 1 edited, 0 undecided, 1 in conflict"
        ),
        "{out}"
    );
    assert!(out.contains("2¶6 → 2¶5: conflict"), "{out}");
    assert!(out.contains("stays open"), "{out}");

    let merged = fs::read_to_string(&path).unwrap();
    assert!(
        merged.contains("Telegram via VCh from Stalin"),
        "accepted heading"
    );
    assert!(
        merged.contains("established after the surrender"),
        "accepted merge"
    );
    assert!(merged.contains("ll. 102-105."), "edited citation");
    assert!(
        merged.contains("wilson-center.drivingcreative.com"),
        "rejected link kept"
    );
    assert!(
        merged.contains("in lapan [sic]."),
        "conflict: main's text kept"
    );
    assert_eq!(
        s.git(&["show", &format!("HEAD:translations/{DOC}/en-wilson.md")]),
        merged
    );
    assert_eq!(s.git(&["status", "--porcelain"]), "");

    let msg = s.git(&["log", "-1", "--format=%an|%s"]);
    assert_eq!(
        msg.trim(),
        "Eddie Editor|review fix-scan: 2 accepted, 1 rejected, 1 edited, 1 in conflict"
    );
    let rec = record(&s);
    assert_eq!(rec["proposal"], "fix-scan");
    assert_eq!(rec["reviewer"], EDITOR);
    assert_eq!(rec["proposer"], TRANSLATOR);
    assert_eq!(rec["closed"], false);
    assert_eq!(decision_of(&rec, "citation¶2")["decision"], "rejected");
    assert_eq!(
        decision_of(&rec, "citation¶2")["reason"],
        "keep the link as published"
    );
    assert_eq!(decision_of(&rec, "citation¶1")["decision"], "edited");
    assert_eq!(decision_of(&rec, "2¶4")["decision"], "accepted");
    assert_eq!(decision_of(&rec, "2¶4")["status"], "merged");
    assert_eq!(decision_of(&rec, "2¶6")["decision"], "conflict");
    let ops = decision_of(&rec, "2¶6")["ops"].as_array().unwrap();
    assert!(
        ops.iter()
            .any(|o| o["op"] == "insert" && o["text"] == "Japan")
    );
    // The proposal stays open for the conflicting row.
    assert!(stdout_of(s.emend().arg("proposals")).contains("fix-scan"));

    // A second review decides the last row (the editor writes the paragraph); the proposal closes.
    let fixed = s.file(
        "fixed.md",
        &main_text
            .split("\n\n")
            .find(|p| p.contains("in lapan [sic]"))
            .unwrap()
            .replace("in lapan [sic].", "in Japan."),
    );
    let out = stdout_of(s.emend().args([
        "review",
        "fix-scan",
        "--author",
        EDITOR,
        "--edit",
        &format!("2¶6={fixed}"),
    ]));
    assert!(
        out.contains("0 accepted, 0 rejected, 1 edited, 0 undecided, 0 in conflict"),
        "{out}"
    );
    assert!(out.contains("proposal fix-scan is closed"), "{out}");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("on the scene, in Japan.") && !text.contains("lapan"));
    assert!(
        s.git(&["branch", "--list", "proposals/*"])
            .trim()
            .is_empty()
    );
    // The second pass has its own record; the first is kept as it was.
    let all = records(&s);
    assert_eq!(all.len(), 2);
    assert_eq!(all[0], rec, "the first record is never rewritten");
    assert_eq!(all[1]["closed"], true);
    assert_eq!(all[1]["rows"].as_array().unwrap().len(), 1);
    assert_eq!(decision_of(&all[1], "2¶6")["decision"], "edited");
    assert_eq!(decision_of(&all[0], "citation¶2")["decision"], "rejected");
    assert_eq!(
        stdout_of(s.emend().arg("proposals")).trim(),
        "no open proposals"
    );
}

#[test]
fn accepting_everything_on_an_unchanged_branch_gives_the_proposed_text() {
    let s = with_proposal();
    let out = stdout_of(s.emend().args(["review", "fix-scan", "--accept", "all"]));
    assert!(out.contains("5 accepted, 0 rejected"), "{out}");
    assert_eq!(
        fs::read_to_string(s.store_file(&format!("translations/{DOC}/en-wilson.md"))).unwrap(),
        telegram_text("en-corrected")
    );
}

#[test]
fn review_flags_are_checked() {
    let s = with_proposal();
    let before = s.git(&["rev-parse", "HEAD"]);
    // Without a terminal and without flags: say which flags to use.
    let err = stderr_of(s.emend().args(["review", "fix-scan"]), 2);
    assert!(
        err.contains("no terminal") && err.contains("--accept all|KEY"),
        "{err}"
    );
    let err = stderr_of(s.emend().args(["review", "fix-scan", "--accept", "9¶9"]), 2);
    assert!(
        err.contains("\"9¶9\" is not a key of a changed row") && err.contains("citation¶1"),
        "{err}"
    );
    let err = stderr_of(
        s.emend()
            .args(["review", "fix-scan", "--accept", "2¶6", "--reject", "2¶6"]),
        2,
    );
    assert!(err.contains("two different decisions"), "{err}");
    let err = stderr_of(s.emend().args(["review", "no-such", "--accept", "all"]), 2);
    assert!(err.contains("no open proposal \"no-such\""), "{err}");
    assert_eq!(s.git(&["rev-parse", "HEAD"]), before, "nothing written");
}

#[test]
fn rejecting_everything_closes_the_proposal_and_keeps_the_text() {
    let s = with_proposal();
    let out = stdout_of(s.emend().args([
        "review", "fix-scan", "--reject", "all", "--reason", "not now",
    ]));
    assert!(out.contains("0 accepted, 5 rejected"), "{out}");
    assert_eq!(
        fs::read_to_string(s.store_file(&format!("translations/{DOC}/en-wilson.md"))).unwrap(),
        telegram_text("en-wilson")
    );
    let changed = s.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert!(
        changed
            .trim()
            .starts_with(&format!("translations/{DOC}/reviews/fix-scan/"))
            && changed.trim().ends_with(".json")
            && changed.lines().count() == 1,
        "{changed}"
    );
}

#[test]
fn approve_then_export_and_diff_since_approval() {
    let s = with_proposal();
    s.emend()
        .args(["review", "fix-scan", "--accept", "all"])
        .assert()
        .success();
    let approved_text =
        fs::read_to_string(s.store_file(&format!("translations/{DOC}/en-wilson.md"))).unwrap();
    // No approval yet: --approved and @approved are errors, never a silent fallback.
    let err = stderr_of(
        s.emend().args(["export", DOC, "en-wilson", "--approved"]),
        2,
    );
    assert!(
        err.contains("has no approved revision") && err.contains("emend approve"),
        "{err}"
    );
    stderr_of(s.emend().args(["show", DOC, "en-wilson@approved"]), 2);

    let out = stdout_of(s.emend().args([
        "approve",
        DOC,
        "en-wilson",
        "-m",
        "for the archive edition",
        "--author",
        EDITOR,
    ]));
    assert!(
        out.starts_with("approved en-wilson in telegram-1945-11-11 at "),
        "{out}"
    );
    let records = common::approval_records(&s, DOC);
    assert_eq!(records.len(), 1, "{records:?}");
    let a: Value =
        serde_json::from_str(&s.git(&["show", &format!("HEAD:{}", records[0])])).unwrap();
    assert_eq!(
        a["blob"].as_str().unwrap(),
        s.git(&[
            "rev-parse",
            &format!("HEAD~1:translations/{DOC}/en-wilson.md")
        ])
        .trim()
    );
    assert_eq!(a["version"], "en-wilson");
    assert_eq!(a["approver"], EDITOR);
    assert_eq!(a["note"], "for the archive edition");
    assert_eq!(
        a["commit"].as_str().unwrap(),
        s.git(&["rev-parse", "HEAD~1"]).trim()
    );
    assert!(
        s.git(&["log", "-1", "--format=%s"])
            .starts_with("approve en-wilson in telegram-1945-11-11 at ")
    );
    // The text as committed now (the approval's own commit) is the approved text.
    let approved_now = |s: &TestStore| {
        let v = json_of(
            s.emend()
                .args(["export", DOC, "en-wilson", "--format", "json"]),
        );
        v["approved"].as_bool().expect("approved is true or false")
    };
    assert!(approved_now(&s));
    // Written to a file, it says which revision was written and which was approved.
    let out_file = s.dir.path().join("telegram-now.md");
    let said = s
        .emend()
        .args(["export", DOC, "en-wilson", "-o"])
        .arg(&out_file)
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    let (now, approved_at) = (
        s.git(&["rev-parse", "--short=7", "HEAD"]),
        s.git(&["rev-parse", "--short=7", "HEAD~1"]),
    );
    assert_eq!(
        String::from_utf8_lossy(&said),
        format!(
            "emend: wrote {} (en-wilson at {}, as approved at {})\n",
            out_file.display(),
            now.trim(),
            approved_at.trim()
        )
    );
    // Approving the same revision again changes nothing.
    let err = stderr_of(s.emend().args(["approve", DOC, "en-wilson"]), 2);
    assert!(err.contains("approved already"), "{err}");

    // Later edits do not change what is approved.
    let path = s.store_file(&format!("translations/{DOC}/en-wilson.md"));
    fs::write(
        &path,
        approved_text.replace("Sent by Poskrebyshev.", "Sent by A. N. Poskrebyshev."),
    )
    .unwrap();
    s.emend()
        .args(["update", DOC, "en-wilson"])
        .assert()
        .success();
    assert!(!approved_now(&s));
    let exported = stdout_of(s.emend().args(["export", DOC, "en-wilson", "--approved"]));
    assert_eq!(exported, approved_text);
    let out_file = s.dir.path().join("telegram-approved.md");
    s.emend()
        .args(["export", DOC, "en-wilson", "--approved", "-o"])
        .arg(&out_file)
        .assert()
        .success();
    assert_eq!(fs::read_to_string(&out_file).unwrap(), approved_text);
    // Without --approved: the current text; --rev: any revision.
    assert!(stdout_of(s.emend().args(["export", DOC, "en-wilson"])).contains("A. N. Poskrebyshev"));
    assert!(
        stdout_of(
            s.emend()
                .args(["export", DOC, "en-wilson", "--rev", "HEAD~3"])
        )
        .contains("in lapan")
    );
    // A version named at a revision, as `show` and `diff` take it: the same text.
    for (named, flag) in [
        ("en-wilson@HEAD~3", "--rev=HEAD~3"),
        ("en-wilson@approved", "--approved"),
    ] {
        assert_eq!(
            stdout_of(s.emend().args(["export", DOC, named])),
            stdout_of(s.emend().args(["export", DOC, "en-wilson", flag])),
            "{named}"
        );
        // Named twice is refused.
        let err = stderr_of(s.emend().args(["export", DOC, named, flag]), 2);
        assert!(err.contains("give it once"), "{err}");
    }
    // What changed since the approval.
    let out = stdout_of(
        s.emend()
            .args(["diff", DOC, "en-wilson@approved", "en-wilson"]),
    );
    assert!(out.contains("Sent by {+A. N. +}Poskrebyshev."), "{out}");
    assert!(out.contains("--- en-wilson@approved (en)"));
    // -o into a folder is refused and writes nothing.
    let err = stderr_of(
        s.emend()
            .args(["export", DOC, "en-wilson", "-o"])
            .arg(s.dir.path()),
        2,
    );
    assert!(err.contains("is a directory"), "{err}");
}

#[test]
fn a_review_that_conflicts_with_a_concurrent_change_loses_neither() {
    let s = with_proposal();
    // The editor reviews while a colleague commits to the same paragraph on main.
    let path = s.store_file(&format!("translations/{DOC}/en-wilson.md"));
    let theirs = telegram_text("en-wilson").replace("in lapan.", "in Japan (corrected by hand).");
    fs::write(&path, &theirs).unwrap();
    s.emend()
        .args(["update", DOC, "en-wilson", "-m", "hand correction"])
        .assert()
        .success();
    let out = stdout_of(s.emend().args(["review", "fix-scan", "--accept", "all"]));
    assert!(
        out.contains("4 accepted") && out.contains("1 in conflict"),
        "{out}"
    );
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("in Japan (corrected by hand)."),
        "the colleague's change is kept"
    );
    assert!(
        text.contains("Telegram via VCh"),
        "the review's accepted changes are in"
    );
    let log = s.git(&["log", "--format=%s"]);
    assert!(log.contains("update en-wilson in telegram-1945-11-11: hand correction"));
}

/// A store with the Universal Declaration in English and French, French made from English.
fn udhr_store() -> TestStore {
    let s = TestStore::new();
    let en = s.file(
        "en.md",
        &fs::read_to_string(common::sample("udhr", "en")).unwrap(),
    );
    let fr = s.file(
        "fr.md",
        &fs::read_to_string(common::sample("udhr", "fr")).unwrap(),
    );
    s.emend()
        .args([
            "add", "udhr", "en", &en, "--lang", "en", "--role", "original",
        ])
        .assert()
        .success();
    s.emend()
        .args([
            "add",
            "udhr",
            "fr",
            &fr,
            "--lang",
            "fr",
            "--from",
            "en",
            "--translator",
            "ONU",
        ])
        .assert()
        .success();
    s
}

#[test]
fn status_finds_segments_whose_source_changed_after_the_translation() {
    let s = udhr_store();
    let v = json_of(s.emend().args(["status", "udhr", "--format", "json"]));
    let fr = &v["documents"][0]["versions"][1];
    assert_eq!(fr["version"], "fr");
    assert_eq!(fr["stale"], serde_json::json!([]));
    assert_eq!(fr["approved"], Value::Null);

    // The English original changes Article 5 and Article 11(2).
    let path = s.store_file("translations/udhr/en.md");
    let en = fs::read_to_string(&path)
        .unwrap()
        .replace(
            "No one shall be subjected to torture",
            "No one shall ever be subjected to torture",
        )
        .replace(
            "Nor shall a heavier penalty be imposed",
            "Nor shall any heavier penalty be imposed",
        );
    fs::write(&path, en).unwrap();
    s.emend()
        .args(["update", "udhr", "en", "-m", "tighten articles 5 and 11"])
        .assert()
        .success();
    let v = json_of(s.emend().args(["status", "udhr", "--format", "json"]));
    let fr = &v["documents"][0]["versions"][1];
    let stale: Vec<(&str, Vec<&str>)> = fr["stale"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["key"].as_str().unwrap(),
                x["source_keys"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|k| k.as_str().unwrap())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(stale, [("5¶1", vec!["5¶1"]), ("11/2", vec!["11/2"])]);
    assert_eq!(
        fr["stale"][0]["source_message"],
        "update en in udhr: tighten articles 5 and 11"
    );
    let text = stdout_of(s.emend().args(["status", "udhr"]));
    assert!(text.contains("2 stale (5¶1, 11/2)"), "{text}");
    // --show: the source change behind each stale segment.
    let shown = stdout_of(s.emend().args(["status", "udhr", "fr", "--show"]));
    assert!(
        shown.contains("@@ 5¶1 · stale: en 5¶1 changed in"),
        "{shown}"
    );
    assert!(
        shown.contains("No one shall {+ever +}be subjected"),
        "{shown}"
    );
    // Below the source's change, the translation as it reads now.
    assert!(
        shown.contains("be subjected to torture or to cruel, inhuman or degrading treatment or punishment.\n  fr now: Nul ne sera soumis à la torture"),
        "{shown}"
    );

    // The translator updates Article 5: only 11/2 stays stale.
    let fr_path = s.store_file("translations/udhr/fr.md");
    let fr_text = fs::read_to_string(&fr_path).unwrap().replace(
        "Nul ne sera soumis à la torture",
        "Nul ne sera jamais soumis à la torture",
    );
    fs::write(&fr_path, fr_text).unwrap();
    s.emend()
        .args(["update", "udhr", "fr", "-m", "follow article 5"])
        .assert()
        .success();
    let v = json_of(s.emend().args(["status", "udhr", "fr", "--format", "json"]));
    let keys: Vec<&str> = v["documents"][0]["versions"][0]["stale"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["11/2"]);
}

#[test]
fn status_reports_approval_and_open_proposals() {
    let s = with_proposal();
    s.emend()
        .args(["approve", DOC, "en-wilson"])
        .assert()
        .success();
    let path = s.store_file(&format!("translations/{DOC}/en-wilson.md"));
    fs::write(
        &path,
        telegram_text("en-wilson").replace("Received by Petrova", "Received by N. Petrova"),
    )
    .unwrap();
    s.emend()
        .args(["update", DOC, "en-wilson"])
        .assert()
        .success();
    let text = stdout_of(s.emend().args(["status", DOC]));
    assert!(
        text.contains("1 row changed since") && text.contains("proposals: fix-scan"),
        "{text}"
    );
    let v = json_of(s.emend().args(["status", "--format", "json"]));
    let w = &v["documents"][0]["versions"][0];
    assert_eq!(w["rows_since_approval"], 1);
    assert_eq!(w["proposals"], serde_json::json!(["fix-scan"]));
}

#[test]
fn blame_ignores_renumbering_and_credits_reviews() {
    let s = with_proposal();
    s.emend()
        .args(["review", "fix-scan", "--accept", "all", "--author", EDITOR])
        .assert()
        .success();
    let review_commit = s
        .git(&["rev-parse", "--short=7", "HEAD"])
        .trim()
        .to_string();
    // Someone deletes point 1: points 2-5 are renumbered 1-4, their words unchanged.
    let path = s.store_file(&format!("translations/{DOC}/en-wilson.md"));
    let text = fs::read_to_string(&path).unwrap();
    let start = text.find("- 1. As is evident").unwrap();
    let end = text.find("- 2. The information").unwrap();
    let renumbered = format!("{}{}", &text[..start], &text[end..])
        .replacen("- 2. The information", "- 1. The information", 1)
        .replacen("- 3. The Soviet", "- 2. The Soviet", 1)
        .replacen("- 4. The Soviet", "- 3. The Soviet", 1)
        .replacen("- 5. It is evident", "- 4. It is evident", 1);
    fs::write(&path, renumbered).unwrap();
    s.emend()
        .args([
            "update",
            DOC,
            "en-wilson",
            "-m",
            "drop point 1",
            "--author",
            "Boris Cutter <boris@example.org>",
        ])
        .assert()
        .success();

    let v = json_of(
        s.emend()
            .args(["blame", DOC, "en-wilson", "--format", "json"]),
    );
    let segs = v["segments"].as_array().unwrap();
    let of = |key: &str| {
        segs.iter()
            .find(|x| x["key"] == key)
            .unwrap_or_else(|| panic!("{key}"))
    };
    // Point 1 now is the old point 2: renumbering is not a change, so its words date from the add.
    assert_eq!(of("1")["message"], "add en-wilson to telegram-1945-11-11");
    assert_eq!(of("1")["author"], "Ada Translator");
    // The lapan paragraph (now 1¶5) came in through the review.
    let lapan = of("1¶5");
    assert_eq!(lapan["commit"].as_str().unwrap()[..7], review_commit);
    assert_eq!(lapan["author"], "Eddie Editor");
    assert_eq!(lapan["proposal"], "fix-scan");
    assert_eq!(lapan["proposer"], TRANSLATOR);
    let text = stdout_of(s.emend().args(["blame", DOC, "en-wilson"]));
    assert!(
        text.contains("Eddie Editor (review of fix-scan by Tanya Translator)"),
        "{text}"
    );
    // As it was before point 1 went: the old numbering, the same commits for the same words.
    let v = json_of(
        s.emend()
            .args(["blame", DOC, "en-wilson@HEAD~1", "--format", "json"]),
    );
    let before = v["segments"].as_array().unwrap();
    let at = |key: &str| {
        before
            .iter()
            .find(|x| x["key"] == key)
            .unwrap_or_else(|| panic!("{key}"))
    };
    assert_eq!(at("2¶5")["commit"], lapan["commit"]);
    assert_eq!(at("1")["message"], "add en-wilson to telegram-1945-11-11");
    assert!(before.iter().all(|x| x["author"] != "Boris Cutter"));
    assert_eq!(v["version"], "en-wilson");
    // One point's segments alone, in JSON and in text; a point it does not have is refused.
    let v = json_of(s.emend().args([
        "blame",
        DOC,
        "en-wilson",
        "--under",
        "1",
        "--format",
        "json",
    ]));
    let keys: Vec<&str> = v["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["key"].as_str().unwrap())
        .collect();
    assert!(
        keys.len() > 1 && keys.iter().all(|k| *k == "1" || k.starts_with("1¶")),
        "{keys:?}"
    );
    assert!(keys.contains(&"1¶5"), "{keys:?}");
    let text = stdout_of(
        s.emend()
            .args(["blame", DOC, "en-wilson", "--under", "1¶5"]),
    );
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.contains("(review of fix-scan by Tanya Translator)"),
        "{text}"
    );
    let err = stderr_of(
        s.emend().args(["blame", DOC, "en-wilson", "--under", "5"]),
        2,
    );
    assert!(err.contains("has no segment with key \"5\""), "{err}");
}
