//! `emend remove`: take a version out of its document.

use clap::Args;
use emend::store::{DocId, VersionId, short_id};
use emend::workflow::{RemoveRequest, remove};

use super::{CommandError, GlobalArgs, Outcome, Ui, WriteArgs, commit_time, open_workspace};

const EXAMPLES: &str = "\
Examples:
  emend remove udhr fr-draft -m \"merged into fr\"
  emend show udhr fr-draft@HEAD~1                     its text before it was removed";

/// Remove a version from its document: its file and its entry in document.json, in one commit.
///
/// For a draft that is done with or a version added by mistake. Its history stays in
/// git (VERSION@REV of an earlier revision still reads it), and so do its approvals,
/// reviews and confirmations. Refused, with nothing changed, for a document's only
/// version, for a version another is made from (--from), and for one with open
/// proposals; the version's file with uncommitted edits is refused unless --force.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct RemoveArgs {
    /// The document, by its id (`emend list` shows them)
    pub doc: DocId,
    /// The version to remove (`emend list DOC` shows a document's versions)
    pub version: VersionId,
    #[command(flatten)]
    pub write: WriteArgs,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &RemoveArgs) -> Result<Outcome, CommandError> {
    let ws = open_workspace(global)?;
    let req = RemoveRequest {
        doc: args.doc.to_string(),
        version: args.version.to_string(),
        message: args.write.message.clone(),
        author: args.write.author(&ws.store)?,
        time: commit_time()?,
        force: args.write.force,
    };
    let id = remove(&ws, &req)?;
    writeln!(
        ui.out(),
        "removed {} from {} ({}); its text before stays in git: {}@{}^",
        args.version,
        args.doc,
        short_id(id),
        args.version,
        short_id(id)
    )?;
    Ok(Outcome::Success)
}
