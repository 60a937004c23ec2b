//! Edits that follow the text's own sentences.
//!
//! A word diff knows nothing of sentences: a sentence rewritten or moved
//! within a paragraph comes out as an edit that starts after its first word
//! and runs into the next sentence (`The [-chairman … attendance. The -]treasurer`).
//! After cleanup, an edit that covers most of a sentence (three fifths of its
//! letters and digits; UAX #29 sentence boundaries) is widened to the whole sentence, and what it then shares with
//! the other side at its ends is given back as unchanged text, as long as
//! that does not pull an end off a sentence boundary. A sentence deleted in
//! one place and inserted unchanged in another is marked as moved.

use unicode_segmentation::UnicodeSegmentation;

use super::ops::{Op, OpKind, Span, push_span, shift_common_spaces};
use super::tokens::word_chars;
use crate::text::any_byte;

/// Sentences shorter than this (in letters and digits) are left alone: for
/// `No.` → `Yes.` the word is the change, not the sentence.
const MIN_SENTENCE: usize = 12;

/// Edits smaller than this (in letters and digits on both sides) cannot cover
/// most of a sentence long enough to matter; rows with only such edits are
/// not segmented into sentences at all.
const MIN_EDIT: usize = MIN_SENTENCE / 2;

/// Fewest letters and digits a moved sentence has.
const MIN_MOVED: usize = 8;

/// True when `text` has at least `n` letters and digits. A text of fewer
/// bytes cannot (most edits are a word), so only the others are counted.
fn at_least(text: &str, n: usize) -> bool {
    text.len() >= n && word_chars(text) >= n
}

/// Widens edits that cover most of a sentence to the whole sentence.
pub(super) fn snap(a: &str, b: &str, spans: Vec<Span>) -> Vec<Span> {
    let big = |s: &Span| {
        !s.equal && (at_least(&a[s.a.clone()], MIN_EDIT) || at_least(&b[s.b.clone()], MIN_EDIT))
    };
    if !spans.iter().any(big) || !may_widen(a, b, &spans) {
        return spans;
    }
    widen_to_sentences(a, b, spans)
}

/// [`snap`] once the sentences must be found.
fn widen_to_sentences(a: &str, b: &str, spans: Vec<Span>) -> Vec<Span> {
    let sa = sentences(a);
    let sb = sentences(b);
    if sa.len() < 2 && sb.len() < 2 && spans.iter().filter(|s| !s.equal).count() < 2 {
        // One sentence with one edit: the edit is what it is.
        return spans;
    }
    let Some(first) = find_widening(a, b, &spans, &sa, &sb) else {
        return spans;
    };
    let before: std::collections::HashSet<(usize, usize, usize, usize)> = spans
        .iter()
        .filter(|s| !s.equal)
        .map(|s| (s.a.start, s.a.end, s.b.start, s.b.end))
        .collect();
    let (k, start, end, on_a) = first;
    let mut spans = widen(spans, k, start, end, on_a);
    // Each widening swallows text, so this ends after at most one round per sentence.
    for _ in 0..sa.len() + sb.len() + 1 {
        let Some((k, start, end, on_a)) = find_widening(a, b, &spans, &sa, &sb) else {
            break;
        };
        spans = widen(spans, k, start, end, on_a);
    }
    if spans
        .iter()
        .all(|s| s.equal || before.contains(&(s.a.start, s.a.end, s.b.start, s.b.end)))
    {
        return spans;
    }
    let widened =
        |s: &Span| !s.equal && !before.contains(&(s.a.start, s.a.end, s.b.start, s.b.end));
    shift_common_spaces(a, b, give_back(a, b, spans, &sa, &sb, &widened))
}

/// True when a stretch of `stretch` letters and digits has more than five
/// thirds of `letters`: then edits of `letters` in all cover less than three
/// fifths of any sentence it lies in (see [`may_widen`]).
fn outweighs(stretch: usize, letters: usize) -> bool {
    3 * stretch > 5 * letters
}

