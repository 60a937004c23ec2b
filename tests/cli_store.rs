//! The git-backed store through the real binary: init, add, update, list, show, log, diff.

mod common;

use std::fs;

use common::{TestStore, git_in, json_of, stderr_of, stdout_of, telegram_text};
use serde_json::Value;

const DOC: &str = "telegram-1945-11-11";

/// A store with the telegram as published and the corrected draft.
fn telegram_store() -> TestStore {
    let s = TestStore::new();
    let wilson = s.file("en-wilson.md", &telegram_text("en-wilson"));
    let corrected = s.file("en-corrected.md", &telegram_text("en-corrected"));
    s.emend()
        .args([
            "add",
            DOC,
            "en-wilson",
            &wilson,
            "--lang",
            "en",
            "--translator",
            "Gary Goldberg",
        ])
        .args(["--title", "Telegram from Stalin to Molotov"])
        .assert()
        .success();
    s.emend()
        .args([
            "add",
            DOC,
            "en-corrected",
            &corrected,
            "--lang",
            "en",
            "--role",
            "draft",
            "--from",
            "en-wilson",
        ])
        .assert()
        .success();
    s
}

#[test]
fn init_makes_a_store_once() {
    let s = TestStore::new();
    assert!(s.store_file("emend.toml").is_file());
    assert_eq!(s.git(&["log", "--format=%s"]).trim(), "init emend store");
    assert_eq!(s.git(&["status", "--porcelain"]), "");
    let err = stderr_of(s.emend().args(["init", "."]), 2);
    assert!(err.contains("already an emend store"), "{err}");
    // An empty store lists nothing, and says how to begin.
    let out = stdout_of(s.emend().arg("list"));
    assert!(out.contains("no documents yet"));
}

