//! The review's merge as a property: accepting every row of a proposal gives
//! exactly the proposed text, and rejecting every row exactly the current
//! one, on generated numbered documents and on every pair in `tests/cases/`.

use std::path::Path;

use emend::text::{decode, segment};
use emend::workflow::{Decision, Merge, RowState};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "the",
    "Soviet",
    "Government",
    "control",
    "body",
    "Japan",
    "lapan",
    "commission",
    "council",
    "principle",
    "unanimity",
    "powers",
    "directives",
    "Supreme",
    "Commander",
    "rights",
    "responsibility",
    "military",
    "questions",
    "political",
    "economic",
    "decorative",
    "Allies",
    "recognized",
    "surrender",
    "Germany",
    "Harriman",
    "Italy",
    "Hungary",
    "Romania",
    "scene",
];

/// One block of a generated document.
#[derive(Debug, Clone)]
enum Block {
    Heading(String),
    /// A numbered point: its paragraphs, whether it is a sub-point, and the
    /// label it had in the base (kept by proposals that do not renumber).
    Point {
        sub: bool,
        paras: Vec<String>,
        label: Option<u32>,
    },
    Plain(String),
}

/// How a document writes its labels.
#[derive(Debug, Clone, Copy)]
struct Style {
    /// `- 1.` (and lists without blank lines) rather than `1.`.
    bullet: bool,
    tight: bool,
    /// Number in sequence; otherwise keep the base's labels (new points get 9).
    renumber: bool,
    /// What the text ends with.
    end: &'static str,
    /// Break the first paragraph's line after this word (a re-wrap).
    wrap: Option<usize>,
}

fn sentence(words: &[usize]) -> String {
    let mut s: Vec<&str> = words.iter().map(|&w| WORDS[w % WORDS.len()]).collect();
    if s.is_empty() {
        s.push("empty");
    }
    format!("{}.", s.join(" "))
}

fn render(blocks: &[Block], style: Style) -> String {
    let mut out = String::new();
    let (mut n, mut sub) = (0u32, 0u32);
    let mut prev_single_point = false;
    let mut wrapped = style.wrap.is_none();
    for block in blocks {
        let (text, single_point) = match block {
            Block::Heading(h) => {
                n = 0;
                (format!("## {h}"), false)
            }
            Block::Plain(p) => (p.clone(), false),
            Block::Point {
                sub: is_sub,
                paras,
                label,
            } => {
                let value = if *is_sub {
                    sub += 1;
                    sub
                } else {
                    n += 1;
                    sub = 0;
                    n
                };
                let value = if style.renumber {
                    value
                } else {
                    label.unwrap_or(9)
                };
                let head = match (is_sub, style.bullet) {
                    (true, _) => format!(
                        "   {})",
                        char::from(b'a' + u8::try_from((value - 1) % 26).unwrap_or(0))
                    ),
                    (false, true) => format!("- {value}."),
                    (false, false) => format!("{value}."),
                };
                let indent = if *is_sub { "   " } else { "" };
                let mut t = format!("{head} {}", paras[0]);
                for p in &paras[1..] {
                    t.push_str(&format!("\n\n{indent}{p}"));
                }
                (t, paras.len() == 1 && !is_sub)
            }
        };
        let text = match (wrapped, text.find(' ')) {
            (false, Some(at)) if !text.starts_with('#') && style.wrap.is_some() => {
                wrapped = true;
                let at = text[at + 1..].find(' ').map_or(at, |k| at + 1 + k);
                format!("{}\n{}", &text[..at], &text[at + 1..])
            }
            _ => text,
        };
        if !out.is_empty() {
            let tight = style.tight && style.bullet && single_point && prev_single_point;
            out.push_str(if tight { "\n" } else { "\n\n" });
        }
        out.push_str(&text);
        prev_single_point = single_point;
    }
    out.push_str(style.end);
    out
}

fn block() -> impl Strategy<Value = Block> {
    let words = || proptest::collection::vec(0..WORDS.len(), 2..9);
    prop_oneof![
        1 => words().prop_map(|w| Block::Heading(sentence(&w[..2]).trim_end_matches('.').to_string())),
        5 => (proptest::collection::vec(words(), 1..3), proptest::bool::weighted(0.15)).prop_map(|(paras, sub)| Block::Point {
            sub,
            paras: paras.iter().map(|w| sentence(w)).collect(),
            label: None,
        }),
        1 => words().prop_map(|w| Block::Plain(sentence(&w))),
    ]
}

