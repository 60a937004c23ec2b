//! The cheapest monotone path through the grid of two sequences, over the
//! whole grid or over a corridor of it.
//!
//! Cell (i, j) stands for "the first i segments of A and the first j of B are
//! aligned"; a move (di, dj) is a bead that takes the next di segments of A
//! and dj of B. The caller prices each bead. A corridor limits each row to a
//! range of columns, so that a long gap costs O(length · width), not
//! O(n · m); [`Corridor::touches`] says where a path ran along its edge, so
//! that the caller can widen it there and search again. Gates
//! ([`Corridor::gated`]) make the path pass through a bead that holds a given
//! pair of segments.

/// A bead shape: segments of A, segments of B.
pub(crate) type Move = (usize, usize);

/// One step of a path: the bead `mv` that ends at cell (`i`, `j`).
pub(crate) type Step = (usize, usize, Move);

/// The columns each row of the grid may use: row `i` covers `lo[i]..=hi[i]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Corridor {
    pub lo: Vec<usize>,
    pub hi: Vec<usize>,
}

impl Corridor {
    /// Every cell of an (n + 1) × (m + 1) grid.
    pub fn full(n: usize, m: usize) -> Corridor {
        Corridor {
            lo: vec![0; n + 1],
            hi: vec![m; n + 1],
        }
    }

    /// A band of `half` columns either side of the straight diagonal.
    pub fn diagonal(n: usize, m: usize, half: usize) -> Corridor {
        if n == 0 {
            return Corridor::full(n, m);
        }
        let lo = (0..=n).map(|i| (i * m / n).saturating_sub(half)).collect();
        let hi = (0..=n)
            .map(|i| ((i + 1) * m).div_ceil(n).saturating_add(half).min(m))
            .collect();
        Corridor { lo, hi }
    }

    /// The corridor around the cells of a coarse path: `steps` end at block
    /// corners, A's block `I` being rows `I·ka..(I+1)·ka` and B's block `J`
    /// columns `J·kb..(J+1)·kb`. Each bead's rectangle is covered, plus
    /// `margin` columns either side.
    pub fn around(
        steps: &[Step],
        (ka, kb): (usize, usize),
        (n, m): (usize, usize),
        margin: usize,
    ) -> Corridor {
        let mut lo = vec![usize::MAX; n + 1];
        let mut hi = vec![0; n + 1];
        let mut cover = |r0: usize, r1: usize, c0: usize, c1: usize| {
            for i in r0.min(n)..=r1.min(n) {
                lo[i] = lo[i].min(c0.min(m));
                hi[i] = hi[i].max(c1.min(m));
            }
        };
        cover(0, 0, 0, 0);
        for &(bi, bj, (di, dj)) in steps {
            cover((bi - di) * ka, bi * ka, (bj - dj) * kb, bj * kb);
        }
        cover(n, n, m, m);
        let mut c = Corridor { lo, hi };
        c.widen_all(margin, m);
        c
    }

    /// Widens every row by `by` columns each side and keeps both edges
    /// non-decreasing, so that consecutive rows always overlap.
    fn widen_all(&mut self, by: usize, m: usize) {
        let n = self.lo.len();
        for i in 0..n {
            self.lo[i] = self.lo[i].saturating_sub(by);
            self.hi[i] = self.hi[i].saturating_add(by).min(m);
        }
        for i in (0..n.saturating_sub(1)).rev() {
            self.lo[i] = self.lo[i].min(self.lo[i + 1]);
        }
        for i in 1..n {
            self.hi[i] = self.hi[i].max(self.hi[i - 1]);
        }
    }

    /// Widens the rows within `reach` of each of `rows` by `by` columns each side.
    pub fn widen(&mut self, rows: &[usize], reach: usize, by: usize, m: usize) {
        let n = self.lo.len();
        for &r in rows {
            for i in r.saturating_sub(reach)..(r + reach + 1).min(n) {
                self.lo[i] = self.lo[i].saturating_sub(by);
                self.hi[i] = self.hi[i].saturating_add(by).min(m);
            }
        }
        self.widen_all(0, m);
    }

