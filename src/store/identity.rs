//! Who writes, as git decides it: the author and the committer each from git's
//! environment variables, then git's configuration, as `git commit` resolves them.

use std::ffi::OsString;
use std::path::Path;

use super::error::GitContext;
use super::{Author, CommitTime, Store, StoreError};

/// Which of a commit's two identities: git resolves each on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    Author,
    Committer,
}

impl Whose {
    /// `GIT_AUTHOR` or `GIT_COMMITTER`: the prefix of git's variables for it.
    fn env_prefix(self) -> &'static str {
        match self {
            Whose::Author => "GIT_AUTHOR",
            Whose::Committer => "GIT_COMMITTER",
        }
    }

    /// `author` or `committer`: git's own config section for it (`author.name`).
    fn section(self) -> &'static str {
        match self {
            Whose::Author => "author",
            Whose::Committer => "committer",
        }
    }
}

impl Store {
    /// The author git would write in this repository: see [`identity_for`].
    pub fn default_author(&self) -> Result<Author, StoreError> {
        identity_for(Some(&self.repo))
    }

    /// The committer and commit time git would write: GIT_COMMITTER_NAME / _EMAIL, then
    /// `committer.*` and `user.*` config, then EMAIL; the time is GIT_COMMITTER_DATE, else
    /// (`None`) now in the local offset. No committer when git has no committer identity: emend then names the author as the
    /// committer too (where git would refuse), so `--author` alone is enough to write.
    pub(crate) fn git_committer(&self) -> Result<(Option<Author>, Option<CommitTime>), StoreError> {
        let time = CommitTime::from_env("GIT_COMMITTER_DATE")?;
        let config = git_config(Some(&self.repo))?;
        match resolve(Whose::Committer, &config, &|k| std::env::var_os(k)) {
            Ok(who) => Ok((Some(who), time)),
            Err(StoreError::MissingIdentity { .. }) => Ok((None, time)),
            Err(e) => Err(e),
        }
    }

    /// Replaces each author by the canonical name and email the repository's mailmap gives
    /// (`.mailmap` at the top of the work tree, `mailmap.file`, `mailmap.blob`), as `git log`
    /// shows `%aN <%aE>`. Without a mailmap, or for an author it does not name, nothing changes.
    pub(crate) fn apply_mailmap<'a>(&self, authors: impl Iterator<Item = &'a mut Author>) {
        let Ok(mailmap) = self.repo.mailmap() else {
            return;
        };
        let when = git2::Time::new(0, 0);
        for a in authors {
            let Ok(sig) = git2::Signature::new(&a.name, &a.email, &when) else {
                continue;
            };
            if let Ok(real) = mailmap.resolve_signature(&sig) {
                a.name = String::from_utf8_lossy(real.name_bytes()).into_owned();
                a.email = String::from_utf8_lossy(real.email_bytes()).into_owned();
            }
        }
    }
}

/// The author git would write in `repo` (or outside any repository): GIT_AUTHOR_NAME and
/// GIT_AUTHOR_EMAIL, then `author.name` / `author.email`, then `user.name` / `user.email`
/// from the repository, global and system config (honouring GIT_CONFIG_GLOBAL and
/// GIT_CONFIG_NOSYSTEM, which libgit2 ignores), then EMAIL for the address. Where git
/// would guess from the account and host name, emend reports the identity missing.
pub fn identity_for(repo: Option<&git2::Repository>) -> Result<Author, StoreError> {
    let config = git_config(repo)?;
    resolve(Whose::Author, &config, &|k| std::env::var_os(k))
}

/// The identity git would use for a commit in the repository around `dir`, or outside any
/// repository when there is none (as for `emend init` in a new folder).
pub fn identity_near(dir: &Path) -> Result<Author, StoreError> {
    let repo = git2::Repository::discover(dir).ok();
    identity_for(repo.as_ref())
}

/// The config git reads in `repo` (or outside any): with GIT_CONFIG_GLOBAL set, layered by
/// hand, since libgit2 does not read that variable.
fn git_config(repo: Option<&git2::Repository>) -> Result<git2::Config, StoreError> {
    match std::env::var_os("GIT_CONFIG_GLOBAL") {
        Some(global) => {
            let nosystem = std::env::var("GIT_CONFIG_NOSYSTEM")
                .is_ok_and(|v| git2::Config::parse_bool(v.as_str()).unwrap_or(false));
            layered_config(repo, Some(Path::new(&global)), nosystem)
        }
        None => match repo {
            Some(repo) => repo.config().git_ctx(|| "reading git config"),
            None => git2::Config::open_default().git_ctx(|| "reading git config"),
        },
    }
}

