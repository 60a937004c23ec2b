//! Word tokens, the word-level edit script, and its semantic cleanup.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use similar::Algorithm;
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use crate::text::is_cjk;

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
    let mut tokens = Vec::with_capacity(n / 3 + 1);
    if n == 0 {
        return tokens;
    }
    let class = |i: usize| WB_TABLE[usize::from(bytes[i] & 0x7F)];
    let mut start = 0;
    let mut before = Wb::Other;
    let mut p = class(0);
    for i in 1..n {
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
    let mut tokens = Vec::with_capacity(chars.len() / 3 + 1);
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

/// What an op does to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OpKind {
    Equal,
    Delete,
    Insert,
}

/// One step of an edit script: equal and deleted text rebuild A, equal and inserted text rebuild B.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    pub op: OpKind,
    pub text: String,
}

impl Op {
    fn new(op: OpKind, text: impl Into<String>) -> Op {
        Op {
            op,
            text: text.into(),
        }
    }
}

/// The word-level comparison of two texts.
#[derive(Debug, Clone, PartialEq)]
pub struct WordDiff {
    pub ops: Vec<Op>,
    /// Share of the two texts' letters and digits that is unchanged, in [0, 1].
    pub similarity: f64,
    /// The time budget ran out, so the texts are shown as one whole replacement.
    pub timed_out: bool,
}

/// Receives Myers' edit script and turns it into spans of byte ranges.
struct SpanHook<'t> {
    a: &'t str,
    b: &'t str,
    /// The tokens Myers compares, each with its position.
    ta: &'t [Token<'t>],
    tb: &'t [Token<'t>],
    /// Where the compared stretch ends in each text.
    end_a: usize,
    end_b: usize,
    spans: Vec<Span>,
    equal_chars: usize,
    equal_bytes: usize,
}

impl SpanHook<'_> {
    /// Byte offset of token `i` of A (or of the end).
    fn at_a(&self, i: usize) -> usize {
        self.ta.get(i).map_or(self.end_a, |t| t.start)
    }

    fn at_b(&self, j: usize) -> usize {
        self.tb.get(j).map_or(self.end_b, |t| t.start)
    }
}

impl similar::algorithms::DiffHook for SpanHook<'_> {
    type Error = std::convert::Infallible;

    fn equal(&mut self, old: usize, new: usize, len: usize) -> Result<(), Self::Error> {
        for k in 0..len {
            let (i, j) = (old + k, new + k);
            let (x, y) = (self.ta[i], self.tb[j]);
            // The words are equal; the spaces after them may not be.
            let word = Span {
                a: x.start..x.start + x.text.len(),
                b: y.start..y.start + y.text.len(),
                equal: true,
            };
            self.equal_chars += word_chars(x.text);
            self.equal_bytes += x.text.len();
            let (sa, sb) = (word.a.end..self.at_a(i + 1), word.b.end..self.at_b(j + 1));
            push_span(&mut self.spans, word);
            let same = self.a[sa.clone()] == self.b[sb.clone()];
            if same {
                self.equal_bytes += sa.len();
            }
            push_span(
                &mut self.spans,
                Span {
                    a: sa,
                    b: sb,
                    equal: same,
                },
            );
        }
        Ok(())
    }

    fn delete(&mut self, old: usize, len: usize, new: usize) -> Result<(), Self::Error> {
        let (from, to, at) = (self.at_a(old), self.at_a(old + len), self.at_b(new));
        push_span(
            &mut self.spans,
            Span {
                a: from..to,
                b: at..at,
                equal: false,
            },
        );
        Ok(())
    }

    fn insert(&mut self, old: usize, new: usize, len: usize) -> Result<(), Self::Error> {
        let (at, from, to) = (self.at_a(old), self.at_b(new), self.at_b(new + len));
        push_span(
            &mut self.spans,
            Span {
                a: at..at,
                b: from..to,
                equal: false,
            },
        );
        Ok(())
    }
}

