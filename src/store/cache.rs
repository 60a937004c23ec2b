//! A cache of results that never change, under `.git/emend-cache/`.
//!
//! What is cached is named by the git ids it was computed from (blobs never
//! change), so an entry is never out of date; the folder is named after
//! emend's version and the revision of its rules ([`RULES`]), so what an older
//! emend, or one with other rules, computed is not reused. The cache is
//! always safe to delete, is never committed (it lives inside `.git`), and is
//! kept under [`Cache::LIMIT`] bytes.
//!
//! The entries are lines appended to one file, `entries`: a newline, the
//! name, a tab, the bytes (which hold no newline), a newline. One file rather than one per
//! entry, because a history of 2,000 revisions makes 2,000 small entries and
//! creating 2,000 files costs more than the comparisons they save. Each line,
//! or batch of lines, is written with one `write` to a file opened for
//! appending, so two emends writing at once do not mix their lines; a torn or unreadable line is
//! skipped, and a name written twice keeps its last line. When the file would
//! pass the limit it is rewritten with the newest entries that fill half of it
//! (an entry this command read counts as newest: a long history's comparisons,
//! read by every `blame`, stay while what no command asks for goes), written
//! among emend's temporaries (`emend-tmp`, see `tmp.rs`) and renamed over it. Every failure to read or write the cache is
//! ignored: the caller recomputes what it cannot find.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use super::Store;
use super::tmp::{TMP_DIR, temp_path_in};

/// The entries by name: their bytes, and whether this handle found them.
type Entries = FxHashMap<String, (Vec<u8>, Cell<bool>)>;

/// A handle on the store's cache for one command.
#[derive(Debug)]
pub struct Cache {
    /// `<git common dir>/emend-cache/<emend version>/entries`.
    file: PathBuf,
    /// emend's temporaries beside the cache (`<git common dir>/emend-tmp`),
    /// where a file being rewritten is made.
    tmp_dir: PathBuf,
    limit: u64,
    /// The entries, read at the first look-up, and whether this handle found each.
    entries: RefCell<Option<Entries>>,
    /// The file's size, known once read or written.
    size: Cell<Option<u64>>,
    /// The file opened for appending, at the first write (a history writes
    /// an entry per revision: one `write` each, not an open, a write and a close).
    appending: RefCell<Option<std::fs::File>>,
}

impl Store {
    /// The store's cache (shared by every work tree of the repository): one
    /// handle per store, so that the file is read once per command.
    pub fn cache(&self) -> &Cache {
        self.cache
            .get_or_init(|| Cache::new(self.repo.commondir().join("emend-cache"), Cache::LIMIT))
    }
}

/// The revision of the rules whose results the cache keeps: how a text is read
/// and keyed, how rows pair, how words are compared. A change to any of them that
/// changes what a command prints (what `tests/same-output.sh` shows) raises it by
/// one, so that results an emend of the same version computed by the old rules
/// are not reused.
pub const RULES: u32 = 3;

/// The cache's folder: emend's version and [`RULES`] (`0.1.0-r3`).
fn folder_name() -> String {
    format!("{}-r{RULES}", env!("CARGO_PKG_VERSION"))
}

