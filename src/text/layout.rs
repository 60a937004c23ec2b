//! Plain text read by its layout: pages, titles and tables of contents.
//!
//! A text is read this way, instead of by the Markdown parser, when it is
//! plain text laid out for print, which emend decides from the text alone:
//!
//! - a text with Markdown structure (a `#` heading at the start of a line, a
//!   fenced code block, a pipe table's delimiter row) is Markdown, whatever
//!   else it holds, and is never read this way: a Markdown file never loses a
//!   line as page furniture;
//! - otherwise a text with pages ([`super::pages`]) is read this way, and so
//!   is one whose paragraphs are indented under unindented titles (an RFC
//!   without pages): at least two titles, and at least two thirds of the
//!   other blocks indented, most of them not numbered points.
//!
//! The reading: blocks end at blank lines (a bullet, or a label inside a
//! list, starts a new one, as in any plain text); page furniture is left out
//! and a paragraph cut by a page is one paragraph again when the text before
//! the break does not end a sentence and the text after it does not start a
//! new block (a label, a bullet, another indentation); a table of contents
//! (lines ending in dot leaders and a page number) is one paragraph, never
//! numbered points; an unindented single line followed by indented text (or
//! by another such title) is a heading, keyed by its section number
//! (`5.1.  Scope` is `5.1`, `Appendix A.` is `A`, `A.1.` is `A.1`) or by its
//! words (`Abstract`).

use std::ops::Range;

use super::blocks::{Block, BlockKind, indent_width, line_start, plain_blocks, trimmed};
use super::label::is_rule;
use super::label::{bullet_len, has_label, parse_label};
use super::pages::{self, Dropped};

/// A plain text's blocks, and the furniture left out of them.
pub(super) struct Reading {
    pub blocks: Vec<Block>,
    pub dropped: Vec<Dropped>,
}

/// How a text is read.
pub(super) enum Read {
    /// By its layout.
    Layout(Reading),
    /// By the Markdown parser; `plain` when it has no Markdown structure (plain text
    /// with no layout to read), whose indented blocks are then paragraphs, not code.
    Markdown { plain: bool },
}

/// The reading of `source`: by layout, or by the Markdown parser when it is Markdown
/// (or plain text with no layout to read).
///
/// With `keep_pages`, furniture stays in the text as paragraphs of its own and
/// no paragraph is joined across a page.
pub(super) fn read(source: &str, keep_pages: bool) -> Read {
    if markdown_structure(source) {
        return Read::Markdown { plain: false };
    }
    match by_layout(source, keep_pages) {
        Some(reading) => Read::Layout(reading),
        None => Read::Markdown { plain: true },
    }
}

/// The reading by layout of `source`, which has no Markdown structure; `None` when
/// it has no layout to read.
fn by_layout(source: &str, keep_pages: bool) -> Option<Reading> {
    match pages::find(source) {
        Some(pages) if keep_pages => {
            let kept: Vec<Range<usize>> = pages
                .dropped
                .iter()
                .filter(|d| d.what != pages::Furniture::FormFeed)
                .map(|d| d.span.clone())
                .collect();
            Some(Reading {
                blocks: read_blocks(source, &[], &kept),
                dropped: Vec::new(),
            })
        }
        Some(pages) => {
            let clean = pages.blank(source);
            Some(Reading {
                blocks: read_blocks(&clean, &pages.breaks, &[]),
                dropped: pages.dropped,
            })
        }
        None if laid_out(source) => Some(Reading {
            blocks: read_blocks(source, &[], &[]),
            dropped: Vec::new(),
        }),
        None => None,
    }
}

/// True when `source` is plain text: no line of it is Markdown structure (see
/// [`markdown_structure`]). One `#` heading written into it would make the whole
/// text Markdown, and its indented paragraphs code.
pub fn is_plain_text(source: &str) -> bool {
    !markdown_structure(source)
}