/// Attaches each run of spaces or tabs to the token before it, so that Myers
/// compares words and punctuation only (half as many tokens, a quarter of the
/// work) while the spans still cover every byte: a token's spaces run from
/// the end of its text to the start of the next token. `base` is the offset
/// of the first token in its text.
fn fold_spaces<'t>(tokens: &[&'t str], base: usize) -> Vec<Token<'t>> {
    let mut folded: Vec<Token<'t>> = Vec::with_capacity(tokens.len() / 2 + 1);
    let mut pos = base;
    for t in tokens {
        let spaces = t.bytes().all(|b| b == b' ' || b == b'\t');
        if !spaces || folded.is_empty() {
            let mut h = rustc_hash::FxHasher::default();
            std::hash::Hasher::write(&mut h, t.as_bytes());
            folded.push(Token {
                hash: std::hash::Hasher::finish(&h),
                text: t,
                start: pos,
            });
        }
        pos += t.len();
    }
    folded
}

/// A token with its hash: unequal tokens are told apart by one comparison of
/// numbers, equal ones are confirmed on their text.
#[derive(Debug, Clone, Copy)]
struct Token<'t> {
    hash: u64,
    text: &'t str,
    /// Byte offset of the token in its whole text.
    start: usize,
}

impl PartialEq for Token<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.text == other.text
    }
}

impl Eq for Token<'_> {}

impl std::hash::Hash for Token<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// Rows with fewer token pairs than this are diffed without a deadline: Myers
/// on them is bounded by the product, which is tiny.
const SMALL_DIFF: usize = 40_000;

/// Default time budget for the word diff of one row.
pub const WORD_DIFF_BUDGET: Duration = Duration::from_millis(500);

/// Compares two texts word by word within `budget`.
///
/// The raw edit script comes from `similar` (Myers with a deadline). If the
/// deadline passes, the row falls back to a whole-text replacement and
/// `timed_out` is set. Otherwise the script is cleaned up as [`cleanup`] says.
pub fn diff_words(a: &str, b: &str, budget: Duration) -> WordDiff {
    diff_words_trimmed(a, b, budget, true)
}

/// [`diff_words`], with the common start and end cut off first (`trim`) or not.
fn diff_words_trimmed(a: &str, b: &str, budget: Duration, trim: bool) -> WordDiff {
    if a == b {
        let ops = if a.is_empty() {
            Vec::new()
        } else {
            vec![Op::new(OpKind::Equal, a)]
        };
        return WordDiff {
            ops,
            similarity: 1.0,
            timed_out: false,
        };
    }
    let start = Instant::now();
    // Most rows differ in a few words: only the stretch between the common
    // start and end, cut at word boundaries, is tokenized and diffed.
    let pre = if trim { safe_prefix(a, b) } else { 0 };
    let suf = if trim {
        safe_suffix(&a.as_bytes()[pre..], &b.as_bytes()[pre..])
    } else {
        0
    };
    let (ma, mb) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let ta = tokenize(ma);
    let tb = tokenize(mb);
    // Small rows cannot take long; only large ones pay for watching the clock.
    let deadline = if ta.len().saturating_mul(tb.len()) > SMALL_DIFF {
        start.checked_add(budget)
    } else {
        None
    };
    let ha = fold_spaces(&ta, pre);
    let hb = fold_spaces(&tb, pre);
    let ends_chars = word_chars(&a[..pre]) + word_chars(&a[a.len() - suf..]);
    let mut hook = SpanHook {
        a,
        b,
        ta: &ha,
        tb: &hb,
        end_a: a.len() - suf,
        end_b: b.len() - suf,
        spans: Vec::with_capacity(16),
        equal_chars: ends_chars,
        equal_bytes: pre + suf,
    };
    push_span(
        &mut hook.spans,
        Span {
            a: 0..pre,
            b: 0..pre,
            equal: true,
        },
    );
    // The spans come straight from Myers: no intermediate list of ops.
    let _ = similar::algorithms::diff_deadline(
        Algorithm::Myers,
        &mut hook,
        &ha[..],
        0..ha.len(),
        &hb[..],
        0..hb.len(),
        deadline,
    );
    if start.elapsed() > budget {
        return WordDiff {
            ops: replacement(a, b),
            similarity: 0.0,
            timed_out: true,
        };
    }
    let SpanHook {
        mut spans,
        equal_chars,
        equal_bytes,
        ..
    } = hook;
    push_span(
        &mut spans,
        Span {
            a: a.len() - suf..a.len(),
            b: b.len() - suf..b.len(),
            equal: true,
        },
    );
    let total = 2 * ends_chars + word_chars(ma) + word_chars(mb);
    let similarity = if total == 0 {
        // Only spaces and punctuation: similar if most characters agree.
        2.0 * equal_bytes as f64 / (a.len() + b.len()).max(1) as f64
    } else {
        2.0 * equal_chars as f64 / total as f64
    };
    WordDiff {
        ops: span_ops(a, b, &cleanup_spans(a, b, spans)),
        similarity: similarity.clamp(0.0, 1.0),
        timed_out: false,
    }
}

