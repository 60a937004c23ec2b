//! What the history walks need of each commit, kept in the store's cache.
//!
//! Finding the file's blob in each of 2,000 commits means reading 2,000 trees
//! from the packs, and ordering the commits means parsing each of them: most
//! of a second `status` or `blame` on a long history, once the comparisons are
//! cached. Both facts are fixed by the ids they are named by, so they are
//! cached as the comparisons are (see [`super::Cache`]):
//!
//! - `commit2-<commit>`: the commit's commit and author times, tree and
//!   parents (`<time> <time> <tree> <parent>...`); `info1-<commit>`, for the
//!   commits a walk shows, what [`CommitInfo`] adds (author, time, message;
//!   JSON). A commit without parents is never kept: a shallow clone shows its
//!   boundary commits without their parents, and they may be fetched later.
//! - `path1-<path key>-<tree>`: the file's blob in that tree, or `-` for none
//!   (named by tree, so that commits sharing a tree share the entry).
//!
//! New facts are written in one batch by [`Facts::save`]. What one command
//! reads is kept with its store ([`Memo`]), so that its several walks over one
//! history read each commit once.

use std::cell::RefCell;
use std::path::Path;
use std::sync::Arc;

use git2::Oid;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::error::GitContext;
use super::{Author, CommitInfo, CommitTime, Store, StoreError};

/// One commit, as the walks see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CommitFacts {
    /// Commit time and author time (seconds), which order the walks.
    pub times: (i64, i64),
    pub tree: Oid,
    pub parents: Vec<Oid>,
}

/// The cached form of what [`CommitInfo`] adds to [`CommitFacts`].
#[derive(Serialize, Deserialize)]
struct StoredInfo<S> {
    name: S,
    email: S,
    seconds: i64,
    offset: i32,
    summary: S,
    message: S,
}

/// A file whose blobs the walks look up.
pub(crate) struct FactPath {
    /// As the store names it (in messages).
    in_store: String,
    /// As the repository's trees name it.
    in_repo: String,
    /// What names it in the cache.
    key: String,
}

/// What a store has read of its history during one command.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    /// The commits met so far (a walk meets each as a parent, then as itself).
    commits: FxHashMap<Oid, Arc<CommitFacts>>,
    /// The file's blob by (tree, path key).
    blobs: FxHashMap<(Oid, String), Option<Oid>>,
    /// What `log` shows of the commits shown so far.
    infos: FxHashMap<Oid, CommitInfo>,
}

/// A walk's access to the facts, and those it learned, still to be written.
pub(crate) struct Facts<'s> {
    store: &'s Store,
    fresh: RefCell<Vec<(String, Vec<u8>)>>,
}

impl<'s> Facts<'s> {
    pub fn new(store: &'s Store) -> Facts<'s> {
        Facts {
            store,
            fresh: RefCell::new(Vec::new()),
        }
    }

    /// The commit `id`, from the cache or from git.
    pub fn commit(&self, id: Oid) -> Result<Arc<CommitFacts>, StoreError> {
        if let Some(facts) = self.store.memo.borrow().commits.get(&id) {
            return Ok(facts.clone());
        }
        let facts = Arc::new(self.read_commit(id)?);
        let mut memo = self.store.memo.borrow_mut();
        memo.commits.insert(id, facts.clone());
        Ok(facts)
    }

    fn read_commit(&self, id: Oid) -> Result<CommitFacts, StoreError> {
        let name = entry_name("commit2-", "", id);
        if let Some(facts) = self.store.cache().get(&name).and_then(|b| decode(&b)) {
            return Ok(facts);
        }
        let c = self.find(id)?;
        let facts = CommitFacts {
            times: (c.time().seconds(), c.author().when().seconds()),
            tree: c.tree_id(),
            parents: c.parent_ids().collect(),
        };
        if !facts.parents.is_empty() {
            self.keep(name, encode(&facts));
        }
        Ok(facts)
    }

    /// What `log` shows of commit `id` (its author, time and message), from
    /// the cache or from git. Kept apart from [`Facts::commit`]: only the
    /// commits that changed a file are shown, and a long history holds many
    /// more than those.
    pub fn info(&self, id: Oid) -> Result<CommitInfo, StoreError> {
        if let Some(info) = self.store.memo.borrow().infos.get(&id) {
            return Ok(info.clone());
        }
        let info = self.read_info(id)?;
        let mut memo = self.store.memo.borrow_mut();
        memo.infos.insert(id, info.clone());
        Ok(info)
    }

    fn read_info(&self, id: Oid) -> Result<CommitInfo, StoreError> {
        let facts = self.commit(id)?;
        let name = entry_name("info1-", "", id);
        if let Some(info) = self
            .store
            .cache()
            .get(&name)
            .and_then(|b| decode_info(id, &facts.parents, &b))
        {
            return Ok(info);
        }
        let info = CommitInfo::from_commit(&self.find(id)?);
        if !info.parents.is_empty() {
            self.keep(name, encode_info(&info));
        }
        Ok(info)
    }

    fn find(&self, id: Oid) -> Result<git2::Commit<'s>, StoreError> {
        self.store
            .repo
            .find_commit(id)
            .git_ctx(|| format!("reading commit {id}"))
    }

