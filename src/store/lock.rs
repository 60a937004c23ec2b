//! git's lock files (`index.lock`, `refs/heads/<branch>.lock`), taken so that the lock always
//! records its owner, and the one policy for locks that owners left behind.
//!
//! git locks a file by creating `<file>.lock` exclusively; whoever finds it there must wait.
//! emend takes such a lock by writing the lock's content to an owner file in its temp folder
//! (named with the process's tag, see `tmp.rs`) and then hard-linking that file to the lock's
//! name: the link either fails (someone holds the lock) or makes, in one step, a lock whose
//! owner is recorded. There is no moment when the lock exists and its owner is unknown.
//!
//! The policy, the same for every lock:
//! - a lock whose owner file belongs to an emend that is gone (killed, crashed) is removed, by
//!   the next emend that meets it or that opens the store, under the sweep lock, after checking
//!   that the lock is still that same file;
//! - a lock whose owner is still running is waited for;
//! - a lock with no owner file (git's own, or taken where hard links are not possible) is never
//!   removed: after waiting, the error names it and the command that removes it.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::error::io_err;
use super::tmp::{jitter, parse_name, tag_is_live};
use super::{Store, StoreError};

/// Suffix of the note beside an owner file that names the lock it backs.
const TARGET_SUFFIX: &str = ".target";

/// A git lock file held by this process; released (removed) when dropped unless committed.
pub(crate) struct FileLock {
    path: PathBuf,
    /// The owner file (same inode as the lock) and its note; None where hard links failed.
    owner: Option<PathBuf>,
    done: bool,
}

impl FileLock {
    /// Puts the lock's content in place of `target`, as git commits a ref update: a rename.
    pub(crate) fn commit(mut self, target: &Path) -> Result<(), StoreError> {
        fs::rename(&self.path, target).map_err(io_err("replace", target))?;
        self.done = true;
        Ok(())
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        if !self.done && self.is_still_ours() {
            let _ = fs::remove_file(&self.path);
        }
        if let Some(owner) = &self.owner {
            let _ = fs::remove_file(owner);
            let _ = fs::remove_file(target_note(owner));
        }
    }
}

impl FileLock {
    /// True when the lock file is still the one this lock made (by inode, where there is an owner file).
    fn is_still_ours(&self) -> bool {
        match &self.owner {
            Some(owner) => same_file(owner, &self.path),
            None => true,
        }
    }
}

/// The note beside `owner` that names the lock it backs.
fn target_note(owner: &Path) -> PathBuf {
    let mut name = owner.as_os_str().to_owned();
    name.push(TARGET_SUFFIX);
    PathBuf::from(name)
}

/// True when `a` and `b` are the same file (device and inode).
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::symlink_metadata(a), fs::symlink_metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