/// The fallback script: all of A deleted, all of B inserted.
pub fn replacement(a: &str, b: &str) -> Vec<Op> {
    let mut ops = Vec::new();
    if !a.is_empty() {
        ops.push(Op::new(OpKind::Delete, a));
    }
    if !b.is_empty() {
        ops.push(Op::new(OpKind::Insert, b));
    }
    ops
}

/// True for a character that always starts a new word after a space: it is
/// no combining mark or joiner that UAX #29 would attach to the space.
fn starts_word(c: char) -> bool {
    c.is_ascii_graphic()
        || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{0386}'..='\u{03FF}' | '\u{0400}'..='\u{0482}' | '\u{048A}'..='\u{052F}')
}

/// How many leading bytes `a` and `b` share, cut back to just after a space
/// that is followed in both by a character starting a word: a place where
/// both texts have a word boundary, so diffing the rest finds what diffing
/// the whole would.
fn safe_prefix(a: &str, b: &str) -> usize {
    let (ab, bb) = (a.as_bytes(), b.as_bytes());
    let n = ab.iter().zip(bb).take_while(|(x, y)| x == y).count();
    let mut p = n;
    while p > 0 {
        // After an ASCII space, p is a character boundary in both texts.
        if ab[p - 1] == b' '
            && a[p..].chars().next().is_some_and(starts_word)
            && b[p..].chars().next().is_some_and(starts_word)
        {
            return p;
        }
        p -= 1;
    }
    0
}

/// How many trailing bytes `a` and `b` share, cut forward to a space that
/// follows a non-space in both (the start of a space run: a word boundary).
fn safe_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut q = n;
    while q > 0 {
        let (sa, sb) = (a.len() - q, b.len() - q);
        if a[sa] == b' ' && sa > 0 && sb > 0 && a[sa - 1] != b' ' && b[sb - 1] != b' ' {
            return q;
        }
        q -= 1;
    }
    0
}

/// Letters and digits in `text`: the size of an edit as a reader feels it.
fn word_chars(text: &str) -> usize {
    if text.is_ascii() {
        text.bytes().filter(u8::is_ascii_alphanumeric).count()
    } else {
        text.chars().filter(|c| c.is_alphanumeric()).count()
    }
}

/// A stretch of the script as byte ranges: unchanged text (the same in A and
/// B), or one edit (what was deleted from A, what was inserted in B). Ranges
/// of neighbouring spans touch, so merging spans is joining ranges.
#[derive(Debug, Clone)]
struct Span {
    a: std::ops::Range<usize>,
    b: std::ops::Range<usize>,
    equal: bool,
}

/// Appends a span, joining it to the last one when both are equal or both are edits.
fn push_span(spans: &mut Vec<Span>, span: Span) {
    if span.a.is_empty() && span.b.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last) if last.equal == span.equal => {
            last.a.end = span.a.end;
            last.b.end = span.b.end;
        }
        _ => spans.push(span),
    }
}

/// Merges short coincidental equalities between edits into the edits, as
/// diff-match-patch's semantic cleanup does, so that a reader sees
/// `[-in the house-]{+on a boat+}` rather than three small replacements.
///
/// An equality between two edits is merged when it holds no letters or digits
/// (only spaces and punctuation), or when twice its letters are no more than
/// the larger side of the edit before it and of the edit after it. So
/// `brown fox jumps` → `red fox leaped` keeps `fox` (3 letters against edits
/// of 5 and 6), while a lone `a` between two long edits is absorbed. Merging
/// cascades: a grown edit may absorb the equality before it too.
///
/// After cleanup each edit is one delete followed by one insert, and the ops
/// still rebuild both texts exactly.
pub fn cleanup(ops: Vec<Op>) -> Vec<Op> {
    let a = rebuild(&ops, OpKind::Delete);
    let b = rebuild(&ops, OpKind::Insert);
    let mut spans = Vec::with_capacity(ops.len());
    let (mut pa, mut pb) = (0, 0);
    for op in &ops {
        let n = op.text.len();
        let span = match op.op {
            OpKind::Equal => Span {
                a: pa..pa + n,
                b: pb..pb + n,
                equal: true,
            },
            OpKind::Delete => Span {
                a: pa..pa + n,
                b: pb..pb,
                equal: false,
            },
            OpKind::Insert => Span {
                a: pa..pa,
                b: pb..pb + n,
                equal: false,
            },
        };
        pa = span.a.end;
        pb = span.b.end;
        push_span(&mut spans, span);
    }
    span_ops(&a, &b, &cleanup_spans(&a, &b, spans))
}

