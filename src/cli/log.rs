//! `emend log`: the revisions of a version, or of one of its segments.

use clap::Args;
use emend::render::{json, listing};
use emend::store::{DocId, VersionId};
use emend::workflow::log;

use super::{CommandError, DateArg, Format, GlobalArgs, Outcome, Ui, open_workspace};

const EXAMPLES: &str = "\
Examples:
  emend log telegram-1945-11-11 en-corrected
  emend log telegram-1945-11-11 en-corrected --key 2¶5
  emend log ruth web --format json";

/// Show the revisions that changed a version, newest first.
///
/// Each line: commit, date, author, message, and how many rows the revision
/// changed. With --key, only the revisions that changed that segment's words,
/// following it back through renumbering and re-wrapping.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct LogArgs {
    /// The document, by its id (`emend list` shows them)
    pub doc: DocId,
    /// The version whose revisions are shown (`emend list DOC` shows a document's versions)
    pub version: VersionId,
    /// Only revisions that changed this segment (its key now, as `emend show` prints it)
    #[arg(long)]
    pub key: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub date: DateArg,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &LogArgs) -> Result<Outcome, CommandError> {
    let ws = open_workspace(global)?;
    let key = args.key.as_deref();
    let entries = log(&ws, &args.doc, &args.version, key)?;
    match args.format {
        Format::Json => {
            ui.write_json(&json::LogJson::new(&args.doc, &args.version, key, &entries))?
        }
        Format::Text => {
            let painter = ui.painter;
            listing::write_log(ui.out(), &painter, &entries, args.date.format())?;
        }
    }
    Ok(Outcome::Success)
}
