//! Applying a review pass's decisions: the version rebuilt from pieces.
//!
//! The pieces are ours' segments kept, the proposal's segments of the rows
//! taken (in place of their segments in ours, or where the proposal has them
//! for added and moved rows), and texts the editor wrote. Between two pieces
//! goes the separator of the text they stand next to each other in; labels
//! of numbered lists are then put in sequence ([`super::labels`]).

use std::borrow::Cow;
use std::collections::BTreeSet;

use super::decision::{Decision, RecordRow, ReviewSummary, Verdict, partial_text};
use super::in_place::rewritten;
use super::labels::{self, Entry, Written};
use super::layout::{block, indent_of, is_header};
use super::merge::{Merge, MergeRow, Merged, RowState};
use crate::diff::Status;
use crate::text::{Kind, parse_label};

impl Merge {
    /// The Markdown of a row with only some of its changes taken: what the
    /// current block writes before its words (indentation, `>`, a footnote's
    /// `[^1]:`, a bullet, the point's label, or heading marks), then the words
    /// that result; a table row's cells between pipes.
    fn partial_markdown(&self, row: &MergeRow, taken: &[usize]) -> String {
        let (doc, i) = match self.twin[row.a[0]] {
            Some(j) => (&self.ours, j),
            None => (&self.base, row.a[0]),
        };
        rewritten(doc, i, &partial_text(&row.ops, taken))
    }

    /// The Markdown of a row whose paragraph the current text changed in
    /// other words: the current block's opening, then its words with the
    /// proposal's changes numbered in `taken` (all for `None`) made in them.
    pub(super) fn apart_markdown(&self, row: &MergeRow, taken: Option<&[usize]>) -> String {
        let j = self.twin_any[row.a[0]].expect("a row changed apart has its paragraph in ours");
        let words = row
            .taken_apart(taken)
            .expect("a row changed apart takes the proposal's changes");
        rewritten(&self.ours, j, &words)
    }

    /// The piece of a row changed apart with the proposal's changes `taken`
    /// (all for `None`) made in the current text; `entry` records the text
    /// that results and that it was made so.
    fn apart_piece(
        &self,
        row: &MergeRow,
        taken: Option<&[usize]>,
        entry: &mut RecordRow,
    ) -> Vec<Item> {
        let text = self.apart_markdown(row, taken);
        entry.text = Some(text.clone());
        entry.apart = true;
        vec![Item::text(text, row)]
    }

    /// An editor's text for a row that stands for a table's header row,
    /// written as a table row without its delimiter row: the delimiter row
    /// of the header it replaces goes with it.
    fn with_delimiter(&self, row: &MergeRow, text: String) -> String {
        let (doc, i) = match (row.b.first(), row.a.first()) {
            (Some(&b), _) => (&self.theirs, b),
            (None, Some(&a)) => (&self.base, a),
            (None, None) => return text,
        };
        let first = text.lines().next().unwrap_or_default();
        let second = text.lines().nth(1).unwrap_or_default();
        if !is_header(doc, i)
            || !first.trim_start().starts_with('|')
            || super::layout::is_delimiter_row(second)
        {
            return text;
        }
        let raw = block(doc, i);
        let delimiter = raw.split_once('\n').map_or("", |(_, d)| d);
        match text.split_once('\n') {
            Some((first, rest)) => format!("{first}\n{delimiter}\n{rest}"),
            None => format!("{text}\n{delimiter}"),
        }
    }

    /// Applies one decision per row of [`Merge::rows`] (decisions for rows
    /// decided before or already applied are ignored) and rebuilds the text.
    ///
    /// A table row of the proposal that would land where it cannot be read
    /// as one (after a block that is no table row, the current text having
    /// moved or kept what stood before it) is not taken: its row is in
    /// conflict, and the text is rebuilt without it.
    pub fn apply(&self, decisions: &[Decision]) -> Merged {
        let mut forced = BTreeSet::new();
        loop {
            let (merged, orphans) = self.apply_once(decisions, &forced);
            let before = forced.len();
            forced.extend(orphans);
            if forced.len() == before {
                return merged;
            }
        }
    }

