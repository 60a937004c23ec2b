//! Reviews: an editor's decision on each changed row of a proposal, applied
//! as a three-way merge per segment.
//!
//! Base is the revision the proposal was made from, theirs the proposal, ours
//! the current branch. The rows are those of the aligned diff base → theirs.
//! An accepted row is applied to ours only where ours has not changed that
//! segment since the base; where it has, the row is a conflict: reported and
//! left undecided, never overwritten. Rejected and undecided rows keep ours.
//! Structural rows (split, merged, added, removed, moved) are taken whole.

use std::collections::{HashMap, HashSet};

use git2::Oid;
use serde::{Deserialize, Serialize};

use super::history::compare_revisions;
use super::proposal::{BRANCH_PREFIX, Proposal, load_proposal};
use super::{WorkflowError, Workspace};
use crate::diff::{Op, Status, side_text};
use crate::store::{Author, CommitRequest, CommitTime, StoreError};
use crate::text::{self, Document, segment};

/// What the editor decided for one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Reject(Option<String>),
    /// The editor's own text for the row (Markdown, label included), taken instead.
    Edit(String),
    Undecided,
}

/// Where a row stands before this review session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowState {
    /// Waiting for a decision.
    Open,
    /// The current branch changed these segments since the proposal's base.
    Conflict,
    /// The current branch already has exactly the proposed text.
    Applied,
    /// Decided in an earlier review of this proposal.
    Decided(RecordRow),
}

/// One changed row of a proposal.
#[derive(Debug, Clone)]
pub struct ReviewRow {
    /// Segment indices in the base version.
    pub a: Vec<usize>,
    /// Segment indices in the proposed version.
    pub b: Vec<usize>,
    pub a_keys: Vec<String>,
    pub b_keys: Vec<String>,
    pub status: Status,
    pub moved: bool,
    pub similarity: Option<f64>,
    /// The words changed, base → proposal.
    pub ops: Vec<Op>,
    pub state: RowState,
    /// Index of this row among all rows of the base → proposal diff (for context).
    pub position: usize,
}

impl ReviewRow {
    /// True when `key` names one of the row's segments, on either side.
    pub fn has_key(&self, key: &str) -> bool {
        self.a_keys.iter().chain(&self.b_keys).any(|k| k == key)
    }

    /// The row's keys for display: `2¶3 + 2¶4 → 2¶3`.
    pub fn label(&self) -> String {
        let a = self.a_keys.join(" + ");
        let b = self.b_keys.join(" + ");
        match (a.is_empty(), b.is_empty()) {
            (true, _) => b,
            (_, true) => a,
            _ if a == b => a,
            _ => format!("{a} → {b}"),
        }
    }
}

/// Everything a review needs: the three versions and the changed rows.
pub struct ReviewPlan {
    pub proposal: Proposal,
    /// The current branch's commit the review is made against.
    pub ours_commit: Oid,
    pub base: Document,
    pub theirs: Document,
    pub ours: Document,
    /// Changed rows of base → proposal, in reading order.
    pub rows: Vec<ReviewRow>,
    /// All rows of base → proposal (for showing neighbouring paragraphs).
    pub all_rows: Vec<crate::diff::RowDiff>,
    /// For each base segment, its unchanged twin in ours.
    base_to_ours: Vec<Option<usize>>,
    /// For each base segment, its one-to-one counterpart in ours, changed or not
    /// (where an editor's own text may go even in a conflict).
    base_to_ours_any: Vec<Option<usize>>,
    /// For each proposal segment, the index of its row in `all_rows`.
    row_of_b: Vec<Option<usize>>,
    previous: Option<ReviewRecord>,
}

/// One row of a review record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRow {
    /// Keys in the base version.
    pub a: Vec<String>,
    /// Keys in the proposal.
    pub b: Vec<String>,
    pub status: Status,
    pub moved: bool,
    /// `accepted`, `rejected`, `edited`, `undecided`, `conflict` or `applied`.
    pub decision: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The editor's text, for `edited` rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The words changed, base → proposal.
    pub ops: Vec<Op>,
}

impl RecordRow {
    fn is_decided(&self) -> bool {
        matches!(self.decision.as_str(), "accepted" | "rejected" | "edited")
    }
}

/// Counts of a review.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewSummary {
    pub accepted: usize,
    pub rejected: usize,
    pub edited: usize,
    pub undecided: usize,
    pub conflicts: usize,
}

