//! Bringing another clone's work into the checked-out branch: a fast-forward, or a merge commit,
//! never a rebase (emend's records name commits, so commits are never rewritten).
//!
//! [`Store::plan_integration`] works everything out in memory, conflicts included, and writes
//! nothing but objects; [`Store::advance_checked_out`] then moves the branch as every emend write
//! does (`commit.rs`): the files that differ are prepared first, the index and work tree of those
//! paths are brought along under git's `index.lock`, and the branch moves last by compare-and-swap.
//! A merge that would conflict is refused before anything is written, so nothing is half done.

use std::path::Path;
use std::time::{Duration, Instant};

use super::error::GitContext;
use super::{Author, CommitTime, Store, StoreError};

/// How long moving the branch waits for a busy lock.
const LOCK_TIMEOUT: Duration = Duration::from_secs(5);

/// What integrating another tip into ours comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Integration {
    /// Ours has everything theirs has.
    UpToDate,
    /// Theirs has everything ours has, and more: the branch moves to theirs.
    FastForward { to: git2::Oid },
    /// Both moved: a merge commit with this tree, whose parents are ours then theirs.
    Merge { tree: git2::Oid },
    /// Both moved, and these paths (repository-relative) changed on both sides in ways that
    /// do not merge.
    Conflict { paths: Vec<String> },
}

impl Store {
    /// What integrating `theirs` into `ours` would do. Writes no ref, no file.
    pub fn plan_integration(
        &self,
        ours: git2::Oid,
        theirs: git2::Oid,
    ) -> Result<Integration, StoreError> {
        if self.contains(ours, theirs)? {
            return Ok(Integration::UpToDate);
        }
        if self.contains(theirs, ours)? {
            return Ok(Integration::FastForward { to: theirs });
        }
        let find = |id: git2::Oid| {
            self.repo
                .find_commit(id)
                .git_ctx(|| format!("reading commit {id}"))
        };
        let mut options = git2::MergeOptions::new();
        options.find_renames(false).fail_on_conflict(false);
        let mut index = self
            .repo
            .merge_commits(&find(ours)?, &find(theirs)?, Some(&options))
            .git_ctx(|| format!("merging {theirs} into {ours}"))?;
        if index.has_conflicts() {
            let mut paths = Vec::new();
            let mut merged = Vec::new();
            for c in index.conflicts().git_ctx(|| "listing merge conflicts")? {
                let c = c.git_ctx(|| "listing merge conflicts")?;
                if let Some(entry) = self.merge_document_json(&c)? {
                    merged.push(entry);
                } else if let Some(entry) = c.our.or(c.their).or(c.ancestor) {
                    let path = String::from_utf8_lossy(&entry.path).into_owned();
                    if !paths.contains(&path) {
                        paths.push(path);
                    }
                }
            }
            if !paths.is_empty() {
                paths.sort();
                return Ok(Integration::Conflict { paths });
            }
            for entry in merged {
                let path = String::from_utf8_lossy(&entry.path).into_owned();
                let ctx = || format!("taking the merged {path}");
                index.conflict_remove(Path::new(&path)).git_ctx(ctx)?;
                index.add(&entry).git_ctx(ctx)?;
            }
        }
        let tree = index
            .write_tree_to(&self.repo)
            .git_ctx(|| "writing the merged tree")?;
        Ok(Integration::Merge { tree })
    }

    /// A `document.json` both sides changed, merged by its fields
    /// ([`super::meta_merge::merge_document`]): the index entry of the result, written as a
    /// blob; `None` for another file, or when the fields conflict.
    fn merge_document_json(
        &self,
        c: &git2::IndexConflict,
    ) -> Result<Option<git2::IndexEntry>, StoreError> {
        let (Some(ours), Some(theirs)) = (&c.our, &c.their) else {
            return Ok(None);
        };
        let path = String::from_utf8_lossy(&ours.path).into_owned();
        if path.rsplit('/').next() != Some("document.json") {
            return Ok(None);
        }
        let blob = |id: git2::Oid| -> Result<Vec<u8>, StoreError> {
            let blob = self
                .repo
                .find_blob(id)
                .git_ctx(|| format!("reading {path}"))?;
            Ok(blob.content().to_vec())
        };
        let base = c.ancestor.as_ref().map(|a| blob(a.id)).transpose()?;
        let Some(bytes) = super::meta_merge::merge_document(
            base.as_deref(),
            &blob(ours.id)?,
            &blob(theirs.id)?,
            &self.store_relative(&path),
        ) else {
            return Ok(None);
        };
        let id = self
            .repo
            .blob(&bytes)
            .git_ctx(|| format!("writing the merged {path}"))?;
        Ok(Some(git2::IndexEntry {
            ctime: ours.ctime,
            mtime: ours.mtime,
            dev: ours.dev,
            ino: ours.ino,
            mode: ours.mode,
            uid: ours.uid,
            gid: ours.gid,
            file_size: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
            id,
            // Stage 0 (merged), and the path's length as the index keeps it.
            flags: u16::try_from(ours.path.len().min(0xfff)).unwrap_or(0xfff),
            flags_extended: 0,
            path: ours.path.clone(),
        }))
    }

