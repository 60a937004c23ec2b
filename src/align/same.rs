//! Aligning two versions in one language: content decides and keys help.
//!
//! Segments with equal content keys and similar words, and segments whose
//! text is identical and unique on both sides, are candidate anchors; the
//! heaviest chain of them that keeps both orders becomes the anchors.
//! Identical segments left out of the chain were moved. The gaps between
//! anchors are aligned by shared words ([`super::gap`]); a large gap where
//! words leave most segments unpaired (two distant revisions, paragraphed
//! differently) is aligned by length instead ([`super::length`]), if the rows
//! lengths give share more of the gap's rare words than the words' rows do
//! (in a rewrite whose sections moved, lengths would pair strangers). What
//! is left is searched once more for moved-and-edited paragraphs.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use smallvec::smallvec;

use super::bags::{Prepared, Side, dice, for_each_common, prepare_same};
use super::{PairedBy, Row, anchors, cross, gap, length, lis};
use crate::text::{Document, IgnoreOptions};

/// Largest number of (removed × added) pairs examined when looking for
/// moved-and-edited paragraphs; beyond it they stay removed and added.
pub const MOVED_SEARCH_LIMIT: usize = 250_000;

/// True when two texts share most of their bytes at the start and the end:
/// a cheap sign of a close revision, before word bags are needed.
fn mostly_same_ends(a: &str, b: &str) -> bool {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let pre = x.iter().zip(y).take_while(|(p, q)| p == q).count();
    let suf = x[pre..]
        .iter()
        .rev()
        .zip(y[pre..].iter().rev())
        .take_while(|(p, q)| p == q)
        .count();
    10 * 2 * (pre + suf) >= 7 * (x.len() + y.len())
}

/// Minimum word similarity for two segments with the same key to anchor each other.
const KEY_ANCHOR_SIMILARITY: f64 = 0.5;

pub(crate) fn align_same(a: &Document, b: &Document, ignore: &IgnoreOptions) -> Vec<Row> {
    align_same_prepared(a, b, ignore, [None, None]).0
}

/// [`align_same`], taking what was kept of either side from an earlier
/// comparison, and giving back what is kept of both.
pub(crate) fn align_same_prepared(
    a: &Document,
    b: &Document,
    ignore: &IgnoreOptions,
    known: [Option<Prepared>; 2],
) -> (Vec<Row>, [Prepared; 2]) {
    let [(sa, wa), (sb, wb)] = prepare_same(a, b, ignore, known);
    let rows = align_sides([a, b], [&sa, &sb], [&wa, &wb]);
    let kept = |side: Side<'_>, weight| Prepared {
        hash: side.hash,
        weight,
        exact: ignore.is_exact(),
    };
    (rows, [kept(sa, wa), kept(sb, wb)])
}

