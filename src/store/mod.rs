//! The store layer: an emend store is a git work tree with `emend.toml`; this module does all git plumbing.
//!
//! Nothing here prints or processes text: callers get bytes, ids and typed errors. All writes go through
//! [`Store::commit`], which makes exactly one commit, moves the branch with a compare-and-swap and only
//! then touches the index and work tree (see `commit.rs`).
//!
//! Paths taken by the API are relative to the store folder (where `emend.toml` lives) with '/'
//! separators; when the store is the root of its git work tree (the usual case) that is the same as
//! repo-relative.

mod commit;
mod config;
mod error;
mod ids;
mod layout;
mod links;
mod lock;
mod refs;
mod revision;
mod time;
mod tmp;
mod worktree;

#[cfg(test)]
mod testutil;

use std::path::{Component, Path, PathBuf};

pub use commit::CommitRequest;
pub use config::{CONFIG_FILE, DEFAULT_CONFIG, DEFAULT_ROOT, StoreConfig};
pub use error::StoreError;
pub use ids::{Author, validate_id};
pub use layout::{DocumentMeta, Layout, Role, VersionMeta, VersionRef};
pub use revision::CommitInfo;
pub use time::CommitTime;

use error::{GitContext, io_err};

/// An opened emend store: the git repository plus where the store sits in its work tree.
pub struct Store {
    repo: git2::Repository,
    /// Canonical path of the store folder (holds `emend.toml`).
    workdir: PathBuf,
    /// The store folder relative to the repository's work tree root ("" when they are the same).
    prefix: String,
    /// The `root` setting: folder (store-relative) holding documents.
    root: String,
}

/// Why a folder could not be opened as a store (used to keep walking up in `discover`).
enum OpenFailure {
    NotAStore(String),
    Error(StoreError),
}

impl From<StoreError> for OpenFailure {
    fn from(e: StoreError) -> Self {
        OpenFailure::Error(e)
    }
}

impl std::fmt::Debug for Store {
    /// Shows where the store is (the repository handle has no useful Debug form).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("workdir", &self.workdir)
            .field("prefix", &self.prefix)
            .field("root", &self.root)
            .finish()
    }
}

impl Store {
    /// Walks up from `start` to the first folder with `emend.toml` inside a git work tree, like git finds `.git`.
    pub fn discover(start: &Path) -> Result<Store, StoreError> {
        let abs = canonical(start)?;
        for dir in abs.ancestors() {
            if !dir.join(CONFIG_FILE).is_file() {
                continue;
            }
            match Self::open_canonical(dir) {
                Ok(store) => return Ok(store),
                Err(OpenFailure::NotAStore(_)) => continue,
                Err(OpenFailure::Error(e)) => return Err(e),
            }
        }
        Err(StoreError::NotAStore {
            start: start.to_path_buf(),
        })
    }

