//! Approvals: a record that a revision of a version is approved for export.
//!
//! Each approval is a file of its own under `<root>/<doc>/approvals/` (`record.rs`), naming the
//! approved commit and the approved text's blob, so that the text is found again when a rebase
//! replaces the commit (`find.rs`).

mod find;
mod record;

use git2::Oid;

pub use find::{Finder, Found, Resolved, latest_approval, resolve};
pub use record::{Approval, Approvals, StoredApproval, approvals_at};

use super::{WorkflowError, Workspace, record_file};
use crate::store::{Author, CommitRequest, CommitTime, short_id, validate_id};

/// Records the version's current revision as approved, in one commit. Returns
/// the approval commit and the approved revision. The approval is a new record file, so it
/// never conflicts with an approval made at the same time in another clone. `force` overwrites
/// uncommitted edits of that file (there are none but those of an emend killed mid-write,
/// which are overwritten anyway).
pub fn approve(
    ws: &Workspace,
    doc: &str,
    version: &str,
    note: Option<&str>,
    approver: &Author,
    time: Option<CommitTime>,
    force: bool,
) -> Result<(Oid, Oid), WorkflowError> {
    validate_id("version", version)?;
    let mut approved = None;
    let commit = ws.commit_fresh(|head| {
        let head = head.ok_or(WorkflowError::EmptyStore)?;
        let meta = ws.document_at(head, doc)?;
        ws.version_meta(doc, &meta, version, "HEAD")?;
        let path = ws.layout.version_file(doc, version);
        let revision = ws
            .store
            .history(&path, head)?
            .first()
            .map_or(head, |c| c.id);
        // Only text that `show` and `export` can read is approved: not binary, not invalid UTF-8.
        let short = short_id(revision);
        ws.read_version_at(revision, doc, version, &format!("{version}@{short}"))?;
        let blob = ws.store.blob_id_at(revision, &path)?;
        if let Some(latest) = latest_approval(ws, head, doc, version)?
            && latest.found != Found::Lost
            && latest.blob == blob
        {
            return Err(WorkflowError::AlreadyApproved {
                doc: doc.to_string(),
                version: version.to_string(),
                commit: latest.commit.map_or(short.clone(), short_id),
            });
        }
        let date = time.unwrap_or_else(CommitTime::now);
        let approval = Approval {
            version: version.to_string(),
            commit: revision,
            blob,
            approver: approver.to_string(),
            date: date.iso8601(),
            note: note.map(str::to_string).filter(|n| !n.trim().is_empty()),
        };
        let (record, json) = record::encode(ws, doc, &approval, date);
        let mut message = format!("approve {version} in {doc} at {short}");
        if let Some(n) = note.map(str::trim).filter(|n| !n.is_empty()) {
            message.push_str(&format!(": {n}"));
        }
        let mut req = CommitRequest::new(message, approver.clone());
        req.time = time;
        // What an approve killed before its commit landed left is removed in this one.
        let leftovers = record_file::leftovers(ws, head, &ws.layout.approvals_dir(doc), |b| {
            serde_json::from_slice::<Approval>(b).is_ok()
        })?;
        req.changes = leftovers.iter().map(|l| (l.clone(), None)).collect();
        req.changes.push((record.clone(), Some(json)));
        req.regenerated = leftovers;
        req.regenerated.push(record);
        req.refuse_dirty = !force;
        approved = Some(revision);
        Ok(Some(req))
    })?;
    match (commit, approved) {
        (Some(c), Some(r)) => Ok((c, r)),
        _ => Err(WorkflowError::EmptyStore),
    }
}
