//! Aligning by length: the dynamic programme of Gale and Church (1993), in
//! characters.
//!
//! A gap between two anchors is cut into beads of 0-5 segments of A and 0-5
//! of B ([`BEADS`]: 0-1, 1-0, every i-j up to 3-3, and 4-1, 5-1, 4-2, 5-2
//! and their mirrors; larger beads were measured to hurt). A bead costs the
//! negative log of its prior plus that of the chance that two texts of the
//! same content differ in length as much as its two sides do (bracketed
//! insertions left out), plus a price for each question mark, full stop and
//! number in digits on one side and not the other. Headings pair only with
//! headings, 1-1, or stand alone. The lexical anchors of a gap (see
//! [`super::lexical`]) are gates: each pair ends up in one bead. A stretch
//! between gates whose lengths disagree far too much may hold a long
//! omission, priced as one event ([`Omissions`]).
//!
//! The priors start from Gale and Church's and are estimated again from a
//! first pass over all the gaps ([`Params::estimate`]), shrunk toward the
//! defaults when the documents are small. A gap of at most [`FULL_CELLS`]
//! cells is searched over its whole grid; a larger one within a corridor
//! around a coarse alignment of blocks of segments, widened wherever the
//! path runs along its edge. The second pass searches near the first pass's
//! path, widened the same way.

use std::sync::OnceLock;

use super::grid::{Corridor, Move, Omissions, Step, cheapest_path, trivial_path};

/// The bead shapes, (segments of A, segments of B).
pub(crate) const BEADS: [Move; 19] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (2, 1),
    (1, 2),
    (2, 2),
    (3, 1),
    (1, 3),
    (3, 2),
    (2, 3),
    (3, 3),
    (4, 1),
    (1, 4),
    (5, 1),
    (1, 5),
    (4, 2),
    (2, 4),
    (5, 2),
    (2, 5),
];

/// Prior probabilities of [`BEADS`]: Gale and Church's for the shapes they
/// used, small ones for the rest.
const DEFAULT_PRIORS: [f64; 19] = [
    0.89,
    0.0099 / 2.0,
    0.0099 / 2.0,
    0.089 / 2.0,
    0.089 / 2.0,
    0.011,
    0.005,
    0.005,
    0.002,
    0.002,
    0.001,
    0.001,
    0.001,
    0.0005,
    0.0005,
    0.0005,
    0.0005,
    0.0002,
    0.0002,
];

/// Variance of the length difference per character (Gale and Church).
const DEFAULT_S2: f64 = 6.8;

/// Weight of the default priors when they are estimated again: as if this
/// many beads had been seen with the default shares.
const PRIOR_WEIGHT: f64 = 100.0;

/// Gaps with at most this many cells are searched over the whole grid.
pub const FULL_CELLS: usize = 4_000_000;

/// Cells of the coarse grid that guides the corridor of a larger gap.
const COARSE_CELLS: usize = 1_000_000;

/// Columns added either side of the coarse path, and added again each time
/// the path is found running along an edge.
const MARGIN: usize = 32;

/// Rounds of widening before the corridor's path is accepted.
const WIDEN_ROUNDS: usize = 4;

/// The largest length cost of a heading paired with a heading: titles are
/// short and translated freely, so their lengths say little.
const HEADING_COST_CAP: f64 = 4.0;

/// What each question mark more on one side of a bead than on the other
/// costs: translators keep questions (some 90% of Bible verses with one have
/// as many in German, Spanish and Russian).
const QUESTION_COST: f64 = 2.0;

/// What each full stop more on one side costs: translators mostly keep
/// sentences (75-90% of verses).
const STOP_COST: f64 = 1.0;

/// What each number in digits that is on one side of a bead and not on the
/// other costs: translators keep numbers (`Section 2`, `Abschnitt 2`, `第2条`).
const NUMBER_COST: f64 = 2.0;

/// What a bead with several segments on both sides costs on top of its
/// prior, per segment beyond one on its shorter side: such a bead is right
/// only when no split of it is, yet its lengths and marks, summed, always
/// look more plausible than those of its parts.
const MANY_TO_MANY_COST: f64 = 2.0;

/// What opening a long omission costs: a run of segments of one side with
/// nothing facing them (a chapter left out) is one event, where Gale and
/// Church would price each of its segments as an improbable 1-0 bead and
/// rather smear the omission over the beads around it.
const OMISSION_OPEN: f64 = 100.0;

