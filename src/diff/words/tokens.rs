//! Word tokens: UAX #29 words, punctuation, spaces, and CJK characters one by one.

use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use crate::text::{is_cjk, padded};

/// Splits text into tokens: words (UAX #29 word boundaries), each punctuation
/// mark, each run of spaces, and each CJK ideograph or kana on its own.
/// The tokens concatenate back to the text, and no token boundary falls
/// inside a grapheme cluster (see [`join_split_graphemes`]).
pub fn tokenize(text: &str) -> Vec<&str> {
    if text.is_ascii() {
        return ascii_tokens(text);
    }
    if let Some(tokens) = fast_tokens(text) {
        return tokens;
    }
    let mut tokens = Vec::with_capacity(text.len() / 3);
    for word in text.split_word_bounds() {
        if word.chars().nth(1).is_some() && word.chars().any(is_cjk) {
            let mut start = 0;
            for (i, c) in word.char_indices() {
                if is_cjk(c) {
                    if start < i {
                        tokens.push(&word[start..i]);
                    }
                    tokens.push(&word[i..i + c.len_utf8()]);
                    start = i + c.len_utf8();
                }
            }
            if start < word.len() {
                tokens.push(&word[start..]);
            }
        } else {
            tokens.push(word);
        }
    }
    if !text.is_ascii() {
        join_split_graphemes(text, &mut tokens);
    }
    tokens
}

/// Room for the tokens of `n` characters. Prose has a word and a space about
/// every five characters, with punctuation more: room for one token in two
/// characters spares the vector's growing (a copy of all its tokens) in a
/// row's text, while the rows of megabytes, which the guess would
/// overshoot by more, get one in three and grow where they must.
fn token_capacity(n: usize) -> usize {
    if n <= 1 << 16 { n / 2 + 2 } else { n / 3 + 1 }
}

/// Word-break classes of ASCII characters (UAX #29, table 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wb {
    Cr,
    Lf,
    Newline,
    Space,
    Letter,
    Numeric,
    ExtendNumLet,
    /// `:`
    MidLetter,
    /// `.` and `'` (MidNumLet and Single_Quote behave alike here)
    MidNumLetQ,
    /// `,` and `;`
    MidNum,
    Other,
}

const fn wb(b: u8) -> Wb {
    match b {
        b'\r' => Wb::Cr,
        b'\n' => Wb::Lf,
        0x0B | 0x0C => Wb::Newline,
        b' ' => Wb::Space,
        b'A'..=b'Z' | b'a'..=b'z' => Wb::Letter,
        b'0'..=b'9' => Wb::Numeric,
        b'_' => Wb::ExtendNumLet,
        b':' => Wb::MidLetter,
        b'.' | b'\'' => Wb::MidNumLetQ,
        b',' | b';' => Wb::MidNum,
        _ => Wb::Other,
    }
}

/// The word-break class of every ASCII byte.
const WB_TABLE: [Wb; 128] = {
    let mut table = [Wb::Other; 128];
    let mut i = 0;
    while i < 128 {
        table[i] = wb(i as u8);
        i += 1;
    }
    table
};

/// UAX #29 word boundaries for ASCII text: the rules that can apply to ASCII
/// (WB3-WB3d, WB5-WB13b, WB999), so the result equals `split_word_bounds`
/// (a property test checks it) at a fraction of the cost.
fn ascii_tokens(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut tokens = Vec::with_capacity(token_capacity(n));
    if n == 0 {
        return tokens;
    }
    let class = |i: usize| WB_TABLE[usize::from(bytes[i] & 0x7F)];
    let mut start = 0;
    let mut before = Wb::Other;
    let mut p = class(0);
    let mut i = 1;
    while i < n {
        if p == Wb::Letter {
            // Letters join letters: a word's run is skipped without the rules
            // (most of a text is letters).
            let run = bytes[i..]
                .iter()
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
            if run > 0 {
                i += run;
                before = Wb::Letter;
                if i == n {
                    break;
                }
            }
        }
        let c = class(i);
        use Wb::*;
        let joined = match (p, c) {
            (Cr, Lf) => true,
            (Cr | Lf | Newline, _) | (_, Cr | Lf | Newline) => false,
            (Space, Space) => true,
            (Letter, Letter) | (Numeric, Numeric) | (Letter, Numeric) | (Numeric, Letter) => true,
            (Letter, MidLetter | MidNumLetQ) => i + 1 < n && class(i + 1) == Letter,
            (MidLetter | MidNumLetQ, Letter) => before == Letter && i >= 2,
            (Numeric, MidNum | MidNumLetQ) => i + 1 < n && class(i + 1) == Numeric,
            (MidNum | MidNumLetQ, Numeric) => before == Numeric && i >= 2,
            (Letter | Numeric | ExtendNumLet, ExtendNumLet) => true,
            (ExtendNumLet, Letter | Numeric) => true,
            _ => false,
        };
        if !joined {
            tokens.push(&text[start..i]);
            start = i;
        }
        before = p;
        p = c;
        i += 1;
    }
    tokens.push(&text[start..]);
    tokens
}

