//! Reviews: an editor's decision on each changed row of a proposal (or on
//! single word changes inside one), applied as a three-way merge and kept as
//! an append-only record.
//!
//! [`merge`] does the merge without git; this module reads the three texts
//! and the earlier records from the store, and commits the result together
//! with the record of the pass ([`record`]). Rows decided in an earlier pass
//! of the same proposal (same keys, same words) are not asked again, so a
//! proposal revised after a review is reviewed only on what changed.

mod apart;
mod decision;
mod flags;
mod in_place;
mod indent;
mod join;
mod labels;
mod layout;
mod merge;
mod rebuild;
mod record;
mod state;
mod twice;
mod word;

use std::collections::HashMap;

use git2::Oid;

use super::proposal::{Proposal, drop_local_branch, load_proposal};
use super::{WorkflowError, Workspace};
use crate::store::{Author, CommitRequest, CommitTime, StoreError, short_id};
use crate::text::{self, Document, segment};

pub use decision::{
    Change, Decision, RecordRow, ReviewSummary, Verdict, changes, partial_text, row_label,
};
pub use flags::DecisionFlags;
pub(crate) use flags::first_of;
pub(crate) use layout::{block_end, line_start, written_with};
pub use merge::{Merge, MergeRow, Merged, RowState};
pub use record::{History, ReviewRecord, StoredRecord, records_at, records_dir};
pub use state::{ProposalState, open_proposals, proposal_states};
pub use twice::{DecidedTwice, Disagreement, disagreements, disagreements_merged};
pub use word::{ReviewSource, WordNote, WordReview, word_decisions};

/// Everything a review pass needs: the proposal, its earlier reviews and the merge.
pub struct ReviewPlan {
    pub proposal: Proposal,
    /// The current branch's commit the review is made against.
    pub ours_commit: Oid,
    pub merge: Merge,
    pub history: History,
}

impl ReviewPlan {
    /// Rows decided in earlier passes.
    pub fn decided_before(&self) -> usize {
        self.merge
            .rows
            .iter()
            .filter(|r| matches!(r.state, RowState::Decided(_)))
            .count()
    }
}

fn read_doc(ws: &Workspace, commit: Oid, path: &str) -> Result<Option<Document>, WorkflowError> {
    match ws.store.read_at(commit, path)? {
        Some(bytes) => {
            let name = format!("{path} at {}", short_id(commit));
            Ok(Some(segment(&text::decode_owned(bytes, &name)?)))
        }
        None => Ok(None),
    }
}

/// The merge of `proposal` against the current branch at `ours_commit`, with
/// the rows decided in earlier passes marked so.
pub(crate) fn plan_for(
    ws: &Workspace,
    proposal: Proposal,
    ours_commit: Oid,
) -> Result<ReviewPlan, WorkflowError> {
    let path = ws.layout.version_file(&proposal.doc, &proposal.version);
    let missing = |at: &str| WorkflowError::UnknownVersion {
        doc: proposal.doc.clone(),
        version: proposal.version.clone(),
        at: at.to_string(),
        known: String::new(),
    };
    let base = read_doc(ws, proposal.base, &path)?.ok_or_else(|| missing("the proposal's base"))?;
    let theirs = read_doc(ws, proposal.head, &path)?.ok_or_else(|| missing("the proposal"))?;
    // The version was removed since (`emend remove`, or in another clone): nothing to merge into.
    let ours_blob = ws.store.blob_id_at(ours_commit, &path)?;
    if ours_blob.is_none() {
        return Err(WorkflowError::ProposalVersionRemoved {
            name: proposal.name.clone(),
            doc: proposal.doc.clone(),
            version: proposal.version.clone(),
        });
    }
    // The current text is often still the base's: read it once.
    let ours = if ours_blob == ws.store.blob_id_at(proposal.base, &path)? {
        base.clone()
    } else {
        read_doc(ws, ours_commit, &path)?.ok_or_else(|| missing("HEAD"))?
    };
    let history = History::of(ws, ours_commit, &proposal)?;
    let mut merge = Merge::new(base, theirs, ours);
    for row in &mut merge.rows {
        if let Some(previous) = history.decided(row) {
            row.state = RowState::Decided(Box::new(previous));
        }
    }
    Ok(ReviewPlan {
        proposal,
        ours_commit,
        merge,
        history,
    })
}

