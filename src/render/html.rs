//! Self-contained HTML pages: a side-by-side diff for reviewers and a clean
//! reading page of one version.
//!
//! Every page is one HTML5 file with its CSS inline: no script, no font, no
//! image and no link to another host, and a Content-Security-Policy that
//! forbids loading anything at all, so a page can be mailed, archived or
//! opened offline and shows the same. All document text, titles and labels
//! are escaped; characters HTML does not allow in text (control characters
//! other than tab and newline, and Unicode noncharacters) are dropped and
//! counted, and the page says how many were dropped.

use std::collections::HashSet;

use super::SideLabel;
use super::terminal::summary_line;
use crate::align::Mode;
use crate::diff::{Comparison, Op, OpKind, RowDiff, Status, Table, side_text};
use crate::text::{Document, Kind, Segment};

/// True for characters that must not appear in HTML text: C0 controls other
/// than tab and newline, DEL, C1 controls, and Unicode noncharacters.
pub fn is_forbidden_in_html(c: char) -> bool {
    let n = c as u32;
    (c.is_control() && c != '\t' && c != '\n')
        || (0xFDD0..=0xFDEF).contains(&n)
        || (n & 0xFFFE) == 0xFFFE
}

/// Escapes `s` for HTML text and attribute values (`& < > " '`) and drops the
/// characters HTML does not allow (see [`is_forbidden_in_html`]). Returns the
/// escaped text and how many characters were dropped.
pub fn escape_html(s: &str) -> (String, usize) {
    let mut out = String::with_capacity(s.len() + 16);
    let dropped = push_escaped(&mut out, s);
    (out, dropped)
}

fn push_escaped(out: &mut String, s: &str) -> usize {
    let mut dropped = 0;
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_forbidden_in_html(c) => dropped += 1,
            c => out.push(c),
        }
    }
    dropped
}

/// Builds a page: raw markup and escaped text, counting dropped characters.
#[derive(Default)]
struct Html {
    out: String,
    dropped: usize,
}

impl Html {
    /// Markup written by this module (never document text).
    fn raw(&mut self, s: &str) -> &mut Self {
        self.out.push_str(s);
        self
    }

    /// Text or an attribute value from outside: escaped.
    fn text(&mut self, s: &str) -> &mut Self {
        self.dropped += push_escaped(&mut self.out, s);
        self
    }

    /// Document text in which `"\n"` is a paragraph break: shown as a ¶ mark and a line break.
    fn paragraphs(&mut self, s: &str) -> &mut Self {
        for (n, part) in s.split('\n').enumerate() {
            if n > 0 {
                self.raw(PARAGRAPH_MARK).raw("<br>");
            }
            self.text(part);
        }
        self
    }

    /// Deleted or inserted text. A change made only of spaces would be
    /// invisible, so each space is shown as `␣`.
    fn marked(&mut self, tag: &str, s: &str) -> &mut Self {
        if !s.is_empty() && s.chars().all(|c| c == ' ' || c == '\t') {
            let n = s.chars().count();
            let what = if n == 1 { "a space" } else { "spaces" };
            self.raw("<")
                .raw(tag)
                .raw(" class=\"ws\" title=\"")
                .raw(what)
                .raw("\">")
                .raw(&"␣".repeat(n))
                .raw("</")
                .raw(tag)
                .raw(">");
            return self;
        }
        self.raw("<").raw(tag).raw(">");
        self.paragraphs(s);
        self.raw("</").raw(tag).raw(">")
    }
}

const PARAGRAPH_MARK: &str = "<span class=\"pb\" title=\"paragraph break\">¶</span>";

/// The head of every page: charset, viewport, a policy that loads nothing, the title and the CSS.
fn head(h: &mut Html, lang: Option<&str>, title: &str, css: &str) {
    h.raw("<!DOCTYPE html>\n<html");
    if let Some(lang) = lang.filter(|l| !l.is_empty()) {
        h.raw(" lang=\"").text(lang).raw("\"");
    }
    h.raw(">\n<head>\n<meta charset=\"utf-8\">\n")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n")
        .raw("<meta name=\"referrer\" content=\"no-referrer\">\n")
        .raw("<meta name=\"generator\" content=\"emend ")
        .raw(env!("CARGO_PKG_VERSION"))
        .raw("\">\n<title>")
        .text(title)
        .raw("</title>\n<style>\n")
        .raw(css)
        .raw("</style>\n</head>\n");
}

/// Ids of the page's rows: each key once, whitespace replaced (HTML ids have none).
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
}

impl Ids {
    fn clean(key: &str) -> String {
        let id: String = key
            .chars()
            .map(|c| if c.is_whitespace() { '_' } else { c })
            .collect();
        if id.is_empty() { "_".to_string() } else { id }
    }

    /// Reserves `key` as an id; false when it is taken.
    fn reserve(&mut self, key: &str) -> bool {
        self.used.insert(Self::clean(key))
    }

