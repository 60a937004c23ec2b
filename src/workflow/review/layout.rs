//! Where the blocks of a text are, as written: a segment's block (its
//! indentation and, for a table's header row, its delimiter row included),
//! and the text between blocks and around them. The rebuilt version is made
//! of blocks and what goes between them.

use crate::text::{Document, Kind};

/// Leading spaces and tabs of a block.
pub(super) fn indent_of(raw: &str) -> usize {
    raw.len() - raw.trim_start_matches([' ', '\t']).len()
}

/// Where the line of segment `j` starts: its block, indentation included,
/// starts there (a segment's span starts after the indentation).
pub(crate) fn line_start(doc: &Document, j: usize) -> usize {
    doc.line_start(&doc.segments[j])
}

/// A table's delimiter row (`| --- | :-: |`, perhaps inside a block quote):
/// pipes, dashes and colons only.
pub(super) fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim_start_matches(|c: char| c == '>' || c.is_whitespace());
    let t = t.trim_end();
    t.contains('-')
        && t.contains('|')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Where segment `j`'s block ends: its span, and the delimiter row after a
/// table's header row (the header and its delimiter row go together).
pub(crate) fn block_end(doc: &Document, j: usize) -> usize {
    let seg = &doc.segments[j];
    let end = seg.span.end;
    if seg.kind == Kind::TableRow
        && let Some(rest) = doc.source[end..].strip_prefix('\n')
    {
        let line = rest.split('\n').next().unwrap_or_default();
        if is_delimiter_row(line) {
            return end + 1 + line.len();
        }
    }
    end
}

/// Segment `j` is the header row of a table.
pub(super) fn is_header(doc: &Document, j: usize) -> bool {
    block_end(doc, j) != doc.segments[j].span.end
}

/// Segment `j` as written, with its indentation (and a header's delimiter row).
pub(super) fn block(doc: &Document, j: usize) -> &str {
    &doc.source[line_start(doc, j)..block_end(doc, j)]
}

/// Segments `first..=last` of `doc` as written, with what is between them.
pub(super) fn blocks(doc: &Document, first: usize, last: usize) -> &str {
    &doc.source[line_start(doc, first)..block_end(doc, last)]
}

/// Text between segment `j`'s [`block`] and the next one's (the end of the text after the last).
pub(super) fn separator_after(doc: &Document, j: usize) -> &str {
    let end = block_end(doc, j);
    let next = if j + 1 < doc.segments.len() {
        line_start(doc, j + 1)
    } else {
        doc.source.len()
    };
    &doc.source[end..next]
}

/// Text before the first [`block`] (all of it when there is none).
pub(super) fn prefix(doc: &Document) -> &str {
    let end = if doc.segments.is_empty() {
        doc.source.len()
    } else {
        line_start(doc, 0)
    };
    &doc.source[..end]
}

/// Text after the last [`block`].
pub(super) fn suffix(doc: &Document) -> &str {
    let end = match doc.segments.len() {
        0 => doc.source.len(),
        n => block_end(doc, n - 1),
    };
    &doc.source[end..]
}

/// Segment `i` of `doc` written with `words` for its words: what its block writes
/// before them (indentation, `>`, a footnote's `[^1]:`, a bullet, the point's
/// label, or heading marks), then `words`; a table row's cells between pipes (a
/// header row keeps its delimiter row).
pub(crate) fn written_with(doc: &Document, i: usize, words: &str) -> String {
    let seg = &doc.segments[i];
    match seg.kind {
        Kind::Heading => format!("{}{words}", heading_opening(block(doc, i), seg.level)),
        Kind::TableRow => {
            let raw = block(doc, i);
            let (first, rest) = raw.split_once('\n').unwrap_or((raw, ""));
            let lead = &first[..first.find('|').unwrap_or(0)];
            let mut out = format!("{lead}| {words} |");
            if is_header(doc, i) {
                out.push('\n');
                out.push_str(rest);
            }
            out
        }
        _ => format!("{}{words}", opening(block(doc, i), seg.label.as_deref())),
    }
}

/// What a heading's block writes before its words: its `#` marks as written (`## `); for a
/// setext heading (underlined), `#` marks of its level; for a title read by its layout (a
/// plain-text document's line of its own), only what its line starts with, since one `#`
/// would make the whole text Markdown and read every indented paragraph as code.
pub(super) fn heading_opening(raw: &str, level: u8) -> String {
    let lead = container(raw);
    let rest = &raw[lead.len()..];
    if rest.starts_with('#') {
        let marks = rest.len() - rest.trim_start_matches('#').len();
        let spaces = rest[marks..].len() - rest[marks..].trim_start_matches([' ', '\t']).len();
        let written = &raw[..lead.len() + marks + spaces];
        return if spaces == 0 {
            format!("{written} ")
        } else {
            written.to_string()
        };
    }
    let underlined = raw.lines().skip(1).any(|l| {
        let t = l.trim();
        !t.is_empty() && (t.bytes().all(|c| c == b'=') || t.bytes().all(|c| c == b'-'))
    });
    if underlined {
        format!("{lead}{} ", "#".repeat(usize::from(level.max(1))))
    } else {
        lead.to_string()
    }
}