/// False when no sentence can be mostly covered by the edits, shown without
/// finding the sentences (UAX #29 over a whole row is the costliest step of a
/// word diff). A sentence boundary follows only a character outside
/// [`never_ends`] (a full stop, `!`, `?`, a line end, other punctuation), so
/// the letters of the stretch around an edit that holds no such character
/// all lie in the edit's sentence. If on each side every edit with letters
/// has such a stretch with more than five thirds of the letters of all that
/// side's edits, no sentence reaches three fifths covered: [`find_widening`]
/// finds nothing. (A property test checks that it then leaves the edits as
/// they are.)
fn may_widen(a: &str, b: &str, spans: &[Span]) -> bool {
    for (text, on_a) in [(a, true), (b, false)] {
        let range = |s: &Span| if on_a { s.a.clone() } else { s.b.clone() };
        let edits: smallvec::SmallVec<[(std::ops::Range<usize>, usize); 8]> = spans
            .iter()
            .filter(|s| !s.equal)
            .map(|s| {
                let r = range(s);
                let letters = word_chars(&text[r.clone()]);
                (r, letters)
            })
            .collect();
        let letters: usize = edits.iter().map(|e| e.1).sum();
        let ascii = text.is_ascii();
        for (r, own) in edits {
            if own == 0 {
                continue;
            }
            let outweighs = if ascii {
                ascii_stretch_outweighs(text, r, own, letters)
            } else {
                unbroken(text, r).is_some_and(|stretch| outweighs(stretch, letters))
            };
            if !outweighs {
                return true;
            }
        }
    }
    false
}

