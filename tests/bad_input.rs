//! The bad-input matrix: every awkward input, through the real binary, gives
//! either a clear error (exit 2, a message naming the file) or a correct
//! result, and never a panic or a hang.
//!
//! Every run has a time limit (`TIMEOUT`), so a hang fails the test instead of
//! stalling the suite. Unknown documents, versions and revisions at a known
//! revision are in `cli_store.rs` (`unknown_names_and_revisions_are_clear_errors`);
//! ids that could escape the store are in `cli_store.rs` and `cli_hostile.rs`.
//! Hostile files and places (where the output goes, inputs with no end, links on
//! store paths, one bad document among good ones) are in `bad_input/hardening.rs`.

mod common;
#[path = "bad_input/hardening.rs"]
mod hardening;

use std::fs;
use std::path::Path;
use std::time::Duration;

use common::{TestStore, emend, json_of, project, sample, stdout_of};
use serde_json::Value;
use unicode_segmentation::UnicodeSegmentation;

/// Longer than any case takes; a run past it is a hang.
const TIMEOUT: Duration = Duration::from_secs(120);

fn telegram() -> String {
    sample("telegram-1945-11-11", "en-wilson")
        .display()
        .to_string()
}

/// Writes `bytes` to `name` in `dir` and returns the path.
fn file(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let p = dir.join(name);
    fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

/// Runs emend in `dir`; it must fail with exit 2, a message containing each of
/// `needles`, nothing on stdout, and no panic. Returns stderr.
fn expect_error_in(dir: &Path, args: &[&str], needles: &[&str]) -> String {
    let out = emend(dir)
        .args(args)
        .timeout(TIMEOUT)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "stderr {stderr:?} lacks {needle:?}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty(), "an error printed output too");
    stderr
}

fn expect_error(args: &[&str], needle: &str) {
    expect_error_in(&project(), args, &[needle]);
}

/// `diff --files A B --format json` (same language), which must succeed.
fn diff_json(a: &str, b: &str) -> Value {
    json_of(
        emend(&project())
            .args(["diff", "--files", a, b, "--format", "json"])
            .args(["--lang-a", "en", "--lang-b", "en"])
            .timeout(TIMEOUT),
    )
}

/// The text of each op, concatenated for one side.
fn rebuilt(row: &Value, side: &str) -> String {
    row["ops"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["op"] == "equal" || o["op"] == side)
        .map(|o| o["text"].as_str().unwrap())
        .collect()
}

#[test]
fn missing_files_folders_and_bad_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let good = telegram();
    let missing = dir.path().join("nowhere.md").display().to_string();
    let folder = dir.path().display().to_string();
    expect_error(
        &["diff", "--files", &good, &missing],
        "nowhere.md: no such file",
    );
    expect_error(&["diff", "--files", &folder, &good], "is a directory");
    expect_error(&["diff", "--files", &good], "exactly two files");
    expect_error(
        &["diff", "--files", &good, &good, "--format", "xml"],
        "invalid value 'xml'",
    );
}

#[test]
fn an_empty_file_is_an_empty_document() {
    let dir = tempfile::tempdir().unwrap();
    let empty = file(dir.path(), "empty.md", "");
    let a = telegram();
    let v = diff_json(&empty, &a);
    assert_eq!(v["summary"]["added"], 31);
    let v = diff_json(&empty, &empty);
    assert_eq!(v["rows"], serde_json::json!([]));
    let shown = json_of(emend(dir.path()).args(["show", "--file", &empty, "--format", "json"]));
    assert_eq!(shown["segments"], serde_json::json!([]));
}

#[test]
fn a_file_of_only_whitespace_is_an_empty_document() {
    let dir = tempfile::tempdir().unwrap();
    let blank = file(dir.path(), "blank.md", " \n\t\n   \r\n\u{A0}\n\n");
    let empty = file(dir.path(), "empty.md", "");
    let shown = json_of(emend(dir.path()).args(["show", "--file", &blank, "--format", "json"]));
    assert_eq!(shown["segments"], serde_json::json!([]));
    let v = diff_json(&blank, &empty);
    assert_eq!(v["rows"], serde_json::json!([]));
    emend(dir.path())
        .args(["diff", "--files", &blank, &empty, "--exit-code"])
        .timeout(TIMEOUT)
        .assert()
        .code(0);
}