/// UAX #29 word boundaries for text that is ASCII but for typographic quotes
/// and dashes (‘ ’ “ ” – —), as English texts usually are: the rules that can
/// apply to those characters (WB3-WB3d, WB5-WB13b, WB999), so the result
/// equals `split_word_bounds` (a property test checks it) at a fraction of
/// the cost. `None` for any other character: the full algorithm is needed.
fn fast_tokens(text: &str) -> Option<Vec<&str>> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    // Each character: where it starts and its word-break class.
    let mut chars: Vec<(usize, Wb)> = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        if b < 0x80 {
            chars.push((i, WB_TABLE[usize::from(b)]));
            i += 1;
            continue;
        }
        let class = match bytes.get(i..i + 3) {
            // U+2018, U+2019: MidNumLet (between letters they join, as in Naomi’s).
            Some([0xE2, 0x80, 0x98 | 0x99]) => Wb::MidNumLetQ,
            // U+2013, U+2014, U+201C, U+201D: Other.
            Some([0xE2, 0x80, 0x93 | 0x94 | 0x9C | 0x9D]) => Wb::Other,
            _ => return None,
        };
        chars.push((i, class));
        i += 3;
    }
    let mut tokens = Vec::with_capacity(token_capacity(chars.len()));
    if chars.is_empty() {
        return Some(tokens);
    }
    let mut start = 0;
    for k in 1..chars.len() {
        let (p, c) = (chars[k - 1].1, chars[k].1);
        let before = k.checked_sub(2).map(|x| chars[x].1);
        let after = chars.get(k + 1).map(|x| x.1);
        use Wb::*;
        let joined = match (p, c) {
            (Cr, Lf) => true,
            (Cr | Lf | Newline, _) | (_, Cr | Lf | Newline) => false,
            (Space, Space) => true,
            (Letter, Letter) | (Numeric, Numeric) | (Letter, Numeric) | (Numeric, Letter) => true,
            (Letter, MidLetter | MidNumLetQ) => after == Some(Letter),
            (MidLetter | MidNumLetQ, Letter) => before == Some(Letter),
            (Numeric, MidNum | MidNumLetQ) => after == Some(Numeric),
            (MidNum | MidNumLetQ, Numeric) => before == Some(Numeric),
            (Letter | Numeric | ExtendNumLet, ExtendNumLet) => true,
            (ExtendNumLet, Letter | Numeric) => true,
            _ => false,
        };
        if !joined {
            let at = chars[k].0;
            tokens.push(&text[start..at]);
            start = at;
        }
    }
    tokens.push(&text[start..]);
    Some(tokens)
}

/// Joins neighbouring tokens whose boundary falls inside a grapheme cluster,
/// so that no edit ever splits what a reader sees as one character: an
/// ideograph and its variation selector (`漢\u{E0100}`), cut apart by the
/// one-token-per-CJK-character rule, or a prepended mark (`\u{600}1`), which
/// word boundaries attach to the character before it.
fn join_split_graphemes<'a>(text: &'a str, tokens: &mut Vec<&'a str>) {
    let mut at = 0;
    let mut bad = Vec::new();
    for (n, token) in tokens.iter().enumerate() {
        if n > 0 && !is_grapheme_boundary(text, at) {
            bad.push(n);
        }
        at += token.len();
    }
    if bad.is_empty() {
        return;
    }
    let mut joined: Vec<&'a str> = Vec::with_capacity(tokens.len());
    let (mut start, mut end) = (0, 0);
    let mut bad = bad.into_iter().peekable();
    for (n, token) in tokens.iter().enumerate() {
        if n > 0 && bad.next_if_eq(&n).is_none() {
            joined.push(&text[start..end]);
            start = end;
        }
        end += token.len();
    }
    joined.push(&text[start..end]);
    *tokens = joined;
}

