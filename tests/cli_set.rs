//! `emend set`, and the names `add` refuses: what a translator does after adding a version
//! under a wrong language or source, on the bundled Universal Declaration.

mod common;

use common::{TestStore, json_of, sample, stderr_of, stdout_of, udhr_store};

fn document_json(s: &TestStore) -> serde_json::Value {
    let text = std::fs::read_to_string(s.store_file("translations/udhr/document.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn add_refuses_a_language_or_an_id_that_is_no_tag_and_says_what_would_do() {
    let s = udhr_store();
    let before = s.git(&["rev-parse", "HEAD"]);
    let fr = sample("udhr", "fr").display().to_string();
    let err = stderr_of(
        s.emend()
            .args(["add", "udhr", "fr-ca", &fr, "--lang", "fr_CA"]),
        2,
    );
    assert!(err.contains("invalid language tag \"fr_CA\""), "{err}");
    assert!(err.contains("\"fr-CA\" would do"), "{err}");
    let err = stderr_of(
        s.emend()
            .args(["add", "udhr", "fr-CA", &fr, "--lang", "fr-CA"]),
        2,
    );
    assert!(err.contains("invalid version id \"fr-CA\""), "{err}");
    assert!(err.contains("\"fr-ca\" would do"), "{err}");
    let err = stderr_of(
        s.emend()
            .args(["add", "udhr", "fr-ca", &fr, "--lang", "français"]),
        2,
    );
    assert!(err.contains("invalid language tag \"français\""), "{err}");
    assert!(!err.contains("would do"), "{err}");
    // Nothing was written by any of them.
    assert_eq!(s.git(&["rev-parse", "HEAD"]), before);
    assert_eq!(s.git(&["status", "--porcelain"]), "");
    assert_eq!(document_json(&s)["versions"].as_array().unwrap().len(), 2);
}

#[test]
fn set_mends_a_versions_language_and_source_in_one_commit() {
    let s = udhr_store();
    let fr = sample("udhr", "fr").display().to_string();
    // A Canadian draft, added as a translation of the English text.
    s.emend()
        .args(["add", "udhr", "fr-ca", &fr, "--lang", "fr", "--from", "en"])
        .assert()
        .success();
    let out = stdout_of(s.emend().args([
        "set",
        "udhr",
        "fr-ca",
        "--lang",
        "fr-CA",
        "--role",
        "draft",
        "--from",
        "fr",
        "-m",
        "it is a revision of the French text",
    ]));
    let head = s.git(&["rev-parse", "--short=7", "HEAD"]);
    assert_eq!(
        out,
        format!(
            "set fr-ca in udhr ({})\n  language  fr → fr-CA\n  role      translation → draft\n  from      en → fr\n",
            head.trim()
        )
    );
    assert_eq!(
        s.git(&["log", "-1", "--format=%s"]).trim(),
        "set language, role, from of fr-ca in udhr: it is a revision of the French text"
    );
    assert_eq!(
        s.git(&["show", "--format=", "--name-only", "HEAD"]).trim(),
        "translations/udhr/document.json"
    );
    let v = &document_json(&s)["versions"][2];
    assert_eq!(
        (&v["language"], &v["role"], &v["from"]),
        (&"fr-CA".into(), &"draft".into(), &"fr".into())
    );
    // Its source is now the French text, in the same language: status weighs it against that.
    let status = json_of(s.emend().args(["status", "udhr", "--format", "json"]));
    let listed = status.to_string();
    assert!(listed.contains("\"fr-CA\""), "{listed}");

    // The same values again: nothing to commit.
    let before = s.git(&["rev-parse", "HEAD"]);
    let out = stdout_of(s.emend().args(["set", "udhr", "fr-ca", "--lang", "fr-CA"]));
    assert_eq!(
        out,
        "fr-ca in udhr already has those values; nothing to commit\n"
    );
    assert_eq!(s.git(&["rev-parse", "HEAD"]), before);
}

#[test]
fn set_gives_a_document_its_title_and_licence_and_an_empty_value_removes_one() {
    let s = udhr_store();
    s.emend()
        .args([
            "set",
            "udhr",
            "--title",
            "Universal Declaration of Human Rights",
            "--licence",
            "Public domain (United Nations)",
            "--citation",
            "UN General Assembly resolution 217 A, 10 December 1948",
        ])
        .assert()
        .success();
    let list = stdout_of(s.emend().args(["list", "udhr"]));
    assert!(
        list.starts_with("udhr: Universal Declaration of Human Rights\n"),
        "{list}"
    );
    let meta = document_json(&s);
    assert_eq!(meta["license"], "Public domain (United Nations)");
    let out = stdout_of(s.emend().args(["set", "udhr", "--citation", ""]));
    assert!(
        out.contains("citation  UN General Assembly resolution 217 A, 10 December 1948 → (none)"),
        "{out}"
    );
    let meta = document_json(&s);
    assert!(meta.get("citation").is_none(), "{meta}");
    assert_eq!(meta["license"], "Public domain (United Nations)");
    assert_eq!(
        s.git(&["log", "-1", "--format=%s"]).trim(),
        "set citation of udhr"
    );
}

#[test]
fn set_refuses_what_would_not_hold_together_and_writes_nothing() {
    let s = udhr_store();
    let before = s.git(&["rev-parse", "HEAD"]);
    let refused = |args: &[&str], says: &[&str]| {
        let err = stderr_of(s.emend().args(args), 2);
        for want in says {
            assert!(err.contains(want), "{args:?}: {err}");
        }
    };
    refused(
        &["set", "udhr", "en", "--from", "fr"],
        &[
            "version en: its from leads back to itself (en → fr → en)",
            "--no-from",
        ],
    );
    refused(&["set", "udhr", "fr", "--from", "fr"], &["(fr → fr)"]);
    refused(
        &["set", "udhr", "fr", "--from", "de"],
        &["document udhr has no version de"],
    );
    refused(
        &["set", "udhr", "fr", "--citation", "x"],
        &[
            "citation belongs to the document",
            "emend set DOC --citation",
        ],
    );
    // A version's "source" is its source version: the error says which flag that is.
    refused(
        &["set", "udhr", "fr", "--source", "en"],
        &[
            "source belongs to the document",
            "emend set DOC VERSION --from OTHER",
        ],
    );
    refused(
        &["set", "udhr", "--lang", "fr"],
        &[
            "language belongs to a version",
            "emend set DOC VERSION --lang",
        ],
    );
    refused(
        &["set", "udhr", "fr", "--lang", "fr_FR"],
        &["\"fr-FR\" would do"],
    );
    refused(
        &["set", "udhr", "de", "--lang", "de"],
        &["no version \"de\""],
    );
    refused(&["set", "udhr"], &["nothing to set"]);
    // document.json edited by hand and not committed: kept, and committed only by git.
    let json = s.store_file("translations/udhr/document.json");
    let edited = std::fs::read_to_string(&json)
        .unwrap()
        .replace("\"title\": \"udhr\"", "\"title\": \"UDHR\"");
    std::fs::write(&json, &edited).unwrap();
    refused(
        &["set", "udhr", "fr", "--translator", "UN"],
        &[
            "uncommitted changes",
            "`git commit translations/udhr/document.json`",
        ],
    );
    assert_eq!(std::fs::read_to_string(&json).unwrap(), edited);
    s.git(&["checkout", "--", "translations/udhr/document.json"]);
    assert_eq!(s.git(&["rev-parse", "HEAD"]), before);
}

#[test]
fn a_source_broken_by_hand_is_named_and_set_mends_it() {
    let s = udhr_store();
    let path = s.store_file("translations/udhr/document.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("\"from\": \"en\"", "\"from\": \"eng\"")).unwrap();
    s.git(&["commit", "-qam", "retag the source by hand"]);
    for args in [
        &["list", "udhr"][..],
        &["status"],
        &["diff", "udhr", "en", "fr"],
    ] {
        let err = stderr_of(s.emend().args(args), 2);
        assert!(
            err.contains("version fr: from: eng is not a version of this document"),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("emend set udhr fr --from VERSION"),
            "{args:?}: {err}"
        );
    }
    s.emend()
        .args(["set", "udhr", "fr", "--from", "en"])
        .assert()
        .success();
    let status = stdout_of(s.emend().args(["status", "udhr"]));
    assert!(status.contains("translation from en"), "{status}");
    assert!(status.contains("up to date with its source"), "{status}");
}

#[test]
fn a_long_language_tag_keeps_the_columns_of_list_and_status() {
    let s = udhr_store();
    let zh = sample("udhr", "zh").display().to_string();
    s.emend()
        .args([
            "add", "udhr", "zh-hant", &zh, "--lang", "zh-Hant", "--from", "en",
        ])
        .assert()
        .success();
    for command in ["list", "status"] {
        let out = stdout_of(s.emend().args([command, "udhr"]));
        let roles: Vec<usize> = out
            .lines()
            .skip(1)
            .map(|l| {
                ["original", "translation"]
                    .iter()
                    .find_map(|r| l.find(&format!(" {r}")))
                    .unwrap_or_else(|| panic!("{l}"))
            })
            .collect();
        assert_eq!(roles.len(), 3, "{out}");
        assert!(roles.iter().all(|&r| r == roles[0]), "{command}:\n{out}");
        assert!(out.contains("zh-Hant "), "{out}");
    }
}
