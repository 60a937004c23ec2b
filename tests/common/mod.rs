//! A hermetic environment for running the real `emend` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The project folder, where `translations/` lives.
pub fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A bundled sample: `translations/<doc>/<version>.md`.
pub fn sample(doc: &str, version: &str) -> PathBuf {
    project()
        .join("translations")
        .join(doc)
        .join(format!("{version}.md"))
}

/// `emend` with a cleared environment: no colour, fixed width, no user git config.
pub fn emend(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("emend").expect("the emend binary is built");
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("COLUMNS", "100")
        .env("LANG", "C.UTF-8");
    cmd
}

/// Standard output of a successful run, as text.
pub fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("output is UTF-8")
}

/// The segments `emend show --format json ARGS` gives (run in the project), each
/// field of `fields` as a string ("" where absent).
pub fn shown_segments(args: &[&str], fields: &[&str]) -> Vec<Vec<String>> {
    let v = json_of(
        emend(&project())
            .args(["show", "--format", "json"])
            .args(args),
    );
    v["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| {
            fields
                .iter()
                .map(|f| s[*f].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .collect()
}

/// Parses standard output of a successful run as JSON.
pub fn json_of(cmd: &mut Command) -> serde_json::Value {
    serde_json::from_str(&stdout_of(cmd)).expect("output is JSON")
}

/// A temporary store with a fixed identity and a fixed clock.
pub struct TestStore {
    pub dir: tempfile::TempDir,
    /// The store folder (inside `dir`).
    pub path: PathBuf,
    clock: std::cell::Cell<i64>,
}

impl TestStore {
    /// Each segment of `version` at HEAD as `"key" "kind"` (`show --format json`).
    pub fn keys_and_kinds(&self, doc: &str, version: &str) -> Vec<String> {
        let v = json_of(
            self.emend()
                .args(["show", doc, version, "--format", "json"]),
        );
        v["segments"]
            .as_array()
            .expect("segments")
            .iter()
            .map(|x| format!("{} {}", x["key"], x["kind"]))
            .collect()
    }

    /// `emend init` in a fresh folder, as "Ada Translator <ada@example.org>".
    pub fn new() -> TestStore {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("gitconfig"),
            "[user]\n\tname = Ada Translator\n\temail = ada@example.org\n[init]\n\tdefaultBranch = main\n",
        )
        .expect("gitconfig");
        let path = dir.path().join("store");
        let store = TestStore {
            dir,
            path,
            clock: std::cell::Cell::new(1_700_000_000),
        };
        store
            .emend()
            .args(["init", "store"])
            .current_dir(store.dir.path())
            .assert()
            .success();
        store
    }

    /// `emend` run in the store, with the test identity and the next tick of the clock.
    pub fn emend(&self) -> Command {
        let t = self.clock.get() + 60;
        self.clock.set(t);
        let mut cmd = emend(&self.path);
        cmd.env("HOME", self.dir.path())
            .env("GIT_CONFIG_GLOBAL", self.dir.path().join("gitconfig"))
            .env("GIT_COMMITTER_DATE", format!("{t} +0000"))
            .env("GIT_AUTHOR_DATE", format!("{t} +0000"));
        if !self.path.exists() {
            cmd.current_dir(self.dir.path());
        }
        cmd
    }

    /// The `git` command line in the store, hermetic.
    pub fn git(&self, args: &[&str]) -> String {
        git_in(&self.path, self.dir.path(), args)
    }

    /// Writes a file in the temp folder (outside the store) and returns its path.
    pub fn file(&self, name: &str, text: &str) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).expect("write file");
        p.display().to_string()
    }

    /// A file inside the store.
    pub fn store_file(&self, rel: &str) -> PathBuf {
        self.path.join(rel)
    }
}

/// A store holding the Universal Declaration in English (the original) and French
/// (translated from it), from the bundled samples.
pub fn udhr_store() -> TestStore {
    let s = TestStore::new();
    for (v, extra) in [("en", ["--role", "original"]), ("fr", ["--from", "en"])] {
        let text = sample("udhr", v).display().to_string();
        s.emend()
            .args(["add", "udhr", v, &text, "--lang", v])
            .args(extra)
            .assert()
            .success();
    }
    s
}

