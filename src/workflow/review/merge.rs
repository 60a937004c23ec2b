//! The three-way merge of a review, with no git in it: the base a proposal
//! was made from, the proposal (theirs) and the current text (ours) in; the
//! rows to decide, and for a set of decisions, the new text out.
//!
//! The rows are those of the aligned diff base → theirs. A decided row is
//! applied to ours only where ours has not changed its segments since the
//! base; where it has, the row is a conflict, never overwritten (an editor's
//! own text may still replace it). The result is rebuilt from pieces: ours'
//! segments, the proposal's segments of accepted rows (placed where the
//! proposal has them), and texts the editor wrote. Between pieces goes the
//! separator of the text they stand next to each other in. Labels of
//! numbered lists follow [`super::labels`]. Layout that no row shows
//! (re-wrapped lines, blank lines, the last line end) follows the proposal
//! when every row of it is taken, and the current text otherwise; so
//! accepting everything gives exactly the proposed text, and rejecting
//! everything exactly the current one.

use std::collections::{BTreeSet, HashMap};

use super::apart::merge_apart;
use super::decision::{Change, RecordRow, ReviewSummary, Verdict, changes, row_label};
use super::labels::{self, Entry, Lists};
use super::layout::{block, blocks, is_header, line_start};
use crate::align::Mode;
use crate::diff::{CompareOptions, Comparison, Op, OpKind, RowDiff, Status, compare, side_text};
use crate::text::{Document, Kind, parse_label};

/// Where a row stands before this review pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowState {
    /// Waiting for a decision.
    Open,
    /// The current branch changed these segments since the proposal's base.
    Conflict,
    /// The current branch already has exactly the proposed text.
    Applied,
    /// Decided in an earlier review pass of this proposal.
    Decided(Box<RecordRow>),
}

/// One row of a proposal to decide.
#[derive(Debug, Clone)]
pub struct MergeRow {
    /// Segment indices in the base version.
    pub a: Vec<usize>,
    /// Segment indices in the proposed version.
    pub b: Vec<usize>,
    pub a_keys: Vec<String>,
    pub b_keys: Vec<String>,
    pub status: Status,
    /// What the row's first segment is (a paragraph, a table row, code ...).
    pub kind: Kind,
    pub moved: bool,
    /// Only the point's label differs, and not as the list's numbering implies.
    pub renumbered: bool,
    pub similarity: Option<f64>,
    /// The words changed, base → proposal.
    pub ops: Vec<Op>,
    pub state: RowState,
    /// Index of this row among all rows of the base → proposal diff.
    pub position: usize,
    /// The current text's own word changes to the row's paragraph since the
    /// base, where it changed that one paragraph in place (`None` where it
    /// did not change it, or changed it otherwise).
    pub ours_ops: Option<Vec<Op>>,
}

impl MergeRow {
    /// The row's keys for display: `2¶3 + 2¶4 → 2¶3`.
    pub fn label(&self) -> String {
        row_label(&self.a_keys, &self.b_keys)
    }

    /// The row's word changes, numbered from 1 in reading order.
    pub fn changes(&self) -> Vec<Change> {
        changes(&self.ops)
    }

    /// Whether some of the row's changes can be taken and others not: a
    /// paragraph, heading, table row or footnote changed in place (split,
    /// merged, moved, added and removed rows are taken whole, and so are
    /// code, HTML blocks and breaks, whose lines the changed words do not
    /// keep, and a table row whose changes move the edge of a cell).
    pub fn can_take_in_part(&self) -> bool {
        self.status == Status::Changed
            && !self.moved
            && self.a.len() == 1
            && self.b.len() == 1
            && match self.kind {
                Kind::Paragraph | Kind::Heading | Kind::Footnote => true,
                // Changes inside cells; one that moves a cell's edge (its
                // words hold the `|` between cells) goes with the whole row,
                // or the row would have another number of cells than its table.
                Kind::TableRow => self
                    .ops
                    .iter()
                    .all(|op| op.op == OpKind::Equal || !op.text.contains('|')),
                _ => false,
            }
    }

    /// The row's words with the proposal's changes numbered in `taken` (all
    /// for `None`) made in the current text, which changed other words of the
    /// paragraph since the base ([`super::apart`]); `None` where the current
    /// text did not change it, or changed words next to one of them.
    pub fn taken_apart(&self, taken: Option<&[usize]>) -> Option<String> {
        let ours = self.ours_ops.as_deref()?;
        if !self.can_take_in_part() {
            return None;
        }
        merge_apart(&self.ops, taken, ours)
    }

    /// The current text changed the row's paragraph too, in other words than
    /// the proposal: accepting takes the proposal's changes into it.
    pub fn changed_apart(&self) -> bool {
        self.state == RowState::Open && self.ours_ops.is_some()
    }

