//! `sync`: sharing one clone's work with a team through a git remote, in one step.
//!
//! 1. Fetch the current branch's counterpart and every `proposals/*` branch from the remote
//!    (remote-tracking refs `<remote>/...`; proposals deleted there are pruned).
//! 2. Integrate the remote's branch into the current one: a fast-forward, else a merge commit;
//!    never a rebase, since review records and approvals name commits. A merge that would
//!    conflict stops before anything is written, naming the documents.
//!    Reviews of one proposal made on both sides, each before the other was seen, are
//!    compared; the rows they decided differently are reported.
//! 3. Work out which proposals are closed (a review record closed their tip, here or there):
//!    their branches go, here and on the remote.
//! 4. Push the current branch and this clone's open proposals (fast-forwards only), and the
//!    deletions, in one push.
//!
//! With `dry_run`, step 1 still fetches (it changes only the remote-tracking refs, as `git
//! fetch` does) and the rest is worked out and reported but not done.

use git2::Oid;

use super::proposal::{BRANCH_PREFIX, Proposal, ProposalCopy, proposals};
use super::review::{Disagreement, History, disagreements, disagreements_merged};
use super::{WorkflowError, Workspace};
use crate::store::{Author, CommitTime, Integration, RemoteInfo, Transfer};

/// What `sync` needs.
#[derive(Debug, Clone)]
pub struct SyncRequest {
    /// The remote's name; `None`: the current branch's upstream, else `origin`.
    pub remote: Option<String>,
    /// Work out and report what would be done, and do nothing but fetch.
    pub dry_run: bool,
    /// Author of a merge commit.
    pub author: Author,
    pub time: Option<CommitTime>,
}

/// How the remote's branch came into the current one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Integrated {
    /// The remote has no such branch yet: the push creates it.
    NoRemoteBranch,
    /// Nothing new there.
    UpToDate,
    /// The branch moved forward to the remote's tip.
    FastForward { from: Oid, to: Oid, commits: usize },
    /// A merge commit (`None` on a dry run) joins the two; `commits` came from the remote.
    Merged {
        commit: Option<Oid>,
        theirs: Oid,
        commits: usize,
    },
}

/// A proposal of this clone that was not pushed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub name: String,
    pub why: String,
    /// The document and version the proposal is for.
    pub doc: String,
    pub version: String,
}

/// What `sync` did (or, on a dry run, would do).
#[derive(Debug, Clone)]
pub struct SyncReport {
    pub remote: RemoteInfo,
    /// The current branch, and its name on the remote.
    pub branch: String,
    pub remote_branch: String,
    pub integrated: Integrated,
    /// The current branch is (would be) pushed.
    pub pushed_branch: bool,
    /// This clone's proposals pushed.
    pub pushed: Vec<String>,
    /// Closed proposals whose branch was deleted on the remote.
    pub deleted_remote: Vec<String>,
    /// Closed proposals whose branch in this clone was deleted.
    pub deleted_local: Vec<String>,
    /// This clone's proposals not pushed.
    pub held: Vec<Held>,
    /// Open proposals of others, only on the remote: for `review`.
    pub incoming: Vec<Proposal>,
    /// Proposals reviewed both here and on the remote before either saw the
    /// other's review, with the rows they decided differently (found when the
    /// two branches are merged, or would be on a dry run).
    pub disagreed: Vec<Disagreement>,
    pub dry_run: bool,
    /// The branch was pushed to a remote that did not have it, and the remote's HEAD
    /// names no branch it has: a `git clone` of it checks out nothing. (Asked only
    /// after such a first push.)
    pub remote_head_unset: bool,
}

/// The remote and the branch there that `sync` works with.
fn target(
    ws: &Workspace,
    branch: &str,
    remote: Option<&str>,
) -> Result<(String, String), WorkflowError> {
    let upstream = ws.store.upstream(branch)?;
    Ok(match (remote, upstream) {
        (Some(r), Some((ur, ub))) if r == ur => (ur, ub),
        (Some(r), _) => (r.to_string(), branch.to_string()),
        (None, Some(u)) => u,
        (None, None) => ("origin".to_string(), branch.to_string()),
    })
}

