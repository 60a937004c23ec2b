//! What is read of one block: the text that is compared, the point label, and
//! what its key is made of (a label's key form, a heading's number or slug).

use std::borrow::Cow;
use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;

use super::blocks::{Block, BlockKind};
use super::label::{bullet_len, heading_number, label_at};
use super::layout;
use super::shared::SharedText;

/// What [`parse_block`] read of a block.
#[derive(Clone)]
pub(super) struct Parsed {
    pub text: Read,
    /// A stretch of the source where the label is written as such (most are): the chunk
    /// cache's copies of it cost no allocation.
    pub label: Option<Read>,
    /// The label's key: the chunk cache's copies of it cost no allocation.
    pub label_key: Option<LabelKey>,
    /// For headings: the number, or else the slug (none for other blocks, so that the
    /// chunk cache's copies of a block cost nothing for it).
    pub component: Option<Box<str>>,
    pub numbered: bool,
}

/// A label's key (`1`, `a`, `2.3`, `IV`). Almost every key is short and kept
/// inline, so that reading a verse allocates nothing for it; a longer one is
/// shared. A key has one form only (inline exactly when it fits), so equal
/// keys compare equal.
#[derive(Clone, PartialEq, Eq)]
pub(super) enum LabelKey {
    Inline { len: u8, bytes: [u8; INLINE_KEY] },
    Shared(Rc<str>),
}

/// The longest key kept inline, in bytes.
const INLINE_KEY: usize = 22;

impl LabelKey {
    pub fn new(key: &str) -> LabelKey {
        match u8::try_from(key.len()) {
            Ok(len) if key.len() <= INLINE_KEY => {
                let mut bytes = [0; INLINE_KEY];
                bytes[..key.len()].copy_from_slice(key.as_bytes());
                LabelKey::Inline { len, bytes }
            }
            _ => LabelKey::Shared(key.into()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            LabelKey::Inline { len, bytes } => std::str::from_utf8(&bytes[..usize::from(*len)])
                .expect("an inline key holds the bytes of a str"),
            LabelKey::Shared(key) => key,
        }
    }
}

/// A block's compared text, or its label, as [`parse_block`] read it.
#[derive(Clone)]
pub(super) enum Read {
    /// The bytes at this range from the block's start in the source, as written.
    InBlock(Range<usize>),
    /// Text that reading changed (lines joined, spaces collapsed), or that is not
    /// written as such in the source.
    Own(String),
}

impl Read {
    /// `t`, a stretch of `block`'s text (or a text of its own, `owned`), as read: the
    /// same bytes at the same distance from the block's start in `source` are the
    /// stretch to share.
    fn of(source: &str, block: &Block, t: &str, owned: bool) -> Read {
        if owned {
            return Read::Own(t.to_string());
        }
        let from = t.as_ptr() as usize - block.text.as_ptr() as usize;
        let at = block.span.start + from;
        match source.get(at..at + t.len()) {
            Some(written) if written == t => Read::InBlock(from..from + t.len()),
            _ => Read::Own(t.to_string()),
        }
    }

    /// Where a stretch read from `block` is in the source its span counts in.
    fn in_source(r: &Range<usize>, block: &Block) -> Range<usize> {
        block.span.start + r.start..block.span.start + r.end
    }

    /// The text read, borrowed: from `source` (which `block`'s span counts in) or its own.
    pub fn as_str<'a>(&'a self, source: &'a str, block: &Block) -> &'a str {
        match self {
            Read::InBlock(r) => &source[Read::in_source(r, block)],
            Read::Own(s) => s,
        }
    }