    /// A record row with this row's keys and words and the given verdict.
    pub fn record(&self, decision: Verdict) -> RecordRow {
        RecordRow {
            a: self.a_keys.clone(),
            b: self.b_keys.clone(),
            status: self.status,
            moved: self.moved,
            renumbered: self.renumbered,
            decision,
            reason: None,
            text: None,
            taken: None,
            apart: false,
            ops: self.ops.clone(),
        }
    }
}

/// What applying a pass's decisions gives.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The new text of the version.
    pub text: String,
    /// What became of each row not decided before, in row order.
    pub rows: Vec<RecordRow>,
    pub summary: ReviewSummary,
    /// Points given a new label so that their list stays in sequence (`4 → 3`).
    pub renumbered: Vec<String>,
    /// Lists whose labels could not be put in sequence, with their labels.
    pub unreconciled: Vec<String>,
    /// Every row's proposed text is in (accepted, edited or applied, now or
    /// before), so the proposal's layout was taken too.
    pub whole: bool,
}

/// A proposal ready to review: the three texts and the rows to decide.
#[derive(Debug, Clone)]
pub struct Merge {
    pub base: Document,
    pub theirs: Document,
    pub ours: Document,
    /// All rows of base → proposal (for showing neighbouring paragraphs).
    pub all_rows: Vec<RowDiff>,
    /// The rows to decide, in reading order.
    pub rows: Vec<MergeRow>,
    /// For each base segment, its unchanged twin in ours.
    pub(super) twin: Vec<Option<usize>>,
    /// For each base segment, its one-to-one counterpart in ours, changed or not.
    pub(super) twin_any: Vec<Option<usize>>,
    /// For each ours segment, the base segment it is the one-to-one counterpart of.
    pub(super) base_of_ours: Vec<Option<usize>>,
    /// For each base / proposal segment, its row in `all_rows`.
    pub(super) row_of_base: Vec<Option<usize>>,
    pub(super) ours_lists: Lists,
    pub(super) theirs_lists: Lists,
}

/// Same-language comparison, as for two revisions of one version.
fn compare_same(a: &Document, b: &Document) -> Comparison {
    compare(
        a,
        b,
        &CompareOptions {
            mode: Some(Mode::SameLanguage),
            ..CompareOptions::default()
        },
    )
}

/// The comparison of a document with itself: every segment unchanged in place.
fn unchanged(doc: &Document) -> Comparison {
    let rows: Vec<RowDiff> = (0..doc.segments.len())
        .map(|i| RowDiff {
            status: Status::Unchanged,
            a: smallvec::smallvec![i],
            b: smallvec::smallvec![i],
            moved: false,
            paired_by: Some(crate::align::PairedBy::Content),
            renumbered: None,
            similarity: Some(1.0),
            ops: None,
            timed_out: false,
        })
        .collect();
    Comparison {
        mode: Mode::SameLanguage,
        summary: crate::diff::Summary {
            unchanged: rows.len(),
            ..Default::default()
        },
        rows,
    }
}

fn keys(doc: &Document, idx: &[usize]) -> Vec<String> {
    idx.iter()
        .map(|&i| doc.segments[i].key.to_string())
        .collect()
}

/// The numbering view of a document's segments.
fn entries(doc: &Document) -> Vec<Entry> {
    doc.segments
        .iter()
        .enumerate()
        .map(|(j, s)| match (s.kind, &s.label) {
            (Kind::Heading, _) => Entry::Heading,
            (_, Some(written)) => Entry::Point {
                indent: s.span.start - line_start(doc, j),
                written: written.to_string(),
            },
            (_, None) => Entry::Plain,
        })
        .collect()
}

/// The header row of the table that segment `j` is a body row of.
fn table_header(doc: &Document, j: usize) -> Option<usize> {
    if doc.segments[j].kind != Kind::TableRow || is_header(doc, j) {
        return None;
    }
    (0..j)
        .rev()
        .take_while(|&h| doc.segments[h].kind == Kind::TableRow)
        .find(|&h| is_header(doc, h))
}

/// Two point labels are the same label (`- 1.` and `1.` are; `1.` and `2.` are not).
fn same_label(a: Option<&str>, b: Option<&str>) -> bool {
    let key = |l: Option<&str>| l.map(|l| parse_label(l).map_or_else(|| l.to_string(), |p| p.key));
    key(a) == key(b)
}

/// How many segments have each text.
fn text_counts(doc: &Document) -> HashMap<&str, usize> {
    let mut m: HashMap<&str, usize> = HashMap::new();
    for s in &doc.segments {
        *m.entry(s.text.as_str()).or_default() += 1;
    }
    m
}

