//! Finding a revision again by its content, for records that name a commit a rebase or a
//! cherry-pick may have replaced with another holding the same text.

use std::collections::{HashMap, HashSet};

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

    /// Every commit reachable from `head`, along any parent.
    pub fn reachable_from(&self, head: git2::Oid) -> Result<HashSet<git2::Oid>, StoreError> {
        let mut walk = self.repo.revwalk().git_ctx(|| "walking the history")?;
        walk.push(head)
            .git_ctx(|| format!("walking the history of {head}"))?;
        walk.map(|id| id.git_ctx(|| format!("walking the history of {head}")))
            .collect()
    }

    /// For each text the file at `path` had in the history of `head` (see
    /// [`Store::history`]), by blob id: the newest commit that changed the file to it.
    pub fn commits_by_blob(
        &self,
        path: &str,
        head: git2::Oid,
    ) -> Result<HashMap<git2::Oid, git2::Oid>, StoreError> {
        let mut out = HashMap::new();
        for c in self.history(path, head)? {
            if let Some(blob) = self.blob_id_at(c.id, path)? {
                out.entry(blob).or_insert(c.id);
            }
        }
        Ok(out)
    }
}