/// The alignment of two prepared sides (see the module doc).
fn align_sides(
    [a, b]: [&Document; 2],
    [sa, sb]: [&Side<'_>; 2],
    [wa, wb]: [&[Option<u32>]; 2],
) -> Vec<Row> {
    let (na, nb) = (a.segments.len(), b.segments.len());
    // Candidate anchors: equal content keys with similar words, and identical unique texts.
    let mut candidates: Vec<lis::Candidate> = anchors::key_candidates_weighted([a, b], [wa, wb])
        .into_par_iter()
        .with_min_len(256)
        .filter_map(|c| {
            let (i, j) = (c.i, c.j);
            let weight = if sa.hash[i] == sb.hash[j] {
                4
            } else if mostly_same_ends(&sa.texts[i], &sb.texts[j])
                || dice(sa.words(i), sb.words(j)) >= KEY_ANCHOR_SIMILARITY
            {
                SOFT
            } else {
                return None;
            };
            Some(lis::Candidate { i, j, weight })
        })
        .collect();
    // A segment with a key weight has a content key.
    let keys_equal = |i: usize, j: usize| wa[i].is_some() && a.segments[i].key == b.segments[j].key;
    // Text hash → (count in A, last index in A, count in B, last index in B).
    let mut by_hash: FxHashMap<u64, (u32, usize, u32, usize)> =
        FxHashMap::with_capacity_and_hasher(na + nb, Default::default());
    for (i, &h) in sa.hash.iter().enumerate() {
        let e = by_hash.entry(h).or_insert((0, 0, 0, 0));
        e.0 += 1;
        e.1 = i;
    }
    for (j, &h) in sb.hash.iter().enumerate() {
        let e = by_hash.entry(h).or_insert((0, 0, 0, 0));
        e.2 += 1;
        e.3 = j;
    }
    // In A's order (a text once in A is there at its one index): sorted without a sort.
    let unique_pairs: Vec<(usize, usize)> = sa
        .hash
        .iter()
        .filter_map(|h| {
            let e = by_hash[h];
            (e.0 == 1 && e.2 == 1).then_some((e.1, e.3))
        })
        .filter(|&(i, j)| {
            sa.kind[i] == sb.kind[j] && sa.texts[i].chars().any(char::is_alphanumeric)
        })
        .collect();
    for &(i, j) in &unique_pairs {
        if !keys_equal(i, j) {
            candidates.push(lis::Candidate { i, j, weight: 3 });
        }
    }

    let chain = lis::heaviest_chain(candidates, nb);
    let mut used_a = vec![false; na];
    let mut used_b = vec![false; nb];
    for c in &chain {
        used_a[c.i] = true;
        used_b[c.j] = true;
    }
    // Identical unique texts outside the chain were moved.
    let mut moved: Vec<Row> = Vec::new();
    for &(i, j) in &unique_pairs {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            let mut row = Row::new(smallvec![i], smallvec![j], PairedBy::Content);
            row.moved = true;
            moved.push(row);
        }
    }

    let chain = soften(chain, &mut used_a, &mut used_b);

    let mut path: Vec<Row> = Vec::with_capacity(na.max(nb));
    let (mut pi, mut pj) = (0, 0);
    let run_gap = |path: &mut Vec<Row>, ai: std::ops::Range<usize>, bj: std::ops::Range<usize>| {
        let ga: Vec<usize> = ai.filter(|&i| !used_a[i]).collect();
        let gb: Vec<usize> = bj.filter(|&j| !used_b[j]).collect();
        if ga.is_empty() && gb.is_empty() {
            // Between two anchors side by side (most of a close revision): no rows.
            return;
        }
        let start = path.len();
        align_large_gap([a, b], [sa, sb], [&ga, &gb], [wa, wb], &keys_equal, path);
        if words_failed(&path[start..], ga.len(), gb.len()) {
            // Lengths replace words only where their rows share more (rare)
            // words: in a rewrite, where the old sections went elsewhere,
            // lengths would pair paragraphs that have nothing in common.
            let lengths = by_length(a, b, &ga, &gb);
            let rare = rarity([sa, sb], [&ga, &gb]);
            if shared_weight(&lengths, [sa, sb], &rare)
                > shared_weight(&path[start..], [sa, sb], &rare)
            {
                path.truncate(start);
                path.extend(lengths);
            }
        }
    };
    for c in &chain {
        run_gap(&mut path, pi..c.i, pj..c.j);
        let reason = if keys_equal(c.i, c.j) {
            PairedBy::Key
        } else {
            PairedBy::Content
        };
        path.push(Row::new(smallvec![c.i], smallvec![c.j], reason));
        pi = c.i + 1;
        pj = c.j + 1;
    }
    run_gap(&mut path, pi..na, pj..nb);

    find_moved_edits(sa, sb, &mut path, &mut moved);
    place_moved(path, moved)
}

/// Segments a side of a gap needs before words may be given up for lengths.
const LENGTH_FALLBACK_MIN: usize = 4;

/// True when aligning a gap by words left most of its segments unpaired
/// (two distant revisions paragraphed differently share too few words per
/// paragraph), so that lengths and order will do better.
fn words_failed(rows: &[Row], na: usize, nb: usize) -> bool {
    if na.min(nb) < LENGTH_FALLBACK_MIN {
        return false;
    }
    let unpaired: usize = rows
        .iter()
        .filter(|r| r.a.is_empty() || r.b.is_empty())
        .map(|r| r.a.len() + r.b.len())
        .sum();
    2 * unpaired > na + nb
}

/// Aligns a gap by length, as across languages.
fn by_length(a: &Document, b: &Document, ga: &[usize], gb: &[usize]) -> Vec<Row> {
    let chars = |d: &Document, ks: &[usize]| -> usize {
        ks.iter()
            .map(|&k| d.segments[k].text.chars().count())
            .sum::<usize>()
            .max(1)
    };
    let ratio = chars(b, gb) as f64 / chars(a, ga) as f64;
    let pairs = cross::lexical_pairs(a, b, (ga, gb));
    let gap = cross::build_gap(a, b, (ga, gb), false, &pairs, ratio);
    let params = length::Params::new(ratio);
    let paths = length::align_gaps(std::slice::from_ref(&gap), &params);
    cross::gap_rows(&gap, &paths[0], ga, gb)
}