/// True when a line of `source` is Markdown structure plain text does not have:
/// an ATX heading at the start of a line, a code fence, a table's delimiter row,
/// an HTML block, a footnote definition (`[^1]: …`). Only lines with a `#`, a
/// fence, a `|`, a `<` or a `[^` are looked at.
fn markdown_structure(source: &str) -> bool {
    let bytes = source.as_bytes();
    let line_of = |at: usize| {
        let start = source[..at].rfind('\n').map_or(0, |n| n + 1);
        let end = source[at..].find('\n').map_or(source.len(), |n| at + n);
        (start, &source[start..end])
    };
    let heading = memchr::memchr_iter(b'#', bytes).any(|at| {
        (at == 0 || bytes[at - 1] == b'\n') && {
            let line = line_of(at).1;
            let hashes = line.len() - line.trim_start_matches('#').len();
            (1..=6).contains(&hashes)
                && line[hashes..]
                    .chars()
                    .next()
                    .is_none_or(|c| c == ' ' || c == '\t')
        }
    });
    if heading {
        return true;
    }
    let fence = ["```", "~~~"].iter().any(|f| {
        memchr::memmem::find_iter(bytes, f).any(|at| {
            let (start, _) = line_of(at);
            at - start <= 3 && source[start..at].bytes().all(|b| b == b' ')
        })
    });
    // A footnote definition, `[^1]: …`, at the start of a line.
    let footnote = memchr::memmem::find_iter(bytes, b"[^").any(|at| {
        let (start, line) = line_of(at);
        at - start <= 3
            && source[start..at].bytes().all(|b| b == b' ')
            && line[at - start + 2..]
                .split_once("]:")
                .is_some_and(|(label, _)| !label.is_empty() && !label.contains([' ', ']']))
    });
    fence
        || footnote
        || memchr::memchr_iter(b'|', bytes).any(|at| delimiter_row(line_of(at).1))
        || memchr::memchr_iter(b'<', bytes).any(|at| {
            let (start, line) = line_of(at);
            at - start <= 3
                && source[start..at].bytes().all(|b| b == b' ')
                && html_block_start(line.trim_start())
        })
}

/// A line that opens an HTML block as CommonMark reads it: a comment, or a tag of
/// one of the block elements (`<div class="note">`, `</table>`; its rule 6). A
/// plain text's `<CODE BEGINS>` or `<https://…>` is none of them.
fn html_block_start(line: &str) -> bool {
    const BLOCK_TAGS: &str = "\
        address article aside base basefont blockquote body caption center col colgroup \
        dd details dialog dir div dl dt fieldset figcaption figure footer form frame \
        frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu \
        menuitem nav noframes ol optgroup option p param search section summary table \
        tbody td tfoot th thead title tr track ul";
    if line.starts_with("<!--") {
        return true;
    }
    let Some(rest) = line.strip_prefix("</").or_else(|| line.strip_prefix('<')) else {
        return false;
    };
    let name_len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let after = &rest[name_len..];
    BLOCK_TAGS
        .split_ascii_whitespace()
        .any(|tag| tag.eq_ignore_ascii_case(&rest[..name_len]))
        && (after.is_empty() || after.starts_with([' ', '\t', '>']) || after.starts_with("/>"))
}

/// `| --- | :---: |` or `--- | ---`: a GFM table's delimiter row.
fn delimiter_row(line: &str) -> bool {
    let line = line.trim();
    if !line.contains('|') || !line.contains('-') {
        return false;
    }
    let cells = line.trim_matches('|').split('|');
    let mut n = 0;
    for cell in cells {
        let c = cell.trim();
        let inner = c.trim_start_matches(':').trim_end_matches(':');
        if inner.is_empty() || !inner.bytes().all(|b| b == b'-') {
            return false;
        }
        n += 1;
    }
    n >= 1
}