    /// The whole grid, less the cells a path through a bead holding each
    /// `(i, j)` of `gates` cannot visit: rows up to `i` end at column `j` at
    /// most, rows from `i + 1` begin at column `j + 1` at least. The gates
    /// must increase in both `i` and `j`.
    pub fn gated(n: usize, m: usize, gates: &[(usize, usize)]) -> Corridor {
        let mut c = Corridor::full(n, m);
        for &(i, j) in gates {
            for r in 0..=i.min(n) {
                c.hi[r] = c.hi[r].min(j);
            }
            for r in (i + 1).min(n + 1)..=n {
                c.lo[r] = c.lo[r].max(j + 1).min(m);
            }
        }
        c
    }

    /// The cells in both corridors. A row the two do not share keeps this
    /// corridor's cells, so that a path still exists.
    pub fn intersect(&self, other: &Corridor) -> Corridor {
        let mut c = self.clone();
        for r in 0..c.lo.len() {
            let (lo, hi) = (c.lo[r].max(other.lo[r]), c.hi[r].min(other.hi[r]));
            if lo <= hi {
                (c.lo[r], c.hi[r]) = (lo, hi);
            }
        }
        let m = c.hi.iter().copied().max().unwrap_or(0);
        c.widen_all(0, m);
        c
    }

    /// The rows where `path` runs along an edge of the corridor that is not
    /// an edge of the grid (where a wider corridor might find a cheaper path).
    pub fn touches(&self, path: &[Step], m: usize) -> Vec<usize> {
        path.iter()
            .filter(|&&(i, j, _)| (j == self.lo[i] && j > 0) || (j == self.hi[i] && j < m))
            .map(|s| s.0)
            .collect()
    }

    /// How many cells the corridor holds.
    pub fn cells(&self) -> usize {
        self.lo.iter().zip(&self.hi).map(|(l, h)| h + 1 - l).sum()
    }
}

/// Long omissions: a run of segments of one side with nothing facing them
/// costs `open` once plus `a[i]` (or `b[j]`) for each of its segments, so that
/// a translation that leaves out a chapter is one omission, not a chapter's
/// worth of beads that each look improbable.
#[derive(Debug, Clone)]
pub(crate) struct Omissions {
    pub open: f64,
    /// What each segment of A (of B) costs inside an omission.
    pub a: Vec<f64>,
    pub b: Vec<f64>,
    /// An omission may begin at (0, 0).
    pub at_start: bool,
}

/// Where a cell's best value comes from: a bead (`NORMAL`), or the inside of
/// an omission of A or of B.
const NORMAL: u8 = 0;
const OMIT_A: u8 = 1;
const OMIT_B: u8 = 2;

