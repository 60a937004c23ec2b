//! The rules of the code's shape, checked on the source itself (see ARCHITECTURE.md):
//! no source file over 800 lines outside its tests, no two modules that use each other,
//! and no command-line flag or command in the library's messages (the command line adds
//! those, in `src/cli/error.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The most lines a source file may have before its `#[cfg(test)]` module.
const MAX_LINES: usize = 800;

/// One source file: its path, its module path (`["store", "commit"]`), and its text.
struct Source {
    path: PathBuf,
    module: Vec<String>,
    text: String,
}

impl Source {
    /// The text before the file's inline test module, if it has one.
    fn code(&self) -> &str {
        let mut from = 0;
        while let Some(at) = self.text[from..].find("#[cfg(test)]") {
            let at = from + at;
            let rest = self.text[at + "#[cfg(test)]".len()..].trim_start();
            if rest.starts_with("mod ") && rest.split('\n').next().is_some_and(|l| l.contains('{'))
            {
                return &self.text[..at];
            }
            from = at + 1;
        }
        &self.text
    }

    fn in_cli(&self) -> bool {
        self.module.first().is_some_and(|m| m == "cli") || self.path.ends_with("main.rs")
    }
}

/// Every `.rs` file under `src/`, except the files that are test modules as a whole
/// (declared `#[cfg(test)] mod name;`).
fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    let mut all: Vec<Source> = files
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(&root).unwrap().with_extension("");
            let mut module: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(
                module.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                module.pop();
            }
            let text = fs::read_to_string(&path).unwrap();
            Source { path, module, text }
        })
        .collect();
    let mut test_only = BTreeSet::new();
    for s in &all {
        for (n, line) in s.text.lines().enumerate() {
            let next = s.text.lines().nth(n + 1).unwrap_or("").trim();
            if line.trim() == "#[cfg(test)]"
                && let Some(name) = next.strip_prefix("mod ").and_then(|r| r.strip_suffix(';'))
            {
                let mut m = s.module.clone();
                m.push(name.to_string());
                test_only.insert(m);
            }
        }
    }
    all.retain(|s| !test_only.contains(&s.module));
    all
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code with comments and the contents of string and char literals taken out, and the
/// string literals themselves.
fn lex(code: &str) -> (String, Vec<String>) {
    let chars: Vec<char> = code.chars().collect();
    let (mut out, mut strings) = (String::new(), Vec::new());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !is_ident(chars.get(i.wrapping_sub(1)))
        {
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let close: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let body: String = chars[j + 1..].iter().collect();
            let end = body.find(&close).unwrap_or(body.len());
            strings.push(body[..end].to_string());
            out.push_str("\"\"");
            i = j + 1 + body[..end].chars().count() + close.chars().count();
        } else if c == '"' {
            let mut s = String::new();
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    s.push(chars[i]);
                    i += 1;
                }
                s.push(chars[i]);
                i += 1;
            }
            i += 1;
            strings.push(s);
            out.push_str("\"\"");
        } else if c == '\'' && next == Some('\\') {
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            i += 3;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    (out, strings)
}

fn is_ident(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || *c == '_')
}

#[test]
fn no_source_file_is_over_800_lines_outside_its_tests() {
    let long: Vec<String> = sources()
        .iter()
        .map(|s| (s.code().lines().count(), s))
        .filter(|(n, _)| *n > MAX_LINES)
        .map(|(n, s)| format!("{}: {n} lines", s.path.display()))
        .collect();
    assert!(long.is_empty(), "split these files: {long:#?}");
}

/// A flag (`--force`, at the start or after a space, a bracket or a backquote) or a
/// command to type (`` `emend init` ``, `` `git log` ``) in a string.
fn names_a_flag_or_command(s: &str) -> bool {
    let flag = s.match_indices("--").any(|(at, _)| {
        let before = s[..at].chars().last();
        let after = s[at + 2..].chars().next();
        matches!(before, None | Some(' ' | '(' | '`' | '['))
            && after.is_some_and(|c| c.is_ascii_lowercase())
    });
    flag || ["`emend ", "`git ", "`rm ", "`iconv "]
        .iter()
        .any(|c| s.contains(c))
}

