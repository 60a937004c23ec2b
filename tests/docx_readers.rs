//! The Word documents emend writes, read by programs no one here wrote:
//! pandoc (its own .docx reader, with `--track-changes=accept|reject`) and
//! LibreOffice (headless, converting every written document to PDF, read
//! back with poppler's `pdftotext`).
//!
//! When a tool is missing the test is skipped with a note, unless `CI` is
//! set, where it fails: `.ci/run` installs pandoc, libreoffice-writer-nogui
//! and poppler-utils.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{emend, project, sample, tool_available};
use emend::text::{Kind, segment};

fn pandoc_available() -> bool {
    tool_available(
        "pandoc",
        "pandoc",
        &["--version"],
        "apt-get install -y pandoc",
    )
}

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// Paragraphs of plain text (blank-line separated), each with its spaces collapsed.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

fn pandoc(args: &[&str], file: &Path) -> String {
    let out = Command::new("pandoc")
        .args(args)
        .args(["-t", "plain", "--wrap=none"])
        .arg(file)
        .output()
        .expect("pandoc runs");
    assert!(
        out.status.success(),
        "pandoc {args:?} {file:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// A version's segments as the tracked-changes document writes them: label (as written) and text.
fn written_paragraphs(md: &Path) -> Vec<String> {
    let doc = segment(&emend::text::read_file(md).expect("text"));
    doc.segments
        .iter()
        .map(|s| {
            let text = match (&s.label, s.kind) {
                (Some(l), Kind::Paragraph) => format!("{l} {}", s.text),
                _ => s.text.to_string(),
            };
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

/// Same-language pairs: the telegram and every tricky case.
fn pairs() -> Vec<(PathBuf, PathBuf)> {
    let mut pairs = vec![(
        sample("telegram-1945-11-11", "en-wilson"),
        sample("telegram-1945-11-11", "en-corrected"),
    )];
    let mut cases: Vec<PathBuf> = std::fs::read_dir(project().join("tests/cases"))
        .expect("cases")
        .map(|e| e.expect("entry").path())
        .filter(|c| !c.ends_with("cross-language-udhr"))
        .collect();
    cases.sort();
    pairs.extend(cases.into_iter().map(|c| (c.join("a.md"), c.join("b.md"))));
    pairs
}

/// Every bundled version.
fn versions() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for doc in ["telegram-1945-11-11", "udhr", "ruth"] {
        let dir = project().join("translations").join(doc);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .expect("document folder")
            .filter_map(|e| {
                let name = e.ok()?.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".md").map(str::to_string)
            })
            .collect();
        names.sort();
        out.extend(names.into_iter().map(|v| (doc.to_string(), v)));
    }
    out
}

fn write_tracked(dir: &Path, n: usize, a: &Path, b: &Path) -> PathBuf {
    let bytes = emend(dir)
        .args(["diff", "--files", p(a), p(b), "--format", "docx"])
        .env("GIT_AUTHOR_DATE", "1764320400 +0000")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let path = dir.join(format!("tracked-{n}.docx"));
    std::fs::write(&path, bytes).expect("write");
    path
}

fn write_export(dir: &Path, doc: &str, version: &str) -> PathBuf {
    let path = dir.join(format!("{doc}-{version}.docx"));
    emend(&project())
        .args(["export", doc, version, "--format", "docx", "-o", p(&path)])
        .assert()
        .success();
    path
}

#[test]
fn pandoc_accepting_the_tracked_changes_gives_b_and_rejecting_gives_a() {
    if !pandoc_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    for (n, (a, b)) in pairs().iter().enumerate() {
        let docx = write_tracked(dir.path(), n, a, b);
        let accepted = paragraphs(&pandoc(&["--track-changes=accept"], &docx));
        assert_eq!(accepted, written_paragraphs(b), "{b:?}");
        let rejected = paragraphs(&pandoc(&["--track-changes=reject"], &docx));
        assert_eq!(rejected, written_paragraphs(a), "{a:?}");
    }
}

#[test]
fn pandoc_reads_every_exported_version_as_its_plain_text() {
    if !pandoc_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    for (doc, version) in versions() {
        let docx = write_export(dir.path(), &doc, &version);
        let plain = emend(&project())
            .args(["export", &doc, &version, "--format", "txt"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        // Labels come from Word's numbering, which pandoc renders itself: `1.  text`.
        assert_eq!(
            paragraphs(&pandoc(&[], &docx)),
            paragraphs(&String::from_utf8(plain).expect("UTF-8")),
            "{doc} {version}"
        );
    }
}

#[test]
fn libreoffice_converts_every_written_document_to_pdf() {
    if !tool_available(
        "LibreOffice",
        "soffice",
        &["--version"],
        "apt-get install -y libreoffice-writer-nogui",
    ) || !tool_available(
        "pdftotext (poppler)",
        "pdftotext",
        &["-v"],
        "apt-get install -y poppler-utils",
    ) {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let mut written: Vec<(PathBuf, String)> = Vec::new();
    for (n, (a, b)) in pairs().iter().enumerate() {
        let docx = write_tracked(dir.path(), n, a, b);
        // The page shows A's and B's words: probe what their first paragraphs share.
        let first_of = |f: &PathBuf| written_paragraphs(f).into_iter().next().unwrap_or_default();
        let (fa, fb) = (first_of(a), first_of(b));
        let shared: String = fa
            .chars()
            .zip(fb.chars())
            .take_while(|(x, y)| x == y)
            .map(|(x, _)| x)
            .collect();
        let first = if shared.trim().is_empty() { fb } else { shared };
        written.push((docx, first));
    }
    for (doc, version) in versions() {
        let docx = write_export(dir.path(), &doc, &version);
        let first = written_paragraphs(&sample(&doc, &version))
            .into_iter()
            .next()
            .unwrap_or_default();
        written.push((docx, first));
    }
    let s = common::telegram_with_proposal();
    let proposal = dir.path().join("fix-scan.docx");
    s.emend()
        .args(["proposals", "--docx", "fix-scan", "-o", p(&proposal)])
        .assert()
        .success();
    written.push((proposal, "November 11, 1945 Telegram via".into()));
    // One LibreOffice for all of them, with a profile of its own.
    let out_dir = dir.path().join("pdf");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        p(&dir.path().join("profile"))
    );
    let status = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&out_dir)
        .args(written.iter().map(|(d, _)| d.as_os_str()))
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    for (docx, first) in &written {
        let stem = docx.file_stem().expect("name").to_string_lossy();
        let pdf = out_dir.join(format!("{stem}.pdf"));
        let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("{pdf:?}: {e}"));
        assert!(bytes.starts_with(b"%PDF"), "{pdf:?}");
        let text = Command::new("pdftotext")
            .args(["-l", "1"])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        let text = String::from_utf8_lossy(&text.stdout);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // The first words of the text are on the first page (CJK text is checked by its first characters).
        let probe: String = first.replace("**", "").chars().take(12).collect();
        let probe = probe.split_whitespace().next().unwrap_or_default();
        // Arabic comes back from a PDF in presentation forms: check only that it is there.
        let arabic = |c: char| {
            ('\u{600}'..='\u{6FF}').contains(&c) || ('\u{FB50}'..='\u{FEFF}').contains(&c)
        };
        if probe.chars().any(arabic) {
            assert!(
                text.chars().filter(|&c| arabic(c)).count() > 100,
                "{docx:?}: {text:.200}"
            );
        } else {
            assert!(
                text.contains(probe),
                "{docx:?}: page 1 lacks {probe:?}: {text:.200}"
            );
        }
    }
}
