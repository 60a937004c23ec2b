//! What the history walks need of each commit, kept in the store's cache.
//!
//! Finding the file's blob in each of 2,000 commits means reading 2,000 trees
//! from the packs, and ordering the commits means parsing each of them: most
//! of a second `status` or `blame` on a long history, once the comparisons are
//! cached. Both facts are fixed by the ids they are named by, so they are
//! cached as the comparisons are (see [`super::Cache`]):
//!
//! - `commit1-<commit>`: the commit's time, tree, parents and what
//!   [`CommitInfo`] shows (author, time, message). A commit without parents
//!   is never kept: a shallow clone shows its boundary commits without their
//!   parents, and they may be fetched later.
//! - `path1-<path key>-<tree>`: the file's blob in that tree, or `-` for none
//!   (named by tree, so that commits sharing a tree share the entry).
//!
//! New facts are written in one batch by [`Facts::save`]. What one command
//! reads is kept with its store ([`Memo`]), so that its several walks over one
//! history read each commit once.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use git2::Oid;
use serde::{Deserialize, Serialize};

use super::error::GitContext;
use super::{Author, CommitInfo, CommitTime, Store, StoreError};

/// One commit, as the walks see it.
#[derive(Debug, Clone)]
pub(crate) struct CommitFacts {
    /// Commit time (seconds), which orders the walks; `info.time` is the author's.
    pub commit_time: i64,
    pub tree: Oid,
    pub info: CommitInfo,
}

/// The cached form of [`CommitFacts`].
#[derive(Serialize, Deserialize)]
struct Stored<S> {
    commit_time: i64,
    tree: S,
    parents: Vec<S>,
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
    commits: HashMap<Oid, Arc<CommitFacts>>,
    /// The file's blob by (tree, path key).
    blobs: HashMap<(Oid, String), Option<Oid>>,
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
        let name = entry_name("commit1-", "", id);
        if let Some(facts) = self.store.cache().get(&name).and_then(|b| decode(id, &b)) {
            return Ok(facts);
        }
        let c = self
            .store
            .repo
            .find_commit(id)
            .git_ctx(|| format!("reading commit {id}"))?;
        let facts = CommitFacts {
            commit_time: c.time().seconds(),
            tree: c.tree_id(),
            info: CommitInfo::from_commit(&c),
        };
        if !facts.info.parents.is_empty() {
            self.keep(name, encode(&facts));
        }
        Ok(facts)
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
        let blob = match t.get_path(Path::new(&path.in_repo)) {
            // A link is never read as the file, here as in `Store::blob_id_at`.
            Ok(e) if super::links::is_link(&e) => {
                return Err(super::links::link_in_commit(&path.in_store, commit));
            }
            Ok(e) if e.kind() == Some(git2::ObjectType::Blob) => Some(e.id()),
            _ => None,
        };
        let value = blob.map_or_else(|| b"-".to_vec(), |b| entry_name("", "", b).into_bytes());
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

/// `<prefix><key>-<id>`, or `<prefix><id>` without a key (written here:
/// git's `Display` for ids costs more than the lookup it names).
fn entry_name(prefix: &str, key: &str, id: Oid) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(prefix.len() + key.len() + 42);
    out.push_str(prefix);
    if !key.is_empty() {
        out.push_str(key);
        out.push('-');
    }
    for &b in id.as_bytes() {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

/// A whole id in hex (git reads a shorter one as a prefix padded with zeros:
/// an entry cut short must not name another object).
fn full_id(hex: &str) -> Option<Oid> {
    if hex.len() != 40 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Oid::from_str(hex).ok()
}

fn encode(f: &CommitFacts) -> Vec<u8> {
    let info = &f.info;
    let hex = |id: Oid| entry_name("", "", id);
    let tree = hex(f.tree);
    let parents: Vec<String> = info.parents.iter().map(|&p| hex(p)).collect();
    let stored: Stored<&str> = Stored {
        commit_time: f.commit_time,
        tree: &tree,
        parents: parents.iter().map(String::as_str).collect(),
        name: &info.author.name,
        email: &info.author.email,
        seconds: info.time.seconds,
        offset: info.time.offset_minutes,
        summary: &info.summary,
        message: &info.message,
    };
    // JSON escapes every newline, so the entry is one line.
    serde_json::to_vec(&stored).unwrap_or_default()
}

fn decode(id: Oid, bytes: &[u8]) -> Option<CommitFacts> {
    let s: Stored<String> = serde_json::from_slice(bytes).ok()?;
    let oid = |h: &str| Oid::from_str(h).ok();
    let parents = s
        .parents
        .iter()
        .map(|p| oid(p))
        .collect::<Option<Vec<_>>>()?;
    if parents.is_empty() {
        return None;
    }
    Some(CommitFacts {
        commit_time: s.commit_time,
        tree: full_id(&s.tree)?,
        info: CommitInfo {
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
            parents,
        },
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
            expected.push((c.commit_time, c.tree, c.info.clone(), blob));
        }
        from_git.save();

        // A new handle on the store reads them back from the cache alone.
        let again = Store::open(store.workdir()).unwrap();
        assert!(
            again.cache().get(&format!("commit1-{root}")).is_none(),
            "a commit without parents is never kept"
        );
        let cached = Facts::new(&again);
        for (id, want) in ids.into_iter().zip(&expected) {
            let c = cached.commit(id).unwrap();
            let blob = cached.blob(id, c.tree, &key).unwrap();
            assert_eq!(&(c.commit_time, c.tree, c.info.clone(), blob), want);
        }
        assert!(
            cached.fresh.borrow().is_empty(),
            "nothing new learned: the root is read again and still not kept"
        );
        // They came from the cache: an entry changed there is what is read.
        let mut changed =
            String::from_utf8(again.cache().get(&format!("commit1-{third}")).unwrap()).unwrap();
        changed = changed.replace("change", "altered");
        let third_handle = Store::open(store.workdir()).unwrap();
        third_handle
            .cache()
            .put(&format!("commit1-{third}"), changed.as_bytes());
        let fourth = Store::open(store.workdir()).unwrap();
        let read = Facts::new(&fourth).commit(third).unwrap();
        assert_eq!(read.info.summary, "altered");
        assert_eq!(read.info.parents, expected[3].2.parents);
        assert_eq!(expected[0].3, None, "no file before it was added");
        assert_eq!(expected[1].3, expected[2].3, "the same file in both trees");
        assert_ne!(expected[2].3, expected[3].3);
    }
}
