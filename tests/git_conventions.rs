//! emend follows git's conventions where git has one, with git itself as the reference:
//! identity from the environment and config, `.mailmap`, `-C`, `--date`. (The editor's
//! order is checked against `git var GIT_EDITOR` in `src/cli/editor.rs`, and started on a
//! real terminal in `cli_interactive.rs`.)

mod common;

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use common::{emend, json_of, sample, stdout_of};

/// A folder with a store in `store/` (made by emend, with no identity anywhere in git's
/// config) and a plain git repository in `plain/`, for commits made the same way by both.
struct Pair {
    dir: tempfile::TempDir,
}

impl Pair {
    fn new() -> Pair {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("gitconfig"),
            "[init]\n\tdefaultBranch = main\n",
        )
        .unwrap();
        let pair = Pair { dir };
        pair.emend(pair.dir.path())
            .args(["init", "store", "--author", "Setup <setup@example.org>"])
            .assert()
            .success();
        pair.git(pair.dir.path(), &[], &["init", "-q", "plain"]);
        pair
    }

    fn store(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    fn plain(&self) -> PathBuf {
        self.dir.path().join("plain")
    }

    /// emend in `dir`, with this folder's global config and nothing else from the machine.
    fn emend(&self, dir: &Path) -> assert_cmd::Command {
        let mut cmd = emend(dir);
        cmd.env("HOME", self.dir.path())
            .env("GIT_CONFIG_GLOBAL", self.dir.path().join("gitconfig"));
        cmd
    }

    /// git in `dir` with the same environment as [`Pair::emend`] plus `vars`; its output.
    fn git(&self, dir: &Path, vars: &[(&str, &str)], args: &[&str]) -> String {
        let out = Process::new("git")
            .args(args)
            .current_dir(dir)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("GIT_CONFIG_GLOBAL", self.dir.path().join("gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .envs(vars.iter().copied())
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Sets the same repository config in the store and in the plain repository.
    fn config(&self, pairs: &[(&str, &str)]) {
        for repo in [self.store(), self.plain()] {
            for (key, value) in pairs {
                self.git(&repo, &[], &["config", key, value]);
            }
        }
    }

    /// The `author` and `committer` lines of HEAD in `repo`; with `times` false, with the
    /// seconds left out (the offset kept).
    fn signatures(&self, repo: &Path, times: bool) -> Vec<String> {
        self.git(repo, &[], &["cat-file", "-p", "HEAD"])
            .lines()
            .filter(|l| l.starts_with("author ") || l.starts_with("committer "))
            .map(|l| {
                let mut parts: Vec<&str> = l.rsplitn(3, ' ').collect();
                if !times {
                    parts[1] = "<seconds>";
                }
                parts.reverse();
                parts.join(" ")
            })
            .collect()
    }
}

/// Standard error of a run that fails with exit code 2.
fn failure(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.assert().code(2).get_output().stderr.clone();
    String::from_utf8_lossy(&out).into_owned()
}

/// One emend write and one `git commit` under `vars`: the same author and committer lines.
fn same_signatures(pair: &Pair, n: usize, vars: &[(&str, &str)]) {
    let text = pair.dir.path().join(format!("v{n}.md"));
    std::fs::write(&text, format!("1. Revision {n} of the text.\n")).unwrap();
    let mut cmd = pair.emend(&pair.store());
    match n {
        0 => cmd.args(["add", "doc", "en", text.to_str().unwrap(), "--lang", "en"]),
        _ => cmd.args(["update", "doc", "en", text.to_str().unwrap()]),
    };
    cmd.envs(vars.iter().copied()).assert().success();
    pair.git(
        &pair.plain(),
        vars,
        &["commit", "-q", "--allow-empty", "-m", "x"],
    );
    let times = vars.iter().any(|(k, _)| *k == "GIT_COMMITTER_DATE");
    assert_eq!(
        pair.signatures(&pair.store(), times),
        pair.signatures(&pair.plain(), times),
        "{vars:?}"
    );
}

#[test]
fn identity_from_the_environment_and_config_is_the_one_git_writes() {
    let pair = Pair::new();
    // A CI job: everything from the environment, no user.name anywhere.
    same_signatures(
        &pair,
        0,
        &[
            ("GIT_AUTHOR_NAME", "CI Bot"),
            ("GIT_AUTHOR_EMAIL", "ci@example.org"),
            ("GIT_COMMITTER_NAME", "Build Host"),
            ("GIT_COMMITTER_EMAIL", "build@example.org"),
            ("GIT_AUTHOR_DATE", "Thu, 07 Apr 2005 22:13:13 +0200"),
            ("GIT_COMMITTER_DATE", "2005-04-08T09:00:00-05:30"),
        ],
    );
    // Only the author from the environment, and EMAIL for the committer's address; names
    // as git cleans them.
    same_signatures(
        &pair,
        1,
        &[
            ("GIT_AUTHOR_NAME", "  \"Ada Lovelace, Jr.\";  "),
            ("GIT_AUTHOR_EMAIL", "<ada@example.org>"),
            ("GIT_COMMITTER_NAME", "Ops"),
            ("EMAIL", "ops@example.org"),
            ("GIT_AUTHOR_DATE", "@1112911993 +0100"),
            ("GIT_COMMITTER_DATE", "1112911993 -0800"),
        ],
    );
    // The repository's config: user.*, and author.* / committer.* before it.
    pair.config(&[
        ("user.name", "Repo User"),
        ("user.email", "user@example.org"),
        ("author.email", "author@example.org"),
        ("committer.name", "Repo Committer"),
    ]);
    same_signatures(&pair, 2, &[]);
    // The environment before the config, each identity on its own.
    same_signatures(
        &pair,
        3,
        &[
            ("GIT_COMMITTER_NAME", "Night Build"),
            ("GIT_AUTHOR_EMAIL", "env@example.org"),
        ],
    );
    // No date set: both times are now, in the local offset.
    same_signatures(&pair, 4, &[("TZ", "IST-5:30")]);
}

#[test]
fn without_any_identity_emend_refuses_as_git_does() {
    let pair = Pair::new();
    let text = pair.dir.path().join("en.md");
    std::fs::write(&text, "1. A text.\n").unwrap();
    let err = failure(
        pair.emend(&pair.store())
            .args(["add", "doc", "en", text.to_str().unwrap(), "--lang", "en"])
            .env("GIT_AUTHOR_NAME", "Only A Name"),
    );
    assert!(
        err.contains("no author identity") && err.contains("GIT_AUTHOR_EMAIL"),
        "{err}"
    );
    // `--author` alone is enough, as before; the committer is then the author.
    pair.emend(&pair.store())
        .args(["add", "doc", "en", text.to_str().unwrap(), "--lang", "en"])
        .args(["--author", "Ada <ada@example.org>"])
        .assert()
        .success();
    let lines = pair.signatures(&pair.store(), false);
    assert_eq!(
        lines,
        [
            "author Ada <ada@example.org> <seconds> +0000",
            "committer Ada <ada@example.org> <seconds> +0000"
        ]
    );
}

/// A store holding the telegram as published, then corrected, then as published again,
/// each written by `writers[i]` (`--author`) at `writers[i]` (GIT_AUTHOR_DATE and
/// GIT_COMMITTER_DATE).
fn telegram_history(writers: [(&str, &str); 3]) -> Pair {
    let pair = Pair::new();
    let versions = ["en-wilson", "en-corrected", "en-wilson"];
    for (n, ((author, date), version)) in writers.into_iter().zip(versions).enumerate() {
        let file = sample("telegram-1945-11-11", version);
        let mut cmd = pair.emend(&pair.store());
        match n {
            0 => cmd
                .args(["add", "telegram", "en"])
                .arg(&file)
                .args(["--lang", "en"]),
            _ => cmd.args(["update", "telegram", "en"]).arg(&file),
        };
        cmd.args(["--author", author])
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .assert()
            .success();
    }
    pair
}

/// The telegram's history where one translator wrote under two names and addresses, and
/// a `.mailmap` that joins them.
fn mailmapped_store() -> Pair {
    let pair = telegram_history([
        ("tanya <tanya@old.example.org>", "1700000000 +0100"),
        ("T. Translator <tanya@example.org>", "1700003600 +0100"),
        ("Eddie Editor <eddie@example.org>", "1700007200 +0100"),
    ]);
    std::fs::write(
        pair.store().join(".mailmap"),
        "Tanya Translator <tanya@example.org>\nTanya Translator <tanya@example.org> <tanya@old.example.org>\n",
    )
    .unwrap();
    pair
}

#[test]
fn log_blame_and_status_show_the_names_git_log_shows_with_a_mailmap() {
    let pair = mailmapped_store();
    let store = pair.store();
    assert_eq!(
        git_names(&pair),
        [
            "Eddie Editor <eddie@example.org>",
            "Tanya Translator <tanya@example.org>",
            "Tanya Translator <tanya@example.org>"
        ],
        "git reads the mailmap"
    );
    assert_eq!(log_names(&pair), git_names(&pair));
    let text = stdout_of(pair.emend(&store).args(["log", "telegram", "en"]));
    assert!(
        !text.contains("tanya ") && !text.contains("T. Translator"),
        "{text}"
    );
    let blame = json_of(
        pair.emend(&store)
            .args(["blame", "telegram", "en", "--format", "json"]),
    );
    let blamed = blame.to_string();
    assert!(
        blamed.contains("Tanya Translator") && !blamed.contains("T. Translator"),
        "{blamed}"
    );
    // Without the mailmap, the names as written.
    std::fs::remove_file(store.join(".mailmap")).unwrap();
    let text = stdout_of(pair.emend(&store).args(["log", "telegram", "en"]));
    assert!(text.contains("T. Translator"), "{text}");
    // A mailmap named by `mailmap.file`, outside the store.
    let elsewhere = pair.dir.path().join("people.mailmap");
    std::fs::write(&elsewhere, "Edward Editor <eddie@example.org>\n").unwrap();
    pair.git(
        &store,
        &[],
        &["config", "mailmap.file", elsewhere.to_str().unwrap()],
    );
    assert_eq!(log_names(&pair), git_names(&pair));
    assert!(git_names(&pair)[0].starts_with("Edward Editor"));
    let status = stdout_of(pair.emend(&store).args(["status", "telegram"]));
    assert!(status.contains("Edward Editor"), "{status}");
}

/// `git log --format='%aN <%aE>'` of the telegram's file.
fn git_names(pair: &Pair) -> Vec<String> {
    let out = pair.git(
        &pair.store(),
        &[],
        &[
            "log",
            "--format=%aN <%aE>",
            "--",
            "translations/telegram/en.md",
        ],
    );
    out.lines().map(str::to_string).collect()
}

/// The names and addresses `emend log --format json` gives, newest first.
fn log_names(pair: &Pair) -> Vec<String> {
    let log = json_of(
        pair.emend(&pair.store())
            .args(["log", "telegram", "en", "--format", "json"]),
    );
    log["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} <{}>",
                r["author"].as_str().unwrap(),
                r["email"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn dash_c_runs_as_if_started_in_that_folder() {
    let pair = mailmapped_store();
    let inside = stdout_of(pair.emend(&pair.store()).args(["log", "telegram", "en"]));
    let top = pair.dir.path();
    assert_eq!(
        stdout_of(
            pair.emend(top)
                .args(["-C", "store", "log", "telegram", "en"])
        ),
        inside
    );
    // Several compose, each relative to the one before; an empty one changes nothing.
    std::fs::create_dir(top.join("elsewhere")).unwrap();
    assert_eq!(
        stdout_of(
            pair.emend(&top.join("elsewhere"))
                .args(["-C", "..", "-C", "", "-C", "store/translations"])
                .args(["log", "telegram", "en"])
        ),
        inside
    );
    // --store is read after -C, as git reads its paths.
    assert_eq!(
        stdout_of(
            pair.emend(&top.join("elsewhere"))
                .args(["-C", "..", "--store", "store", "log", "telegram", "en"])
        ),
        inside
    );
    let err = failure(pair.emend(top).args(["-C", "no-such-folder", "list"]));
    assert!(err.contains("cannot change to 'no-such-folder'"), "{err}");
}

/// The dates `emend log --date STYLE` prints, one per revision.
fn emend_dates(pair: &Pair, style: &str) -> Vec<String> {
    let text = stdout_of(
        pair.emend(&pair.store())
            .args(["log", "telegram", "en", "--date", style])
            .env("GIT_TEST_DATE_NOW", "1700100000"),
    );
    text.lines()
        .map(|l| {
            // "<id> <date>  <author>  ...": the date is between the id and two spaces.
            let rest = l.split_once(' ').unwrap().1;
            rest.split_once("  ").unwrap().0.to_string()
        })
        .collect()
}

#[test]
fn dates_are_shown_as_git_log_shows_them_in_the_writers_offset() {
    let ada = "Ada <ada@example.org>";
    let pair = telegram_history([
        (ada, "1688700000 +0530"),
        (ada, "1699990000 -0800"),
        (ada, "1700099990 +0000"),
    ]);
    let store = pair.store();
    for style in [
        "default",
        "iso",
        "iso-strict",
        "rfc",
        "short",
        "relative",
        "raw",
        "unix",
    ] {
        let git = pair.git(
            &store,
            &[("GIT_TEST_DATE_NOW", "1700100000")],
            &[
                "log",
                &format!("--date={style}"),
                "--format=%ad",
                "--",
                "translations/telegram/en.md",
            ],
        );
        let git: Vec<String> = git.lines().map(str::to_string).collect();
        assert_eq!(emend_dates(&pair, style), git, "--date {style}");
    }
    // blame: each segment's date as git shows its commit's, in that commit's offset.
    let git_iso = pair.git(
        &store,
        &[],
        &[
            "log",
            "--date=iso",
            "--format=%ad",
            "--",
            "translations/telegram/en.md",
        ],
    );
    let blame = stdout_of(
        pair.emend(&store)
            .args(["blame", "telegram", "en", "--date", "iso"]),
    );
    assert!(blame.lines().count() > 5, "{blame}");
    for line in blame.lines() {
        assert!(
            git_iso.lines().any(|d| line.contains(d)),
            "{line} vs {git_iso}"
        );
    }
    assert!(
        blame.contains("+0530") && blame.contains("+0000"),
        "{blame}"
    );
    // A bad style is refused by name.
    pair.emend(&store)
        .args(["log", "telegram", "en", "--date", "tomorrow"])
        .assert()
        .code(2);
}