/// The cheapest path from (0, 0) to (n, m) through `corridor` using `moves`,
/// where `cost(i, j, k)` prices the bead `moves[k]` that ends at (i, j) or
/// refuses it, and `omissions`, when given, price runs of unpaired segments.
/// `floor[k]` is a lower bound of every cost of `moves[k]`: a bead that
/// cannot beat the best found so far is not priced. The moves (1, 0) and
/// (0, 1) must never be refused, so that every cell of the corridor can be
/// reached. Steps of an omission come out as (1, 0) and (0, 1) moves.
pub(crate) fn cheapest_path(
    n: usize,
    m: usize,
    moves: &[Move],
    floor: &[f64],
    corridor: &Corridor,
    omissions: Option<&Omissions>,
    mut cost: impl FnMut(usize, usize, usize) -> Option<f64>,
) -> Vec<Step> {
    // Cheapest moves first, so that the bound prunes the most.
    let mut order: Vec<usize> = (0..moves.len()).collect();
    order.sort_by(|&x, &y| floor[x].total_cmp(&floor[y]));
    let Corridor { lo, hi } = corridor;
    let mut offset = Vec::with_capacity(n + 2);
    let mut total = 0;
    for i in 0..=n {
        offset.push(total);
        total += hi[i] + 1 - lo[i];
    }
    let cell_at = |i: usize, j: usize| -> Option<usize> {
        (j >= lo[i] && j <= hi[i]).then(|| offset[i] + j - lo[i])
    };
    // Best value of each cell: by a bead, inside an omission of A, of B.
    let layers = if omissions.is_some() { 3 } else { 1 };
    let mut best = vec![vec![f64::INFINITY; total]; layers];
    let mut back = vec![u8::MAX; total];
    // For a bead: the layer it starts from; inside an omission: the layer before.
    let mut from = vec![vec![NORMAL; total]; layers];
    best[0][0] = 0.0;
    let any = |best: &[Vec<f64>], at: usize| -> (f64, u8) {
        let mut b = (best[0][at], NORMAL);
        for (l, layer) in best.iter().enumerate().skip(1) {
            if layer[at] < b.0 {
                b = (layer[at], l as u8);
            }
        }
        b
    };
    for i in 0..=n {
        for j in lo[i]..=hi[i] {
            if i == 0 && j == 0 {
                continue;
            }
            let at = offset[i] + j - lo[i];
            let mut cell = (f64::INFINITY, u8::MAX, NORMAL);
            for &k in &order {
                let (di, dj) = moves[k];
                if di > i || dj > j {
                    continue;
                }
                let Some(origin) = cell_at(i - di, j - dj) else {
                    continue;
                };
                let (before, layer) = any(&best, origin);
                if before + floor[k] >= cell.0 {
                    continue;
                }
                if let Some(c) = cost(i, j, k) {
                    let t = before + c;
                    if t < cell.0 {
                        cell = (t, k as u8, layer);
                    }
                }
            }
            best[0][at] = cell.0;
            back[at] = cell.1;
            from[0][at] = cell.2;
            let Some(om) = omissions else {
                continue;
            };
            // Continue an omission, or open one (not at the start of an anchored gap).
            let mut extend = |layer: u8, origin: Option<usize>, step: f64| {
                let Some(o) = origin else {
                    return;
                };
                let l = layer as usize;
                let mut b = (best[l][o], layer);
                // An omission opens after a bead, never right after the other side's.
                if (o != 0 || om.at_start) && best[0][o] + om.open < b.0 {
                    b = (best[0][o] + om.open, NORMAL);
                }
                best[l][at] = b.0 + step;
                from[l][at] = b.1;
            };
            if i > 0 {
                extend(OMIT_A, cell_at(i - 1, j), om.a[i - 1]);
            }
            if j > 0 {
                extend(OMIT_B, cell_at(i, j - 1), om.b[j - 1]);
            }
        }
    }
    let mut path = Vec::new();
    let (mut i, mut j) = (n, m);
    let mut layer = match cell_at(n, m) {
        Some(at) => any(&best, at).1,
        None => NORMAL,
    };
    while i > 0 || j > 0 {
        let at = offset[i] + j - lo[i];
        let step = match layer {
            OMIT_A => Some((1, 0)),
            OMIT_B => Some((0, 1)),
            _ => moves.get(back[at] as usize).copied(),
        };
        let Some((di, dj)) = step else {
            // Unreachable with (1, 0) and (0, 1) always allowed; end the path
            // with them rather than fail.
            path.extend((1..=j).rev().map(|y| (i, y, (0, 1))));
            path.extend((1..=i).rev().map(|x| (x, 0, (1, 0))));
            break;
        };
        path.push((i, j, (di, dj)));
        layer = from[layer as usize][at];
        i -= di;
        j -= dj;
    }
    path.reverse();
    path
}

