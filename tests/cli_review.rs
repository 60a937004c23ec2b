//! Reviews that are always right, through the real binary: renumbering,
//! changes taken in part, records that are never rewritten, the state of
//! proposals, stale segments, `--force`, and similarity percentages.

mod common;

use std::fs;

use common::{TestStore, json_of, review_records, stderr_of, stdout_of, telegram_text};

const DOC: &str = "telegram-1945-11-11";
const EDITOR: &str = "Eddie Editor <eddie@example.org>";
const WILSON: &str = "translations/telegram-1945-11-11/en-wilson.md";

/// The telegram as published, with a proposal `name` whose text is `text`.
fn telegram_proposing(name: &str, text: &str) -> TestStore {
    common::telegram_proposing(name, text, "a proposal")
}

fn propose(s: &TestStore, name: &str, text: &str) {
    common::propose(s, name, text, "a proposal");
}

fn current(s: &TestStore) -> String {
    fs::read_to_string(s.store_file(WILSON)).unwrap()
}

/// The point labels of a text, in order (`- 1.` → `1`).
fn labels(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("- "))
        .filter_map(|l| l.split_once(". "))
        .map(|(n, _)| n.to_string())
        .collect()
}

/// The telegram with point 2 (and its later paragraphs) deleted and points
/// 3-5 renumbered 2-4, one word changed in the new point 3, and a blank line
/// at the end: `tests/cases/deleted-point-renumbered` as a whole file.
fn without_point_2() -> String {
    let text = telegram_text("en-wilson");
    let start = text.find("- 2. The information").unwrap();
    let end = text.find("- 3. The Soviet").unwrap();
    let cut = format!("{}{}", &text[..start], &text[end..])
        .replacen("- 3. The Soviet", "- 2. The Soviet", 1)
        .replacen("- 4. The Soviet", "- 3. The Soviet", 1)
        .replacen("- 5. It is evident", "- 4. It is evident", 1)
        .replacen(
            "voting procedure in the Security",
            "voting procedure of the Security",
            1,
        );
    format!("{cut}\n")
}

#[test]
fn accepting_a_renumbering_proposal_gives_exactly_its_text() {
    let proposed = without_point_2();
    let s = telegram_proposing("drop-2", &proposed);
    let out = stdout_of(s.emend().args(["review", "drop-2", "--accept", "all"]));
    assert!(out.contains("every row is decided"), "{out}");
    // Renumbered points, and the blank line at the end, as proposed.
    assert_eq!(current(&s), proposed);
    assert_eq!(labels(&current(&s)), ["1", "2", "3", "4"]);
}

#[test]
fn a_rejected_deletion_keeps_its_point_and_the_numbers_stay_in_sequence() {
    let s = telegram_proposing("drop-2", &without_point_2());
    // Keep point 2 (reject its deletion), take the reworded point.
    let out = stdout_of(s.emend().args([
        "review", "drop-2", "--reject", "all", "--accept", "4", "--author", EDITOR,
    ]));
    assert!(out.contains("4 → 3: accepted"), "{out}");
    let text = current(&s);
    assert_eq!(labels(&text), ["1", "2", "3", "4", "5"]);
    assert!(
        out.contains("renumbered to keep the sequence: 3 → 4"),
        "{out}"
    );
    assert!(text.contains("- 2. The information of the US Government"));
    assert!(text.contains("- 4. The Soviet Government also considers it advisable"));
    assert!(text.contains("voting procedure of the Security Council"));
    // Everything else is as it was.
    assert_eq!(
        text,
        telegram_text("en-wilson").replacen(
            "voting procedure in the Security",
            "voting procedure of the Security",
            1
        )
    );
}

#[test]
fn a_point_split_in_two_is_accepted_with_two_numbers() {
    let text = telegram_text("en-wilson");
    let proposed = text
        .replacen("- 5. It is evident", "- 6. It is evident", 1)
        .replacen(
            "Far East Consultative Commission. This principle",
            "Far East Consultative Commission.\n- 5. This principle",
            1,
        );
    let s = telegram_proposing("split-4", &proposed);
    stdout_of(s.emend().args(["review", "split-4", "--accept", "all"]));
    assert_eq!(labels(&current(&s)), ["1", "2", "3", "4", "5", "6"]);
    assert_eq!(current(&s), proposed);
}

