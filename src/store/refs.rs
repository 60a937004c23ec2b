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

impl Store {
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
        let ref_path = self.repo.commondir().join(refname);
        let mut lock_path = ref_path.clone().into_os_string();
        lock_path.push(".lock");
        let lock_path = PathBuf::from(lock_path);
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