    /// Writes the merge commit of `ours` and `theirs` with `tree` (from [`Integration::Merge`]).
    /// Moves no ref.
    pub fn write_merge_commit(
        &self,
        ours: git2::Oid,
        theirs: git2::Oid,
        tree: git2::Oid,
        message: &str,
        author: &Author,
        time: Option<CommitTime>,
    ) -> Result<git2::Oid, StoreError> {
        let sig = super::commit::signature(author, time)?;
        let tree = self
            .repo
            .find_tree(tree)
            .git_ctx(|| "reading the merged tree")?;
        let parents = [
            self.repo.find_commit(ours).git_ctx(|| "reading our tip")?,
            self.repo
                .find_commit(theirs)
                .git_ctx(|| "reading their tip")?,
        ];
        let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        self.repo
            .commit(None, &sig, &sig, message, &tree, &refs)
            .git_ctx(|| "writing the merge commit")
    }

    /// Moves the checked-out branch from `ours` to `target`, bringing the index entries and
    /// work-tree files of every path that differs between them along. Refuses, before writing
    /// anything, when one of those paths has uncommitted edits ([`StoreError::Dirty`]) or the
    /// branch is no longer at `ours` ([`StoreError::UnexpectedHead`]).
    pub fn advance_checked_out(
        &self,
        ours: git2::Oid,
        target: git2::Oid,
        reflog: &str,
        author: &Author,
    ) -> Result<(), StoreError> {
        let branch = self.current_branch()?;
        let refname = format!("refs/heads/{branch}");
        let changes = self.changed_paths(ours, target)?;
        let sig = super::commit::signature(author, None)?;
        let mut prepared = self.prepare_files(&changes)?;
        let lock = self.repo.path().join("index.lock");
        let owner = format!("emend pid {}\n", std::process::id());
        let index_lock = self.take_lock(&lock, owner.as_bytes(), LOCK_TIMEOUT)?;
        let current = self.ref_target(&refname)?;
        if current != Some(ours) {
            return Err(StoreError::UnexpectedHead {
                branch,
                expected: ours.to_string(),
                actual: current.map_or_else(|| "nothing".to_string(), |c| c.to_string()),
            });
        }
        for (path, _) in &changes {
            if self.is_dirty_at_repo_path(path)? {
                return Err(StoreError::Dirty {
                    path: self.store_relative(path),
                });
            }
        }
        let note = self.note_pending(&changes);
        self.sync_worktree(&index_lock, &refname, target, &changes, &mut prepared)?;
        let deadline = Instant::now() + LOCK_TIMEOUT;
        let swapped = self.swap_ref(&refname, Some(ours), target, reflog, &sig, deadline);
        self.clear_pending(note);
        match swapped {
            Ok(true) => Ok(()),
            failed => {
                // Put the paths back as the branch has them.
                if let Some(tip) = self.ref_target(&refname)? {
                    self.sync_worktree(&index_lock, &refname, tip, &changes, &mut Vec::new())?;
                }
                failed?;
                Err(StoreError::UnexpectedHead {
                    branch,
                    expected: ours.to_string(),
                    actual: "another commit".to_string(),
                })
            }
        }
    }

