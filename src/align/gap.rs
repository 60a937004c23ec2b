//! Aligning the segments between two same-language anchors by their words.
//!
//! A gap of `n` segments of A and `m` of B is aligned over the grid of (i, j)
//! = (segments of A used, segments of B used), each step taking none or one
//! segment of a side and one to [`MOST_PARTS`] of the other. Small gaps use
//! the whole grid; large ones a band around the diagonal of [`BAND`] cells on
//! each side, so the work is O((n + m) · BAND).

use super::bags::{Side, common};
use super::grid::{Corridor, Move, Step, cheapest_path, trivial_path};
use super::{PairedBy, Row};
use crate::text::Kind;

/// Gaps with at most this many grid cells are aligned over the whole grid.
pub const FULL_GRID_CELLS: usize = 250_000;
/// Half-width of the band used for larger gaps.
pub const BAND: usize = 64;

/// Weight of the distance from the diagonal in a pairing's cost: far below
/// any difference in words, so it only breaks ties.
const TIE_BREAK: f64 = 1e-3;

fn rows_from_path(path: Vec<Step>, ga: &[usize], gb: &[usize]) -> Vec<Row> {
    path.into_iter()
        .map(|(i, j, (di, dj))| {
            Row::new(
                ga[i - di..i].into(),
                gb[j - dj..j].into(),
                PairedBy::Content,
            )
        })
        .collect()
}

/// Most paragraphs one paragraph of the other side may be split into or
/// merged from (a modern Bible's paragraph holds many verses).
pub const MOST_PARTS: usize = 10;

/// Steps of a same-language gap: a pair, a removal, an addition, then each
/// split and merge of two to [`MOST_PARTS`] paragraphs.
const SAME_MOVES: [Move; 1 + 2 * MOST_PARTS] = {
    let mut moves = [(1, 1); 1 + 2 * MOST_PARTS];
    moves[1] = (1, 0);
    moves[2] = (0, 1);
    let mut k = 2;
    while k <= MOST_PARTS {
        moves[2 * k - 1] = (1, k);
        moves[2 * k] = (k, 1);
        k += 1;
    }
    moves
};

/// The least each of [`SAME_MOVES`] can cost (a removed or added segment
/// counts at least one word; a split or merge pays 0.5 plus one per part
/// after the first), so that the search skips a move that cannot win.
const SAME_FLOORS: [f64; SAME_MOVES.len()] = {
    let mut floors = [0.0; SAME_MOVES.len()];
    floors[1] = 1.0;
    floors[2] = 1.0;
    let mut k = 3;
    while k < SAME_MOVES.len() {
        floors[k] = k.div_ceil(2) as f64 - 0.5;
        k += 1;
    }
    floors
};

/// Fewest words the shorter of two segments needs for [`grown`] to pair them.
const GROWN_MIN_WORDS: usize = 8;

/// True when a segment of `short.min(long)` words, `common` of them in the
/// other, is almost all there: a definition that a revision grew from one line
/// to ten (`"Work" means the copyrightable work of authorship offered under the
/// terms of this License.` in CC BY 2.5, a paragraph of 180 words in 3.0) shares
/// too small a part of the two to pass the similarity floor, yet it is the
/// same paragraph, and leaving it out pairs its neighbours with strangers.
fn grown(common: usize, a: usize, b: usize) -> bool {
    let shorter = a.min(b);
    shorter >= GROWN_MIN_WORDS && 4 * common >= 3 * shorter
}

