//! The store layer: an emend store is a git work tree with `emend.toml`; this module does all git plumbing.
//!
//! Nothing here prints or processes text: callers get bytes, ids and typed errors. All writes go through
//! [`Store::commit`], which makes exactly one commit: it writes the objects, brings the index and work
//! tree of the changed paths in line under git's `index.lock`, and moves the branch last, with a
//! compare-and-swap (see `commit.rs`).
//!
//! One idea a file: `open.rs` finds and creates stores, `identity.rs` says who writes, `read.rs` reads
//! files, folders and HEAD, `revision.rs` reads history, `walk.rs` a file's history through merges, `cache.rs` keeps results
//! that never change under `.git/emend-cache`; `commit.rs` writes, helped by `worktree.rs`
//! (index and files), `refs.rs` (moving a branch), `lock.rs` (git's lock files and the one policy for
//! stale ones), `tmp.rs` (emend's temporary files) and `recovery.rs` (what a killed emend left).
//!
//! Paths taken by the API are relative to the store folder (where `emend.toml` lives) with '/'
//! separators; when the store is the root of its git work tree (the usual case) that is the same as
//! repo-relative.

mod blobs;
mod cache;
mod commit;
mod config;
mod error;
mod facts;
mod find;
mod identity;
mod ids;
mod integrate;
mod layout;
mod links;
mod lock;
mod meta_merge;
mod offline;
mod open;
mod read;
mod recovery;
mod refs;
mod remote;
mod revision;
mod state;
mod time;
mod tmp;
mod walk;
mod worktree;

#[cfg(test)]
mod testutil;

use std::path::{Path, PathBuf};

pub use blobs::BlobReader;
pub use cache::Cache;
pub use commit::CommitRequest;
pub use config::{CONFIG_FILE, DEFAULT_CONFIG, DEFAULT_ROOT, StoreConfig};
pub use error::StoreError;
pub use identity::{author_from_config, configured_editor, identity_for, identity_near};
pub use ids::{
    Author, DocId, LanguageTag, ProposalName, VersionId, is_language_tag, right_to_left,
    validate_id,
};
pub use integrate::Integration;
pub use layout::{DocumentMeta, Layout, Role, VersionMeta, VersionRef};
pub use offline::start_offline;
pub use remote::{Refused, RemoteInfo, Transfer};
pub use revision::{CommitInfo, short_id};
pub use time::{CommitTime, DateFormat, DateStyle};
pub use walk::{ParentLink, PathChange};

/// An opened emend store: the git repository plus where the store sits in its work tree.
pub struct Store {
    repo: git2::Repository,
    /// Canonical path of the store folder (holds `emend.toml`).
    workdir: PathBuf,
    /// The store folder relative to the repository's work tree root ("" when they are the same).
    prefix: String,
    /// The `root` setting: folder (store-relative) holding documents.
    root: String,
    /// The cache under `.git`, opened at its first use.
    cache: std::cell::OnceCell<Cache>,
    /// What this command has read of the history.
    memo: std::cell::RefCell<facts::Memo>,
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
}
