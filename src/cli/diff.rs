//! `emend diff`: the structured, word-level diff of two versions.

use std::path::{Path, PathBuf};

use clap::Args;
use emend::align::Mode;
use emend::diff::{CompareOptions, compare};
use emend::docx::ChangeAuthor;
use emend::render::terminal::{TextOptions, write_diff};
use emend::render::{DiffView, SideLabel, json};
use emend::store::{CommitTime, DocId, VersionRef};
use emend::text::{Document, segment_pair_with};
use emend::workflow::{Loaded, Sections, change_author, revision_author};

use super::{CommandError, GlobalArgs, IgnoreArgs, Outcome, Ui, WordArgs, open_workspace};

const EXAMPLES: &str = "\
Examples:
  emend diff telegram-1945-11-11 en-wilson en-corrected
  emend diff telegram-1945-11-11 en-corrected@HEAD~1 en-corrected
  emend diff telegram-1945-11-11 en-corrected          last commit against the work tree
  emend diff udhr en ru --format json
  emend diff --files en-wilson.md en-corrected.md
  emend diff --files en-wilson.md en-corrected.md --format json
  emend diff --files en.md ru.md --lang-a en --lang-b ru
  pandoc draft.odt -t gfm | emend diff --files en-wilson.md -
  emend diff udhr en ru --explain
  emend diff bible kjv webster --under genesis/1           one chapter of a long text
  emend diff --files old.md new.md --ignore-annotations --context 1 --exit-code
  emend diff telegram-1945-11-11 en-wilson en-corrected --format docx > changes.docx
  emend diff --files draft.docx reviewed.docx --changes accept";

/// Show what changed between two versions, point by point and word by word.
///
/// DOC A B compares two versions of a stored document; VERSION@REV names a
/// version at any git revision; DOC A alone compares A's last commit with the
/// work tree, as `git diff` does. --files A B compares two files.
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
    /// DOC A[@REV] [B[@REV]], or with --files: FILE_A FILE_B (one may be -, standard input)
    #[arg(value_name = "TARGET", required = true)]
    pub targets: Vec<String>,
    #[command(flatten)]
    pub options: DiffOptions,
    #[command(flatten)]
    pub word: WordArgs,
}

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// For people: marked words, colour on a terminal
    Text,
    /// For scripts: the stable JSON described in the README
    Json,
    /// A self-contained HTML page, side by side (write it to a file and open it in a browser)
    Html,
    /// A Word document: B's text with every change from A as a tracked change (redirect it to a file)
    Docx,
}

/// The options of every diff.
#[derive(Debug, Clone, Args)]
pub struct DiffOptions {
    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Unchanged rows to show around each change
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub context: usize,
    /// Show whole paragraphs instead of eliding long unchanged stretches
    #[arg(long)]
    pub full: bool,
    /// Exit with 1 when there are differences, 0 when there are none
    #[arg(long)]
    pub exit_code: bool,
    /// Say why each row was paired: key, content, length or lexical (names, numbers)
    #[arg(long)]
    pub explain: bool,
    /// Language of the first version (BCP 47, e.g. en)
    #[arg(long, value_name = "LANG")]
    pub lang_a: Option<String>,
    /// Language of the second version (BCP 47, e.g. ru)
    #[arg(long, value_name = "LANG")]
    pub lang_b: Option<String>,
    /// A point whose label changed (renumbered) does not count as a difference
    #[arg(long)]
    pub ignore_renumbering: bool,
    /// Only the rows at or under this key, in either version (a chapter, an article):
    /// `genesis/1` holds `genesis/1/5`; may be given more than once
    #[arg(long, value_name = "KEY")]
    pub under: Vec<String>,
    #[command(flatten)]
    pub ignore: IgnoreArgs,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &DiffArgs) -> Result<Outcome, CommandError> {
    if !args.files {
        return run_stored(ui, global, args);
    }
    let [path_a, path_b] = args.targets.as_slice() else {
        return Err(CommandError::new(format!(
            "diff --files takes exactly two files, got {}",
            args.targets.len()
        ))
        .with_hint("emend diff --files old.md new.md"));
    };
    super::stdin_once(
        "diff --files",
        &args.targets,
        "emend diff --files old.md - < new.md",
    )?;
    let (path_a, path_b) = (PathBuf::from(path_a), PathBuf::from(path_b));
    let changes = args.word.tracked();
    let (text_a, text_b) = rayon::join(
        || super::read_input(&path_a, changes),
        || super::read_input(&path_b, changes),
    );
    let label_a = SideLabel {
        label: file_label(&path_a),
        language: args.options.lang_a.clone(),
    };
    let label_b = SideLabel {
        label: file_label(&path_b),
        language: args.options.lang_b.clone(),
    };
    // Tracked changes are by git's identity, if there is one, now.
    let who = || {
        let author = emend::store::identity_for(None).unwrap_or_else(|_| emend::store::Author {
            name: "emend".to_string(),
            email: String::new(),
        });
        Ok(change_author(&author, time_or_now()?))
    };
    let texts = (text_a?, text_b?);
    print_diff(ui, &args.options, [label_a, label_b], texts, &who)
}

