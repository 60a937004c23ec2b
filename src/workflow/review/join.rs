//! Joining the pieces of a rebuilt version: what goes between two blocks.
//!
//! Two pieces that stand next to each other in the current text or in the
//! proposal, written exactly as they are there, are joined by what is
//! between them there: a blank line, a single line break in a tight list or
//! a table, `>` in a block quote. So accepting everything gives the proposal
//! and rejecting everything the current text, byte for byte. Other pieces
//! get a separator that keeps each the block it is: rows of one table on
//! adjacent lines (a header row, which carries its delimiter row, starts a
//! table of its own after a blank line), paragraphs that are items of a list
//! as their texts had them, and a blank line between anything else (an HTML
//! block or a table runs on over a single line break).

use std::borrow::Cow;

use super::labels::Entry;
use super::layout::{block, blocks, is_header, is_plain_title, prefix, separator_after, suffix};
use super::merge::Merge;
use super::rebuild::{Item, Like, Piece, label_in};
use crate::text::{Document, Kind, segment};

impl Merge {
    /// The document and segment a [`Like`] names.
    fn like_segment(&self, like: Like) -> (&Document, usize) {
        match like {
            Like::Base(i) => (&self.base, i),
            Like::Ours(j) => (&self.ours, j),
            Like::Theirs(b) => (&self.theirs, b),
        }
    }

    fn like_kind(&self, like: Like) -> Option<Kind> {
        let (doc, j) = self.like_segment(like);
        doc.segments.get(j).map(|s| s.kind)
    }

    /// The block a [`Like`] names is a title read by its layout (a plain-text document's,
    /// written without `#`).
    fn is_title(&self, like: Like) -> bool {
        let (doc, j) = self.like_segment(like);
        doc.segments.get(j).is_some_and(|s| s.kind == Kind::Heading)
            && is_plain_title(block(doc, j))
    }

    /// The block a [`Like`] names is a table's header row.
    fn is_header(&self, like: Like) -> bool {
        let (doc, j) = self.like_segment(like);
        j < doc.segments.len() && is_header(doc, j)
    }

    /// A piece's numbering entry, and where its label is in `text`: only
    /// paragraphs have labels (a table row, code or a footnote that starts
    /// with `1.` is not a point), and an editor's text is what it reads as.
    pub(super) fn entry_of(
        &self,
        item: &Item,
        text: &str,
    ) -> (Entry, Option<std::ops::Range<usize>>) {
        let kind = match &item.piece {
            // Read alone, a plain-text document's title typed anew is a paragraph; in its
            // place it is the title it replaces, and the lists on either side stay apart.
            Piece::Text(t) => match segment(t).segments.first().map(|s| s.kind) {
                Some(Kind::Paragraph) if !t.trim().contains('\n') && self.is_title(item.like.0) => {
                    Some(Kind::Heading)
                }
                kind => kind,
            },
            Piece::Ours(_) | Piece::Theirs(_) => self.like_kind(item.like.0),
        };
        match kind {
            Some(Kind::Heading) => (Entry::Heading, None),
            Some(Kind::Paragraph) => label_in(text),
            _ => (Entry::Plain, None),
        }
    }

