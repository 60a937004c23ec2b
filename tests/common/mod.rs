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

/// Parses standard output of a successful run as JSON.
pub fn json_of(cmd: &mut Command) -> serde_json::Value {
    serde_json::from_str(&stdout_of(cmd)).expect("output is JSON")
}