#[test]
fn list_shows_the_rows_to_decide_and_writes_nothing() {
    let s = telegram_proposing("drop-2", &without_point_2());
    let head = s.git(&["rev-parse", "HEAD"]);
    let rows = stdout_of(s.emend().args(["review", "drop-2", "--list"]));
    assert!(
        rows.contains("2 · removed") && rows.contains("4 → 3 · changed"),
        "{rows}"
    );
    assert!(
        !rows.contains("5 → 4"),
        "renumbering alone is not a row: {rows}"
    );
    assert_eq!(s.git(&["rev-parse", "HEAD"]), head);
    let s = telegram_proposing(
        "split-4",
        &telegram_text("en-wilson").replacen(
            "Far East Consultative Commission. This principle",
            "Far East Consultative Commission.\n- 5. This principle",
            1,
        ),
    );
    let rows = stdout_of(s.emend().args(["review", "split-4", "--list"]));
    assert!(rows.contains("4 → 4 + 5 · split"), "{rows}");
}

/// Two translators propose the same correction; once the first is accepted, the second
/// has nothing left to decide, and both `proposals` and `--list` say a review closes it.
#[test]
fn a_proposal_whose_changes_the_current_text_has_says_a_review_closes_it() {
    let fixed = telegram_text("en-wilson").replacen("lapan", "Japan", 1);
    assert_ne!(fixed, telegram_text("en-wilson"));
    let s = telegram_proposing("first", &fixed);
    propose(&s, "second", &fixed);
    s.emend()
        .args(["review", "first", "--accept", "all", "--author", EDITOR])
        .assert()
        .success();
    let listed = stdout_of(s.emend().args(["proposals"]));
    assert!(
        listed.contains(
            "1 row changed: 0 undecided, 0 in conflict · nothing left to decide: a review closes it"
        ),
        "{listed}"
    );
    let rows = stdout_of(s.emend().args(["review", "second", "--list"]));
    assert!(
        rows.contains("0 rows to decide (1 already in the current text): a review with nothing to decide closes the proposal"),
        "{rows}"
    );
    let out = stdout_of(
        s.emend()
            .args(["review", "second", "--accept", "all", "--author", EDITOR]),
    );
    assert!(out.contains("proposal second is closed"), "{out}");
    assert_eq!(
        stdout_of(s.emend().args(["proposals"])).trim(),
        "no open proposals"
    );
}

#[test]
fn status_shows_stale_segments_of_every_version_of_a_document() {
    let s = common::telegram_with_proposal();
    let out = stdout_of(s.emend().args(["status", DOC, "--show"]));
    assert!(out.starts_with("telegram-1945-11-11\n  en-wilson"), "{out}");
    let out = stdout_of(s.emend().args(["status", "--show"]));
    assert!(out.contains("en-wilson"), "{out}");
}

