//! git's operations in progress: a write waits until a merge, rebase, cherry-pick or revert
//! that git left unfinished is finished or aborted.
//!
//! During such an operation the index holds conflicts or a half-applied series, and HEAD is
//! not where the operation will leave the branch: a commit made then (one parent, on top of
//! the half-done state) would leave the merge half done, or be lost by the rebase.

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
    pub fn refuse_during_operation(&self) -> Result<(), StoreError> {
        match self.operation_in_progress() {
            None => Ok(()),
            Some(op) => Err(StoreError::OperationInProgress {
                operation: op.to_string(),
                workdir: self.workdir.clone(),
            }),
        }
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
