//! `emend diff --files` and `emend show --file`: the real binary on real texts.

mod common;

use std::fs;
use std::io::Read;
use std::process::Stdio;

use common::{emend, json_of, project, sample, stderr_of, stdout_of};
use serde_json::Value;

fn telegram() -> (String, String) {
    (
        sample("telegram-1945-11-11", "en-wilson")
            .display()
            .to_string(),
        sample("telegram-1945-11-11", "en-corrected")
            .display()
            .to_string(),
    )
}

fn row_with<'a>(rows: &'a [Value], side: &str, key: &str) -> &'a Value {
    rows.iter()
        .find(|r| {
            r[side]
                .as_array()
                .is_some_and(|k| k.iter().any(|x| x == key))
        })
        .unwrap_or_else(|| panic!("no row with {side} key {key}"))
}

#[test]
fn telegram_corrections_read_as_marked_words() {
    let (a, b) = telegram();
    let out = stdout_of(emend(&project()).args(["diff", "--files", &a, &b]));
    insta::assert_snapshot!("telegram_text", out);
    assert!(out.contains("in [-lapan-]{+Japan+}."));
    assert!(out.contains("@@ 2¶3 + 2¶4 → 2¶3 · merged"));
    assert!(out.contains("established after[-¶-]{+ +}the surrender"));
    assert!(out.ends_with("4 changed, 1 merged, 25 unchanged\n"));
}

#[test]
fn telegram_json_has_the_documented_shape() {
    let (a, b) = telegram();
    let v = json_of(emend(&project()).args(["diff", "--files", &a, &b, "--format", "json"]));
    assert_eq!(v["a"]["label"], "en-wilson");
    assert_eq!(v["b"]["label"], "en-corrected");
    assert_eq!(v["a"]["language"], Value::Null);
    assert_eq!(v["mode"], "same-language");
    let rows = v["rows"].as_array().unwrap();
    let merged = row_with(rows, "a", "2¶4");
    assert_eq!(merged["status"], "merged");
    assert_eq!(merged["a"], serde_json::json!(["2¶3", "2¶4"]));
    assert_eq!(merged["b"], serde_json::json!(["2¶3"]));
    let lapan = row_with(rows, "a", "2¶6");
    assert_eq!(lapan["status"], "changed");
    assert_eq!(lapan["b"], serde_json::json!(["2¶5"]));
    assert_eq!(lapan["moved"], false);
    let sim = lapan["similarity"].as_f64().unwrap();
    assert!(sim > 0.95 && sim < 1.0, "{sim}");
    let ops = lapan["ops"].as_array().unwrap();
    let edits: Vec<(&str, &str)> = ops
        .iter()
        .filter(|o| o["op"] != "equal")
        .map(|o| (o["op"].as_str().unwrap(), o["text"].as_str().unwrap()))
        .collect();
    assert_eq!(edits, [("delete", "lapan"), ("insert", "Japan")]);
    // Unchanged rows carry no ops.
    let unchanged = row_with(rows, "a", "1");
    assert_eq!(unchanged["status"], "unchanged");
    assert!(unchanged.get("ops").is_none());
    assert_eq!(
        v["summary"],
        serde_json::json!({"unchanged": 25, "changed": 4, "added": 0, "removed": 0,
                           "split": 0, "merged": 1, "moved": 0, "renumbered": 0,
                           "aligned": 0})
    );
}

#[test]
fn exit_code_reports_differences() {
    let (a, b) = telegram();
    emend(&project())
        .args(["diff", "--files", &a, &b, "--exit-code"])
        .assert()
        .code(1);
    emend(&project())
        .args(["diff", "--files", &a, &a, "--exit-code"])
        .assert()
        .code(0);
    // Without --exit-code, differences are still a success.
    emend(&project())
        .args(["diff", "--files", &a, &b])
        .assert()
        .code(0);
}

#[test]
fn identical_texts_are_all_unchanged() {
    let (a, _) = telegram();
    let v = json_of(emend(&project()).args(["diff", "--files", &a, &a, "--format", "json"]));
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 31);
    assert!(
        rows.iter()
            .all(|r| r["status"] == "unchanged" && r["a"] == r["b"])
    );
}

