//! Remotes: fetching from and pushing to another clone of the store, with the user's own git
//! credentials, and the remote-tracking refs a fetch leaves (`refs/remotes/<remote>/...`).
//!
//! Authentication is whatever git itself would use: ssh-agent for ssh remotes, the configured
//! credential helper (`credential.helper`) for https ones, then libgit2's defaults. Each way is
//! tried once; a remote that refuses them all fails with [`StoreError::Remote`], naming the remote,
//! its URL and why. Nothing here prints: transfers report their progress to a callback.

use std::cell::RefCell;

use super::error::GitContext;
use super::{Store, StoreError};

/// A configured remote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteInfo {
    pub name: String,
    /// Its URL as shown to people: a password or token in it is replaced by `***`.
    pub url: String,
}

/// A remote URL that is a relative path: no scheme, not `host:path`, not absolute.
fn is_relative_path(url: &str) -> bool {
    let scp_like = url
        .split_once(':')
        .is_some_and(|(host, _)| !host.contains('/'));
    !url.contains("://") && !scp_like && !std::path::Path::new(url).is_absolute()
}

/// `url` with the password of `scheme://user:password@host` replaced by `***`.
fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else {
        return url.to_string();
    };
    match rest[..at].split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***{}", &rest[at..]),
        None => url.to_string(),
    }
}

/// How far a transfer has come, for the caller to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transfer {
    /// Fetching: objects received and indexed of the total, bytes received.
    Receiving {
        received: usize,
        indexed: usize,
        total: usize,
        bytes: usize,
    },
    /// Pushing: objects sent of the total, bytes sent.
    Sending {
        sent: usize,
        total: usize,
        bytes: usize,
    },
}

/// A push the remote refused: the ref and the remote's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub refname: String,
    pub reason: String,
}

impl Store {
    /// The remote named `name`, or [`StoreError::NoSuchRemote`] listing the configured ones.
    pub fn remote_info(&self, name: &str) -> Result<RemoteInfo, StoreError> {
        match self.repo.find_remote(name) {
            Ok(r) => Ok(RemoteInfo {
                name: name.to_string(),
                url: redacted(r.url().unwrap_or("")),
            }),
            Err(e)
                if matches!(
                    e.code(),
                    git2::ErrorCode::NotFound | git2::ErrorCode::InvalidSpec
                ) =>
            {
                Err(StoreError::NoSuchRemote {
                    name: name.to_string(),
                    known: self.remote_names()?.join(", "),
                })
            }
            Err(e) => Err(StoreError::Git {
                context: format!("reading remote {name}"),
                source: e,
            }),
        }
    }

    /// The configured remotes' names.
    fn remote_names(&self) -> Result<Vec<String>, StoreError> {
        let names = self.repo.remotes().git_ctx(|| "listing remotes")?;
        Ok(names
            .iter()
            .filter_map(|n| n.ok().flatten().map(str::to_string))
            .collect())
    }

    /// The upstream of local branch `branch` (`branch.<b>.remote` and `branch.<b>.merge`):
    /// the remote's name and the branch's name there. None when it has none.
    pub fn upstream(&self, branch: &str) -> Result<Option<(String, String)>, StoreError> {
        let config = self.repo.config().git_ctx(|| "reading git config")?;
        let remote = config.get_string(&format!("branch.{branch}.remote")).ok();
        let merge = config.get_string(&format!("branch.{branch}.merge")).ok();
        Ok(match (remote, merge) {
            (Some(remote), Some(merge)) if remote != "." => {
                let name = merge.strip_prefix("refs/heads/").unwrap_or(&merge);
                Some((remote, name.to_string()))
            }
            _ => None,
        })
    }

