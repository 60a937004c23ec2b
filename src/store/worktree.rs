//! Index and work-tree side of a commit to the checked-out branch, under git's own `index.lock`.
//!
//! Like `git commit`, a write to the checked-out branch holds `index.lock` from before it reads the
//! branch tip until the index and files are updated, so emend writers (and git) on one work tree are
//! serialized and cannot lose each other's index updates. Under the lock, before the ref
//! compare-and-swap, it writes for each changed path the new commit's version; if the CAS fails
//! (a writer that does not take the lock, such as `git update-ref`, moved the branch) the commit is
//! rebuilt and the paths written again. Other index entries (the user's staged changes) are carried
//! over untouched.
//!
//! Steps: the new files are written and fsynced to temp files in emend's temp folder (`tmp.rs`,
//! inside `.git`, where git never sees them) before the lock is taken; under the lock come the index entries (no stat info yet), then the files (rename into
//! place), then the index again with fresh stat info so `git status` does not need to re-hash them.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::{GitContext, io_err};
use super::lock::FileLock;
use super::{Store, StoreError};

/// The tip's version of one path: blob id and file mode, or None when the tip does not have it.
type Target = Option<(git2::Oid, i32)>;

/// A fsynced temp file holding the new content of `path` (blob `id`), waiting to be renamed into place.
pub(crate) struct Prepared {
    path: String,
    id: git2::Oid,
    file: tempfile::NamedTempFile,
}

/// A scratch file in emend's temp folder removed on drop (the private copy of the index we edit).
struct ScratchFile(PathBuf);

impl Drop for ScratchFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
        let mut lock = self.0.as_os_str().to_owned();
        lock.push(".lock");
        let _ = fs::remove_file(PathBuf::from(lock));
    }
}

