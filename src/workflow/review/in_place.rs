//! A paragraph's new words written into its block as it stands, so that a
//! change taken in part (or made in a paragraph the current text changed
//! apart) keeps the paragraph's lines: a hard-wrapped paragraph stays
//! wrapped where its words are kept, as layout no row shows follows the
//! current text.
//!
//! A segment's text is its block's words with each line break (and the
//! indentation or `>` marks of the next line) and each run of spaces read as
//! one space (a draft's title page lines up its columns with spaces). Where
//! that holds, the words kept are copied from the block as written, line
//! breaks and all, and only the changed words are written anew; the block
//! read alone must then give the new words, or the words are written on one
//! line after the block's opening, as before.

use super::layout::{block, opening, written_with};
use crate::diff::{OpKind, WORD_DIFF_BUDGET, diff_words};
use crate::text::{Document, Kind, segment};

/// For each char boundary of `text`, the byte offset in `body` where it
/// stands, where `text` is `body` with each run of spaces and each line break
/// (spaces around it, and the next line's `>` marks) read as one space;
/// `None` where it is not.
fn offsets(body: &str, text: &str) -> Option<Vec<usize>> {
    let mut at = vec![0; text.len() + 1];
    let mut r = 0;
    for (t, c) in text.char_indices() {
        at[t] = r;
        let rest = &body[r..];
        if c != ' ' && rest.starts_with(c) {
            r += c.len_utf8();
            continue;
        }
        if c != ' ' || !rest.starts_with([' ', '\t', '\n']) {
            return None;
        }
        // A run of spaces, or a line break with the spaces around it and the
        // next line's `>` marks.
        loop {
            let rest = &body[r..];
            let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            r += spaces;
            if !body[r..].starts_with('\n') {
                break;
            }
            r += 1;
            r += body[r..].len() - body[r..].trim_start_matches([' ', '\t', '>']).len();
        }
    }
    at[text.len()] = r;
    body[r..].trim().is_empty().then_some(at)
}

/// The only segment's text of a block read alone, if it reads as one.
fn read_alone(raw: &str) -> Option<String> {
    let doc = segment(raw);
    match doc.segments.as_slice() {
        [only] => Some(only.text.to_string()),
        _ => None,
    }
}

/// Segment `i` of `doc` with `words` for its words, its lines kept where its
/// words are (see the module's doc); else as [`written_with`] writes it.
pub(super) fn rewritten(doc: &Document, i: usize, words: &str) -> String {
    let seg = &doc.segments[i];
    let text = seg.text.as_str();
    let raw = block(doc, i);
    let open = opening(raw, seg.label.as_deref());
    let body = &raw[open.len()..];
    let kept = matches!(seg.kind, Kind::Paragraph | Kind::Footnote)
        && body.contains('\n')
        && read_alone(raw).as_deref() == Some(text);
    if kept && let Some(at) = offsets(body, text) {
        let diff = diff_words(text, words, WORD_DIFF_BUDGET);
        let mut out = String::from(open);
        let mut t = 0;
        for op in &diff.ops {
            match op.op {
                OpKind::Equal => {
                    out.push_str(&body[at[t]..at[t + op.text.len()]]);
                    t += op.text.len();
                }
                OpKind::Delete => t += op.text.len(),
                OpKind::Insert => out.push_str(&op.text),
            }
        }
        if !diff.timed_out && t == text.len() && read_alone(&out).as_deref() == Some(words) {
            return out;
        }
    }
    written_with(doc, i, words)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A point of a hard-wrapped text, and of one in a block quote.
    const WRAPPED: &str = "# Notes\n\n1. The swift brown fox jumps over\n   the lazy dog near the bank,\n   said the old man.\n\n> A quoted line\n> and its second line.\n";

    #[test]
    fn kept_words_keep_their_lines() {
        let doc = segment(WRAPPED);
        assert_eq!(
            rewritten(
                &doc,
                1,
                "The quick brown fox jumps over the lazy dog near the river, said the old man."
            ),
            "1. The quick brown fox jumps over\n   the lazy dog near the river,\n   said the old man."
        );
        assert_eq!(
            rewritten(&doc, 2, "A quoted line and its last line."),
            "> A quoted line\n> and its last line."
        );
        // A word taken away at a line's end takes the break with it.
        assert_eq!(
            rewritten(
                &doc,
                1,
                "The swift brown fox jumps the lazy dog near the bank, said the old man."
            ),
            "1. The swift brown fox jumps the lazy dog near the bank,\n   said the old man."
        );
        // Columns lined up with spaces keep their spaces.
        let doc =
            segment("Network Working Group       E. Wilde\nInternet-Draft     August 3, 2017\n");
        assert_eq!(
            rewritten(
                &doc,
                0,
                "Network Working Group E. Wilde Internet-Draft November 12, 2017"
            ),
            "Network Working Group       E. Wilde\nInternet-Draft     November 12, 2017"
        );
    }

    #[test]
    fn words_that_would_read_as_another_block_are_written_on_one_line() {
        let doc = segment(WRAPPED);
        // `- ` at the start of a line would begin a list.
        let words =
            "The swift brown fox jumps over - the lazy dog near the bank, said the old man.";
        let written = rewritten(&doc, 1, words);
        assert_eq!(written, format!("1. {words}"));
        assert_eq!(read_alone(&written).as_deref(), Some(words));
        // A paragraph of one line is written as before.
        let doc = segment("1. One line only.\n");
        assert_eq!(
            rewritten(&doc, 0, "One line, changed."),
            "1. One line, changed."
        );
    }
}