/// `<root>/<doc>/reviews/<proposal>.json`: what was decided, by whom, on what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRecord {
    pub proposal: String,
    pub document: String,
    pub version: String,
    /// The revision the proposal was made from.
    pub base: String,
    /// The proposal's tip when it was reviewed.
    pub head: String,
    pub proposer: String,
    pub reviewer: String,
    /// When the review was committed (ISO 8601).
    pub date: String,
    pub rows: Vec<RecordRow>,
    pub summary: ReviewSummary,
    /// Every row is decided; the proposal branch was deleted.
    pub closed: bool,
}

fn keys(doc: &Document, idx: &[usize]) -> Vec<String> {
    idx.iter().map(|&i| doc.segments[i].key.clone()).collect()
}

fn read_doc(ws: &Workspace, commit: Oid, path: &str) -> Result<Option<Document>, WorkflowError> {
    match ws.store.read_at(commit, path)? {
        Some(bytes) => {
            let name = format!("{path} at {}", &commit.to_string()[..7]);
            Ok(Some(segment(&text::decode_owned(bytes, &name)?)))
        }
        None => Ok(None),
    }
}

/// Works out the changed rows of proposal `name` against the current branch at `ours_commit`.
pub fn plan_review(
    ws: &Workspace,
    name: &str,
    ours_commit: Oid,
) -> Result<ReviewPlan, WorkflowError> {
    let proposal = load_proposal(ws, name)?;
    let path = ws.layout.version_file(&proposal.doc, &proposal.version);
    let missing = |at: &str| WorkflowError::UnknownVersion {
        doc: proposal.doc.clone(),
        version: proposal.version.clone(),
        at: at.to_string(),
        known: String::new(),
    };
    let base = read_doc(ws, proposal.base, &path)?.ok_or_else(|| missing("the proposal's base"))?;
    let theirs = read_doc(ws, proposal.head, &path)?.ok_or_else(|| missing("the proposal"))?;
    let ours = read_doc(ws, ours_commit, &path)?.ok_or_else(|| missing("HEAD"))?;
    let previous = match ws
        .store
        .read_at(ours_commit, &ws.layout.review(&proposal.doc, name))?
    {
        Some(bytes) => serde_json::from_slice::<ReviewRecord>(&bytes).ok(),
        None => None,
    };

    let cmp = compare_revisions(&base, &theirs);
    let ours_cmp = compare_revisions(&base, &ours);
    let mut base_to_ours = vec![None; base.segments.len()];
    let mut base_to_ours_any = vec![None; base.segments.len()];
    let mut ours_row_of_base: Vec<Option<usize>> = vec![None; base.segments.len()];
    for (k, r) in ours_cmp.rows.iter().enumerate() {
        for &i in &r.a {
            ours_row_of_base[i] = Some(k);
        }
        if r.a.len() == 1 && r.b.len() == 1 {
            base_to_ours_any[r.a[0]] = Some(r.b[0]);
            if r.status == Status::Unchanged {
                base_to_ours[r.a[0]] = Some(r.b[0]);
            }
        }
    }
    let ours_texts: HashSet<&str> = ours.segments.iter().map(|s| s.text.as_str()).collect();

    let mut rows = Vec::new();
    for (position, r) in cmp.rows.iter().enumerate() {
        if r.status == Status::Unchanged && !r.moved {
            continue;
        }
        let ops = r.ops.clone().unwrap_or_default();
        let a_keys = keys(&base, &r.a);
        let b_keys = keys(&theirs, &r.b);
        let proposed = side_text(&theirs, &r.b);
        let applied = if r.a.is_empty() {
            r.b.iter()
                .all(|&j| ours_texts.contains(theirs.segments[j].text.as_str()))
        } else {
            let ours_rows: Vec<usize> = r.a.iter().filter_map(|&i| ours_row_of_base[i]).collect();
            let ours_idx: Vec<usize> = ours_rows
                .iter()
                .flat_map(|&k| ours_cmp.rows[k].b.iter().copied())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            let all_unchanged = r.a.iter().all(|&i| base_to_ours[i].is_some());
            !all_unchanged && side_text(&ours, &ours_idx) == proposed
        };
        let conflict = r.a.iter().any(|&i| base_to_ours[i].is_none());
        let previous_row = previous.as_ref().and_then(|rec| {
            rec.rows
                .iter()
                .find(|p| p.is_decided() && p.a == a_keys && p.b == b_keys && p.ops == ops)
                .cloned()
        });
        let state = match previous_row {
            Some(p) => RowState::Decided(p),
            None if applied => RowState::Applied,
            None if conflict => RowState::Conflict,
            None => RowState::Open,
        };
        rows.push(ReviewRow {
            a: r.a.clone(),
            b: r.b.clone(),
            a_keys,
            b_keys,
            status: r.status,
            moved: r.moved,
            similarity: r.similarity,
            ops,
            state,
            position,
        });
    }
    let mut row_of_b = vec![None; theirs.segments.len()];
    for (k, r) in cmp.rows.iter().enumerate() {
        for &b in &r.b {
            row_of_b[b] = Some(k);
        }
    }
    Ok(ReviewPlan {
        proposal,
        ours_commit,
        base,
        theirs,
        ours,
        rows,
        all_rows: cmp.rows,
        base_to_ours,
        base_to_ours_any,
        row_of_b,
        previous,
    })
}

