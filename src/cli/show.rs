//! `emend show`: a document's segments with their keys.

use std::path::PathBuf;

use clap::Args;
use emend::render::json;
use emend::render::terminal::write_show;
use emend::text::segment;

use super::{CommandError, Format, Outcome, Ui, read_document_file};

const EXAMPLES: &str = "\
Examples:
  emend show --file en-wilson.md
  emend show --file en-wilson.md --format json";

/// Print a document's segments (headings and paragraphs) with their keys.
///
/// Keys are what diffs, reviews and exports use to name a segment: `2¶3` is
/// point 2's third paragraph, `genesis/1/1` the first verse of Genesis.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ShowArgs {
    /// The file to show
    #[arg(long, value_name = "FILE", required = true)]
    pub file: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(ui: &mut Ui, args: &ShowArgs) -> Result<Outcome, CommandError> {
    let Some(path) = &args.file else {
        return Err(CommandError::new("show needs --file FILE"));
    };
    let doc = segment(&read_document_file(path)?);
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(ui.out(), &json::show_json(&doc))?;
            writeln!(ui.out())?;
        }
        Format::Text => {
            let painter = ui.painter;
            write_show(ui.out(), &painter, &doc)?;
        }
    }
    Ok(Outcome::Success)
}