/// Spaces that end both the deleted and the inserted text of an edit (words
/// are compared with their trailing spaces attached) are moved out of the
/// edit into the unchanged text after it: `[-brown-]{+red+} fox`, not
/// `[-brown -]{+red +}fox`.
fn shift_common_spaces(a: &str, b: &str, spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len() + 2);
    let mut carried = 0;
    for mut span in spans {
        if carried > 0 {
            push_span(
                &mut out,
                Span {
                    a: span.a.start - carried..span.a.start,
                    b: span.b.start - carried..span.b.start,
                    equal: true,
                },
            );
            carried = 0;
        }
        if !span.equal && !span.a.is_empty() && !span.b.is_empty() {
            let (x, y) = (&a.as_bytes()[span.a.clone()], &b.as_bytes()[span.b.clone()]);
            let k = x
                .iter()
                .rev()
                .zip(y.iter().rev())
                .take_while(|(p, q)| p == q && matches!(p, b' ' | b'\t'))
                .count();
            span.a.end -= k;
            span.b.end -= k;
            carried = k;
        }
        let end = (span.a.end + carried, span.b.end + carried);
        push_span(&mut out, span);
        if carried > 0 && end.0 == a.len() && end.1 == b.len() {
            push_span(
                &mut out,
                Span {
                    a: end.0 - carried..end.0,
                    b: end.1 - carried..end.1,
                    equal: true,
                },
            );
            carried = 0;
        }
    }
    out
}

fn cleanup_spans(a: &str, b: &str, spans: Vec<Span>) -> Vec<Span> {
    let spans = shift_common_spaces(a, b, spans);
    let edit_size = |s: &Span| word_chars(&a[s.a.clone()]).max(word_chars(&b[s.b.clone()]));
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        let is_edit = !span.equal;
        push_span(&mut out, span);
        if !is_edit {
            continue;
        }
        // While the spans end in edit, equality, edit and that equality is coincidental, merge the three.
        while out.len() >= 3 {
            let n = out.len();
            let letters = word_chars(&a[out[n - 2].a.clone()]);
            let before = edit_size(&out[n - 3]);
            let after = edit_size(&out[n - 1]);
            if letters > 0 && 2 * letters > before.min(after) {
                break;
            }
            let (a_end, b_end) = out.pop().map_or((0, 0), |s| (s.a.end, s.b.end));
            out.pop();
            if let Some(edit) = out.last_mut() {
                edit.a.end = a_end;
                edit.b.end = b_end;
            }
        }
    }
    out
}

/// Turns spans into ops: equal text, or a delete followed by an insert.
fn span_ops(a: &str, b: &str, spans: &[Span]) -> Vec<Op> {
    let count = spans
        .iter()
        .map(|s| {
            if s.equal {
                1
            } else {
                usize::from(!s.a.is_empty()) + usize::from(!s.b.is_empty())
            }
        })
        .sum();
    let mut ops = Vec::with_capacity(count);
    for s in spans {
        if s.equal {
            ops.push(Op::new(OpKind::Equal, &a[s.a.clone()]));
        } else {
            if !s.a.is_empty() {
                ops.push(Op::new(OpKind::Delete, &a[s.a.clone()]));
            }
            if !s.b.is_empty() {
                ops.push(Op::new(OpKind::Insert, &b[s.b.clone()]));
            }
        }
    }
    ops
}