    /// Joins the pieces: `raws` are their texts as taken, `texts` the same
    /// with labels renumbered.
    pub(super) fn assemble(
        &self,
        items: &[Item],
        raws: &[&str],
        texts: &[Cow<'_, str>],
        whole: bool,
    ) -> String {
        let (o, t, b) = (&self.ours, &self.theirs, &self.base);
        // A proposal with no segments left has one run of blank lines, which
        // says nothing about the start and the end of a text that has some.
        let theirs_layout = whole && (items.is_empty() || !t.segments.is_empty());
        let layout = |base: &str, ours: &str, theirs: &str| -> String {
            if theirs_layout && ours == base {
                theirs
            } else {
                ours
            }
            .to_string()
        };
        let mut out = layout(prefix(b), prefix(o), prefix(t));
        for (k, (item, text)) in items.iter().zip(texts).enumerate() {
            out.push_str(text);
            let Some(next) = items.get(k + 1) else {
                break;
            };
            // Where the two stood together: (separator, both written as there).
            let in_ours = match (&item.piece, &next.piece) {
                (Piece::Ours(x), Piece::Ours(y)) if *y == x + 1 => Some((
                    separator_after(o, *x),
                    raws[k] == block(o, *x) && raws[k + 1] == block(o, *y),
                )),
                _ => None,
            };
            let in_theirs = match (item.t, next.t) {
                (Some((f, x)), Some((y, l))) if y == x + 1 => Some((
                    separator_after(t, x),
                    raws[k] == blocks(t, f, x) && raws[k + 1] == blocks(t, y, l),
                )),
                _ => None,
            };
            let (first, second) = if whole {
                (in_theirs, in_ours)
            } else {
                (in_ours, in_theirs)
            };
            let verbatim = [first, second]
                .into_iter()
                .flatten()
                .find(|(_, same)| *same);
            let sep = match verbatim {
                Some((sep, _)) => sep,
                None => {
                    let sep = first
                        .or(second)
                        .map_or_else(|| self.fallback_separator(item, next), |(s, _)| s);
                    self.keep_apart(item, next, sep, text, &texts[k + 1])
                }
            };
            out.push_str(sep);
        }
        out.push_str(&layout(suffix(b), suffix(o), suffix(t)));
        out
    }

    /// The separator between pieces that do not stand together as written in
    /// either text: `sep` where it keeps both the blocks they are.
    fn keep_apart<'a>(
        &self,
        item: &Item,
        next: &Item,
        sep: &'a str,
        text: &str,
        next_text: &str,
    ) -> &'a str {
        let rows = self.like_kind(item.like.1) == Some(Kind::TableRow)
            && self.like_kind(next.like.0) == Some(Kind::TableRow);
        if rows {
            // Rows of one table on adjacent lines; a header row starts another.
            return if self.is_header(next.like.0) {
                "\n\n"
            } else {
                "\n"
            };
        }
        // Without a blank line, two pieces stay two blocks only as items of a list.
        let paragraphs = self.like_kind(item.like.1) == Some(Kind::Paragraph)
            && self.like_kind(next.like.0) == Some(Kind::Paragraph);
        if sep.contains("\n\n") || (sep == "\n" && paragraphs && starts_item(text, next_text)) {
            sep
        } else {
            "\n\n"
        }
    }

    /// Between pieces that stand together in neither text: a single line break
    /// where both stood in a list without blank lines, else a blank line.
    fn fallback_separator(&self, item: &Item, next: &Item) -> &'static str {
        let after = match item.piece {
            Piece::Ours(j) => Some(separator_after(&self.ours, j)),
            Piece::Theirs(b) => Some(separator_after(&self.theirs, b)),
            Piece::Text(_) => None,
        };
        let before = match next.piece {
            Piece::Ours(j) if j > 0 => Some(separator_after(&self.ours, j - 1)),
            Piece::Theirs(b) if b > 0 => Some(separator_after(&self.theirs, b - 1)),
            _ => None,
        };
        if after == Some("\n") && before == Some("\n") {
            "\n"
        } else {
            "\n\n"
        }
    }
}

/// `next` starts a new paragraph after `text` even on the next line: it
/// starts with a bullet, or with a label in a list (as the segmenter reads them).
fn starts_item(text: &str, next: &str) -> bool {
    let bullet = |t: &str| {
        ["- ", "* ", "+ "]
            .iter()
            .any(|b| t.trim_start().starts_with(b))
    };
    let labelled = |t: &str| !matches!(label_in(t).0, Entry::Plain | Entry::Heading);
    // `text` is a list when its block began with a bullet or a label.
    bullet(next) || (labelled(next) && (bullet(text) || labelled(text)))
}
