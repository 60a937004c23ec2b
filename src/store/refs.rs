//! Moving a branch: a compare-and-swap on `refs/heads/<branch>` in git's own loose-ref protocol.
//!
//! As git does: take `refs/heads/<branch>.lock` holding the new commit id, check under the lock
//! that the branch still points where it did, append the reflog lines, and rename the lock onto
//! the ref. The lock is taken through `lock.rs`, so that one left by a killed emend is known to be
//! its own and is cleared by the next one (libgit2's own ref update leaves a lock of unknown owner).

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::error::{GitContext, io_err};
use super::{Store, StoreError};

/// How long deleting a branch waits for its lock.
const DELETE_LOCK_TIMEOUT: Duration = Duration::from_secs(2);

impl Store {
    /// The path of `refname`'s loose file, and of its lock.
    fn ref_paths(&self, refname: &str) -> (PathBuf, PathBuf) {
        let ref_path = self.repo.commondir().join(refname);
        let mut lock_path = ref_path.clone().into_os_string();
        lock_path.push(".lock");
        (ref_path, PathBuf::from(lock_path))
    }

    /// Deletes `refname` if it points at `expected`, as git does: under the ref's lock, out of
    /// `packed-refs` (under its lock) and then the loose file; its reflog goes too. Returns
    /// where it pointed instead when it moved (None: it is gone already).
    pub(crate) fn delete_ref(
        &self,
        refname: &str,
        expected: git2::Oid,
    ) -> Result<Result<(), Option<git2::Oid>>, StoreError> {
        let (ref_path, lock_path) = self.ref_paths(refname);
        let _lock = self.take_lock(
            &lock_path,
            format!("{expected}\n").as_bytes(),
            DELETE_LOCK_TIMEOUT,
        )?;
        let actual = self.ref_target(refname)?;
        if actual != Some(expected) {
            return Ok(Err(actual));
        }
        self.remove_packed_ref(refname)?;
        match fs::remove_file(&ref_path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err("delete", &ref_path)(e)),
        }
        let _ = fs::remove_file(self.repo.commondir().join("logs").join(refname));
        Ok(Ok(()))
    }

    /// Rewrites `packed-refs` without `refname` (and its peeled line), under `packed-refs.lock`.
    fn remove_packed_ref(&self, refname: &str) -> Result<(), StoreError> {
        let packed = self.repo.commondir().join("packed-refs");
        let bytes = match crate::input::read_path(&packed, "packed-refs") {
            Ok(b) => b,
            Err(e) if e.io_kind() == Some(std::io::ErrorKind::NotFound) => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        let text = String::from_utf8_lossy(&bytes);
        let names_it = |line: &str| {
            line.split_once(' ')
                .is_some_and(|(_, name)| name == refname)
        };
        if !text.lines().any(names_it) {
            return Ok(());
        }
        let mut kept = String::with_capacity(text.len());
        let mut skipping = false;
        for line in text.lines() {
            if names_it(line) {
                skipping = true;
                continue;
            }
            if skipping && line.starts_with('^') {
                continue;
            }
            skipping = false;
            kept.push_str(line);
            kept.push('\n');
        }
        let mut lock_path = packed.clone().into_os_string();
        lock_path.push(".lock");
        let lock = self.take_lock(
            &PathBuf::from(lock_path),
            kept.as_bytes(),
            DELETE_LOCK_TIMEOUT,
        )?;
        lock.commit(&packed)
    }

    /// Moves `refname` from `current` (None: it must not exist) to `new`; Ok(false) when it moved
    /// meanwhile. Waits for a busy ref lock until `deadline`.
    pub(crate) fn swap_ref(
        &self,
        refname: &str,
        current: Option<git2::Oid>,
        new: git2::Oid,
        reflog: &str,
        sig: &git2::Signature<'_>,
        deadline: Instant,
    ) -> Result<bool, StoreError> {
        let (ref_path, lock_path) = self.ref_paths(refname);
        let wait = deadline
            .saturating_duration_since(Instant::now())
            .max(Duration::from_millis(50));
        let lock = self.take_lock(&lock_path, format!("{new}\n").as_bytes(), wait)?;
        if self.ref_target(refname)? != current {
            return Ok(false);
        }
        self.append_reflogs(refname, current, new, reflog, sig)?;
        lock.commit(&ref_path)?;
        Ok(true)
    }

    /// Appends one line to the reflog of `refname`, and of HEAD when it points there, as git
    /// does (when `core.logAllRefUpdates` is on, git's default in a work tree, or the log exists).
    fn append_reflogs(
        &self,
        refname: &str,
        old: Option<git2::Oid>,
        new: git2::Oid,
        message: &str,
        sig: &git2::Signature<'_>,
    ) -> Result<(), StoreError> {
        let config = self.repo.config().git_ctx(|| "reading git config")?;
        let log_all = config.get_bool("core.logAllRefUpdates").unwrap_or(true);
        let zero = "0".repeat(new.to_string().len());
        let old = old.map_or(zero, |id| id.to_string());
        let when = sig.when();
        let offset = when.offset_minutes();
        let sign = if offset < 0 { '-' } else { '+' };
        let message: String = message
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let line = format!(
            "{old} {new} {} <{}> {} {sign}{:02}{:02}\t{message}\n",
            String::from_utf8_lossy(sig.name_bytes()),
            String::from_utf8_lossy(sig.email_bytes()),
            when.seconds(),
            offset.abs() / 60,
            offset.abs() % 60,
        );
        let mut logs = vec![self.repo.commondir().join("logs").join(refname)];
        if self.head_ref_name()?.as_deref() == Some(refname) {
            logs.push(self.repo.path().join("logs").join("HEAD"));
        }
        for log in logs {
            if !log_all && !log.exists() {
                continue;
            }
            if let Some(parent) = log.parent() {
                fs::create_dir_all(parent).map_err(io_err("create folder", parent))?;
            }
            fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(&log)
                .and_then(|mut f| f.write_all(line.as_bytes()))
                .map_err(io_err("append to", &log))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;

    #[test]
    fn branches_move_and_go_in_gits_own_format_packed_or_loose() {
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        let base = write(&store, &[("translations/d/a.md", "a\n")], "base", 1);
        let other = write(&store, &[("translations/d/a.md", "b\n")], "other", 2);
        for (name, pack) in [("loose", false), ("packed", true)] {
            git(
                &dir,
                &["branch", &format!("proposals/{name}"), &base.to_string()],
            );
            if pack {
                git(&dir, &["pack-refs", "--all"]);
            }
            // A moved branch is not deleted.
            let err = store
                .delete_branch(&format!("proposals/{name}"), other)
                .unwrap_err();
            assert!(err.to_string().contains("now points at"), "{err}");
            store
                .delete_branch(&format!("proposals/{name}"), base)
                .unwrap();
            assert_eq!(
                git(
                    &dir,
                    &[
                        "for-each-ref",
                        "--format=%(refname)",
                        "refs/heads/proposals"
                    ]
                ),
                "",
                "{name}"
            );
            assert!(
                !dir.join(format!(".git/refs/heads/proposals/{name}.lock"))
                    .exists()
            );
            assert!(!dir.join(".git/packed-refs.lock").exists());
        }
        // The tip moved by emend reads back in git, reflog included.
        assert_eq!(git(&dir, &["rev-parse", "main"]).trim(), other.to_string());
        assert_eq!(
            git(&dir, &["reflog", "show", "--format=%gs", "main"])
                .lines()
                .next(),
            Some("emend: other")
        );
        assert_fsck(&dir);
    }
}