/// What each segment inside an omission costs, and each of its characters
/// (counted in A's characters) in addition, one per this many.
const OMITTED_SEGMENT: f64 = 0.5;
const OMITTED_CHARS: f64 = 60.0;

/// Standard deviations by which the lengths of a stretch must disagree for
/// an omission to be considered in it.
const OMISSION_EVIDENCE: f64 = 5.0;

/// Beads of the first pass, whose priors are the defaults: Gale and
/// Church's eight. The larger beads come in once the priors are estimated;
/// with the default priors they swallow runs of 1-1, 2-1 and 3-1 beads.
const FIRST_PASS_BEADS: usize = 8;

/// "No partner" in [`Gap::partner`].
pub const NONE: u32 = u32::MAX;

/// The model's parameters.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Params {
    /// Negative log prior of each bead of [`BEADS`].
    nlp: [f64; 19],
    /// Characters of B per character of A.
    pub ratio: f64,
    s2: f64,
    /// How many of [`BEADS`] may be used.
    beads: usize,
}

impl Params {
    pub fn new(ratio: f64) -> Params {
        Params {
            nlp: DEFAULT_PRIORS.map(|p| -p.ln()),
            ratio: if ratio.is_finite() && ratio > 0.0 {
                ratio
            } else {
                1.0
            },
            s2: DEFAULT_S2,
            beads: FIRST_PASS_BEADS,
        }
    }

    /// The priors estimated from the beads of a first pass, shrunk toward
    /// the defaults, and the ratio of lengths from the characters the paired
    /// beads hold. (The variance stays Gale and Church's: estimated from the
    /// beads it comes out smaller, which was measured to hurt, as length
    /// differences have heavier tails than a normal law.)
    pub fn estimate(&self, t: &Tally) -> Params {
        let total: usize = t.counts.iter().sum();
        let mut nlp = [0.0; 19];
        for k in 0..19 {
            let p = (t.counts[k] as f64 + PRIOR_WEIGHT * DEFAULT_PRIORS[k])
                / (total as f64 + PRIOR_WEIGHT);
            nlp[k] = -p.ln();
        }
        let ratio = if t.chars.0 > 0 && t.chars.1 > 0 {
            t.chars.1 as f64 / t.chars.0 as f64
        } else {
            self.ratio
        };
        Params {
            nlp,
            ratio,
            s2: self.s2,
            beads: BEADS.len(),
        }
    }
}

/// What a first pass found, for [`Params::estimate`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    /// Beads of each shape of [`BEADS`].
    counts: [usize; 19],
    /// Characters of A and of B in beads with both sides.
    chars: (u64, u64),
}

/// What the length model knows of the segments of one side of a gap.
#[derive(Debug, Clone, Default)]
pub(crate) struct Segs {
    /// Characters of each segment (at least 1).
    pub len: Vec<u32>,
    pub heading: Vec<bool>,
    /// Question marks in each segment: translators keep questions.
    pub questions: Vec<u16>,
    /// Full stops in each segment: translators mostly keep sentences.
    pub stops: Vec<u16>,
    /// Numbers written in digits in each segment, and the wrapping sum of
    /// their hashes: translators keep numbers.
    pub numbers: Vec<u16>,
    pub number_sum: Vec<u64>,
}

impl Segs {
    /// Adds a segment. Bracketed insertions (`[...]`) do not count: they are
    /// what a translator or editor added (the Russian Synodal Bible marks
    /// its supplied words so), not what was translated.
    pub fn push(&mut self, text: &str, heading: bool) {
        let stripped;
        let text = if text.contains('[') {
            stripped = crate::text::strip_annotations(text);
            stripped.as_str()
        } else {
            text
        };
        let (mut chars, mut questions, mut stops) = (0usize, 0u16, 0u16);
        let (mut numbers, mut number_sum) = (0u16, 0u64);
        let mut number: Option<u64> = None;
        for c in text.chars() {
            chars += 1;
            if let Some(d) = super::lexical::digit(c) {
                let n = number.unwrap_or(0x9E37_79B9);
                number = Some(n.wrapping_mul(0x0100_0000_01B3) ^ u64::from(d));
                continue;
            }
            if let Some(n) = number.take() {
                numbers = numbers.saturating_add(1);
                number_sum = number_sum.wrapping_add(mix(n));
            }
            match c {
                '?' | '？' | '؟' => questions = questions.saturating_add(1),
                '.' | '。' => stops = stops.saturating_add(1),
                _ => {}
            }
        }
        if let Some(n) = number {
            numbers = numbers.saturating_add(1);
            number_sum = number_sum.wrapping_add(mix(n));
        }
        self.numbers.push(numbers);
        self.number_sum.push(number_sum);
        self.len.push(chars.clamp(1, u32::MAX as usize) as u32);
        self.heading.push(heading);
        self.questions.push(questions);
        self.stops.push(stops);
    }

