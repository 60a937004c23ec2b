//! The state of proposals, derived from their branches and all their review records.

use git2::Oid;

use super::merge::RowState;
use super::plan_for;
use super::record::{History, StoredRecord, records_dir};
use crate::workflow::proposal::{Proposal, load_proposal, proposals};
use crate::workflow::{WorkflowError, Workspace, record_file};

/// Where a proposal stands, for `emend proposals`.
#[derive(Debug, Clone)]
pub struct ProposalState {
    pub proposal: Proposal,
    /// Rows that differ between the proposal's base and its tip.
    pub rows: usize,
    /// Rows decided, now or in earlier passes (or found already applied).
    pub decided: usize,
    /// Rows waiting for a decision.
    pub undecided: usize,
    /// Rows waiting whose text the current branch changed since the base.
    pub conflicts: usize,
    /// The latest review of this proposal.
    pub last_review: Option<StoredRecord>,
    /// The branch has moved since the latest review: what changed is open again.
    pub revised: bool,
    /// Its tip was fully reviewed: the branch is left over.
    pub closed: bool,
    /// Why its rows could not be worked out (its version is gone from the
    /// current branch, a record is broken); the other fields are then empty.
    pub error: Option<String>,
}

impl ProposalState {
    /// `open`, `partly decided` or `closed`.
    pub fn name(&self) -> &'static str {
        if self.closed {
            "closed"
        } else if self.decided > 0 {
            "partly decided"
        } else {
            "open"
        }
    }
}

/// The state of every proposal branch (optionally of one document), against the current branch.
pub fn proposal_states(
    ws: &Workspace,
    doc: Option<&str>,
) -> Result<Vec<ProposalState>, WorkflowError> {
    let head = ws.head()?;
    if let Some(doc) = doc {
        known_document(ws, head, doc)?;
    }
    let mut out = Vec::new();
    for p in proposals(ws, doc)? {
        let plan = match plan_for(ws, p.clone(), head) {
            Ok(plan) => plan,
            Err(e) => {
                out.push(ProposalState {
                    proposal: p,
                    rows: 0,
                    decided: 0,
                    undecided: 0,
                    conflicts: 0,
                    last_review: None,
                    revised: false,
                    closed: false,
                    error: Some(e.to_string()),
                });
                continue;
            }
        };
        let closing = plan.history.closed_at(plan.proposal.head).is_some();
        let mut s = ProposalState {
            rows: plan.merge.rows.len(),
            decided: 0,
            undecided: 0,
            conflicts: 0,
            last_review: plan.history.last().cloned(),
            revised: plan
                .history
                .last()
                .is_some_and(|r| r.record.head != plan.proposal.head.to_string()),
            closed: closing,
            error: None,
            proposal: plan.proposal,
        };
        for row in &plan.merge.rows {
            match row.state {
                RowState::Open => s.undecided += 1,
                RowState::Conflict => {
                    s.undecided += 1;
                    s.conflicts += 1;
                }
                RowState::Applied | RowState::Decided(_) => s.decided += 1,
            }
        }
        out.push(s);
    }
    Ok(out)
}

/// An error unless `doc` is a document at `head`; for a proposal's name
/// (`emend proposals NAME`, as `--docx NAME` and `review NAME` take one), one
/// that says which document the proposal is for.
fn known_document(ws: &Workspace, head: Oid, doc: &str) -> Result<(), WorkflowError> {
    let Err(e) = ws.document_at(head, doc) else {
        return Ok(());
    };
    Err(match (&e, load_proposal(ws, doc)) {
        (WorkflowError::UnknownDocument { .. }, Ok(p)) => WorkflowError::ProposalNotDocument {
            name: doc.to_string(),
            doc: p.doc,
        },
        _ => e,
    })
}

/// The proposals still open: their branch exists and its tip was not fully reviewed.
pub fn open_proposals(ws: &Workspace, doc: Option<&str>) -> Result<Vec<Proposal>, WorkflowError> {
    let head = ws.head()?;
    let mut out = Vec::new();
    for p in proposals(ws, doc)? {
        if History::of(ws, head, &p)?.closed_at(p.head).is_none() {
            out.push(p);
        }
    }
    Ok(out)
}

/// Records of proposal `name` in the work tree or the index but not at
/// `head`: what a review killed before its commit landed left there. The next pass removes
/// them in its commit (the store removes them only when a killed emend left
/// them; anything else is refused as uncommitted work).
pub(crate) fn leftover_records(
    ws: &Workspace,
    head: Oid,
    doc: &str,
    name: &str,
) -> Result<Vec<String>, WorkflowError> {
    let dir = records_dir(ws, doc, name);
    record_file::leftovers(ws, head, &dir, |bytes| {
        serde_json::from_slice::<super::ReviewRecord>(bytes)
            .is_ok_and(|r| r.proposal == name && r.document == doc)
    })
}