#[test]
fn ignore_options_decide_what_counts() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = telegram();
    let text = fs::read_to_string(&a).unwrap();
    let write = |name: &str, body: String| {
        let p = dir.path().join(name);
        fs::write(&p, body).unwrap();
        p.display().to_string()
    };
    let cased = write(
        "cased.md",
        text.replace(
            "Soviet Government is solidly",
            "soviet government is SOLIDLY",
        ),
    );
    let punct = write(
        "punct.md",
        text.replace("On the scene, in lapan", "on the scene in lapan")
            .replace("disarmament of Germany.", "disarmament of Germany"),
    );
    let noted = write(
        "noted.md",
        text.replace(" [handwritten: functions]", "").replace(
            " [handwritten: store (in the classified archive). ?M. Mayorov?]",
            "",
        ),
    );
    for (file, flag) in [
        (&cased, "--ignore-case"),
        (&punct, "--ignore-punctuation"),
        (&noted, "--ignore-annotations"),
    ] {
        emend(dir.path())
            .args(["diff", "--files", &a, file, "--exit-code"])
            .assert()
            .code(1);
        emend(dir.path())
            .args(["diff", "--files", &a, file, "--exit-code", flag])
            .assert()
            .code(0);
    }
    // -i is --ignore-case.
    emend(dir.path())
        .args(["diff", "--files", &a, &cased, "--exit-code", "-i"])
        .assert()
        .code(0);
}

#[test]
fn translations_align_by_article_without_word_ops() {
    let en = sample("udhr", "en").display().to_string();
    let ru = sample("udhr", "ru").display().to_string();
    let v = json_of(emend(&project()).args(["diff", "--files", &en, &ru, "--format", "json"]));
    assert_eq!(v["mode"], "cross-language");
    let rows = v["rows"].as_array().unwrap();
    assert!(rows.iter().all(|r| r.get("ops").is_none()));
    for key in ["5", "11", "11/1", "11/2", "30"] {
        let r = row_with(rows, "a", key);
        assert_eq!(r["status"], "aligned");
        assert_eq!(r["b"], serde_json::json!([key]), "article key {key}");
    }
    // Every one of the 30 articles pairs with its twin.
    for n in 1..=30 {
        let key = n.to_string();
        assert_eq!(row_with(rows, "a", &key)["b"], serde_json::json!([key]));
    }
    // Telling the languages forces the mode: two English texts are compared by words.
    let v = json_of(emend(&project()).args([
        "diff", "--files", &en, &ru, "--format", "json", "--lang-a", "en", "--lang-b", "ru",
    ]));
    assert_eq!(v["a"]["language"], "en");
    assert_eq!(v["b"]["language"], "ru");
    assert_eq!(v["mode"], "cross-language");
}

#[test]
fn every_bundled_udhr_translation_pairs_articles_with_english() {
    let en = sample("udhr", "en").display().to_string();
    for lang in ["fr", "es", "ru", "zh", "ar"] {
        let other = sample("udhr", lang).display().to_string();
        let v =
            json_of(emend(&project()).args(["diff", "--files", &en, &other, "--format", "json"]));
        assert_eq!(v["mode"], "cross-language", "{lang}");
        let rows = v["rows"].as_array().unwrap();
        for n in 2..=30 {
            let key = n.to_string();
            assert_eq!(
                row_with(rows, "a", &key)["b"],
                serde_json::json!([key]),
                "{lang} article {n}"
            );
        }
    }
}

#[test]
fn ruth_revisions_pair_verse_by_verse() {
    let kjv = sample("ruth", "kjv").display().to_string();
    for other in ["webster", "asv", "web"] {
        let path = sample("ruth", other).display().to_string();
        let v =
            json_of(emend(&project()).args(["diff", "--files", &kjv, &path, "--format", "json"]));
        assert_eq!(v["mode"], "same-language");
        let rows = v["rows"].as_array().unwrap();
        assert_eq!(
            rows.len(),
            4 + 85 + 1,
            "{other}: 4 chapters, 85 verses and the title"
        );
        assert!(rows.iter().all(|r| r["a"] == r["b"]), "{other}");
    }
    let web = sample("ruth", "web").display().to_string();
    let out = stdout_of(emend(&project()).args(["diff", "--files", &kjv, &web]));
    assert!(out.contains("[-the LORD-]{+Yahweh+}") || out.contains("[-The LORD-]{+May Yahweh+}"));
}