    /// Opens exactly `dir` as a store (the `--store` / EMEND_STORE case): it needs `emend.toml` and a git work tree.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let not_a_store = |reason: String| StoreError::NotAStoreAt {
            dir: dir.to_path_buf(),
            reason,
        };
        if !dir.is_dir() {
            return Err(not_a_store("the folder does not exist".to_string()));
        }
        match Self::open_canonical(&canonical(dir)?) {
            Ok(store) => Ok(store),
            Err(OpenFailure::NotAStore(reason)) => Err(not_a_store(reason)),
            Err(OpenFailure::Error(e)) => Err(e),
        }
    }

    /// Opens a canonical folder, telling "not a store" apart from real errors.
    fn open_canonical(dir: &Path) -> Result<Store, OpenFailure> {
        if !dir.join(CONFIG_FILE).is_file() {
            return Err(OpenFailure::NotAStore(format!("it has no {CONFIG_FILE}")));
        }
        let repo = match git2::Repository::discover(dir) {
            Ok(r) => r,
            Err(e) if e.code() == git2::ErrorCode::NotFound => {
                return Err(OpenFailure::NotAStore(
                    "it is not inside a git work tree".to_string(),
                ));
            }
            Err(e) => {
                return Err(OpenFailure::Error(StoreError::Git {
                    context: format!("opening the git repository at {}", dir.display()),
                    source: e,
                }));
            }
        };
        let prefix = match work_tree_prefix(&repo, dir)? {
            Some(p) => p,
            None => {
                return Err(OpenFailure::NotAStore(
                    "it is inside a bare repository or a .git folder, not a work tree".to_string(),
                ));
            }
        };
        let config = StoreConfig::load(dir)?;
        let store = Store {
            repo,
            workdir: dir.to_path_buf(),
            prefix,
            root: config.root,
        };
        // Every command that opens the store removes what killed emends left behind.
        store.sweep_temporaries();
        Ok(store)
    }

    /// Makes `dir` a store: creates it, `git init`s it (branch "main") unless inside a repo, writes and commits `emend.toml`.
    ///
    /// An existing `emend.toml` (in a folder that is not yet a git work tree) is kept and committed as is.
    /// In an existing repository the commit lands on the current branch (unborn or not), touching
    /// nothing but `emend.toml`.
    pub fn init(
        dir: &Path,
        author: &Author,
        time: Option<CommitTime>,
    ) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(io_err("create folder", dir))?;
        let dir = canonical(dir)?;
        let config_path = dir.join(CONFIG_FILE);
        let repo = match git2::Repository::discover(&dir) {
            Ok(repo) => {
                if config_path.exists() && work_tree_prefix(&repo, &dir)?.is_some() {
                    return Err(StoreError::AlreadyAStore { dir });
                }
                repo
            }
            Err(e) if e.code() == git2::ErrorCode::NotFound => {
                let mut opts = git2::RepositoryInitOptions::new();
                opts.initial_head("main").mkpath(true).no_reinit(true);
                git2::Repository::init_opts(&dir, &opts)
                    .git_ctx(|| format!("creating a git repository in {}", dir.display()))?
            }
            Err(e) => {
                return Err(StoreError::Git {
                    context: format!("looking for a git repository around {}", dir.display()),
                    source: e,
                });
            }
        };
        let Some(prefix) = work_tree_prefix(&repo, &dir)? else {
            return Err(StoreError::NotAStoreAt {
                dir: dir.clone(),
                reason: "it is inside a bare repository or a .git folder; choose a folder in a work tree"
                    .to_string(),
            });
        };
        let bytes = match config::read_config_file(&config_path)? {
            Some(b) => b,
            None => DEFAULT_CONFIG.as_bytes().to_vec(),
        };
        let text = String::from_utf8(bytes.clone()).map_err(|_| StoreError::BadConfig {
            path: config_path.clone(),
            detail: "the file is not valid UTF-8".to_string(),
        })?;
        let config = StoreConfig::parse(&text, &config_path)?;
        let store = Store {
            repo,
            workdir: dir,
            prefix,
            root: config.root,
        };
        let mut req = CommitRequest::new("init emend store", author.clone());
        req.changes.push((CONFIG_FILE.to_string(), Some(bytes)));
        req.time = time;
        store.commit(&req)?;
        Ok(store)
    }

    /// The store folder (where `emend.toml` lives).
    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    /// The documents folder relative to the store, e.g. "translations".
    pub fn root(&self) -> &str {
        &self.root
    }

    /// The store folder relative to the repository's work tree root ("" when the store is the root).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The underlying git repository, for callers that need plumbing the store does not wrap.
    pub fn repo(&self) -> &git2::Repository {
        &self.repo
    }

    /// The repository work tree root (may be a parent of [`Store::workdir`]).
    pub(crate) fn repo_workdir(&self) -> &Path {
        self.repo.workdir().unwrap_or(&self.workdir)
    }

    /// Turns a store-relative path into a repo-relative one after validating it.
    pub fn repo_path(&self, path: &str) -> Result<String, StoreError> {
        ids::validate_rel_path(path)?;
        Ok(self.join_prefix(path))
    }

    /// Prefixes a store-relative path (or "" for the store folder itself) with the store's location.
    fn join_prefix(&self, path: &str) -> String {
        match (self.prefix.is_empty(), path.is_empty()) {
            (true, _) => path.to_string(),
            (false, true) => self.prefix.clone(),
            (false, false) => format!("{}/{}", self.prefix, path),
        }
    }

    /// user.name / user.email from git config (repo, then global/system), honouring GIT_CONFIG_GLOBAL / GIT_CONFIG_NOSYSTEM.
    pub fn default_author(&self) -> Result<Author, StoreError> {
        identity_for(Some(&self.repo))
    }

    /// Short name of the checked-out branch ("main"), also when it has no commits yet.
    pub fn current_branch(&self) -> Result<String, StoreError> {
        match self.head_ref_name()? {
            Some(name) => match name.strip_prefix("refs/heads/") {
                Some(short) => Ok(short.to_string()),
                None => Err(StoreError::DetachedHead {
                    workdir: self.workdir.clone(),
                }),
            },
            None => Err(StoreError::DetachedHead {
                workdir: self.workdir.clone(),
            }),
        }
    }

    /// The full ref name HEAD points to symbolically ("refs/heads/main"), None when detached.
    pub(crate) fn head_ref_name(&self) -> Result<Option<String>, StoreError> {
        let head = self
            .repo
            .find_reference("HEAD")
            .git_ctx(|| "reading HEAD")?;
        Ok(head
            .symbolic_target_bytes()
            .map(|t| String::from_utf8_lossy(t).into_owned()))
    }

    /// Commit HEAD points to; None when the current branch has no commits yet.
    pub fn head_commit(&self) -> Result<Option<git2::Oid>, StoreError> {
        match self.repo.head() {
            Ok(head) => {
                let commit = head
                    .peel_to_commit()
                    .git_ctx(|| "reading the HEAD commit")?;
                Ok(Some(commit.id()))
            }
            Err(e)
                if matches!(
                    e.code(),
                    git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(StoreError::Git {
                context: "reading HEAD".to_string(),
                source: e,
            }),
        }
    }

    /// Current target of a direct reference, None when it does not exist.
    pub(crate) fn ref_target(&self, refname: &str) -> Result<Option<git2::Oid>, StoreError> {
        match self.repo.find_reference(refname) {
            Ok(r) => match r.target() {
                Some(id) => Ok(Some(id)),
                None => {
                    let resolved = r.resolve().git_ctx(|| format!("resolving {refname}"))?;
                    Ok(resolved.target())
                }
            },
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(StoreError::Git {
                context: format!("reading {refname}"),
                source: e,
            }),
        }
    }

    /// Tree entry at store-relative `path` in `commit`, if it exists.
    fn entry_at(
        &self,
        commit: git2::Oid,
        path: &str,
    ) -> Result<Option<git2::TreeEntry<'static>>, StoreError> {
        let rp = self.repo_path(path)?;
        let tree = self.commit_tree(commit)?;
        match tree.get_path(Path::new(&rp)) {
            Ok(entry) => Ok(Some(entry.to_owned())),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(StoreError::Git {
                context: format!("looking up {rp}"),
                source: e,
            }),
        }
    }

    /// The root tree of `commit`.
    fn commit_tree(&self, commit: git2::Oid) -> Result<git2::Tree<'_>, StoreError> {
        let c = self
            .repo
            .find_commit(commit)
            .git_ctx(|| format!("reading commit {commit}"))?;
        c.tree()
            .git_ctx(|| format!("reading the tree of commit {commit}"))
    }

    /// Bytes of file `path` in `commit`; None if absent (or a folder).
    ///
    /// A symbolic link is an error, never read; so is a blob over the input size limit (checked
    /// from the object header before the blob is loaded).
    pub fn read_at(&self, commit: git2::Oid, path: &str) -> Result<Option<Vec<u8>>, StoreError> {
        match self.blob_id_at(commit, path)? {
            None => Ok(None),
            Some(id) => {
                let odb = self.repo.odb().git_ctx(|| "opening the object database")?;
                let (size, _) = odb
                    .read_header(id)
                    .git_ctx(|| format!("reading {path} at {commit}"))?;
                let hex = commit.to_string();
                crate::input::check_size(size as u64, &format!("{path} at {}", &hex[..7]))?;
                let blob = self
                    .repo
                    .find_blob(id)
                    .git_ctx(|| format!("reading {path} at {commit}"))?;
                Ok(Some(blob.content().to_vec()))
            }
        }
    }

    /// Bytes of file `path` in the work tree, within the input size limit; None if absent.
    ///
    /// A symbolic link anywhere on the path is an error: it is never read through.
    pub fn read_worktree(&self, path: &str) -> Result<Option<Vec<u8>>, StoreError> {
        ids::validate_rel_path(path)?;
        self.refuse_links_in_worktree(path)?;
        let full = self.workdir.join(path);
        match crate::input::read_path(&full, path) {
            Ok(b) => Ok(Some(b)),
            Err(e)
                if matches!(
                    e.io_kind(),
                    Some(std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory)
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Blob id of file `path` at `commit` (None if absent): lets callers skip unchanged revisions cheaply.
    ///
    /// An entry that is a symbolic link is an error: it is never taken for a file.
    pub fn blob_id_at(
        &self,
        commit: git2::Oid,
        path: &str,
    ) -> Result<Option<git2::Oid>, StoreError> {
        match self.entry_at(commit, path)? {
            Some(e) if links::is_link(&e) => Err(links::link_in_commit(path, commit)),
            Some(e) if e.kind() == Some(git2::ObjectType::Blob) => Ok(Some(e.id())),
            _ => Ok(None),
        }
    }

    /// True when something (a file, a folder or a link) is at `path` in `commit`.
    pub fn exists_at(&self, commit: git2::Oid, path: &str) -> Result<bool, StoreError> {
        Ok(self.entry_at(commit, path)?.is_some())
    }

    /// Sorted names directly under folder `path` ("" = the store folder) at `commit`, each with is_dir; empty if absent.
    pub fn list_at(
        &self,
        commit: git2::Oid,
        path: &str,
    ) -> Result<Vec<(String, bool)>, StoreError> {
        let rp = if path.is_empty() {
            self.join_prefix("")
        } else {
            self.repo_path(path)?
        };
        let root = self.commit_tree(commit)?;
        let tree = if rp.is_empty() {
            root
        } else {
            match root.get_path(Path::new(&rp)) {
                Ok(e) if e.kind() == Some(git2::ObjectType::Tree) => self
                    .repo
                    .find_tree(e.id())
                    .git_ctx(|| format!("reading folder {rp}"))?,
                Ok(_) => return Ok(Vec::new()),
                Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(Vec::new()),
                Err(e) => {
                    return Err(StoreError::Git {
                        context: format!("looking up {rp}"),
                        source: e,
                    });
                }
            }
        };
        let mut out: Vec<(String, bool)> = tree
            .iter()
            .map(|e| {
                let name = String::from_utf8_lossy(e.name_bytes()).into_owned();
                (name, e.kind() == Some(git2::ObjectType::Tree))
            })
            .collect();
        out.sort();
        Ok(out)
    }

    /// Files under folder `dir` that the index holds but `commit` does not
    /// (what an interrupted write staged), as store-relative paths, sorted.
    pub fn staged_only_under(
        &self,
        commit: git2::Oid,
        dir: &str,
    ) -> Result<Vec<String>, StoreError> {
        let rp = format!("{}/", self.repo_path(dir)?);
        let index = self.repo.index().git_ctx(|| "reading the index")?;
        let mut out = Vec::new();
        for entry in index.iter() {
            let path = String::from_utf8_lossy(&entry.path).into_owned();
            let Some(rest) = path.strip_prefix(&rp) else {
                continue;
            };
            let rel = format!("{dir}/{rest}");
            if self.blob_id_at(commit, &rel)?.is_none() {
                out.push(rel);
            }
        }
        out.sort();
        Ok(out)
    }

    /// True when the work-tree file or index entry of `path` differs from HEAD (or it exists only in the work tree).
    pub fn is_dirty(&self, path: &str) -> Result<bool, StoreError> {
        let rp = self.repo_path(path)?;
        self.is_dirty_at_repo_path(&rp)
    }

    /// As [`Store::is_dirty`], for a path relative to the repository's work tree.
    pub(crate) fn is_dirty_at_repo_path(&self, rp: &str) -> Result<bool, StoreError> {
        ids::validate_rel_path(rp)?;
        match self.repo.status_file(Path::new(rp)) {
            Ok(status) => Ok(!status.is_empty()),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(false),
            Err(e) => Err(StoreError::Git {
                context: format!("checking the status of {rp}"),
                source: e,
            }),
        }
    }
}

/// Reads user.name / user.email from `config`; missing or empty values give [`StoreError::MissingIdentity`].
/// The identity git would use for a commit in `repo` (or outside any repository):
/// user.name / user.email from the repository, global and system config,
/// honouring GIT_CONFIG_GLOBAL and GIT_CONFIG_NOSYSTEM, which libgit2 ignores.
pub fn identity_for(repo: Option<&git2::Repository>) -> Result<Author, StoreError> {
    let config = match std::env::var_os("GIT_CONFIG_GLOBAL") {
        Some(global) => {
            let nosystem = std::env::var("GIT_CONFIG_NOSYSTEM")
                .is_ok_and(|v| git2::Config::parse_bool(v.as_str()).unwrap_or(false));
            layered_config(repo, Some(Path::new(&global)), nosystem)?
        }
        None => match repo {
            Some(repo) => repo.config().git_ctx(|| "reading git config")?,
            None => git2::Config::open_default().git_ctx(|| "reading git config")?,
        },
    };
    author_from_config(&config)
}

/// The config git would use with GIT_CONFIG_GLOBAL set to `global`: system
/// (unless `nosystem`), that global file, then the repository's own config.
fn layered_config(
    repo: Option<&git2::Repository>,
    global: Option<&Path>,
    nosystem: bool,
) -> Result<git2::Config, StoreError> {
    let ctx = || "reading git config";
    let mut config = git2::Config::new().git_ctx(ctx)?;
    if !nosystem && let Ok(system) = git2::Config::find_system() {
        config
            .add_file(&system, git2::ConfigLevel::System, false)
            .git_ctx(ctx)?;
    }
    if let Some(global) = global.filter(|g| g.is_file()) {
        config
            .add_file(global, git2::ConfigLevel::Global, false)
            .git_ctx(ctx)?;
    }
    if let Some(repo) = repo {
        let local = repo.path().join("config");
        if local.is_file() {
            config
                .add_file(&local, git2::ConfigLevel::Local, false)
                .git_ctx(ctx)?;
        }
    }
    Ok(config)
}

pub fn author_from_config(config: &git2::Config) -> Result<Author, StoreError> {
    let get = |key: &str| {
        config
            .get_string(key)
            .ok()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    match (get("user.name"), get("user.email")) {
        (Some(name), Some(email)) => Ok(Author { name, email }),
        (name, email) => {
            let missing = match (name.is_none(), email.is_none()) {
                (true, true) => "user.name and user.email",
                (true, false) => "user.name",
                _ => "user.email",
            };
            Err(StoreError::MissingIdentity {
                missing: missing.to_string(),
            })
        }
    }
}

/// Canonical absolute form of `path` (symlinks resolved), as git uses to compare locations.
fn canonical(path: &Path) -> Result<PathBuf, StoreError> {
    std::fs::canonicalize(path).map_err(io_err("find", path))
}

/// Where canonical `dir` sits inside `repo`'s work tree ('/'-joined, "" for the root); None if outside or in `.git`.
fn work_tree_prefix(repo: &git2::Repository, dir: &Path) -> Result<Option<String>, StoreError> {
    let Some(wd) = repo.workdir() else {
        return Ok(None);
    };
    let wd = canonical(wd)?;
    let Ok(rel) = dir.strip_prefix(&wd) else {
        return Ok(None);
    };
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => {
                let s = s.to_str().ok_or_else(|| StoreError::InvalidPath {
                    path: rel.display().to_string(),
                    reason: "the store folder name is not valid UTF-8".to_string(),
                })?;
                if s.eq_ignore_ascii_case(".git") {
                    return Ok(None);
                }
                parts.push(s.to_string());
            }
            _ => return Ok(None),
        }
    }
    Ok(Some(parts.join("/")))
}

#[cfg(test)]
mod tests {
    use super::testutil::*;
    use super::*;
    use tempfile::TempDir;

    #[test]
    fn init_empty_folder_makes_repo_branch_and_one_commit() {
        let (tmp, store) = new_store();
        let dir = tmp.path().join("store");
        assert_eq!(store.workdir(), dir.canonicalize().unwrap());
        assert_eq!(store.root(), "translations");
        assert_eq!(store.prefix(), "");
        assert_eq!(store.current_branch().unwrap(), "main");
        let head = store.head_commit().unwrap().unwrap();
        let info = store.commit_info(head).unwrap();
        assert_eq!(info.summary, "init emend store");
        assert!(info.parents.is_empty());
        assert_eq!(info.author, author());
        assert_eq!(info.time, at(0));
        assert_eq!(
            store.read_at(head, CONFIG_FILE).unwrap().unwrap(),
            DEFAULT_CONFIG.as_bytes()
        );
        assert_eq!(
            std::fs::read_to_string(dir.join(CONFIG_FILE)).unwrap(),
            DEFAULT_CONFIG
        );
        assert_eq!(git(&dir, &["status", "--porcelain"]), "");
        assert_eq!(
            git(&dir, &["rev-parse", "--abbrev-ref", "HEAD"]).trim(),
            "main"
        );
        assert_fsck(&dir);
        // Opening again works, and init refuses to run twice.
        Store::open(&dir).unwrap();
        assert!(matches!(
            Store::init(&dir, &author(), None),
            Err(StoreError::AlreadyAStore { .. })
        ));
    }

    #[test]
    fn init_on_repo_with_commits_adds_config_on_top_and_keeps_user_changes() {
        let tmp = TempDir::new().unwrap();
        let dir = tmp.path();
        git(dir, &["init", "-q", "-b", "work"]);
        std::fs::write(dir.join("notes.txt"), "one\n").unwrap();
        git(dir, &["add", "notes.txt"]);
        git(dir, &["commit", "-q", "-m", "first"]);
        let first = git(dir, &["rev-parse", "HEAD"]).trim().to_string();
        std::fs::write(dir.join("staged.txt"), "s\n").unwrap();
        git(dir, &["add", "staged.txt"]);
        std::fs::write(dir.join("notes.txt"), "two\n").unwrap();

        let store = Store::init(dir, &author(), Some(at(1))).unwrap();
        assert_eq!(store.current_branch().unwrap(), "work");
        let head = store.head_commit().unwrap().unwrap();
        assert_eq!(
            store.commit_info(head).unwrap().parents,
            vec![git2::Oid::from_str(&first).unwrap()]
        );
        assert_eq!(changed_paths(dir, head), vec!["emend.toml"]);
        let status = git(dir, &["status", "--porcelain"]);
        assert!(status.contains("A  staged.txt"), "{status}");
        assert!(status.contains(" M notes.txt"), "{status}");
        assert!(!status.contains("emend.toml"), "{status}");
        assert_fsck(dir);
    }

    #[test]
    fn init_on_unborn_repo_and_existing_config() {
        let tmp = TempDir::new().unwrap();
        let dir = tmp.path();
        git(dir, &["init", "-q", "-b", "trunk"]);
        std::fs::write(dir.join(CONFIG_FILE), "root = \"docs\"\n").unwrap();
        // emend.toml present but the folder is a repo: that is already a store.
        assert!(matches!(
            Store::init(dir, &author(), None),
            Err(StoreError::AlreadyAStore { .. })
        ));
        // Opening it works even though HEAD is unborn.
        let store = Store::open(dir).unwrap();
        assert_eq!(store.head_commit().unwrap(), None);
        assert_eq!(store.current_branch().unwrap(), "trunk");
        assert_eq!(store.root(), "docs");
        std::fs::remove_file(dir.join(CONFIG_FILE)).unwrap();

        let store = Store::init(dir, &author(), Some(at(2))).unwrap();
        assert_eq!(store.current_branch().unwrap(), "trunk");
        let head = store.head_commit().unwrap().unwrap();
        assert!(store.commit_info(head).unwrap().parents.is_empty());
        assert_eq!(git(dir, &["status", "--porcelain"]), "");

        // A plain folder that already has emend.toml keeps it.
        let tmp2 = TempDir::new().unwrap();
        let other = tmp2.path().join("plain");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join(CONFIG_FILE), "root = \"texts\"\n").unwrap();
        let s2 = Store::init(&other, &author(), Some(at(3))).unwrap();
        assert_eq!(s2.root(), "texts");
        assert_eq!(
            s2.read_at(s2.head_commit().unwrap().unwrap(), CONFIG_FILE)
                .unwrap()
                .unwrap(),
            b"root = \"texts\"\n"
        );
    }

    #[test]
    fn store_in_subfolder_maps_paths() {
        let tmp = TempDir::new().unwrap();
        let repo_dir = tmp.path();
        git(repo_dir, &["init", "-q", "-b", "main"]);
        let sub = repo_dir.join("books/novel");
        let store = Store::init(&sub, &author(), Some(at(1))).unwrap();
        assert_eq!(store.prefix(), "books/novel");
        let head = store.head_commit().unwrap().unwrap();
        assert_eq!(
            changed_paths(repo_dir, head),
            vec!["books/novel/emend.toml"]
        );
        let c = write(&store, &[("translations/d/en.md", "hi")], "add", 2);
        assert_eq!(
            changed_paths(repo_dir, c),
            vec!["books/novel/translations/d/en.md"]
        );
        assert_eq!(
            store.read_at(c, "translations/d/en.md").unwrap().unwrap(),
            b"hi"
        );
        assert_eq!(
            store
                .read_worktree("translations/d/en.md")
                .unwrap()
                .unwrap(),
            b"hi"
        );
        assert_eq!(
            store.list_at(c, "").unwrap(),
            vec![("emend.toml".into(), false), ("translations".into(), true)]
        );
        assert_eq!(git(repo_dir, &["status", "--porcelain"]), "");
        let found = Store::discover(&sub.join("translations/d")).unwrap();
        assert_eq!(found.prefix(), "books/novel");
    }

    #[test]
    fn discover_and_open_rules() {
        let (tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        let deep = dir.join("translations/doc/x");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(Store::discover(&deep).unwrap().workdir(), dir);
        // open() wants exactly the store folder.
        assert!(matches!(
            Store::open(&deep),
            Err(StoreError::NotAStoreAt { .. })
        ));
        // An emend.toml outside any repo is skipped by discover, and rejected by open.
        let lone = tmp.path().join("lone");
        std::fs::create_dir(&lone).unwrap();
        std::fs::write(lone.join(CONFIG_FILE), "").unwrap();
        let err = Store::discover(&lone).unwrap_err();
        assert!(matches!(err, StoreError::NotAStore { .. }));
        assert!(
            err.to_string().contains("emend init") && err.to_string().contains("--store"),
            "{err}"
        );
        assert!(matches!(
            Store::open(&lone),
            Err(StoreError::NotAStoreAt { .. })
        ));
        // A nested emend.toml inside a store's work tree is found first.
        std::fs::write(deep.join(CONFIG_FILE), "root = \"t\"\n").unwrap();
        assert_eq!(Store::discover(&deep).unwrap().root(), "t");
        // Malformed config is an error naming the file.
        std::fs::write(deep.join(CONFIG_FILE), "root = [").unwrap();
        let err = Store::discover(&deep).unwrap_err();
        assert!(matches!(err, StoreError::BadConfig { .. }), "{err}");
        assert!(err.to_string().contains("emend.toml"), "{err}");
    }

    #[test]
    fn default_author_from_repo_config_and_missing_identity() {
        let (_tmp, store) = new_store();
        {
            let mut cfg = store
                .repo()
                .config()
                .unwrap()
                .open_level(git2::ConfigLevel::Local)
                .unwrap();
            cfg.set_str("user.name", "Repo Person").unwrap();
            cfg.set_str("user.email", "repo@example.org").unwrap();
        }
        let a = store.default_author().unwrap();
        assert_eq!(
            a,
            Author {
                name: "Repo Person".into(),
                email: "repo@example.org".into()
            }
        );
        // Same through the GIT_CONFIG_GLOBAL path, with an empty global.
        assert_eq!(
            author_from_config(
                &layered_config(Some(store.repo()), Some(Path::new("/dev/null")), true).unwrap()
            )
            .unwrap(),
            a
        );

        let (tmp2, bare_identity) = new_store();
        let cfg = layered_config(
            Some(bare_identity.repo()),
            Some(Path::new("/dev/null")),
            true,
        )
        .unwrap();
        let err = author_from_config(&cfg).unwrap_err();
        assert!(matches!(err, StoreError::MissingIdentity { .. }));
        assert!(
            err.to_string().contains("git config") && err.to_string().contains("--author"),
            "{err}"
        );
        let global = tmp2.path().join("gitconfig");
        std::fs::write(
            &global,
            "[user]\n\tname = Global Person\n\temail = g@example.org\n",
        )
        .unwrap();
        let cfg = layered_config(Some(bare_identity.repo()), Some(&global), true).unwrap();
        assert_eq!(author_from_config(&cfg).unwrap().name, "Global Person");
        std::fs::write(&global, "[user]\n\tname = Only Name\n").unwrap();
        let cfg = layered_config(Some(bare_identity.repo()), Some(&global), true).unwrap();
        assert!(
            author_from_config(&cfg)
                .unwrap_err()
                .to_string()
                .contains("user.email")
        );
    }

    #[test]
    fn detached_head_is_an_error() {
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        git(&dir, &["checkout", "-q", "--detach"]);
        assert!(matches!(
            store.current_branch(),
            Err(StoreError::DetachedHead { .. })
        ));
        assert!(store.head_commit().unwrap().is_some());
        let req = CommitRequest::new("x", author());
        assert!(matches!(
            store.commit(&req),
            Err(StoreError::DetachedHead { .. })
        ));
    }

    #[test]
    fn read_list_and_blob_ids() {
        let (_tmp, store) = new_store();
        let c1 = write(
            &store,
            &[
                ("translations/doc/en.md", "hello\n"),
                ("translations/doc/fr.md", "salut\n"),
            ],
            "add",
            1,
        );
        assert_eq!(
            store
                .read_at(c1, "translations/doc/en.md")
                .unwrap()
                .unwrap(),
            b"hello\n"
        );
        assert_eq!(store.read_at(c1, "translations/doc/de.md").unwrap(), None);
        assert_eq!(
            store.read_at(c1, "translations/doc").unwrap(),
            None,
            "folders are not files"
        );
        assert_eq!(store.read_at(c1, "nope/x/y").unwrap(), None);
        assert_eq!(
            store
                .read_worktree("translations/doc/fr.md")
                .unwrap()
                .unwrap(),
            b"salut\n"
        );
        assert_eq!(store.read_worktree("translations/doc/de.md").unwrap(), None);
        assert_eq!(store.read_worktree("emend.toml/x").unwrap(), None);
        assert!(matches!(
            store.read_at(c1, "../x"),
            Err(StoreError::InvalidPath { .. })
        ));
        let b1 = store
            .blob_id_at(c1, "translations/doc/en.md")
            .unwrap()
            .unwrap();
        assert_eq!(
            b1,
            git2::Oid::hash_object(git2::ObjectType::Blob, b"hello\n").unwrap()
        );
        let c2 = write(&store, &[("translations/doc/fr.md", "bonjour\n")], "fr", 2);
        assert_eq!(
            store.blob_id_at(c2, "translations/doc/en.md").unwrap(),
            Some(b1)
        );
        assert_eq!(
            store.blob_id_at(c2, "translations/doc/de.md").unwrap(),
            None
        );
        assert_eq!(
            store.list_at(c2, "translations/doc").unwrap(),
            vec![("en.md".to_string(), false), ("fr.md".to_string(), false)]
        );
        assert_eq!(
            store.list_at(c2, "translations").unwrap(),
            vec![("doc".to_string(), true)]
        );
        assert_eq!(
            store.list_at(c2, "").unwrap(),
            vec![("emend.toml".into(), false), ("translations".into(), true)]
        );
        assert!(
            store
                .list_at(c2, "translations/missing")
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn is_dirty_tracks_worktree_index_and_untracked() {
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        write(
            &store,
            &[
                ("translations/d/a.md", "a\n"),
                ("translations/d/b.md", "b\n"),
            ],
            "add",
            1,
        );
        assert!(!store.is_dirty("translations/d/a.md").unwrap());
        assert!(!store.is_dirty("translations/d/absent.md").unwrap());
        std::fs::write(dir.join("translations/d/a.md"), "changed\n").unwrap();
        assert!(store.is_dirty("translations/d/a.md").unwrap());
        std::fs::write(dir.join("translations/d/b.md"), "staged\n").unwrap();
        git(&dir, &["add", "translations/d/b.md"]);
        assert!(store.is_dirty("translations/d/b.md").unwrap());
        std::fs::write(dir.join("translations/d/c.md"), "new\n").unwrap();
        assert!(store.is_dirty("translations/d/c.md").unwrap());
        // Back to HEAD's content: clean again (content, not just stat, decides).
        std::fs::write(dir.join("translations/d/a.md"), "a\n").unwrap();
        assert!(!store.is_dirty("translations/d/a.md").unwrap());
    }
}