/// Strings of the library that are arguments of a program it runs, not messages: the file and
/// the argument.
const PROGRAM_ARGUMENTS: &[(&str, &str)] = &[("src/store/blobs.rs", "--batch")];

#[test]
fn no_library_message_names_a_flag_or_a_command() {
    let mut found = Vec::new();
    for s in sources().iter().filter(|s| !s.in_cli()) {
        let (_, strings) = lex(s.code());
        let allowed = |t: &String| {
            PROGRAM_ARGUMENTS
                .iter()
                .any(|(file, arg)| s.path.ends_with(file) && t == arg)
        };
        for text in strings
            .iter()
            .filter(|t| names_a_flag_or_command(t) && !allowed(t))
        {
            found.push(format!("{}: {text:?}", s.path.display()));
        }
    }
    assert!(
        found.is_empty(),
        "the library states facts; the flag or command to use is added in src/cli/error.rs: {found:#?}"
    );
    // The check itself sees what it is for.
    assert!(names_a_flag_or_command("pass --force to overwrite them"));
    assert!(names_a_flag_or_command("run `emend init` to create one"));
    assert!(!names_a_flag_or_command("<!-- a comment --> and a--b"));
}

/// The modules each module uses: for every folder, an edge from one of its modules to
/// another when the first names the second (`super::x`, `crate::a::x`), or, in `store/`,
/// calls a method of `Store` defined in the other's file.
fn edges(all: &[Source]) -> BTreeMap<Vec<String>, BTreeSet<(String, String)>> {
    let mut children: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
    for s in all {
        for k in 0..s.module.len() {
            children
                .entry(s.module[..k].to_vec())
                .or_default()
                .insert(s.module[k].clone());
        }
    }
    let mut edges: BTreeMap<Vec<String>, BTreeSet<(String, String)>> = BTreeMap::new();
    let mut add = |from: &[String], to: &[String]| {
        let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
        if common < from.len()
            && common < to.len()
            && children
                .get(&from[..common])
                .is_some_and(|c| c.contains(&to[common]))
        {
            edges
                .entry(from[..common].to_vec())
                .or_default()
                .insert((from[common].clone(), to[common].clone()));
        }
    };
    for s in all.iter().filter(|s| !s.in_cli()) {
        let (code, _) = lex(s.code());
        for path in paths(&code) {
            let mut target: Vec<String> = Vec::new();
            let mut parts = path.iter().peekable();
            match parts.peek().map(|p| p.as_str()) {
                Some("crate") => {
                    parts.next();
                }
                _ => target = s.module.clone(),
            }
            for p in parts {
                match p.as_str() {
                    "super" => {
                        target.pop();
                    }
                    "self" => {}
                    other => target.push(other.to_string()),
                }
            }
            add(&s.module, &target);
        }
    }
    // Methods of `Store`, defined across the files of store/.
    let store: Vec<&Source> = all
        .iter()
        .filter(|s| s.module.len() == 2 && s.module[0] == "store")
        .collect();
    let mut defined: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in &store {
        let (code, _) = lex(s.code());
        let mut in_impl = false;
        for line in code.lines() {
            if line.starts_with("impl Store") {
                in_impl = true;
            } else if line == "}" {
                in_impl = false;
            } else if in_impl && let Some(name) = method_name(line) {
                defined.entry(name).or_default().insert(s.module[1].clone());
            }
        }
    }
    for s in &store {
        let (code, _) = lex(s.code());
        for prefix in ["self.", "Store::"] {
            for (at, _) in code.match_indices(prefix) {
                let name: String = code[at + prefix.len()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let called = code[at + prefix.len() + name.len()..].starts_with('(');
                if let Some(files) = defined.get(&name).filter(|f| called && f.len() == 1) {
                    let file = files.iter().next().unwrap();
                    add(&s.module, &["store".to_string(), file.clone()]);
                }
            }
        }
    }
    edges
}

/// `fn name(` of a method at the first level of an `impl` block.
fn method_name(line: &str) -> Option<String> {
    let rest = line.strip_prefix("    ")?;
    let rest = rest
        .strip_prefix("pub(crate) ")
        .or_else(|| rest.strip_prefix("pub "))
        .unwrap_or(rest);
    let rest = rest.strip_prefix("fn ")?;
    Some(
        rest.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect(),
    )
}

/// Every path that starts with `crate`, `super` or `self`, with `a::{b, c::d}` groups
/// spread into `a::b` and `a::c`.
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    for start in ["crate::", "super::", "self::"] {
        for (at, _) in code.match_indices(start) {
            if at > 0 && is_ident(Some(&(bytes[at - 1] as char))) {
                continue;
            }
            let mut segs: Vec<String> = Vec::new();
            let mut rest = &code[at..];
            loop {
                let seg: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if seg.is_empty() {
                    break;
                }
                rest = &rest[seg.len()..];
                segs.push(seg);
                if let Some(r) = rest.strip_prefix("::") {
                    rest = r;
                } else {
                    break;
                }
            }
            if let Some(group) = rest.strip_prefix('{') {
                let inner = &group[..group.find('}').unwrap_or(group.len())];
                for item in inner.split(',') {
                    let first: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !first.is_empty() {
                        let mut p = segs.clone();
                        p.push(first);
                        out.push(p);
                    }
                }
            } else {
                out.push(segs);
            }
        }
    }
    out
}

