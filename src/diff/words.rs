//! Word tokens, the word-level edit script, and its semantic cleanup.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use similar::{Algorithm, capture_diff_slices_deadline};
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

use crate::text::is_cjk;

/// Splits text into tokens: words (UAX #29 word boundaries), each punctuation
/// mark, each run of spaces, and each CJK ideograph or kana on its own.
/// The tokens concatenate back to the text, and no token boundary falls
/// inside a grapheme cluster (see [`join_split_graphemes`]).
pub fn tokenize(text: &str) -> Vec<&str> {
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

/// Default time budget for the word diff of one row.
pub const WORD_DIFF_BUDGET: Duration = Duration::from_millis(500);

/// Compares two texts word by word within `budget`.
///
/// The raw edit script comes from `similar` (Myers with a deadline). If the
/// deadline passes, the row falls back to a whole-text replacement and
/// `timed_out` is set. Otherwise the script is cleaned up with [`cleanup`].
pub fn diff_words(a: &str, b: &str, budget: Duration) -> WordDiff {
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
    let ta = tokenize(a);
    let tb = tokenize(b);
    let deadline = start.checked_add(budget);
    let raw = capture_diff_slices_deadline(Algorithm::Myers, &ta, &tb, deadline);
    if start.elapsed() > budget {
        return WordDiff {
            ops: replacement(a, b),
            similarity: 0.0,
            timed_out: true,
        };
    }
    let mut ops = Vec::with_capacity(raw.len() * 2);
    let mut equal_chars = 0;
    for op in &raw {
        let (tag, old, new) = op.as_tag_tuple();
        match tag {
            similar::DiffTag::Equal => {
                let text: String = ta[old].concat();
                equal_chars += word_chars(&text);
                push(&mut ops, OpKind::Equal, &text);
            }
            similar::DiffTag::Delete => push(&mut ops, OpKind::Delete, &ta[old].concat()),
            similar::DiffTag::Insert => push(&mut ops, OpKind::Insert, &tb[new].concat()),
            similar::DiffTag::Replace => {
                push(&mut ops, OpKind::Delete, &ta[old].concat());
                push(&mut ops, OpKind::Insert, &tb[new].concat());
            }
        }
    }
    let total = word_chars(a) + word_chars(b);
    let similarity = if total == 0 {
        // Only spaces and punctuation: similar if most characters agree.
        let chars = a.chars().count() + b.chars().count();
        let equal: usize = ops
            .iter()
            .filter(|o| o.op == OpKind::Equal)
            .map(|o| o.text.chars().count())
            .sum();
        if chars == 0 {
            1.0
        } else {
            2.0 * equal as f64 / chars as f64
        }
    } else {
        2.0 * equal_chars as f64 / total as f64
    };
    WordDiff {
        ops: cleanup(ops),
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

fn push(ops: &mut Vec<Op>, kind: OpKind, text: &str) {
    if text.is_empty() {
        return;
    }
    match ops.last_mut() {
        Some(last) if last.op == kind => last.text.push_str(text),
        _ => ops.push(Op::new(kind, text)),
    }
}

/// Letters and digits in `text`: the size of an edit as a reader feels it.
fn word_chars(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
}

/// A run of the script: unchanged text, or one edit (what was deleted, what was inserted).
enum Run {
    Equal(String),
    Edit { del: String, ins: String },
}

impl Run {
    fn edit_size(&self) -> usize {
        match self {
            Run::Equal(_) => 0,
            Run::Edit { del, ins } => word_chars(del).max(word_chars(ins)),
        }
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
    let mut runs: Vec<Run> = Vec::with_capacity(ops.len());
    for op in ops {
        match op.op {
            OpKind::Equal => runs.push(Run::Equal(op.text)),
            kind => {
                if !matches!(runs.last(), Some(Run::Edit { .. })) {
                    runs.push(Run::Edit {
                        del: String::new(),
                        ins: String::new(),
                    });
                }
                if let Some(Run::Edit { del, ins }) = runs.last_mut() {
                    if kind == OpKind::Delete {
                        del.push_str(&op.text);
                    } else {
                        ins.push_str(&op.text);
                    }
                }
                absorb(&mut runs);
            }
        }
    }
    let mut out = Vec::with_capacity(runs.len() * 2);
    for run in runs {
        match run {
            Run::Equal(text) => push(&mut out, OpKind::Equal, &text),
            Run::Edit { del, ins } => {
                push(&mut out, OpKind::Delete, &del);
                push(&mut out, OpKind::Insert, &ins);
            }
        }
    }
    out
}

/// While the runs end in edit, equality, edit and that equality is coincidental, merge the three.
fn absorb(runs: &mut Vec<Run>) {
    while runs.len() >= 3 {
        let n = runs.len();
        let Run::Equal(eq) = &runs[n - 2] else {
            return;
        };
        let letters = word_chars(eq);
        let before = runs[n - 3].edit_size();
        let after = runs[n - 1].edit_size();
        if letters > 0 && 2 * letters > before.min(after) {
            return;
        }
        let (
            Some(Run::Edit { del: d2, ins: i2 }),
            Some(Run::Equal(eq)),
            Some(Run::Edit { del, ins }),
        ) = (runs.pop(), runs.pop(), runs.last_mut())
        else {
            return;
        };
        del.push_str(&eq);
        del.push_str(&d2);
        ins.push_str(&eq);
        ins.push_str(&i2);
    }
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
