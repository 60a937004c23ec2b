//! The structured diff of two documents: aligned rows with a status and word ops.

use std::time::Duration;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::words::{Op, OpKind, WORD_DIFF_BUDGET, diff_words};
use crate::align::{self, AlignOptions, Indices, Mode, PairedBy, Prepared, Row};
use crate::text::{Document, IgnoreOptions, parse_label};

/// What happened to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Unchanged,
    Changed,
    Added,
    Removed,
    /// One segment of A became several in B.
    Split,
    /// Several segments of A became one in B.
    Merged,
    /// Different languages: paired, not word-compared.
    Aligned,
}

impl Status {
    /// The name used in JSON and in the terminal.
    pub fn name(self) -> &'static str {
        match self {
            Status::Unchanged => "unchanged",
            Status::Changed => "changed",
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Split => "split",
            Status::Merged => "merged",
            Status::Aligned => "aligned",
        }
    }
}

/// Settings for [`compare`].
#[derive(Debug, Clone, Copy)]
pub struct CompareOptions {
    /// Differences that do not count.
    pub ignore: IgnoreOptions,
    /// Force same- or cross-language alignment; `None` guesses from the words.
    pub mode: Option<Mode>,
    /// Time budget for the word diff of one row.
    pub word_budget: Duration,
    /// Paired points whose labels differ are not flagged [`RowDiff::renumbered`].
    pub ignore_renumbering: bool,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            ignore: IgnoreOptions::default(),
            mode: None,
            word_budget: WORD_DIFF_BUDGET,
            ignore_renumbering: false,
        }
    }
}

/// One row of the structured diff.
#[derive(Debug, Clone, PartialEq)]
pub struct RowDiff {
    pub status: Status,
    /// Indices of A's segments in this row.
    pub a: Indices,
    /// Indices of B's segments in this row.
    pub b: Indices,
    pub moved: bool,
    /// Why the aligner paired the two sides (`None` when a side is empty).
    pub paired_by: Option<PairedBy>,
    /// The point labels of the row's first segments differ (a renumbered
    /// point breaks every cross-reference to it): A's label and B's, as
    /// written without a list marker (empty where a side has no label).
    pub renumbered: Option<Renumbering>,
    /// Word similarity of the two sides (same language, both sides present).
    pub similarity: Option<f64>,
    /// Word ops (same language, not unchanged).
    pub ops: Option<Vec<Op>>,
    /// The word diff ran out of time; `ops` is a whole-text replacement.
    pub timed_out: bool,
}

/// A point's label in A and in B, as written without a list marker (`2.` → `3.`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Renumbering {
    pub a: String,
    pub b: String,
}

/// How many rows have each status. Moved rows are counted under `moved` only,
/// and renumbered rows that are not moved under `renumbered` only, so the
/// counts add up to the number of rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub unchanged: usize,
    pub changed: usize,
    pub added: usize,
    pub removed: usize,
    pub split: usize,
    pub merged: usize,
    pub moved: usize,
    pub renumbered: usize,
    pub aligned: usize,
}

/// The structured diff of two documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub mode: Mode,
    pub rows: Vec<RowDiff>,
    pub summary: Summary,
}

impl Comparison {
    /// Keeps the rows `keep` holds, counted again: a part of the comparison (one chapter).
    pub fn keep_rows(&mut self, keep: impl Fn(&RowDiff) -> bool) {
        self.rows.retain(keep);
        self.summary = Summary::of(&self.rows);
    }

    /// True when any row is other than unchanged in place (for `--exit-code`).
    pub fn has_differences(&self) -> bool {
        self.rows.iter().any(|r| {
            r.moved
                || r.renumbered.is_some()
                || !matches!(r.status, Status::Unchanged | Status::Aligned)
        })
    }
}

/// The text of one side of a row: its segments' texts joined by a newline,
/// which stands for the paragraph break.
pub fn side_text(doc: &Document, indices: &[usize]) -> String {
    let mut out = String::new();
    for (n, &i) in indices.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(&doc.segments[i].text);
    }
    out
}

/// The label of a row side's first segment: (key, as written without list marker).
fn first_label<'d>(doc: &'d Document, indices: &[usize]) -> Option<(String, &'d str)> {
    let written = doc.segments.get(*indices.first()?)?.label.as_deref()?;
    let key = parse_label(written).map_or_else(|| written.to_string(), |l| l.key);
    Some((key, display_label(written)))
}

/// A label as a reader sees it: `- 1.` → `1.`.
pub fn display_label(label: &str) -> &str {
    label
        .trim_start_matches(|c: char| matches!(c, '-' | '*' | '+' | '•') || c.is_whitespace())
        .trim()
}

/// Where both sides have segments and their first segments' labels differ, the two labels.
fn renumbering(a: &Document, b: &Document, ia: &[usize], ib: &[usize]) -> Option<Renumbering> {
    if ia.is_empty() || ib.is_empty() {
        return None;
    }
    // The same label as written has the same key: nothing to parse (most rows).
    if a.segments.get(ia[0]).map(|s| s.label.as_deref())
        == b.segments.get(ib[0]).map(|s| s.label.as_deref())
    {
        return None;
    }
    let (la, lb) = (first_label(a, ia), first_label(b, ib));
    if la.as_ref().map(|l| &l.0) == lb.as_ref().map(|l| &l.0) {
        return None;
    }
    Some(Renumbering {
        a: la.map_or_else(String::new, |l| l.1.to_string()),
        b: lb.map_or_else(String::new, |l| l.1.to_string()),
    })
}

