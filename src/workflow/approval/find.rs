//! Finding the approved text on the current branch.
//!
//! An approval names a commit and the blob of the approved text. The commit is used when it is
//! on the current branch (HEAD or an ancestor, along any parent). When it is not, because a
//! rebase or a cherry-pick replaced it (in this clone, or in the clone the branch came from),
//! the approval is **re-found**: the newest commit in the branch's history whose version file
//! changed to that blob holds the same text. An approval whose text is nowhere on the branch is
//! **lost**: reported for its version alone, never an error of the whole store.

use std::collections::{HashMap, HashSet};

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
    Finder::new(ws, head).resolve(doc, stored)
}

/// The latest approval of `version` in `doc` at `head`, found on the branch.
pub fn latest_approval(
    ws: &Workspace,
    head: Oid,
    doc: &str,
    version: &str,
) -> Result<Option<Resolved>, WorkflowError> {
    Finder::new(ws, head).latest(doc, &approvals_at(ws, head, doc)?, version)
}

/// Finds approvals on the branch whose tip is `head`, reading what it needs of the branch's
/// history once for all the approvals it is asked about.
pub struct Finder<'w> {
    ws: &'w Workspace,
    head: Oid,
    /// Positions on the first-parent chain of `head` (oldest 0).
    positions: Option<HashMap<Oid, usize>>,
    /// Every commit reachable from `head` along any parent; read only for a commit that is
    /// not on the first-parent chain.
    reachable: Option<HashSet<Oid>>,
    /// For each version file: the newest commit that changed it to each blob.
    by_blob: HashMap<String, HashMap<Oid, Oid>>,
}

impl<'w> Finder<'w> {
    pub fn new(ws: &'w Workspace, head: Oid) -> Finder<'w> {
        Finder {
            ws,
            head,
            positions: None,
            reachable: None,
            by_blob: HashMap::new(),
        }
    }

    fn position(&mut self, id: Oid) -> Result<Option<usize>, WorkflowError> {
        if self.positions.is_none() {
            self.positions = Some(self.ws.store.first_parent_positions(self.head)?);
        }
        Ok(self.positions.as_ref().and_then(|p| p.get(&id).copied()))
    }

    /// True when commit `id` is on the branch: `head` or an ancestor of it.
    fn on_branch(&mut self, id: Oid) -> Result<bool, WorkflowError> {
        if self.position(id)?.is_some() {
            return Ok(true);
        }
        if self.reachable.is_none() {
            self.reachable = Some(self.ws.store.reachable_from(self.head)?);
        }
        Ok(self.reachable.as_ref().is_some_and(|r| r.contains(&id)))
    }

    /// True when `older` is a strict ancestor of `newer` (both on the branch).
    fn is_older(&mut self, older: Oid, newer: Oid) -> Result<bool, WorkflowError> {
        if older == newer {
            return Ok(false);
        }
        match (self.position(older)?, self.position(newer)?) {
            (Some(a), Some(b)) => Ok(a < b),
            _ => Ok(self.ws.store.is_ancestor(older, newer)?),
        }
    }

    /// The newest commit in the history of `path` that changed it to `blob`.
    fn commit_with(&mut self, path: &str, blob: Oid) -> Result<Option<Oid>, WorkflowError> {
        if !self.by_blob.contains_key(path) {
            let map = self.ws.store.commits_by_blob(path, self.head)?;
            self.by_blob.insert(path.to_string(), map);
        }
        Ok(self.by_blob.get(path).and_then(|m| m.get(&blob).copied()))
    }

    /// Where the text `stored` approves is on the branch.
    pub fn resolve(
        &mut self,
        doc: &str,
        stored: &StoredApproval,
    ) -> Result<Resolved, WorkflowError> {
        let a = &stored.approval;
        let path = self.ws.layout.version_file(doc, &a.version);
        let at_commit = if self.ws.store.has_commit(a.commit) {
            self.ws.store.blob_id_at(a.commit, &path)?
        } else {
            None
        };
        let blob = a.blob.or(at_commit);
        let (found, commit) =
            if at_commit.is_some() && at_commit == blob && self.on_branch(a.commit)? {
                (Found::Recorded, Some(a.commit))
            } else {
                match blob {
                    Some(b) => match self.commit_with(&path, b)? {
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

    /// The latest of `approvals` of `version`, found on the branch.
    ///
    /// Records are taken in the order they were made (by the time in their names); a later
    /// one replaces the one chosen so far unless the text it approves is older in the
    /// branch's history than the chosen one's (a clock that was behind cannot make an
    /// approval of older text the latest). A record later than the chosen one whose text is
    /// lost makes the version's approval lost: the newest approval is never silently
    /// replaced by an older one.
    pub fn latest(
        &mut self,
        doc: &str,
        approvals: &Approvals,
        version: &str,
    ) -> Result<Option<Resolved>, WorkflowError> {
        let mut best: Option<Resolved> = None;
        let records = approvals.records.iter();
        for stored in records.filter(|r| r.approval.version == version) {
            let r = self.resolve(doc, stored)?;
            let older = match (best.as_ref().and_then(|b| b.commit), r.commit) {
                (Some(bc), Some(c)) => self.is_older(c, bc)?,
                _ => false,
            };
            if best.is_none() || !older {
                best = Some(r);
            }
        }
        Ok(best)
    }
}
