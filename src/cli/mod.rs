//! The command line: argument definitions, terminal handling and errors. Each command
//! lives in its own file and reads as: parse (clap, into typed values), call the library,
//! render (`emend::render`). Terminal I/O happens here and nowhere else.

pub mod add;
pub mod approve;
mod args;
pub mod blame;
pub mod compare;
pub mod completions;
pub mod confirm;
pub mod diff;
mod editor;
mod error;
pub mod export;
pub mod init;
pub mod list;
pub mod log;
pub mod man;
mod per_document;
pub mod proposals;
pub mod propose;
pub mod remove;
pub mod review;
pub mod set;
pub mod show;
pub mod status;
pub mod sync;
mod ui;
pub mod update;
mod walkthrough;

use std::io;
use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use emend::docx::{ReadOptions, TrackedChanges};
use emend::store::{CommitTime, Store, StoreError};
use emend::workflow::Workspace;

pub use args::{
    ColorChoice, DateArg, Format, GlobalArgs, IgnoreArgs, PageArgs, WordArgs, WriteArgs,
};
pub use error::{CommandError, EXIT_DIFFERENCES, EXIT_OK, ErrorKind, report};
pub use ui::Ui;

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

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::InitArgs),
    Add(add::AddArgs),
    Update(update::UpdateArgs),
    Set(set::SetArgs),
    Remove(remove::RemoveArgs),
    List(list::ListArgs),
    Show(show::ShowArgs),
    Log(log::LogArgs),
    Diff(diff::DiffArgs),
    Propose(propose::ProposeArgs),
    Proposals(proposals::ProposalsArgs),
    Review(review::ReviewArgs),
    Approve(approve::ApproveArgs),
    Confirm(confirm::ConfirmArgs),
    Export(export::ExportArgs),
    Status(status::StatusArgs),
    Blame(blame::BlameArgs),
    Sync(sync::SyncArgs),
    Compare(compare::CompareArgs),
    Completions(completions::CompletionsArgs),
    Man(man::ManArgs),
}

impl Command {
    /// The command opens a store and never talks to a remote: libgit2 can start without
    /// the system's certificates (see `emend::store::start_offline`). A command that
    /// reads only files does not start libgit2 at all, and `sync` needs the certificates.
    pub fn opens_a_store_offline(&self) -> bool {
        match self {
            Command::Sync(_) | Command::Completions(_) | Command::Man(_) => false,
            Command::Diff(a) => !a.files,
            Command::Compare(a) => !a.files,
            Command::Show(a) => a.file.is_none(),
            _ => true,
        }
    }
}

/// How a command ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: differences were found and `--exit-code` was given.
    Differences,
}

/// Runs the command the arguments name, and says how it ended.
pub fn run(args: &Cli) -> ExitCode {
    if let Err(e) = change_folder(&args.global.chdir) {
        report(&e);
        return ExitCode::from(e.kind.exit_code());
    }
    if let Some(limit) = args.global.max_input_size {
        emend::input::set_max_input(limit);
    }
    let mut ui = Ui::new(&args.global);
    let global = &args.global;
    let result = match &args.command {
        Command::Init(a) => init::run(&mut ui, global, a),
        Command::Add(a) => add::run(&mut ui, global, a),
        Command::Update(a) => update::run(&mut ui, global, a),
        Command::Remove(a) => remove::run(&mut ui, global, a),
        Command::List(a) => list::run(&mut ui, global, a),
        Command::Show(a) => show::run(&mut ui, global, a),
        Command::Log(a) => log::run(&mut ui, global, a),
        Command::Diff(a) => diff::run(&mut ui, global, a),
        Command::Propose(a) => propose::run(&mut ui, global, a),
        Command::Proposals(a) => proposals::run(&mut ui, global, a),
        Command::Review(a) => review::run(&mut ui, global, a),
        Command::Approve(a) => approve::run(&mut ui, global, a),
        Command::Confirm(a) => confirm::run(&mut ui, global, a),
        Command::Set(a) => set::run(&mut ui, global, a),
        Command::Export(a) => export::run(&mut ui, global, a),
        Command::Status(a) => status::run(&mut ui, global, a),
        Command::Blame(a) => blame::run(&mut ui, global, a),
        Command::Sync(a) => sync::run(&mut ui, global, a),
        Command::Compare(a) => compare::run(&mut ui, global, a),
        Command::Completions(a) => completions::run(&mut ui, a),
        Command::Man(a) => man::run(&mut ui, a),
    };
    match result.and_then(|outcome| ui.finish().map(|_| outcome).map_err(Into::into)) {
        Ok(Outcome::Success) => ExitCode::from(EXIT_OK),
        Ok(Outcome::Differences) => ExitCode::from(EXIT_DIFFERENCES),
        Err(e) => {
            if e.kind != ErrorKind::BrokenPipe {
                report(&e);
            }
            ExitCode::from(e.kind.exit_code())
        }
    }
}

/// `-C DIR`, as git does it: each folder in turn, relative to the one before; an empty one
/// is no change.
fn change_folder(dirs: &[std::path::PathBuf]) -> Result<(), CommandError> {
    for dir in dirs.iter().filter(|d| !d.as_os_str().is_empty()) {
        std::env::set_current_dir(dir)
            .map_err(|e| CommandError::new(format!("cannot change to '{}': {e}", dir.display())))?;
    }
    Ok(())
}

