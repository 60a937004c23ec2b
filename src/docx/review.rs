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
