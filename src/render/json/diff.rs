//! The JSON of `diff` and `show`: a comparison row by row, a document segment by segment.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use super::escape::push_json_str;
use crate::align::{Mode, PairedBy};
use crate::diff::{Comparison, Op, OpKind, Renumbering, Status, Summary};
use crate::render::{DiffView, SideLabel, round_similarity};
use crate::text::{Document, Furniture, Kind};

/// The JSON object printed by `emend diff --format json`.
#[derive(Debug, Serialize)]
pub struct DiffJson<'a> {
    pub a: &'a SideLabel,
    pub b: &'a SideLabel,
    /// `same-language` (words compared) or `cross-language` (aligned only).
    pub mode: &'static str,
    pub rows: RowsJson<'a>,
    pub summary: Summary,
}

/// The rows of [`DiffJson`], serialised straight from the comparison
/// (one row at a time, nothing copied).
#[derive(Debug, Clone, Copy)]
pub struct RowsJson<'a> {
    a: &'a Document,
    b: &'a Document,
    cmp: &'a Comparison,
    /// Each row says why it was paired (`--explain`).
    explain: bool,
}

impl<'a> RowsJson<'a> {
    /// The JSON form of row `n`.
    pub fn row(&self, n: usize) -> RowJson<'a> {
        let r = &self.cmp.rows[n];
        RowJson {
            status: r.status,
            a: Keys(self.a, &r.a),
            b: Keys(self.b, &r.b),
            moved: r.moved,
            renumbered: r.renumbered.is_some(),
            labels: r.renumbered.as_ref(),
            similarity: r.similarity.map(round_similarity),
            ops: r.ops.as_deref(),
            note: r.timed_out.then_some(TIMEOUT_NOTE),
            paired_by: r.paired_by.filter(|_| self.explain).map(PairedBy::name),
        }
    }

    pub fn len(&self) -> usize {
        self.cmp.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cmp.rows.is_empty()
    }
}

impl Serialize for RowsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((0..self.len()).map(|n| self.row(n)))
    }
}

/// The keys of a row's segments on one side, as a JSON array.
#[derive(Debug, Clone, Copy)]
pub struct Keys<'a>(&'a Document, &'a [usize]);

impl Serialize for Keys<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.1.iter().map(|&i| self.0.segments[i].key.as_str()))
    }
}

/// One row of [`DiffJson`]. Compact output writes it with
/// [`RowJson::write_compact`], not through serde: a field added here goes
/// there too (`compact_rows_are_what_serde_json_writes` fails until it does).
#[derive(Debug, Serialize)]
pub struct RowJson<'a> {
    pub status: Status,
    pub a: Keys<'a>,
    pub b: Keys<'a>,
    pub moved: bool,
    /// The point labels of the row's sides differ.
    pub renumbered: bool,
    /// A's and B's label, where `renumbered`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels: Option<&'a Renumbering>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ops: Option<&'a [Op]>,
    /// Set when the word diff ran out of time and the row is a whole replacement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
    /// With `--explain`: why the two sides were paired (`key`, `content`,
    /// `length` or `lexical`); absent when a side is empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paired_by: Option<&'static str>,
}

impl RowJson<'_> {
    /// Appends the row's compact JSON to `out`: byte for byte what
    /// `serde_json::to_writer` writes for it (the fields above, in their
    /// order, with the same ones left out), with the text of its ops and keys
    /// escaped by [`push_json_str`], which copies clean stretches whole.
    pub fn write_compact(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"status\":");
        small(out, &self.status);
        out.extend_from_slice(b",\"a\":");
        self.a.write_compact(out);
        out.extend_from_slice(b",\"b\":");
        self.b.write_compact(out);
        out.extend_from_slice(if self.moved {
            b",\"moved\":true"
        } else {
            b",\"moved\":false"
        });
        out.extend_from_slice(if self.renumbered {
            b",\"renumbered\":true"
        } else {
            b",\"renumbered\":false"
        });
        if let Some(labels) = self.labels {
            out.extend_from_slice(b",\"labels\":");
            small(out, &labels);
        }
        if let Some(similarity) = self.similarity {
            out.extend_from_slice(b",\"similarity\":");
            small(out, &similarity);
        }
        if let Some(ops) = self.ops {
            out.extend_from_slice(b",\"ops\":[");
            for (k, op) in ops.iter().enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(match op.op {
                    OpKind::Equal => b"{\"op\":\"equal\",\"text\":",
                    OpKind::Delete => b"{\"op\":\"delete\",\"text\":",
                    OpKind::Insert => b"{\"op\":\"insert\",\"text\":",
                });
                push_json_str(out, &op.text);
                if op.moved {
                    out.extend_from_slice(b",\"moved\":true");
                }
                out.push(b'}');
            }
            out.push(b']');
        }
        if let Some(note) = self.note {
            out.extend_from_slice(b",\"note\":");
            push_json_str(out, note);
        }
        if let Some(paired_by) = self.paired_by {
            out.extend_from_slice(b",\"paired_by\":");
            push_json_str(out, paired_by);
        }
        out.push(b'}');
    }
}