    /// [`Merge::apply`] with the rows in `forced` (indexes of [`Merge::rows`])
    /// taken as conflicts; also returns the rows whose table rows landed
    /// cut off from their table.
    fn apply_once(&self, decisions: &[Decision], forced: &BTreeSet<usize>) -> (Merged, Vec<usize>) {
        let n = self.ours.segments.len();
        // What replaces each ours segment (`None`: kept; empty: removed).
        let mut slots: Vec<Option<Vec<Item>>> = vec![None; n];
        let mut inserts: Vec<(usize, Vec<Item>)> = Vec::new();
        let mut record = Vec::new();
        let mut summary = ReviewSummary::default();
        let mut whole = true;

        for (k, (row, decision)) in self.rows.iter().zip(decisions).enumerate() {
            match &row.state {
                RowState::Decided(previous) => {
                    whole &= previous.decision.takes_proposal();
                    continue;
                }
                RowState::Applied => {
                    record.push(row.record(Verdict::Applied));
                    continue;
                }
                RowState::Open | RowState::Conflict => {}
            }
            let conflict = row.state == RowState::Conflict || forced.contains(&k);
            let mut entry = row.record(Verdict::Undecided);
            let (pieces, twins, verdict) = match decision {
                Decision::Reject(reason) => {
                    entry.reason = reason.clone();
                    (None, &self.twin, Verdict::Rejected)
                }
                Decision::Undecided => (None, &self.twin, Verdict::Undecided),
                Decision::Accept if !conflict && row.changed_apart() => {
                    let pieces = self.apart_piece(row, None, &mut entry);
                    (Some(pieces), &self.twin_any, Verdict::Accepted)
                }
                Decision::Accept if !conflict => {
                    (Some(self.theirs_pieces(row)), &self.twin, Verdict::Accepted)
                }
                Decision::Partial { taken, reason } if !conflict && row.can_take_in_part() => {
                    let all = row.changes().len();
                    let mut taken: Vec<usize> = taken
                        .iter()
                        .copied()
                        .filter(|&t| (1..=all).contains(&t))
                        .collect();
                    taken.sort_unstable();
                    taken.dedup();
                    if row.changed_apart() && !taken.is_empty() {
                        entry.reason = reason.clone();
                        let pieces = self.apart_piece(row, Some(&taken), &mut entry);
                        let verdict = if taken.len() == all {
                            Verdict::Accepted
                        } else {
                            entry.taken = Some(taken);
                            Verdict::Partial
                        };
                        (Some(pieces), &self.twin_any, verdict)
                    } else if taken.len() == all {
                        (Some(self.theirs_pieces(row)), &self.twin, Verdict::Accepted)
                    } else if taken.is_empty() {
                        entry.reason = reason.clone();
                        (None, &self.twin, Verdict::Rejected)
                    } else {
                        let text = self.partial_markdown(row, &taken);
                        entry.reason = reason.clone();
                        entry.text = Some(text.clone());
                        entry.taken = Some(taken);
                        (
                            Some(vec![Item::text(text, row)]),
                            &self.twin,
                            Verdict::Partial,
                        )
                    }
                }
                Decision::Edit(text) => {
                    let text = text.trim_end().trim_start_matches('\n').to_string();
                    let text = self.with_delimiter(row, text);
                    entry.text = Some(text.clone());
                    let pieces = if text.is_empty() {
                        Vec::new()
                    } else {
                        vec![Item::text(text, row)]
                    };
                    (Some(pieces), &self.twin_any, Verdict::Edited)
                }
                Decision::Partial { .. } if !conflict => (None, &self.twin, Verdict::Undecided),
                Decision::Accept | Decision::Partial { .. } => {
                    (None, &self.twin, Verdict::Conflict)
                }
            };
            let verdict = match pieces {
                Some(pieces) => {
                    if self.place(row, pieces, twins, &mut slots, &mut inserts) {
                        verdict
                    } else {
                        entry.text = None;
                        entry.taken = None;
                        entry.apart = false;
                        Verdict::Conflict
                    }
                }
                None if conflict && verdict == Verdict::Undecided => Verdict::Conflict,
                None => verdict,
            };
            entry.decision = verdict;
            whole &= verdict.takes_proposal();
            summary.count(verdict);
            record.push(entry);
        }

        let mut items: Vec<Item> = Vec::with_capacity(n + inserts.len());
        for (j, slot) in slots.into_iter().enumerate() {
            match slot {
                None => items.push(self.ours_item(j)),
                Some(pieces) => items.extend(pieces),
            }
        }
        inserts.sort_by_key(|(position, _)| *position);
        for (position, pieces) in inserts {
            let at = anchor(&items, position, pieces.first().and_then(|p| p.t));
            items.splice(at..at, pieces);
        }
        let orphans = self.cut_off_table_rows(&items);
        let raws: Vec<&str> = items.iter().map(|it| self.raw_of(it, whole)).collect();
        let mut texts: Vec<Cow<'_, str>> = raws.iter().map(|r| Cow::Borrowed(*r)).collect();
        self.indent_as_ours(&items, &mut texts, whole);
        let (renumbered, unreconciled) = self.number(&items, &mut texts);
        let text = self.assemble(&items, &raws, &texts, whole);
        let merged = Merged {
            text,
            rows: record,
            summary,
            renumbered,
            unreconciled,
            whole,
        };
        (merged, orphans)
    }

