//! Safe commits: one commit per write, built from the branch tip's tree, published with a ref compare-and-swap.
//!
//! Order (crash safety): blobs, tree and commit objects are written first; then, for the checked-out
//! branch, the index entries and work-tree files of the changed paths are set to the new commit's
//! versions (see `worktree.rs`); the CAS on the branch ref comes last and is the atomic point. A
//! process killed at any moment leaves the branch at the old or the new commit, never a dangling
//! ref; killed before the CAS, it leaves the new text staged in the work tree, as after `git add`,
//! so nothing committed is ever silently undone by the work tree. For the checked-out branch the whole sequence runs under git's
//! `index.lock`, so emend writers sharing a work tree take turns instead of racing on the CAS; the
//! CAS and its retries still guard against writers that do not take that lock (other branches,
//! `git update-ref`, other work trees). The CAS itself is git's ref-lock protocol (`refs.rs`), and
//! both locks are taken so that they always record their owner (`lock.rs`).

use std::path::Path;
use std::time::{Duration, Instant};

use super::error::GitContext;
use super::tmp::jitter;
use super::worktree::Prepared;
use super::{Author, CommitTime, Store, StoreError};

/// How many times a commit is rebuilt on a moved branch tip before giving up with [`StoreError::Conflict`].
const MAX_ATTEMPTS: u32 = 20;

/// How long one commit waits in total for a busy branch ref lock.
const REF_LOCK_TIMEOUT: Duration = Duration::from_secs(2);

/// How long to wait for another process's `index.lock`.
const INDEX_LOCK_TIMEOUT: Duration = Duration::from_secs(5);

/// Everything [`Store::commit`] needs to make one commit.
#[derive(Debug, Clone)]
pub struct CommitRequest {
    /// None: the current branch (HEAD). Some("proposals/x"): that branch, created at `base` if missing.
    pub branch: Option<String>,
    /// Where a new branch starts (ignored when the branch exists). None with a missing branch → error.
    pub base: Option<git2::Oid>,
    /// Store-relative paths to write (Some(bytes)) or delete (None). Only these paths change; for a path
    /// given twice the last one wins.
    pub changes: Vec<(String, Option<Vec<u8>>)>,
    /// Commit message; its first line is the summary (also used in the reflog as `emend: <summary>`).
    pub message: String,
    /// The author. The committer is the one git would name (GIT_COMMITTER_NAME / _EMAIL, then
    /// git's config), or the author when git has none.
    pub author: Author,
    /// The author time; None = now. The committer time is GIT_COMMITTER_DATE, else now (the
    /// author's moment when this is None).
    pub time: Option<CommitTime>,
    /// When the target branch is checked out: also update index and work tree for the changed paths.
    pub update_worktree: bool,
    /// Compare-and-swap precondition: the branch must point here (`Some(None)`: must not exist yet).
    pub expected_head: Option<Option<git2::Oid>>,
    /// When writing to the checked-out branch: refuse ([`StoreError::Dirty`]) to overwrite a
    /// changed path whose work-tree file or index entry has uncommitted edits, unless the work
    /// tree already holds exactly the new content. Checked under the index lock, so that
    /// concurrent emend writers never take each other's pending files for the user's edits.
    pub refuse_dirty: bool,
    /// Paths of records that emend alone writes, rebuilt whole from committed data (approvals,
    /// review records). Where such a path holds, untouched, what an emend killed before its
    /// branch moved had written there (see `recovery.rs`), it is overwritten, not taken
    /// for the user's edits, so that running the command again completes it.
    pub regenerated: Vec<String>,
}

impl CommitRequest {
    /// A request for the current branch with no changes yet, time = now and `update_worktree` on.
    pub fn new(message: impl Into<String>, author: Author) -> CommitRequest {
        CommitRequest {
            branch: None,
            base: None,
            changes: Vec::new(),
            message: message.into(),
            author,
            time: None,
            update_worktree: true,
            expected_head: None,
            refuse_dirty: true,
            regenerated: Vec::new(),
        }
    }
}