    /// The text read, sharing `source` (which `block`'s span counts in) where it can.
    pub fn text(self, source: &Arc<String>, block: &Block) -> SharedText {
        match self {
            Read::InBlock(r) => SharedText::shared(source, Read::in_source(&r, block)),
            Read::Own(s) => s.into(),
        }
    }
}

/// Joins a block's lines with single spaces and collapses runs of whitespace.
fn collapse(s: &str) -> Cow<'_, str> {
    // Most blocks are one line with single spaces: nothing to do. A few
    // vectorised scans tell: no leading, trailing or double space, and no
    // other whitespace, ASCII or Unicode (recognised by its UTF-8 bytes).
    let bytes = s.as_bytes();
    let plain = !bytes.is_empty()
        && bytes[0] != b' '
        && bytes[bytes.len() - 1] != b' '
        && (!may_hold_space_to_collapse(bytes) || exactly_plain(bytes));
    if plain {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// False when `bytes` surely holds no run of two spaces and no whitespace
/// but the space, ASCII or not: two passes that run on vector registers,
/// where the exact test ([`exactly_plain`]) is five searches, each set up
/// again for every block of a Bible.
fn may_hold_space_to_collapse(bytes: &[u8]) -> bool {
    // Tab, line feed, vertical tab, form feed, carriage return, and the first
    // byte of every whitespace character outside ASCII.
    let odd = |b: u8| (b'\t'..=b'\r').contains(&b) | matches!(b, 0xC2 | 0xE1..=0xE3);
    let odd_byte = super::any_byte(bytes, odd);
    let two_spaces = bytes
        .iter()
        .zip(&bytes[1.min(bytes.len())..])
        .fold(false, |hit, (&x, &y)| hit | ((x == b' ') & (y == b' ')));
    odd_byte || two_spaces
}

/// True when `bytes` holds no run of two spaces and no whitespace but the space.
fn exactly_plain(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"  ").is_none()
        && memchr::memchr3(b'\n', b'\t', b'\r', bytes).is_none()
        && memchr::memchr2(0x0B, 0x0C, bytes).is_none()
        && !memchr::memchr3_iter(0xC2, 0xE1, 0xE2, bytes)
            .chain(memchr::memchr_iter(0xE3, bytes))
            .any(|i| is_unicode_space(&bytes[i..]))
}

/// True when `bytes` starts with the UTF-8 of a whitespace character outside
/// ASCII: U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F,
/// U+205F or U+3000 (every character `char::is_whitespace` accepts).
fn is_unicode_space(bytes: &[u8]) -> bool {
    matches!(
        bytes,
        [0xC2, 0x85 | 0xA0, ..]
            | [0xE1, 0x9A, 0x80, ..]
            | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
            | [0xE2, 0x81, 0x9F, ..]
            | [0xE3, 0x80, 0x80, ..]
    )
}

/// A block's text, label and key component. A heading of a text read by its
/// layout is keyed by its section number (`Appendix A.` is `A`, `A.1.` is
/// `A.1`, see [`layout::section_number`]) where it has one.
///
/// `source` is the text the block's span counts in: where the compared text is a
/// stretch of it as written, it is read as that stretch (see [`SharedText`]).
pub(super) fn parse_block(source: &str, block: &Block, by_layout: bool) -> Parsed {
    let mut text = collapse(&block.text);
    let mut parsed = Parsed {
        text: Read::Own(String::new()),
        label: None,
        label_key: None,
        component: None,
        numbered: false,
    };
    match &block.kind {
        BlockKind::Heading(level) => {
            let number = by_layout
                .then(|| layout::section_number(&text).0)
                .flatten()
                .or_else(|| heading_number(&text));
            parsed.numbered = number.is_some();
            parsed.component = Some(number.unwrap_or_else(|| slug(&text, *level)).into());
        }
        BlockKind::Paragraph if block.labels => match label_at(&text) {
            Some(l) => {
                // The label as written starts the text.
                let written = &text[..l.written_len];
                // An owned text is no longer a stretch of its block's (reading changed it).
                let owned = matches!(text, Cow::Owned(_));
                parsed.label = Some(Read::of(source, block, written, owned));
                let (key, len) = (LabelKey::new(l.key), l.len);
                drop_prefix(&mut text, len);
                parsed.numbered = true;
                parsed.label_key = Some(key);
            }
            None => {
                let bullet = bullet_len(&text);
                drop_prefix(&mut text, bullet);
            }
        },
        _ => {}
    }
    parsed.text = match text {
        Cow::Borrowed(t) => Read::of(source, block, t, false),
        Cow::Owned(t) => Read::Own(t),
    };
    parsed
}

/// `text` without its first `n` bytes, borrowed still if it was.
fn drop_prefix(text: &mut Cow<'_, str>, n: usize) {
    match text {
        Cow::Borrowed(t) => *t = &t[n..],
        Cow::Owned(t) => {
            t.drain(..n);
        }
    }
}

/// A key component made of a heading's first words: `Song of Solomon` → `song-of-solomon`.
pub(super) fn slug(text: &str, level: u8) -> String {
    let mut out = String::new();
    let words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(5);
    for word in words {
        if out.len() + word.len() > 40 && !out.is_empty() {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    if out.is_empty() {
        format!("h{level}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_key_is_its_text_inline_or_shared() {
        let fits = "1.2.3.4.5.6.7.8.9.10.1";
        let long = "1.2.3.4.5.6.7.8.9.10.11";
        assert_eq!((fits.len(), long.len()), (INLINE_KEY, INLINE_KEY + 1));
        for key in ["1", "a", "IV", "", "ж", "二十", fits, long] {
            let k = LabelKey::new(key);
            assert_eq!(k.as_str(), key);
            assert!(matches!(k, LabelKey::Inline { .. }) == (key.len() <= INLINE_KEY));
            assert!(k == LabelKey::new(key));
        }
        assert!(LabelKey::new("1") != LabelKey::new("10"));
        assert!(LabelKey::new("a") != LabelKey::new("a\0"));
        assert!(LabelKey::new(long) != LabelKey::new(&long[..INLINE_KEY]));
    }

    #[test]
    fn unicode_spaces_are_known_by_their_bytes() {
        let spaces: Vec<char> = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| !c.is_ascii() && c.is_whitespace())
            .collect();
        assert!(!spaces.is_empty());
        for c in spaces {
            let mut buf = [0u8; 4];
            assert!(
                is_unicode_space(c.encode_utf8(&mut buf).as_bytes()),
                "{c:?}"
            );
        }
        for c in ['—', '’', 'Ж', '人', '\u{2030}', '\u{00A9}'] {
            let mut buf = [0u8; 4];
            assert!(
                !is_unicode_space(c.encode_utf8(&mut buf).as_bytes()),
                "{c:?}"
            );
        }
        assert_eq!(collapse("a\u{00A0}b  c"), "a b c");
        assert_eq!(collapse("a — b"), "a — b");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Whatever whitespace a text holds and wherever (two spaces at its
        /// start or end too), it is collapsed as splitting it at whitespace
        /// and joining the words with single spaces would, and borrowed when
        /// that changes nothing.
        #[test]
        fn whitespace_is_collapsed_as_split_and_joined(
            text in "([a-z]{1,40}|[ \t\r\n\u{b}\u{c}\u{85}\u{a0}\u{2003}\u{3000}]|  |[—’Ж人é]){0,30}",
        ) {
            let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let collapsed = collapse(&text);
            proptest::prop_assert_eq!(&collapsed, &joined);
            if !text.is_empty() {
                proptest::prop_assert_eq!(matches!(collapsed, Cow::Borrowed(_)), text == joined);
            }
        }
    }
}
