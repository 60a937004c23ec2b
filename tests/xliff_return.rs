//! An XLIFF file exported by emend, translated in a CAT tool and given back to
//! `propose` or `update`: on the bundled Universal Declaration (English and the
//! official French text), with translate-toolkit standing in for the CAT tool where
//! it is installed.

mod common;

use std::fs;

use common::{TestStore, sample, stderr_of, stdout_of, tool_available};

const FR: &str = "translations/udhr/fr.md";

/// The official French text without its Article 3, as a translation still to finish.
fn without_article_3(fr: &str) -> String {
    let start = fr.find("## Article 3\n").unwrap();
    let end = fr.find("## Article 4\n").unwrap();
    format!("{}{}", &fr[..start], &fr[end..])
}

/// A store with the English text and the French one lacking Article 3, and the French
/// exported as XLIFF into `fr.xlf` beside the store; returns the store and the file.
fn exported() -> (TestStore, String) {
    let s = TestStore::new();
    let en = sample("udhr", "en").display().to_string();
    s.emend()
        .args([
            "add", "udhr", "en", &en, "--lang", "en", "--role", "original",
        ])
        .assert()
        .success();
    let fr = s.file("fr.md", &without_article_3(&official_fr()));
    s.emend()
        .args(["add", "udhr", "fr", &fr, "--lang", "fr", "--from", "en"])
        .assert()
        .success();
    let xlf = s.dir.path().join("fr.xlf").display().to_string();
    s.emend()
        .args(["export", "udhr", "fr", "--format", "xliff", "-o", &xlf])
        .assert()
        .success();
    (s, xlf)
}

fn official_fr() -> String {
    fs::read_to_string(sample("udhr", "fr")).unwrap()
}

/// The XLIFF with `target` written into the unit named `name` (which has none).
fn with_target(xliff: &str, name: &str, target: &str) -> String {
    let at = xliff.find(&format!("name=\"{name}\"")).unwrap();
    let end = at + xliff[at..].find("</source>").unwrap() + "</source>".len();
    format!(
        "{}\n      <target>{target}</target>{}",
        &xliff[..end],
        &xliff[end..]
    )
}

/// Article 3 of the official French text.
const ARTICLE_3: &str =
    "Tout individu a droit à la vie, à la liberté et à la sûreté de sa personne.";

/// The XLIFF with Article 3 translated: its heading and its paragraph (`paragraph`).
fn article_3_done(xliff: &str, paragraph: &str) -> String {
    with_target(&with_target(xliff, "3", "Article 3"), "3¶1", paragraph)
}

#[test]
fn a_translation_finished_in_a_cat_tool_comes_back_as_a_proposal_and_makes_the_official_text() {
    let (s, xlf) = exported();
    let xliff = fs::read_to_string(&xlf).unwrap();
    assert!(
        xliff.contains("name=\"3¶1\""),
        "the untranslated article is a unit"
    );
    // The translator fills in Article 3 (its heading and its paragraph, which the CAT
    // tool wraps over two lines).
    let done = article_3_done(
        &xliff,
        "Tout individu a droit à la vie, à la liberté\n        et à la sûreté de sa personne.",
    );
    let done_path = s.file("fr-done.xlf", &done);
    let out = s
        .emend()
        .args(["propose", "udhr", "fr", &done_path, "--name", "article-3"])
        .assert()
        .success()
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2 units with a new translation, 89 as fr has them"),
        "{err}"
    );
    s.emend()
        .args(["review", "article-3", "--accept", "all"])
        .assert()
        .success();
    // Written where the official text has it, as the English writes its heading.
    assert_eq!(fs::read_to_string(s.store_file(FR)).unwrap(), official_fr());

    // The same file given to `update` now: the version changed since its export (the
    // review took it), so its text is no longer the one to write over.
    let err = stderr_of(s.emend().args(["update", "udhr", "fr", &done_path]), 2);
    assert!(err.contains("fr in udhr changed after"), "{err}");
    assert!(err.contains("fr-done.xlf was exported"), "{err}");
}