    pub fn count(&self) -> usize {
        self.len.len()
    }

    /// The segments merged `k` at a time into blocks (headings forgotten).
    fn blocks(&self, k: usize) -> Segs {
        fn sum<T: Copy + Into<u64>>(xs: &[T], k: usize) -> Vec<u64> {
            xs.chunks(k)
                .map(|c| c.iter().map(|&x| x.into()).sum())
                .collect()
        }
        let narrow = |v: Vec<u64>| -> Vec<u16> {
            v.into_iter()
                .map(|x| x.min(u64::from(u16::MAX)) as u16)
                .collect()
        };
        let len = sum(&self.len, k)
            .into_iter()
            .map(|x| x.min(u64::from(u32::MAX)) as u32)
            .collect::<Vec<_>>();
        Segs {
            heading: vec![false; len.len()],
            len,
            questions: narrow(sum(&self.questions, k)),
            stops: narrow(sum(&self.stops, k)),
            numbers: narrow(sum(&self.numbers, k)),
            number_sum: self
                .number_sum
                .chunks(k)
                .map(|c| c.iter().fold(0u64, |s, &x| s.wrapping_add(x)))
                .collect(),
        }
    }
}

/// Prefix sums of a side's [`Segs`], so that a bead's totals cost O(1).
struct Sums {
    len: Vec<u64>,
    heading: Vec<u64>,
    questions: Vec<u64>,
    stops: Vec<u64>,
    numbers: Vec<u64>,
    number_sum: Vec<u64>,
}

impl Sums {
    fn new(s: &Segs) -> Sums {
        Sums {
            len: prefix(&s.len, u64::from),
            heading: prefix(&s.heading, u64::from),
            questions: prefix(&s.questions, u64::from),
            stops: prefix(&s.stops, u64::from),
            numbers: prefix(&s.numbers, u64::from),
            number_sum: {
                let mut out = Vec::with_capacity(s.number_sum.len() + 1);
                let mut acc = 0u64;
                out.push(0);
                for &x in &s.number_sum {
                    acc = acc.wrapping_add(x);
                    out.push(acc);
                }
                out
            },
        }
    }
}

/// One gap to align: what is known of its segments on each side, and the
/// lexical anchor pairs inside it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Gap {
    pub a: Segs,
    pub b: Segs,
    /// For each segment of A, the segment of B it is a lexical anchor with, or [`NONE`].
    pub partner: Vec<u32>,
    /// The gap begins at a key anchor: its first segments begin a bead together.
    pub anchored: bool,
}

impl Gap {
    fn cells(&self) -> usize {
        (self.a.count() + 1).saturating_mul(self.b.count() + 1)
    }
}

/// `-ln P(|Z| >= x)` for a standard normal Z, from a table (4,096 steps up to
/// 16) with linear interpolation, and the asymptotic form beyond.
fn tail_cost(x: f64) -> f64 {
    const STEPS: f64 = 256.0;
    const TOP: f64 = 16.0;
    static TABLE: OnceLock<Vec<f64>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..=(TOP * STEPS) as usize + 1)
            .map(|k| -erfc(k as f64 / STEPS / std::f64::consts::SQRT_2).ln())
            .collect()
    });
    let x = x.abs();
    if x >= TOP {
        // erfc(z) ~ exp(-z²) / (z √π), z = x / √2.
        return x * x / 2.0 + x.ln() + 0.5 * (std::f64::consts::PI / 2.0).ln();
    }
    let pos = x * STEPS;
    let k = pos as usize;
    let f = pos - k as f64;
    table[k] + (table[k + 1] - table[k]) * f
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

