//! The review's merge as a property: accepting every row of a proposal gives
//! exactly the proposed text, and rejecting every row exactly the current
//! one, on generated documents (numbered points with later paragraphs and
//! sub-points, bullets, tables, code, block quotes, footnotes, HTML blocks
//! and breaks, each side in a layout of its own) and on every pair in
//! `tests/cases/`.

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

/// One block of a generated document: every kind of block the segmenter
/// reads (numbered points with their paragraphs and sub-points, bullets,
/// tables, code, block quotes, footnotes, HTML blocks and breaks).
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
    /// A bullet item, at the top level or nested under the point before it.
    Bullet {
        text: String,
        nested: bool,
    },
    /// A GFM table of two columns: its header and its body rows.
    Table {
        head: [String; 2],
        rows: Vec<[String; 2]>,
    },
    /// Fenced code: its lines.
    Code(Vec<String>),
    /// A block quote: its paragraphs.
    Quote(Vec<String>),
    Footnote {
        label: u32,
        text: String,
    },
    Html(String),
    Break,
}

/// How a document writes its blocks.
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
    /// How breaks, code fences and table delimiter rows are spelled, and
    /// whether table cells are padded and headings underlined: layout only.
    rule: &'static str,
    fence: &'static str,
    delimiter: &'static str,
    padded: bool,
    setext: bool,
}

fn sentence(words: &[usize]) -> String {
    let mut s: Vec<&str> = words.iter().map(|&w| WORDS[w % WORDS.len()]).collect();
    if s.is_empty() {
        s.push("empty");
    }
    format!("{}.", s.join(" "))
}

/// A few words without a full stop (a heading, a table cell).
fn phrase(words: &[usize]) -> String {
    sentence(words).trim_end_matches('.').to_string()
}

fn table_row(cells: &[String; 2], padded: bool) -> String {
    if padded {
        format!("| {} | {} |", cells[0], cells[1])
    } else {
        format!("|{}|{}|", cells[0], cells[1])
    }
}