/// Aligns a same-language gap by shared words. `ga`/`gb` are segment indices.
///
/// Costs count words left unmatched: a removed or added segment costs its
/// words; a pair costs the words it does not share, plus a small price per
/// segment so that a split or merge is chosen only when every part belongs.
/// Pairs need a word similarity of at least 0.2 (0.1 for equal keys, none for
/// equal keys and at most three words a side), or the shorter side's words
/// almost all in the longer ([`grown`]); a split
/// or merge needs each part to be at least half made of the other side's words.
pub(crate) fn align_gap_same(
    sa: &Side,
    sb: &Side,
    ga: &[usize],
    gb: &[usize],
    keys_equal: &dyn Fn(usize, usize) -> bool,
) -> Vec<Row> {
    if ga.is_empty() || gb.is_empty() {
        return rows_from_path(trivial_path(ga.len(), gb.len()), ga, gb);
    }
    let mut merged: Vec<u32> = Vec::new();
    // Whether each part near the cell (i, j) belongs to the single segment
    // it would be split from or merged into: [parts in A, in B][distance].
    let mut cell = (usize::MAX, usize::MAX);
    let mut belongs = [[None::<bool>; MOST_PARTS]; 2];
    let (n, m) = (ga.len(), gb.len());
    let mut words_cost = |i: usize, j: usize, k: usize| -> Option<f64> {
        let (di, dj) = SAME_MOVES[k];
        let xs = &ga[i - di..i];
        let ys = &gb[j - dj..j];
        match (di, dj) {
            (1, 0) => Some(sa.mass(xs[0]) as f64),
            (0, 1) => Some(sb.mass(ys[0]) as f64),
            (1, 1) => {
                let (x, y) = (xs[0], ys[0]);
                if sa.kind[x] != sb.kind[y] {
                    return None;
                }
                let (wa, wb) = (sa.words(x), sb.words(y));
                let same_key = keys_equal(x, y);
                if sa.hash[x] == sb.hash[y] {
                    return Some(if same_key { 0.0 } else { 0.5 });
                }
                if wa.is_empty() || wb.is_empty() {
                    return same_key.then_some((sa.mass(x) + sb.mass(y)) as f64 - 0.5);
                }
                let c = common(wa, wb);
                let sim = 2.0 * c as f64 / (wa.len() + wb.len()) as f64;
                // A short point under the same key is the same point reworded
                // ("5. Hello" → "5. Greetings"), even with no word in common.
                let short = wa.len().max(wb.len()) <= 3;
                let floor = if same_key { 0.1 } else { 0.2 };
                (sim >= floor || (same_key && short) || grown(c, wa.len(), wb.len())).then(|| {
                    (wa.len() + wb.len() - 2 * c) as f64 + if same_key { 0.0 } else { 0.5 }
                })
            }
            _ => {
                let (single, single_side, parts, parts_side) = if di == 1 {
                    (xs[0], sa, ys, sb)
                } else {
                    (ys[0], sb, xs, sa)
                };
                if single_side.kind[single] != Kind::Paragraph {
                    return None;
                }
                let whole = single_side.words(single);
                // Parts nearest the single first: the moves of one cell share
                // them, and most cells fail at the first.
                if cell != (i, j) {
                    cell = (i, j);
                    belongs = [[None; MOST_PARTS]; 2];
                }
                let side = usize::from(di == 1);
                for (d, &p) in parts.iter().rev().enumerate() {
                    let fits = *belongs[side][d].get_or_insert_with(|| {
                        let w = parts_side.words(p);
                        parts_side.kind[p] == Kind::Paragraph
                            && !w.is_empty()
                            && common(w, whole) * 2 >= w.len()
                    });
                    if !fits {
                        return None;
                    }
                }
                merged.clear();
                for &p in parts {
                    merged.extend_from_slice(parts_side.words(p));
                }
                merged.sort_unstable();
                let c = common(whole, &merged);
                let total = whole.len() + merged.len();
                if 4 * c < total {
                    return None;
                }
                Some((total - 2 * c) as f64 + 0.5 + (parts.len() - 1) as f64)
            }
        }
    };
    // Between pairings the words find equally good (a paragraph split in two
    // halves, one of which could pair with the whole), the one nearer the
    // gap's diagonal wins: a tie-break that is the same both ways round.
    let cost = |i: usize, j: usize, k: usize| -> Option<f64> {
        let c = words_cost(i, j, k)?;
        let (di, dj) = SAME_MOVES[k];
        if di == 0 || dj == 0 {
            return Some(c);
        }
        let at_a = (i as f64 - di as f64 / 2.0) / n as f64;
        let at_b = (j as f64 - dj as f64 / 2.0) / m as f64;
        Some(c + TIE_BREAK * (at_a - at_b).abs())
    };
    let corridor = if (n + 1).saturating_mul(m + 1) <= FULL_GRID_CELLS {
        Corridor::full(n, m)
    } else {
        Corridor::diagonal(n, m, BAND)
    };
    let path = cheapest_path(n, m, &SAME_MOVES, &SAME_FLOORS, &corridor, None, cost);
    rows_from_path(path, ga, gb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_and_their_floors() {
        assert_eq!(
            &SAME_MOVES[..7],
            &[(1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (3, 1)]
        );
        assert_eq!(SAME_MOVES[SAME_MOVES.len() - 1], (MOST_PARTS, 1));
        assert_eq!(&SAME_FLOORS[..7], &[0.0, 1.0, 1.0, 1.5, 1.5, 2.5, 2.5]);
        assert!(SAME_FLOORS[1..].windows(2).all(|w| w[0] <= w[1]));
    }
}