impl Merge {
    /// Aligns base → theirs and base → ours and works out the rows to decide.
    pub fn new(base: Document, theirs: Document, ours: Document) -> Merge {
        let cmp = compare_same(&base, &theirs);
        let ours_cmp = if ours.source == base.source {
            // The usual case of a proposal on an unchanged branch: no need to align.
            unchanged(&base)
        } else {
            compare_same(&base, &ours)
        };
        let mut twin = vec![None; base.segments.len()];
        let mut twin_any = vec![None; base.segments.len()];
        let mut base_of_ours = vec![None; ours.segments.len()];
        let mut ours_row_of_base = vec![None; base.segments.len()];
        for (k, r) in ours_cmp.rows.iter().enumerate() {
            for &i in &r.a {
                ours_row_of_base[i] = Some(k);
            }
            if let ([i], [j]) = (r.a.as_slice(), r.b.as_slice()) {
                twin_any[*i] = Some(*j);
                base_of_ours[*j] = Some(*i);
                if r.status == Status::Unchanged {
                    twin[*i] = Some(*j);
                }
            }
        }
        let mut row_of_base = vec![None; base.segments.len()];
        let mut row_of_theirs = vec![None; theirs.segments.len()];
        for (k, r) in cmp.rows.iter().enumerate() {
            for &i in &r.a {
                row_of_base[i] = Some(k);
            }
            for &j in &r.b {
                row_of_theirs[j] = Some(k);
            }
        }
        let base_lists = labels::lists(&entries(&base));
        let theirs_lists = labels::lists(&entries(&theirs));
        let ours_lists = labels::lists(&entries(&ours));
        // A proposal list whose labels are positions (it and the base lists its
        // points come from count in one sequence): its renumbering follows the
        // rows, and is not a decision of its own.
        let implied: Vec<bool> = theirs_lists
            .members()
            .iter()
            .enumerate()
            .map(|(l, members)| {
                let mut involved: BTreeSet<usize> = BTreeSet::new();
                for &t in members {
                    let Some(row) = row_of_theirs[t] else {
                        continue;
                    };
                    involved.extend(
                        cmp.rows[row]
                            .a
                            .iter()
                            .filter_map(|&i| base_lists.of_entry[i]),
                    );
                }
                let list = &theirs_lists.lists[l];
                labels::shared_sequence(
                    involved.iter().map(|&i| &base_lists.lists[i]).chain([list]),
                    &list.form,
                )
                .is_some()
            })
            .collect();
        // How often each text occurs: a paragraph the proposal adds is already
        // in ours only if ours has more of it than the base had.
        let (base_count, ours_count) = (text_counts(&base), text_counts(&ours));

        let mut rows = Vec::new();
        for (position, r) in cmp.rows.iter().enumerate() {
            let changed = r.status != Status::Unchanged || r.moved;
            // One notion of a renumbering, the diff's: the labels are other
            // labels (`2.` → `3.`); a changed list marker (`- 1.` → `1.`) is layout.
            let renumbered = !changed
                && r.renumbered.is_some()
                && !r
                    .b
                    .first()
                    .and_then(|&j| theirs_lists.of_entry[j])
                    .is_some_and(|l| implied[l]);
            if !changed && !renumbered {
                continue;
            }
            // A row added to a table the current text no longer has has no
            // place to go: a conflict too.
            let conflict = r.a.iter().any(|&i| twin[i].is_none())
                || (r.a.is_empty()
                    && r.b.first().is_some_and(|&j| {
                        table_header(&theirs, j)
                            .and_then(|h| row_of_theirs[h])
                            .and_then(|k| cmp.rows[k].a.first())
                            .is_some_and(|&i| twin_any[i].is_none())
                    }));
            let applied = if renumbered {
                twin[r.a[0]].is_some_and(|j| {
                    same_label(
                        ours.segments[j].label.as_deref(),
                        theirs.segments[r.b[0]].label.as_deref(),
                    )
                })
            } else if r.a.is_empty() {
                r.b.iter().all(|&j| {
                    let t = theirs.segments[j].text.as_str();
                    ours_count.get(t) > base_count.get(t)
                })
            } else {
                let ours_idx: Vec<usize> =
                    r.a.iter()
                        .filter_map(|&i| ours_row_of_base[i])
                        .flat_map(|k| ours_cmp.rows[k].b.iter().copied())
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect();
                conflict && side_text(&ours, &ours_idx) == side_text(&theirs, &r.b)
            };
            // The current text's changes to the one paragraph of a row, where
            // it changed it in place.
            let ours_ops = match r.a.as_slice() {
                [i] if conflict && !applied => ours_row_of_base[*i]
                    .map(|k| &ours_cmp.rows[k])
                    .filter(|o| o.a.len() == 1 && o.b.len() == 1 && !o.moved)
                    .filter(|o| o.status == Status::Changed && !o.timed_out)
                    .and_then(|o| o.ops.clone()),
                _ => None,
            };
            let state = match (applied, conflict) {
                (true, _) => RowState::Applied,
                (_, true) => RowState::Conflict,
                _ => RowState::Open,
            };
            let mut row = MergeRow {
                a: r.a.to_vec(),
                b: r.b.to_vec(),
                a_keys: keys(&base, &r.a),
                b_keys: keys(&theirs, &r.b),
                status: r.status,
                kind: r
                    .a
                    .first()
                    .map(|&i| base.segments[i].kind)
                    .or_else(|| r.b.first().map(|&j| theirs.segments[j].kind))
                    .unwrap_or(Kind::Paragraph),
                moved: r.moved,
                renumbered,
                similarity: r.similarity,
                ops: r.ops.clone().unwrap_or_default(),
                state,
                position,
                ours_ops,
            };
            // Changes to other words than the current text's are no conflict.
            if row.state == RowState::Conflict && row.taken_apart(None).is_some() {
                row.state = RowState::Open;
            }
            rows.push(row);
        }
        wait_for_conflicts(&theirs, &mut rows);
        Merge {
            base,
            theirs,
            ours,
            all_rows: cmp.rows,
            rows,
            twin,
            twin_any,
            base_of_ours,
            row_of_base,
            ours_lists,
            theirs_lists,
        }
    }

