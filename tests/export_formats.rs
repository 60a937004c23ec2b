//! TMX and XLIFF exports read back by tools that no one here wrote.
//!
//! - `xmllint` (libxml2) validates the TMX file against the TMX 1.4 DTD and the
//!   XLIFF file against the OASIS XLIFF 2 core schema (`tests/schemas/`);
//! - translate-toolkit (Python) parses both and must find every unit and both
//!   languages, with the texts intact.
//!
//! The units come from the bundled Universal Declaration in English and
//! Chinese, aligned as a translation is, plus a set of hostile keys and texts.
//! When a tool is missing the test is skipped with a note, unless `CI` is set,
//! where a missing tool is a failure (`.ci/run` installs them).

mod common;

use std::path::Path;
use std::process::Command;

use emend::align::Mode;
use emend::diff::{CompareOptions, compare, side_text};
use emend::export::{ExportMeta, Unit, UnitState, tmx, xliff};
use emend::text::{Document, read_file, segment};
use serde_json::Value;

use common::{project, tool_available};

fn doc(rel: &str) -> Document {
    segment(&read_file(&project().join(rel)).expect("bundled sample"))
}

fn xmllint_available() -> bool {
    tool_available(
        "xmllint",
        "xmllint",
        &["--version"],
        "apt-get install -y libxml2-utils",
    )
}

fn translate_toolkit_available() -> bool {
    tool_available(
        "Python translate-toolkit",
        "python3",
        &[
            "-c",
            "import translate.storage.tmx, translate.storage.xliff2",
        ],
        "pip install translate-toolkit",
    )
}

/// Runs xmllint; panics with its messages when the file is invalid.
fn xmllint(args: &[&str], file: &Path) {
    let out = Command::new("xmllint")
        .args(["--nonet", "--noout"])
        .args(args)
        .arg(file)
        .output()
        .expect("xmllint runs");
    assert!(
        out.status.success(),
        "xmllint {args:?} rejects {}:\n{}\n--- file starts ---\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr),
        std::fs::read_to_string(file)
            .unwrap_or_default()
            .chars()
            .take(3000)
            .collect::<String>()
    );
}

/// Reads a TMX and an XLIFF file with translate-toolkit and reports what it found, as JSON.
const READ_BACK: &str = r#"
import json, sys
from translate.storage import tmx, xliff2

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

t = tmx.tmxfile.parsefile(sys.argv[1])
tmx_units = []
for u in t.units:
    tmx_units.append({
        "id": u.getid(),
        "langs": [n.get(XML_LANG) for n in u.getlanguageNodes()],
        "source": u.source,
        "target": u.target,
    })

x = xliff2.Xliff2File.parsefile(sys.argv[2])
xlf_units = []
for u in x.units:
    xlf_units.append({
        "id": u.getid(),
        "name": u.getunitelement().get("name"),
        "state": u.xmlelement.get("state"),
        "source": u.source,
        "target": u.target,
    })

print(json.dumps({
    "tmx": {"srclang": t.sourcelanguage, "units": tmx_units},
    "xliff": {"srcLang": x.sourcelanguage, "trgLang": x.targetlanguage, "units": xlf_units},
}))
"#;

fn read_back(tmx_file: &Path, xlf_file: &Path) -> Value {
    let out = Command::new("python3")
        .arg("-c")
        .arg(READ_BACK)
        .arg(tmx_file)
        .arg(xlf_file)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "translate-toolkit could not read the files:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the reader prints JSON")
}

fn meta(source_lang: &str, target_lang: &str) -> ExportMeta {
    ExportMeta {
        document: "udhr".into(),
        title: Some("Universal Declaration of Human Rights".into()),
        source_version: source_lang.into(),
        source_lang: source_lang.into(),
        target_version: target_lang.into(),
        target_lang: target_lang.into(),
        revision: "4d0eed8".into(),
        approved: true,
    }
}

