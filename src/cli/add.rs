//! `emend add`: a new version of a document.

use std::path::PathBuf;

use clap::Args;
use emend::store::{DocId, LanguageTag, Role, VersionId, short_id};
use emend::workflow::{AddRequest, add};

use super::{
    CommandError, GlobalArgs, Outcome, Ui, WordArgs, WriteArgs, commit_time, open_workspace,
    read_input,
};

const EXAMPLES: &str = "\
Examples:
  emend add telegram-1945-11-11 en-wilson en-wilson.md --lang en --translator \"Gary Goldberg\"
  emend add telegram-1945-11-11 en-corrected draft.md --lang en --role draft --from en-wilson
  emend add udhr de de.md --lang de --role translation --from en -m \"official German text\"";

/// Add a version (a translation, or a draft) to a document, creating the document if needed.
///
/// The text is copied into the store as <root>/DOC/VERSION.md (UTF-8, LF line
/// ends) and recorded in DOC/document.json with its language, role,
/// translator and the version it was made from; all in one commit.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct AddArgs {
    /// The document id (a-z, 0-9, '.', '_', '-')
    pub doc: DocId,
    /// The new version's id
    pub version: VersionId,
    /// The file holding its text: UTF-8 text, Markdown, or a Word document (.docx), stored as Markdown; - reads standard input
    pub file: PathBuf,
    #[command(flatten)]
    pub word: WordArgs,
    /// Its language (BCP 47: en, ru, zh-Hans, ...)
    #[arg(long, value_name = "LANG")]
    pub lang: LanguageTag,
    /// What it is to the document [default: draft when --from names a version in the same
    /// language (en-GB from en), else translation]
    #[arg(long, value_enum)]
    pub role: Option<Role>,
    /// The version it is translated or derived from
    #[arg(long, value_name = "VERSION")]
    pub from: Option<VersionId>,
    /// Who translated or wrote it
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    pub translator: Option<String>,
    /// The document's title (for a new document)
    #[arg(long, allow_hyphen_values = true)]
    pub title: Option<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &AddArgs) -> Result<Outcome, CommandError> {
    let ws = open_workspace(global)?;
    let text = read_input(&args.file, args.word.tracked())?;
    let req = AddRequest {
        doc: args.doc.to_string(),
        version: args.version.to_string(),
        text,
        language: args.lang.to_string(),
        role: args.role,
        from: args.from.as_ref().map(VersionId::to_string),
        translator: args.translator.clone(),
        title: args.title.clone(),
        message: args.write.message.clone(),
        author: args.write.author(&ws.store)?,
        time: commit_time()?,
        force: args.write.force,
    };
    let id = add(&ws, &req)?;
    writeln!(
        ui.out(),
        "added {} to {} ({})",
        args.version,
        args.doc,
        short_id(id)
    )?;
    Ok(Outcome::Success)
}
