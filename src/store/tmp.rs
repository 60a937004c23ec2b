//! emend's own temporary files: in `<git dir>/emend-tmp/`, where git never sees them, and swept
//! away by the next emend when the one that made them is gone.
//!
//! Each emend process that makes temporaries first creates `<tag>.live` there (`tag` is
//! `<pid>-<random>`) and holds a lock on it (`flock`) for the rest of its life (made again if a
//! sweep removed it in the moment before it was locked); every file it makes
//! there is named `<tag>.<kind>.<random>`. The kernel drops that lock when the process ends,
//! however it ends (`SIGKILL` included), so a tag whose `.live` file is missing or can be locked
//! belongs to an emend that is gone. `recovery.rs` removes such an emend's files, and the git
//! locks it held (see `lock.rs`): every command that opens a store runs it.
//!
//! A file to be renamed into the work tree must be made on the work tree's file system. When
//! the git folder is on another one (a `--separate-git-dir`), such a file is made in the target
//! folder instead, named `.emend-tmp-<tag>.<kind>.<random>`, and swept from there before each write
//! into that folder.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::fs::{self, File};
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::error::io_err;
use super::{Store, StoreError};

/// The folder in the git folder that holds emend's temporaries.
pub(crate) const TMP_DIR: &str = "emend-tmp";

/// The prefix of a temporary made in a work-tree folder (when the git folder is on another file system).
const WORKTREE_PREFIX: &str = ".emend-tmp-";

/// The file whose lock makes sweeps take turns (two sweepers never remove the same lock twice).
const SWEEP_LOCK: &str = ".sweep";

/// This process's tag, and the locked `.live` file of each temp folder it uses (kept open for life).
struct Live {
    tag: String,
    held: HashMap<PathBuf, File>,
}

static LIVE: Mutex<Option<Live>> = Mutex::new(None);

/// A random number, for names no other process picks.
fn random() -> u64 {
    jitter(u64::MAX - 1)
}

/// A pseudo-random number in `0..=max`: for names, and to spread out writers that retry.
pub(crate) fn jitter(max: u64) -> u64 {
    let mut h = RandomState::new().build_hasher();
    h.write_u64(max);
    h.finish() % (max + 1)
}

/// This process's tag, with `dir/<tag>.live` created and locked (once per folder).
fn live_tag(dir: &Path) -> io::Result<String> {
    let mut guard = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    let live = guard.get_or_insert_with(|| Live {
        tag: format!("{}-{:x}", std::process::id(), random()),
        held: HashMap::new(),
    });
    if !live.held.contains_key(dir) {
        fs::create_dir_all(dir)?;
        let path = dir.join(format!("{}.live", live.tag));
        loop {
            let file = File::options()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)?;
            file.lock()?;
            // A sweep that ran between the creation and the lock took the file for a dead
            // emend's and removed it: make it again, so that the tag is never without it.
            if is_same_file(&file, &path) {
                live.held.insert(dir.to_path_buf(), file);
                break;
            }
        }
    }
    Ok(live.tag.clone())
}

/// A path in temp folder `dir` named with this process's tag and `kind`, for a
/// temporary made by whoever asks (swept away if this emend is killed).
pub(crate) fn temp_path_in(dir: &Path, kind: &str) -> io::Result<PathBuf> {
    let tag = live_tag(dir)?;
    Ok(dir.join(format!("{tag}.{kind}.{:x}", random())))
}

/// True when the emend that owns `tag` in `dir` is still running.
pub(crate) fn tag_is_live(dir: &Path, tag: &str) -> bool {
    let Ok(file) = File::open(dir.join(format!("{tag}.live"))) else {
        return false;
    };
    match file.try_lock_shared() {
        Ok(()) => false,
        Err(fs::TryLockError::WouldBlock) => true,
        // Locks not supported here: never take anyone's files for dead.
        Err(fs::TryLockError::Error(_)) => true,
    }
}

/// The tag of a temporary's name (`<tag>.<kind>...` or `<tag>.live`), and its kind.
pub(crate) fn parse_name(name: &str) -> Option<(&str, &str)> {
    let (tag, rest) = name.split_once('.')?;
    let (pid, rand) = tag.split_once('-')?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) || rand.is_empty() {
        return None;
    }
    let kind = rest.split('.').next().unwrap_or(rest);
    Some((tag, kind))
}

