//! Self-contained HTML pages: a side-by-side diff for reviewers, many versions
//! side by side, and a clean reading page of one version; one file per page,
//! the CSS in `.css` files beside them.
//!
//! Every page is one HTML5 file with its CSS inline: no script, no font, no
//! image and no link to another host, and a Content-Security-Policy that
//! forbids loading anything at all, so a page can be mailed, archived or
//! opened offline and shows the same. All document text, titles and labels
//! are escaped; characters HTML does not allow in text (control characters
//! other than tab and newline, and Unicode noncharacters) are dropped and
//! counted, and the page says how many were dropped.

mod compare_page;
mod diff_page;
mod text_page;

use std::collections::HashSet;

use super::SideLabel;
use crate::text::Document;

pub use compare_page::{compare_page, write_compare_page};
pub use diff_page::diff_page;
pub use text_page::text_page;

/// The style of the diff and compare pages.
const DIFF_CSS: &str = include_str!("diff.css");
/// The style of the reading page.
const TEXT_CSS: &str = include_str!("text.css");

/// True for characters that must not appear in HTML text: C0 controls other
/// than tab and newline, DEL, C1 controls, and Unicode noncharacters.
pub fn is_forbidden_in_html(c: char) -> bool {
    let n = c as u32;
    (c.is_control() && c != '\t' && c != '\n')
        || (0xFDD0..=0xFDEF).contains(&n)
        || (n & 0xFFFE) == 0xFFFE
}

/// Escapes `s` for HTML text and attribute values (`& < > " '`) and drops the
/// characters HTML does not allow (see [`is_forbidden_in_html`]). Returns the
/// escaped text and how many characters were dropped.
pub fn escape_html(s: &str) -> (String, usize) {
    let mut out = String::with_capacity(s.len() + 16);
    let dropped = push_escaped(&mut out, s);
    (out, dropped)
}

fn push_escaped(out: &mut String, s: &str) -> usize {
    let mut dropped = 0;
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_forbidden_in_html(c) => dropped += 1,
            c => out.push(c),
        }
    }
    dropped
}

/// Builds a page: raw markup and escaped text, counting dropped characters.
#[derive(Default)]
pub(super) struct Html {
    pub(super) out: String,
    pub(super) dropped: usize,
}

impl Html {
    /// Markup written by this module (never document text).
    pub(super) fn raw(&mut self, s: &str) -> &mut Self {
        self.out.push_str(s);
        self
    }

    /// Text or an attribute value from outside: escaped.
    pub(super) fn text(&mut self, s: &str) -> &mut Self {
        self.dropped += push_escaped(&mut self.out, s);
        self
    }

    /// Document text in which `"\n"` is a paragraph break: shown as a ¶ mark and a line break.
    pub(super) fn paragraphs(&mut self, s: &str) -> &mut Self {
        for (n, part) in s.split('\n').enumerate() {
            if n > 0 {
                self.raw(PARAGRAPH_MARK).raw("<br>");
            }
            self.text(part);
        }
        self
    }

    /// Deleted or inserted text. A change made only of spaces would be
    /// invisible, so each space is shown as `␣`.
    pub(super) fn marked(&mut self, tag: &str, s: &str) -> &mut Self {
        if !s.is_empty() && s.chars().all(|c| c == ' ' || c == '\t') {
            let n = s.chars().count();
            let what = if n == 1 { "a space" } else { "spaces" };
            self.raw("<")
                .raw(tag)
                .raw(" class=\"ws\" title=\"")
                .raw(what)
                .raw("\">")
                .raw(&"␣".repeat(n))
                .raw("</")
                .raw(tag)
                .raw(">");
            return self;
        }
        self.raw("<").raw(tag).raw(">");
        self.paragraphs(&crate::text::shown_invisibles(s));
        self.raw("</").raw(tag).raw(">")
    }
}

pub(super) const PARAGRAPH_MARK: &str = "<span class=\"pb\" title=\"paragraph break\">¶</span>";

/// The head of every page: charset, viewport, a policy that loads nothing, the title and the CSS.
pub(super) fn head(h: &mut Html, lang: Option<&str>, title: &str, css: &str) {
    h.raw("<!DOCTYPE html>\n<html");
    if let Some(lang) = lang.filter(|l| !l.is_empty()) {
        h.raw(" lang=\"").text(lang).raw("\"");
        // The page's furniture (title, warnings) runs as the text does.
        if crate::store::right_to_left(lang) {
            h.raw(" dir=\"rtl\"");
        }
    }
    h.raw(">\n<head>\n<meta charset=\"utf-8\">\n")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n")
        .raw("<meta name=\"referrer\" content=\"no-referrer\">\n")
        .raw("<meta name=\"generator\" content=\"emend ")
        .raw(env!("CARGO_PKG_VERSION"))
        .raw("\">\n<title>")
        .text(title)
        .raw("</title>\n<style>\n")
        .raw(css)
        .raw("</style>\n</head>\n");
}

