//! Key anchors: segments of two versions whose keys say they begin the same content.
//!
//! Only keys taken from the text itself anchor: numbers in headings, point
//! labels, and heading words (numbers weigh more than words). A key part that
//! emend invents by counting, `¶n` for the n-th paragraph under a heading or
//! `~n` for the n-th repeat of a key, never does: the 7th paragraph of one
//! translation is seldom the 7th of another.
//!
//! An anchor says that two segments begin a bead together; what follows them
//! up to the next anchor is aligned by length. So the length test applies to
//! the stretch between consecutive anchors ([`check_stretches`]), not to the
//! two segments alone: a verse 10 that holds verses 10 and 11 is still verse
//! 10's anchor.

use super::length::{Params, length_delta};
use super::lis::Candidate;
use crate::text::{Document, Kind, Segment, heading_number};

/// Weight of an anchor on a number (a heading's number, a point label).
const NUMBER: u32 = 3;
/// Weight of an anchor on a heading's words.
const WORDS: u32 = 2;

/// Standard deviations beyond which a stretch's lengths are implausible.
const IMPLAUSIBLE: f64 = 2.5;

/// How much a segment's key says about its content, or `None` when the key
/// is (partly) invented by counting.
pub(crate) fn key_weight(seg: &Segment) -> Option<u32> {
    let key = seg.key.as_str();
    if key.is_empty() || counted(key) {
        return None;
    }
    match seg.kind {
        Kind::Heading if heading_number(&seg.text).is_some() => Some(NUMBER),
        // An unnumbered heading's key is a slug of its words; a heading
        // without letters or digits gets an invented `h1`, `h2`.
        Kind::Heading => seg.text.chars().any(char::is_alphanumeric).then_some(WORDS),
        Kind::Paragraph => seg.label.is_some().then_some(NUMBER),
        // A footnote's label is the author's.
        Kind::Footnote => Some(NUMBER),
        // A table row named by its first cell (`/table1/one-year`), not by
        // its number (`/table1/row3`).
        Kind::TableRow => {
            let last = key.rsplit('/').next().unwrap_or("");
            let counted = last
                .strip_prefix("row")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()));
            (!counted).then_some(WORDS)
        }
        // Code, HTML blocks and breaks are keyed by counting them.
        Kind::Code | Kind::Html | Kind::Break => None,
    }
}

/// The key has a part invented by counting: `~` or `¶` (`C2 B6` in UTF-8, where a
/// `C2` byte can only lead that character). This runs for every segment of both sides
/// of every comparison, so most keys (`genesis/1/1`) are cleared eight bytes at a time:
/// a key with no `~` and no `C2` byte has neither.
fn counted(key: &str) -> bool {
    let bytes = key.as_bytes();
    let mut words = bytes.chunks_exact(8);
    let suspect = words.by_ref().any(|w| {
        let w = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        has_byte(w, b'~') || has_byte(w, 0xC2)
    }) || words.remainder().iter().any(|&c| c == b'~' || c == 0xC2);
    if !suspect {
        return false;
    }
    bytes
        .iter()
        .zip(bytes.iter().skip(1))
        .any(|(&p, &c)| p == b'~' || (p == 0xC2 && c == 0xB6))
        || bytes.last() == Some(&b'~')
}

/// Some byte of the eight in `word` is `b` (the exact test for a zero byte, applied to
/// `word` with `b` taken out of every byte).
fn has_byte(word: u64, b: u8) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let x = word ^ (ONES * u64::from(b));
    x.wrapping_sub(ONES) & !x & HIGHS != 0
}

/// [`key_weight`] of each segment of `doc`, worked out once per comparison (on this
/// thread: a few instructions a segment, less than handing work to the pool costs).
pub(crate) fn key_weights(doc: &Document) -> Vec<Option<u32>> {
    doc.segments.iter().map(key_weight).collect()
}

/// The pairs of segments with equal content keys and kinds, as candidates
/// for [`heaviest_chain`].
pub(crate) fn key_candidates(a: &Document, b: &Document) -> Vec<Candidate> {
    key_candidates_weighted([a, b], [&key_weights(a), &key_weights(b)])
}

