//! The command line: argument definitions, terminal handling and errors.
//! Each command lives in its own file and calls into the library.

pub mod add;
pub mod approve;
pub mod blame;
pub mod compare;
pub mod completions;
pub mod diff;
pub mod export;
pub mod init;
pub mod list;
pub mod log;
pub mod man;
mod per_document;
pub mod proposals;
pub mod propose;
pub mod review;
pub mod show;
pub mod status;
mod ui;
pub mod update;
pub mod word;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};
use emend::input::InputError;
use emend::render::terminal::visible;
use emend::store::{Author, CommitTime, Store, StoreError};
use emend::text::TextError;
use emend::workflow::{WorkflowError, Workspace};

const ABOUT: &str = "Align translations and drafts of a document by numbered point and paragraph, and show what changed, word by word";

const EXAMPLES: &str = "\
Examples:
  emend diff telegram-1945-11-11 en-wilson en-corrected    what changed, point by point
  emend diff telegram-1945-11-11 en-wilson@HEAD~1 en-wilson one version at two revisions
  emend diff --files old.md new.md --format json           two files, as JSON
  emend list                                               the documents in this store
  emend add udhr de de.md --lang de --role translation --from en
  emend log telegram-1945-11-11 en-corrected --key 2¶5     who changed one paragraph, when
  emend propose telegram-1945-11-11 en-wilson fixed.md --name fix-scan
  emend review fix-scan                                    accept or reject each change
  emend compare udhr en fr ru zh ar --format html > udhr.html";

/// emend: align translations and drafts, and show what changed.
#[derive(Debug, Parser)]
#[command(name = "emend", version, about = ABOUT, after_help = EXAMPLES)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// When to colour the output: auto colours on a terminal unless NO_COLOR is set
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Never send output through a pager
    #[arg(long, global = true)]
    pub no_pager: bool,
    /// The store to use, instead of finding one above the current folder
    #[arg(long, global = true, value_name = "DIR", env = "EMEND_STORE")]
    pub store: Option<PathBuf>,
    /// Refuse any input larger than SIZE: bytes, or with K, M, G (512M, 2G) [default: 1G]
    #[arg(long, global = true, value_name = "SIZE", env = "EMEND_MAX_INPUT", value_parser = emend::input::parse_size)]
    pub max_input_size: Option<u64>,
}

/// What differences to ignore, for every command that compares.
#[derive(Debug, Clone, Args)]
pub struct IgnoreArgs {
    /// Upper and lower case are the same
    #[arg(long, short = 'i')]
    pub ignore_case: bool,
    /// Punctuation does not count as a difference
    #[arg(long)]
    pub ignore_punctuation: bool,
    /// Bracketed insertions such as [handwritten: functions] do not count
    #[arg(long)]
    pub ignore_annotations: bool,
    /// Markdown formatting does not count: **bold**, *italic*, `code` and links compared as their text
    #[arg(long)]
    pub ignore_formatting: bool,
    #[command(flatten)]
    pub pages: PageArgs,
}

/// How a paginated plain text is read, for every command that reads one.
#[derive(Debug, Clone, Args)]
pub struct PageArgs {
    /// Read page headers, footers and page numbers as text, and never join a paragraph across a page
    #[arg(long)]
    pub keep_pages: bool,
}

impl PageArgs {
    /// The library's reading options for these flags.
    pub fn reading(&self) -> emend::text::ReadOptions {
        emend::text::ReadOptions {
            keep_pages: self.keep_pages,
        }
    }
}

impl IgnoreArgs {
    /// The library's comparison options for these flags.
    pub fn comparison(&self) -> emend::text::ComparisonOptions {
        emend::text::ComparisonOptions {
            ignore_case: self.ignore_case,
            ignore_punctuation: self.ignore_punctuation,
            ignore_annotations: self.ignore_annotations,
            ignore_formatting: self.ignore_formatting,
        }
    }
}

/// Flags of every command that writes a commit.
#[derive(Debug, Args)]
pub struct WriteArgs {
    /// The commit message (after emend's own summary line)
    #[arg(short, long, value_name = "MESSAGE")]
    pub message: Option<String>,
    /// Author of the commit, "Name <email>" (default: git's user.name and user.email)
    #[arg(long, value_name = "NAME <EMAIL>")]
    pub author: Option<String>,
    /// Overwrite uncommitted edits in the files this command writes
    #[arg(long)]
    pub force: bool,
}

impl WriteArgs {
    /// The author: `--author`, or git's configured identity.
    pub fn author(&self, store: &Store) -> Result<Author, CommandError> {
        match &self.author {
            Some(a) => Ok(Author::parse(a)?),
            None => Ok(store.default_author()?),
        }
    }
}