/// The block as Markdown, and whether it is one line of a list (which a
/// tight list writes without a blank line before the next).
fn render_block(block: &Block, style: Style, n: &mut u32, sub: &mut u32) -> (String, bool) {
    match block {
        Block::Heading(h) => {
            *n = 0;
            if style.setext {
                (format!("{h}\n{}", "-".repeat(h.len().min(12))), false)
            } else {
                (format!("## {h}"), false)
            }
        }
        Block::Plain(p) => (p.clone(), false),
        Block::Point {
            sub: is_sub,
            paras,
            label,
        } => {
            let value = if *is_sub {
                *sub += 1;
                *sub
            } else {
                *n += 1;
                *sub = 0;
                *n
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
            // Later paragraphs are nested in the point's list item.
            let mut t = format!("{head} {}", paras[0]);
            for p in &paras[1..] {
                t.push_str(&format!("\n\n   {p}"));
            }
            (t, paras.len() == 1 && !is_sub && style.bullet)
        }
        Block::Bullet { text, nested } => {
            if *nested {
                (format!("   - {text}"), false)
            } else {
                (format!("- {text}"), true)
            }
        }
        Block::Table { head, rows } => {
            let mut t = table_row(head, style.padded);
            t.push('\n');
            t.push_str(style.delimiter);
            for r in rows {
                t.push('\n');
                t.push_str(&table_row(r, style.padded));
            }
            (t, false)
        }
        Block::Code(lines) => (
            format!("{}\n{}\n{}", style.fence, lines.join("\n"), style.fence),
            false,
        ),
        Block::Quote(paras) => {
            let quoted: Vec<String> = paras.iter().map(|p| format!("> {p}")).collect();
            (quoted.join("\n>\n"), false)
        }
        Block::Footnote { label, text } => (format!("[^{label}]: {text}"), false),
        Block::Html(text) => (format!("<div class=\"note\">{text}</div>"), false),
        Block::Break => (style.rule.to_string(), false),
    }
}

/// Blocks whose first line may be re-wrapped (their lines are one paragraph).
fn wraps(block: &Block) -> bool {
    matches!(
        block,
        Block::Plain(_)
            | Block::Point { .. }
            | Block::Bullet { .. }
            | Block::Quote(_)
            | Block::Footnote { .. }
    )
}

fn render(blocks: &[Block], style: Style) -> String {
    let mut out = String::new();
    let (mut n, mut sub) = (0u32, 0u32);
    let mut prev_item = false;
    let mut wrapped = style.wrap.is_none();
    for block in blocks {
        let (text, item) = render_block(block, style, &mut n, &mut sub);
        let text = match (wrapped, text.find(' ')) {
            (false, Some(at)) if wraps(block) => {
                wrapped = true;
                let at = text[at + 1..].find(' ').map_or(at, |k| at + 1 + k);
                format!("{}\n{}", &text[..at], &text[at + 1..])
            }
            _ => text,
        };
        if !out.is_empty() {
            let tight = style.tight && item && prev_item;
            out.push_str(if tight { "\n" } else { "\n\n" });
        }
        out.push_str(&text);
        prev_item = item;
    }
    out.push_str(style.end);
    out
}

fn block() -> impl Strategy<Value = Block> {
    let words = || proptest::collection::vec(0..WORDS.len(), 2..9);
    let cells = || (words(), words()).prop_map(|(a, b)| [phrase(&a[..1]), phrase(&b[..2])]);
    prop_oneof![
        2 => words().prop_map(|w| Block::Heading(phrase(&w[..2]))),
        10 => (proptest::collection::vec(words(), 1..3), proptest::bool::weighted(0.15)).prop_map(|(paras, sub)| Block::Point {
            sub,
            paras: paras.iter().map(|w| sentence(w)).collect(),
            label: None,
        }),
        2 => words().prop_map(|w| Block::Plain(sentence(&w))),
        1 => (words(), any::<bool>()).prop_map(|(w, nested)| Block::Bullet { text: sentence(&w), nested }),
        1 => (cells(), proptest::collection::vec(cells(), 0..4)).prop_map(|(head, rows)| Block::Table { head, rows }),
        1 => proptest::collection::vec(words(), 1..3).prop_map(|l| Block::Code(l.iter().map(|w| phrase(w)).collect())),
        1 => proptest::collection::vec(words(), 1..3).prop_map(|p| Block::Quote(p.iter().map(|w| sentence(w)).collect())),
        1 => words().prop_map(|w| Block::Footnote { label: 0, text: sentence(&w) }),
        1 => words().prop_map(|w| Block::Html(sentence(&w))),
        1 => Just(Block::Break),
    ]
}

/// Gives footnotes labels of their own, and nests bullets only under a point.
fn tidy(blocks: &mut [Block]) {
    let mut used = std::collections::BTreeSet::new();
    let mut under_point = false;
    for b in blocks.iter_mut() {
        match b {
            Block::Footnote { label, .. } => {
                while *label == 0 || used.contains(label) {
                    *label += 1;
                }
                used.insert(*label);
                under_point = false;
            }
            Block::Point { .. } => under_point = true,
            Block::Bullet { nested, .. } => *nested &= under_point,
            _ => under_point = false,
        }
    }
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
                Block::Bullet { .. } => {}
                _ => seen_point = false,
            }
        }
        tidy(&mut blocks);
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
    /// In a table: add a row (with these words) or remove one.
    Row(prop::sample::Index, prop::sample::Index, Option<Vec<usize>>),
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
        1 => (at(), at(), proptest::option::of(proptest::collection::vec(0..WORDS.len(), 3..5))).prop_map(|(i, j, w)| Edit::Row(i, j, w)),
    ]
}