/// True when a text without pages is laid out like an RFC: paragraphs
/// indented under unindented titles (see the module's documentation).
fn laid_out(source: &str) -> bool {
    // Many lines of such a text are indented: a quick look first.
    let (mut lines, mut indented) = (0usize, 0usize);
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', source.as_bytes()).chain(std::iter::once(source.len()));
    for end in ends {
        let line = &source[start..end];
        start = end + 1;
        match line.as_bytes().first() {
            None => {}
            Some(b' ' | b'\t') if line.trim().is_empty() => {}
            Some(b' ' | b'\t') => {
                lines += 1;
                indented += usize::from(indent_width(line) >= 2);
            }
            Some(_) => lines += 1,
        }
    }
    if indented * 3 < lines {
        return false;
    }
    let blocks = plain_blocks(source, 0..source.len(), None);
    let titles = titles(source, &blocks, &vec![false; blocks.len()]);
    let title_count = titles.iter().filter(|&&t| t).count();
    if title_count < 2 {
        return false;
    }
    // Markdown's loose list: every "title" is a numbered item (`1. Troops.`,
    // one space after the label) whose next paragraph is indented to the
    // item's text, as Markdown continues an item, or is the list's next item
    // (an item of one paragraph, a title only because the next one is). An
    // RFC has titles that are no list item (`Abstract`) and puts two spaces
    // after a number.
    let list_item = |i: usize| {
        parse_label(blocks[i].text.trim()).is_some_and(|label| {
            label.len == label.written.len() + 1
                && blocks.get(i + 1).is_some_and(|next| {
                    next.indent == label.len
                        || (next.indent == 0 && parse_label(next.text.trim()).is_some())
                })
        })
    };
    if (0..blocks.len()).filter(|&i| titles[i]).all(list_item) {
        return false;
    }
    let others: Vec<&Block> = blocks
        .iter()
        .zip(&titles)
        .filter(|(_, t)| !**t)
        .map(|(b, _)| b)
        .collect();
    let indented = others.iter().filter(|b| b.indent >= 2).count();
    let points = others
        .iter()
        .filter(|b| b.indent >= 2 && has_label(&b.text) && !contents(b))
        .count();
    indented * 3 >= others.len() * 2 && points * 2 < indented
}

/// The blocks of a plain text (`text`: furniture already blanked), joining
/// paragraphs across the page `breaks` and keeping the `kept` furniture lines
/// as paragraphs of their own.
fn read_blocks(text: &str, breaks: &[usize], kept: &[Range<usize>]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut from = 0;
    for line in kept {
        blocks.extend(plain_blocks(text, from..line.start, None));
        let span = trimmed(text, line.clone());
        if !span.is_empty() {
            // Kept furniture: a paragraph of its own, never a point (`labels`
            // false marks it, as no other block here has that yet).
            blocks.push(Block {
                indent: indent_width(&text[line_start(text, span.start)..]),
                text: text[span.clone()].to_string(),
                span,
                kind: BlockKind::Paragraph,
                labels: false,
                footnote: None,
                line: 0,
            });
        }
        from = line.end;
    }
    blocks.extend(plain_blocks(text, from..text.len(), None));
    let mut blocks = join_across_pages(text, blocks, breaks);
    let toc = merge_contents(text, &mut blocks, breaks);
    let furniture: Vec<bool> = blocks.iter().map(|b| !b.labels).collect();
    let titles = titles(text, &blocks, &furniture);
    for ((block, title), toc) in blocks.iter_mut().zip(titles).zip(toc) {
        if toc {
            block.labels = false;
            block.text = contents_text(&block.text);
        } else if is_rule(&block.text) {
            // A line of `=` or `-` across the page parts a plain text as `***` parts
            // Markdown: a break, not a paragraph counted among the others.
            block.kind = BlockKind::Break;
            block.labels = false;
        } else if title {
            let (_, level) = section_number(block.text.trim());
            block.kind = BlockKind::Heading(level);
            block.labels = false;
        }
    }
    blocks
}

/// Joins each paragraph cut by a page break to its rest, where the text
/// before the break does not end a sentence and the text after it does not
/// start a new block.
fn join_across_pages(text: &str, blocks: Vec<Block>, breaks: &[usize]) -> Vec<Block> {
    if breaks.is_empty() {
        return blocks;
    }
    let width = line_width(text);
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks {
        if let Some(prev) = out.last_mut() {
            let gap = prev.span.end..block.span.start;
            let crosses = breaks.iter().any(|b| gap.contains(b));
            if crosses
                && (continues(text, width, prev, &block) || (contents(prev) && contents(&block)))
            {
                prev.span.end = block.span.end;
                prev.text = text[prev.span.clone()].to_string();
                continue;
            }
        }
        out.push(block);
    }
    out
}

/// `next` carries on the paragraph `prev` across a page break: the text
/// before the break does not end a sentence and fills its line (the first
/// word after the break would not have fitted on it: a shorter line ends a
/// paragraph, as `Sunset = HTTP-date` does), and the text after it starts no
/// new block (no label, no bullet, the same indentation).
fn continues(text: &str, width: usize, prev: &Block, next: &Block) -> bool {
    let last_line_start = line_start(text, prev.span.end);
    let last_line = &text[last_line_start..prev.span.end];
    let first_line = text[next.span.start..next.span.end]
        .lines()
        .next()
        .unwrap_or_default();
    let first_word = first_line.split_whitespace().next().unwrap_or_default();
    let fits = columns(last_line) + 1 + columns(first_word) <= width;
    !ends_sentence(last_line)
        && !fits
        && !has_label(first_line)
        && bullet_len(first_line) == 0
        && indent_width(last_line) == next.indent
}