/// Reports arguments clap refused. An id that breaks the naming rules is reported as
/// emend reports every error; everything else (and `--help`) as clap does.
pub fn parse_error(e: clap::Error) -> ExitCode {
    let invalid_id = (e.kind() == clap::error::ErrorKind::ValueValidation)
        .then(|| std::error::Error::source(&e))
        .flatten()
        .and_then(|s| s.downcast_ref::<StoreError>());
    match invalid_id {
        Some(store_error) => {
            report(&error::refused_argument(store_error));
            ExitCode::from(error::EXIT_ERROR)
        }
        None => e.exit(),
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

/// The author time: git's GIT_AUTHOR_DATE, or now (`None`). (The store takes the
/// committer time from GIT_COMMITTER_DATE itself.)
pub fn commit_time() -> Result<Option<CommitTime>, CommandError> {
    Ok(CommitTime::from_env("GIT_AUTHOR_DATE")?)
}

/// Reads a file given to compare or to store: a Word document as Markdown, else UTF-8 text;
/// tracked changes as `changes` says, within the input size limit.
pub fn read_input(path: &Path, changes: TrackedChanges) -> Result<String, CommandError> {
    let options = ReadOptions {
        changes,
        limit: emend::input::max_input(),
    };
    if is_dash(path) {
        // `-` is standard input, as for `cat` and `diff`: read to its end within the
        // limit, and a Word document when it starts like one.
        let bytes = emend::input::read_limited(io::stdin().lock(), 0, STDIN)?;
        return Ok(emend::docx::read_text_or_docx_bytes(
            bytes, STDIN, &options,
        )?);
    }
    Ok(emend::docx::read_text_or_docx(path, &options)?)
}

/// The new text of `version` of `doc` from a file given to `update` or `propose`: its
/// text, or, for an XLIFF file emend exported, the version's text with the file's
/// translations written in (`at_head`: for `update`, refused when the version changed
/// since the export) and the revision it is made from. Says on standard error what the
/// file changed.
pub fn read_new_text(
    ws: &Workspace,
    doc: &str,
    version: &str,
    path: &Path,
    changes: TrackedChanges,
    at_head: bool,
) -> Result<(String, Option<git2::Oid>), CommandError> {
    let text = read_input(path, changes)?;
    if !emend::workflow::is_xliff(&text) {
        return Ok((text, None));
    }
    let name = input_name(path);
    let made = emend::workflow::text_from_xliff(ws, doc, version, &text, &name)?;
    if at_head {
        made.refuse_if_changed_since(ws, doc, version, &name)?;
    }
    let units = |n: usize| if n == 1 { "unit" } else { "units" };
    eprintln!(
        "emend: {name}: XLIFF exported at {}: {} {} with a new translation, {} as {version} has {}",
        emend::store::short_id(made.base),
        made.changed,
        units(made.changed),
        made.unchanged,
        if made.unchanged == 1 { "it" } else { "them" },
    );
    note_confirmed_units(ws, doc, version, &made.confirmed, &name)?;
    Ok((made.text, Some(made.base)))
}

/// Says that a returned XLIFF file marks stale units translated with their text unchanged
/// (a CAT tool's confirmation), which `propose` and `update` do not take as one.
fn note_confirmed_units(
    ws: &Workspace,
    doc: &str,
    version: &str,
    kept: &[String],
    name: &str,
) -> Result<(), CommandError> {
    let n = emend::workflow::count_stale(ws, doc, version, kept)?;
    if n > 0 {
        eprintln!(
            "emend: note: {name} marks {n} stale unit{} translated with {version}'s text unchanged; `emend confirm {doc} {version} --from {name}` records that {} still hold{}",
            if n == 1 { "" } else { "s" },
            if n == 1 { "it" } else { "they" },
            if n == 1 { "s" } else { "" },
        );
    }
    Ok(())
}

/// How standard input is named in messages and labels.
pub const STDIN: &str = "standard input";

/// How an input file is named in messages: its path, or [`STDIN`] for `-`.
pub fn input_name(path: &Path) -> String {
    if is_dash(path) {
        STDIN.to_string()
    } else {
        path.display().to_string()
    }
}

/// True when a file argument is `-`: standard input where a file is read, standard
/// output where one is written (`-o -`). A file named `-` is `./-`.
pub fn is_dash(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Refuses `-` given more than once among the files of `command` (`diff --files`):
/// standard input can be read only once. `example` is the hint, a right command.
pub fn stdin_once(command: &str, files: &[String], example: &str) -> Result<(), CommandError> {
    if files.iter().filter(|f| is_dash(Path::new(f))).count() > 1 {
        return Err(CommandError::new(format!(
            "{command}: standard input (-) can be only one of the files"
        ))
        .with_hint(example.to_string()));
    }
    Ok(())
}

/// [`read_input`] of a file that may not hold tracked changes.
pub fn read_document_file(path: &Path) -> Result<String, CommandError> {
    read_input(path, TrackedChanges::Refuse)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    /// clap's own checks of the definitions: no two flags with one name, defaults that
    /// parse, `requires` and `conflicts_with` that name real arguments.
    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    /// Every argument of every command says what it is in `--help`: a bare `<DOC>` with
    /// nothing after it leaves a translator guessing which id is meant.
    #[test]
    fn every_argument_has_help() {
        fn check(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                let clap_own = matches!(
                    arg.get_action(),
                    clap::ArgAction::Help
                        | clap::ArgAction::HelpShort
                        | clap::ArgAction::HelpLong
                        | clap::ArgAction::Version
                );
                if arg.get_help().is_none() && !clap_own {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                check(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        check(&Cli::command(), "emend", &mut missing);
        assert!(missing.is_empty(), "arguments without help: {missing:?}");
    }
}