impl Store {
    /// Writes `data` to a fsynced temp file that `persist(path)` then renames onto `path`
    /// atomically (creating folders); see [`Store::temp_file_for`] for where it is made.
    ///
    /// Permissions follow the existing file (else 0644), with the executable bits set or cleared per `executable`.
    fn prepare_file(
        &self,
        path: &Path,
        data: &[u8],
        executable: bool,
    ) -> Result<tempfile::NamedTempFile, StoreError> {
        let parent = path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(io_err("create folder", parent))?;
        let mut tmp = self.temp_file_for(parent)?;
        tmp.write_all(data)
            .map_err(io_err("write", tmp.path().to_path_buf()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = match fs::metadata(path) {
                Ok(m) if m.is_file() => m.permissions().mode() & 0o777,
                _ => 0o644,
            };
            let mode = if executable {
                mode | 0o111
            } else {
                mode & !0o111
            };
            tmp.as_file()
                .set_permissions(fs::Permissions::from_mode(mode))
                .map_err(io_err("set permissions of", tmp.path().to_path_buf()))?;
        }
        #[cfg(not(unix))]
        let _ = executable;
        tmp.as_file()
            .sync_all()
            .map_err(io_err("sync", tmp.path().to_path_buf()))?;
        Ok(tmp)
    }

    /// Writes and fsyncs temp files (in emend's temp folder) holding this writer's new contents, before any lock is taken.
    pub(crate) fn prepare_files(
        &self,
        changes: &[(String, Option<git2::Oid>)],
    ) -> Result<Vec<Prepared>, StoreError> {
        let wd = self.repo_workdir().to_path_buf();
        let mut prepared = Vec::new();
        for (path, blob) in changes {
            if let Some(id) = blob {
                let content = self
                    .repo
                    .find_blob(*id)
                    .git_ctx(|| format!("reading {path}"))?;
                let file = self.prepare_file(&wd.join(path), content.content(), false)?;
                prepared.push(Prepared {
                    path: path.clone(),
                    id: *id,
                    file,
                });
            }
        }
        Ok(prepared)
    }

    /// Brings the index entries and work-tree files of `changes` (repo-relative paths) to
    /// their versions in `commit`, if `refname` is still checked out.
    ///
    /// This runs before the branch moves to `commit`: a writer killed in between
    /// leaves the new text in the work tree and staged, as after `git add`, never
    /// a committed change that the work tree silently undoes.
    ///
    /// The caller holds `index.lock` (`_lock`); `prepared` are this writer's files from
    /// [`Store::prepare_files`], renamed into place when the commit has that version.
    pub(crate) fn sync_worktree(
        &self,
        _lock: &FileLock,
        refname: &str,
        commit: git2::Oid,
        changes: &[(String, Option<git2::Oid>)],
        prepared: &mut Vec<Prepared>,
    ) -> Result<(), StoreError> {
        let wd = self.repo_workdir().to_path_buf();
        let index_path = self.repo.path().join("index");
        // Re-check under the lock: the user may have switched branches.
        if self.head_ref_name()?.as_deref() != Some(refname) {
            return Ok(());
        }
        let tree = self.commit_tree(commit)?;
        let targets: Vec<(&str, Target)> = changes
            .iter()
            .map(|(p, _)| {
                let t = tree
                    .get_path(Path::new(p))
                    .ok()
                    .filter(|e| e.kind() == Some(git2::ObjectType::Blob))
                    .map(|e| (e.id(), e.filemode()));
                (p.as_str(), t)
            })
            .collect();

        // 1. Index entries (carrying over every other entry from the current index file).
        let scratch = ScratchFile(self.temp_path("index")?);
        if index_path.exists() {
            fs::copy(&index_path, &scratch.0).map_err(io_err("copy", &index_path))?;
        }
        let mut index = git2::Index::open(&scratch.0).git_ctx(|| "reading the index")?;
        for (path, target) in &targets {
            let ctx = || format!("updating the index entry of {path}");
            if index.get_path(Path::new(path), 0).is_some() || has_conflict(&index, path) {
                index.remove_path(Path::new(path)).git_ctx(ctx)?;
            }
            if let Some((id, mode)) = target {
                let size = self.repo.find_blob(*id).git_ctx(ctx)?.size();
                index
                    .add(&entry(path, *id, *mode, size, None))
                    .git_ctx(ctx)?;
            }
        }
        install_index(&mut index, &scratch.0, &index_path)?;

        // 2. Work-tree files: our prepared file when the tip still has our version, else the tip's.
        // Files written first, then files removed: removing a file takes its emptied folders
        // with it, and a file still to be written may go into one of them (a record beside
        // the one a killed emend left there, say).
        let blob_mode = i32::from(git2::FileMode::Blob);
        let (writes, removals): (Vec<&(&str, Target)>, Vec<_>) =
            targets.iter().partition(|(_, t)| t.is_some());
        for item in writes.into_iter().chain(removals) {
            let (path, target) = (&item.0, &item.1);
            let full = wd.join(path);
            match target {
                Some((id, mode)) => {
                    let mine = prepared.iter().position(|p| p.path == *path && p.id == *id);
                    match mine {
                        Some(i) if *mode == blob_mode => {
                            let tmp = prepared.swap_remove(i).file;
                            tmp.persist(&full)
                                .map_err(|e| io_err("replace", &full)(e.error))?;
                        }
                        _ => {
                            let blob = self
                                .repo
                                .find_blob(*id)
                                .git_ctx(|| format!("reading {path}"))?;
                            let executable = *mode == i32::from(git2::FileMode::BlobExecutable);
                            let tmp = self.prepare_file(&full, blob.content(), executable)?;
                            tmp.persist(&full)
                                .map_err(|e| io_err("replace", &full)(e.error))?;
                        }
                    }
                }
                None => remove_file_and_empty_parents(&full, &wd)?,
            }
        }

        // 3. Fresh stat info, only where the file on disk really holds the blob (it could have been edited meanwhile).
        let mut refreshed = false;
        for (path, target) in &targets {
            let Some((id, mode)) = target else { continue };
            let full = wd.join(path);
            let Ok(meta) = fs::symlink_metadata(&full) else {
                continue;
            };
            if !meta.is_file()
                || git2::Oid::hash_file(git2::ObjectType::Blob, &full).ok() != Some(*id)
            {
                continue;
            }
            index
                .add(&entry(path, *id, *mode, meta.len() as usize, Some(&meta)))
                .git_ctx(|| format!("updating the index entry of {path}"))?;
            refreshed = true;
        }
        if refreshed {
            install_index(&mut index, &scratch.0, &index_path)?;
        }
        Ok(())
    }
}

/// True when `path` has conflict (stage 1-3) entries in `index`.
fn has_conflict(index: &git2::Index, path: &str) -> bool {
    (1..=3).any(|stage| index.get_path(Path::new(path), stage).is_some())
}

/// Builds a stage-0 index entry; stat fields come from `meta` when given (zero otherwise, which makes git re-hash).
fn entry(
    path: &str,
    id: git2::Oid,
    mode: i32,
    size: usize,
    meta: Option<&fs::Metadata>,
) -> git2::IndexEntry {
    let zero = git2::IndexTime::new(0, 0);
    let mut e = git2::IndexEntry {
        ctime: zero,
        mtime: zero,
        dev: 0,
        ino: 0,
        mode: mode as u32,
        uid: 0,
        gid: 0,
        file_size: size as u32,
        id,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    };
    if let Some(meta) = meta {
        fill_stat(&mut e, meta);
    }
    e
}

/// Copies stat data into an index entry the way git records it (truncated to 32 bits).
#[cfg(unix)]
fn fill_stat(e: &mut git2::IndexEntry, meta: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    e.ctime = git2::IndexTime::new(meta.ctime() as i32, meta.ctime_nsec() as u32);
    e.mtime = git2::IndexTime::new(meta.mtime() as i32, meta.mtime_nsec() as u32);
    e.dev = meta.dev() as u32;
    e.ino = meta.ino() as u32;
    e.uid = meta.uid();
    e.gid = meta.gid();
    e.file_size = meta.size() as u32;
}

/// Copies what stat data the platform offers (modification time and size).
#[cfg(not(unix))]
fn fill_stat(e: &mut git2::IndexEntry, meta: &fs::Metadata) {
    if let Ok(d) = meta.modified().and_then(|m| {
        m.duration_since(std::time::UNIX_EPOCH)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::Other, e))
    }) {
        e.mtime = git2::IndexTime::new(d.as_secs() as i32, d.subsec_nanos());
        e.ctime = e.mtime;
    }
    e.file_size = meta.len() as u32;
}

/// Writes the edited index to its scratch file and renames it over the real index (we hold index.lock).
///
/// Like git's default (`core.fsync` does not cover the index), the index is not fsynced: it is a cache
/// that `git status` / `git restore` can rebuild, while the commit itself is already safe.
fn install_index(
    index: &mut git2::Index,
    scratch: &Path,
    index_path: &Path,
) -> Result<(), StoreError> {
    index.write().git_ctx(|| "writing the index")?;
    fs::rename(scratch, index_path).map_err(io_err("replace", index_path))
}

/// Deletes `path` if present, then any folders it leaves empty (up to, not including, `stop`).
fn remove_file_and_empty_parents(path: &Path, stop: &Path) -> Result<(), StoreError> {
    match fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_err("delete", path)(e)),
    }
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == stop || !d.starts_with(stop) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}