/// How rare each word of a gap is among its segments: the log of the number
/// of segments over the number holding the word. A word every paragraph has
/// weighs nothing; a name, or a term of one section, much.
fn rarity([sa, sb]: [&Side<'_>; 2], [ga, gb]: [&[usize]; 2]) -> FxHashMap<u32, f64> {
    let mut holding: FxHashMap<u32, u32> = FxHashMap::default();
    let mut count = |words: &[u32]| {
        let mut last = None;
        for &w in words {
            if last != Some(w) {
                *holding.entry(w).or_insert(0) += 1;
                last = Some(w);
            }
        }
    };
    ga.iter().for_each(|&i| count(sa.words(i)));
    gb.iter().for_each(|&j| count(sb.words(j)));
    let n = (ga.len() + gb.len()) as f64;
    holding
        .into_iter()
        .map(|(w, k)| (w, (n / f64::from(k)).ln()))
        .collect()
}

/// The words the rows pair with each other, each weighed by its [`rarity`].
fn shared_weight(rows: &[Row], [sa, sb]: [&Side<'_>; 2], rarity: &FxHashMap<u32, f64>) -> f64 {
    let merged = |side: &Side<'_>, ks: &[usize]| {
        let mut v: Vec<u32> = ks
            .iter()
            .flat_map(|&k| side.words(k).iter().copied())
            .collect();
        v.sort_unstable();
        v
    };
    let mut total = 0.0;
    for r in rows.iter().filter(|r| !r.a.is_empty() && !r.b.is_empty()) {
        for_each_common(&merged(sa, &r.a), &merged(sb, &r.b), |w| {
            total += rarity[&w]
        });
    }
    total
}

/// Aligns a gap; a large one is first cut at segments with equal content keys.
///
/// Inside a gap no text matched well enough to anchor. When the gap is too
/// large for the full grid (every paragraph rewritten, say), equal keys are
/// the best evidence left: the in-order pairs of equal content keys and kinds
/// become anchors, and only the pieces between them go to the gap aligner.
/// `wa` and `wb` are the key weights of each side (a segment with one has a content key).
fn align_large_gap(
    [a, b]: [&Document; 2],
    [sa, sb]: [&Side; 2],
    [ga, gb]: [&[usize]; 2],
    [wa, wb]: [&[Option<u32>]; 2],
    keys_equal: &dyn Fn(usize, usize) -> bool,
    path: &mut Vec<Row>,
) {
    if ga.len().saturating_mul(gb.len()) <= gap::FULL_GRID_CELLS {
        path.extend(gap::align_gap_same(sa, sb, ga, gb, keys_equal));
        return;
    }
    let b_pos: FxHashMap<&str, usize> = gb
        .iter()
        .enumerate()
        .filter(|&(_, &j)| wb[j].is_some())
        .map(|(k, &j)| (b.segments[j].key.as_str(), k))
        .collect();
    let mut candidates: Vec<lis::Candidate> = ga
        .iter()
        .enumerate()
        .filter(|&(_, &i)| wa[i].is_some())
        .filter_map(|(x, &i)| {
            let &y = b_pos.get(a.segments[i].key.as_str())?;
            (sa.kind[i] == sb.kind[gb[y]]).then_some(lis::Candidate {
                i: x,
                j: y,
                weight: 1,
            })
        })
        .collect();
    let repeated = repeated_text_pairs([sa, sb], [ga, gb]);
    if !repeated.is_empty() {
        // An identical text outweighs an equal key with different words.
        let keyed: rustc_hash::FxHashSet<(usize, usize)> =
            candidates.iter().map(|c| (c.i, c.j)).collect();
        candidates.extend(
            repeated
                .into_iter()
                .filter(|p| !keyed.contains(p))
                .map(|(i, j)| lis::Candidate { i, j, weight: 2 }),
        );
        for c in &mut candidates {
            if sa.hash[ga[c.i]] == sb.hash[gb[c.j]] {
                c.weight = 2;
            }
        }
    }
    let chain = lis::heaviest_chain(candidates, gb.len());
    let (mut px, mut py) = (0, 0);
    for c in &chain {
        path.extend(gap::align_gap_same(
            sa,
            sb,
            &ga[px..c.i],
            &gb[py..c.j],
            keys_equal,
        ));
        let reason = if keys_equal(ga[c.i], gb[c.j]) {
            PairedBy::Key
        } else {
            PairedBy::Content
        };
        path.push(Row::new(smallvec![ga[c.i]], smallvec![gb[c.j]], reason));
        px = c.i + 1;
        py = c.j + 1;
    }
    path.extend(gap::align_gap_same(
        sa,
        sb,
        &ga[px..],
        &gb[py..],
        keys_equal,
    ));
}

/// Identical texts in a large gap that occur as often in A's part of it as
/// in B's (twice each, say: a text whose paragraphs repeat, so that no text
/// is unique and nothing anchored it), paired in order of occurrence, as
/// positions in `ga` and `gb`. Without them such a gap would go whole to the
/// banded aligner, at many times the cost of the same text without repeats.
fn repeated_text_pairs([sa, sb]: [&Side; 2], [ga, gb]: [&[usize]; 2]) -> Vec<(usize, usize)> {
    // Text hash → positions in the gap on each side.
    let mut at: FxHashMap<u64, (Vec<usize>, Vec<usize>)> = FxHashMap::default();
    for (x, &i) in ga.iter().enumerate() {
        at.entry(sa.hash[i]).or_default().0.push(x);
    }
    for (y, &j) in gb.iter().enumerate() {
        if let Some(e) = at.get_mut(&sb.hash[j]) {
            e.1.push(y);
        }
    }
    let mut pairs: Vec<(usize, usize)> = at
        .into_values()
        .filter(|(xs, ys)| xs.len() == ys.len())
        .flat_map(|(xs, ys)| xs.into_iter().zip(ys))
        .filter(|&(x, y)| {
            let (i, j) = (ga[x], gb[y]);
            sa.kind[i] == sb.kind[j] && sa.texts[i].chars().any(char::is_alphanumeric)
        })
        .collect();
    pairs.sort_unstable();
    pairs
}

/// Weight of an anchor that rests only on an equal key and similar words.
const SOFT: u32 = 2;

/// Drops the soft anchors (equal key, similar words) that border a gap, so
/// that the gap aligner may pair them differently: a paragraph split by a page
/// break keeps its key on the first part, and only the gap aligner can see
/// that the second part belongs with it. Gaps are measured on the chain as
/// found, so dropping one anchor never cascades to the next.
fn soften(
    chain: Vec<lis::Candidate>,
    used_a: &mut [bool],
    used_b: &mut [bool],
) -> Vec<lis::Candidate> {
    let free_between = |used: &[bool], from: usize, to: usize| used[from..to].iter().any(|u| !u);
    let borders: Vec<bool> = (0..=chain.len())
        .map(|t| {
            let (ai, bj) = match t.checked_sub(1).map(|p| &chain[p]) {
                Some(c) => (c.i + 1, c.j + 1),
                None => (0, 0),
            };
            let (ae, be) = match chain.get(t) {
                Some(c) => (c.i, c.j),
                None => (used_a.len(), used_b.len()),
            };
            free_between(used_a, ai, ae) || free_between(used_b, bj, be)
        })
        .collect();
    let mut kept = Vec::with_capacity(chain.len());
    for (t, c) in chain.into_iter().enumerate() {
        if c.weight == SOFT && (borders[t] || borders[t + 1]) {
            used_a[c.i] = false;
            used_b[c.j] = false;
        } else {
            kept.push(c);
        }
    }
    kept
}

/// Pairs removed and added paragraphs elsewhere that are mostly the same words.
fn find_moved_edits(sa: &Side, sb: &Side, path: &mut Vec<Row>, moved: &mut Vec<Row>) {
    const MOVED_SIMILARITY: f64 = 0.6;
    let removed: Vec<usize> = path
        .iter()
        .enumerate()
        .filter(|(_, r)| r.b.is_empty() && r.a.len() == 1)
        .map(|(k, _)| k)
        .collect();
    let added: Vec<usize> = path
        .iter()
        .enumerate()
        .filter(|(_, r)| r.a.is_empty() && r.b.len() == 1)
        .map(|(k, _)| k)
        .collect();
    if removed.is_empty() || added.is_empty() || removed.len() * added.len() > MOVED_SEARCH_LIMIT {
        return;
    }
    let mut scored: Vec<(f64, usize, usize)> = Vec::new();
    for &r in &removed {
        let i = path[r].a[0];
        for &s in &added {
            let j = path[s].b[0];
            if sa.kind[i] != sb.kind[j] || sa.words(i).len() < 3 {
                continue;
            }
            let (x, y) = (sa.words(i).len(), sb.words(j).len());
            if x.min(y) * 2 < x.max(y) {
                continue;
            }
            let sim = dice(sa.words(i), sb.words(j));
            if sim >= MOVED_SIMILARITY {
                scored.push((sim, r, s));
            }
        }
    }
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut taken = vec![false; path.len()];
    for (_, r, s) in scored {
        if taken[r] || taken[s] {
            continue;
        }
        taken[r] = true;
        taken[s] = true;
        let mut row = Row::new(path[r].a.clone(), path[s].b.clone(), PairedBy::Content);
        row.moved = true;
        moved.push(row);
    }
    let mut k = 0;
    path.retain(|_| {
        k += 1;
        !taken[k - 1]
    });
}

/// Puts each moved row where its B segment stands among the in-order rows.
fn place_moved(path: Vec<Row>, mut moved: Vec<Row>) -> Vec<Row> {
    if moved.is_empty() {
        return path;
    }
    moved.sort_by_key(|r| r.b[0]);
    let mut out = Vec::with_capacity(path.len() + moved.len());
    let mut pending = moved.into_iter().peekable();
    for row in path {
        if let Some(&first_b) = row.b.first() {
            while pending.peek().is_some_and(|m| m.b[0] < first_b) {
                out.extend(pending.next());
            }
        }
        out.push(row);
    }
    out.extend(pending);
    out
}
