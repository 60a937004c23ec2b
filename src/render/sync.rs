//! What `sync` did, or would do on a dry run, one line per step.

use std::io::{self, Write};

use crate::store::short_id;
use crate::text::visible;
use crate::workflow::{Integrated, SyncReport};

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `sync`: fetched, integrated, pushed, deleted; then the proposals waiting for review.
pub fn write_sync(w: &mut dyn Write, r: &SyncReport) -> io::Result<()> {
    let would = |done: &str, todo: &str| -> String {
        if r.dry_run {
            format!("would {todo}")
        } else {
            done.to_string()
        }
    };
    let remote = visible(&r.remote.name);
    let theirs = format!("{remote}/{}", visible(&r.remote_branch));
    let branch = visible(&r.branch);
    writeln!(w, "fetched {remote} ({})", visible(&r.remote.url))?;
    match &r.integrated {
        Integrated::NoRemoteBranch => writeln!(
            w,
            "{branch}: {remote} has no branch {}",
            visible(&r.remote_branch)
        )?,
        Integrated::UpToDate => writeln!(w, "{branch}: has everything {theirs} has")?,
        Integrated::FastForward { to, commits, .. } => writeln!(
            w,
            "{branch}: {} {} ({commits} commit{} from {theirs})",
            would("fast-forwarded to", "fast-forward to"),
            short_id(*to),
            plural(*commits)
        )?,
        Integrated::Merged {
            commit, commits, ..
        } => writeln!(
            w,
            "{branch}: {theirs} ({commits} commit{}) {}",
            plural(*commits),
            match commit {
                Some(c) => format!("merged in {}", short_id(*c)),
                None => "would be merged in a merge commit".to_string(),
            }
        )?,
    }
    if r.pushed_branch {
        writeln!(w, "{} {branch} to {theirs}", would("pushed", "push"))?;
    }
    for name in &r.pushed {
        writeln!(w, "{} proposal {}", would("pushed", "push"), visible(name))?;
    }
    for name in &r.deleted_remote {
        writeln!(
            w,
            "{} on {remote} the branch of closed proposal {}",
            would("deleted", "delete"),
            visible(name)
        )?;
    }
    for name in &r.deleted_local {
        writeln!(
            w,
            "{} in this clone the branch of closed proposal {}",
            would("deleted", "delete"),
            visible(name)
        )?;
    }
    for h in &r.held {
        writeln!(
            w,
            "not pushed: proposal {}: {}",
            visible(&h.name),
            visible(&h.why)
        )?;
    }
    for d in &r.disagreed {
        let (how, keeps) = match d.merged_in {
            None => (
                format!(
                    "was reviewed both here and on {remote}, each review before the other was synced"
                ),
                if r.dry_run { "would keep" } else { "keeps" },
            ),
            Some(merge) => (
                format!(
                    "was reviewed in two clones at once, joined by merge {} from {remote}",
                    short_id(merge)
                ),
                "kept",
            ),
        };
        writeln!(
            w,
            "note: proposal {} ({} in {}) {how}, and they decided {} row{} differently: {}; the merge {keeps} the text either review wrote",
            visible(&d.proposal),
            visible(&d.version),
            visible(&d.document),
            d.rows.len(),
            plural(d.rows.len()),
            visible(&d.rows_said(&format!("on {remote}"))),
        )?;
    }
    for p in &r.incoming {
        writeln!(
            w,
            "waiting for review: proposal {} by {} ({} in {}): emend review {}",
            visible(&p.name),
            visible(&p.author.name),
            p.version,
            p.doc,
            visible(&p.name)
        )?;
    }
    Ok(())
}
