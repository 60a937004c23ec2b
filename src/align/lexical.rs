//! Cheap lexical evidence that two segments hold the same content, with no
//! dictionary and no model: numbers written in digits, question and
//! exclamation marks, and names (capitalised words that do not start a
//! sentence, reduced to a sound key that meets across scripts, see
//! [`super::phonetic`]).
//!
//! Only tokens that are rare on both sides count (in at most one segment in
//! [`RARE_SHARE`] of each, and from [`MIN_RARE`] to [`MAX_RARE`]), so `God`,
//! `LORD` or a `?` in every other verse say nothing, while `Methuselah` or
//! `1996` do. Two segments sharing at least two such names or numbers are a
//! candidate pair (marks only add weight); the heaviest chain of candidates
//! that keeps both orders are the lexical anchors. They are softer than key
//! anchors: a pair says its two segments are in one row, not that they begin
//! it, and the lengths of the stretches around it may overrule it
//! ([`super::anchors::check_stretches`]). They let the length aligner find
//! its way back after a long omission, and measure the ratio of lengths
//! where the totals cannot.

use rustc_hash::FxHashMap;

use super::lis::{Candidate, heaviest_chain};
use crate::text::is_cjk;

/// A token is rare when it is in at most one segment of this many on each
/// side (of the longer side's count)...
const RARE_SHARE: usize = 40;
/// ... but always when in this many segments or fewer...
const MIN_RARE: usize = 3;
/// ... but never in more than this many.
const MAX_RARE: usize = 8;

/// Tokens two segments must share to be a candidate pair.
const MIN_SHARED: u32 = 2;

/// Levels of the names' sound keys (see [`super::phonetic::keys`]).
const LEVELS: usize = 4;

/// Letters a capitalised word needs to count as a name.
const MIN_NAME_CHARS: usize = 3;

const DIGITS: u64 = 1 << 60;
/// Names: this tag, the level of the sound key (bits 56-59), the key.
const NAME: u64 = 2 << 60;
const QUESTION: u64 = 3 << 60;
const EXCLAMATION: u64 = 4 << 60;

/// The value of a decimal digit in any of the common scripts' digit sets.
pub(crate) fn digit(c: char) -> Option<u8> {
    let base = match c {
        '0'..='9' => '0',
        '\u{0660}'..='\u{0669}' => '\u{0660}',
        '\u{06F0}'..='\u{06F9}' => '\u{06F0}',
        '\u{0966}'..='\u{096F}' => '\u{0966}',
        '\u{FF10}'..='\u{FF19}' => '\u{FF10}',
        _ => return None,
    };
    Some((c as u32 - base as u32) as u8)
}

/// True for the letters of words this module reads: Latin, Greek and
/// Cyrillic by their blocks (the common case, without Unicode's tables),
/// other alphabets by their properties; Chinese and Japanese characters are
/// not words here.
fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{0}'..='\u{bf}' => false,
        '\u{c0}'..='\u{24f}' => c != '×' && c != '÷',
        '\u{386}' | '\u{388}'..='\u{3f5}' | '\u{3f7}'..='\u{481}' | '\u{48a}'..='\u{52f}' => true,
        _ => c.is_alphabetic() && !is_cjk(c),
    }
}

/// After one of these, the next word starts a sentence (or a quotation).
fn opens_sentence(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | ':'
            | ';'
            | '…'
            | '¿'
            | '¡'
            | '«'
            | '»'
            | '"'
            | '“'
            | '„'
            | '‘'
            | '\''
            | '('
            | '['
            | '—'
            | '。'
            | '！'
            | '？'
            | '؟'
    )
}

/// The lexical tokens of a text, each once.
pub(crate) fn tokens(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut initial = true;
    let mut questions = 0u64;
    let mut exclamations = 0u64;
    let mut word_start: Option<usize> = None;
    let mut number: Option<u64> = None;
    let finish_word =
        |start: &mut Option<usize>, end: usize, initial: &mut bool, out: &mut Vec<u64>| {
            if let Some(s) = start.take() {
                let word = &text[s..end];
                let capital = word.chars().next().is_some_and(char::is_uppercase);
                if capital
                    && !*initial
                    && word.chars().count() >= MIN_NAME_CHARS
                    && let Some((keys, kept)) = super::phonetic::keys(word)
                {
                    // The key with one, two and three consonant classes (a
                    // shorter name repeats its full key), so that a suffix
                    // spoils only the longer keys.
                    let _ = kept;
                    for (level, &k) in keys.iter().enumerate().skip(1) {
                        out.push(NAME | (level as u64) << 56 | u64::from(k));
                    }
                }
                *initial = false;
            }
        };
    let finish_number = |number: &mut Option<u64>, initial: &mut bool, out: &mut Vec<u64>| {
        if let Some(n) = number.take() {
            out.push(DIGITS | (n & ((1 << 56) - 1)));
            *initial = false;
        }
    };
    for (at, c) in text.char_indices() {
        if let Some(d) = digit(c) {
            finish_word(&mut word_start, at, &mut initial, &mut out);
            // Digits hashed as they come: a number's value, its leading zeros kept.
            let n = number.unwrap_or(1);
            number = Some(n.wrapping_mul(11).wrapping_add(u64::from(d)));
            continue;
        }
        finish_number(&mut number, &mut initial, &mut out);
        if is_letter(c) {
            word_start.get_or_insert(at);
            continue;
        }
        finish_word(&mut word_start, at, &mut initial, &mut out);
        match c {
            '?' | '？' | '؟' => questions += 1,
            '!' | '！' => exclamations += 1,
            _ => {}
        }
        if opens_sentence(c) {
            initial = true;
        } else if !c.is_whitespace() {
            initial = false;
        }
    }
    finish_number(&mut number, &mut initial, &mut out);
    finish_word(&mut word_start, text.len(), &mut initial, &mut out);
    // The second question mark of a segment is a token of its own, and so on.
    out.extend((1..=questions).map(|k| QUESTION | k));
    out.extend((1..=exclamations).map(|k| EXCLAMATION | k));
    out.sort_unstable();
    out.dedup();
    out
}

