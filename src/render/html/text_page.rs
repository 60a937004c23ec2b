//! One version as a clean reading page.

use super::{Html, Ids, TEXT_CSS, dropped_note, head};
use crate::text::{Document, Kind, Segment};

/// One version as a clean reading page.
///
/// Headings become `<h1>`…`<h6>` by their level, paragraphs `<p>` with the
/// point label where the segment has one; every element's `id` is its key, and
/// the page's `lang` is `language`. `**bold**` in a segment is shown bold.
/// A point nested under points is indented by its depth ([`Document::depths`]),
/// from the side the paragraph's script starts on.
pub fn text_page(title: &str, language: &str, doc: &Document) -> String {
    let mut body = Html::default();
    for (s, depth) in doc.segments.iter().zip(doc.depths()) {
        write_segment(&mut body, s, depth);
    }
    let mut h = Html::default();
    head(&mut h, Some(language), title, TEXT_CSS);
    h.raw("<body>\n<header><p class=\"doc-title\">")
        .text(title)
        .raw("</p></header>\n<main>\n");
    h.raw(&body.out);
    h.raw("</main>\n");
    let dropped = body.dropped + h.dropped;
    if dropped > 0 {
        h.raw("<footer><p class=\"warning\">")
            .text(&dropped_note(dropped))
            .raw("</p></footer>\n");
    }
    h.raw("</body>\n</html>\n");
    h.out
}

/// Indentation of one level of points, in the page's text size.
const DEPTH_EM: f32 = 1.75;

fn write_segment(h: &mut Html, s: &Segment, depth: usize) {
    let id = Ids::clean(&s.key);
    let tag = match s.kind {
        Kind::Heading => ["h1", "h2", "h3", "h4", "h5", "h6"][(s.level.clamp(1, 6) - 1) as usize],
        Kind::Code => "pre",
        _ => "p",
    };
    h.raw("<")
        .raw(tag)
        .raw(" id=\"")
        .text(&id)
        .raw("\" dir=\"auto\"");
    if depth > 0 {
        let em = DEPTH_EM * depth.min(8) as f32;
        h.raw(&format!(" style=\"margin-inline-start: {em}em\""));
    }
    h.raw(">");
    if let Some(label) = s
        .label
        .as_deref()
        .map(display_label)
        .filter(|l| !l.is_empty())
    {
        // Isolated, and passed over when the paragraph's direction is found from
        // its first strong letter: the Latin `a.` of an Arabic point does not
        // turn the paragraph left to right.
        h.raw("<bdi class=\"point\">").text(label).raw("</bdi> ");
    }
    inline_text(h, &s.text);
    h.raw("<a class=\"self\" href=\"#")
        .text(&id)
        .raw("\" title=\"link to ")
        .text(&s.key)
        .raw("\">#</a>");
    h.raw("</").raw(tag).raw(">\n");
}

/// The point label without its list marker: `- 1.` is shown as `1.`.
fn display_label(label: &str) -> &str {
    label
        .trim_start_matches(|c: char| matches!(c, '-' | '*' | '+' | '•') || c.is_whitespace())
        .trim()
}

/// Segment text for reading: escaped, with balanced `**` pairs shown bold.
fn inline_text(h: &mut Html, text: &str) {
    let parts: Vec<&str> = text.split("**").collect();
    if parts.len() < 3 || parts.len().is_multiple_of(2) {
        h.paragraphs(text);
        return;
    }
    for (n, part) in parts.iter().enumerate() {
        if n % 2 == 1 {
            h.raw("<strong>").paragraphs(part).raw("</strong>");
        } else {
            h.paragraphs(part);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;
    use crate::text::segment;

    #[test]
    fn reading_page_has_headings_labels_and_language() {
        let doc = segment(
            "# Title\n\n## Article 1\n\n- 1. First **bold** point.\n\nMore.\n\n#### Deep\n",
        );
        let html = text_page("My doc", "en-GB", &doc);
        assert_self_contained(&html);
        assert!(html.contains("<html lang=\"en-GB\">"));
        assert!(html.contains("<h1 id=\""));
        assert!(html.contains("<h2 id=\""));
        assert!(html.contains("<h4 id=\""));
        assert!(html.contains("<bdi class=\"point\">1.</bdi> First <strong>bold</strong> point."));
        assert!(html.contains("<p id=\"1/1¶2\" dir=\"auto\">More."));
    }

    #[test]
    fn nested_points_are_indented_by_depth() {
        let doc = segment("## 2\n\na. License grant.\n\n    1. Scope.\n\n        A. Share.\n");
        let html = text_page("CC BY", "en", &doc);
        assert!(html.contains("<p id=\"2/a\" dir=\"auto\"><bdi"), "{html}");
        assert!(
            html.contains("<p id=\"2/a/1\" dir=\"auto\" style=\"margin-inline-start: 1.75em\">")
        );
        assert!(
            html.contains("<p id=\"2/a/1/A\" dir=\"auto\" style=\"margin-inline-start: 3.5em\">")
        );
        // In Arabic the page runs from the right, and each point's Latin label is
        // isolated from the direction of its paragraph.
        let ar = segment("## ٢\n\na. مَنْح الرخصة:\n\n    1. مع مراعاة أحكام.\n");
        let html = text_page("CC BY", "ar", &ar);
        assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"), "{html}");
        assert!(html.contains("<bdi class=\"point\">a.</bdi> مَنْح"), "{html}");
        assert!(!text_page("CC BY", "ar-Latn", &ar).contains("dir=\"rtl\""));
    }
}