fn columns(s: &str) -> usize {
    s.trim_end().chars().count()
}

/// The width the text is wrapped at: the longest of its lines, leaving out
/// the longest fiftieth (a long URL, a table row).
fn line_width(text: &str) -> usize {
    let mut widths: Vec<usize> = text.lines().map(columns).filter(|&w| w > 0).collect();
    if widths.is_empty() {
        return 0;
    }
    widths.sort_unstable();
    widths[(widths.len() - 1) * 49 / 50]
}

/// The line ends a sentence (or a clause that opens what follows: `:`).
fn ends_sentence(line: &str) -> bool {
    let closers: &[char] = &['"', '\'', '”', '’', '»', ')', ']', '*', '_'];
    let end = line.trim_end().trim_end_matches(closers);
    end.ends_with(['.', '!', '?', '…', ':', '。', '！', '？'])
}

/// A line of a table of contents: a title, a dot leader, a page number.
fn contents_line(line: &str) -> bool {
    let line = line.trim_end();
    let without = line.trim_end_matches(|c: char| c.is_ascii_digit());
    if without.len() == line.len() || !without.ends_with(' ') {
        return false;
    }
    let leader = without.trim_end();
    let tail = leader.len() - leader.trim_end_matches(['.', ' ']).len();
    leader[leader.len() - tail..].matches('.').count() >= 3
}

/// Most lines of the block (at least one) are lines of a table of contents.
fn contents(block: &Block) -> bool {
    let (mut all, mut toc) = (0, 0);
    for line in block.text.lines().filter(|l| !l.trim().is_empty()) {
        all += 1;
        toc += usize::from(contents_line(line));
    }
    toc > 0 && toc * 2 >= all
}

/// Merges each run of table-of-contents blocks (cut apart at their labels,
/// or by a page) into one. Returns which blocks are tables of contents.
fn merge_contents(text: &str, blocks: &mut Vec<Block>, breaks: &[usize]) -> Vec<bool> {
    let flags: Vec<bool> = blocks.iter().map(contents).collect();
    if !flags.contains(&true) {
        return flags;
    }
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut is_toc: Vec<bool> = Vec::with_capacity(blocks.len());
    let mut count: Vec<usize> = Vec::new();
    for (block, toc) in blocks.drain(..).zip(flags) {
        if let (Some(prev), Some(true)) = (out.last_mut(), is_toc.last().copied())
            && toc
        {
            let gap = &text[prev.span.end..block.span.start];
            let adjacent = !gap.contains("\n\n")
                || breaks
                    .iter()
                    .any(|b| (prev.span.end..block.span.start).contains(b));
            if adjacent || gap.trim().is_empty() {
                prev.span.end = block.span.end;
                prev.text = text[prev.span.clone()].to_string();
                if let Some(c) = count.last_mut() {
                    *c += 1;
                }
                continue;
            }
        }
        out.push(block);
        is_toc.push(toc);
        count.push(1);
    }
    // A lone line with a leader is not a table of contents.
    for ((toc, n), block) in is_toc.iter_mut().zip(&count).zip(&out) {
        if *toc && *n < 2 && block.text.lines().filter(|l| contents_line(l)).count() < 2 {
            *toc = false;
        }
    }
    *blocks = out;
    is_toc
}

