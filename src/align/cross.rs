//! Aligning a translation with its original: key anchors begin beads, and
//! the stretches between them are aligned by length, helped by names and
//! numbers.

use rayon::prelude::*;
use smallvec::smallvec;

use super::grid::Step;
use super::length::{self, Gap, NONE, Params, Segs};
use super::lis::{Candidate, heaviest_chain};
use super::{PairedBy, Row, anchors, lexical};
use crate::text::{Document, Kind};

/// Gaps with fewer cells than this are aligned without lexical evidence:
/// lengths and order alone cannot go far wrong in them.
const LEXICAL_MIN_CELLS: usize = 64;

/// The length of each segment in characters (at least 1).
pub(crate) fn char_lengths(doc: &Document) -> Vec<u32> {
    doc.segments
        .par_iter()
        .with_min_len(1024)
        .map(|s| s.text.chars().count().clamp(1, u32::MAX as usize) as u32)
        .collect()
}

/// Prefix sums: `out[k]` is the total of the first `k` values.
pub(crate) fn prefix(ls: &[u32]) -> Vec<u64> {
    let mut out = Vec::with_capacity(ls.len() + 1);
    let mut s = 0u64;
    out.push(0);
    for &x in ls {
        s += u64::from(x);
        out.push(s);
    }
    out
}

/// A stretch of both documents aligned as one gap.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    pub a: (usize, usize),
    pub b: (usize, usize),
    /// It begins at a key anchor.
    pub anchored: bool,
}

/// The lexical tokens of each segment (none for headings).
fn tokens(d: &Document, ks: &[usize]) -> Vec<Vec<u64>> {
    ks.par_iter()
        .with_min_len(256)
        .map(|&k| match d.segments[k].kind {
            Kind::Paragraph | Kind::TableRow | Kind::Footnote => {
                lexical::tokens(&d.segments[k].text)
            }
            Kind::Heading | Kind::Code | Kind::Html | Kind::Break => Vec::new(),
        })
        .collect()
}

/// The lexical anchors between segments `ia` of A and `ib` of B, in the
/// indices of those lists: tokens rare among those segments, shared by two
/// paragraphs.
pub(crate) fn lexical_pairs(
    a: &Document,
    b: &Document,
    (ia, ib): (&[usize], &[usize]),
) -> Vec<(usize, usize)> {
    let (ta, tb) = rayon::join(|| tokens(a, ia), || tokens(b, ib));
    lexical::anchors(&ta, &tb)
}

/// The gap of a span: lengths and headings of its segments, and the lexical
/// anchors among `pairs` (in the span's indices) that the lengths do not
/// contradict. `ia` and `ib` list the span's segments in each document (a
/// same-language gap skips segments already paired).
pub(crate) fn build_gap(
    a: &Document,
    b: &Document,
    (ia, ib): (&[usize], &[usize]),
    anchored: bool,
    pairs: &[(usize, usize)],
    ratio: f64,
) -> Gap {
    let segs = |d: &Document, ks: &[usize]| {
        let mut s = Segs::default();
        for &k in ks {
            s.push(&d.segments[k].text, d.segments[k].kind == Kind::Heading);
        }
        s
    };
    let mut gap = Gap {
        a: segs(a, ia),
        b: segs(b, ib),
        partner: vec![NONE; ia.len()],
        anchored,
    };
    if pairs.is_empty() {
        return gap;
    }
    let found: Vec<Candidate> = pairs
        .iter()
        .map(|&(i, j)| Candidate { i, j, weight: 1 })
        .collect();
    let kept = anchors::check_stretches(
        found,
        &prefix(&gap.a.len),
        &prefix(&gap.b.len),
        &Params::new(ratio),
    );
    for c in kept {
        gap.partner[c.i] = c.j as u32;
    }
    gap
}

/// The rows of an aligned gap, in the documents' indices.
pub(crate) fn gap_rows(gap: &Gap, path: &[Step], ia: &[usize], ib: &[usize]) -> Vec<Row> {
    path.iter()
        .map(|&(i, j, (di, dj))| {
            let (i0, j0) = (i - di, j - dj);
            let reason = if gap.anchored && i0 == 0 && j0 == 0 {
                PairedBy::Key
            } else if length::holds_partner(gap, i0..i, j0..j) {
                PairedBy::Lexical
            } else {
                PairedBy::Length
            };
            Row::new(ia[i0..i].into(), ib[j0..j].into(), reason)
        })
        .collect()
}

/// The stretches between consecutive anchors, the first one unanchored.
fn spans_between(chain: &[Candidate], (na, nb): (usize, usize)) -> Vec<Span> {
    let mut spans = Vec::with_capacity(chain.len() + 1);
    let mut start = (0, 0, false);
    for c in chain {
        spans.push(Span {
            a: (start.0, c.i),
            b: (start.1, c.j),
            anchored: start.2,
        });
        start = (c.i, c.j, true);
    }
    spans.push(Span {
        a: (start.0, na),
        b: (start.1, nb),
        anchored: start.2,
    });
    spans.retain(|s| s.a.0 < s.a.1 || s.b.0 < s.b.1);
    spans
}