/// A document: numbered points mostly, with base labels noted.
fn document() -> impl Strategy<Value = Vec<Block>> {
    proptest::collection::vec(block(), 1..12).prop_map(|mut blocks| {
        // A sub-point needs a point before it.
        let mut seen_point = false;
        let (mut n, mut sub) = (0, 0);
        for b in &mut blocks {
            match b {
                Block::Heading(_) => {
                    n = 0;
                    seen_point = false;
                }
                Block::Point {
                    sub: is_sub, label, ..
                } => {
                    if *is_sub && !seen_point {
                        *is_sub = false;
                    }
                    if *is_sub {
                        sub += 1;
                        *label = Some(sub);
                    } else {
                        n += 1;
                        sub = 0;
                        seen_point = true;
                        *label = Some(n);
                    }
                }
                Block::Plain(_) => seen_point = false,
            }
        }
        blocks
    })
}

/// One edit a proposal makes.
#[derive(Debug, Clone)]
enum Edit {
    Delete(prop::sample::Index),
    Insert(prop::sample::Index, Block),
    /// Split a point's first paragraph in two: into two points, or two paragraphs.
    Split(prop::sample::Index, bool),
    /// Join a block's paragraph with the next block's.
    Merge(prop::sample::Index),
    Move(prop::sample::Index, prop::sample::Index),
    Reword(prop::sample::Index, Vec<usize>),
}

fn edit() -> impl Strategy<Value = Edit> {
    let at = any::<prop::sample::Index>;
    prop_oneof![
        2 => at().prop_map(Edit::Delete),
        2 => (at(), block()).prop_map(|(i, b)| Edit::Insert(i, b)),
        1 => (at(), any::<bool>()).prop_map(|(i, p)| Edit::Split(i, p)),
        1 => at().prop_map(Edit::Merge),
        1 => (at(), at()).prop_map(|(i, j)| Edit::Move(i, j)),
        3 => (at(), proptest::collection::vec(0..WORDS.len(), 1..4)).prop_map(|(i, w)| Edit::Reword(i, w)),
    ]
}

fn first_para(b: &mut Block) -> &mut String {
    match b {
        Block::Heading(h) | Block::Plain(h) => h,
        Block::Point { paras, .. } => &mut paras[0],
    }
}

fn apply(mut blocks: Vec<Block>, edits: &[Edit]) -> Vec<Block> {
    for e in edits {
        if blocks.is_empty() {
            break;
        }
        let len = blocks.len();
        match e {
            Edit::Delete(i) => {
                blocks.remove(i.index(len));
            }
            Edit::Insert(i, b) => {
                let mut b = b.clone();
                if let Block::Point { sub, .. } = &mut b {
                    *sub = false;
                }
                blocks.insert(i.index(len + 1), b);
            }
            Edit::Split(i, as_points) => {
                let k = i.index(len);
                let Block::Point { sub, paras, .. } = &mut blocks[k] else {
                    continue;
                };
                let words: Vec<String> = paras[0].split(' ').map(str::to_string).collect();
                if words.len() < 4 {
                    continue;
                }
                let half = words.len() / 2;
                let first = format!("{}.", words[..half].join(" "));
                let second = words[half..].join(" ");
                paras[0] = first;
                if *as_points {
                    let sub = *sub;
                    blocks.insert(
                        k + 1,
                        Block::Point {
                            sub,
                            paras: vec![second],
                            label: None,
                        },
                    );
                } else {
                    paras.insert(1, second);
                }
            }
            Edit::Merge(i) => {
                let k = i.index(len);
                if k + 1 >= len || matches!(blocks[k + 1], Block::Heading(_)) {
                    continue;
                }
                let next = blocks.remove(k + 1);
                let extra = match next {
                    Block::Point { paras, .. } => paras.join(" "),
                    Block::Plain(p) => p,
                    Block::Heading(_) => continue,
                };
                let p = first_para(&mut blocks[k]);
                p.push(' ');
                p.push_str(&extra);
            }
            Edit::Move(i, j) => {
                let b = blocks.remove(i.index(len));
                blocks.insert(j.index(len), b);
            }
            Edit::Reword(i, words) => {
                let p = first_para(&mut blocks[i.index(len)]);
                let mut w: Vec<String> = p.split(' ').map(str::to_string).collect();
                let at = words[0] % w.len();
                w[at] = WORDS[words[words.len() - 1] % WORDS.len()].to_string();
                if words.len() > 2 {
                    w.insert(at, WORDS[words[1] % WORDS.len()].to_string());
                }
                *p = w.join(" ");
                if !p.ends_with('.') {
                    p.push('.');
                }
            }
        }
    }
    blocks
}

