//! The flags several commands share, each defined once and pulled in with `#[command(flatten)]`.

use std::path::PathBuf;

use clap::builder::{OsStringValueParser, TypedValueParser};
use clap::{Args, ValueEnum};
use emend::docx::TrackedChanges;
use emend::store::{Author, DateFormat, DateStyle, Store};
use emend::text::IgnoreOptions;

use super::CommandError;

/// Flags every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Run as if emend was started in DIR, as `git -C`: before the command; several compose, each relative to the one before
    #[arg(short = 'C', value_name = "DIR", value_parser = OsStringValueParser::new().map(PathBuf::from))]
    pub chdir: Vec<PathBuf>,
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

/// Output formats for data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: marked words, colour on a terminal
    Text,
    /// For scripts: the stable JSON described in the README
    Json,
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
    /// The differences these flags ignore, for the library.
    pub fn options(&self) -> IgnoreOptions {
        IgnoreOptions {
            ignore_case: self.ignore_case,
            ignore_punctuation: self.ignore_punctuation,
            ignore_annotations: self.ignore_annotations,
            ignore_formatting: self.ignore_formatting,
        }
    }
}

/// `--author`, of every command that writes a commit.
#[derive(Debug, Args)]
pub struct AuthorArg {
    /// Author of the commit, "Name <email>" (default: git's user.name and user.email)
    #[arg(long, value_name = "NAME <EMAIL>")]
    pub author: Option<String>,
}

impl AuthorArg {
    /// The author: `--author`, or git's configured identity.
    pub fn author(&self, store: &Store) -> Result<Author, CommandError> {
        match &self.author {
            Some(a) => Ok(Author::parse(a)?),
            None => Ok(store.default_author()?),
        }
    }
}

/// Flags of every command that writes a commit on the current branch.
#[derive(Debug, Args)]
pub struct WriteArgs {
    /// The commit message (after emend's own summary line)
    #[arg(short, long, value_name = "MESSAGE", allow_hyphen_values = true)]
    pub message: Option<String>,
    #[command(flatten)]
    pub author: AuthorArg,
    /// Overwrite uncommitted edits in the files this command writes
    #[arg(long)]
    pub force: bool,
}

impl WriteArgs {
    /// The author: `--author`, or git's configured identity.
    pub fn author(&self, store: &Store) -> Result<Author, CommandError> {
        self.author.author(store)
    }
}

/// `--changes`: what to do with tracked changes in a Word document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChangesChoice {
    /// Read the text as if every tracked change were accepted
    Accept,
    /// Read the text as if every tracked change were rejected
    Reject,
}

/// The flag of every command that reads a file that may be a Word document.
#[derive(Debug, Clone, Default, Args)]
pub struct WordArgs {
    /// For a Word document (.docx) that holds tracked changes: read it with all of them accepted, or all rejected (without this, such a document is refused)
    #[arg(long, value_enum, value_name = "accept|reject")]
    pub changes: Option<ChangesChoice>,
}

impl WordArgs {
    /// What the Word reader does with tracked changes.
    pub fn tracked(&self) -> TrackedChanges {
        match self.changes {
            None => TrackedChanges::Refuse,
            Some(ChangesChoice::Accept) => TrackedChanges::Accept,
            Some(ChangesChoice::Reject) => TrackedChanges::Reject,
        }
    }
}

/// `--date`: how `log` and `blame` show times.
#[derive(Debug, Clone, Args)]
pub struct DateArg {
    /// Show times as `git log --date` does, in the offset each writer recorded (default: to the minute; JSON always has ISO 8601)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub date: Option<DateChoice>,
}

/// git's `--date` formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DateChoice {
    /// Thu Apr 7 22:13:13 2005 +0200
    Default,
    /// 2005-04-07 22:13:13 +0200
    #[value(alias = "iso8601")]
    Iso,
    /// 2005-04-07T22:13:13+02:00
    #[value(alias = "iso8601-strict")]
    IsoStrict,
    /// Thu, 7 Apr 2005 22:13:13 +0200
    #[value(alias = "rfc2822")]
    Rfc,
    /// 2005-04-07
    Short,
    /// 3 days ago
    Relative,
    /// 1112911993 +0200
    Raw,
    /// 1112911993
    Unix,
}

impl DateArg {
    /// The format chosen, if any; `relative` counts from now (or from GIT_TEST_DATE_NOW,
    /// seconds since 1970, as git does, so that tests can fix the clock).
    pub fn format(&self) -> Option<DateFormat> {
        let style = match self.date? {
            DateChoice::Default => DateStyle::Default,
            DateChoice::Iso => DateStyle::Iso,
            DateChoice::IsoStrict => DateStyle::IsoStrict,
            DateChoice::Rfc => DateStyle::Rfc,
            DateChoice::Short => DateStyle::Short,
            DateChoice::Relative => DateStyle::Relative,
            DateChoice::Raw => DateStyle::Raw,
            DateChoice::Unix => DateStyle::Unix,
        };
        let now = std::env::var("GIT_TEST_DATE_NOW")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| emend::store::CommitTime::now().seconds);
        Some(DateFormat { style, now })
    }
}
