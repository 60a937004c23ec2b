//! Aligning translations whose paragraphs do not line up, on real texts: the
//! Book of Ruth in English, German and Russian (`tests/fixtures/align/`, and
//! `translations/ruth/kjv.md`) and the Universal Declaration in English,
//! Russian, Chinese and Arabic (`translations/udhr/`).
//!
//! Each test builds two versions whose paragraphs hold known verses (or
//! article paragraphs), aligns them, and scores the rows against the links
//! those ids imply: A's paragraph and B's paragraph are linked when they hold
//! a verse in common.

mod common;

use std::collections::HashSet;

use emend::align::{AlignOptions, Mode, PairedBy, Row, align};
use emend::text::{Document, IgnoreOptions, segment};

fn read(path: &str) -> String {
    std::fs::read_to_string(common::project().join(path)).expect("fixture is readable")
}

/// One paragraph of a test version: its text and the ids of what it holds.
#[derive(Debug, Clone)]
struct Unit {
    heading: Option<u8>,
    label: Option<String>,
    text: String,
    ids: Vec<String>,
}

impl Unit {
    fn heading(level: u8, text: &str) -> Unit {
        Unit {
            heading: Some(level),
            label: None,
            text: text.to_string(),
            ids: vec![format!("h:{text}")],
        }
    }
}

/// The verses of a Bible rendered by the corpus's `to_markdown.py`, as units
/// with their chapter headings (`with_chapters`) and verse numbers (`numbered`).
fn bible(md: &str, with_chapters: bool, numbered: bool) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut chapter = String::new();
    for line in md.lines().filter(|l| !l.is_empty()) {
        if let Some(book) = line.strip_prefix("# ") {
            out.push(Unit::heading(1, book));
        } else if let Some(c) = line.strip_prefix("## ") {
            chapter = c.to_string();
            if with_chapters {
                out.push(Unit::heading(2, c));
            }
        } else {
            let (num, text) = line.split_once(". ").expect("a numbered verse");
            out.push(Unit {
                heading: None,
                label: numbered.then(|| num.to_string()),
                text: text.to_string(),
                ids: vec![format!("{chapter}:{num}")],
            });
        }
    }
    out
}

/// Joins runs of paragraphs (never across a heading) into one, as a
/// translator who paragraphs differently would: `sizes` are the run lengths,
/// used in turn. A run keeps its first paragraph's label.
fn regroup(units: &[Unit], sizes: &[usize]) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut k = 0;
    let mut turn = 0;
    while k < units.len() {
        if units[k].heading.is_some() {
            out.push(units[k].clone());
            k += 1;
            continue;
        }
        let size = sizes[turn % sizes.len()];
        turn += 1;
        let mut group = units[k].clone();
        k += 1;
        for _ in 1..size {
            if k >= units.len() || units[k].heading.is_some() {
                break;
            }
            group.text.push(' ');
            group.text.push_str(&units[k].text);
            group.ids.extend(units[k].ids.iter().cloned());
            k += 1;
        }
        out.push(group);
    }
    out
}

/// A grouping of 1-3 paragraphs, irregular enough to look like a translator's.
const SIZES: [usize; 11] = [2, 1, 3, 1, 2, 2, 3, 1, 1, 3, 2];

fn render(units: &[Unit]) -> Document {
    let mut md = String::new();
    for u in units {
        if let Some(level) = u.heading {
            md.push_str(&"#".repeat(level as usize));
            md.push(' ');
        } else if let Some(label) = &u.label {
            md.push_str(label);
            md.push_str(". ");
        }
        md.push_str(&u.text);
        md.push_str("\n\n");
    }
    let doc = segment(&md);
    assert_eq!(doc.segments.len(), units.len(), "one segment per unit");
    doc
}

fn cross(a: &Document, b: &Document) -> Vec<Row> {
    align(
        a,
        b,
        &AlignOptions {
            mode: Mode::CrossLanguage,
            ignore: IgnoreOptions::default(),
        },
    )
}

/// Every segment of both sides is in exactly one row.
fn assert_partition(a: &Document, b: &Document, rows: &[Row]) {
    let mut seen_a = vec![0; a.segments.len()];
    let mut seen_b = vec![0; b.segments.len()];
    for r in rows {
        r.a.iter().for_each(|&i| seen_a[i] += 1);
        r.b.iter().for_each(|&j| seen_b[j] += 1);
    }
    assert!(seen_a.iter().chain(&seen_b).all(|&n| n == 1));
}

