//! Control characters written as escapes, so that text from outside (a document, a commit
//! message, a parser's report on a hostile file) can never drive a terminal. The one
//! escaper: the terminal output, JSON on a terminal and the exports' warnings all use it.

use std::borrow::Cow;

/// How an escaped character is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EscapeForm {
    /// `\u{1b}`, as Rust writes it: for text a person reads.
    Rust,
    /// `\u001b`, as JSON writes it inside a string, so that the JSON stays the same value.
    Json,
}

/// `text` with every control character except those in `keep` written in `form`.
pub fn escape_controls<'a>(text: &'a str, keep: &[char], form: EscapeForm) -> Cow<'a, str> {
    let escaped = |c: char| c.is_control() && !keep.contains(&c);
    if !has_control(text, keep, false) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !escaped(c) {
            out.push(c);
        } else if form == EscapeForm::Rust {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push_str(&format!("\\u{:04x}", c as u32));
        }
    }
    Cow::Owned(out)
}

/// True when `text` has a control character not in `keep` (or, with
/// `reordering`, a character that [`reorders`]). Found by its UTF-8 bytes
/// (C0 and DEL, and C1 as `C2 80`-`C2 9F`) when `keep` holds only ASCII: a vectorisable
/// scan, as every line of `emend show` goes through it.
fn has_control(text: &str, keep: &[char], reordering: bool) -> bool {
    if !keep.iter().all(char::is_ascii) {
        return text
            .chars()
            .any(|c| (c.is_control() && !keep.contains(&c)) || (reordering && reorders(c)));
    }
    let b = text.as_bytes();
    let c0 = |c: u8| c < 0x20 || c == 0x7f;
    // Blocks are first checked for any C0 byte at all (a check that runs on
    // vector registers); only a block with one looks at which it is. The
    // bytes are or-ed on the way: C1 controls (C2 80 to C2 9F) are looked for
    // only in text that is not all ASCII.
    let mut high = 0u8;
    b.chunks(32).any(|block| {
        high |= block.iter().fold(0, |h, &c| h | c);
        super::any_byte(block, c0)
            && block
                .iter()
                .any(|&c| c0(c) && !keep.contains(&char::from(c)))
    }) || (high >= 0x80 && c1_or_reordering(b, reordering))
}

/// True when `b` holds a C1 control (`C2 80`-`C2 9F`), or with `reordering`
/// a character that [`reorders`] (`E2 80 AA`-`AE`, `E2 81 A6`-`A9`).
fn c1_or_reordering(b: &[u8], reordering: bool) -> bool {
    let at = |i: usize| (b.get(i + 1).copied(), b.get(i + 2).copied());
    let c1 = |i: usize| b[i] == 0xC2 && matches!(at(i).0, Some(0x80..=0x9F));
    if !reordering {
        return memchr::memchr_iter(0xC2, b).any(c1);
    }
    memchr::memchr2_iter(0xC2, 0xE2, b).any(|i| {
        c1(i)
            || (b[i] == 0xE2
                && matches!(
                    at(i),
                    (Some(0x80), Some(0xAA..=0xAE)) | (Some(0x81), Some(0xA6..=0xA9))
                ))
    })
}

/// Text for the terminal: control characters escaped (`\u{1b}`), tabs and newlines kept
/// (newlines are the caller's business), and the bidirectional controls that
/// reorder the screen ([`reorders`]) named, `⟨RLO⟩`, wherever they stand.
pub fn visible(text: &str) -> Cow<'_, str> {
    // One scan for both, as every line of `emend show` and every word of a
    // diff goes through here.
    if !has_control(text, &['\t', '\n'], true) {
        return Cow::Borrowed(text);
    }
    let escaped = escape_controls(text, &['\t', '\n'], EscapeForm::Rust);
    if !has_reordering(&escaped) {
        return escaped;
    }
    Cow::Owned(named(&escaped, reorders))
}

/// `text` with each invisible character ([`invisible_name`]) for which
/// `which` holds written as its name in angle brackets.
fn named(text: &str, which: fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match invisible_name(c).filter(|_| which(c)) {
            Some(name) => {
                out.push('⟨');
                out.push_str(name);
                out.push('⟩');
            }
            None => out.push(c),
        }
    }
    out
}

