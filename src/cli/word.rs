//! Word documents on the command line: reading a .docx wherever a file is
//! taken, `--changes`, and writing a .docx to a file or a pipe.

use std::path::Path;

use clap::{Args, ValueEnum};
use emend::docx::{ChangeAuthor, ReadOptions, TrackedChanges};
use emend::store::{Author, CommitTime};

use super::{CommandError, Ui};

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
    fn tracked(&self) -> TrackedChanges {
        match self.changes {
            None => TrackedChanges::Refuse,
            Some(ChangesChoice::Accept) => TrackedChanges::Accept,
            Some(ChangesChoice::Reject) => TrackedChanges::Reject,
        }
    }
}

/// The Markdown of `path` if it is a Word document (by its content: a zip or
/// OLE file, or by its name, `.docx`), `None` if it is to be read as text.
pub fn read_word(path: &Path, changes: TrackedChanges) -> Result<Option<String>, CommandError> {
    if !emend::docx::is_word_file(path) {
        return Ok(None);
    }
    let options = ReadOptions {
        changes,
        // The limit set with --max-input-size / EMEND_MAX_INPUT, as for every input.
        limit: emend::input::max_input(),
    };
    Ok(Some(emend::docx::read_docx_file(path, &options)?))
}

/// Reads `path` as a Word document or as text, as [`super::read_document_file`] does, with `--changes`.
pub fn read_input(path: &Path, word: &WordArgs) -> Result<String, CommandError> {
    match read_word(path, word.tracked())? {
        Some(md) => Ok(md),
        None => super::read_document_file(path),
    }
}

/// Who made the changes of a tracked-changes document: an author and a time, as Word wants them.
pub fn change_author(author: &Author, time: CommitTime) -> ChangeAuthor {
    let utc = CommitTime {
        seconds: time.seconds,
        offset_minutes: 0,
    };
    let iso = utc.iso8601();
    ChangeAuthor {
        name: author.name.clone(),
        date: iso
            .strip_suffix("+00:00")
            .map_or(iso.clone(), |d| format!("{d}Z")),
    }
}

/// Writes a .docx to standard output, refusing a terminal (it is binary).
pub fn write_docx_stdout(ui: &mut Ui, bytes: &[u8], dropped: usize) -> Result<(), CommandError> {
    if ui.is_terminal() {
        return Err(CommandError::new(
            "a Word document is binary and is not written to a terminal",
        )
        .with_hint("redirect it to a file: `... --format docx > changes.docx`"));
    }
    warn_dropped(dropped);
    ui.out().write_all(bytes)?;
    Ok(())
}

/// Warns that characters XML forbids were left out.
pub fn warn_dropped(dropped: usize) {
    if dropped > 0 {
        eprintln!(
            "emend: warning: {dropped} character{} that XML 1.0 forbids (control characters) left out of the Word document",
            if dropped == 1 { "" } else { "s" }
        );
    }
}
