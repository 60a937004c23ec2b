//! HTML pages and text exports through the real binary.

mod common;

use std::fs;

use common::{TestStore, emend, json_of, project, sample, stdout_of, telegram_text};

#[test]
fn a_diff_page_escapes_hostile_text() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.md");
    let b = dir.path().join("b.md");
    fs::write(&a, "# Notes & <b>queries</b>\n\n1. Run <script>alert(1)</script> now.\n\n2. Keep &amp; as written.\n").unwrap();
    fs::write(&b, "# Notes & <b>queries</b>\n\n1. Run <script>alert(2)</script> now.\n\n2. Keep &amp; as \"written\".\n").unwrap();
    let page = stdout_of(
        emend(dir.path())
            .args(["diff", "--files"])
            .arg(&a)
            .arg(&b)
            .args(["--format", "html"]),
    );
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(!page.contains("<script"), "no script element may appear");
    assert!(
        page.contains("&lt;script&gt;alert(<del>1</del>)&lt;/script&gt;"),
        "{page}"
    );
    assert!(
        page.contains("&amp;amp;"),
        "&amp; in the text is shown as typed"
    );
    assert!(page.contains("&lt;b&gt;queries&lt;/b&gt;"));
    assert!(page.contains("<ins>&quot;</ins>"));
    assert!(!page.contains("http://") && !page.contains("https://") && !page.contains("src="));
}

#[test]
fn the_telegram_diff_page_links_each_key() {
    let a = sample("telegram-1945-11-11", "en-wilson");
    let b = sample("telegram-1945-11-11", "en-corrected");
    let page = stdout_of(
        emend(&project())
            .args(["diff", "--files"])
            .arg(&a)
            .arg(&b)
            .args(["--format", "html"]),
    );
    assert!(page.contains("<del>lapan</del>") && page.contains("<ins>Japan</ins>"));
    assert!(page.contains("id=\"2¶5\"") && page.contains("href=\"#2¶5\""));
    assert!(page.contains("4 changed, 1 merged, 25 unchanged"));
    assert!(page.contains("name=\"viewport\"") && page.contains("@media print"));
}

#[test]
fn a_compare_page_has_a_column_per_version() {
    let page = stdout_of(
        emend(&project()).args(["compare", "udhr", "en", "fr", "zh", "--format", "html"]),
    );
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        page.matches("<th scope=\"col\">").count(),
        4,
        "key, en, fr, zh"
    );
    assert!(page.contains("id=\"11/2\""));
    assert!(page.contains("lang=\"zh\"") && page.contains("人人生而自由"));
    let ruth =
        stdout_of(emend(&project()).args(["compare", "ruth", "kjv", "web", "--format", "html"]));
    assert!(ruth.contains("<ins>Yahweh</ins>") || ruth.contains("<ins>May Yahweh</ins>"));
}

#[test]
fn text_json_and_html_exports() {
    let s = TestStore::new();
    let f = s.file("w.md", &telegram_text("en-corrected"));
    s.emend()
        .args([
            "add",
            "telegram-1945-11-11",
            "en",
            &f,
            "--lang",
            "en",
            "--title",
            "Telegram, 11 November 1945",
        ])
        .assert()
        .success();
    let txt = stdout_of(
        s.emend()
            .args(["export", "telegram-1945-11-11", "en", "--format", "txt"]),
    );
    assert!(txt.starts_with("November 11, 1945 Telegram via VCh"));
    assert!(txt.contains("\n\nSECRET\n\n"), "Markdown emphasis removed");
    assert!(
        txt.contains("\n\n1. As is evident"),
        "labels kept, list markers removed"
    );
    let v = json_of(
        s.emend()
            .args(["export", "telegram-1945-11-11", "en", "--format", "json"]),
    );
    assert_eq!(v["document"], "telegram-1945-11-11");
    assert_eq!(v["title"], "Telegram, 11 November 1945");
    assert_eq!(v["version"]["language"], "en");
    assert_eq!(v["approved"], false);
    assert_eq!(
        v["revision"].as_str().unwrap(),
        s.git(&["rev-parse", "HEAD"]).trim()
    );
    assert_eq!(v["segments"].as_array().unwrap().len(), 30);
    assert_eq!(v["segments"][18]["key"], "1");
    let html =
        stdout_of(
            s.emend()
                .args(["export", "telegram-1945-11-11", "en", "--format", "html"]),
        );
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("id=\"2¶5\""));
    assert!(html.contains("in Japan."));
}
