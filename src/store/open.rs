//! Finding a store (walking up, as git finds `.git`), opening one named explicitly, and making one.

use std::path::{Component, Path, PathBuf};

use super::config::{self, CONFIG_FILE, DEFAULT_CONFIG, StoreConfig};
use super::error::{GitContext, io_err};
use super::{Author, CommitRequest, CommitTime, Store, StoreError};

/// Objects are read as git reads them: without hashing each one again to check its id.
///
/// libgit2 by default recomputes the SHA-1 of every object it reads; git does that only
/// in `git fsck` and when objects arrive from elsewhere (`transfer.fsckObjects`). For
/// history over a large text that was 7% of the CPU (`emend log` of a 4.3 MB Bible
/// revised 50 times, `perf record`). A damaged object is still found: its zlib
/// stream carries a checksum, and a pack's deltas name their base.
pub(super) fn read_as_git_does() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| git2::opts::strict_hash_verification(false));
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

/// In a git clone at `dir` that has checked out no branch (a clone of a remote whose HEAD
/// named no branch it had), the remote-tracking branch whose tree holds a store, if one
/// does: (remote, branch).
fn unchecked_out_store(dir: &Path) -> Option<(String, String)> {
    let repo = git2::Repository::discover(dir).ok()?;
    if repo.head().is_ok() || repo.is_bare() {
        return None;
    }
    let branches = repo.branches(Some(git2::BranchType::Remote)).ok()?;
    for (branch, _) in branches.flatten() {
        let Ok(Some(name)) = branch.name() else {
            continue;
        };
        let Some((remote, name)) = name.split_once('/') else {
            continue;
        };
        let holds_store = branch
            .get()
            .peel_to_tree()
            .is_ok_and(|tree| tree.get_name(CONFIG_FILE).is_some());
        if holds_store && name != "HEAD" {
            return Some((remote.to_string(), name.to_string()));
        }
    }
    None
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
            unchecked_out: unchecked_out_store(&abs),
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
        read_as_git_does();
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
            cache: std::cell::OnceCell::new(),
            memo: std::cell::RefCell::default(),
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
        read_as_git_does();
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
            cache: std::cell::OnceCell::new(),
            memo: std::cell::RefCell::default(),
        };
        let mut req = CommitRequest::new("init emend store", author.clone());
        req.changes.push((CONFIG_FILE.to_string(), Some(bytes)));
        req.time = time;
        store.commit(&req)?;
        Ok(store)
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
    use super::super::testutil::*;
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
        // Another size: a same-size edit in the second the index was written
        // is one git itself can only see by reading the file again (racy git).
        std::fs::write(dir.join("notes.txt"), "two, then three\n").unwrap();

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
            err.to_string().contains(&lone.display().to_string()),
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
}
