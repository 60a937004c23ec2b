//! Documents as lists of units that carry the ids of their content, and the
//! link F1 of an alignment against the links those ids imply.

use std::collections::{HashMap, HashSet};

/// One heading or paragraph of a test document, with the content ids it holds
/// (verse ids, line numbers of the legal code, groups of the Declaration).
#[derive(Debug, Clone)]
pub struct Unit {
    /// Heading level, or `None` for a paragraph.
    pub heading: Option<u8>,
    /// A point label written before the text (`10.`), or none.
    pub label: Option<String>,
    pub text: String,
    pub ids: Vec<u32>,
}

impl Unit {
    pub fn heading(level: u8, text: &str, id: u32) -> Unit {
        Unit {
            heading: Some(level),
            label: None,
            text: text.to_string(),
            ids: vec![id],
        }
    }

    pub fn paragraph(text: &str, ids: Vec<u32>) -> Unit {
        Unit {
            heading: None,
            label: None,
            text: text.to_string(),
            ids,
        }
    }
}

/// Gives every content id a number, shared by both sides of a pair.
#[derive(Default)]
pub struct Ids(HashMap<String, u32>);

impl Ids {
    pub fn get(&mut self, name: &str) -> u32 {
        let n = self.0.len() as u32;
        *self.0.entry(name.to_string()).or_insert(n)
    }
}

/// Markdown of a list of units, one block each.
pub fn render(units: &[Unit]) -> String {
    let mut out = String::new();
    for u in units {
        if let Some(level) = u.heading {
            out.push_str(&"#".repeat(level as usize));
            out.push(' ');
        } else if let Some(label) = &u.label {
            out.push_str(label);
            out.push_str(". ");
        }
        out.push_str(&u.text);
        out.push_str("\n\n");
    }
    out
}

/// A small deterministic random number generator (SplitMix64), so that the
/// regrouping is the same on every run and every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `1..=max`.
    pub fn group(&mut self, max: u64) -> usize {
        (self.next() % max + 1) as usize
    }
}

/// Groups runs of 1-3 consecutive paragraphs into one (never across a
/// heading), as a translator who paragraphs differently would. A group keeps
/// its first paragraph's label and holds the ids of all its members.
pub fn regroup(units: &[Unit], rng: &mut Rng, space: &str) -> Vec<Unit> {
    regroup_up_to(units, rng, space, 3)
}

/// As [`regroup`], runs of 1 to `most` paragraphs.
pub fn regroup_up_to(units: &[Unit], rng: &mut Rng, space: &str, most: u64) -> Vec<Unit> {
    let mut out = Vec::with_capacity(units.len() / 2);
    let mut k = 0;
    while k < units.len() {
        if units[k].heading.is_some() {
            out.push(units[k].clone());
            k += 1;
            continue;
        }
        let size = rng.group(most);
        let mut group = units[k].clone();
        k += 1;
        for _ in 1..size {
            if k >= units.len() || units[k].heading.is_some() {
                break;
            }
            group.text.push_str(space);
            group.text.push_str(&units[k].text);
            group.ids.extend_from_slice(&units[k].ids);
            k += 1;
        }
        out.push(group);
    }
    out
}

/// Counts of links for precision, recall and F1, summed over documents.
#[derive(Debug, Default, Clone, Copy)]
pub struct Score {
    pub correct: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Score {
    pub fn add(&mut self, other: Score) {
        self.correct += other.correct;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }

    pub fn f1(&self) -> f64 {
        if self.predicted == 0 || self.gold == 0 {
            return 0.0;
        }
        let p = self.correct as f64 / self.predicted as f64;
        let r = self.correct as f64 / self.gold as f64;
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Scores predicted rows (unit indices of A and B) against the gold links:
/// A's unit i and B's unit j are linked when they share a content id.
pub fn score(a: &[Unit], b: &[Unit], rows: &[(Vec<usize>, Vec<usize>)]) -> Score {
    let mut holders: HashMap<u32, Vec<usize>> = HashMap::new();
    for (j, u) in b.iter().enumerate() {
        for &id in &u.ids {
            holders.entry(id).or_default().push(j);
        }
    }
    let mut gold: HashSet<(usize, usize)> = HashSet::new();
    for (i, u) in a.iter().enumerate() {
        for id in &u.ids {
            for &j in holders.get(id).into_iter().flatten() {
                gold.insert((i, j));
            }
        }
    }
    let mut predicted: HashSet<(usize, usize)> = HashSet::new();
    for (ra, rb) in rows {
        for &i in ra {
            for &j in rb {
                predicted.insert((i, j));
            }
        }
    }
    Score {
        correct: predicted.intersection(&gold).count(),
        predicted: predicted.len(),
        gold: gold.len(),
    }
}

/// Prints the rows that hold a wrong link or miss a gold one, for study.
pub fn show_errors(a: &[Unit], b: &[Unit], rows: &[(Vec<usize>, Vec<usize>)]) {
    let short = |t: &str| t.chars().take(70).collect::<String>();
    for (n, (ra, rb)) in rows.iter().enumerate() {
        let ids_a: HashSet<u32> = ra.iter().flat_map(|&i| a[i].ids.iter().copied()).collect();
        let ids_b: HashSet<u32> = rb.iter().flat_map(|&j| b[j].ids.iter().copied()).collect();
        let linked = |i: usize, j: usize| a[i].ids.iter().any(|x| b[j].ids.contains(x));
        let wrong_link = ra.iter().any(|&i| rb.iter().any(|&j| !linked(i, j)));
        if ids_a == ids_b && !wrong_link {
            continue;
        }
        eprintln!("row {n}: {} x {}", ra.len(), rb.len());
        for &i in ra {
            eprintln!("   A{i} {:?} {}", a[i].ids, short(&a[i].text));
        }
        for &j in rb {
            eprintln!("   B{j} {:?} {}", b[j].ids, short(&b[j].text));
        }
    }
}