#[test]
fn add_records_versions_and_commits_readable_messages() {
    let s = telegram_store();
    let log = s.git(&["log", "--format=%s|%an <%ae>"]);
    assert_eq!(
        log.lines().collect::<Vec<_>>(),
        [
            "add en-corrected to telegram-1945-11-11|Ada Translator <ada@example.org>",
            "add en-wilson to telegram-1945-11-11|Ada Translator <ada@example.org>",
            "init emend store|Ada Translator <ada@example.org>",
        ]
    );
    let meta: Value = serde_json::from_slice(
        &fs::read(s.store_file("translations/telegram-1945-11-11/document.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(meta["title"], "Telegram from Stalin to Molotov");
    assert_eq!(meta["versions"][1]["id"], "en-corrected");
    assert_eq!(meta["versions"][1]["from"], "en-wilson");
    assert_eq!(meta["versions"][1]["role"], "draft");
    assert_eq!(meta["versions"][0]["translator"], "Gary Goldberg");
    // The text is stored as given (it is already UTF-8 with LF line ends).
    assert_eq!(
        fs::read_to_string(s.store_file("translations/telegram-1945-11-11/en-wilson.md")).unwrap(),
        telegram_text("en-wilson")
    );
    assert_eq!(s.git(&["status", "--porcelain"]), "");
    // Adding the same version twice is refused.
    let again = s.file("again.md", "text");
    let err = stderr_of(
        s.emend()
            .args(["add", DOC, "en-wilson", &again, "--lang", "en"]),
        2,
    );
    assert!(
        err.contains("already has a version en-wilson") && err.contains("emend update"),
        "{err}"
    );
    // --from must name a version of the document.
    let err = stderr_of(
        s.emend()
            .args(["add", DOC, "fr", &again, "--lang", "fr", "--from", "ru"]),
        2,
    );
    assert!(err.contains("--from ru"), "{err}");
    // The versions it has are listed once.
    assert!(
        err.contains("has no version ru (there are: en-wilson, en-corrected)"),
        "{err}"
    );
    // A version named to read is looked for at its revision, which the message names.
    for (named, at, known) in [
        ("darby", "HEAD", "en-wilson, en-corrected"),
        ("darby@HEAD~1", "HEAD~1", "en-wilson"),
    ] {
        let err = stderr_of(s.emend().args(["show", DOC, named]), 2);
        let said = format!("document {DOC} has no version \"darby\" at {at} (there are: {known})");
        assert!(err.contains(&said), "{err}");
    }
    // A command that reads a version as committed now, given one at a revision, says which
    // commands take that form.
    let err = stderr_of(s.emend().args(["log", DOC, "en-wilson@HEAD~1"]), 2);
    assert!(
        err.contains("invalid version id \"en-wilson@HEAD~1\"")
            && err.contains("VERSION@REV, a version at a revision, is for `emend show`"),
        "{err}"
    );
    // A new document has no version to translate from: add that one first.
    let err = stderr_of(
        s.emend()
            .args(["add", "udhr", "fr", &again, "--lang", "fr", "--from", "en"]),
        2,
    );
    assert!(
        err.contains("--from en: document udhr has no version en (it has no versions yet): add the version it is translated from first (`emend add udhr en FILE --lang LANG`)"),
        "{err}"
    );
    assert_eq!(s.git(&["status", "--porcelain"]), "");
}

#[test]
fn add_normalises_bom_and_crlf() {
    let s = TestStore::new();
    let f = s.file("crlf.md", "\u{feff}# Title\r\n\r\n1. One\r\n");
    s.emend()
        .args(["add", "d", "v", &f, "--lang", "en"])
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(s.store_file("translations/d/v.md")).unwrap(),
        "# Title\n\n1. One\n"
    );
}

#[test]
fn list_shows_documents_and_versions() {
    let s = telegram_store();
    let out = stdout_of(s.emend().arg("list"));
    assert!(
        out.starts_with(
            "telegram-1945-11-11  Telegram from Stalin to Molotov  [en-wilson, en-corrected]"
        ),
        "{out}"
    );
    let out = stdout_of(s.emend().args(["list", DOC]));
    assert!(
        out.contains("en-corrected  en     draft from en-wilson"),
        "{out}"
    );
    assert!(out.contains("Ada Translator"));
    let v = json_of(s.emend().args(["list", DOC, "--format", "json"]));
    assert_eq!(v["document"], DOC);
    let versions = v["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["language"], "en");
    assert_eq!(
        versions[0]["last_change"]["message"],
        "add en-wilson to telegram-1945-11-11"
    );
    assert_eq!(
        versions[0]["last_change"]["date"],
        "2023-11-14T22:15:20+00:00"
    );
    let v = json_of(s.emend().args(["list", "--format", "json"]));
    assert_eq!(v["documents"][0]["id"], DOC);
}

#[test]
fn a_version_made_from_one_in_its_own_language_is_a_draft_unless_told() {
    let s = TestStore::new();
    let en = fs::read_to_string(common::sample("udhr", "en")).unwrap();
    let fr = fs::read_to_string(common::sample("udhr", "fr")).unwrap();
    // A British draft that does not have Article 30 yet.
    let gb = en[..en.find("## Article 30").expect("Article 30")].to_string();
    let files = [
        s.file("en.md", &en),
        s.file("en-gb.md", &gb),
        s.file("fr.md", &fr),
    ];
    let add = |version: &str, file: &str, lang: &str, more: &[&str]| {
        s.emend()
            .args(["add", "udhr", version, file, "--lang", lang])
            .args(more)
            .assert()
            .success();
    };
    add("en", &files[0], "en", &[]);
    add("en-gb", &files[1], "en-GB", &["--from", "en"]);
    add("fr", &files[2], "fr", &["--from", "en"]);
    add(
        "en-again",
        &files[1],
        "en",
        &["--from", "en", "--role", "translation"],
    );
    let meta: Value =
        serde_json::from_slice(&fs::read(s.store_file("translations/udhr/document.json")).unwrap())
            .unwrap();
    let roles: Vec<(&str, &str)> = meta["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["id"].as_str().unwrap(), v["role"].as_str().unwrap()))
        .collect();
    assert_eq!(
        roles,
        [
            ("en", "translation"),
            ("en-gb", "draft"),
            ("fr", "translation"),
            ("en-again", "translation"),
        ]
    );
    // So `status` does not call the draft's missing article untranslated; it
    // does for the version told to be a translation.
    let status = stdout_of(s.emend().args(["status", "udhr"]));
    let line = |id: &str| {
        status
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("{status}"))
            .to_string()
    };
    assert!(!line("en-gb").contains("untranslated"), "{status}");
    assert!(line("en-again").contains("untranslated"), "{status}");
}

#[test]
fn update_from_a_file_and_from_the_work_tree() {
    let s = telegram_store();
    let path = s.store_file("translations/telegram-1945-11-11/en-corrected.md");
    // From a file.
    let edited = telegram_text("en-corrected")
        .replace("Sent by Poskrebyshev.", "Sent by A. N. Poskrebyshev.");
    let f = s.file("edited.md", &edited);
    s.emend()
        .args([
            "update",
            DOC,
            "en-corrected",
            &f,
            "-m",
            "give Poskrebyshev's initials",
        ])
        .assert()
        .success();
    assert_eq!(fs::read_to_string(&path).unwrap(), edited);
    assert_eq!(
        s.git(&["log", "-1", "--format=%s"]).trim(),
        "update en-corrected in telegram-1945-11-11: give Poskrebyshev's initials"
    );
    // From the work tree, as an editor saves the file in place.
    // Its message a list, as git takes one: `-m` takes a value that starts with '-'.
    let edited2 = edited.replace("11 November 1945\n", "11 November 1945.\n");
    fs::write(&path, &edited2).unwrap();
    s.emend()
        .args([
            "update",
            DOC,
            "en-corrected",
            "-m",
            "- full stop after the date\n- nothing else",
        ])
        .assert()
        .success();
    assert_eq!(
        s.git(&["log", "-1", "--format=%B"]).trim(),
        "update en-corrected in telegram-1945-11-11: - full stop after the date\n\n- nothing else"
    );
    assert_eq!(
        s.git(&[
            "show",
            "HEAD:translations/telegram-1945-11-11/en-corrected.md"
        ]),
        edited2
    );
    assert_eq!(s.git(&["status", "--porcelain"]), "");
    // Nothing changed: no commit.
    let before = s.git(&["rev-parse", "HEAD"]);
    let out = s
        .emend()
        .args(["update", DOC, "en-corrected"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&out.stderr).contains("unchanged"));
    assert_eq!(s.git(&["rev-parse", "HEAD"]), before);
}

#[test]
fn an_empty_text_replaces_a_version_only_when_asked() {
    let s = telegram_store();
    let head = s.git(&["rev-parse", "HEAD"]);
    let empty = s.file("empty.md", "\n  \n");
    let wilson = s.store_file(&format!("translations/{DOC}/en-wilson.md"));
    // A file that came out empty (or a pipe whose writer failed) deletes nothing.
    for args in [
        vec!["update", DOC, "en-wilson", &empty],
        vec!["update", DOC, "en-wilson", "-"],
        vec!["propose", DOC, "en-wilson", &empty, "--name", "wipe"],
    ] {
        let err = stderr_of(s.emend().args(&args).write_stdin(""), 2);
        assert!(
            err.contains("the new text of en-wilson in telegram-1945-11-11 is empty, and taking it would delete all of its text; nothing was changed")
                && err.contains("--allow-empty"),
            "{args:?}: {err}"
        );
        assert_eq!(s.git(&["rev-parse", "HEAD"]), head);
        assert_eq!(s.git(&["branch", "--list", "proposals/*"]), "");
        assert_eq!(
            fs::read_to_string(&wilson).unwrap(),
            telegram_text("en-wilson")
        );
    }
    // Emptied in the work tree and committed: refused too.
    fs::write(&wilson, "").unwrap();
    stderr_of(s.emend().args(["update", DOC, "en-wilson"]), 2);
    assert_eq!(s.git(&["rev-parse", "HEAD"]), head);
    // Said so, it is taken.
    s.emend()
        .args([
            "propose",
            DOC,
            "en-wilson",
            &empty,
            "--name",
            "wipe",
            "--allow-empty",
        ])
        .assert()
        .success();
    s.emend()
        .args(["update", DOC, "en-wilson", "--allow-empty"])
        .assert()
        .success();
    assert_eq!(
        s.git(&["show", &format!("HEAD:translations/{DOC}/en-wilson.md")]),
        ""
    );
    // An empty version may be filled, and emptied again only when asked.
    let text = s.file("again.md", "1. Again.\n");
    s.emend()
        .args(["update", DOC, "en-wilson", &text])
        .assert()
        .success();
    stderr_of(s.emend().args(["update", DOC, "en-wilson", &empty]), 2);
}

#[test]
fn uncommitted_edits_are_not_overwritten_without_force() {
    let s = telegram_store();
    let path = s.store_file("translations/telegram-1945-11-11/en-corrected.md");
    let mine = format!(
        "{}\nA note I am still writing.\n",
        telegram_text("en-corrected")
    );
    fs::write(&path, &mine).unwrap();
    let theirs = s.file("theirs.md", &telegram_text("en-wilson"));
    let err = stderr_of(s.emend().args(["update", DOC, "en-corrected", &theirs]), 2);
    assert!(
        err.contains("uncommitted changes") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), mine);
    s.emend()
        .args(["update", DOC, "en-corrected", &theirs, "--force"])
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        telegram_text("en-wilson")
    );
}

#[test]
fn the_users_other_work_survives_a_write() {
    let s = telegram_store();
    fs::write(s.store_file("notes.txt"), "my staged notes\n").unwrap();
    s.git(&["add", "notes.txt"]);
    fs::write(
        s.store_file("emend.toml"),
        "root = \"translations\"\n# my local edit\n",
    )
    .unwrap();
    let de = s.file(
        "de.md",
        "# Telegramm\n\n1. Wie aus der Antwort ersichtlich ist.\n",
    );
    s.emend()
        .args([
            "add",
            DOC,
            "de",
            &de,
            "--lang",
            "de",
            "--role",
            "translation",
            "--from",
            "en-wilson",
        ])
        .assert()
        .success();
    let status = s.git(&["status", "--porcelain"]);
    assert_eq!(status, " M emend.toml\nA  notes.txt\n", "{status}");
    let changed = s.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(
        changed.lines().collect::<Vec<_>>(),
        [
            "translations/telegram-1945-11-11/de.md",
            "translations/telegram-1945-11-11/document.json"
        ]
    );
    assert_eq!(
        fs::read_to_string(s.store_file("notes.txt")).unwrap(),
        "my staged notes\n"
    );
}

#[test]
fn ids_that_could_escape_are_refused() {
    let s = TestStore::new();
    let f = s.file("x.md", "text\n");
    for (doc, version) in [
        ("../etc", "v"),
        ("d", "../../passwd"),
        ("D", "v"),
        ("d", "-rf"),
        ("d", "a/b"),
        ("", "v"),
        ("d", "v\\w"),
    ] {
        let err = stderr_of(
            s.emend()
                .args(["add", "--lang", "en", "--", doc, version, &f]),
            2,
        );
        assert!(
            err.contains("invalid") && err.contains("id"),
            "{doc} {version}: {err}"
        );
    }
    assert!(!s.dir.path().join("etc").exists());
    assert_eq!(s.git(&["log", "--format=%s"]).lines().count(), 1);
}

#[test]
fn a_missing_identity_is_an_error_not_a_default() {
    let s = TestStore::new();
    fs::write(s.dir.path().join("gitconfig"), "").unwrap();
    let f = s.file("x.md", "text\n");
    let err = stderr_of(s.emend().args(["add", "d", "v", &f, "--lang", "en"]), 2);
    assert!(
        err.contains("no author identity") && err.contains("--author"),
        "{err}"
    );
    s.emend()
        .args([
            "add",
            "d",
            "v",
            &f,
            "--lang",
            "en",
            "--author",
            "Boris Editor <boris@example.org>",
        ])
        .assert()
        .success();
    assert_eq!(
        s.git(&["log", "-1", "--format=%an <%ae>"]).trim(),
        "Boris Editor <boris@example.org>"
    );
    let err = stderr_of(
        s.emend()
            .args(["update", "d", "v", &f, "--author", "no email"]),
        2,
    );
    assert!(err.contains("invalid author"), "{err}");
}

#[test]
fn show_and_diff_at_revisions() {
    let s = telegram_store();
    let corrected = s.store_file("translations/telegram-1945-11-11/en-corrected.md");
    let fixed = telegram_text("en-corrected").replace("Cde. MOLOTOV", "Comrade MOLOTOV");
    let f = s.file("fixed.md", &fixed);
    s.emend()
        .args(["update", DOC, "en-corrected", &f])
        .assert()
        .success();

    let v = json_of(
        s.emend()
            .args(["show", DOC, "en-corrected@HEAD~1", "--format", "json"]),
    );
    let seg = v["segments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["key"] == "secret¶3")
        .unwrap()
        .clone();
    assert!(seg["text"].as_str().unwrap().contains("Cde. MOLOTOV"));
    let v = json_of(
        s.emend()
            .args(["show", DOC, "en-corrected", "--format", "json"]),
    );
    let seg = v["segments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["key"] == "secret¶3")
        .unwrap()
        .clone();
    assert!(seg["text"].as_str().unwrap().contains("Comrade MOLOTOV"));

    // One version at two revisions.
    let out = stdout_of(
        s.emend()
            .args(["diff", DOC, "en-corrected@HEAD~1", "en-corrected"]),
    );
    assert!(out.contains("--- en-corrected@HEAD~1 (en)"));
    assert!(out.contains("[-Cde.-]{+Comrade+} MOLOTOV"), "{out}");
    assert!(out.ends_with("1 changed, 29 unchanged\n"), "{out}");
    // Two versions, as in the README.
    let v = json_of(s.emend().args([
        "diff",
        DOC,
        "en-wilson",
        "en-corrected@HEAD~1",
        "--format",
        "json",
    ]));
    assert_eq!(
        v["a"],
        serde_json::json!({"label": "en-wilson", "language": "en"})
    );
    assert_eq!(v["summary"]["merged"], 1);
    // A single version: the last commit against the work tree.
    fs::write(&corrected, fixed.replace("in Japan.", "in Japan itself.")).unwrap();
    let out = stdout_of(s.emend().args(["diff", DOC, "en-corrected"]));
    assert!(out.contains("+++ en-corrected (work tree)"));
    assert!(out.contains("in Japan{+ itself+}."), "{out}");
    s.emend()
        .args(["diff", DOC, "en-corrected", "--exit-code"])
        .assert()
        .code(1);
}

#[test]
fn unknown_names_and_revisions_are_clear_errors() {
    let s = telegram_store();
    let err = stderr_of(
        s.emend()
            .args(["diff", "telegram", "en-wilson", "en-corrected"]),
        2,
    );
    assert!(
        err.contains("no document \"telegram\"") && err.contains("telegram-1945-11-11"),
        "{err}"
    );
    let err = stderr_of(s.emend().args(["diff", DOC, "en-wilson", "ru"]), 2);
    assert!(
        err.contains("no version \"ru\"") && err.contains("en-corrected"),
        "{err}"
    );
    let err = stderr_of(s.emend().args(["show", DOC, "en-wilson@no-such-rev"]), 2);
    assert!(err.contains("revision \"no-such-rev\" not found"), "{err}");
    let err = stderr_of(s.emend().args(["show", DOC, "en-corrected@HEAD~1"]), 2);
    assert!(
        err.contains("no version \"en-corrected\" at HEAD~1"),
        "{err}"
    );
    let err = stderr_of(s.emend().args(["show", DOC, "en-wilson@HEAD~2"]), 2);
    assert!(
        err.contains("no document \"telegram-1945-11-11\" at HEAD~2"),
        "{err}"
    );
    let err = stderr_of(s.emend().args(["log", DOC, "en-wilson", "--key", "9¶9"]), 2);
    assert!(err.contains("no segment with key \"9¶9\""), "{err}");
    // Outside any store.
    let outside = tempfile::tempdir().unwrap();
    let err = stderr_of(common::emend(outside.path()).args(["list"]), 2);
    assert!(
        err.contains("no emend store found") && err.contains("emend init"),
        "{err}"
    );
    // --store and EMEND_STORE point at a store from anywhere.
    let out = stdout_of(
        common::emend(outside.path())
            .args(["list", "--store"])
            .arg(&s.path),
    );
    assert!(out.contains(DOC));
    let out = stdout_of(
        common::emend(outside.path())
            .env("EMEND_STORE", &s.path)
            .arg("list"),
    );
    assert!(out.contains(DOC));
}

#[test]
fn log_counts_rows_and_follows_a_key_through_renumbering() {
    let s = telegram_store();
    let path = s.store_file("translations/telegram-1945-11-11/en-corrected.md");
    let text = telegram_text("en-corrected");
    // r1: a word in point 4.
    let r1 = text.replace("successfully employed", "employed with success");
    fs::write(&path, &r1).unwrap();
    s.emend()
        .args(["update", DOC, "en-corrected", "-m", "r1 reword point 4"])
        .assert()
        .success();
    // r2: point 2 with all its paragraphs is deleted; point 4 becomes point 3 (renumbered, same words).
    let start = r1.find("- 2. The information").unwrap();
    let end = r1.find("- 3. The Soviet Government considers").unwrap();
    let r2 = format!("{}{}", &r1[..start], &r1[end..])
        .replacen("- 3. The Soviet", "- 2. The Soviet", 1)
        .replacen("- 4. The Soviet", "- 3. The Soviet", 1)
        .replacen("- 5. It is evident", "- 4. It is evident", 1);
    fs::write(&path, &r2).unwrap();
    s.emend()
        .args(["update", DOC, "en-corrected", "-m", "r2 drop point 2"])
        .assert()
        .success();
    // r3: re-wrap the new point 3 (no change of words) and edit point 1.
    let r3 = r2
        .replace(
            "in the Security Council. It would",
            "in the Security Council.\n  It would",
        )
        .replace("As is evident", "As it is evident");
    fs::write(&path, &r3).unwrap();
    s.emend()
        .args(["update", DOC, "en-corrected", "-m", "r3 rewrap and point 1"])
        .assert()
        .success();

    let v = json_of(
        s.emend()
            .args(["log", DOC, "en-corrected", "--format", "json"]),
    );
    let revs = v["revisions"].as_array().unwrap();
    let summaries: Vec<&str> = revs
        .iter()
        .map(|r| r["message"].as_str().unwrap())
        .collect();
    assert_eq!(summaries.len(), 4);
    assert!(summaries[0].ends_with("r3 rewrap and point 1"));
    assert_eq!(revs[0]["changed"], 1, "re-wrapping is not a change");
    assert_eq!(
        revs[1]["changed"], 5,
        "point 2 and its four later paragraphs"
    );
    assert_eq!(revs[2]["changed"], 1);
    assert_eq!(revs[3]["changed"], 30, "the first revision adds every row");

    // Point 3 now was point 4 before r2: its history is r1 and the add, not r2 or r3.
    let v = json_of(
        s.emend()
            .args(["log", DOC, "en-corrected", "--key", "3", "--format", "json"]),
    );
    let revs = v["revisions"].as_array().unwrap();
    let got: Vec<(String, String)> = revs
        .iter()
        .map(|r| {
            (
                r["message"].as_str().unwrap().to_string(),
                r["key"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "update en-corrected in telegram-1945-11-11: r1 reword point 4".to_string(),
                "4".to_string()
            ),
            (
                "add en-corrected to telegram-1945-11-11".to_string(),
                "4".to_string()
            ),
        ]
    );
    let text = stdout_of(s.emend().args(["log", DOC, "en-corrected"]));
    assert!(text.lines().next().unwrap().contains("Ada Translator  update en-corrected in telegram-1945-11-11: r3 rewrap and point 1  (1 row changed)"), "{text}");
}

#[test]
fn a_clone_made_with_git_works_at_once() {
    let s = telegram_store();
    let clone = s.dir.path().join("clone");
    git_in(
        s.dir.path(),
        s.dir.path(),
        &[
            "clone",
            "-q",
            s.path.to_str().unwrap(),
            clone.to_str().unwrap(),
        ],
    );
    let out = stdout_of(common::emend(&clone).arg("list"));
    assert!(out.contains(DOC));
    let out = stdout_of(common::emend(&clone).args(["diff", DOC, "en-wilson", "en-corrected"]));
    assert!(out.contains("[-lapan-]{+Japan+}"));
    // A change made in the clone and pushed back is seen in the original.
    let f = s.file(
        "pushed.md",
        &telegram_text("en-corrected").replace("Received by Petrova", "Received by N. Petrova"),
    );
    let mut cmd = common::emend(&clone);
    cmd.env("GIT_CONFIG_GLOBAL", s.dir.path().join("gitconfig"));
    cmd.args(["update", DOC, "en-corrected", &f])
        .assert()
        .success();
    git_in(
        &clone,
        s.dir.path(),
        &["push", "-q", "origin", "HEAD:refs/heads/from-clone"],
    );
    let out = stdout_of(
        s.emend()
            .args(["diff", DOC, "en-corrected", "en-corrected@from-clone"]),
    );
    assert!(out.contains("Received by {+N. +}Petrova"), "{out}");
}

#[test]
fn a_subfolder_of_the_store_finds_it() {
    let s = telegram_store();
    let sub = s.store_file("translations/telegram-1945-11-11");
    let out = stdout_of(common::emend(&sub).arg("list"));
    assert!(out.contains(DOC));
}