/// Text between the end of segment `j` and the next segment (or the end).
fn separator_after(doc: &Document, j: usize) -> &str {
    let end = doc.segments[j].span.end;
    let next = doc
        .segments
        .get(j + 1)
        .map_or(doc.source.len(), |s| s.span.start);
    &doc.source[end..next]
}

/// What happens to one segment of ours.
#[derive(Clone)]
enum Action {
    Keep,
    /// Replaced (with the segments up to `end` inclusive) by `text`; empty text deletes.
    Replace {
        end: usize,
        text: String,
    },
    /// Part of a group replaced at its first segment.
    Gone,
}

impl ReviewPlan {
    /// Rows still waiting for a decision in this session (open or conflicting).
    pub fn pending(&self) -> impl Iterator<Item = (usize, &ReviewRow)> {
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r.state, RowState::Open | RowState::Conflict))
    }

    /// The proposed Markdown of a row, as written in the proposal (labels included).
    pub fn proposed_markdown(&self, row: &ReviewRow) -> String {
        match (row.b.first(), row.b.last()) {
            (Some(&f), Some(&l)) => self.theirs.source
                [self.theirs.segments[f].span.start..self.theirs.segments[l].span.end]
                .to_string(),
            _ => String::new(),
        }
    }

    /// Where theirs segment `j` goes in ours: after the ours twin of the nearest
    /// earlier proposal segment that has one (`None`: at the start).
    fn anchor_for(&self, j: usize) -> Option<usize> {
        (0..j).rev().find_map(|k| {
            let row = &self.all_rows[self.row_of_b[k]?];
            row.a.iter().rev().find_map(|&i| self.base_to_ours[i])
        })
    }

    /// Applies `decisions` (one per row of [`ReviewPlan::rows`]) to ours and
    /// returns the new text of the version and the rows of the record.
    pub fn apply(&self, decisions: &[Decision]) -> (String, Vec<RecordRow>, ReviewSummary) {
        let n = self.ours.segments.len();
        let mut actions = vec![Action::Keep; n];
        // Inserted text after ours segment j (index n: at the start), in proposal order.
        let mut inserts: Vec<Vec<(usize, String)>> = vec![Vec::new(); n + 1];
        let mut record = Vec::new();
        let mut summary = ReviewSummary::default();

        for (row, decision) in self.rows.iter().zip(decisions) {
            let mut entry = RecordRow {
                a: row.a_keys.clone(),
                b: row.b_keys.clone(),
                status: row.status,
                moved: row.moved,
                decision: String::new(),
                reason: None,
                text: None,
                ops: row.ops.clone(),
            };
            if let RowState::Decided(previous) = &row.state {
                record.push(previous.clone());
                continue;
            }
            if row.state == RowState::Applied {
                entry.decision = "applied".to_string();
                record.push(entry);
                continue;
            }
            let conflict = row.state == RowState::Conflict;
            let replacement = match decision {
                Decision::Accept if conflict => None,
                Decision::Accept => Some(self.proposed_markdown(row)),
                Decision::Edit(t) => Some(t.trim().to_string()),
                _ => None,
            };
            match (decision, replacement) {
                (Decision::Reject(reason), _) => {
                    entry.decision = "rejected".to_string();
                    entry.reason = reason.clone();
                    summary.rejected += 1;
                }
                (_, Some(text)) => {
                    let edited = matches!(decision, Decision::Edit(_));
                    if self.place(row, text.clone(), edited, &mut actions, &mut inserts) {
                        if matches!(decision, Decision::Edit(_)) {
                            entry.decision = "edited".to_string();
                            entry.text = Some(text);
                            summary.edited += 1;
                        } else {
                            entry.decision = "accepted".to_string();
                            summary.accepted += 1;
                        }
                    } else {
                        entry.decision = "conflict".to_string();
                        summary.conflicts += 1;
                    }
                }
                _ if conflict => {
                    entry.decision = "conflict".to_string();
                    summary.conflicts += 1;
                }
                _ => {
                    entry.decision = "undecided".to_string();
                    summary.undecided += 1;
                }
            }
            record.push(entry);
        }
        (self.assemble(&actions, &inserts), record, summary)
    }

    /// Records where `text` goes for an accepted or edited row. False when the
    /// row's segments cannot be found unchanged in ours (a conflict); an
    /// editor's own text (`edited`) may also replace segments ours changed.
    fn place(
        &self,
        row: &ReviewRow,
        text: String,
        edited: bool,
        actions: &mut [Action],
        inserts: &mut [Vec<(usize, String)>],
    ) -> bool {
        let n = self.ours.segments.len();
        let twins = if edited {
            &self.base_to_ours_any
        } else {
            &self.base_to_ours
        };
        let targets: Option<Vec<usize>> = row.a.iter().map(|&i| twins[i]).collect();
        let position = row.b.first().copied().unwrap_or(0);
        let insert_at = |inserts: &mut [Vec<(usize, String)>], text: String| {
            let slot = self.anchor_for(position).unwrap_or(n);
            inserts[slot].push((position, text));
        };
        match targets {
            Some(t) if !t.is_empty() => {
                let first = t[0];
                let last = t[t.len() - 1];
                let consecutive = t.windows(2).all(|w| w[1] == w[0] + 1);
                let free = t.iter().all(|&j| matches!(actions[j], Action::Keep));
                if !consecutive || !free {
                    return false;
                }
                if row.moved {
                    actions[first] = Action::Replace {
                        end: last,
                        text: String::new(),
                    };
                    for &j in &t[1..] {
                        actions[j] = Action::Gone;
                    }
                    insert_at(inserts, text);
                } else {
                    actions[first] = Action::Replace { end: last, text };
                    for &j in &t[1..] {
                        actions[j] = Action::Gone;
                    }
                }
                true
            }
            // An added row: its place follows the proposal's order.
            Some(_) => {
                insert_at(inserts, text);
                true
            }
            None => false,
        }
    }

    fn assemble(&self, actions: &[Action], inserts: &[Vec<(usize, String)>]) -> String {
        let ours = &self.ours;
        let n = ours.segments.len();
        let mut out = String::with_capacity(ours.source.len() + 256);
        let prefix_end = ours
            .segments
            .first()
            .map_or(ours.source.len(), |s| s.span.start);
        out.push_str(&ours.source[..prefix_end]);
        let emit_inserts = |out: &mut String, list: &[(usize, String)]| {
            let mut list: Vec<&(usize, String)> = list.iter().collect();
            list.sort_by_key(|(p, _)| *p);
            for (p, text) in list {
                if text.is_empty() {
                    continue;
                }
                out.push_str(text);
                out.push_str(&self.separator_for_insert(*p));
            }
        };
        emit_inserts(&mut out, &inserts[n]);
        let mut j = 0;
        while j < n {
            match &actions[j] {
                Action::Keep => {
                    out.push_str(&ours.source[ours.segments[j].span.clone()]);
                    out.push_str(separator_after(ours, j));
                }
                Action::Replace { end, text } => {
                    if !text.is_empty() {
                        out.push_str(text);
                        out.push_str(separator_after(ours, *end));
                    }
                    for list in &inserts[j..*end] {
                        emit_inserts(&mut out, list);
                    }
                    j = *end;
                }
                Action::Gone => {}
            }
            emit_inserts(&mut out, &inserts[j]);
            j += 1;
        }
        // Deleting the last paragraphs leaves the separator before them: end as the original did.
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        if ours.source.ends_with('\n') || ours.source.is_empty() {
            out.push('\n');
        }
        out
    }

    /// The separator written after an inserted proposal segment: the one that
    /// follows it in the proposal (a list keeps its single line breaks).
    fn separator_for_insert(&self, first_b: usize) -> String {
        let row = self.rows.iter().find(|r| r.b.first() == Some(&first_b));
        let last = row.and_then(|r| r.b.last().copied()).unwrap_or(first_b);
        if last >= self.theirs.segments.len() {
            return "\n\n".to_string();
        }
        let sep = separator_after(&self.theirs, last);
        if sep.contains('\n') && sep.trim().is_empty() && last + 1 < self.theirs.segments.len() {
            sep.to_string()
        } else {
            "\n\n".to_string()
        }
    }
}