    /// A free id: `key` itself, or `prefix-key`, `prefix-key-2`, ... when taken.
    fn fresh(&mut self, key: &str, prefix: &str) -> String {
        let id = Self::clean(key);
        if self.used.insert(id.clone()) {
            return id;
        }
        let base = format!("{prefix}-{id}");
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.used.insert(candidate.clone()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        candidate
    }
}

fn keys_of<'d>(doc: &'d Document, indices: &[usize]) -> Vec<&'d str> {
    indices
        .iter()
        .map(|&i| doc.segments[i].key.as_str())
        .collect()
}

/// One side of a comparison, for the page.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    A,
    B,
}

/// A side-by-side diff of two versions as one self-contained HTML page.
///
/// The header gives the title, both sides and the summary line. Then one
/// table row per comparison row: A's text on the left with deletions in
/// `<del>`, B's on the right with insertions in `<ins>`. Each row carries an
/// `id` equal to its B key (its A key when B is empty; `a-KEY` should that
/// clash with a B key), and its key is a link to it, so `page.html#2¶3`
/// points at a row. Split, merged, moved, added, removed and changed rows are
/// labelled; unchanged rows are shown dimmed and compact; rows of two
/// languages (`aligned`) show both texts without marks. A paragraph break
/// inside a row is shown as ¶. Below 700px the two columns stack.
pub fn diff_page(
    title: &str,
    a: &SideLabel,
    b: &SideLabel,
    da: &Document,
    db: &Document,
    cmp: &Comparison,
) -> String {
    // Every B key is a row's anchor; reserve them first so a row that exists
    // only in A never takes an id that a B key needs.
    let mut ids = Ids::default();
    for row in &cmp.rows {
        for key in keys_of(db, &row.b) {
            ids.reserve(key);
        }
    }

    let mut body = Html::default();
    let mut changes = Html::default();
    for row in &cmp.rows {
        let (id, keys) = write_row(&mut body, &mut ids, a, b, da, db, row);
        if row.moved || !matches!(row.status, Status::Unchanged | Status::Aligned) {
            // The header lists every change with a link to its row.
            changes
                .raw("<li><a href=\"#")
                .text(&id)
                .raw("\"><bdi>")
                .text(&keys)
                .raw("</bdi></a> ");
            if row.moved {
                changes.raw("moved, ");
            }
            changes.raw(row.status.name()).raw("</li>");
        }
    }

    let mut h = Html::default();
    let page_lang = b.language.as_deref().or(a.language.as_deref());
    head(&mut h, page_lang, title, DIFF_CSS);
    h.raw("<body>\n<header>\n<h1>").text(title).raw("</h1>\n");
    h.raw("<p class=\"sides\"><span class=\"side-a\">A</span> ");
    side_name(&mut h, a);
    h.raw(" <span class=\"arrow\">→</span> <span class=\"side-b\">B</span> ");
    side_name(&mut h, b);
    h.raw("</p>\n<p class=\"summary\">")
        .text(&summary_line(&cmp.summary))
        .raw("</p>\n");
    if cmp.mode == Mode::CrossLanguage {
        h.raw("<p class=\"note\">Different languages: rows are aligned by key, order and length, not compared word by word.</p>\n");
    } else {
        h.raw("<p class=\"legend\"><del>deleted</del> <ins>inserted</ins> ")
            .raw(PARAGRAPH_MARK)
            .raw(" paragraph break <del class=\"ws\" title=\"a space\">␣</del> space</p>\n");
    }
    if !changes.out.is_empty() {
        h.raw("<nav class=\"changes\" aria-label=\"changes\"><ul>")
            .raw(&changes.out)
            .raw("</ul></nav>\n");
    }
    let dropped = body.dropped + h.dropped;
    if dropped > 0 {
        h.raw("<p class=\"warning\">")
            .text(&format!(
                "{dropped} control character{} not allowed in HTML {} left out.",
                if dropped == 1 { "" } else { "s" },
                if dropped == 1 { "was" } else { "were" }
            ))
            .raw("</p>\n");
    }
    h.raw("</header>\n<main>\n<table class=\"diff\">\n<colgroup><col class=\"c-key\"><col class=\"c-a\"><col class=\"c-b\"></colgroup>\n");
    h.raw("<thead><tr><th scope=\"col\">key</th><th scope=\"col\">A ");
    side_name(&mut h, a);
    h.raw("</th><th scope=\"col\">B ");
    side_name(&mut h, b);
    h.raw("</th></tr></thead>\n<tbody>\n");
    h.raw(&body.out);
    h.raw("</tbody>\n</table>\n</main>\n</body>\n</html>\n");
    h.out
}

fn side_name(h: &mut Html, side: &SideLabel) {
    h.raw("<span class=\"label\">")
        .text(&side.label)
        .raw("</span>");
    if let Some(lang) = &side.language {
        h.raw(" <span class=\"lang\">(").text(lang).raw(")</span>");
    }
}

