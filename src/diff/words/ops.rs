//! Edit scripts: ops (equal, deleted and inserted text) and the byte-range spans they are
//! built from while a script is made and cleaned up.

use serde::{Deserialize, Serialize};

/// What an op does to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OpKind {
    Equal,
    Delete,
    Insert,
}

/// One step of an edit script: equal and deleted text rebuild A, equal and inserted text rebuild B.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    pub op: OpKind,
    pub text: String,
    /// A deleted or inserted sentence that the other side has unchanged
    /// elsewhere in the row: it moved within the paragraph.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub moved: bool,
}

impl Op {
    pub(super) fn new(op: OpKind, text: impl Into<String>) -> Op {
        Op {
            op,
            text: text.into(),
            moved: false,
        }
    }
}

/// Rebuilds A (`side` = Delete) or B (`side` = Insert) from ops.
pub fn rebuild(ops: &[Op], side: OpKind) -> String {
    ops.iter()
        .filter(|o| o.op == OpKind::Equal || o.op == side)
        .map(|o| o.text.as_str())
        .collect()
}

/// A stretch of the script as byte ranges: unchanged text (the same in A and
/// B), or one edit (what was deleted from A, what was inserted in B). Ranges
/// of neighbouring spans touch, so merging spans is joining ranges.
#[derive(Debug, Clone)]
pub(super) struct Span {
    pub(super) a: std::ops::Range<usize>,
    pub(super) b: std::ops::Range<usize>,
    pub(super) equal: bool,
}

/// Appends a span, joining it to the last one when both are equal or both are edits.
pub(super) fn push_span(spans: &mut Vec<Span>, span: Span) {
    if span.a.is_empty() && span.b.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last) if last.equal == span.equal => {
            last.a.end = span.a.end;
            last.b.end = span.b.end;
        }
        _ => spans.push(span),
    }
}

/// Spaces that end both the deleted and the inserted text of an edit (words
/// are compared with their trailing spaces attached) are moved out of the
/// edit into the unchanged text after it: `[-brown-]{+red+} fox`, not
/// `[-brown -]{+red +}fox`.
pub(super) fn shift_common_spaces(a: &str, b: &str, spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len() + 2);
    let mut carried = 0;
    for mut span in spans {
        if carried > 0 {
            push_span(
                &mut out,
                Span {
                    a: span.a.start - carried..span.a.start,
                    b: span.b.start - carried..span.b.start,
                    equal: true,
                },
            );
            carried = 0;
        }
        if !span.equal && !span.a.is_empty() && !span.b.is_empty() {
            let (x, y) = (&a.as_bytes()[span.a.clone()], &b.as_bytes()[span.b.clone()]);
            let k = x
                .iter()
                .rev()
                .zip(y.iter().rev())
                .take_while(|(p, q)| p == q && matches!(p, b' ' | b'\t'))
                .count();
            span.a.end -= k;
            span.b.end -= k;
            carried = k;
        }
        let end = (span.a.end + carried, span.b.end + carried);
        push_span(&mut out, span);
        if carried > 0 && end.0 == a.len() && end.1 == b.len() {
            push_span(
                &mut out,
                Span {
                    a: end.0 - carried..end.0,
                    b: end.1 - carried..end.1,
                    equal: true,
                },
            );
            carried = 0;
        }
    }
    out
}

/// Turns spans into ops: equal text, or a delete followed by an insert.
pub(super) fn span_ops(a: &str, b: &str, spans: &[Span]) -> Vec<Op> {
    let count = spans
        .iter()
        .map(|s| {
            if s.equal {
                1
            } else {
                usize::from(!s.a.is_empty()) + usize::from(!s.b.is_empty())
            }
        })
        .sum();
    let mut ops = Vec::with_capacity(count);
    for s in spans {
        if s.equal {
            ops.push(Op::new(OpKind::Equal, &a[s.a.clone()]));
        } else {
            if !s.a.is_empty() {
                ops.push(Op::new(OpKind::Delete, &a[s.a.clone()]));
            }
            if !s.b.is_empty() {
                ops.push(Op::new(OpKind::Insert, &b[s.b.clone()]));
            }
        }
    }
    ops
}
