//! Reading: HEAD and branches, files and folders at a commit or in the work tree, and whether a
//! path has uncommitted edits.

use std::path::Path;

use super::error::GitContext;
use super::{Store, StoreError, ids, links};

impl Store {
    /// Short name of the checked-out branch ("main"), also when it has no commits yet.
    pub fn current_branch(&self) -> Result<String, StoreError> {
        match self.head_ref_name()? {
            Some(name) => match name.strip_prefix("refs/heads/") {
                Some(short) => Ok(short.to_string()),
                None => Err(StoreError::DetachedHead {
                    workdir: self.workdir.clone(),
                }),
            },
            None => Err(StoreError::DetachedHead {
                workdir: self.workdir.clone(),
            }),
        }
    }

    /// The full ref name HEAD points to symbolically ("refs/heads/main"), None when detached.
    pub(crate) fn head_ref_name(&self) -> Result<Option<String>, StoreError> {
        let head = self
            .repo
            .find_reference("HEAD")
            .git_ctx(|| "reading HEAD")?;
        Ok(head
            .symbolic_target_bytes()
            .map(|t| String::from_utf8_lossy(t).into_owned()))
    }

    /// Commit HEAD points to; None when the current branch has no commits yet.
    pub fn head_commit(&self) -> Result<Option<git2::Oid>, StoreError> {
        match self.repo.head() {
            Ok(head) => {
                let commit = head
                    .peel_to_commit()
                    .git_ctx(|| "reading the HEAD commit")?;
                Ok(Some(commit.id()))
            }
            Err(e)
                if matches!(
                    e.code(),
                    git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(StoreError::Git {
                context: "reading HEAD".to_string(),
                source: e,
            }),
        }
    }

    /// Current target of a direct reference, None when it does not exist.
    pub(crate) fn ref_target(&self, refname: &str) -> Result<Option<git2::Oid>, StoreError> {
        match self.repo.find_reference(refname) {
            Ok(r) => match r.target() {
                Some(id) => Ok(Some(id)),
                None => {
                    let resolved = r.resolve().git_ctx(|| format!("resolving {refname}"))?;
                    Ok(resolved.target())
                }
            },
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(StoreError::Git {
                context: format!("reading {refname}"),
                source: e,
            }),
        }
    }

    /// Tree entry at store-relative `path` in `commit`, if it exists.
    fn entry_at(
        &self,
        commit: git2::Oid,
        path: &str,
    ) -> Result<Option<git2::TreeEntry<'static>>, StoreError> {
        let rp = self.repo_path(path)?;
        let tree = self.commit_tree(commit)?;
        match tree.get_path(Path::new(&rp)) {
            Ok(entry) => Ok(Some(entry.to_owned())),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(StoreError::Git {
                context: format!("looking up {rp}"),
                source: e,
            }),
        }
    }

