//! Pairing the segments of two versions into rows.
//!
//! Same language (`same`): content decides and keys help. Segments with the
//! same content key and similar words, and segments whose text is identical
//! and unique on both sides, are candidate anchors; the heaviest chain of
//! candidates that keeps both orders becomes the anchors (`lis`). Identical
//! segments left out of the chain were moved. The gaps between anchors are
//! aligned by shared words (`gap`), allowing splits and merges; a large gap
//! where words leave most segments unpaired is aligned by length instead.
//! What is left is searched once more for moved-and-edited paragraphs.
//!
//! Different languages (`cross`): words cannot be compared, so segments
//! with equal content keys begin beads together (`anchors`), and the
//! stretches between them are aligned by length in the manner of Gale and
//! Church (`length`), helped by names and numbers (`lexical`).
//!
//! Only keys taken from the text itself (heading numbers, point labels,
//! heading words) are evidence; a key part that emend invents by counting
//! paragraphs (`¶n`) or repeats (`~n`) never is, in either case.
//!
//! Every step is bounded: candidates are found through hash maps, the chain in
//! O(n log n), and a large gap is searched in a corridor (`grid`), so no
//! step is quadratic over a whole document.

mod anchors;
mod bags;
mod cross;
mod gap;
mod grid;
mod length;
mod lexical;
pub(crate) mod lis;
mod phonetic;
mod same;

use serde::Serialize;

use crate::text::{Document, IgnoreOptions};

pub(crate) use bags::Prepared;
pub use bags::looks_same_language;
pub(crate) use same::align_same_prepared;

/// Why the segments of a row were paired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PairedBy {
    /// Their keys, taken from the text (a heading's number or words, a point
    /// label), are equal.
    Key,
    /// Their words: identical or similar text (same language only).
    Content,
    /// Order and length: the row lies between two anchors, and its sides'
    /// lengths agree.
    Length,
    /// Names and numbers written in digits that are rare elsewhere, found on
    /// both sides.
    Lexical,
}

impl PairedBy {
    /// The name used in JSON and in the terminal.
    pub fn name(self) -> &'static str {
        match self {
            PairedBy::Key => "key",
            PairedBy::Content => "content",
            PairedBy::Length => "length",
            PairedBy::Lexical => "lexical",
        }
    }
}

/// The segments of one side of a row, by index: most rows hold one or two, kept
/// inline (a whole Bible's 32,000 rows, aligned again for each revision a history
/// walk compares, allocated two lists a row).
pub type Indices = smallvec::SmallVec<[usize; 2]>;

/// One row of an alignment: zero or more segments of A paired with zero or more of B.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Indices into A's segments, in order.
    pub a: Indices,
    /// Indices into B's segments, in order.
    pub b: Indices,
    /// The pair sits at a different place in B than in A.
    pub moved: bool,
    /// Why the two sides were paired; `None` when a side is empty.
    pub paired_by: Option<PairedBy>,
}

impl Row {
    /// A row of `a` and `b`, paired for `reason` (dropped when a side is empty).
    pub(crate) fn new(a: Indices, b: Indices, reason: PairedBy) -> Row {
        let paired_by = (!a.is_empty() && !b.is_empty()).then_some(reason);
        Row {
            a,
            b,
            moved: false,
            paired_by,
        }
    }
}

/// How two versions are related.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Drafts or revisions in one language: words are compared.
    SameLanguage,
    /// A translation and its original: only keys, order and lengths count.
    CrossLanguage,
}

impl Mode {
    /// The rule for two versions whose languages are known: the same primary language
    /// (`en-GB` and `en-US`, `zh-Hans` and `zh`) compares words, different ones align only.
    pub fn for_languages(a: &str, b: &str) -> Mode {
        if primary_language(a) == primary_language(b) {
            Mode::SameLanguage
        } else {
            Mode::CrossLanguage
        }
    }

    /// [`Mode::for_languages`] when both languages are known; `None` (guess from the
    /// words) otherwise.
    pub fn for_tags(a: Option<&str>, b: Option<&str>) -> Option<Mode> {
        Some(Mode::for_languages(a?, b?))
    }
}

/// The primary language of a BCP 47 tag, lower-cased: `en-GB` → `en`.
pub fn primary_language(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .to_ascii_lowercase()
}

/// Settings for [`align`].
#[derive(Debug, Clone, Copy)]
pub struct AlignOptions {
    pub mode: Mode,
    /// Differences that do not count when texts are taken for identical.
    pub ignore: IgnoreOptions,
}

pub use same::MOVED_SEARCH_LIMIT;

/// Aligns the segments of `a` and `b` into rows, in reading order of B (rows
/// of A alone stand where they stood in A).
pub fn align(a: &Document, b: &Document, options: &AlignOptions) -> Vec<Row> {
    match options.mode {
        Mode::SameLanguage => same::align_same(a, b, &options.ignore),
        Mode::CrossLanguage => cross::align_cross(a, b),
    }
}

#[cfg(test)]
mod tests;