/// How a review went.
#[derive(Debug, Clone)]
pub struct ReviewOutcome {
    /// The review commit; `None` when nothing was decided and nothing written.
    pub commit: Option<Oid>,
    pub summary: ReviewSummary,
    pub record: ReviewRecord,
    /// Every row decided: the proposal branch was deleted.
    pub closed: bool,
}

/// Decisions for a plan's rows, given by row keys: `accept`/`reject` name rows
/// by any of their keys (or `all`), `edits` give the editor's text by key.
#[derive(Debug, Clone, Default)]
pub struct DecisionFlags {
    pub accept: Vec<String>,
    pub reject: Vec<String>,
    pub reason: Option<String>,
    pub edits: Vec<(String, String)>,
}

impl DecisionFlags {
    /// True when no decision was given.
    pub fn is_empty(&self) -> bool {
        self.accept.is_empty() && self.reject.is_empty() && self.edits.is_empty()
    }

    /// One decision per row of `plan`. Errors name keys that match no changed
    /// row, and rows given two different decisions.
    pub fn resolve(&self, plan: &ReviewPlan) -> Result<Vec<Decision>, WorkflowError> {
        let known: Vec<String> = plan.rows.iter().map(ReviewRow::label).collect();
        let unknown = |key: &str| WorkflowError::UnknownRowKey {
            key: key.to_string(),
            proposal: plan.proposal.name.clone(),
            rows: known.join(", "),
        };
        let mut decisions = vec![Decision::Undecided; plan.rows.len()];
        let mut set = |k: usize, d: Decision, key: &str| -> Result<(), WorkflowError> {
            if decisions[k] != Decision::Undecided && decisions[k] != d {
                return Err(WorkflowError::TwoDecisions {
                    key: key.to_string(),
                });
            }
            decisions[k] = d;
            Ok(())
        };
        // Rows named by key (`all` is applied last, to what is left).
        let named: Vec<(&String, Decision)> = self
            .accept
            .iter()
            .map(|k| (k, Decision::Accept))
            .chain(
                self.reject
                    .iter()
                    .map(|k| (k, Decision::Reject(self.reason.clone()))),
            )
            .filter(|(k, _)| k.as_str() != "all")
            .chain(
                self.edits
                    .iter()
                    .map(|(k, t)| (k, Decision::Edit(t.clone()))),
            )
            .collect();
        for (key, decision) in named {
            let matches: Vec<usize> = (0..plan.rows.len())
                .filter(|&k| plan.rows[k].has_key(key))
                .collect();
            if matches.is_empty() {
                return Err(unknown(key));
            }
            for k in matches {
                set(k, decision.clone(), key)?;
            }
        }
        // `all` fills in what is not decided by key.
        for (list, decision) in [
            (&self.accept, Decision::Accept),
            (&self.reject, Decision::Reject(self.reason.clone())),
        ] {
            if list.iter().any(|k| k == "all") {
                for d in decisions.iter_mut() {
                    if *d == Decision::Undecided {
                        *d = decision.clone();
                    }
                }
            }
        }
        Ok(decisions)
    }
}