#[allow(clippy::too_many_arguments)]
fn write_row(
    h: &mut Html,
    ids: &mut Ids,
    la: &SideLabel,
    lb: &SideLabel,
    da: &Document,
    db: &Document,
    row: &RowDiff,
) -> (String, String) {
    let ka = keys_of(da, &row.a);
    let kb = keys_of(db, &row.b);
    // The row's own id; further B keys (a split row) get empty anchors of their own.
    let (id, main_keys) = if let Some(first) = kb.first() {
        (Ids::clean(first), &kb)
    } else if let Some(first) = ka.first() {
        (ids.fresh(first, "a"), &ka)
    } else {
        (ids.fresh("row", "row"), &kb)
    };

    let mut class = row.status.name().to_string();
    if row.moved {
        class.push_str(" moved");
    }
    h.raw("<tr class=\"")
        .raw(&class)
        .raw("\" id=\"")
        .text(&id)
        .raw("\">");

    // Key cell: the key as a link to the row, where it was in A, and labels.
    h.raw("<th scope=\"row\" class=\"key\">");
    for extra in kb.iter().skip(1) {
        h.raw("<span class=\"anchor\" id=\"")
            .text(&Ids::clean(extra))
            .raw("\"></span>");
    }
    // Keys may be in a right-to-left script: <bdi> keeps each in its own direction.
    h.raw("<a href=\"#").text(&id).raw("\"><bdi>");
    h.text(&main_keys.join(" + "));
    h.raw("</bdi></a>");
    if !ka.is_empty() && !kb.is_empty() && ka != kb {
        h.raw("<span class=\"was\">was <bdi>")
            .text(&ka.join(" + "))
            .raw("</bdi></span>");
    }
    let labelled = !matches!(row.status, Status::Unchanged | Status::Aligned);
    if labelled || row.moved {
        h.raw("<span class=\"tags\">");
        if row.moved {
            h.raw("<span class=\"tag tag-moved\">moved</span>");
        }
        if labelled {
            h.raw("<span class=\"tag tag-")
                .raw(row.status.name())
                .raw("\">")
                .raw(row.status.name())
                .raw("</span>");
        }
        if let Some(s) = row.similarity
            && row.status != Status::Unchanged
        {
            let pct = super::percent(s, false);
            h.raw("<span class=\"sim\" title=\"share of unchanged letters and digits\">")
                .text(&format!("{pct}%"))
                .raw("</span>");
        }
        h.raw("</span>");
    }
    if row.timed_out {
        h.raw("<span class=\"timeout\">word diff took too long: whole paragraphs replaced</span>");
    }
    h.raw("</th>");

    for (side, label, doc, indices) in [(Side::A, la, da, &row.a), (Side::B, lb, db, &row.b)] {
        h.raw("<td class=\"")
            .raw(if side == Side::A { "a" } else { "b" })
            .raw("\"");
        if let Some(lang) = &label.language {
            h.raw(" lang=\"").text(lang).raw("\"");
        }
        h.raw(">");
        // The side's name, shown only where the columns stack (phones). It has
        // its own direction so that the text's `dir="auto"` looks at the text only.
        h.raw("<span class=\"side\" dir=\"ltr\">");
        if row.status == Status::Unchanged && side == Side::B {
            h.raw("A = B");
        } else {
            h.raw(if side == Side::A { "A " } else { "B " })
                .text(&label.label);
        }
        h.raw("</span><div class=\"t\" dir=\"auto\">");
        if indices.is_empty() {
            h.raw("<span class=\"none\" title=\"nothing on this side\">—</span>");
        } else if let Some(ops) = &row.ops {
            side_ops(h, ops, side);
        } else {
            h.paragraphs(&side_text(doc, indices));
        }
        h.raw("</div></td>");
    }
    h.raw("</tr>\n");
    (id, main_keys.join(" + "))
}

/// One side of a row's word ops: A shows equal and deleted text, B equal and inserted.
fn side_ops(h: &mut Html, ops: &[Op], side: Side) {
    for op in ops {
        match (op.op, side) {
            (OpKind::Equal, _) => {
                h.paragraphs(&op.text);
            }
            (OpKind::Delete, Side::A) => {
                h.marked("del", &op.text);
            }
            (OpKind::Insert, Side::B) => {
                h.marked("ins", &op.text);
            }
            _ => {}
        }
    }
}

