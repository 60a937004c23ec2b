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

use super::{WorkflowError, Workspace, commit_message, refuse_emptying};
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
    /// Every copy of its branch this clone knows: its own first, then each remote's.
    pub copies: Vec<ProposalCopy>,
    /// The copies went separate ways (revised in two clones): `head` is the latest by date.
    pub diverged: bool,
}

/// One copy of a proposal's branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalCopy {
    /// `None`: this clone's branch `proposals/NAME`; `Some(remote)`: the remote-tracking ref
    /// `<remote>/proposals/NAME` that the last fetch from that remote left.
    pub remote: Option<String>,
    pub tip: Oid,
}

impl ProposalCopy {
    /// `local`, or the remote's name.
    pub fn place(&self) -> &str {
        self.remote.as_deref().unwrap_or("local")
    }
}

impl Proposal {
    /// This clone's own branch of it, if it has one.
    pub fn local(&self) -> Option<&ProposalCopy> {
        self.copies.iter().find(|c| c.remote.is_none())
    }

    /// This clone has a branch of it that is older than the newest copy.
    pub fn local_behind(&self) -> bool {
        self.local().is_some_and(|c| c.tip != self.head)
    }
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
    /// An empty text may be proposed for a version that has text (see
    /// [`WorkflowError::EmptyText`]).
    pub allow_empty: bool,
    /// The revision the text was made from, for a new proposal (an XLIFF file's
    /// exported revision); `None` for the current branch's head. It must be in the
    /// current branch's history.
    pub base: Option<Oid>,
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
    // A revision continues the newest copy of the proposal, wherever it is (a colleague's
    // revision fetched from the remote, say), unless this clone's own went another way.
    let existing = load_newest(ws, &req.name)?;
    let base = match &existing {
        Some(p) => {
            if p.doc != req.doc || p.version != req.version {
                return Err(WorkflowError::ProposalExists {
                    name: req.name.clone(),
                    doc: p.doc.clone(),
                    version: p.version.clone(),
                });
            }
            p.base
        }
        None => match req.base {
            Some(base) if ws.store.contains(head, base)? => base,
            Some(base) => return Err(WorkflowError::BaseNotInHistory { base }),
            None => head,
        },
    };
    let mut local = existing.as_ref().and_then(|p| p.local().map(|c| c.tip));
    let parent = match (&existing, local) {
        (Some(p), Some(l)) if !ws.store.contains(p.head, l)? => l,
        (Some(p), _) => p.head,
        (None, _) => base,
    };
    if let Some(l) = local.filter(|l| *l != parent) {
        // Behind the newest copy: it holds nothing that copy has not.
        ws.store.delete_branch(&branch, l)?;
        local = None;
    }
    let path = ws.layout.version_file(&req.doc, &req.version);
    let current = ws.store.read_at(parent, &path)?.unwrap_or_default();
    if current == req.text.as_bytes() {
        return Err(WorkflowError::NothingProposed {
            version: req.version.clone(),
        });
    }
    refuse_emptying(&req.doc, &req.version, &current, &req.text, req.allow_empty)?;
    let summary = format!("propose {}: {} in {}", req.name, req.version, req.doc);
    let mut message = commit_message(&summary, req.message.as_deref());
    message.push_str(&format!(
        "\n\nEmend-Proposal: {}\nEmend-Document: {}\nEmend-Version: {}\nEmend-Base: {base}\n",
        req.name, req.doc, req.version
    ));
    let mut commit = CommitRequest::new(message, req.author.clone());
    commit.branch = Some(branch);
    commit.base = Some(parent);
    commit.time = req.time;
    commit.update_worktree = false;
    commit.expected_head = Some(local);
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
        copies: Vec::new(),
        diverged: false,
    })
}