/// The letters and digits of the stretch around the edit `r` that holds no
/// character a sentence may end after (see [`never_ends`]), or `None` when
/// the edit itself holds one.
fn unbroken(text: &str, r: std::ops::Range<usize>) -> Option<usize> {
    if !text[r.clone()].chars().all(never_ends) {
        return None;
    }
    let start = text[..r.start]
        .char_indices()
        .rev()
        .find(|&(_, c)| !never_ends(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[r.end..]
        .char_indices()
        .find(|&(_, c)| !never_ends(c))
        .map_or(text.len(), |(i, _)| r.end + i);
    Some(word_chars(&text[start..end]))
}

/// True for the ASCII bytes a sentence boundary may follow: `.`, `!`, `?`
/// and the control characters (see [`never_ends`]). Written with comparisons
/// alone, so that a block of bytes is tested on vector registers.
fn may_end(b: u8) -> bool {
    (b < 0x20) | (b == 0x7f) | (b == b'.') | (b == b'!') | (b == b'?')
}

/// Bytes looked at together when searching for where a sentence may end.
const BLOCK: usize = 32;

/// Where the first byte of `bytes` after which a sentence may end stands.
fn first_may_end(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    for block in bytes.chunks(BLOCK) {
        if any_byte(block, may_end) {
            return block.iter().position(|&b| may_end(b)).map(|p| at + p);
        }
        at += block.len();
    }
    None
}

/// Where the last byte of `bytes` after which a sentence may end stands.
fn last_may_end(bytes: &[u8]) -> Option<usize> {
    let mut end = bytes.len();
    for block in bytes.rchunks(BLOCK) {
        end -= block.len();
        if any_byte(block, may_end) {
            return block.iter().rposition(|&b| may_end(b)).map(|p| end + p);
        }
    }
    None
}

/// For ASCII text (most rows are): whether the stretch [`unbroken`] finds
/// around the edit `r` (which has `own` letters and digits) has more than
/// five thirds of `letters`; false where the edit holds a sentence end. The
/// stretch is counted outward from the edit a block of bytes at a time on
/// each side, and only until it has enough: it is often the whole row, and
/// a few words beside a small edit decide.
fn ascii_stretch_outweighs(
    text: &str,
    r: std::ops::Range<usize>,
    own: usize,
    letters: usize,
) -> bool {
    let bytes = text.as_bytes();
    if any_byte(&bytes[r.clone()], may_end) {
        return false;
    }
    let mut count = own;
    // Where the stretch is still to be counted on each side; `None` once a
    // sentence end or the text's end stops it.
    let (mut left, mut right) = (Some(r.start), Some(r.end));
    while !outweighs(count, letters) {
        if left.is_none() && right.is_none() {
            return false;
        }
        if let Some(end) = left {
            let from = end.saturating_sub(BLOCK);
            match last_may_end(&bytes[from..end]) {
                Some(p) => {
                    count += word_chars(&text[from + p + 1..end]);
                    left = None;
                }
                None => {
                    count += word_chars(&text[from..end]);
                    left = (from > 0).then_some(from);
                }
            }
        }
        if let Some(start) = right {
            let to = (start + BLOCK).min(bytes.len());
            match first_may_end(&bytes[start..to]) {
                Some(p) => {
                    count += word_chars(&text[start..start + p]);
                    right = None;
                }
                None => {
                    count += word_chars(&text[start..to]);
                    right = (to < bytes.len()).then_some(to);
                }
            }
        }
    }
    true
}

/// Characters no sentence boundary can follow (UAX #29 breaks only after a
/// sentence terminator with the closing marks and spaces after it, or after
/// a paragraph separator): letters, digits, spaces, ASCII punctuation but
/// `.`, `!` and `?`, typographic quotes and dashes. In ASCII, every byte
/// that is not [`may_end`].
fn never_ends(c: char) -> bool {
    match u8::try_from(c) {
        Ok(b) if b.is_ascii() => !may_end(b),
        _ => c.is_alphanumeric() || matches!(c, '‘' | '’' | '“' | '”' | '–' | '—'),
    }
}

/// Sentence ranges of `text`: (start, end, letters and digits).
fn sentences(text: &str) -> Vec<(usize, usize, usize)> {
    if one_sentence(text) {
        return vec![(0, text.len(), word_chars(text))];
    }
    text.split_sentence_bound_indices()
        .map(|(i, s)| (i, i + s.len(), word_chars(s)))
        .collect()
}

/// True when `text` is one sentence by UAX #29 without running it: no
/// character that can end a sentence (`.`, `!`, `?` and every punctuation mark
/// outside ASCII but typographic quotes and dashes) or a paragraph, except at
/// its end. Most rows of most texts are, and the full algorithm is the
/// costliest step of a word diff.
fn one_sentence(text: &str) -> bool {
    let body = text.trim_end_matches(|c: char| {
        matches!(
            c,
            '.' | '!' | '?' | '"' | '\'' | ')' | ']' | '’' | '”' | ' '
        )
    });
    body.chars().all(never_ends)
}

/// True when `at` is where a sentence starts or ends.
fn on_boundary(sentences: &[(usize, usize, usize)], at: usize) -> bool {
    at == 0
        || sentences.binary_search_by(|s| s.0.cmp(&at)).is_ok()
        || sentences.last().is_some_and(|s| s.1 == at)
}

/// True when byte `at` of `text` is not inside a word: a letter or digit is
/// not on both sides of it.
fn between_words(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    !matches!((before, after), (Some(x), Some(y)) if x.is_alphanumeric() && y.is_alphanumeric())
}

/// The first sentence most of which the edits cover but no one edit holds
/// whole: the first edit on it, and how many bytes that edit must grow at
/// its start and its end to hold it (counted on A's side, or B's).
fn find_widening(
    a: &str,
    b: &str,
    spans: &[Span],
    sa: &[(usize, usize, usize)],
    sb: &[(usize, usize, usize)],
) -> Option<(usize, usize, usize, bool)> {
    for (text, sentences, on_a) in [(a, sa, true), (b, sb, false)] {
        let range = |s: &Span| if on_a { s.a.clone() } else { s.b.clone() };
        // Edits in order of position on this side.
        let mut k = 0;
        for &(s, e, letters) in sentences {
            if letters < MIN_SENTENCE {
                continue;
            }
            while k < spans.len() && (spans[k].equal || range(&spans[k]).end <= s) {
                k += 1;
            }
            let mut covered = 0;
            let mut first = None;
            let mut j = k;
            while j < spans.len() && range(&spans[j]).start < e {
                let r = range(&spans[j]);
                if !spans[j].equal && !r.is_empty() {
                    if r.start <= s && r.end >= e {
                        first = None;
                        covered = 0;
                        break;
                    }
                    first.get_or_insert(j);
                    covered += word_chars(&text[r.start.max(s)..r.end.min(e)]);
                }
                j += 1;
            }
            if let Some(f) = first
                && 5 * covered >= 3 * letters
            {
                let r = range(&spans[f]);
                return Some((f, r.start.saturating_sub(s), e.saturating_sub(r.end), on_a));
            }
        }
    }
    None
}

/// Grows edit `k` by `start` bytes before and `end` bytes after, taking them
/// from the unchanged text around it (and joining any edit that reaches);
/// the bytes are counted on A's side (`on_a`) or B's.
fn widen(spans: Vec<Span>, k: usize, start: usize, end: usize, on_a: bool) -> Vec<Span> {
    let len = |s: &Span| if on_a { s.a.len() } else { s.b.len() };
    let mut spans = spans;
    let mut k = k;
    let mut need = start;
    while need > 0 && k > 0 {
        let prev = &mut spans[k - 1];
        let take = need.min(prev.a.len());
        if prev.equal && take < prev.a.len() {
            prev.a.end -= take;
            prev.b.end -= take;
            spans[k].a.start -= take;
            spans[k].b.start -= take;
            need = 0;
        } else {
            // The whole span before joins the edit.
            let gone = spans.remove(k - 1);
            k -= 1;
            spans[k].a.start = gone.a.start;
            spans[k].b.start = gone.b.start;
            need -= len(&gone).min(need);
        }
    }
    let mut need = end;
    while need > 0 && k + 1 < spans.len() {
        let next = &mut spans[k + 1];
        let take = need.min(next.a.len());
        if next.equal && take < next.a.len() {
            next.a.start += take;
            next.b.start += take;
            spans[k].a.end += take;
            spans[k].b.end += take;
            need = 0;
        } else {
            let gone = spans.remove(k + 1);
            spans[k].a.end = gone.a.end;
            spans[k].b.end = gone.b.end;
            need -= len(&gone).min(need);
        }
    }
    spans
}

/// Gives the text an edit shares with the other side at its ends back to the
/// unchanged text, except where that would move the end off a sentence boundary.
fn give_back(
    a: &str,
    b: &str,
    spans: Vec<Span>,
    sa: &[(usize, usize, usize)],
    sb: &[(usize, usize, usize)],
    widened: &dyn Fn(&Span) -> bool,
) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len() + 2);
    let equal = |a: std::ops::Range<usize>, b: std::ops::Range<usize>| Span { a, b, equal: true };
    for span in spans {
        if !widened(&span) || span.a.is_empty() || span.b.is_empty() {
            push_span(&mut out, span);
            continue;
        }
        // Words only added inside a sentence (or only taken away) are given
        // back whatever the boundaries: the sentence is not deleted to be
        // inserted again ("whatever is rejected{+, where …+};").
        let (head, tail) =
            kept_whole(a, b, &span).unwrap_or_else(|| shared_ends(a, b, &span, sa, sb));
        let da = span.a.start + head..span.a.end - tail;
        let db = span.b.start + head..span.b.end - tail;
        push_span(
            &mut out,
            equal(
                span.a.start..span.a.start + head,
                span.b.start..span.b.start + head,
            ),
        );
        push_span(
            &mut out,
            Span {
                a: da.clone(),
                b: db.clone(),
                equal: false,
            },
        );
        push_span(
            &mut out,
            equal(da.end..da.end + tail, db.end..db.end + tail),
        );
    }
    out
}