/// One unit per aligned row: the keys of the row's source segments (or target
/// segments where the source has none) joined by `+`, and each side's texts
/// joined by a paragraph break.
fn units_of(source: &Document, target: &Document) -> Vec<Unit> {
    let cmp = compare(
        source,
        target,
        &CompareOptions {
            mode: Some(Mode::CrossLanguage),
            ..Default::default()
        },
    );
    cmp.rows
        .iter()
        .map(|row| {
            let (keyed, indices) = if row.a.is_empty() {
                (target, &row.b)
            } else {
                (source, &row.a)
            };
            let key = indices
                .iter()
                .map(|&i| keyed.segments[i].key.as_str())
                .collect::<Vec<_>>()
                .join("+");
            let side = |doc: &Document, ix: &[usize]| (!ix.is_empty()).then(|| side_text(doc, ix));
            Unit::new(
                key,
                side(source, &row.a),
                side(target, &row.b),
                UnitState::Final,
            )
        })
        .collect()
}

/// Writes both formats for `units`, validates them and reads them back.
fn export_validate_read(name: &str, meta: &ExportMeta, units: &[Unit]) -> Value {
    let dir = tempfile::tempdir().expect("temp dir");
    let tmx_file = dir.path().join(format!("{name}.tmx"));
    let xlf_file = dir.path().join(format!("{name}.xlf"));
    std::fs::write(&tmx_file, tmx(meta, units).text).unwrap();
    std::fs::write(&xlf_file, xliff(meta, units).text).unwrap();
    let schemas = project().join("tests/schemas");
    xmllint(
        &["--dtdvalid", schemas.join("tmx14.dtd").to_str().unwrap()],
        &tmx_file,
    );
    xmllint(
        &[
            "--schema",
            schemas.join("xliff_core_2.0.xsd").to_str().unwrap(),
        ],
        &xlf_file,
    );
    read_back(&tmx_file, &xlf_file)
}

fn tools_available() -> bool {
    // Both checks run, so that both missing tools are named.
    let xmllint = xmllint_available();
    let toolkit = translate_toolkit_available();
    xmllint && toolkit
}

