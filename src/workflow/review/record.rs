//! Review records: one file per review pass, never rewritten.
//!
//! ```text
//! <root>/<doc>/reviews/<proposal>/<time>-<tip>-<hash>.json
//! ```
//!
//! `<time>` is the review's time in UTC (`20261128T090000Z`), `<tip>` the
//! first seven digits of the proposal tip reviewed, and `<hash>` the first
//! eight of the record's own git blob id. Two clones never write the same
//! file, and a record is never changed: a later pass, or a later proposal
//! of the same name, adds a file. What is decided is read from all of them.
//! Stores made before this layout have one `<root>/<doc>/reviews/<proposal>.json`
//! per proposal; it is read as the oldest record and never written again.

use git2::Oid;
use serde::{Deserialize, Serialize};

use super::decision::{RecordRow, ReviewSummary};
use super::merge::MergeRow;
use super::word::ReviewSource;
use crate::store::CommitTime;
use crate::workflow::proposal::Proposal;
use crate::workflow::record_file;
use crate::workflow::{WorkflowError, Workspace};

/// What one review pass decided, by whom, on what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRecord {
    pub proposal: String,
    pub document: String,
    pub version: String,
    /// The revision the proposal was made from.
    pub base: String,
    /// The proposal's tip that was reviewed.
    pub head: String,
    pub proposer: String,
    pub reviewer: String,
    /// When the review was made (ISO 8601).
    pub date: String,
    /// The file the decisions were read from (a Word document the editor
    /// returned), when they were not given on the terminal or by flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<ReviewSource>,
    /// The rows of this pass: decided, left undecided, in conflict or found applied.
    /// Rows decided in an earlier pass are in that pass's record.
    pub rows: Vec<RecordRow>,
    pub summary: ReviewSummary,
    /// Points renumbered so that their list stays in sequence (`4 → 3`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renumbered: Vec<String>,
    /// Lists whose labels could not be put in sequence, with their labels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreconciled: Vec<String>,
    /// After this pass every row of the reviewed tip is decided.
    pub closed: bool,
}

/// A record and the file it is kept in.
#[derive(Debug, Clone)]
pub struct StoredRecord {
    pub path: String,
    pub record: ReviewRecord,
}

/// `<root>/<doc>/reviews/<proposal>`, the folder of a proposal's records.
pub fn records_dir(ws: &Workspace, doc: &str, proposal: &str) -> String {
    format!("{}/reviews/{proposal}", ws.layout.document_dir(doc))
}

/// The names of the proposals of `doc` with records at `commit`: each folder
/// of records, and each old single `<proposal>.json`.
pub(super) fn reviewed_names(
    ws: &Workspace,
    commit: Oid,
    doc: &str,
) -> Result<Vec<String>, WorkflowError> {
    let reviews = format!("{}/reviews", ws.layout.document_dir(doc));
    Ok(ws
        .store
        .list_at(commit, &reviews)?
        .into_iter()
        .filter_map(|(name, is_dir)| match is_dir {
            true => Some(name),
            false => name.strip_suffix(".json").map(str::to_string),
        })
        .collect())
}

/// The file name and bytes of a record made at `time` (see [`record_file`](crate::workflow::record_file)).
pub fn encode(record: &ReviewRecord, time: CommitTime) -> (String, Vec<u8>) {
    record_file::encode(record, time, &record.head)
}

fn parse(bytes: &[u8], path: &str) -> Result<ReviewRecord, WorkflowError> {
    serde_json::from_slice(bytes).map_err(|e| WorkflowError::BadRecord {
        path: path.to_string(),
        detail: format!("not a valid review record: {e}"),
    })
}

/// Every record of reviews of proposals named `name` in `doc` at `commit`,
/// oldest first (the old single file first, then by file name, which starts
/// with the time).
pub fn records_at(
    ws: &Workspace,
    commit: Oid,
    doc: &str,
    name: &str,
) -> Result<Vec<StoredRecord>, WorkflowError> {
    let mut out = Vec::new();
    for path in record_paths(ws, commit, doc, name)? {
        if let Some(r) = read_record(ws, commit, path)? {
            out.push(r);
        }
    }
    Ok(out)
}