    /// The repository paths whose blob differs between two commits, with the blob in `to`.
    fn changed_paths(
        &self,
        from: git2::Oid,
        to: git2::Oid,
    ) -> Result<Vec<(String, Option<git2::Oid>)>, StoreError> {
        let (a, b) = (self.commit_tree(from)?, self.commit_tree(to)?);
        let diff = self
            .repo
            .diff_tree_to_tree(Some(&a), Some(&b), None)
            .git_ctx(|| format!("comparing {from} with {to}"))?;
        let mut out = Vec::new();
        for delta in diff.deltas() {
            if let Some(path) = delta
                .old_file()
                .path()
                .filter(|_| delta.status() == git2::Delta::Deleted)
            {
                out.push((path_string(path), None));
            } else if let Some(path) = delta.new_file().path() {
                if delta.new_file().mode() == git2::FileMode::Link {
                    return Err(super::links::link_in_commit(&path_string(path), to));
                }
                out.push((path_string(path), Some(delta.new_file().id())));
            }
        }
        Ok(out)
    }

    /// A repository-relative path as the store names it (without the store's folder).
    fn store_relative(&self, path: &str) -> String {
        match self.prefix().is_empty() {
            true => path.to_string(),
            false => path
                .strip_prefix(&format!("{}/", self.prefix()))
                .unwrap_or(path)
                .to_string(),
        }
    }
}

fn path_string(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    /// A commit on branch `other` (made at `base` when missing) changing `changes`.
    fn on_other(
        store: &Store,
        base: git2::Oid,
        changes: &[(&str, Option<&str>)],
        n: i64,
    ) -> git2::Oid {
        let mut r = req(changes, "other", n);
        r.branch = Some("other".to_string());
        r.base = Some(base);
        store.commit(&r).unwrap()
    }

    #[test]
    fn up_to_date_fast_forward_merge_and_conflict() {
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        let a = "translations/d/a.md";
        let b = "translations/d/b.md";
        let base = write(
            &store,
            &[(a, "one\n\ntwo\n\nthree\n"), (b, "b\n")],
            "base",
            1,
        );
        let theirs = on_other(&store, base, &[(a, Some("ONE\n\ntwo\n\nthree\n"))], 2);
        assert_eq!(
            store.plan_integration(theirs, base).unwrap(),
            Integration::UpToDate
        );
        assert_eq!(
            store.plan_integration(base, theirs).unwrap(),
            Integration::FastForward { to: theirs }
        );
        // Both moved, on other lines, and the other side deleted b and added c: a merge.
        let theirs = on_other(
            &store,
            base,
            &[(b, None), ("translations/d/c.md", Some("c\n"))],
            3,
        );
        let ours = store
            .commit(&req(&[(a, Some("one\n\ntwo\n\nTHREE\n"))], "ours", 4))
            .unwrap();
        let Integration::Merge { tree } = store.plan_integration(ours, theirs).unwrap() else {
            panic!("not a merge");
        };
        let merge = store
            .write_merge_commit(ours, theirs, tree, "merge\n", &author(), Some(at(5)))
            .unwrap();
        store
            .advance_checked_out(ours, merge, "merge", &author())
            .unwrap();
        assert_eq!(store.head_commit().unwrap(), Some(merge));
        assert_eq!(
            std::fs::read_to_string(dir.join(a)).unwrap(),
            "ONE\n\ntwo\n\nTHREE\n"
        );
        assert!(!dir.join(b).exists());
        assert_eq!(
            std::fs::read_to_string(dir.join("translations/d/c.md")).unwrap(),
            "c\n"
        );
        assert_eq!(git(&dir, &["status", "--porcelain"]), "");
        assert_eq!(
            git(&dir, &["rev-list", "--parents", "-1", "HEAD"])
                .split_whitespace()
                .count(),
            3
        );
        // The same line changed on both sides: a conflict, and nothing written.
        let theirs = on_other(&store, merge, &[(a, Some("ONE\n\ntwo\n\nthree!\n"))], 6);
        let ours = store
            .commit(&req(&[(a, Some("ONE\n\ntwo\n\nthree?\n"))], "ours", 7))
            .unwrap();
        assert_eq!(
            store.plan_integration(ours, theirs).unwrap(),
            Integration::Conflict {
                paths: vec![a.to_string()]
            }
        );
        assert_eq!(store.head_commit().unwrap(), Some(ours));
        assert_eq!(git(&dir, &["status", "--porcelain"]), "");
        // A branch that moved under it is not moved.
        let err = store
            .advance_checked_out(merge, theirs, "x", &author())
            .unwrap_err();
        assert!(matches!(err, StoreError::UnexpectedHead { .. }), "{err}");
        assert_eq!(store.head_commit().unwrap(), Some(ours));
        assert_fsck(&dir);
    }
}