/// How many bytes of edit `span` its two sides share at the start and at the
/// end that can be given back: a character at a time, while neither end sits
/// on a sentence boundary, and only up to the last place between words on
/// both sides.
fn shared_ends(
    a: &str,
    b: &str,
    span: &Span,
    sa: &[(usize, usize, usize)],
    sb: &[(usize, usize, usize)],
) -> (usize, usize) {
    let (mut da, mut db) = (span.a.clone(), span.b.clone());
    let (mut head, mut safe_head) = (0, 0);
    while !(on_boundary(sa, da.start) && on_boundary(sb, db.start)) {
        let (Some(x), Some(y)) = (a[da.clone()].chars().next(), b[db.clone()].chars().next())
        else {
            break;
        };
        if x != y {
            break;
        }
        da.start += x.len_utf8();
        db.start += x.len_utf8();
        head += x.len_utf8();
        if between_words(a, da.start) && between_words(b, db.start) {
            safe_head = head;
        }
    }
    da.start -= head - safe_head;
    db.start -= head - safe_head;
    let (mut tail, mut safe_tail) = (0, 0);
    while !(on_boundary(sa, da.end) && on_boundary(sb, db.end)) {
        let (Some(x), Some(y)) = (
            a[da.clone()].chars().next_back(),
            b[db.clone()].chars().next_back(),
        ) else {
            break;
        };
        if x != y {
            break;
        }
        da.end -= x.len_utf8();
        db.end -= x.len_utf8();
        tail += x.len_utf8();
        if between_words(a, da.end) && between_words(b, db.end) {
            safe_tail = tail;
        }
    }
    (safe_head, safe_tail)
}

