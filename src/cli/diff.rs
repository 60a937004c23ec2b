//! `emend diff`: the structured, word-level diff of two versions.

use std::path::{Path, PathBuf};

use clap::Args;
use emend::align::Mode;
use emend::diff::{CompareOptions, compare};
use emend::render::terminal::{TextOptions, write_diff};
use emend::render::{SideLabel, json};
use emend::text::{ComparisonOptions, Document, segment};

use super::{CommandError, Format, Outcome, Ui, read_document_file};

const EXAMPLES: &str = "\
Examples:
  emend diff --files en-wilson.md en-corrected.md
  emend diff --files en-wilson.md en-corrected.md --format json
  emend diff --files en.md ru.md --lang-a en --lang-b ru
  emend diff --files old.md new.md --ignore-annotations --context 1 --exit-code";

/// Show what changed between two versions, point by point and word by word.
///
/// The versions are cut into headings and paragraphs, aligned by key and by
/// content (splits, merges and moves included), and the words of each changed
/// row are marked: [-deleted-]{+inserted+} without colour. Versions in two
/// languages are aligned only, by key, order and length.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct DiffArgs {
    /// Compare two files given by path
    #[arg(long)]
    pub files: bool,
    /// With --files: FILE_A FILE_B
    #[arg(value_name = "FILE", required = true)]
    pub targets: Vec<String>,
    #[command(flatten)]
    pub options: DiffOptions,
}

/// The options of every diff.
#[derive(Debug, Clone, Args)]
pub struct DiffOptions {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Unchanged rows to show around each change
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub context: usize,
    /// Show whole paragraphs instead of eliding long unchanged stretches
    #[arg(long)]
    pub full: bool,
    /// Exit with 1 when there are differences, 0 when there are none
    #[arg(long)]
    pub exit_code: bool,
    /// Language of the first version (BCP 47, e.g. en)
    #[arg(long, value_name = "LANG")]
    pub lang_a: Option<String>,
    /// Language of the second version (BCP 47, e.g. ru)
    #[arg(long, value_name = "LANG")]
    pub lang_b: Option<String>,
    /// Upper and lower case are the same
    #[arg(long, short = 'i')]
    pub ignore_case: bool,
    /// Punctuation does not count as a difference
    #[arg(long)]
    pub ignore_punctuation: bool,
    /// Bracketed insertions such as [handwritten: functions] do not count
    #[arg(long)]
    pub ignore_annotations: bool,
}

impl DiffOptions {
    /// The library options these flags ask for, given the two sides' languages.
    pub fn compare_options(&self, lang_a: Option<&str>, lang_b: Option<&str>) -> CompareOptions {
        let mode = match (lang_a, lang_b) {
            (Some(a), Some(b)) => Some(if primary(a) == primary(b) {
                Mode::SameLanguage
            } else {
                Mode::CrossLanguage
            }),
            _ => None,
        };
        CompareOptions {
            comparison: ComparisonOptions {
                ignore_case: self.ignore_case,
                ignore_punctuation: self.ignore_punctuation,
                ignore_annotations: self.ignore_annotations,
            },
            mode,
            ..CompareOptions::default()
        }
    }
}

/// `en-GB` → `en`.
fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .to_ascii_lowercase()
}

pub fn run(ui: &mut Ui, args: &DiffArgs) -> Result<Outcome, CommandError> {
    if !args.files {
        return Err(CommandError::new("diff needs --files FILE_A FILE_B")
            .with_hint("emend diff --files old.md new.md"));
    }
    let [path_a, path_b] = args.targets.as_slice() else {
        return Err(CommandError::new(format!(
            "diff --files takes exactly two files, got {}",
            args.targets.len()
        ))
        .with_hint("emend diff --files old.md new.md"));
    };
    let (path_a, path_b) = (PathBuf::from(path_a), PathBuf::from(path_b));
    let a = segment(&read_document_file(&path_a)?);
    let b = segment(&read_document_file(&path_b)?);
    let label_a = SideLabel {
        label: file_label(&path_a),
        language: args.options.lang_a.clone(),
    };
    let label_b = SideLabel {
        label: file_label(&path_b),
        language: args.options.lang_b.clone(),
    };
    print_diff(ui, &args.options, &label_a, &label_b, &a, &b)
}

/// A file's name without its extension: `en-wilson.md` → `en-wilson`.
fn file_label(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Compares two documents and prints the result as the options ask.
pub fn print_diff(
    ui: &mut Ui,
    options: &DiffOptions,
    label_a: &SideLabel,
    label_b: &SideLabel,
    a: &Document,
    b: &Document,
) -> Result<Outcome, CommandError> {
    let cmp = compare(
        a,
        b,
        &options.compare_options(label_a.language.as_deref(), label_b.language.as_deref()),
    );
    match options.format {
        Format::Json => {
            let out = json::diff_json(label_a, label_b, a, b, &cmp);
            serde_json::to_writer_pretty(ui.out(), &out)?;
            writeln!(ui.out())?;
        }
        Format::Text => {
            let painter = ui.painter;
            write_diff(
                ui.out(),
                &painter,
                label_a,
                label_b,
                a,
                b,
                &cmp,
                &TextOptions {
                    context: options.context,
                    full: options.full,
                },
            )?;
        }
    }
    Ok(if options.exit_code && cmp.has_differences() {
        Outcome::Differences
    } else {
        Outcome::Success
    })
}