/// The lexical anchors between two lists of texts, as (index in `a`, index
/// in `b`) pairs in increasing order of both.
pub(crate) fn anchors(a: &[Vec<u64>], b: &[Vec<u64>]) -> Vec<(usize, usize)> {
    let max_segments = (a.len().max(b.len()) / RARE_SHARE).clamp(MIN_RARE, MAX_RARE);
    // Token → the segments holding it on each side (up to one past the limit).
    let mut holders: FxHashMap<u64, (Vec<u32>, Vec<u32>)> = FxHashMap::default();
    for (i, toks) in a.iter().enumerate() {
        for &t in toks {
            let e = holders.entry(t).or_default();
            if e.0.len() <= max_segments {
                e.0.push(i as u32);
            }
        }
    }
    for (j, toks) in b.iter().enumerate() {
        for &t in toks {
            if let Some(e) = holders.get_mut(&t)
                && e.1.len() <= max_segments
            {
                e.1.push(j as u32);
            }
        }
    }
    // Shared tokens per pair, counted apart for each level of the names'
    // sound keys (a name gives one key of each level; numbers and marks count
    // at every level): the largest count is the pair's.
    // Marks: the question and exclamation marks of a pair count as one token
    // at most, as a pair of verses asking two questions each is common.
    let mut shared: FxHashMap<(u32, u32), ([u32; LEVELS], bool)> = FxHashMap::default();
    for (&t, (xs, ys)) in &holders {
        if xs.len() > max_segments || ys.len() > max_segments || ys.is_empty() {
            continue;
        }
        let kind = t & (7 << 60);
        for &x in xs {
            for &y in ys {
                let e = shared.entry((x, y)).or_insert(([0; LEVELS], false));
                match kind {
                    NAME => e.0[(((t >> 56) & 15) as usize).min(LEVELS - 1)] += 1,
                    QUESTION | EXCLAMATION => e.1 = true,
                    _ => e.0.iter_mut().for_each(|n| *n += 1),
                }
            }
        }
    }
    // A pair is a candidate with two names of two consonant classes or more
    // (or numbers) in common, or three of one class; marks only add weight.
    let mut candidates: Vec<Candidate> = shared
        .into_iter()
        .filter_map(|(pair, (n, marks))| {
            let strong = n[2..].iter().copied().max().unwrap_or(0);
            let enough = strong >= MIN_SHARED || n[1] > MIN_SHARED;
            enough.then(|| (pair, strong.max(n[1]) + u32::from(marks)))
        })
        .map(|((i, j), n)| Candidate {
            i: i as usize,
            j: j as usize,
            weight: n,
        })
        .collect();
    candidates.sort_unstable_by_key(|c| (c.i, c.j));
    heaviest_chain(candidates, b.len())
        .into_iter()
        .map(|c| (c.i, c.j))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_digits_and_marks_are_tokens_sentence_starts_are_not() {
        let t = tokens("And Naomi said, why will ye go? In 1996 Boaz came.");
        // Naomi and Boaz (not And, In) with a key of each level, the number, one question mark.
        assert_eq!(t.len(), 2 * (LEVELS - 1) + 2, "{t:?}");
        assert!(t.contains(&(QUESTION | 1)));
        let ru = tokens("И сказала Ноеминь: зачем вам идти? В 1996 пришёл Вооз.");
        let common = t.iter().filter(|x| ru.contains(x)).count();
        assert_eq!(common, 2 * (LEVELS - 1) + 2, "{t:?} {ru:?}");
    }

    #[test]
    fn arabic_and_fullwidth_digits_are_digits() {
        assert_eq!(tokens("المادة ٢٩"), tokens("Article 29"));
        assert_eq!(tokens("第２９条"), tokens("article 29"));
    }

    #[test]
    fn pairs_sharing_two_rare_tokens_anchor_in_order() {
        let a: Vec<Vec<u64>> = [
            "The sons of Noah: Shem, Ham and Japheth.",
            "And Methuselah lived after he begat Lamech.",
            "Nothing rare here.",
            "And Enoch walked with God, and Methuselah was his son.",
        ]
        .iter()
        .map(|t| tokens(t))
        .collect();
        let b: Vec<Vec<u64>> = [
            "Und Methusalah lebte, nachdem er Lamech gezeugt hatte.",
            "Und Henoch wandelte mit Gott; und Methusalah war sein Sohn. Die Söhne Noahs: Sem, Ham und Japhet.",
        ]
        .iter()
        .map(|t| tokens(t))
        .collect();
        // A's 0 and B's 1 share Noah, Shem, Ham, Japheth but cross the chain of (1, 0), (3, 1).
        assert_eq!(anchors(&a, &b), [(1, 0), (3, 1)]);
    }
}
