//! `emend compare`: N-way tables on the bundled Ruth and Universal Declaration; completions and man page.

mod common;

use common::{emend, json_of, project, stderr_of, stdout_of};
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

fn keys(cell: &Value) -> Vec<&str> {
    cell["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect()
}

#[test]
fn ruth_in_four_revisions_is_one_row_per_verse() {
    let v = json_of(emend(&project()).args(["compare", "ruth", "--format", "json"]));
    let cols: Vec<&str> = v["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(cols, ["kjv", "webster", "asv", "web"]);
    assert!(
        v["columns"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["compared"] == true)
    );
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(
        rows.len(),
        1 + 4 + 85,
        "the title, four chapters, 85 verses"
    );
    for row in rows {
        let cells = row["cells"].as_array().unwrap();
        assert_eq!(cells.len(), 4);
        let k0 = keys(&cells[0]);
        assert_eq!(k0.len(), 1);
        for c in &cells[1..] {
            assert_eq!(keys(c), k0, "every revision pairs verse with verse");
        }
    }
    // Ruth 1:16, "whither thou goest": the WEB's changed words are marked, the KJV's text is plain.
    let r = rows
        .iter()
        .find(|r| keys(&r["cells"][0]) == ["1/16"])
        .unwrap();
    assert_eq!(r["cells"][0].get("status"), None);
    assert!(
        r["cells"][0]["text"]
            .as_str()
            .unwrap()
            .contains("whither thou goest, I will go")
    );
    assert_eq!(r["cells"][3]["status"], "changed");
    let inserted: Vec<&str> = r["cells"][3]["ops"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["op"] == "insert")
        .map(|o| o["text"].as_str().unwrap())
        .collect();
    assert!(
        inserted.iter().any(|t| t.contains("where you go")),
        "{inserted:?}"
    );
    // Rows where Webster has the KJV's words exactly are unchanged in its column.
    assert!(rows.iter().any(|r| r["cells"][1]["status"] == "unchanged"));
}

#[test]
fn the_declaration_in_five_languages_aligns_by_article() {
    let v = json_of(emend(&project()).args([
        "compare", "udhr", "en", "fr", "ru", "zh", "ar", "--format", "json",
    ]));
    let compared: Vec<bool> = v["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["compared"].as_bool().unwrap())
        .collect();
    assert_eq!(compared, [true, false, false, false, false]);
    let rows = v["rows"].as_array().unwrap();
    for n in 1..=30 {
        let key = n.to_string();
        let row = rows
            .iter()
            .find(|r| keys(&r["cells"][0]) == [key.as_str()])
            .unwrap_or_else(|| panic!("no row for the heading of article {n}"));
        for (c, lang) in row["cells"].as_array().unwrap()[1..]
            .iter()
            .zip(["fr", "ru", "zh", "ar"])
        {
            // French's "Article premier" is keyed 1 too.
            assert_eq!(keys(c), [key.as_str()], "{lang}, article {n}");
            assert_eq!(c["status"], "aligned");
            assert!(c.get("ops").is_none());
        }
    }
    // Article 11 has two numbered sub-points in every language.
    for sub in ["11/1", "11/2"] {
        let row = rows.iter().find(|r| keys(&r["cells"][0]) == [sub]).unwrap();
        assert!(
            row["cells"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| keys(c) == [sub]),
            "{sub}"
        );
    }
}

/// `compare --under KEY` keeps the rows of one article, in every language, named by any
/// version's key; a key none has is refused.
#[test]
fn one_article_in_five_languages() {
    let v = json_of(emend(&project()).args([
        "compare", "udhr", "en", "fr", "ru", "zh", "ar", "--under", "11", "--format", "json",
    ]));
    let rows = v["rows"].as_array().unwrap();
    let first: Vec<Vec<&str>> = rows.iter().map(|r| keys(&r["cells"][0])).collect();
    assert_eq!(first, [vec!["11"], vec!["11/1"], vec!["11/2"]]);
    for row in rows {
        for (c, lang) in row["cells"]
            .as_array()
            .unwrap()
            .iter()
            .zip(["en", "fr", "ru", "zh", "ar"])
        {
            assert_eq!(keys(c), keys(&row["cells"][0]), "{lang}");
        }
    }
    let err = stderr_of(
        emend(&project()).args(["compare", "udhr", "en", "fr", "--under", "31"]),
        2,
    );
    assert!(
        err.contains("neither en nor fr has a segment with key \"31\""),
        "{err}"
    );
}

#[test]
fn terminal_columns_fit_the_width() {
    for width in [80usize, 150] {
        let out = stdout_of(
            emend(&project())
                .env("COLUMNS", width.to_string())
                .args(["compare", "udhr", "en", "zh", "ru"]),
        );
        for line in out.lines() {
            assert!(line.width() <= width, "{} > {width}: {line}", line.width());
        }
        assert!(out.contains("│"));
        assert!(out.contains("人人生而自由"));
    }
    let out = stdout_of(
        emend(&project())
            .env("COLUMNS", "120")
            .args(["compare", "ruth", "kjv", "web"]),
    );
    assert!(
        out.contains("{+Yahweh+}"),
        "WEB's words that differ are marked"
    );
}

#[test]
fn markdown_and_files() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.md");
    let b = dir.path().join("b.md");
    let c = dir.path().join("c.md");
    std::fs::write(&a, "1. One | two.\n\n2. Three.\n").unwrap();
    std::fs::write(&b, "1. One | 2.\n\n2. Three.\n").unwrap();
    std::fs::write(&c, "1. One | two.\n\n2. Three.\n\n3. Four.\n").unwrap();
    let md = stdout_of(
        emend(dir.path())
            .args(["compare", "--files"])
            .arg(&a)
            .arg(&b)
            .arg(&c)
            .args(["--format", "md"]),
    );
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "| key | a | b | c |");
    assert_eq!(lines[1], "|---|---|---|---|");
    assert_eq!(
        lines[2],
        "| 1 | One \\| two. | One \\| ~~two~~**2**. | One \\| two. |"
    );
    assert_eq!(lines.len(), 2 + 3);
    let err = emend(dir.path())
        .args(["compare", "--files"])
        .arg(&a)
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8_lossy(&err).contains("at least two files"));
}

#[test]
fn completions_and_man_page_come_from_the_same_definitions() {
    for shell in ["bash", "zsh", "fish"] {
        let out = stdout_of(emend(&project()).args(["completions", shell]));
        for cmd in ["diff", "review", "compare", "export"] {
            assert!(out.contains(cmd), "{shell} completion lacks {cmd}");
        }
    }
    let man = stdout_of(emend(&project()).arg("man"));
    assert!(
        man.starts_with(".ie") || man.contains(".TH emend"),
        "{}",
        &man[..200.min(man.len())]
    );
    assert!(man.contains("review"));
    let review = stdout_of(emend(&project()).args(["man", "review"]));
    assert!(review.contains(".TH emend-review"));
    assert!(review.contains("\\-\\-accept"));
    emend(&project()).args(["man", "nope"]).assert().code(2);
}
