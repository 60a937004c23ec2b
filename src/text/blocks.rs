//! A text's blocks as a CommonMark + GFM parser reads them.
//!
//! `pulldown-cmark` decides what is a heading (ATX or setext), a paragraph,
//! a list item, a block quote, code, a table, a footnote definition, a
//! thematic break or an HTML block; its source offsets give each block's span
//! and its text as written. The text of a block is the source with the
//! markers of its containers (`>`, a list item's indentation) left out and its
//! lines joined by `\n`; the first paragraph of a list item keeps the item's
//! marker in front (`- 1. As is`), so that point labels are read as before.
//!
//! Three rules keep plain text that is not Markdown working as it always has:
//! a paragraph that starts with a point label or a bullet is cut before every
//! later line that starts with a label (`(a) one` / `(b) two` on consecutive
//! lines are two points); an indented block every paragraph of which
//! starts with a point label is read as indented points, not as code (plain
//! outlines, and emend's own Word reader, nest points by indentation); and in a
//! text with no Markdown structure at all (no `#` heading, fence, pipe table or
//! HTML block: see [`super::layout`]), every indented block is read as plain
//! paragraphs, not as code (a licence's indented notes, a letter's indented
//! quotation), and a flush-left line of its own that is a numbered section title
//! (`Section 3 – License Conditions.`, `第3条 ライセンス利用条件`: see
//! [`numbered_title`]) is a heading, so that the points under it are keyed `3/a`,
//! where the text has two such titles or more.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use smallvec::{SmallVec, smallvec};

use super::label::{bullet_len, has_label, is_rule, numbered_title};
use super::points::PointLines;

/// What a block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum BlockKind {
    /// A heading of level 1-6 (ATX `#` or setext `===`/`---`).
    Heading(u8),
    Paragraph,
    /// Fenced or indented code: compared as text, never read as headings or labels.
    Code,
    /// An HTML block.
    Html,
    /// A thematic break (`---`, `***`), compared as `---` whatever its spelling.
    Break,
    /// One row of a table; `table` counts the document's tables from 0.
    TableRow {
        table: usize,
        first_cell: String,
    },
}

/// One block of the text, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Block {
    /// Byte range of the block as written (a list item's marker and a
    /// footnote's `[^label]:` included).
    pub span: Range<usize>,
    /// Columns of indentation of the line the block starts on.
    pub indent: usize,
    pub kind: BlockKind,
    /// The text as written, container markers left out, lines joined by `\n`.
    pub text: String,
    /// A point label may be read from the text (not in a block quote or a footnote).
    pub labels: bool,
    /// The label of the footnote definition that holds the block.
    pub footnote: Option<String>,
    /// The newlines before the block in the text its span counts in (its line, from 0;
    /// see [`number_lines`]).
    pub line: usize,
}

/// The parser's options: CommonMark with GFM tables, footnotes, strikethrough and task lists.
fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Where the next paragraph's span begins, when a container's marker comes first.
#[derive(Clone, Copy)]
struct Opening {
    at: usize,
    /// A list item: its marker belongs to the paragraph's text.
    item: bool,
}

/// A heading or paragraph being read: where its inline events start.
struct Leaf {
    heading: Option<u8>,
    range: Range<usize>,
    /// Where each inline event begins: a verse has one or two.
    starts: SmallVec<[usize; 4]>,
    opening: Option<Opening>,
    /// A paragraph the parser does not mark (the content of a tight list item).
    implicit: bool,
}

struct Reader<'s> {
    source: &'s str,
    blocks: Vec<Block>,
    quotes: usize,
    footnote: Option<String>,
    opening: Option<Opening>,
    leaf: Option<Leaf>,
    tables: usize,
    /// The row being read: its range and its cells' ranges.
    row: Option<(Range<usize>, Vec<Range<usize>>)>,
    /// Code or HTML being read: its range, whether it is indented code, and its content.
    verbatim: Option<(BlockKind, Range<usize>, bool, String)>,
    /// The text has no Markdown structure: indented blocks are paragraphs.
    plain: bool,
    /// The blocks read as numbered section titles of a plain text (see [`numbered_title`]).
    titles: Vec<usize>,
}

