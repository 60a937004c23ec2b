//! The terminal form of diffs and documents: markers or colour, one row per change.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use rayon::prelude::*;

use super::{DiffView, SideLabel, columns};
use crate::align::Mode;
use crate::diff::{Comparison, Op, OpKind, RowDiff, Status, Summary, side_text};
pub use crate::text::visible;
use crate::text::{Document, Dropped, Kind, shown_invisibles};

/// How marked text is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Palette {
    /// `[-deleted-]{+inserted+}`, no escape codes.
    Plain,
    /// ANSI colours: deletions red and struck through, insertions green and underlined.
    Color,
    /// Style names in brackets (`<<delete::text>>`), for tests of coloured output.
    Debug,
}

/// What a piece of output is, which decides its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Delete,
    Insert,
    Header,
    Key,
    Dim,
    Warning,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Delete => "delete",
            Role::Insert => "insert",
            Role::Header => "header",
            Role::Key => "key",
            Role::Dim => "dim",
            Role::Warning => "warning",
        }
    }

    fn style(self) -> Style {
        match self {
            Role::Delete => Style::new()
                .fg_color(Some(AnsiColor::Red.into()))
                .strikethrough(),
            Role::Insert => Style::new()
                .fg_color(Some(AnsiColor::Green.into()))
                .underline(),
            Role::Header => Style::new().bold().fg_color(Some(AnsiColor::Cyan.into())),
            Role::Key => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
            Role::Dim => Style::new().dimmed(),
            Role::Warning => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
        }
    }
}

/// Draws text in a [`Palette`].
#[derive(Debug, Clone, Copy)]
pub struct Painter {
    pub palette: Palette,
}

impl Painter {
    pub fn new(palette: Palette) -> Painter {
        Painter { palette }
    }

    /// `text` drawn in `role`'s style. Document text must be passed through [`visible`] first.
    pub fn paint(&self, role: Role, text: &str) -> String {
        let mut out = String::new();
        self.paint_into(&mut out, role, text);
        out
    }

    /// [`Painter::paint`], written at the end of `out`.
    pub fn paint_into(&self, out: &mut String, role: Role, text: &str) {
        use std::fmt::Write as _;
        if text.is_empty() {
            return;
        }
        match self.palette {
            Palette::Plain => {
                let (open, close) = match role {
                    Role::Delete => ("[-", "-]"),
                    Role::Insert => ("{+", "+}"),
                    _ => ("", ""),
                };
                out.push_str(open);
                out.push_str(text);
                out.push_str(close);
            }
            Palette::Color => {
                let style = role.style();
                // Writing to a string cannot fail.
                let _ = write!(out, "{}{text}{}", style.render(), style.render_reset());
            }
            Palette::Debug => {
                let _ = write!(out, "<<{}::{text}>>", role.name());
            }
        }
    }
}

/// Options for the terminal form of a diff.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// Unchanged rows shown around each change.
    pub context: usize,
    /// Print whole paragraphs instead of eliding long unchanged stretches.
    pub full: bool,
    /// Say in each row's header why it was paired.
    pub explain: bool,
}

/// Words of unchanged text kept on each side of a change when eliding.
pub const ELIDE_WORDS: usize = 12;

/// "3 changed, 1 merged, 1 removed, 20 unchanged": the non-zero counts.
pub fn summary_line(s: &Summary) -> String {
    let parts: Vec<String> = [
        (s.changed, "changed"),
        (s.added, "added"),
        (s.removed, "removed"),
        (s.split, "split"),
        (s.merged, "merged"),
        (s.moved, "moved"),
        (s.renumbered, "renumbered"),
        (s.unchanged, "unchanged"),
        (s.aligned, "aligned"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, name)| format!("{n} {name}"))
    .collect();
    if parts.is_empty() {
        "no segments".to_string()
    } else {
        parts.join(", ")
    }
}