/// Fetches, integrates, pushes and tidies closed proposals (see the module's doc).
/// `progress` hears about long transfers.
pub fn sync(
    ws: &Workspace,
    req: &SyncRequest,
    progress: &mut dyn FnMut(Transfer),
) -> Result<SyncReport, WorkflowError> {
    ws.store.refuse_during_operation()?;
    let branch = ws.store.current_branch()?;
    let (remote_name, remote_branch) = target(ws, &branch, req.remote.as_deref())?;
    let remote = ws.store.remote_info(&remote_name)?;
    ws.store.fetch(
        &remote,
        &[
            format!("+refs/heads/{remote_branch}:refs/remotes/{remote_name}/{remote_branch}"),
            format!("+refs/heads/{BRANCH_PREFIX}*:refs/remotes/{remote_name}/{BRANCH_PREFIX}*"),
        ],
        progress,
    )?;
    let ours = ws.head()?;
    let theirs = ws.store.remote_branch(&remote_name, &remote_branch)?;
    let (integrated, head) =
        integrate(ws, req, &branch, &remote_name, &remote_branch, ours, theirs)?;

    // Reviews of one proposal made apart: those this sync's merge joins, and
    // those a merge from the remote joined.
    let mut disagreed = Vec::new();
    if let Some(t) = theirs {
        if matches!(integrated, Integrated::Merged { .. }) {
            disagreed = disagreements(ws, ours, t)?;
        }
        if matches!(
            integrated,
            Integrated::Merged { .. } | Integrated::FastForward { .. }
        ) {
            disagreed.extend(disagreements_merged(ws, ours, t)?);
        }
    }
    // Records that count: on a dry run, both sides' (records are only ever added, so that
    // is what the integration would hold).
    let record_heads: Vec<Oid> = match theirs {
        Some(t) if req.dry_run => vec![ours, t],
        _ => vec![head],
    };
    // The branch is pushed unless the remote has everything it has.
    let pushed_branch = match &integrated {
        Integrated::FastForward { .. } => false,
        Integrated::UpToDate => theirs != Some(ours),
        Integrated::NoRemoteBranch | Integrated::Merged { .. } => true,
    };
    let mut report = SyncReport {
        remote,
        branch: branch.clone(),
        remote_branch: remote_branch.clone(),
        pushed_branch,
        integrated,
        pushed: Vec::new(),
        deleted_remote: Vec::new(),
        deleted_local: Vec::new(),
        held: Vec::new(),
        incoming: Vec::new(),
        disagreed,
        dry_run: req.dry_run,
        remote_head_unset: false,
    };
    let mut refspecs = Vec::new();
    if report.pushed_branch {
        refspecs.push(format!("refs/heads/{branch}:refs/heads/{remote_branch}"));
    }
    for p in proposals(ws, None)? {
        let closing = closing_tips(ws, &record_heads, &p)?;
        let closed = |copy: &ProposalCopy| -> Result<bool, WorkflowError> {
            for &tip in &closing {
                if ws.store.contains(tip, copy.tip)? {
                    return Ok(true);
                }
            }
            Ok(false)
        };
        let here = p
            .copies
            .iter()
            .find(|c| c.remote.as_deref() == Some(&remote_name));
        let local = p.local();
        let here_closed = match here {
            Some(c) => closed(c)?,
            None => false,
        };
        let branch_ref = format!("refs/heads/{BRANCH_PREFIX}{}", p.name);
        // This clone's copy goes when closed, else is pushed when it is ahead of the remote's.
        let mut pushes = false;
        if let Some(c) = local {
            if closed(c)? {
                if !req.dry_run {
                    ws.store
                        .delete_branch(&format!("{BRANCH_PREFIX}{}", p.name), c.tip)?;
                }
                report.deleted_local.push(p.name.clone());
            } else {
                match here {
                    Some(r) if r.tip == c.tip || ws.store.contains(r.tip, c.tip)? => {}
                    Some(r) if !ws.store.contains(c.tip, r.tip)? => report.held.push(Held {
                        name: p.name.clone(),
                        why: format!(
                            "it was revised both here and on {remote_name}; the newest by date is reviewed"
                        ),
                        doc: p.doc.clone(),
                        version: p.version.clone(),
                    }),
                    _ => {
                        pushes = true;
                        refspecs.push(format!("{branch_ref}:{branch_ref}"));
                        report.pushed.push(p.name.clone());
                    }
                }
            }
        }
        // A revision made here after the review closed it reopens it: pushed, not deleted.
        if here_closed && !pushes {
            refspecs.push(format!(":{branch_ref}"));
            report.deleted_remote.push(p.name.clone());
        }
        if local.is_none() && here.is_some() && !here_closed {
            report.incoming.push(p);
        }
    }
    if req.dry_run {
        return Ok(report);
    }
    let refused = ws.store.push(&report.remote, &refspecs, progress)?;
    if !refused.is_empty() {
        return Err(WorkflowError::PushRefused {
            remote: remote_name,
            refs: refused
                .iter()
                .map(|r| format!("{} ({})", r.refname, r.reason))
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    for name in &report.deleted_remote {
        ws.store
            .forget_remote_branch(&remote_name, &format!("{BRANCH_PREFIX}{name}"))?;
    }
    ws.store
        .set_upstream_if_unset(&branch, &remote_name, &remote_branch)?;
    if report.integrated == Integrated::NoRemoteBranch {
        report.remote_head_unset = ws.store.remote_default_branch(&report.remote)?.is_none();
    }
    Ok(report)
}

/// Integrates the remote's tip into the current branch; returns how, and the head after.
fn integrate(
    ws: &Workspace,
    req: &SyncRequest,
    branch: &str,
    remote: &str,
    remote_branch: &str,
    ours: Oid,
    theirs: Option<Oid>,
) -> Result<(Integrated, Oid), WorkflowError> {
    let Some(theirs) = theirs else {
        return Ok((Integrated::NoRemoteBranch, ours));
    };
    let tracking = format!("{remote}/{remote_branch}");
    match ws.store.plan_integration(ours, theirs)? {
        Integration::UpToDate => Ok((Integrated::UpToDate, ours)),
        Integration::FastForward { to } => {
            let (commits, _) = ws.store.ahead_behind(to, ours)?;
            if !req.dry_run {
                let reflog = format!("emend sync: fast-forward to {tracking}");
                ws.store
                    .advance_checked_out(ours, to, &reflog, &req.author)?;
            }
            let integrated = Integrated::FastForward {
                from: ours,
                to,
                commits,
            };
            Ok((integrated, if req.dry_run { ours } else { to }))
        }
        Integration::Merge { tree } => {
            let (commits, _) = ws.store.ahead_behind(theirs, ours)?;
            if req.dry_run {
                let integrated = Integrated::Merged {
                    commit: None,
                    theirs,
                    commits,
                };
                return Ok((integrated, ours));
            }
            let message = format!("sync: merge {tracking} into {branch}\n");
            let merge =
                ws.store
                    .write_merge_commit(ours, theirs, tree, &message, &req.author, req.time)?;
            let reflog = format!("emend sync: merge {tracking}");
            ws.store
                .advance_checked_out(ours, merge, &reflog, &req.author)?;
            let integrated = Integrated::Merged {
                commit: Some(merge),
                theirs,
                commits,
            };
            Ok((integrated, merge))
        }
        Integration::Conflict { paths } => {
            let named: Vec<(String, Option<String>)> =
                paths.iter().map(|p| conflict_name(ws, p)).collect();
            // Two reviews of one proposal that wrote different texts: why they
            // conflict (a record that cannot be read does not hide the conflict).
            let reviewed: Vec<String> = disagreements(ws, ours, theirs)
                .unwrap_or_default()
                .iter()
                .map(|d| {
                    format!(
                        "proposal {} was reviewed on both: {}",
                        d.proposal,
                        d.rows_said(&format!("on {tracking}"))
                    )
                })
                .collect();
            let reviewed = match reviewed.is_empty() {
                true => String::new(),
                false => format!(" ({})", reviewed.join("; ")),
            };
            Err(WorkflowError::SyncConflict {
                reviewed,
                theirs: tracking,
                branch: branch.to_string(),
                version: named.iter().find_map(|(_, v)| v.clone()),
                conflicts: named
                    .into_iter()
                    .map(|(n, _)| n)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        }
    }
}

/// A conflicting path as a reader names it (`DOC VERSION (path)` for a version's text, else
/// the file), and `DOC VERSION` when it is a version.
fn conflict_name(ws: &Workspace, repo_path: &str) -> (String, Option<String>) {
    let prefix = ws.store.prefix();
    let path = match prefix.is_empty() {
        true => repo_path,
        false => repo_path
            .strip_prefix(&format!("{prefix}/"))
            .unwrap_or(repo_path),
    };
    let in_root = path
        .strip_prefix(ws.layout.root())
        .and_then(|p| p.strip_prefix('/'));
    if let Some((doc, file)) = in_root.and_then(|p| p.split_once('/'))
        && let Some(version) = file.strip_suffix(".md")
        && !version.contains('/')
    {
        let version = format!("{doc} {version}");
        return (format!("{version} ({path})"), Some(version));
    }
    (path.to_string(), None)
}

/// The tips of proposal `p` that a review record at one of `heads` closed.
fn closing_tips(ws: &Workspace, heads: &[Oid], p: &Proposal) -> Result<Vec<Oid>, WorkflowError> {
    let mut out = Vec::new();
    for &head in heads {
        for r in History::of(ws, head, p)?.records {
            if r.record.closed
                && let Ok(tip) = Oid::from_str(&r.record.head)
                && ws.store.commit_info(tip).is_ok()
                && !out.contains(&tip)
            {
                out.push(tip);
            }
        }
    }
    Ok(out)
}