#[test]
fn some_changes_of_a_paragraph_are_taken_and_the_record_says_which() {
    let s = common::telegram_with_proposal();
    let list = stdout_of(s.emend().args(["review", "fix-scan", "--list"]));
    assert!(list.contains("5 rows to decide"), "{list}");
    assert!(
        list.contains("   1  \"Telegram via [-VcH-]{+VCh+} from Stalin to Cde.…\n")
            && list.contains(
                "   2  …op. 11, d. 98, [-II-]{+ll+}. 0102-0105. Contributed by Sergey…\n"
            ),
        "{list}"
    );
    let out = stdout_of(s.emend().args([
        "review",
        "fix-scan",
        "--accept-changes",
        "citation¶1=1",
        "--reject",
        "citation¶2",
        "--reason",
        "keep the link as published",
        "--author",
        EDITOR,
    ]));
    assert!(
        out.contains("citation¶1: partly accepted (change 1 of 2 taken)\n")
            && out.contains("citation¶2: rejected (keep the link as published)\n"),
        "{out}"
    );
    assert!(
        out.contains("review fix-scan: 0 accepted, 1 rejected, 1 partly accepted"),
        "{out}"
    );
    let text = current(&s);
    assert!(text.contains("\"Telegram via VCh from Stalin to Cde. Molotov\", November 11, 1945"));
    assert!(text.contains("d. 98, II. 0102-0105"), "change 2 not taken");
    let rec = review_records(&s, DOC, "fix-scan").pop().unwrap();
    let row = common::row_of(&rec, "citation¶1");
    assert_eq!(row["decision"], "partial");
    assert_eq!(row["taken"], serde_json::json!([1]));
    assert!(row["text"].as_str().unwrap().contains("via VCh from"));
    assert_eq!(rec["summary"]["partial"], 1);
    // The flag form is checked: unknown numbers, rows taken whole.
    let err = stderr_of(
        s.emend()
            .args(["review", "fix-scan", "--accept-changes", "2¶6=3"]),
        2,
    );
    assert!(err.contains("row 2¶6 has changes 1 to 1, not 3"), "{err}");
    let err = stderr_of(
        s.emend()
            .args(["review", "fix-scan", "--accept-changes", "2¶4=1"]),
        2,
    );
    assert!(
        err.contains("is merged: it is accepted or rejected whole"),
        "{err}"
    );
    let err = stderr_of(
        s.emend()
            .args(["review", "fix-scan", "--accept-changes", "2¶6"]),
        2,
    );
    assert!(err.contains("write it as KEY=N,..."), "{err}");
}

/// The title page of an IETF draft (draft-wilde-sunset-header-03, from the
/// IETF datatracker; revision 04 changed its dates), columns lined up with spaces.
const DRAFT_03: &str = "Network Working Group                                           E. Wilde
Internet-Draft                                           CA Technologies
Intended status: Standards Track                          August 3, 2017
Expires: February 4, 2018

                         The Sunset HTTP Header
";

#[test]
fn a_change_taken_in_part_keeps_the_lines_of_its_paragraph() {
    let s = TestStore::new();
    let f = s.file("03.txt", DRAFT_03);
    s.emend()
        .args(["add", "sunset", "draft", &f, "--lang", "en"])
        .assert()
        .success();
    let draft_04 = DRAFT_03
        .replace("August 3, 2017", "November 12, 2017")
        .replace("February 4, 2018", "May 16, 2018");
    let f = s.file("04.txt", &draft_04);
    s.emend()
        .args(["propose", "sunset", "draft", &f, "--name", "r04"])
        .assert()
        .success();
    let out = stdout_of(
        s.emend()
            .args(["review", "r04", "--accept-changes", "¶1=1"]),
    );
    assert!(
        out.contains("¶1: partly accepted (change 1 of 2 taken)"),
        "{out}"
    );
    let text = fs::read_to_string(s.store_file("translations/sunset/draft.md")).unwrap();
    assert_eq!(
        text,
        DRAFT_03.replace("August 3, 2017", "November 12, 2017"),
        "only the date taken changed; the lines and columns are as they were"
    );
}

/// The fix-scan proposal with main's "lapan" paragraph annotated meanwhile, so
/// that its row conflicts.
fn with_conflict() -> TestStore {
    let s = common::telegram_with_proposal();
    fs::write(
        s.store_file(WILSON),
        telegram_text("en-wilson").replace("in lapan.", "in lapan [sic]."),
    )
    .unwrap();
    s.emend()
        .args(["update", DOC, "en-wilson", "-m", "mark the misprint"])
        .assert()
        .success();
    s
}

