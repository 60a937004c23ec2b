//! A cache of results that never change, under `.git/emend-cache/`.
//!
//! What is cached is named by the git ids it was computed from (blobs never
//! change), so an entry is never out of date; the folder is named after
//! emend's version, so what an older emend computed is not reused. The cache is
//! always safe to delete, is never committed (it lives inside `.git`), and is
//! kept under [`Cache::LIMIT`] bytes: past it, the oldest entries are deleted.
//! Every failure to read or write it is ignored; what the caller cannot
//! decode it recomputes and writes again.

use std::cell::Cell;
use std::path::PathBuf;

use super::Store;

/// A handle on the store's cache for one command.
#[derive(Debug)]
pub struct Cache {
    /// `<git common dir>/emend-cache/<emend version>`.
    dir: PathBuf,
    limit: u64,
    /// Bytes in `dir`, counted at the first write.
    used: Cell<Option<u64>>,
}

impl Store {
    /// The store's cache (shared by every work tree of the repository).
    pub fn cache(&self) -> Cache {
        Cache::new(self.repo.commondir().join("emend-cache"), Cache::LIMIT)
    }
}

impl Cache {
    /// The most the cache keeps: 64 MiB.
    pub const LIMIT: u64 = 64 << 20;

    /// A cache in `root`, kept under `limit` bytes.
    pub(crate) fn new(root: PathBuf, limit: u64) -> Cache {
        Cache {
            dir: root.join(env!("CARGO_PKG_VERSION")),
            limit,
            used: Cell::new(None),
        }
    }

    /// The entry `name` (letters, digits, `-` and `.`), if it is there.
    pub fn get(&self, name: &str) -> Option<Vec<u8>> {
        if !valid(name) {
            return None;
        }
        std::fs::read(self.dir.join(name)).ok()
    }

    /// Keeps `bytes` as entry `name`, replacing it whole (written aside, then
    /// renamed, so that a reader never sees half an entry); then deletes the
    /// oldest entries if the cache is over its limit.
    pub fn put(&self, name: &str, bytes: &[u8]) {
        if !valid(name) || std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let used = match self.used.get() {
            Some(u) => u,
            None => self.entries().iter().map(|(_, len, _)| len).sum(),
        };
        let tmp = self.dir.join(format!(".tmp-{}-{name}", std::process::id()));
        if std::fs::write(&tmp, bytes).is_err()
            || std::fs::rename(&tmp, self.dir.join(name)).is_err()
        {
            let _ = std::fs::remove_file(&tmp);
            self.used.set(Some(used));
            return;
        }
        let used = used + bytes.len() as u64;
        self.used.set(Some(if used > self.limit {
            self.shrink()
        } else {
            used
        }));
    }

    /// Every entry with its size and modification time.
    fn entries(&self) -> Vec<(PathBuf, u64, std::time::SystemTime)> {
        let Ok(dir) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        dir.filter_map(|e| {
            let e = e.ok()?;
            let m = e.metadata().ok()?;
            m.is_file().then(|| {
                (
                    e.path(),
                    m.len(),
                    m.modified().unwrap_or(std::time::UNIX_EPOCH),
                )
            })
        })
        .collect()
    }

    /// Deletes the oldest entries until the cache holds at most half its limit; returns its size.
    fn shrink(&self) -> u64 {
        let mut entries = self.entries();
        entries.sort_by_key(|(path, _, time)| (*time, path.clone()));
        let mut used: u64 = entries.iter().map(|(_, len, _)| len).sum();
        for (path, len, _) in entries {
            if used <= self.limit / 2 {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                used -= len;
            }
        }
        used
    }
}

/// Names the cache makes files of: no separators, no way out of its folder.
fn valid(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_bad_names_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = Cache::new(tmp.path().join("emend-cache"), 1 << 20);
        assert_eq!(cache.get("a-1"), None);
        cache.put("a-1", b"one");
        assert_eq!(cache.get("a-1").as_deref(), Some(&b"one"[..]));
        cache.put("a-1", b"two");
        assert_eq!(cache.get("a-1").as_deref(), Some(&b"two"[..]));
        for bad in ["", "../x", "a/b", ".tmp-1-a"] {
            cache.put(bad, b"x");
            assert_eq!(cache.get(bad), None, "{bad}");
        }
        assert!(!tmp.path().join("x").exists());
        // No temporary file is left behind.
        let names: Vec<String> = std::fs::read_dir(&cache.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["a-1"]);
    }

    #[test]
    fn the_oldest_entries_go_when_the_cache_is_over_its_limit() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("emend-cache");
        let cache = Cache::new(root.clone(), 1000);
        for k in 0..30 {
            cache.put(&format!("e{k:02}"), &[b'x'; 100]);
            // Distinct modification times, oldest first.
            let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000 + k);
            let f = std::fs::File::options()
                .write(true)
                .open(cache.dir.join(format!("e{k:02}")))
                .unwrap();
            f.set_modified(t).unwrap();
        }
        let total: u64 = cache.entries().iter().map(|(_, len, _)| len).sum();
        assert!(total <= 1000, "{total} bytes kept");
        assert!(cache.get("e29").is_some(), "the newest entry stays");
        assert!(cache.get("e00").is_none(), "the oldest entry goes");
        // A second handle counts what is there before writing.
        let again = Cache::new(root, 1000);
        for k in 30..40 {
            again.put(&format!("e{k:02}"), &[b'y'; 100]);
        }
        let total: u64 = again.entries().iter().map(|(_, len, _)| len).sum();
        assert!(total <= 1000, "{total} bytes kept");
        assert!(again.get("e39").is_some());
    }
}
