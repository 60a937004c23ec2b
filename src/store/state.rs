//! git's operations in progress: a write waits until a merge, rebase, cherry-pick or revert
//! that git left unfinished is finished or aborted.
//!
//! During such an operation the index holds conflicts or a half-applied series, and HEAD is
//! not where the operation will leave the branch: a commit made then (one parent, on top of
//! the half-done state) would leave the merge half done, or be lost by the rebase.

use super::error::GitContext;
use super::{Store, StoreError};

/// What git is in the middle of, as `git status` names it; None when it is in no operation.
fn operation(state: git2::RepositoryState) -> Option<&'static str> {
    use git2::RepositoryState as S;
    Some(match state {
        S::Clean => return None,
        S::Merge => "merge",
        S::Revert | S::RevertSequence => "revert",
        S::CherryPick | S::CherryPickSequence => "cherry-pick",
        S::Rebase | S::RebaseInteractive | S::RebaseMerge | S::ApplyMailboxOrRebase => "rebase",
        S::ApplyMailbox => "am",
        S::Bisect => "bisect",
    })
}

impl Store {
    /// The git operation left unfinished in the store's repository (`merge`, `rebase`,
    /// `cherry-pick`, `revert`, `am`, `bisect`), if any.
    pub fn operation_in_progress(&self) -> Option<&'static str> {
        operation(self.repo.state())
    }

    /// Refuses to write while git is in the middle of an operation
    /// ([`StoreError::OperationInProgress`]); every write checks this before it changes anything.
    ///
    /// Conflicts git left in the index outside any operation (after a `git stash pop` or a
    /// `git checkout -m` that conflicted) are refused the same way ([`StoreError::Unmerged`]).
    pub fn refuse_during_operation(&self) -> Result<(), StoreError> {
        if let Some(op) = self.operation_in_progress() {
            return Err(StoreError::OperationInProgress {
                operation: op.to_string(),
                workdir: self.workdir.clone(),
            });
        }
        let index = self.repo.index().git_ctx(|| "reading the index")?;
        if !index.has_conflicts() {
            return Ok(());
        }
        let mut paths: Vec<String> = index
            .conflicts()
            .git_ctx(|| "reading the conflicts in the index")?
            .filter_map(Result::ok)
            .filter_map(|c| c.our.or(c.their).or(c.ancestor))
            .map(|e| String::from_utf8_lossy(&e.path).into_owned())
            .collect();
        paths.sort();
        paths.dedup();
        Err(StoreError::Unmerged {
            paths: paths.join(", "),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_but_clean_is_an_operation() {
        use git2::RepositoryState as S;
        assert_eq!(operation(S::Clean), None);
        assert_eq!(operation(S::Merge), Some("merge"));
        assert_eq!(operation(S::RebaseMerge), Some("rebase"));
        assert_eq!(operation(S::RebaseInteractive), Some("rebase"));
        assert_eq!(operation(S::CherryPickSequence), Some("cherry-pick"));
        assert_eq!(operation(S::RevertSequence), Some("revert"));
    }
}
