//! `emend approve`: mark a version's current revision approved for export.

use clap::Args;
use emend::store::validate_id;
use emend::workflow::approve;

use super::{CommandError, GlobalArgs, Outcome, Ui, commit_time, open_workspace};

/// Record the version's current revision as approved for export.
///
/// The approval (version, revision, approver, date, note) is appended to
/// DOC/approvals.json in one commit. VERSION@approved then names that
/// revision everywhere a revision is accepted, and `emend export --approved`
/// exports it.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  emend approve telegram-1945-11-11 en-corrected -m \"for the 2027 edition\"\n  emend diff telegram-1945-11-11 en-corrected@approved en-corrected\n  emend export telegram-1945-11-11 en-corrected --approved -o telegram.md"
)]
pub struct ApproveArgs {
    pub doc: String,
    pub version: String,
    /// A note kept with the approval
    #[arg(short, long, value_name = "NOTE")]
    pub message: Option<String>,
    /// The approver, "Name <email>" (default: git's user.name and user.email)
    #[arg(long, value_name = "NAME <EMAIL>")]
    pub author: Option<String>,
    /// Overwrite uncommitted edits of DOC/approvals.json
    #[arg(long)]
    pub force: bool,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &ApproveArgs) -> Result<Outcome, CommandError> {
    validate_id("document", &args.doc)?;
    validate_id("version", &args.version)?;
    let ws = open_workspace(global)?;
    let approver = match &args.author {
        Some(a) => emend::store::Author::parse(a)?,
        None => ws.store.default_author()?,
    };
    let path = ws.layout.version_file(&args.doc, &args.version);
    if ws.store.is_dirty(&path)? {
        eprintln!(
            "emend: note: {path} has uncommitted edits; they are not part of the approval (commit them with `emend update` first)"
        );
    }
    let (commit, revision) = approve(
        &ws,
        &args.doc,
        &args.version,
        args.message.as_deref(),
        &approver,
        commit_time()?,
        args.force,
    )?;
    writeln!(
        ui.out(),
        "approved {} in {} at {} ({})",
        args.version,
        args.doc,
        &revision.to_string()[..7],
        &commit.to_string()[..7]
    )?;
    Ok(Outcome::Success)
}