/// Link precision and recall of `rows` against the links the units' ids imply.
fn score(a: &[Unit], b: &[Unit], rows: &[Row]) -> (f64, f64) {
    let linked = |i: usize, j: usize| a[i].ids.iter().any(|x| b[j].ids.contains(x));
    let gold: HashSet<(usize, usize)> = (0..a.len())
        .flat_map(|i| (0..b.len()).map(move |j| (i, j)))
        .filter(|&(i, j)| linked(i, j))
        .collect();
    let predicted: HashSet<(usize, usize)> = rows
        .iter()
        .flat_map(|r| r.a.iter().flat_map(|&i| r.b.iter().map(move |&j| (i, j))))
        .collect();
    let right = predicted.intersection(&gold).count() as f64;
    (right / predicted.len() as f64, right / gold.len() as f64)
}

fn f1((p, r): (f64, f64)) -> f64 {
    2.0 * p * r / (p + r)
}

/// Before emend knew better, `ruth¶7` (the 7th paragraph under `# Ruth`) of
/// the English anchored `ruth¶7` of the Russian, although the Russian groups
/// verses differently: nearly every row was wrong. Now only the book's
/// heading anchors, and order and lengths pair the paragraphs.
#[test]
fn positional_keys_never_anchor() {
    let en = bible(&read("translations/ruth/kjv.md"), false, false);
    let ru = regroup(
        &bible(
            &read("tests/fixtures/align/ruth-ru_synodal.md"),
            false,
            false,
        ),
        &SIZES,
    );
    let (a, b) = (render(&en), render(&ru));
    assert!(a.segments[5].key.ends_with("¶5") && b.segments[5].key.ends_with("¶5"));
    let rows = cross(&a, &b);
    assert_partition(&a, &b, &rows);
    let by_key: Vec<&Row> = rows
        .iter()
        .filter(|r| r.paired_by == Some(PairedBy::Key))
        .collect();
    assert_eq!(by_key.len(), 1, "only `# Ruth` anchors");
    assert_eq!(
        (by_key[0].a.as_slice(), by_key[0].b.as_slice()),
        (&[0][..], &[0][..])
    );
    let (p, r) = score(&en, &ru, &rows);
    assert!(f1((p, r)) >= 0.97, "precision {p:.3}, recall {r:.3}");
}

/// The German joins verses 10 and 11 of chapter 1 under the label 10 (and
/// more verses elsewhere). Verse 10 still anchors verse 10, and the bead it
/// begins takes verse 11 of the English too: nothing is left "removed".
#[test]
fn a_numbered_anchor_can_start_a_two_to_one_bead() {
    let en = bible(&read("translations/ruth/kjv.md"), true, true);
    let de = bible(&read("tests/fixtures/align/ruth-de_elb1905.md"), true, true);
    // Verses 1:10-11 in one paragraph, then 1:12-14, then the rest as they are.
    let mut sizes = vec![1; 9];
    sizes.extend([2, 3]);
    sizes.extend([1; 200]);
    let de = regroup(&de, &sizes);
    let (a, b) = (render(&en), render(&de));
    let rows = cross(&a, &b);
    assert_partition(&a, &b, &rows);
    let find = |doc: &Document, key: &str| doc.segments.iter().position(|s| s.key == key);
    let (a10, a11, b10) = (find(&a, "1/10"), find(&a, "1/11"), find(&b, "1/10"));
    assert_eq!(find(&b, "1/11"), None);
    let row = rows
        .iter()
        .find(|r| r.a.contains(&a10.unwrap()))
        .expect("verse 10 is in a row");
    assert_eq!(row.a[..], [a10.unwrap(), a11.unwrap()]);
    assert_eq!(row.b[..], [b10.unwrap()]);
    assert_eq!(row.paired_by, Some(PairedBy::Key));
    assert!(rows.iter().all(|r| !r.a.is_empty() && !r.b.is_empty()));
    assert_eq!(score(&en, &de, &rows), (1.0, 1.0));
}