/// How far `lb` characters of B stray from what `la` characters of A predict,
/// in standard deviations.
pub(crate) fn length_delta(la: f64, lb: f64, params: &Params) -> f64 {
    let lb = lb / params.ratio;
    let mean = (la + lb) / 2.0;
    if mean <= 0.0 {
        return 0.0;
    }
    (lb - la) / (params.s2 * mean).sqrt()
}

fn prefix<T: Copy>(xs: &[T], f: impl Fn(T) -> u64) -> Vec<u64> {
    let mut out = Vec::with_capacity(xs.len() + 1);
    let mut s = 0;
    out.push(0);
    for &x in xs {
        s += f(x);
        out.push(s);
    }
    out
}

/// True when A's segments `xs` and B's `ys` hold a lexical anchor pair.
pub(crate) fn holds_partner(
    gap: &Gap,
    xs: std::ops::Range<usize>,
    ys: std::ops::Range<usize>,
) -> bool {
    gap.partner[xs]
        .iter()
        .any(|&p| p != NONE && ys.contains(&(p as usize)))
}

/// Aligns every gap twice: with the default priors, then with priors (and
/// the ratio of lengths) estimated from the first pass over all of them.
pub(crate) fn align_gaps(gaps: &[Gap], params: &Params) -> Vec<Vec<Step>> {
    use rayon::prelude::*;
    // One gap a task: a few large gaps (the books of a Bible) share the cores.
    let first: Vec<Vec<Step>> = gaps.par_iter().map(|g| align_gap(g, params)).collect();
    let t = tally(gaps, &first);
    let second = params.estimate(&t);
    gaps.par_iter()
        .zip(&first)
        .map(|(g, path)| align_gap_near(g, &second, path))
        .collect()
}

/// Gaps with fewer cells than this are searched again over their whole grid
/// in the second pass; larger ones near the first pass's path.
const SECOND_PASS_FULL: usize = 20_000;

/// Aligns a gap again with new parameters, in a corridor around the path of
/// the first pass (widened wherever the new path runs along its edge).
fn align_gap_near(gap: &Gap, params: &Params, first: &[Step]) -> Vec<Step> {
    let (n, m) = (gap.a.count(), gap.b.count());
    if gap.cells() <= SECOND_PASS_FULL || n == 0 || m == 0 {
        return align_gap(gap, params);
    }
    search(gap, params, Corridor::around(first, (1, 1), (n, m), MARGIN))
}

/// Aligns one gap; the steps are in the gap's own indices.
pub(crate) fn align_gap(gap: &Gap, params: &Params) -> Vec<Step> {
    let (n, m) = (gap.a.count(), gap.b.count());
    if n == 0 || m == 0 {
        return trivial_path(n, m);
    }
    if n == 1 && m == 1 {
        let heads = gap.a.heading[0] as u8 + gap.b.heading[0] as u8;
        if gap.anchored || heads != 1 {
            return vec![(1, 1, (1, 1))];
        }
    }
    let corridor = if gap.cells() <= FULL_CELLS {
        Corridor::full(n, m)
    } else {
        coarse_corridor(gap, params)
    };
    search(gap, params, corridor)
}

/// The lexical anchors of a gap as gates (see [`Corridor::gated`]), kept
/// increasing in both sides.
fn gates(partner: &[u32]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (x, &p) in partner.iter().enumerate() {
        if p != NONE && out.last().is_none_or(|&(_, y)| (p as usize) > y) {
            out.push((x, p as usize));
        }
    }
    out
}

/// Where a long omission may be: in the stretches between consecutive
/// lexical anchors (or in the whole gap) whose lengths disagree by more than
/// [`OMISSION_EVIDENCE`] standard deviations. Elsewhere an unpaired segment
/// is a 1-0 or 0-1 bead, priced as Gale and Church do.
fn omissions(
    gap: &Gap,
    gates: &[(usize, usize)],
    (sa, sb): (&Sums, &Sums),
    params: &Params,
) -> Option<Omissions> {
    let (n, m) = (gap.a.count(), gap.b.count());
    let mut a = vec![f64::INFINITY; n];
    let mut b = vec![f64::INFINITY; m];
    let mut any = false;
    let mut from = (0, 0);
    for &(i, j) in gates.iter().chain(std::iter::once(&(n, m))) {
        let x = (sa.len[i] - sa.len[from.0]) as f64;
        let y = (sb.len[j] - sb.len[from.1]) as f64;
        if length_delta(x, y, params).abs() > OMISSION_EVIDENCE {
            any = true;
            for (cost, &len) in a[from.0..i].iter_mut().zip(&gap.a.len[from.0..i]) {
                *cost = OMITTED_SEGMENT + f64::from(len) / OMITTED_CHARS;
            }
            for (cost, &len) in b[from.1..j].iter_mut().zip(&gap.b.len[from.1..j]) {
                *cost = OMITTED_SEGMENT + f64::from(len) / params.ratio / OMITTED_CHARS;
            }
        }
        from = (i, j);
    }
    any.then_some(Omissions {
        open: OMISSION_OPEN,
        a,
        b,
        at_start: !gap.anchored,
    })
}

