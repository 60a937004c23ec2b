//! Recovery from an emend killed mid-write (`SIGKILL`, a crash, a power cut).
//!
//! A killed emend leaves, at worst: its temporary files and the locks it held (removed by the
//! next emend that opens the store, see [`Store::sweep_temporaries`] and `lock.rs`), and, if it
//! was killed after writing to the work tree but before its branch moved, its new text staged and
//! in the work tree. Such text is told apart from the user's edits by the note of pending paths
//! it wrote first ([`PENDING_KIND`]): a later write may overwrite what the note names, and the
//! note goes once those paths are clean again.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::error::GitContext;
use super::lock::clear_dead_owner;
use super::{Store, StoreError, tmp};

/// Kind of the temporaries (`<git dir>/emend-tmp/<tag>.pending.<random>`) that say what an emend
/// is writing into the work tree, one `<blob id> <path>` a line, from just before it writes there
/// until its branch has moved.
pub(crate) const PENDING_KIND: &str = "pending";

/// Kinds of temporaries that a sweep leaves to their own code: the notes of pending paths,
/// removed by [`Store::clear_pending`] when the paths are clean again.
const KEPT_KINDS: [&str; 1] = [PENDING_KIND];

impl Store {
    /// Removes the temporaries of emends that are gone, and the git locks they held. Best effort:
    /// a store whose git folder cannot be written is read as it is.
    pub(crate) fn sweep_temporaries(&self) {
        let dir = self.tmp_dir();
        if !dir.is_dir() {
            return;
        }
        let Some(_guard) = self.sweep_guard() else {
            return;
        };
        let Ok(entries) = fs::read_dir(&dir) else {
            return;
        };
        let mut live: HashMap<String, bool> = HashMap::new();
        let mut dead_live_files = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let Some((tag, kind)) = tmp::parse_name(name) else {
                continue;
            };
            let alive = *live
                .entry(tag.to_string())
                .or_insert_with(|| tmp::tag_is_live(&dir, tag));
            if alive || KEPT_KINDS.contains(&kind) {
                continue;
            }
            match kind {
                "live" => dead_live_files.push(entry.path()),
                "lock" => clear_dead_owner(&entry.path()),
                _ => {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
        // Last, so that a tag stays recognisably dead until all its files are gone.
        for path in dead_live_files {
            let _ = fs::remove_file(path);
        }
    }

    /// Notes the blob each changed path is about to get in the work tree, before they are
    /// written there, so that what a killed emend left can be recognised (see
    /// [`CommitRequest::regenerated`]). Returns the note, to remove once the branch moved.
    pub(crate) fn note_pending(&self, changes: &[(String, Option<git2::Oid>)]) -> Option<PathBuf> {
        let list: String = changes
            .iter()
            .filter_map(|(path, id)| id.map(|id| format!("{id} {path}\n")))
            .collect();
        let (path, mut file) = self.new_temp(PENDING_KIND).ok()?;
        use std::io::Write as _;
        let _ = file.write_all(list.as_bytes());
        Some(path)
    }

    /// Removes this emend's note, and the notes of killed emends whose paths are all clean again.
    pub(crate) fn clear_pending(&self, note: Option<PathBuf>) {
        if let Some(note) = note {
            let _ = fs::remove_file(note);
        }
        for (file, entries) in self.dead_pending() {
            let clean = entries
                .iter()
                .all(|(_, path)| !self.is_dirty_at_repo_path(path).unwrap_or(true));
            if clean {
                let _ = fs::remove_file(file);
            }
        }
    }

    /// The notes left by emends that are no longer running: (file, [(blob, path)]).
    fn dead_pending(&self) -> Vec<(PathBuf, Vec<(git2::Oid, String)>)> {
        self.dead_temporaries(PENDING_KIND)
            .into_iter()
            .map(|file| {
                let bytes =
                    crate::input::read_path(&file, "a note of a killed emend").unwrap_or_default();
                let list = String::from_utf8_lossy(&bytes)
                    .lines()
                    .filter_map(|l| {
                        let (id, path) = l.split_once(' ')?;
                        Some((git2::Oid::from_str(id).ok()?, path.to_string()))
                    })
                    .collect();
                (file, list)
            })
            .collect()
    }

    /// True when the only change at `path` is an index entry a killed emend staged before it
    /// could write the file (the work tree still holds what HEAD has): nobody's edit.
    pub(crate) fn only_staged_by_a_killed_writer(&self, path: &str) -> Result<bool, StoreError> {
        let head = match self.head_commit()? {
            Some(h) => self.blob_id_at(h, path)?,
            None => None,
        };
        let worktree = match self.read_worktree(path)? {
            Some(bytes) => Some(
                git2::Oid::hash_object(git2::ObjectType::Blob, &bytes)
                    .git_ctx(|| format!("hashing {path}"))?,
            ),
            None => None,
        };
        if worktree != head {
            return Ok(false);
        }
        let rp = self.repo_path(path)?;
        let index = self.repo.index().git_ctx(|| "reading the index")?;
        let Some(staged) = index.get_path(Path::new(&rp), 0).map(|e| e.id) else {
            return Ok(false);
        };
        // Notes hold repo-relative paths.
        Ok(self
            .dead_pending()
            .iter()
            .any(|(_, list)| list.iter().any(|(id, p)| *id == staged && *p == rp)))
    }

    /// True when a killed emend was writing `path` and its work-tree file and index entry
    /// each hold either what that emend was writing or what HEAD has: nothing of anyone else.
    pub(crate) fn left_by_a_killed_writer(&self, path: &str) -> Result<bool, StoreError> {
        // Notes hold repo-relative paths.
        let noted_path = self.repo_path(path)?;
        let dead = self.dead_pending();
        let noted: Vec<git2::Oid> = dead
            .iter()
            .flat_map(|(_, list)| {
                list.iter()
                    .filter(|(_, p)| *p == noted_path)
                    .map(|(i, _)| *i)
            })
            .collect();
        if noted.is_empty() {
            return Ok(false);
        }
        let head = match self.head_commit()? {
            Some(h) => self.blob_id_at(h, path)?,
            None => None,
        };
        let ours = |id: Option<git2::Oid>| id.is_some_and(|i| noted.contains(&i)) || id == head;
        let worktree = match self.read_worktree(path)? {
            Some(bytes) => Some(
                git2::Oid::hash_object(git2::ObjectType::Blob, &bytes)
                    .git_ctx(|| format!("hashing {path}"))?,
            ),
            None => None,
        };
        let rp = self.repo_path(path)?;
        let index = self.repo.index().git_ctx(|| "reading the index")?;
        let staged = index.get_path(Path::new(&rp), 0).map(|e| e.id);
        Ok(ours(worktree) && ours(staged))
    }
}

#[cfg(test)]
mod tests {
    use std::process::{Command, Stdio};
    use std::time::Duration;

    use super::super::testutil::*;
    use super::*;

    #[test]
    fn a_path_only_staged_by_a_killed_emend_is_not_the_users_edit() {
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        write(&store, &[("translations/d/a.md", "old\n")], "base", 1);
        // What an emend killed between staging and writing the file leaves: its note, and
        // the index entry, while the work tree still has HEAD's text.
        let staged = store.repo().blob(b"killed writer's\n").unwrap();
        git(
            &dir,
            &[
                "update-index",
                "--cacheinfo",
                &format!("100644,{staged},translations/d/a.md"),
            ],
        );
        let tmp = dir.join(".git/emend-tmp");
        std::fs::create_dir_all(&tmp).unwrap();
        let note = tmp.join("4242-gone.pending.1");
        std::fs::write(&note, format!("{staged} translations/d/a.md\n")).unwrap();
        let next = req(&[("translations/d/a.md", Some("new\n"))], "next", 2);
        store.commit(&next).unwrap();
        assert_eq!(git(&dir, &["status", "--porcelain"]), "");
        assert!(!note.exists(), "the note goes once the path is clean");

        // The same index entry staged by someone else (no note) is the user's: refused.
        let theirs = store.repo().blob(b"the user's\n").unwrap();
        git(
            &dir,
            &[
                "update-index",
                "--cacheinfo",
                &format!("100644,{theirs},translations/d/a.md"),
            ],
        );
        let again = req(&[("translations/d/a.md", Some("newer\n"))], "again", 3);
        assert!(matches!(
            store.commit(&again),
            Err(StoreError::Dirty { .. })
        ));
    }

    /// Child side of the kill test: commits forever to the store named by EMEND_CRASH_STORE.
    #[test]
    #[ignore = "helper process for killed_writer_leaves_repository_consistent"]
    fn crash_child_writer() {
        let Some(dir) = std::env::var_os("EMEND_CRASH_STORE") else {
            return;
        };
        let store = Store::open(Path::new(&dir)).unwrap();
        for i in 0..100_000i64 {
            let body = format!("round {i}\n").repeat(50);
            let deleted = if i % 3 == 0 { None } else { Some("x\n") };
            let r = req(
                &[
                    ("translations/d/a.md", Some(&body)),
                    ("translations/e/b.md", deleted),
                ],
                "crash",
                i,
            );
            // A stale lock left by an earlier kill only fails the work-tree step; keep writing.
            let _ = store.commit(&r);
        }
    }

    #[test]
    fn killed_writer_leaves_repository_consistent() {
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        let exe = std::env::current_exe().unwrap();
        let start = store.head_commit().unwrap().unwrap();
        for round in 0..8u64 {
            let before = Store::open(&dir).unwrap().head_commit().unwrap();
            let mut child = Command::new(&exe)
                .args([
                    "--exact",
                    "store::recovery::tests::crash_child_writer",
                    "--ignored",
                    "--test-threads=1",
                ])
                .env("EMEND_CRASH_STORE", &dir)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            // Killed once it has committed (however slow it is to start on a busy
            // machine), at a moment that varies from round to round: mid-write or not.
            let started = std::time::Instant::now();
            while Store::open(&dir).unwrap().head_commit().unwrap() == before
                && started.elapsed() < Duration::from_secs(20)
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            std::thread::sleep(Duration::from_millis(tmp::jitter(80) + round * 7));
            child.kill().unwrap(); // SIGKILL: no destructors, no cleanup
            child.wait().unwrap();
            assert_fsck(&dir);
            let reopened = Store::open(&dir).unwrap();
            let tip = reopened.head_commit().unwrap().unwrap();
            reopened.read_at(tip, "emend.toml").unwrap().unwrap();
            git(&dir, &["status", "--porcelain"]);
            // A kill while holding index.lock or a ref lock leaves it behind; the next
            // write recognises it as a dead emend's, clears it and goes through.
            let left: Vec<&str> = [".git/index.lock", ".git/refs/heads/main.lock"]
                .into_iter()
                .filter(|l| dir.join(l).exists())
                .collect();
            if !left.is_empty() {
                eprintln!("round {round}: left {left:?}");
            }
            let mut next = req(&[("translations/x.md", Some("x"))], "x", 0);
            next.refuse_dirty = false;
            reopened.commit(&next).unwrap();
            for lock in [".git/index.lock", ".git/refs/heads/main.lock"] {
                assert!(!dir.join(lock).exists(), "round {round}: {lock} left");
            }
        }
        let tip = store.head_commit().unwrap().unwrap();
        assert_ne!(tip, start, "the child made commits");
        let made = store.history("translations/d/a.md", tip).unwrap().len();
        eprintln!("killed writer made {made} commits over 8 kills");
        assert!(made > 1);
        // The next write brings the paths in line again (forced: a kill before the branch
        // moved leaves the killed writer's text pending in the work tree).
        let mut after = req(
            &[
                ("translations/d/a.md", Some("final\n")),
                ("translations/e/b.md", Some("b\n")),
            ],
            "after",
            1,
        );
        after.refuse_dirty = false;
        let c = store.commit(&after).unwrap();
        assert_eq!(store.head_commit().unwrap(), Some(c));
        let status = git(&dir, &["status", "--porcelain", "--untracked-files=no"]);
        assert_eq!(status, "", "tracked paths clean after a normal write");
    }
}