/// The files of [`records_at`], in its order, unread.
pub(super) fn record_paths(
    ws: &Workspace,
    commit: Oid,
    doc: &str,
    name: &str,
) -> Result<Vec<String>, WorkflowError> {
    let mut out = Vec::new();
    let old = ws.layout.review(doc, name);
    if ws.store.exists_at(commit, &old)? {
        out.push(old);
    }
    let dir = records_dir(ws, doc, name);
    for file in record_file::record_names(ws.store.list_at(commit, &dir)?) {
        out.push(format!("{dir}/{file}"));
    }
    Ok(out)
}

/// The record in file `path` at `commit`, if there is one.
pub(super) fn read_record(
    ws: &Workspace,
    commit: Oid,
    path: String,
) -> Result<Option<StoredRecord>, WorkflowError> {
    Ok(match ws.store.read_at(commit, &path)? {
        Some(bytes) => Some(StoredRecord {
            record: parse(&bytes, &path)?,
            path,
        }),
        None => None,
    })
}

/// The reviews of one proposal: the records of its name made on its base.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub records: Vec<StoredRecord>,
}

impl History {
    /// The records at `commit` that belong to `proposal` (a proposal of the
    /// same name made earlier, on another base, is another proposal).
    pub fn of(ws: &Workspace, commit: Oid, proposal: &Proposal) -> Result<History, WorkflowError> {
        let base = proposal.base.to_string();
        let records = records_at(ws, commit, &proposal.doc, &proposal.name)?
            .into_iter()
            .filter(|r| {
                r.record.base == base
                    && r.record.document == proposal.doc
                    && r.record.version == proposal.version
            })
            .collect();
        Ok(History { records })
    }

    /// The latest settled decision on a row with these keys and words, if any.
    pub fn decided(&self, row: &MergeRow) -> Option<RecordRow> {
        self.records.iter().rev().find_map(|r| {
            r.record
                .rows
                .iter()
                .find(|p| {
                    p.decision.is_settled()
                        && p.a == row.a_keys
                        && p.b == row.b_keys
                        && p.ops == row.ops
                        && p.renumbered == row.renumbered
                })
                .cloned()
        })
    }

    /// The record that closed the proposal at tip `head`, if one did.
    pub fn closed_at(&self, head: Oid) -> Option<&StoredRecord> {
        let head = head.to_string();
        self.records
            .iter()
            .rev()
            .find(|r| r.record.closed && r.record.head == head)
    }

    /// The latest record.
    pub fn last(&self) -> Option<&StoredRecord> {
        self.records.last()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(head: &str) -> ReviewRecord {
        ReviewRecord {
            proposal: "fix-scan".to_string(),
            document: "telegram".to_string(),
            version: "en".to_string(),
            base: "b".repeat(40),
            head: head.to_string(),
            proposer: "Tanya <t@example.org>".to_string(),
            reviewer: "Eddie <e@example.org>".to_string(),
            date: "2026-11-28T10:00:00+01:00".to_string(),
            rows: Vec::new(),
            summary: ReviewSummary::default(),
            renumbered: Vec::new(),
            unreconciled: Vec::new(),
            closed: false,
            from: None,
        }
    }

    #[test]
    fn file_names_hold_the_utc_time_the_tip_and_the_record_hash() {
        let time = CommitTime {
            seconds: 1_795_856_400,
            offset_minutes: 60,
        };
        let (name, bytes) = encode(&record(&"a".repeat(40)), time);
        let hash = Oid::hash_object(git2::ObjectType::Blob, &bytes)
            .unwrap()
            .to_string();
        assert_eq!(
            name,
            format!("20261128T090000Z-aaaaaaa-{}.json", &hash[..8])
        );
        assert!(bytes.ends_with(b"}\n"));
        // Another reviewer at the same second on the same tip: another file.
        let mut other = record(&"a".repeat(40));
        other.reviewer = "Boris <b@example.org>".to_string();
        assert_ne!(encode(&other, time).0, name);
    }

    #[test]
    fn old_records_without_the_new_fields_are_read() {
        let old = r#"{"proposal":"p","document":"d","version":"v","base":"b","head":"h",
            "proposer":"x","reviewer":"y","date":"2026-11-28T10:00:00+00:00",
            "rows":[{"a":["1"],"b":["1"],"status":"changed","moved":false,"decision":"accepted","ops":[]}],
            "summary":{"accepted":1,"rejected":0,"edited":0,"undecided":0,"conflicts":0},"closed":true}"#;
        let r = parse(old.as_bytes(), "reviews/p.json").unwrap();
        assert!(r.closed && r.rows[0].decision.is_settled() && !r.rows[0].renumbered);
        assert!(parse(b"{", "reviews/p.json").is_err());
    }
}