/// `core.editor` as git reads it in `repo`: what `git var GIT_EDITOR` would take after
/// GIT_EDITOR and before VISUAL / EDITOR. `None` when unset or empty.
pub fn configured_editor(repo: Option<&git2::Repository>) -> Result<Option<String>, StoreError> {
    let config = git_config(repo)?;
    Ok(config
        .get_string("core.editor")
        .ok()
        .filter(|v| !v.trim().is_empty()))
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

/// Reads the author's user.name / user.email from `config` alone, without the environment.
pub fn author_from_config(config: &git2::Config) -> Result<Author, StoreError> {
    resolve(Whose::Author, config, &|_| None)
}

/// git's resolution of one identity (ident.c, `fmt_ident`): the name from
/// GIT_<WHOSE>_NAME, `<whose>.name`, `user.name`; the email from GIT_<WHOSE>_EMAIL,
/// `<whose>.email`, `user.email`, EMAIL. Values are cleaned as git cleans them; a name
/// set but empty is refused, as git refuses it.
fn resolve(
    whose: Whose,
    config: &git2::Config,
    env: &dyn Fn(&str) -> Option<OsString>,
) -> Result<Author, StoreError> {
    let var = |field: &str| {
        let key = format!("{}_{field}", whose.env_prefix());
        env(&key).map(|v| without_crud(&v.to_string_lossy()))
    };
    let conf = |key: &str| {
        config
            .get_string(key)
            .ok()
            .map(|v| without_crud(&v))
            .filter(|v| !v.is_empty())
    };
    let section = whose.section();
    let name = var("NAME")
        .or_else(|| conf(&format!("{section}.name")))
        .or_else(|| conf("user.name"));
    let email = var("EMAIL")
        .or_else(|| conf(&format!("{section}.email")))
        .or_else(|| conf("user.email"))
        .or_else(|| env("EMAIL").map(|v| without_crud(&v.to_string_lossy())));
    match (name, email) {
        (Some(name), Some(email)) if name.is_empty() => Err(StoreError::InvalidAuthor {
            input: format!("{name} <{email}>"),
        }),
        (Some(name), Some(email)) => Ok(Author { name, email }),
        (name, email) => {
            let env = whose.env_prefix();
            let name_missing = format!("user.name (or {env}_NAME)");
            let email_missing = format!("user.email (or {env}_EMAIL, EMAIL)");
            let missing = match (name.is_none(), email.is_none()) {
                (true, true) => format!("{name_missing} and {email_missing}"),
                (true, false) => name_missing,
                _ => email_missing,
            };
            Err(StoreError::MissingIdentity { missing })
        }
    }
}

/// A name or email as git writes it (ident.c, `strbuf_addstr_without_crud`): without
/// spaces and `,:;<>"\'` at either end, and without `<`, `>` or newlines inside.
fn without_crud(s: &str) -> String {
    let crud = |c: char| c <= ' ' || matches!(c, ',' | ':' | ';' | '<' | '>' | '"' | '\\' | '\'');
    s.trim_matches(crud)
        .chars()
        .filter(|c| !matches!(c, '\n' | '<' | '>'))
        .collect()
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
            err.to_string()
                .contains("user.name (or GIT_AUTHOR_NAME) and user.email"),
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

    #[test]
    fn environment_before_config_each_identity_on_its_own() {
        let (_tmp, store) = new_store();
        let mut cfg = store.repo().config().unwrap();
        let mut local = cfg.open_level(git2::ConfigLevel::Local).unwrap();
        local.set_str("user.name", "User Name").unwrap();
        local.set_str("user.email", "user@example.org").unwrap();
        local
            .set_str("committer.email", "committer@example.org")
            .unwrap();
        cfg = local;
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == k)
                    .map(|(_, v)| OsString::from(*v))
            }
        };
        let none = env(&[]);
        let who =
            |w, e: &dyn Fn(&str) -> Option<OsString>| resolve(w, &cfg, e).map(|a| a.to_string());
        assert_eq!(
            who(Whose::Author, &none).unwrap(),
            "User Name <user@example.org>"
        );
        assert_eq!(
            who(Whose::Committer, &none).unwrap(),
            "User Name <committer@example.org>"
        );
        let ci = env(&[
            ("GIT_AUTHOR_NAME", " CI Bot. "),
            ("GIT_COMMITTER_EMAIL", "<ci@example.org>"),
        ]);
        assert_eq!(
            who(Whose::Author, &ci).unwrap(),
            "CI Bot. <user@example.org>"
        );
        assert_eq!(
            who(Whose::Committer, &ci).unwrap(),
            "User Name <ci@example.org>"
        );
        let empty = env(&[("GIT_AUTHOR_NAME", "")]);
        assert!(matches!(
            who(Whose::Author, &empty),
            Err(StoreError::InvalidAuthor { .. })
        ));
        // EMAIL comes after every configured address.
        let bare = git2::Config::new().unwrap();
        let mail = env(&[("GIT_AUTHOR_NAME", "A"), ("EMAIL", "a@example.org")]);
        assert_eq!(
            resolve(Whose::Author, &bare, &mail).unwrap().to_string(),
            "A <a@example.org>"
        );
        let err = resolve(Whose::Committer, &bare, &mail).unwrap_err();
        assert!(err.to_string().contains("GIT_COMMITTER_NAME"), "{err}");
        assert_eq!(without_crud(" ;Ada <Love>lace, \n"), "Ada Lovelace");
    }
}