/// [`key_candidates`] given the [`key_weights`] of both sides.
///
/// Keys are unique within a version, so the one B segment with A's key is found where
/// the last one was, shifted alike (two revisions: nearly always), or else by a table
/// of B's keys, made at the first miss.
pub(crate) fn key_candidates_weighted(
    [a, b]: [&Document; 2],
    [wa, wb]: [&[Option<u32>]; 2],
) -> Vec<Candidate> {
    let mut b_by_key: Option<rustc_hash::FxHashMap<&str, usize>> = None;
    // B's index minus A's at the last pair found.
    let mut shift = 0isize;
    let mut out = Vec::with_capacity(a.segments.len().min(b.segments.len()));
    for (i, s) in a.segments.iter().enumerate() {
        let Some(weight) = wa[i] else { continue };
        let guess = i
            .checked_add_signed(shift)
            .filter(|&j| j < b.segments.len());
        let j = match guess {
            Some(j) if b.segments[j].key == s.key => Some(j),
            _ => b_by_key
                .get_or_insert_with(|| keyed_table(b, wb))
                .get(s.key.as_str())
                .copied(),
        };
        // The key of B's segment `j` has no weight: it is in no table, and no anchor.
        let Some(j) = j.filter(|&j| wb[j].is_some()) else {
            continue;
        };
        shift = j as isize - i as isize;
        if b.segments[j].kind == s.kind {
            out.push(Candidate { i, j, weight });
        }
    }
    out
}

/// B's segments with a content key, by key.
fn keyed_table<'d>(b: &'d Document, wb: &[Option<u32>]) -> rustc_hash::FxHashMap<&'d str, usize> {
    // Sized for every segment at once: a filtered iterator gives no size hint, and
    // growing the table step by step on a whole Bible cost 2% of a history walk.
    let mut table =
        rustc_hash::FxHashMap::with_capacity_and_hasher(b.segments.len(), Default::default());
    table.extend(
        b.segments
            .iter()
            .enumerate()
            .filter(|&(j, _)| wb[j].is_some())
            .map(|(j, s)| (s.key.as_str(), j)),
    );
    table
}

