//! XLIFF 1.2 (`export --format xliff12`), for Weblate and the CAT tools that read only
//! it: written from the bundled Universal Declaration, read by translate-toolkit (the
//! library Weblate reads XLIFF with, which no one here wrote), filled in there, and given
//! back to `propose` and `update` as XLIFF 2.1 is.

mod common;

use std::fs;
use std::process::Command;

use common::{TestStore, sample, stderr_of, tool_available, udhr_store};
use serde_json::Value;

const FR: &str = "translations/udhr/fr.md";

fn translate_toolkit() -> bool {
    tool_available(
        "Python translate-toolkit",
        "python3",
        &["-c", "import translate.storage.xliff"],
        "pip install translate-toolkit",
    )
}

/// Runs a Python script with translate-toolkit on `args`; returns its standard output.
fn python(script: &str, args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "translate-toolkit failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What translate-toolkit reads in an XLIFF 1.2 file: its languages, and each unit's
/// resname, source, target, state number and whether it is approved.
const READ: &str = r#"
import json, sys
from translate.storage import xliff
from translate.storage.workflow import StateEnum
f = xliff.xlifffile.parsefile(sys.argv[1])
print(json.dumps({
    "source": f.getsourcelanguage(),
    "target": f.gettargetlanguage(),
    "needs_work": int(StateEnum.NEEDS_WORK),
    "unreviewed": int(StateEnum.UNREVIEWED),
    "final": int(StateEnum.FINAL),
    "units": [{"resname": u.xmlelement.get("resname"), "source": u.source,
               "target": u.target, "state": u.get_state_n(),
               "approved": u.isapproved(), "notes": u.getnotes()} for u in f.units],
}))
"#;

fn export(s: &TestStore, version: &str, file: &str, extra: &[&str]) {
    s.emend()
        .args(["export", "udhr", version, "--format", "xliff12", "-o", file])
        .args(extra)
        .assert()
        .success();
}

/// Rewrites `version`'s file with `change` and commits it with `emend update`.
fn edit_with(s: &TestStore, version: &str, change: impl Fn(&str) -> String, message: &str) {
    let path = s.store_file(&format!("translations/udhr/{version}.md"));
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, change(&text)).unwrap();
    s.emend()
        .args(["update", "udhr", version, "-m", message])
        .assert()
        .success();
}

fn edit(s: &TestStore, version: &str, from: &str, to: &str, message: &str) {
    let change = |text: &str| {
        assert!(text.contains(from), "{from}");
        text.replace(from, to)
    };
    edit_with(s, version, change, message);
}

#[test]
fn each_unit_reads_in_translate_toolkit_as_approved_translated_or_needing_work() {
    if !translate_toolkit() {
        return;
    }
    let s = udhr_store();
    s.emend().args(["approve", "udhr", "fr"]).assert().success();
    // After the approval: the French changes Article 1 (translated, not approved), and the
    // English changes Article 5 (the French there is stale).
    edit(
        &s,
        "fr",
        "Tous les êtres humains naissent libres",
        "Tous les êtres humains naissent bien libres",
        "article 1",
    );
    edit(
        &s,
        "en",
        "No one shall be subjected to torture",
        "No one shall ever be subjected to torture",
        "article 5",
    );
    let file = s.dir.path().join("fr.xlf").display().to_string();
    export(&s, "fr", &file, &[]);
    let rows = common::json_of(
        s.emend()
            .args(["diff", "udhr", "en", "fr", "--format", "json"]),
    )["rows"]
        .as_array()
        .unwrap()
        .len();
    let read: Value = serde_json::from_str(&python(READ, &[&file])).unwrap();
    assert_eq!(read["source"], "en");
    assert_eq!(read["target"], "fr");
    let units = read["units"].as_array().unwrap();
    assert_eq!(units.len(), rows);
    let unit = |key: &str| units.iter().find(|u| u["resname"] == key).unwrap();
    // Stale: needs work (Weblate's "Needs editing"), with the old translation kept.
    assert_eq!(unit("5¶1")["state"], read["needs_work"]);
    assert_eq!(unit("5¶1")["approved"], false);
    assert!(
        unit("5¶1")["source"]
            .as_str()
            .unwrap()
            .starts_with("No one shall ever be")
    );
    assert!(
        unit("5¶1")["target"]
            .as_str()
            .unwrap()
            .starts_with("Nul ne sera soumis")
    );
    // With what the source said when it was translated, as a note the translator sees.
    assert_eq!(
        unit("5¶1")["notes"],
        "previous-source: No one shall be subjected to torture or to cruel, inhuman or degrading treatment or punishment."
    );
    assert_eq!(unit("1¶1")["notes"], "");
    // Changed since the approval: translated, waiting for review.
    assert_eq!(unit("1¶1")["state"], read["unreviewed"]);
    assert_eq!(unit("1¶1")["approved"], false);
    // As approved: final.
    let finals = units
        .iter()
        .filter(|u| u["approved"] == true && u["state"].as_u64() > read["final"].as_u64())
        .count();
    assert_eq!(finals, rows - 2);
    // Given back as it is, the note changes nothing.
    assert_given_back_unchanged(&s, &file);
}