#[test]
fn a_second_pass_adds_a_record_and_never_rewrites_the_first() {
    let s = with_conflict();
    let out = stdout_of(
        s.emend()
            .args(["review", "fix-scan", "--accept", "all", "--author", EDITOR]),
    );
    assert!(
        out.contains("4 accepted, 0 rejected, 0 edited, 0 undecided, 1 in conflict"),
        "{out}"
    );
    let first = review_records(&s, DOC, "fix-scan");
    assert_eq!(first.len(), 1);
    assert_eq!(first[0]["reviewer"], EDITOR);
    // Accepting again decides nothing: nothing is written, and says why.
    let head = s.git(&["rev-parse", "HEAD"]);
    let out = stdout_of(s.emend().args(["review", "fix-scan", "--accept", "all"]));
    assert!(
        out.contains(
            "nothing written: no row of fix-scan was decided; waiting: 2¶6 → 2¶5 (conflict)"
        ),
        "{out}"
    );
    assert_eq!(s.git(&["rev-parse", "HEAD"]), head);
    // Another decision for a row decided then is refused, and with it the
    // whole pass: the conflicting row named beside it stays undecided.
    let err = stderr_of(
        s.emend()
            .args(["review", "fix-scan", "--reject", "citation¶2,2¶6"]),
        2,
    );
    assert!(
        err.contains(
            "row citation¶2 of proposal fix-scan was accepted in an earlier review; a decision, once recorded, stands"
        ),
        "{err}"
    );
    let edit = s.file("mine.md", "My own citation.\n");
    let err = stderr_of(
        s.emend()
            .args(["review", "fix-scan", "--edit", &format!("2¶3={edit}")]),
        2,
    );
    assert!(
        err.contains("row 2¶3 of proposal fix-scan was accepted"),
        "{err}"
    );
    assert_eq!(s.git(&["rev-parse", "HEAD"]), head);
    assert_eq!(review_records(&s, DOC, "fix-scan"), first);
    // A key of no row lists the rows still to decide apart from those decided.
    let err = stderr_of(s.emend().args(["review", "fix-scan", "--accept", "9¶9"]), 2);
    assert!(
        err.contains("its changed rows are: 2¶6 → 2¶5 (decided in an earlier review: "),
        "{err}"
    );
    // A second reviewer rejects the conflicting row: a second record.
    let out = stdout_of(s.emend().args([
        "review",
        "fix-scan",
        "--reject",
        "2¶6",
        "--author",
        "Boris Editor <boris@example.org>",
    ]));
    assert!(
        out.contains(
            "review fix-scan: 0 accepted, 1 rejected, 0 edited, 0 undecided, 0 in conflict"
        ),
        "{out}"
    );
    assert!(
        out.contains("4 rows were decided in earlier reviews"),
        "{out}"
    );
    let all = review_records(&s, DOC, "fix-scan");
    assert_eq!(all.len(), 2);
    assert_eq!(all[0], first[0], "the first record is untouched");
    let second = &all[1];
    assert_eq!(second["reviewer"], "Boris Editor <boris@example.org>");
    assert_eq!(second["rows"].as_array().unwrap().len(), 1);
    assert_eq!(second["rows"][0]["decision"], "rejected");
    assert_eq!(second["summary"]["rejected"], 1);
    assert_eq!(second["summary"]["accepted"], 0);
    assert_eq!(second["closed"], true);
    // The first record's file was not touched by the second commit.
    let touched = s.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(touched.lines().count(), 1, "{touched}");
}

#[test]
fn a_reused_name_gets_new_records_and_the_old_ones_stay() {
    let s = common::telegram_with_proposal();
    stdout_of(
        s.emend()
            .args(["review", "fix-scan", "--accept", "all", "--author", EDITOR]),
    );
    let first = review_records(&s, DOC, "fix-scan");
    assert_eq!(first.len(), 1);
    // Later, a new proposal under the same name.
    let again = current(&s).replace("Sent by Poskrebyshev.", "Sent by A. N. Poskrebyshev.");
    propose(&s, "fix-scan", &again);
    let out = stdout_of(s.emend().arg("proposals"));
    assert!(
        out.contains("1 row changed: 1 undecided, 0 in conflict"),
        "{out}"
    );
    assert!(
        !out.contains("decided ·") && !out.contains("revised"),
        "{out}"
    );
    stdout_of(s.emend().args(["review", "fix-scan", "--accept", "all"]));
    assert_eq!(current(&s), again);
    let all = review_records(&s, DOC, "fix-scan");
    assert_eq!(all.len(), 2);
    assert_eq!(all[0], first[0]);
    assert_eq!(all[1]["rows"].as_array().unwrap().len(), 1);
    assert_ne!(all[0]["base"], all[1]["base"]);
}