/// The search within a band (the whole grid, or a corridor around a coarse
/// path) and the gates of the lexical anchors; the band is widened where the
/// path presses on its edge.
fn search(gap: &Gap, params: &Params, mut band: Corridor) -> Vec<Step> {
    let (n, m) = (gap.a.count(), gap.b.count());
    let (sa, sb) = (Sums::new(&gap.a), Sums::new(&gap.b));
    let gates = gates(&gap.partner);
    let gated = (!gates.is_empty()).then(|| Corridor::gated(n, m, &gates));
    let cost = |i: usize, j: usize, k: usize| -> Option<f64> {
        let (di, dj) = BEADS[k];
        if k >= params.beads {
            return None;
        }
        let (i0, j0) = (i - di, j - dj);
        if gap.anchored && i0 == 0 && j0 == 0 && (di == 0 || dj == 0) {
            return None;
        }
        let heads = (sa.heading[i] - sa.heading[i0]) + (sb.heading[j] - sb.heading[j0]);
        let x = (sa.len[i] - sa.len[i0]) as f64;
        let y = (sb.len[j] - sb.len[j0]) as f64;
        let mut c = tail_cost(length_delta(x, y, params));
        if heads > 0 {
            match (di, dj) {
                (1, 0) | (0, 1) => {}
                (1, 1) if heads == 2 => c = c.min(HEADING_COST_CAP),
                _ => return None,
            }
        }
        c += params.nlp[k];
        let diff = |p: &[u64], q: &[u64]| ((p[i] - p[i0]) as f64 - (q[j] - q[j0]) as f64).abs();
        c += QUESTION_COST * diff(&sa.questions, &sb.questions);
        c += STOP_COST * diff(&sa.stops, &sb.stops);
        let numbers = diff(&sa.numbers, &sb.numbers);
        let same_numbers = sa.number_sum[i].wrapping_sub(sa.number_sum[i0])
            == sb.number_sum[j].wrapping_sub(sb.number_sum[j0]);
        c += NUMBER_COST * numbers.max(f64::from(u8::from(!same_numbers)));
        if di >= 2 && dj >= 2 {
            c += MANY_TO_MANY_COST * (di.min(dj) - 1) as f64;
        }
        Some(c)
    };
    let omissions = omissions(gap, &gates, (&sa, &sb), params);
    let mut margin = MARGIN;
    let mut round = 0;
    loop {
        let corridor = match &gated {
            Some(g) => band.intersect(g),
            None => band.clone(),
        };
        let path = cheapest_path(
            n,
            m,
            &BEADS,
            &params.nlp,
            &corridor,
            omissions.as_ref(),
            cost,
        );
        let touched = band.touches(&path, m);
        round += 1;
        if touched.is_empty() || round > WIDEN_ROUNDS {
            return path;
        }
        margin *= 2;
        band.widen(&touched, margin, margin, m);
        if band.cells() > FULL_CELLS.saturating_mul(4) {
            return path;
        }
    }
}

/// The corridor of a large gap: its segments merged `k` at a time into
/// blocks, the blocks aligned by the same model, and the blocks' path spread
/// back over the segments with a margin.
fn coarse_corridor(gap: &Gap, params: &Params) -> Corridor {
    let (n, m) = (gap.a.count(), gap.b.count());
    let k = (gap.cells() as f64 / COARSE_CELLS as f64)
        .sqrt()
        .ceil()
        .max(2.0) as usize;
    let mut coarse = Gap {
        a: gap.a.blocks(k),
        b: gap.b.blocks(k),
        partner: Vec::new(),
        anchored: gap.anchored,
    };
    coarse.partner = vec![NONE; coarse.a.count()];
    for (x, y) in gates(&gap.partner) {
        if coarse.partner[x / k] == NONE {
            coarse.partner[x / k] = (y / k) as u32;
        }
    }
    let steps = align_gap(&coarse, params);
    Corridor::around(&steps, (k, k), (n, m), MARGIN.max(k))
}