/// When the shorter side of edit `span` is all text the other side has at its
/// start and end (`head` and `tail` bytes, each ending between words), and
/// at least a short sentence's letters, those lengths: the edit only adds (or
/// only takes away) what lies between them. (A word or two taken in from the
/// next sentence stay in the edit: a sentence moved is widened so.)
fn kept_whole(a: &str, b: &str, span: &Span) -> Option<(usize, usize)> {
    let (x, y) = (&a[span.a.clone()], &b[span.b.clone()]);
    if !at_least(if x.len() <= y.len() { x } else { y }, MIN_SENTENCE) {
        return None;
    }
    let short = x.len().min(y.len());
    let head: usize = x
        .chars()
        .zip(y.chars())
        .take_while(|(p, q)| p == q)
        .map(|(p, _)| p.len_utf8())
        .sum();
    let head = head.min(short);
    let tail: usize = x[head..]
        .chars()
        .rev()
        .zip(y[head..].chars().rev())
        .take_while(|(p, q)| p == q)
        .map(|(p, _)| p.len_utf8())
        .sum();
    let tail = tail.min(short - head);
    let between = |at_a: usize, at_b: usize| between_words(a, at_a) && between_words(b, at_b);
    (head + tail == short
        && between(span.a.start + head, span.b.start + head)
        && between(span.a.end - tail, span.b.end - tail))
    .then_some((head, tail))
}

