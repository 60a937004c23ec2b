//! Reading back a review done in Word: what the editor decided for each row
//! of a tracked-changes document that emend wrote.
//!
//! # API
//!
//! ```text
//! read_review(bytes, name, limit, current, proposed, cmp) -> Vec<RowVerdict>
//! ```
//!
//! - `bytes`: the .docx the editor returned; `name` names it in errors;
//!   `limit` is the input size limit ([`super::DEFAULT_INPUT_LIMIT`]).
//! - `current`, `proposed`, `cmp`: the two versions and their diff exactly as
//!   given to [`super::tracked_docx`] when the document was written (for a
//!   proposal: its base and its text, compared in same-language mode). The
//!   rows are found again by the bookmarks that enclose them, named after
//!   their position in `cmp.rows`.
//!
//! The result has one [`RowVerdict`] per row of `cmp`, in order:
//!
//! - [`RowVerdict::Undecided`]: the row still holds tracked changes (any
//!   insertion, deletion, move or changed paragraph mark, by anyone);
//! - [`RowVerdict::Accepted`]: its text (labels included) equals the proposed text;
//! - [`RowVerdict::Rejected`]: it equals the current text;
//! - [`RowVerdict::Edited`]: anything else; the editor's words, as Markdown
//!   (labels included), one paragraph per block. An editor who accepted some
//!   changes of a row and rejected others has edited it.
//!
//! A row whose bookmark is gone (Word drops a bookmark whose text was
//! deleted entirely, as when an added paragraph is rejected or a removed one
//! accepted) has an empty text, which is then compared like any other.
//! Unchanged rows are compared too: an unchanged row left alone is
//! `Accepted` (its proposed and current texts are the same), one the
//! editor typed into is `Edited`.
//!
//! Errors are those of reading any .docx ([`DocxError`]); tracked changes do
//! not make an error here, they make rows undecided.

use std::collections::HashMap;

use super::body::{Block, Item, Para};
use super::markdown;
use super::write::tracked::{BOOKMARK_PREFIX, side};
use super::{DocxError, load};
use crate::diff::Comparison;
use crate::text::{Document, segment};

/// What the editor did with one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowVerdict {
    Accepted,
    Rejected,
    /// The editor's text for the row: Markdown, point labels included.
    Edited(String),
    /// The row still holds tracked changes.
    Undecided,
}

/// Where a row's bookmark starts and ends: (paragraph, item) of each end.
#[derive(Debug, Default, Clone, Copy)]
struct Range {
    start: Option<(usize, usize)>,
    end: Option<(usize, usize)>,
}

/// The decision for every row of `cmp` in the returned document `bytes` (see the module documentation).
pub fn read_review(
    bytes: &[u8],
    name: &str,
    limit: u64,
    current: &Document,
    proposed: &Document,
    cmp: &Comparison,
) -> Result<Vec<RowVerdict>, DocxError> {
    let package = load(bytes, name, limit)?;
    let paras: Vec<&Para> = package
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) => Some(p),
            Block::Table(_) => None,
        })
        .collect();
    // Bookmark id → row, then each row's range.
    let mut row_of_id: HashMap<&str, usize> = HashMap::new();
    let mut ranges: HashMap<usize, Range> = HashMap::new();
    for (pi, p) in paras.iter().enumerate() {
        for (ii, item) in p.items.iter().enumerate() {
            match item {
                Item::BookmarkStart { id, name } => {
                    if let Some(row) = row_number(name) {
                        row_of_id.insert(id, row);
                        ranges.entry(row).or_default().start = Some((pi, ii));
                    }
                }
                Item::BookmarkEnd { id } => {
                    if let Some(&row) = row_of_id.get(id.as_str()) {
                        ranges.entry(row).or_default().end = Some((pi, ii));
                    }
                }
                _ => {}
            }
        }
    }
    let context = markdown::Context {
        styles: &package.styles,
        numbering: &package.numbering,
    };
    let mut verdicts = Vec::with_capacity(cmp.rows.len());
    for (r, row) in cmp.rows.iter().enumerate() {
        let range = ranges.get(&r).copied().unwrap_or_default();
        let chosen: Vec<&Para> = match (range.start, range.end) {
            (Some((s, si)), Some((e, ei)))
                if s <= e && (s != e || has_text_between(paras[s], si, ei)) =>
            {
                paras[s..=e].to_vec()
            }
            _ => Vec::new(),
        };
        if chosen.iter().any(|p| p.has_changes()) {
            verdicts.push(RowVerdict::Undecided);
            continue;
        }
        let blocks: Vec<Block> = chosen.into_iter().map(|p| Block::Para(p.clone())).collect();
        let md = markdown::render(&markdown::resolve(&blocks, true), &HashMap::new(), &context);
        let doc = segment(&md);
        let all: Vec<usize> = (0..doc.segments.len()).collect();
        let text = side(&doc, &all);
        verdicts.push(if text == side(proposed, &row.b) {
            RowVerdict::Accepted
        } else if text == side(current, &row.a) {
            RowVerdict::Rejected
        } else {
            RowVerdict::Edited(md.trim_end().to_string())
        });
    }
    Ok(verdicts)
}

