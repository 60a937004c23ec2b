//! A review done in Word, read back through the real binary: `emend
//! proposals --docx` writes the proposal as tracked changes, the test does
//! to its XML what Word does when an editor accepts, rejects or types over a
//! change, and `emend review NAME --from FILE` takes the decisions.

mod common;

use std::io::{Read, Write};

use common::{TestStore, review_records, stderr_of, stdout_of};

const DOC: &str = "telegram-1945-11-11";
const EDITOR: &str = "Eddie Editor <eddie@example.org>";
const VERSION_FILE: &str = "translations/telegram-1945-11-11/en-wilson.md";

/// What the editor does with a row in Word.
#[derive(Clone, Copy)]
enum Choice<'a> {
    Accept,
    Reject,
    /// Accept the changes, then type `to` over `from`.
    TypeOver(&'a str, &'a str),
    /// Accept the changes, then give the row's paragraphs Word's paragraph style `style`.
    AcceptAs(&'a str),
}

/// A paragraph of `document.xml` given the paragraph style `style` (Word's `Heading1`),
/// its other paragraph properties dropped.
fn restyled(p: &str, style: &str) -> String {
    let ppr = format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#);
    let body = match (p.find("<w:pPr>"), p.find("</w:pPr>")) {
        (Some(start), Some(end)) => format!("{}{}", &p[..start], &p[end + "</w:pPr>".len()..]),
        _ => p.replacen("<w:pPr/>", "", 1),
    };
    body.replacen("<w:p>", &format!("<w:p>{ppr}"), 1)
}

