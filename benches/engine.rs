//! Benchmarks of the engine: segmenting, aligning and word-diffing real and synthetic texts.
//!
//! The synthetic cases always run. The real texts (whole Bibles, the Universal
//! Declaration) are read from the folder named by `EMEND_BENCH_DIR`, which
//! `benches/prepare-corpus.sh` fills from the corpus:
//!
//! ```sh
//! benches/prepare-corpus.sh /tmp/emend-bench ../shared/corpus
//! EMEND_BENCH_DIR=/tmp/emend-bench cargo bench
//! ```

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use emend::align::{AlignOptions, Mode, align};
use emend::diff::{CompareOptions, WORD_DIFF_BUDGET, compare, diff_words};
use emend::text::{Document, IgnoreOptions, segment, segment_pair};

fn bench_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("EMEND_BENCH_DIR")?);
    dir.join("kjv.md").is_file().then_some(dir)
}

fn read(dir: &std::path::Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn options(mode: Mode) -> CompareOptions {
    CompareOptions {
        mode: Some(mode),
        ..CompareOptions::default()
    }
}

/// A realistic synthetic document: `n` numbered points of verse-like text.
fn points(n: usize, seed: usize) -> String {
    const WORDS: [&str; 24] = [
        "the",
        "government",
        "considers",
        "it",
        "advisable",
        "that",
        "control",
        "body",
        "be",
        "named",
        "a",
        "commission",
        "and",
        "council",
        "since",
        "such",
        "name",
        "reflects",
        "functions",
        "of",
        "this",
        "work",
        "in",
        "Japan",
    ];
    let mut out = String::with_capacity(n * 90);
    for i in 0..n {
        out.push_str(&format!("{}. ", i + 1));
        for w in 0..12 {
            out.push_str(WORDS[(i * 7 + w * 5 + seed) % WORDS.len()]);
            out.push(if w == 11 { '.' } else { ' ' });
        }
        out.push_str("\n\n");
    }
    out
}

fn synthetic(c: &mut Criterion) {
    let mut g = c.benchmark_group("synthetic");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    let base = points(20_000, 0);
    let (a, b) = segment_pair(base.clone(), base.clone());
    g.bench_function("identical 20k points", |bench| {
        bench.iter(|| compare(black_box(&a), black_box(&b), &options(Mode::SameLanguage)))
    });
    let changed = segment(&points(20_000, 3));
    g.bench_function("every paragraph changed 20k points", |bench| {
        bench.iter(|| {
            compare(
                black_box(&a),
                black_box(&changed),
                &options(Mode::SameLanguage),
            )
        })
    });
    // The same points in reverse order, renumbered: everything moved.
    let mut reversed: Vec<&str> = base.split("\n\n").filter(|p| !p.is_empty()).collect();
    reversed.reverse();
    let reversed = segment(&reversed.join("\n\n"));
    g.bench_function("fully reordered 20k points", |bench| {
        bench.iter(|| {
            compare(
                black_box(&a),
                black_box(&reversed),
                &options(Mode::SameLanguage),
            )
        })
    });
    // One paragraph of 1 MB, against a copy with a word changed every 2,000 words.
    let one = base.replace("\n\n", " ");
    let one = &one[..one.len().min(1_000_000)];
    let edited: String = one
        .split(' ')
        .enumerate()
        .map(|(i, w)| if i % 2000 == 0 { "CHANGED" } else { w })
        .collect::<Vec<_>>()
        .join(" ");
    g.bench_function("one 1 MB paragraph", |bench| {
        bench.iter(|| diff_words(black_box(one), black_box(&edited), WORD_DIFF_BUDGET))
    });
    let tiny: String = (1..=100_000)
        .map(|i| format!("{i}. w{}\n", i % 97))
        .collect();
    let tiny_b: String = (1..=100_000)
        .map(|i| format!("{i}. w{}\n", (i + (i % 10 == 0) as usize) % 97))
        .collect();
    g.bench_function("segment 100k tiny points", |bench| {
        bench.iter(|| segment(black_box(&tiny)))
    });
    let (ta, tb) = segment_pair(tiny.clone(), tiny_b.clone());
    g.bench_function("compare 100k tiny points", |bench| {
        bench.iter(|| compare(black_box(&ta), black_box(&tb), &options(Mode::SameLanguage)))
    });
    g.finish();
}

fn bibles(c: &mut Criterion) {
    let Some(dir) = bench_dir() else {
        eprintln!(
            "EMEND_BENCH_DIR is not set: whole-Bible and Declaration benchmarks skipped (see benches/prepare-corpus.sh)"
        );
        return;
    };
    let kjv = read(&dir, "kjv.md");
    let mut g = c.benchmark_group("bible");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    g.bench_function("segment KJV", |bench| {
        bench.iter(|| segment(black_box(&kjv)))
    });
    let dk = segment(&kjv);
    for (name, mode, label) in [
        (
            "webster.md",
            Mode::SameLanguage,
            "KJV/Webster (close revisions)",
        ),
        ("web.md", Mode::SameLanguage, "KJV/WEB (distant revisions)"),
        (
            "ru_synodal.md",
            Mode::CrossLanguage,
            "KJV/Russian (cross-language)",
        ),
        (
            "de_elb1905.md",
            Mode::CrossLanguage,
            "KJV/German (cross-language)",
        ),
    ] {
        let other = segment(&read(&dir, name));
        g.bench_function(format!("align {label}"), |bench| {
            bench.iter(|| {
                align(
                    black_box(&dk),
                    black_box(&other),
                    &AlignOptions {
                        mode,
                        ignore: IgnoreOptions::default(),
                    },
                )
            })
        });
        g.bench_function(format!("compare {label}"), |bench| {
            bench.iter(|| compare(black_box(&dk), black_box(&other), &options(mode)))
        });
    }
    let twice = segment(&read(&dir, "kjv-twice.md"));
    let webster_twice = segment(&read(&dir, "webster-twice.md"));
    g.bench_function("compare KJV/Webster doubled (linearity)", |bench| {
        bench.iter(|| {
            compare(
                black_box(&twice),
                black_box(&webster_twice),
                &options(Mode::SameLanguage),
            )
        })
    });
    g.finish();

    let mut g = c.benchmark_group("udhr");
    let en = segment(&read(&dir, "udhr-en.md"));
    let others: Vec<(String, Document)> = ["fr", "es", "ru", "zh", "ar", "de", "ja"]
        .iter()
        .map(|l| (l.to_string(), segment(&read(&dir, &format!("udhr-{l}.md")))))
        .collect();
    g.bench_function("compare en with 7 translations", |bench| {
        bench.iter(|| {
            for (_, d) in &others {
                black_box(compare(&en, d, &CompareOptions::default()));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, synthetic, bibles);
criterion_main!(benches);