/// Without inodes to compare: the same content, which an owner file and its lock share.
#[cfg(not(unix))]
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::read(a), fs::read(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// The number of names a file has (1 when only the owner file is left).
#[cfg(unix)]
fn link_count(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::symlink_metadata(path).map_or(1, |m| m.nlink())
}

#[cfg(not(unix))]
fn link_count(_path: &Path) -> u64 {
    1
}

/// Removes what a dead emend's owner file backs: the lock named in its note, if that lock is
/// still the owner's file; then the owner file and the note. The caller holds the sweep lock
/// and has checked that the owner is gone (the sweep of `recovery.rs` calls this too).
pub(crate) fn clear_dead_owner(owner: &Path) {
    if owner.as_os_str().to_string_lossy().ends_with(TARGET_SUFFIX) {
        // A note whose owner file is gone already.
        let owner_path = PathBuf::from(
            owner
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(TARGET_SUFFIX)
                .to_string(),
        );
        if !owner_path.exists() {
            let _ = fs::remove_file(owner);
        }
        return;
    }
    let note = target_note(owner);
    if link_count(owner) > 1 {
        // The other name is the lock (remove it) or the ref it was committed to (keep it).
        let Some(lock) = fs::read(&note).ok().map(path_from_bytes) else {
            // Without the note the lock cannot be found: keep the owner, so the lock stays known.
            return;
        };
        if same_file(owner, &lock) {
            let _ = fs::remove_file(&lock);
        }
    }
    let _ = fs::remove_file(owner);
    let _ = fs::remove_file(note);
}

/// A path from the bytes [`Store::take_lock`] wrote in a note.
#[cfg(unix)]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

impl Store {
    /// Takes the git lock `lock` (the path of `<file>.lock`) holding `content`, waiting up to
    /// `timeout` while someone else holds it (six times that while it is another running
    /// emend). A lock left by an emend that is gone is cleared;
    /// one of unknown owner is never touched: [`StoreError::Locked`] names it.
    pub(crate) fn take_lock(
        &self,
        lock: &Path,
        content: &[u8],
        timeout: Duration,
    ) -> Result<FileLock, StoreError> {
        let start = Instant::now();
        let mut swept = false;
        loop {
            if let Some(taken) = self.try_lock(lock, content)? {
                return Ok(taken);
            }
            if !swept {
                // Once per wait (and again half-way): a lock whose owner is gone is cleared.
                swept = true;
                self.clear_if_owner_gone(lock);
                continue;
            }
            // Writers take turns: eight at once on a busy machine took more than 5 s in all,
            // so a lock another running emend holds is waited for longer than one of unknown
            // owner (git's own), which may be held for as long as an editor is open.
            let waited = start.elapsed();
            if waited >= timeout && (waited >= timeout * 6 || self.owner_of(lock).is_none()) {
                return Err(self.lock_error(lock));
            }
            std::thread::sleep(Duration::from_millis(1 + jitter(10)));
            if start.elapsed() >= timeout / 2 {
                swept = false;
            }
        }
    }

    /// Tries once to take `lock` holding `content`; None when it exists.
    fn try_lock(&self, lock: &Path, content: &[u8]) -> Result<Option<FileLock>, StoreError> {
        let (owner, mut file) = self.new_temp("lock")?;
        let written = file
            .write_all(content)
            .and_then(|()| fs::write(target_note(&owner), lock.as_os_str().as_encoded_bytes()));
        if let Err(e) = written {
            let _ = fs::remove_file(&owner);
            let _ = fs::remove_file(target_note(&owner));
            return Err(io_err("write", &owner)(e));
        }
        drop(file);
        let mut result = fs::hard_link(&owner, lock);
        if matches!(&result, Err(e) if e.kind() == io::ErrorKind::NotFound)
            && let Some(parent) = lock.parent()
        {
            // A branch in a new folder (`refs/heads/proposals/`).
            fs::create_dir_all(parent).map_err(io_err("create folder", parent))?;
            result = fs::hard_link(&owner, lock);
        }
        match result {
            Ok(()) => Ok(Some(FileLock {
                path: lock.to_path_buf(),
                owner: Some(owner),
                done: false,
            })),
            Err(e) => {
                let _ = fs::remove_file(&owner);
                let _ = fs::remove_file(target_note(&owner));
                if e.kind() == io::ErrorKind::AlreadyExists {
                    Ok(None)
                } else {
                    // No hard links here (another file system, or one without them): an
                    // exclusive create, as git does; such a lock has no recorded owner.
                    exclusive_create(lock, content)
                }
            }
        }
    }

    /// The owner file of `lock` in the temp folder: the file that is the lock (same inode).
    fn owner_of(&self, lock: &Path) -> Option<PathBuf> {
        fs::read_dir(self.tmp_dir()).ok().and_then(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .find(|p| same_file(p, lock))
        })
    }

    /// Removes `lock` when its owner file belongs to an emend that is gone, under the sweep
    /// lock (see `tmp.rs`); a lock of a running emend, or of no known owner, is left alone.
    fn clear_if_owner_gone(&self, lock: &Path) {
        let Some(owner) = self.owner_of(lock) else {
            return;
        };
        let name = owner.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some((tag, _)) = parse_name(name) else {
            return;
        };
        if tag_is_live(&self.tmp_dir(), tag) {
            return;
        }
        if let Some(_guard) = self.sweep_guard() {
            clear_dead_owner(&owner);
        }
    }

    /// The error for a lock still held after waiting: whose it is, and what to do.
    fn lock_error(&self, lock: &Path) -> StoreError {
        match self.owner_of(lock) {
            Some(owner) => {
                let name = owner.file_name().map(|n| n.to_string_lossy().into_owned());
                let pid = name
                    .as_deref()
                    .and_then(|n| n.split(['-', '.']).next())
                    .unwrap_or("?")
                    .to_string();
                StoreError::Busy {
                    path: lock.to_path_buf(),
                    pid,
                }
            }
            None => StoreError::Locked {
                path: lock.to_path_buf(),
            },
        }
    }
}

/// Creates `lock` exclusively with `content` (no owner recorded); None when it exists.
fn exclusive_create(lock: &Path, content: &[u8]) -> Result<Option<FileLock>, StoreError> {
    match File::options().write(true).create_new(true).open(lock) {
        Ok(mut file) => {
            file.write_all(content).map_err(io_err("write", lock))?;
            Ok(Some(FileLock {
                path: lock.to_path_buf(),
                owner: None,
                done: false,
            }))
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(None),
        Err(e) => Err(io_err("create", lock)(e)),
    }
}
