//! How well emend aligns translations whose paragraphs do not line up.
//!
//! Builds test pairs from the corpus (Bible books, the CC BY 4.0 legal code,
//! the Universal Declaration), regroups the paragraphs of one side 1-3 at a
//! time with a fixed seed, aligns them with emend and with a plain
//! Gale-Church aligner, and prints the link F1 of each against the links
//! implied by verse ids, line numbers and article paragraphs:
//!
//! ```sh
//! cargo bench --bench align-quality -- ../shared/corpus
//! ```

mod baseline;
mod corpus;
mod units;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use emend::align::{AlignOptions, Mode, align};
use emend::text::{Document, IgnoreOptions, Kind, segment};

use corpus::{Layout, Verse, bible, bible_units, cc_units, udhr_units};
use units::{Ids, Rng, Score, Unit, regroup, regroup_up_to, render, score};

/// The books this benchmark evaluates on; the others are kept for an independent check.
const BOOKS: [&str; 8] = [
    "Genesis",
    "Exodus",
    "Matthew",
    "Luke",
    "John",
    "Acts",
    "Romans",
    "Revelation",
];

/// One measured set: its pairs are scored together.
struct Set {
    name: String,
    target: Option<f64>,
    emend: Score,
    baseline: Score,
    pairs: usize,
}

struct Bench {
    sets: Vec<Set>,
    /// Only sets whose name contains this are run.
    only: Option<String>,
    emend_time: Duration,
    baseline_time: Duration,
}

fn to_doc(units: &[Unit], side: &str, set: &str) -> Document {
    let doc = segment(&render(units));
    assert_eq!(
        doc.segments.len(),
        units.len(),
        "{set}: side {side} does not segment into its units"
    );
    for (s, u) in doc.segments.iter().zip(units) {
        assert_eq!(
            s.kind == Kind::Heading,
            u.heading.is_some(),
            "{set}: side {side} reads {:?} as a {:?}",
            u.text,
            s.kind
        );
    }
    doc
}

impl Bench {
    fn set(&mut self, name: &str, target: Option<f64>) -> usize {
        self.sets.push(Set {
            name: name.to_string(),
            target,
            emend: Score::default(),
            baseline: Score::default(),
            pairs: 0,
        });
        self.sets.len() - 1
    }

    /// Aligns one pair both ways (emend, baseline) and adds the scores to set `k`.
    fn run(&mut self, k: usize, a: &[Unit], b: &[Unit], mode: Mode) {
        let name = self.sets[k].name.clone();
        if self
            .only
            .as_ref()
            .is_some_and(|o| !name.contains(o.as_str()))
        {
            return;
        }
        let (da, db) = (to_doc(a, "A", &name), to_doc(b, "B", &name));
        let start = Instant::now();
        let rows = align(
            &da,
            &db,
            &AlignOptions {
                mode,
                ignore: IgnoreOptions::default(),
            },
        );
        self.emend_time += start.elapsed();
        let mut reasons = std::collections::BTreeMap::new();
        for r in &rows {
            *reasons
                .entry(r.paired_by.map_or("unpaired", |p| p.name()))
                .or_insert(0) += 1;
        }
        let rows: Vec<(Vec<usize>, Vec<usize>)> = rows
            .into_iter()
            .map(|r| (r.a.to_vec(), r.b.to_vec()))
            .collect();
        let chars = |d: &Document| -> Vec<usize> {
            d.segments.iter().map(|s| s.text.chars().count()).collect()
        };
        let start = Instant::now();
        let base = baseline::align(&chars(&da), &chars(&db));
        self.baseline_time += start.elapsed();
        let set = &mut self.sets[k];
        if std::env::var_os("ALIGN_QUALITY_VERBOSE").is_some() {
            eprintln!(
                "{name}: {} x {}: emend {:.4}, baseline {:.4}; rows paired by {reasons:?}",
                a.len(),
                b.len(),
                score(a, b, &rows).f1(),
                score(a, b, &base).f1()
            );
        }
        if std::env::var("ALIGN_QUALITY_VERBOSE").as_deref() == Ok("2") {
            units::show_errors(a, b, &rows);
        }
        set.emend.add(score(a, b, &rows));
        set.baseline.add(score(a, b, &base));
        set.pairs += 1;
    }
}

