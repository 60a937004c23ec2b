//! `emend approve`: mark a version's current revision approved for export.

use clap::Args;
use emend::store::{DocId, VersionId, short_id};
use emend::workflow::approve;

use super::{CommandError, GlobalArgs, Outcome, Ui, WriteArgs, commit_time, open_workspace};

/// Record the version's current revision as approved for export.
///
/// The approval (version, revision, the approved text's blob id, approver,
/// date, note) is a new file under DOC/approvals/, in one commit; two
/// approvals made at once in two clones merge without conflict.
/// VERSION@approved then names that revision everywhere a revision is
/// accepted, and `emend export --approved` exports it; after a rebase that
/// replaced the commit, the approved text is found again by its blob id.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  emend approve telegram-1945-11-11 en-corrected -m \"for the 2027 edition\"\n  emend diff telegram-1945-11-11 en-corrected@approved en-corrected\n  emend export telegram-1945-11-11 en-corrected --approved -o telegram.md",
    mut_arg("message", |a| a.help("A note kept with the approval").value_name("NOTE")),
    mut_arg("author", |a| a.help("The approver, \"Name <email>\" (default: git's user.name and user.email)")),
    mut_arg("force", |a| a.help("Overwrite uncommitted edits of the new record file (only a killed emend leaves any)"))
)]
pub struct ApproveArgs {
    /// The document, by its id (`emend list` shows them)
    pub doc: DocId,
    /// The version whose current revision is approved (`emend list DOC` shows a document's versions)
    pub version: VersionId,
    #[command(flatten)]
    pub write: WriteArgs,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &ApproveArgs) -> Result<Outcome, CommandError> {
    let ws = open_workspace(global)?;
    let approver = args.write.author(&ws.store)?;
    let path = ws.layout.version_file(&args.doc, &args.version);
    // During a merge the file's edits are git's conflicts, not the user's: say that first.
    ws.store.refuse_during_operation()?;
    if ws.store.is_dirty(&path)? {
        eprintln!(
            "emend: note: {path} has uncommitted edits; they are not part of the approval (commit them with `emend update` first)"
        );
    }
    let (commit, revision) = approve(
        &ws,
        &args.doc,
        &args.version,
        args.write.message.as_deref(),
        &approver,
        commit_time()?,
        args.write.force,
    )?;
    writeln!(
        ui.out(),
        "approved {} in {} at {} ({})",
        args.version,
        args.doc,
        short_id(revision),
        short_id(commit)
    )?;
    Ok(Outcome::Success)
}
