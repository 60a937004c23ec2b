//! `emend export`: the text of a version, as approved or at any revision.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use emend::export::{plain_text, tmx, xliff};
use emend::render::html::text_page;
use emend::render::terminal::visible;
use emend::store::{Store, validate_id};
use emend::text::segment;
use emend::workflow::{ExportRev, export_text, export_units};
use serde_json::json;

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
    /// A Word document: real headings, point labels as automatic numbering, tables, footnotes
    Docx,
}

const EXAMPLES: &str = "\
Examples:
  emend export telegram-1945-11-11 en-wilson --approved -o telegram.md
  emend export udhr fr --format tmx -o udhr-en-fr.tmx          (pairs with en, the version fr was made from)
  emend export udhr ru --format xliff --source en -o udhr.xlf
  emend export ruth web --format html --rev HEAD~3 -o ruth.html
  emend export telegram-1945-11-11 en-wilson --format docx -o telegram.docx";

/// Write the text of a version, as approved, at any revision, or as committed now, in a format other tools read.
///
/// Without --approved or --rev, the version as committed on the current
/// branch is written. --approved with no approval is an error, never a silent
/// fallback; it applies to every format. TMX and XLIFF pair each segment with
/// the version this one was made from (--from when it was added), or with
/// --source VERSION; a unit is final where the text is as approved, initial
/// where the translation is missing or stale, translated otherwise.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ExportArgs {
    pub doc: String,
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
    pub source: Option<String>,
    /// Write to FILE instead of standard output (`-` is standard output): a regular file is
    /// replaced atomically; a device, FIFO or socket (/dev/stdout) is written through, never replaced
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &ExportArgs) -> Result<Outcome, CommandError> {
    validate_id("document", &args.doc)?;
    validate_id("version", &args.version)?;
    if let Some(s) = &args.source {
        validate_id("version", s)?;
    }
    let ws = open_workspace(global)?;
    let rev = match (&args.rev, args.approved) {
        (Some(r), _) => ExportRev::Rev(r.clone()),
        (None, true) => ExportRev::Approved,
        (None, false) => ExportRev::Head,
    };
    let ex = export_text(&ws, &args.doc, &args.version, &rev)?;
    let title = ex
        .document
        .title
        .clone()
        .unwrap_or_else(|| args.doc.clone());
    let mut warnings = Vec::new();
    let bytes = match args.format {
        ExportFormat::Md => ex.loaded.text.clone().into_bytes(),
        ExportFormat::Txt => plain_text(&segment(&ex.loaded.text)).into_bytes(),
        ExportFormat::Html => {
            let page_title = format!("{title} ({})", args.version);
            text_page(
                &page_title,
                &ex.loaded.meta.language,
                &segment(&ex.loaded.text),
            )
            .into_bytes()
        }
        ExportFormat::Json => {
            let doc = segment(&ex.loaded.text);
            let value = json!({
                "document": args.doc,
                "title": ex.document.title,
                "citation": ex.document.citation,
                "source": ex.document.source,
                "license": ex.document.license,
                "version": {
                    "id": ex.loaded.meta.id, "language": ex.loaded.meta.language,
                    "role": ex.loaded.meta.role, "from": ex.loaded.meta.from,
                    "translator": ex.loaded.meta.translator,
                },
                "revision": ex.commit.to_string(),
                "approved": ex.approved,
                "segments": emend::render::json::show_json(&doc).segments,
            });
            let mut out = serde_json::to_vec_pretty(&value)?;
            out.push(b'\n');
            out
        }
        ExportFormat::Docx => {
            let doc = emend::docx::export_docx(
                &segment(&ex.loaded.text),
                &title,
                Some(&ex.loaded.meta.language),
            );
            super::word::warn_dropped(doc.dropped);
            doc.bytes
        }
        ExportFormat::Tmx | ExportFormat::Xliff => {
            let (meta, units) = export_units(&ws, &ex, args.source.as_deref())?;
            let exported = if args.format == ExportFormat::Tmx {
                tmx(&meta, &units)
            } else {
                xliff(&meta, &units)
            };
            warnings = exported.warnings;
            exported.text.into_bytes()
        }
    };
    for w in &warnings {
        eprintln!("emend: warning: {}", visible(w));
    }
    match args.output.as_deref().filter(|p| *p != Path::new("-")) {
        Some(path) => {
            write_file(&ws.store, path, &bytes)?;
            eprintln!(
                "emend: wrote {} ({}{} at {})",
                visible(&path.display().to_string()),
                args.version,
                if ex.approved { ", approved" } else { "" },
                &ex.commit.to_string()[..7]
            );
        }
        None if args.format == ExportFormat::Docx => {
            super::word::write_docx_stdout(ui, &bytes, 0)?;
        }
        None => {
            let text = String::from_utf8_lossy(&bytes);
            if args.format == ExportFormat::Json && ui.is_terminal() {
                ui.write_document(&super::ui::json_for_terminal(&text))?;
            } else {
                ui.write_document(&text)?;
            }
        }
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