/// Chooses one decision per row of a plan, or `None` to write nothing.
pub type Decider<'a> = dyn FnMut(&ReviewPlan) -> Result<Option<Vec<Decision>>, WorkflowError> + 'a;

/// Commits a review of proposal `name`: the version as merged, and the record.
///
/// `decide` is called with the plan (built against the current branch) and
/// returns one decision per row, or `None` to write nothing. If the branch
/// moves before the commit lands, the plan is rebuilt on the new head and the
/// same decisions (by row keys) applied again.
pub fn review(
    ws: &Workspace,
    name: &str,
    reviewer: &Author,
    time: Option<CommitTime>,
    decide: &mut Decider<'_>,
) -> Result<ReviewOutcome, WorkflowError> {
    let mut outcome: Option<ReviewOutcome> = None;
    // Decisions by row label, so that a rebuilt plan gets the same ones.
    let mut chosen: Option<HashMap<String, Decision>> = None;
    let commit = ws.commit_fresh(|head| {
        let head = head.ok_or(WorkflowError::EmptyStore)?;
        let plan = plan_review(ws, name, head)?;
        let decisions = match &chosen {
            Some(by_label) => plan
                .rows
                .iter()
                .map(|r| {
                    by_label
                        .get(&r.label())
                        .cloned()
                        .unwrap_or(Decision::Undecided)
                })
                .collect(),
            None => match decide(&plan)? {
                Some(d) => {
                    chosen = Some(
                        plan.rows
                            .iter()
                            .map(ReviewRow::label)
                            .zip(d.iter().cloned())
                            .collect(),
                    );
                    d
                }
                None => return Ok(None),
            },
        };
        let (text, rows, summary) = plan.apply(&decisions);
        let undecided_left = rows
            .iter()
            .any(|r| matches!(r.decision.as_str(), "undecided" | "conflict"));
        let p = &plan.proposal;
        let record = ReviewRecord {
            proposal: p.name.clone(),
            document: p.doc.clone(),
            version: p.version.clone(),
            base: p.base.to_string(),
            head: p.head.to_string(),
            proposer: p.author.to_string(),
            reviewer: reviewer.to_string(),
            date: time.map_or_else(|| CommitTime::now().iso8601(), |t| t.iso8601()),
            rows,
            summary,
            closed: !undecided_left,
        };
        let mut changes = Vec::new();
        let path = ws.layout.version_file(&p.doc, &p.version);
        if text != plan.ours.source {
            changes.push((path, Some(text.into_bytes())));
        }
        let mut json = serde_json::to_vec_pretty(&record).unwrap_or_default();
        json.push(b'\n');
        changes.push((ws.layout.review(&p.doc, &p.name), Some(json)));
        let mut message = format!(
            "review {}: {} accepted, {} rejected",
            p.name, summary.accepted, summary.rejected
        );
        for (n, what) in [
            (summary.edited, "edited"),
            (summary.undecided, "undecided"),
            (summary.conflicts, "in conflict"),
        ] {
            if n > 0 {
                message.push_str(&format!(", {n} {what}"));
            }
        }
        message.push_str(&format!(
            "\n\nEmend-Proposal: {}\nEmend-Proposer: {}\n",
            p.name, p.author
        ));
        let mut req = CommitRequest::new(message, reviewer.clone());
        req.time = time;
        req.changes = changes;
        req.regenerated = vec![ws.layout.review(&p.doc, &p.name)];
        outcome = Some(ReviewOutcome {
            commit: None,
            summary,
            closed: record.closed,
            record,
        });
        Ok(Some(req))
    })?;
    let Some(mut outcome) = outcome.filter(|_| commit.is_some()) else {
        return Ok(ReviewOutcome {
            commit: None,
            summary: ReviewSummary::default(),
            record: empty_record(name),
            closed: false,
        });
    };
    outcome.commit = commit;
    if outcome.closed {
        let head = Oid::from_str(&outcome.record.head).map_err(|_| StoreError::Git {
            context: "reading the proposal head".to_string(),
            source: git2::Error::from_str("bad id"),
        })?;
        ws.store
            .delete_branch(&format!("{BRANCH_PREFIX}{name}"), head)?;
    }
    Ok(outcome)
}

fn empty_record(name: &str) -> ReviewRecord {
    ReviewRecord {
        proposal: name.to_string(),
        document: String::new(),
        version: String::new(),
        base: String::new(),
        head: String::new(),
        proposer: String::new(),
        reviewer: String::new(),
        date: String::new(),
        rows: Vec::new(),
        summary: ReviewSummary::default(),
        closed: false,
    }
}

impl ReviewPlan {
    /// The previous review's record of this proposal, if a review was made before.
    pub fn previous(&self) -> Option<&ReviewRecord> {
        self.previous.as_ref()
    }
}