impl Store {
    /// The one way emend writes: exactly one commit on the target branch holding the tip's tree plus `changes`.
    ///
    /// Retries on a moved branch (another writer) by rebuilding on the new tip, up to 20 times; fails
    /// with [`StoreError::UnexpectedHead`] at once when `expected_head` does not hold. The index and
    /// work tree are only touched for the changed paths, and only when the branch is checked out and
    /// `update_worktree` is set; they are brought in line before the branch moves, so a failure there
    /// means no commit was made.
    pub fn commit(&self, req: &CommitRequest) -> Result<git2::Oid, StoreError> {
        self.refuse_during_operation()?;
        let branch = match &req.branch {
            Some(b) => b.clone(),
            None => self.current_branch()?,
        };
        let refname = format!("refs/heads/{branch}");
        if !git2::Reference::is_valid_name(&refname) {
            return Err(StoreError::InvalidId {
                kind: "branch".to_string(),
                id: branch,
                like: None,
            });
        }
        let changes = self.prepare_changes(&req.changes)?;
        let message = git2::message_prettify(req.message.as_str(), None)
            .git_ctx(|| "preparing the commit message")?;
        let summary = message.lines().next().unwrap_or("").to_string();
        let reflog = format!("emend: {summary}");
        let author = signature(&req.author, req.time)?;
        let (committer, committer_time) = self.git_committer()?;
        // Both "now"s are one moment, in the local offset, as git takes them.
        let committer_time = committer_time.or_else(|| {
            req.time
                .is_none()
                .then(|| CommitTime::from_git(author.when()))
        });
        let committer = signature(committer.as_ref().unwrap_or(&req.author), committer_time)?;
        let head_is_target = self.head_ref_name()?.as_deref() == Some(refname.as_str());
        // Writes to the checked-out branch hold git's index.lock for the whole commit (as `git commit`
        // does); files are prepared before, so the lock is held only for the short steps.
        let sync = req.update_worktree && head_is_target && !changes.is_empty();
        if sync {
            for (path, _) in &req.changes {
                self.refuse_links_in_worktree(path)?;
            }
        }
        let mut prepared = if sync {
            self.prepare_files(&changes)?
        } else {
            Vec::new()
        };
        let index_lock = if sync {
            let lock = self.repo.path().join("index.lock");
            let owner = format!("emend pid {}\n", std::process::id());
            Some(self.take_lock(&lock, owner.as_bytes(), INDEX_LOCK_TIMEOUT)?)
        } else {
            None
        };

        let lock_deadline = Instant::now() + REF_LOCK_TIMEOUT;
        let mut attempt = 0;
        loop {
            let current = self.ref_target(&refname)?;
            if let Some(expected) = req.expected_head
                && expected != current
            {
                return Err(unexpected(&branch, expected, current));
            }
            if sync && req.refuse_dirty {
                self.refuse_dirty_paths(&req.changes, &req.regenerated)?;
            }
            let parent = match (current, req.base) {
                (Some(tip), _) => Some(tip),
                (None, Some(base)) => Some(base),
                (None, None) if head_is_target => None,
                (None, None) => {
                    return Err(StoreError::NoBase { branch });
                }
            };
            let commit_id = self.write_commit(parent, &changes, [&author, &committer], &message)?;
            let mut note = None;
            if let Some(lock) = &index_lock {
                note = self.note_pending(&changes);
                self.sync_worktree(lock, &refname, commit_id, &changes, &mut prepared)?;
            }
            let swapped = self.swap_ref(
                &refname,
                current,
                commit_id,
                &reflog,
                &committer,
                lock_deadline,
            );
            if index_lock.is_some() {
                self.clear_pending(note);
            }
            // Giving up: put the staged paths back as the branch has them.
            let undo = |prepared: &mut Vec<Prepared>| {
                if let (Some(lock), Some(tip)) =
                    (&index_lock, self.ref_target(&refname).ok().flatten())
                {
                    let _ = self.sync_worktree(lock, &refname, tip, &changes, prepared);
                }
            };
            match swapped {
                Ok(true) => return Ok(commit_id),
                Ok(false) => {}
                Err(e) => {
                    undo(&mut prepared);
                    return Err(e);
                }
            }
            // Someone else moved the branch: rebuild on the new tip after a short random pause.
            attempt += 1;
            if attempt >= MAX_ATTEMPTS {
                undo(&mut prepared);
                return Err(StoreError::Conflict {
                    branch,
                    attempts: MAX_ATTEMPTS,
                });
            }
            std::thread::sleep(Duration::from_millis(jitter(1u64 << attempt.min(6))));
        }
    }

