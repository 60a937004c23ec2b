//! Confirmations: a translator's record that stale segments of a translation still translate
//! their source as it now reads (the source's change, a typo or typography, asks nothing of
//! the translation), so that `status` no longer calls them stale, as a CAT tool's translator
//! confirms a segment whose source changed.
//!
//! ```text
//! <root>/<doc>/confirmations/<time>-<commit>-<hash>.json
//! ```
//!
//! ```json
//! {"version": "fr", "source": "en", "commit": "a13e764...", "source_blob": "5d1c9e0...",
//!  "keys": ["1", "2", "5/a"], "translator": "Ada Translator <ada@example.org>",
//!  "date": "2026-12-03T10:00:00+00:00", "note": "typography only"}
//! ```
//!
//! `commit` is the store's HEAD when the segments were confirmed: every change of the source
//! it holds was seen, so a segment is stale again only for a change of its source that
//! `commit` does not have (a later one, or one made at the same time in another clone).
//! `keys` are the translation's keys; `source_blob` is the source's text that was read. A
//! confirmation whose commit is not on the branch (a rebase or a cherry-pick replaced it)
//! counts from the newest commit on the branch that changed the source to that text, which
//! saw the same source; where no commit did, it counts for nothing, and the segments show as
//! stale again. Files are named as every
//! record's is ([`record_file`](crate::workflow::record_file)), so two clones confirming at
//! once write two files and merge without conflict.

use git2::Oid;
use serde::{Deserialize, Serialize};

use super::record_file::{self, oid_hex};
use super::{WorkflowError, Workspace};
use crate::store::validate_id;

/// One confirmation, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmation {
    /// The translation whose segments were confirmed.
    pub version: String,
    /// Its source version then.
    pub source: String,
    /// HEAD when they were confirmed.
    #[serde(with = "oid_hex")]
    pub commit: Oid,
    /// The source's text that was read (its file's blob at `commit`).
    #[serde(with = "oid_hex")]
    pub source_blob: Oid,
    /// The confirmed segments, by the translation's keys.
    pub keys: Vec<String>,
    pub translator: String,
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The confirmations of `doc` at `commit`, oldest first.
pub fn confirmations_at(
    ws: &Workspace,
    commit: Oid,
    doc: &str,
) -> Result<Vec<Confirmation>, WorkflowError> {
    validate_id("document", doc)?;
    let dir = ws.layout.confirmations_dir(doc);
    let mut out = Vec::new();
    for file in record_file::record_names(ws.store.list_at(commit, &dir)?) {
        let path = format!("{dir}/{file}");
        if let Some(bytes) = ws.store.read_at(commit, &path)? {
            let record = serde_json::from_slice(&bytes).map_err(|e| WorkflowError::BadRecord {
                path: path.clone(),
                detail: format!("not a valid confirmation record: {e}"),
            })?;
            out.push(record);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_written_and_a_bad_commit_is_refused() {
        let record = Confirmation {
            version: "fr".into(),
            source: "en".into(),
            commit: Oid::from_str("446040e0c1bd1d4a54bd1b4ee1f5a3a4e0e0e0e0").unwrap(),
            source_blob: Oid::from_str("9b2f1c0a9b2f1c0a9b2f1c0a9b2f1c0a9b2f1c0a").unwrap(),
            keys: vec!["1".into(), "5/a".into()],
            translator: "Ada <ada@example.org>".into(),
            date: "2026-12-03T10:00:00+00:00".into(),
            note: None,
        };
        let json = serde_json::to_string(&record).unwrap();
        assert!(json.contains("\"commit\":\"446040e0c1bd"), "{json}");
        assert!(!json.contains("note"), "{json}");
        assert_eq!(serde_json::from_str::<Confirmation>(&json).unwrap(), record);
        let bad = json.replace("446040e0c1bd", "xyz");
        assert!(serde_json::from_str::<Confirmation>(&bad).is_err());
    }
}
