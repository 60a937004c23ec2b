//! Printing what the library computed: comparisons and documents for the terminal
//! ([`terminal`]), many versions as a table ([`table`]), what the store holds
//! ([`listing`]) and a review ([`review`]), the stable JSON ([`json`]) and
//! self-contained HTML pages ([`html`]). Nothing here reads files or the store:
//! it is handed what to print.

pub mod html;
pub mod json;
pub mod listing;
pub mod review;
pub mod sync;
pub mod table;
pub mod terminal;

pub use terminal::Painter;

use crate::diff::Comparison;
use crate::text::Document;

/// Names one side of a comparison in output: `en-wilson`, `en-wilson@HEAD~1`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SideLabel {
    pub label: String,
    /// BCP 47 language tag, when known.
    pub language: Option<String>,
}

/// A comparison of two documents and what to call each side: what every form of a diff
/// (terminal, JSON, HTML) shows.
#[derive(Debug, Clone, Copy)]
pub struct DiffView<'a> {
    pub label_a: &'a SideLabel,
    pub label_b: &'a SideLabel,
    pub a: &'a Document,
    pub b: &'a Document,
    pub cmp: &'a Comparison,
}

impl<'a> DiffView<'a> {
    pub fn new(
        label_a: &'a SideLabel,
        label_b: &'a SideLabel,
        a: &'a Document,
        b: &'a Document,
        cmp: &'a Comparison,
    ) -> DiffView<'a> {
        DiffView {
            label_a,
            label_b,
            a,
            b,
            cmp,
        }
    }

    /// `A → B`, the title of a page or document of this diff.
    pub fn title(&self) -> String {
        format!("{} → {}", self.label_a.label, self.label_b.label)
    }
}

/// Rounds a similarity for display and JSON (three decimals).
pub fn round_similarity(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// A row's similarity as a whole percentage for display, floored: a row that
/// changed never reads 100% (a comma added to a long paragraph reads 99%),
/// and an unchanged one always does.
pub fn percent(similarity: f64, unchanged: bool) -> u32 {
    if unchanged {
        return 100;
    }
    // At most 99; `as` saturates, and NaN becomes 0.
    (similarity * 100.0).floor().clamp(0.0, 99.0) as u32
}

/// The columns `s` takes on a terminal: two for each Chinese or Japanese
/// character, none for a combining mark. Columns of keys and names are padded
/// by this, so that the text after them lines up in every script.
pub fn columns(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// The start of `s` that fits in `max` columns, cut between grapheme
/// clusters, and whether anything was cut.
pub fn fit_columns(s: &str, max: usize) -> (&str, bool) {
    use unicode_segmentation::UnicodeSegmentation;
    let mut used = 0;
    for (at, g) in s.grapheme_indices(true) {
        used += columns(g);
        if used > max {
            return (&s[..at], true);
        }
    }
    (s, false)
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn percentages_are_floored_and_only_unchanged_rows_read_100() {
        assert_eq!(percent(0.995, false), 99);
        assert_eq!(percent(1.0, false), 99);
        assert_eq!(percent(1.0, true), 100);
        assert_eq!(percent(0.949, false), 94);
        assert_eq!(percent(0.0, false), 0);
        assert_eq!(percent(f64::NAN, false), 0);
    }
}