/// The path of a gap with nothing on one side: every segment alone.
pub(crate) fn trivial_path(n: usize, m: usize) -> Vec<Step> {
    (1..=n)
        .map(|i| (i, 0, (1, 0)))
        .chain((1..=m).map(|j| (n, j, (0, 1))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOVES: [Move; 4] = [(1, 1), (1, 0), (0, 1), (2, 1)];
    const FLOOR: [f64; 4] = [0.0; 4];

    fn unit_cost(_: usize, _: usize, k: usize) -> Option<f64> {
        Some(match MOVES[k] {
            (1, 1) => 0.0,
            (2, 1) => 0.5,
            _ => 1.0,
        })
    }

    #[test]
    fn full_grid_finds_the_diagonal() {
        let full = Corridor::full(3, 3);
        let path = cheapest_path(3, 3, &MOVES, &FLOOR, &full, None, unit_cost);
        assert_eq!(path, [(1, 1, (1, 1)), (2, 2, (1, 1)), (3, 3, (1, 1))]);
        assert!(full.touches(&path, 3).is_empty());
    }

    #[test]
    fn band_covers_lopsided_gaps() {
        let (n, m) = (2, 200_000);
        let c = Corridor::diagonal(n, m, 64);
        let path = cheapest_path(n, m, &MOVES, &FLOOR, &c, None, unit_cost);
        assert_eq!(path.last().map(|p| (p.0, p.1)), Some((n, m)));
        let used: usize = path.iter().map(|p| p.2.1).sum();
        assert_eq!(used, m);
    }

    #[test]
    fn a_narrow_corridor_reports_where_the_path_presses_on_its_edge() {
        // The cheap path runs 2-1 all the way: far below the diagonal of a 1-1 corridor.
        let (n, m): (usize, usize) = (40, 20);
        let narrow = Corridor {
            lo: (0..=n).map(|i| i.saturating_sub(1).min(m)).collect(),
            hi: (0..=n).map(|i| (i + 1).min(m)).collect(),
        };
        let mut narrow = narrow;
        narrow.widen_all(0, m);
        let path = cheapest_path(n, m, &MOVES, &FLOOR, &narrow, None, unit_cost);
        let touched = narrow.touches(&path, m);
        assert!(!touched.is_empty());
        let mut wide = narrow.clone();
        wide.widen(&touched, 40, 40, m);
        let path = cheapest_path(n, m, &MOVES, &FLOOR, &wide, None, unit_cost);
        assert!(wide.touches(&path, m).is_empty());
        assert!(path.iter().all(|s| s.2 == (2, 1)));
    }

    #[test]
    fn a_gate_puts_its_pair_in_one_bead() {
        // Left alone the path runs 1-1; a gate at (2, 0) makes A's 2 join B's 0.
        let gated = Corridor::gated(4, 4, &[(2, 0)]);
        let path = cheapest_path(4, 4, &MOVES, &FLOOR, &gated, None, unit_cost);
        let bead = path
            .iter()
            .find(|&&(i, j, (di, dj))| (i - di..i).contains(&2) && (j - dj..j).contains(&0));
        assert!(bead.is_some(), "{path:?}");
        assert_eq!(path.last().map(|s| (s.0, s.1)), Some((4, 4)));
    }

    #[test]
    fn a_long_omission_is_one_run() {
        // Ten segments of A face nothing: singly they cost 1 each, as one
        // omission 3 in all.
        let om = Omissions {
            open: 2.0,
            a: vec![0.1; 12],
            b: vec![0.1; 2],
            at_start: true,
        };
        let full = Corridor::full(12, 2);
        let path = cheapest_path(12, 2, &MOVES, &FLOOR, &full, Some(&om), unit_cost);
        let alone = path.iter().filter(|s| s.2 == (1, 0)).count();
        assert_eq!(alone, 10);
        assert_eq!(path.iter().filter(|s| s.2 == (1, 1)).count(), 2);
        assert_eq!(path.last().map(|s| (s.0, s.1)), Some((12, 2)));
    }

    #[test]
    fn corridor_around_a_coarse_path_holds_its_rectangles() {
        let steps = [(1, 1, (1, 1)), (2, 2, (1, 1))];
        let c = Corridor::around(&steps, (10, 5), (20, 10), 0);
        assert_eq!((c.lo[0], c.hi[0]), (0, 5));
        assert_eq!((c.lo[10], c.hi[10]), (0, 10));
        assert_eq!((c.lo[15], c.hi[15]), (5, 10));
        assert_eq!((c.lo[20], c.hi[20]), (5, 10));
    }
}
