//! The editor of `review`'s "edit in your editor", chosen and started as git chooses and
//! starts its own (editor.c): GIT_EDITOR, then `core.editor`, then VISUAL (unless the
//! terminal is dumb), then EDITOR, then `vi`; run by the shell, so that `code --wait` or
//! `EDITOR='emacs -nw'` work as they do for `git commit`.

use std::ffi::OsString;

use emend::store::{Store, configured_editor};

use super::CommandError;

/// git's default editor when nothing names one.
const DEFAULT_EDITOR: &str = "vi";

/// The editor git would start in `store`'s repository (what `git var GIT_EDITOR` prints).
pub fn git_editor(store: &Store) -> Result<String, CommandError> {
    let core = configured_editor(Some(store.repo()))?;
    choose(&|k| std::env::var(k).ok(), core).ok_or_else(|| {
        CommandError::new("the terminal is dumb (TERM is unset or \"dumb\") and no editor is set")
            .with_hint("set GIT_EDITOR, core.editor or EDITOR, or type the text instead")
    })
}

/// git's order on the values `env` gives and `core.editor`; `None` where git refuses (a
/// dumb terminal and no editor named). Empty values count as unset.
fn choose(env: &dyn Fn(&str) -> Option<String>, core_editor: Option<String>) -> Option<String> {
    let var = |k: &str| env(k).filter(|v| !v.is_empty());
    let dumb = env("TERM").is_none_or(|t| t == "dumb");
    var("GIT_EDITOR")
        .or(core_editor)
        .or_else(|| if dumb { None } else { var("VISUAL") })
        .or_else(|| var("EDITOR"))
        .or_else(|| (!dumb).then(|| DEFAULT_EDITOR.to_string()))
}

/// The program and arguments that run `editor` as git runs it (run-command.c,
/// `prepare_shell_cmd`): a bare program name as it is, anything else as
/// `sh -c '<editor> "$@"'`; the file to edit is added as the last argument, so the text
/// itself never reaches the shell.
pub fn shell_command(editor: &str) -> (OsString, Vec<OsString>) {
    const SHELL_SYNTAX: &str = "|&;<>()$`\\\"' \t\n*?[#~=%";
    if !editor.contains(|c| SHELL_SYNTAX.contains(c)) {
        return (OsString::from(editor), Vec::new());
    }
    (
        OsString::from("sh"),
        vec![
            OsString::from("-c"),
            OsString::from(format!("{editor} \"$@\"")),
            OsString::from(editor),
        ],
    )
}

#[cfg(test)]
mod tests {
    use std::process::Command;

    use super::*;

    /// Environment variables, as pairs.
    type Vars = Vec<(&'static str, &'static str)>;

    /// What `git var GIT_EDITOR` prints with exactly these variables and `core.editor`.
    fn git_var(vars: &[(&str, &str)], core: Option<&str>) -> Option<String> {
        let dir = tempfile::tempdir().unwrap();
        let global = dir.path().join("gitconfig");
        let config = core.map_or(String::new(), |c| format!("[core]\n\teditor = {c}\n"));
        std::fs::write(&global, config).unwrap();
        let out = Command::new("git")
            .args(["var", "GIT_EDITOR"])
            .current_dir(dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir.path())
            .env("GIT_CONFIG_GLOBAL", &global)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .envs(vars.iter().copied())
            .output()
            .expect("git runs");
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim_end().to_string())
    }

    #[test]
    fn the_editor_is_the_one_git_would_start() {
        let all = [
            ("TERM", "xterm"),
            ("GIT_EDITOR", "git-editor --wait"),
            ("VISUAL", "visual"),
            ("EDITOR", "editor"),
        ];
        let cases: Vec<(Vars, Option<&str>)> = vec![
            (all.to_vec(), Some("core-editor")),
            (
                all[..1].iter().chain(&all[2..]).copied().collect(),
                Some("'my editor' -w"),
            ),
            (all[..1].iter().chain(&all[2..]).copied().collect(), None),
            (vec![all[0], all[3]], None),
            (vec![all[0]], None),
            (vec![("TERM", "dumb"), all[2], all[3]], None),
            (vec![all[2], all[3]], None),
            (vec![all[2]], None),
            (vec![("TERM", "dumb")], Some("core-editor")),
        ];
        for (vars, core) in cases {
            let env = |k: &str| {
                vars.iter()
                    .find(|(key, _)| *key == k)
                    .map(|(_, v)| v.to_string())
            };
            assert_eq!(
                choose(&env, core.map(str::to_string)),
                git_var(&vars, core),
                "{vars:?} core.editor={core:?}"
            );
        }
    }

    #[test]
    fn the_shell_gets_the_file_as_an_argument() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("text; rm -rf x.md");
        std::fs::write(&file, "old").unwrap();
        assert_eq!(shell_command("vim"), (OsString::from("vim"), Vec::new()));
        let (program, args) = shell_command("f() { printf new > \"$1\"; }; f");
        let status = Command::new(program)
            .args(args)
            .arg(&file)
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "new");
    }
}