/// The blocks of `source`, in reading order, read as Markdown.
#[cfg(test)]
pub(super) fn blocks(source: &str) -> Vec<Block> {
    blocks_and_tables(source, false).0
}

/// The blocks of `source`, in reading order; when `plain` (the text has no Markdown
/// structure), its indented blocks are paragraphs, not code (see the module doc).
pub(super) fn blocks_of(source: &str, plain: bool) -> Vec<Block> {
    blocks_and_tables(source, plain).0
}

/// The newlines before byte offsets of a text, asked mostly in increasing order
/// (blocks come in reading order): those between one offset and the next are
/// counted once; an offset before the last is counted from the start.
pub(super) struct Newlines<'t> {
    bytes: &'t [u8],
    /// The last offset asked, and the newlines before it.
    at: usize,
    before: usize,
}

impl<'t> Newlines<'t> {
    pub fn new(text: &'t str) -> Newlines<'t> {
        Newlines {
            bytes: text.as_bytes(),
            at: 0,
            before: 0,
        }
    }

    /// The newlines before byte `at` (its line, counting from 0).
    pub fn before(&mut self, at: usize) -> usize {
        if at < self.at {
            (self.at, self.before) = (0, 0);
        }
        self.before += memchr::memchr_iter(b'\n', &self.bytes[self.at..at]).count();
        self.at = at;
        self.before
    }
}

/// Sets each block's [`Block::line`] in `text`.
pub(super) fn number_lines(text: &str, blocks: &mut [Block]) {
    let mut newlines = Newlines::new(text);
    for b in blocks {
        b.line = newlines.before(b.span.start);
    }
}

/// The blocks of `source` and how many tables it has; `plain` as for [`blocks_of`].
pub(super) fn blocks_and_tables(source: &str, plain: bool) -> (Vec<Block>, usize) {
    let mut reader = Reader {
        plain,
        titles: Vec::new(),
        source,
        blocks: Vec::new(),
        quotes: 0,
        footnote: None,
        opening: None,
        leaf: None,
        tables: 0,
        row: None,
        verbatim: None,
    };
    let mut events = Parser::new_ext(source, markdown_options()).into_offset_iter();
    for (event, range) in events.by_ref() {
        reader.event(event, range);
    }
    reader.close_implicit();
    let tables = reader.tables;
    let mut blocks = reader.blocks;
    // Section titles come in a series: one alone (`Attribution 2.0` over a licence) is
    // a paragraph.
    if reader.titles.len() < 2 {
        for &n in &reader.titles {
            blocks[n].kind = BlockKind::Paragraph;
            blocks[n].labels = true;
        }
    }
    // Link reference definitions produce no events; they stay paragraphs.
    let mut extra = false;
    for (_, def) in events.reference_definitions().iter() {
        let span = trimmed(source, def.span.clone());
        if span.is_empty() {
            continue;
        }
        extra = true;
        blocks.push(Block {
            indent: indent_at(source, span.start),
            text: source[span.clone()].to_string(),
            span,
            kind: BlockKind::Paragraph,
            labels: false,
            footnote: None,
            line: 0,
        });
    }
    if extra {
        blocks.sort_by_key(|b| b.span.start);
    }
    number_lines(source, &mut blocks);
    (blocks, tables)
}

impl Reader<'_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => {
                if let Some((_, _, _, content)) = &mut self.verbatim {
                    content.push_str(&text);
                } else {
                    self.inline(range);
                }
            }
            Event::Html(_) => {}
            Event::Code(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::TaskListMarker(_) => self.inline(range),
            Event::Rule => {
                self.close_implicit();
                self.opening = None;
                // `---`, `***` and `_ _ _` are the same break: compared as `---`.
                self.push_simple(BlockKind::Break, range);
                if let Some(last) = self.blocks.last_mut()
                    && last.kind == BlockKind::Break
                {
                    last.text = "---".to_string();
                }
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => {
                self.close_implicit();
                self.leaf = Some(Leaf {
                    heading: None,
                    range,
                    starts: SmallVec::new(),
                    opening: self.opening.take(),
                    implicit: false,
                });
            }
            Tag::Heading { level, .. } => {
                self.close_implicit();
                self.opening = None;
                self.leaf = Some(Leaf {
                    heading: Some(level as u8),
                    range,
                    starts: SmallVec::new(),
                    opening: None,
                    implicit: false,
                });
            }
            Tag::BlockQuote(_) => {
                self.close_implicit();
                self.opening = None;
                self.quotes += 1;
            }
            Tag::CodeBlock(kind) => {
                self.close_implicit();
                self.opening = None;
                let indented = matches!(kind, CodeBlockKind::Indented);
                self.verbatim = Some((BlockKind::Code, range, indented, String::new()));
            }
            Tag::HtmlBlock => {
                self.close_implicit();
                self.opening = None;
                self.verbatim = Some((BlockKind::Html, range, false, String::new()));
            }
            Tag::List(_) => self.close_implicit(),
            Tag::Item => {
                self.close_implicit();
                if self.opening.is_none() {
                    self.opening = Some(Opening {
                        at: range.start,
                        item: true,
                    });
                }
            }
            Tag::FootnoteDefinition(label) => {
                self.close_implicit();
                self.footnote = Some(label.to_string());
                self.opening = Some(Opening {
                    at: range.start,
                    item: false,
                });
            }
            Tag::Table(_) => {
                self.close_implicit();
                self.opening = None;
            }
            Tag::TableHead | Tag::TableRow => self.row = Some((range, Vec::new())),
            Tag::TableCell => {
                if let Some((_, cells)) = &mut self.row {
                    cells.push(range);
                }
            }
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.close_implicit(),
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. } => self.inline(range),
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => {
                if let Some(mut leaf) = self.leaf.take() {
                    leaf.range.end = leaf.range.end.max(range.end);
                    self.finish_leaf(leaf);
                }
            }
            TagEnd::BlockQuote(_) => {
                self.close_implicit();
                self.quotes = self.quotes.saturating_sub(1);
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock => {
                if let Some((kind, range, indented, content)) = self.verbatim.take() {
                    self.finish_verbatim(kind, range, indented, &content);
                }
            }
            TagEnd::Item | TagEnd::List(_) => {
                self.close_implicit();
                self.opening = None;
            }
            TagEnd::FootnoteDefinition => {
                self.close_implicit();
                self.footnote = None;
                self.opening = None;
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some((range, cells)) = self.row.take() {
                    self.push_row(range, &cells);
                }
            }
            TagEnd::Table => self.tables += 1,
            _ => {}
        }
    }

    /// An inline event: part of the open heading or paragraph, or the start
    /// of a paragraph the parser does not mark (a tight list item's text).
    fn inline(&mut self, range: Range<usize>) {
        if self.row.is_some() || self.verbatim.is_some() {
            return;
        }
        match &mut self.leaf {
            Some(leaf) => {
                leaf.starts.push(range.start);
                if leaf.implicit {
                    leaf.range.end = leaf.range.end.max(range.end);
                }
            }
            None => {
                self.leaf = Some(Leaf {
                    heading: None,
                    range: range.clone(),
                    starts: smallvec![range.start],
                    opening: self.opening.take(),
                    implicit: true,
                });
            }
        }
    }

    fn close_implicit(&mut self) {
        if self.leaf.as_ref().is_some_and(|l| l.implicit)
            && let Some(leaf) = self.leaf.take()
        {
            self.finish_leaf(leaf);
        }
    }

    fn push_simple(&mut self, kind: BlockKind, range: Range<usize>) {
        let span = trimmed(self.source, range);
        if span.is_empty() {
            return;
        }
        self.blocks.push(Block {
            indent: indent_at(self.source, span.start),
            text: self.source[span.clone()].to_string(),
            span,
            kind,
            labels: false,
            footnote: self.footnote.clone(),
            line: 0,
        });
    }

    fn push_row(&mut self, range: Range<usize>, cells: &[Range<usize>]) {
        let cell = |r: &Range<usize>| self.source[r.clone()].trim().to_string();
        let texts: Vec<String> = cells.iter().map(cell).collect();
        let span = trimmed(self.source, range);
        // The header's range may run on over the delimiter row: the row is its first line.
        let line_end = self.source[span.clone()]
            .find('\n')
            .map_or(span.end, |n| span.start + n);
        let span = trimmed(self.source, span.start..line_end);
        self.blocks.push(Block {
            indent: indent_at(self.source, span.start),
            span,
            kind: BlockKind::TableRow {
                table: self.tables,
                first_cell: texts.first().cloned().unwrap_or_default(),
            },
            text: texts.join(" | "),
            labels: false,
            footnote: self.footnote.clone(),
            line: 0,
        });
    }

    fn finish_verbatim(
        &mut self,
        kind: BlockKind,
        range: Range<usize>,
        indented: bool,
        content: &str,
    ) {
        let span = trimmed(self.source, range);
        if span.is_empty() {
            return;
        }
        if indented
            && self.quotes == 0
            && self.footnote.is_none()
            && (self.plain || indented_points(content))
        {
            // Plain text nesting points by indentation, or indented paragraphs of a text
            // that is not Markdown: read line by line as plain text.
            let from = line_start(self.source, span.start);
            self.blocks.extend(plain_blocks(
                self.source,
                from..span.end,
                self.footnote.clone(),
            ));
            return;
        }
        let text = if kind == BlockKind::Code {
            content.to_string()
        } else {
            self.source[span.clone()].to_string()
        };
        self.blocks.push(Block {
            indent: indent_at(self.source, span.start),
            span,
            kind,
            text,
            labels: false,
            footnote: self.footnote.clone(),
            line: 0,
        });
    }

    fn finish_leaf(&mut self, mut leaf: Leaf) {
        let source = self.source;
        let range = trimmed(source, leaf.range.clone());
        if range.is_empty() && leaf.opening.is_none() {
            return;
        }
        leaf.starts.sort_unstable();
        let quoted = self.quotes > 0;
        let mut lines = content_lines(source, range.clone(), &leaf.starts);
        if let Some(level) = leaf.heading {
            let raw = &source[range.clone()];
            let text = if raw.starts_with('#') {
                atx_text(raw.lines().next().unwrap_or_default()).to_string()
            } else {
                // Setext: the last line is the underline.
                lines.pop();
                join_lines(source, &lines)
            };
            let kind = if quoted {
                BlockKind::Paragraph
            } else {
                BlockKind::Heading(level)
            };
            let text = if quoted {
                join_lines(source, &lines)
            } else {
                text
            };
            let text = if quoted && text.is_empty() {
                raw.to_string()
            } else {
                text
            };
            self.blocks.push(Block {
                indent: indent_at(source, range.start),
                span: range,
                kind,
                text,
                labels: false,
                footnote: self.footnote.clone(),
                line: 0,
            });
            return;
        }
        let labels = !quoted && self.footnote.is_none();
        let opening = leaf.opening;
        // The item's marker, written before the paragraph, is part of its text.
        let marker = match opening {
            Some(o) if o.item && o.at < range.start => &source[o.at..range.start],
            _ => "",
        };
        let span_start = opening.map_or(range.start, |o| o.at.min(range.start));
        if lines.is_empty() {
            lines.push(range.clone());
        }
        if self.plain && opening.is_none() && lines.len() == 1 && is_rule(&source[range.clone()]) {
            // A line of `=` or `-` across a plain text's page parts it as `***` parts
            // Markdown: a break, not a paragraph counted among the others.
            self.blocks.push(Block {
                indent: indent_at(source, range.start),
                text: source[range.clone()].to_string(),
                span: range,
                kind: BlockKind::Break,
                labels: false,
                footnote: None,
                line: 0,
            });
            return;
        }
        if self.plain
            && labels
            && opening.is_none()
            && lines.len() == 1
            && indent_at(source, range.start) == 0
            && numbered_title(&source[range.clone()])
        {
            // `Section 3 – License Conditions.` on a line of its own in a plain text: a
            // heading, so the points under it are keyed `3/a`, as in Markdown.
            self.titles.push(self.blocks.len());
            self.blocks.push(Block {
                indent: 0,
                text: source[range.clone()].to_string(),
                span: range,
                kind: BlockKind::Heading(2),
                labels: false,
                footnote: None,
                line: 0,
            });
            return;
        }
        // Cut before labelled lines when the paragraph opens with a label or bullet.
        let first = source[lines[0].clone()].trim_start();
        let cut = labels && (!marker.is_empty() || bullet_len(first) > 0 || has_label(first));
        let mut pieces: SmallVec<[Range<usize>; 2]> = SmallVec::new();
        let mut from = 0;
        if cut {
            let mut points: Option<PointLines> = None;
            for (n, line) in lines.iter().enumerate().skip(1) {
                let line = &source[line.clone()];
                if !has_label(line) {
                    continue;
                }
                // Read the opening label only once a later line starts with one.
                let points =
                    points.get_or_insert_with(|| PointLines::new(&format!("{marker}{first}")));
                if !points.starts_point(&source[lines[n - 1].clone()], line) {
                    continue;
                }
                pieces.push(from..n);
                from = n;
            }
        }
        pieces.push(from..lines.len());
        for (p, piece) in pieces.into_iter().enumerate() {
            let part = &lines[piece];
            let (start, prefix) = if p == 0 {
                (span_start, marker)
            } else {
                (part[0].start, "")
            };
            let end = part.last().map_or(range.end, |l| l.end);
            let mut text = String::with_capacity(end - start);
            text.push_str(prefix);
            push_lines(&mut text, source, part);
            self.blocks.push(Block {
                indent: indent_at(source, start),
                span: start..end,
                kind: BlockKind::Paragraph,
                text,
                labels,
                footnote: self.footnote.clone(),
                line: 0,
            });
        }
    }
}