#[test]
fn an_unchanged_export_gives_back_the_text_byte_for_byte_for_every_bundled_translation() {
    // Every bundled document and version made from another: rows merged and split
    // across languages, headings, points, footnotes. Giving the export back changes nothing.
    let s = TestStore::new();
    let bundled = common::project().join("translations");
    for doc in ["telegram-1945-11-11", "udhr", "ruth"] {
        let meta: serde_json::Value = serde_json::from_str(
            &fs::read_to_string(bundled.join(doc).join("document.json")).unwrap(),
        )
        .unwrap();
        for v in meta["versions"].as_array().unwrap() {
            let id = v["id"].as_str().unwrap();
            let text = sample(doc, id).display().to_string();
            let mut add = s.emend();
            add.args([
                "add",
                doc,
                id,
                &text,
                "--lang",
                v["language"].as_str().unwrap(),
            ]);
            if let Some(from) = v["from"].as_str() {
                add.args(["--from", from]);
            }
            add.assert().success();
        }
        for v in meta["versions"].as_array().unwrap() {
            if v["from"].as_str().is_none() {
                continue;
            }
            let id = v["id"].as_str().unwrap();
            let xlf = s
                .dir
                .path()
                .join(format!("{doc}-{id}.xlf"))
                .display()
                .to_string();
            s.emend()
                .args(["export", doc, id, "--format", "xliff", "-o", &xlf])
                .assert()
                .success();
            let out = s
                .emend()
                .args(["update", doc, id, &xlf])
                .assert()
                .success()
                .get_output()
                .clone();
            let err = String::from_utf8_lossy(&out.stderr);
            for said in [
                ": 0 units with a new translation",
                "is unchanged; nothing to commit",
            ] {
                assert!(err.contains(said), "{doc} {id}: {err}");
            }
        }
    }
}

#[test]
fn a_change_made_since_the_export_is_kept_by_the_review_not_undone() {
    let (s, xlf) = exported();
    // Meanwhile an editor corrects Article 4 in the store.
    let fr = fs::read_to_string(s.store_file(FR)).unwrap();
    let corrected = fr.replace("ni en servitude ;", "ni en servitude;");
    assert_ne!(corrected, fr);
    let f = s.file("corrected.md", &corrected);
    s.emend()
        .args(["update", "udhr", "fr", &f])
        .assert()
        .success();
    // The translator's file, made from the text before that correction.
    let done = with_target(&fs::read_to_string(&xlf).unwrap(), "3¶1", ARTICLE_3);
    let done_path = s.file("fr-done.xlf", &done);
    let err = stderr_of(s.emend().args(["update", "udhr", "fr", &done_path]), 2);
    assert!(
        err.contains("taking the file's text would undo that change"),
        "{err}"
    );
    assert!(err.contains("emend propose udhr fr"), "{err}");
    s.emend()
        .args(["propose", "udhr", "fr", &done_path, "--name", "art-3"])
        .assert()
        .success();
    s.emend()
        .args(["review", "art-3", "--accept", "all"])
        .assert()
        .success();
    let now = fs::read_to_string(s.store_file(FR)).unwrap();
    // The editor's correction stays, and the translation came in.
    for kept in ["ni en servitude;", "\n\nTout individu a droit à la vie"] {
        assert!(now.contains(kept), "{kept}: {now}");
    }
}

