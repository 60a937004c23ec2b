//! `emend propose`: suggest a new text of a version, on a proposal branch.

use std::path::PathBuf;

use clap::Args;
use emend::store::{DocId, ProposalName, VersionId, short_id};
use emend::workflow::{ProposeRequest, propose};

use super::args::AuthorArg;
use super::{
    CommandError, GlobalArgs, Outcome, Ui, WordArgs, commit_time, open_workspace, read_new_text,
};

const EXAMPLES: &str = "\
Examples:
  emend propose telegram-1945-11-11 en-wilson corrected.md --name fix-scan -m \"scanning errors\"
  emend propose udhr fr fr-translated.xlf --name cat-pass     an XLIFF file back from a CAT tool
  emend proposals
  emend review fix-scan";

/// Propose corrections to a version, for an editor to review.
///
/// FILE's text is committed as the proposed new text of VERSION on the branch
/// proposals/NAME, based on the current branch. The current branch and the
/// work tree are not touched. Proposing again under the same NAME adds a
/// revised text to the same proposal, on top of its newest copy (one fetched
/// from a remote too). `emend sync` shares it with the team.
#[derive(Debug, Args)]
#[command(
    after_help = EXAMPLES,
    mut_arg("author", |a| a.help("Author of the proposal, \"Name <email>\" (default: git's user.name and user.email)"))
)]
pub struct ProposeArgs {
    /// The document, by its id (`emend list` shows them)
    pub doc: DocId,
    /// The version the corrections are for (`emend list DOC` shows a document's versions)
    pub version: VersionId,
    /// The file holding the proposed text: text, Markdown, .docx, or an XLIFF file emend exported, translated (proposed from its exported revision); - reads standard input
    pub file: PathBuf,
    #[command(flatten)]
    pub word: WordArgs,
    /// The proposal's name (a-z, 0-9, '.', '_', '-')
    #[arg(long, value_name = "NAME")]
    pub name: ProposalName,
    /// Why: shown to the editor and kept in the history
    #[arg(short, long, value_name = "MESSAGE", allow_hyphen_values = true)]
    pub message: Option<String>,
    #[command(flatten)]
    pub author: AuthorArg,
    /// Propose an empty FILE though the version has text (it proposes deleting all of it)
    #[arg(long)]
    pub allow_empty: bool,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &ProposeArgs) -> Result<Outcome, CommandError> {
    let ws = open_workspace(global)?;
    let author = args.author.author(&ws.store)?;
    let (text, base) = read_new_text(
        &ws,
        &args.doc,
        &args.version,
        &args.file,
        args.word.tracked(),
        false,
    )?;
    let id = propose(
        &ws,
        &ProposeRequest {
            name: args.name.to_string(),
            doc: args.doc.to_string(),
            version: args.version.to_string(),
            text,
            message: args.message.clone(),
            author,
            time: commit_time()?,
            allow_empty: args.allow_empty,
            base,
        },
    )?;
    let name = &args.name;
    writeln!(
        ui.out(),
        "proposed {name} for {} in {} (branch proposals/{name}, {}); `emend sync` shares it with the team, and an editor reviews it with `emend review {name}`",
        args.version,
        args.doc,
        short_id(id),
    )?;
    Ok(Outcome::Success)
}
