//! Plain text with no Markdown structure, through the real binary: CC BY 4.0's
//! legal code as rendered from the web, in CC's own plain-text edition, and in
//! Japanese (`tests/fixtures/plain/`, sources in its README).

mod common;

use std::path::PathBuf;

use common::{emend, json_of, project, shown_segments};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    project().join("tests/fixtures/plain").join(name)
}

fn diff_json(a: &str, b: &str) -> Value {
    json_of(
        emend(&project())
            .args(["diff", "--files", "--format", "json"])
            .arg(fixture(a))
            .arg(fixture(b)),
    )
}

/// The keys and kinds of a file's segments, as `show --file` gives them.
fn segments(name: &str) -> Vec<(String, String)> {
    let path = fixture(name);
    shown_segments(&["--file", path.to_str().unwrap()], &["key", "kind"])
        .into_iter()
        .map(|f| (f[0].clone(), f[1].clone()))
        .collect()
}

#[test]
fn the_plain_text_edition_pairs_its_indented_notes_with_the_web_texts_paragraphs() {
    let v = diff_json("cc-by-4.0.en.txt", "cc-by-4.0.en.official-plaintext.txt");
    let rows = v["rows"].as_array().unwrap();
    // The two notes, indented five spaces in CC's edition, are paragraphs that differ
    // by a few words from the web text's, not one code block added and two removed.
    // The edition's rules (`=====` lines) are breaks, not paragraphs: its paragraphs
    // are numbered as the web text's are.
    for (a, b) in [("¶5", "¶5"), ("¶6", "¶6")] {
        let row = rows
            .iter()
            .find(|r| r["a"] == serde_json::json!([a]))
            .unwrap_or_else(|| panic!("no row for {a}"));
        assert_eq!(row["b"], serde_json::json!([b]), "{row}");
        assert_eq!(row["status"], "changed", "{row}");
        assert!(row["similarity"].as_f64().unwrap() > 0.9, "{row}");
    }
    assert_eq!(v["summary"]["removed"], 0, "{}", v["summary"]);
    let kinds = segments("cc-by-4.0.en.official-plaintext.txt");
    assert!(kinds.iter().all(|(_, kind)| kind != "code"), "{kinds:?}");
    let breaks: Vec<&str> = kinds
        .iter()
        .filter(|(_, kind)| kind == "break")
        .map(|(key, _)| key.as_str())
        .collect();
    assert_eq!(breaks, ["break1", "break2", "8/break1"], "{kinds:?}");
    // Its roman numerals are right-aligned (`  ii.`, ` iii.`, `  iv.`): a deeper `iv.`
    // ends where `iii.` does, and is its sibling, not its point.
    let keys: Vec<&str> = kinds.iter().map(|(key, _)| key.as_str()).collect();
    for key in ["3/a/1/a/i", "3/a/1/a/iii", "3/a/1/a/iv", "3/a/1/a/v"] {
        assert!(keys.contains(&key), "{key}: {keys:?}");
    }
}

#[test]
fn numbered_sections_key_their_points_alike_in_english_japanese_and_arabic() {
    let (en, ja) = (segments("cc-by-4.0.en.txt"), segments("cc-by-4.0.ja.txt"));
    let ar = segments("cc-by-4.0.ar.txt");
    let headings = |s: &[(String, String)]| -> Vec<String> {
        s.iter()
            .filter(|(_, kind)| kind == "heading")
            .map(|(key, _)| key.clone())
            .collect()
    };
    assert_eq!(headings(&en), ["1", "2", "3", "4", "5", "6", "7", "8"]);
    assert_eq!(headings(&ja), headings(&en));
    // `القسم ١ : تعريفات:` … `القسم ٧- أحكام وشروط أخرى:`: Arabic-Indic numbers, one
    // dash against its number.
    assert_eq!(headings(&ar), headings(&en));
    // No key is made unique by a suffix: `3/a/1`, not `a/1~2`.
    for (key, _) in en.iter().chain(&ja).chain(&ar) {
        assert!(!key.contains('~'), "{key}");
    }
    let keys =
        |s: &[(String, String)]| -> Vec<String> { s.iter().map(|(k, _)| k.clone()).collect() };
    assert!(keys(&en).contains(&"3/a/1/A/i".to_string()), "{en:?}");
    // Across the languages every point pairs with the point of the same key.
    for other in ["cc-by-4.0.ja.txt", "cc-by-4.0.ar.txt"] {
        let v = diff_json("cc-by-4.0.en.txt", other);
        let mut paired = 0;
        for row in v["rows"].as_array().unwrap() {
            let (a, b) = (&row["a"], &row["b"]);
            if a.as_array().is_some_and(|k| k.len() == 1)
                && a[0].as_str().is_some_and(|k| k.contains('/'))
            {
                assert_eq!(a, b, "{other}: {row}");
                paired += 1;
            }
        }
        assert!(paired > 50, "{other}: {paired} points paired");
    }
}