/// [`side_text`] without a copy for the usual row of one segment.
fn side_cow<'d>(doc: &'d Document, indices: &[usize]) -> std::borrow::Cow<'d, str> {
    match indices {
        [i] => std::borrow::Cow::Borrowed(doc.segments[*i].text.as_str()),
        _ => std::borrow::Cow::Owned(side_text(doc, indices)),
    }
}

/// Aligns `a` and `b` as [`compare`] does, without comparing words: the
/// mode (given, or guessed from the words) and the rows.
pub fn align_rows(a: &Document, b: &Document, options: &CompareOptions) -> (Mode, Vec<Row>) {
    let mode = options.mode.unwrap_or_else(|| {
        if align::looks_same_language(a, b) {
            Mode::SameLanguage
        } else {
            Mode::CrossLanguage
        }
    });
    let rows = align::align(
        a,
        b,
        &AlignOptions {
            mode,
            ignore: options.ignore,
        },
    );
    (mode, rows)
}

/// Aligns `a` and `b` and compares the words of every row.
pub fn compare(a: &Document, b: &Document, options: &CompareOptions) -> Comparison {
    let (mode, rows) = align_rows(a, b, options);
    compare_rows(a, b, mode, rows, options)
}

/// [`compare`] of two versions in one language, taking what was kept of
/// either side from an earlier comparison and giving back what is kept of
/// both (see [`Prepared`]): a history walk compares each revision twice.
pub(crate) fn compare_same_prepared(
    a: &Document,
    b: &Document,
    options: &CompareOptions,
    known: [Option<Prepared>; 2],
) -> (Comparison, [Prepared; 2]) {
    let (rows, kept) = align::align_same_prepared(a, b, &options.ignore, known);
    (compare_rows(a, b, Mode::SameLanguage, rows, options), kept)
}

/// The words of every row compared, and the rows counted.
fn compare_rows(
    a: &Document,
    b: &Document,
    mode: Mode,
    rows: Vec<Row>,
    options: &CompareOptions,
) -> Comparison {
    let rows: Vec<RowDiff> = rows
        .into_par_iter()
        .with_min_len(64)
        .map(|row| diff_row(a, b, row, mode, options))
        .collect();
    let summary = Summary::of(&rows);
    Comparison {
        mode,
        rows,
        summary,
    }
}

impl Summary {
    /// The rows counted by what they are.
    pub fn of(rows: &[RowDiff]) -> Summary {
        let mut summary = Summary::default();
        for r in rows {
            summary.count(r);
        }
        summary
    }

    fn count(&mut self, r: &RowDiff) {
        let summary = self;
        if r.moved {
            summary.moved += 1;
            return;
        }
        if r.renumbered.is_some() {
            summary.renumbered += 1;
            return;
        }
        let count = match r.status {
            Status::Unchanged => &mut summary.unchanged,
            Status::Changed => &mut summary.changed,
            Status::Added => &mut summary.added,
            Status::Removed => &mut summary.removed,
            Status::Split => &mut summary.split,
            Status::Merged => &mut summary.merged,
            Status::Aligned => &mut summary.aligned,
        };
        *count += 1;
    }
}

fn diff_row(a: &Document, b: &Document, row: Row, mode: Mode, options: &CompareOptions) -> RowDiff {
    let Row {
        a: ia,
        b: ib,
        moved,
        paired_by,
    } = row;
    let mut out = RowDiff {
        status: Status::Aligned,
        a: ia,
        b: ib,
        moved,
        paired_by,
        renumbered: None,
        similarity: None,
        ops: None,
        timed_out: false,
    };
    if !options.ignore_renumbering {
        out.renumbered = renumbering(a, b, &out.a, &out.b);
    }
    let ta = side_cow(a, &out.a);
    let tb = side_cow(b, &out.b);
    if out.a.is_empty() || out.b.is_empty() {
        out.status = if out.a.is_empty() {
            Status::Added
        } else {
            Status::Removed
        };
        if mode == Mode::SameLanguage {
            let (kind, text) = if out.a.is_empty() {
                (OpKind::Insert, tb.into_owned())
            } else {
                (OpKind::Delete, ta.into_owned())
            };
            out.ops = Some(if text.is_empty() {
                Vec::new()
            } else {
                vec![Op {
                    op: kind,
                    text,
                    moved: false,
                }]
            });
        }
        return out;
    }
    if mode == Mode::CrossLanguage {
        return out;
    }
    out.status = match (out.a.len(), out.b.len()) {
        (1, 1) => {
            let cmp = &options.ignore;
            if cmp.comparable(&ta) == cmp.comparable(&tb) {
                Status::Unchanged
            } else {
                Status::Changed
            }
        }
        (1, _) => Status::Split,
        (_, 1) => Status::Merged,
        _ => Status::Changed,
    };
    if out.status == Status::Unchanged {
        out.similarity = Some(1.0);
        return out;
    }
    let words = diff_words(&ta, &tb, options.word_budget);
    out.similarity = Some(words.similarity);
    out.timed_out = words.timed_out;
    out.ops = Some(words.ops);
    out
}