/// One paragraph of 50 MB against a copy with two small edits. On the 2-core
/// development machine, in the debug build the tests use, the diff itself
/// took 71 seconds and 900 MB (the whole test, with writing the files and
/// reading back 100 MB of JSON, about 2 minutes) while another build ran
/// beside it. The row's word diff runs out of its time budget, so the row is
/// shown as a whole replacement with a note: a clear fallback, and the ops
/// still rebuild both texts. No time is asserted.
#[test]
fn a_fifty_megabyte_paragraph_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let words = [
        "the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "Japan", "control",
    ];
    let mut a = String::with_capacity(50_000_100);
    let mut seed: u32 = 1945;
    while a.len() < 50_000_000 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        a.push_str(words[(seed >> 16) as usize % words.len()]);
        a.push(' ');
    }
    a.push_str("end.\n");
    let mut b = a.clone();
    b.insert_str(25_000_000, " inserted words ");
    b.replace_range(1_000..1_000, "EDITED ");
    let (pa, pb) = (file(dir.path(), "a.md", &a), file(dir.path(), "b.md", &b));
    let out = emend(dir.path())
        .args(["diff", "--files", &pa, &pb, "--format", "json"])
        .timeout(Duration::from_secs(900))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["status"], "changed");
    // A segment's text has its spaces collapsed.
    let collapsed = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(rebuilt(&rows[0], "delete"), collapsed(&a));
    assert_eq!(rebuilt(&rows[0], "insert"), collapsed(&b));
}

#[test]
fn two_hundred_thousand_one_word_points() {
    let dir = tempfile::tempdir().unwrap();
    // Labels have at most four digits a part, so the points are numbered 1.1. to 200.1000.
    let mut a = String::new();
    for n in 0..200_000 {
        a.push_str(&format!("{}.{}. word{n}\n", n / 1000 + 1, n % 1000 + 1));
    }
    let b = a
        .replace(" word17\n", " changed\n")
        .replace(" word123456\n", " altered\n");
    let (pa, pb) = (file(dir.path(), "a.md", &a), file(dir.path(), "b.md", &b));
    let v = diff_json(&pa, &pb);
    assert_eq!(v["summary"]["unchanged"], 199_998);
    // A one-word point whose word was replaced shares no word with its old
    // text, but keeps its number: it is the same point, changed.
    assert_eq!(v["summary"]["changed"], 2);
    let mut touched: Vec<&str> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] != "unchanged")
        .flat_map(|r| {
            r["a"]
                .as_array()
                .unwrap()
                .iter()
                .chain(r["b"].as_array().unwrap())
        })
        .map(|k| k.as_str().unwrap())
        .collect();
    touched.sort_unstable();
    touched.dedup();
    assert_eq!(touched, ["1.18", "124.457"]);
}

#[test]
fn invalid_utf8_names_the_file_and_the_offset() {
    let dir = tempfile::tempdir().unwrap();
    let good = telegram();
    for (name, bytes, offset) in [
        ("start.md", b"\xff text after".to_vec(), 0),
        ("middle.md", b"Le d\xe9cret du 9 novembre".to_vec(), 4),
        ("end.md", b"ends in a cut character \xe2\x82".to_vec(), 24),
    ] {
        let path = file(dir.path(), name, &bytes);
        let needle = format!("{name}: not valid UTF-8 (first bad byte at offset {offset})");
        expect_error(&["diff", "--files", &good, &path], &needle);
        expect_error(&["diff", "--files", &path, &good], &needle);
        expect_error(&["show", "--file", &path], &needle);
    }
}