/// The text of an ATX heading line: `## Title ##` → `Title`.
fn atx_text(line: &str) -> &str {
    let text = line.trim().trim_start_matches('#').trim();
    let without = text.trim_end_matches('#');
    if without.len() < text.len() && (without.is_empty() || without.ends_with([' ', '\t'])) {
        without.trim_end()
    } else {
        text
    }
}

/// A block's lines: most blocks have one or a few, kept without an allocation.
type Lines = SmallVec<[Range<usize>; 4]>;

/// The lines of `range`, each from where its content starts (the first
/// inline event on it; the range's own start on the first line) to its end.
fn content_lines(source: &str, range: Range<usize>, starts: &[usize]) -> Lines {
    let mut lines = Lines::new();
    let mut line_start = range.start;
    while line_start < range.end {
        let line_end = source[line_start..range.end]
            .find('\n')
            .map_or(range.end, |n| line_start + n);
        let content = if line_start == range.start {
            line_start
        } else {
            let k = starts.partition_point(|&s| s < line_start);
            match starts.get(k) {
                Some(&s) if s < line_end => s,
                _ => line_start,
            }
        };
        let end = content + source[content..line_end].trim_end().len();
        if end > content {
            lines.push(content..end);
        }
        line_start = line_end + 1;
    }
    lines
}