/// A table of contents as compared: each line's words, the dot leader as ` … `.
fn contents_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        if contents_line(line) {
            let page = line.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            out.push_str(line[..page].trim_end().trim_end_matches(['.', ' ']));
            out.push_str(" … ");
            out.push_str(&line[page..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Which blocks are titles: an unindented single short line, not a sentence,
/// followed by an indented block or by another title. `furniture` blocks
/// (kept page furniture) are never titles and are passed over.
fn titles(text: &str, blocks: &[Block], furniture: &[bool]) -> Vec<bool> {
    let mut out = vec![false; blocks.len()];
    // The next block decides; walk backwards.
    let mut next: Option<(usize, bool)> = None;
    for i in (0..blocks.len()).rev() {
        if furniture[i] {
            continue;
        }
        let b = &blocks[i];
        let title = title_like(text, b) && next.is_some_and(|(indent, title)| indent >= 2 || title);
        out[i] = title;
        next = Some((b.indent, title));
    }
    out
}

/// An unindented single line, short, that is not a sentence, a list item or a quote.
fn title_like(text: &str, block: &Block) -> bool {
    let t = block.text.trim();
    let line_begins = line_start(text, block.span.start);
    if block.indent != 0 || block.span.start != line_begins || t.contains('\n') || t.is_empty() {
        return false;
    }
    if t.chars().count() > 72 || bullet_len(t) > 0 || t.ends_with([',', ';']) {
        return false;
    }
    // A rule (`***`, `---`) or a line of punctuation names nothing; a quoted line
    // (`> Quoted.`, Markdown's block quote or a mail's quote) is no title.
    if !t.chars().any(char::is_alphanumeric) || t.starts_with('>') {
        return false;
    }
    let words = t.split_whitespace().count();
    !(t.ends_with('.') && words >= 4)
}

/// A title's section number and level: `5.1.  Scope` → (`5.1`, 2),
/// `Appendix A.  Thanks` → (`A`, 1), `A.1.  From -10` → (`A.1`, 2); (None, 1) without one.
pub(super) fn section_number(title: &str) -> (Option<String>, u8) {
    let first = title.split_whitespace().next().unwrap_or_default();
    let (number, rest_ok) = if first.eq_ignore_ascii_case("appendix") {
        let second = title.split_whitespace().nth(1).unwrap_or_default();
        (second.trim_end_matches(['.', ':']), true)
    } else {
        (first.trim_end_matches('.'), false)
    };
    let parts: Vec<&str> = number.split('.').collect();
    let digits = |p: &str| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit());
    let letter = |p: &str| p.len() == 1 && p.bytes().all(|b| b.is_ascii_uppercase());
    let ok = match parts.as_slice() {
        [] => false,
        [one] => digits(one) || (rest_ok && letter(one)),
        [head, tail @ ..] => (digits(head) || letter(head)) && tail.iter().all(|p| digits(p)),
    };
    if !ok {
        return (None, 1);
    }
    let level = parts.len().min(6) as u8;
    (Some(number.to_string()), level)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How the Markdown parser reads `text` (`Some(plain)`: see [`Read`]), or `None`
    /// when it is read by layout.
    fn markdown(text: &str) -> Option<bool> {
        match read(text, false) {
            Read::Markdown { plain } => Some(plain),
            Read::Layout(_) => None,
        }
    }

    fn read_text(source: &str) -> Vec<(BlockKind, String)> {
        match read(source, false) {
            Read::Layout(r) => r.blocks.into_iter().map(|b| (b.kind, b.text)).collect(),
            Read::Markdown { .. } => Vec::new(),
        }
    }

    #[test]
    fn markdown_is_never_read_by_layout() {
        for md in [
            "# Title\n\nAbstract\n\n   Indented text.\n\nIntro\n\n   More.\n",
            "Abstract\n\n   Text.\n\n```\ncode\n```\n\nIntro\n\n   More.\n",
            "| a | b |\n| --- | --- |\n| 1 | 2 |\n",
        ] {
            assert!(markdown_structure(md), "{md}");
            assert_eq!(markdown(md), Some(false));
        }
        assert!(!markdown_structure(
            "Abstract\n\n   #hashtag is not a heading\n"
        ));
    }

    #[test]
    fn a_loose_markdown_list_is_not_read_by_layout() {
        let md = "1. Troops.\n\n   Soviet troops stay in Hungary.\n\n2. Commission.\n\n   The commission meets weekly.\n\n10. Oil.\n\n    For the fleet.\n";
        assert_eq!(markdown(md), Some(true));
        // Titles of an RFC are read by layout, numbered or not.
        let rfc = "Abstract\n\n   This memo defines a header.\n\n1.  Introduction\n\n   As a rule, URIs are stable.\n\n2.  Terms\n\n   The key words.\n";
        assert_eq!(markdown(rfc), None);
    }

    /// `md` is read as Markdown, and none of its blocks is a heading.
    fn assert_markdown_without_headings(md: &str) {
        assert_eq!(markdown(md), Some(true));
        let doc = crate::text::segment(md);
        let kinds: Vec<_> = doc.segments.iter().map(|s| s.kind).collect();
        assert!(!kinds.contains(&crate::text::Kind::Heading), "{kinds:?}");
    }

    #[test]
    fn a_loose_list_with_items_of_one_paragraph_is_not_read_by_layout() {
        // `1. Term.` is a "title" only because the next item is: read by
        // layout, every item was a heading (`# 1. Term.`).
        let md = "1. Term.\n\n2. Payment.\n\n   Payment is due within thirty days.\n\n3. Notice.\n\n   Notices go to the addresses above.\n\n4. Law.\n\n   The law of Scotland governs it.\n";
        assert_markdown_without_headings(md);
        // An RFC whose first section has no text of its own is still an RFC.
        let rfc = "Abstract\n\n   This memo defines a header.\n\n1.  Introduction\n\n2.  Terms\n\n   The key words.\n\n3.  Rules\n\n   As a rule, URIs are stable.\n";
        assert_eq!(markdown(rfc), None);
    }

    #[test]
    fn a_quote_is_no_title() {
        // A block quote over a loose list's item (found by the review's property test:
        // read by layout, the quote and the item were titles, and accepting a proposal
        // that moved the item after the quote lost its second paragraph).
        let md = "> Quoted.\n\n1. Troops.\n\n   Soviet troops stay in Hungary.\n";
        assert_markdown_without_headings(md);
    }

    #[test]
    fn a_footnote_definition_is_markdown_and_a_bracketed_caret_is_not() {
        // Found by the review's property test: read by layout, the definition was
        // a paragraph `[^1]: …` in the proposal and a footnote in the merged text.
        let md = "[^1]: the the.\n\n1. the the.\n\n   the the.\n\n2. the the the the.\n\n   the the.\n\nthe the\n-------\n";
        assert_eq!(markdown(md), Some(false));
        assert!(markdown_structure("Notes\n\n   [^note-2]: As amended.\n"));
        for plain in [
            "Abstract\n\n[^] is a caret.\n",
            "Text [^1]: inline.\n",
            "[^a b]: no.\n",
        ] {
            assert!(!markdown_structure(plain), "{plain:?}");
        }
    }

    #[test]
    fn an_html_block_is_markdown_and_a_plain_texts_angle_brackets_are_not() {
        // A note in HTML over a loose list (found by the review's property test: read
        // by layout, the note and the items were titles, and a review merged it wrongly).
        let md = "<div class=\"note\">Read first.</div>\n\n1. Troops.\n\n   Soviet troops stay.\n\n2. Commission.\n\n   It meets weekly.\n\n***\n";
        assert_eq!(markdown(md), Some(false));
        for line in [
            "<div>",
            "</TABLE>",
            "<p class=x>",
            "<hr/>",
            "   <!-- a comment",
            "<section",
        ] {
            assert!(
                markdown_structure(&format!("Abstract\n\n{line}\n")),
                "{line}"
            );
        }
        // An RFC's code markers, a link in angle brackets, an inline tag: plain text.
        let rfc = "Abstract\n\n   This memo defines a header.\n\n<CODE BEGINS>\n\n1.  Introduction\n\n   See <https://example.org> and <b>this</b>.\n\n<divider>\n\n2.  Terms\n\n   The key words.\n";
        assert!(!markdown_structure(rfc));
        assert_eq!(markdown(rfc), None);
    }

    #[test]
    fn a_rule_is_never_a_title() {
        let got = read_text(
            "Abstract\n\n   This memo defines a header.\n\n***\n\n1.  Introduction\n\n   As a rule, URIs are stable.\n",
        );
        assert!(
            got.iter()
                .any(|(k, t)| matches!(k, BlockKind::Heading(_)) && t == "1.  Introduction"),
            "{got:?}"
        );
        assert!(
            !got.iter()
                .any(|(k, t)| matches!(k, BlockKind::Heading(_)) && t == "***"),
            "{got:?}"
        );
    }

    #[test]
    fn titles_over_indented_paragraphs_are_headings() {
        let text = "Abstract\n\n   This specification defines a header.\n\n1.  Introduction\n\n   As a general rule, URIs should be stable.\n\n5.  IANA Considerations\n\n5.1.  The Sunset Response Header\n\n   The header should be added.\n\nAppendix A.  Acknowledgements\n\n   Thanks.\n";
        let got = read_text(text);
        let headings: Vec<(&BlockKind, &str)> = got
            .iter()
            .filter(|(k, _)| matches!(k, BlockKind::Heading(_)))
            .map(|(k, t)| (k, t.as_str()))
            .collect();
        assert_eq!(
            headings,
            [
                (&BlockKind::Heading(1), "Abstract"),
                (&BlockKind::Heading(1), "1.  Introduction"),
                (&BlockKind::Heading(1), "5.  IANA Considerations"),
                (&BlockKind::Heading(2), "5.1.  The Sunset Response Header"),
                (&BlockKind::Heading(1), "Appendix A.  Acknowledgements"),
            ]
        );
    }

    #[test]
    fn section_numbers() {
        assert_eq!(section_number("5.1.  Scope"), (Some("5.1".into()), 2));
        assert_eq!(section_number("10.  References"), (Some("10".into()), 1));
        assert_eq!(section_number("Appendix A.  Thanks"), (Some("A".into()), 1));
        assert_eq!(
            section_number("A.1.  From -10 to -11"),
            (Some("A.1".into()), 2)
        );
        assert_eq!(section_number("Abstract"), (None, 1));
        assert_eq!(section_number("Author's Address"), (None, 1));
        assert_eq!(section_number("A new idea"), (None, 1));
    }

    #[test]
    fn a_sentence_or_an_unindented_body_has_no_titles() {
        // Nothing is indented: no titles, so no layout reading without pages.
        assert_eq!(
            markdown("Intro\n\nText here.\n\nMore\n\nText there.\n"),
            Some(true)
        );
        let text = "Abstract\n\n   Text.\n\nThis is a whole sentence here.\n\n   Text.\n\nNotes\n\n   More.\n";
        let got = read_text(text);
        assert_eq!(got[2].0, BlockKind::Paragraph, "{got:?}");
    }

    #[test]
    fn indented_points_alone_are_not_a_layout() {
        // A plain outline: its indented blocks are points, as the Markdown reader has them.
        let text = "Section 1 – Definitions\n\n    a. Adapted Material\n\n    b. Adapter\n\nSection 2 – Scope\n\n    a. License grant\n";
        assert_eq!(markdown(text), Some(true));
    }

    #[test]
    fn a_table_of_contents_is_one_block() {
        let text = "Table of Contents\n\n   1.  Introduction  . . . . . . . . .   2\n     1.1.  Scope . . . . . . . . . .   3\n   Author's Address  . . . . . . . .   6\n\n1.  Introduction\n\n   Text.\n";
        let got = read_text(text);
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[1].0, BlockKind::Paragraph);
        assert_eq!(
            got[1].1,
            "1.  Introduction … 2\n1.1.  Scope … 3\nAuthor's Address … 6"
        );
        assert_eq!(got[2].0, BlockKind::Heading(1));
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("   to this document."));
        assert!(ends_sentence("the following:"));
        assert!(ends_sentence("\"work in progress.\""));
        assert!(!ends_sentence(
            "   (http://trustee.ietf.org/license-info) in effect on the date of"
        ));
        assert!(!ends_sentence("established after"));
        assert!(!ends_sentence("Internet-"));
    }

    #[test]
    fn a_paragraph_cut_by_a_page_is_joined() {
        let page = |n: usize, body: &str| {
            let mut lines: Vec<String> = body.lines().map(String::from).collect();
            while lines.len() < 30 {
                lines.push(String::new());
            }
            lines.push(format!(
                "Memo to the Board                                    [Page {n}]"
            ));
            lines.join("\n") + "\n\x0c\n"
        };
        let text = page(
            1,
            "Minutes\n\n   The board met on Monday and agreed that the budget of the\n   association should be put to the members' vote and then\n   should be put to the members' vote and then submitted to",
        ) + &page(
            2,
            "   the treasurer.\n\n   2.  The chair closed the meeting.\n",
        ) + &page(3, "   A new paragraph starts here.");
        let got = read_text(&text);
        let paragraphs: Vec<String> = got
            .iter()
            .filter(|(k, _)| *k == BlockKind::Paragraph)
            .map(|(_, t)| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(
            paragraphs,
            [
                "The board met on Monday and agreed that the budget of the association should be put to the members' vote and then should be put to the members' vote and then submitted to the treasurer.",
                "2. The chair closed the meeting.",
                "A new paragraph starts here."
            ]
        );
    }
}