/// Writes the terminal form of a comparison.
pub fn write_diff(
    w: &mut dyn Write,
    painter: &Painter,
    view: &DiffView<'_>,
    options: &TextOptions,
) -> io::Result<()> {
    let DiffView {
        label_a: a_label,
        label_b: b_label,
        a,
        b,
        cmp,
    } = *view;
    let lang = |l: &SideLabel| {
        l.language
            .as_deref()
            .map(|x| format!(" ({})", visible(x)))
            .unwrap_or_default()
    };
    writeln!(
        w,
        "{}",
        painter.paint(
            Role::Header,
            &format!(
                "--- {}{}\n+++ {}{}",
                visible(&a_label.label),
                lang(a_label),
                visible(&b_label.label),
                lang(b_label)
            )
        )
    )?;
    if cmp.mode == Mode::CrossLanguage {
        writeln!(
            w,
            "{}",
            painter.paint(
                Role::Dim,
                "different languages: rows are aligned by key, order and length, not compared word by word"
            )
        )?;
    }
    let show = rows_to_show(cmp, options.context);
    let shown: Vec<usize> = (0..cmp.rows.len()).filter(|&n| show[n]).collect();
    let elided = painter.paint(Role::Dim, "⋮");
    // Batches of rows are drawn on all cores and written in order, so that
    // memory holds one batch of output, not the whole of it.
    for (k0, batch) in shown.chunks(4096).enumerate() {
        let chunks: Vec<io::Result<Vec<u8>>> = batch
            .par_chunks(256)
            .enumerate()
            .map(|(k1, rows)| {
                let mut buf = Vec::with_capacity(rows.len() * 256);
                for (k2, &n) in rows.iter().enumerate() {
                    // The row shown before this one, if any, and whether rows were skipped between.
                    let k = k0 * 4096 + k1 * 256 + k2;
                    let gap = match k.checked_sub(1).map(|p| shown[p]) {
                        Some(l) => l + 1 < n,
                        None => n > 0,
                    };
                    if gap {
                        writeln!(buf, "{elided}")?;
                    }
                    writeln!(buf)?;
                    write_row(&mut buf, painter, a, b, &cmp.rows[n], options)?;
                }
                Ok(buf)
            })
            .collect();
        for chunk in chunks {
            w.write_all(&chunk?)?;
        }
    }
    if shown.last().is_some_and(|&l| l + 1 < cmp.rows.len()) {
        writeln!(w, "{elided}")?;
    }
    writeln!(w)?;
    writeln!(w, "{}", summary_line(&cmp.summary))?;
    Ok(())
}

fn is_change(row: &RowDiff) -> bool {
    row.moved || row.renumbered.is_some() || row.status != Status::Unchanged
}

/// Which rows to print: every change, and `context` unchanged rows around each.
fn rows_to_show(cmp: &Comparison, context: usize) -> Vec<bool> {
    let n = cmp.rows.len();
    let mut show = vec![false; n];
    for (k, row) in cmp.rows.iter().enumerate() {
        if is_change(row) {
            let from = k.saturating_sub(context);
            let to = (k + context).min(n.saturating_sub(1));
            for s in show.iter_mut().take(to + 1).skip(from) {
                *s = true;
            }
        }
    }
    show
}

fn keys(doc: &Document, indices: &[usize]) -> String {
    indices
        .iter()
        .map(|&i| doc.segments[i].key.as_str())
        .collect::<Vec<_>>()
        .join(" + ")
}

fn row_header(
    painter: &Painter,
    a: &Document,
    b: &Document,
    row: &RowDiff,
    explain: bool,
) -> String {
    let ka = keys(a, &row.a);
    let kb = keys(b, &row.b);
    let place = match (row.a.is_empty(), row.b.is_empty()) {
        (true, _) => kb,
        (_, true) => ka,
        _ if ka == kb => ka,
        _ => format!("{ka} → {kb}"),
    };
    let mut status = row.status.name().to_string();
    if let Some(r) = &row.renumbered {
        status = format!(
            "renumbered {} → {}, {status}",
            label_or_none(&r.a),
            label_or_none(&r.b)
        );
    }
    if row.moved {
        status = format!("moved, {status}");
    }
    let mut header = format!("@@ {} · {status}", visible(&place));
    if let Some(s) = row.similarity
        && row.status != Status::Unchanged
    {
        header.push_str(&format!(" · {}%", super::percent(s, false)));
    }
    if let Some(why) = row.paired_by.filter(|_| explain) {
        header.push_str(" · paired by ");
        header.push_str(why.name());
    }
    painter.paint(Role::Header, &header)
}