    /// Makes `remote`'s `remote_branch` the upstream of `branch` when it has none (as `git push -u`).
    pub fn set_upstream_if_unset(
        &self,
        branch: &str,
        remote: &str,
        remote_branch: &str,
    ) -> Result<(), StoreError> {
        if self.upstream(branch)?.is_some() {
            return Ok(());
        }
        let mut config = self.repo.config().git_ctx(|| "reading git config")?;
        let ctx = || format!("setting the upstream of {branch}");
        config
            .set_str(&format!("branch.{branch}.remote"), remote)
            .git_ctx(ctx)?;
        config
            .set_str(
                &format!("branch.{branch}.merge"),
                &format!("refs/heads/{remote_branch}"),
            )
            .git_ctx(ctx)
    }

    /// Fetches `refspecs` from `remote`, removing the remote-tracking refs they cover whose
    /// branch is gone there (as `git fetch --prune`). Tags are not fetched.
    pub fn fetch(
        &self,
        remote: &RemoteInfo,
        refspecs: &[String],
        progress: &mut dyn FnMut(Transfer),
    ) -> Result<(), StoreError> {
        let mut handle = self.remote_handle(remote)?;
        let progress = RefCell::new(progress);
        let mut callbacks = credentials(self, remote)?;
        callbacks.transfer_progress(|p| {
            (progress.borrow_mut())(Transfer::Receiving {
                received: p.received_objects(),
                indexed: p.indexed_objects(),
                total: p.total_objects(),
                bytes: p.received_bytes(),
            });
            true
        });
        let mut options = git2::FetchOptions::new();
        options
            .remote_callbacks(callbacks)
            .prune(git2::FetchPrune::On)
            .download_tags(git2::AutotagOption::None);
        handle
            .fetch(refspecs, Some(&mut options), Some("emend sync: fetch"))
            .map_err(|e| remote_error(remote, "fetch from", e))
    }

    /// Pushes `refspecs` to `remote` (`src:dst`, or `:dst` to delete). Returns the refs the
    /// remote refused, with its reason (a branch that moved there meanwhile, say).
    pub fn push(
        &self,
        remote: &RemoteInfo,
        refspecs: &[String],
        progress: &mut dyn FnMut(Transfer),
    ) -> Result<Vec<Refused>, StoreError> {
        if refspecs.is_empty() {
            return Ok(Vec::new());
        }
        let mut handle = self.remote_handle(remote)?;
        let progress = RefCell::new(progress);
        let refused = RefCell::new(Vec::new());
        let mut callbacks = credentials(self, remote)?;
        callbacks.push_transfer_progress(|sent, total, bytes| {
            (progress.borrow_mut())(Transfer::Sending { sent, total, bytes });
        });
        callbacks.push_update_reference(|refname, status| {
            if let Some(reason) = status {
                refused.borrow_mut().push(Refused {
                    refname: refname.to_string(),
                    reason: reason.to_string(),
                });
            }
            Ok(())
        });
        let mut options = git2::PushOptions::new();
        // 0: one thread per core for building the pack, as git does.
        options
            .remote_callbacks(callbacks)
            .packbuilder_parallelism(0);
        let pushed = handle.push(refspecs, Some(&mut options));
        drop(options);
        pushed.map_err(|e| remote_error(remote, "push to", e))?;
        Ok(refused.into_inner())
    }

    /// The folder `remote` is on this machine, when its URL is a path (`/srv/git/team.git`,
    /// `../team.git`, taken from the top of the work tree as git takes it, or `file://`);
    /// `None` for a server's URL.
    pub fn remote_local_path(&self, remote: &RemoteInfo) -> Option<std::path::PathBuf> {
        let url = remote.url.as_str();
        if let Some(path) = url.strip_prefix("file://") {
            return Some(path.into());
        }
        if is_relative_path(url) {
            return Some(self.repo_workdir().join(url));
        }
        std::path::Path::new(url).is_absolute().then(|| url.into())
    }

