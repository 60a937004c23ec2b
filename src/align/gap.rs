//! Aligning the few unmatched segments between two anchors, by dynamic programming.
//!
//! A gap of `n` segments of A and `m` of B is aligned over the grid of (i, j)
//! = (segments of A used, segments of B used), each step taking 0-3 segments of
//! each side. Small gaps use the whole grid; large ones a band around the
//! diagonal of [`BAND`] cells on each side, so the work is O((n + m) · BAND).

use std::ops::Range;

use super::{Row, Side, common};
use crate::text::Kind;

/// Gaps with at most this many grid cells are aligned over the whole grid.
pub const FULL_GRID_CELLS: usize = 250_000;
/// Half-width of the band used for larger gaps.
pub const BAND: usize = 64;

type Move = (usize, usize);

/// Finds the cheapest path from (0, 0) to (n, m) using `moves`, where
/// `cost(i, j, move)` prices the step that ends at (i, j), or refuses it.
fn cheapest_path(
    n: usize,
    m: usize,
    moves: &[Move],
    mut cost: impl FnMut(usize, usize, Move) -> Option<f64>,
) -> Vec<(usize, usize, Move)> {
    let full = (n + 1).saturating_mul(m + 1) <= FULL_GRID_CELLS;
    // Column range of row i: the whole row, or the band around the diagonal.
    let range = |i: usize| -> (usize, usize) {
        if full || n == 0 {
            return (0, m);
        }
        let lo = (i * m / n).saturating_sub(BAND);
        let hi = ((i + 1) * m).div_ceil(n) + BAND;
        (lo, hi.min(m))
    };
    let mut rows: Vec<(usize, Vec<(f64, u8)>)> = Vec::with_capacity(n + 1);
    for i in 0..=n {
        let (lo, hi) = range(i);
        rows.push((lo, vec![(f64::INFINITY, u8::MAX); hi - lo + 1]));
    }
    let get = |rows: &Vec<(usize, Vec<(f64, u8)>)>, i: usize, j: usize| -> f64 {
        let (lo, cells) = &rows[i];
        if j < *lo {
            return f64::INFINITY;
        }
        cells.get(j - lo).map_or(f64::INFINITY, |c| c.0)
    };
    rows[0].1[0] = (0.0, u8::MAX);
    for i in 0..=n {
        let (lo, hi) = range(i);
        for j in lo..=hi {
            if i == 0 && j == 0 {
                continue;
            }
            let mut best = (f64::INFINITY, u8::MAX);
            for (k, &(di, dj)) in moves.iter().enumerate() {
                if di > i || dj > j {
                    continue;
                }
                let before = get(&rows, i - di, j - dj);
                if !before.is_finite() {
                    continue;
                }
                if let Some(c) = cost(i, j, (di, dj)) {
                    let total = before + c;
                    if total < best.0 {
                        best = (total, k as u8);
                    }
                }
            }
            rows[i].1[j - lo] = best;
        }
    }
    // Walk back from (n, m).
    let mut path = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let (lo, cells) = &rows[i];
        let k = cells[j - lo].1;
        // Every cell is reachable through 1-0 and 0-1 steps, which are never refused.
        let Some(&(di, dj)) = moves.get(k as usize) else {
            break;
        };
        path.push((i, j, (di, dj)));
        i -= di;
        j -= dj;
    }
    path.reverse();
    path
}

fn rows_from_path(path: Vec<(usize, usize, Move)>, ga: &[usize], gb: &[usize]) -> Vec<Row> {
    path.into_iter()
        .map(|(i, j, (di, dj))| Row {
            a: ga[i - di..i].to_vec(),
            b: gb[j - dj..j].to_vec(),
            moved: false,
        })
        .collect()
}

const SAME_MOVES: [Move; 7] = [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (3, 1)];