#[test]
fn a_closed_proposal_whose_branch_is_left_over_is_not_reviewed_again() {
    let s = common::telegram_with_proposal();
    let tip = s.git(&["rev-parse", "proposals/fix-scan"]);
    stdout_of(
        s.emend()
            .args(["review", "fix-scan", "--accept", "all", "--author", EDITOR]),
    );
    // The branch comes back, as from a clone that still has it.
    s.git(&["branch", "proposals/fix-scan", tip.trim()]);
    let head = s.git(&["rev-parse", "HEAD"]);
    let err = stderr_of(s.emend().args(["review", "fix-scan", "--reject", "all"]), 2);
    assert!(
        err.contains("proposal fix-scan is closed: every row of its tip")
            && err.contains("by Eddie Editor <eddie@example.org>")
            && err.contains("git branch -D proposals/fix-scan"),
        "{err}"
    );
    assert_eq!(s.git(&["rev-parse", "HEAD"]), head, "nothing written");
    assert_eq!(review_records(&s, DOC, "fix-scan").len(), 1);
    let out = stdout_of(s.emend().arg("proposals"));
    assert!(
        out.contains("closed: every row decided; its branch is left over"),
        "{out}"
    );
    let v = json_of(s.emend().args(["proposals", "--format", "json"]));
    assert_eq!(v["proposals"][0]["state"], "closed");
    // Its Word document is still written, with no row left to note.
    let err = common::stderr_of(
        s.emend()
            .args(["proposals", "--docx", "fix-scan", "-o"])
            .arg(s.dir.path().join("closed.docx")),
        0,
    );
    assert!(!err.contains("note:"), "{err}");
    // Its branch gone, the name still says what happened.
    s.git(&["branch", "-D", "proposals/fix-scan"]);
    let err = stderr_of(s.emend().args(["review", "fix-scan", "--accept", "all"]), 2);
    assert!(err.contains("proposal fix-scan is closed"), "{err}");
    // status lists only open proposals.
    s.git(&["branch", "proposals/fix-scan", tip.trim()]);
    assert!(!stdout_of(s.emend().args(["status", DOC])).contains("proposals:"));
}

#[test]
fn proposals_show_rows_undecided_in_conflict_and_revisions() {
    let s = with_conflict();
    let out = stdout_of(s.emend().arg("proposals"));
    assert!(
        out.contains("5 rows changed: 5 undecided, 1 in conflict"),
        "{out}"
    );
    stdout_of(s.emend().args(["review", "fix-scan", "--accept", "all"]));
    let out = stdout_of(s.emend().arg("proposals"));
    assert!(
        out.contains("5 rows changed: 1 undecided, 1 in conflict · 4 decided"),
        "{out}"
    );
    let v = json_of(s.emend().args(["proposals", "--format", "json"]));
    let p = &v["proposals"][0];
    assert_eq!(
        (
            p["state"].as_str(),
            p["undecided"].as_u64(),
            p["conflicts"].as_u64()
        ),
        (Some("partly decided"), Some(1), Some(1))
    );
    assert_eq!(p["revised"], false);
    // The translator revises the proposal: only the new change is open.
    let tip = s.git(&[
        "show",
        "proposals/fix-scan:translations/telegram-1945-11-11/en-wilson.md",
    ]);
    propose(
        &s,
        "fix-scan",
        &tip.replace("Received by Petrova", "Received by N. Petrova"),
    );
    let out = stdout_of(s.emend().arg("proposals"));
    assert!(
        out.contains(
            "6 rows changed: 2 undecided, 1 in conflict · 4 decided · revised since the review of"
        ),
        "{out}"
    );
    let list = stdout_of(s.emend().args(["review", "fix-scan", "--list"]));
    assert!(
        list.contains("2 rows to decide (4 decided in earlier reviews)"),
        "{list}"
    );
    let out = stdout_of(
        s.emend()
            .args(["review", "fix-scan", "--accept", "all", "--reject", "2¶6"]),
    );
    assert!(out.contains("1 accepted, 1 rejected"), "{out}");
    assert!(current(&s).contains("Received by N. Petrova"));
    assert_eq!(
        stdout_of(s.emend().arg("proposals")).trim(),
        "no open proposals"
    );
}