/// Marks a deleted and an inserted stretch holding the same sentence (spaces
/// aside) as moved: the sentence went from one place in the paragraph to another.
pub(super) fn mark_moves(ops: &mut [Op]) {
    let long = |kind: OpKind| {
        ops.iter()
            .any(|o| o.op == kind && at_least(&o.text, MIN_MOVED))
    };
    if !long(OpKind::Delete) || !long(OpKind::Insert) {
        return;
    }
    let candidates = |kind: OpKind| -> Vec<usize> {
        ops.iter()
            .enumerate()
            .filter(|(_, o)| o.op == kind && at_least(&o.text, MIN_MOVED))
            .map(|(n, _)| n)
            .collect()
    };
    let deleted = candidates(OpKind::Delete);
    if deleted.is_empty() {
        return;
    }
    let inserted = candidates(OpKind::Insert);
    // Trimmed text → how many deleted stretches hold it, and the inserted ones that do
    // (counted once, not per deletion: a paragraph of megabytes has many of each).
    let mut by_text: rustc_hash::FxHashMap<&str, (usize, Vec<usize>)> =
        rustc_hash::FxHashMap::default();
    for &d in &deleted {
        by_text.entry(ops[d].text.trim()).or_default().0 += 1;
    }
    for &i in &inserted {
        if let Some(e) = by_text.get_mut(ops[i].text.trim()) {
            e.1.push(i);
        }
    }
    for &d in &deleted {
        let (twins, same) = match by_text.get(ops[d].text.trim()) {
            Some((twins, same)) => (*twins, same.as_slice()),
            None => continue,
        };
        if let [i] = *same
            && twins == 1
            && !ops[i].moved
        {
            ops[d].moved = true;
            ops[i].moved = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::wdiff;
    use super::*;

    #[test]
    fn a_sentence_moved_within_a_paragraph_is_shown_whole_and_moved() {
        let a = "The chairman opened the meeting and noted the attendance. The treasurer presented the accounts for March.";
        let b = "The treasurer presented the accounts for March. The chairman opened the meeting and noted the attendance.";
        assert_eq!(
            wdiff(a, b),
            "{>The treasurer presented the accounts for March. >}The chairman opened the meeting and noted the attendance.[< The treasurer presented the accounts for March.<]"
        );
    }

    #[test]
    fn a_clause_added_inside_a_sentence_is_shown_alone() {
        // The sentence the clause is added to is most of the new sentence's
        // letters, but none of its words changed: widened, it was deleted
        // and inserted again whole.
        let a = "The version is rebuilt from rows. Point labels follow the proposal's numbering, and a list numbered in sequence stays in sequence whatever is rejected; a renumbering of its own is a row of its own.";
        let clause = ", where the proposal numbers it too: where it takes the numbers away (a chapter's numbered verses printed as paragraphs), the numbers left where its paragraphs are not taken stay as they are, since they name their verses and are no positions to be counted from one again";
        let b = a.replacen("rejected;", &format!("rejected{clause};"), 1);
        assert_eq!(
            wdiff(a, &b),
            a.replacen("rejected;", &format!("rejected{{+{clause}+}};"), 1)
        );
        // Taken away again, it is a deletion alone.
        assert_eq!(
            wdiff(&b, a),
            a.replacen("rejected;", &format!("rejected[-{clause}-];"), 1)
        );
    }

    #[test]
    fn a_rewritten_sentence_is_replaced_whole() {
        let a = "The minutes were approved. The chairman thanked the secretary for her careful work. The meeting closed at nine.";
        let b = "The minutes were approved. Members asked the secretary to circulate the draft earlier. The meeting closed at nine.";
        assert_eq!(
            wdiff(a, b),
            "The minutes were approved. [-The chairman thanked the secretary for her careful work.-]{+Members asked the secretary to circulate the draft earlier.+} The meeting closed at nine."
        );
    }

    #[test]
    fn small_edits_keep_to_their_words() {
        assert_eq!(
            wdiff(
                "The chairman opened the meeting. The treasurer read the accounts.",
                "The chairman closed the meeting. The treasurer read the accounts."
            ),
            "The chairman [-opened-]{+closed+} the meeting. The treasurer read the accounts."
        );
    }

    /// Texts cut into stretches, each the same on both sides or an edit:
    /// words, sentence ends, closing marks, line ends and other scripts.
    fn texts_and_spans() -> impl proptest::strategy::Strategy<Value = (String, String, Vec<Span>)> {
        spans_of(vec![
            "the", "chairman", "Mr.", "Smith", "rev12", "a", "accounts", " ", " ", " ", ", ", ". ",
            "? ", "! ", ".” ", "\n", "\n\n", "(", ")", "»", "。", "人人", "Жж", "—", "e.g. ",
            "3.14",
        ])
    }

    /// [`texts_and_spans`] from the given pieces.
    fn spans_of(
        pieces: Vec<&'static str>,
    ) -> impl proptest::strategy::Strategy<Value = (String, String, Vec<Span>)> {
        use proptest::prelude::*;
        let piece = prop::sample::select(pieces);
        let stretch = prop::collection::vec(piece.clone(), 0..6).prop_map(|p| p.concat());
        let part = (any::<bool>(), stretch.clone(), stretch);
        prop::collection::vec(part, 1..12).prop_map(|parts| {
            let (mut a, mut b, mut spans) = (String::new(), String::new(), Vec::new());
            for (equal, x, y) in parts {
                let y = if equal { x.clone() } else { y };
                let span = Span {
                    a: a.len()..a.len() + x.len(),
                    b: b.len()..b.len() + y.len(),
                    equal,
                };
                a.push_str(&x);
                b.push_str(&y);
                push_span(&mut spans, span);
            }
            (a, b, spans)
        })
    }

    proptest::proptest! {
        /// Where the shortcut says no sentence can be mostly covered,
        /// finding the sentences changes nothing.
        #[test]
        fn the_shortcut_for_no_widening_agrees_with_the_sentences((a, b, spans) in texts_and_spans()) {
            if !may_widen(&a, &b, &spans) {
                let full = widen_to_sentences(&a, &b, spans.clone());
                let pairs = |s: &[Span]| s.iter().map(|s| (s.a.clone(), s.b.clone(), s.equal)).collect::<Vec<_>>();
                proptest::prop_assert_eq!(pairs(&full), pairs(&spans));
            }
        }

        /// Counted outward by blocks on ASCII text, the stretch around an
        /// edit outweighs the edits exactly when the one the characters find does.
        #[test]
        fn the_ascii_stretch_outweighs_as_the_stretch_does((a, _, spans) in spans_of(vec![
            "the", "Smith", "rev12", "a", " ", " ", ", ", ". ", "? ", "! ", ";", ":", "\"",
            "'", "\n", "(", ")", "-", "e.g. ", "3.14", "\t", "~", "_", "\x7f", "\x01",
            "and the rest of a long clause without an end, ",
        ])) {
            for s in spans.iter().filter(|s| !s.equal) {
                let own = word_chars(&a[s.a.clone()]);
                let stretch = unbroken(&a, s.a.clone());
                // The edits' letters from the edit's own to past any stretch's.
                for letters in own..own + 60 {
                    proptest::prop_assert_eq!(
                        ascii_stretch_outweighs(&a, s.a.clone(), own, letters),
                        stretch.is_some_and(|stretch| outweighs(stretch, letters)),
                        "{} letters", letters
                    );
                }
            }
        }
    }

    /// `may_end` is the complement of letters, digits, the space and
    /// punctuation other than `.`, `!` and `?`, over all of ASCII.
    #[test]
    fn a_sentence_may_end_after_a_full_stop_a_mark_or_a_control_only() {
        for b in 0..=0x7fu8 {
            let never = b.is_ascii_alphanumeric()
                || b == b' '
                || (b.is_ascii_punctuation() && !matches!(b, b'.' | b'!' | b'?'));
            assert_eq!(may_end(b), !never, "{b:#04x}");
        }
    }

    #[test]
    fn at_least_counts_letters_not_bytes() {
        assert!(at_least("abcdef", 6));
        assert!(!at_least("abcde", 6));
        assert!(at_least("ab cd ef", 6));
        assert!(!at_least("ab, cd.", 6));
        assert!(at_least("жжжжжж", 6));
        assert!(!at_least("", 1));
    }

    #[test]
    fn the_ends_of_a_stretch_are_found_across_blocks() {
        let mut text = vec![b'a'; 3 * BLOCK + 5];
        assert_eq!((first_may_end(&text), last_may_end(&text)), (None, None));
        for at in [0, 1, BLOCK - 1, BLOCK, 2 * BLOCK + 7, text.len() - 1] {
            text[at] = b'.';
            assert_eq!(first_may_end(&text), Some(at));
            assert_eq!(last_may_end(&text), Some(at));
            text[at] = b'a';
        }
        // Two in one block: the first and the last of it.
        text[BLOCK + 3] = b'\n';
        text[BLOCK + 9] = b'!';
        assert_eq!(first_may_end(&text), Some(BLOCK + 3));
        assert_eq!(last_may_end(&text), Some(BLOCK + 9));
    }

    #[test]
    fn the_shortcut_for_no_widening_spares_a_small_edit_in_a_long_paragraph() {
        let a =
            "The chairman opened the meeting. The treasurer read the accounts for March and April.";
        let b =
            "The chairman opened the meeting. The treasurer read the accounts for rev12 and April.";
        let spans = vec![
            Span {
                a: 0..69,
                b: 0..69,
                equal: true,
            },
            Span {
                a: 69..74,
                b: 69..74,
                equal: false,
            },
            Span {
                a: 74..a.len(),
                b: 74..b.len(),
                equal: true,
            },
        ];
        assert_eq!((&a[69..74], &b[69..74]), ("March", "rev12"));
        assert!(!may_widen(a, b, &spans));
        // Most of a short sentence edited: the sentences are needed.
        let c = "The chairman opened the meeting. The treasurer read it.";
        let d = "The chairman opened the meeting. Members asked for it.";
        let spans = vec![
            Span {
                a: 0..33,
                b: 0..33,
                equal: true,
            },
            Span {
                a: 33..51,
                b: 33..50,
                equal: false,
            },
            Span {
                a: 51..c.len(),
                b: 50..d.len(),
                equal: true,
            },
        ];
        assert!(may_widen(c, d, &spans));
    }

    #[test]
    fn the_shortcut_for_one_sentence_agrees_with_uax29() {
        for text in [
            "And God said, Let there be light: and there was light.",
            "Naomi’s husband – Beth–lehem “Go,” (she said)!",
            "No end mark at all",
            "Two. Sentences.",
            "e.g. this",
            "A question? Yes.",
            "人人生而自由。在尊严和权利上一律平等。",
            "Line one\nline two",
            "",
        ] {
            let fast = one_sentence(text);
            let full = text.split_sentence_bound_indices().count() <= 1;
            assert!(!fast || full, "{text:?} taken for one sentence");
        }
        assert!(one_sentence(
            "And God said, Let there be light: and there was light."
        ));
    }
}