/// True when byte `at` of `text` (0 < at < len) is between two grapheme clusters.
fn is_grapheme_boundary(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let (before, after) = (bytes[at - 1], bytes[at]);
    if before.is_ascii() && after.is_ascii() {
        // Between two ASCII characters only CR LF is one cluster.
        return !(before == b'\r' && after == b'\n');
    }
    GraphemeCursor::new(at, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(true)
}

/// Letters and digits in `text`: the size of an edit as a reader feels it.
pub(super) fn word_chars(text: &str) -> usize {
    // One pass that counts ASCII letters and digits and notes any byte
    // outside ASCII, in blocks whose counts fit a byte, so that it runs on
    // vector registers: every changed row counts its whole text. The blocks
    // are short because the texts are: a verse of 130 bytes is counted in
    // three pieces (its common start, the stretch between, its common end).
    let alnum =
        |b: u8| u8::from(((b | 0x20).wrapping_sub(b'a') < 26) | (b.wrapping_sub(b'0') < 10));
    let count_block = |block: &[u8; 32]| {
        let (mut n, mut h) = (0u8, 0u8);
        for &b in block {
            n += alnum(b);
            h |= b;
        }
        (usize::from(n), h)
    };
    let bytes = text.as_bytes();
    let (mut count, mut high) = (0usize, 0u8);
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        let (n, h) = count_block(block.try_into().expect("a block of 32"));
        count += n;
        high |= h;
    }
    let rest = blocks.remainder();
    if !rest.is_empty() {
        // The end, padded with zero bytes (neither letters nor outside ASCII)
        // to a block, is counted as one.
        let (n, h) = count_block(&padded(rest));
        count += n;
        high |= h;
    }
    if high < 0x80 {
        count
    } else {
        text.chars().filter(|c| c.is_alphanumeric()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::regressions_beside_source;
    use super::*;
    use crate::diff::words::{Op, OpKind, WORD_DIFF_BUDGET, diff_words};

    #[test]
    fn tokens_are_words_spaces_and_punctuation() {
        assert_eq!(
            tokenize("in lapan, (August-September)."),
            [
                "in",
                " ",
                "lapan",
                ",",
                " ",
                "(",
                "August",
                "-",
                "September",
                ")",
                "."
            ]
        );
    }

    proptest::proptest! {
        #![proptest_config(regressions_beside_source(2000))]

        /// The block-wise count is the count of letters and digits, for
        /// ASCII text of any length (blocks and remainder) and for any other.
        #[test]
        fn word_chars_counts_letters_and_digits(
            text in "[a-zA-Z0-9 _.,;:@`\\[{\x00-\x1f\x7f]{0,300}|[a-zé0-9 Жж人́.]{0,300}",
        ) {
            proptest::prop_assert_eq!(word_chars(&text), text.chars().filter(|c| c.is_alphanumeric()).count());
        }

        /// The fast path cuts exactly where UAX #29 does.
        #[test]
        fn fast_tokens_match_uax29(text in "[a-zA-Z0-9 _.,;:'\"\t\r\n\x0b\x0c()!?‘’“”–—-]{0,40}") {
            let expected: Vec<&str> = text.split_word_bounds().collect();
            proptest::prop_assert_eq!(fast_tokens(&text), Some(expected.clone()));
            if text.is_ascii() {
                proptest::prop_assert_eq!(ascii_tokens(&text), expected);
            }
        }
    }

    #[test]
    fn fast_tokens_on_tricky_cases() {
        for text in [
            "Naomi’s husband – Beth–lehem “Go,” ‘I have hope,’",
            "can't won't",
            "e.g. 3.14 1,000 a.1 1.a a_b 1_a",
            "x:y 12:30 a..b",
            "\r\n\n\r  \t tab",
            "'quoted' \"q\"",
            "end.",
        ] {
            let expected: Vec<&str> = text.split_word_bounds().collect();
            assert_eq!(fast_tokens(text), Some(expected), "{text:?}");
        }
    }

    #[test]
    fn cjk_characters_are_tokens() {
        assert_eq!(
            tokenize("人人生而自由。"),
            ["人", "人", "生", "而", "自", "由", "。"]
        );
        assert_eq!(tokenize("カタカナ"), ["カ", "タ", "カ", "ナ"]);
    }

    #[test]
    fn tokens_never_split_a_grapheme_cluster() {
        // An ideograph with a variation selector (found by fuzzing), a prepended
        // Arabic number sign, a flag, a family emoji and a combining accent.
        for text in [
            "漢\u{E0100}字",
            "a\u{600}1 b",
            "🇺🇳🇫🇷 👩\u{200d}👩\u{200d}👧 e\u{301}",
        ] {
            let tokens = tokenize(text);
            assert_eq!(tokens.concat(), text);
            let clusters: Vec<usize> = text.grapheme_indices(true).map(|(i, _)| i).collect();
            let mut at = 0;
            for t in tokens {
                assert!(clusters.contains(&at), "{text:?}: a token starts at {at}");
                at += t.len();
            }
        }
        assert_eq!(tokenize("漢\u{E0100}字"), ["漢\u{E0100}", "字"]);
        let d = diff_words("漢\u{E0100}字", "漢\u{E0101}字", WORD_DIFF_BUDGET);
        assert_eq!(
            d.ops,
            [
                Op::new(OpKind::Delete, "漢\u{E0100}"),
                Op::new(OpKind::Insert, "漢\u{E0101}"),
                Op::new(OpKind::Equal, "字"),
            ]
        );
    }
}
