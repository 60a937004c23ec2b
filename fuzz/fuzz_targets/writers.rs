//! The writers: the diff JSON parses back with serde_json and carries the
//! same keys and ops; TMX and XLIFF built from the input are well-formed XML
//! (roxmltree) and carry the text, less the characters XML 1.0 forbids.
#![no_main]

use emend::align::Mode;
use emend::diff::{CompareOptions, compare};
use emend::export::{ExportMeta, Unit, UnitState, is_forbidden_in_xml, tmx, xliff};
use emend::render::{DiffView, SideLabel};
use emend::render::json::diff_json;
use emend::text::segment;
use libfuzzer_sys::fuzz_target;

fn xml_clean(s: &str) -> String {
    s.chars().filter(|&c| !is_forbidden_in_xml(c)).collect()
}

fn parse_xml(text: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..Default::default()
    };
    match roxmltree::Document::parse_with_options(text, options) {
        Ok(doc) => doc,
        Err(e) => panic!("not well-formed XML: {e}\n{text}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let cut = rest.iter().position(|&b| b == 0xFF).unwrap_or(rest.len());
    let a = String::from_utf8_lossy(&rest[..cut]).into_owned();
    let b = String::from_utf8_lossy(rest.get(cut + 1..).unwrap_or_default()).into_owned();

    // JSON: serialised, parsed back, the same rows, keys and ops.
    let (da, db) = (segment(&a), segment(&b));
    let mode = if flags & 1 == 0 {
        Mode::SameLanguage
    } else {
        Mode::CrossLanguage
    };
    let cmp = compare(
        &da,
        &db,
        &CompareOptions {
            mode: Some(mode),
            ..CompareOptions::default()
        },
    );
    let la = SideLabel {
        label: a.lines().next().unwrap_or("").to_string(),
        language: Some(b.lines().next().unwrap_or("").to_string()),
    };
    let lb = SideLabel {
        label: b.lines().last().unwrap_or("").to_string(),
        language: None,
    };
    let json = diff_json(&DiffView::new(&la, &lb, &da, &db, &cmp));
    let text = serde_json::to_string(&json).expect("the diff serialises");
    let back: serde_json::Value = serde_json::from_str(&text).expect("the diff parses back");
    let rows = back["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), cmp.rows.len());
    assert_eq!(back["a"]["label"], la.label.as_str());
    for (row, r) in rows.iter().zip(&cmp.rows) {
        let keys: Vec<&str> = r.a.iter().map(|&i| da.segments[i].key.as_str()).collect();
        assert_eq!(row["a"], serde_json::json!(keys));
        match &r.ops {
            Some(ops) => {
                let parsed = row["ops"].as_array().expect("ops");
                assert_eq!(parsed.len(), ops.len());
                for (p, o) in parsed.iter().zip(ops) {
                    assert_eq!(p["text"].as_str(), Some(o.text.as_str()));
                }
            }
            None => assert!(row.get("ops").is_none()),
        }
    }

    // TMX and XLIFF: units whose keys, texts and metadata all come from the input.
    let lines_a: Vec<&str> = a.split('\n').collect();
    let lines_b: Vec<&str> = b.split('\n').collect();
    let units: Vec<Unit> = (0..lines_a.len().max(lines_b.len()))
        .map(|n| {
            let pick = (flags >> 1).wrapping_add(n as u8);
            Unit {
                key: lines_a.get(n).copied().unwrap_or("").to_string(),
                source: (pick & 1 == 0).then(|| lines_b.get(n).copied().unwrap_or("").to_string()),
                target: (pick & 2 == 0).then(|| {
                    da.segments
                        .get(n)
                        .map_or_else(|| a.clone(), |s| s.text.clone())
                }),
                state: match pick % 3 {
                    0 => UnitState::Final,
                    1 => UnitState::Translated,
                    _ => UnitState::Initial,
                },
            }
        })
        .collect();
    let meta = ExportMeta {
        document: lines_a.first().copied().unwrap_or("").to_string(),
        title: lines_a.get(1).map(|s| s.to_string()),
        source_version: lines_b.first().copied().unwrap_or("").to_string(),
        source_lang: lines_a.get(2).copied().unwrap_or("en").to_string(),
        target_version: lines_b.get(1).copied().unwrap_or("").to_string(),
        target_lang: lines_b.get(2).copied().unwrap_or("fr").to_string(),
        revision: lines_b.get(3).copied().unwrap_or("0123abc").to_string(),
        approved: flags & 0x80 != 0,
    };

    let out = tmx(&meta, &units);
    let doc = parse_xml(&out.text);
    let segs: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("seg"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect();
    let want: Vec<String> = units
        .iter()
        .filter(|u| u.source.is_some() || u.target.is_some())
        .flat_map(|u| [u.source.as_deref(), u.target.as_deref()])
        .flatten()
        .map(xml_clean)
        .collect();
    assert_eq!(segs, want, "TMX segments differ from the units");
    let tuids = doc.descendants().filter(|n| n.has_tag_name("tu")).count();
    assert_eq!(
        tuids,
        units
            .iter()
            .filter(|u| u.source.is_some() || u.target.is_some())
            .count()
    );

    let out = xliff(&meta, &units);
    let doc = parse_xml(&out.text);
    let mut ids = std::collections::HashSet::new();
    for unit in doc.descendants().filter(|n| n.has_tag_name("unit")) {
        let id = unit.attribute("id").expect("unit id");
        assert!(ids.insert(id.to_string()), "unit id {id} repeats");
    }
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("source") || n.has_tag_name("target"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect();
    let want: Vec<String> = units
        .iter()
        .filter(|u| u.source.is_some() || u.target.is_some())
        .flat_map(|u| [Some(u.source.as_deref().unwrap_or("")), u.target.as_deref()])
        .flatten()
        .map(xml_clean)
        .collect();
    assert_eq!(
        texts, want,
        "XLIFF sources and targets differ from the units"
    );
});
