//! The N-way table of `emend compare`: terminal columns, JSON and Markdown.

use std::io::{self, Write};

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::SideLabel;
use super::terminal::{Painter, Palette, Role};
use crate::diff::{Cell, OpKind, Status, Table, side_text};
use crate::text::Document;
use crate::text::{shown_invisibles, visible};

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
                text: match o.op {
                    OpKind::Equal => visible(&o.text).replace('\n', " ¶ "),
                    _ => shown_invisibles(&visible(&o.text)).replace('\n', " ¶ "),
                },
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
///
/// Lines break where Unicode's line breaking rules (UAX #14) allow: after a
/// space, between two Chinese or Japanese characters, after a hyphen, but not
/// inside a Latin word set in Chinese text or before a closing mark. Spaces at
/// a break are dropped; a word longer than a line is cut between grapheme
/// clusters, never inside one. `marker` is the width a marked run adds (the
/// `[-`/`-]` of the plain palette).
fn wrap(spans: &[Span], width: usize, marker: usize) -> Vec<Line> {
    let mut all = String::new();
    // Where each span starts in `all`, and its mark.
    let mut marks: Vec<(usize, Option<Role>)> = Vec::with_capacity(spans.len());
    for span in spans {
        marks.push((all.len(), span.mark));
        all.push_str(&span.text);
    }
    let mut lines = Lines {
        lines: vec![Vec::new()],
        used: 0,
        width,
        marker,
    };
    let mut start = 0;
    for (end, _) in unicode_linebreak::linebreaks(&all) {
        let piece = &all[start..end];
        let content = start..start + piece.trim_end_matches(' ').len();
        let pieces = runs(&all, &marks, content.clone());
        if !content.is_empty() {
            let w: usize = pieces
                .iter()
                .map(|(t, m)| t.width() + if m.is_some() { marker } else { 0 })
                .sum();
            if lines.used > 0 && lines.used + w > width {
                lines.break_line();
            }
            for (text, mark) in pieces {
                lines.push_cut(text, mark);
            }
        }
        let spaces = end - content.end;
        if spaces > 0 && lines.used > 0 {
            // Spaces between two words of one marked span are marked with
            // them: one mark per run.
            let mark = mark_at(&marks, content.end);
            let mark = if end < all.len() && mark_at(&marks, end) == mark {
                mark
            } else {
                None
            };
            // Spaces that do not fit end the line, where they are not shown.
            if lines.fits(spaces, mark) {
                if mark.is_some() {
                    lines.push(&all[content.end..end], mark);
                } else {
                    // Unmarked spaces are this version's: a deleted one shown
                    // unmarked is a space it does not have (`[-¶-]  And`, for
                    // a paragraph break and its space deleted and a space
                    // inserted). One stays, to keep the words apart.
                    let kept: usize = runs(&all, &marks, content.end..end)
                        .iter()
                        .filter(|(_, m)| *m != Some(Role::Delete))
                        .map(|(t, _)| t.len())
                        .sum();
                    lines.push(&" ".repeat(kept.max(1)), None);
                }
            }
        }
        start = end;
    }
    lines.lines
}

/// The mark of the span that holds byte `at` of the cell's text.
fn mark_at(marks: &[(usize, Option<Role>)], at: usize) -> Option<Role> {
    let i = marks.partition_point(|(s, _)| *s <= at);
    marks[..i].last().and_then(|(_, m)| *m)
}

/// `range` of the cell's text cut where its spans' marks change.
fn runs<'a>(
    all: &'a str,
    marks: &[(usize, Option<Role>)],
    range: std::ops::Range<usize>,
) -> Vec<(&'a str, Option<Role>)> {
    let mut out = Vec::new();
    let mut at = range.start;
    while at < range.end {
        let i = marks.partition_point(|(s, _)| *s <= at);
        let next = marks.get(i).map_or(range.end, |(s, _)| (*s).min(range.end));
        out.push((&all[at..next], marks[i - 1].1));
        at = next;
    }
    out
}

/// The lines being filled, and the columns the last one uses.
struct Lines {
    lines: Vec<Line>,
    used: usize,
    width: usize,
    marker: usize,
}

impl Lines {
    fn break_line(&mut self) {
        self.lines.push(Vec::new());
        self.used = 0;
    }

    /// True when `width` columns marked `mark` fit on the last line, with
    /// the marker a new marked run adds.
    fn fits(&self, width: usize, mark: Option<Role>) -> bool {
        let continues = self
            .lines
            .last()
            .and_then(|line| line.last())
            .is_some_and(|(_, m)| *m == mark);
        let extra = if mark.is_some() && !continues {
            self.marker
        } else {
            0
        };
        self.used + extra + width <= self.width
    }

    /// Adds `text` to the last line as it is.
    fn push(&mut self, text: &str, mark: Option<Role>) {
        let Some(line) = self.lines.last_mut().filter(|_| !text.is_empty()) else {
            return;
        };
        match line.last_mut() {
            Some((t, m)) if *m == mark => t.push_str(text),
            _ => {
                if mark.is_some() {
                    self.used += self.marker;
                }
                line.push((text.to_string(), mark));
            }
        }
        self.used += text.width();
    }

