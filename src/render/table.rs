//! The N-way table of `emend compare`: terminal columns, JSON and Markdown.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::SideLabel;
use super::terminal::{Painter, Palette, Role};
use crate::diff::{Cell, OpKind, Status, Table, side_text};
use crate::text::Document;
use crate::text::visible;

/// One wrapped line of a cell: pieces of text, each marked or not.
type Line = Vec<(String, Option<Role>)>;

/// A piece of a cell's text, marked as inserted or deleted, or not.
struct Span {
    text: String,
    mark: Option<Role>,
}

/// The cell's text as spans: words the pivot lacks marked inserted, and
/// words of the pivot this version lacks marked deleted.
fn spans(doc: &Document, cell: &Cell) -> Vec<Span> {
    match &cell.ops {
        Some(ops) => ops
            .iter()
            .map(|o| Span {
                text: visible(&o.text).replace('\n', " ¶ "),
                mark: match o.op {
                    OpKind::Equal => None,
                    OpKind::Insert => Some(Role::Insert),
                    OpKind::Delete => Some(Role::Delete),
                },
            })
            .collect(),
        None => vec![Span {
            text: visible(&side_text(doc, &cell.segments)).replace('\n', " ¶ "),
            mark: None,
        }],
    }
}

/// Breaks spans into lines of at most `width` display columns, keeping marks.
/// Spaces at a line break are dropped; a word longer than a line is cut.
fn wrap(spans: &[Span], width: usize, marker: usize) -> Vec<Line> {
    let mut lines: Vec<Line> = vec![Vec::new()];
    let mut used = 0;
    for span in spans {
        let extra = if span.mark.is_some() { marker } else { 0 };
        let mut words = span.text.split_inclusive(' ').peekable();
        while let Some(word) = words.next() {
            let content = word.trim_end_matches(' ');
            let spaces = word.len() - content.len();
            if !content.is_empty() {
                let w = content.width() + extra;
                if used > 0 && used + w > width {
                    lines.push(Vec::new());
                    used = 0;
                }
                let mut piece = String::new();
                for c in content.chars() {
                    let cw = UnicodeWidthStr::width(c.encode_utf8(&mut [0; 4]) as &str);
                    if used + extra + piece.width() + cw > width && !piece.is_empty() {
                        push_piece(&mut lines, std::mem::take(&mut piece), span.mark);
                        lines.push(Vec::new());
                        used = 0;
                    }
                    piece.push(c);
                }
                used += piece.width() + extra;
                push_piece(&mut lines, piece, span.mark);
            }
            if spaces > 0 && used > 0 && used + spaces <= width {
                used += spaces;
                // Spaces between two marked words are marked with them: one mark per run.
                let mark = if words.peek().is_some() {
                    span.mark
                } else {
                    None
                };
                push_piece(&mut lines, " ".repeat(spaces), mark);
            }
        }
    }
    lines
}

fn push_piece(lines: &mut [Line], piece: String, marked: Option<Role>) {
    let Some(line) = lines.last_mut() else { return };
    match line.last_mut() {
        Some((text, m)) if *m == marked => text.push_str(&piece),
        _ => line.push((piece, marked)),
    }
}