/// `emend diff DOC A[@REV] [B[@REV]]`.
fn run_stored(ui: &mut Ui, global: &GlobalArgs, args: &DiffArgs) -> Result<Outcome, CommandError> {
    let (doc, a, b) = match args.targets.as_slice() {
        [doc, a] => (doc, a, None),
        [doc, a, b] => (doc, a, Some(b)),
        _ => {
            return Err(
                CommandError::new("diff needs DOC A[@REV] [B[@REV]], or --files A B")
                    .with_hint("emend diff telegram-1945-11-11 en-wilson en-corrected"),
            );
        }
    };
    let ws = open_workspace(global)?;
    let doc: DocId = doc.parse()?;
    let ref_a = VersionRef::parse(a)?;
    let old = ws.load(&doc, &ref_a)?;
    let new = match b {
        Some(b) => ws.load(&doc, &VersionRef::parse(b)?)?,
        None => ws.load_worktree(&doc, &ref_a.version)?,
    };
    let labels = [
        labelled(&old, &args.options.lang_a),
        labelled(&new, &args.options.lang_b),
    ];
    // Tracked changes are by the author of B's revision, at its time.
    let commit = new.commit;
    let who = || match commit {
        Some(id) => Ok(revision_author(&ws, id)?),
        None => Ok(change_author(&ws.store.default_author()?, time_or_now()?)),
    };
    print_diff(ui, &args.options, labels, (old.text, new.text), &who)
}

/// What to call a loaded version: as it was named, in its language (or `given`).
pub fn labelled(loaded: &Loaded, given: &Option<String>) -> SideLabel {
    SideLabel {
        label: loaded.label.clone(),
        language: given.clone().or_else(|| Some(loaded.meta.language.clone())),
    }
}

/// A file's name without its extension: `en-wilson.md` → `en-wilson`; `-` is
/// `standard input`.
pub fn file_label(path: &Path) -> String {
    if super::is_dash(path) {
        return super::STDIN.to_string();
    }
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The commit time from git's variables, or now.
fn time_or_now() -> Result<CommitTime, CommandError> {
    Ok(super::commit_time()?.unwrap_or_else(CommitTime::now))
}

/// Compares two texts and prints the result as the options ask.
fn print_diff(
    ui: &mut Ui,
    options: &DiffOptions,
    [label_a, label_b]: [SideLabel; 2],
    (text_a, text_b): (String, String),
    who: &dyn Fn() -> Result<ChangeAuthor, CommandError>,
) -> Result<Outcome, CommandError> {
    let (a, b) = segment_pair_with(text_a, text_b, options.ignore.pages.reading());
    let mode = Mode::for_tags(label_a.language.as_deref(), label_b.language.as_deref());
    let compare_options = CompareOptions {
        ignore: options.ignore.options(),
        mode,
        ignore_renumbering: options.ignore_renumbering,
        ..CompareOptions::default()
    };
    let mut cmp = compare(&a, &b, &compare_options);
    let under = Sections::new(options.under.clone());
    if !under.is_whole() {
        under.require_in(None, &[&label_a.label, &label_b.label], &[&a, &b])?;
        let holds = |doc: &Document, side: &[usize]| {
            side.iter().any(|&i| under.holds(&doc.segments[i].key))
        };
        cmp.keep_rows(|r| holds(&a, &r.a) || holds(&b, &r.b));
    }
    let view = DiffView::new(&label_a, &label_b, &a, &b, &cmp);
    match options.format {
        DiffFormat::Json => {
            let out = json::diff_json(&view).explained(options.explain);
            if ui.json_pretty() {
                // For a person: indented, its control characters escaped.
                ui.write_json(&out)?;
            } else {
                json::write_diff_json(ui.out(), &out, false)?;
                writeln!(ui.out())?;
            }
        }
        DiffFormat::Html => {
            let page = emend::render::html::diff_page(&view.title(), &view);
            ui.out().write_all(page.as_bytes())?;
        }
        DiffFormat::Docx => {
            let language = label_b.language.as_deref();
            let doc = emend::docx::tracked_docx(&a, &b, &cmp, &who()?, &view.title(), language);
            ui.write_docx(&doc.bytes, doc.dropped)?;
        }
        DiffFormat::Text => {
            let painter = ui.painter;
            let text = TextOptions {
                context: options.context,
                full: options.full,
                explain: options.explain,
            };
            write_diff(ui.out(), &painter, &view, &text)?;
        }
    }
    let outcome = if options.exit_code && cmp.has_differences() {
        Outcome::Differences
    } else {
        Outcome::Success
    };
    // The process ends right after this: freeing a whole Bible's segments,
    // rows and word ops one allocation at a time would take longer than the
    // output (about a tenth of the run); the system takes the memory back at once.
    std::mem::forget(cmp);
    std::mem::forget((a, b));
    Ok(outcome)
}
