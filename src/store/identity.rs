//! Who writes: the author and committer identity git would use, from git's configuration.

use std::path::Path;

use super::error::GitContext;
use super::{Author, Store, StoreError};

impl Store {
    /// user.name / user.email from git config (repo, then global/system), honouring GIT_CONFIG_GLOBAL / GIT_CONFIG_NOSYSTEM.
    pub fn default_author(&self) -> Result<Author, StoreError> {
        identity_for(Some(&self.repo))
    }
}

/// The identity git would use for a commit in `repo` (or outside any repository):
/// user.name / user.email from the repository, global and system config,
/// honouring GIT_CONFIG_GLOBAL and GIT_CONFIG_NOSYSTEM, which libgit2 ignores.
pub fn identity_for(repo: Option<&git2::Repository>) -> Result<Author, StoreError> {
    let config = match std::env::var_os("GIT_CONFIG_GLOBAL") {
        Some(global) => {
            let nosystem = std::env::var("GIT_CONFIG_NOSYSTEM")
                .is_ok_and(|v| git2::Config::parse_bool(v.as_str()).unwrap_or(false));
            layered_config(repo, Some(Path::new(&global)), nosystem)?
        }
        None => match repo {
            Some(repo) => repo.config().git_ctx(|| "reading git config")?,
            None => git2::Config::open_default().git_ctx(|| "reading git config")?,
        },
    };
    author_from_config(&config)
}

/// The identity git would use for a commit in the repository around `dir`, or outside any
/// repository when there is none (as for `emend init` in a new folder).
pub fn identity_near(dir: &Path) -> Result<Author, StoreError> {
    let repo = git2::Repository::discover(dir).ok();
    identity_for(repo.as_ref())
}

/// The config git would use with GIT_CONFIG_GLOBAL set to `global`: system
/// (unless `nosystem`), that global file, then the repository's own config.
fn layered_config(
    repo: Option<&git2::Repository>,
    global: Option<&Path>,
    nosystem: bool,
) -> Result<git2::Config, StoreError> {
    let ctx = || "reading git config";
    let mut config = git2::Config::new().git_ctx(ctx)?;
    if !nosystem && let Ok(system) = git2::Config::find_system() {
        config
            .add_file(&system, git2::ConfigLevel::System, false)
            .git_ctx(ctx)?;
    }
    if let Some(global) = global.filter(|g| g.is_file()) {
        config
            .add_file(global, git2::ConfigLevel::Global, false)
            .git_ctx(ctx)?;
    }
    if let Some(repo) = repo {
        let local = repo.path().join("config");
        if local.is_file() {
            config
                .add_file(&local, git2::ConfigLevel::Local, false)
                .git_ctx(ctx)?;
        }
    }
    Ok(config)
}

/// Reads user.name / user.email from `config`; missing or empty values give [`StoreError::MissingIdentity`].
pub fn author_from_config(config: &git2::Config) -> Result<Author, StoreError> {
    let get = |key: &str| {
        config
            .get_string(key)
            .ok()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    match (get("user.name"), get("user.email")) {
        (Some(name), Some(email)) => Ok(Author { name, email }),
        (name, email) => {
            let missing = match (name.is_none(), email.is_none()) {
                (true, true) => "user.name and user.email",
                (true, false) => "user.name",
                _ => "user.email",
            };
            Err(StoreError::MissingIdentity {
                missing: missing.to_string(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    #[test]
    fn default_author_from_repo_config_and_missing_identity() {
        let (_tmp, store) = new_store();
        {
            let mut cfg = store
                .repo()
                .config()
                .unwrap()
                .open_level(git2::ConfigLevel::Local)
                .unwrap();
            cfg.set_str("user.name", "Repo Person").unwrap();
            cfg.set_str("user.email", "repo@example.org").unwrap();
        }
        let a = store.default_author().unwrap();
        assert_eq!(
            a,
            Author {
                name: "Repo Person".into(),
                email: "repo@example.org".into()
            }
        );
        // Same through the GIT_CONFIG_GLOBAL path, with an empty global.
        assert_eq!(
            author_from_config(
                &layered_config(Some(store.repo()), Some(Path::new("/dev/null")), true).unwrap()
            )
            .unwrap(),
            a
        );

        let (tmp2, bare_identity) = new_store();
        let cfg = layered_config(
            Some(bare_identity.repo()),
            Some(Path::new("/dev/null")),
            true,
        )
        .unwrap();
        let err = author_from_config(&cfg).unwrap_err();
        assert!(matches!(err, StoreError::MissingIdentity { .. }));
        assert!(
            err.to_string().contains("user.name and user.email"),
            "{err}"
        );
        let global = tmp2.path().join("gitconfig");
        std::fs::write(
            &global,
            "[user]\n\tname = Global Person\n\temail = g@example.org\n",
        )
        .unwrap();
        let cfg = layered_config(Some(bare_identity.repo()), Some(&global), true).unwrap();
        assert_eq!(author_from_config(&cfg).unwrap().name, "Global Person");
        std::fs::write(&global, "[user]\n\tname = Only Name\n").unwrap();
        let cfg = layered_config(Some(bare_identity.repo()), Some(&global), true).unwrap();
        assert!(
            author_from_config(&cfg)
                .unwrap_err()
                .to_string()
                .contains("user.email")
        );
    }
}
