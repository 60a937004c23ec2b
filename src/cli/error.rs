//! Where errors become messages: the library's typed errors say what went wrong, and here
//! each gets what to do about it (the flag or command to use), a kind, and so an exit code.

use std::error::Error;
use std::fmt;
use std::io::{self, Write};

use emend::docx::{DocxError, ReadError};
use emend::input::InputError;
use emend::output::OutputError;
use emend::store::StoreError;
use emend::text::{TextError, visible};
use emend::workflow::{BRANCH_PREFIX, RemoveRefused, WorkflowError};

/// Exit code when the command succeeded (and, with `--exit-code`, found no differences).
pub const EXIT_OK: u8 = 0;
/// Exit code when `--exit-code` was given and differences were found.
pub const EXIT_DIFFERENCES: u8 = 1;
/// Exit code for any error: bad input, unknown names, failed writes.
pub const EXIT_ERROR: u8 = 2;

/// What sort of failure an error is, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input or the store's state: arguments, unknown names, unreadable files, a write
    /// that would lose edits. Exit 2.
    User,
    /// git or the file system failed under emend. Exit 2.
    System,
    /// The reader of the output went away (`emend diff | head`): not an error. Exit 0.
    BrokenPipe,
}

impl ErrorKind {
    /// The process exit code for an error of this kind.
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::User | ErrorKind::System => EXIT_ERROR,
            ErrorKind::BrokenPipe => EXIT_OK,
        }
    }
}

/// What to do about an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    /// Words that finish the error's own sentence: `; run `emend init` to create one`.
    Continues(String),
    /// A line of its own after the error: `hint: ...`.
    Line(String),
}

/// An error for the user, as jj keeps them: what went wrong (the library's error, whose
/// chain is kept), what sort of failure it is, and what to do about it.
#[derive(Debug)]
pub struct CommandError {
    pub kind: ErrorKind,
    source: Box<dyn Error + Send + Sync>,
    hints: Vec<Hint>,
}

/// A message of the command line's own.
#[derive(Debug)]
struct Message(String);

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Error for Message {}

/// An error about the value of one flag: `--from nope: ...`.
#[derive(Debug)]
struct AboutFlag {
    flag: String,
    source: Box<dyn Error + Send + Sync>,
}

impl fmt::Display for AboutFlag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.flag, self.source)
    }
}

impl Error for AboutFlag {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(self.source.as_ref())
    }
}

impl CommandError {
    /// An error of the command line's own: a usage the library never sees.
    pub fn new(message: impl Into<String>) -> CommandError {
        CommandError::of(ErrorKind::User, Message(message.into()))
    }

    fn of(kind: ErrorKind, source: impl Error + Send + Sync + 'static) -> CommandError {
        CommandError {
            kind,
            source: Box::new(source),
            hints: Vec::new(),
        }
    }

    /// Adds a hint on a line of its own.
    pub fn with_hint(mut self, hint: impl Into<String>) -> CommandError {
        self.hints.push(Hint::Line(hint.into()));
        self
    }

    /// Adds words that finish the error's sentence.
    fn continued(mut self, words: Option<String>) -> CommandError {
        if let Some(w) = words {
            self.hints.push(Hint::Continues(w));
        }
        self
    }

    /// Says which flag's value the error is about (`--from nope: ...`).
    fn about_flag(self, flag: String) -> CommandError {
        CommandError {
            source: Box::new(AboutFlag {
                flag,
                source: self.source,
            }),
            ..self
        }
    }

    /// The error and the words that finish it, on one line.
    pub fn message(&self) -> String {
        let mut out = self.source.to_string();
        for hint in &self.hints {
            if let Hint::Continues(words) = hint {
                out.push_str(words);
            }
        }
        out
    }

    /// The hints shown on lines of their own.
    pub fn line_hints(&self) -> impl Iterator<Item = &str> {
        self.hints.iter().filter_map(|h| match h {
            Hint::Line(s) => Some(s.as_str()),
            Hint::Continues(_) => None,
        })
    }
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl Error for CommandError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// Prints an error and its hints on stderr. Messages may quote document text,
/// commit messages or a parser's report on a hostile file, so control
/// characters are shown escaped, never sent to the terminal.
pub fn report(err: &CommandError) {
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "emend: error: {}", visible(&err.message()));
    for hint in err.line_hints() {
        let _ = writeln!(stderr, "hint: {}", visible(hint));
    }
}