/// Ids of the page's rows: each key once, whitespace replaced (HTML ids have none).
#[derive(Default)]
pub(super) struct Ids {
    used: HashSet<String>,
}

impl Ids {
    pub(super) fn clean(key: &str) -> String {
        let id: String = key
            .chars()
            .map(|c| if c.is_whitespace() { '_' } else { c })
            .collect();
        if id.is_empty() { "_".to_string() } else { id }
    }

    /// Reserves `key` as an id; false when it is taken.
    pub(super) fn reserve(&mut self, key: &str) -> bool {
        self.used.insert(Self::clean(key))
    }

    /// A free id: `key` itself, or `prefix-key`, `prefix-key-2`, ... when taken.
    pub(super) fn fresh(&mut self, key: &str, prefix: &str) -> String {
        let id = Self::clean(key);
        if self.used.insert(id.clone()) {
            return id;
        }
        let base = format!("{prefix}-{id}");
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.used.insert(candidate.clone()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        candidate
    }
}

pub(super) fn keys_of<'d>(doc: &'d Document, indices: &[usize]) -> Vec<&'d str> {
    indices
        .iter()
        .map(|&i| doc.segments[i].key.as_str())
        .collect()
}

/// The note on a page that left out characters HTML does not allow.
pub(super) fn dropped_note(dropped: usize) -> String {
    format!(
        "{dropped} control character{} not allowed in HTML {} left out.",
        if dropped == 1 { "" } else { "s" },
        if dropped == 1 { "was" } else { "were" }
    )
}

pub(super) fn side_name(h: &mut Html, side: &SideLabel) {
    h.raw("<span class=\"label\">")
        .text(&side.label)
        .raw("</span>");
    if let Some(lang) = &side.language {
        h.raw(" <span class=\"lang\">(").text(lang).raw(")</span>");
    }
}

#[cfg(test)]
pub(super) mod testutil {
    use super::*;
    use crate::render::DiffView;

    /// The telegram as published against the corrected draft, compared, and its page.
    pub fn telegram_page() -> (Document, Document, crate::diff::Comparison, String) {
        let (da, db) = (sample("en-wilson"), sample("en-corrected"));
        let cmp = compare(&da, &db, &CompareOptions::default());
        let html = super::diff_page(
            "Telegram",
            &DiffView::new(&label("en-wilson"), &label("en-corrected"), &da, &db, &cmp),
        );
        (da, db, cmp, html)
    }
    use crate::diff::{CompareOptions, compare};
    use crate::text::segment;

    pub fn label(name: &str) -> SideLabel {
        SideLabel {
            label: name.to_string(),
            language: None,
        }
    }

    pub fn sample(version: &str) -> Document {
        let path = format!(
            "{}/translations/telegram-1945-11-11/{version}.md",
            env!("CARGO_MANIFEST_DIR")
        );
        segment(&crate::text::read_file(std::path::Path::new(&path)).expect("bundled sample"))
    }

    pub fn page(a: &str, b: &str) -> String {
        let (da, db) = (segment(a), segment(b));
        let cmp = compare(&da, &db, &CompareOptions::default());
        diff_page(
            "T",
            &DiffView::new(&label("a"), &label("b"), &da, &db, &cmp),
        )
    }

    /// No script and nothing the page could load or leave for: every link is a `#fragment`.
    pub fn assert_loads_nothing(html: &str) {
        let lower = html.to_lowercase();
        for bad in [
            "<script", "src=", "url(", "@import", "<link", "<iframe", "<img", "<object", "<embed",
            "<base",
        ] {
            assert!(!lower.contains(bad), "page contains {bad:?}");
        }
        for (n, _) in lower.match_indices("href=\"") {
            assert!(
                lower[n + 6..].starts_with('#'),
                "a link leaves the page: {}",
                &lower[n..]
            );
        }
    }

    /// [`assert_loads_nothing`], and for a text without URLs: no URL at all on the page.
    pub fn assert_self_contained(html: &str) {
        assert_loads_nothing(html);
        let lower = html.to_lowercase();
        for bad in ["http:", "https:", "//"] {
            assert!(!lower.contains(bad), "page contains {bad:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_the_five_characters_and_drops_controls() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom & 'Jerry'</a>"#),
            (
                "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;".to_string(),
                0
            )
        );
        assert_eq!(escape_html("&amp;"), ("&amp;amp;".to_string(), 0));
        assert_eq!(
            escape_html("a\u{0}b\u{1b}c\td\ne\u{7f}\u{85}\u{FFFE}"),
            ("abc\td\ne".to_string(), 5)
        );
    }
}