    /// The rows (indexes of [`Merge::rows`]) of the proposal's table rows
    /// that follow, in the result, a piece that does not end in a table row.
    fn cut_off_table_rows(&self, items: &[Item]) -> Vec<usize> {
        let ends_in_table_row = |item: &Item| match item.like.1 {
            Like::Base(i) => self.base.segments[i].kind == Kind::TableRow,
            Like::Ours(j) => self.ours.segments[j].kind == Kind::TableRow,
            Like::Theirs(b) => self.theirs.segments[b].kind == Kind::TableRow,
        };
        let mut out = Vec::new();
        for (at, item) in items.iter().enumerate() {
            let Piece::Theirs(b) = item.piece else {
                continue;
            };
            let body_row =
                self.theirs.segments[b].kind == Kind::TableRow && !is_header(&self.theirs, b);
            if body_row
                && !at
                    .checked_sub(1)
                    .is_some_and(|p| ends_in_table_row(&items[p]))
                && let Some(k) = item
                    .row
                    .and_then(|p| self.rows.iter().position(|r| r.position == p))
            {
                out.push(k);
            }
        }
        out
    }

    /// The proposal's segments of a row, as pieces.
    fn theirs_pieces(&self, row: &MergeRow) -> Vec<Item> {
        row.b
            .iter()
            .map(|&b| Item {
                piece: Piece::Theirs(b),
                o: None,
                t: Some((b, b)),
                row: Some(row.position),
                like: (Like::Theirs(b), Like::Theirs(b)),
            })
            .collect()
    }

    /// Ours segment `j` kept as it is.
    fn ours_item(&self, j: usize) -> Item {
        let row = self.base_of_ours[j].and_then(|i| self.row_of_base[i]);
        let t = row.and_then(|k| {
            let b = &self.all_rows[k].b;
            Some((*b.first()?, *b.last()?))
        });
        Item {
            piece: Piece::Ours(j),
            o: Some(j),
            t,
            // A row the proposal moves stands where the proposal has it; kept
            // here, the segment is no guide to where other rows go.
            row: row.filter(|&k| !self.all_rows[k].moved),
            like: (Like::Ours(j), Like::Ours(j)),
        }
    }