impl From<io::Error> for CommandError {
    fn from(e: io::Error) -> Self {
        let kind = if e.kind() == io::ErrorKind::BrokenPipe {
            ErrorKind::BrokenPipe
        } else {
            ErrorKind::System
        };
        CommandError::of(kind, Message(format!("cannot write output: {e}")))
    }
}

impl From<serde_json::Error> for CommandError {
    fn from(e: serde_json::Error) -> Self {
        if e.io_error_kind() == Some(io::ErrorKind::BrokenPipe) {
            return io::Error::from(io::ErrorKind::BrokenPipe).into();
        }
        CommandError::of(
            ErrorKind::System,
            Message(format!("cannot write JSON: {e}")),
        )
    }
}

impl From<InputError> for CommandError {
    fn from(e: InputError) -> Self {
        let too_large = matches!(e, InputError::TooLarge { .. });
        let err = CommandError::of(ErrorKind::User, e);
        if !too_large {
            return err;
        }
        err.with_hint(
            "raise the limit with --max-input-size SIZE or EMEND_MAX_INPUT=SIZE (e.g. 4G)",
        )
    }
}

impl From<TextError> for CommandError {
    fn from(e: TextError) -> Self {
        let e = match e {
            TextError::Input(input) => return input.into(),
            e => e,
        };
        let then = match &e {
            TextError::Utf16 { name, .. } => Some(format!(
                ": convert it, e.g. `iconv -f UTF-16 -t UTF-8 {name} > out.md`"
            )),
            _ => None,
        };
        CommandError::of(ErrorKind::User, e).continued(then)
    }
}

impl From<DocxError> for CommandError {
    fn from(e: DocxError) -> Self {
        let then = match &e {
            DocxError::TrackedChanges { .. } => Some(
                ", or read it with --changes accept (the text as if all were accepted) or --changes reject"
                    .to_string(),
            ),
            _ => None,
        };
        CommandError::of(ErrorKind::User, e).continued(then)
    }
}

impl From<ReadError> for CommandError {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::Docx(e) => e.into(),
            ReadError::Text(e) => e.into(),
            e @ ReadError::Missing { .. } => CommandError::of(ErrorKind::User, e).with_hint(
                "check the path; emend reads UTF-8 text, Markdown or Word (.docx) files",
            ),
        }
    }
}

impl From<OutputError> for CommandError {
    fn from(e: OutputError) -> Self {
        CommandError::of(ErrorKind::User, e)
    }
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        let e = match e {
            StoreError::Input(input) => return input.into(),
            e => e,
        };
        let kind = match &e {
            StoreError::Git { .. } | StoreError::Io { .. } => ErrorKind::System,
            _ => ErrorKind::User,
        };
        let then = store_advice(&e);
        CommandError::of(kind, e).continued(then)
    }
}

/// A store error clap met parsing an argument (an id that breaks the naming rules), as
/// any other store error is reported: with what to do about it.
pub(super) fn refused_argument(e: &StoreError) -> CommandError {
    CommandError::new(e.to_string()).continued(store_advice(e))
}