    /// Rows still waiting for a decision in this pass (open or conflicting).
    pub fn pending(&self) -> impl Iterator<Item = (usize, &MergeRow)> {
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r.state, RowState::Open | RowState::Conflict))
    }

    /// The current text's Markdown of a row in conflict: the blocks of the current
    /// text that its base paragraphs became, as written there; `None` where one of
    /// them is gone or they no longer stand together.
    pub fn current_markdown(&self, row: &MergeRow) -> Option<String> {
        let ours: Vec<usize> = row
            .a
            .iter()
            .map(|&i| self.twin_any.get(i).copied().flatten())
            .collect::<Option<_>>()?;
        let (&first, &last) = (ours.first()?, ours.last()?);
        let together = ours.windows(2).all(|w| w[1] == w[0] + 1);
        together.then(|| blocks(&self.ours, first, last).to_string())
    }

    /// The proposed Markdown of a row, as written in the proposal (labels
    /// included); for a row changed apart, the current block with the
    /// proposal's changes made in it.
    pub fn proposed_markdown(&self, row: &MergeRow) -> String {
        if row.changed_apart() {
            return self.apart_markdown(row, None);
        }
        match (row.b.first(), row.b.last()) {
            (Some(&f), Some(&l)) => blocks(&self.theirs, f, l).to_string(),
            _ => String::new(),
        }
    }
}

/// Rows that can only be taken together with a neighbour in conflict wait
/// for it (they are in conflict too), so that accepting all never writes a
/// block that cannot stand where the current text's block is kept:
///
/// - a point's first line the proposal adds (`1. Title` written over what
///   was the point's paragraph, now `   the paragraph`) when the row of that
///   paragraph conflicts: taken alone, it would stand over the current
///   text's paragraph, which still carries the label, and the point would
///   be there twice;
/// - a table row when the row of the table row just before it conflicts:
///   the current text's block kept there would cut the table, and the row
///   would be read as a paragraph.
fn wait_for_conflicts(theirs: &Document, rows: &mut [MergeRow]) {
    let row_of: HashMap<usize, usize> = rows
        .iter()
        .enumerate()
        .flat_map(|(k, r)| r.b.iter().map(move |&j| (j, k)))
        .collect();
    let conflicts = |rows: &[MergeRow], j: usize| {
        row_of
            .get(&j)
            .is_some_and(|&n| rows[n].state == RowState::Conflict)
    };
    let mut changed = true;
    while changed {
        changed = false;
        for k in 0..rows.len() {
            let r = &rows[k];
            if r.state != RowState::Open {
                continue;
            }
            let (Some(&first), Some(&last)) = (r.b.first(), r.b.last()) else {
                continue;
            };
            let title = &theirs.segments[last];
            // A point's first paragraph (read as a heading keyed by its label
            // in a text read by its layout), over the point's next paragraph.
            let over_paragraph = r.a.is_empty()
                && matches!(title.kind, Kind::Heading | Kind::Paragraph)
                && !block(theirs, last).trim_start().starts_with('#')
                && theirs.segments.get(last + 1).is_some_and(|next| {
                    next.key
                        .strip_prefix(title.key.as_str())
                        .is_some_and(|rest| rest.starts_with('¶'))
                })
                && conflicts(rows, last + 1);
            let in_table = first > 0
                && theirs.segments[first].kind == Kind::TableRow
                && !is_header(theirs, first)
                && theirs.segments[first - 1].kind == Kind::TableRow
                && conflicts(rows, first - 1);
            if over_paragraph || in_table {
                rows[k].state = RowState::Conflict;
                changed = true;
            }
        }
    }
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