#[test]
fn an_xliff_of_something_else_is_refused_and_nothing_is_written() {
    let (s, xlf) = exported();
    let xliff = fs::read_to_string(&xlf).unwrap();
    let es = sample("udhr", "es").display().to_string();
    s.emend()
        .args(["add", "udhr", "es", &es, "--lang", "es", "--from", "en"])
        .assert()
        .success();
    let before = s.git(&["rev-parse", "HEAD"]);
    let cases = [
        (xlf.clone(), "es", "is an XLIFF file of version fr, not es"),
        (
            s.file(
                "renamed.xlf",
                &xliff.replace("name=\"1¶1\"", "name=\"1¶9\""),
            ),
            "fr",
            "unit \"1¶9\" is no row of fr as exported at",
        ),
        (
            s.file("cut.xlf", &xliff[..xliff.len() / 2]),
            "fr",
            "not an XLIFF file emend exported: it is not well-formed XML",
        ),
        (
            s.file(
                "other.xlf",
                &xliff.replace("original=\"udhr\"", "original=\"charter\""),
            ),
            "fr",
            "is an XLIFF file of document charter, not udhr",
        ),
    ];
    for (file, version, says) in cases {
        for command in ["propose", "update"] {
            let mut cmd = s.emend();
            cmd.args([command, "udhr", version, &file]);
            if command == "propose" {
                cmd.args(["--name", "x"]);
            }
            let err = stderr_of(&mut cmd, 2);
            assert!(err.contains(says), "{command} {file}: {err}");
        }
    }
    // Given to `add` as a new version's text, it is refused, not stored as XML.
    let err = stderr_of(
        s.emend()
            .args(["add", "udhr", "de", &xlf, "--lang", "de", "--from", "en"]),
        2,
    );
    assert!(err.contains("is an XLIFF file"), "{err}");
    assert!(err.contains("emend update udhr VERSION FILE"), "{err}");
    assert_eq!(s.git(&["rev-parse", "HEAD"]), before);
    assert_eq!(s.git(&["branch", "--list", "proposals/*"]), "");
    assert_eq!(s.git(&["status", "--porcelain"]), "");
}

#[test]
fn targets_written_by_translate_toolkit_come_back() {
    if !tool_available(
        "Python translate-toolkit",
        "python3",
        &["-c", "import translate.storage.xliff2"],
        "pip install translate-toolkit",
    ) {
        return;
    }
    let (s, xlf) = exported();
    // translate-toolkit, a reader and writer no one here wrote, fills in Article 3 as a
    // CAT tool does: by unit, writing the whole file again.
    let script = r#"
import sys
from translate.storage import xliff2
store = xliff2.Xliff2File.parsefile(sys.argv[1])
targets = {"u-3": "Article 3",
           "u-3_B6_1": "Tout individu a droit à la vie, à la liberté et à la sûreté de sa personne."}
for unit in store.units:
    if unit.getid().split("//")[-1] in targets:
        unit.target = targets[unit.getid().split("//")[-1]]
open(sys.argv[2], "wb").write(bytes(store))
"#;
    let done = s.dir.path().join("fr-tt.xlf").display().to_string();
    let out = std::process::Command::new("python3")
        .args(["-c", script, &xlf, &done])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ne!(
        fs::read_to_string(&done).unwrap(),
        fs::read_to_string(&xlf).unwrap()
    );
    let said = stdout_of(
        s.emend()
            .args(["update", "udhr", "fr", &done, "-m", "article 3"]),
    );
    assert!(said.starts_with("updated fr in udhr"), "{said}");
    assert_eq!(fs::read_to_string(s.store_file(FR)).unwrap(), official_fr());
}

#[test]
fn status_names_what_is_left_to_translate_until_the_translation_comes_back() {
    let (s, xlf) = exported();
    let status = stdout_of(s.emend().args(["status", "udhr"]));
    assert!(
        status.contains("2 untranslated (3, 3¶1) · the rest up to date with its source"),
        "{status}"
    );
    let json = common::json_of(s.emend().args(["status", "udhr", "--format", "json"]));
    let fr = &json["documents"][0]["versions"][1];
    assert_eq!(fr["untranslated"], serde_json::json!(["3", "3¶1"]));
    // A draft in the same language leaves out what it means to: nothing is untranslated.
    let short = s.file("short.md", &without_article_3(&official_fr()));
    s.emend()
        .args([
            "add", "udhr", "fr-short", &short, "--lang", "fr", "--role", "draft", "--from", "fr",
        ])
        .assert()
        .success();
    let status = stdout_of(s.emend().args(["status", "udhr"]));
    let draft = status.lines().find(|l| l.contains("fr-short")).unwrap();
    assert!(draft.ends_with("up to date with its source"), "{draft}");
    assert!(!draft.contains("untranslated"), "{draft}");

    let done = article_3_done(&fs::read_to_string(&xlf).unwrap(), ARTICLE_3);
    let done = s.file("fr-done.xlf", &done);
    s.emend()
        .args(["update", "udhr", "fr", &done])
        .assert()
        .success();
    let status = stdout_of(s.emend().args(["status", "udhr"]));
    let fr = status.lines().find(|l| l.starts_with("  fr ")).unwrap();
    assert!(fr.ends_with("· up to date with its source"), "{fr}");
}

