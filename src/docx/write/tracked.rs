//! B's text with every change from A as Word tracked changes.
//!
//! Each row of the diff is written where it stands in B (rows only in A
//! where they stood in A). Inside a row, the two sides (point labels
//! included, so a renumbering is a change too) are compared word by word and
//! written as runs: equal, `w:ins`, or `w:del`. A paragraph break that only
//! one side has is a tracked paragraph mark, so a merged or split paragraph
//! is joined or cut when the change is accepted. A moved row is a Word move:
//! its old text as `w:moveFrom` where it stood in A, its new text as
//! `w:moveTo` here. Each row is enclosed in a bookmark named after its
//! position and key (see [`bookmark_name`]), which is how
//! [`crate::docx::review`] finds the rows again in a returned document.

use std::collections::HashMap;

use crate::diff::{Comparison, Op, OpKind, RowDiff, WORD_DIFF_BUDGET, diff_words};
use crate::text::{Document, Kind, Segment};

use super::ChangeAuthor;
use super::runs::{esc, run};

/// Prefix of the bookmarks that enclose rows.
pub(crate) const BOOKMARK_PREFIX: &str = "emend_";

/// The bookmark of row `index` with key `key`: `emend_12_2_3` for row 12,
/// key `2¶3`. Word allows 40 characters, letters, digits and `_`, starting
/// with a letter; the row number makes the name unique and is what is read back.
pub(crate) fn bookmark_name(index: usize, key: &str) -> String {
    let mut name = format!("{BOOKMARK_PREFIX}{index}_");
    for c in key.chars() {
        if name.len() >= 40 {
            break;
        }
        name.push(if c.is_ascii_alphanumeric() { c } else { '_' });
    }
    name.truncate(40);
    name
}

/// Writes one row's side: its segments' labels and texts, joined by `\n` (the paragraph break).
pub(crate) fn side(doc: &Document, idx: &[usize]) -> String {
    let mut out = String::new();
    for (n, &i) in idx.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(&segment_text(&doc.segments[i]));
    }
    out
}

/// A's side of a row as [`side`] writes it, with the label of its first
/// segment taken from B's first segment where both have one and the numbers differ.
fn side_with_labels_of(a: &Document, ia: &[usize], b: &Document, ib: &[usize]) -> String {
    let label_of = |doc: &Document, idx: &[usize]| {
        idx.first()
            .and_then(|&i| doc.segments[i].label.clone())
            .filter(|_| doc.segments[idx[0]].kind == Kind::Paragraph)
    };
    match (ia.first(), label_of(a, ia), label_of(b, ib)) {
        (Some(&first), Some(la), Some(lb)) if label_key(&la) != label_key(&lb) => {
            let mut seg = a.segments[first].clone();
            seg.label = Some(lb);
            let mut out = segment_text(&seg);
            for &i in &ia[1..] {
                out.push('\n');
                out.push_str(&segment_text(&a.segments[i]));
            }
            out
        }
        _ => side(a, ia),
    }
}

/// Slides a deletion or insertion that holds a paragraph break to start at
/// the break, where the text before the break is also what the equal text
/// after the edit starts with: `there[-.¶3-]. And` → `there.[-¶3.-] And`. The two are the same change
/// (the word diff found both equally short), but only the second deletes a
/// point's label whole with the break before it; the first leaves `there`
/// without its full stop until the change is accepted.
fn breaks_first(mut ops: Vec<Op>) -> Vec<Op> {
    let mut k = 0;
    while k + 1 < ops.len() {
        let slid = match (ops[k].op, ops[k + 1].op) {
            (OpKind::Delete | OpKind::Insert, OpKind::Equal) => ops[k]
                .text
                .find('\n')
                .filter(|&at| at > 0 && ops[k + 1].text.starts_with(&ops[k].text[..at])),
            _ => None,
        };
        if let Some(at) = slid {
            let head = ops[k].text[..at].to_string();
            ops[k].text = format!("{}{head}", &ops[k].text[at..]);
            ops[k + 1].text.drain(..at);
            match k.checked_sub(1).map(|p| ops[p].op) {
                Some(OpKind::Equal) => ops[k - 1].text.push_str(&head),
                _ => {
                    ops.insert(
                        k,
                        Op {
                            op: OpKind::Equal,
                            text: head,
                            moved: false,
                        },
                    );
                    k += 1;
                }
            }
            if ops[k + 1].text.is_empty() {
                ops.remove(k + 1);
            }
        }
        k += 1;
    }
    ops
}

