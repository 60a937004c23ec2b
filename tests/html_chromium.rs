//! The HTML pages as a browser reads them: Chromium, headless, parses each
//! page and prints its DOM, and every link must lead to an element of it.
//!
//! Needs `chromium` (Debian's package; `.ci/run` installs it). Without it the
//! tests are skipped with a note, unless `CI` is set, where they fail.

mod common;

use std::collections::HashSet;
use std::process::Command;

use common::{emend, project, stdout_of, tool_available, under_ci};

/// The DOM Chromium builds from `html`, or `None` (with a note) when Chromium is missing
/// or cannot run here (outside CI).
fn dom(html: &str) -> Option<String> {
    if !tool_available(
        "Chromium",
        "chromium",
        &["--version"],
        "apt-get install -y chromium",
    ) {
        return None;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("page.html");
    std::fs::write(&page, html).expect("page written");
    let profile = dir.path().join("profile");
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output();
    match out {
        Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        Ok(o) => {
            let why = String::from_utf8_lossy(&o.stderr).into_owned();
            if under_ci() {
                panic!("chromium failed and CI is set: {why}");
            }
            eprintln!("SKIPPED: chromium is installed but failed to run here: {why}");
            None
        }
        Err(e) => panic!("chromium ran a moment ago and now cannot start: {e}"),
    }
}

/// Every `href="#x"` of the DOM has an element with `id="x"`, and no cell
/// was moved out of the table by the parser.
fn assert_links_land(dom: &str) {
    let attr = |name: &str| -> Vec<String> {
        dom.match_indices(&format!(" {name}=\""))
            .map(|(n, m)| {
                let rest = &dom[n + m.len()..];
                rest[..rest.find('"').unwrap_or(0)].to_string()
            })
            .collect()
    };
    let ids: HashSet<String> = attr("id").into_iter().collect();
    let hrefs = attr("href");
    assert!(!hrefs.is_empty());
    for href in hrefs {
        let target = href.strip_prefix('#').expect("links stay on the page");
        assert!(ids.contains(target), "no element with id {target:?}");
    }
    let end = dom.find("</table>").expect("a table");
    assert!(
        !dom[end..].contains("<td"),
        "a cell ended up outside the table"
    );
}

#[test]
fn a_moved_point_and_a_moved_sentence_link_both_ways() {
    let dir = project().join("tests/cases/minutes-moved-and-renumbered");
    let html = stdout_of(emend(&dir).args(["diff", "--files", "a.md", "b.md", "--format", "html"]));
    let Some(dom) = dom(&html) else { return };
    assert_links_land(&dom);
    // The point moved from 4 to 2: a row at each place, each linking to the other.
    assert!(dom.contains("<tr class=\"moved-away\" id=\"moved-from-4\">"));
    assert!(
        dom.contains("<a class=\"moved-link\" href=\"#moved-from-4\">moved from <bdi>4</bdi></a>")
    );
    assert!(dom.contains("<a class=\"moved-link\" href=\"#2\">moved to <bdi>2</bdi></a>"));
    assert_eq!(dom.matches("tag tag-renumbered").count(), 3);
    assert!(dom.contains("<del class=\"moved\" id=\"1-mv1-a\">"));
    assert!(dom.contains("<ins class=\"moved\" id=\"1-mv1-b\">"));
    // Every comparison row and the moved-away row are rows of the table.
    assert_eq!(dom.matches("<tr class=").count(), 5 + 1);
}

#[test]
fn the_compare_page_marks_deletions_in_the_dom() {
    let html = stdout_of(emend(&project()).args([
        "compare",
        "ruth",
        "kjv",
        "web",
        "--against",
        "web",
        "--format",
        "html",
    ]));
    let Some(dom) = dom(&html) else { return };
    assert_links_land(&dom);
    assert!(dom.contains("<ins>Now it came to pass in</ins>"));
    assert!(dom.contains("<del>judged, </del>"));
    assert!(dom.contains("<del>Bethlehem Judah</del>"));
}
