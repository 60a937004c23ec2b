//! A paragraph the current text changed since a proposal was made, in other
//! words than the proposal: through the real binary, the review shows both
//! sides' changes and accepting makes the proposal's in the current text; a
//! paragraph where both changed the same words stays a conflict.

mod common;

use std::fs;

use common::{TestStore, json_of, review_records, stdout_of, telegram_text};

const DOC: &str = "telegram-1945-11-11";
const WILSON: &str = "translations/telegram-1945-11-11/en-wilson.md";

/// The telegram's scanning-error proposal (`VcH` → `VCh` and `II` → `ll` in
/// the citation, `lapan` → `Japan` in point 2), after the current text
/// shortened the archive's name in the citation and marked the misprint.
fn changed_on_both_sides() -> TestStore {
    let s = common::telegram_with_proposal();
    let current = telegram_text("en-wilson")
        .replace("Wilson Center Digital Archive", "Wilson Center Archive")
        .replace("in lapan.", "in lapan [sic].");
    fs::write(s.store_file(WILSON), current).unwrap();
    s.emend()
        .args(["update", DOC, "en-wilson", "-m", "mended"])
        .assert()
        .success();
    s
}

fn current(s: &TestStore) -> String {
    fs::read_to_string(s.store_file(WILSON)).unwrap()
}

/// The citation line of a text.
fn citation(text: &str) -> &str {
    text.lines()
        .find(|l| l.contains("November 11, 1945, Wilson Center"))
        .unwrap()
}

#[test]
fn the_list_shows_what_the_current_text_changed_and_only_the_same_words_conflict() {
    let s = changed_on_both_sides();
    let out = stdout_of(s.emend().args(["review", "fix-scan", "--list"]));
    let citation = out
        .split("\n\n")
        .find(|b| b.starts_with("citation¶1 "))
        .unwrap();
    assert!(
        citation.contains(
            "the current text changed other words of this paragraph since the proposal was made:\n  \"Telegram via VcH from Stalin to Cde. Molotov\", November 11, 1945, Wilson Center [-Digital -]Archive,"
        ),
        "{out}"
    );
    assert!(
        citation.contains("the proposal's changes, which accepting makes in it:"),
        "{out}"
    );
    let lapan = out
        .split("\n\n")
        .find(|b| b.starts_with("2¶6 → 2¶5"))
        .unwrap();
    assert!(
        lapan.contains("conflict: the current text changed the same words since the proposal was made:\n  … ")
            && lapan.contains(
                " in lapan{+ [sic]+}.\nthe proposal's changes, which cannot be accepted as they are (reject, edit, or skip):\n"
            ),
        "{out}"
    );
    let listed = json_of(s.emend().args(["proposals", "--format", "json"]));
    assert_eq!(listed["proposals"][0]["undecided"], 5, "{listed}");
    assert_eq!(listed["proposals"][0]["conflicts"], 1, "{listed}");
}

#[test]
fn accepting_makes_the_proposals_changes_in_the_current_text() {
    let s = changed_on_both_sides();
    let out = stdout_of(s.emend().args(["review", "fix-scan", "--accept", "all"]));
    assert!(
        out.contains(
            "  citation¶1: accepted (made in the current text, which had changed other words of it)\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("4 accepted, 0 rejected, 0 edited, 0 undecided, 1 in conflict"),
        "{out}"
    );
    let text = current(&s);
    assert_eq!(
        citation(&text),
        citation(&telegram_text("en-corrected"))
            .replace("Wilson Center Digital Archive", "Wilson Center Archive")
    );
    // The conflict is left as the current text has it.
    assert!(text.contains("in lapan [sic]."), "{text}");
    let record = &review_records(&s, DOC, "fix-scan")[0];
    let row = common::row_of(record, "citation¶1");
    assert_eq!(row["decision"], "accepted");
    assert_eq!(row["apart"], true);
    assert_eq!(row["text"].as_str(), Some(citation(&text)));
}

#[test]
fn some_changes_are_taken_into_the_current_text_and_the_others_not() {
    let s = changed_on_both_sides();
    let out = stdout_of(
        s.emend()
            .args(["review", "fix-scan", "--accept-changes", "citation¶1=2"]),
    );
    assert!(
        out.contains("  citation¶1: partly accepted (change 2 of 2 taken) (made in the current text, which had changed other words of it)"),
        "{out}"
    );
    let text = current(&s);
    let line = citation(&text);
    assert!(line.contains("via VcH from"), "{line}");
    assert!(line.contains("Wilson Center Archive, RGASPI"), "{line}");
    assert!(line.contains("d. 98, ll. 0102"), "{line}");
    let record = &review_records(&s, DOC, "fix-scan")[0];
    let row = common::row_of(record, "citation¶1");
    assert_eq!(row["decision"], "partial", "{record}");
    assert_eq!(row["taken"], serde_json::json!([2]));
    assert_eq!(row["apart"], true);
}
