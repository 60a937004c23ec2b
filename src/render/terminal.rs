//! The terminal form of diffs and documents: markers or colour, one row per change.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use rayon::prelude::*;

use super::{DiffView, SideLabel};
use crate::align::Mode;
use crate::diff::{Comparison, Op, OpKind, RowDiff, Status, Summary, side_text};
pub use crate::text::visible;
use crate::text::{Document, Dropped, Kind};

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
        if text.is_empty() {
            return String::new();
        }
        match self.palette {
            Palette::Plain => match role {
                Role::Delete => format!("[-{text}-]"),
                Role::Insert => format!("{{+{text}+}}"),
                _ => text.to_string(),
            },
            Palette::Color => {
                let style = role.style();
                format!("{}{text}{}", style.render(), style.render_reset())
            }
            Palette::Debug => format!("<<{}::{text}>>", role.name()),
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
    let mut out = String::new();
    let last = ops.len().saturating_sub(1);
    for (n, op) in ops.iter().enumerate() {
        let text = visible(&op.text);
        match op.op {
            OpKind::Equal => {
                let text = text.replace('\n', " ¶ ");
                let shown = if full {
                    text
                } else {
                    elide(&text, n > 0, n < last)
                };
                out.push_str(&shown);
            }
            OpKind::Delete => {
                out.push_str(&painter.paint(Role::Delete, &text.replace('\n', "¶")));
                if op.moved {
                    let later = ops[n..].iter().any(|o| {
                        o.moved && o.op == OpKind::Insert && o.text.trim() == op.text.trim()
                    });
                    let note = if later {
                        "(moved later)"
                    } else {
                        "(moved earlier)"
                    };
                    out.push_str(&painter.paint(Role::Dim, note));
                }
            }
            OpKind::Insert => {
                out.push_str(&painter.paint(Role::Insert, &text.replace('\n', "¶")));
                if op.moved {
                    out.push_str(&painter.paint(Role::Dim, "(moved here)"));
                }
            }
        }
    }
    out
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
fn elide(text: &str, keep_start: bool, keep_end: bool) -> String {
    let words: Vec<(usize, usize)> = word_spans(text);
    let keep = ELIDE_WORDS * (usize::from(keep_start) + usize::from(keep_end));
    if words.len() <= keep + 3 {
        return text.to_string();
    }
    let mut out = String::new();
    if keep_start {
        out.push_str(&text[..words[ELIDE_WORDS - 1].1]);
        out.push_str(" …");
    } else {
        out.push('…');
    }
    if keep_end {
        out.push(' ');
        out.push_str(&text[words[words.len() - ELIDE_WORDS].0..]);
    }
    out
}

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

/// Writes a document's segments, one per line: key, then text.
pub fn write_show(w: &mut dyn Write, painter: &Painter, doc: &Document) -> io::Result<()> {
    write_show_lines(w, painter, doc, false)
}

/// As [`write_show`], with the page furniture the reading left out where it
/// was in the text, each marked `dropped`, what it was and its line.
pub fn write_show_dropped(w: &mut dyn Write, painter: &Painter, doc: &Document) -> io::Result<()> {
    write_show_lines(w, painter, doc, true)
}

fn write_show_lines(
    w: &mut dyn Write,
    painter: &Painter,
    doc: &Document,
    dropped: bool,
) -> io::Result<()> {
    const DROPPED: &str = "dropped";
    let width = doc
        .segments
        .iter()
        .map(|s| s.key.chars().count())
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
    for s in &doc.segments {
        while let Some(d) = pending.next_if(|d| d.span.start < s.span.start) {
            write_dropped(w, d)?;
        }
        let key = visible(&s.key);
        let pad = width.saturating_sub(key.chars().count());
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

    #[test]
    fn plain_markers_and_debug_labels() {
        let p = Painter::new(Palette::Plain);
        assert_eq!(p.paint(Role::Delete, "old"), "[-old-]");
        assert_eq!(p.paint(Role::Insert, "new"), "{+new+}");
        let d = Painter::new(Palette::Debug);
        assert_eq!(d.paint(Role::Insert, "new"), "<<insert::new>>");
    }
}
