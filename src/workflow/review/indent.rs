//! The indentation of a proposal's points taken into the current text one
//! by one. The proposal's layout is taken only with all of it; taken alone, a
//! point is indented as the current text indents its points. A proposal read
//! from a Word document has its points flush left: one of them written so
//! into a text whose points are indented under an article would nest the
//! article's other points under it, or start a list of its own.

use std::borrow::Cow;

use super::layout::{block, container, indent_of};
use super::merge::Merge;
use super::rebuild::{Item, Piece};
use crate::text::Kind;

impl Merge {
    /// Re-indents, in `texts`, each of the proposal's points among `items`
    /// that stands where the current text has a point of its own: in place of
    /// one (alone: the parts of a split keep the indentation they have among
    /// themselves), or added right after the point that precedes it in the
    /// proposal at the same indentation; and an editor's text of one point in
    /// place of one.
    /// With the whole proposal taken (`whole`), its layout stands: only an
    /// editor's text is indented, as the proposal's point it replaces.
    pub(super) fn indent_as_ours(&self, items: &[Item], texts: &mut [Cow<'_, str>], whole: bool) {
        for (k, item) in items.iter().enumerate() {
            let shared = |n: Option<usize>| {
                n.and_then(|n| items.get(n))
                    .is_some_and(|it| it.o.is_some() && it.o == item.o)
            };
            let alone = !shared(k.checked_sub(1)) && !shared(Some(k + 1));
            let indented = match (&item.piece, item.o) {
                (Piece::Theirs(_), _) if whole => None,
                (Piece::Theirs(b), Some(j)) if alone => self
                    .point_indent(&self.ours, j)
                    .and_then(|i| self.theirs_indented(*b, &i)),
                (Piece::Theirs(b), None) => self
                    .sibling_indent(items, texts, k, *b)
                    .and_then(|i| self.theirs_indented(*b, &i)),
                // An editor's text for a point, typed without the indentation it stands at.
                (Piece::Text(text), Some(j)) if alone && !text.contains("\n\n") => {
                    let own = &text[..indent_of(text)];
                    let labelled = crate::text::parse_label(&text[own.len()..]).is_some();
                    let stands = match item.t {
                        Some((b, _)) if whole => self.point_indent(&self.theirs, b),
                        _ => self.point_indent(&self.ours, j),
                    };
                    stands
                        .filter(|i| labelled && i != own)
                        .map(|i| reindented(text, own.len(), &i))
                }
                _ => None,
            };
            if let Some(indented) = indented {
                texts[k] = Cow::Owned(indented);
            }
        }
    }

    /// The indentation of point `j` of `doc` (`None` if it is no labelled
    /// paragraph, or sits in a block quote or a footnote).
    fn point_indent(&self, doc: &crate::text::Document, j: usize) -> Option<String> {
        let seg = &doc.segments[j];
        let raw = block(doc, j);
        let indent = &raw[..indent_of(raw)];
        (seg.label.is_some() && seg.kind == Kind::Paragraph && container(raw) == indent)
            .then(|| indent.to_string())
    }

    /// For the proposal's point `b` added at `items[k]`: the indentation the
    /// item before it has in the result, when that item is the proposal's
    /// point `b - 1` and the proposal indents the two alike.
    fn sibling_indent(
        &self,
        items: &[Item],
        texts: &[Cow<'_, str>],
        k: usize,
        b: usize,
    ) -> Option<String> {
        let before = items.get(k.checked_sub(1)?)?;
        let prev = b.checked_sub(1)?;
        if before.t.map(|t| t.1) != Some(prev)
            || self.point_indent(&self.theirs, prev)? != self.point_indent(&self.theirs, b)?
        {
            return None;
        }
        let text = &texts[k - 1];
        let label = crate::text::parse_label(text.trim_start());
        label.map(|_| text[..indent_of(text)].to_string())
    }

    /// The proposal's point `b` with `indent` in place of its own, on each of
    /// its lines (`None` where it is no plain point, or has that indentation).
    fn theirs_indented(&self, b: usize, indent: &str) -> Option<String> {
        let own = self.point_indent(&self.theirs, b)?;
        if own == indent {
            return None;
        }
        Some(reindented(block(&self.theirs, b), own.len(), indent))
    }
}

/// `raw`, a block indented by `own` columns, with `indent` instead on each line.
fn reindented(raw: &str, own: usize, indent: &str) -> String {
    let mut out = String::with_capacity(raw.len() + indent.len() * 4);
    for (n, line) in raw.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(indent);
        out.push_str(&line[indent_of(line).min(own)..]);
    }
    out
}
