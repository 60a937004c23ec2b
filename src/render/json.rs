//! The machine-readable forms: the stable JSON documented in the README.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use super::{SideLabel, round_similarity};
use crate::align::Mode;
use crate::diff::{Comparison, Op, Status, Summary};
use crate::text::{Document, Kind};

/// The JSON object printed by `emend diff --format json`.
#[derive(Debug, Serialize)]
pub struct DiffJson<'a> {
    pub a: &'a SideLabel,
    pub b: &'a SideLabel,
    /// `same-language` (words compared) or `cross-language` (aligned only).
    pub mode: &'static str,
    pub rows: Vec<RowJson<'a>>,
    pub summary: Summary,
}

/// One row of [`DiffJson`].
#[derive(Debug, Serialize)]
pub struct RowJson<'a> {
    pub status: Status,
    pub a: Vec<&'a str>,
    pub b: Vec<&'a str>,
    pub moved: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ops: Option<&'a [Op]>,
    /// Set when the word diff ran out of time and the row is a whole replacement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
}

/// The note on rows whose word diff hit its time budget.
pub const TIMEOUT_NOTE: &str =
    "word diff time budget exceeded; shown as a whole-paragraph replacement";

/// Name of an alignment mode in JSON.
pub fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::SameLanguage => "same-language",
        Mode::CrossLanguage => "cross-language",
    }
}

/// Builds the JSON form of a comparison.
pub fn diff_json<'a>(
    a_label: &'a SideLabel,
    b_label: &'a SideLabel,
    a: &'a Document,
    b: &'a Document,
    cmp: &'a Comparison,
) -> DiffJson<'a> {
    let rows = cmp
        .rows
        .iter()
        .map(|r| RowJson {
            status: r.status,
            a: r.a.iter().map(|&i| a.segments[i].key.as_str()).collect(),
            b: r.b.iter().map(|&j| b.segments[j].key.as_str()).collect(),
            moved: r.moved,
            similarity: r.similarity.map(round_similarity),
            ops: r.ops.as_deref(),
            note: r.timed_out.then_some(TIMEOUT_NOTE),
        })
        .collect();
    DiffJson {
        a: a_label,
        b: b_label,
        mode: mode_name(cmp.mode),
        rows,
        summary: cmp.summary,
    }
}

/// Writes the JSON of a comparison: indented, or compact with the rows
/// serialised on all cores (the whole-Bible diff is some 13 MB of JSON).
pub fn write_diff_json(w: &mut dyn Write, doc: &DiffJson<'_>, pretty: bool) -> io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *w, doc)?;
        return Ok(());
    }
    let chunks: Vec<Vec<u8>> = doc
        .rows
        .par_chunks(256)
        .map(|rows| {
            let mut buf = Vec::with_capacity(rows.len() * 256);
            for (k, row) in rows.iter().enumerate() {
                if k > 0 {
                    buf.push(b',');
                }
                // Writing to a Vec cannot fail, and the row holds only strings and numbers.
                let _ = serde_json::to_writer(&mut buf, row);
            }
            buf
        })
        .collect();
    w.write_all(b"{\"a\":")?;
    serde_json::to_writer(&mut *w, doc.a)?;
    w.write_all(b",\"b\":")?;
    serde_json::to_writer(&mut *w, doc.b)?;
    w.write_all(b",\"mode\":")?;
    serde_json::to_writer(&mut *w, doc.mode)?;
    w.write_all(b",\"rows\":[")?;
    for (k, chunk) in chunks.iter().enumerate() {
        if k > 0 && !chunk.is_empty() {
            w.write_all(b",")?;
        }
        w.write_all(chunk)?;
    }
    w.write_all(b"],\"summary\":")?;
    serde_json::to_writer(&mut *w, &doc.summary)?;
    w.write_all(b"}")?;
    Ok(())
}

/// The JSON printed by `emend show --format json`.
#[derive(Debug, Serialize)]
pub struct ShowJson<'a> {
    pub segments: Vec<SegmentJson<'a>>,
}

/// One segment of [`ShowJson`].
#[derive(Debug, Serialize)]
pub struct SegmentJson<'a> {
    pub key: &'a str,
    pub kind: Kind,
    /// The normalised text that diffs compare.
    pub text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<&'a str>,
    pub line: usize,
}

/// Builds the JSON form of a segmented document.
pub fn show_json(doc: &Document) -> ShowJson<'_> {
    ShowJson {
        segments: doc
            .segments
            .iter()
            .map(|s| SegmentJson {
                key: &s.key,
                kind: s.kind,
                text: &s.text,
                label: s.label.as_deref(),
                line: s.line,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{CompareOptions, compare};
    use crate::text::segment;

    #[test]
    fn compact_and_pretty_json_are_the_same_value() {
        let a = segment(&"1. one two three.\n\n".repeat(700));
        let b = segment(&"1. one two four.\n\n".repeat(700));
        let cmp = compare(&a, &b, &CompareOptions::default());
        let la = SideLabel {
            label: "a".into(),
            language: Some("en".into()),
        };
        let lb = SideLabel {
            label: "b".into(),
            language: None,
        };
        let doc = diff_json(&la, &lb, &a, &b, &cmp);
        let (mut compact, mut pretty) = (Vec::new(), Vec::new());
        write_diff_json(&mut compact, &doc, false).unwrap();
        write_diff_json(&mut pretty, &doc, true).unwrap();
        let x: serde_json::Value = serde_json::from_slice(&compact).unwrap();
        let y: serde_json::Value = serde_json::from_slice(&pretty).unwrap();
        assert_eq!(x, y);
        assert_eq!(x["rows"].as_array().unwrap().len(), 700);
        assert_eq!(serde_json::to_vec(&doc).unwrap(), compact);
    }
}