#[test]
fn records_of_the_old_single_file_layout_are_still_read() {
    let s = with_conflict();
    stdout_of(
        s.emend()
            .args(["review", "fix-scan", "--accept", "all", "--author", EDITOR]),
    );
    // Make it a store of the old layout: one reviews/NAME.json.
    let dir = format!("translations/{DOC}/reviews");
    let file = s.git(&[
        "ls-tree",
        "--name-only",
        "HEAD",
        &format!("{dir}/fix-scan/"),
    ]);
    s.git(&["mv", file.trim(), &format!("{dir}/fix-scan.json")]);
    s.git(&["commit", "-qm", "an older emend's record"]);
    let old = s.git(&["show", &format!("HEAD:{dir}/fix-scan.json")]);
    let out = stdout_of(s.emend().arg("proposals"));
    assert!(
        out.contains("1 undecided, 1 in conflict · 4 decided"),
        "{out}"
    );
    let out = stdout_of(s.emend().args(["review", "fix-scan", "--reject", "all"]));
    assert!(
        out.contains("0 accepted, 1 rejected")
            && out.contains("4 rows were decided in earlier reviews"),
        "{out}"
    );
    assert_eq!(
        s.git(&["show", &format!("HEAD:{dir}/fix-scan.json")]),
        old,
        "never rewritten"
    );
    assert_eq!(
        review_records(&s, DOC, "fix-scan").len(),
        1,
        "the new one in the new layout"
    );
}

