//! `-` as a file argument: standard input, as `cat` and `diff` read it, for a
//! text piped from another tool (`pandoc draft.odt -t gfm | emend diff --files old.md -`).

mod common;

use std::fs;

use common::{
    TestStore, emend, json_of, project, sample, stderr_of, stdout_of, telegram_store, telegram_text,
};

const DOC: &str = "telegram-1945-11-11";

#[test]
fn a_diff_reads_one_side_from_standard_input() {
    let (wilson, corrected) = (sample(DOC, "en-wilson"), sample(DOC, "en-corrected"));
    let from_files = stdout_of(
        emend(&project())
            .args(["diff", "--files", "--color", "never"])
            .arg(&wilson)
            .arg(&corrected),
    );
    let piped = stdout_of(
        emend(&project())
            .args(["diff", "--files", "--color", "never"])
            .arg(&wilson)
            .arg("-")
            .write_stdin(telegram_text("en-corrected")),
    );
    // The same diff; only B's name differs.
    assert!(piped.contains("+++ standard input\n"), "{piped}");
    assert_eq!(
        piped.replace("+++ standard input\n", "+++ en-corrected\n"),
        from_files
    );
    assert!(from_files.contains("changed"), "{from_files}");
}

#[test]
fn a_word_document_on_standard_input_reads_as_the_file_does() {
    let docx = project().join("tests/fixtures/docx/udhr-fr.docx");
    let from_file = json_of(
        emend(&project())
            .args(["show", "--format", "json", "--file"])
            .arg(&docx),
    );
    let piped = json_of(
        emend(&project())
            .args(["show", "--format", "json", "--file", "-"])
            .write_stdin(fs::read(&docx).unwrap()),
    );
    assert_eq!(piped["segments"], from_file["segments"]);
    assert!(from_file["segments"].as_array().unwrap().len() > 80);
}

#[test]
fn standard_input_is_read_once_and_within_the_limit() {
    let wilson = sample(DOC, "en-wilson");
    let wilson = wilson.to_str().unwrap();
    let cases: [(&[&str], &[u8], &str); 4] = [
        (
            &["diff", "--files", "-", "-"],
            b"text",
            "diff --files: standard input (-) can be only one of the files",
        ),
        (
            &["compare", "--files", "-", wilson, "-"],
            b"text",
            "compare --files: standard input (-) can be only one of the files",
        ),
        (
            &["--max-input-size", "1K", "show", "--file", "-"],
            &[b'w'; 2000],
            "standard input: larger than the input size limit of 1 KiB",
        ),
        (
            &["show", "--file", "-"],
            b"a\0b",
            "standard input: binary file",
        ),
    ];
    for (args, stdin, said) in cases {
        let err = stderr_of(emend(&project()).args(args).write_stdin(stdin), 2);
        assert!(err.contains(said), "{args:?}: {err}");
    }
}

#[test]
fn a_version_is_added_updated_and_proposed_from_standard_input() {
    let s = TestStore::new();
    // `emend ARGS < stdin`, which succeeds.
    let piped = |args: &[&str], stdin: &str| {
        s.emend()
            .args(args)
            .write_stdin(stdin.to_string())
            .assert()
            .success();
    };
    let text = telegram_text("en-wilson");
    piped(&["add", DOC, "en-wilson", "-", "--lang", "en"], &text);
    let stored = s.store_file(&format!("translations/{DOC}/en-wilson.md"));
    assert_eq!(fs::read_to_string(&stored).unwrap(), text);
    let corrected = telegram_text("en-corrected");
    piped(
        &["propose", DOC, "en-wilson", "-", "--name", "fix-scan"],
        &corrected,
    );
    let proposed = s.git(&[
        "show",
        &format!("proposals/fix-scan:translations/{DOC}/en-wilson.md"),
    ]);
    assert_eq!(proposed, corrected);
    // An editor's own wording of one row, piped in; twice is refused before anything.
    let err = stderr_of(
        s.emend()
            .args([
                "review",
                "fix-scan",
                "--edit",
                "citation¶1=-",
                "--edit",
                "citation¶2=-",
            ])
            .write_stdin("text"),
        2,
    );
    assert!(err.contains("review --edit: standard input (-)"), "{err}");
    let mine = "Cited as the editor words it.";
    piped(
        &[
            "review",
            "fix-scan",
            "--edit",
            "citation¶1=-",
            "--accept",
            "all",
        ],
        mine,
    );
    let reviewed = fs::read_to_string(&stored).unwrap();
    assert!(reviewed.contains(mine), "{reviewed}");
    let text = reviewed;
    // Too large a text piped in changes nothing.
    let head = s.git(&["rev-parse", "HEAD"]);
    stderr_of(
        s.emend()
            .args(["--max-input-size", "1K", "update", DOC, "en-wilson", "-"])
            .write_stdin(corrected),
        2,
    );
    assert_eq!(s.git(&["rev-parse", "HEAD"]), head);
    assert_eq!(fs::read_to_string(&stored).unwrap(), text);
    // A file named `-` is `./-`.
    let s = telegram_store();
    fs::write(s.path.join("-"), "# Dash\n").unwrap();
    let shown = stdout_of(s.emend().args(["show", "--file", "./-"]));
    assert!(shown.contains("# Dash"), "{shown}");
}