    /// [`StoreError::Dirty`] for the first path with uncommitted edits that `changes` would overwrite.
    fn refuse_dirty_paths(
        &self,
        changes: &[(String, Option<Vec<u8>>)],
        regenerated: &[String],
    ) -> Result<(), StoreError> {
        for (path, content) in changes {
            if self.is_dirty(path)?
                && self.read_worktree(path)?.as_deref() != content.as_deref()
                && !(regenerated.contains(path) && self.left_by_a_killed_writer(path)?)
                && !self.only_staged_by_a_killed_writer(path)?
            {
                return Err(StoreError::Dirty { path: path.clone() });
            }
        }
        Ok(())
    }

    /// Validates paths, maps them to repo paths, keeps the last of duplicates and writes the blobs.
    fn prepare_changes(
        &self,
        changes: &[(String, Option<Vec<u8>>)],
    ) -> Result<Vec<(String, Option<git2::Oid>)>, StoreError> {
        let mut out: Vec<(String, Option<git2::Oid>)> = Vec::with_capacity(changes.len());
        for (path, content) in changes {
            let rp = self.repo_path(path)?;
            let blob = match content {
                Some(bytes) => Some(self.repo.blob(bytes).git_ctx(|| format!("storing {rp}"))?),
                None => None,
            };
            out.retain(|(p, _)| *p != rp);
            out.push((rp, blob));
        }
        Ok(out)
    }

    /// Writes the tree (parent's tree + changes) and the commit object, signed by
    /// `[author, committer]`; does not touch any ref.
    fn write_commit(
        &self,
        parent: Option<git2::Oid>,
        changes: &[(String, Option<git2::Oid>)],
        [author, committer]: [&git2::Signature<'_>; 2],
        message: &str,
    ) -> Result<git2::Oid, StoreError> {
        let parent_commit = match parent {
            Some(id) => Some(
                self.repo
                    .find_commit(id)
                    .git_ctx(|| format!("reading commit {id}"))?,
            ),
            None => None,
        };
        let base_tree = match &parent_commit {
            Some(c) => c.tree().git_ctx(|| "reading the branch tree")?,
            None => {
                let empty = self
                    .repo
                    .treebuilder(None)
                    .and_then(|b| b.write())
                    .git_ctx(|| "writing an empty tree")?;
                self.repo
                    .find_tree(empty)
                    .git_ctx(|| "reading an empty tree")?
            }
        };
        if let Some(parent) = parent {
            for (path, _) in changes {
                Store::refuse_links_in_tree(&base_tree, path, parent)?;
            }
        }
        let mut update = git2::build::TreeUpdateBuilder::new();
        for (path, blob) in changes {
            match blob {
                Some(id) => {
                    update.upsert(path.as_str(), *id, git2::FileMode::Blob);
                }
                None => {
                    // Removing an absent path is an error in libgit2; deleting it is a no-op for us.
                    if base_tree.get_path(Path::new(path)).is_ok() {
                        update.remove(path.as_str());
                    }
                }
            }
        }
        let tree_id = update
            .create_updated(&self.repo, &base_tree)
            .git_ctx(|| "building the new tree")?;
        let tree = self
            .repo
            .find_tree(tree_id)
            .git_ctx(|| "reading the new tree")?;
        let parents: Vec<&git2::Commit<'_>> = parent_commit.iter().collect();
        self.repo
            .commit(None, author, committer, message, &tree, &parents)
            .git_ctx(|| "writing the commit")
    }
}

/// The author/committer signature, at `time` or now.
pub(crate) fn signature(
    author: &Author,
    time: Option<CommitTime>,
) -> Result<git2::Signature<'static>, StoreError> {
    let sig = match time {
        Some(t) => git2::Signature::new(&author.name, &author.email, &t.to_git()),
        None => git2::Signature::now(&author.name, &author.email),
    };
    sig.map_err(|_| StoreError::InvalidAuthor {
        input: author.to_string(),
    })
}