    /// The branch `remote`'s HEAD names, which `git clone` of it checks out; `None`
    /// when its HEAD names no branch it has (a bare repository made by `git init --bare`
    /// with HEAD at `master`, to which only `main` was pushed).
    pub fn remote_default_branch(&self, remote: &RemoteInfo) -> Result<Option<String>, StoreError> {
        let mut handle = self.remote_handle(remote)?;
        let callbacks = credentials(self, remote)?;
        handle
            .connect_auth(git2::Direction::Fetch, Some(callbacks), None)
            .map_err(|e| remote_error(remote, "fetch from", e))?;
        let head = match handle.default_branch() {
            Ok(name) => name
                .as_str()
                .ok()
                .map(|n| n.strip_prefix("refs/heads/").unwrap_or(n).to_string()),
            Err(e) if e.code() == git2::ErrorCode::NotFound => None,
            Err(e) => return Err(remote_error(remote, "fetch from", e)),
        };
        let _ = handle.disconnect();
        Ok(head)
    }

    /// The remote to talk to. A URL that is a relative path is taken, as git takes it, from the
    /// top of the work tree, wherever emend runs (libgit2 alone would take it from there).
    fn remote_handle(&self, remote: &RemoteInfo) -> Result<git2::Remote<'_>, StoreError> {
        let ctx = || format!("opening remote {}", remote.name);
        let handle = self.repo.find_remote(&remote.name).git_ctx(ctx)?;
        let relative = handle
            .url()
            .ok()
            .filter(|u| is_relative_path(u))
            .map(|u| self.repo_workdir().join(u));
        match relative {
            Some(path) => self
                .repo
                .remote_anonymous(&path.to_string_lossy())
                .git_ctx(ctx),
            None => Ok(handle),
        }
    }

    /// The remote-tracking refs of `remote` whose branch name starts with `prefix`, sorted:
    /// (branch name on the remote, tip).
    pub fn remote_branches(
        &self,
        remote: &str,
        prefix: &str,
    ) -> Result<Vec<(String, git2::Oid)>, StoreError> {
        let base = format!("refs/remotes/{remote}/");
        let glob = format!("{base}{prefix}*");
        let ctx = || format!("listing {base}{prefix}");
        let mut out = Vec::new();
        for r in self.repo.references_glob(&glob).git_ctx(ctx)? {
            let r = r.git_ctx(ctx)?;
            let (Ok(name), Some(tip)) = (r.name(), r.target()) else {
                continue;
            };
            if let Some(branch) = name.strip_prefix(&base) {
                out.push((branch.to_string(), tip));
            }
        }
        out.sort();
        Ok(out)
    }

    /// The remote-tracking refs under `prefix` of every configured remote: (remote, branch, tip).
    pub fn all_remote_branches(
        &self,
        prefix: &str,
    ) -> Result<Vec<(String, String, git2::Oid)>, StoreError> {
        let mut out = Vec::new();
        for remote in self.remote_names()? {
            for (branch, tip) in self.remote_branches(&remote, prefix)? {
                out.push((remote.clone(), branch, tip));
            }
        }
        Ok(out)
    }

    /// The tip of `remote`'s remote-tracking ref of `branch`, None when there is none.
    pub fn remote_branch(
        &self,
        remote: &str,
        branch: &str,
    ) -> Result<Option<git2::Oid>, StoreError> {
        self.ref_target(&format!("refs/remotes/{remote}/{branch}"))
    }

    /// Removes the remote-tracking ref of `branch` on `remote` (after deleting the branch there).
    pub fn forget_remote_branch(&self, remote: &str, branch: &str) -> Result<(), StoreError> {
        let refname = format!("refs/remotes/{remote}/{branch}");
        match self.ref_target(&refname)? {
            Some(tip) => match self.delete_ref(&refname, tip)? {
                Ok(()) | Err(None) => Ok(()),
                Err(Some(_)) => Ok(()),
            },
            None => Ok(()),
        }
    }

    /// True when `descendant` is `ancestor` or has it in its history.
    pub fn contains(&self, descendant: git2::Oid, ancestor: git2::Oid) -> Result<bool, StoreError> {
        if descendant == ancestor {
            return Ok(true);
        }
        self.repo
            .graph_descendant_of(descendant, ancestor)
            .git_ctx(|| format!("comparing the history of {descendant} and {ancestor}"))
    }

    /// How many commits `from` has that `to` has not, and the other way round.
    pub fn ahead_behind(
        &self,
        from: git2::Oid,
        to: git2::Oid,
    ) -> Result<(usize, usize), StoreError> {
        self.repo
            .graph_ahead_behind(from, to)
            .git_ctx(|| format!("counting the commits between {from} and {to}"))
    }
}

