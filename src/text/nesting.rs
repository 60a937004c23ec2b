//! How deep each paragraph sits in its document's lists of points, read from
//! where its first line starts, as the Markdown reader, Word and a reader of a
//! plain-text licence see it.

use super::blocks::line_start;
use super::{Document, Kind, Segment};

impl Document {
    /// The byte where the line `seg` starts on begins.
    pub fn line_start(&self, seg: &Segment) -> usize {
        line_start(&self.source, seg.span.start)
    }

    /// The spaces and tabs before `seg` on the line it starts on; none when
    /// something else stands there (`> ` of a quote, the `1. ` of the list item
    /// whose first paragraph it is).
    pub fn indentation(&self, seg: &Segment) -> &str {
        let before = &self.source[self.line_start(seg)..seg.span.start];
        if before.bytes().all(|b| b == b' ' || b == b'\t') {
            before
        } else {
            ""
        }
    }

    /// The column `seg` starts at on its line (a tab counts four).
    pub fn indent_of(&self, seg: &Segment) -> usize {
        self.source[self.line_start(seg)..seg.span.start]
            .chars()
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum()
    }

    /// The depth of each segment in the lists of points it stands in: a point
    /// (a paragraph with a label) is as deep as the points still open above it
    /// (those of the same section indented less: `3/a/1` under `3/a` is 1), any
    /// other paragraph as deep as the points indented less than it (the second
    /// paragraph of `6/b`, indented past `6/b`'s label, is 1; flush left, 0).
    /// Headings, which close every list, code and table rows are 0.
    pub fn depths(&self) -> Vec<usize> {
        let mut open: Vec<usize> = Vec::new();
        self.segments
            .iter()
            .map(|seg| match seg.kind {
                Kind::Heading => {
                    open.clear();
                    0
                }
                Kind::Paragraph | Kind::Footnote => {
                    let indent = self.indent_of(seg);
                    if seg.label.is_none() {
                        return open.iter().filter(|&&i| i < indent).count();
                    }
                    while open.last().is_some_and(|&i| i >= indent) {
                        open.pop();
                    }
                    open.push(indent);
                    open.len() - 1
                }
                _ => 0,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::text::segment;

    #[test]
    fn points_nest_by_their_indentation_and_headings_close_them() {
        let md = "## 1\n\n1. Scope.\n\n    a. License grant.\n\n        1. Term.\n\n    b. Other rights.\n\n      Said of b.\n\nFlush left.\n\n## 2\n\n    a. Again.\n";
        let doc = segment(md);
        let keyed: Vec<(String, usize)> = doc
            .segments
            .iter()
            .zip(doc.depths())
            .map(|(s, d)| (s.text.to_string(), d))
            .collect();
        let at = |text: &str| keyed.iter().find(|(t, _)| t == text).unwrap().1;
        assert_eq!(at("Scope."), 0);
        assert_eq!(at("License grant."), 1);
        assert_eq!(at("Term."), 2);
        assert_eq!(at("Other rights."), 1);
        assert_eq!(at("Said of b."), 2);
        assert_eq!(at("Flush left."), 0);
        // Under a new heading the first point is at the top, however indented.
        assert_eq!(at("Again."), 0);
    }

    #[test]
    fn a_quotes_marker_is_no_indentation() {
        let doc = segment("> Quoted.\n\n   Three.\n");
        let shown: Vec<&str> = doc.segments.iter().map(|s| doc.indentation(s)).collect();
        assert_eq!(shown, ["", "   "]);
    }
}
