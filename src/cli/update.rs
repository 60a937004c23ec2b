//! `emend update`: a new revision of a version.

use std::path::PathBuf;

use clap::Args;
use emend::store::{DocId, VersionId, short_id};
use emend::workflow::{UpdateRequest, update};

use super::{
    CommandError, GlobalArgs, Outcome, Ui, WordArgs, WriteArgs, commit_time, open_workspace,
    read_new_text,
};

const EXAMPLES: &str = "\
Examples:
  emend update telegram-1945-11-11 en-corrected fixed.md -m \"fix lapan\"
  $EDITOR translations/telegram-1945-11-11/en-corrected.md
  emend update telegram-1945-11-11 en-corrected -m \"rejoin the paragraph split by a page\"";

/// Commit a new revision of a version, from a file or from the store's work tree.
///
/// With FILE, its text becomes the version's new text (refused if the
/// version's file has uncommitted edits, unless --force). Without FILE, the
/// version's file as edited in the work tree is committed. Nothing else the
/// user has staged or changed is committed.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct UpdateArgs {
    /// The document, by its id (`emend list` shows them)
    pub doc: DocId,
    /// The version to commit a new revision of (`emend list DOC` shows a document's versions)
    pub version: VersionId,
    /// The file holding the new text: text, Markdown, .docx, or an XLIFF file emend exported, translated (when the version is unchanged since); - reads standard input (default: the version's file in the work tree)
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub word: WordArgs,
    #[command(flatten)]
    pub write: WriteArgs,
    /// Commit an empty text though the version has text (it deletes all of it)
    #[arg(long)]
    pub allow_empty: bool,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &UpdateArgs) -> Result<Outcome, CommandError> {
    let ws = open_workspace(global)?;
    let text = match &args.file {
        Some(f) => {
            let tracked = args.word.tracked();
            Some(read_new_text(&ws, &args.doc, &args.version, f, tracked, true)?.0)
        }
        None => None,
    };
    let req = UpdateRequest {
        doc: args.doc.to_string(),
        version: args.version.to_string(),
        text,
        message: args.write.message.clone(),
        author: args.write.author(&ws.store)?,
        time: commit_time()?,
        force: args.write.force,
        allow_empty: args.allow_empty,
    };
    match update(&ws, &req)? {
        Some(id) => writeln!(
            ui.out(),
            "updated {} in {} ({})",
            args.version,
            args.doc,
            short_id(id)
        )?,
        None => eprintln!(
            "emend: {} in {} is unchanged; nothing to commit",
            args.version, args.doc
        ),
    }
    Ok(Outcome::Success)
}
