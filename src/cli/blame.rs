//! `emend blame`: who last changed each segment's words, and when.

use clap::Args;
use emend::render::{json, listing};
use emend::store::{DocId, VersionRef};
use emend::workflow::{Sections, blame};

use super::{CommandError, DateArg, Format, GlobalArgs, Outcome, Ui, open_workspace};

/// For each segment of a version, the revision that last changed its words.
///
/// Re-wrapping and renumbering are not changes. A change that came in through
/// a review shows the reviewer (the commit's author) and the proposal with its
/// author.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  emend blame telegram-1945-11-11 en-wilson\n  emend blame telegram-1945-11-11 en-wilson@approved\n  emend blame ruth web --format json\n  emend blame ruth web --under 2"
)]
pub struct BlameArgs {
    /// The document, by its id (`emend list` shows them)
    pub doc: DocId,
    /// The version whose segments are traced to their revisions (`emend list DOC` shows a
    /// document's versions); VERSION@REV traces it as it was at a git revision, VERSION@approved
    /// as approved
    #[arg(value_name = "VERSION[@REV]")]
    pub version: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub date: DateArg,
    /// Only the segments at or under this key (a chapter, an article): `genesis/1` holds
    /// `genesis/1/5`; may be given more than once
    #[arg(long, value_name = "KEY")]
    pub under: Vec<String>,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &BlameArgs) -> Result<Outcome, CommandError> {
    let named = VersionRef::parse(&args.version)?;
    let ws = open_workspace(global)?;
    let (doc, mut lines) = blame(&ws, &args.doc, &named)?;
    let under = Sections::new(args.under.clone());
    under.require_in(Some(&args.doc), &[&args.version], &[&doc])?;
    match args.format {
        Format::Json => {
            lines.retain(|b| under.holds(&b.key));
            ui.write_json(&json::BlameJson::new(&args.doc, &named.version, &lines))?
        }
        Format::Text => {
            let painter = ui.painter;
            let date = args.date.format();
            listing::write_blame(ui.out(), &painter, &doc, &lines, date, &under)?;
        }
    }
    Ok(Outcome::Success)
}
