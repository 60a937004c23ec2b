//! The README's usage matches `--help`: every command emend has is shown in
//! the README, and every flag the README gives a command (in a code span or a
//! console line that runs emend) is one that command's `--help` lists.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

fn help(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_emend"))
        .args(args)
        .arg("--help")
        .env("NO_COLOR", "1")
        .output()
        .expect("emend runs");
    assert!(out.status.success(), "emend {args:?} --help failed");
    String::from_utf8(out.stdout).unwrap()
}

/// The commands `emend --help` lists (without `help`).
fn commands() -> Vec<String> {
    let top = help(&[]);
    let list = top
        .split("Commands:")
        .nth(1)
        .and_then(|s| s.split("Options:").next())
        .expect("a command list");
    list.lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

/// The flags (`--long`, `-s`) a help text lists.
fn flags_of(help: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in help.lines() {
        for word in line.split(|c: char| c.is_whitespace() || c == ',' || c == '[' || c == '=') {
            let word = word.trim_end_matches(['.', ':', ')', ']']);
            if word.len() > 1 && word.starts_with('-') && !word.starts_with("---") {
                out.insert(word.to_string());
            }
        }
    }
    out
}

/// Each place the README runs emend: the command and the flags given to it.
fn uses(readme: &str) -> Vec<(usize, String, Vec<String>)> {
    let mut out = Vec::new();
    for (n, line) in readme.lines().enumerate() {
        let line = line.replace("\\|", "/");
        let mut snippets: Vec<&str> = line.split('`').skip(1).step_by(2).collect();
        if let Some(rest) = line.trim_start().strip_prefix("$ ") {
            snippets.push(rest);
        }
        for s in snippets {
            // Only emend's own words: up to a pipe, a redirection or the next command.
            let s = s
                .split(['|', '>', '<', ';', '#'])
                .next()
                .unwrap_or_default();
            let s = s.split("&&").next().unwrap_or_default();
            let mut words = s.split_whitespace();
            if words.next() != Some("emend") {
                continue;
            }
            let mut command = None;
            let mut flags = Vec::new();
            let mut after_global = false;
            for w in words {
                if w.starts_with('-') {
                    let flag = w.split('=').next().unwrap_or(w);
                    let flag = flag.trim_end_matches([',', '.', ')']);
                    if command.is_none() && (flag == "-C" || flag == "--store") {
                        after_global = true;
                        continue;
                    }
                    if flag.len() > 1 && flag != "--" && !flag.starts_with("---") {
                        flags.push(flag.to_string());
                    }
                } else if command.is_none() {
                    if after_global {
                        after_global = false;
                        continue;
                    }
                    command = Some(w.to_string());
                }
            }
            if let Some(c) = command {
                out.push((n + 1, c, flags));
            }
        }
    }
    out
}

#[test]
fn every_command_and_flag_the_readme_shows_is_in_help() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let commands = commands();
    assert!(commands.len() >= 15, "{commands:?}");
    let global = flags_of(&help(&[]));
    let mut by_command: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for c in &commands {
        by_command.insert(c.clone(), flags_of(&help(&[c])));
    }
    let uses = uses(&readme);
    let mut wrong = Vec::new();
    let mut shown = BTreeSet::new();
    for (line, command, flags) in &uses {
        let Some(known) = by_command.get(command) else {
            // `emend DOC` in prose, a placeholder such as `emend COMMAND`.
            if command.chars().all(|c| c.is_ascii_lowercase()) && command.len() > 2 {
                wrong.push(format!("README:{line}: `emend {command}` is no command"));
            }
            continue;
        };
        shown.insert(command.clone());
        for f in flags {
            if !known.contains(f) && !global.contains(f) {
                wrong.push(format!("README:{line}: `emend {command}` has no {f}"));
            }
        }
    }
    for c in &commands {
        if !shown.contains(c) {
            wrong.push(format!("`emend {c}` is not shown in the README"));
        }
    }
    assert!(uses.len() > 100, "only {} uses of emend found", uses.len());
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