#[test]
fn only_what_is_still_to_translate_goes_out_and_comes_back() {
    let (s, _) = exported();
    let todo = s.dir.path().join("todo.xlf").display().to_string();
    s.emend()
        .args([
            "export",
            "udhr",
            "fr",
            "--format",
            "xliff",
            "--pending",
            "-o",
            &todo,
        ])
        .assert()
        .success();
    let xliff = fs::read_to_string(&todo).unwrap();
    let names: Vec<&str> = xliff
        .split(" name=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(
        names,
        ["3", "3¶1"],
        "only Article 3, which has no translation"
    );
    let done = article_3_done(&xliff, ARTICLE_3);
    let done = s.file("todo-done.xlf", &done);
    s.emend()
        .args(["update", "udhr", "fr", &done])
        .assert()
        .success();
    assert_eq!(fs::read_to_string(s.store_file(FR)).unwrap(), official_fr());
}

/// The unit names of an exported XLIFF or TMX file (`name="…"` or `tuid="…"`).
fn unit_names(xml: &str, attribute: &str) -> Vec<String> {
    xml.split(&format!(" {attribute}=\""))
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

/// `--under KEY` cuts the TMX and XLIFF exports to a section (a book, a chapter, an
/// article), with or without --pending; other formats, which are whole texts, refuse it.
#[test]
fn an_export_for_the_cat_tool_is_cut_to_a_section() {
    let (s, _) = exported();
    let export = |extra: &[&str]| {
        let mut args = vec!["export", "udhr", "fr"];
        args.extend_from_slice(extra);
        stdout_of(s.emend().args(&args))
    };
    let xliff = export(&["--format", "xliff", "--under", "11"]);
    assert_eq!(unit_names(&xliff, "name"), ["11", "11/1", "11/2"]);
    let xliff = export(&["--format", "xliff12", "--under", "11/2", "--under", "3"]);
    assert_eq!(unit_names(&xliff, "resname"), ["3", "3¶1", "11/2"]);
    let tmx = export(&["--format", "tmx", "--under", "11"]);
    assert_eq!(unit_names(&tmx, "tuid"), ["11", "11/1", "11/2"]);
    // With --pending: what is still to translate in the section, here none in Article 11.
    let todo = export(&["--format", "xliff", "--pending", "--under", "3"]);
    assert_eq!(unit_names(&todo, "name"), ["3", "3¶1"]);
    let todo = export(&["--format", "xliff", "--pending", "--under", "11"]);
    assert!(unit_names(&todo, "name").is_empty(), "{todo}");

    let err = stderr_of(
        s.emend()
            .args(["export", "udhr", "fr", "--format", "xliff", "--under", "31"]),
        2,
    );
    assert!(err.contains("fr has no segment with key \"31\""), "{err}");
    for flag in [&["--under", "11"][..], &["--pending"], &["--source", "en"]] {
        let mut args = vec!["export", "udhr", "fr", "--format", "md"];
        args.extend_from_slice(flag);
        let err = stderr_of(s.emend().args(&args), 2);
        assert!(
            err.contains(&format!("{} is for the TMX and XLIFF exports", flag[0])),
            "{err}"
        );
    }
}