/// Formats a failed `expected_head` precondition.
fn unexpected(branch: &str, expected: Option<git2::Oid>, actual: Option<git2::Oid>) -> StoreError {
    let show = |o: Option<git2::Oid>| {
        o.map_or_else(
            || "no commit (branch absent)".to_string(),
            |id| id.to_string(),
        )
    };
    StoreError::UnexpectedHead {
        branch: branch.to_string(),
        expected: show(expected),
        actual: show(actual),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::{Arc, Barrier};

    use super::super::testutil::*;
    use super::*;

    #[test]
    fn a_file_removed_and_one_written_in_its_folder_both_land() {
        // A killed review left its record in a folder of its own; the next review removes it
        // and writes its own record beside it, in one commit.
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        write(&store, &[("translations/d/a.md", "text\n")], "add", 1);
        let old = "translations/d/reviews/p/1-old.json";
        std::fs::create_dir_all(dir.join("translations/d/reviews/p")).unwrap();
        std::fs::write(dir.join(old), "{}\n").unwrap();
        let mut r = req(
            &[
                (old, None),
                ("translations/d/reviews/p/2-new.json", Some("{\"n\": 2}\n")),
            ],
            "review",
            2,
        );
        r.refuse_dirty = false;
        store.commit(&r).unwrap();
        assert!(!dir.join(old).exists());
        assert_eq!(
            std::fs::read_to_string(dir.join("translations/d/reviews/p/2-new.json")).unwrap(),
            "{\"n\": 2}\n"
        );
    }

    fn tree_paths(dir: &Path, rev: &str) -> Vec<String> {
        git(dir, &["ls-tree", "-r", "--name-only", rev])
            .lines()
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn commit_holds_only_requested_paths_and_keeps_user_changes() {
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        let c1 = write(
            &store,
            &[
                ("translations/d/a.md", "a1\n"),
                ("translations/d/b.md", "b1\n"),
            ],
            "base",
            1,
        );
        // The user stages an unrelated new file and edits another tracked file without staging.
        std::fs::create_dir_all(dir.join("notes")).unwrap();
        std::fs::write(dir.join("notes/staged.txt"), "mine\n").unwrap();
        git(&dir, &["add", "notes/staged.txt"]);
        std::fs::write(dir.join("translations/d/b.md"), "b-edited\n").unwrap();
        let before = git(&dir, &["status", "--porcelain"]);
        assert_eq!(before, "A  notes/staged.txt\n M translations/d/b.md\n");

        let c2 = store
            .commit(&req(
                &[
                    ("translations/d/a.md", Some("a2\n")),
                    ("translations/d/c.md", Some("c\n")),
                ],
                "edit",
                2,
            ))
            .unwrap();
        assert_eq!(store.commit_info(c2).unwrap().parents, vec![c1]);
        assert_eq!(
            changed_paths(&dir, c2),
            vec!["translations/d/a.md", "translations/d/c.md"]
        );
        assert!(!tree_paths(&dir, "HEAD").contains(&"notes/staged.txt".to_string()));
        assert_eq!(
            store.read_at(c2, "translations/d/b.md").unwrap().unwrap(),
            b"b1\n"
        );
        // The user's changes are still there, uncommitted; our paths are clean in index and work tree.
        assert_eq!(git(&dir, &["status", "--porcelain"]), before);
        assert_eq!(
            std::fs::read_to_string(dir.join("translations/d/b.md")).unwrap(),
            "b-edited\n"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("translations/d/a.md")).unwrap(),
            "a2\n"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("translations/d/c.md")).unwrap(),
            "c\n"
        );
        assert!(!store.is_dirty("translations/d/a.md").unwrap());
        assert!(store.is_dirty("translations/d/b.md").unwrap());
        // Stat info was refreshed for the written paths (git need not re-hash them).
        let mut index = store.repo().index().unwrap();
        index.read(true).unwrap();
        let e = index.get_path(Path::new("translations/d/a.md"), 0).unwrap();
        assert_ne!(e.mtime.seconds(), 0);
        assert_eq!(e.mode, 0o100644);
        assert_eq!(e.file_size, 3);
        assert_eq!(
            git(&dir, &["diff-files", "--name-only"]),
            "translations/d/b.md\n"
        );
        assert_fsck(&dir);
    }

    #[test]
    fn deletions_remove_tree_index_and_file_entries() {
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        write(
            &store,
            &[
                ("translations/d/a.md", "a\n"),
                ("translations/e/b.md", "b\n"),
            ],
            "base",
            1,
        );
        let c = store
            .commit(&req(
                &[
                    ("translations/e/b.md", None),
                    ("translations/d/missing.md", None),
                ],
                "drop b",
                2,
            ))
            .unwrap();
        assert_eq!(changed_paths(&dir, c), vec!["translations/e/b.md"]);
        assert_eq!(
            store.list_at(c, "translations").unwrap(),
            vec![("d".to_string(), true)]
        );
        assert!(
            !dir.join("translations/e").exists(),
            "emptied folder is pruned"
        );
        assert_eq!(git(&dir, &["status", "--porcelain"]), "");
        assert_eq!(
            git(&dir, &["ls-files"]),
            "emend.toml\ntranslations/d/a.md\n"
        );
    }

    #[test]
    fn no_worktree_update_when_asked_not_to() {
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        let mut r = req(&[("translations/d/a.md", Some("a\n"))], "quiet", 1);
        r.update_worktree = false;
        let c = store.commit(&r).unwrap();
        assert_eq!(store.head_commit().unwrap(), Some(c));
        assert!(!dir.join("translations/d/a.md").exists());
        assert_eq!(
            git(&dir, &["status", "--porcelain"]),
            "D  translations/d/a.md\n",
            "index untouched too"
        );
    }

    #[test]
    fn expected_head_is_a_precondition() {
        let (_tmp, store) = new_store();
        let c0 = store.head_commit().unwrap().unwrap();
        let c1 = write(&store, &[("translations/d/a.md", "1")], "one", 1);
        let mut r = req(&[("translations/d/a.md", Some("2"))], "two", 2);
        r.expected_head = Some(Some(c0));
        let err = store.commit(&r).unwrap_err();
        assert!(matches!(err, StoreError::UnexpectedHead { .. }), "{err}");
        assert!(err.to_string().contains(&c1.to_string()), "{err}");
        assert_eq!(store.head_commit().unwrap(), Some(c1), "nothing written");
        r.expected_head = Some(Some(c1));
        let c2 = store.commit(&r).unwrap();
        assert_eq!(store.commit_info(c2).unwrap().parents, vec![c1]);
        // Some(None): the branch must not exist yet.
        let mut p = req(&[("translations/d/a.md", Some("p"))], "proposal", 3);
        p.branch = Some("proposals/new".into());
        p.base = Some(c1);
        p.expected_head = Some(None);
        let pc = store.commit(&p).unwrap();
        assert!(matches!(
            store.commit(&p),
            Err(StoreError::UnexpectedHead { .. })
        ));
        assert_eq!(
            store.branches("proposals/").unwrap(),
            vec![("proposals/new".to_string(), pc)]
        );
    }

    #[test]
    fn reflog_records_emend_summary() {
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        write(
            &store,
            &[("translations/d/a.md", "a")],
            "update a\n\nlonger body",
            1,
        );
        let log = git(&dir, &["reflog", "show", "--format=%gs", "refs/heads/main"]);
        assert_eq!(
            log.lines().collect::<Vec<_>>(),
            vec!["emend: update a", "emend: init emend store"]
        );
        let head_log = git(&dir, &["reflog", "show", "--format=%gs", "HEAD"]);
        assert_eq!(head_log.lines().next(), Some("emend: update a"));
        let info = store
            .commit_info(store.head_commit().unwrap().unwrap())
            .unwrap();
        assert_eq!(info.message, "update a\n\nlonger body\n");
    }

    #[test]
    fn proposal_branch_leaves_head_index_and_worktree_alone() {
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        let base = write(&store, &[("translations/d/a.md", "a\n")], "base", 1);
        std::fs::write(dir.join("translations/d/a.md"), "local edit\n").unwrap();
        std::fs::write(dir.join("scratch.txt"), "x\n").unwrap();
        git(&dir, &["add", "scratch.txt"]);
        let status = git(&dir, &["status", "--porcelain"]);
        let index_before = std::fs::read(dir.join(".git/index")).unwrap();

        let mut r = req(
            &[
                ("translations/d/a.md", Some("proposed\n")),
                ("translations/d/new.md", Some("n\n")),
            ],
            "propose",
            2,
        );
        r.branch = Some("proposals/x".into());
        assert!(
            matches!(store.commit(&r), Err(StoreError::NoBase { .. })),
            "no base, no branch"
        );
        r.base = Some(base);
        let p1 = store.commit(&r).unwrap();
        r.base = None; // exists now: base not needed
        r.changes = vec![(
            "translations/d/a.md".into(),
            Some(b"proposed again\n".to_vec()),
        )];
        let p2 = store.commit(&r).unwrap();

        assert_eq!(store.commit_info(p2).unwrap().parents, vec![p1]);
        assert_eq!(store.commit_info(p1).unwrap().parents, vec![base]);
        assert_eq!(store.head_commit().unwrap(), Some(base));
        assert_eq!(store.current_branch().unwrap(), "main");
        assert_eq!(git(&dir, &["status", "--porcelain"]), status);
        assert_eq!(std::fs::read(dir.join(".git/index")).unwrap(), index_before);
        assert_eq!(
            std::fs::read_to_string(dir.join("translations/d/a.md")).unwrap(),
            "local edit\n"
        );
        assert!(!dir.join("translations/d/new.md").exists());
        assert_eq!(
            store.read_at(p2, "translations/d/a.md").unwrap().unwrap(),
            b"proposed again\n"
        );
        assert_eq!(store.merge_base(p2, base).unwrap(), Some(base));
        let log = git(
            &dir,
            &["reflog", "show", "--format=%gs", "refs/heads/proposals/x"],
        );
        assert_eq!(log.lines().next(), Some("emend: propose"));
    }

    #[test]
    fn invalid_inputs_write_nothing() {
        let (_tmp, store) = new_store();
        let head = store.head_commit().unwrap();
        let r = req(&[("../escape", Some("x"))], "bad", 1);
        assert!(matches!(
            store.commit(&r),
            Err(StoreError::InvalidPath { .. })
        ));
        let mut r = req(&[("translations/d/a.md", Some("x"))], "bad", 1);
        r.branch = Some("bad..name".into());
        assert!(matches!(
            store.commit(&r),
            Err(StoreError::InvalidId { .. })
        ));
        assert_eq!(store.head_commit().unwrap(), head);
    }

    #[test]
    fn eight_concurrent_writers_lose_nothing() {
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        let threads = 8;
        let per_thread = 10;
        let barrier = Arc::new(Barrier::new(threads));
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let dir = dir.clone();
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    let store = Store::open(&dir).unwrap();
                    barrier.wait();
                    (0..per_thread)
                        .map(|i| {
                            let path = format!("translations/t{t}/v.md");
                            let content = format!("thread {t} version {i}\n");
                            store.commit(&req(
                                &[(&path, Some(&content))],
                                &format!("t{t} v{i}"),
                                i as i64,
                            ))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut ids = Vec::new();
        for h in handles {
            for r in h.join().unwrap() {
                ids.push(r.unwrap());
            }
        }
        assert_eq!(ids.len(), threads * per_thread);
        let reachable: HashSet<String> = git(&dir, &["rev-list", "main"])
            .lines()
            .map(str::to_string)
            .collect();
        for id in &ids {
            assert!(reachable.contains(&id.to_string()), "lost commit {id}");
        }
        assert_eq!(reachable.len(), threads * per_thread + 1);
        assert_eq!(
            git(&dir, &["rev-list", "--merges", "main"]),
            "",
            "history is linear"
        );
        assert_fsck(&dir);
        assert_eq!(
            git(&dir, &["status", "--porcelain"]),
            "",
            "index and work tree match the tip"
        );
        for t in 0..threads {
            let got = std::fs::read_to_string(dir.join(format!("translations/t{t}/v.md"))).unwrap();
            assert_eq!(got, format!("thread {t} version {}\n", per_thread - 1));
        }
        assert!(!dir.join(".git/index.lock").exists());
    }

    /// Runs `threads` writers, each making `per_thread` commits of `path` on `branch`; returns all commit ids.
    fn race(
        dir: &Path,
        branch: Option<&str>,
        threads: usize,
        per_thread: i64,
        path: &str,
    ) -> Vec<git2::Oid> {
        let barrier = Arc::new(Barrier::new(threads));
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let dir = dir.to_path_buf();
                let barrier = barrier.clone();
                let branch = branch.map(str::to_string);
                let path = path.to_string();
                std::thread::spawn(move || {
                    let store = Store::open(&dir).unwrap();
                    barrier.wait();
                    (0..per_thread)
                        .map(|i| {
                            let mut r = req(
                                &[(&path, Some(&format!("w{t} {i}\n")))],
                                &format!("w{t} {i}"),
                                i,
                            );
                            r.branch = branch.clone();
                            r.base = store.head_commit().unwrap();
                            store.commit(&r).unwrap()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    }

    #[test]
    fn racing_writers_on_the_same_path_keep_every_commit() {
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        let path = "translations/shared/v.md";
        // Checked-out branch: writers take turns on index.lock; work tree ends equal to the tip.
        let ids = race(&dir, None, 2, 10, path);
        let tip = store.head_commit().unwrap().unwrap();
        let history: HashSet<git2::Oid> = store
            .history(path, tip)
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(history, ids.iter().copied().collect::<HashSet<_>>());
        assert_eq!(
            store.read_worktree(path).unwrap(),
            store.read_at(tip, path).unwrap()
        );
        assert_eq!(git(&dir, &["status", "--porcelain"]), "");

        // A branch that is not checked out: pure compare-and-swap with rebuild-and-retry.
        let ids = race(&dir, Some("proposals/race"), 4, 10, path);
        let ptip = store.resolve("proposals/race").unwrap();
        let history: Vec<git2::Oid> = store
            .history(path, ptip)
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect();
        for id in &ids {
            assert!(
                history.contains(id),
                "commit {id} missing from the branch history"
            );
        }
        assert_eq!(
            git(&dir, &["rev-list", "--count", "--merges", "proposals/race"]).trim(),
            "0"
        );
        assert_eq!(store.head_commit().unwrap(), Some(tip), "HEAD untouched");
        assert_fsck(&dir);
    }
}