/// Callbacks that answer the remote's requests for credentials as git would, trying each way once.
fn credentials<'a>(
    store: &Store,
    remote: &RemoteInfo,
) -> Result<git2::RemoteCallbacks<'a>, StoreError> {
    #[cfg(feature = "network")]
    let config = store.repo.config().git_ctx(|| "reading git config")?;
    #[cfg(not(feature = "network"))]
    let _ = store;
    let name = remote.name.clone();
    let mut tried = Tried::default();
    let mut callbacks = git2::RemoteCallbacks::new();
    callbacks.credentials(move |url, user_from_url, allowed| {
        use git2::CredentialType as C;
        let user = user_from_url.unwrap_or("git");
        if allowed.contains(C::SSH_KEY) && !tried.agent {
            tried.agent = true;
            return git2::Cred::ssh_key_from_agent(user);
        }
        // As ssh does without an agent: the default key files, unencrypted.
        if allowed.contains(C::SSH_KEY)
            && let Some(key) = tried.next_key_file()
        {
            return git2::Cred::ssh_key(user, None, &key, None);
        }
        #[cfg(feature = "network")]
        if allowed.contains(C::USER_PASS_PLAINTEXT) && !tried.helper {
            tried.helper = true;
            if let Ok(cred) = git2::Cred::credential_helper(&config, url, user_from_url) {
                return Ok(cred);
            }
        }
        if allowed.contains(C::DEFAULT) && !tried.default {
            tried.default = true;
            return git2::Cred::default();
        }
        if allowed.contains(C::USERNAME) && !tried.username {
            tried.username = true;
            return git2::Cred::username(user);
        }
        Err(git2::Error::from_str(&format!(
            "remote {name} refused the credentials git has for {url} ({})",
            tried.describe()
        )))
    });
    Ok(callbacks)
}

/// Which ways of authenticating were tried.
#[derive(Default)]
struct Tried {
    agent: bool,
    /// Key files in ~/.ssh looked at so far, and whether one was offered.
    key_files: usize,
    key_offered: bool,
    helper: bool,
    default: bool,
    username: bool,
}

/// The private keys ssh tries by default, in its order.
const KEY_FILES: [&str; 3] = ["id_ed25519", "id_ecdsa", "id_rsa"];

impl Tried {
    /// The next of ssh's default key files that exists, once each.
    fn next_key_file(&mut self) -> Option<std::path::PathBuf> {
        let dir = std::path::PathBuf::from(std::env::var_os("HOME")?).join(".ssh");
        while self.key_files < KEY_FILES.len() {
            let path = dir.join(KEY_FILES[self.key_files]);
            self.key_files += 1;
            if path.is_file() {
                self.key_offered = true;
                return Some(path);
            }
        }
        None
    }

    fn describe(&self) -> String {
        let ways: Vec<&str> = [
            (self.agent, "ssh-agent"),
            (self.key_offered, "the key files in ~/.ssh"),
            (self.helper, "git's credential helper"),
            (self.default, "the system's default credentials"),
        ]
        .into_iter()
        .filter_map(|(t, w)| t.then_some(w))
        .collect();
        if ways.is_empty() {
            "none that it accepts is set up".to_string()
        } else {
            format!("tried {}", ways.join(", "))
        }
    }
}