    /// Adds `text`, starting new lines inside it where it does not fit.
    fn push_cut(&mut self, text: &str, mark: Option<Role>) {
        let extra = if mark.is_some() { self.marker } else { 0 };
        if self.used + extra + text.width() <= self.width {
            self.push(text, mark);
            return;
        }
        let mut piece = String::new();
        for g in text.graphemes(true) {
            if self.used + extra + piece.width() + g.width() > self.width
                && (!piece.is_empty() || self.used > 0)
            {
                self.push(&std::mem::take(&mut piece), mark);
                self.break_line();
            }
            piece.push_str(g);
        }
        self.push(&piece, mark);
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

    fn texts(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|(t, _)| t.as_str()).collect())
            .collect()
    }

    /// From the official Chinese translation of CC BY 4.0
    /// (`legal/cc-by/cc-by-4.0.zh-Hans.txt` in the corpus) and the Arabic one.
    #[test]
    fn lines_break_where_unicode_allows_and_never_inside_a_word() {
        let zh = "知识共享组织(“Creative Commons”，“知识共享”) 不是一家律师事务所，也不对外提供法律服务或建议。提供知识共享公共许可协议(Creative Commons Public License，以下缩写为CCPL)并不导致“律师—当事人”关系或其他法律关系的建立。";
        let lines = texts(&wrap(
            &[Span {
                text: zh.to_string(),
                mark: None,
            }],
            22,
            0,
        ));
        assert!(lines.iter().all(|l| l.width() <= 22), "{lines:?}");
        // Nothing is lost but the spaces at a break.
        assert_eq!(lines.concat().replace(' ', ""), zh.replace(' ', ""));
        // Where each line ends in the text: never between two letters of a
        // Latin word, never before a closing mark.
        let mut at = 0;
        for line in &lines[..lines.len() - 1] {
            at += zh[at..].find(line.trim_end()).expect("in order") + line.trim_end().len();
            let (before, after) = (zh[..at].chars().last(), zh[at..].chars().next());
            assert!(
                !(before.is_some_and(|c| c.is_ascii_alphabetic())
                    && after.is_some_and(|c| c.is_ascii_alphabetic())),
                "{lines:?}"
            );
            assert!(!zh[at..].starts_with(['，', '。', '”', ')']), "{lines:?}");
        }
        assert!(lines.iter().any(|l| l.contains("CCPL")), "{lines:?}");
        let ar = "مؤسسة المشاع الإبداعي لا تتحمل بأي شكل كان اية مسؤولية عن الأضرار";
        for width in 8..30 {
            let lines = texts(&wrap(
                &[Span {
                    text: ar.to_string(),
                    mark: None,
                }],
                width,
                0,
            ));
            let words: Vec<&str> = lines
                .iter()
                .flat_map(|l| l.split(' '))
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(
                words,
                ar.split(' ').collect::<Vec<_>>(),
                "width {width}: {lines:?}"
            );
        }
    }

    #[test]
    fn a_marked_word_keeps_its_mark_and_the_marker_width_across_lines() {
        let s = [
            Span {
                text: "the heaven and ".to_string(),
                mark: None,
            },
            Span {
                text: "the whole earth".to_string(),
                mark: Some(Role::Insert),
            },
            Span {
                text: "s were made.".to_string(),
                mark: None,
            },
        ];
        let lines = wrap(&s, 12, 4);
        for line in &lines {
            let w: usize = line
                .iter()
                .map(|(t, m)| t.width() + if m.is_some() { 4 } else { 0 })
                .sum();
            assert!(w <= 12, "{lines:?}");
        }
        let marked: String = lines
            .iter()
            .flatten()
            .filter(|(_, m)| m.is_some())
            .map(|(t, _)| t.as_str())
            .collect();
        assert_eq!(marked.replace(' ', ""), "thewholeearth");
        // "earth" and "s" are one word: never apart.
        let t = texts(&lines);
        assert!(t.iter().any(|l| l.contains("earths")), "{t:?}");
    }

    /// Ruth 1:1-2 in the KJV against the same verses as one paragraph: the
    /// paragraph break (shown `¶`) and a space deleted, a space inserted.
    #[test]
    fn spaces_never_widen_a_line_and_only_this_versions_show_unmarked() {
        let span = |text: &str, mark| Span {
            text: text.to_string(),
            mark,
        };
        let s = [
            span("and his two sons.", None),
            span(" ¶ ", Some(Role::Delete)),
            span(" ", Some(Role::Insert)),
            span("And the name of the man was Elimelech", None),
        ];
        let mut broke_after_sons = false;
        for width in 12..60 {
            let lines = wrap(&s, width, 4);
            for line in &lines {
                let w: usize = line
                    .iter()
                    .map(|(t, m)| t.width() + if m.is_some() { 4 } else { 0 })
                    .sum();
                assert!(w <= width, "width {width}: {lines:?}");
            }
            let t = texts(&lines).join("\n");
            assert!(!t.contains("¶  And"), "width {width}: {t:?}");
            assert!(t.contains("¶ And") || t.contains("¶\nAnd"), "{t:?}");
            broke_after_sons |= lines[0].last().is_some_and(|(t, _)| t.ends_with("sons."));
        }
        assert!(broke_after_sons, "some width breaks after the marked space");
    }

    #[test]
    fn markdown_cells_escape_pipes_and_markup() {
        assert_eq!(md_escape("a | b *c* <x>"), "a \\| b \\*c\\* \\<x\\>");
    }
}
