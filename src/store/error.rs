//! Errors of the store layer: each says what failed, and on which file, name or revision.
//!
//! What to do about one (the command or flag to use) is the command line's to say (`cli/error.rs`).

use std::path::PathBuf;

/// Everything that can go wrong in the store layer; messages state the facts, for users to read.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No folder with `emend.toml` inside a git work tree was found.
    #[error(
        "no emend store found at {} or any parent folder{}",
        start.display(),
        unchecked_out.as_ref().map(|(remote, branch)| format!(
            "; this git clone has checked out no branch, and {remote}/{branch} holds a store"
        )).unwrap_or_default()
    )]
    NotAStore {
        start: PathBuf,
        /// In a clone that checked out nothing (its remote's HEAD named no branch it had):
        /// the remote and the branch there that holds a store.
        unchecked_out: Option<(String, String)>,
    },

    /// The folder given explicitly is not a store.
    #[error("{} is not an emend store: {reason}", dir.display())]
    NotAStoreAt { dir: PathBuf, reason: String },

    /// `init` was asked for a folder that already is a store.
    #[error("{} is already an emend store (it has emend.toml inside a git work tree); nothing to do", dir.display())]
    AlreadyAStore { dir: PathBuf },

    /// `emend.toml` could not be parsed or holds an invalid value.
    #[error("invalid store configuration in {}: {detail}", path.display())]
    BadConfig { path: PathBuf, detail: String },

    /// A document/version/proposal id does not follow the naming rules.
    #[error(
        "invalid {kind} id {id:?}: use 1 to 64 characters from a-z, 0-9, '.', '_' and '-', starting with a letter or digit, without \"..\" and not ending in \".\" or \".lock\"{}",
        would_do(like)
    )]
    InvalidId {
        kind: String,
        id: String,
        /// A valid id close to it (`fr-ca` for `fr-CA`), if there is one.
        like: Option<String>,
    },

    /// A language that is not a BCP 47 tag.
    #[error(
        "invalid language tag {tag:?}: use a BCP 47 tag, parts of 1 to 8 letters or digits joined by '-' and starting with letters (en, fr-CA, zh-Hans, sr-Latn-RS){}",
        would_do(like)
    )]
    InvalidLanguage {
        tag: String,
        /// A valid tag close to it (`fr-CA` for `fr_CA`), if there is one.
        like: Option<String>,
    },

    /// An id whose name (before any extension) Windows reserves for a device.
    #[error(
        "invalid {kind} id {id:?}: {} is a reserved device name on Windows (as are CON, PRN, AUX, NUL, COM0-COM9 and LPT0-LPT9, with or without an extension), so a store holding it could not be checked out there; choose another name",
        stem.to_uppercase()
    )]
    ReservedId {
        kind: String,
        id: String,
        stem: String,
    },

    /// A symbolic link on a path emend would read or write.
    #[error(
        "{path} is a symbolic link{at}; emend reads and writes only regular files and folders inside the store, never through a link: replace the link with the file or folder itself"
    )]
    Symlink {
        path: String,
        /// ` in the work tree`, or ` in commit abc1234`.
        at: String,
    },

    /// A file or blob emend reads is over the input size limit, or could not be read.
    #[error(transparent)]
    Input(#[from] crate::input::InputError),

    /// A path handed to the store is not a clean relative path.
    #[error("invalid path {path:?} in the store: {reason}")]
    InvalidPath { path: String, reason: String },

    /// An author string is not of the form `Name <email>`.
    #[error("invalid author {input:?}: write it as \"Name <email>\"")]
    InvalidAuthor { input: String },

    /// Neither git's environment nor its config names the author.
    #[error("no author identity: git has no {missing}")]
    MissingIdentity { missing: String },

    /// GIT_COMMITTER_DATE / GIT_AUTHOR_DATE is set but unparsable.
    #[error(
        "invalid date {value:?} in {var}: {reason}; use \"<unix-seconds> +hhmm\", \"@<unix-seconds> +hhmm\", RFC 2822 like \"Thu, 07 Apr 2005 22:13:13 +0200\" or ISO 8601 like \"2005-04-07T22:13:13+02:00\", or unset {var}"
    )]
    InvalidDate {
        var: String,
        value: String,
        reason: String,
    },

    /// HEAD points at a commit instead of a branch.
    #[error(
        "HEAD is detached (not on a branch) in {}",
        workdir.display()
    )]
    DetachedHead { workdir: PathBuf },

    /// A revision spec did not resolve to a commit.
    #[error("revision {rev:?} not found ({detail})")]
    RevisionNotFound { rev: String, detail: String },

    /// A branch that must exist does not.
    #[error("branch {branch:?} does not exist")]
    BranchNotFound { branch: String },

    /// A commit to a branch that does not exist, without a commit to start it from.
    #[error("branch {branch:?} does not exist; give a base commit to start it from")]
    NoBase { branch: String },

    /// The branch kept moving under us: other writers won every retry.
    #[error(
        "another emend or git wrote to {branch} at the same time; run the command again (gave up after {attempts} attempts)"
    )]
    Conflict { branch: String, attempts: u32 },

    /// A git lock file of unknown owner (git's own, say) stayed in place through every retry.
    #[error(
        "{} exists, and no running emend holds it: a git command may be writing there",
        path.display()
    )]
    Locked { path: PathBuf },

    /// A git lock file held by another emend that is still running.
    #[error(
        "{} is held by another emend (process {pid}) that is still writing; wait for it to finish and run the command again",
        path.display()
    )]
    Busy { path: PathBuf, pid: String },

    /// A file the write would overwrite has edits that are not committed.
    #[error("{path} has uncommitted changes that this command would overwrite")]
    Dirty { path: String },

    /// A `document.json` that cannot be read.
    #[error("{path}: not a valid document.json: {detail}")]
    BadDocument { path: String, detail: String },

    /// A `document.json` whose version names as its source (`from`) no other version,
    /// or one made, through the sources of others, from itself.
    #[error("{path}: not a valid document.json: version {version}: {detail}")]
    BadSource {
        path: String,
        doc: String,
        version: String,
        detail: String,
    },

    /// The caller's compare-and-swap precondition on the branch tip failed.
    #[error(
        "{branch} changed since it was read (expected {expected}, found {actual}); someone else wrote to it: re-run the command to work on the new state"
    )]
    UnexpectedHead {
        branch: String,
        expected: String,
        actual: String,
    },

    /// A branch to delete moved since it was read (a compare-and-swap that failed).
    #[error(
        "cannot delete branch {branch:?}: it now points at {actual}, not {expected}: someone changed it meanwhile"
    )]
    BranchMoved {
        branch: String,
        expected: String,
        actual: String,
    },

    /// Deleting a branch was refused.
    #[error("cannot delete branch {branch:?}: {reason}")]
    BranchNotDeleted { branch: String, reason: String },

    /// git is in the middle of an operation (a merge with conflicts, say) that it left unfinished.
    #[error(
        "a git {operation} is in progress in {}; emend writes nothing until it is finished or aborted",
        workdir.display()
    )]
    OperationInProgress { operation: String, workdir: PathBuf },

    /// The index holds conflicts git left unresolved, outside any operation.
    #[error(
        "git left unresolved conflicts in {paths}; emend writes nothing until they are resolved"
    )]
    Unmerged { paths: String },

    /// A remote name that is not configured.
    #[error("no remote named {name:?} in this repository{}", if known.is_empty() { String::new() } else { format!(" (its remotes: {known})") })]
    NoSuchRemote { name: String, known: String },

    /// Fetching from or pushing to a remote failed.
    #[error("could not {action} remote {remote} ({url}): {detail}")]
    Remote {
        action: &'static str,
        remote: String,
        url: String,
        detail: String,
        /// The remote refused the credentials.
        auth: bool,
        /// The server could not be verified: an ssh host key missing from or different in
        /// `known_hosts`, or an https certificate not trusted.
        untrusted_host: bool,
    },

    /// libgit2 reported an error.
    #[error("git error while {context}: {source}")]
    Git {
        context: String,
        #[source]
        source: git2::Error,
    },

    /// A file-system operation failed.
    #[error("could not {op} {}: {source}", path.display())]
    Io {
        op: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Attaches a human context to a git2 error (`.git_ctx(|| format!("reading {rev}"))`).
pub(crate) trait GitContext<T> {
    /// Wraps the error as [`StoreError::Git`] with `context` (what we were doing).
    fn git_ctx<C: Into<String>>(self, context: impl FnOnce() -> C) -> Result<T, StoreError>;
}

impl<T> GitContext<T> for Result<T, git2::Error> {
    fn git_ctx<C: Into<String>>(self, context: impl FnOnce() -> C) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Git {
            context: context().into(),
            source,
        })
    }
}

/// Builds a [`StoreError::Io`] closure for `map_err`.
pub(crate) fn io_err(
    op: &'static str,
    path: impl Into<PathBuf>,
) -> impl FnOnce(std::io::Error) -> StoreError {
    let path = path.into();
    move |source| StoreError::Io { op, path, source }
}

/// `; "x" would do` for a close valid name, or nothing.
fn would_do(like: &Option<String>) -> String {
    like.as_ref()
        .map(|l| format!("; {l:?} would do"))
        .unwrap_or_default()
}