/// True for the embeddings, overrides and isolates of bidirectional text
/// (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI): unlike the marks (LRM, RLM,
/// ALM), which right-to-left text needs, each turns around or reorders what
/// follows it on the screen, unchanged text and marked changes alike.
fn reorders(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// True when `text` holds a character that [`reorders`].
fn has_reordering(text: &str) -> bool {
    text.chars().any(reorders)
}

/// The short name of an invisible formatting character: a soft hyphen
/// (`SHY`), a zero-width space, joiner or non-joiner (`ZWSP`, `ZWJ`, `ZWNJ`),
/// a word joiner or byte order mark (`WJ`, `ZWNBSP`), and the marks and
/// controls of bidirectional text (`LRM`, `RLM`, `ALM`, `LRE`, `RLE`, `PDF`,
/// `LRO`, `RLO`, `LRI`, `RLI`, `FSI`, `PDI`). Each is a character of its own in
/// the text, but shows as nothing, or only moves what is around it.
pub fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{ad}' => "SHY",
        '\u{61c}' => "ALM",
        '\u{180e}' => "MVS",
        '\u{200b}' => "ZWSP",
        '\u{200c}' => "ZWNJ",
        '\u{200d}' => "ZWJ",
        '\u{200e}' => "LRM",
        '\u{200f}' => "RLM",
        '\u{202a}' => "LRE",
        '\u{202b}' => "RLE",
        '\u{202c}' => "PDF",
        '\u{202d}' => "LRO",
        '\u{202e}' => "RLO",
        '\u{2060}' => "WJ",
        '\u{2066}' => "LRI",
        '\u{2067}' => "RLI",
        '\u{2068}' => "FSI",
        '\u{2069}' => "PDI",
        '\u{feff}' => "ZWNBSP",
        _ => return None,
    })
}

/// Changed text as a reader should see it: each invisible formatting character
/// ([`invisible_name`]) written as its name in angle brackets, `conseil⟨SHY⟩`.
/// A change that only adds or removes a soft hyphen would otherwise read
/// `[-conseil-]{+conseil+}`, and a right-to-left override could turn the
/// marked words around on the screen.
pub fn shown_invisibles(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || !text.chars().any(|c| invisible_name(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(named(text, |_| true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_known_by_their_bytes() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let control = c.is_control() && c != '\t' && c != '\n';
            assert_eq!(
                has_control(&text, &['\t', '\n'], false),
                control,
                "{:x}",
                c as u32
            );
            let found = has_control(&text, &['\t', '\n'], true);
            assert_eq!(found, control || reorders(c), "{:x}", c as u32);
        }
    }

    /// A control character is found wherever it stands in a long text, and
    /// kept ones are not taken for one.
    #[test]
    fn controls_are_found_at_every_place_of_a_long_text() {
        let plain =
            "In the beginning God created the heaven and the earth. And the earth was without form";
        for at in 0..plain.len() {
            for (c, control) in [
                ('\u{1b}', true),
                ('\u{7f}', true),
                ('\u{85}', true),
                ('\t', false),
                ('\n', false),
            ] {
                let mut text = plain.to_string();
                text.insert(at, c);
                assert_eq!(
                    has_control(&text, &['\t', '\n'], false),
                    control,
                    "{c:?} at {at}"
                );
            }
        }
    }

    #[test]
    fn invisible_characters_are_named_and_the_rest_kept() {
        assert_eq!(shown_invisibles("conseil\u{ad}"), "conseil⟨SHY⟩");
        assert_eq!(shown_invisibles("a\u{200b}b\u{202e}c"), "a⟨ZWSP⟩b⟨RLO⟩c");
        // Persian with a zero-width non-joiner, Arabic, Chinese: named only where it stands.
        assert_eq!(shown_invisibles("می\u{200c}خواهم"), "می⟨ZWNJ⟩خواهم");
        for plain in ["conseil", "لا تتحمل", "人人生而自由", "naïve"] {
            assert!(
                matches!(shown_invisibles(plain), Cow::Borrowed(_)),
                "{plain}"
            );
        }
        // Every named character is one that shows as nothing (a format character).
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if invisible_name(c).is_some() {
                assert_eq!(
                    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0),
                    0,
                    "{c:?}"
                );
            }
        }
    }

    #[test]
    fn control_characters_are_escaped_in_either_form() {
        assert_eq!(visible("a\u{1b}[31mb\u{7}"), "a\\u{1b}[31mb\\u{7}");
        assert_eq!(visible("tab\tok\n"), "tab\tok\n");
        // What reorders the screen is named; the marks right-to-left text needs are kept.
        assert_eq!(
            visible("paid \u{202e}0001\u{202c} dollars"),
            "paid ⟨RLO⟩0001⟨PDF⟩ dollars"
        );
        assert_eq!(visible("\u{2067}مرحبا\u{2069} “x”"), "⟨RLI⟩مرحبا⟨PDI⟩ “x”");
        assert!(matches!(
            visible("שלום\u{200f}, “quoted” ’"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape_controls("k\te\u{85}y", &[], EscapeForm::Rust),
            "k\\u{9}e\\u{85}y"
        );
        let json = "{\"a\": \"x\u{7f}\u{1b}\"}\n";
        let shown = escape_controls(json, &['\n'], EscapeForm::Json);
        assert_eq!(shown, "{\"a\": \"x\\u007f\\u001b\"}\n");
        let value: serde_json::Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(value["a"], "x\u{7f}\u{1b}");
    }
}