/// Writes the table in columns that fit `width`, wrapped, marking in each
/// same-language column the words that differ from the first.
pub fn write_table_text(
    w: &mut dyn Write,
    painter: &Painter,
    labels: &[SideLabel],
    docs: &[&Document],
    table: &Table,
    width: usize,
) -> io::Result<()> {
    let n = labels.len().max(1);
    let col = (width.saturating_sub(3 * (n - 1)) / n).max(12);
    let marker = if painter.palette == Palette::Plain {
        4
    } else {
        0
    };
    let pad = |s: &str, used: usize| format!("{s}{}", " ".repeat(col.saturating_sub(used)));
    let header: Vec<String> = labels
        .iter()
        .map(|l| {
            let name = match &l.language {
                Some(lang) => format!("{} ({lang})", l.label),
                None => l.label.clone(),
            };
            let name: String = visible(&name).chars().take(col).collect();
            let used = name.width();
            painter.paint(Role::Header, &pad(&name, used))
        })
        .collect();
    writeln!(w, "{}", header.join(" │ ").trim_end())?;
    writeln!(w, "{}", vec!["─".repeat(col); n].join("─┼─"))?;
    for row in &table.rows {
        let keys = row.keys(docs);
        let differs = row.cells.iter().any(|c| {
            c.moved
                || !matches!(
                    c.status,
                    Some(Status::Unchanged) | Some(Status::Aligned) | None
                )
        });
        let mark = if differs { " ·" } else { "" };
        writeln!(
            w,
            "{}",
            painter.paint(Role::Key, &format!("@@ {}{mark}", visible(&keys)))
        )?;
        let wrapped: Vec<Vec<Line>> = row
            .cells
            .iter()
            .zip(docs)
            .map(|(c, d)| wrap(&spans(d, c), col, marker))
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(0);
        for line in 0..height {
            let mut parts = Vec::with_capacity(n);
            for cell_lines in &wrapped {
                let pieces = cell_lines.get(line).map(Vec::as_slice).unwrap_or(&[]);
                let mut text = String::new();
                let mut used = 0;
                for (piece, mark) in pieces {
                    match mark {
                        Some(role) => {
                            used += piece.width() + marker;
                            text.push_str(&painter.paint(*role, piece));
                        }
                        None => {
                            used += piece.width();
                            text.push_str(piece);
                        }
                    }
                }
                parts.push(pad(&text, used));
            }
            writeln!(w, "{}", parts.join(" │ ").trim_end())?;
        }
    }
    Ok(())
}

/// Escapes text for a Markdown table cell: pipes, and characters that start markup.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in visible(s).chars() {
        match c {
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '\\' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str(" ¶ "),
            _ => out.push(c),
        }
    }
    out
}

/// The table as a Markdown (GFM) table; differing words in bold.
pub fn table_markdown(labels: &[SideLabel], docs: &[&Document], table: &Table) -> String {
    let mut out = String::new();
    out.push_str("| key |");
    for l in labels {
        let name = match &l.language {
            Some(lang) => format!("{} ({lang})", l.label),
            None => l.label.clone(),
        };
        out.push_str(&format!(" {} |", md_escape(&name)));
    }
    out.push_str("\n|---|");
    for _ in labels {
        out.push_str("---|");
    }
    out.push('\n');
    for row in &table.rows {
        let keys = row.keys(docs);
        out.push_str(&format!("| {} |", md_escape(&keys)));
        for (c, d) in row.cells.iter().zip(docs) {
            let mut text = String::new();
            match &c.ops {
                Some(ops) => {
                    for o in ops {
                        let t = md_escape(&o.text);
                        let marker = match o.op {
                            OpKind::Insert => "**",
                            OpKind::Delete => "~~",
                            OpKind::Equal => "",
                        };
                        if !marker.is_empty() && !t.trim().is_empty() {
                            let lead = t.len() - t.trim_start().len();
                            let trail = t.trim_end().len();
                            text.push_str(&t[..lead]);
                            text.push_str(&format!("{marker}{}{marker}", &t[lead..trail]));
                            text.push_str(&t[trail..]);
                        } else if o.op != OpKind::Delete {
                            text.push_str(&t);
                        }
                    }
                }
                None => text.push_str(&md_escape(&side_text(d, &c.segments))),
            }
            out.push_str(&format!(" {text} |"));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_respects_width_and_wide_characters() {
        let s = [Span {
            text: "人人生而自由，在尊严和权利上一律平等。".to_string(),
            mark: None,
        }];
        for line in wrap(&s, 10, 0) {
            let w: usize = line.iter().map(|(t, _)| t.width()).sum();
            assert!(w <= 10, "{line:?}");
        }
        let s = [Span {
            text: "In the beginning God created the heaven and the earth.".to_string(),
            mark: None,
        }];
        let lines = wrap(&s, 20, 0);
        assert!(lines.len() >= 3);
        assert!(
            lines
                .iter()
                .all(|l| l.iter().map(|(t, _)| t.width()).sum::<usize>() <= 20)
        );
    }

    #[test]
    fn markdown_cells_escape_pipes_and_markup() {
        assert_eq!(md_escape("a | b *c* <x>"), "a \\| b \\*c\\* \\<x\\>");
    }
}
