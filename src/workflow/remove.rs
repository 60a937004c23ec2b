//! `remove`: a version taken out of its document (a draft that is done with, a version
//! added by mistake), in one commit; its history stays in git.

use git2::Oid;

use super::edit::commit_message;
use super::review::open_proposals;
use super::{WorkflowError, Workspace};
use crate::store::{Author, CommitRequest, CommitTime, validate_id};

/// What `emend remove` needs.
#[derive(Debug, Clone)]
pub struct RemoveRequest {
    pub doc: String,
    pub version: String,
    pub message: Option<String>,
    pub author: Author,
    pub time: Option<CommitTime>,
    /// Remove the version's file even with uncommitted edits (which are lost).
    pub force: bool,
}

/// Removes a version: its file, and its entry in `document.json`, in one commit, which is
/// returned. Refused, with nothing written, for the last version of a document, for a
/// version another is made from (`from`), and for one with open proposals. Its approvals,
/// reviews and confirmations stay, as records of what was done; its text at any earlier
/// revision stays in git.
pub fn remove(ws: &Workspace, req: &RemoveRequest) -> Result<Oid, WorkflowError> {
    validate_id("document", &req.doc)?;
    validate_id("version", &req.version)?;
    let (doc, version) = (req.doc.as_str(), req.version.as_str());
    let commit = ws.commit_fresh(|head| {
        let head = head.ok_or(WorkflowError::EmptyStore)?;
        let mut meta = ws.document_fields_at(head, doc)?;
        ws.version_meta(doc, &meta, version, "HEAD")?;
        let refuse = |why: RemoveRefused| WorkflowError::RemoveRefused {
            doc: doc.to_string(),
            version: version.to_string(),
            why,
        };
        if meta.versions.len() == 1 {
            return Err(refuse(RemoveRefused::LastVersion));
        }
        let made_from: Vec<String> = meta
            .versions
            .iter()
            .filter(|v| v.from.as_deref() == Some(version))
            .map(|v| v.id.clone())
            .collect();
        if !made_from.is_empty() {
            return Err(refuse(RemoveRefused::MadeFrom(made_from)));
        }
        let proposals: Vec<String> = open_proposals(ws, Some(doc))?
            .into_iter()
            .filter(|p| p.version == version)
            .map(|p| p.name)
            .collect();
        if !proposals.is_empty() {
            return Err(refuse(RemoveRefused::Proposals(proposals)));
        }
        meta.versions.retain(|v| v.id != version);
        let mut commit = CommitRequest::new(
            commit_message(
                &format!("remove {version} from {doc}"),
                req.message.as_deref(),
            ),
            req.author.clone(),
        );
        commit.time = req.time;
        commit.refuse_dirty = !req.force;
        commit.changes = vec![
            (ws.layout.document_json(doc), Some(meta.to_bytes())),
            (ws.layout.version_file(doc, version), None),
        ];
        Ok(Some(commit))
    })?;
    commit.ok_or(WorkflowError::EmptyStore)
}

/// Why a version cannot be removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoveRefused {
    /// A document keeps at least one version.
    LastVersion,
    /// These versions are made from it.
    MadeFrom(Vec<String>),
    /// These proposals for it are open.
    Proposals(Vec<String>),
}

impl std::fmt::Display for RemoveRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RemoveRefused::LastVersion => write!(f, "it is the document's only version"),
            RemoveRefused::MadeFrom(v) => write!(
                f,
                "{} {} made from it",
                v.join(", "),
                if v.len() == 1 { "is" } else { "are" }
            ),
            RemoveRefused::Proposals(p) => write!(
                f,
                "proposal{} {} for it {} open",
                if p.len() == 1 { "" } else { "s" },
                p.join(", "),
                if p.len() == 1 { "is" } else { "are" }
            ),
        }
    }
}
