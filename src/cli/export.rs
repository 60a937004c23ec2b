//! `emend export`: the text of a version, as approved or at any revision.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use emend::docx::export_docx;
use emend::export::{plain_text, tmx, xliff, xliff12};
use emend::render::html::text_page;
use emend::render::json;
use emend::store::{DocId, Store, VersionId, VersionRef, short_id};
use emend::text::{segment, visible};
use emend::workflow::{ExportRev, Found, Sections, export_text, export_units};

use super::ui::{json_for_terminal, warn_dropped};
use super::{CommandError, GlobalArgs, Outcome, Ui, open_workspace};

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The Markdown as stored
    Md,
    /// Plain text: no Markdown, point labels kept
    Txt,
    /// The segments with their keys, with document and version metadata and the revision
    Json,
    /// The text as a clean, self-contained reading page
    Html,
    /// TMX 1.4b: one translation unit per aligned row with the source version
    Tmx,
    /// XLIFF 2.1: one unit per aligned row with the source version
    Xliff,
    /// XLIFF 1.2, for CAT tools and platforms that read only it (Weblate, OmegaT, Virtaal)
    #[value(name = "xliff12", alias = "xliff1.2")]
    Xliff12,
    /// A Word document: real headings, point labels as automatic numbering, tables, footnotes
    Docx,
}

const EXAMPLES: &str = "\
Examples:
  emend export telegram-1945-11-11 en-wilson --approved -o telegram.md
  emend export udhr fr --format tmx -o udhr-en-fr.tmx          (pairs with en, the version fr was made from)
  emend export udhr ru --format xliff --source en -o udhr.xlf
  emend export udhr fr --format xliff --pending -o todo.xlf      (only what is still to translate)
  emend export bible es --format xliff --pending --under genesis -o genesis.xlf   (of one book)
  emend export udhr fr --format xliff12 -o udhr-fr.xlf           (XLIFF 1.2, for Weblate or OmegaT)
  emend export ruth web --format html --rev HEAD~3 -o ruth.html
  emend export telegram-1945-11-11 en-wilson --format docx -o telegram.docx";

