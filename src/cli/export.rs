//! `emend export`: the text of a version, as approved or at any revision.

use std::io::Write as _;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use emend::store::{VersionRef, validate_id};

use super::{CommandError, GlobalArgs, Outcome, Ui, open_workspace};

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The Markdown as stored
    Md,
}

/// Write the text of a version: at its latest approved revision, at any revision, or as committed now.
///
/// Without --approved or --rev, the version as committed on the current
/// branch is written. --approved with no approval is an error, never a silent
/// fallback.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  emend export telegram-1945-11-11 en-corrected --approved -o telegram.md\n  emend export telegram-1945-11-11 en-wilson --rev HEAD~3"
)]
pub struct ExportArgs {
    pub doc: String,
    pub version: String,
    /// Export the latest approved revision
    #[arg(long, conflicts_with = "rev")]
    pub approved: bool,
    /// Export the version at this git revision
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Write to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
    pub format: ExportFormat,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &ExportArgs) -> Result<Outcome, CommandError> {
    validate_id("document", &args.doc)?;
    let ws = open_workspace(global)?;
    let rev = if args.approved {
        Some("approved".to_string())
    } else {
        args.rev.clone()
    };
    let vref = VersionRef::parse(&args.version)?;
    if vref.rev.is_some() {
        return Err(CommandError::new(format!(
            "export takes the revision as --rev or --approved, not {}",
            args.version
        )));
    }
    let vref = VersionRef {
        version: vref.version,
        rev,
    };
    let loaded = ws.load(&args.doc, &vref)?;
    let bytes = match args.format {
        ExportFormat::Md => loaded.text.into_bytes(),
    };
    match &args.output {
        Some(path) => {
            write_file(path, &bytes)?;
            eprintln!(
                "emend: wrote {} ({} at {})",
                path.display(),
                vref.label(),
                loaded
                    .commit
                    .map(|c| c.to_string()[..7].to_string())
                    .unwrap_or_default()
            );
        }
        None => ui.out().write_all(&bytes)?,
    }
    Ok(Outcome::Success)
}

/// Writes `bytes` to exactly `path`, atomically: a temporary file beside it, then a rename.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), CommandError> {
    if path.is_dir() {
        return Err(CommandError::new(format!(
            "{}: is a directory; give a file name with -o",
            path.display()
        )));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let fail =
        |e: std::io::Error| CommandError::new(format!("cannot write {}: {e}", path.display()));
    let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