    /// `path` (store-relative), as the walks look it up.
    pub fn path(&self, path: &str) -> Result<FactPath, StoreError> {
        let in_repo = self.store.repo_path(path)?;
        // A hash names it in the cache: a path may hold any character.
        let id = Oid::hash_object(git2::ObjectType::Blob, in_repo.as_bytes())
            .map_or_else(|_| in_repo.len().to_string(), |id| id.to_string());
        Ok(FactPath {
            in_store: path.to_string(),
            key: id[..16.min(id.len())].to_string(),
            in_repo,
        })
    }

    /// The blob at `path` in `commit`, whose tree is `tree`; `None` when
    /// there is no file there. A link there is an error, as everywhere the
    /// store reads a version.
    pub fn blob(&self, commit: Oid, tree: Oid, path: &FactPath) -> Result<Option<Oid>, StoreError> {
        let memo_key = (tree, path.key.clone());
        if let Some(&blob) = self.store.memo.borrow().blobs.get(&memo_key) {
            return Ok(blob);
        }
        let blob = self.read_blob(commit, tree, path)?;
        self.store.memo.borrow_mut().blobs.insert(memo_key, blob);
        Ok(blob)
    }

    fn read_blob(
        &self,
        commit: Oid,
        tree: Oid,
        path: &FactPath,
    ) -> Result<Option<Oid>, StoreError> {
        let name = entry_name("path1-", &path.key, tree);
        if let Some(bytes) = self.store.cache().get(&name) {
            match bytes.as_slice() {
                b"-" => return Ok(None),
                hex => {
                    if let Some(id) = std::str::from_utf8(hex).ok().and_then(full_id) {
                        return Ok(Some(id));
                    }
                }
            }
        }
        let t = self
            .store
            .repo
            .find_tree(tree)
            .git_ctx(|| format!("reading the tree of {commit}"))?;
        let entry = t.get_path(Path::new(&path.in_repo)).ok();
        let blob = super::links::file_blob(entry.as_ref(), &path.in_store, commit)?;
        let value = blob.map_or_else(|| b"-".to_vec(), |b| hex(b).into_bytes());
        self.keep(name, value);
        Ok(blob)
    }

    fn keep(&self, name: String, bytes: Vec<u8>) {
        self.fresh.borrow_mut().push((name, bytes));
    }

    /// Writes the facts learned to the cache, in one write.
    pub fn save(self) {
        let fresh = self.fresh.into_inner();
        if !fresh.is_empty() {
            self.store.cache().put_all(&fresh);
        }
    }
}

/// `<prefix><key>-<id>`, or `<prefix><id>` without a key.
fn entry_name(prefix: &str, key: &str, id: Oid) -> String {
    let mut out = String::with_capacity(prefix.len() + key.len() + 41);
    out.push_str(prefix);
    if !key.is_empty() {
        out.push_str(key);
        out.push('-');
    }
    push_hex(&mut out, id);
    out
}

/// An id in hex.
fn hex(id: Oid) -> String {
    let mut out = String::with_capacity(40);
    push_hex(&mut out, id);
    out
}

/// Appends an id in hex (written here: git's `Display` for ids, or `format!`,
/// costs more than the cache look-up the name is for).
fn push_hex(out: &mut String, id: Oid) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for &b in id.as_bytes() {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
}

/// A whole id in hex (git reads a shorter one as a prefix padded with zeros:
/// an entry cut short must not name another object).
fn full_id(hex: &str) -> Option<Oid> {
    if hex.len() != 40 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Oid::from_str(hex).ok()
}

/// `<commit time> <author time> <tree> <parent>...`.
fn encode(f: &CommitFacts) -> Vec<u8> {
    let mut out = format!("{} {} {}", f.times.0, f.times.1, hex(f.tree));
    for &p in &f.parents {
        out.push(' ');
        out.push_str(&hex(p));
    }
    out.into_bytes()
}