/// Lexical anchors disagreeing with the total ratio of lengths by more than
/// this factor replace it.
const RATIO_DOUBT: f64 = 1.25;

/// The ratio of lengths: the total one, unless the lexical anchors say
/// otherwise. A translation that leaves out a whole book has a total ratio
/// far from its real one; the median of the ratios of the stretches between
/// consecutive lexical anchors, each weighing as much as the square root of
/// its characters in B, is moved neither by an omission (a stretch with few
/// characters of B, or one stretch among many) nor by a dense run of anchors
/// in a passage of names (many stretches of few characters each).
fn robust_ratio(pairs: &[(usize, usize)], pa: &[u64], pb: &[u64]) -> f64 {
    let (na, nb) = (pa.len() - 1, pb.len() - 1);
    let total = if pa[na] == 0 || pb[nb] == 0 {
        1.0
    } else {
        pb[nb] as f64 / pa[na] as f64
    };
    let mut local: Vec<(f64, f64)> = pairs
        .windows(2)
        .filter_map(|w| {
            let (x, y) = (pa[w[1].0] - pa[w[0].0], pb[w[1].1] - pb[w[0].1]);
            (x > 0 && y > 0).then(|| (y as f64 / x as f64, (y as f64).sqrt()))
        })
        .collect();
    if local.len() < 5 {
        return total;
    }
    local.sort_by(|p, q| p.0.total_cmp(&q.0));
    let half = local.iter().map(|l| l.1).sum::<f64>() / 2.0;
    let mut seen = 0.0;
    let median = local
        .iter()
        .find(|l| {
            seen += l.1;
            seen > half
        })
        .map_or(total, |l| l.0);
    if (median / total).ln().abs() > RATIO_DOUBT.ln() {
        median
    } else {
        total
    }
}

pub(crate) fn align_cross(a: &Document, b: &Document) -> Vec<Row> {
    let (la, lb) = rayon::join(|| char_lengths(a), || char_lengths(b));
    let (pa, pb) = (prefix(&la), prefix(&lb));
    let chain = heaviest_chain(anchors::key_candidates(a, b), lb.len());
    // Lexical anchors among the segments of the gaps large enough to need
    // them (all of them in a text without numbers, few where most segments
    // have numbers), from tokens rare among those segments; each gap keeps
    // those inside it.
    let big = |s: &&Span| (s.a.1 - s.a.0 + 1) * (s.b.1 - s.b.0 + 1) >= LEXICAL_MIN_CELLS;
    let big_spans: Vec<Span> = spans_between(&chain, (la.len(), lb.len()))
        .iter()
        .filter(big)
        .copied()
        .collect();
    let ia: Vec<usize> = big_spans.iter().flat_map(|s| s.a.0..s.a.1).collect();
    let ib: Vec<usize> = big_spans.iter().flat_map(|s| s.b.0..s.b.1).collect();
    let pairs: Vec<(usize, usize)> = if ia.is_empty() || ib.is_empty() {
        Vec::new()
    } else {
        lexical_pairs(a, b, (&ia, &ib))
            .into_iter()
            .map(|(x, y)| (ia[x], ib[y]))
            .collect()
    };
    let params = Params::new(robust_ratio(&pairs, &pa, &pb));
    let chain = anchors::check_stretches(chain, &pa, &pb, &params);
    let spans = spans_between(&chain, (la.len(), lb.len()));
    // A segment anchored to a segment with nothing else before the next
    // anchor is a row by itself (most verses of a numbered Bible): only the
    // other spans go to the aligner, and they alone inform its estimates.
    let lone = |s: &Span| s.anchored && s.a.1 - s.a.0 == 1 && s.b.1 - s.b.0 == 1;
    let to_align: Vec<&Span> = spans.iter().filter(|s| !lone(s)).collect();
    let indices = |s: &Span| -> (Vec<usize>, Vec<usize>) {
        ((s.a.0..s.a.1).collect(), (s.b.0..s.b.1).collect())
    };
    let gaps: Vec<Gap> = to_align
        .par_iter()
        .with_min_len(256)
        .map(|s| {
            let (ia, ib) = indices(s);
            let from = pairs.partition_point(|p| p.0 < s.a.0);
            let inside: Vec<(usize, usize)> = pairs[from..]
                .iter()
                .take_while(|p| p.0 < s.a.1)
                .filter(|p| (s.b.0..s.b.1).contains(&p.1))
                .map(|&(i, j)| (i - s.a.0, j - s.b.0))
                .collect();
            build_gap(a, b, (&ia, &ib), s.anchored, &inside, params.ratio)
        })
        .collect();
    let paths = length::align_gaps(&gaps, &params);
    let mut aligned = to_align.iter().zip(&gaps).zip(&paths);
    let mut rows = Vec::with_capacity(spans.len());
    for s in &spans {
        if lone(s) {
            rows.push(Row::new(smallvec![s.a.0], smallvec![s.b.0], PairedBy::Key));
        } else if let Some(((s, gap), path)) = aligned.next() {
            let (ia, ib) = indices(s);
            rows.extend(gap_rows(gap, path, &ia, &ib));
        }
    }
    rows
}