/// A label for display; a side without one is shown as `(none)`.
pub fn label_or_none(label: &str) -> &str {
    if label.is_empty() { "(none)" } else { label }
}

fn write_row(
    w: &mut dyn Write,
    painter: &Painter,
    a: &Document,
    b: &Document,
    row: &RowDiff,
    options: &TextOptions,
) -> io::Result<()> {
    writeln!(w, "{}", row_header(painter, a, b, row, options.explain))?;
    if let Some(ops) = &row.ops {
        if row.timed_out {
            writeln!(
                w,
                "{}",
                painter.paint(
                    Role::Warning,
                    "(word diff took too long: shown as a whole-paragraph replacement)"
                )
            )?;
        }
        writeln!(w, "{}", marked_text(painter, ops, options.full))?;
        return Ok(());
    }
    match row.status {
        Status::Unchanged => {
            let text = side_text(b, &row.b);
            writeln!(
                w,
                "{}",
                painter.paint(Role::Dim, &elide_plain(&visible(&text), options.full))
            )?;
        }
        _ => {
            // Aligned rows of two languages: both texts, one under the other.
            for (doc, side, tag) in [(a, &row.a, "A"), (b, &row.b, "B")] {
                if side.is_empty() {
                    writeln!(
                        w,
                        "{} {}",
                        painter.paint(Role::Key, tag),
                        painter.paint(Role::Dim, "(nothing)")
                    )?;
                    continue;
                }
                let text = side_text(doc, side).replace('\n', " ¶ ");
                writeln!(w, "{} {}", painter.paint(Role::Key, tag), visible(&text))?;
            }
        }
    }
    Ok(())
}

/// The row's text with deletions and insertions marked, long unchanged
/// stretches shortened to [`ELIDE_WORDS`] words around each change.
pub fn marked_text(painter: &Painter, ops: &[Op], full: bool) -> String {
    // Written into one string: a Bible's diff marks some 200,000 ops. Room
    // for all of their text and a mark around each, so that it need not grow
    // (eliding only shortens it).
    let room = ops.iter().map(|o| o.text.len() + 4).sum();
    let mut out = String::with_capacity(room);
    let last = ops.len().saturating_sub(1);
    for (n, op) in ops.iter().enumerate() {
        let text = visible(&op.text);
        match op.op {
            OpKind::Equal => {
                let text = lines_marked(&text, " ¶ ");
                if full {
                    out.push_str(&text);
                } else {
                    elide_into(&mut out, &text, n > 0, n < last);
                }
            }
            OpKind::Delete => {
                let text = shown_invisibles(&text);
                painter.paint_into(&mut out, Role::Delete, &lines_marked(&text, "¶"));
                if op.moved {
                    let later = ops[n..].iter().any(|o| {
                        o.moved && o.op == OpKind::Insert && o.text.trim() == op.text.trim()
                    });
                    let note = if later {
                        "(moved later)"
                    } else {
                        "(moved earlier)"
                    };
                    painter.paint_into(&mut out, Role::Dim, note);
                }
            }
            OpKind::Insert => {
                let text = shown_invisibles(&text);
                painter.paint_into(&mut out, Role::Insert, &lines_marked(&text, "¶"));
                if op.moved {
                    painter.paint_into(&mut out, Role::Dim, "(moved here)");
                }
            }
        }
    }
    out
}