#[test]
fn no_two_modules_use_each_other() {
    let all = sources();
    let mut cycles = Vec::new();
    for (folder, es) in edges(&all) {
        let mut next: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (a, b) in &es {
            next.entry(a).or_default().insert(b);
        }
        let reach = |from: &str| {
            let mut seen = BTreeSet::new();
            let mut stack = vec![from];
            while let Some(x) = stack.pop() {
                for &y in next.get(x).into_iter().flatten() {
                    if seen.insert(y) {
                        stack.push(y);
                    }
                }
            }
            seen
        };
        for (a, b) in &es {
            if reach(b).contains(a.as_str()) {
                cycles.push(format!("{}: {a} → {b} → … → {a}", folder.join("/")));
            }
        }
    }
    assert!(
        cycles.is_empty(),
        "modules that use each other: {cycles:#?}"
    );
    // The check sees the modules it is meant to: store/ has its files, and commit.rs uses lock.rs.
    let store = &edges(&all)[&vec!["store".to_string()]];
    assert!(store.contains(&("commit".to_string(), "lock".to_string())));
}

/// The library's layers, lowest first, as ARCHITECTURE.md draws them: each uses only
/// layers below it.
const LAYERS: [&[&str]; 10] = [
    &["input", "output"],
    &["text"],
    &["store"],
    &["align"],
    &["diff"],
    &["export"],
    &["docx"],
    &["workflow"],
    &["render"],
    &["cli"],
];

#[test]
fn each_layer_uses_only_layers_below_it() {
    let rank = |m: &str| LAYERS.iter().position(|l| l.contains(&m));
    let all = sources();
    let top = edges(&all).remove(&Vec::new()).unwrap_or_default();
    assert!(top.contains(&("workflow".to_string(), "store".to_string())));
    let upward: Vec<String> = top
        .iter()
        .filter(|(from, to)| match (rank(from), rank(to)) {
            (Some(f), Some(t)) => t >= f,
            _ => true,
        })
        .map(|(from, to)| format!("{from} uses {to}"))
        .collect();
    assert!(
        upward.is_empty(),
        "a layer uses one above it (or one ARCHITECTURE.md does not name): {upward:#?}"
    );
}