/// The words an edit changes in a block, where it has some.
fn first_para(b: &mut Block) -> Option<&mut String> {
    match b {
        Block::Heading(h) | Block::Plain(h) | Block::Html(h) => Some(h),
        Block::Bullet { text, .. } | Block::Footnote { text, .. } => Some(text),
        Block::Point { paras, .. } | Block::Quote(paras) | Block::Code(paras) => {
            Some(&mut paras[0])
        }
        Block::Table { head, rows } => Some(&mut rows.last_mut().unwrap_or(head)[1]),
        Block::Break => None,
    }
}

/// The text a block adds to the paragraph before it when the two are joined
/// (`None`: it cannot be joined).
fn joined_text(b: &Block) -> Option<String> {
    match b {
        Block::Point { paras, .. } | Block::Quote(paras) => Some(paras.join(" ")),
        Block::Plain(p) | Block::Bullet { text: p, .. } | Block::Footnote { text: p, .. } => {
            Some(p.clone())
        }
        _ => None,
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
                if k + 1 >= len
                    || !matches!(
                        blocks[k],
                        Block::Point { .. }
                            | Block::Plain(_)
                            | Block::Bullet { .. }
                            | Block::Quote(_)
                            | Block::Footnote { .. }
                    )
                {
                    continue;
                }
                let Some(extra) = joined_text(&blocks[k + 1]) else {
                    continue;
                };
                blocks.remove(k + 1);
                if let Some(p) = first_para(&mut blocks[k]) {
                    p.push(' ');
                    p.push_str(&extra);
                }
            }
            Edit::Move(i, j) => {
                let b = blocks.remove(i.index(len));
                blocks.insert(j.index(len), b);
            }
            Edit::Reword(i, words) => {
                let Some(p) = first_para(&mut blocks[i.index(len)]) else {
                    continue;
                };
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
            Edit::Row(i, j, words) => {
                let Block::Table { rows, .. } = &mut blocks[i.index(len)] else {
                    continue;
                };
                match words {
                    Some(w) => {
                        rows.insert(j.index(rows.len() + 1), [phrase(&w[..1]), phrase(&w[1..])])
                    }
                    None if !rows.is_empty() => {
                        rows.remove(j.index(rows.len()));
                    }
                    None => {}
                }
            }
        }
    }
    tidy(&mut blocks);
    blocks
}

fn style(renumber: bool) -> impl Strategy<Value = Style> {
    (
        (
            any::<bool>(),
            any::<bool>(),
            prop_oneof![Just(""), Just("\n"), Just("\n\n")],
            proptest::option::weighted(0.2, 0usize..3),
        ),
        (
            prop_oneof![Just("---"), Just("***"), Just("* * *"), Just("___")],
            prop_oneof![Just("```"), Just("~~~")],
            prop_oneof![Just("| --- | --- |"), Just("|---|:---|")],
            any::<bool>(),
            proptest::bool::weighted(0.2),
        ),
    )
        .prop_map(
            move |((bullet, tight, end, wrap), (rule, fence, delimiter, padded, setext))| Style {
                bullet,
                tight,
                renumber,
                end,
                wrap,
                rule,
                fence,
                delimiter,
                padded,
                setext,
            },
        )
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

/// A segment's text without the label a point's title starts with.
fn unlabelled(text: &str) -> &str {
    match emend::text::parse_label(text) {
        Some(label) => text[label.written.len()..].trim_start(),
        None => text,
    }
}

/// 1,000 cases (`PROPTEST_CASES` overrides); cases that once failed are kept
/// in `review_merge.proptest-regressions` beside this file.
fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES")
                .ok()
                .and_then(|n| n.parse().ok())
                .unwrap_or(1000),
        )
    }
}