fn decode(bytes: &[u8]) -> Option<CommitFacts> {
    let mut fields = std::str::from_utf8(bytes).ok()?.split(' ');
    let times = (fields.next()?.parse().ok()?, fields.next()?.parse().ok()?);
    let tree = full_id(fields.next()?)?;
    let parents = fields.map(full_id).collect::<Option<Vec<_>>>()?;
    (!parents.is_empty()).then_some(CommitFacts {
        times,
        tree,
        parents,
    })
}

fn encode_info(info: &CommitInfo) -> Vec<u8> {
    let stored = StoredInfo {
        name: info.author.name.as_str(),
        email: &info.author.email,
        seconds: info.time.seconds,
        offset: info.time.offset_minutes,
        summary: &info.summary,
        message: &info.message,
    };
    // JSON escapes every newline, so the entry is one line.
    serde_json::to_vec(&stored).unwrap_or_default()
}

fn decode_info(id: Oid, parents: &[Oid], bytes: &[u8]) -> Option<CommitInfo> {
    let s: StoredInfo<String> = serde_json::from_slice(bytes).ok()?;
    Some(CommitInfo {
        id,
        short_id: super::short_id(id),
        author: Author {
            name: s.name,
            email: s.email,
        },
        time: CommitTime {
            seconds: s.seconds,
            offset_minutes: s.offset,
        },
        summary: s.summary,
        message: s.message,
        parents: parents.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    #[test]
    fn facts_read_back_from_the_cache_are_the_facts_from_git() {
        let (_tmp, store) = new_store();
        let root = store.head_commit().unwrap().unwrap();
        let p = "translations/d/a.md";
        let first = write(&store, &[(p, "one\n")], "add\n\nwith a body", 1);
        let second = write(&store, &[("translations/d/b.md", "x")], "other", 2);
        let third = write(&store, &[(p, "two\n")], "change", 3);
        let ids = [root, first, second, third];
        let from_git = Facts::new(&store);
        let key = from_git.path(p).unwrap();
        let mut expected = Vec::new();
        for id in ids {
            let c = from_git.commit(id).unwrap();
            let blob = from_git.blob(id, c.tree, &key).unwrap();
            assert_eq!(blob, store.blob_id_at(id, p).unwrap());
            let info = from_git.info(id).unwrap();
            assert_eq!(info, store.commit_info(id).unwrap());
            expected.push(((*c).clone(), info, blob));
        }
        from_git.save();

        // A new handle on the store reads them back from the cache alone.
        let again = Store::open(store.workdir()).unwrap();
        for kind in ["commit2-", "info1-"] {
            assert!(
                again.cache().get(&format!("{kind}{root}")).is_none(),
                "a commit without parents is never kept"
            );
            assert!(again.cache().get(&format!("{kind}{third}")).is_some());
        }
        let cached = Facts::new(&again);
        for (id, want) in ids.into_iter().zip(&expected) {
            let c = cached.commit(id).unwrap();
            let blob = cached.blob(id, c.tree, &key).unwrap();
            let info = cached.info(id).unwrap();
            assert_eq!(&((*c).clone(), info, blob), want);
        }
        assert!(
            cached.fresh.borrow().is_empty(),
            "nothing new learned: the root is read again and still not kept"
        );
        // They came from the cache: an entry changed there is what is read.
        let name = format!("info1-{third}");
        let changed = String::from_utf8(again.cache().get(&name).unwrap()).unwrap();
        let third_handle = Store::open(store.workdir()).unwrap();
        third_handle
            .cache()
            .put(&name, changed.replace("change", "altered").as_bytes());
        let fourth = Store::open(store.workdir()).unwrap();
        let read = Facts::new(&fourth).info(third).unwrap();
        assert_eq!(read.summary, "altered");
        assert_eq!(read.parents, expected[3].1.parents);
        assert_eq!(expected[0].2, None, "no file before it was added");
        assert_eq!(expected[1].2, expected[2].2, "the same file in both trees");
        assert_ne!(expected[2].2, expected[3].2);
    }

    #[test]
    fn an_entry_cut_short_or_naming_a_short_id_is_refused() {
        let id = "0123456789abcdef0123456789abcdef01234567";
        let whole = format!("5 4 {id} {id}");
        assert!(decode(whole.as_bytes()).is_some());
        for bad in [
            format!("5 4 {id}"),
            format!("5 4 {id} {}", &id[..20]),
            format!("5 4 {} {id}", &id[..39]),
            format!("5 x {id} {id}"),
            whole[..whole.len() / 2].to_string(),
        ] {
            assert_eq!(decode(bad.as_bytes()), None, "{bad}");
        }
    }
}