/// Many versions side by side (`emend compare`) as one self-contained HTML page.
///
/// One column per version, one row per aligned segment; in columns of the
/// first version's language the words that differ from it are marked
/// `<ins>`; other languages are aligned only. Each row's `id` is its key in
/// the first version (or in the first version that has it), so a reviewer can
/// link to `page.html#2¶3`. Below 700px the columns stack.
pub fn compare_page(
    title: &str,
    labels: &[SideLabel],
    docs: &[&Document],
    table: &Table,
) -> String {
    let mut ids = Ids::default();
    let mut body = Html::default();
    let mut differing = 0;
    for row in &table.rows {
        let keys = row.keys(docs);
        let first_key = keys.split(" + ").next().unwrap_or("row").to_string();
        let id = ids.fresh(&first_key, "row");
        let differs = row.cells.iter().skip(1).any(|c| {
            c.moved
                || !matches!(
                    c.status,
                    Some(Status::Unchanged) | Some(Status::Aligned) | None
                )
        });
        differing += usize::from(differs);
        body.raw("<tr class=\"")
            .raw(if differs { "differs" } else { "same" })
            .raw("\" id=\"")
            .text(&id)
            .raw("\"><th scope=\"row\" class=\"key\"><a href=\"#")
            .text(&id)
            .raw("\"><bdi>")
            .text(&keys)
            .raw("</bdi></a></th>");
        for ((cell, doc), label) in row.cells.iter().zip(docs).zip(labels) {
            body.raw("<td");
            if let Some(lang) = &label.language {
                body.raw(" lang=\"").text(lang).raw("\"");
            }
            body.raw("><span class=\"side\" dir=\"ltr\">")
                .text(&label.label)
                .raw("</span><div class=\"t\" dir=\"auto\">");
            if cell.segments.is_empty() {
                body.raw("<span class=\"none\" title=\"nothing in this version\">—</span>");
            } else if let Some(ops) = &cell.ops {
                for op in ops {
                    match op.op {
                        OpKind::Equal => {
                            body.paragraphs(&op.text);
                        }
                        OpKind::Insert => {
                            body.marked("ins", &op.text);
                        }
                        OpKind::Delete => {}
                    }
                }
            } else {
                body.paragraphs(&side_text(doc, &cell.segments));
            }
            if cell.moved {
                body.raw(" <span class=\"tag tag-moved\">moved</span>");
            }
            body.raw("</div></td>");
        }
        body.raw("</tr>\n");
    }
    let mut h = Html::default();
    head(
        &mut h,
        labels.first().and_then(|l| l.language.as_deref()),
        title,
        DIFF_CSS,
    );
    h.raw("<body>\n<header>\n<h1>")
        .text(title)
        .raw("</h1>\n<p class=\"sides\">");
    for (n, l) in labels.iter().enumerate() {
        if n > 0 {
            h.raw(" · ");
        }
        side_name(&mut h, l);
    }
    let summary = if table.same_language.iter().skip(1).any(|&s| s) {
        format!(
            "{} rows, {differing} with differences from {}",
            table.rows.len(),
            labels.first().map_or("", |l| l.label.as_str())
        )
    } else {
        format!("{} aligned rows", table.rows.len())
    };
    h.raw("</p>\n<p class=\"summary\">")
        .text(&summary)
        .raw("</p>\n<p class=\"legend\"><ins>words that differ from the first column</ins> ")
        .raw(PARAGRAPH_MARK)
        .raw(" paragraph break; columns in other languages are aligned only</p>\n");
    let dropped = body.dropped + h.dropped;
    if dropped > 0 {
        h.raw("<p class=\"warning\">")
            .text(&format!(
                "{dropped} control character(s) not allowed in HTML left out."
            ))
            .raw("</p>\n");
    }
    h.raw("</header>\n<main>\n<table class=\"diff compare\">\n<colgroup><col class=\"c-key\">");
    for _ in labels {
        h.raw("<col>");
    }
    h.raw("</colgroup>\n<thead><tr><th scope=\"col\">key</th>");
    for l in labels {
        h.raw("<th scope=\"col\">");
        side_name(&mut h, l);
        h.raw("</th>");
    }
    h.raw("</tr></thead>\n<tbody>\n");
    h.raw(&body.out);
    h.raw("</tbody>\n</table>\n</main>\n</body>\n</html>\n");
    h.out
}

/// One version as a clean reading page.
///
/// Headings become `<h1>`…`<h6>` by their level, paragraphs `<p>` with the
/// point label where the segment has one; every element's `id` is its key, and
/// the page's `lang` is `language`. `**bold**` in a segment is shown bold.
pub fn text_page(title: &str, language: &str, doc: &Document) -> String {
    let mut body = Html::default();
    for s in &doc.segments {
        write_segment(&mut body, s);
    }
    let mut h = Html::default();
    head(&mut h, Some(language), title, TEXT_CSS);
    h.raw("<body>\n<header><p class=\"doc-title\">")
        .text(title)
        .raw("</p></header>\n<main>\n");
    h.raw(&body.out);
    h.raw("</main>\n");
    let dropped = body.dropped + h.dropped;
    if dropped > 0 {
        h.raw("<footer><p class=\"warning\">")
            .text(&format!(
                "{dropped} control character{} not allowed in HTML {} left out.",
                if dropped == 1 { "" } else { "s" },
                if dropped == 1 { "was" } else { "were" }
            ))
            .raw("</p></footer>\n");
    }
    h.raw("</body>\n</html>\n");
    h.out
}

fn write_segment(h: &mut Html, s: &Segment) {
    let id = Ids::clean(&s.key);
    let tag = match s.kind {
        Kind::Heading => ["h1", "h2", "h3", "h4", "h5", "h6"][(s.level.clamp(1, 6) - 1) as usize],
        Kind::Paragraph => "p",
    };
    h.raw("<")
        .raw(tag)
        .raw(" id=\"")
        .text(&id)
        .raw("\" dir=\"auto\">");
    if let Some(label) = s
        .label
        .as_deref()
        .map(display_label)
        .filter(|l| !l.is_empty())
    {
        h.raw("<span class=\"point\">").text(label).raw("</span> ");
    }
    inline_text(h, &s.text);
    h.raw("<a class=\"self\" href=\"#")
        .text(&id)
        .raw("\" title=\"link to ")
        .text(&s.key)
        .raw("\">#</a>");
    h.raw("</").raw(tag).raw(">\n");
}

