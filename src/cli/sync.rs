//! `emend sync`: share this clone's work with the team through a git remote.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use clap::Args;
use emend::render::json::SyncJson;
use emend::render::sync::write_sync;
use emend::store::{StoreError, Transfer};
use emend::text::visible;
use emend::workflow::{SyncReport, SyncRequest, WorkflowError, Workspace, sync};

use super::args::{AuthorArg, Format};
use super::{CommandError, GlobalArgs, Outcome, Ui, commit_time, open_workspace};

const EXAMPLES: &str = "\
Examples:
  emend sync                  with the current branch's upstream, else origin
  emend sync --dry-run        fetch, and say what it would do
  emend sync team             with the remote named team
  emend sync --format json    what was done, for a script";

/// Share work with the team: fetch, integrate, push, and tidy closed proposals.
///
/// Fetches the current branch and every proposal from REMOTE; brings the
/// remote's branch into the current one (a fast-forward, else a merge
/// commit; never a rebase, since reviews and approvals name commits); pushes
/// the current branch and this clone's open proposals; deletes, on the remote
/// and here, the branches of proposals a review closed. A merge that would
/// conflict on a version's text stops before changing anything, naming the
/// documents. Proposals fetched from the remote are listed by `emend
/// proposals` and reviewed by name with `emend review NAME`.
///
/// Authentication is git's own: ssh-agent for ssh remotes, the credential
/// helper for https ones. The first sync of a branch makes REMOTE its
/// upstream, as `git push -u` does.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct SyncArgs {
    /// The remote (default: the current branch's upstream, else origin)
    pub remote: Option<String>,
    /// Fetch, then say what would be integrated, pushed and deleted, and do none of it
    #[arg(long)]
    pub dry_run: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub author: AuthorArg,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &SyncArgs) -> Result<Outcome, CommandError> {
    let ws = open_workspace(global)?;
    let author = args.author.author(&ws.store)?;
    let req = SyncRequest {
        remote: args.remote.clone(),
        dry_run: args.dry_run,
        author,
        time: commit_time()?,
    };
    let mut progress = Progress::new();
    let report = sync(&ws, &req, &mut |t| progress.show(t));
    progress.done();
    let report = report.map_err(|e| match e {
        // The store's advice (--force) is not for sync: it never overwrites edits.
        WorkflowError::Store(StoreError::Dirty { path }) => CommandError::new(format!(
            "{path} has uncommitted changes that the sync would overwrite; nothing was changed (only the remote was fetched)"
        ))
        .with_hint("commit them first (`emend update` or git), or put them aside with `git stash`; then run `emend sync` again"),
        e => e.into(),
    })?;
    match args.format {
        Format::Json => ui.write_json(&SyncJson::new(&report))?,
        Format::Text => {
            write_sync(ui.out(), &report)?;
            // Two writers who chose one name: this clone's copy, held back, is kept by
            // proposing it again under a name of its own.
            if report.remote_head_unset {
                writeln!(ui.out(), "{}", remote_head_advice(&ws, &report))?;
            }
            if !report.disagreed.is_empty() {
                writeln!(
                    ui.out(),
                    "to settle a row decided differently: propose its text again, or change it with `emend update`"
                )?;
            }
            for h in &report.held {
                let (name, doc, version) = (visible(&h.name), &h.doc, &h.version);
                writeln!(
                    ui.out(),
                    "to keep this clone's copy of {name} as a proposal of its own: emend export {doc} {version} --rev proposals/{name} | emend propose {doc} {version} - --name {name}-2"
                )?;
            }
        }
    }
    Ok(Outcome::Success)
}

/// What to do about a remote whose HEAD names no branch it has, so that a `git clone`
/// of it checks out nothing: make the branch just pushed its default.
fn remote_head_advice(ws: &Workspace, report: &SyncReport) -> String {
    let (remote, branch) = (&report.remote, &report.remote_branch);
    let fix = match ws.store.remote_local_path(remote) {
        Some(path) => format!(
            "`git -C '{}' symbolic-ref HEAD refs/heads/{branch}`",
            visible(&path.display().to_string())
        ),
        None => format!(
            "`git symbolic-ref HEAD refs/heads/{branch}` in the repository on the server (on a forge, make {branch} the default branch in its settings)"
        ),
    };
    format!(
        "note: {} ({}) has no default branch (its HEAD names a branch it does not have), so a `git clone` of it checks out nothing; make {branch} its default with {fix}",
        remote.name,
        visible(&remote.url)
    )
}

/// Transfer progress on standard error, when it is a terminal and the transfer is long.
struct Progress {
    on: bool,
    started: Instant,
    last: Option<Instant>,
}

impl Progress {
    fn new() -> Progress {
        Progress {
            on: std::io::stderr().is_terminal(),
            started: Instant::now(),
            last: None,
        }
    }

    fn show(&mut self, t: Transfer) {
        let now = Instant::now();
        let due = now.duration_since(self.started) > Duration::from_millis(500)
            && self
                .last
                .is_none_or(|l| now.duration_since(l) > Duration::from_millis(100));
        if !self.on || !due {
            return;
        }
        self.last = Some(now);
        let line = match t {
            Transfer::Receiving {
                received,
                indexed,
                total,
                bytes,
            } => format!(
                "receiving objects: {received}/{total}, indexed {indexed}, {} KiB",
                bytes / 1024
            ),
            Transfer::Sending { sent, total, bytes } => {
                format!("sending objects: {sent}/{total}, {} KiB", bytes / 1024)
            }
        };
        let mut err = std::io::stderr();
        let _ = write!(err, "\remend: {line}\x1b[K");
        let _ = err.flush();
    }

    fn done(&mut self) {
        if self.last.is_some() {
            eprintln!();
        }
    }
}