/// `text` with each line end shown as `mark` (a copy only where there is one).
fn lines_marked<'t>(text: &'t str, mark: &str) -> std::borrow::Cow<'t, str> {
    if memchr::memchr(b'\n', text.as_bytes()).is_some() {
        std::borrow::Cow::Owned(text.replace('\n', mark))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

fn elide_plain(text: &str, full: bool) -> String {
    if full {
        text.to_string()
    } else {
        elide(text, true, false)
    }
}

/// Keeps [`ELIDE_WORDS`] words at the start (when a change precedes) and at the
/// end (when a change follows) of an unchanged stretch, with `…` between.
/// Words are runs of characters other than white space.
fn elide(text: &str, keep_start: bool, keep_end: bool) -> String {
    let mut out = String::new();
    elide_into(&mut out, text, keep_start, keep_end);
    out
}

/// [`elide`], written at the end of `out`. Only the words kept, and whether
/// there are more than the stretch may show whole, are looked for.
fn elide_into(out: &mut String, text: &str, keep_start: bool, keep_end: bool) {
    let keep = ELIDE_WORDS * (usize::from(keep_start) + usize::from(keep_end));
    let more = match ascii_word_count(text) {
        Some(n) => n > keep + 3,
        None => word_ends(text).nth(keep + 3).is_some(),
    };
    if !more {
        out.push_str(text);
        return;
    }
    if keep_start {
        let end = word_ends(text).nth(ELIDE_WORDS - 1).unwrap_or(text.len());
        out.push_str(&text[..end]);
        out.push_str(" …");
    } else {
        out.push('…');
    }
    if keep_end {
        out.push(' ');
        out.push_str(&text[nth_word_start_from_end(text, ELIDE_WORDS)..]);
    }
}

/// How many words an ASCII `text` has (`None` if it is not ASCII), counted
/// as the places where a word starts, in one pass that runs on vector
/// registers: most unchanged stretches are shown whole, and this is all that
/// is needed to know it.
fn ascii_word_count(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    if !text.is_ascii() {
        return None;
    }
    let first = b.first().map_or(0, |&c| usize::from(!ascii_white(c)));
    let starts = b
        .iter()
        .zip(&b[1.min(b.len())..])
        .map(|(&x, &y)| usize::from(ascii_white(x) & !ascii_white(y)))
        .sum::<usize>();
    Some(first + starts)
}

/// `char::is_whitespace` of an ASCII byte: tab to carriage return, and space.
fn ascii_white(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

/// Where each word of `text` ends, in order.
fn word_ends(text: &str) -> WordEnds<'_> {
    WordEnds {
        text,
        at: 0,
        in_word: false,
    }
}

/// The iterator of [`word_ends`]. It reads bytes, decoding a character only
/// where a byte is not ASCII: the unchanged text of every row of a diff goes
/// through it.
struct WordEnds<'t> {
    text: &'t str,
    /// The next byte to read; past the end once the last word is given.
    at: usize,
    in_word: bool,
}

impl Iterator for WordEnds<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.at) {
            let (white, len) = if b.is_ascii() {
                (ascii_white(b), 1)
            } else {
                let c = self.text[self.at..].chars().next().unwrap_or_default();
                (c.is_whitespace(), c.len_utf8())
            };
            let at = self.at;
            self.at += len;
            let ended = self.in_word && white;
            self.in_word = !white;
            if ended {
                return Some(at);
            }
        }
        if self.in_word {
            self.in_word = false;
            return Some(bytes.len());
        }
        None
    }
}

/// Where the `n`th word from the end of `text` starts (`n` from 1); 0 when
/// there are fewer.
fn nth_word_start_from_end(text: &str, n: usize) -> usize {
    let (mut count, mut start, mut in_word) = (0, 0, false);
    for (i, c) in text.char_indices().rev() {
        if c.is_whitespace() {
            if in_word && count == n {
                return start;
            }
            in_word = false;
        } else {
            if !in_word {
                count += 1;
                in_word = true;
            }
            start = i;
        }
    }
    start
}

/// Writes a document's segments, one per line: key, then text.
pub fn write_show(w: &mut dyn Write, painter: &Painter, doc: &Document) -> io::Result<()> {
    write_show_lines(w, painter, doc, false, &|_| true)
}

/// As [`write_show`], for the segments whose keys `keep` holds (a chapter of a long text).
pub fn write_show_kept(
    w: &mut dyn Write,
    painter: &Painter,
    doc: &Document,
    keep: &dyn Fn(&str) -> bool,
) -> io::Result<()> {
    write_show_lines(w, painter, doc, false, keep)
}

/// As [`write_show`], with the page furniture the reading left out where it
/// was in the text, each marked `dropped`, what it was and its line.
pub fn write_show_dropped(w: &mut dyn Write, painter: &Painter, doc: &Document) -> io::Result<()> {
    write_show_lines(w, painter, doc, true, &|_| true)
}

