//! `emend propose`: suggest a new text of a version, on a proposal branch.

use std::path::PathBuf;

use clap::Args;
use emend::store::validate_id;
use emend::workflow::{ProposeRequest, propose};

use super::word::{WordArgs, read_input};
use super::{CommandError, GlobalArgs, Outcome, Ui, commit_time, open_workspace};

const EXAMPLES: &str = "\
Examples:
  emend propose telegram-1945-11-11 en-wilson corrected.md --name fix-scan -m \"scanning errors\"
  emend proposals
  emend review fix-scan";

/// Propose corrections to a version, for an editor to review.
///
/// FILE's text is committed as the proposed new text of VERSION on the branch
/// proposals/NAME, based on the current branch. The current branch and the
/// work tree are not touched. Proposing again under the same NAME adds a
/// revised text to the same proposal.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ProposeArgs {
    pub doc: String,
    pub version: String,
    /// The file holding the proposed text: text, Markdown or .docx
    pub file: PathBuf,
    #[command(flatten)]
    pub word: WordArgs,
    /// The proposal's name (a-z, 0-9, '.', '_', '-')
    #[arg(long, value_name = "NAME")]
    pub name: String,
    /// Why: shown to the editor and kept in the history
    #[arg(short, long, value_name = "MESSAGE")]
    pub message: Option<String>,
    /// Author of the proposal, "Name <email>" (default: git's user.name and user.email)
    #[arg(long, value_name = "NAME <EMAIL>")]
    pub author: Option<String>,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &ProposeArgs) -> Result<Outcome, CommandError> {
    validate_id("proposal", &args.name)?;
    validate_id("document", &args.doc)?;
    validate_id("version", &args.version)?;
    let ws = open_workspace(global)?;
    let author = match &args.author {
        Some(a) => emend::store::Author::parse(a)?,
        None => ws.store.default_author()?,
    };
    let text = read_input(&args.file, &args.word)?;
    let id = propose(
        &ws,
        &ProposeRequest {
            name: args.name.clone(),
            doc: args.doc.clone(),
            version: args.version.clone(),
            text,
            message: args.message.clone(),
            author,
            time: commit_time()?,
        },
    )?;
    writeln!(
        ui.out(),
        "proposed {} for {} in {} (branch proposals/{}, {}); an editor reviews it with `emend review {}`",
        args.name,
        args.version,
        args.doc,
        args.name,
        &id.to_string()[..7],
        args.name
    )?;
    Ok(Outcome::Success)
}
