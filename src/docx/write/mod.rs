//! Writing .docx files: a version as a clean document, a diff as tracked changes.

mod export;
mod lists;
mod package;
mod runs;
pub(crate) mod tracked;

use crate::diff::Comparison;
use crate::text::Document;

use package::{Parts, package};

/// Who made the changes of a tracked-changes document, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeAuthor {
    pub name: String,
    /// ISO 8601, e.g. `2026-11-28T09:00:00Z`.
    pub date: String,
}

/// A written document and how many characters XML 1.0 forbids were left out of it.
#[derive(Debug, Clone)]
pub struct WrittenDocx {
    pub bytes: Vec<u8>,
    pub dropped: usize,
}

/// `doc` as a clean .docx: headings in Heading 1-6, point labels as Word's
/// automatic numbering (restarted where the labels restart or skip), bullets
/// as bullet lists, GFM tables as tables, `[^n]` footnotes as footnotes,
/// `**bold**` and `*italic*` as formatting.
pub fn export_docx(doc: &Document, title: &str, language: Option<&str>) -> WrittenDocx {
    let body = export::body(doc);
    let bytes = package(&Parts {
        body: body.body,
        numbering: body.numbering,
        footnotes: body.footnotes,
        title: title.to_string(),
        language: language.map(str::to_string),
    });
    WrittenDocx {
        bytes,
        dropped: body.dropped,
    }
}

/// B's text with every change from A (the rows of `cmp`) as Word tracked
/// changes by `author`, each row enclosed in a bookmark. Point labels are
/// written as text, so that a renumbering is a tracked change too.
pub fn tracked_docx(
    a: &Document,
    b: &Document,
    cmp: &Comparison,
    author: &ChangeAuthor,
    title: &str,
    language: Option<&str>,
) -> WrittenDocx {
    let (body, dropped) = tracked::body(a, b, cmp, author);
    let bytes = package(&Parts {
        body,
        numbering: None,
        footnotes: None,
        title: title.to_string(),
        language: language.map(str::to_string),
    });
    WrittenDocx { bytes, dropped }
}