/// What to do about a store error, as words that finish its sentence.
fn store_advice(e: &StoreError) -> Option<String> {
    use StoreError as S;
    Some(match e {
        S::NotAStore {
            unchecked_out: Some((_, branch)),
            ..
        } => format!(": check it out with `git checkout {branch}`"),
        S::NotAStore { .. } => {
            ": run `emend init` to create one, or pass `--store <folder>` (or set EMEND_STORE)".into()
        }
        S::NotAStoreAt { dir, .. } => {
            format!("; run `emend init {}` to create one there", dir.display())
        }
        S::BadConfig { .. } => {
            "; fix the file (see `emend init` for the default: root = \"translations\")".into()
        }
        S::InvalidAuthor { .. } => ", e.g. --author \"Ada Lovelace <ada@example.org>\"".into(),
        S::MissingIdentity { .. } => "; run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.org`, set GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL, or pass --author \"Name <email>\"".into(),
        S::DetachedHead { .. } => ": switch to a branch first, e.g. `git switch main`".into(),
        S::RevisionNotFound { .. } => "; run `git log --oneline` to list revisions".into(),
        // `log fr@HEAD~2`: a revision where the command reads the version as it is now.
        S::InvalidId { kind, id, .. } if kind == "version" && id.contains('@') => {
            "; this command takes a version as committed now: VERSION@REV, a version at a revision, is for `emend show`, `diff`, `compare`, `export` and `blame`".into()
        }
        S::BranchNotFound { .. } => "; list branches with `git branch`".into(),
        S::BranchMoved { branch, .. } => {
            format!("; look with `git log {branch}` and run the command again")
        }
        S::Locked { path } => format!(
            "; if no git or emend is running, remove it with `rm '{}'` and run the command again",
            path.display()
        ),
        // A version's file is committed by `emend update`; anything else (document.json,
        // a record) only by git.
        S::Dirty { path } if !path.ends_with(".md") => format!(
            "; commit them first (`git commit {path}`), or pass --force to overwrite them"
        ),
        S::Dirty { .. } => {
            "; commit them first (`emend update` or git), or pass --force to overwrite them".into()
        }
        S::OperationInProgress { operation, .. } => operation_advice(operation),
        S::Unmerged { .. } => ": edit each file and mark it resolved with `git add FILE` (or take one side with `git checkout --ours FILE` or `--theirs`), then run the command again".into(),
        S::NoSuchRemote { name, .. } => {
            format!("; add it with `git remote add {name} URL` (a path to a bare repository works)")
        }
        S::Remote {
            untrusted_host: true,
            ..
        } => {
            "; emend trusts the servers git trusts: connect once with `ssh` (or `git fetch`) to check the server's key and add it to ~/.ssh/known_hosts, or, for https, install the server's certificate authority".into()
        }
        S::Remote { auth: true, .. } => {
            "; check that git itself can reach it (`git fetch`): ssh-agent holding your key, or a credential helper (`git config credential.helper`)".into()
        }
        S::Remote { action: "push to", .. } => "; run `emend sync` again".into(),
        S::BadSource { doc, version, .. } => format!(
            "; give {version} the version it is made from with `emend set {doc} {version} --from VERSION`, or none with `emend set {doc} {version} --no-from`"
        ),
        S::BadDocument { path, .. } => format!(
            "; fix it (see the README for its fields) or restore it with `git checkout -- {path}`"
        ),
        _ => return None,
    })
}

/// How to finish or abort the git operation a write waits for.
fn operation_advice(operation: &str) -> String {
    match operation {
        "bisect" => ": end it with `git bisect reset`, then run the command again".into(),
        "merge" => ": resolve the conflicts and commit with `git commit` (or `git merge --continue`), or abort it with `git merge --abort`; then run the command again".into(),
        op => format!(
            ": resolve the conflicts and run `git {op} --continue`, or abort it with `git {op} --abort`; then run the command again"
        ),
    }
}

impl From<WorkflowError> for CommandError {
    fn from(e: WorkflowError) -> Self {
        match e {
            WorkflowError::Store(e) => e.into(),
            WorkflowError::Text(e) => e.into(),
            WorkflowError::UnknownSource {
                ref doc,
                ref from,
                ref known,
            } => {
                let flag = format!("--from {from}");
                let then = known.is_empty().then(|| {
                    format!(
                        ": add the version it is translated from first (`emend add {doc} {from} FILE --lang LANG`)"
                    )
                });
                CommandError::of(ErrorKind::User, e)
                    .about_flag(flag)
                    .continued(then)
            }
            e => {
                let then = workflow_advice(&e);
                CommandError::of(ErrorKind::User, e).continued(then)
            }
        }
    }
}