/// `update` with the file exported from the French, as it was exported: nothing to commit.
fn assert_given_back_unchanged(s: &TestStore, file: &str) {
    let before = s.git(&["rev-parse", "HEAD"]);
    let out = s
        .emend()
        .args(["update", "udhr", "fr", file])
        .assert()
        .success()
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("0 units with a new translation"), "{err}");
    assert!(
        err.contains("fr in udhr is unchanged; nothing to commit"),
        "{err}"
    );
    assert_eq!(s.git(&["rev-parse", "HEAD"]), before);
}

/// The official French without Article 3, in a store beside the English.
fn missing_article_3() -> TestStore {
    let s = udhr_store();
    let without = |fr: &str| {
        let start = fr.find("## Article 3\n").unwrap();
        let end = fr.find("## Article 4\n").unwrap();
        format!("{}{}", &fr[..start], &fr[end..])
    };
    edit_with(&s, "fr", without, "without article 3");
    s
}

#[test]
fn a_translation_finished_with_translate_toolkit_comes_back_as_a_proposal() {
    if !translate_toolkit() {
        return;
    }
    let s = missing_article_3();
    let todo = s.dir.path().join("todo.xlf").display().to_string();
    export(&s, "fr", &todo, &["--pending"]);
    let text = fs::read_to_string(&todo).unwrap();
    assert!(text.contains("resname=\"3¶1\""), "{text}");
    assert!(
        !text.contains("resname=\"5¶1\""),
        "only what is to translate"
    );
    // translate-toolkit fills in Article 3 as a CAT tool does, by unit, writing the file
    // again; a suggestion it keeps beside a unit (<alt-trans>) is not the unit's target.
    let script = r#"
import sys
from translate.storage import xliff
f = xliff.xlifffile.parsefile(sys.argv[1])
targets = {"3": "Article 3",
           "3¶1": "Tout individu a droit à la vie, à la liberté et à la sûreté de sa personne."}
for u in f.units:
    name = u.xmlelement.get("resname")
    if name in targets:
        u.target = targets[name]
        u.markfuzzy(False)
    if name == "3":
        u.addalttrans("Article trois", origin="machine")
open(sys.argv[2], "wb").write(bytes(f))
"#;
    let done = s.dir.path().join("done.xlf").display().to_string();
    python(script, &[&todo, &done]);
    assert!(fs::read_to_string(&done).unwrap().contains("<alt-trans"));
    let out = s
        .emend()
        .args(["propose", "udhr", "fr", &done, "--name", "article-3"])
        .assert()
        .success()
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2 units with a new translation"), "{err}");
    s.emend()
        .args(["review", "article-3", "--accept", "all"])
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(s.store_file(FR)).unwrap(),
        fs::read_to_string(sample("udhr", "fr")).unwrap()
    );
}

#[test]
fn an_xliff_12_for_another_version_is_refused_and_one_unchanged_gives_back_the_text() {
    let s = udhr_store();
    let file = s.dir.path().join("fr.xlf").display().to_string();
    export(&s, "fr", &file, &[]);
    let before = s.git(&["rev-parse", "HEAD"]);
    // The version is read from the header's notes, as XLIFF 2's are from its notes.
    let err = stderr_of(s.emend().args(["update", "udhr", "en", &file]), 2);
    assert!(
        err.contains("fr.xlf is an XLIFF file of version fr, not en"),
        "{err}"
    );
    assert_eq!(s.git(&["rev-parse", "HEAD"]), before);
    // Given back unchanged: the text byte for byte, and nothing to commit.
    assert_given_back_unchanged(&s, &file);
    assert_eq!(s.git(&["rev-parse", "HEAD"]), before);
    assert_eq!(s.git(&["status", "--porcelain"]), "");
}