/// Opens the store named by `--store`/`EMEND_STORE`, or the one above the current folder.
pub fn open_workspace(global: &GlobalArgs) -> Result<Workspace, CommandError> {
    let store = match &global.store {
        Some(dir) => Store::open(dir)?,
        None => {
            let cwd = std::env::current_dir()
                .map_err(|e| CommandError::new(format!("cannot read the current folder: {e}")))?;
            Store::discover(&cwd)?
        }
    };
    Ok(Workspace::new(store))
}

/// The commit time: git's GIT_COMMITTER_DATE / GIT_AUTHOR_DATE, or now.
pub fn commit_time() -> Result<Option<CommitTime>, CommandError> {
    Ok(CommitTime::from_env()?)
}

/// The `--color` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
    /// Style names instead of escape codes, for tests
    #[value(hide = true)]
    Debug,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::InitArgs),
    Add(add::AddArgs),
    Update(update::UpdateArgs),
    List(list::ListArgs),
    Show(show::ShowArgs),
    Log(log::LogArgs),
    Diff(diff::DiffArgs),
    Propose(propose::ProposeArgs),
    Proposals(proposals::ProposalsArgs),
    Review(review::ReviewArgs),
    Approve(approve::ApproveArgs),
    Export(export::ExportArgs),
    Status(status::StatusArgs),
    Blame(blame::BlameArgs),
    Compare(compare::CompareArgs),
    Completions(completions::CompletionsArgs),
    Man(man::ManArgs),
}

/// Output formats for data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: marked words, colour on a terminal
    Text,
    /// For scripts: the stable JSON described in the README
    Json,
}

/// How a command ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: differences were found and `--exit-code` was given.
    Differences,
}

/// An error for the user: what went wrong, and what to do about it. Exit 2.
#[derive(Debug)]
pub struct CommandError {
    pub message: String,
    pub hint: Option<String>,
    /// The output pipe was closed (`emend diff | head`): not an error.
    pub broken_pipe: bool,
}

impl CommandError {
    pub fn new(message: impl Into<String>) -> CommandError {
        CommandError {
            message: message.into(),
            hint: None,
            broken_pipe: false,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> CommandError {
        self.hint = Some(hint.into());
        self
    }
}

impl From<io::Error> for CommandError {
    fn from(e: io::Error) -> Self {
        let mut err = CommandError::new(format!("cannot write output: {e}"));
        err.broken_pipe = e.kind() == io::ErrorKind::BrokenPipe;
        err
    }
}

impl From<TextError> for CommandError {
    fn from(e: TextError) -> Self {
        let hint = match &e {
            TextError::Input(input) => input_hint(input),
            _ => None,
        };
        with_optional_hint(CommandError::new(e.to_string()), hint)
    }
}

/// What to do about an input that could not be read, where there is something to say.
fn input_hint(e: &InputError) -> Option<String> {
    match e {
        InputError::TooLarge { .. } => Some(
            "raise the limit with --max-input-size SIZE or EMEND_MAX_INPUT=SIZE (e.g. 4G)"
                .to_string(),
        ),
        _ => None,
    }
}

fn with_optional_hint(err: CommandError, hint: Option<String>) -> CommandError {
    match hint {
        Some(h) => err.with_hint(h),
        None => err,
    }
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        let hint = match &e {
            StoreError::Input(input) => input_hint(input),
            _ => None,
        };
        with_optional_hint(CommandError::new(e.to_string()), hint)
    }
}

impl From<WorkflowError> for CommandError {
    fn from(e: WorkflowError) -> Self {
        match e {
            WorkflowError::Store(e) => e.into(),
            WorkflowError::Text(e) => e.into(),
            e => CommandError::new(e.to_string()),
        }
    }
}

impl From<serde_json::Error> for CommandError {
    fn from(e: serde_json::Error) -> Self {
        if e.io_error_kind() == Some(io::ErrorKind::BrokenPipe) {
            return io::Error::from(io::ErrorKind::BrokenPipe).into();
        }
        CommandError::new(format!("cannot write JSON: {e}"))
    }
}

pub use ui::Ui;

/// Prints an error and its hint on stderr. Messages may quote document text,
/// commit messages or a parser's report on a hostile file, so control
/// characters are shown escaped, never sent to the terminal.
pub fn report(err: &CommandError) {
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "emend: error: {}", visible(&err.message));
    if let Some(hint) = &err.hint {
        let _ = writeln!(stderr, "hint: {}", visible(hint));
    }
}

/// Reads a file for comparison, with errors that name it.
pub fn read_document_file(path: &Path) -> Result<String, CommandError> {
    if !path.exists() {
        return Err(
            CommandError::new(format!("{}: no such file", path.display())).with_hint(
                "check the path; emend reads UTF-8 text, Markdown or Word (.docx) files",
            ),
        );
    }
    if let Some(markdown) = word::read_word(path, Default::default())? {
        return Ok(markdown);
    }
    Ok(emend::text::read_file(path)?)
}