/// A heading block written without `#` marks or an underline: a title read by its layout,
/// as a plain-text document writes its titles.
pub(super) fn is_plain_title(raw: &str) -> bool {
    !heading_opening(raw, 1).contains('#')
}

/// What a block's container writes before it: indentation, block quote
/// markers, a footnote definition's `[^1]:`, and the spaces after them.
pub(super) fn container(raw: &str) -> &str {
    let mut rest = raw;
    loop {
        let t = rest.trim_start_matches([' ', '\t']);
        if let Some(r) = t.strip_prefix('>') {
            rest = r;
        } else if let Some(close) = t.strip_prefix("[^").and_then(|r| r.find("]:")) {
            rest = &t[close + 4..];
        } else {
            rest = t;
            break;
        }
    }
    &raw[..raw.len() - rest.len()]
}

/// What a block writes before its words: its [`container`], then the
/// point's label (`label`, as written) or a bullet, and the spaces after.
pub(super) fn opening<'a>(raw: &'a str, label: Option<&str>) -> &'a str {
    let mut rest = &raw[container(raw).len()..];
    let marker = label
        .filter(|l| rest.starts_with(l))
        .map(str::len)
        .or_else(|| {
            ["- ", "* ", "+ "]
                .into_iter()
                .find(|b| rest.starts_with(b))
                .map(str::len)
        });
    if let Some(len) = marker {
        rest = rest[len..].trim_start_matches([' ', '\t']);
    }
    &raw[..raw.len() - rest.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::segment;

    #[test]
    fn a_header_row_and_its_delimiter_row_are_one_block() {
        let doc = segment("Intro.\n\n| Role | Term |\n|---|:--|\n| Chair | two years |\n\nEnd.\n");
        let kinds: Vec<Kind> = doc.segments.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Paragraph,
                Kind::TableRow,
                Kind::TableRow,
                Kind::Paragraph
            ]
        );
        assert_eq!(block(&doc, 1), "| Role | Term |\n|---|:--|");
        assert!(is_header(&doc, 1) && !is_header(&doc, 2));
        assert_eq!(separator_after(&doc, 1), "\n");
        assert_eq!(separator_after(&doc, 2), "\n\n");
        assert_eq!(suffix(&doc), "\n");
        // Quoted tables too; a break is not a delimiter row.
        assert!(is_delimiter_row("> | --- |") && !is_delimiter_row("---"));
    }

    #[test]
    fn a_blocks_opening_is_its_containers_marks_and_its_label() {
        assert_eq!(container("> > A quoted line."), "> > ");
        assert_eq!(container("[^1]: A footnote."), "[^1]: ");
        assert_eq!(container("    A later paragraph."), "    ");
        assert_eq!(opening("   - 2. Two pears.", Some("- 2.")), "   - 2. ");
        assert_eq!(opening("- A bullet.", None), "- ");
        assert_eq!(opening("> 1. Quoted, not a label.", None), "> ");
    }

    #[test]
    fn a_heading_is_written_as_its_document_writes_headings() {
        // Markdown: the marks as written; an underlined heading gets marks of its level.
        let md = segment("### Article 5\n\nNo one.\n\nArticle 6\n---------\n\nEveryone.\n");
        assert_eq!(written_with(&md, 0, "Article 5 bis"), "### Article 5 bis");
        assert_eq!(written_with(&md, 2, "Article 6 bis"), "## Article 6 bis");
        // A plain-text document's titles, read by its layout: no marks, which would make it
        // Markdown and its indented points code.
        let plain = "Section 1 -- Definitions.\n\n    a. Adapted Material means material derived from it.\n\n    b. Licensed Material means the work.\n\nSection 2 -- Scope.\n\n    a. License grant.\n\n    Some further words.\n\n    And a note.\n";
        let doc = segment(plain);
        let titles: Vec<usize> = (0..doc.segments.len())
            .filter(|&i| doc.segments[i].kind == Kind::Heading)
            .collect();
        assert_eq!(titles.len(), 2, "{:?}", doc.segments);
        let i = titles[0];
        let rewritten = written_with(&doc, i, "Section 1 -- Definitions and terms.");
        assert_eq!(rewritten, "Section 1 -- Definitions and terms.");
        let text = plain.replace("Section 1 -- Definitions.", &rewritten);
        let again = segment(&text);
        let keys = |d: &crate::text::Document| -> Vec<String> {
            d.segments.iter().map(|s| s.key.to_string()).collect()
        };
        assert_eq!(keys(&again), keys(&doc));
    }
}
