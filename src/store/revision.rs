//! Reading history: revision specs, commit metadata, the order of commits, branches and merge bases.

use super::error::GitContext;
use super::facts::Facts;
use super::{Author, CommitTime, Store, StoreError};

/// What callers need to show or reason about one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    pub id: git2::Oid,
    /// First 7 hex digits of `id`.
    pub short_id: String,
    pub author: Author,
    /// Author time.
    pub time: CommitTime,
    /// First line of the message.
    pub summary: String,
    /// Full message.
    pub message: String,
    pub parents: Vec<git2::Oid>,
}

/// The first 7 hex digits of a commit id, as git shortens it.
pub fn short_id(id: git2::Oid) -> String {
    let hex = id.to_string();
    hex[..7.min(hex.len())].to_string()
}

impl CommitInfo {
    /// Extracts the metadata of a loaded commit (lossy UTF-8 for names and messages).
    pub(super) fn from_commit(c: &git2::Commit<'_>) -> CommitInfo {
        let sig = c.author();
        let id = c.id();
        CommitInfo {
            id,
            short_id: short_id(id),
            author: Author {
                name: String::from_utf8_lossy(sig.name_bytes()).into_owned(),
                email: String::from_utf8_lossy(sig.email_bytes()).into_owned(),
            },
            time: CommitTime::from_git(sig.when()),
            summary: String::from_utf8_lossy(c.summary_bytes().unwrap_or_default()).into_owned(),
            message: String::from_utf8_lossy(c.message_bytes()).into_owned(),
            parents: c.parent_ids().collect(),
        }
    }
}

impl Store {
    /// Resolves any git revision spec (HEAD~2, short id, tag, branch) to the commit it peels to.
    pub fn resolve(&self, rev: &str) -> Result<git2::Oid, StoreError> {
        let not_found = |detail: &str| StoreError::RevisionNotFound {
            rev: rev.to_string(),
            detail: detail.to_string(),
        };
        let object = match self.repo.revparse_single(rev) {
            Ok(o) => o,
            Err(e) => {
                return Err(match e.code() {
                    git2::ErrorCode::Ambiguous => {
                        not_found("the short id is ambiguous: give more digits")
                    }
                    git2::ErrorCode::UnbornBranch => not_found("the branch has no commits yet"),
                    _ if matches!(
                        e.class(),
                        git2::ErrorClass::Os | git2::ErrorClass::Odb | git2::ErrorClass::Zlib
                    ) =>
                    {
                        StoreError::Git {
                            context: format!("resolving revision {rev:?}"),
                            source: e,
                        }
                    }
                    _ => not_found("no commit, branch or tag has that name"),
                });
            }
        };
        match object.peel_to_commit() {
            Ok(c) => Ok(c.id()),
            Err(_) => Err(not_found("it does not name a commit")),
        }
    }