/// What aligned gaps hold, for [`Params::estimate`].
pub(crate) fn tally(gaps: &[Gap], paths: &[Vec<Step>]) -> Tally {
    let mut t = Tally::default();
    for (gap, path) in gaps.iter().zip(paths) {
        for &(i, j, mv) in path {
            if let Some(k) = BEADS.iter().position(|&b| b == mv) {
                t.counts[k] += 1;
            }
            if mv.0 > 0 && mv.1 > 0 {
                let x: u64 = gap.a.len[i - mv.0..i].iter().map(|&x| u64::from(x)).sum();
                let y: u64 = gap.b.len[j - mv.1..j].iter().map(|&x| u64::from(x)).sum();
                t.chars.0 += x;
                t.chars.1 += y;
            }
        }
    }
    t
}

/// A 64-bit mix (SplitMix64's finaliser), so that sums of hashes of different
/// numbers rarely collide.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
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
    fn tail_cost_is_continuous_and_increasing() {
        let mut last = tail_cost(0.0);
        assert!(last.abs() < 1e-6);
        for k in 1..2000 {
            let x = k as f64 / 100.0;
            let c = tail_cost(x);
            assert!(c > last, "{x}");
            assert!(c - last < 0.5, "{x}");
            last = c;
        }
        // Both sides of the table's end agree.
        assert!((tail_cost(15.999) - tail_cost(16.0)).abs() < 0.05);
    }

    fn segs(ls: &[u32]) -> Segs {
        Segs {
            len: ls.to_vec(),
            heading: vec![false; ls.len()],
            questions: vec![0; ls.len()],
            stops: vec![0; ls.len()],
            numbers: vec![0; ls.len()],
            number_sum: vec![0; ls.len()],
        }
    }

    fn gap(la: &[u32], lb: &[u32]) -> Gap {
        Gap {
            a: segs(la),
            b: segs(lb),
            partner: vec![NONE; la.len()],
            anchored: false,
        }
    }

    fn shapes(path: &[Step]) -> Vec<Move> {
        path.iter().map(|s| s.2).collect()
    }

    #[test]
    fn lengths_find_a_three_to_one_bead() {
        let g = gap(&[100, 40, 50, 60, 120], &[100, 150, 60, 120]);
        let path = align_gap(&g, &Params::new(1.0));
        assert_eq!(shapes(&path), [(1, 1), (2, 1), (1, 1), (1, 1)]);
        let g = gap(&[100, 40, 50, 60, 120], &[100, 150, 120]);
        let path = align_gap(&g, &Params::new(1.0));
        assert_eq!(shapes(&path), [(1, 1), (3, 1), (1, 1)]);
    }

    #[test]
    fn headings_pair_only_with_headings() {
        let mut g = gap(&[10, 200], &[200]);
        g.a.heading[0] = true;
        let path = align_gap(&g, &Params::new(1.0));
        assert_eq!(shapes(&path), [(1, 0), (1, 1)]);
    }

    #[test]
    fn a_large_gap_is_searched_in_a_corridor_with_the_same_result() {
        let mut la = Vec::new();
        let mut lb = Vec::new();
        let mut x: u64 = 7;
        let mut k = 0;
        while la.len() < 1200 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let size = (x >> 33) % 3 + 1;
            let mut sum = 0;
            for _ in 0..size {
                let l = 30 + ((x >> 13) as u32 + k * 37) % 200;
                k += 1;
                la.push(l);
                sum += l;
            }
            lb.push(sum * 11 / 10);
        }
        let g = gap(&la, &lb);
        let params = Params::new(1.1);
        let corridor = coarse_corridor(&g, &params);
        assert!(corridor.cells() * 2 < g.cells());
        let banded = search(&g, &params, corridor);
        let full = search(&g, &params, Corridor::full(la.len(), lb.len()));
        assert_eq!(banded, full);
        assert!(
            banded
                .iter()
                .all(|s| matches!(s.2, (1, 1) | (2, 1) | (3, 1)))
        );
    }
}