/// Rebuilds A (`side` = Delete) or B (`side` = Insert) from ops.
pub fn rebuild(ops: &[Op], side: OpKind) -> String {
    ops.iter()
        .filter(|o| o.op == OpKind::Equal || o.op == side)
        .map(|o| o.text.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(ops: &[Op]) -> String {
        ops.iter()
            .map(|o| match o.op {
                OpKind::Equal => o.text.clone(),
                OpKind::Delete => format!("[-{}-]", o.text),
                OpKind::Insert => format!("{{+{}+}}", o.text),
            })
            .collect()
    }

    fn wdiff(a: &str, b: &str) -> String {
        let d = diff_words(a, b, WORD_DIFF_BUDGET);
        assert_eq!(rebuild(&d.ops, OpKind::Delete), a);
        assert_eq!(rebuild(&d.ops, OpKind::Insert), b);
        marked(&d.ops)
    }

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

    /// Cases that once failed are kept in `words.regressions` beside this file.
    fn regressions_beside_source(cases: u32) -> proptest::prelude::ProptestConfig {
        proptest::prelude::ProptestConfig {
            cases,
            failure_persistence: Some(Box::new(
                proptest::test_runner::FileFailurePersistence::WithSource("regressions"),
            )),
            ..proptest::prelude::ProptestConfig::default()
        }
    }

    proptest::proptest! {
        #![proptest_config(regressions_beside_source(2000))]

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

    proptest::proptest! {
        #![proptest_config(regressions_beside_source(1000))]

        /// Cutting off the common start and end first keeps as many words
        /// unchanged as diffing the whole (Myers may break ties differently
        /// among edit scripts of equal length, so the ops themselves may differ).
        #[test]
        fn trimming_gives_the_same_diff(
            words in proptest::collection::vec("[a-zA-Z]{1,5}|[,.;]|éa|Жук|人|́x", 1..30),
            edits in proptest::collection::vec((0usize..30, "[a-zA-Z]{1,4}|"), 0..4),
        ) {
            let a = words.join(" ");
            let mut w = words.clone();
            for (at, new) in edits {
                let i = at % w.len();
                w[i] = new;
            }
            let b = w.join(" ");
            let trimmed = diff_words_trimmed(&a, &b, WORD_DIFF_BUDGET, true);
            let whole = diff_words_trimmed(&a, &b, WORD_DIFF_BUDGET, false);
            proptest::prop_assert_eq!(rebuild(&trimmed.ops, OpKind::Delete), a.clone());
            proptest::prop_assert_eq!(rebuild(&trimmed.ops, OpKind::Insert), b.clone());
            proptest::prop_assert!((trimmed.similarity - whole.similarity).abs() < 1e-9,
                "{} vs {}", trimmed.similarity, whole.similarity);
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

    #[test]
    fn scanning_error_is_one_word() {
        assert_eq!(
            wdiff("the scene, in lapan.", "the scene, in Japan."),
            "the scene, in [-lapan-]{+Japan+}."
        );
    }

    #[test]
    fn two_word_replacements_keep_the_word_between() {
        assert_eq!(
            wdiff("the quick brown fox jumps", "the quick red fox leaped"),
            "the quick [-brown-]{+red+} fox [-jumps-]{+leaped+}"
        );
    }

    #[test]
    fn spaces_between_edits_are_absorbed() {
        assert_eq!(
            wdiff("it sat in the house today", "it sat on a boat today"),
            "it sat [-in the house-]{+on a boat+} today"
        );
    }

    #[test]
    fn coincidental_short_word_is_absorbed() {
        assert_eq!(
            wdiff(
                "whereupon the committee resolved a permanent arrangement",
                "although the secretariat proposed a temporary settlement"
            ),
            "[-whereupon the committee resolved a permanent arrangement-]{+although the secretariat proposed a temporary settlement+}"
        );
    }

    #[test]
    fn cjk_diff_marks_characters() {
        assert_eq!(
            wdiff(
                "人人生而自由，在尊严和权利上一律平等。",
                "人人生而平等，在尊严和权利上一律自由。"
            ),
            "人人生而[-自由-]{+平等+}，在尊严和权利上一律[-平等-]{+自由+}。"
        );
    }

    #[test]
    fn similarity_is_a_share_of_letters() {
        let same = diff_words("abc def", "abc def", WORD_DIFF_BUDGET);
        assert_eq!(same.similarity, 1.0);
        let none = diff_words("abc", "xyz", WORD_DIFF_BUDGET);
        assert_eq!(none.similarity, 0.0);
        let half = diff_words("aaa bbb", "aaa ccc", WORD_DIFF_BUDGET);
        assert!((half.similarity - 0.5).abs() < 1e-9);
    }

    #[test]
    fn zero_budget_falls_back_to_replacement() {
        let d = diff_words("one two three", "one two four", Duration::ZERO);
        assert!(d.timed_out);
        assert_eq!(
            d.ops,
            [
                Op::new(OpKind::Delete, "one two three"),
                Op::new(OpKind::Insert, "one two four")
            ]
        );
    }
}
