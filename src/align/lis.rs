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
    if candidates.is_empty() {
        return candidates;
    }
    // Equal i: larger j first, so two candidates of one segment never chain.
    candidates.sort_unstable_by(|x, y| x.i.cmp(&y.i).then(y.j.cmp(&x.j)));
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