fn remote_error(remote: &RemoteInfo, action: &'static str, e: git2::Error) -> StoreError {
    let message = e.message().to_ascii_lowercase();
    let untrusted_host = e.code() == git2::ErrorCode::Certificate
        || message.contains("hostkey")
        || message.contains("host key")
        || message.contains("certificate");
    StoreError::Remote {
        action,
        remote: remote.name.clone(),
        url: remote.url.clone(),
        detail: if e.code() == git2::ErrorCode::NotFastForward {
            "it has commits this clone has not fetched yet (someone pushed meanwhile)".to_string()
        } else {
            e.message().to_string()
        },
        auth: !untrusted_host
            && (e.class() == git2::ErrorClass::Ssh
                || e.code() == git2::ErrorCode::Auth
                || e.message().contains("credentials")),
        untrusted_host,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    #[test]
    fn passwords_in_urls_are_not_shown() {
        assert_eq!(
            redacted("https://ada:s3cret@example.org/team/store.git"),
            "https://ada:***@example.org/team/store.git"
        );
        assert!(is_relative_path("../remote.git") && is_relative_path("team.git"));
        for url in [
            "/srv/team.git",
            "git@host:team.git",
            "https://h/t.git",
            "file:///t.git",
        ] {
            assert!(!is_relative_path(url), "{url}");
        }
        for kept in [
            "https://ada@example.org/store.git",
            "ssh://git@example.org:2222/store.git",
            "git@example.org:team/store.git",
            "/srv/git/team.git",
            "https://example.org/a@b/store.git",
        ] {
            assert_eq!(redacted(kept), kept);
        }
    }

    #[test]
    fn fetch_and_push_over_a_file_remote_and_prune_what_is_gone() {
        let (_tmp, store) = new_store();
        let dir = store.workdir().to_path_buf();
        let first = write(&store, &[("translations/d/a.md", "a\n")], "first", 1);
        let bare = dir.parent().unwrap().join("remote.git");
        git(
            dir.parent().unwrap(),
            &["init", "-q", "--bare", bare.to_str().unwrap()],
        );
        git(&dir, &["remote", "add", "origin", bare.to_str().unwrap()]);
        git(&dir, &["branch", "proposals/p", &first.to_string()]);
        let remote = store.remote_info("origin").unwrap();
        let mut seen = Vec::new();
        let refused = store
            .push(
                &remote,
                &[
                    "refs/heads/main:refs/heads/main".to_string(),
                    "refs/heads/proposals/p:refs/heads/proposals/p".to_string(),
                ],
                &mut |t| seen.push(t),
            )
            .unwrap();
        assert!(refused.is_empty(), "{refused:?}");
        let specs = [
            "+refs/heads/main:refs/remotes/origin/main".to_string(),
            "+refs/heads/proposals/*:refs/remotes/origin/proposals/*".to_string(),
        ];
        store.fetch(&remote, &specs, &mut |_| {}).unwrap();
        assert_eq!(store.remote_branch("origin", "main").unwrap(), Some(first));
        assert_eq!(
            store.remote_branches("origin", "proposals/").unwrap(),
            vec![("proposals/p".to_string(), first)]
        );
        // Deleted on the remote: the next fetch prunes its remote-tracking ref.
        git(&bare, &["branch", "-D", "proposals/p"]);
        store.fetch(&remote, &specs, &mut |_| {}).unwrap();
        assert!(
            store
                .remote_branches("origin", "proposals/")
                .unwrap()
                .is_empty()
        );
        // A push that is not a fast-forward is refused, and said so.
        write(&store, &[("translations/d/a.md", "b\n")], "second", 2);
        let main = ["refs/heads/main:refs/heads/main".to_string()];
        assert!(store.push(&remote, &main, &mut |_| {}).unwrap().is_empty());
        git(&dir, &["reset", "-q", "--hard", &first.to_string()]);
        write(&store, &[("translations/d/a.md", "c\n")], "third", 3);
        let err = store.push(&remote, &main, &mut |_| {}).unwrap_err();
        assert!(
            err.to_string()
                .contains("could not push to remote origin (")
                && err.to_string().contains("someone pushed meanwhile"),
            "{err}"
        );
        assert!(matches!(
            store.remote_info("nowhere"),
            Err(StoreError::NoSuchRemote { .. })
        ));
        assert_fsck(&dir);
    }
}
