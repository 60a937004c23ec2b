//! Paginated plain text: page furniture dropped, paragraphs cut by a page
//! joined, headings and tables of contents read from the layout. On four
//! unmodified IETF drafts and a paginated typescript of the telegram
//! (`tests/fixtures/pages/README.md`).

mod common;

use std::path::{Path, PathBuf};

use common::{emend, json_of, project, sample, stdout_of};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    project().join("tests/fixtures/pages").join(name)
}

fn draft(n: &str) -> PathBuf {
    fixture(&format!("draft-wilde-sunset-header-{n}.txt"))
}

/// `emend show --file FILE --format json` and extra arguments: the segments and what was dropped.
fn show(file: &Path, extra: &[&str]) -> Value {
    let dir = project();
    json_of(
        emend(&dir)
            .args(["show", "--format", "json", "--file"])
            .arg(file)
            .args(extra),
    )
}

fn segments(v: &Value) -> Vec<(String, String, String)> {
    let field = |s: &Value, f: &str| s[f].as_str().unwrap_or_default().to_string();
    let all = v["segments"].as_array().expect("segments");
    all.iter()
        .map(|s| (field(s, "key"), field(s, "kind"), field(s, "text")))
        .collect()
}

fn text_of<'a>(segs: &'a [(String, String, String)], key: &str) -> &'a str {
    segs.iter()
        .find(|s| s.0 == key)
        .map(|s| s.2.as_str())
        .unwrap_or_else(|| panic!("no segment {key}"))
}

/// Page furniture of the drafts as it reads once spaces are collapsed.
fn is_furniture_text(text: &str) -> bool {
    text.contains("[Page ")
        || text.contains("Internet-Draft Sunset Header")
        || text.contains('\u{c}')
}

/// `emend diff --files A B --format json` and extra arguments.
fn diff(a: &Path, b: &Path, extra: &[&str]) -> Value {
    let dir = project();
    json_of(
        emend(&dir)
            .args(["diff", "--files", "--format", "json"])
            .arg(a)
            .arg(b)
            .args(extra),
    )
}

/// A row's two sides rebuilt from its word operations.
fn sides(row: &Value) -> (String, String) {
    let (mut a, mut b) = (String::new(), String::new());
    for op in row["ops"].as_array().into_iter().flatten() {
        let t = op["text"].as_str().unwrap_or_default();
        match op["op"].as_str() {
            Some("equal") => {
                a.push_str(t);
                b.push_str(t);
            }
            Some("delete") => a.push_str(t),
            Some("insert") => b.push_str(t),
            _ => {}
        }
    }
    (a, b)
}