/// Every copy of proposal `name`'s branch: this clone's, then each remote's.
fn copies_of(ws: &Workspace, name: &str) -> Result<Vec<ProposalCopy>, WorkflowError> {
    let branch = format!("{BRANCH_PREFIX}{name}");
    let mut copies: Vec<ProposalCopy> = ws
        .store
        .branches(&branch)?
        .into_iter()
        .filter(|(b, _)| *b == branch)
        .map(|(_, tip)| ProposalCopy { remote: None, tip })
        .collect();
    for (remote, b, tip) in ws.store.all_remote_branches(&branch)? {
        if b == branch {
            copies.push(ProposalCopy {
                remote: Some(remote),
                tip,
            });
        }
    }
    Ok(copies)
}

/// The newest of the copies' tips: the one that holds all the others, or, when they went
/// separate ways, the latest by commit date (and `true`).
fn newest(ws: &Workspace, copies: &[ProposalCopy]) -> Result<Option<(Oid, bool)>, WorkflowError> {
    let mut tips: Vec<Oid> = copies.iter().map(|c| c.tip).collect();
    tips.dedup();
    for &t in &tips {
        let mut holds_all = true;
        for &other in &tips {
            if !ws.store.contains(t, other)? {
                holds_all = false;
                break;
            }
        }
        if holds_all {
            return Ok(Some((t, false)));
        }
    }
    let mut latest: Option<(Oid, i64)> = None;
    for &t in &tips {
        let seconds = ws.store.commit_info(t)?.time.seconds;
        if latest.is_none_or(|(_, s)| seconds > s) {
            latest = Some((t, seconds));
        }
    }
    Ok(latest.map(|(t, _)| (t, true)))
}

/// Proposal `name` at the newest tip of its copies, `None` when no copy exists.
fn load_newest(ws: &Workspace, name: &str) -> Result<Option<Proposal>, WorkflowError> {
    let copies = copies_of(ws, name)?;
    let Some((tip, diverged)) = newest(ws, &copies)? else {
        return Ok(None);
    };
    let mut p = load_at(ws, name, tip)?;
    p.copies = copies;
    p.diverged = diverged;
    Ok(Some(p))
}

/// The open proposal `name`, at the newest tip of its branch wherever that is: this clone's
/// `proposals/NAME` or a remote's, as the last fetch left it.
pub fn load_proposal(ws: &Workspace, name: &str) -> Result<Proposal, WorkflowError> {
    validate_id("proposal", name)?;
    load_newest(ws, name)?.ok_or_else(|| WorkflowError::UnknownProposal {
        name: name.to_string(),
    })
}

/// The open proposals, this clone's and the remotes', optionally of one document, sorted by name.
pub fn proposals(ws: &Workspace, doc: Option<&str>) -> Result<Vec<Proposal>, WorkflowError> {
    let mut names: Vec<String> = ws
        .store
        .branches(BRANCH_PREFIX)?
        .into_iter()
        .map(|(b, _)| b)
        .chain(
            ws.store
                .all_remote_branches(BRANCH_PREFIX)?
                .into_iter()
                .map(|(_, b, _)| b),
        )
        .filter_map(|b| b.strip_prefix(BRANCH_PREFIX).map(str::to_string))
        .collect();
    names.sort();
    names.dedup();
    let mut out = Vec::new();
    for name in names {
        if validate_id("proposal", &name).is_err() {
            continue;
        }
        match load_newest(ws, &name) {
            Ok(Some(p)) if doc.is_none_or(|d| d == p.doc) => out.push(p),
            Ok(_) => {}
            // A branch under proposals/ that emend did not make is not a proposal.
            Err(WorkflowError::BadProposal { .. }) => {}
            Err(WorkflowError::Store(StoreError::InvalidId { .. })) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// After a review closed proposal `name` at `reviewed`, removes this clone's branch of it if it
/// holds nothing newer (it is at `reviewed` or behind it). True when a branch was removed.
pub fn drop_local_branch(ws: &Workspace, name: &str, reviewed: Oid) -> Result<bool, WorkflowError> {
    let branch = format!("{BRANCH_PREFIX}{name}");
    let local = ws
        .store
        .branches(&branch)?
        .into_iter()
        .find(|(b, _)| *b == branch);
    match local {
        Some((_, tip)) if ws.store.contains(reviewed, tip)? => {
            ws.store.delete_branch(&branch, tip)?;
            Ok(true)
        }
        _ => Ok(false),
    }
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
