//! Finding the approved text on the current branch.
//!
//! An approval names a commit and the blob of the approved text. The commit is used when it is
//! on the current branch (HEAD or an ancestor, along any parent). When it is not, because a
//! rebase or a cherry-pick replaced it (in this clone, or in the clone the branch came from),
//! the approval is **re-found**: the newest commit in the branch's history whose version file
//! changed to that blob holds the same text. An approval whose text is nowhere on the branch is
//! **lost**: reported for its version alone, never an error of the whole store.

use git2::Oid;
use serde::Serialize;

use super::record::{Approval, Approvals, StoredApproval, approvals_at};
use crate::store::short_id;
use crate::workflow::{WorkflowError, Workspace};

/// How an approval's text was found on the current branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Found {
    /// At the commit the approval names.
    Recorded,
    /// The named commit is not on the branch, but a commit with the same text is.
    ReFound,
    /// Neither the named commit nor its text is on the branch.
    Lost,
}

impl Found {
    /// How it is named in output: `recorded`, `re-found`, `lost`.
    pub fn name(self) -> &'static str {
        match self {
            Found::Recorded => "recorded",
            Found::ReFound => "re-found",
            Found::Lost => "lost",
        }
    }
}

/// An approval, and where its text is on the current branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub approval: Approval,
    /// The record file.
    pub path: String,
    pub found: Found,
    /// The commit on the current branch that holds the approved text: the recorded one, or
    /// the one re-found by the text's blob; None when lost.
    pub commit: Option<Oid>,
    /// The approved text's blob: as recorded, or (for an old record) read at its commit.
    pub blob: Option<Oid>,
}

impl Resolved {
    /// The error of an approval whose text cannot be found.
    pub fn lost(&self, doc: &str) -> WorkflowError {
        WorkflowError::ApprovalLost {
            doc: doc.to_string(),
            version: self.approval.version.clone(),
            commit: short_id(self.approval.commit),
            by: format!(
                "{}, {}, in {}",
                self.approval.approver, self.approval.date, self.path
            ),
        }
    }
}

/// Where the text `stored` approves is on the branch whose tip is `head`.
pub fn resolve(
    ws: &Workspace,
    head: Oid,
    doc: &str,
    stored: &StoredApproval,
) -> Result<Resolved, WorkflowError> {
    let a = &stored.approval;
    let path = ws.layout.version_file(doc, &a.version);
    let present = ws.store.has_commit(a.commit);
    let at_commit = if present {
        ws.store.blob_id_at(a.commit, &path)?
    } else {
        None
    };
    let blob = a.blob.or(at_commit);
    let (found, commit) = if present
        && at_commit.is_some()
        && at_commit == blob
        && ws.store.is_ancestor(a.commit, head)?
    {
        (Found::Recorded, Some(a.commit))
    } else {
        match blob {
            Some(b) => match ws.store.commit_with_blob(&path, b, head)? {
                Some(c) => (Found::ReFound, Some(c)),
                None => (Found::Lost, None),
            },
            None => (Found::Lost, None),
        }
    };
    Ok(Resolved {
        approval: a.clone(),
        path: stored.path.clone(),
        found,
        commit,
        blob,
    })
}

/// The latest approval of `version` in `doc` at `head`, found on the branch.
pub fn latest_approval(
    ws: &Workspace,
    head: Oid,
    doc: &str,
    version: &str,
) -> Result<Option<Resolved>, WorkflowError> {
    latest_of(ws, head, doc, &approvals_at(ws, head, doc)?, version)
}

/// The latest of `approvals` of `version`, found on the branch whose tip is `head`.
///
/// Records are taken in the order they were made (by the time in their names); a later one
/// replaces the one chosen so far unless the text it approves is older in the branch's
/// history than the chosen one's (a clock that was behind cannot make an approval of older
/// text the latest). A record later than the chosen one whose text is lost makes the
/// version's approval lost: the newest approval is never silently replaced by an older one.
pub fn latest_of(
    ws: &Workspace,
    head: Oid,
    doc: &str,
    approvals: &Approvals,
    version: &str,
) -> Result<Option<Resolved>, WorkflowError> {
    let mut best: Option<Resolved> = None;
    for stored in approvals
        .records
        .iter()
        .filter(|r| r.approval.version == version)
    {
        let r = resolve(ws, head, doc, stored)?;
        let replaces = match (&best, r.commit) {
            (None, _) | (_, None) => true,
            (Some(b), Some(c)) => match b.commit {
                None => true,
                Some(bc) => c == bc || !ws.store.is_ancestor(c, bc)?,
            },
        };
        if replaces {
            best = Some(r);
        }
    }
    Ok(best)
}
