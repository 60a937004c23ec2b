//! Runs of text: escaping, line breaks and tabs, and inline Markdown
//! (emphasis, code, footnote references) turned into Word formatting.

use std::collections::HashMap;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::export::xml::xml_text;

/// Text escaped for XML, with the characters XML forbids counted in `dropped`.
pub(crate) fn esc(s: &str, dropped: &mut usize) -> String {
    let (out, n) = xml_text(s);
    *dropped += n;
    out
}

/// One run: `text` in `w:t` (or `w:delText` when `deleted`), line breaks as
/// `w:br`, tabs as `w:tab`, with run properties `rpr`.
pub(crate) fn run(text: &str, rpr: &str, deleted: bool, dropped: &mut usize) -> String {
    if text.is_empty() {
        return String::new();
    }
    let tag = if deleted { "w:delText" } else { "w:t" };
    let mut out = format!("<w:r>{rpr}");
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push_str("<w:br/>");
        }
        for (m, piece) in line.split('\t').enumerate() {
            if m > 0 {
                out.push_str("<w:tab/>");
            }
            if !piece.is_empty() {
                out.push_str(&format!(
                    r#"<{tag} xml:space="preserve">{}</{tag}>"#,
                    esc(piece, dropped)
                ));
            }
        }
    }
    out.push_str("</w:r>");
    out
}

/// Run properties for bold, italic and code.
fn rpr(bold: bool, italic: bool, code: bool) -> String {
    if !(bold || italic || code) {
        return String::new();
    }
    let mut s = String::from("<w:rPr>");
    if code {
        s.push_str(r#"<w:rFonts w:ascii="Liberation Mono" w:hAnsi="Liberation Mono"/>"#);
    }
    if bold {
        s.push_str("<w:b/>");
    }
    if italic {
        s.push_str("<w:i/>");
    }
    s.push_str("</w:rPr>");
    s
}

/// The footnotes of a document being written: Markdown labels to Word ids.
#[derive(Default)]
pub(crate) struct Notes {
    /// Label → (id, text), in order of definition.
    pub defined: HashMap<String, (u32, String)>,
}

impl Notes {
    /// Records the definition `[^label]: text`.
    pub(crate) fn define(&mut self, label: &str, text: &str) {
        let id = self.defined.len() as u32 + 1;
        self.defined
            .entry(label.to_string())
            .or_insert((id, text.to_string()));
    }
}

/// Runs for a piece of inline Markdown: `**bold**`, `*italic*`, `` `code` ``,
/// and `[^label]` as a footnote reference when the label is defined.
pub(crate) fn inline_runs(text: &str, notes: &Notes, dropped: &mut usize) -> String {
    // Footnote references are recognised only where their definition is in
    // the same parse: add the definitions after the text, and stop there.
    let mut source = text.to_string();
    for label in notes.defined.keys() {
        source.push_str(&format!("\n\n[^{label}]: x"));
    }
    let mut out = String::new();
    // Adjacent pieces of text with the same formatting make one run.
    let mut pending = String::new();
    let mut pending_rpr = String::new();
    let mut push = |out: &mut String, text: &str, rpr: String, dropped: &mut usize| {
        if rpr != pending_rpr {
            out.push_str(&run(&pending, &pending_rpr, false, dropped));
            pending.clear();
            pending_rpr = rpr;
        }
        pending.push_str(text);
    };
    let (mut bold, mut italic) = (0u32, 0u32);
    let mut depth_in_note = 0u32;
    for event in Parser::new_ext(&source, Options::ENABLE_FOOTNOTES) {
        if depth_in_note > 0 {
            match event {
                Event::Start(_) => depth_in_note += 1,
                Event::End(_) => depth_in_note -= 1,
                _ => {}
            }
            continue;
        }
        let format = rpr(bold > 0, italic > 0, false);
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => depth_in_note = 1,
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic = italic.saturating_sub(1),
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                push(&mut out, &t, format, dropped);
            }
            Event::Code(t) => push(&mut out, &t, rpr(bold > 0, italic > 0, true), dropped),
            Event::SoftBreak => push(&mut out, " ", format, dropped),
            Event::HardBreak => push(&mut out, "\n", format, dropped),
            Event::FootnoteReference(label) => match notes.defined.get(label.as_ref()) {
                Some((id, _)) => {
                    push(&mut out, "", "<note/>".into(), dropped);
                    out.push_str(&format!(
                        r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{id}"/></w:r>"#
                    ));
                }
                None => push(&mut out, &format!("[^{label}]"), format, dropped),
            },
            _ => {}
        }
    }
    push(&mut out, "", "<end/>".into(), dropped);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_escape_and_break() {
        let mut dropped = 0;
        assert_eq!(
            run("a<b\nc\u{1}", "", false, &mut dropped),
            r#"<w:r><w:t xml:space="preserve">a&lt;b</w:t><w:br/><w:t xml:space="preserve">c</w:t></w:r>"#
        );
        assert_eq!(dropped, 1);
        assert!(run("x", "", true, &mut dropped).contains("<w:delText"));
    }

    #[test]
    fn inline_markdown_becomes_formatting_and_notes() {
        let mut notes = Notes::default();
        notes.define("1", "A note.");
        let mut dropped = 0;
        let xml = inline_runs("**SECRET** and *this*[^1] and [^9]", &notes, &mut dropped);
        assert!(
            xml.contains(r#"<w:b/></w:rPr><w:t xml:space="preserve">SECRET</w:t>"#),
            "{xml}"
        );
        assert!(
            xml.contains(r#"<w:i/></w:rPr><w:t xml:space="preserve">this</w:t>"#),
            "{xml}"
        );
        assert!(xml.contains(r#"<w:footnoteReference w:id="1"/>"#), "{xml}");
        assert!(xml.contains("[^9]"), "{xml}");
        assert!(!xml.contains(": x"), "{xml}");
    }
}