/// Write the text of a version, as approved, at any revision, or as committed now, in a format other tools read.
///
/// Without --approved or --rev, the version as committed on the current
/// branch is written. --approved with no approval is an error, never a silent
/// fallback; it applies to every format. TMX and XLIFF (2.1, or 1.2 with
/// --format xliff12) pair each segment with
/// the version this one was made from (--from when it was added), or with
/// --source VERSION; a unit is final where the text is as approved, initial
/// where the translation is missing or stale, translated otherwise.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ExportArgs {
    /// The document, by its id (`emend list` shows them)
    pub doc: DocId,
    /// The version to write (`emend list DOC` shows a document's versions); VERSION@REV
    /// writes it at a git revision, as --rev REV does, and VERSION@approved as approved
    #[arg(value_name = "VERSION[@REV]")]
    pub version: String,
    /// Export the latest approved revision
    #[arg(long, conflicts_with = "rev")]
    pub approved: bool,
    /// Export the version at this git revision
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
    pub format: ExportFormat,
    /// For TMX and XLIFF: the source version to pair with (default: the one this version was made from)
    #[arg(long, value_name = "VERSION")]
    pub source: Option<VersionId>,
    /// For TMX and XLIFF: only the units still to translate (the translation missing or stale)
    #[arg(long)]
    pub pending: bool,
    /// For TMX and XLIFF: only the units at or under this key (a chapter, a section):
    /// `genesis/1` holds `genesis/1/5`; may be given more than once
    #[arg(long, value_name = "KEY")]
    pub under: Vec<String>,
    /// Write to FILE instead of standard output (`-` is standard output): a regular file is
    /// replaced atomically; a device, FIFO or socket (/dev/stdout) is written through, never replaced
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &ExportArgs) -> Result<Outcome, CommandError> {
    // `fr@HEAD~2` as `show` and `diff` take it, or `fr --rev HEAD~2`; not both.
    let named = VersionRef::parse(&args.version)?;
    let version: VersionId = named.version.parse()?;
    let rev = match (named.rev.as_deref(), &args.rev, args.approved) {
        (Some(at), Some(_), _) | (Some(at), None, true) => {
            return Err(CommandError::new(format!(
                "{} names its revision ({at}) and so does --rev or --approved: give it once",
                visible(&args.version)
            ))
            .with_hint(format!("emend export {} {}", args.doc, named.version)));
        }
        (Some("approved"), None, false) | (None, None, true) => ExportRev::Approved,
        (Some(at), None, false) => ExportRev::Rev(at.to_string()),
        (None, Some(r), _) => ExportRev::Rev(r.clone()),
        (None, None, false) => ExportRev::Head,
    };
    let approved = rev == ExportRev::Approved;
    let units = matches!(
        args.format,
        ExportFormat::Tmx | ExportFormat::Xliff | ExportFormat::Xliff12
    );
    let for_units = [
        ("--pending", args.pending),
        ("--source", args.source.is_some()),
        ("--under", !args.under.is_empty()),
    ];
    if let Some((flag, _)) = for_units.iter().find(|(_, given)| *given && !units) {
        return Err(CommandError::new(format!(
            "{flag} is for the TMX and XLIFF exports, which pair the version with its source unit by unit"
        ))
        .with_hint(format!(
            "emend export {} {} --format xliff {flag} ...",
            args.doc, args.version
        )));
    }
    let ws = open_workspace(global)?;
    let ex = export_text(&ws, &args.doc, &version, &rev)?;
    if let Some(a) = ex.approval.as_ref().filter(|a| a.found == Found::ReFound)
        && approved
    {
        eprintln!(
            "emend: note: the approval of {} names commit {}, which is not on this branch (a rebase or cherry-pick replaced it); its text was re-found at {}",
            version,
            short_id(a.approval.commit),
            short_id(ex.commit)
        );
    }
    let title = ex.document.title.as_deref().unwrap_or(&*args.doc);
    let language = &ex.loaded.meta.language;
    let mut warnings = Vec::new();
    let bytes = match args.format {
        ExportFormat::Md => ex.loaded.text.clone().into_bytes(),
        ExportFormat::Txt => plain_text(&segment(&ex.loaded.text)).into_bytes(),
        ExportFormat::Html => {
            let page_title = format!("{title} ({version})");
            text_page(&page_title, language, &segment(&ex.loaded.text)).into_bytes()
        }
        ExportFormat::Json => {
            let doc = segment(&ex.loaded.text);
            let mut out = serde_json::to_vec_pretty(&json::ExportJson::new(&ex, &doc))?;
            out.push(b'\n');
            out
        }
        ExportFormat::Docx => {
            let doc = export_docx(&segment(&ex.loaded.text), title, Some(language));
            warn_dropped(doc.dropped);
            doc.bytes
        }
        ExportFormat::Tmx | ExportFormat::Xliff | ExportFormat::Xliff12 => {
            let source = args.source.as_deref();
            let under = Sections::new(args.under.clone());
            let (meta, units) = export_units(&ws, &ex, source, args.pending, &under)?;
            let exported = match args.format {
                ExportFormat::Tmx => tmx(&meta, &units),
                ExportFormat::Xliff => xliff(&meta, &units),
                _ => xliff12(&meta, &units),
            };
            warnings = exported.warnings;
            exported.text.into_bytes()
        }
    };
    for w in &warnings {
        eprintln!("emend: warning: {}", visible(w));
    }
    match args.output.as_deref().filter(|p| !super::is_dash(p)) {
        Some(path) => {
            write_file(&ws.store, path, &bytes)?;
            // `en-wilson, approved at 05af39d`; a later revision with the same text says
            // which one it is too.
            let approved_at = ex.approval.as_ref().and_then(|a| a.commit);
            let what = match approved_at {
                Some(at) if ex.approved && at != ex.commit => {
                    format!(
                        " at {}, as approved at {}",
                        short_id(ex.commit),
                        short_id(at)
                    )
                }
                _ if ex.approved => format!(", approved at {}", short_id(ex.commit)),
                _ => format!(" at {}", short_id(ex.commit)),
            };
            eprintln!(
                "emend: wrote {} ({}{what})",
                visible(&path.display().to_string()),
                version,
            );
        }
        None if args.format == ExportFormat::Docx => ui.write_docx(&bytes, 0)?,
        None if args.format == ExportFormat::Json && ui.is_terminal() => {
            ui.write_document(&json_for_terminal(&String::from_utf8_lossy(&bytes)))?
        }
        None => ui.write_document(&String::from_utf8_lossy(&bytes))?,
    }
    Ok(Outcome::Success)
}

/// Writes `bytes` to the `-o` file `path` (not `-`): a regular file atomically, a device, FIFO
/// or socket through (see [`emend::output`]); the temporary file is made by the store, so that
/// a killed emend's is removed by the next one.
pub fn write_file(store: &Store, path: &Path, bytes: &[u8]) -> Result<(), CommandError> {
    emend::output::write_output(path, bytes, |dir| {
        store
            .temp_file_for(dir)
            .map_err(|e| std::io::Error::other(e.to_string()))
    })?;
    Ok(())
}