    /// Each commit reachable from `from`, numbered in a topological order from
    /// the oldest (0): a commit's number is above those of all its ancestors;
    /// and whether any of them is a merge. Orders changes without trusting the
    /// clocks of the machines that made them.
    pub fn topological_positions(
        &self,
        from: git2::Oid,
    ) -> Result<(std::collections::HashMap<git2::Oid, usize>, bool), StoreError> {
        // A line without merges, as most histories are: its commits (from
        // the cache) numbered down the line, as the walk below numbers them.
        let facts = Facts::new(self);
        let mut line = vec![from];
        let linear = loop {
            let commit = facts.commit(*line.last().expect("never empty"))?;
            match commit.parents.as_slice() {
                [] => break true,
                &[parent] => line.push(parent),
                _ => break false,
            }
        };
        facts.save();
        if linear {
            let n = line.len();
            let positions = line.into_iter().enumerate().map(|(k, id)| (id, n - 1 - k));
            return Ok((positions.collect(), false));
        }
        let ctx = || format!("walking the history of {from}");
        let mut walk = self.repo.revwalk().git_ctx(ctx)?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)
            .git_ctx(ctx)?;
        walk.push(from).git_ctx(ctx)?;
        let mut out = std::collections::HashMap::new();
        let mut merges = false;
        for (k, id) in walk.enumerate() {
            let id = id.git_ctx(ctx)?;
            if !merges {
                let c = self
                    .repo
                    .find_commit(id)
                    .git_ctx(|| format!("reading commit {id}"))?;
                merges = c.parent_count() > 1;
            }
            out.insert(id, k);
        }
        Ok((out, merges))
    }

    /// True when commit `ancestor` is `commit` or one of its ancestors.
    pub fn is_ancestor(&self, ancestor: git2::Oid, commit: git2::Oid) -> Result<bool, StoreError> {
        if ancestor == commit {
            return Ok(true);
        }
        self.repo
            .graph_descendant_of(commit, ancestor)
            .git_ctx(|| format!("asking whether {ancestor} is an ancestor of {commit}"))
    }

    /// Metadata of commit `id`.
    pub fn commit_info(&self, id: git2::Oid) -> Result<CommitInfo, StoreError> {
        let c = self
            .repo
            .find_commit(id)
            .git_ctx(|| format!("reading commit {id}"))?;
        let mut info = CommitInfo::from_commit(&c);
        self.apply_mailmap(std::iter::once(&mut info.author));
        Ok(info)
    }

    /// Local branches whose short name starts with `prefix` (e.g. "proposals/"), sorted, with their tips.
    pub fn branches(&self, prefix: &str) -> Result<Vec<(String, git2::Oid)>, StoreError> {
        let ctx = || "listing branches";
        let mut out = Vec::new();
        for item in self
            .repo
            .branches(Some(git2::BranchType::Local))
            .git_ctx(ctx)?
        {
            let (branch, _) = item.git_ctx(ctx)?;
            let Some(name) = branch.name().git_ctx(ctx)? else {
                continue;
            };
            if !name.starts_with(prefix) {
                continue;
            }
            let name = name.to_string();
            if let Some(tip) = self.ref_target(&format!("refs/heads/{name}"))? {
                out.push((name, tip));
            }
        }
        out.sort();
        Ok(out)
    }

    /// Deletes local branch `name` only if it still points at `expected` (compare-and-swap) and is not checked out.
    pub fn delete_branch(&self, name: &str, expected: git2::Oid) -> Result<(), StoreError> {
        self.refuse_during_operation()?;
        let refname = format!("refs/heads/{name}");
        let refused = |reason: String| StoreError::BranchNotDeleted {
            branch: name.to_string(),
            reason,
        };
        let moved = |actual: &str| StoreError::BranchMoved {
            branch: name.to_string(),
            expected: expected.to_string(),
            actual: actual.to_string(),
        };
        let reference = match self.repo.find_reference(&refname) {
            Ok(r) => r,
            Err(e)
                if e.code() == git2::ErrorCode::NotFound
                    || e.code() == git2::ErrorCode::InvalidSpec =>
            {
                return Err(StoreError::BranchNotFound {
                    branch: name.to_string(),
                });
            }
            Err(e) => {
                return Err(StoreError::Git {
                    context: format!("reading {refname}"),
                    source: e,
                });
            }
        };
        match reference.target() {
            Some(id) if id == expected => {}
            Some(id) => return Err(moved(&id.to_string())),
            None => return Err(refused("it is a symbolic reference".to_string())),
        }
        if self.head_ref_name()?.as_deref() == Some(refname.as_str()) {
            return Err(refused(
                "it is the checked-out branch; switch to another branch first".to_string(),
            ));
        }
        // A compare-and-swap under the ref's lock, taken as every emend lock is (see lock.rs).
        match self.delete_ref(&refname, expected)? {
            Ok(()) => Ok(()),
            Err(actual) => Err(moved(
                &actual.map_or("nothing".to_string(), |id| id.to_string()),
            )),
        }
    }

    /// The merge commits reachable from `to` and not from `from`, with their parents.
    pub fn merges_between(
        &self,
        from: git2::Oid,
        to: git2::Oid,
    ) -> Result<Vec<(git2::Oid, Vec<git2::Oid>)>, StoreError> {
        let ctx = || format!("walking the commits from {from} to {to}");
        let mut walk = self.repo.revwalk().git_ctx(ctx)?;
        walk.push(to).git_ctx(ctx)?;
        walk.hide(from).git_ctx(ctx)?;
        let mut out = Vec::new();
        for id in walk {
            let id = id.git_ctx(ctx)?;
            let commit = self.repo.find_commit(id).git_ctx(ctx)?;
            if commit.parent_count() > 1 {
                out.push((id, commit.parent_ids().collect()));
            }
        }
        Ok(out)
    }

    /// Best common ancestor of `a` and `b`, None when they share no history.
    pub fn merge_base(&self, a: git2::Oid, b: git2::Oid) -> Result<Option<git2::Oid>, StoreError> {
        match self.repo.merge_base(a, b) {
            Ok(id) => Ok(Some(id)),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(StoreError::Git {
                context: format!("finding the merge base of {a} and {b}"),
                source: e,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::super::CommitRequest;
    use super::super::testutil::*;
    use super::*;

    #[test]
    fn resolve_revision_specs() {
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        let c0 = store.head_commit().unwrap().unwrap();
        let c1 = write(&store, &[("translations/d/a.md", "1")], "one", 1);
        let c2 = write(&store, &[("translations/d/a.md", "2")], "two", 2);
        assert_eq!(store.resolve("HEAD").unwrap(), c2);
        assert_eq!(store.resolve("HEAD~2").unwrap(), c0);
        assert_eq!(store.resolve("main^").unwrap(), c1);
        assert_eq!(store.resolve(&c1.to_string()[..10]).unwrap(), c1);
        git(&dir, &["tag", "-a", "-m", "release", "v1", &c1.to_string()]);
        assert_eq!(
            store.resolve("v1").unwrap(),
            c1,
            "annotated tags peel to their commit"
        );
        for bad in ["nope", "HEAD~9", "HEAD:emend.toml", "deadbeef00"] {
            let err = store.resolve(bad).unwrap_err();
            assert!(
                matches!(err, StoreError::RevisionNotFound { .. }),
                "{bad}: {err}"
            );
            assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
        }
    }

    #[test]
    fn history_follows_path_changes_and_skips_a_merge_that_kept_one_side() {
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        let p = "translations/d/a.md";
        let add = write(&store, &[(p, "1")], "add a", 1);
        write(&store, &[("translations/d/other.md", "x")], "other", 2);
        let change = write(&store, &[(p, "2")], "change a", 3);
        write(
            &store,
            &[(p, "2"), ("translations/d/other.md", "y")],
            "same a",
            4,
        );
        let mut del = CommitRequest::new("delete a", author());
        del.changes = vec![(p.to_string(), None)];
        del.time = Some(at(5));
        let deleted = store.commit(&del).unwrap();
        let readd = write(&store, &[(p, "3")], "re-add a", 6);
        // A merge that kept the first parent's file (-s ours): the second line is not followed.
        let mut side = CommitRequest::new("side", author());
        side.branch = Some("side".into());
        side.base = Some(add);
        side.changes = vec![(p.to_string(), Some(b"side".to_vec()))];
        let side_commit = store.commit(&side).unwrap();
        git(
            &dir,
            &[
                "merge",
                "-q",
                "--no-ff",
                "-s",
                "ours",
                "-m",
                "merge side",
                "side",
            ],
        );
        let tip = store.head_commit().unwrap().unwrap();

        let ids: Vec<git2::Oid> = store
            .history(p, tip)
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(ids, vec![readd, deleted, change, add]);
        assert!(!ids.contains(&side_commit));
        assert_eq!(
            store
                .history(p, side_commit)
                .unwrap()
                .iter()
                .map(|c| c.id)
                .collect::<Vec<_>>(),
            vec![side_commit, add]
        );
        assert!(
            store
                .history("translations/none.md", tip)
                .unwrap()
                .is_empty()
        );
        let root = store.history("emend.toml", tip).unwrap();
        assert_eq!(root.len(), 1);
        assert_eq!(root[0].summary, "init emend store");
    }

    #[test]
    fn history_of_two_thousand_commits() {
        let (_tmp, store) = new_store();
        let p = "translations/d/a.md";
        let mut ids = Vec::new();
        for i in 0..2000i64 {
            let mut r = CommitRequest::new(format!("v{i}"), author());
            r.changes = vec![(p.to_string(), Some(format!("version {i}\n").into_bytes()))];
            r.time = Some(at(i));
            r.update_worktree = false;
            ids.push(store.commit(&r).unwrap());
        }
        let tip = *ids.last().unwrap();
        let start = Instant::now();
        let history = store.history(p, tip).unwrap();
        eprintln!("history of 2,000 commits took {:?}", start.elapsed());
        assert_eq!(history.len(), 2000);
        ids.reverse();
        assert_eq!(history.iter().map(|c| c.id).collect::<Vec<_>>(), ids);
        assert_eq!(history[0].summary, "v1999");
        assert_eq!(history[1999].time, at(0));
    }

    #[test]
    fn commit_info_fields() {
        let (_tmp, store) = new_store();
        let parent = store.head_commit().unwrap().unwrap();
        let c = write(
            &store,
            &[("translations/d/a.md", "1")],
            "Title line\n\nBody text.",
            7,
        );
        let info = store.commit_info(c).unwrap();
        assert_eq!(info.id, c);
        assert_eq!(info.short_id, c.to_string()[..7]);
        assert_eq!(info.author, author());
        assert_eq!(info.time, at(7));
        assert_eq!(info.summary, "Title line");
        assert_eq!(info.message, "Title line\n\nBody text.\n");
        assert_eq!(info.parents, vec![parent]);
    }

    #[test]
    fn branches_delete_with_cas_and_merge_base() {
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        let base = write(&store, &[("translations/d/a.md", "1")], "base", 1);
        let mut r = CommitRequest::new("p", author());
        r.base = Some(base);
        r.changes = vec![("translations/d/a.md".into(), Some(b"p".to_vec()))];
        let mut tips = Vec::new();
        for name in ["proposals/b", "proposals/a", "other"] {
            r.branch = Some(name.to_string());
            r.changes = vec![("translations/d/a.md".into(), Some(name.as_bytes().to_vec()))];
            tips.push(store.commit(&r).unwrap());
        }
        assert_eq!(
            store.branches("proposals/").unwrap(),
            vec![
                ("proposals/a".to_string(), tips[1]),
                ("proposals/b".to_string(), tips[0])
            ]
        );
        assert_eq!(store.branches("").unwrap().len(), 4);

        // Compare-and-swap: a stale expectation is refused and nothing is deleted.
        let err = store.delete_branch("proposals/a", base).unwrap_err();
        assert!(matches!(err, StoreError::BranchMoved { .. }), "{err}");
        store.delete_branch("proposals/a", tips[1]).unwrap();
        assert_eq!(store.branches("proposals/").unwrap().len(), 1);
        assert!(matches!(
            store.delete_branch("proposals/a", tips[1]),
            Err(StoreError::BranchNotFound { .. })
        ));
        let err = store
            .delete_branch("main", store.head_commit().unwrap().unwrap())
            .unwrap_err();
        assert!(err.to_string().contains("checked-out"), "{err}");
        assert_eq!(
            git(&dir, &["branch", "--list", "proposals/*"]).trim(),
            "proposals/b"
        );

        assert_eq!(store.merge_base(tips[0], tips[2]).unwrap(), Some(base));
        // An unrelated root commit shares no history.
        let repo = store.repo();
        let sig = git2::Signature::new("X", "x@example.org", &git2::Time::new(0, 0)).unwrap();
        let tree = repo
            .find_tree(repo.treebuilder(None).unwrap().write().unwrap())
            .unwrap();
        let orphan = repo.commit(None, &sig, &sig, "orphan", &tree, &[]).unwrap();
        assert_eq!(store.merge_base(orphan, base).unwrap(), None);
    }
}