/// A plain-text translation whose title a CAT tool corrected comes back still plain text:
/// the title written as the document writes titles (no `#`, which would make the whole
/// text Markdown and its indented points code), every other line as it was.
#[test]
fn a_title_corrected_in_xliff_keeps_a_plain_text_translation_plain() {
    let s = common::TestStore::new();
    let en = fixture("cc-by-4.0.en.txt").display().to_string();
    let ja = fixture("cc-by-4.0.ja.txt").display().to_string();
    s.emend()
        .args([
            "add", "cc-by", "en", &en, "--lang", "en", "--role", "original",
        ])
        .assert()
        .success();
    s.emend()
        .args(["add", "cc-by", "ja", &ja, "--lang", "ja", "--from", "en"])
        .assert()
        .success();
    let keys = |s: &common::TestStore| s.keys_and_kinds("cc-by", "ja");
    let before = keys(&s);
    let xlf = s.dir.path().join("ja.xlf");
    s.emend()
        .args(["export", "cc-by", "ja", "--format", "xliff", "-o"])
        .arg(&xlf)
        .assert()
        .success();
    let exported = std::fs::read_to_string(&xlf).unwrap();
    let corrected = exported.replacen(
        "<target>第1条 定義</target>",
        "<target>第1条 定義規定</target>",
        1,
    );
    assert_ne!(corrected, exported, "the title is a unit");
    let done = s.file("ja-done.xlf", &corrected);
    s.emend()
        .args(["update", "cc-by", "ja", &done, "-m", "title"])
        .assert()
        .success();
    let text = std::fs::read_to_string(s.store_file("translations/cc-by/ja.md")).unwrap();
    let original = std::fs::read_to_string(fixture("cc-by-4.0.ja.txt")).unwrap();
    assert_eq!(
        text,
        original.replacen("第1条 定義\n", "第1条 定義規定\n", 1)
    );
    assert_eq!(keys(&s), before);
}

/// An editor's own words for a plain-text title (`review --edit`) leave the points after it
/// as they were: read alone the new title is a paragraph, but in its place it still parts
/// Section 1's points (a. to k.) from Section 2's (a., b.).
#[test]
fn a_title_edited_in_review_keeps_the_labels_of_the_points_after_it() {
    let s = common::TestStore::new();
    let en = fixture("cc-by-4.0.en.txt");
    let original = std::fs::read_to_string(&en).unwrap();
    s.emend()
        .args(["add", "cc-by", "en", en.to_str().unwrap(), "--lang", "en"])
        .assert()
        .success();
    let proposed = s.file(
        "proposed.txt",
        &original.replace("Section 2 – Scope.", "Section 2 – Scope of the licence."),
    );
    s.emend()
        .args(["propose", "cc-by", "en", &proposed, "--name", "scope"])
        .assert()
        .success();
    let edit = s.file("title.txt", "Section 2 – Scope of this licence.\n");
    s.emend()
        .args(["review", "scope", "--edit", &format!("2={edit}")])
        .assert()
        .success();
    let text = std::fs::read_to_string(s.store_file("translations/cc-by/en.md")).unwrap();
    assert_eq!(
        text,
        original.replace("Section 2 – Scope.", "Section 2 – Scope of this licence.")
    );
}

/// CC BY 3.0 puts new definitions among 2.5's (`c. "Distribute"`), so each old
/// one moves a letter down, and grows two of one line into paragraphs of a hundred
/// and more words. Each old definition pairs with its successor, not with the
/// stranger that now holds its letter.
#[test]
fn a_definition_grown_to_a_paragraph_pairs_with_what_it_became() {
    let v = diff_json("cc-by-2.5-definitions.txt", "cc-by-3.0-definitions.txt");
    let rows = v["rows"].as_array().unwrap();
    let row_of = |a: &str| {
        rows.iter()
            .find(|r| r["a"] == serde_json::json!([a]))
            .unwrap_or_else(|| panic!("no row for {a}: {rows:?}"))
    };
    // `"Original Author" means the individual or entity who created the Work.` (11
    // words) and `"Work" means the copyrightable work of authorship offered under the
    // terms of this License.` (14), now 90 and 180 words.
    for (old, new, term) in [
        ("1/c", "1/d", "\"Licensor\""),
        ("1/d", "1/e", "\"Original Author\""),
        ("1/e", "1/f", "\"Work\""),
        ("1/f", "1/g", "\"You\""),
    ] {
        let row = row_of(old);
        assert_eq!(row["b"], serde_json::json!([new]), "{term}: {row}");
        // The text of B, rebuilt from the word ops, is the same definition (an
        // unchanged row has no ops: its text is A's).
        let Some(ops) = row["ops"].as_array() else {
            assert_eq!(row["status"], "unchanged", "{row}");
            continue;
        };
        let b: String = ops
            .iter()
            .filter(|op| op["op"] != "delete")
            .map(|op| op["text"].as_str().unwrap())
            .collect();
        assert!(b.starts_with(term), "{term}: {b}");
    }
    assert_eq!(v["summary"]["removed"], 0, "{}", v["summary"]);
}

/// A licence kept as plain text, its points indented under its sections, is exported
/// as plain text just as it is written: `1. Moral rights` under `b.` under Section 2
/// stays indented twice, not flush with the sections.
#[test]
fn a_plain_text_licence_exports_as_txt_byte_for_byte() {
    let s = common::TestStore::new();
    for (version, name) in [
        ("en", "cc-by-4.0.en.txt"),
        ("ja", "cc-by-4.0.ja.txt"),
        ("ar", "cc-by-4.0.ar.txt"),
    ] {
        s.emend()
            .args(["add", "cc-by", version])
            .arg(fixture(name))
            .args(["--lang", version])
            .assert()
            .success();
        let txt = s
            .emend()
            .args(["export", "cc-by", version, "--format", "txt"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let original = std::fs::read(fixture(name)).unwrap();
        assert!(txt == original, "{name}: {}", String::from_utf8_lossy(&txt));
    }
}