/// The Russian leaves out chapter 3 of Genesis (24 verses) and groups its
/// verses differently. Names met on both sides (the rivers of Eden before
/// the omission; Irad, Methusael and the genealogies after it) pin the
/// alignment down on either side, the ratio of lengths is taken from them
/// rather than from the totals, and the stretch between them, a chapter too
/// long, is aligned with one omission instead of a chapter's worth of
/// mispaired beads: chapter 3 stands alone and the rest pairs as before.
#[test]
fn a_long_omission_is_recovered_by_lexical_anchors() {
    let en = bible(
        &read("tests/fixtures/align/genesis-1-11-kjv.md"),
        false,
        false,
    );
    let all = bible(
        &read("tests/fixtures/align/genesis-1-11-ru_synodal.md"),
        false,
        false,
    );
    let omitted = |u: &Unit| u.ids[0].starts_with("3:");
    let without: Vec<Unit> = all.into_iter().filter(|u| !omitted(u)).collect();
    let ru = regroup(&without, &SIZES);
    let (a, b) = (render(&en), render(&ru));
    let rows = cross(&a, &b);
    assert_partition(&a, &b, &rows);
    assert!(rows.iter().any(|r| r.paired_by == Some(PairedBy::Lexical)));
    let chapter: Vec<usize> = (0..en.len()).filter(|&i| omitted(&en[i])).collect();
    let alone = chapter
        .iter()
        .filter(|&&i| rows.iter().any(|r| r.a[..] == [i] && r.b.is_empty()))
        .count();
    assert_eq!(
        alone,
        chapter.len(),
        "every verse of chapter 3 stands alone"
    );
    let (p, r) = score(&en, &ru, &rows);
    assert!(f1((p, r)) >= 0.98, "precision {p:.3}, recall {r:.3}");
}

/// The Declaration's articles without their headings or numbers, in English
/// against Russian (Cyrillic), Chinese (Han) and Arabic, each regrouped: the
/// lengths of the paragraphs, their full stops, and nothing else, pair them.
#[test]
fn a_reparagraphed_translation_in_three_scripts() {
    /// The article paragraphs (the preamble left out, as its paragraphs differ
    /// between translations), each with the id article:paragraph.
    fn articles(md: &str) -> Vec<Unit> {
        let mut out = Vec::new();
        let (mut article, mut para) = (0, 0);
        for line in md.lines().filter(|l| !l.trim().is_empty()) {
            if let Some(title) = line.strip_prefix("# ") {
                out.push(Unit::heading(1, title));
            } else if line.starts_with("## ") {
                article += 1;
                para = 0;
            } else if article > 1 {
                let text = line.trim_start();
                let text = match text.split_once(". ") {
                    Some((n, rest)) if n.bytes().all(|c| c.is_ascii_digit()) => rest,
                    _ => text,
                };
                out.push(Unit {
                    heading: None,
                    label: None,
                    text: text.to_string(),
                    ids: vec![format!("{article}:{para}")],
                });
                para += 1;
            }
        }
        out.iter_mut()
            .take(1)
            .for_each(|t| t.ids = vec!["title".into()]);
        out
    }
    let en = articles(&read("translations/udhr/en.md"));
    assert_eq!(en.len(), 51, "the title and 50 article paragraphs");
    for (lang, least) in [("ru", 0.95), ("zh", 0.95), ("ar", 0.9)] {
        let other = articles(&read(&format!("translations/udhr/{lang}.md")));
        assert_eq!(other.len(), en.len(), "{lang}: the same structure");
        let other = regroup(&other, &SIZES);
        let (a, b) = (render(&en), render(&other));
        let rows = cross(&a, &b);
        assert_partition(&a, &b, &rows);
        let (p, r) = score(&en, &other, &rows);
        assert!(
            f1((p, r)) >= least,
            "{lang}: precision {p:.3}, recall {r:.3}"
        );
    }
}

/// `--explain` says why each row was paired, in the terminal and in JSON.
#[test]
fn explain_says_why_rows_were_paired() {
    let dir = common::project();
    let diff = |extra: &[&str]| {
        let mut cmd = common::emend(&dir);
        cmd.args([
            "diff",
            "--files",
            "translations/udhr/en.md",
            "translations/udhr/ru.md",
        ])
        .args(extra);
        cmd
    };
    let json = common::json_of(&mut diff(&["--format", "json", "--explain"]));
    let rows = json["rows"].as_array().expect("rows");
    let why = |k: &str| {
        rows.iter()
            .find(|r| r["a"][0] == k)
            .map(|r| r["paired_by"].clone())
    };
    assert_eq!(
        why("5"),
        Some(serde_json::json!("key")),
        "## Article 5 / ## Статья 5"
    );
    assert_eq!(why("5¶1"), Some(serde_json::json!("length")));
    assert!(rows.iter().all(|r| r["paired_by"].is_string()));
    // Without --explain the JSON is as before.
    let plain = common::json_of(&mut diff(&["--format", "json"]));
    assert!(plain["rows"][0].get("paired_by").is_none());
    let text = common::stdout_of(&mut diff(&["--explain"]));
    assert!(text.contains("@@ 5 · aligned · paired by key"), "{text}");
}