/// The parts of a .docx.
fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("entry");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("read");
            (f.name().expect("name").to_string(), data)
        })
        .collect()
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in parts {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .expect("entry");
        zip.write_all(data).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

/// Removes every `<tag ...>...</tag>` element (not the empty `<tag .../>` ones).
fn drop_elements(xml: &str, tag: &str) -> String {
    let (open, close) = (format!("<{tag} "), format!("</{tag}>"));
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let end_of_tag = rest[i..].find('>').expect("tag end") + i;
        out.push_str(&rest[..i]);
        if rest[..end_of_tag].ends_with('/') {
            out.push_str(&rest[i..=end_of_tag]);
            rest = &rest[end_of_tag + 1..];
            continue;
        }
        let end = rest[i..].find(&close).expect("closed") + i + close.len();
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Removes the start and end tags of every `<tag ...>...</tag>` element, keeping its content.
fn unwrap_elements(xml: &str, tag: &str) -> String {
    let open = format!("<{tag} ");
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let end = rest[i..].find('>').expect("tag end") + i;
        out.push_str(&rest[..i]);
        if rest[..end].ends_with('/') {
            out.push_str(&rest[i..=end]);
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out.replace(&format!("</{tag}>"), "")
}

/// The paragraph marks a row's paragraphs have changed: `<w:rPr><w:ins|del .../></w:rPr>`.
fn mark_of(p: &str, tag: &str) -> Option<(usize, usize)> {
    let start = p.find(&format!("<w:rPr><{tag} "))?;
    let end = p[start..].find("</w:rPr>")? + start + "</w:rPr>".len();
    Some((start, end))
}

/// Word's Accept (or Reject) of every change in a row's paragraphs: text
/// inserted stays (goes), text deleted goes (comes back), a deleted
/// (inserted) paragraph mark joins the paragraph to the next one.
fn resolve(paras: &[String], accept: bool) -> Vec<String> {
    let (keep, lose) = if accept {
        ("w:ins", "w:del")
    } else {
        ("w:del", "w:ins")
    };
    let mut out: Vec<String> = Vec::new();
    let mut join_next = false;
    for p in paras {
        let mut p = unwrap_elements(&drop_elements(p, lose), keep)
            .replace("<w:delText", "<w:t")
            .replace("</w:delText>", "</w:t>");
        let joined = mark_of(&p, lose).is_some();
        for tag in ["w:ins", "w:del"] {
            if let Some((s, e)) = mark_of(&p, tag) {
                p.replace_range(s..e, "");
            }
        }
        if join_next && let Some(last) = out.last_mut() {
            // The paragraph's runs go on at the end of the one before.
            let body = &p[p.find("</w:pPr>").expect("pPr") + "</w:pPr>".len()..];
            let at = last.rfind("</w:p>").expect("paragraph end");
            last.replace_range(at.., body);
        } else {
            out.push(p);
        }
        join_next = joined;
    }
    out
}

/// `document.xml` with each row whose bookmark name ends in a key of
/// `choices` decided as said there; other rows are left as they are.
fn decide(xml: &str, choices: &[(&str, Choice<'_>)]) -> String {
    let (head, body) = xml.split_once("<w:body>").expect("body");
    let (body, tail) = body.split_once("<w:sectPr").expect("sectPr");
    let paras: Vec<String> = body
        .split("<w:p>")
        .skip(1)
        .map(|p| format!("<w:p>{p}"))
        .collect();
    let mut out = format!("{head}<w:body>");
    let mut k = 0;
    while k < paras.len() {
        let p = &paras[k];
        let choice = choices.iter().find_map(|(key, c)| {
            let name = format!("_{key}\"");
            p.contains("<w:bookmarkStart")
                .then_some(())
                .filter(|()| p.contains(&name) && p.contains("w:name=\"emend_"))
                .map(|()| *c)
        });
        let Some(choice) = choice else {
            out.push_str(p);
            k += 1;
            continue;
        };
        // The row runs to the paragraph holding its bookmark's end.
        let id = p.split("<w:bookmarkStart w:id=\"").nth(1).expect("id");
        let id = &id[..id.find('"').expect("quote")];
        let end = format!("<w:bookmarkEnd w:id=\"{id}\"/>");
        let last = (k..paras.len())
            .find(|&j| paras[j].contains(&end))
            .expect("bookmark end");
        let row = &paras[k..=last];
        let decided = match choice {
            Choice::Accept => resolve(row, true),
            Choice::Reject => resolve(row, false),
            Choice::TypeOver(from, to) => resolve(row, true)
                .into_iter()
                .map(|p| p.replace(from, to))
                .collect(),
            Choice::AcceptAs(style) => resolve(row, true)
                .into_iter()
                .map(|p| restyled(&p, style))
                .collect(),
        };
        out.push_str(&decided.concat());
        k = last + 1;
    }
    out.push_str("<w:sectPr");
    out.push_str(tail);
    out
}

/// The proposal's Word document as `emend proposals --docx` writes it.
fn proposal_docx(s: &TestStore, name: &str) -> Vec<u8> {
    let path = s.dir.path().join(format!("{name}.docx"));
    s.emend()
        .args(["proposals", "--docx", name, "-o"])
        .arg(&path)
        .assert()
        .success();
    std::fs::read(path).expect("written")
}

/// `bytes` (a .docx) with its `document.xml` decided as `choices` say, saved as `file`.
fn returned(s: &TestStore, bytes: &[u8], choices: &[(&str, Choice<'_>)], file: &str) -> String {
    let mut parts = parts(bytes);
    for (name, data) in parts.iter_mut() {
        if name == "word/document.xml" {
            let xml = String::from_utf8(data.clone()).expect("UTF-8");
            *data = decide(&xml, choices).into_bytes();
        }
    }
    let path = s.dir.path().join(file);
    std::fs::write(&path, rezip(&parts)).expect("write");
    path.display().to_string()
}

fn review_from(s: &TestStore, name: &str, file: &str) -> String {
    stdout_of(
        s.emend()
            .args(["review", name, "--from", file, "--author", EDITOR]),
    )
}

/// The decisions of the telegram's five rows: two accepted (one of them a
/// merge of two paragraphs), one rejected, one typed over, one left.
const TELEGRAM_CHOICES: [(&str, Choice<'static>); 4] = [
    ("november_11_1945_telegram_via", Choice::Accept),
    (
        "citation_1",
        Choice::TypeOver(
            "Wilson Center Digital Archive",
            "Wilson Center digital archive",
        ),
    ),
    ("citation_2", Choice::Reject),
    ("2_3", Choice::Accept),
];

#[test]
fn a_review_made_in_word_is_applied_and_recorded() {
    let s = common::telegram_with_proposal();
    let docx = proposal_docx(&s, "fix-scan");
    let file = returned(&s, &docx, &TELEGRAM_CHOICES, "reviewed.docx");
    let out = review_from(&s, "fix-scan", &file);
    assert!(
        out.contains(&format!("decisions read from {file}")),
        "{out}"
    );
    assert!(
        out.contains(
            "review fix-scan: 2 accepted, 1 rejected, 1 edited, 1 undecided, 0 in conflict"
        ),
        "{out}"
    );
    assert!(out.contains("  2¶6 → 2¶5: undecided"), "{out}");
    assert!(out.contains("proposal fix-scan stays open"), "{out}");

    // The record says where the decisions came from: the file and its blob id.
    let records = review_records(&s, DOC, "fix-scan");
    assert_eq!(records.len(), 1);
    let r = &records[0];
    assert_eq!(r["from"]["file"], "reviewed.docx");
    let blob = s.git(&["hash-object", &file]);
    assert_eq!(r["from"]["blob"], blob.trim());
    assert_eq!(r["reviewer"], EDITOR);
    let decision = |label: &str| {
        r["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .find(|row| row["a"][0] == label)
            .map(|row| row["decision"].as_str().unwrap_or_default().to_string())
    };
    assert_eq!(
        decision("november-11-1945-telegram-via").as_deref(),
        Some("accepted")
    );
    assert_eq!(decision("citation¶1").as_deref(), Some("edited"));
    assert_eq!(decision("citation¶2").as_deref(), Some("rejected"));
    assert_eq!(decision("2¶3").as_deref(), Some("accepted"));
    assert_eq!(decision("2¶6").as_deref(), Some("undecided"));

    // The text: as a terminal review with the same decisions makes it.
    let text = std::fs::read_to_string(s.store_file(VERSION_FILE)).expect("version");
    let twin = common::telegram_with_proposal();
    let proposed = common::telegram_text("en-corrected");
    let citation = proposed
        .split("\n\n")
        .find(|p| p.starts_with("\"Telegram via VCh"))
        .expect("the citation")
        .replace(
            "Wilson Center Digital Archive",
            "Wilson Center digital archive",
        );
    let edit = twin.file("citation.md", &citation);
    twin.emend()
        .args(["review", "fix-scan", "--author", EDITOR])
        .args([
            "--accept",
            "november-11-1945-telegram-via,2¶3",
            "--reject",
            "citation¶2",
        ])
        .args(["--edit", &format!("citation¶1={edit}")])
        .assert()
        .success();
    let by_flags = std::fs::read_to_string(twin.store_file(VERSION_FILE)).expect("version");
    assert_eq!(text, by_flags);
    assert!(text.contains("Telegram via VCh from Stalin"), "{text}");
    assert!(text.contains("Wilson Center digital archive"), "{text}");
    assert!(
        text.contains("wilson-center.drivingcreative.com"),
        "the rejected link stays"
    );
    assert!(text.contains("as permanent Chairman"), "{text}");
    assert!(
        !text.contains("exception of those f\n\nthe surrender"),
        "the two paragraphs are joined"
    );

    // Reading the same file again decides nothing new: nothing is written.
    let head = s.git(&["rev-parse", "HEAD"]);
    let again = review_from(&s, "fix-scan", &file);
    assert!(again.contains("nothing written"), "{again}");
    assert_eq!(s.git(&["rev-parse", "HEAD"]), head);
    let list = stdout_of(s.emend().args(["proposals"]));
    assert!(list.contains("1 undecided, 0 in conflict"), "{list}");

    // The editor accepts the last change and returns the file again: the
    // proposal is closed, and the second record names the second file.
    let file2 = returned(
        &s,
        &std::fs::read(&file).expect("returned"),
        &[("2_5", Choice::Accept)],
        "reviewed-2.docx",
    );
    let out = review_from(&s, "fix-scan", &file2);
    assert!(
        out.contains("1 accepted, 0 rejected, 0 edited, 0 undecided"),
        "{out}"
    );
    assert!(
        out.contains("4 rows were decided in earlier reviews"),
        "{out}"
    );
    assert!(out.contains("proposal fix-scan is closed"), "{out}");
    let records = review_records(&s, DOC, "fix-scan");
    assert_eq!(records.len(), 2);
    assert!(
        records
            .iter()
            .any(|r| r["from"]["file"] == "reviewed-2.docx")
    );
}

#[test]
fn accepting_everything_in_word_gives_the_proposed_text() {
    let s = common::telegram_with_proposal();
    let docx = proposal_docx(&s, "fix-scan");
    let all: Vec<(&str, Choice<'_>)> = [
        "november_11_1945_telegram_via",
        "citation_1",
        "citation_2",
        "2_3",
        "2_5",
    ]
    .into_iter()
    .map(|k| (k, Choice::Accept))
    .collect();
    let file = returned(&s, &docx, &all, "all.docx");
    let out = review_from(&s, "fix-scan", &file);
    assert!(
        out.contains("5 accepted, 0 rejected, 0 edited, 0 undecided"),
        "{out}"
    );
    let text = std::fs::read_to_string(s.store_file(VERSION_FILE)).expect("version");
    assert_eq!(text, common::telegram_text("en-corrected"));
}

/// The telegram's proposal reviewed in Word after the current text changed
/// `from` to `to` in its citation (the row the editor typed over in Word):
/// what the review printed, and the text it left.
fn reviewed_after_a_change(from: &str, to: &str) -> (String, String) {
    let s = common::telegram_with_proposal();
    let docx = proposal_docx(&s, "fix-scan");
    let current = std::fs::read_to_string(s.store_file(VERSION_FILE)).expect("version");
    let changed = current.replace(from, to);
    assert_ne!(changed, current);
    let f = s.file("changed.md", &changed);
    s.emend()
        .args(["update", DOC, "en-wilson", &f, "-m", "citation mended"])
        .assert()
        .success();
    let file = returned(&s, &docx, &TELEGRAM_CHOICES, "reviewed.docx");
    let out = review_from(&s, "fix-scan", &file);
    let text = std::fs::read_to_string(s.store_file(VERSION_FILE)).expect("version");
    (out, text)
}

#[test]
fn a_row_changed_since_the_proposal_is_never_overwritten_from_word() {
    // The current text changed the words the proposal changes (`II` → `ll`).
    let (out, text) = reviewed_after_a_change("d. 98, II. 0102", "d. 98, l. 0102");
    assert!(
        out.contains("citation¶1: edited in Word, but the current text changed it since the proposal was made; the edit, made to the text before, is not taken"),
        "{out}"
    );
    assert!(out.contains("1 in conflict"), "{out}");
    assert!(text.contains("d. 98, l. 0102"), "{text}");
    assert!(!text.contains("digital archive"), "{text}");
}

#[test]
fn a_row_changed_apart_since_the_proposal_takes_no_edit_made_in_word_to_the_text_before() {
    // The current text changed other words of the row (the archive's name):
    // no conflict, but the editor's text was typed over the one before it.
    let (out, text) =
        reviewed_after_a_change("Wilson Center Digital Archive", "Wilson Center Archive");
    assert!(
        out.contains("citation¶1: edited in Word, but the current text changed it since the proposal was made; the edit, made to the text before, is not taken"),
        "{out}"
    );
    assert!(out.contains("  citation¶1: undecided"), "{out}");
    assert!(out.contains("2 undecided, 0 in conflict"), "{out}");
    assert!(text.contains("Wilson Center Archive, RGASPI"), "{text}");
    assert!(!text.contains("digital archive"), "{text}");
}

#[test]
fn a_row_changed_apart_and_accepted_in_word_is_made_in_the_current_text() {
    let s = common::telegram_with_proposal();
    let docx = proposal_docx(&s, "fix-scan");
    let current = std::fs::read_to_string(s.store_file(VERSION_FILE)).expect("version");
    let f = s.file(
        "changed.md",
        &current.replace("Wilson Center Digital Archive", "Wilson Center Archive"),
    );
    s.emend()
        .args(["update", DOC, "en-wilson", &f, "-m", "archive name"])
        .assert()
        .success();
    // Written now, the document comes with a note that the current text moved on.
    let err = common::stderr_of(
        s.emend()
            .args(["proposals", "--docx", "fix-scan", "-o"])
            .arg(s.dir.path().join("now.docx")),
        0,
    );
    assert!(
        err.contains("note: since proposal fix-scan was made, the current text changed 1 of its rows: citation¶1 (other words: accepting takes both); the document shows the text the proposal was made from"),
        "{err}"
    );
    let file = returned(
        &s,
        &docx,
        &[("citation_1", Choice::Accept)],
        "citation.docx",
    );
    let out = review_from(&s, "fix-scan", &file);
    assert!(
        out.contains(
            "citation¶1: accepted (made in the current text, which had changed other words of it)"
        ),
        "{out}"
    );
    let text = std::fs::read_to_string(s.store_file(VERSION_FILE)).expect("version");
    assert!(
        text.contains("\"Telegram via VCh from Stalin to Cde. Molotov\", November 11, 1945, Wilson Center Archive, RGASPI, f. 558, op. 11, d. 98, ll. 0102-0105."),
        "{text}"
    );
}

#[test]
fn a_document_that_does_not_fit_the_proposal_is_refused() {
    let s = common::telegram_with_proposal();
    let docx = proposal_docx(&s, "fix-scan");
    let file = returned(&s, &docx, &TELEGRAM_CHOICES, "reviewed.docx");
    let head = s.git(&["rev-parse", "HEAD"]);
    let refused = |args: &[&str]| -> String {
        let err = stderr_of(s.emend().args(args), 2);
        assert_eq!(s.git(&["rev-parse", "HEAD"]), head, "nothing written");
        err
    };

    // Not a Word document, and a Word document without the proposal's rows.
    let junk = s.file("junk.docx", "not a zip");
    let err = refused(&["review", "fix-scan", "--from", &junk]);
    assert!(err.contains("not a Word document"), "{err}");
    let export = s.dir.path().join("export.docx");
    s.emend()
        .args(["export", DOC, "en-wilson", "--format", "docx", "-o"])
        .arg(&export)
        .assert()
        .success();
    let err = refused(&[
        "review",
        "fix-scan",
        "--from",
        &export.display().to_string(),
    ]);
    assert!(
        err.contains("no paragraph of it is marked as a row"),
        "{err}"
    );

    // The document of another proposal.
    common::propose(
        &s,
        "other",
        &common::telegram_text("en-corrected").replace("Molotov", "Molotoff"),
        "spelling",
    );
    let other = s.dir.path().join("other.docx");
    std::fs::write(&other, proposal_docx(&s, "other")).expect("write");
    let err = refused(&["review", "fix-scan", "--from", &other.display().to_string()]);
    assert!(
        err.contains("written for other: en-wilson in telegram-1945-11-11"),
        "{err}"
    );

    // The proposal revised after the document was written.
    let revised = common::telegram_text("en-corrected").replace(
        "#### Citation:",
        "A note of the translator.\n\n#### Citation:",
    );
    common::propose(&s, "fix-scan", &revised, "one more");
    let head = s.git(&["rev-parse", "HEAD"]);
    let err = stderr_of(s.emend().args(["review", "fix-scan", "--from", &file]), 2);
    assert!(err.contains("written from the proposal at"), "{err}");
    assert!(err.contains("emend proposals --docx fix-scan"), "{err}");
    assert_eq!(s.git(&["rev-parse", "HEAD"]), head);
    // Retitled by the editor, it is known by its bookmarks: the revision
    // added a row, so they name rows the proposal no longer has as they were.
    let mut retitled = parts(&std::fs::read(&file).expect("file"));
    for (name, data) in retitled.iter_mut() {
        if name == "docProps/core.xml" {
            let xml = String::from_utf8(data.clone()).expect("UTF-8");
            let start = xml.find("<dc:title>").expect("title") + "<dc:title>".len();
            let end = xml.find("</dc:title>").expect("title end");
            *data = format!("{}Telegram, reviewed{}", &xml[..start], &xml[end..]).into_bytes();
        }
    }
    let retitled_file = s.dir.path().join("retitled.docx");
    std::fs::write(&retitled_file, rezip(&retitled)).expect("write");
    let err = stderr_of(
        s.emend()
            .args(["review", "fix-scan", "--from"])
            .arg(&retitled_file),
        2,
    );
    assert!(
        err.contains("is not a row of the proposal as it is now"),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
    assert_eq!(s.git(&["rev-parse", "HEAD"]), head);
    assert!(review_records(&s, DOC, "fix-scan").is_empty());
}

/// Every kind of block typed over in Word comes back as what it was: a
/// table row between pipes, a footnote after its label, a quote after `>`,
/// a sub-point with its label and indentation, code in its fence.
#[test]
fn words_typed_over_in_word_keep_the_form_of_their_blocks() {
    let case = common::project().join("tests/cases/markdown-every-block");
    let read = |f: &str| std::fs::read_to_string(case.join(f)).expect("case");
    let (a, b) = (read("a.md"), read("b.md"));
    let s = TestStore::new();
    let f = s.file("a.md", &a);
    s.emend()
        .args(["add", "terms", "en", &f, "--lang", "en"])
        .assert()
        .success();
    let f = s.file("b.md", &b);
    s.emend()
        .args(["propose", "terms", "en", &f, "--name", "terms-fix"])
        .args(["--author", common::TRANSLATOR])
        .assert()
        .success();
    let docx = proposal_docx(&s, "terms-fix");
    let choices = [
        ("terms_of_reference_1", Choice::Accept),
        (
            "terms_of_reference_code1",
            Choice::TypeOver("in four languages", "in five languages"),
        ),
        ("1_2", Choice::Accept),
        (
            "2_a",
            Choice::TypeOver("every two months", "every three months"),
        ),
        ("2_table1_chair", Choice::TypeOver("Chair", "Chairperson")),
        ("2_table1_treasurer", Choice::Accept),
        ("2_break2", Choice::Accept),
        ("2_html1", Choice::Accept),
        ("1", Choice::TypeOver("and published", "and printed")),
    ];
    let file = returned(&s, &docx, &choices, "terms-reviewed.docx");
    let out = review_from(&s, "terms-fix", &file);
    assert!(out.contains("0 undecided, 0 in conflict"), "{out}");
    assert!(out.contains("proposal terms-fix is closed"), "{out}");
    let text = std::fs::read_to_string(s.store_file("translations/terms/en.md")).expect("text");
    let expected = b
        .replace("every two months", "every three months")
        .replace("| Chair | three years |", "| Chairperson | three years |")
        .replace("kept and published", "kept and printed")
        // Code edited in Word is one line in its fence (the compared text
        // of code runs its lines together).
        .replace(
            "# Build the parallel text, in four languages\nemend compare",
            "# Build the parallel text, in five languages emend compare",
        );
    assert_eq!(text, expected);
}

/// A LibreOffice Basic macro that opens a document, runs one command on it
/// (`AcceptAllTrackedChanges`, `RejectAllTrackedChanges`) and saves it as .docx.
const RESOLVE_MACRO: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Resolve(inUrl As String, outUrl As String, what As String)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot;
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(inUrl, &quot;_blank&quot;, 0, load())
  dispatcher = createUnoService(&quot;com.sun.star.frame.DispatchHelper&quot;)
  dispatcher.executeDispatch(doc.getCurrentController().getFrame(), &quot;.uno:&quot; &amp; what, &quot;&quot;, 0, Array())
  Dim save(0) As New com.sun.star.beans.PropertyValue
  save(0).Name = &quot;FilterName&quot;
  save(0).Value = &quot;MS Word 2007 XML&quot;
  doc.storeToURL(outUrl, save())
  doc.close(True)
End Sub
</script:module>
"#;

/// LibreOffice, headless, with a profile of its own holding [`RESOLVE_MACRO`];
/// `None` (the test skipped) when it is not installed, except under CI.
fn libreoffice(dir: &std::path::Path) -> Option<String> {
    let profile = format!("-env:UserInstallation=file://{}", dir.join("lo").display());
    let init = std::process::Command::new("soffice")
        .args([profile.as_str(), "--headless", "--terminate_after_init"])
        .output();
    if !init.is_ok_and(|o| o.status.success()) {
        assert!(
            !common::under_ci(),
            "soffice is missing and CI is set: .ci/run installs libreoffice-writer-nogui"
        );
        eprintln!("SKIPPED: LibreOffice (soffice) is not installed here");
        return None;
    }
    // The profile exists now; its Standard library gets the macro.
    std::fs::write(
        dir.join("lo/user/basic/Standard/Module1.xba"),
        RESOLVE_MACRO,
    )
    .expect("macro");
    Some(profile)
}

/// LibreOffice's Accept All (or Reject All) on `input`, saved as `output`.
fn resolve_in_libreoffice(
    profile: &str,
    input: &std::path::Path,
    output: &std::path::Path,
    what: &str,
) {
    let url = |p: &std::path::Path| format!("file://{}", p.display());
    let macro_call = format!(
        "macro:///Standard.Module1.Resolve(\"{}\",\"{}\",\"{what}\")",
        url(input),
        url(output)
    );
    let out = std::process::Command::new("soffice")
        .args([profile, "--headless", "--norestore", &macro_call])
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success() && output.exists(),
        "LibreOffice did not write {output:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The proposal's document opened in LibreOffice, every change accepted (or
/// rejected) there and saved by it: read back, the review gives exactly the
/// proposed text (or leaves the current one).
#[test]
fn a_review_saved_by_libreoffice_is_read_back() {
    let dir = tempfile::tempdir().expect("tmp");
    let Some(profile) = libreoffice(dir.path()) else {
        return;
    };
    for (what, summary, expected) in [
        (
            "AcceptAllTrackedChanges",
            "5 accepted, 0 rejected, 0 edited, 0 undecided",
            common::telegram_text("en-corrected"),
        ),
        (
            "RejectAllTrackedChanges",
            "0 accepted, 5 rejected, 0 edited, 0 undecided",
            common::telegram_text("en-wilson"),
        ),
    ] {
        let s = common::telegram_with_proposal();
        let written = dir.path().join(format!("{what}-written.docx"));
        std::fs::write(&written, proposal_docx(&s, "fix-scan")).expect("write");
        let saved = dir.path().join(format!("{what}.docx"));
        resolve_in_libreoffice(&profile, &written, &saved, what);
        let out = review_from(&s, "fix-scan", &saved.display().to_string());
        assert!(out.contains(summary), "{what}: {out}");
        assert!(out.contains("proposal fix-scan is closed"), "{what}: {out}");
        let text = std::fs::read_to_string(s.store_file(VERSION_FILE)).expect("version");
        assert_eq!(text, expected, "{what}");
    }
}

/// CC BY 4.0's legal code kept as plain text (`tests/fixtures/plain/`), and a proposal
/// `name` that replaces `from` with `to` in it: the store, the text and the proposed text.
fn plain_licence_with_proposal(name: &str, from: &str, to: &str) -> (TestStore, String, String) {
    let fixture = common::project().join("tests/fixtures/plain/cc-by-4.0.en.txt");
    let original = std::fs::read_to_string(&fixture).expect("fixture");
    let s = TestStore::new();
    s.emend()
        .args([
            "add",
            "cc-by",
            "en",
            fixture.to_str().unwrap(),
            "--lang",
            "en",
        ])
        .assert()
        .success();
    let proposed = original.replacen(from, to, 1);
    assert_ne!(proposed, original, "{from}");
    let f = s.file("proposed.txt", &proposed);
    s.emend()
        .args(["propose", "cc-by", "en", &f, "--name", name])
        .args(["--author", common::TRANSLATOR])
        .assert()
        .success();
    (s, original, proposed)
}

/// A plain-text document's title typed over in Word stays a plain title: no `#`, which
/// would make the whole text Markdown and its indented points code.
#[test]
fn a_plain_text_title_typed_over_in_word_stays_plain() {
    let (s, original, _) = plain_licence_with_proposal(
        "scope",
        "Section 2 – Scope.",
        "Section 2 – Scope of the licence.",
    );
    let docx = proposal_docx(&s, "scope");
    let file = returned(
        &s,
        &docx,
        &[("2", Choice::TypeOver("of the licence", "of this licence"))],
        "scope-reviewed.docx",
    );
    let out = review_from(&s, "scope", &file);
    assert!(out.contains("0 in conflict"), "{out}");
    let text = std::fs::read_to_string(s.store_file("translations/cc-by/en.md")).expect("text");
    assert_eq!(
        text,
        original.replace("Section 2 – Scope.", "Section 2 – Scope of this licence.")
    );
}

/// In a licence kept as plain text, the editor accepts a corrected line and makes it a
/// heading in Word. Written with a `#`, it would make the whole text Markdown and every
/// indented point code; it is written as plain text writes titles, a line of its own.
#[test]
fn a_paragraph_made_a_heading_in_word_keeps_a_plain_text_document_plain() {
    let (s, _, proposed) = plain_licence_with_proposal(
        "using",
        "Using Creative Commons Public Licenses\n",
        "Using Creative Commons public licenses\n",
    );
    // The keys and kinds as they were before the proposal.
    let before = s.keys_and_kinds("cc-by", "en");
    let docx = proposal_docx(&s, "using");
    let file = returned(
        &s,
        &docx,
        &[("3", Choice::AcceptAs("Heading1"))],
        "using-reviewed.docx",
    );
    let out = review_from(&s, "using", &file);
    assert!(
        out.contains("1 accepted") || out.contains("1 edited"),
        "{out}"
    );
    let text = std::fs::read_to_string(s.store_file("translations/cc-by/en.md")).expect("text");
    let differs = text.lines().zip(proposed.lines()).find(|(a, b)| a != b);
    assert!(text == proposed, "first line that differs: {differs:?}");
    assert_eq!(
        s.keys_and_kinds("cc-by", "en"),
        before,
        "no point became code"
    );
}
