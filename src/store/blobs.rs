//! Reading many revisions of one large file: blobs by id, through git's own reader where
//! libgit2 is slow.
//!
//! libgit2 keeps a cache of delta bases while it reads a pack, but never an object over
//! 1 MB (`GIT_PACK_CACHE_SIZE_LIMIT` in its `pack.h`). A packed history of a large text is
//! a chain of deltas (up to 50 deep, git's default), so each revision of a 4.3 MB Bible is
//! rebuilt from the start of its chain: reading the 51 revisions of a 50-revision history
//! took 1.8 s through libgit2 against 0.4 s through `git cat-file --batch`, whose delta
//! base cache (`core.deltaBaseCacheLimit`, 96 MiB) keeps them.
//!
//! So [`BlobReader`] reads a blob over 1 MB through one `git cat-file --batch` process
//! (`GIT_DIR` naming the store's repository),
//! started on the first such blob and kept for the reader's life; smaller blobs, and every
//! blob when git cannot be run or answers unexpectedly, are read through libgit2 as
//! before. The bytes are the same either way (the raw blob, no filters), and the size
//! limit of [`crate::input`] is checked before any content is read.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use git2::Oid;

use super::error::GitContext;
use super::{Store, StoreError};

/// Blobs at least this large go through git: the largest libgit2 caches as a delta base.
const THROUGH_GIT: usize = 1024 * 1024;

/// Loose blobs at least this large are read as a stream (see [`Store::stream_blob`]):
/// glibc's initial threshold for serving an allocation from its own mapping.
const STREAMED: usize = 128 * 1024;

/// Reads blobs by id, the large ones through one `git cat-file --batch` (see the module doc).
pub struct BlobReader<'s> {
    store: &'s Store,
    program: String,
    git: Git,
}

/// The state of the `git cat-file --batch` process.
enum Git {
    /// Not started: no large blob read yet.
    Idle,
    Running(Batch),
    /// Could not be started, or failed once: libgit2 reads everything from then on.
    Off,
}

struct Batch {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Drop for Batch {
    fn drop(&mut self) {
        // Its input is still open here (fields drop after this), so `git cat-file` is
        // stopped; waiting for it leaves no zombie and counts its CPU time as emend's.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Store {
    /// A reader of blobs by id, for walking the revisions of one file.
    pub fn blob_reader(&self) -> BlobReader<'_> {
        BlobReader::with_program(self, "git")
    }

    /// The bytes of blob `id`, `name` saying in errors what it is; within the input size limit.
    pub fn read_blob(&self, id: Oid, name: &str) -> Result<Vec<u8>, StoreError> {
        let size = self.blob_size(id, name)?;
        self.read_blob_of_size(id, name, size)
    }

    /// [`Store::read_blob`] of a blob whose size (checked) is known: reading a
    /// packed object's header rebuilds its chain of delta headers, as much work
    /// as reading a small blob.
    fn read_blob_of_size(&self, id: Oid, name: &str, size: usize) -> Result<Vec<u8>, StoreError> {
        if size >= STREAMED
            && let Some(bytes) = self.stream_blob(id, size)
        {
            return Ok(bytes);
        }
        let blob = self
            .repo
            .find_blob(id)
            .git_ctx(|| format!("reading {name}"))?;
        Ok(blob.content().to_vec())
    }

    /// A loose blob read as a stream, straight into a buffer of its size; None where
    /// libgit2 has no stream for it (a packed object) or the stream fails (the caller
    /// then reads it whole, and reports any error).
    ///
    /// Read whole, libgit2 inflates a blob into a buffer of its own, which the copy out
    /// of it outlives. Freeing that buffer (of a 4 MB text, say) raises glibc's
    /// threshold for serving allocations from fresh mappings to its size, and every
    /// buffer under it from then on comes from the heap, which fragments: a whole-Bible
    /// `emend diff` through the store peaked 9 MB higher than the same diff of files.
    fn stream_blob(&self, id: Oid, size: usize) -> Option<Vec<u8>> {
        let odb = self.repo.odb().ok()?;
        let (mut reader, streamed, kind) = odb.reader(id).ok()?;
        if kind != git2::ObjectType::Blob || streamed != size {
            return None;
        }
        let mut bytes = Vec::with_capacity(size);
        reader.read_to_end(&mut bytes).ok()?;
        (bytes.len() == size).then_some(bytes)
    }