/// `--under KEY` keeps a chapter's rows, counted again, in every format; a key in
/// neither version is refused.
#[test]
fn a_diff_is_cut_to_a_chapter() {
    let kjv = sample("ruth", "kjv").display().to_string();
    let web = sample("ruth", "web").display().to_string();
    let diff = |extra: &[&str]| {
        let mut args = vec!["diff", "--files", &kjv, &web];
        args.extend_from_slice(extra);
        emend(&project()).args(args).output().unwrap()
    };
    let v: Value =
        serde_json::from_slice(&diff(&["--format", "json", "--under", "2"]).stdout).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(
        rows.len(),
        1 + 23,
        "the chapter's heading and its 23 verses"
    );
    assert!(
        rows.iter()
            .all(|r| r["a"][0].as_str().unwrap().starts_with("2"))
    );
    let summary = &v["summary"];
    let counted: u64 = ["unchanged", "changed", "moved", "renumbered"]
        .iter()
        .map(|k| summary[k].as_u64().unwrap())
        .sum();
    assert_eq!(counted, 24, "{summary}");
    // Two chapters' verse 1, by two keys; in text, only their rows.
    let out =
        String::from_utf8(diff(&["--under", "2/1", "--under", "3/1", "--color", "never"]).stdout)
            .unwrap();
    let rows: Vec<&str> = out.lines().filter(|l| l.starts_with("@@ ")).collect();
    assert_eq!(rows.len(), 2, "{out}");
    assert!(
        rows[0].starts_with("@@ 2/1 ") && rows[1].starts_with("@@ 3/1 "),
        "{out}"
    );
    let err = stderr_of(
        emend(&project()).args(["diff", "--files", &kjv, &web, "--under", "5"]),
        2,
    );
    assert!(
        err.contains("neither kjv nor web has a segment with key \"5\""),
        "{err}"
    );
}

/// `show --under KEY` prints a chapter's segments alone, in text and JSON.
#[test]
fn show_prints_one_chapter() {
    let kjv = sample("ruth", "kjv").display().to_string();
    let out = stdout_of(
        emend(&project()).args(["show", "--file", &kjv, "--under", "2/1", "--under", "4"]),
    );
    let keys: Vec<&str> = out
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let chapter_4: Vec<String> = (1..=22).map(|v| format!("4/{v}")).collect();
    let mut expected = vec!["2/1", "4"];
    expected.extend(chapter_4.iter().map(String::as_str));
    assert_eq!(keys, expected);
    let v = json_of(emend(&project()).args([
        "show", "--file", &kjv, "--under", "1/22", "--format", "json",
    ]));
    assert_eq!(v["segments"].as_array().unwrap().len(), 1);
    assert_eq!(v["segments"][0]["key"], "1/22");
    let err = stderr_of(
        emend(&project()).args(["show", "--file", &kjv, "--under", "1/23"]),
        2,
    );
    assert!(
        err.contains("kjv has no segment with key \"1/23\""),
        "{err}"
    );
}

#[test]
fn context_shows_unchanged_neighbours() {
    let (a, b) = telegram();
    let plain = stdout_of(emend(&project()).args(["diff", "--files", &a, &b]));
    let with = stdout_of(emend(&project()).args(["diff", "--files", &a, &b, "--context", "1"]));
    assert!(!plain.contains("@@ 2¶2 · unchanged"));
    assert!(with.contains("@@ 2¶2 · unchanged"));
    assert!(with.contains("@@ 2¶5 → 2¶4 · unchanged"));
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let (a, b) = telegram();
    let never = stdout_of(emend(&project()).args(["diff", "--files", &a, &b, "--color", "never"]));
    assert!(!never.contains('\u{1b}'));
    let always =
        stdout_of(emend(&project()).args(["diff", "--files", &a, &b, "--color", "always"]));
    assert!(always.contains("\u{1b}["));
    assert!(!always.contains("[-lapan-]"));
    // Output to a pipe is never coloured by default, and NO_COLOR is honoured.
    let auto = stdout_of(
        emend(&project())
            .env("NO_COLOR", "1")
            .args(["diff", "--files", &a, &b]),
    );
    assert!(!auto.contains('\u{1b}'));
    let debug = stdout_of(emend(&project()).args(["diff", "--files", &a, &b, "--color", "debug"]));
    assert!(debug.contains("<<delete::lapan>><<insert::Japan>>"));
}