/// Appends a small value's compact JSON (a status, a number, a pair of labels).
fn small<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    // Writing to a Vec cannot fail, and these values hold only strings and numbers.
    let _ = serde_json::to_writer(out, value);
}

impl Keys<'_> {
    fn write_compact(&self, out: &mut Vec<u8>) {
        out.push(b'[');
        for (k, &i) in self.1.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            push_json_str(out, &self.0.segments[i].key);
        }
        out.push(b']');
    }
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
pub fn diff_json<'a>(view: &DiffView<'a>) -> DiffJson<'a> {
    let DiffView {
        label_a: a_label,
        label_b: b_label,
        a,
        b,
        cmp,
    } = *view;
    DiffJson {
        a: a_label,
        b: b_label,
        mode: mode_name(cmp.mode),
        rows: RowsJson {
            a,
            b,
            cmp,
            explain: false,
        },
        summary: cmp.summary,
    }
}

impl DiffJson<'_> {
    /// The same JSON with each row saying why it was paired (`paired_by`).
    pub fn explained(mut self, explain: bool) -> Self {
        self.rows.explain = explain;
        self
    }
}

/// Writes the JSON of a comparison: indented, or compact with the rows
/// serialised on all cores (the whole-Bible diff is some 13 MB of JSON).
pub fn write_diff_json(w: &mut dyn Write, doc: &DiffJson<'_>, pretty: bool) -> io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *w, doc)?;
        return Ok(());
    }
    w.write_all(b"{\"a\":")?;
    serde_json::to_writer(&mut *w, doc.a)?;
    w.write_all(b",\"b\":")?;
    serde_json::to_writer(&mut *w, doc.b)?;
    w.write_all(b",\"mode\":")?;
    serde_json::to_writer(&mut *w, doc.mode)?;
    w.write_all(b",\"rows\":[")?;
    // Batches of rows are serialised in parallel and written in order, so
    // that memory holds one batch of output, not the whole of it.
    let mut first = true;
    let n = doc.rows.len();
    for batch in (0..n).step_by(4096) {
        let chunks: Vec<Vec<u8>> = (batch..(batch + 4096).min(n))
            .collect::<Vec<_>>()
            .par_chunks(256)
            .map(|rows| {
                let mut buf = Vec::with_capacity(rows.len() * 256);
                for &k in rows {
                    buf.push(b',');
                    doc.rows.row(k).write_compact(&mut buf);
                }
                buf
            })
            .collect();
        for chunk in &chunks {
            let body = if first { &chunk[1..] } else { &chunk[..] };
            first = false;
            w.write_all(body)?;
        }
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
    /// The page furniture the reading left out (`--show-dropped` only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<DroppedJson<'a>>,
}

/// A piece of page furniture in [`ShowJson`].
#[derive(Debug, Serialize)]
pub struct DroppedJson<'a> {
    pub line: usize,
    pub what: Furniture,
    /// The line as written, without its indentation (empty for a form feed).
    pub text: &'a str,
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
        dropped: Vec::new(),
    }
}