fn write_show_lines(
    w: &mut dyn Write,
    painter: &Painter,
    doc: &Document,
    dropped: bool,
    keep: &dyn Fn(&str) -> bool,
) -> io::Result<()> {
    const DROPPED: &str = "dropped";
    let width = doc
        .segments
        .iter()
        .filter(|s| keep(&s.key))
        .map(|s| columns(&visible(&s.key)))
        .chain(dropped.then_some(DROPPED.len()))
        .max()
        .unwrap_or(0)
        .min(28);
    let mut pending = doc.dropped.iter().filter(|_| dropped).peekable();
    let write_dropped = |w: &mut dyn Write, d: &Dropped| {
        let text: Vec<&str> = doc.source[d.span.clone()].split_whitespace().collect();
        let what = format!("[{}, line {}]", d.what.name(), d.line);
        let line = if text.is_empty() {
            what
        } else {
            format!("{what} {}", text.join(" "))
        };
        writeln!(
            w,
            "{}{}  {}",
            painter.paint(Role::Dim, DROPPED),
            " ".repeat(width.saturating_sub(DROPPED.len())),
            painter.paint(Role::Dim, &visible(&line))
        )
    };
    for s in doc.segments.iter().filter(|s| keep(&s.key)) {
        while let Some(d) = pending.next_if(|d| d.span.start < s.span.start) {
            write_dropped(w, d)?;
        }
        let key = visible(&s.key);
        let pad = width.saturating_sub(columns(&key));
        let text = match s.kind {
            Kind::Heading => format!("{} {}", "#".repeat(s.level as usize), s.text),
            _ => s.text.to_string(),
        };
        writeln!(
            w,
            "{}{}  {}",
            painter.paint(Role::Key, &key),
            " ".repeat(pad),
            visible(&text)
        )?;
    }
    for d in pending {
        write_dropped(w, d)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_unchanged_text_is_elided_around_changes() {
        let words: Vec<String> = (1..=40).map(|n| format!("w{n}")).collect();
        let text = words.join(" ");
        let e = elide(&text, true, true);
        assert!(e.starts_with("w1 w2"));
        assert!(e.contains("w12 … w29"));
        assert!(e.ends_with("w40"));
        assert_eq!(elide("short text", true, true), "short text");
        assert!(elide(&text, false, true).starts_with("… w29"));
    }

    /// Word spans as the elision counted them when it listed every word.
    fn word_spans(text: &str) -> Vec<(usize, usize)> {
        let mut spans = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            if c.is_whitespace() {
                if let Some(s) = start.take() {
                    spans.push((s, i));
                }
            } else if start.is_none() {
                start = Some(i);
            }
        }
        if let Some(s) = start {
            spans.push((s, text.len()));
        }
        spans
    }

    proptest::proptest! {
        /// Looking only for the words kept elides as listing every word does.
        #[test]
        fn the_elision_keeps_the_words_every_word_listed_would(
            words in proptest::collection::vec(
                "[a-z¶…𝔸]{1,3}|[ \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{2028}\u{3000}]{1,2}",
                0..80,
            ),
            keep_start in proptest::bool::ANY,
            keep_end in proptest::bool::ANY,
        ) {
            let text = words.concat();
            let spans = word_spans(&text);
            let keep = ELIDE_WORDS * (usize::from(keep_start) + usize::from(keep_end));
            let expected = if spans.len() <= keep + 3 {
                text.clone()
            } else {
                let mut out = String::new();
                if keep_start {
                    out.push_str(&text[..spans[ELIDE_WORDS - 1].1]);
                    out.push_str(" …");
                } else {
                    out.push('…');
                }
                if keep_end {
                    out.push(' ');
                    out.push_str(&text[spans[spans.len() - ELIDE_WORDS].0..]);
                }
                out
            };
            let ends: Vec<usize> = spans.iter().map(|s| s.1).collect();
            proptest::prop_assert_eq!(word_ends(&text).collect::<Vec<_>>(), ends);
            if text.is_ascii() {
                proptest::prop_assert_eq!(ascii_word_count(&text), Some(spans.len()));
            }
            proptest::prop_assert_eq!(elide(&text, keep_start, keep_end), expected);
        }
    }

    #[test]
    fn plain_markers_and_debug_labels() {
        let p = Painter::new(Palette::Plain);
        assert_eq!(p.paint(Role::Delete, "old"), "[-old-]");
        assert_eq!(p.paint(Role::Insert, "new"), "{+new+}");
        let d = Painter::new(Palette::Debug);
        assert_eq!(d.paint(Role::Insert, "new"), "<<insert::new>>");
    }
}