/// Runs git in `dir` with the test identity of `home`; panics on failure.
pub fn git_in(dir: &Path, home: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The telegram as published, from the bundled samples.
pub fn telegram_text(version: &str) -> String {
    std::fs::read_to_string(sample("telegram-1945-11-11", version)).expect("sample")
}

/// A store holding the telegram as published, as `en-wilson` of `telegram-1945-11-11`.
pub fn telegram_store() -> TestStore {
    let s = TestStore::new();
    let f = s.file("en-wilson.md", &telegram_text("en-wilson"));
    s.emend()
        .args([
            "add",
            "telegram-1945-11-11",
            "en-wilson",
            &f,
            "--lang",
            "en",
        ])
        .assert()
        .success();
    s
}

/// Standard error of a run that exits with `code`.
pub fn stderr_of(cmd: &mut Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().clone();
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The proposer in the telegram proposal.
pub const TRANSLATOR: &str = "Tanya Translator <tanya@example.org>";

/// A store holding the telegram as published (`en-wilson`), and a proposal
/// `fix-scan` by [`TRANSLATOR`] whose text is the corrected draft.
pub fn telegram_with_proposal() -> TestStore {
    telegram_proposing(
        "fix-scan",
        &telegram_text("en-corrected"),
        "scanning errors",
    )
}

/// A store holding the telegram as published (`en-wilson`), and a proposal
/// `name` by [`TRANSLATOR`] whose text is `text`.
pub fn telegram_proposing(name: &str, text: &str, message: &str) -> TestStore {
    let s = TestStore::new();
    let wilson = s.file("en-wilson.md", &telegram_text("en-wilson"));
    s.emend()
        .args([
            "add",
            "telegram-1945-11-11",
            "en-wilson",
            &wilson,
            "--lang",
            "en",
        ])
        .args(["--translator", "Gary Goldberg"])
        .assert()
        .success();
    propose(&s, name, text, message);
    s
}

/// `emend propose` of `text` for the telegram's `en-wilson` as proposal `name`, by [`TRANSLATOR`].
pub fn propose(s: &TestStore, name: &str, text: &str, message: &str) {
    let f = s.file(&format!("{name}.md"), text);
    let out = stdout_of(
        s.emend()
            .args(["propose", "telegram-1945-11-11", "en-wilson", &f])
            .args(["--name", name, "-m", message, "--author", TRANSLATOR]),
    );
    assert!(
        out.contains(&format!("proposed {name} for en-wilson")),
        "{out}"
    );
}

/// The review records of proposal `name` in `doc` at HEAD, oldest first: the
/// files under `reviews/<name>/`, one per review pass.
pub fn review_records(s: &TestStore, doc: &str, name: &str) -> Vec<serde_json::Value> {
    let dir = format!("translations/{doc}/reviews/{name}/");
    s.git(&["ls-tree", "--name-only", "HEAD", &dir])
        .lines()
        .map(|path| {
            serde_json::from_str(&s.git(&["show", &format!("HEAD:{path}")]))
                .expect("a record is JSON")
        })
        .collect()
}

/// The row of a review record (or of a diff's JSON) whose first base key is `key`.
pub fn row_of<'a>(record: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    record["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["a"][0] == key)
        .unwrap_or_else(|| panic!("no row {key} in {record}"))
}

/// The paths of the approval records of `doc` at HEAD, oldest first (one file per approval).
pub fn approval_records(s: &TestStore, doc: &str) -> Vec<String> {
    let dir = format!("translations/{doc}/approvals/");
    s.git(&["ls-tree", "--name-only", "HEAD", &dir])
        .lines()
        .map(str::to_string)
        .collect()
}

/// True when running under CI, where every tool a test needs must be present.
pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Whether a tool a test needs (`what`) runs here: `program args` succeeds. Under CI a
/// missing tool fails the test, since `.ci/run` installs every one; elsewhere the caller
/// skips the test, and this prints which tool is missing and how to install it
/// (`install`, e.g. "apt-get install -y pandoc"). The README lists the tools.
pub fn tool_available(what: &str, program: &str, args: &[&str], install: &str) -> bool {
    let ok = std::process::Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        let hint = format!("install it with `{install}`, as .ci/run does");
        if under_ci() {
            panic!("{what} is missing and CI is set: {hint}");
        }
        eprintln!("SKIPPED: {what} is not installed here; {hint}");
    }
    ok
}
