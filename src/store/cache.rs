//! A cache of results that never change, under `.git/emend-cache/`.
//!
//! What is cached is named by the git ids it was computed from (blobs never
//! change), so an entry is never out of date; the folder is named after
//! emend's version, so what an older emend computed is not reused. The cache is
//! always safe to delete, is never committed (it lives inside `.git`), and is
//! kept under [`Cache::LIMIT`] bytes.
//!
//! The entries are lines appended to one file, `entries`: a newline, the
//! name, a tab, the bytes (which hold no newline), a newline. One file rather than one per
//! entry, because a history of 2,000 revisions makes 2,000 small entries and
//! creating 2,000 files costs more than the comparisons they save. Each line,
//! or batch of lines, is written with one `write` to a file opened for
//! appending, so two emends writing at once do not mix their lines; a torn or unreadable line is
//! skipped, and a name written twice keeps its last line. When the file passes
//! the limit it is deleted and the cache starts again. Every failure to read
//! or write the cache is ignored: the caller recomputes what it cannot find.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use super::Store;

/// A handle on the store's cache for one command.
#[derive(Debug)]
pub struct Cache {
    /// `<git common dir>/emend-cache/<emend version>/entries`.
    file: PathBuf,
    limit: u64,
    /// The entries, read at the first look-up; what this handle writes is added.
    entries: RefCell<Option<HashMap<String, Vec<u8>>>>,
    /// The file's size, known once read or written.
    size: Cell<Option<u64>>,
}

impl Store {
    /// The store's cache (shared by every work tree of the repository): one
    /// handle per store, so that the file is read once per command.
    pub fn cache(&self) -> &Cache {
        self.cache
            .get_or_init(|| Cache::new(self.repo.commondir().join("emend-cache"), Cache::LIMIT))
    }
}

impl Cache {
    /// The most the cache keeps: 64 MiB.
    pub const LIMIT: u64 = 64 << 20;

    /// A cache in folder `root`, kept under `limit` bytes.
    pub(crate) fn new(root: PathBuf, limit: u64) -> Cache {
        Cache {
            file: root.join(env!("CARGO_PKG_VERSION")).join("entries"),
            limit,
            entries: RefCell::new(None),
            size: Cell::new(None),
        }
    }

    /// The entry `name` (letters, digits, `-` and `.`), if it is there.
    pub fn get(&self, name: &str) -> Option<Vec<u8>> {
        let mut entries = self.entries.borrow_mut();
        entries
            .get_or_insert_with(|| self.read())
            .get(name)
            .cloned()
    }

    /// Keeps `bytes` as entry `name`; nothing is kept for a bad name or bytes
    /// holding a newline.
    pub fn put(&self, name: &str, bytes: &[u8]) {
        self.put_all(vec![(name.to_string(), bytes.to_vec())]);
    }

    /// Keeps each `(name, bytes)` as [`Cache::put`] does, in one write.
    pub fn put_all(&self, new: Vec<(String, Vec<u8>)>) {
        let kept: Vec<(String, Vec<u8>)> = new
            .into_iter()
            .filter(|(name, bytes)| valid(name) && !bytes.contains(&b'\n'))
            .collect();
        if kept.is_empty() {
            return;
        }
        // A newline first too: a line torn by a crash ends before this one.
        let mut lines = Vec::new();
        for (name, bytes) in &kept {
            lines.push(b'\n');
            lines.extend_from_slice(name.as_bytes());
            lines.push(b'\t');
            lines.extend_from_slice(bytes);
            lines.push(b'\n');
        }
        if let Some(entries) = self.entries.borrow_mut().as_mut() {
            entries.extend(kept);
        }
        let size = match self.size.get() {
            Some(s) => s,
            None => std::fs::metadata(&self.file).map_or(0, |m| m.len()),
        };
        let size = if size + lines.len() as u64 > self.limit {
            // Past the limit the cache starts again.
            let _ = std::fs::remove_file(&self.file);
            0
        } else {
            size
        };
        if lines.len() as u64 > self.limit {
            self.size.set(Some(size));
            return;
        }
        let written = self.file.parent().is_some_and(|dir| {
            std::fs::create_dir_all(dir).is_ok()
                && std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&self.file)
                    .and_then(|mut f| f.write_all(&lines))
                    .is_ok()
        });
        self.size
            .set(Some(size + if written { lines.len() as u64 } else { 0 }));
    }

    /// Every whole line of the file, by name.
    fn read(&self) -> HashMap<String, Vec<u8>> {
        let Ok(bytes) = std::fs::read(&self.file) else {
            return HashMap::new();
        };
        self.size.set(Some(bytes.len() as u64));
        let mut out = HashMap::new();
        let mut lines = bytes.split(|&b| b == b'\n');
        // The last piece has no newline: empty, or a line being written.
        let _ = lines.next_back();
        for line in lines {
            let Some(tab) = line.iter().position(|&b| b == b'\t') else {
                continue;
            };
            let Ok(name) = std::str::from_utf8(&line[..tab]) else {
                continue;
            };
            if valid(name) {
                out.insert(name.to_string(), line[tab + 1..].to_vec());
            }
        }
        out
    }
}

