//! The word-level edit script: Myers over word tokens, with a time budget.

use std::ops::Range;
use std::time::{Duration, Instant};

use similar::Algorithm;
use similar::algorithms::DiffHook;

use crate::align::lis::{Candidate, heaviest_chain};

use super::cleanup::finish;
use super::ops::{Op, OpKind, Span, push_span};
use super::tokens::{tokenize, word_chars};

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
    /// Letters and digits of A in deleted stretches: the rest of A's are unchanged
    /// (every token of A is either kept or deleted), counted without a call per kept word.
    deleted_chars: usize,
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
            let (word_a, word_b) = (x.start + x.text.len(), y.start + y.text.len());
            let (end_a, end_b) = (self.at_a(i + 1), self.at_b(j + 1));
            let same = self.a.as_bytes()[word_a..end_a] == self.b.as_bytes()[word_b..end_b];
            self.equal_bytes += x.text.len();
            if same {
                // The word and its spaces in one span.
                self.equal_bytes += end_a - word_a;
                push_span(
                    &mut self.spans,
                    Span {
                        a: x.start..end_a,
                        b: y.start..end_b,
                        equal: true,
                    },
                );
                continue;
            }
            push_span(
                &mut self.spans,
                Span {
                    a: x.start..word_a,
                    b: y.start..word_b,
                    equal: true,
                },
            );
            push_span(
                &mut self.spans,
                Span {
                    a: word_a..end_a,
                    b: word_b..end_b,
                    equal: false,
                },
            );
        }
        Ok(())
    }

    fn delete(&mut self, old: usize, len: usize, new: usize) -> Result<(), Self::Error> {
        let (from, to, at) = (self.at_a(old), self.at_a(old + len), self.at_b(new));
        self.deleted_chars += word_chars(&self.a[from..to]);
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
    // Words and punctuation: about two thirds of the tokens where a text has
    // commas, since a comma has no space before it.
    let mut folded: Vec<Token<'t>> = Vec::with_capacity(tokens.len() * 2 / 3 + 2);
    let mut pos = base;
    for t in tokens {
        let spaces = t.bytes().all(|b| b == b' ' || b == b'\t');
        if !spaces || folded.is_empty() {
            folded.push(Token {
                hash: crate::text::hash_text(t),
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

/// Tokens (words, punctuation and spaces) of a row per `budget`: a row of
/// more gets the budget once more for each such share of its size, so that
/// a paragraph of megabytes still gets a real word diff (git takes seconds on
/// one) while no row can take longer than its size warrants.
const TOKENS_PER_BUDGET: usize = 400_000;

fn scaled_budget(budget: Duration, tokens: usize) -> Duration {
    let shares = u32::try_from(tokens / TOKENS_PER_BUDGET).unwrap_or(u32::MAX);
    budget.saturating_mul(shares.max(1))
}

/// Compares two texts word by word within `budget` (more for a row of more
/// than [`TOKENS_PER_BUDGET`] tokens).
///
/// The raw edit script comes from `similar` (Myers with a deadline). If the
/// deadline passes, the row falls back to a whole-text replacement and
/// `timed_out` is set. Otherwise the script is cleaned up as [`super::cleanup`] says.
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
    let budget = scaled_budget(budget, ta.len() + tb.len());
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
        deleted_chars: 0,
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
    if ha.len().max(hb.len()) > SPLIT_TOKENS {
        diff_by_sentences(&mut hook, &ha, &hb, deadline);
    } else {
        myers(&mut hook, 0..ha.len(), 0..hb.len(), deadline);
    }
    if start.elapsed() > budget {
        return WordDiff {
            ops: replacement(a, b),
            similarity: 0.0,
            timed_out: true,
        };
    }
    let SpanHook {
        mut spans,
        deleted_chars,
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
    let chars_a = word_chars(ma);
    let equal_chars = ends_chars + chars_a - deleted_chars;
    let total = 2 * ends_chars + chars_a + word_chars(mb);
    let similarity = if total == 0 {
        // Only spaces and punctuation: similar if most characters agree.
        2.0 * equal_bytes as f64 / (a.len() + b.len()).max(1) as f64
    } else {
        2.0 * equal_chars as f64 / total as f64
    };
    WordDiff {
        ops: finish(a, b, spans),
        similarity: similarity.clamp(0.0, 1.0),
        timed_out: false,
    }
}

/// Myers over tokens `ra` of A and `rb` of B, into the hook's spans.
fn myers(hook: &mut SpanHook<'_>, ra: Range<usize>, rb: Range<usize>, deadline: Option<Instant>) {
    let (ta, tb) = (hook.ta, hook.tb);
    // The hook cannot fail; past the deadline Myers gives a rough script, which the caller drops.
    let _ = similar::algorithms::diff_deadline(Algorithm::Myers, hook, ta, ra, tb, rb, deadline);
}

/// Rows with more tokens than this on a side (words and punctuation: some
/// 300 KB of text) are cut into sentences before Myers.
const SPLIT_TOKENS: usize = 100_000;

/// The word diff of a very long row (a whole book as one paragraph): each
/// side is cut into sentences (runs of tokens ending in `.`, `!` or `?`), the
/// sentences that occur as often on each side (once, mostly), paired in order,
/// anchor the two (a longest increasing chain), and Myers runs only between anchors, as
/// git's patience diff does with lines. Myers over millions of tokens at once
/// would cost the product of the length and the number of differences.
fn diff_by_sentences(
    hook: &mut SpanHook<'_>,
    ha: &[Token<'_>],
    hb: &[Token<'_>],
    deadline: Option<Instant>,
) {
    let (ua, ub) = (sentence_units(ha), sentence_units(hb));
    // Sentence hash → where it occurs in A and in B.
    let mut at: rustc_hash::FxHashMap<u64, (Vec<usize>, Vec<usize>)> =
        rustc_hash::FxHashMap::default();
    for (i, u) in ua.iter().enumerate() {
        at.entry(u.2).or_default().0.push(i);
    }
    for (j, u) in ub.iter().enumerate() {
        if let Some(e) = at.get_mut(&u.2) {
            e.1.push(j);
        }
    }
    // A sentence that occurs as often in A as in B (once, mostly) pairs in order of occurrence.
    let candidates: Vec<Candidate> = at
        .into_values()
        .filter(|(xs, ys)| xs.len() == ys.len())
        .flat_map(|(xs, ys)| xs.into_iter().zip(ys))
        .filter(|&(i, j)| ha[ua[i].0..ua[i].1] == hb[ub[j].0..ub[j].1])
        .map(|(i, j)| Candidate { i, j, weight: 1 })
        .collect();
    let (mut pa, mut pb) = (0, 0);
    for c in heaviest_chain(candidates, ub.len()) {
        let ((sa, ea, _), (sb, eb, _)) = (ua[c.i], ub[c.j]);
        myers(hook, pa..sa, pb..sb, deadline);
        let _ = hook.equal(sa, sb, ea - sa);
        (pa, pb) = (ea, eb);
    }
    myers(hook, pa..ha.len(), pb..hb.len(), deadline);
}

/// Runs of tokens that end after a `.`, `!` or `?` token (or at the end):
/// (first token, end, hash of the run's tokens).
fn sentence_units(tokens: &[Token<'_>]) -> Vec<(usize, usize, u64)> {
    let mut units = Vec::new();
    let (mut start, mut hash) = (0, 0u64);
    for (k, t) in tokens.iter().enumerate() {
        hash = (hash.rotate_left(5) ^ t.hash).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        if matches!(t.text, "." | "!" | "?") || k + 1 == tokens.len() {
            units.push((start, k + 1, hash));
            (start, hash) = (k + 1, 0);
        }
    }
    units
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

#[cfg(test)]
mod tests {
    use super::super::ops::rebuild;
    use super::super::testutil::{regressions_beside_source, wdiff};
    use super::*;

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
    fn similarity_is_a_share_of_letters() {
        let same = diff_words("abc def", "abc def", WORD_DIFF_BUDGET);
        assert_eq!(same.similarity, 1.0);
        let none = diff_words("abc", "xyz", WORD_DIFF_BUDGET);
        assert_eq!(none.similarity, 0.0);
        let half = diff_words("aaa bbb", "aaa ccc", WORD_DIFF_BUDGET);
        assert!((half.similarity - 0.5).abs() < 1e-9);
    }

    #[test]
    fn a_book_as_one_paragraph_gets_a_word_diff() {
        // Ruth sixty times over as one paragraph, some 750 KB: cut into
        // sentences before Myers. One word of one copy changed in B.
        let verses = crate::testdata::verses(crate::testdata::RUTH_KJV);
        let book = verses.join(" ");
        let a = vec![book.as_str(); 60].join(" ");
        let changed = book.replacen("a famine", "a dearth", 1);
        let mut copies = vec![book.as_str(); 60];
        copies[7] = &changed;
        let b = copies.join(" ");
        assert!(tokenize(&a).len() > 2 * SPLIT_TOKENS);
        let d = diff_words(&a, &b, WORD_DIFF_BUDGET);
        assert!(!d.timed_out);
        assert_eq!(rebuild(&d.ops, OpKind::Delete), a);
        assert_eq!(rebuild(&d.ops, OpKind::Insert), b);
        let edits: Vec<(OpKind, &str)> = d
            .ops
            .iter()
            .filter(|o| o.op != OpKind::Equal)
            .map(|o| (o.op, o.text.as_str()))
            .collect();
        assert_eq!(
            edits,
            [(OpKind::Delete, "famine"), (OpKind::Insert, "dearth")]
        );
        // Where the change is: after seven whole copies and the start of the eighth.
        let at = 7 * (book.len() + 1) + book.find("a famine").unwrap_or(0) + 2;
        assert_eq!(d.ops[0].text.len(), at);
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
