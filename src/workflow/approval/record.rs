//! Approval records: one file per approval, never rewritten.
//!
//! ```text
//! <root>/<doc>/approvals/<time>-<commit>-<hash>.json
//! translations/telegram-1945-11-11/approvals/20261128T120000Z-05af39d-3c2e9b1a.json
//! ```
//!
//! ```json
//! {"version": "en-wilson", "commit": "05af39d...", "blob": "9b2f1c0...",
//!  "approver": "Paula Publisher <paula@example.org>",
//!  "date": "2026-11-28T12:00:00+00:00", "note": "for the 2027 edition"}
//! ```
//!
//! `commit` is the version's last change when it was approved and `blob` the git blob id of
//! the version's file there: the approved text itself, which a rebase or a cherry-pick that
//! replaces the commit leaves as it is. The file name is made as every record's is
//! ([`record_file`](crate::workflow::record_file)), so two clones approving at once write two
//! files and merge without conflict. Stores made before this layout keep every approval in one
//! `<root>/<doc>/approvals.json` (`{"approvals": [...]}`, without `blob`); it is read as the
//! oldest records and never written again.

use git2::Oid;
use serde::{Deserialize, Serialize};

use crate::store::{CommitTime, validate_id};
use crate::workflow::record_file::{self, oid_hex};
use crate::workflow::{WorkflowError, Workspace};

/// One approval, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub version: String,
    /// The commit that holds the approved text (the version's last change when approved).
    #[serde(with = "oid_hex")]
    pub commit: Oid,
    /// The git blob id of the approved text (the version's file at `commit`); absent in
    /// records made before it was kept.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "oid_hex::option"
    )]
    pub blob: Option<Oid>,
    pub approver: String,
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The old single file: every approval, oldest first.
#[derive(Debug, Deserialize)]
struct OldApprovals {
    approvals: Vec<Approval>,
}

/// An approval and the file it is kept in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredApproval {
    pub path: String,
    pub approval: Approval,
}

/// Every approval of a document, oldest first: those of the old `approvals.json`, then the
/// record files by name (which starts with the time, in UTC).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Approvals {
    pub records: Vec<StoredApproval>,
}

fn bad(path: &str, e: serde_json::Error) -> WorkflowError {
    WorkflowError::BadRecord {
        path: path.to_string(),
        detail: format!("not a valid approval record: {e}"),
    }
}

/// The approvals of `doc` at `commit`, in both layouts (none when there are none).
pub fn approvals_at(ws: &Workspace, commit: Oid, doc: &str) -> Result<Approvals, WorkflowError> {
    validate_id("document", doc)?;
    let mut records = Vec::new();
    let old = ws.layout.approvals(doc);
    if let Some(bytes) = ws.store.read_at(commit, &old)? {
        let parsed: OldApprovals = serde_json::from_slice(&bytes).map_err(|e| bad(&old, e))?;
        records.extend(parsed.approvals.into_iter().map(|approval| StoredApproval {
            path: old.clone(),
            approval,
        }));
    }
    let dir = ws.layout.approvals_dir(doc);
    for file in record_file::record_names(ws.store.list_at(commit, &dir)?) {
        let path = format!("{dir}/{file}");
        if let Some(bytes) = ws.store.read_at(commit, &path)? {
            let approval = serde_json::from_slice(&bytes).map_err(|e| bad(&path, e))?;
            records.push(StoredApproval { path, approval });
        }
    }
    Ok(Approvals { records })
}

/// The path and bytes of the record of `approval`, made at `time`.
pub fn encode(
    ws: &Workspace,
    doc: &str,
    approval: &Approval,
    time: CommitTime,
) -> (String, Vec<u8>) {
    let (name, bytes) = record_file::encode(approval, time, &approval.commit.to_string());
    (format!("{}/{name}", ws.layout.approvals_dir(doc)), bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_records_without_a_blob_are_read_and_new_ones_keep_it() {
        let old = r#"{"approvals": [{"version": "en", "commit": "446040e0c1bd1d4a54bd1b4ee1f5a3a4e0e0e0e0",
            "approver": "Boris <b@example.org>", "date": "2026-11-27T23:40:00+00:00"}]}"#;
        let parsed: OldApprovals = serde_json::from_str(old).unwrap();
        assert_eq!(parsed.approvals[0].blob, None);
        assert_eq!(parsed.approvals[0].note, None);
        let mut a = parsed.approvals[0].clone();
        a.blob = Some(Oid::from_str("9b2f1c0a9b2f1c0a9b2f1c0a9b2f1c0a9b2f1c0a").unwrap());
        let json = serde_json::to_string(&a).unwrap();
        assert!(json.contains("\"blob\":\"9b2f1c0a9b2f"), "{json}");
        assert_eq!(serde_json::from_str::<Approval>(&json).unwrap(), a);
        assert!(serde_json::from_str::<Approval>(r#"{"version": "en", "commit": "xyz"}"#).is_err());
    }
}