/// What to do about a workflow error, as words that finish its sentence.
fn workflow_advice(e: &WorkflowError) -> Option<String> {
    use WorkflowError as W;
    Some(match e {
        W::UnknownDocument { .. } => "; `emend list` shows the documents".into(),
        W::ProposalNotDocument { name, doc } => format!(
            ": `emend review {name} --list` shows its rows to decide, `emend proposals {doc}` the proposals for {doc}"
        ),
        W::UnknownVersion { doc, .. } => format!("; `emend list {doc}` shows its versions"),
        W::VersionExists { doc, version } => {
            format!("; use `emend update {doc} {version} FILE` to commit a new revision of it")
        }
        W::EmptyStore => "; `emend add` puts a first document in it".into(),
        W::ChangedSinceXliff { file, doc, version, .. } => format!(
            "; propose it instead (`emend propose {doc} {version} {file} --name NAME`): its review merges it with what changed since"
        ),
        W::XliffRevision { .. } => "; `emend sync` fetches the team's history, or export the XLIFF again from this store".into(),
        W::XliffAdded { doc, .. } => format!(
            "; give it to `emend propose {doc} VERSION FILE --name NAME` or `emend update {doc} VERSION FILE` for the version it was exported from"
        ),
        W::XliffMismatch { .. } => {
            "; give it to the document and version it was exported from (its <file original> and target-version note name them)".into()
        }
        W::XliffUnit { .. } => {
            "; a CAT tool keeps each unit's name as emend wrote it: was a unit renamed or added by hand? Export the XLIFF again and carry the translations over".into()
        }
        W::MisplacedField { field, of_version } => {
            let flag = if *field == "language" { "lang" } else { field };
            if *of_version {
                format!("; name it: `emend set DOC VERSION --{flag} ...`")
            } else if *field == "source" {
                // The one document field a version has a near namesake for.
                "; leave out the version: `emend set DOC --source ...`; a version's source version (the one it is translated or revised from) is set with `emend set DOC VERSION --from OTHER`".into()
            } else {
                format!("; leave out the version: `emend set DOC --{flag} ...`")
            }
        }
        W::SourceLoop { doc, version, .. } => format!(
            "; give {version} a source that is not made from it (`emend list {doc}` shows each version's), or none with --no-from"
        ),
        W::EmptyText { .. } => {
            "; check the file, or if the whole text is to go, say so with --allow-empty".into()
        }
        W::ProposalExists { name, .. } => {
            format!("; choose another --name, or review it with `emend review {name}`")
        }
        W::UnknownProposal { .. } => {
            "; `emend proposals` lists the open ones (`emend sync` fetches the team's)".into()
        }
        W::SyncConflict {
            theirs, version, ..
        } => {
            let compare = match version.as_deref().and_then(|v| v.split_once(' ')) {
                Some((doc, v)) => format!("compare with `emend diff {doc} {v} {v}@{theirs}`, "),
                None => String::new(),
            };
            format!(
                "; {compare}settle the text in one clone and sync it, or merge with git (`git merge {theirs}`), resolve and commit, then run `emend sync` again"
            )
        }
        W::PushRefused { .. } => "; someone pushed meanwhile: run `emend sync` again".into(),
        W::ProposalClosed {
            name,
            branch_left: true,
            ..
        } => format!(": delete it with `git branch -D {BRANCH_PREFIX}{name}`"),
        W::NoSuchChange { .. } => "; `emend review NAME --list` numbers them".into(),
        W::UnknownRowKey {
            proposal,
            all_listed: false,
            ..
        } => format!("; `emend review {proposal} --list` shows them all"),
        W::TwoDecisions { .. } => "; name each row in one of --accept, --reject, --edit".into(),
        W::DecidedBefore { proposal, .. } => format!(
            "; to change that text now, propose it anew (`emend propose`) or commit it with `emend update`; `emend review {proposal} --list` shows the rows still to decide"
        ),
        W::NoApproval { doc, version } => {
            format!("; approve one with `emend approve {doc} {version}`")
        }
        W::ApprovalLost { doc, version, .. } => format!(
            ": fetch and merge the branch that holds it, or approve the current text again with `emend approve {doc} {version}`"
        ),
        W::NoSource { .. } => "; name one with --source VERSION".into(),
        W::NotFromAnother { doc, version } => format!(
            "; give it the version it is translated from with `emend set {doc} {version} --from OTHER`"
        ),
        W::ProposalVersionRemoved { name, .. } => format!(
            "; its branch can go: `git branch -D {BRANCH_PREFIX}{name}`, and the team's copy with `git push origin --delete {BRANCH_PREFIX}{name}`"
        ),
        W::RemoveRefused { doc, why, .. } => match why {
            RemoveRefused::LastVersion => {
                "; a document keeps one version at least: to remove the whole document, `git rm -r` its folder and commit".into()
            }
            RemoveRefused::MadeFrom(made) => format!(
                "; give {} another source first: `emend set {doc} VERSION --from OTHER`, or --no-from",
                made.join(", ")
            ),
            RemoveRefused::Proposals(names) => format!(
                "; review {} first (`emend review {}`): once every row is accepted or rejected, a proposal is closed",
                if names.len() == 1 { "it" } else { "them" },
                names[0]
            ),
        },
        W::NotStale { doc, version, .. } => format!(
            "; `emend status {doc} {version} --show` shows each stale segment and how its source changed"
        ),
        W::BadRecord { path, .. } => format!("; restore it with `git checkout -- {path}`"),
        W::UnknownKey { doc, version, .. } => {
            format!("; `emend show {doc} {version}` lists its keys")
        }
        W::UnknownSection { doc, names, .. } => match (doc, names.as_slice()) {
            (Some(doc), [one]) => format!("; `emend show {doc} {one}` lists its keys"),
            (Some(doc), _) => format!("; `emend show {doc} VERSION` lists a version's keys"),
            (None, _) => {
                "; `emend show DOC VERSION` (or `emend show --file FILE`) lists the keys".into()
            }
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn hints_finish_the_librarys_sentence_or_stand_on_their_own_line() {
        let err = CommandError::from(StoreError::NotAStore {
            start: PathBuf::from("/tmp/x"),
            unchecked_out: None,
        });
        assert_eq!(
            err.message(),
            "no emend store found at /tmp/x or any parent folder: run `emend init` to create one, or pass `--store <folder>` (or set EMEND_STORE)"
        );
        assert_eq!(err.kind.exit_code(), EXIT_ERROR);
        let err = CommandError::from(StoreError::Dirty {
            path: "translations/d/en.md".into(),
        });
        assert!(err.message().ends_with("or pass --force to overwrite them"));
        let err = CommandError::from(InputError::TooLarge {
            name: "big.md".into(),
            limit: 10,
        });
        assert_eq!(err.line_hints().count(), 1);
        assert!(!err.message().contains("--max-input-size"));
        // The rows of a proposal, cut short: where to see them all.
        let unknown = |all_listed| {
            CommandError::from(WorkflowError::UnknownRowKey {
                key: "1/1".into(),
                proposal: "paras".into(),
                rows: "genesis/1/1 and 6703 more".into(),
                all_listed,
            })
            .message()
        };
        assert!(unknown(false).ends_with("; `emend review paras --list` shows them all"));
        assert!(unknown(true).ends_with("and 6703 more"));
    }

    #[test]
    fn the_librarys_error_stays_the_source() {
        let err = CommandError::from(WorkflowError::Store(StoreError::RevisionNotFound {
            rev: "nope".into(),
            detail: "no commit has that name".into(),
        }));
        let source = err.source().expect("a source");
        assert!(source.downcast_ref::<StoreError>().is_some(), "{source}");
        assert!(
            err.message()
                .ends_with("; run `git log --oneline` to list revisions")
        );
    }

    #[test]
    fn an_error_about_a_flag_names_it_first() {
        let err = CommandError::from(WorkflowError::UnknownSource {
            doc: "udhr".into(),
            from: "xx".into(),
            known: vec!["en".into(), "fr".into()],
        });
        assert_eq!(
            err.message(),
            "--from xx: document udhr has no version xx (there are: en, fr)"
        );
        let about = err.source().expect("a source");
        assert!(about.source().is_some_and(|e| e.is::<WorkflowError>()));
    }

    #[test]
    fn a_closed_pipe_is_not_an_error() {
        let err = CommandError::from(io::Error::from(io::ErrorKind::BrokenPipe));
        assert_eq!(err.kind, ErrorKind::BrokenPipe);
        assert_eq!(err.kind.exit_code(), EXIT_OK);
    }
}