    /// Puts the pieces of a decided row in place of its segments in ours (at
    /// the first of them), or where the proposal has them (added and moved
    /// rows). False when a segment has no counterpart in ours, or one that
    /// another row replaces.
    fn place(
        &self,
        row: &MergeRow,
        mut pieces: Vec<Item>,
        twins: &[Option<usize>],
        slots: &mut [Option<Vec<Item>>],
        inserts: &mut Vec<(usize, Vec<Item>)>,
    ) -> bool {
        let Some(mut targets) = row
            .a
            .iter()
            .map(|&i| twins[i])
            .collect::<Option<Vec<usize>>>()
        else {
            return false;
        };
        targets.sort_unstable();
        let distinct = targets.windows(2).all(|w| w[0] < w[1]);
        if !distinct || targets.iter().any(|&j| slots[j].is_some()) {
            return false;
        }
        for (k, piece) in pieces.iter_mut().enumerate() {
            piece.o = targets.get(k).or(targets.last()).copied();
        }
        if targets.is_empty() || row.moved {
            for &j in &targets {
                slots[j] = Some(Vec::new());
            }
            for piece in &mut pieces {
                piece.o = None;
            }
            inserts.push((row.position, pieces));
        } else {
            for &j in &targets[1..] {
                slots[j] = Some(Vec::new());
            }
            slots[targets[0]] = Some(pieces);
        }
        true
    }

    /// The Markdown of a piece: ours' block (or, taking the proposal's layout,
    /// the proposal's block where only its layout differs), the proposal's
    /// block, or the editor's text.
    fn raw_of<'a>(&'a self, item: &'a Item, whole: bool) -> &'a str {
        match &item.piece {
            Piece::Ours(j) => {
                let j = *j;
                let ours = block(&self.ours, j);
                if whole
                    && let Some(i) = self.base_of_ours[j].filter(|&i| self.twin[i] == Some(j))
                    && block(&self.base, i) == ours
                    && let Some(k) = self.row_of_base[i]
                    && let r = &self.all_rows[k]
                    && r.status == Status::Unchanged
                    && !r.moved
                    && let [b] = r.b.as_slice()
                {
                    return block(&self.theirs, *b);
                }
                ours
            }
            Piece::Theirs(b) => block(&self.theirs, *b),
            Piece::Text(text) => text,
        }
    }

