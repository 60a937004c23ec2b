//! Approvals: a record that a revision of a version is approved for export.
//!
//! `<root>/<doc>/approvals.json` keeps every approval, oldest first:
//!
//! ```json
//! {"approvals": [{"version": "en-corrected", "commit": "446040e...",
//!                 "approver": "Boris Editor <boris@example.org>",
//!                 "date": "2026-11-27T23:40:00+00:00", "note": "for the 2027 edition"}]}
//! ```

use git2::Oid;
use serde::{Deserialize, Serialize};

use super::{WorkflowError, Workspace};
use crate::store::{Author, CommitRequest, CommitTime, short_id, validate_id};

/// One approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub version: String,
    /// The commit that holds the approved text (the version's last change when approved).
    #[serde(with = "oid_hex")]
    pub commit: Oid,
    pub approver: String,
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

mod oid_hex {
    use git2::Oid;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(id: &Oid, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&id.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Oid, D::Error> {
        let s = String::deserialize(d)?;
        Oid::from_str(&s).map_err(serde::de::Error::custom)
    }
}

/// The contents of `approvals.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approvals {
    pub approvals: Vec<Approval>,
}

impl Approvals {
    /// The latest approval of `version`.
    pub fn latest(&self, version: &str) -> Option<&Approval> {
        self.approvals.iter().rev().find(|a| a.version == version)
    }
}

/// `approvals.json` of `doc` at `commit` (empty when there is none).
pub fn approvals_at(ws: &Workspace, commit: Oid, doc: &str) -> Result<Approvals, WorkflowError> {
    validate_id("document", doc)?;
    let path = ws.layout.approvals(doc);
    match ws.store.read_at(commit, &path)? {
        Some(bytes) => serde_json::from_slice(&bytes).map_err(|e| WorkflowError::BadRecord {
            path,
            detail: format!("not a valid approvals file: {e}"),
        }),
        None => Ok(Approvals::default()),
    }
}

/// Records the version's current revision as approved, in one commit. Returns
/// the approval commit and the approved revision. `force` overwrites
/// uncommitted edits of the approvals file.
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
        let mut approvals = approvals_at(ws, head, doc)?;
        if approvals
            .latest(version)
            .is_some_and(|a| a.commit == revision)
        {
            return Err(WorkflowError::AlreadyApproved {
                doc: doc.to_string(),
                version: version.to_string(),
                commit: short.clone(),
            });
        }
        let date = time.unwrap_or_else(CommitTime::now);
        approvals.approvals.push(Approval {
            version: version.to_string(),
            commit: revision,
            approver: approver.to_string(),
            date: date.iso8601(),
            note: note.map(str::to_string).filter(|n| !n.trim().is_empty()),
        });
        let mut json = serde_json::to_vec_pretty(&approvals).unwrap_or_default();
        json.push(b'\n');
        let mut message = format!("approve {version} in {doc} at {short}");
        if let Some(n) = note.map(str::trim).filter(|n| !n.is_empty()) {
            message.push_str(&format!(": {n}"));
        }
        let mut req = CommitRequest::new(message, approver.clone());
        req.time = time;
        req.changes = vec![(ws.layout.approvals(doc), Some(json))];
        req.regenerated = vec![ws.layout.approvals(doc)];
        req.refuse_dirty = !force;
        approved = Some(revision);
        Ok(Some(req))
    })?;
    match (commit, approved) {
        (Some(c), Some(r)) => Ok((c, r)),
        _ => Err(WorkflowError::EmptyStore),
    }
}