fn seed(parts: &[&str]) -> u64 {
    // FNV-1a of the parts: a fixed seed per pair, the same on every machine.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn book(verses: &[Verse], name: &str) -> Vec<Verse> {
    verses.iter().filter(|v| v.book == name).cloned().collect()
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(corpus) = args.first().map(PathBuf::from) else {
        eprintln!(
            "usage: cargo bench --bench align-quality -- CORPUS_DIR [SET] (e.g. ../shared/corpus \"German, unnumbered\")"
        );
        std::process::exit(2);
    };
    if !corpus.join("to_markdown.py").is_file() {
        eprintln!(
            "error: no corpus at {} (no to_markdown.py there)",
            corpus.display()
        );
        std::process::exit(2);
    }
    let started = Instant::now();
    let mut bench = Bench {
        sets: Vec::new(),
        only: args.get(1).cloned(),
        emend_time: Duration::ZERO,
        baseline_time: Duration::ZERO,
    };

    let kjv = bible(&corpus, "kjv", &BOOKS);
    let translations = [
        ("de_elb1905", "German", Mode::CrossLanguage),
        ("es_rv1909", "Spanish", Mode::CrossLanguage),
        ("ru_synodal", "Russian", Mode::CrossLanguage),
        ("asv", "ASV", Mode::SameLanguage),
        ("web", "WEB", Mode::SameLanguage),
    ];
    let mut others = Vec::new();
    for (file, name, mode) in translations {
        others.push((file, name, mode, bible(&corpus, file, &BOOKS)));
    }
    for (file, name, mode, verses) in &others {
        for (layout, what) in [
            (Layout::Unnumbered, "unnumbered"),
            (Layout::Chapters, "chapter headings"),
            (Layout::Numbered, "verse numbers"),
        ] {
            let k = bench.set(&format!("KJV / {name}, {what}"), Some(0.99));
            for b in BOOKS {
                let mut ids = Ids::default();
                let a = bible_units(&book(&kjv, b), layout, &mut ids);
                let units = bible_units(&book(verses, b), layout, &mut ids);
                let mut rng = Rng::new(seed(&[file, b, what]));
                let grouped = regroup(&units, &mut rng, " ");
                bench.run(k, &a, &grouped, *mode);
            }
        }
    }

    // The legal code and the Declaration: English against each translation regrouped.
    type Read = fn(&std::path::Path, &str, &mut Ids) -> Vec<Unit>;
    let short: [(&str, Read, &str, f64); 7] = [
        ("CC BY 4.0", cc_units, "de", 0.97),
        ("CC BY 4.0", cc_units, "fr", 0.97),
        ("CC BY 4.0", cc_units, "ru", 0.97),
        ("CC BY 4.0", cc_units, "ja", 0.97),
        ("UDHR", udhr_units, "ru", 0.98),
        ("UDHR", udhr_units, "zh", 0.98),
        ("UDHR", udhr_units, "ar", 0.95),
    ];
    for (doc, read, lang, target) in short {
        let what = if doc == "UDHR" {
            ", no article headings"
        } else {
            ""
        };
        let k = bench.set(&format!("{doc} en / {lang}{what}"), Some(target));
        let mut ids = Ids::default();
        let a = read(&corpus, "en", &mut ids);
        let b = read(&corpus, lang, &mut ids);
        let space = if matches!(lang, "ja" | "zh") { "" } else { " " };
        // Short texts: five regroupings each, so that one lucky or unlucky
        // grouping does not decide the figure.
        let tag = if doc == "UDHR" { "udhr" } else { "cc" };
        for round in ["", "2", "3", "4", "5"] {
            let grouped = regroup(&b, &mut Rng::new(seed(&[tag, lang, round])), space);
            bench.run(k, &a, &grouped, Mode::CrossLanguage);
        }
    }

    // Reported, not gated: both sides regrouped, and a translation missing a book.
    for (file, name, mode, verses) in &others[..3] {
        let k = bench.set(&format!("KJV / {name}, both sides regrouped"), None);
        for b in BOOKS {
            let mut ids = Ids::default();
            let a = bible_units(&book(&kjv, b), Layout::Unnumbered, &mut ids);
            let units = bible_units(&book(verses, b), Layout::Unnumbered, &mut ids);
            let a = regroup(&a, &mut Rng::new(seed(&["kjv", b, "both"])), " ");
            let grouped = regroup(&units, &mut Rng::new(seed(&[file, b, "both"])), " ");
            bench.run(k, &a, &grouped, *mode);
        }
    }
    for (file, name, mode, verses) in &others[..3] {
        let k = bench.set(&format!("KJV / {name}, Luke missing from B"), None);
        let mut ids = Ids::default();
        let gospels = |v: &[Verse]| -> Vec<Verse> {
            v.iter()
                .filter(|x| ["Matthew", "Luke", "John"].contains(&x.book.as_str()))
                .cloned()
                .collect()
        };
        let a = bible_units(&gospels(&kjv), Layout::Unnumbered, &mut ids);
        let without: Vec<Verse> = gospels(verses)
            .into_iter()
            .filter(|v| v.book != "Luke")
            .collect();
        let units = bible_units(&without, Layout::Unnumbered, &mut ids);
        let grouped = regroup(&units, &mut Rng::new(seed(&[file, "missing"])), " ");
        bench.run(k, &a, &grouped, *mode);
    }

    // Reported, not gated: a revision in the same language paragraphed in
    // runs of up to five or ten verses (a split or merge of that many).
    for (most, tag) in [(5, "five"), (10, "ten")] {
        for (file, name, mode, verses) in &others[3..] {
            let k = bench.set(
                &format!("KJV / {name}, paragraphs of 1-{most} verses"),
                None,
            );
            for b in BOOKS {
                let mut ids = Ids::default();
                let a = bible_units(&book(&kjv, b), Layout::Unnumbered, &mut ids);
                let units = bible_units(&book(verses, b), Layout::Unnumbered, &mut ids);
                let mut rng = Rng::new(seed(&[file, b, tag]));
                let grouped = regroup_up_to(&units, &mut rng, " ", most);
                bench.run(k, &a, &grouped, *mode);
            }
        }
    }

    println!("| set | pairs | gold links | emend F1 | Gale-Church F1 | target |");
    println!("|---|---:|---:|---:|---:|---|");
    let mut missed = 0;
    for s in bench.sets.iter().filter(|s| s.pairs > 0) {
        let target = match s.target {
            Some(t) if s.emend.f1() >= t => format!("≥ {t:.2} met"),
            Some(t) => {
                missed += 1;
                format!("≥ {t:.2} **missed**")
            }
            None => "reported".to_string(),
        };
        println!(
            "| {} | {} | {} | {:.4} | {:.4} | {} |",
            s.name,
            s.pairs,
            s.emend.gold,
            s.emend.f1(),
            s.baseline.f1(),
            target
        );
    }
    println!();
    println!(
        "{} sets, {missed} targets missed; emend aligned in {:.2} s, the baseline in {:.2} s; {:.1} s in all",
        bench.sets.len(),
        bench.emend_time.as_secs_f64(),
        bench.baseline_time.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}