    /// Puts the labels of the result's lists in sequence where every list they
    /// come from was and the proposal has one of them; returns the points
    /// renumbered and the lists that could not be put in sequence.
    fn number(&self, items: &[Item], texts: &mut [Cow<'_, str>]) -> (Vec<String>, Vec<String>) {
        let found: Vec<(Entry, Option<std::ops::Range<usize>>)> = items
            .iter()
            .zip(texts.iter())
            .map(|(item, text)| self.entry_of(item, text))
            .collect();
        let entries: Vec<Entry> = found.iter().map(|(e, _)| e.clone()).collect();
        let result = labels::lists(&entries);
        let mut renumbered = Vec::new();
        let mut unreconciled = Vec::new();
        for (list, members) in result.lists.iter().zip(result.members()) {
            let ours = members
                .iter()
                .filter_map(|&k| items[k].o.and_then(|j| self.ours_lists.of_entry[j]))
                .collect::<BTreeSet<_>>();
            let theirs = members
                .iter()
                .filter_map(|&k| items[k].t.and_then(|(b, _)| self.theirs_lists.of_entry[b]))
                .collect::<BTreeSet<_>>();
            let involved: Vec<&labels::List> = ours
                .iter()
                .map(|&i| &self.ours_lists.lists[i])
                .chain(theirs.iter().map(|&i| &self.theirs_lists.lists[i]))
                .collect();
            // Only a list the proposal numbers too is counted again: where the
            // proposal takes the labels away (verses printed as paragraphs),
            // the ones left name their points and are not positions.
            let counters = (!theirs.is_empty())
                .then(|| labels::shared_sequence(involved.iter().copied(), &list.form))
                .flatten()
                .and_then(|seq| {
                    (0..members.len())
                        .map(|p| seq.scheme.counter(seq.start + u32::try_from(p).ok()?))
                        .collect::<Option<Vec<String>>>()
                });
            match counters {
                Some(counters) => {
                    for (&k, counter) in members.iter().zip(counters) {
                        let Some(span) = found[k].1.clone() else {
                            continue;
                        };
                        let Some(w) = Written::parse(&texts[k][span.clone()]) else {
                            continue;
                        };
                        if w.counter != counter {
                            renumbered.push(format!("{} → {counter}", w.counter));
                            let new = w.with_counter(&counter);
                            texts[k].to_mut().replace_range(span, &new);
                        }
                    }
                }
                None if list.sequence.is_none()
                    && !involved.iter().any(|i| i.counters == list.counters) =>
                {
                    unreconciled.push(labels::in_runs(&list.counters));
                }
                None => {}
            }
        }
        (renumbered, unreconciled)
    }
}

/// What a piece of the result is made of.
#[derive(Debug, Clone)]
pub(super) enum Piece {
    Ours(usize),
    Theirs(usize),
    Text(String),
}

/// A segment of one of the three texts.
#[derive(Debug, Clone, Copy)]
pub(super) enum Like {
    Base(usize),
    Ours(usize),
    Theirs(usize),
}

/// One piece of the result, with what it stands for in the other texts.
#[derive(Debug, Clone)]
pub(super) struct Item {
    pub(super) piece: Piece,
    /// The ours segment it stands in place of.
    pub(super) o: Option<usize>,
    /// The first and last proposal segments it holds.
    pub(super) t: Option<(usize, usize)>,
    /// Its row in the base → proposal diff (where it goes).
    row: Option<usize>,
    /// The segments its first and last blocks are (or stand for, for an
    /// editor's text): what kind of block it starts and ends with.
    pub(super) like: (Like, Like),
}

impl Item {
    fn text(text: String, row: &MergeRow) -> Item {
        let like = |b: Option<&usize>, a: Option<&usize>| match (b, a) {
            (Some(&b), _) => Like::Theirs(b),
            (None, Some(&a)) => Like::Base(a),
            (None, None) => Like::Base(0),
        };
        Item {
            piece: Piece::Text(text),
            o: None,
            t: row.b.first().zip(row.b.last()).map(|(&f, &l)| (f, l)),
            row: Some(row.position),
            like: (
                like(row.b.first(), row.a.first()),
                like(row.b.last(), row.a.last()),
            ),
        }
    }
}

/// Where pieces of row `position` holding proposal segments `t` go: after
/// the piece holding the proposal segment just before them, else after the
/// piece of the nearest row before theirs.
fn anchor(items: &[Item], position: usize, t: Option<(usize, usize)>) -> usize {
    if let Some(before) = t.and_then(|(first, _)| first.checked_sub(1))
        && let Some(k) = items
            .iter()
            .rposition(|it| it.t.is_some_and(|(f, l)| f <= before && before <= l))
    {
        return k + 1;
    }
    let mut best: Option<(usize, usize)> = None;
    for (k, item) in items.iter().enumerate() {
        if let Some(r) = item.row.filter(|&r| r < position)
            && best.is_none_or(|(br, _)| r >= br)
        {
            best = Some((r, k));
        }
    }
    best.map_or(0, |(_, k)| k + 1)
}

/// How many characters at the start of a block are read for its label
/// (a bullet, spaces and a label such as `(xviii)` or `12.3.4.`).
const LABEL_WINDOW: usize = 48;

/// A piece's numbering entry, and where its label is in its text.
pub(super) fn label_in(text: &str) -> (Entry, Option<std::ops::Range<usize>>) {
    let indent = indent_of(text);
    let rest = &text[indent..];
    if rest.starts_with('#') {
        return (Entry::Heading, None);
    }
    // A label may end its line: read line breaks as the spaces they stand for.
    // Labels are short: the start of the block is enough.
    let end = rest
        .char_indices()
        .nth(LABEL_WINDOW)
        .map_or(rest.len(), |(i, _)| i);
    let flat = rest[..end].replace(['\n', '\t'], " ");
    match parse_label(&flat) {
        Some(label) => (
            Entry::Point {
                indent,
                written: label.written.clone(),
            },
            Some(indent..indent + label.written.len()),
        ),
        None => (Entry::Plain, None),
    }
}