#[test]
fn udhr_in_english_and_chinese_validates_and_reads_back() {
    if !tools_available() {
        return;
    }
    let (en, zh) = (
        doc("translations/udhr/en.md"),
        doc("translations/udhr/zh.md"),
    );
    let units = units_of(&en, &zh);
    assert!(
        units.len() > 60,
        "the declaration has a preamble and 30 articles"
    );
    let found = export_validate_read("udhr-en-zh", &meta("en", "zh"), &units);

    let tmx_units = found["tmx"]["units"].as_array().unwrap();
    assert_eq!(tmx_units.len(), units.len(), "every row is a <tu>");
    assert_eq!(found["tmx"]["srclang"], "en");
    for (tu, unit) in tmx_units.iter().zip(&units) {
        assert_eq!(tu["id"], unit.key.as_str());
        let langs: Vec<&str> = tu["langs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        let mut want = Vec::new();
        if unit.source.is_some() {
            want.push("en");
        }
        if unit.target.is_some() {
            want.push("zh");
        }
        assert_eq!(langs, want, "languages of {}", unit.key);
    }

    let xlf = &found["xliff"];
    assert_eq!(xlf["srcLang"], "en");
    assert_eq!(xlf["trgLang"], "zh");
    let xlf_units = xlf["units"].as_array().unwrap();
    assert_eq!(xlf_units.len(), units.len(), "every row is a <unit>");
    for (u, unit) in xlf_units.iter().zip(&units) {
        assert_eq!(u["name"], unit.key.as_str());
    }

    // Article 1 comes back whole in both languages, from both formats.
    let article = units
        .iter()
        .position(|u| {
            u.source
                .as_deref()
                .is_some_and(|s| s.starts_with("All human beings are born free"))
        })
        .expect("article 1");
    let zh_article = units[article].target.as_deref().unwrap();
    assert!(zh_article.starts_with("人人生而自由"));
    for u in [&tmx_units[article], &xlf_units[article]] {
        assert_eq!(u["source"], units[article].source.as_deref().unwrap());
        assert_eq!(u["target"], zh_article);
    }
}

#[test]
fn hostile_keys_and_texts_validate_and_read_back() {
    if !tools_available() {
        return;
    }
    let text = |s: &str| Some(s.to_string());
    let units = vec![
        Unit {
            key: "2¶3".into(),
            source: text("<script>alert(1)</script> & \"quoted\" 'single' ]]> end"),
            target: text("<b>粗体</b> &amp; ]]>"),
            state: UnitState::Final,
            previous_source: text("<i>was</i> & ]]> \"before\"\u{7}"),
        },
        Unit {
            key: "genesis/1/1".into(),
            source: text("In the beginning\u{0}\u{1b} God"),
            target: text("起初\u{FFFF}，神"),
            state: UnitState::Translated,
            previous_source: None,
        },
        Unit {
            key: "5~2".into(),
            source: text("only the source"),
            target: None,
            state: UnitState::Initial,
            previous_source: None,
        },
        Unit {
            key: "11/1".into(),
            source: None,
            target: text("只有译文"),
            state: UnitState::Initial,
            previous_source: None,
        },
        Unit {
            key: "第十一条¶2".into(),
            source: text("first paragraph\nsecond paragraph"),
            target: text("第一段\n第二段"),
            state: UnitState::Final,
            previous_source: None,
        },
        Unit {
            key: "a_B6_b:c d".into(),
            source: text("tab\there"),
            target: text("x"),
            state: UnitState::Final,
            previous_source: None,
        },
        Unit {
            key: "5".into(),
            source: text("five"),
            target: text("五"),
            state: UnitState::Final,
            previous_source: None,
        },
        Unit {
            key: "5".into(),
            source: text("five again"),
            target: text("又五"),
            state: UnitState::Final,
            previous_source: None,
        },
    ];
    let found = export_validate_read("hostile", &meta("en", "zh-Hans"), &units);
    let tmx_units = found["tmx"]["units"].as_array().unwrap();
    let xlf_units = found["xliff"]["units"].as_array().unwrap();
    assert_eq!(tmx_units.len(), units.len());
    assert_eq!(xlf_units.len(), units.len());
    assert_eq!(
        tmx_units[0]["source"],
        "<script>alert(1)</script> & \"quoted\" 'single' ]]> end"
    );
    assert_eq!(tmx_units[0]["target"], "<b>粗体</b> &amp; ]]>");
    assert_eq!(
        xlf_units[0]["source"],
        "<script>alert(1)</script> & \"quoted\" 'single' ]]> end"
    );
    assert_eq!(xlf_units[0]["target"], "<b>粗体</b> &amp; ]]>");
    assert_eq!(xlf_units[0]["name"], "2¶3");
    assert_eq!(xlf_units[0]["state"], "final");
    // Forbidden characters are gone, the rest is intact.
    assert_eq!(xlf_units[1]["source"], "In the beginning God");
    assert_eq!(xlf_units[1]["target"], "起初，神");
    assert_eq!(xlf_units[1]["state"], "translated");
    assert_eq!(xlf_units[2]["state"], "initial");
    assert_eq!(xlf_units[3]["source"], "");
    assert_eq!(xlf_units[3]["target"], "只有译文");
    // The paragraph break survives in XLIFF (xml:space="preserve").
    assert_eq!(xlf_units[4]["source"], "first paragraph\nsecond paragraph");
    assert_eq!(xlf_units[4]["name"], "第十一条¶2");
    assert_eq!(xlf_units[5]["name"], "a_B6_b:c d");
    // Ids are unique, keys kept in names.
    let ids: std::collections::HashSet<&str> = xlf_units
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), units.len());
    assert_eq!(xlf_units[7]["name"], "5");
}