/// Drops the anchors that the lengths of the stretches around them
/// contradict. `pa` and `pb` are prefix sums of the segments' lengths.
///
/// A misplaced anchor leaves a tell-tale pair of stretches: the one before
/// it too long on one side and the one after it too long on the other, while
/// the two together are plausible. Such an anchor is dropped (and its
/// neighbours looked at again). A stretch that is implausible on its own,
/// with a plausible neighbour, is an omission or an addition, and its anchors
/// stay.
pub(crate) fn check_stretches(
    chain: Vec<Candidate>,
    pa: &[u64],
    pb: &[u64],
    params: &Params,
) -> Vec<Candidate> {
    let k = chain.len();
    if k == 0 {
        return chain;
    }
    let (na, nb) = (pa.len() - 1, pb.len() - 1);
    // Boundaries: the start, the anchors, the end; a linked list over them.
    let point = |t: usize| -> (usize, usize) {
        match t {
            0 => (0, 0),
            t if t <= k => (chain[t - 1].i, chain[t - 1].j),
            _ => (na, nb),
        }
    };
    let delta = |from: usize, to: usize| -> f64 {
        let (i0, j0) = point(from);
        let (i1, j1) = point(to);
        length_delta((pa[i1] - pa[i0]) as f64, (pb[j1] - pb[j0]) as f64, params)
    };
    let mut prev: Vec<usize> = (0..k + 2).map(|t| t.saturating_sub(1)).collect();
    let mut next: Vec<usize> = (0..k + 2).map(|t| t + 1).collect();
    let mut alive = vec![true; k + 2];
    let mut todo: Vec<usize> = (1..=k).rev().collect();
    while let Some(t) = todo.pop() {
        if !alive[t] {
            continue;
        }
        let (p, n) = (prev[t], next[t]);
        let (left, right) = (delta(p, t), delta(t, n));
        let misplaced = left.abs() > IMPLAUSIBLE
            && right.abs() > IMPLAUSIBLE
            && left.signum() != right.signum()
            && delta(p, n).abs() < IMPLAUSIBLE.max(left.abs().min(right.abs()) / 2.0);
        if misplaced {
            alive[t] = false;
            next[p] = n;
            prev[n] = p;
            if p > 0 {
                todo.push(p);
            }
            if n <= k {
                todo.push(n);
            }
        }
    }
    chain
        .into_iter()
        .enumerate()
        .filter(|&(t, _)| alive[t + 1])
        .map(|(_, c)| c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::segment;

    fn weights(text: &str) -> Vec<(String, Option<u32>)> {
        segment(text)
            .segments
            .iter()
            .map(|s| (s.key.to_string(), key_weight(s)))
            .collect()
    }

    #[test]
    fn a_counted_key_is_told_by_its_bytes() {
        for (key, is_counted) in [
            ("genesis/1/1", false),
            ("preamble¶2", true),
            ("¶1", true),
            ("5/2~2", true),
            ("intro~", true),
            // `ö` and `Ķ` end in the byte `¶` ends in (`B6`), after another lead byte.
            ("psalmen/größe", false),
            ("ķ/Ķ", false),
            ("psalmen/größe¶3", true),
            ("", false),
        ] {
            assert_eq!(counted(key), is_counted, "{key}");
            assert_eq!(counted(key), key.contains(['¶', '~']), "{key}");
        }
    }

    proptest::proptest! {
        #[test]
        fn counted_agrees_with_a_search_for_either_character(key in "[a-z0-9/~¶öĶķ\u{b6}-\u{c2}]{0,40}") {
            proptest::prop_assert_eq!(counted(&key), key.contains(['¶', '~']));
        }
    }

    #[test]
    fn only_keys_from_the_text_anchor() {
        let w = weights(
            "# Ruth\n\n## 1\n\nNow it came to pass.\n\nAnd Elimelech died.\n\n1. A point.\n\n1. Again.\n\nMore of it.\n\n## Notes\n\n## ***\n",
        );
        let got: Vec<(&str, Option<u32>)> = w.iter().map(|(k, x)| (k.as_str(), *x)).collect();
        assert_eq!(
            got,
            [
                ("ruth", Some(WORDS)),
                ("1", Some(NUMBER)),
                ("1¶1", None),
                ("1¶2", None),
                ("1/1", Some(NUMBER)),
                ("1/1~2", None),
                ("1/1¶2", None),
                ("notes", Some(WORDS)),
                ("h2", None),
            ]
        );
    }

    fn prefix(ls: &[u64]) -> Vec<u64> {
        std::iter::once(0)
            .chain(ls.iter().scan(0, |s, &x| {
                *s += x;
                Some(*s)
            }))
            .collect()
    }

    fn c(i: usize, j: usize) -> Candidate {
        Candidate { i, j, weight: 1 }
    }

    #[test]
    fn a_misplaced_anchor_is_dropped_an_omission_is_not() {
        let params = Params::new(1.0);
        // B is A regrouped: B's 0 = A's 0-1, B's 1 = A's 2, B's 2 = A's 3-4.
        let pa = prefix(&[200, 200, 200, 200, 200, 200]);
        let pb = prefix(&[400, 200, 400, 200]);
        // (2, 1) is right; (3, 2) says A's 3 begins B's 2... which it does. (4, 2) would not.
        let kept = check_stretches(vec![c(0, 0), c(2, 1), c(4, 2), c(5, 3)], &pa, &pb, &params);
        assert_eq!(kept, [c(0, 0), c(2, 1), c(5, 3)]);
        let kept = check_stretches(vec![c(0, 0), c(2, 1), c(3, 2), c(5, 3)], &pa, &pb, &params);
        assert_eq!(kept.len(), 4);
        // B leaves out A's 2-3: the anchor after the omission stays.
        let pb = prefix(&[400, 400]);
        let kept = check_stretches(vec![c(0, 0), c(4, 1)], &pa, &pb, &params);
        assert_eq!(kept, [c(0, 0), c(4, 1)]);
    }
}