fn join_lines(source: &str, lines: &[Range<usize>]) -> String {
    let mut out = String::new();
    push_lines(&mut out, source, lines);
    out
}

/// Appends the lines to `out`, joined by `\n`.
fn push_lines(out: &mut String, source: &str, lines: &[Range<usize>]) {
    for (n, l) in lines.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(&source[l.clone()]);
    }
}

/// `range` without the whitespace at its ends.
pub(super) fn trimmed(source: &str, range: Range<usize>) -> Range<usize> {
    let s = &source[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.start + s.trim_end().len();
    start..end.max(start)
}

pub(super) fn line_start(source: &str, at: usize) -> usize {
    source[..at].rfind('\n').map_or(0, |n| n + 1)
}

/// Columns of indentation of the line holding byte `at` (a tab counts to the next multiple of 4).
fn indent_at(source: &str, at: usize) -> usize {
    indent_width(&source[line_start(source, at)..])
}

pub(super) fn indent_width(line: &str) -> usize {
    let mut width = 0;
    for c in line.chars() {
        match c {
            ' ' => width += 1,
            '\t' => width += 4 - width % 4,
            _ => break,
        }
    }
    width
}

/// True when every paragraph of an indented block's content starts with a point label.
fn indented_points(content: &str) -> bool {
    let mut any = false;
    let mut at_start = true;
    for line in content.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            at_start = true;
            continue;
        }
        if at_start {
            if !has_label(trimmed) {
                return false;
            }
            any = true;
        }
        at_start = false;
    }
    any
}