/// Why proposal `name` cannot be reviewed again: the record that closed it.
fn closed_error(name: &str, closing: &StoredRecord, branch_left: bool) -> WorkflowError {
    let r = &closing.record;
    WorkflowError::ProposalClosed {
        name: name.to_string(),
        tip: r.head.get(..7).unwrap_or(&r.head).to_string(),
        by: format!("{} on {} ({})", r.reviewer, r.date, closing.path),
        branch_left,
    }
}

/// The review plan of proposal `name` against the current branch at
/// `ours_commit`. A proposal whose tip was fully reviewed is refused.
pub fn plan_review(
    ws: &Workspace,
    name: &str,
    ours_commit: Oid,
) -> Result<ReviewPlan, WorkflowError> {
    let proposal = match load_proposal(ws, name) {
        Ok(p) => p,
        Err(WorkflowError::UnknownProposal { .. }) => {
            // Its branch is gone: say so if a review closed it.
            for doc in ws.documents_at(ours_commit)? {
                let records = records_at(ws, ours_commit, &doc, name)?;
                if let Some(closing) = records.iter().rev().find(|r| r.record.closed) {
                    return Err(closed_error(name, closing, false));
                }
            }
            return Err(WorkflowError::UnknownProposal {
                name: name.to_string(),
            });
        }
        Err(e) => return Err(e),
    };
    let plan = plan_for(ws, proposal, ours_commit)?;
    if let Some(closing) = plan.history.closed_at(plan.proposal.head) {
        return Err(closed_error(name, closing, true));
    }
    Ok(plan)
}

/// How a review pass went.
#[derive(Debug, Clone)]
pub struct ReviewOutcome {
    /// The review commit; `None` when nothing was written.
    pub commit: Option<Oid>,
    /// The record of this pass (also when nothing was written: what it would have said).
    pub record: ReviewRecord,
    /// Where the record was written.
    pub path: Option<String>,
    /// Rows decided in earlier passes.
    pub decided_before: usize,
    /// Every row is decided: the proposal is closed and its branch deleted.
    pub closed: bool,
}

/// Chooses one decision per row of a plan, or `None` to write nothing.
pub type Decider<'a> = dyn FnMut(&ReviewPlan) -> Result<Option<Vec<Decision>>, WorkflowError> + 'a;

/// How a review pass is written.
#[derive(Debug, Clone)]
pub struct ReviewRequest {
    pub name: String,
    pub reviewer: Author,
    pub time: Option<CommitTime>,
    /// More of the commit message, after emend's summary line.
    pub message: Option<String>,
    /// Overwrite uncommitted edits of the version's file.
    pub force: bool,
    /// The file the decisions came from (a Word document the editor returned).
    pub from: Option<ReviewSource>,
}

