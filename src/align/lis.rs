//! The heaviest chain of anchor candidates that keeps the order of both versions.

/// A possible anchor: A's segment `i` pairs with B's segment `j`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub i: usize,
    pub j: usize,
    pub weight: u32,
}

/// Picks candidates with strictly increasing `i` and `j` whose total weight is
/// largest (a weighted longest increasing subsequence), in O(c log n) with a
/// Fenwick tree of prefix maxima over `j`. `nb` bounds every `j`.
pub fn heaviest_chain(mut candidates: Vec<Candidate>, nb: usize) -> Vec<Candidate> {
    // Equal i: larger j first, so two candidates of one segment never chain.
    candidates.sort_unstable_by(|x, y| x.i.cmp(&y.i).then(y.j.cmp(&x.j)));
    // Already a chain (two close revisions: every key where it was), with every weight
    // positive: no other chain is as heavy, as each leaves some of them out.
    let ordered = candidates
        .windows(2)
        .all(|w| w[0].i < w[1].i && w[0].j < w[1].j);
    if ordered && candidates.iter().all(|c| c.weight > 0) {
        return candidates;
    }
    search(candidates, nb)
}

/// [`heaviest_chain`] of candidates sorted by `i`, then by `j` downwards.
fn search(candidates: Vec<Candidate>, nb: usize) -> Vec<Candidate> {
    if candidates.is_empty() {
        return candidates;
    }
    let mut tree: Vec<(u64, usize)> = vec![(0, usize::MAX); nb + 1];
    let mut best: Vec<(u64, usize)> = Vec::with_capacity(candidates.len());
    for (k, c) in candidates.iter().enumerate() {
        // Best chain ending at some j' < c.j.
        let mut prev = (0u64, usize::MAX);
        let mut pos = c.j;
        while pos > 0 {
            if tree[pos].0 > prev.0 {
                prev = tree[pos];
            }
            pos &= pos - 1;
        }
        let total = prev.0 + u64::from(c.weight);
        best.push((total, prev.1));
        let mut pos = c.j + 1;
        while pos <= nb {
            if tree[pos].0 < total {
                tree[pos] = (total, k);
            }
            pos += pos & pos.wrapping_neg();
        }
    }
    let mut end = 0;
    for (k, b) in best.iter().enumerate() {
        if b.0 > best[end].0 {
            end = k;
        }
    }
    let mut chain = Vec::new();
    let mut k = end;
    while k != usize::MAX {
        chain.push(candidates[k]);
        k = best[k].1;
    }
    chain.reverse();
    chain
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(i: usize, j: usize, weight: u32) -> Candidate {
        Candidate { i, j, weight }
    }

    #[test]
    fn keeps_the_longest_increasing_chain() {
        let chain = heaviest_chain(vec![c(0, 0, 1), c(1, 3, 1), c(2, 1, 1), c(3, 2, 1)], 4);
        let pairs: Vec<_> = chain.iter().map(|x| (x.i, x.j)).collect();
        assert_eq!(pairs, [(0, 0), (2, 1), (3, 2)]);
    }

    #[test]
    fn a_whole_chain_is_kept_whole() {
        let all = vec![c(0, 0, 1), c(2, 1, 3), c(3, 4, 2), c(5, 5, 4)];
        assert_eq!(heaviest_chain(all.clone(), 6), all);
        // Given out of order, it is the same chain.
        let shuffled = vec![all[2], all[0], all[3], all[1]];
        assert_eq!(heaviest_chain(shuffled, 6), all);
    }

    proptest::proptest! {
        /// The shortcut for a whole chain gives what the search it skips gives.
        #[test]
        fn the_shortcut_agrees_with_the_search(
            raw in proptest::collection::vec((0usize..40, 0usize..40, 1u32..5), 0..30),
            chain in proptest::bool::ANY,
        ) {
            let mut cs: Vec<Candidate> = raw.iter().map(|&(i, j, w)| c(i, j, w)).collect();
            if chain {
                // Made into a chain, where the shortcut applies, given in any order.
                cs = cs.iter().enumerate().map(|(k, x)| c(k * 2, k * 3 + x.i % 3, x.weight)).collect();
                cs.reverse();
            }
            let mut sorted = cs.clone();
            sorted.sort_unstable_by(|x, y| x.i.cmp(&y.i).then(y.j.cmp(&x.j)));
            proptest::prop_assert_eq!(heaviest_chain(cs, 130), search(sorted, 130));
        }
    }

    #[test]
    fn weight_beats_count() {
        let chain = heaviest_chain(vec![c(0, 2, 10), c(1, 0, 1), c(2, 1, 1)], 3);
        assert_eq!(chain, [c(0, 2, 10)]);
    }

    #[test]
    fn one_segment_never_anchors_twice() {
        let chain = heaviest_chain(vec![c(0, 0, 1), c(0, 1, 1), c(1, 1, 1)], 2);
        let pairs: Vec<_> = chain.iter().map(|x| (x.i, x.j)).collect();
        assert_eq!(pairs, [(0, 0), (1, 1)]);
    }
}