/// The names the cache keeps: letters, digits, `-` and `.`.
fn valid(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_across_handles_and_the_last_line_wins() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("emend-cache");
        let cache = Cache::new(root.clone(), 1 << 20);
        assert_eq!(cache.get("a-1"), None);
        cache.put("a-1", b"one");
        cache.put("b-2", b"{\"x\":[1,2]}");
        cache.put("a-1", b"two");
        for (name, bytes) in [
            ("", &b"x"[..]),
            ("a\tb", b"x"),
            ("a/b", b"x"),
            ("c", b"x\ny"),
        ] {
            cache.put(name, bytes);
        }
        let again = Cache::new(root, 1 << 20);
        assert_eq!(again.get("a-1").as_deref(), Some(&b"two"[..]));
        assert_eq!(again.get("b-2").as_deref(), Some(&b"{\"x\":[1,2]}"[..]));
        assert_eq!(again.get("c"), None);
        assert_eq!(again.get(""), None);
        let text = std::fs::read_to_string(&again.file).unwrap();
        assert_eq!(text.lines().filter(|l| !l.is_empty()).count(), 3, "{text}");
    }

    #[test]
    fn torn_and_foreign_lines_are_skipped() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("emend-cache");
        let cache = Cache::new(root.clone(), 1 << 20);
        cache.put("good", b"1");
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&cache.file)
            .unwrap();
        f.write_all(b"no tab here\n\xff\xfe\t2\nbad/name\t3\nhalf\t4")
            .unwrap();
        drop(f);
        let again = Cache::new(root.clone(), 1 << 20);
        assert_eq!(again.get("good").as_deref(), Some(&b"1"[..]));
        assert_eq!(
            again.get("half"),
            None,
            "a line without its newline is not whole"
        );
        assert_eq!(again.get("bad/name"), None);
        // A later whole line after the torn one is read again.
        again.put("after", b"5");
        let third = Cache::new(root, 1 << 20);
        assert_eq!(third.get("after").as_deref(), Some(&b"5"[..]));
        assert_eq!(
            third.get("half").as_deref(),
            Some(&b"4"[..]),
            "torn: the caller's decoding refuses it"
        );
        assert_eq!(third.get("good").as_deref(), Some(&b"1"[..]));
    }

    #[test]
    fn past_its_limit_the_cache_starts_again() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("emend-cache");
        let cache = Cache::new(root.clone(), 1000);
        for k in 0..30 {
            cache.put(&format!("e{k:02}"), &[b'x'; 100]);
            assert!(std::fs::metadata(&cache.file).unwrap().len() <= 1000);
        }
        let again = Cache::new(root.clone(), 1000);
        assert!(again.get("e29").is_some(), "the newest entry stays");
        assert!(again.get("e00").is_none(), "the oldest entry goes");
        // A second handle counts what is there before writing.
        for k in 30..40 {
            again.put(&format!("e{k:02}"), &[b'y'; 100]);
        }
        assert!(std::fs::metadata(&again.file).unwrap().len() <= 1000);
        // An entry larger than the whole cache is not kept.
        again.put("huge", &[b'z'; 2000]);
        assert!(Cache::new(root, 1000).get("huge").is_none());
    }
}