/// Aligns a same-language gap by shared words. `ga`/`gb` are segment indices.
///
/// Costs count words left unmatched: a removed or added segment costs its
/// words; a pair costs the words it does not share, plus a small price per
/// segment so that a split or merge is chosen only when every part belongs.
/// Pairs need a word similarity of at least 0.2 (0.1 for equal keys, none for
/// equal keys and at most three words a side); a split
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
    let cost = |i: usize, j: usize, (di, dj): Move| -> Option<f64> {
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
                (sim >= floor || (same_key && short)).then(|| {
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
                merged.clear();
                for &p in parts {
                    let w = parts_side.words(p);
                    if parts_side.kind[p] != Kind::Paragraph
                        || w.is_empty()
                        || common(w, whole) * 2 < w.len()
                    {
                        return None;
                    }
                    merged.extend_from_slice(w);
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
    rows_from_path(cheapest_path(ga.len(), gb.len(), &SAME_MOVES, cost), ga, gb)
}

fn trivial_path(n: usize, m: usize) -> Vec<(usize, usize, Move)> {
    (1..=n)
        .map(|i| (i, 0, (1, 0)))
        .chain((1..=m).map(|j| (n, j, (0, 1))))
        .collect()
}

/// Lengths and kinds of both versions, for the cross-language aligner.
pub(crate) struct Lengths<'a> {
    pub a: &'a [usize],
    pub b: &'a [usize],
    pub kind_a: &'a [Kind],
    pub kind_b: &'a [Kind],
    /// Characters of B per character of A, over the whole documents.
    pub ratio: f64,
}

/// Variance of the length difference per character (Gale and Church, 1993).
const S2: f64 = 6.8;

/// How far B's length is from what A's length predicts, in standard deviations.
pub(crate) fn length_delta(la: usize, lb: usize, ratio: f64) -> f64 {
    let lb_in_a = lb as f64 / ratio;
    let mean = (la as f64 + lb_in_a) / 2.0;
    if mean <= 0.0 {
        return 0.0;
    }
    (lb_in_a - la as f64) / (S2 * mean).sqrt()
}

/// Complementary error function (Numerical Recipes `erfcc`, error below 1.2e-7).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

const CROSS_MOVES: [Move; 8] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (1, 2),
    (2, 1),
    (2, 2),
    (1, 3),
    (3, 1),
];

fn prior(m: Move) -> f64 {
    match m {
        (1, 1) => 0.89,
        (1, 0) | (0, 1) => 0.0099 / 2.0,
        (1, 2) | (2, 1) => 0.089 / 2.0,
        (2, 2) => 0.011,
        _ => 0.005,
    }
}

/// Aligns a cross-language gap by order and length, as Gale and Church do.
pub(crate) fn align_gap_cross(lengths: &Lengths, ai: Range<usize>, bj: Range<usize>) -> Vec<Row> {
    let ga: Vec<usize> = ai.collect();
    let gb: Vec<usize> = bj.collect();
    if ga.is_empty() || gb.is_empty() {
        return rows_from_path(trivial_path(ga.len(), gb.len()), &ga, &gb);
    }
    let cost = |i: usize, j: usize, (di, dj): Move| -> Option<f64> {
        let xs = &ga[i - di..i];
        let ys = &gb[j - dj..j];
        let headings = xs
            .iter()
            .filter(|&&x| lengths.kind_a[x] == Kind::Heading)
            .count()
            + ys.iter()
                .filter(|&&y| lengths.kind_b[y] == Kind::Heading)
                .count();
        let mut penalty = 0.0;
        if di + dj > 2 && headings > 0 {
            return None;
        }
        if di == 1 && dj == 1 && headings == 1 {
            penalty = 6.0;
        }
        let la: usize = xs.iter().map(|&x| lengths.a[x]).sum();
        let lb: usize = ys.iter().map(|&y| lengths.b[y]).sum();
        let delta = length_delta(la, lb, lengths.ratio);
        let p = erfc(delta.abs() / std::f64::consts::SQRT_2).max(1e-12);
        Some(-prior((di, dj)).ln() - p.ln() + penalty)
    };
    rows_from_path(
        cheapest_path(ga.len(), gb.len(), &CROSS_MOVES, cost),
        &ga,
        &gb,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erfc_matches_known_values() {
        assert!((erfc(0.0) - 1.0).abs() < 1e-6);
        assert!((erfc(1.0) - 0.157_299_2).abs() < 1e-6);
        assert!((erfc(-1.0) - 1.842_700_8).abs() < 1e-6);
    }

    #[test]
    fn band_covers_lopsided_gaps() {
        // 3 x 2,000 cells is above nothing; force the band with a long thin gap.
        let n = 2;
        let m = 200_000;
        let path = cheapest_path(n, m, &SAME_MOVES, |_, _, mv| match mv {
            (1, 0) | (0, 1) => Some(1.0),
            _ => None,
        });
        assert_eq!(path.len(), n + m);
        assert_eq!(path.last().map(|p| (p.0, p.1)), Some((n, m)));
    }
}