/// Plain text cut into paragraphs line by line: blocks end at blank lines, and
/// a bullet, or a label inside a list, starts a new one.
pub(super) fn plain_blocks(
    source: &str,
    range: Range<usize>,
    footnote: Option<String>,
) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut current: Option<(Block, bool)> = None;
    // The current block's points so far, and its last line.
    let mut points = PointLines::new("");
    let mut before = "";
    let finish = |current: &mut Option<(Block, bool)>, blocks: &mut Vec<Block>| {
        if let Some((mut b, _)) = current.take() {
            b.text = source[b.span.clone()].to_string();
            blocks.push(b);
        }
    };
    let mut start = range.start;
    while start < range.end {
        let end = source[start..range.end]
            .find('\n')
            .map_or(range.end, |n| start + n);
        let line = &source[start..end];
        let body = line.trim_start();
        if body.trim().is_empty() {
            finish(&mut current, &mut blocks);
            start = end + 1;
            continue;
        }
        let content = start + (line.len() - body.len());
        let stop = start + line.trim_end().len();
        let bullet = bullet_len(body) > 0;
        let labelled = has_label(body);
        let cut = current.as_ref().is_some_and(|(_, list)| {
            bullet || (labelled && *list && points.starts_point(before, body))
        });
        if cut {
            finish(&mut current, &mut blocks);
        } else if current.is_none() {
            // A paragraph after a blank line: a list of its own.
            points = PointLines::new(body);
        }
        before = body;
        match current.as_mut() {
            Some((block, _)) => block.span.end = stop,
            None => {
                current = Some((
                    Block {
                        span: content..stop,
                        indent: indent_width(line),
                        kind: BlockKind::Paragraph,
                        text: String::new(),
                        labels: true,
                        footnote: footnote.clone(),
                        line: 0,
                    },
                    bullet || labelled,
                ))
            }
        }
        start = end + 1;
    }
    finish(&mut current, &mut blocks);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Vec<(BlockKind, String)> {
        blocks(source)
            .into_iter()
            .map(|b| (b.kind, b.text))
            .collect()
    }

    #[test]
    fn quote_markers_are_left_out() {
        let b = blocks("> A block\n> quote, re-wrapped\nlazily.\n");
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].text, "A block\nquote, re-wrapped\nlazily.");
        assert!(!b[0].labels);
    }

    #[test]
    fn fenced_code_is_one_block_and_no_heading() {
        let k = kinds("Intro.\n\n```\n# not a heading\n1. not a point\n```\n\nAfter.\n");
        assert_eq!(
            k[1],
            (BlockKind::Code, "# not a heading\n1. not a point\n".into())
        );
        assert_eq!(k.len(), 3);
    }

    #[test]
    fn setext_headings_and_breaks() {
        let k = kinds("Title\n=====\n\nText.\n\n---\n\nSub\n---\n");
        assert_eq!(k[0], (BlockKind::Heading(1), "Title".into()));
        assert_eq!(k[2], (BlockKind::Break, "---".into()));
        assert_eq!(k[3], (BlockKind::Heading(2), "Sub".into()));
    }

    #[test]
    fn table_rows_are_blocks() {
        let k = kinds("| Term | Fee |\n| --- | --- |\n| One year | 100 \\| 120 |\n");
        assert_eq!(k.len(), 2);
        assert_eq!(k[1].1, "One year | 100 \\| 120");
        assert!(
            matches!(&k[1].0, BlockKind::TableRow { table: 0, first_cell } if first_cell == "One year")
        );
    }

    #[test]
    fn list_items_keep_their_markers() {
        let b = blocks("- 1. One\n- 2. Two\n\n   Later.\n");
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["- 1. One", "- 2. Two", "Later."]);
        assert_eq!(b[1].span.start, 9);
    }

    #[test]
    fn labelled_lines_of_plain_text_are_cut() {
        let b = blocks("(a) one\n(b) two\nwrapped\n");
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["(a) one", "(b) two\nwrapped"]);
    }

    /// From the official plain text of CC BY 4.0, Section 2(a)(4), and a
    /// Markdown list wrapped the same way.
    #[test]
    fn a_reference_wrapped_onto_a_line_of_its_own_is_no_point() {
        let wrapped = "  4. Media and formats. For purposes of this Public License,\n     simply making modifications authorized by this Section 2(a)\n     (4) never produces Adapted Material.\n\n  5. Downstream recipients.\n";
        let b = blocks(wrapped);
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert!(
            texts[0].ends_with("Section 2(a)\n(4) never produces Adapted Material."),
            "{texts:?}"
        );
        // Points that follow one another, or after a finished clause, are still cut.
        for (text, n) in [
            ("(a) one\n(b) two\n(c) three\n", 3),
            ("1. first\n(a) sub\n(b) sub\n2. second\n", 4),
            ("1. The seller delivers the goods.\n3. The buyer pays.\n", 2),
            ("iv) four\nv) five\n", 2),
            ("2.3 Scope\n2.4 Terms\n", 2),
            ("а) первое\nб) второе\n", 2),
        ] {
            assert_eq!(blocks(text).len(), n, "{text:?}: {:?}", blocks(text));
        }
    }

    #[test]
    fn a_reference_wrapped_in_an_indented_plain_text_is_no_point() {
        let source = "Section 2 -- Scope.\n\n  a. License grant.\n\n       4. Media and formats. For purposes of this Public License,\n          simply making modifications authorized by this Section 2(a)\n          (4) never produces Adapted Material.\n\n       5. Downstream recipients.\n";
        let b = plain_blocks(source, 0..source.len(), None);
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts.len(), 4, "{texts:?}");
        assert!(
            texts[2].ends_with("(4) never produces Adapted Material."),
            "{texts:?}"
        );
        for (text, n) in [
            ("    1. first\n    (a) sub\n    (b) sub\n    2. second\n", 4),
            ("    (a) one\n    (b) two\n", 2),
            (
                "    1. The seller delivers the goods.\n    3. The buyer pays.\n",
                2,
            ),
            ("    1. Apples as in Article\n    5. of the contract\n", 1),
        ] {
            let b = plain_blocks(text, 0..text.len(), None);
            assert_eq!(b.len(), n, "{text:?}: {b:?}");
        }
    }
    #[test]
    fn indented_points_are_not_code() {
        let b = blocks(
            "1.2. Point.\n\n        (a) first;\n\n        (b) second.\n\nCode:\n\n    let x = 1;\n",
        );
        assert_eq!(b.len(), 5, "{b:?}");
        assert_eq!(b[1].indent, 8);
        assert_eq!(b[1].kind, BlockKind::Paragraph);
        assert_eq!(b[4].kind, BlockKind::Code);
    }

    #[test]
    fn footnotes_are_marked() {
        let b = blocks("Text.[^1]\n\n[^1]: As amended.\n");
        assert_eq!(b[1].footnote.as_deref(), Some("1"));
        assert_eq!(b[1].text, "As amended.");
        assert_eq!(b[1].span.start, 11);
    }
}
