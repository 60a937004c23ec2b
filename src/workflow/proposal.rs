//! Proposals: suggested new text of one version, on a branch `proposals/<name>`.
//!
//! The branch holds one or more commits on top of the revision the proposal
//! was made from (its base). Each proposal commit carries trailers naming the
//! document, the version and the base, so that `proposals` and `review` need
//! nothing outside git:
//!
//! ```text
//! propose fix-scan: en-wilson in telegram-1945-11-11
//!
//! Emend-Proposal: fix-scan
//! Emend-Document: telegram-1945-11-11
//! Emend-Version: en-wilson
//! Emend-Base: 3db8226...
//! ```

use git2::Oid;

use super::{WorkflowError, Workspace, commit_message};
use crate::store::{Author, CommitRequest, CommitTime, StoreError, validate_id};

/// Prefix of proposal branches.
pub const BRANCH_PREFIX: &str = "proposals/";

/// An open proposal.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub name: String,
    pub doc: String,
    pub version: String,
    /// The revision of the current branch the proposal was made from.
    pub base: Oid,
    /// The proposal branch's tip.
    pub head: Oid,
    /// Who made the proposal (author of its latest commit).
    pub author: Author,
    pub date: CommitTime,
    /// The proposer's message (first line of the latest commit's user message).
    pub summary: String,
}

/// Reads a trailer value (`Key: value`) from a commit message.
pub(crate) fn trailer<'m>(message: &'m str, key: &str) -> Option<&'m str> {
    message.lines().rev().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        (k.trim() == key).then(|| v.trim())
    })
}

/// What `emend propose` needs.
#[derive(Debug, Clone)]
pub struct ProposeRequest {
    pub name: String,
    pub doc: String,
    pub version: String,
    pub text: String,
    pub message: Option<String>,
    pub author: Author,
    pub time: Option<CommitTime>,
}

/// Commits `text` as a proposed new text of a version on `proposals/<name>`,
/// based on the current branch. A proposal that exists already for the same
/// version gets a further commit (a revised proposal); the current branch,
/// the index and the work tree are not touched.
pub fn propose(ws: &Workspace, req: &ProposeRequest) -> Result<Oid, WorkflowError> {
    ws.store.refuse_during_operation()?;
    validate_id("proposal", &req.name)?;
    validate_id("document", &req.doc)?;
    validate_id("version", &req.version)?;
    let head = ws.head()?;
    let meta = ws.document_at(head, &req.doc)?;
    ws.version_meta(&req.doc, &meta, &req.version, "HEAD")?;
    let branch = format!("{BRANCH_PREFIX}{}", req.name);
    let existing = ws
        .store
        .branches(&branch)?
        .into_iter()
        .find(|(b, _)| *b == branch);
    let base = match &existing {
        Some((_, tip)) => {
            let p = load_at(ws, &req.name, *tip)?;
            if p.doc != req.doc || p.version != req.version {
                return Err(WorkflowError::ProposalExists {
                    name: req.name.clone(),
                    doc: p.doc,
                    version: p.version,
                });
            }
            p.base
        }
        None => head,
    };
    let path = ws.layout.version_file(&req.doc, &req.version);
    let parent = existing.as_ref().map_or(base, |(_, tip)| *tip);
    if ws.store.read_at(parent, &path)?.as_deref() == Some(req.text.as_bytes()) {
        return Err(WorkflowError::NothingProposed {
            version: req.version.clone(),
        });
    }
    let summary = format!("propose {}: {} in {}", req.name, req.version, req.doc);
    let mut message = commit_message(&summary, req.message.as_deref());
    message.push_str(&format!(
        "\n\nEmend-Proposal: {}\nEmend-Document: {}\nEmend-Version: {}\nEmend-Base: {base}\n",
        req.name, req.doc, req.version
    ));
    let mut commit = CommitRequest::new(message, req.author.clone());
    commit.branch = Some(branch);
    commit.base = Some(base);
    commit.time = req.time;
    commit.update_worktree = false;
    commit.expected_head = Some(existing.map(|(_, tip)| tip));
    commit.changes = vec![(path, Some(req.text.clone().into_bytes()))];
    Ok(ws.store.commit(&commit)?)
}

/// The proposal whose branch tip is `tip`.
fn load_at(ws: &Workspace, name: &str, tip: Oid) -> Result<Proposal, WorkflowError> {
    let info = ws.store.commit_info(tip)?;
    let field = |key: &str| -> Result<String, WorkflowError> {
        trailer(&info.message, key)
            .map(str::to_string)
            .ok_or_else(|| WorkflowError::BadProposal {
                name: name.to_string(),
                detail: format!("its latest commit has no {key} trailer"),
            })
    };
    let doc = field("Emend-Document")?;
    let version = field("Emend-Version")?;
    validate_id("document", &doc)?;
    validate_id("version", &version)?;
    let base = Oid::from_str(&field("Emend-Base")?).map_err(|_| WorkflowError::BadProposal {
        name: name.to_string(),
        detail: "its Emend-Base trailer is not a commit id".to_string(),
    })?;
    let summary = info
        .summary
        .split_once(": ")
        .and_then(|(_, rest)| rest.split_once(": "))
        .map(|(_, user)| user.to_string())
        .unwrap_or_default();
    Ok(Proposal {
        name: name.to_string(),
        doc,
        version,
        base,
        head: tip,
        author: info.author,
        date: info.time,
        summary,
    })
}

/// The open proposal `name`.
pub fn load_proposal(ws: &Workspace, name: &str) -> Result<Proposal, WorkflowError> {
    validate_id("proposal", name)?;
    let branch = format!("{BRANCH_PREFIX}{name}");
    let tip = ws
        .store
        .branches(&branch)?
        .into_iter()
        .find(|(b, _)| *b == branch)
        .map(|(_, tip)| tip)
        .ok_or_else(|| WorkflowError::UnknownProposal {
            name: name.to_string(),
        })?;
    load_at(ws, name, tip)
}

/// The open proposals, optionally of one document, sorted by name.
pub fn proposals(ws: &Workspace, doc: Option<&str>) -> Result<Vec<Proposal>, WorkflowError> {
    let mut out = Vec::new();
    for (branch, tip) in ws.store.branches(BRANCH_PREFIX)? {
        let Some(name) = branch.strip_prefix(BRANCH_PREFIX) else {
            continue;
        };
        if validate_id("proposal", name).is_err() {
            continue;
        }
        match load_at(ws, name, tip) {
            Ok(p) if doc.is_none_or(|d| d == p.doc) => out.push(p),
            Ok(_) => {}
            // A branch under proposals/ that emend did not make is not a proposal.
            Err(WorkflowError::BadProposal { .. }) => {}
            Err(WorkflowError::Store(StoreError::InvalidId { .. })) => {}
            Err(e) => return Err(e),
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailers_are_read_from_the_end() {
        let m = "propose x: v in d: fix\n\nbody: not this\n\nEmend-Document: d\nEmend-Version: v\n";
        assert_eq!(trailer(m, "Emend-Document"), Some("d"));
        assert_eq!(trailer(m, "Emend-Version"), Some("v"));
        assert_eq!(trailer(m, "Emend-Base"), None);
    }
}