fn rows(v: &Value) -> Vec<&Value> {
    v["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["status"] != "unchanged")
        .collect()
}

#[test]
fn a_draft_is_read_without_its_page_furniture() {
    let v = show(&draft("03"), &[]);
    let segs = segments(&v);
    for (key, _, text) in &segs {
        assert!(!is_furniture_text(text), "{key} is furniture: {text}");
    }
    // The BCP 78 paragraph, cut by page 1, is one paragraph again.
    assert_eq!(
        text_of(&segs, "copyright-notice¶2"),
        "This document is subject to BCP 78 and the IETF Trust's Legal Provisions Relating to IETF Documents (http://trustee.ietf.org/license-info) in effect on the date of publication of this document. Please review these documents carefully, as they describe your rights and restrictions with respect to this document. Code Components extracted from this document must include Simplified BSD License text as described in Section 4.e of the Trust Legal Provisions and are provided without warranty as described in the Simplified BSD License."
    );
    // A paragraph ending short of the margin before a page break stays a paragraph of its own.
    assert_eq!(text_of(&segs, "3¶3"), "Sunset = HTTP-date");
    assert_eq!(text_of(&segs, "3¶4"), "For example");
}

#[test]
fn titles_over_indented_text_are_headings_keyed_by_section_number() {
    let segs = segments(&show(&draft("11"), &[]));
    let headings: Vec<(&str, &str)> = segs
        .iter()
        .filter(|s| s.1 == "heading")
        .map(|s| (s.0.as_str(), s.2.as_str()))
        .collect();
    assert_eq!(
        &headings[..6],
        [
            ("abstract", "Abstract"),
            ("status-of-this-memo", "Status of This Memo"),
            ("copyright-notice", "Copyright Notice"),
            ("table-of-contents", "Table of Contents"),
            ("1", "1. Introduction"),
            ("1.1", "1.1. Temporary Resources"),
        ]
    );
    for (key, title) in [
        ("7", "7. IANA Considerations"),
        ("7.1", "7.1. The Sunset Response Header Field"),
        ("10.2", "10.2. Informative References"),
        ("A", "Appendix A. Acknowledgements"),
        ("author-s-address", "Author's Address"),
    ] {
        assert!(headings.contains(&(key, title)), "{key}: {headings:?}");
    }
    // Paragraphs are keyed by their section, as iddiff names them.
    assert_eq!(
        text_of(&segs, "status-of-this-memo¶4"),
        "This Internet-Draft will expire on August 25, 2019."
    );
    assert!(text_of(&segs, "7.2¶1").starts_with("The sunset link relation type should be added"));
    // No key was taken twice: no `1~2`.
    assert!(segs.iter().all(|s| !s.0.contains('~')), "{segs:?}");
}

#[test]
fn a_table_of_contents_is_one_segment_that_takes_no_section_key() {
    let segs = segments(&show(&draft("11"), &[]));
    let toc = text_of(&segs, "table-of-contents¶1");
    assert!(
        toc.starts_with("1. Introduction … 2 1.1. Temporary Resources … 3"),
        "{toc}"
    );
    assert!(
        toc.ends_with("Appendix A. Acknowledgements … 10 Author's Address … 10"),
        "{toc}"
    );
    let in_contents = segs.iter().filter(|s| s.2.contains(" … ")).count();
    assert_eq!(in_contents, 1);
    assert_eq!(text_of(&segs, "1"), "1. Introduction");
}

#[test]
fn without_form_feeds_the_pages_are_found_by_their_numbers() {
    let dir = tempfile::tempdir().expect("temp dir");
    for n in ["03", "11"] {
        let text = std::fs::read_to_string(draft(n)).expect("fixture");
        let plain = dir.path().join(format!("{n}.txt"));
        std::fs::write(&plain, text.replace('\u{c}', "")).expect("write");
        let with = show(&draft(n), &["--show-dropped"]);
        let without = show(&plain, &["--show-dropped"]);
        assert_eq!(segments(&with), segments(&without), "draft {n}");
        let lines = |v: &Value| -> Vec<u64> {
            v["dropped"]
                .as_array()
                .expect("dropped")
                .iter()
                .filter(|d| d["what"] != "form-feed")
                .map(|d| d["line"].as_u64().unwrap_or_default())
                .collect()
        };
        assert_eq!(lines(&with), lines(&without), "draft {n}");
    }
}

#[test]
fn show_dropped_marks_every_header_footer_and_form_feed() {
    let v = show(&draft("03"), &["--show-dropped"]);
    let dropped = v["dropped"].as_array().expect("dropped");
    let count = |what: &str| dropped.iter().filter(|d| d["what"] == what).count();
    // Six pages: six footers, five form feeds, five headers.
    assert_eq!(
        (
            count("page-number"),
            count("form-feed"),
            count("running-head")
        ),
        (6, 5, 5)
    );
    assert_eq!(dropped[0]["line"], 56);
    assert_eq!(
        dropped[0]["text"],
        "Wilde                   Expires February 4, 2018                [Page 1]"
    );
    let dir = project();
    let out = stdout_of(
        emend(&dir)
            .args(["show", "--show-dropped", "--file"])
            .arg(draft("03")),
    );
    assert!(
        out.contains(
            "\ndropped                [page number, line 56] Wilde Expires February 4, 2018 [Page 1]\n\
             dropped                [form feed, line 57]\n\
             dropped                [running head, line 58] Internet-Draft Sunset Header August 2017\n"
        ),
        "{out}"
    );
    // Without the flag nothing is marked, and the JSON has no `dropped`.
    let plain = show(&draft("03"), &[]);
    assert!(plain.get("dropped").is_none());
}

#[test]
fn keep_pages_reads_the_furniture_as_text() {
    let segs = segments(&show(&draft("03"), &["--keep-pages"]));
    let furniture: Vec<&str> = segs
        .iter()
        .filter(|s| is_furniture_text(&s.2))
        .map(|s| s.2.as_str())
        .collect();
    // Six footers and five headers, each a paragraph, none a heading.
    assert_eq!(furniture.len(), 11, "{furniture:?}");
    assert!(
        segs.iter()
            .all(|s| !(is_furniture_text(&s.2) && s.1 == "heading"))
    );
    assert!(text_of(&segs, "copyright-notice¶2").ends_with("in effect on the date of"));
}

#[test]
fn the_bcp78_paragraph_pairs_as_one_row_whose_only_change_is_https() {
    let v = diff(&draft("03"), &draft("04"), &[]);
    let row = rows(&v)
        .into_iter()
        .find(|r| r["a"][0] == "copyright-notice¶2")
        .expect("a row for the BCP 78 paragraph");
    assert_eq!(row["status"], "changed");
    assert_eq!(row["b"], serde_json::json!(["copyright-notice¶2"]));
    let changes: Vec<(&str, &str)> = row["ops"]
        .as_array()
        .expect("ops")
        .iter()
        .filter(|o| o["op"] != "equal")
        .map(|o| {
            (
                o["op"].as_str().unwrap_or_default(),
                o["text"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(changes, [("delete", "http"), ("insert", "https")]);
}

#[test]
fn no_row_is_only_page_furniture() {
    for (a, b) in [("03", "04"), ("10", "11")] {
        let v = diff(&draft(a), &draft(b), &[]);
        for row in rows(&v) {
            let (ta, tb) = sides(row);
            assert!(
                !is_furniture_text(&ta) && !is_furniture_text(&tb),
                "{a}→{b}: {row}"
            );
        }
        // Read with the furniture, the same pair has rows that are nothing else.
        let kept = diff(&draft(a), &draft(b), &["--keep-pages"]);
        let furniture = rows(&kept)
            .into_iter()
            .filter(|r| {
                let (ta, tb) = sides(r);
                is_furniture_text(&ta) || is_furniture_text(&tb)
            })
            .count();
        assert!(furniture > 0, "{a}→{b} with --keep-pages");
    }
}

/// `emend diff --files` of a telegram version and the paginated typescript, as JSON.
fn typescript_against(version: &str, extra: &[&str]) -> Value {
    let typescript = fixture("telegram-paginated.txt");
    diff(&sample("telegram-1945-11-11", version), &typescript, extra)
}

/// The telegram's segments as `en-wilson.md` has them.
fn wilson() -> Vec<(String, String, String)> {
    segments(&show(&sample("telegram-1945-11-11", "en-wilson"), &[]))
}

#[test]
fn the_paginated_telegram_reads_as_the_transcription_with_its_page_break_mended() {
    let v = show(&fixture("telegram-paginated.txt"), &["--show-dropped"]);
    let segs = segments(&v);
    let wilson = wilson();
    // Points 1 to 5 and their paragraphs: as in the transcription, but for
    // 2¶3, which the transcription cuts where the typescript turns a page.
    let points = |s: &[(String, String, String)]| -> Vec<(String, String)> {
        s.iter()
            .filter(|x| x.0.starts_with(|c: char| c.is_ascii_digit()))
            .map(|x| (x.0.clone(), x.2.replace("**", "")))
            .collect()
    };
    let mut expected = points(&wilson);
    let cut = expected.iter().position(|p| p.0 == "2¶3").expect("2¶3");
    let rest = expected.remove(cut + 1);
    expected[cut].1 = format!("{} {}", expected[cut].1, rest.1);
    for p in &mut expected[cut + 1..] {
        if let Some(n) = p.0.strip_prefix("2¶").and_then(|n| n.parse::<u32>().ok()) {
            p.0 = format!("2¶{}", n - 1);
        }
    }
    assert_eq!(points(&segs), expected);
    assert!(
        text_of(&segs, "2¶3")
            .ends_with("established after the surrender and disarmament of Germany.")
    );
    // Point 2's first paragraph is cut by a page too.
    assert_eq!(
        text_of(&segs, "2"),
        "The information of the US Government about the position of the Soviet Government and Generalissimo Stalin contains inaccurate elements."
    );
    // Six sheet references and five page numbers, no form feeds.
    let dropped = v["dropped"].as_array().expect("dropped");
    assert_eq!(dropped.len(), 11);
    assert!(dropped.iter().all(|d| d["what"] == "page-number"));
    assert!(
        segs.iter()
            .all(|s| !s.2.contains("RGASPI f. 558") && !s.2.starts_with("- "))
    );
}

#[test]
fn against_the_corrected_draft_the_paginated_telegram_differs_only_in_words() {
    let v = typescript_against("en-corrected", &["--ignore-formatting"]);
    let changed: Vec<&Value> = rows(&v)
        .into_iter()
        .filter(|r| {
            r["a"].as_array().is_some_and(|a| {
                a.iter().any(|k| {
                    k.as_str()
                        .is_some_and(|k| k.starts_with(|c: char| c.is_ascii_digit()))
                })
            })
        })
        .collect();
    // Only the scanning error the editor corrected: no merged row, no furniture.
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0]["status"], "changed");
    let (a, b) = sides(changed[0]);
    assert!(a.ends_with("in Japan.") && b.ends_with("in lapan."));
    assert_eq!(v["summary"]["merged"], 0);
    assert_eq!(v["summary"]["split"], 0);
}

#[test]
fn with_keep_pages_the_telegram_keeps_its_split_and_its_page_numbers() {
    let v = typescript_against("en-wilson", &["--ignore-formatting"]);
    let merged: Vec<&Value> = rows(&v)
        .into_iter()
        .filter(|r| r["status"] == "merged")
        .collect();
    assert_eq!(merged.len(), 1);
    assert_eq!(merged[0]["a"], serde_json::json!(["2¶3", "2¶4"]));
    let kept = typescript_against("en-wilson", &["--ignore-formatting", "--keep-pages"]);
    assert_eq!(kept["summary"]["merged"], 0);
    let added: Vec<String> = rows(&kept)
        .into_iter()
        .filter(|r| r["status"] == "added")
        .map(|r| sides(r).1)
        .collect();
    assert!(
        added
            .iter()
            .any(|t| t == "RGASPI f. 558, op. 11, d. 98, l. 0104"),
        "{added:?}"
    );
    assert!(added.iter().any(|t| t == "- 4 -"), "{added:?}");
}

#[test]
fn markdown_never_loses_a_line() {
    // Every bundled Markdown text reads with nothing dropped.
    for doc in [
        "telegram-1945-11-11/en-wilson",
        "telegram-1945-11-11/en-corrected",
        "udhr/en",
        "udhr/ru",
        "ruth/kjv",
    ] {
        let (d, v) = doc.split_once('/').expect("doc/version");
        let out = show(&sample(d, v), &["--show-dropped"]);
        assert!(out.get("dropped").is_none(), "{doc}");
    }
    // A comic script whose pages come at regular intervals keeps its `Page 3`
    // lines, with a Markdown heading or without one (a line of prose flush
    // left is never a page number).
    let dir = tempfile::tempdir().expect("temp dir");
    let mut script = String::new();
    for page in 1..=4 {
        script.push_str(&format!("Page {page}\n\n"));
        for panel in 1..=10 {
            script.push_str(&format!("Panel {panel}: the hero speaks.\n\n"));
        }
    }
    for (name, text) in [
        ("plain.md", script.clone()),
        ("heading.md", format!("# Comic\n\n{script}")),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &text).expect("write");
        let v = show(&path, &["--show-dropped"]);
        assert!(v.get("dropped").is_none(), "{name}");
        assert!(segments(&v).iter().any(|s| s.2 == "Page 3"), "{name}");
    }
    // Laid out like page numbers (centred), the same lines are page numbers,
    // unless the text is Markdown.
    let centred = script.replace("Page ", "                            Page ");
    for (name, text, pages) in [
        ("centred.txt", centred.clone(), true),
        ("centred.md", format!("# Comic\n\n{centred}"), false),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &text).expect("write");
        let v = show(&path, &["--show-dropped"]);
        assert_eq!(v.get("dropped").is_some(), pages, "{name}");
    }
}