#[test]
fn a_draft_that_already_has_its_sources_new_text_is_not_stale() {
    // The draft's corrections go into the source through a review, all but one.
    let s = telegram_proposing("fix-scan", &telegram_text("en-corrected"));
    let corrected = s.file("en-corrected.md", &telegram_text("en-corrected"));
    s.emend()
        .args(["add", DOC, "en-corrected", &corrected])
        .args(["--lang", "en", "--role", "draft", "--from", "en-wilson"])
        .assert()
        .success();
    stdout_of(s.emend().args([
        "review",
        "fix-scan",
        "--accept",
        "all",
        "--reject",
        "citation¶2",
    ]));
    let text = stdout_of(s.emend().args(["status", DOC]));
    assert!(text.contains("up to date with its source"), "{text}");
    // A real change of the source still makes the draft stale.
    fs::write(
        s.store_file(WILSON),
        current(&s).replace("Sent by Poskrebyshev.", "Sent by A. N. Poskrebyshev."),
    )
    .unwrap();
    s.emend()
        .args(["update", DOC, "en-wilson", "-m", "initials"])
        .assert()
        .success();
    let v = json_of(
        s.emend()
            .args(["status", DOC, "en-corrected", "--format", "json"]),
    );
    let stale = v["documents"][0]["versions"][0]["stale"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(stale.len(), 1, "{stale:?}");
    // --show without a version shows every version's stale segments.
    let shown = stdout_of(s.emend().args(["status", DOC, "--show"]));
    assert!(shown.contains("Sent by {+A. N. +}Poskrebyshev."), "{shown}");
}

#[test]
fn review_and_approve_take_the_force_they_ask_for() {
    let s = common::telegram_with_proposal();
    fs::write(s.store_file(WILSON), "my own unsaved edits\n").unwrap();
    let err = stderr_of(s.emend().args(["review", "fix-scan", "--accept", "all"]), 2);
    assert!(err.contains("pass --force"), "{err}");
    assert_eq!(current(&s), "my own unsaved edits\n", "nothing lost");
    stdout_of(
        s.emend()
            .args(["review", "fix-scan", "--accept", "all", "--force"]),
    );
    assert_eq!(current(&s), telegram_text("en-corrected"));
    // An approval writes only a new record file: edits of the old approvals.json are
    // neither in the way nor touched.
    let approvals = s.store_file(&format!("translations/{DOC}/approvals.json"));
    fs::write(&approvals, "{\"approvals\": []}\n").unwrap();
    stdout_of(s.emend().args(["approve", DOC, "en-wilson"]));
    assert_eq!(
        fs::read_to_string(&approvals).unwrap(),
        "{\"approvals\": []}\n"
    );
    assert_eq!(common::approval_records(&s, DOC).len(), 1);
}

#[test]
fn a_changed_row_never_reads_100_percent() {
    let s = TestStore::new();
    let para = "The reference of the US Government to the fact that such questions of principle will be discussed in the Far East Commission, and not in the Control Council, cannot be considered convincing.";
    let a = s.file("a.md", &format!("{para}\n"));
    let b = s.file(
        "b.md",
        &format!(
            "{}\n",
            para.replacen("Commission and", "Commission, and", 1)
                .replacen("Government to", "Government, to", 1)
        ),
    );
    let out = stdout_of(s.emend().args(["diff", "--files", &a, &b]));
    assert!(out.contains("@@ ¶1 · changed · 99%"), "{out}");
    let same = stdout_of(
        s.emend()
            .args(["diff", "--files", &a, &a, "--context", "1"]),
    );
    assert!(
        !same.contains("%"),
        "unchanged rows show no percentage: {same}"
    );
}

/// The bundled KJV Ruth with each chapter's verses in paragraphs of five.
fn ruth_in_paragraphs(kjv: &str) -> String {
    let mut out = String::new();
    let mut verses: Vec<&str> = Vec::new();
    let flush = |out: &mut String, verses: &mut Vec<&str>| {
        for group in verses.chunks(5) {
            out.push_str(&group.join(" "));
            out.push_str("\n\n");
        }
        verses.clear();
    };
    for line in kjv.lines().filter(|l| !l.is_empty()) {
        match line.split_once(". ") {
            Some((n, verse)) if n.parse::<u32>().is_ok() => verses.push(verse),
            _ => {
                flush(&mut out, &mut verses);
                out.push_str(line);
                out.push_str("\n\n");
            }
        }
    }
    flush(&mut out, &mut verses);
    out.trim_end().to_string() + "\n"
}

#[test]
fn one_paragraph_of_a_long_proposal_is_taken_and_the_rest_is_counted_not_listed() {
    let kjv = fs::read_to_string(common::sample("ruth", "kjv")).unwrap();
    let s = TestStore::new();
    let file = s.file("kjv.md", &kjv);
    s.emend()
        .args(["add", "ruth", "kjv", &file, "--lang", "en"])
        .assert()
        .success();
    let paragraphs = s.file("paras.md", &ruth_in_paragraphs(&kjv));
    s.emend()
        .args(["propose", "ruth", "kjv", &paragraphs, "--name", "paras"])
        .assert()
        .success();
    let out = stdout_of(s.emend().args(["review", "paras", "--accept", "1/6"]));
    let rows: Vec<&str> = out.lines().filter(|l| l.contains(" → ")).collect();
    // Ruth has 85 verses in 4 chapters: 19 paragraphs of up to five, of
    // which the one accepted and the first ten undecided are named.
    assert_eq!(rows.len(), 11, "{out}");
    assert!(rows[0].ends_with("→ 1¶1: undecided"), "{out}");
    assert!(rows[1].ends_with("→ 1¶2: accepted"), "{out}");
    assert!(out.contains("\n  and 8 more undecided\n"), "{out}");
    assert!(
        out.contains("1 accepted, 0 rejected, 0 edited, 18 undecided"),
        "{out}"
    );
    // Verses 1-5 and 11-22 keep their numbers around the new paragraph.
    let text = fs::read_to_string(s.store_file("translations/ruth/kjv.md")).unwrap();
    let chapter_1: Vec<&str> = text
        .split("## 2")
        .next()
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once(". ").map(|(n, _)| n))
        .filter(|n| n.parse::<u32>().is_ok())
        .collect();
    let expected: Vec<String> = (1..=5).chain(11..=22).map(|n| n.to_string()).collect();
    assert_eq!(chapter_1, expected);
}
