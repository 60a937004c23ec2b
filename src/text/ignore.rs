//! What counts as a difference: case, punctuation and bracketed annotations can be ignored.

use std::borrow::Cow;

/// Differences to ignore when deciding whether two texts are the same.
///
/// These never change the word ops shown for a changed row (the ops always
/// rebuild both texts exactly); they decide whether a row counts as changed,
/// and what the aligner treats as identical content.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IgnoreOptions {
    /// `The` and `the` are the same.
    pub ignore_case: bool,
    /// Punctuation marks are left out of the comparison.
    pub ignore_punctuation: bool,
    /// Bracketed editorial insertions (`[handwritten: functions]`, `[body]`) are
    /// left out of the comparison, brackets and contents.
    pub ignore_annotations: bool,
    /// Markdown formatting is left out: emphasis, strong, strikethrough and
    /// code spans are compared as their text, links as their text without
    /// their target (`**council**` and `council` are the same).
    pub ignore_formatting: bool,
}

impl IgnoreOptions {
    /// True when no difference is ignored.
    #[inline]
    pub fn is_exact(&self) -> bool {
        !(self.ignore_case
            || self.ignore_punctuation
            || self.ignore_annotations
            || self.ignore_formatting)
    }

    /// The form of `text` that is compared under these options.
    ///
    /// Inlined: it is asked of every segment of every comparison, and with no option
    /// set (every history walk) it is the text itself.
    #[inline]
    pub fn comparable<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.is_exact() {
            Cow::Borrowed(text)
        } else {
            self.transformed(text)
        }
    }

    /// [`IgnoreOptions::comparable`] when some option is set.
    fn transformed<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut s: Cow<str> = Cow::Borrowed(text);
        if self.ignore_formatting {
            s = Cow::Owned(strip_formatting(&s));
        }
        if self.ignore_annotations {
            s = Cow::Owned(strip_annotations(&s));
        }
        if self.ignore_punctuation {
            s = Cow::Owned(
                s.chars()
                    .filter(|c| c.is_alphanumeric() || c.is_whitespace())
                    .collect(),
            );
        }
        if self.ignore_case {
            s = Cow::Owned(s.to_lowercase());
        }
        Cow::Owned(s.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// The words of Markdown inline text without its formatting: the text of
/// emphasis, strong, strikethrough, code spans, links and images; link
/// targets, autolinks' brackets and backslash escapes left out.
pub fn strip_formatting(text: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser};
    // Only inline syntax is meant: a text that could open a block (`#`, `>`,
    // `- `, `1.`, a fence, indentation) is read behind a word joiner, which
    // no block starts with, and the joiner is taken out again.
    const JOINER: char = '\u{2060}';
    let opens_block = text.starts_with(|c: char| {
        c.is_ascii_digit()
            || matches!(
                c,
                '#' | '>' | '-' | '+' | '*' | '_' | '=' | '|' | '<' | '`' | '~' | ' ' | '\t'
            )
    });
    let joined;
    let source = if opens_block {
        joined = format!("{JOINER}{text}");
        joined.as_str()
    } else {
        text
    };
    let mut out = String::with_capacity(text.len());
    for event in Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    if opens_block && out.starts_with(JOINER) {
        out.remove(0);
    }
    out
}

/// Removes bracketed insertions, `[...]`, with their contents; nested brackets count.
/// An unmatched `[` and everything after it is kept as text.
pub fn strip_annotations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut pending = String::new();
    for c in text.chars() {
        match c {
            '[' => {
                depth += 1;
                pending.push(c);
            }
            ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    pending.clear();
                } else {
                    pending.push(c);
                }
            }
            _ if depth > 0 => pending.push(c),
            _ => out.push(c),
        }
    }
    out.push_str(&pending);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_are_removed_with_contents() {
        assert_eq!(
            strip_annotations("the [handwritten: functions] and a control [body]."),
            "the  and a control ."
        );
        assert_eq!(strip_annotations("a [b [c] d] e"), "a  e");
        assert_eq!(strip_annotations("open [ bracket"), "open [ bracket");
    }

    #[test]
    fn options_combine() {
        let all = IgnoreOptions {
            ignore_case: true,
            ignore_punctuation: true,
            ignore_annotations: true,
            ignore_formatting: true,
        };
        assert_eq!(
            all.comparable("The [handwritten: functions] Body, as control."),
            all.comparable("the body as control")
        );
        let exact = IgnoreOptions::default();
        assert_ne!(exact.comparable("The body."), exact.comparable("the body"));
    }

    #[test]
    fn formatting_is_compared_as_its_text() {
        let f = IgnoreOptions {
            ignore_formatting: true,
            ..Default::default()
        };
        for (a, b) in [
            ("The **council** met.", "The council met."),
            ("The *council* met.", "The _council_ met."),
            ("Run `emend diff` now.", "Run emend diff now."),
            (
                "See [the rules](https://example.org/rules).",
                "See [the rules](https://example.org/old).",
            ),
            (
                "See [the rules](https://example.org/rules).",
                "See the rules.",
            ),
            ("~~Old~~ text.", "Old text."),
            ("# not a heading **here**", "# not a heading here"),
            ("2024 was **long**.", "2024 was long."),
        ] {
            assert_eq!(f.comparable(a), f.comparable(b), "{a} / {b}");
        }
        assert_ne!(
            f.comparable("The council met."),
            f.comparable("The councils met.")
        );
        assert_eq!(f.comparable("# Title"), "# Title");
        assert_eq!(
            f.comparable("[handwritten: functions] body"),
            "[handwritten: functions] body"
        );
    }
}
