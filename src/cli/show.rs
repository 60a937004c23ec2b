//! `emend show`: a document's segments with their keys.

use std::path::PathBuf;

use clap::Args;
use emend::render::json;
use emend::render::terminal::{write_show, write_show_dropped, write_show_kept};
use emend::store::{DocId, VersionRef};
use emend::text::segment_with;
use emend::workflow::Sections;

use super::{
    CommandError, Format, GlobalArgs, Outcome, PageArgs, Ui, WordArgs, open_workspace, read_input,
};

const EXAMPLES: &str = "\
Examples:
  emend show telegram-1945-11-11 en-wilson
  emend show telegram-1945-11-11 en-corrected@HEAD~1 --format json
  emend show --file en-wilson.md
  emend show --file draft-03.txt --show-dropped
  emend show ruth kjv --under 2                                     one chapter";

/// Print a version's segments (headings and paragraphs) with their keys.
///
/// Keys are what diffs, reviews and exports use to name a segment: `2¶3` is
/// point 2's third paragraph, `genesis/1/1` the first verse of Genesis.
/// VERSION@REV shows the version at any git revision (HEAD~2, a commit, a tag).
/// A paginated plain text is read without its page furniture (running heads,
/// page numbers, form feeds); --show-dropped shows what was left out.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ShowArgs {
    /// DOC VERSION[@REV]
    #[arg(value_name = "DOC VERSION", num_args = 0..=2)]
    pub target: Vec<String>,
    /// Show a file (text, Markdown or .docx; - reads standard input) instead of a stored version
    #[arg(long, value_name = "FILE", conflicts_with = "target")]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub word: WordArgs,
    #[command(flatten)]
    pub pages: PageArgs,
    /// Also print the page furniture left out of the reading, marked `dropped`, where it was
    #[arg(long)]
    pub show_dropped: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Only the segments at or under this key (a chapter, an article): `genesis/1` holds
    /// `genesis/1/5`; may be given more than once
    #[arg(long, value_name = "KEY", conflicts_with = "show_dropped")]
    pub under: Vec<String>,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &ShowArgs) -> Result<Outcome, CommandError> {
    let (text, label) = match (&args.file, args.target.as_slice()) {
        (Some(path), _) => (
            read_input(path, args.word.tracked())?,
            super::diff::file_label(path),
        ),
        (None, [doc, version]) => {
            let ws = open_workspace(global)?;
            let doc: DocId = doc.parse()?;
            let loaded = ws.load(&doc, &VersionRef::parse(version)?)?;
            (loaded.text, loaded.label)
        }
        _ => {
            return Err(
                CommandError::new("show needs DOC VERSION[@REV], or --file FILE")
                    .with_hint("emend show telegram-1945-11-11 en-wilson"),
            );
        }
    };
    let doc = segment_with(&text, args.pages.reading());
    let painter = ui.painter;
    let under = Sections::new(args.under.clone());
    if !under.is_whole() {
        under.require_in(None, &[&label], &[&doc])?;
        match args.format {
            Format::Json => {
                let mut json = json::show_json(&doc);
                json.segments.retain(|s| under.holds(s.key));
                ui.write_json(&json)?
            }
            Format::Text => write_show_kept(ui.out(), &painter, &doc, &|k| under.holds(k))?,
        }
        return Ok(Outcome::Success);
    }
    match (args.format, args.show_dropped) {
        (Format::Json, false) => ui.write_json(&json::show_json(&doc))?,
        (Format::Json, true) => ui.write_json(&json::show_json_dropped(&doc))?,
        (Format::Text, false) => write_show(ui.out(), &painter, &doc)?,
        (Format::Text, true) => write_show_dropped(ui.out(), &painter, &doc)?,
    }
    Ok(Outcome::Success)
}