#[test]
fn utf16_with_a_byte_order_mark_says_to_convert_it() {
    let dir = tempfile::tempdir().unwrap();
    let good = telegram();
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("hi there".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain("hi there".encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let le = file(dir.path(), "le.txt", le);
    let be = file(dir.path(), "be.txt", be);
    let err = expect_error_in(&project(), &["diff", "--files", &good, &le], &["le.txt"]);
    assert!(
        err.contains("looks like UTF-16 (little-endian")
            && err.contains("iconv -f UTF-16 -t UTF-8"),
        "{err}"
    );
    let err = expect_error_in(&project(), &["show", "--file", &be], &["be.txt"]);
    assert!(
        err.contains("big-endian") && err.contains("convert it"),
        "{err}"
    );
}

#[test]
fn nul_bytes_mean_a_binary_file() {
    let dir = tempfile::tempdir().unwrap();
    let good = telegram();
    let scan = file(dir.path(), "scan.pdf", b"%PDF-1.4\n\0\0\x01binary");
    let late = file(dir.path(), "late.md", b"1. A point.\n\n2. Then a NUL\0.\n");
    expect_error(
        &["diff", "--files", &scan, &good],
        "scan.pdf: binary file (NUL byte at offset 9)",
    );
    expect_error(
        &["diff", "--files", &good, &late],
        "late.md: binary file (NUL byte at offset 26)",
    );
}

#[test]
fn mixed_crlf_and_lf_read_as_lf() {
    let dir = tempfile::tempdir().unwrap();
    let lf = file(
        dir.path(),
        "lf.md",
        "# Title\n\n1. First\nwrapped.\n\n2. Second.\n",
    );
    let mixed = file(
        dir.path(),
        "mixed.md",
        "# Title\r\n\n1. First\r\nwrapped.\r\r\n2. Second.\r",
    );
    emend(dir.path())
        .args(["diff", "--files", &lf, &mixed, "--exit-code"])
        .timeout(TIMEOUT)
        .assert()
        .code(0);
    let shown = json_of(emend(dir.path()).args(["show", "--file", &mixed, "--format", "json"]));
    let keys: Vec<&str> = shown["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["title", "1", "2"]);
    assert_eq!(shown["segments"][1]["text"], "First wrapped.");
}

#[test]
fn right_to_left_text_and_combining_marks() {
    let dir = tempfile::tempdir().unwrap();
    let a = "1. المادة الأولى: يولد جميع الناس أحرارا\n\n2. שלום עולם וּמְבֹרָךְ\n\n3. cafe\u{301} na\u{EF}ve\n";
    let b = "1. المادة الأولى: يولد جميع البشر أحرارا\n\n2. שלום עולם וּמְבֹרָךְ גדול\n\n3. cafe\u{300} naïve\n";
    let (pa, pb) = (file(dir.path(), "a.md", a), file(dir.path(), "b.md", b));
    let v = diff_json(&pa, &pb);
    assert_eq!(v["summary"]["changed"], 3, "{v}");
    let da: Vec<&str> = a.split("\n\n").map(|p| p.trim_end()[3..].trim()).collect();
    let db: Vec<&str> = b.split("\n\n").map(|p| p.trim_end()[3..].trim()).collect();
    for (n, row) in v["rows"].as_array().unwrap().iter().enumerate() {
        assert_eq!(rebuilt(row, "delete"), da[n]);
        assert_eq!(rebuilt(row, "insert"), db[n]);
        check_grapheme_boundaries(row, da[n], db[n]);
    }
    // The changed Arabic word is one word, and the accent change is on "café" whole.
    let ops = |n: usize| v["rows"][n]["ops"].as_array().unwrap().clone();
    assert!(
        ops(0)
            .iter()
            .any(|o| o["op"] == "delete" && o["text"] == "الناس")
    );
    assert!(
        ops(2)
            .iter()
            .any(|o| o["op"] == "delete" && o["text"] == "cafe\u{301}")
    );
    // The terminal form holds the text as written.
    let out = stdout_of(emend(dir.path()).args(["diff", "--files", &pa, &pb]));
    assert!(out.contains("[-الناس-]{+البشر+}"), "{out}");
}

/// No op boundary of a row falls inside a grapheme cluster of either side.
fn check_grapheme_boundaries(row: &Value, a: &str, b: &str) {
    for (side, text) in [("delete", a), ("insert", b)] {
        let clusters: Vec<usize> = text
            .grapheme_indices(true)
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let mut at = 0;
        for op in row["ops"].as_array().unwrap() {
            if op["op"] == "equal" || op["op"] == side {
                assert!(
                    clusters.contains(&at),
                    "an op starts inside a grapheme cluster at byte {at} of {text:?}: {row}"
                );
                at += op["text"].as_str().unwrap().len();
            }
        }
        assert_eq!(at, text.len());
    }
}

#[test]
fn emoji_flags_and_variation_sequences_are_never_split() {
    let dir = tempfile::tempdir().unwrap();
    let pairs = [
        ("🇺🇳 and 🇫🇷 flags", "🇺🇸 and 🇫🇷 flags"),
        (
            "family 👩\u{200d}👩\u{200d}👧 here",
            "family 👩\u{200d}👩\u{200d}👦 here",
        ),
        ("thumbs 👍🏽 up", "thumbs 👍🏿 up"),
        ("漢\u{E0100}字の異体", "漢\u{E0101}字の異体"),
        (
            "keycap 1\u{FE0F}\u{20E3} end",
            "keycap 2\u{FE0F}\u{20E3} end",
        ),
        ("e\u{301}\u{302}x", "e\u{301}\u{303}x"),
        ("a\u{600}1 sign", "a\u{600}2 sign"),
    ];
    for (n, (a, b)) in pairs.iter().enumerate() {
        let pa = file(dir.path(), &format!("a{n}.md"), a);
        let pb = file(dir.path(), &format!("b{n}.md"), b);
        let v = diff_json(&pa, &pb);
        let row = &v["rows"][0];
        assert_eq!(row["status"], "changed", "{a:?}: {v}");
        assert_eq!(rebuilt(row, "delete"), *a);
        assert_eq!(rebuilt(row, "insert"), *b);
        check_grapheme_boundaries(row, a, b);
    }
}

#[test]
fn labels_inside_sentences_and_deep_or_roman_labels() {
    let dir = tempfile::tempdir().unwrap();
    let text = "1.1.1.1.1. A deep point; see 1.1.1.1.1. above and 1) below.\n\n\
                (iv) The fourth, as in (iv) of the annex.\n\n\
                1) A point with a parenthesis, unlike clause 2) here.\n\
                The same paragraph: a 2) inside a sentence starts nothing.\n";
    let p = file(dir.path(), "labels.md", text);
    let shown = json_of(emend(dir.path()).args(["show", "--file", &p, "--format", "json"]));
    let segs = shown["segments"].as_array().unwrap();
    let keys: Vec<&str> = segs.iter().map(|s| s["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["1.1.1.1.1", "iv", "1"]);
    assert_eq!(
        segs[0]["text"],
        "A deep point; see 1.1.1.1.1. above and 1) below."
    );
    assert_eq!(segs[1]["label"], "(iv)");
    assert!(
        segs[2]["text"]
            .as_str()
            .unwrap()
            .ends_with("a 2) inside a sentence starts nothing.")
    );
}

#[test]
fn duplicate_point_numbers_get_distinct_keys() {
    let dir = tempfile::tempdir().unwrap();
    let a = file(
        dir.path(),
        "a.md",
        "1. One.\n\n1. One again.\n\n2. Two.\n\n2. Two again.\n\n1. One, a third time.\n",
    );
    let b = file(
        dir.path(),
        "b.md",
        "1. One.\n\n1. One again, edited.\n\n2. Two.\n\n2. Two again.\n\n1. One, a third time.\n",
    );
    let shown = json_of(emend(dir.path()).args(["show", "--file", &a, "--format", "json"]));
    let keys: Vec<&str> = shown["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["1", "1~2", "2", "2~2", "1~3"]);
    let v = diff_json(&a, &b);
    assert_eq!(v["summary"]["changed"], 1);
    assert_eq!(v["summary"]["unchanged"], 4);
    let changed = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["status"] == "changed")
        .unwrap();
    assert_eq!(changed["a"], serde_json::json!(["1~2"]));
}

/// A store with one document, `doc`, holding version `en`; `document.json` is then replaced and committed.
fn store_with_document_json(contents: Option<&str>) -> TestStore {
    let s = TestStore::new();
    let f = s.file("en.md", "1. One.\n\n2. Two.\n");
    s.emend()
        .args(["add", "doc", "en", &f, "--lang", "en"])
        .assert()
        .success();
    let json = s.store_file("translations/doc/document.json");
    match contents {
        Some(text) => {
            fs::write(&json, text).unwrap();
            s.git(&["add", "-A"]);
        }
        None => {
            s.git(&["rm", "-q", "translations/doc/document.json"]);
        }
    }
    s.git(&["commit", "-q", "-m", "break document.json"]);
    s
}

#[test]
fn a_missing_document_json_means_no_such_document() {
    let s = store_with_document_json(None);
    let err = expect_error_in(&s.path, &["show", "doc", "en"], &["no document \"doc\""]);
    assert!(err.contains("emend list"), "{err}");
    // The folder is not listed as a document, and listing still works.
    let out = stdout_of(common::emend(&s.path).arg("list"));
    assert!(out.contains("no documents yet"), "{out}");
}

#[test]
fn an_empty_or_broken_document_json_is_named() {
    for (contents, detail) in [
        ("", "the file is empty"),
        ("  \n", "the file is empty"),
        ("{\"versions\": [", "EOF while parsing"),
        ("not json at all", "line 1 column 2"),
        ("[1, 2, 3]", "invalid type"),
        (
            "{\"versions\": [{\"id\": \"../../etc\", \"language\": \"en\", \"role\": \"original\"}]}",
            "invalid version id",
        ),
        (
            "{\"versions\": [{\"id\": \"en\", \"language\": \"en\", \"role\": \"original\", \"from\": \"../x\"}]}",
            "from: invalid version id",
        ),
    ] {
        let s = store_with_document_json(Some(contents));
        for args in [
            &["show", "doc", "en"][..],
            &["list", "doc"],
            &["diff", "doc", "en", "en@HEAD~1"],
            &["export", "doc", "en"],
        ] {
            let err = expect_error_in(&s.path, args, &["translations/doc/document.json"]);
            assert!(err.contains(detail), "{contents:?} {args:?}: {err}");
            assert!(err.contains("git checkout --"), "{err}");
        }
    }
}

#[test]
fn a_document_json_naming_a_version_without_its_file() {
    let s = store_with_document_json(Some(
        "{\"versions\": [{\"id\": \"en\", \"language\": \"en\", \"role\": \"original\"},\n\
         {\"id\": \"ghost\", \"language\": \"fr\", \"role\": \"translation\", \"from\": \"en\"}]}\n",
    ));
    for args in [
        &["show", "doc", "ghost"][..],
        &["diff", "doc", "en", "ghost"],
        &["export", "doc", "ghost"],
        &["export", "doc", "ghost", "--format", "tmx"],
    ] {
        expect_error_in(
            &s.path,
            args,
            &[
                "no version \"ghost\"",
                "translations/doc/ghost.md is missing",
            ],
        );
    }
    // What does exist still works.
    stdout_of(common::emend(&s.path).args(["show", "doc", "en"]));
    stdout_of(common::emend(&s.path).args(["list", "doc"]));
}

#[test]
fn a_malformed_emend_toml_is_named() {
    for (contents, detail) in [
        ("root = [", "invalid store configuration"),
        ("root = 5", "invalid store configuration"),
        ("root = \"../outside\"", "`root`"),
        ("root = \"/etc\"", "`root`"),
        ("\u{0}\u{1}", "invalid store configuration"),
    ] {
        let s = TestStore::new();
        fs::write(s.store_file("emend.toml"), contents).unwrap();
        for args in [&["list"][..], &["show", "doc", "en"], &["proposals"]] {
            let err = expect_error_in(&s.path, args, &["emend.toml", detail]);
            assert!(err.contains("fix the file"), "{contents:?}: {err}");
        }
        let f = s.file("en.md", "text\n");
        expect_error_in(
            &s.path,
            &["add", "doc", "en", &f, "--lang", "en"],
            &["emend.toml"],
        );
    }
    // Not UTF-8 at all.
    let s = TestStore::new();
    fs::write(s.store_file("emend.toml"), b"root = \"\xff\"").unwrap();
    expect_error_in(&s.path, &["list"], &["emend.toml", "not valid UTF-8"]);
}

#[test]
fn revisions_that_do_not_exist() {
    let s = TestStore::new();
    let f = s.file("en.md", "1. One.\n");
    s.emend()
        .args(["add", "doc", "en", &f, "--lang", "en"])
        .assert()
        .success();
    // Beyond `show` (in cli_store.rs): every command that takes a revision.
    for args in [
        &["diff", "doc", "en@HEAD~5", "en"][..],
        &[
            "diff",
            "doc",
            "en",
            "en@0123456789abcdef0123456789abcdef01234567",
        ],
        &["export", "doc", "en", "--rev", "no-such-tag"],
        &["diff", "doc", "en@HEAD^{tree}"],
    ] {
        expect_error_in(&s.path, args, &["revision", "not found"]);
    }
    expect_error_in(&s.path, &["export", "doc", "en", "--approved"], &["approv"]);
    expect_error_in(&s.path, &["diff", "doc", "en@"], &["nothing follows the @"]);
}