fn label_key(label: &str) -> Option<String> {
    crate::text::parse_label(label).map(|l| l.key)
}

/// A segment as written in the document: label and text (a heading's text alone).
pub(crate) fn segment_text(seg: &Segment) -> String {
    match &seg.label {
        Some(l) if seg.kind == Kind::Paragraph => {
            if seg.text.is_empty() {
                l.to_string()
            } else {
                format!("{l} {}", seg.text)
            }
        }
        _ => seg.text.to_string(),
    }
}

struct Writer<'a> {
    a: &'a Document,
    b: &'a Document,
    author: String,
    next_id: u32,
    out: String,
    dropped: usize,
    // The paragraph being written.
    runs: String,
    /// The current row's bookmark, and whether its start is written.
    bookmark: Option<(u32, String)>,
    bookmark_started: bool,
}

/// A tracked change's attributes: id, author, date.
fn change_attrs(id: u32, author: &str) -> String {
    format!(r#"w:id="{id}" {author}"#)
}

impl Writer<'_> {
    fn id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    fn style(seg: Option<&Segment>) -> String {
        match seg {
            Some(s) if s.kind == Kind::Heading => {
                format!(r#"<w:pStyle w:val="Heading{}"/>"#, s.level.clamp(1, 6))
            }
            _ => String::new(),
        }
    }

    fn start_row(&mut self, index: usize, key: &str) {
        let id = self.id();
        self.bookmark = Some((id, bookmark_name(index, key)));
        self.bookmark_started = false;
    }

    /// Writes the row's bookmark start, once, before its first content.
    fn open_bookmark(&mut self) {
        if let Some((id, name)) = self.bookmark.as_ref().filter(|_| !self.bookmark_started) {
            self.runs.push_str(&format!(
                r#"<w:bookmarkStart w:id="{id}" w:name="{name}"/>"#
            ));
            self.bookmark_started = true;
        }
    }

    fn text(&mut self, kind: OpKind, text: &str) {
        if text.is_empty() {
            return;
        }
        self.open_bookmark();
        let deleted = kind == OpKind::Delete;
        let r = run(text, "", deleted, &mut self.dropped);
        match kind {
            OpKind::Equal => self.runs.push_str(&r),
            OpKind::Insert | OpKind::Delete => {
                let tag = if deleted { "w:del" } else { "w:ins" };
                let id = self.id();
                let attrs = change_attrs(id, &self.author);
                self.runs.push_str(&format!("<{tag} {attrs}>{r}</{tag}>"));
            }
        }
    }

    fn text_move(&mut self, from: bool, text: &str) {
        let tag = if from { "w:moveFrom" } else { "w:moveTo" };
        let id = self.id();
        let attrs = change_attrs(id, &self.author);
        let r = run(text, "", false, &mut self.dropped);
        self.runs.push_str(&format!("<{tag} {attrs}>{r}</{tag}>"));
    }

    /// Ends the paragraph being written, its mark changed as `mark` says.
    fn end_paragraph(&mut self, style: &str, mark: Option<&str>, last_of_row: bool) {
        self.open_bookmark();
        if last_of_row && let Some((id, _)) = self.bookmark.take() {
            self.runs
                .push_str(&format!(r#"<w:bookmarkEnd w:id="{id}"/>"#));
        }
        let mark = match mark {
            Some(tag) => {
                let id = self.id();
                format!("<w:rPr><{tag} {}/></w:rPr>", change_attrs(id, &self.author))
            }
            None => String::new(),
        };
        let runs = std::mem::take(&mut self.runs);
        self.out
            .push_str(&format!("<w:p><w:pPr>{style}{mark}</w:pPr>{runs}</w:p>"));
    }

    /// A row whose sides differ: word changes and paragraph marks.
    fn changed(&mut self, row: &RowDiff, a_text: &str, b_text: &str) {
        let ops = breaks_first(diff_words(a_text, b_text, WORD_DIFF_BUDGET).ops);
        let (mut ia, mut ib) = (0usize, 0usize);
        for op in &ops {
            let mut pieces = op.text.split('\n').peekable();
            while let Some(piece) = pieces.next() {
                self.text(op.op, piece);
                if pieces.peek().is_none() {
                    break;
                }
                let (style, mark) = match op.op {
                    OpKind::Equal => (self.b_style(row, ib), None),
                    OpKind::Insert => (self.b_style(row, ib), Some("w:ins")),
                    OpKind::Delete => (self.a_style(row, ia), Some("w:del")),
                };
                self.end_paragraph(&style, mark, false);
                match op.op {
                    OpKind::Equal => {
                        ia += 1;
                        ib += 1;
                    }
                    OpKind::Insert => ib += 1,
                    OpKind::Delete => ia += 1,
                }
            }
        }
        let (style, mark) = if row.b.is_empty() {
            (self.a_style(row, ia), Some("w:del"))
        } else if row.a.is_empty() {
            (self.b_style(row, ib), Some("w:ins"))
        } else {
            (self.b_style(row, ib), None)
        };
        self.end_paragraph(&style, mark, true);
    }

    fn a_style(&self, row: &RowDiff, i: usize) -> String {
        Self::style(row.a.get(i).map(|&s| &self.a.segments[s]))
    }

    fn b_style(&self, row: &RowDiff, i: usize) -> String {
        Self::style(row.b.get(i).map(|&s| &self.b.segments[s]))
    }

    /// The paragraphs of one side of a moved row, as a Word move.
    fn moved(&mut self, from: bool, doc_is_a: bool, idx: &[usize], name: &str) {
        let range = self.id();
        let tag = if from { "w:moveFrom" } else { "w:moveTo" };
        let doc = if doc_is_a { self.a } else { self.b };
        let (mut dropped, author) = (0, self.author.clone());
        let name = esc(name, &mut dropped);
        for (n, &i) in idx.iter().enumerate() {
            let seg = &doc.segments[i];
            if n == 0 {
                self.runs.push_str(&format!(
                    r#"<{tag}RangeStart w:id="{range}" w:name="{name}" {author}/>"#
                ));
                if !from {
                    self.open_bookmark();
                }
            }
            self.text_move(from, &segment_text(seg));
            let last = n + 1 == idx.len();
            if last {
                self.runs
                    .push_str(&format!(r#"<{tag}RangeEnd w:id="{range}"/>"#));
            }
            let style = Self::style(Some(seg));
            self.end_paragraph(&style, Some(tag), last && !from);
        }
    }
}

/// The tracked-changes body for the diff `cmp` of `a` and `b`, and how many
/// characters XML forbids were left out.
pub(crate) fn body(
    a: &Document,
    b: &Document,
    cmp: &Comparison,
    author: &ChangeAuthor,
) -> (String, usize) {
    let (mut dropped, mut dropped_date) = (0, 0);
    let attrs = format!(
        r#"w:author="{}" w:date="{}""#,
        esc(&author.name, &mut dropped),
        esc(&author.date, &mut dropped_date)
    );
    let mut w = Writer {
        a,
        b,
        author: attrs,
        next_id: 0,
        out: String::new(),
        dropped: 0,
        runs: String::new(),
        bookmark: None,
        bookmark_started: false,
    };
    // Where each moved row's old text goes: after the row that holds the A
    // segment before it (or first of all).
    let mut row_of_a = vec![usize::MAX; a.segments.len()];
    for (r, row) in cmp.rows.iter().enumerate() {
        for &i in &row.a {
            row_of_a[i] = r;
        }
    }
    let is_move = |row: &RowDiff| row.moved && !row.a.is_empty() && !row.b.is_empty();
    let mut after: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut first: Vec<usize> = Vec::new();
    for (r, row) in cmp.rows.iter().enumerate() {
        if is_move(row) {
            match row.a[0].checked_sub(1).map(|i| row_of_a[i]) {
                Some(anchor) if anchor != usize::MAX => after.entry(anchor).or_default().push(r),
                _ => first.push(r),
            }
        }
    }
    let mut move_names = HashMap::new();
    for (r, row) in cmp.rows.iter().enumerate() {
        if is_move(row) {
            move_names.insert(r, format!("move{r}"));
        }
    }
    let mut pending: Vec<usize> = first.into_iter().rev().collect();
    let flush = |w: &mut Writer, pending: &mut Vec<usize>| {
        while let Some(r) = pending.pop() {
            let row = &cmp.rows[r];
            w.moved(true, true, &row.a, &move_names[&r]);
            if let Some(next) = after.get(&r) {
                pending.extend(next.iter().rev());
            }
        }
    };
    flush(&mut w, &mut pending);
    for (r, row) in cmp.rows.iter().enumerate() {
        let key = row
            .b
            .first()
            .map(|&i| &b.segments[i].key)
            .or_else(|| row.a.first().map(|&i| &a.segments[i].key))
            .cloned()
            .unwrap_or_default();
        w.start_row(r, &key);
        if is_move(row) {
            w.moved(false, false, &row.b, &move_names[&r]);
        } else {
            let ta = if row.renumbered.is_none() {
                // Labels that differ but are not reported (renumbering ignored) are not tracked either.
                side_with_labels_of(a, &row.a, b, &row.b)
            } else {
                side(a, &row.a)
            };
            let tb = side(b, &row.b);
            if ta == tb {
                for (n, &i) in row.b.iter().enumerate() {
                    let seg = &b.segments[i];
                    w.text(OpKind::Equal, &segment_text(seg));
                    w.end_paragraph(&Writer::style(Some(seg)), None, n + 1 == row.b.len());
                }
            } else {
                w.changed(row, &ta, &tb);
            }
        }
        if let Some(next) = after.get(&r) {
            pending.extend(next.iter().rev());
            flush(&mut w, &mut pending);
        }
    }
    (w.out, w.dropped + dropped + dropped_date)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of one side of `ops`.
    fn side_of(ops: &[Op], skip: OpKind) -> String {
        ops.iter()
            .filter(|o| o.op != skip)
            .map(|o| o.text.as_str())
            .collect()
    }

    #[test]
    fn a_label_goes_with_the_break_before_it() {
        let (a, b) = (
            "1. He came.\n2. And they came into the country of Moab, and continued there.\n3. And Elimelech died.",
            "1. He came. And they came into the country of Moab, and continued there. And Elimelech died.",
        );
        for (x, y, kind) in [(a, b, OpKind::Delete), (b, a, OpKind::Insert)] {
            let ops = breaks_first(diff_words(x, y, WORD_DIFF_BUDGET).ops);
            let edits: Vec<&str> = ops
                .iter()
                .filter(|o| o.op == kind)
                .map(|o| o.text.as_str())
                .collect();
            assert_eq!(edits, ["\n2.", "\n3."], "{ops:?}");
            // The ops still rebuild both texts.
            assert_eq!(side_of(&ops, OpKind::Insert), x);
            assert_eq!(side_of(&ops, OpKind::Delete), y);
        }
    }

    #[test]
    fn bookmark_names_are_word_names() {
        assert_eq!(bookmark_name(3, "2¶3"), "emend_3_2_3");
        let long = bookmark_name(12345, "november-11-1945-telegram-via-vch-from-stalin");
        assert_eq!(long.len(), 40);
        assert!(long.starts_with("emend_12345_november"));
        assert!(bookmark_name(0, "преамбула¶7").is_ascii());
    }
}