    /// The root tree of `commit`.
    pub(crate) fn commit_tree(&self, commit: git2::Oid) -> Result<git2::Tree<'_>, StoreError> {
        let c = self
            .repo
            .find_commit(commit)
            .git_ctx(|| format!("reading commit {commit}"))?;
        c.tree()
            .git_ctx(|| format!("reading the tree of commit {commit}"))
    }

    /// Bytes of file `path` in `commit`; None if absent (or a folder).
    ///
    /// A symbolic link is an error, never read; so is a blob over the input size limit (checked
    /// from the object header before the blob is loaded).
    pub fn read_at(&self, commit: git2::Oid, path: &str) -> Result<Option<Vec<u8>>, StoreError> {
        match self.blob_id_at(commit, path)? {
            None => Ok(None),
            Some(id) => {
                let at = super::short_id(commit);
                Ok(Some(self.read_blob(id, &format!("{path} at {at}"))?))
            }
        }
    }

    /// Bytes of file `path` in the work tree, within the input size limit; None if absent.
    ///
    /// A symbolic link anywhere on the path is an error: it is never read through.
    pub fn read_worktree(&self, path: &str) -> Result<Option<Vec<u8>>, StoreError> {
        ids::validate_rel_path(path)?;
        self.refuse_links_in_worktree(path)?;
        let full = self.workdir.join(path);
        match crate::input::read_path(&full, path) {
            Ok(b) => Ok(Some(b)),
            Err(e)
                if matches!(
                    e.io_kind(),
                    Some(std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory)
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Blob id of file `path` at `commit` (None if absent): lets callers skip unchanged revisions cheaply.
    ///
    /// An entry that is a symbolic link is an error: it is never taken for a file.
    pub fn blob_id_at(
        &self,
        commit: git2::Oid,
        path: &str,
    ) -> Result<Option<git2::Oid>, StoreError> {
        links::file_blob(self.entry_at(commit, path)?.as_ref(), path, commit)
    }

    /// True when something (a file, a folder or a link) is at `path` in `commit`.
    pub fn exists_at(&self, commit: git2::Oid, path: &str) -> Result<bool, StoreError> {
        Ok(self.entry_at(commit, path)?.is_some())
    }

    /// Sorted names directly under folder `path` ("" = the store folder) at `commit`, each with is_dir; empty if absent.
    pub fn list_at(
        &self,
        commit: git2::Oid,
        path: &str,
    ) -> Result<Vec<(String, bool)>, StoreError> {
        let rp = if path.is_empty() {
            self.join_prefix("")
        } else {
            self.repo_path(path)?
        };
        let root = self.commit_tree(commit)?;
        let tree = if rp.is_empty() {
            root
        } else {
            match root.get_path(Path::new(&rp)) {
                Ok(e) if e.kind() == Some(git2::ObjectType::Tree) => self
                    .repo
                    .find_tree(e.id())
                    .git_ctx(|| format!("reading folder {rp}"))?,
                Ok(_) => return Ok(Vec::new()),
                Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(Vec::new()),
                Err(e) => {
                    return Err(StoreError::Git {
                        context: format!("looking up {rp}"),
                        source: e,
                    });
                }
            }
        };
        let mut out: Vec<(String, bool)> = tree
            .iter()
            .map(|e| {
                let name = String::from_utf8_lossy(e.name_bytes()).into_owned();
                (name, e.kind() == Some(git2::ObjectType::Tree))
            })
            .collect();
        out.sort();
        Ok(out)
    }

    /// Files under folder `dir` that the index holds but `commit` does not
    /// (what an interrupted write staged), as store-relative paths, sorted.
    pub fn staged_only_under(
        &self,
        commit: git2::Oid,
        dir: &str,
    ) -> Result<Vec<String>, StoreError> {
        let rp = format!("{}/", self.repo_path(dir)?);
        let index = self.repo.index().git_ctx(|| "reading the index")?;
        let mut out = Vec::new();
        for entry in index.iter() {
            let path = String::from_utf8_lossy(&entry.path).into_owned();
            let Some(rest) = path.strip_prefix(&rp) else {
                continue;
            };
            let rel = format!("{dir}/{rest}");
            if self.blob_id_at(commit, &rel)?.is_none() {
                out.push(rel);
            }
        }
        out.sort();
        Ok(out)
    }

    /// True when the work-tree file or index entry of `path` differs from HEAD (or it exists only in the work tree).
    pub fn is_dirty(&self, path: &str) -> Result<bool, StoreError> {
        let rp = self.repo_path(path)?;
        self.is_dirty_at_repo_path(&rp)
    }

    /// As [`Store::is_dirty`], for a path relative to the repository's work tree.
    pub(crate) fn is_dirty_at_repo_path(&self, rp: &str) -> Result<bool, StoreError> {
        ids::validate_rel_path(rp)?;
        match self.repo.status_file(Path::new(rp)) {
            Ok(status) => Ok(!status.is_empty()),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(false),
            Err(e) => Err(StoreError::Git {
                context: format!("checking the status of {rp}"),
                source: e,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::CommitRequest;
    use super::super::testutil::*;
    use super::*;

    #[test]
    fn detached_head_is_an_error() {
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        git(&dir, &["checkout", "-q", "--detach"]);
        assert!(matches!(
            store.current_branch(),
            Err(StoreError::DetachedHead { .. })
        ));
        assert!(store.head_commit().unwrap().is_some());
        let req = CommitRequest::new("x", author());
        assert!(matches!(
            store.commit(&req),
            Err(StoreError::DetachedHead { .. })
        ));
    }

    #[test]
    fn read_list_and_blob_ids() {
        let (_tmp, store) = new_store();
        let c1 = write(
            &store,
            &[
                ("translations/doc/en.md", "hello\n"),
                ("translations/doc/fr.md", "salut\n"),
            ],
            "add",
            1,
        );
        assert_eq!(
            store
                .read_at(c1, "translations/doc/en.md")
                .unwrap()
                .unwrap(),
            b"hello\n"
        );
        assert_eq!(store.read_at(c1, "translations/doc/de.md").unwrap(), None);
        assert_eq!(
            store.read_at(c1, "translations/doc").unwrap(),
            None,
            "folders are not files"
        );
        assert_eq!(store.read_at(c1, "nope/x/y").unwrap(), None);
        assert_eq!(
            store
                .read_worktree("translations/doc/fr.md")
                .unwrap()
                .unwrap(),
            b"salut\n"
        );
        assert_eq!(store.read_worktree("translations/doc/de.md").unwrap(), None);
        assert_eq!(store.read_worktree("emend.toml/x").unwrap(), None);
        assert!(matches!(
            store.read_at(c1, "../x"),
            Err(StoreError::InvalidPath { .. })
        ));
        let b1 = store
            .blob_id_at(c1, "translations/doc/en.md")
            .unwrap()
            .unwrap();
        assert_eq!(
            b1,
            git2::Oid::hash_object(git2::ObjectType::Blob, b"hello\n").unwrap()
        );
        let c2 = write(&store, &[("translations/doc/fr.md", "bonjour\n")], "fr", 2);
        assert_eq!(
            store.blob_id_at(c2, "translations/doc/en.md").unwrap(),
            Some(b1)
        );
        assert_eq!(
            store.blob_id_at(c2, "translations/doc/de.md").unwrap(),
            None
        );
        assert_eq!(
            store.list_at(c2, "translations/doc").unwrap(),
            vec![("en.md".to_string(), false), ("fr.md".to_string(), false)]
        );
        assert_eq!(
            store.list_at(c2, "translations").unwrap(),
            vec![("doc".to_string(), true)]
        );
        assert_eq!(
            store.list_at(c2, "").unwrap(),
            vec![("emend.toml".into(), false), ("translations".into(), true)]
        );
        assert!(
            store
                .list_at(c2, "translations/missing")
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn is_dirty_tracks_worktree_index_and_untracked() {
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        write(
            &store,
            &[
                ("translations/d/a.md", "a\n"),
                ("translations/d/b.md", "b\n"),
            ],
            "add",
            1,
        );
        assert!(!store.is_dirty("translations/d/a.md").unwrap());
        assert!(!store.is_dirty("translations/d/absent.md").unwrap());
        std::fs::write(dir.join("translations/d/a.md"), "changed\n").unwrap();
        assert!(store.is_dirty("translations/d/a.md").unwrap());
        std::fs::write(dir.join("translations/d/b.md"), "staged\n").unwrap();
        git(&dir, &["add", "translations/d/b.md"]);
        assert!(store.is_dirty("translations/d/b.md").unwrap());
        std::fs::write(dir.join("translations/d/c.md"), "new\n").unwrap();
        assert!(store.is_dirty("translations/d/c.md").unwrap());
        // Back to HEAD's content: clean again (content, not just stat, decides).
        std::fs::write(dir.join("translations/d/a.md"), "a\n").unwrap();
        assert!(!store.is_dirty("translations/d/a.md").unwrap());
    }
}