/// A current text and a proposal made from it by a few edits: mostly the
/// same list style on both sides; sometimes the proposal restyles,
/// renumbers, re-wraps, or writes breaks, fences and tables otherwise.
fn proposal() -> impl Strategy<Value = (String, String)> {
    (
        document(),
        proptest::collection::vec(edit(), 1..5),
        proptest::bool::weighted(0.8),
        style(true),
        style(true),
    )
        .prop_map(|(base, edits, renumber, ours_style, theirs_style)| {
            let bullet = if theirs_style.tight && theirs_style.end.is_empty() {
                theirs_style.bullet
            } else {
                ours_style.bullet
            };
            let theirs_style = Style {
                renumber,
                bullet,
                ..theirs_style
            };
            let ours = render(
                &base,
                Style {
                    wrap: None,
                    ..ours_style
                },
            );
            let theirs = render(&apply(base, &edits), theirs_style);
            (ours, theirs)
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn accept_all_is_the_proposal_and_reject_all_the_current_text((ours, theirs) in proposal()) {
        check(&ours, &theirs)?;
    }

    /// Taking one change of a paragraph and rejecting every other row gives
    /// the current text with that paragraph's words changed so, and every
    /// other segment as it was (lines kept where words are, or the paragraph
    /// on one line: either reads the same).
    #[test]
    fn one_change_taken_changes_only_its_words((ours, theirs) in proposal()) {
        let m = Merge::new(segment(&ours), segment(&theirs), segment(&ours));
        let Some(k) = m.rows.iter().position(|r| r.can_take_in_part() && r.changes().len() > 1) else {
            return Ok(());
        };
        let mut decisions = vec![Decision::Reject(None); m.rows.len()];
        decisions[k] = Decision::Partial { taken: vec![1], reason: None };
        let merged = m.apply(&decisions);
        let row = &m.rows[k];
        let words = emend::workflow::partial_text(&row.ops, &[1]);
        let want: Vec<String> = m.ours.segments.iter().enumerate().map(|(j, s)| {
            if j == row.a[0] { words.clone() } else { unlabelled(&s.text).to_string() }
        }).collect();
        let got = segment(&merged.text);
        let got: Vec<&str> = got.segments.iter().map(|s| unlabelled(&s.text)).collect();
        prop_assert_eq!(got, want, "{}", merged.text);
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
        // Every accepted paragraph's proposed words are in the result; a
        // paragraph the current text changed in other words, with those
        // changes too. A point's first paragraph is read as its title or as
        // a paragraph depending on the points around it, so its label is
        // not compared.
        let result = segment(&accepted.text);
        for (row, rec) in m.rows.iter().zip(&accepted.rows) {
            if rec.apart {
                let words = row.taken_apart(None).expect("changed apart");
                let t = unlabelled(&words);
                prop_assert!(result.segments.iter().any(|s| unlabelled(&s.text) == t), "{t:?} missing from {:?}", accepted.text);
            } else if rec.decision == emend::workflow::Verdict::Accepted {
                for &j in &row.b {
                    let t = unlabelled(&m.theirs.segments[j].text);
                    prop_assert!(result.segments.iter().any(|s| unlabelled(&s.text) == t), "{t:?} missing from {:?}", accepted.text);
                }
            }
        }
    }
}

/// The generated proposals change every kind of block: a property that
/// holds on them holds on tables, code, quotes, footnotes, HTML and breaks,
/// not only on numbered points.
#[test]
fn generated_proposals_change_every_kind_of_block() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = proposal();
    let mut rows: std::collections::BTreeMap<String, usize> = Default::default();
    for _ in 0..1000 {
        let (ours, theirs) = strategy.new_tree(&mut runner).unwrap().current();
        let m = Merge::new(segment(&ours), segment(&theirs), segment(&ours));
        for r in &m.rows {
            *rows.entry(format!("{:?}", r.kind)).or_default() += 1;
        }
    }
    for kind in [
        "Heading",
        "Paragraph",
        "TableRow",
        "Code",
        "Html",
        "Break",
        "Footnote",
    ] {
        let n = rows.get(kind).copied().unwrap_or(0);
        assert!(n >= 30, "only {n} {kind} rows in 1,000 proposals: {rows:?}");
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
