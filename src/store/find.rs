//! Finding a revision again by its content, for records that name a commit a rebase or a
//! cherry-pick may have replaced with another holding the same text.

use super::error::GitContext;
use super::{Store, StoreError};

impl Store {
    /// True when the repository holds commit `id` (a clone may not: a commit rewritten by a
    /// rebase elsewhere never reaches it).
    pub fn has_commit(&self, id: git2::Oid) -> bool {
        self.repo.find_commit(id).is_ok()
    }

    /// True when commit `id` is `head` or one of its ancestors, along any parent.
    pub fn is_ancestor(&self, id: git2::Oid, head: git2::Oid) -> Result<bool, StoreError> {
        if id == head {
            return Ok(true);
        }
        self.repo
            .graph_descendant_of(head, id)
            .git_ctx(|| format!("checking whether {head} descends from {id}"))
    }

    /// The newest commit in the history of `head` (see [`Store::history`]) that changed the
    /// file at `path` to blob `blob`, if any.
    pub fn commit_with_blob(
        &self,
        path: &str,
        blob: git2::Oid,
        head: git2::Oid,
    ) -> Result<Option<git2::Oid>, StoreError> {
        for c in self.history(path, head)? {
            if self.blob_id_at(c.id, path)? == Some(blob) {
                return Ok(Some(c.id));
            }
        }
        Ok(None)
    }
}
