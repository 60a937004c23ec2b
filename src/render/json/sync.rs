//! `sync --format json`: what `emend sync` did, or would do on a dry run.

use serde::Serialize;

use crate::workflow::{Integrated, SyncReport, Verdict};

/// `sync --format json`.
#[derive(Debug, Serialize)]
pub struct SyncJson<'a> {
    /// The current branch.
    pub branch: &'a str,
    /// This clone's proposals whose branch in this clone was (would be) deleted: a review closed them.
    pub deleted_local: Vec<&'a str>,
    /// Closed proposals whose branch on the remote was (would be) deleted.
    pub deleted_remote: Vec<&'a str>,
    /// Proposals reviewed both here and on the remote, each review before the
    /// other was synced, and the rows they decided differently.
    pub disagreed: Vec<DisagreedJson<'a>>,
    /// Nothing was changed but the remote-tracking refs (`--dry-run`).
    pub dry_run: bool,
    /// This clone's proposals that were not pushed, and why.
    pub held: Vec<HeldJson<'a>>,
    /// Open proposals of others, only on the remote: for `emend review NAME`.
    pub incoming: Vec<IncomingJson<'a>>,
    /// How the remote's branch came into the current one.
    pub integrated: IntegratedJson,
    /// This clone's proposals pushed (or to push).
    pub pushed: Vec<&'a str>,
    /// The current branch was (would be) pushed.
    pub pushed_branch: bool,
    /// The remote: its name and its URL, a password in it shown as `***`.
    pub remote: RemoteJson<'a>,
    /// The branch on the remote the current one syncs with.
    pub remote_branch: &'a str,
    /// The branch was pushed to a remote that did not have it, whose HEAD names no
    /// branch it has: a `git clone` of it checks out nothing.
    pub remote_head_unset: bool,
}

/// The remote of [`SyncJson`].
#[derive(Debug, Serialize)]
pub struct RemoteJson<'a> {
    pub name: &'a str,
    pub url: &'a str,
}

/// A proposal not pushed, in [`SyncJson`].
#[derive(Debug, Serialize)]
pub struct HeldJson<'a> {
    pub name: &'a str,
    pub why: &'a str,
    pub document: &'a str,
    pub version: &'a str,
}

/// A proposal waiting for review, in [`SyncJson`].
#[derive(Debug, Serialize)]
pub struct IncomingJson<'a> {
    pub author: &'a str,
    pub document: &'a str,
    pub name: &'a str,
    pub version: &'a str,
}

/// A proposal decided differently by two reviews, in [`SyncJson`].
#[derive(Debug, Serialize)]
pub struct DisagreedJson<'a> {
    pub document: &'a str,
    /// The merge from the remote that joined the two reviews; `null` for the
    /// merge this sync makes (`ours` is then this clone's review).
    pub merged_in: Option<String>,
    pub proposal: &'a str,
    pub rows: Vec<DecidedTwiceJson<'a>>,
    pub version: &'a str,
}

/// One row two reviews decided differently: its keys, and each side's
/// `decision` and `reviewer` (`ours`: this clone's).
#[derive(Debug, Serialize)]
pub struct DecidedTwiceJson<'a> {
    pub ours: DecisionJson<'a>,
    pub row: &'a str,
    pub theirs: DecisionJson<'a>,
}

/// A decision and who made it.
#[derive(Debug, Serialize)]
pub struct DecisionJson<'a> {
    pub decision: Verdict,
    pub reviewer: &'a str,
}

/// How the remote's branch came in: `how` is `no-remote-branch` (the push
/// creates it), `up-to-date`, `fast-forward` (to `to`) or `merge` (`commit`,
/// `null` on a dry run, joins `theirs`); `commits` came from the remote.
#[derive(Debug, Serialize)]
pub struct IntegratedJson {
    /// The merge commit (`null` on a dry run); only for `merge`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commits: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    pub how: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theirs: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

impl<'a> SyncJson<'a> {
    pub fn new(r: &'a SyncReport) -> SyncJson<'a> {
        let names = |v: &'a [String]| v.iter().map(String::as_str).collect();
        let integrated = match &r.integrated {
            Integrated::NoRemoteBranch => IntegratedJson::new("no-remote-branch"),
            Integrated::UpToDate => IntegratedJson::new("up-to-date"),
            Integrated::FastForward { from, to, commits } => IntegratedJson {
                commits: Some(*commits),
                from: Some(from.to_string()),
                to: Some(to.to_string()),
                ..IntegratedJson::new("fast-forward")
            },
            Integrated::Merged {
                commit,
                theirs,
                commits,
            } => IntegratedJson {
                commits: Some(*commits),
                theirs: Some(theirs.to_string()),
                commit: Some(commit.map(|c| c.to_string())),
                ..IntegratedJson::new("merge")
            },
        };
        SyncJson {
            branch: &r.branch,
            deleted_local: names(&r.deleted_local),
            deleted_remote: names(&r.deleted_remote),
            disagreed: r
                .disagreed
                .iter()
                .map(|d| DisagreedJson {
                    document: &d.document,
                    merged_in: d.merged_in.map(|m| m.to_string()),
                    proposal: &d.proposal,
                    version: &d.version,
                    rows: d
                        .rows
                        .iter()
                        .map(|row| DecidedTwiceJson {
                            row: &row.label,
                            ours: DecisionJson {
                                decision: row.ours.0,
                                reviewer: &row.ours.1,
                            },
                            theirs: DecisionJson {
                                decision: row.theirs.0,
                                reviewer: &row.theirs.1,
                            },
                        })
                        .collect(),
                })
                .collect(),
            dry_run: r.dry_run,
            held: r
                .held
                .iter()
                .map(|h| HeldJson {
                    name: &h.name,
                    why: &h.why,
                    document: &h.doc,
                    version: &h.version,
                })
                .collect(),
            incoming: r
                .incoming
                .iter()
                .map(|p| IncomingJson {
                    author: &p.author.name,
                    document: &p.doc,
                    name: &p.name,
                    version: &p.version,
                })
                .collect(),
            integrated,
            pushed: names(&r.pushed),
            pushed_branch: r.pushed_branch,
            remote: RemoteJson {
                name: &r.remote.name,
                url: &r.remote.url,
            },
            remote_branch: &r.remote_branch,
            remote_head_unset: r.remote_head_unset,
        }
    }
}

impl IntegratedJson {
    fn new(how: &'static str) -> IntegratedJson {
        IntegratedJson {
            how,
            commits: None,
            from: None,
            to: None,
            theirs: None,
            commit: None,
        }
    }
}
