//! Reading the corpus: Bible books and the Declaration rendered by the
//! corpus's own `to_markdown.py`, the CC BY 4.0 legal code from its text files.

use std::path::Path;
use std::process::Command;

use crate::units::{Ids, Unit};

/// One verse: book, chapter, verse number and text (as rendered, escapes kept).
#[derive(Debug, Clone)]
pub struct Verse {
    pub book: String,
    pub chapter: u32,
    pub verse: u32,
    pub text: String,
}

fn to_markdown(corpus: &Path, args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg(corpus.join("to_markdown.py"))
        .args(args)
        .current_dir(corpus)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 to_markdown.py: {e}"));
    assert!(
        out.status.success(),
        "to_markdown.py {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("to_markdown.py writes UTF-8")
}

/// The verses of `books` in one translation (`kjv`, `de_elb1905`, ...).
pub fn bible(corpus: &Path, translation: &str, books: &[&str]) -> Vec<Verse> {
    let md = to_markdown(
        corpus,
        &[
            "bible",
            &format!("bible/{translation}.tsv"),
            "--books",
            &books.join(","),
        ],
    );
    let mut verses = Vec::new();
    let (mut book, mut chapter) = (String::new(), 0);
    for line in md.lines().filter(|l| !l.is_empty()) {
        if let Some(b) = line.strip_prefix("# ") {
            book = b.to_string();
        } else if let Some(c) = line.strip_prefix("## ") {
            chapter = c.parse().expect("chapter number");
        } else {
            let (num, text) = line.split_once(". ").expect("a numbered verse");
            verses.push(Verse {
                book: book.clone(),
                chapter,
                verse: num.parse().expect("verse number"),
                text: text.to_string(),
            });
        }
    }
    verses
}

/// How a Bible is laid out in a test document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `# Book`, then one paragraph per verse, no numbers.
    Unnumbered,
    /// `# Book`, `## N` per chapter, paragraphs without verse numbers.
    Chapters,
    /// `# Book`, `## N`, each verse a numbered point `N. text`.
    Numbered,
}

/// The units of a Bible text: one per verse, with headings as `layout` asks.
pub fn bible_units(verses: &[Verse], layout: Layout, ids: &mut Ids) -> Vec<Unit> {
    let mut out = Vec::new();
    let (mut book, mut chapter) = (String::new(), 0);
    for v in verses {
        if v.book != book {
            book = v.book.clone();
            chapter = 0;
            out.push(Unit::heading(1, &book, ids.get(&format!("h:{book}"))));
        }
        if v.chapter != chapter && layout != Layout::Unnumbered {
            chapter = v.chapter;
            out.push(Unit::heading(
                2,
                &chapter.to_string(),
                ids.get(&format!("h:{book}:{chapter}")),
            ));
        }
        let mut unit = Unit::paragraph(
            &v.text,
            vec![ids.get(&format!("{}:{}:{}", v.book, v.chapter, v.verse))],
        );
        if layout == Layout::Numbered {
            unit.label = Some(v.verse.to_string());
        }
        out.push(unit);
    }
    out
}

/// The Declaration without its headings (but the title) or point numbers:
/// every paragraph and point a unit. Paragraph `p` of article `n` has the id
/// `n:p`; the preamble's paragraphs, which the translations divide
/// differently, have the ids of [`PREAMBLES`].
pub fn udhr_units(corpus: &Path, lang: &str, ids: &mut Ids) -> Vec<Unit> {
    let md = to_markdown(corpus, &["udhr", &format!("udhr/{lang}.json")]);
    let preamble = PREAMBLES
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, g)| *g)
        .unwrap_or_else(|| panic!("no preamble groups for {lang}"));
    let mut out = Vec::new();
    let mut section: i32 = -1;
    let mut para = 0;
    for line in md.lines().filter(|l| !l.is_empty()) {
        if let Some(title) = line.strip_prefix("# ") {
            out.push(Unit::heading(1, title, ids.get("h:title")));
            continue;
        }
        if line.starts_with("## ") {
            section += 1;
            para = 0;
            continue;
        }
        let text = strip_label(line.trim_start(), false);
        let unit_ids = if section == 0 {
            let groups = preamble
                .get(para)
                .unwrap_or_else(|| panic!("{lang}: preamble paragraph {para} has no group"));
            groups
                .iter()
                .map(|g| ids.get(&format!("pre:{g}")))
                .collect()
        } else {
            vec![ids.get(&format!("{section}:{para}"))]
        };
        out.push(Unit::paragraph(text, unit_ids));
        para += 1;
    }
    out
}

/// For each language, the English preamble paragraphs each of its preamble
/// paragraphs renders (read from the texts): English has seven "Whereas"
/// clauses, "Now, therefore,", "The General Assembly" and "Proclaims ...";
/// Russian joins the two short ones, Chinese the last three, and Arabic
/// leaves out the fourth clause and cuts "Proclaims ..." in two.
pub const PREAMBLES: [(&str, &[&[u8]]); 4] = [
    (
        "en",
        &[&[0], &[1], &[2], &[3], &[4], &[5], &[6], &[7], &[8], &[9]],
    ),
    (
        "ru",
        &[&[0], &[1], &[2], &[3], &[4], &[5], &[6], &[7, 8], &[9]],
    ),
    (
        "zh",
        &[&[0], &[1], &[2], &[3], &[4], &[5], &[6], &[7, 8, 9]],
    ),
    (
        "ar",
        &[&[0], &[1], &[2], &[4], &[5], &[6], &[7, 8], &[9], &[9]],
    ),
];

/// A point label at the start of a line (`1. `, or with `letters` also
/// `a. `, `iv. `, `A. `), removed.
fn strip_label(line: &str, letters: bool) -> &str {
    match line.split_once(". ") {
        Some((label, rest))
            if !label.is_empty()
                && label.len() <= 4
                && (label.bytes().all(|b| b.is_ascii_digit())
                    || (letters && label.bytes().all(|b| b.is_ascii_alphabetic()))) =>
        {
            rest
        }
        _ => line,
    }
}

/// The CC BY 4.0 legal code in one language, its list labels and indentation
/// removed: one unit per line. The translations are line-parallel with the
/// English (the same numbered structure, checked when read), so line `k` has
/// the id `k`. The eight section titles (`Section 1 – Definitions.` in
/// English, on the same lines in every translation) are headings, as emend
/// reads them in the plain text.
pub fn cc_units(corpus: &Path, lang: &str, ids: &mut Ids) -> Vec<Unit> {
    let read = |lang: &str| {
        let path = corpus.join(format!("legal/cc-by/cc-by-4.0.{lang}.txt"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let sections: Vec<usize> = read("en")
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            l.strip_prefix("Section ")
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        })
        .map(|(k, _)| k)
        .collect();
    assert_eq!(sections.len(), 8, "CC BY 4.0 has eight sections");
    read(lang)
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(k, l)| {
            let id = ids.get(&format!("l{k}"));
            if sections.contains(&k) {
                assert!(!l.starts_with(' '), "{lang}: line {k} is a section title");
                return Unit::heading(2, l, id);
            }
            // List items, and only they, are indented.
            let text = if l.starts_with(' ') {
                strip_label(l.trim_start(), true)
            } else {
                l
            };
            Unit::paragraph(text, vec![id])
        })
        .collect()
}