/// `emend_12_2_3` → 12.
fn row_number(name: &str) -> Option<usize> {
    let rest = name.strip_prefix(BOOKMARK_PREFIX)?;
    rest.split('_').next()?.parse().ok()
}

/// True when the paragraph holds text between its items `from` and `to`.
fn has_text_between(p: &Para, from: usize, to: usize) -> bool {
    p.items.iter().take(to).skip(from + 1).any(|i| match i {
        Item::Text { text, .. } => !text.trim().is_empty(),
        Item::Note { .. } => true,
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};

    use super::*;
    use crate::diff::{CompareOptions, compare};
    use crate::docx::{ChangeAuthor, tracked_docx};

    const CURRENT: &str = "# Terms\n\n1. Payment is due within thirty days.\n\n2. Notices are given by fax.\n\n3. The law of England applies.\n\n4. Disputes go to the courts of London.\n\n5. This is the end.\n";
    const PROPOSED: &str = "# Terms\n\n1. Payment is due within sixty days.\n\n2. Notices are given in writing.\n\n3. The law of Scotland applies.\n\n4. Disputes go to arbitration in Edinburgh.\n\n5. This is the end.\n\n6. A new clause.\n";

    fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut data = Vec::new();
                f.read_to_end(&mut data).unwrap();
                (f.name().unwrap().to_string(), data)
            })
            .collect()
    }

    fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, data) in parts {
            zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// Removes every element `<tag ...>...</tag>` (not nested in itself) from `xml`.
    fn drop_elements(xml: &str, tag: &str) -> String {
        let mut out = String::new();
        let mut rest = xml;
        while let Some(i) = rest.find(&format!("<{tag} ")) {
            out.push_str(&rest[..i]);
            let close = format!("</{tag}>");
            let end = rest[i..].find(&close).unwrap() + i + close.len();
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    /// Removes the start and end tags of every `<tag ...>` element, keeping its content.
    fn unwrap_elements(xml: &str, tag: &str) -> String {
        let mut out = String::new();
        let mut rest = xml;
        while let Some(i) = rest.find(&format!("<{tag} ")) {
            out.push_str(&rest[..i]);
            let end = rest[i..].find('>').unwrap() + i + 1;
            rest = &rest[end..];
        }
        out.push_str(rest);
        out.replace(&format!("</{tag}>"), "")
    }

    /// What Word does on Accept for the changes in `p`: insertions stay, deletions go.
    fn accept(p: &str) -> String {
        unwrap_elements(&drop_elements(p, "w:del"), "w:ins")
    }

    /// What Word does on Reject: insertions go, deletions come back as text.
    fn reject(p: &str) -> String {
        unwrap_elements(&drop_elements(p, "w:ins"), "w:del")
            .replace("<w:delText", "<w:t")
            .replace("</w:delText>", "</w:t>")
    }

    fn review_of(edit: impl Fn(usize, &str) -> Option<String>) -> Vec<RowVerdict> {
        let (current, proposed) = (segment(CURRENT), segment(PROPOSED));
        let cmp = compare(&current, &proposed, &CompareOptions::default());
        let who = ChangeAuthor {
            name: "Tanya Translator".into(),
            date: "2026-11-28T09:00:00Z".into(),
        };
        let written = tracked_docx(&current, &proposed, &cmp, &who, "t", Some("en"));
        let mut parts = parts(&written.bytes);
        for (name, data) in parts.iter_mut() {
            if name != "word/document.xml" {
                continue;
            }
            let xml = String::from_utf8(data.clone()).unwrap();
            // One paragraph per row here; each is edited as the editor chooses.
            let (head, body) = xml.split_once("<w:body>").unwrap();
            let (body, tail) = body.split_once("<w:sectPr>").unwrap();
            let mut out = format!("{head}<w:body>");
            for (n, para) in body.split("<w:p>").enumerate().skip(1) {
                let para = format!("<w:p>{para}");
                let row = n - 1;
                out.push_str(&edit(row, &para).unwrap_or(para));
            }
            out.push_str("<w:sectPr>");
            out.push_str(tail);
            *data = out.into_bytes();
        }
        let returned = rezip(&parts);
        read_review(
            &returned,
            "returned.docx",
            1 << 30,
            &current,
            &proposed,
            &cmp,
        )
        .unwrap()
    }

    #[test]
    fn decisions_made_in_word_are_read_back_per_row() {
        let verdicts = review_of(|row, p| match row {
            // Row 1 (clause 1) accepted, row 2 rejected.
            1 => Some(accept(p)),
            2 => Some(reject(p)),
            // Row 3: accepted, then the editor typed a word of their own.
            3 => Some(accept(p).replace("Scotland", "Wales")),
            // Row 4 left alone: undecided.
            // Row 6, the added clause, rejected: Word removes the paragraph with its bookmark.
            6 => Some(String::new()),
            _ => None,
        });
        assert_eq!(verdicts.len(), 7);
        assert_eq!(verdicts[0], RowVerdict::Accepted, "the unchanged heading");
        assert_eq!(verdicts[1], RowVerdict::Accepted);
        assert_eq!(verdicts[2], RowVerdict::Rejected);
        assert_eq!(
            verdicts[3],
            RowVerdict::Edited("3. The law of Wales applies.".into())
        );
        assert_eq!(verdicts[4], RowVerdict::Undecided);
        assert_eq!(verdicts[5], RowVerdict::Accepted, "unchanged, left alone");
        assert_eq!(verdicts[6], RowVerdict::Rejected);
    }

    #[test]
    fn accepting_everything_accepts_every_row_and_rejecting_rejects_them() {
        assert!(
            review_of(|_, p| Some(accept(p)))
                .iter()
                .all(|v| *v == RowVerdict::Accepted)
        );
        let rejected = review_of(|row, p| Some(if row == 6 { String::new() } else { reject(p) }));
        assert_eq!(
            rejected[0],
            RowVerdict::Accepted,
            "unchanged rows read as both"
        );
        assert!(
            rejected[1..5].iter().all(|v| *v == RowVerdict::Rejected),
            "{rejected:?}"
        );
        assert_eq!(rejected[6], RowVerdict::Rejected);
        let untouched = review_of(|_, _| None);
        assert_eq!(
            untouched
                .iter()
                .filter(|v| **v == RowVerdict::Undecided)
                .count(),
            5
        );
    }

    #[test]
    fn a_document_that_is_not_the_proposal_is_an_error_not_a_review() {
        let (current, proposed) = (segment(CURRENT), segment(PROPOSED));
        let cmp = compare(&current, &proposed, &CompareOptions::default());
        let err =
            read_review(b"not a zip", "x.docx", 1 << 30, &current, &proposed, &cmp).unwrap_err();
        assert!(matches!(err, DocxError::NotZip { .. }));
    }
}
