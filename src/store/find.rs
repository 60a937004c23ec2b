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

    /// The commits on the first-parent chain ending at `from`, each with its
    /// position counted from the oldest (0). Orders changes without trusting
    /// the clocks of the machines that made them.
    pub fn first_parent_positions(
        &self,
        from: git2::Oid,
    ) -> Result<HashMap<git2::Oid, usize>, StoreError> {
        let mut chain = Vec::new();
        let mut id = Some(from);
        while let Some(c) = id {
            chain.push(c);
            let commit = self
                .repo
                .find_commit(c)
                .git_ctx(|| format!("reading commit {c}"))?;
            id = commit.parent_ids().next();
        }
        let n = chain.len();
        Ok(chain
            .into_iter()
            .enumerate()
            .map(|(k, c)| (c, n - 1 - k))
            .collect())
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
    /// [`Store::path_history`], which knows each change's blob), by blob id: the newest
    /// commit that changed the file to it.
    pub fn commits_by_blob(
        &self,
        path: &str,
        head: git2::Oid,
    ) -> Result<HashMap<git2::Oid, git2::Oid>, StoreError> {
        let mut out = HashMap::new();
        for c in self.path_history(path, head)? {
            if let Some(blob) = c.blob {
                out.entry(blob).or_insert(c.info.id);
            }
        }
        Ok(out)
    }
}