fn style(renumber: bool) -> impl Strategy<Value = Style> {
    (
        any::<bool>(),
        any::<bool>(),
        prop_oneof![Just(""), Just("\n"), Just("\n\n")],
        proptest::option::weighted(0.2, 0usize..3),
    )
        .prop_map(move |(bullet, tight, end, wrap)| Style {
            bullet,
            tight,
            renumber,
            end,
            wrap,
        })
}

/// Accept-all gives `theirs`; reject-all gives `ours` (when there is a row to reject).
fn check(ours: &str, theirs: &str) -> Result<(), TestCaseError> {
    let m = Merge::new(segment(ours), segment(theirs), segment(ours));
    let accepted = m.apply(&vec![Decision::Accept; m.rows.len()]);
    prop_assert_eq!(&accepted.text, theirs, "accept all; rows {:#?}", m.rows);
    prop_assert_eq!(accepted.summary.accepted, m.rows.len());
    if !m.rows.is_empty() {
        let rejected = m.apply(&vec![Decision::Reject(None); m.rows.len()]);
        prop_assert_eq!(&rejected.text, ours, "reject all; rows {:#?}", m.rows);
        prop_assert!(rejected.renumbered.is_empty() && rejected.unreconciled.is_empty());
    }
    Ok(())
}

/// 1,000 cases (`PROPTEST_CASES` overrides); cases that once failed are kept
/// in `review_merge.proptest-regressions` beside this file.
fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..ProptestConfig::with_cases(1000)
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn accept_all_is_the_proposal_and_reject_all_the_current_text(
        base in document(),
        edits in proptest::collection::vec(edit(), 1..5),
        renumber in proptest::bool::weighted(0.8),
        ours_style in style(true),
        theirs_style in style(true),
    ) {
        // Mostly the same list style on both sides; sometimes the proposal restyles.
        let bullet = if theirs_style.tight && theirs_style.end.is_empty() {
            theirs_style.bullet
        } else {
            ours_style.bullet
        };
        let theirs_style = Style { renumber, bullet, ..theirs_style };
        let ours = render(&base, Style { wrap: None, ..ours_style });
        let theirs = render(&apply(base, &edits), theirs_style);
        check(&ours, &theirs)?;
    }

    /// Where the current text changed too, rejecting everything still leaves
    /// it exactly as it is, and accepting everything takes what does not conflict.
    #[test]
    fn reject_all_keeps_a_changed_current_text(
        base in document(),
        ours_edits in proptest::collection::vec(edit(), 1..3),
        theirs_edits in proptest::collection::vec(edit(), 1..4),
        style in style(true),
    ) {
        let b = render(&base, style);
        let ours = render(&apply(base.clone(), &ours_edits), style);
        let theirs = render(&apply(base, &theirs_edits), style);
        let m = Merge::new(segment(&b), segment(&theirs), segment(&ours));
        // Rows the current text already has are not rejected: when there are
        // only such rows, the proposal is wholly in, its layout too.
        if m.rows.iter().any(|r| r.state != RowState::Applied) {
            let rejected = m.apply(&vec![Decision::Reject(None); m.rows.len()]);
            prop_assert_eq!(&rejected.text, &ours, "rows {:#?}", m.rows);
        }
        let accepted = m.apply(&vec![Decision::Accept; m.rows.len()]);
        let s = accepted.summary;
        prop_assert_eq!(s.accepted + s.conflicts, accepted.rows.iter().filter(|r| r.decision != emend::workflow::Verdict::Applied).count());
        // Every accepted paragraph's proposed words are in the result.
        let result = segment(&accepted.text);
        for (row, rec) in m.rows.iter().zip(&accepted.rows) {
            if rec.decision == emend::workflow::Verdict::Accepted {
                for &j in &row.b {
                    let t = &m.theirs.segments[j].text;
                    prop_assert!(result.segments.iter().any(|s| &s.text == t), "{t:?} missing from {:?}", accepted.text);
                }
            }
        }
    }
}

#[test]
fn every_case_pair_accepted_and_rejected_whole() {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut n = 0;
    for entry in std::fs::read_dir(&cases).unwrap() {
        let dir = entry.unwrap().path();
        let read = |f: &str| decode(&std::fs::read(dir.join(f)).unwrap(), f).unwrap();
        let (a, b) = (read("a.md"), read("b.md"));
        for (ours, theirs) in [(&a, &b), (&b, &a)] {
            if let Err(e) = check(ours, theirs) {
                panic!("{}: {e}", dir.display());
            }
        }
        n += 1;
    }
    assert!(n >= 8, "only {n} cases");
}

#[test]
fn the_seed_telegram_both_ways() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("translations/telegram-1945-11-11");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    let (wilson, corrected) = (read("en-wilson.md"), read("en-corrected.md"));
    check(&wilson, &corrected).unwrap();
    check(&corrected, &wilson).unwrap();
}