/// As [`show_json`], with the page furniture the reading left out.
pub fn show_json_dropped(doc: &Document) -> ShowJson<'_> {
    let mut json = show_json(doc);
    json.dropped = doc
        .dropped
        .iter()
        .map(|d| DroppedJson {
            line: d.line,
            what: d.what,
            text: doc.source[d.span.clone()].trim_matches([' ', '\t', '\u{c}']),
        })
        .collect();
    json
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
        let doc = diff_json(&DiffView::new(&la, &lb, &a, &b, &cmp));
        let (mut compact, mut pretty) = (Vec::new(), Vec::new());
        write_diff_json(&mut compact, &doc, false).unwrap();
        write_diff_json(&mut pretty, &doc, true).unwrap();
        let x: serde_json::Value = serde_json::from_slice(&compact).unwrap();
        let y: serde_json::Value = serde_json::from_slice(&pretty).unwrap();
        assert_eq!(x, y);
        assert_eq!(x["rows"].as_array().unwrap().len(), 700);
        assert_eq!(x["rows"][0]["a"], serde_json::json!(["1"]));
        assert_eq!(serde_json::to_vec(&doc).unwrap(), compact);
    }

    /// Documents of numbered points and paragraphs, from words that need
    /// escaping and words that do not.
    fn document() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        let word = proptest::sample::select(vec![
            "the",
            "Lord",
            "said",
            "unto",
            "Moses,",
            "\"Go\"",
            "back\\slash",
            "tab\there",
            "bell\u{7}",
            "esc\u{1b}",
            "del\u{7f}",
            "Beth–lehem",
            "naïve",
            "“quoted”",
            "人人",
            "Жена",
            "And",
            "it",
            "came",
            "to",
            "pass.",
            "Selah?",
            "1:1",
            "{brace}",
        ]);
        let paragraph = proptest::collection::vec(word, 1..30).prop_map(|w| w.join(" "));
        let block = (proptest::option::of(1u8..9), paragraph)
            .prop_map(|(n, p)| n.map_or(p.clone(), |n| format!("{n}. {p}")));
        proptest::collection::vec(block, 0..12).prop_map(|blocks| blocks.join("\n\n") + "\n")
    }

    /// The compact writer's JSON and serde_json's for the diff of `a` and
    /// `b`, and whether any op is marked moved.
    fn written_both_ways(
        a: &str,
        b: &str,
        out_of_time: bool,
        explain: bool,
    ) -> (String, String, bool) {
        let (a, b) = (segment(a), segment(b));
        let options = CompareOptions {
            word_budget: if out_of_time {
                std::time::Duration::ZERO
            } else {
                crate::diff::WORD_DIFF_BUDGET
            },
            // Unrelated random texts could be guessed to be two languages.
            mode: Some(Mode::SameLanguage),
            ..CompareOptions::default()
        };
        let cmp = compare(&a, &b, &options);
        let moved = cmp
            .rows
            .iter()
            .flat_map(|r| r.ops.iter().flatten())
            .any(|o| o.moved);
        let label = SideLabel {
            label: "a\"b".into(),
            language: Some("en".into()),
        };
        let doc = diff_json(&DiffView::new(&label, &label, &a, &b, &cmp)).explained(explain);
        let mut compact = Vec::new();
        write_diff_json(&mut compact, &doc, false).unwrap();
        let compact = String::from_utf8(compact).unwrap();
        (compact, serde_json::to_string(&doc).unwrap(), moved)
    }

    /// Two sentences of a point that change places: the ops are marked moved.
    const SWAPPED: [&str; 2] = [
        "99. The chairman opened the meeting. The treasurer presented the \"accounts\".\n",
        "99. The treasurer presented the \"accounts\". The chairman opened the meeting.\n",
    ];

    #[test]
    fn moved_ops_are_written_as_serde_json_writes_them() {
        let (compact, serde, moved) = written_both_ways(SWAPPED[0], SWAPPED[1], false, false);
        assert!(moved);
        assert_eq!(compact, serde);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Every row written by the compact writer is the row serde_json writes,
        /// with and without `--explain`, and with rows that run out of time.
        #[test]
        fn compact_rows_are_what_serde_json_writes(
            a in document(),
            b in document(),
            explain in proptest::bool::ANY,
            out_of_time in proptest::bool::ANY,
            swap in proptest::bool::ANY,
        ) {
            let (a, b) = if swap {
                (format!("{a}\n{}", SWAPPED[0]), format!("{b}\n{}", SWAPPED[1]))
            } else {
                (a, b)
            };
            let (compact, serde, _) = written_both_ways(&a, &b, out_of_time, explain);
            proptest::prop_assert_eq!(compact, serde);
        }
    }
}