/// The point label without its list marker: `- 1.` is shown as `1.`.
fn display_label(label: &str) -> &str {
    label
        .trim_start_matches(|c: char| matches!(c, '-' | '*' | '+' | '•') || c.is_whitespace())
        .trim()
}

/// Segment text for reading: escaped, with balanced `**` pairs shown bold.
fn inline_text(h: &mut Html, text: &str) {
    let parts: Vec<&str> = text.split("**").collect();
    if parts.len() < 3 || parts.len().is_multiple_of(2) {
        h.paragraphs(text);
        return;
    }
    for (n, part) in parts.iter().enumerate() {
        if n % 2 == 1 {
            h.raw("<strong>").paragraphs(part).raw("</strong>");
        } else {
            h.paragraphs(part);
        }
    }
}

const DIFF_CSS: &str = r#":root { color-scheme: light; --del: #9f1239; --del-bg: #ffe4e6; --ins: #14532d; --ins-bg: #dcfce7; --dim: #5b6470; --rule: #d7dbe0; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", sans-serif; color: #1b1f24; background: #fff; }
header { padding: 1rem 1.25rem .75rem; border-bottom: 1px solid var(--rule); }
h1 { font-size: 1.35rem; margin: 0 0 .35rem; line-height: 1.25; }
header p { margin: .2rem 0; }
.sides .label { font-weight: 600; }
.sides .side-a, .sides .side-b { display: inline-block; min-width: 1.4em; padding: 0 .3em; border: 1px solid var(--rule); border-radius: 3px; font-size: .8em; text-align: center; color: var(--dim); }
.lang { color: var(--dim); }
.summary { font-weight: 600; }
.legend, .note { color: var(--dim); font-size: .9rem; }
.warning { color: #7c2d12; font-weight: 600; }
main { padding: 0 1.25rem 2rem; }
table.diff { width: 100%; border-collapse: collapse; table-layout: fixed; }
col.c-key { width: 9.5rem; }
thead th { text-align: left; font-size: .85rem; font-weight: 600; color: var(--dim); padding: .6rem .6rem .4rem; border-bottom: 2px solid var(--rule); }
tbody tr { border-bottom: 1px solid var(--rule); }
tbody th, tbody td { vertical-align: top; text-align: start; padding: .55rem .6rem; overflow-wrap: anywhere; }
td.a { border-right: 1px solid var(--rule); }
th.key { font-weight: normal; font-size: .8rem; }
th.key a { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: 600; color: #1d4ed8; text-decoration: none; overflow-wrap: anywhere; }
th.key a:hover, th.key a:focus { text-decoration: underline; }
.was { display: block; color: var(--dim); font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
.tags { display: block; margin-top: .25rem; }
.tag { display: inline-block; margin: 0 .25rem .2rem 0; padding: 0 .4em; border: 1px solid currentColor; border-radius: 3px; font-size: .75rem; font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
.tag-changed { color: #1e40af; }
.tag-added { color: var(--ins); }
.tag-removed { color: var(--del); }
.tag-split, .tag-merged { color: #6b21a8; }
.tag-moved { color: #92400e; border-style: dashed; }
.sim { color: var(--dim); font-size: .75rem; }
.timeout { display: block; color: #7c2d12; font-size: .75rem; }
del { color: var(--del); background: var(--del-bg); text-decoration: line-through; text-decoration-thickness: 2px; }
ins { color: var(--ins); background: var(--ins-bg); text-decoration: underline; text-decoration-thickness: 2px; text-underline-offset: 2px; }
del, ins { border-radius: 2px; padding: 0 1px; }
.pb { color: var(--dim); font-weight: 600; }
del .pb { color: var(--del); }
ins .pb { color: var(--ins); }
.ws { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: 700; padding: 0 .2em; }
nav.changes { font-size: .85rem; margin-top: .35rem; }
nav.changes ul { display: flex; flex-wrap: wrap; gap: .2rem .5rem; list-style: none; margin: 0; padding: 0; }
nav.changes li { color: var(--dim); }
nav.changes li::before { content: "→ "; }
nav.changes a { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: 600; color: #1d4ed8; text-decoration: none; }
.none { color: var(--dim); }
.side { display: none; }
tr.unchanged td, tr.unchanged th { padding-top: .3rem; padding-bottom: .3rem; }
tr.unchanged td { color: var(--dim); font-size: .88rem; line-height: 1.4; }
tr.aligned td { font-size: .95rem; }
tr.moved th.key { background: repeating-linear-gradient(135deg, transparent 0 6px, #fef3c7 6px 9px); }
tr:target th, tr:target td { background-color: #fffbea; }
table.compare td + td { border-left: 1px solid var(--rule); }
table.compare tr.same td { color: var(--dim); font-size: .9rem; }
tr:target th.key { box-shadow: inset 4px 0 0 #d97706; }
@media screen and (max-width: 700px) {
  body { font-size: 15px; }
  header { padding: .75rem .75rem .5rem; }
  main { padding: 0 .5rem 1.5rem; }
  table.diff, table.diff tbody, table.diff tr, table.diff th, table.diff td { display: block; width: auto; }
  table.diff thead, table.diff colgroup { display: none; }
  tbody tr { padding: .35rem 0 .5rem; }
  tbody th.key { padding: .2rem .25rem; }
  th.key .was, th.key .tags { display: inline; margin: 0 0 0 .5rem; }
  tbody td { padding: .25rem .25rem .25rem .6rem; border-left: 3px solid var(--rule); margin: .2rem 0 .2rem .25rem; }
  td.a { border-right: 0; border-left-color: #fda4af; }
  td.b { border-left-color: #86efac; }
  .side { display: block; font-size: .72rem; font-weight: 600; color: var(--dim); }
  tr.unchanged td.a { display: none; }
  tr.unchanged td.b { border-left-color: var(--rule); }
}
@media print {
  body { font-size: 10pt; }
  header { padding: 0 0 .5rem; }
  main { padding: 0; }
  thead { display: table-header-group; }
  tr, th, td { break-inside: avoid; page-break-inside: avoid; }
  del, ins { background: none; }
  th.key a { color: inherit; }
  tr.moved th.key { background: none; }
  tr:target th, tr:target td { background: none; box-shadow: none; }
}
"#;

const TEXT_CSS: &str = r#":root { color-scheme: light; }
body { margin: 0 auto; max-width: 44rem; padding: 1.25rem 1.25rem 3rem; font: 17px/1.6 Georgia, "DejaVu Serif", "Noto Serif", serif; color: #1b1f24; background: #fff; }
header .doc-title { margin: 0 0 1.5rem; font: 600 .85rem/1.3 system-ui, "DejaVu Sans", sans-serif; color: #5b6470; text-transform: uppercase; letter-spacing: .05em; }
h1, h2, h3, h4, h5, h6 { font-family: system-ui, "DejaVu Sans", sans-serif; line-height: 1.25; margin: 1.6em 0 .5em; }
h1 { font-size: 1.6rem; }
h2 { font-size: 1.35rem; }
h3 { font-size: 1.15rem; }
h4, h5, h6 { font-size: 1rem; }
p { margin: 0 0 .9em; overflow-wrap: anywhere; }
.point { font-weight: 600; margin-right: .2em; }
.pb { color: #5b6470; }
a.self { margin-left: .35em; color: #9aa3ad; text-decoration: none; font: .8em ui-monospace, "DejaVu Sans Mono", monospace; visibility: hidden; }
:hover > a.self, a.self:focus { visibility: visible; }
:target { background: #fffbea; }
.warning { color: #7c2d12; font-weight: 600; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  a.self { display: none; }
  h1, h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; }
  p { orphans: 3; widows: 3; }
  :target { background: none; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{CompareOptions, compare};
    use crate::text::segment;

    fn label(name: &str) -> SideLabel {
        SideLabel {
            label: name.to_string(),
            language: None,
        }
    }

    fn sample(version: &str) -> Document {
        let path = format!(
            "{}/translations/telegram-1945-11-11/{version}.md",
            env!("CARGO_MANIFEST_DIR")
        );
        segment(&crate::text::read_file(std::path::Path::new(&path)).expect("bundled sample"))
    }

    fn page(a: &str, b: &str) -> String {
        let (da, db) = (segment(a), segment(b));
        let cmp = compare(&da, &db, &CompareOptions::default());
        diff_page("T", &label("a"), &label("b"), &da, &db, &cmp)
    }

    /// No script and nothing the page could load or leave for: every link is a `#fragment`.
    fn assert_loads_nothing(html: &str) {
        let lower = html.to_lowercase();
        for bad in [
            "<script", "src=", "url(", "@import", "<link", "<iframe", "<img", "<object", "<embed",
            "<base",
        ] {
            assert!(!lower.contains(bad), "page contains {bad:?}");
        }
        for (n, _) in lower.match_indices("href=\"") {
            assert!(
                lower[n + 6..].starts_with('#'),
                "a link leaves the page: {}",
                &lower[n..]
            );
        }
    }

    /// [`assert_loads_nothing`], and for a text without URLs: no URL at all on the page.
    fn assert_self_contained(html: &str) {
        assert_loads_nothing(html);
        let lower = html.to_lowercase();
        for bad in ["http:", "https:", "//"] {
            assert!(!lower.contains(bad), "page contains {bad:?}");
        }
    }

    #[test]
    fn escaping_covers_the_five_characters_and_drops_controls() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom & 'Jerry'</a>"#),
            (
                "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;".to_string(),
                0
            )
        );
        assert_eq!(escape_html("&amp;"), ("&amp;amp;".to_string(), 0));
        assert_eq!(
            escape_html("a\u{0}b\u{1b}c\td\ne\u{7f}\u{85}\u{FFFE}"),
            ("abc\td\ne".to_string(), 5)
        );
    }

    #[test]
    fn document_text_is_shown_not_run() {
        let a = "1. Hello <script>alert(1)</script> &amp; \"q\" 'a'\n";
        let b = "1. Hello <script>alert(2)</script> &amp; \"q\" 'a'\n";
        let html = page(a, b);
        assert_self_contained(&html);
        assert!(html.contains("&lt;script&gt;alert("));
        assert!(html.contains("&amp;amp;"));
        assert!(html.contains("&quot;q&quot; &#39;a&#39;"));
        assert!(!html.contains("<script"));
        let text = text_page("<script>x</script>", "en\"", &segment(a));
        assert_self_contained(&text);
        assert!(text.contains("<title>&lt;script&gt;x&lt;/script&gt;</title>"));
        assert!(text.contains("lang=\"en&quot;\""));
        assert!(text.contains("Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;"));
    }

    #[test]
    fn quotes_in_keys_and_labels_are_escaped() {
        let a = "# Say \"hi\" & <go>\n\n1. one\n";
        let da = segment(a);
        let key = &da.segments[0].key;
        let cmp = compare(&da, &da, &CompareOptions::default());
        let weird = SideLabel {
            label: "v\"1'<b>".to_string(),
            language: Some("en\"><x".to_string()),
        };
        let html = diff_page("a \"title\"", &weird, &weird, &da, &da, &cmp);
        assert_self_contained(&html);
        assert!(html.contains("v&quot;1&#39;&lt;b&gt;"));
        assert!(html.contains("lang=\"en&quot;&gt;&lt;x\""));
        assert!(html.contains("<h1>a &quot;title&quot;</h1>"));
        assert!(!html.contains("<b>") && !html.contains("<x"));
        assert!(html.contains(&format!("id=\"{}\"", escape_html(key).0)));
        // A key that needs escaping (made up: real keys are slugs) stays escaped in ids and links.
        let mut doc = da.clone();
        doc.segments[1].key = "a\"b<c>&'d".to_string();
        let cmp = compare(&doc, &doc, &CompareOptions::default());
        let html = diff_page("t", &label("x"), &label("y"), &doc, &doc, &cmp);
        assert!(html.contains("id=\"a&quot;b&lt;c&gt;&amp;&#39;d\""));
        assert!(html.contains("href=\"#a&quot;b&lt;c&gt;&amp;&#39;d\""));
        let text = text_page("t", "en", &doc);
        assert!(text.contains("id=\"a&quot;b&lt;c&gt;&amp;&#39;d\""));
    }

    #[test]
    fn every_row_has_an_anchor_and_a_link_to_it() {
        let (da, db) = (sample("en-wilson"), sample("en-corrected"));
        let cmp = compare(&da, &db, &CompareOptions::default());
        let html = diff_page(
            "Telegram",
            &label("en-wilson"),
            &label("en-corrected"),
            &da,
            &db,
            &cmp,
        );
        // The telegram cites a web address as text; the page must not turn it into a link.
        assert_loads_nothing(&html);
        assert_eq!(html.matches("<tr class=").count(), cmp.rows.len());
        for row in &cmp.rows {
            let key = match row.b.first() {
                Some(&j) => &db.segments[j].key,
                None => &da.segments[row.a[0]].key,
            };
            let id = escape_html(key).0;
            assert!(
                html.contains(&format!("id=\"{id}\"")),
                "no anchor for {key}"
            );
            assert!(
                html.contains(&format!("<a href=\"#{id}\"><bdi>")),
                "no link to {key}"
            );
        }
        // Ids are unique.
        let ids: Vec<&str> = html
            .match_indices(" id=\"")
            .map(|(n, _)| html[n + 5..].split('"').next().unwrap())
            .collect();
        let unique: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(ids.len(), unique.len());
        let text = text_page("Telegram", "en", &db);
        for s in &db.segments {
            assert!(
                text.contains(&format!(" id=\"{}\"", escape_html(&s.key).0)),
                "no id for {}",
                s.key
            );
        }
    }

    #[test]
    fn a_real_change_is_marked_on_both_sides() {
        let (da, db) = (sample("en-wilson"), sample("en-corrected"));
        let cmp = compare(&da, &db, &CompareOptions::default());
        let html = diff_page(
            "Telegram",
            &label("en-wilson"),
            &label("en-corrected"),
            &da,
            &db,
            &cmp,
        );
        assert!(html.contains("<del>lapan</del>"));
        assert!(html.contains("<ins>Japan</ins>"));
        assert!(html.contains("<del>VcH</del>") && html.contains("<ins>VCh</ins>"));
        // The row of the change is anchored at its B key and says where it was in A.
        let row = html
            .lines()
            .find(|l| l.contains("<del>lapan</del>"))
            .expect("the lapan row");
        assert!(row.contains("id=\"2¶5\"") && row.contains("was <bdi>2¶6</bdi>"));
        assert!(row.contains("<ins>Japan</ins>"));
        assert!(html.contains("4 changed, 1 merged, 25 unchanged"));
    }

    #[test]
    fn a_merged_row_is_labelled_and_shows_the_paragraph_break() {
        let (da, db) = (sample("en-wilson"), sample("en-corrected"));
        let cmp = compare(&da, &db, &CompareOptions::default());
        let html = diff_page(
            "Telegram",
            &label("en-wilson"),
            &label("en-corrected"),
            &da,
            &db,
            &cmp,
        );
        let row = html
            .lines()
            .find(|l| l.starts_with("<tr class=\"merged\""))
            .expect("a merged row");
        assert!(row.contains("id=\"2¶3\""));
        assert!(row.contains("<span class=\"tag tag-merged\">merged</span>"));
        assert!(row.contains("was <bdi>2¶3 + 2¶4</bdi>"));
        assert!(row.contains(&format!("<del>{PARAGRAPH_MARK}<br></del>")));
        assert!(row.contains("<ins class=\"ws\" title=\"a space\">␣</ins>"));
    }

    #[test]
    fn added_removed_split_and_moved_rows_are_labelled() {
        let html = page(
            "1. One two three four five six.\n",
            "1. One two three four five six.\n\n2. Seven eight nine ten eleven.\n",
        );
        assert!(html.contains("<span class=\"tag tag-added\">added</span>"));
        assert!(html.contains("<ins>Seven eight nine ten eleven.</ins>"));
        let html = page(
            "1. One two three four five six.\n\n2. Seven eight nine ten eleven.\n",
            "1. One two three four five six.\n",
        );
        assert!(html.contains("<span class=\"tag tag-removed\">removed</span>"));
        assert!(html.contains("<del>Seven eight nine ten eleven.</del>"));
        let html = page(
            "Alpha beta gamma delta. Epsilon zeta eta theta.\n",
            "Alpha beta gamma delta.\n\nEpsilon zeta eta theta.\n",
        );
        assert!(html.contains("<span class=\"tag tag-split\">split</span>"));
        // Both B keys of the split row can be linked to.
        assert!(html.contains("<span class=\"anchor\" id=\""));
        let html = page(
            "Alpha beta gamma delta epsilon.\n\nZeta eta theta iota kappa.\n\nLambda mu nu xi omicron.\n",
            "Lambda mu nu xi omicron.\n\nAlpha beta gamma delta epsilon.\n\nZeta eta theta iota kappa.\n",
        );
        assert!(html.contains("<span class=\"tag tag-moved\">moved</span>"));
        assert!(html.contains("<tr class=\"unchanged moved\""));
    }

    #[test]
    fn cross_language_rows_show_both_texts_without_marks() {
        let root = env!("CARGO_MANIFEST_DIR");
        let en =
            segment(&std::fs::read_to_string(format!("{root}/translations/udhr/en.md")).unwrap());
        let zh =
            segment(&std::fs::read_to_string(format!("{root}/translations/udhr/zh.md")).unwrap());
        let cmp = compare(
            &en,
            &zh,
            &CompareOptions {
                mode: Some(Mode::CrossLanguage),
                ..Default::default()
            },
        );
        let a = SideLabel {
            label: "en".into(),
            language: Some("en".into()),
        };
        let b = SideLabel {
            label: "zh".into(),
            language: Some("zh".into()),
        };
        let html = diff_page("UDHR", &a, &b, &en, &zh, &cmp);
        assert_self_contained(&html);
        assert!(!html.contains("<del>") && !html.contains("<ins>"));
        assert!(html.contains("人人生而自由"));
        assert!(html.contains("<td class=\"b\" lang=\"zh\"><span class=\"side\" dir=\"ltr\">B zh</span><div class=\"t\" dir=\"auto\">"));
        assert!(html.contains("Different languages"));
    }

    #[test]
    fn dropped_characters_are_counted_on_the_page() {
        let html = page("1. a\u{7}b\n", "1. a\u{7}c\n");
        assert!(!html.contains('\u{7}'));
        assert!(html.contains("2 control characters not allowed in HTML were left out."));
        let text = text_page("t\u{1}", "en", &segment("x\u{2}y\n"));
        assert!(!text.contains('\u{1}') && !text.contains('\u{2}'));
        assert!(text.contains("3 control characters"));
    }

    #[test]
    fn reading_page_has_headings_labels_and_language() {
        let doc = segment(
            "# Title\n\n## Article 1\n\n- 1. First **bold** point.\n\nMore.\n\n#### Deep\n",
        );
        let html = text_page("My doc", "en-GB", &doc);
        assert_self_contained(&html);
        assert!(html.contains("<html lang=\"en-GB\">"));
        assert!(html.contains("<h1 id=\""));
        assert!(html.contains("<h2 id=\""));
        assert!(html.contains("<h4 id=\""));
        assert!(
            html.contains("<span class=\"point\">1.</span> First <strong>bold</strong> point.")
        );
        assert!(html.contains("<p id=\"1/1¶2\" dir=\"auto\">More."));
    }
}