/// `emend export --format tmx|xliff` from a store: valid files, one unit per
/// aligned row, final where approved, initial where the source changed since.
#[test]
fn exports_from_a_store_validate_and_carry_the_states() {
    if !tools_available() {
        return;
    }
    let s = common::TestStore::new();
    let en = s.file(
        "en.md",
        &std::fs::read_to_string(project().join("translations/udhr/en.md")).unwrap(),
    );
    let zh = s.file(
        "zh.md",
        &std::fs::read_to_string(project().join("translations/udhr/zh.md")).unwrap(),
    );
    s.emend()
        .args([
            "add", "udhr", "en", &en, "--lang", "en", "--role", "original",
        ])
        .assert()
        .success();
    s.emend()
        .args(["add", "udhr", "zh", &zh, "--lang", "zh", "--from", "en"])
        .assert()
        .success();
    // Without an approval, --approved is refused for every format.
    for format in ["tmx", "xliff", "txt", "json", "html"] {
        s.emend()
            .args(["export", "udhr", "zh", "--approved", "--format", format])
            .assert()
            .code(2);
    }
    s.emend().args(["approve", "udhr", "zh"]).assert().success();
    let rows = common::json_of(
        s.emend()
            .args(["diff", "udhr", "en", "zh", "--format", "json"]),
    )["rows"]
        .as_array()
        .unwrap()
        .len();
    let tmx_file = s.dir.path().join("udhr.tmx");
    let xlf_file = s.dir.path().join("udhr.xlf");
    s.emend()
        .args([
            "export",
            "udhr",
            "zh",
            "--approved",
            "--format",
            "tmx",
            "-o",
        ])
        .arg(&tmx_file)
        .assert()
        .success();
    s.emend()
        .args([
            "export",
            "udhr",
            "zh",
            "--approved",
            "--format",
            "xliff",
            "-o",
        ])
        .arg(&xlf_file)
        .assert()
        .success();
    let schemas = project().join("tests/schemas");
    xmllint(
        &["--dtdvalid", schemas.join("tmx14.dtd").to_str().unwrap()],
        &tmx_file,
    );
    xmllint(
        &[
            "--schema",
            schemas.join("xliff_core_2.0.xsd").to_str().unwrap(),
        ],
        &xlf_file,
    );
    let back = read_back(&tmx_file, &xlf_file);
    assert_eq!(back["tmx"]["units"].as_array().unwrap().len(), rows);
    assert_eq!(back["xliff"]["units"].as_array().unwrap().len(), rows);
    assert_eq!(back["xliff"]["srcLang"], "en");
    assert_eq!(back["xliff"]["trgLang"], "zh");
    assert!(
        back["xliff"]["units"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["state"] == "final")
    );
    let art5 = back["tmx"]["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "5¶1")
        .unwrap();
    assert_eq!(art5["langs"], serde_json::json!(["en", "zh"]));
    assert!(art5["target"].as_str().unwrap().contains("酷刑"));

    // The English original changes Article 5: the current Chinese is stale there.
    let path = s.store_file("translations/udhr/en.md");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "No one shall be subjected to torture",
        "No one shall ever be subjected to torture",
    );
    std::fs::write(&path, text).unwrap();
    s.emend().args(["update", "udhr", "en"]).assert().success();
    s.emend()
        .args(["export", "udhr", "zh", "--format", "xliff", "-o"])
        .arg(&xlf_file)
        .assert()
        .success();
    s.emend()
        .args(["export", "udhr", "zh", "--format", "tmx", "-o"])
        .arg(&tmx_file)
        .assert()
        .success();
    // The stale unit carries the source it was translated from, as a note.
    xmllint(
        &[
            "--schema",
            schemas.join("xliff_core_2.0.xsd").to_str().unwrap(),
        ],
        &xlf_file,
    );
    let xml = std::fs::read_to_string(&xlf_file).unwrap();
    assert!(
        xml.contains("name=\"5¶1\">\n    <notes>\n      <note category=\"previous-source\">No one shall be subjected to torture"),
        "{xml}"
    );
    assert_eq!(xml.matches("previous-source").count(), 1);
    let back = read_back(&tmx_file, &xlf_file);
    let units = back["xliff"]["units"].as_array().unwrap();
    let art5 = units.iter().find(|u| u["name"] == "5¶1").unwrap();
    assert_eq!(art5["state"], "initial");
    assert!(units.iter().filter(|u| u["state"] == "final").count() >= rows - 2);
    // A version made from nothing has no source to pair with.
    let out = s
        .emend()
        .args(["export", "udhr", "en", "--format", "tmx"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8_lossy(&out).contains("--source VERSION"));
}