    /// The size of blob `id` from its header, checked against the input size limit.
    fn blob_size(&self, id: Oid, name: &str) -> Result<usize, StoreError> {
        let odb = self.repo.odb().git_ctx(|| "opening the object database")?;
        let (size, _) = odb.read_header(id).git_ctx(|| format!("reading {name}"))?;
        crate::input::check_size(size as u64, name)?;
        Ok(size)
    }
}

impl<'s> BlobReader<'s> {
    /// A reader that runs `program` as git (tests give others).
    fn with_program(store: &'s Store, program: &str) -> BlobReader<'s> {
        BlobReader {
            store,
            program: program.to_string(),
            git: Git::Idle,
        }
    }

    /// The bytes of blob `id` (`name` says in errors what it is), within the input size limit.
    pub fn read(&mut self, id: Oid, name: &str) -> Result<Vec<u8>, StoreError> {
        let size = self.store.blob_size(id, name)?;
        if size >= THROUGH_GIT {
            if let Git::Idle = self.git {
                self.git = self.start().map_or(Git::Off, Git::Running);
            }
            if let Git::Running(batch) = &mut self.git {
                match batch.read(id, size) {
                    Some(bytes) => return Ok(bytes),
                    None => self.git = Git::Off,
                }
            }
        }
        self.store.read_blob_of_size(id, name, size)
    }

    /// `git cat-file --batch` on this store's repository, or `None` if it cannot be run.
    fn start(&self) -> Option<Batch> {
        let mut child = Command::new(&self.program)
            .env("GIT_DIR", self.store.repo.path())
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let input = child.stdin.take()?;
        let output = BufReader::with_capacity(1 << 16, child.stdout.take()?);
        Some(Batch {
            child,
            input,
            output,
        })
    }
}

impl Batch {
    /// The blob `id` of `size` bytes, or `None` if git's answer is not exactly that.
    fn read(&mut self, id: Oid, size: usize) -> Option<Vec<u8>> {
        writeln!(self.input, "{id}").ok()?;
        self.input.flush().ok()?;
        let mut header = String::new();
        self.output.read_line(&mut header).ok()?;
        // `<id> blob <size>\n`; anything else (`<id> missing`) means libgit2 answers.
        let expected = format!("{id} blob {size}\n");
        if header != expected {
            return None;
        }
        // Read into room of its size, not zeroed first (a whole Bible a revision).
        let mut bytes = Vec::with_capacity(size);
        self.output
            .by_ref()
            .take(size as u64)
            .read_to_end(&mut bytes)
            .ok()?;
        if bytes.len() != size {
            return None;
        }
        let mut end = [0u8; 1];
        self.output.read_exact(&mut end).ok()?;
        (end == *b"\n").then_some(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testutil::new_store;

    /// A store whose history holds three revisions of a 1.6 MB text and a small file,
    /// packed as git packs them (deltas against each other).
    fn history() -> (tempfile::TempDir, Store, Vec<Oid>) {
        let (dir, store) = new_store();
        let repo = &store.repo;
        let sig = git2::Signature::now("T", "t@example.org").unwrap();
        let mut ids = Vec::new();
        let mut parent: Option<Oid> = None;
        for rev in 0..3 {
            let text: String = (0..60_000)
                .map(|i| {
                    format!(
                        "Verse {i} of revision {}.\n",
                        if i % 997 == 0 { rev } else { 0 }
                    )
                })
                .collect();
            assert!(text.len() > THROUGH_GIT);
            let big = repo.blob(text.as_bytes()).unwrap();
            let small = repo.blob(format!("small {rev}\n").as_bytes()).unwrap();
            ids.extend([big, small]);
            let mut tree = repo.treebuilder(None).unwrap();
            tree.insert("big.md", big, 0o100644).unwrap();
            tree.insert("small.md", small, 0o100644).unwrap();
            let tree = repo.find_tree(tree.write().unwrap()).unwrap();
            let parents: Vec<git2::Commit> = parent
                .iter()
                .map(|&p| repo.find_commit(p).unwrap())
                .collect();
            let parents: Vec<&git2::Commit> = parents.iter().collect();
            parent = Some(
                repo.commit(
                    Some("refs/heads/history"),
                    &sig,
                    &sig,
                    "rev",
                    &tree,
                    &parents,
                )
                .unwrap(),
            );
        }
        crate::store::testutil::git(store.workdir(), &["repack", "-a", "-d", "-q"]);
        (dir, store, ids)
    }

    #[test]
    fn git_and_libgit2_give_the_same_bytes() {
        let (_dir, store, ids) = history();
        let mut reader = store.blob_reader();
        for &id in ids.iter().chain(ids.iter().rev()) {
            let expected = store.repo.find_blob(id).unwrap().content().to_vec();
            assert_eq!(reader.read(id, "test").unwrap(), expected, "{id}");
        }
        assert!(
            matches!(reader.git, Git::Running(_)),
            "a large blob is read through git"
        );
    }

    /// With `program` as git, every blob is read through libgit2, as it would be by git.
    fn all_through_libgit2(program: &str) {
        let (_dir, store, ids) = history();
        let mut reader = BlobReader::with_program(&store, program);
        for &id in &ids {
            let expected = store.repo.find_blob(id).unwrap().content().to_vec();
            assert_eq!(reader.read(id, "test").unwrap(), expected);
        }
        assert!(matches!(reader.git, Git::Off));
    }

    #[test]
    fn without_git_every_blob_is_read_through_libgit2() {
        all_through_libgit2("/nonexistent/git");
    }

    #[test]
    fn a_git_that_answers_otherwise_is_left_for_libgit2() {
        // `true` reads nothing and prints nothing: no header, so libgit2 reads the blob.
        all_through_libgit2("true");
    }

    #[test]
    fn a_large_loose_blob_is_streamed_a_packed_one_read_whole_same_bytes() {
        let (_dir, store, ids) = history();
        // Packed: libgit2 has no stream, and the blob is read whole.
        let packed = store.read_blob(ids[0], "big.md").unwrap();
        assert!(store.stream_blob(ids[0], packed.len()).is_none());
        let text = String::from_utf8(packed).unwrap().replace("Verse", "Vers");
        let loose = store.repo.blob(text.as_bytes()).unwrap();
        let streamed = store
            .stream_blob(loose, text.len())
            .expect("a loose blob streams");
        assert_eq!(streamed, text.as_bytes());
        assert_eq!(store.read_blob(loose, "big.md").unwrap(), text.as_bytes());
        // A size that is not the blob's is not trusted.
        assert!(store.stream_blob(loose, text.len() - 1).is_none());
    }

    #[test]
    fn a_missing_blob_is_an_error_naming_it() {
        let (_dir, store, _) = history();
        let mut reader = store.blob_reader();
        let missing = Oid::from_str("0123456789abcdef0123456789abcdef01234567").unwrap();
        let err = reader.read(missing, "big.md at 0123456").unwrap_err();
        assert!(err.to_string().contains("big.md at 0123456"), "{err}");
    }
}
