//! Plain text: the words of a version without Markdown.

use crate::text::{Document, Kind};

/// The version as plain text: each heading and paragraph on its own, separated
/// by blank lines, point labels kept (without list markers), Markdown emphasis
/// (`**`, `__`) and backslash escapes removed. A paragraph keeps the indentation
/// its first line has in the source, so that points nested under points stay
/// nested (`3/a/1` under `3/a`), as pandoc's plain text keeps them.
pub fn plain_text(doc: &Document) -> String {
    let mut out = String::with_capacity(doc.source.len());
    for (n, seg) in doc.segments.iter().enumerate() {
        if n > 0 {
            out.push_str("\n\n");
        }
        if matches!(seg.kind, Kind::Paragraph | Kind::Footnote) {
            out.push_str(doc.indentation(seg));
        }
        if seg.kind == Kind::Paragraph
            && let Some(label) = &seg.label
        {
            let label = label.trim_start_matches(['-', '*', '+']).trim();
            out.push_str(label);
            out.push(' ');
        }
        if seg.kind == Kind::Footnote {
            // A footnote's first paragraph keeps its `[^label]:` marker.
            let raw = doc.raw(seg);
            if let Some(end) = raw.find("]:").filter(|_| raw.starts_with("[^")) {
                out.push_str(&raw[..end + 2]);
                out.push(' ');
            }
        }
        out.push_str(&unmark(&seg.text));
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Removes `**`/`__` emphasis and Markdown backslash escapes.
fn unmark(text: &str) -> String {
    let without = text.replace("**", "").replace("__", "");
    let mut out = String::with_capacity(without.len());
    let mut chars = without.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::segment;

    #[test]
    fn plain_text_drops_markdown_but_keeps_labels() {
        let doc =
            segment("#### **SECRET**\n\n- 1. As is \\*evident\\*.\n- 2. Second.\n\nMore of two.\n");
        assert_eq!(
            plain_text(&doc),
            "SECRET\n\n1. As is *evident*.\n\n2. Second.\n\nMore of two.\n"
        );
        assert_eq!(plain_text(&segment("")), "");
    }

    #[test]
    fn nested_points_stay_indented() {
        let md = "1. Scope.\n\n    a. License grant.\n\n        1. Term.\n\n    b. Other rights.\n\n   Said again.\n";
        assert_eq!(
            plain_text(&segment(md)),
            "1. Scope.\n\n    a. License grant.\n\n        1. Term.\n\n    b. Other rights.\n\n   Said again.\n"
        );
    }
}