/// Holds the sweep lock while alive.
pub(crate) struct SweepGuard(#[allow(dead_code)] File);

impl Store {
    /// The folder of emend's temporaries for this repository.
    pub(crate) fn tmp_dir(&self) -> PathBuf {
        self.repo.commondir().join(TMP_DIR)
    }

    /// A new, empty temporary file in the temp folder, named with this process's tag and `kind`.
    pub(crate) fn new_temp(&self, kind: &str) -> Result<(PathBuf, File), StoreError> {
        let dir = self.tmp_dir();
        let tag = live_tag(&dir).map_err(io_err("create a temporary file in", &dir))?;
        loop {
            let path = dir.join(format!("{tag}.{kind}.{:x}", random()));
            match File::options().write(true).create_new(true).open(&path) {
                Ok(file) => return Ok((path, file)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(io_err("create", path)(e)),
            }
        }
    }

    /// A path for a temporary that another library writes (the scratch index), named with this process's tag.
    pub(crate) fn temp_path(&self, kind: &str) -> Result<PathBuf, StoreError> {
        let dir = self.tmp_dir();
        temp_path_in(&dir, kind).map_err(io_err("create a temporary file in", &dir))
    }

    /// A temporary file that can be renamed onto a file in `folder` (which exists): in the temp
    /// folder when it is on the same file system, else in `folder` itself.
    pub fn temp_file_for(&self, folder: &Path) -> Result<tempfile::NamedTempFile, StoreError> {
        let dir = self.tmp_dir();
        let tag = live_tag(&dir).map_err(io_err("create a temporary file in", &dir))?;
        let (place, prefix) = if same_file_system(&dir, folder) {
            (dir, format!("{tag}.file."))
        } else {
            self.sweep_folder(folder);
            (
                folder.to_path_buf(),
                format!("{WORKTREE_PREFIX}{tag}.file."),
            )
        };
        tempfile::Builder::new()
            .prefix(&prefix)
            .tempfile_in(&place)
            .map_err(io_err("create a temporary file in", place))
    }

    /// Waits for the sweep lock (sweeps, and the clearing of dead emends' locks, take turns).
    pub(crate) fn sweep_guard(&self) -> Option<SweepGuard> {
        let dir = self.tmp_dir();
        let file = File::options()
            .write(true)
            .create(true)
            .truncate(false)
            .open(dir.join(SWEEP_LOCK))
            .ok()?;
        file.lock().ok()?;
        Some(SweepGuard(file))
    }

    /// The temporaries of `kind` whose emends are gone.
    pub(crate) fn dead_temporaries(&self, kind: &str) -> Vec<PathBuf> {
        let dir = self.tmp_dir();
        let Ok(entries) = fs::read_dir(&dir) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter(|e| {
                e.file_name()
                    .to_str()
                    .and_then(parse_name)
                    .is_some_and(|(tag, k)| k == kind && !tag_is_live(&dir, tag))
            })
            .map(|e| e.path())
            .collect()
    }

    /// Removes, from a work-tree folder, the temporaries that emends now gone left there.
    pub(crate) fn sweep_folder(&self, folder: &Path) {
        let dir = self.tmp_dir();
        let Ok(entries) = fs::read_dir(folder) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(WORKTREE_PREFIX)) else {
                continue;
            };
            if let Some((tag, _)) = parse_name(rest)
                && !tag_is_live(&dir, tag)
            {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// True when `path` is still the file `file` has open.
#[cfg(unix)]
fn is_same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// True when `a` and `b` are on one file system (so a rename between them is atomic).
#[cfg(unix)]
fn same_file_system(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file_system(a: &Path, b: &Path) -> bool {
    a.components().next() == b.components().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_tag_and_the_kind() {
        assert_eq!(parse_name("123-ab12.live"), Some(("123-ab12", "live")));
        assert_eq!(parse_name("123-ab12.lock.ff"), Some(("123-ab12", "lock")));
        assert_eq!(parse_name("123-ab12.file.x8Yz"), Some(("123-ab12", "file")));
        for other in [
            ".sweep",
            ".new-1-a",
            "x-1.live",
            "1.live",
            "12-.file.a",
            "index",
        ] {
            assert_eq!(parse_name(other), None, "{other}");
        }
    }
}
