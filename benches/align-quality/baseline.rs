//! The plain Gale-Church aligner the results are measured against: lengths in
//! characters, beads 1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 3-1 and 1-3 with the
//! priors of Gale and Church (1993), one ratio for the whole text, no keys
//! and no lexical evidence, over the whole grid.

const BEADS: [(usize, usize, f64); 8] = [
    (1, 1, 0.89),
    (1, 0, 0.0099 / 2.0),
    (0, 1, 0.0099 / 2.0),
    (2, 1, 0.089 / 2.0),
    (1, 2, 0.089 / 2.0),
    (2, 2, 0.011),
    (3, 1, 0.005),
    (1, 3, 0.005),
];

/// Variance of the length difference per character.
const S2: f64 = 6.8;

/// Two-tailed probability of a standard normal beyond `|z|`.
fn tail(z: f64) -> f64 {
    // Abramowitz and Stegun 7.1.26, for erfc(|z| / sqrt 2).
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    (poly * (-x * x).exp()).max(1e-300)
}

/// Aligns two lists of segment lengths; returns rows of indices.
pub fn align(la: &[usize], lb: &[usize]) -> Vec<(Vec<usize>, Vec<usize>)> {
    let (n, m) = (la.len(), lb.len());
    let ta: usize = la.iter().sum();
    let tb: usize = lb.iter().sum();
    let c = if ta == 0 || tb == 0 {
        1.0
    } else {
        tb as f64 / ta as f64
    };
    let pa: Vec<usize> = std::iter::once(0)
        .chain(la.iter().scan(0, |s, &x| {
            *s += x;
            Some(*s)
        }))
        .collect();
    let pb: Vec<usize> = std::iter::once(0)
        .chain(lb.iter().scan(0, |s, &x| {
            *s += x;
            Some(*s)
        }))
        .collect();
    let w = m + 1;
    let mut cost = vec![f64::INFINITY; (n + 1) * w];
    let mut back = vec![u8::MAX; (n + 1) * w];
    cost[0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            if i == 0 && j == 0 {
                continue;
            }
            let mut best = (f64::INFINITY, u8::MAX);
            for (k, &(di, dj, prior)) in BEADS.iter().enumerate() {
                if di > i || dj > j {
                    continue;
                }
                let before = cost[(i - di) * w + (j - dj)];
                if !before.is_finite() {
                    continue;
                }
                let x = (pa[i] - pa[i - di]) as f64;
                let y = (pb[j] - pb[j - dj]) as f64 / c;
                let mean = (x + y) / 2.0;
                let z = if mean > 0.0 {
                    (y - x) / (S2 * mean).sqrt()
                } else {
                    0.0
                };
                let total = before - prior.ln() - tail(z).ln();
                if total < best.0 {
                    best = (total, k as u8);
                }
            }
            cost[i * w + j] = best.0;
            back[i * w + j] = best.1;
        }
    }
    let mut rows = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let (di, dj, _) = BEADS[back[i * w + j] as usize];
        rows.push(((i - di..i).collect(), (j - dj..j).collect()));
        i -= di;
        j -= dj;
    }
    rows.reverse();
    rows
}