#[test]
fn show_prints_keys_and_normalised_text() {
    let (a, _) = telegram();
    let text = stdout_of(emend(&project()).args(["show", "--file", &a]));
    assert!(
        text.lines()
            .any(|l| l.starts_with("2¶6 ") && l.ends_with("in lapan."))
    );
    let v = json_of(emend(&project()).args(["show", "--file", &a, "--format", "json"]));
    let segs = v["segments"].as_array().unwrap();
    assert_eq!(segs.len(), 31);
    let p1 = segs.iter().find(|s| s["key"] == "1").unwrap();
    assert_eq!(p1["kind"], "paragraph");
    assert!(p1["text"].as_str().unwrap().starts_with("As is evident"));
    assert_eq!(p1["label"], "- 1.");
    let secret = segs.iter().find(|s| s["key"] == "secret").unwrap();
    assert_eq!(secret["kind"], "heading");
    assert_eq!(secret["text"], "**SECRET**");
}

#[test]
fn help_explains_with_examples() {
    let top = stdout_of(emend(&project()).arg("--help"));
    assert!(top.contains("Examples:"));
    assert!(top.contains("diff"));
    for cmd in ["diff", "show"] {
        let help = stdout_of(emend(&project()).args([cmd, "--help"]));
        assert!(help.contains(&format!("emend {cmd} --file")), "{cmd}");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let kjv = sample("ruth", "kjv").display().to_string();
    let web = sample("ruth", "web").display().to_string();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_emend"))
        .args(["diff", "--files", &kjv, &web, "--full"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The tricky cases under tests/cases: each a pair of texts, flags, and the output we want.
#[test]
fn tricky_cases_give_the_output_we_want() {
    let cases = project().join("tests/cases");
    let mut names: Vec<_> = fs::read_dir(&cases)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 8);
    for name in names {
        let dir = cases.join(&name);
        let args = fs::read_to_string(dir.join("args")).unwrap();
        let mut cmd = emend(&dir);
        cmd.args(["diff", "--files", "a.md", "b.md"]);
        cmd.args(args.split_whitespace().filter(|a| *a != "--exit-code"));
        let text = stdout_of(&mut cmd);
        insta::assert_snapshot!(format!("case_{name}"), text);
    }
}

/// The README's first command: the bundled store, from a fresh clone.
#[test]
fn the_readme_command_runs_on_the_bundled_store() {
    let out = stdout_of(emend(&project()).args([
        "diff",
        "telegram-1945-11-11",
        "en-wilson",
        "en-corrected",
    ]));
    assert!(
        out.starts_with("--- en-wilson (en)\n+++ en-corrected (en)\n"),
        "{out}"
    );
    assert!(out.contains("in [-lapan-]{+Japan+}."));
    assert!(out.ends_with("4 changed, 1 merged, 25 unchanged\n"));
    // The tour in the README shows this output: its rows are the real ones.
    let readme = fs::read_to_string(project().join("README.md")).unwrap();
    let shown = readme
        .split("$ emend diff telegram-1945-11-11 en-wilson en-corrected\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the tour shows the first command's output");
    let rows: Vec<&str> = shown.lines().filter(|l| l.starts_with("@@")).collect();
    assert!(rows.len() >= 5, "{shown}");
    for row in rows {
        assert!(
            out.contains(row),
            "the README shows {row:?}; emend prints:\n{out}"
        );
    }
    let listed = stdout_of(emend(&project()).arg("list"));
    for doc in ["ruth", "telegram-1945-11-11", "udhr"] {
        assert!(listed.contains(doc), "{listed}");
    }
}

/// Points 1, 2, 3 renumbered 1, 3, 4 (the words unchanged): a difference,
/// reported in the terminal, in JSON and by --exit-code, unless ignored.
#[test]
fn renumbered_points_are_reported_and_can_be_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.md");
    let b = dir.path().join("b.md");
    fs::write(
        &a,
        "1. The parties agree on the text.\n\n2. Each party appoints a delegate.\n\n3. The delegates meet yearly.\n",
    )
    .unwrap();
    fs::write(
        &b,
        "1. The parties agree on the text.\n\n3. Each party appoints a delegate.\n\n4. The delegates meet yearly.\n",
    )
    .unwrap();
    let (a, b) = (a.display().to_string(), b.display().to_string());
    let out = stdout_of(emend(dir.path()).args(["diff", "--files", &a, &b]));
    assert!(
        out.contains("@@ 2 → 3 · renumbered 2. → 3., unchanged"),
        "{out}"
    );
    assert!(
        out.contains("@@ 3 → 4 · renumbered 3. → 4., unchanged"),
        "{out}"
    );
    assert!(out.ends_with("2 renumbered, 1 unchanged\n"), "{out}");
    emend(dir.path())
        .args(["diff", "--files", &a, &b, "--exit-code"])
        .assert()
        .code(1);
    let v = json_of(emend(dir.path()).args(["diff", "--files", &a, &b, "--format", "json"]));
    let rows = v["rows"].as_array().unwrap();
    let r = row_with(rows, "a", "2");
    assert_eq!(r["status"], "unchanged");
    assert_eq!(r["renumbered"], true);
    assert_eq!(r["labels"], serde_json::json!({"a": "2.", "b": "3."}));
    assert_eq!(row_with(rows, "a", "1")["renumbered"], false);
    assert!(row_with(rows, "a", "1").get("labels").is_none());
    assert_eq!(v["summary"]["renumbered"], 2);
    assert_eq!(v["summary"]["unchanged"], 1);
    // --ignore-renumbering: as before, three unchanged rows and no difference.
    let out =
        stdout_of(emend(dir.path()).args(["diff", "--files", &a, &b, "--ignore-renumbering"]));
    assert!(out.ends_with("3 unchanged\n"), "{out}");
    emend(dir.path())
        .args([
            "diff",
            "--files",
            &a,
            &b,
            "--exit-code",
            "--ignore-renumbering",
        ])
        .assert()
        .code(0);
    // As Word tracked changes: a renumbering is a tracked change of the label,
    // unless it is ignored, when the document holds none and reads as B.
    let docx = |ignore: bool| {
        let mut cmd = emend(dir.path());
        cmd.args(["diff", "--files", &a, &b, "--format", "docx"]);
        if ignore {
            cmd.arg("--ignore-renumbering");
        }
        let path = dir.path().join(format!("renumbered-{ignore}.docx"));
        fs::write(&path, cmd.assert().success().get_output().stdout.clone()).unwrap();
        path.display().to_string()
    };
    let tracked = docx(false);
    emend(dir.path())
        .args(["show", "--file", &tracked])
        .assert()
        .code(2);
    let untracked = docx(true);
    let shown = stdout_of(emend(dir.path()).args(["show", "--file", &untracked]));
    let keys: Vec<&str> = shown
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(keys, ["1", "3", "4"], "{shown}");
    let html = stdout_of(emend(dir.path()).args(["diff", "--files", &a, &b, "--format", "html"]));
    assert!(html.contains("<span class=\"tag tag-renumbered\" title=\"the point's label changed\">renumbered <bdi>2.</bdi> → <bdi>3.</bdi></span>"));
    assert!(html.contains("<p class=\"summary\">2 renumbered, 1 unchanged</p>"));
}

#[test]
fn formatting_can_be_ignored() {
    let dir = project().join("tests/cases/formatting-ignored");
    emend(&dir)
        .args(["diff", "--files", "a.md", "b.md", "--exit-code"])
        .assert()
        .code(1);
    emend(&dir)
        .args([
            "diff",
            "--files",
            "a.md",
            "b.md",
            "--exit-code",
            "--ignore-formatting",
        ])
        .assert()
        .code(0);
}

#[test]
fn markdown_blocks_have_kinds_and_keys_in_show() {
    let a = project().join("tests/cases/markdown-every-block/a.md");
    let v = json_of(
        emend(&project())
            .args(["show", "--file"])
            .arg(&a)
            .args(["--format", "json"]),
    );
    let segs = v["segments"].as_array().unwrap();
    let kind = |key: &str| {
        segs.iter()
            .find(|s| s["key"] == key)
            .unwrap_or_else(|| panic!("no segment {key}"))["kind"]
            .clone()
    };
    assert_eq!(kind("terms-of-reference"), "heading");
    assert_eq!(kind("terms-of-reference/code1"), "code");
    assert_eq!(kind("2/table1/chair"), "table-row");
    assert_eq!(kind("2/break1"), "break");
    assert_eq!(kind("2/html1"), "html");
    assert_eq!(kind("^1"), "footnote");
    let quote = segs
        .iter()
        .find(|s| s["key"] == "terms-of-reference¶2")
        .unwrap();
    assert_eq!(
        quote["text"],
        "The translator shall render the text faithfully, without addition or omission."
    );
    // The code's "# Build ..." line is no heading: there is one heading only.
    assert_eq!(segs.iter().filter(|s| s["kind"] == "heading").count(), 1);
}

#[test]
fn a_sentence_moved_within_a_paragraph_is_marked_moved_in_json() {
    let dir = project().join("tests/cases/sentence-moved");
    let v = json_of(emend(&dir).args(["diff", "--files", "a.md", "b.md", "--format", "json"]));
    let ops = v["rows"][0]["ops"].as_array().unwrap();
    let moved: Vec<(&str, &str)> = ops
        .iter()
        .filter(|o| o["moved"] == true)
        .map(|o| {
            (
                o["op"].as_str().unwrap(),
                o["text"].as_str().unwrap().trim(),
            )
        })
        .collect();
    assert_eq!(
        moved,
        [
            ("insert", "The treasurer presented the accounts for March."),
            ("delete", "The treasurer presented the accounts for March.")
        ]
    );
    assert!(
        ops.iter()
            .filter(|o| o["op"] == "equal")
            .all(|o| o.get("moved").is_none())
    );
}

/// The official French CC BY 4.0 (`legal/cc-by/cc-by-4.0.fr.txt` in the corpus)
/// has a soft hyphen after "conseil"; a round trip through pandoc drops it.
#[test]
fn a_change_of_invisible_characters_is_shown_by_their_names() {
    let dir = tempfile::tempdir().unwrap();
    let with = "La mise à disposition des licences publiques Creative Commons ne crée pas de rapport analogue à celui d’un client avec son conseil\u{ad} ni aucun autre type de relation juridique.\n";
    let a = dir.path().join("fr.md");
    let b = dir.path().join("fr-pandoc.md");
    fs::write(&a, with).unwrap();
    fs::write(&b, with.replace('\u{ad}', "")).unwrap();
    let (a, b) = (a.display().to_string(), b.display().to_string());
    let out = stdout_of(emend(dir.path()).args(["diff", "--files", &a, &b]));
    assert!(out.contains("[-conseil⟨SHY⟩-]{+conseil+}"), "{out}");
    // The side-by-side table and the HTML page name it too; JSON keeps the character.
    let out = stdout_of(emend(dir.path()).args(["compare", "--files", &a, &b]));
    assert!(out.contains("conseil⟨SHY⟩"), "{out}");
    let out = stdout_of(emend(dir.path()).args(["diff", "--files", &a, &b, "--format", "html"]));
    assert!(out.contains("<del>conseil⟨SHY⟩</del>"), "{out}");
    let out = stdout_of(emend(dir.path()).args(["diff", "--files", &a, &b, "--format", "json"]));
    assert!(out.contains("conseil\u{ad}") && !out.contains('⟨'), "{out}");
    // Unchanged text keeps its invisible characters as they are.
    let out = stdout_of(emend(dir.path()).args(["show", "--file", &a]));
    assert!(out.contains("conseil\u{ad}") && !out.contains('⟨'), "{out}");
}

/// A right-to-left override in unchanged text turns around, on a terminal
/// that follows it, everything after it on the line, the marked change
/// included: `paid 0001 dollars` reads `paid 1000 dollars`.
#[test]
fn an_override_in_unchanged_text_is_named_wherever_the_terminal_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.md");
    let b = dir.path().join("b.md");
    let text = "1. The buyer paid \u{202e}0001\u{202c} dollars on the first of May.\n";
    fs::write(&a, text).unwrap();
    fs::write(&b, text.replace("first", "second")).unwrap();
    let (a, b) = (a.display().to_string(), b.display().to_string());
    let out = stdout_of(emend(dir.path()).args(["diff", "--files", &a, &b, "--full"]));
    assert!(
        out.contains("paid ⟨RLO⟩0001⟨PDF⟩ dollars on the [-first-]{+second+}"),
        "{out}"
    );
    for args in [
        vec!["compare", "--files", &a, &b],
        vec!["show", "--file", &a],
        vec![
            "diff", "--files", &a, &b, "--lang-a", "en", "--lang-b", "ar",
        ],
    ] {
        let out = stdout_of(emend(dir.path()).args(&args));
        assert!(
            out.contains("⟨RLO⟩0001⟨PDF⟩") && !out.contains('\u{202e}'),
            "{args:?}: {out}"
        );
    }
    // JSON keeps the text as it is.
    let out = stdout_of(emend(dir.path()).args(["diff", "--files", &a, &b, "--format", "json"]));
    assert!(out.contains('\u{202e}') && !out.contains('⟨'), "{out}");
}