/// Removes the caches beside `ours` (not yet made) that an older emend, or one of
/// other rules, left: folders holding an `entries` file, which nothing here reads
/// again. Two emends of different rules used by turns on one store each start afresh.
fn remove_other_caches(ours: &Path) {
    let (Some(root), Some(name)) = (ours.parent(), ours.file_name()) else {
        return;
    };
    let Ok(dirs) = std::fs::read_dir(root) else {
        return;
    };
    for dir in dirs.flatten() {
        let path = dir.path();
        if dir.file_name() != name && path.join("entries").is_file() {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

impl Cache {
    /// The most the cache keeps: 64 MiB.
    pub const LIMIT: u64 = 64 << 20;

    /// A cache in folder `root`, kept under `limit` bytes.
    pub(crate) fn new(root: PathBuf, limit: u64) -> Cache {
        Cache {
            file: root.join(folder_name()).join("entries"),
            tmp_dir: root.with_file_name(TMP_DIR),
            limit,
            entries: RefCell::new(None),
            size: Cell::new(None),
            appending: RefCell::new(None),
        }
    }

    /// The entry `name` (letters, digits, `-` and `.`), if it is there.
    pub fn get(&self, name: &str) -> Option<Vec<u8>> {
        let mut entries = self.entries.borrow_mut();
        let (bytes, found) = entries.get_or_insert_with(|| self.read()).get(name)?;
        found.set(true);
        Some(bytes.clone())
    }

    /// Keeps `bytes` as entry `name`; nothing is kept for a bad name or bytes
    /// holding a newline. This handle's later look-ups find it too.
    pub fn put(&self, name: &str, bytes: &[u8]) {
        if !valid(name) || bytes.contains(&b'\n') {
            return;
        }
        if let Some(entries) = self.entries.borrow_mut().as_mut() {
            entries.insert(name.to_string(), (bytes.to_vec(), Cell::new(false)));
        }
        self.put_all(&[(name, bytes)]);
    }

    /// Keeps each `(name, bytes)` as [`Cache::put`] does, in one write, for
    /// later commands: this handle's look-ups do not find them (the caller
    /// keeps what it learned).
    pub fn put_all<N: AsRef<str>, B: AsRef<[u8]>>(&self, new: &[(N, B)]) {
        // A newline first too: a line torn by a crash ends before this one.
        let mut lines = Vec::new();
        for (name, bytes) in new {
            let (name, bytes) = (name.as_ref(), bytes.as_ref());
            if valid(name) && !bytes.contains(&b'\n') {
                lines.push(b'\n');
                lines.extend_from_slice(name.as_bytes());
                lines.push(b'\t');
                lines.extend_from_slice(bytes);
                lines.push(b'\n');
            }
        }
        if lines.is_empty() {
            return;
        }
        let size = match self.size.get() {
            Some(s) => s,
            None => std::fs::metadata(&self.file).map_or(0, |m| m.len()),
        };
        let size = if size + lines.len() as u64 > self.limit {
            // The file is replaced: what is open is the old one.
            self.appending.replace(None);
            self.compact((self.limit / 2).saturating_sub(lines.len() as u64))
        } else {
            size
        };
        if lines.len() as u64 > self.limit {
            self.size.set(Some(size));
            return;
        }
        let mut appending = self.appending.borrow_mut();
        if appending.is_none() {
            *appending = self.file.parent().and_then(|dir| {
                if !dir.exists() {
                    remove_other_caches(dir);
                }
                std::fs::create_dir_all(dir).ok()?;
                let mut options = std::fs::OpenOptions::new();
                options.create(true).append(true).open(&self.file).ok()
            });
        }
        let written = appending
            .as_mut()
            .is_some_and(|f| f.write_all(&lines).is_ok());
        self.size
            .set(Some(size + if written { lines.len() as u64 } else { 0 }));
    }

    /// Rewrites the file with the newest entries that fit in `room` bytes
    /// (those this handle found count as newest); its new size.
    fn compact(&self, room: u64) -> u64 {
        let bytes = std::fs::read(&self.file).unwrap_or_default();
        let entries = self.entries.borrow();
        let found_here = |name: &str| {
            entries
                .as_ref()
                .and_then(|e| e.get(name))
                .is_some_and(|(_, found)| found.get())
        };
        // Whole lines, the last of each name, oldest first; found ones after the rest.
        let mut last: HashMap<&[u8], usize> = HashMap::new();
        let lines: Vec<&[u8]> = whole_lines(&bytes).collect();
        for (k, line) in lines.iter().enumerate() {
            last.insert(entry_name(line), k);
        }
        let is_used = |line: &[u8]| std::str::from_utf8(entry_name(line)).is_ok_and(found_here);
        let latest = lines
            .iter()
            .enumerate()
            .filter(|&(k, line)| last.get(entry_name(line)) == Some(&k))
            .map(|(_, line)| *line);
        let (found, rest): (Vec<&[u8]>, Vec<&[u8]>) = latest.partition(|line| is_used(line));
        let mut kept = Vec::new();
        let mut size = 0u64;
        for line in rest.iter().chain(&found).rev() {
            let n = line.len() as u64 + 2;
            if size + n > room {
                break;
            }
            size += n;
            kept.push(*line);
        }
        let mut out = Vec::with_capacity(size as usize);
        for line in kept.iter().rev() {
            out.push(b'\n');
            out.extend_from_slice(line);
            out.push(b'\n');
        }
        // Made among emend's temporaries, which the next emend sweeps away if
        // this one is killed before the rename.
        let replaced = temp_path_in(&self.tmp_dir, "cache").is_ok_and(|beside| {
            let done = std::fs::write(&beside, &out).is_ok()
                && std::fs::rename(&beside, &self.file).is_ok();
            if !done {
                let _ = std::fs::remove_file(&beside);
            }
            done
        });
        if replaced {
            size
        } else {
            let _ = std::fs::remove_file(&self.file);
            0
        }
    }

    /// Every whole line of the file, by name.
    fn read(&self) -> Entries {
        let Ok(bytes) = std::fs::read(&self.file) else {
            return Entries::default();
        };
        self.size.set(Some(bytes.len() as u64));
        let mut out = Entries::default();
        for line in whole_lines(&bytes) {
            let Ok(name) = std::str::from_utf8(entry_name(line)) else {
                continue;
            };
            let bytes = line[name.len() + 1..].to_vec();
            out.insert(name.to_string(), (bytes, Cell::new(false)));
        }
        out
    }
}

/// The file's whole lines that hold an entry: a valid name, a tab, bytes.
fn whole_lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut lines = bytes.split(|&b| b == b'\n');
    // The last piece has no newline: empty, or a line being written.
    let _ = lines.next_back();
    lines.filter(|line| {
        line.iter()
            .position(|&b| b == b'\t')
            .is_some_and(|tab| std::str::from_utf8(&line[..tab]).is_ok_and(valid))
    })
}

/// The name of an entry's line (the bytes before its first tab).
fn entry_name(line: &[u8]) -> &[u8] {
    let tab = line.iter().position(|&b| b == b'\t').unwrap_or(line.len());
    &line[..tab]
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
    fn results_of_other_rules_are_not_reused() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("emend-cache");
        let older = root.join(format!("{}-r{}", env!("CARGO_PKG_VERSION"), RULES - 1));
        std::fs::create_dir_all(&older).unwrap();
        std::fs::write(older.join("entries"), b"\nrevdiff-1\told rows\n").unwrap();
        std::fs::create_dir_all(root.join("not-a-cache")).unwrap();
        let cache = Cache::new(root.clone(), 1 << 20);
        assert_eq!(cache.get("revdiff-1"), None);
        cache.put("revdiff-1", b"new rows");
        assert!(cache.file.ends_with(format!("{}/entries", folder_name())));
        assert_eq!(cache.get("revdiff-1").as_deref(), Some(&b"new rows"[..]));
        // The old rules' cache, which nothing reads again, is gone; a folder that holds
        // no cache stays.
        assert!(!older.exists());
        assert!(root.join("not-a-cache").exists());
    }

    #[test]
    fn past_its_limit_the_cache_keeps_its_newest_and_its_used_entries() {
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
        // A second handle counts what is there before writing, and what it
        // found counts as newest.
        let found: Vec<String> = (0..30)
            .map(|k| format!("e{k:02}"))
            .filter(|name| again.get(name).is_some())
            .collect();
        let newest_found = found.last().unwrap().clone();
        for k in 30..40 {
            again.put(&format!("e{k:02}"), &[b'y'; 100]);
        }
        assert!(std::fs::metadata(&again.file).unwrap().len() <= 1000);
        let third = Cache::new(root.clone(), 1000);
        assert!(third.get("e39").is_some());
        assert!(
            third.get(&newest_found).is_some(),
            "an entry found by the writer outlives newer ones it did not ask for"
        );
        assert!(
            third.get("e34").is_none(),
            "{:?}",
            std::fs::read_to_string(&third.file)
        );
        // An entry larger than the whole cache is not kept.
        again.put("huge", &[b'z'; 2000]);
        assert!(Cache::new(root.clone(), 1000).get("huge").is_none());
        let leftovers = std::fs::read_dir(again.file.parent().unwrap())
            .unwrap()
            .count();
        assert_eq!(leftovers, 1, "only the entries file");
    }
}
