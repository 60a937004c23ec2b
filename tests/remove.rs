//! `emend remove`: a version taken out of its document, on the bundled Universal
//! Declaration (English original, French from it, and a Canadian French draft).

mod common;

use std::fs;

use common::{TestStore, json_of, sample, stderr_of, stdout_of, udhr_store};

/// The Declaration in English and French, and `fr-ca`, a draft made from the French.
fn with_draft() -> TestStore {
    let s = udhr_store();
    let fr = sample("udhr", "fr").display().to_string();
    s.emend()
        .args([
            "add", "udhr", "fr-ca", &fr, "--lang", "fr-CA", "--from", "fr",
        ])
        .assert()
        .success();
    s
}

/// Proposes a correction of the draft, named `quebec`.
fn propose_quebec(s: &TestStore) {
    let proposed = s.file(
        "fr-ca.md",
        &fs::read_to_string(sample("udhr", "fr"))
            .unwrap()
            .replace("Nul ne sera soumis", "Personne ne sera soumis"),
    );
    s.emend()
        .args(["propose", "udhr", "fr-ca", &proposed, "--name", "quebec"])
        .assert()
        .success();
}

fn head(s: &TestStore) -> String {
    s.git(&["rev-parse", "HEAD"]).trim().to_string()
}

fn versions(s: &TestStore) -> Vec<String> {
    let doc: serde_json::Value =
        serde_json::from_slice(&fs::read(s.store_file("translations/udhr/document.json")).unwrap())
            .unwrap();
    doc["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_removed_version_leaves_its_document_in_one_commit_and_its_text_stays_in_git() {
    let s = with_draft();
    s.emend()
        .args(["approve", "udhr", "fr-ca"])
        .assert()
        .success();
    let before = head(&s);
    let out = stdout_of(
        s.emend()
            .args(["remove", "udhr", "fr-ca", "-m", "merged into fr"]),
    );
    let after = head(&s);
    assert_eq!(
        out.trim(),
        format!(
            "removed fr-ca from udhr ({}); its text before stays in git: fr-ca@{}^",
            &after[..7],
            &after[..7]
        )
    );
    assert_eq!(s.git(&["rev-parse", "HEAD^"]).trim(), before);
    assert_eq!(
        s.git(&["log", "-1", "--format=%s"]).trim(),
        "remove fr-ca from udhr: merged into fr"
    );
    // The commit deletes the file and changes document.json, and nothing else.
    assert_eq!(
        s.git(&["show", "--name-status", "--format=", "HEAD"]),
        "M\ttranslations/udhr/document.json\nD\ttranslations/udhr/fr-ca.md\n"
    );
    assert!(!s.store_file("translations/udhr/fr-ca.md").exists());
    assert_eq!(versions(&s), ["en", "fr"]);
    assert_eq!(s.git(&["status", "--porcelain"]), "");
    // The approval record stays; the other versions read as before.
    assert_eq!(common::approval_records(&s, "udhr").len(), 1);
    let status = json_of(s.emend().args(["status", "udhr", "--format", "json"]));
    let listed: Vec<&str> = status["documents"][0]["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["en", "fr"]);
    // Its text before the removal, from git.
    let shown = stdout_of(
        s.emend()
            .args(["export", "udhr", "fr-ca", "--rev", "HEAD^"]),
    );
    assert_eq!(shown, fs::read_to_string(sample("udhr", "fr")).unwrap());
    // Now unknown, as any version the document lacks.
    let err = stderr_of(s.emend().args(["show", "udhr", "fr-ca"]), 2);
    assert!(
        err.contains("document udhr has no version \"fr-ca\""),
        "{err}"
    );
}

#[test]
fn a_version_others_need_is_refused_and_nothing_changes() {
    let s = with_draft();
    let before = head(&s);
    let refused = |version: &str, says: &[&str]| {
        let err = stderr_of(s.emend().args(["remove", "udhr", version]), 2);
        for want in says {
            assert!(err.contains(want), "{version}: {err}");
        }
        assert_eq!(head(&s), before, "{version}");
        assert_eq!(versions(&s), ["en", "fr", "fr-ca"], "{version}");
        assert_eq!(s.git(&["status", "--porcelain"]), "", "{version}");
    };
    // The English is the French's source; the French the draft's.
    refused(
        "en",
        &[
            "en of udhr is not removed: fr is made from it; nothing was changed",
            "emend set udhr VERSION --from OTHER",
        ],
    );
    refused("fr", &["fr-ca is made from it"]);
    // A proposal for the draft is open.
    propose_quebec(&s);
    refused(
        "fr-ca",
        &["proposal quebec for it is open", "emend review quebec"],
    );
    // Once it is reviewed, the draft goes.
    s.emend()
        .args(["review", "quebec", "--reject", "all"])
        .assert()
        .success();
    s.emend()
        .args(["remove", "udhr", "fr-ca"])
        .assert()
        .success();
    assert_eq!(versions(&s), ["en", "fr"]);
}

#[test]
fn the_only_version_and_uncommitted_edits_are_kept() {
    let s = TestStore::new();
    let en = sample("udhr", "en").display().to_string();
    s.emend()
        .args(["add", "udhr", "en", &en, "--lang", "en"])
        .assert()
        .success();
    let before = head(&s);
    let err = stderr_of(s.emend().args(["remove", "udhr", "en"]), 2);
    assert!(err.contains("it is the document's only version"), "{err}");
    assert_eq!(head(&s), before);

    let s = with_draft();
    let before = head(&s);
    let path = s.store_file("translations/udhr/fr-ca.md");
    let edited = format!("{}\nUne note.\n", fs::read_to_string(&path).unwrap());
    fs::write(&path, &edited).unwrap();
    let err = stderr_of(s.emend().args(["remove", "udhr", "fr-ca"]), 2);
    assert!(
        err.contains("translations/udhr/fr-ca.md has uncommitted changes"),
        "{err}"
    );
    assert_eq!(head(&s), before);
    assert_eq!(fs::read_to_string(&path).unwrap(), edited);
    // --force: the edits go with the version.
    s.emend()
        .args(["remove", "udhr", "fr-ca", "--force"])
        .assert()
        .success();
    assert!(!path.exists());
    assert_eq!(versions(&s), ["en", "fr"]);
}

/// A proposal for a version removed elsewhere (in a clone that had not seen it) cannot be
/// reviewed: it says so, and how its branch goes.
#[test]
fn a_proposal_for_a_version_removed_since_says_what_to_do_with_its_branch() {
    let s = with_draft();
    propose_quebec(&s);
    // Removed as a clone without the proposal removes it: its file and its entry.
    let json = s.store_file("translations/udhr/document.json");
    let mut doc: serde_json::Value = serde_json::from_slice(&fs::read(&json).unwrap()).unwrap();
    doc["versions"]
        .as_array_mut()
        .unwrap()
        .retain(|v| v["id"] != "fr-ca");
    fs::write(&json, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
    s.git(&["rm", "-q", "translations/udhr/fr-ca.md"]);
    s.git(&["commit", "-q", "-am", "remove fr-ca"]);
    let said = "proposal quebec is for fr-ca of udhr, which the current branch no longer has";
    let listed = stdout_of(s.emend().args(["proposals"]));
    assert!(listed.contains(said), "{listed}");
    let before = head(&s);
    let err = stderr_of(s.emend().args(["review", "quebec", "--reject", "all"]), 2);
    assert!(err.contains(said), "{err}");
    assert!(err.contains("git branch -D proposals/quebec"), "{err}");
    assert_eq!(head(&s), before);
}
