//! No symbolic links on a store path: emend reads and writes only regular files and folders inside the store.
//!
//! A link committed as `translations/doc/pw.md -> /etc/passwd`, or a `translations/` folder replaced
//! by a link to somewhere else, would otherwise make emend read or write outside the store (and a
//! later push publish what it read). In the work tree every part of a path is checked with
//! `lstat`; in git, an entry of mode 120000 (a link) is never read as a file nor written through.

use std::path::Path;

use super::error::io_err;
use super::{Store, StoreError};

/// The git file mode of a symbolic link.
const LINK_MODE: i32 = 0o120000;

impl Store {
    /// Refuses store-relative `path` when any part of it in the work tree is a symbolic link.
    pub(crate) fn refuse_links_in_worktree(&self, path: &str) -> Result<(), StoreError> {
        let mut full = self.workdir.clone();
        let mut so_far = String::new();
        for part in path.split('/') {
            full.push(part);
            if !so_far.is_empty() {
                so_far.push('/');
            }
            so_far.push_str(part);
            match std::fs::symlink_metadata(&full) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    return Err(StoreError::Symlink {
                        path: so_far,
                        at: " in the work tree".to_string(),
                    });
                }
                Ok(_) => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                    ) =>
                {
                    return Ok(());
                }
                Err(e) => return Err(io_err("look at", full)(e)),
            }
        }
        Ok(())
    }

    /// Refuses repo-relative `path` when an entry on it in `tree` (of commit `commit`) is a symbolic link.
    pub(crate) fn refuse_links_in_tree(
        tree: &git2::Tree<'_>,
        path: &str,
        commit: git2::Oid,
    ) -> Result<(), StoreError> {
        let mut end = 0;
        while end < path.len() {
            end = path[end..].find('/').map_or(path.len(), |i| end + i);
            let prefix = &path[..end];
            match tree.get_path(Path::new(prefix)) {
                Ok(entry) if entry.filemode() == LINK_MODE => {
                    return Err(link_in_commit(prefix, commit));
                }
                Ok(_) => {}
                Err(_) => return Ok(()),
            }
            end += 1;
        }
        Ok(())
    }
}

/// True when a tree entry is a symbolic link.
pub(crate) fn is_link(entry: &git2::TreeEntry<'_>) -> bool {
    entry.filemode() == LINK_MODE
}

/// The blob a version's file at `path` in `commit` is, given the tree entry
/// there: none for nothing or a folder; a link is an error, never taken for
/// the file.
pub(crate) fn file_blob(
    entry: Option<&git2::TreeEntry<'_>>,
    path: &str,
    commit: git2::Oid,
) -> Result<Option<git2::Oid>, StoreError> {
    match entry {
        Some(e) if is_link(e) => Err(link_in_commit(path, commit)),
        Some(e) if e.kind() == Some(git2::ObjectType::Blob) => Ok(Some(e.id())),
        _ => Ok(None),
    }
}

/// The error for a link at `path` in `commit`.
pub(crate) fn link_in_commit(path: &str, commit: git2::Oid) -> StoreError {
    StoreError::Symlink {
        path: path.to_string(),
        at: format!(" in commit {}", super::short_id(commit)),
    }
}