/// Commits a review pass of a proposal: the version as merged, and the
/// pass's record in a new file. `None` when `decide` chose to write nothing.
///
/// `decide` is called with the plan (built against the current branch) and
/// returns one decision per row, or `None` to write nothing. If the branch
/// moves before the commit lands, the plan is rebuilt on the new head and the
/// same decisions (by row keys) applied again. A pass that decides nothing,
/// changes no text and closes nothing writes nothing.
pub fn review(
    ws: &Workspace,
    req: &ReviewRequest,
    decide: &mut Decider<'_>,
) -> Result<Option<ReviewOutcome>, WorkflowError> {
    let time = req.time.unwrap_or_else(CommitTime::now);
    let mut outcome: Option<ReviewOutcome> = None;
    // Decisions by row label, so that a rebuilt plan gets the same ones.
    let mut chosen: Option<HashMap<String, Decision>> = None;
    let commit = ws.commit_fresh(|head| {
        outcome = None;
        let head = head.ok_or(WorkflowError::EmptyStore)?;
        let plan = plan_review(ws, &req.name, head)?;
        let decisions = match &chosen {
            Some(by_label) => plan
                .merge
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
                        plan.merge
                            .rows
                            .iter()
                            .map(MergeRow::label)
                            .zip(d.iter().cloned())
                            .collect(),
                    );
                    d
                }
                None => return Ok(None),
            },
        };
        let merged = plan.merge.apply(&decisions);
        let closed = merged.rows.iter().all(|r| r.decision.is_settled());
        let p = &plan.proposal;
        let record = ReviewRecord {
            proposal: p.name.clone(),
            document: p.doc.clone(),
            version: p.version.clone(),
            base: p.base.to_string(),
            head: p.head.to_string(),
            proposer: p.author.to_string(),
            reviewer: req.reviewer.to_string(),
            date: time.iso8601(),
            rows: merged.rows,
            summary: merged.summary,
            renumbered: merged.renumbered,
            unreconciled: merged.unreconciled,
            closed,
            from: req.from.clone(),
        };
        let text_changed = merged.text != *plan.merge.ours.source;
        outcome = Some(ReviewOutcome {
            commit: None,
            record: record.clone(),
            path: None,
            decided_before: plan.decided_before(),
            closed,
        });
        if record.summary.decided() == 0 && !text_changed && !closed {
            return Ok(None);
        }
        let (file, json) = record::encode(&record, time);
        let path = format!("{}/{file}", records_dir(ws, &p.doc, &p.name));
        let mut changes = Vec::new();
        let version_path = ws.layout.version_file(&p.doc, &p.version);
        if text_changed {
            changes.push((version_path, Some(merged.text.into_bytes())));
        }
        let leftovers = state::leftover_records(ws, head, &p.doc, &p.name)?;
        changes.extend(leftovers.iter().map(|l| (l.clone(), None)));
        changes.push((path.clone(), Some(json)));
        let mut commit = CommitRequest::new(commit_message(p, &record, req), req.reviewer.clone());
        commit.time = Some(time);
        commit.changes = changes;
        commit.refuse_dirty = !req.force;
        // What a review killed before its branch moved left of this same
        // version and its records is ours to overwrite (the store checks that
        // it is exactly what that emend wrote).
        commit.regenerated = leftovers;
        commit
            .regenerated
            .push(ws.layout.version_file(&p.doc, &p.version));
        if let Some(o) = outcome.as_mut() {
            o.path = Some(path);
        }
        Ok(Some(commit))
    })?;
    let Some(mut outcome) = outcome else {
        return Ok(None);
    };
    outcome.commit = commit;
    if commit.is_some() && outcome.closed {
        let head = Oid::from_str(&outcome.record.head).map_err(|_| StoreError::Git {
            context: "reading the proposal head".to_string(),
            source: git2::Error::from_str("bad id"),
        })?;
        drop_local_branch(ws, &req.name, head)?;
    }
    Ok(Some(outcome))
}

/// `review NAME: 4 accepted, 1 rejected[, ...]` and the proposal's trailers.
fn commit_message(p: &Proposal, record: &ReviewRecord, req: &ReviewRequest) -> String {
    let s = record.summary;
    let mut message = format!(
        "review {}: {} accepted, {} rejected",
        p.name, s.accepted, s.rejected
    );
    for (n, what) in [
        (s.partial, "partly accepted"),
        (s.edited, "edited"),
        (s.undecided, "undecided"),
        (s.conflicts, "in conflict"),
    ] {
        if n > 0 {
            message.push_str(&format!(", {n} {what}"));
        }
    }
    if let Some(m) = req
        .message
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
    {
        message.push_str("\n\n");
        message.push_str(m);
    }
    message.push_str(&format!(
        "\n\nEmend-Proposal: {}\nEmend-Proposer: {}\n",
        p.name, p.author
    ));
    message
}
