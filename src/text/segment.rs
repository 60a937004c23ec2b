//! Cutting a normalised text into headings and paragraphs, and giving each a key.

use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use super::blocks::{Block, BlockKind, Newlines, blocks_of, number_lines};
use super::chunks::ChunkCache;
use super::keying::{KeyMemo, keys_of};
use super::layout;
use super::pages::Dropped;
use super::parse::{Parsed, parse_block};
use super::shared::SharedText;

/// What a segment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Heading,
    Paragraph,
    /// Fenced or indented code.
    Code,
    /// An HTML block.
    Html,
    /// A thematic break (`---`).
    Break,
    /// One row of a table.
    #[serde(rename = "table-row")]
    TableRow,
    /// A paragraph of a footnote definition.
    Footnote,
}

/// One aligned and diffed unit: a heading, a paragraph, a code block, a table row, ...
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Stable key: heading path, point label and paragraph number, e.g. `2¶3`, `genesis/1/1`
    /// (held with the other keys of its document, in one buffer they share).
    pub key: SharedText,
    pub kind: Kind,
    /// Heading level (1-6); 0 for paragraphs.
    pub level: u8,
    /// The point label as written (`- 1.`), on the first paragraph of a numbered point
    /// (a stretch of the source, shared, where that is what it is).
    pub label: Option<SharedText>,
    /// The text that is compared: label and markers removed, lines joined, spaces collapsed
    /// (a stretch of the source, shared, where that is what it is).
    pub text: SharedText,
    /// Byte range of the whole block in [`Document::source`].
    pub span: Range<usize>,
    /// First line of the block, counting from 1.
    pub line: usize,
}

/// A text cut into segments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// The normalised text the spans point into (shared with the segments' texts).
    pub source: Arc<String>,
    pub segments: Vec<Segment>,
    /// Page furniture left out of the segments (see [`ReadOptions::keep_pages`]), in source order.
    pub dropped: Vec<Dropped>,
}

/// How a text is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Keep a paginated plain text's page furniture (running heads, page
    /// numbers) as paragraphs, and never join a paragraph across a page.
    pub keep_pages: bool,
}

impl Document {
    /// The segment with this key, if any.
    pub fn get(&self, key: &str) -> Option<&Segment> {
        self.segments.iter().find(|s| s.key == key)
    }

    /// The block of `segment` exactly as written in the source.
    pub fn raw(&self, segment: &Segment) -> &str {
        &self.source[segment.span.clone()]
    }
}

/// Cuts `source` (already normalised, see [`super::normalize`]) into keyed segments.
///
/// The blocks are what a CommonMark + GFM parser reads (see [`super::blocks`]):
/// headings, paragraphs and list items, code, HTML blocks, thematic breaks,
/// table rows and footnote definitions. A paragraph that starts with a point
/// label (`1.`, `(a)`, `- 1.`, `IV.`) is a numbered point.
///
/// Keys:
/// - a heading with a number (`## Article 5`, `## 1`) contributes the number;
///   one without contributes a slug of its words (`preamble`, `song-of-solomon`);
/// - numbered headings always enter the keys of what is below them; unnumbered
///   ones only at a level where at least two unnumbered headings hold numbered
///   content (the books of a Bible do; a lone title does not), so that
///   `## Article 5` under an English or a Russian title both give `5`;
/// - a numbered point is keyed by that path and its label (`5/2`, `genesis/1/1`);
///   a point indented under another point nests (`3/a`);
/// - later paragraphs of a point add `¶n` (`2¶3` is point 2's third paragraph);
/// - paragraphs outside points are keyed by their heading's key and `¶n` (`preamble¶2`);
/// - code, HTML blocks and thematic breaks under a point or heading add
///   `/code1`, `/html1`, `/break1` (counted apart from paragraphs, so adding
///   one renumbers no paragraph); a table's rows add `/table1/` and the row's
///   first cell as a slug (`/table1/one-year`), or `row3` where that cell is
///   empty or repeats;
/// - a footnote definition is keyed by its label (`^1`), its later paragraphs `^1¶2`;
/// - a key that would repeat gets `~2`, `~3`, ... so keys are unique.
pub fn segment(source: &str) -> Document {
    segment_string(source.to_string())
}

/// As [`segment`], read as `options` say.
pub fn segment_with(source: &str, options: ReadOptions) -> Document {
    segment_string_with(source.to_string(), options)
}

/// The Markdown chunks of the last text [`segment_reusing`] read, and what was read of
/// their blocks, for the next text (see [`super::chunks`]).
#[derive(Default)]
pub struct BlockCache {
    /// What was read of each block, and the hash of its compared text.
    chunks: ChunkCache<(Parsed, u64)>,
    keys: KeyMemo,
}

impl BlockCache {
    pub fn new() -> BlockCache {
        BlockCache::default()
    }
}

/// As [`segment_string`], reading only the Markdown chunks that differ from the text
/// `cache` read last (see [`BlockCache`]); the segments are the same. With them, where
/// the text was read as Markdown (not by its layout), the hash ([`super::hash_text`])
/// of each segment's compared text, worked out once for each chunk read and kept with
/// it, as comparing the text with another needs them.
pub fn segment_reusing(source: String, cache: &mut BlockCache) -> (Document, Option<Vec<u64>>) {
    let BlockCache { chunks, keys } = cache;
    let mut hashes = None;
    let doc = read_segments(
        Arc::new(source),
        ReadOptions::default(),
        Some(keys),
        |s, plain| {
            let (blocks, read) = chunks.blocks(s, plain, |text, b| {
                let p = parse_block(text, b, false);
                let hash = super::hash_text(p.text.as_str(text, b));
                (p, hash)
            });
            let (parsed, hash): (Vec<Parsed>, Vec<u64>) = read.into_iter().unzip();
            hashes = Some(hash);
            (blocks, parsed)
        },
    );
    (doc, hashes)
}

/// The segments of `source`, read by its layout or else by `markdown`, which gives the
/// Markdown blocks and what [`parse_block`] reads of each.
fn read_segments(
    source: Arc<String>,
    options: ReadOptions,
    memo: Option<&mut KeyMemo>,
    markdown: impl FnOnce(&str, bool) -> (Vec<Block>, Vec<Parsed>),
) -> Document {
    match layout::read(&source, options.keep_pages) {
        layout::Read::Layout(mut reading) => {
            number_lines(&source, &mut reading.blocks);
            let parsed = reading
                .blocks
                .iter()
                .map(|b| parse_block(&source, b, true))
                .collect();
            segments_of(source, reading.blocks, parsed, reading.dropped, memo)
        }
        layout::Read::Markdown { plain } => {
            let (blocks, parsed) = markdown(&source, plain);
            segments_of(source, blocks, parsed, Vec::new(), memo)
        }
    }
}

/// The keyed segments of `blocks`, read into `parsed`; their keys from `memo` where
/// it has them (see [`KeyMemo`]).
fn segments_of(
    source: Arc<String>,
    blocks: Vec<Block>,
    parsed: Vec<Parsed>,
    mut dropped: Vec<Dropped>,
    memo: Option<&mut KeyMemo>,
) -> Document {
    let keys = match memo {
        Some(memo) => memo.keys(&parsed, &blocks),
        None => keys_of(&parsed, &blocks),
    };
    let mut segments: Vec<Segment> = parsed
        .into_iter()
        .zip(blocks)
        .zip(keys)
        .map(|((p, b), key)| Segment {
            key,
            kind: kind_of(&b),
            level: match b.kind {
                BlockKind::Heading(level) => level,
                _ => 0,
            },
            label: p.label.map(|l| l.text(&source, &b)),
            text: p.text.text(&source, &b),
            line: b.line + 1,
            span: b.span,
        })
        .collect();
    // The list was built in the (larger) buffer of the parsed blocks.
    segments.shrink_to_fit();
    // The page furniture left out (a text read by its layout), numbered as the blocks are.
    let mut newlines = Newlines::new(&source);
    for d in &mut dropped {
        d.line = newlines.before(d.span.start) + 1;
    }
    Document {
        source,
        segments,
        dropped,
    }
}

fn kind_of(block: &Block) -> Kind {
    if block.footnote.is_some() {
        return Kind::Footnote;
    }
    match block.kind {
        BlockKind::Heading(_) => Kind::Heading,
        BlockKind::Paragraph => Kind::Paragraph,
        BlockKind::Code => Kind::Code,
        BlockKind::Html => Kind::Html,
        BlockKind::Break => Kind::Break,
        BlockKind::TableRow { .. } => Kind::TableRow,
    }
}

/// As [`segment`], keeping `source` without copying it.
pub fn segment_string(source: String) -> Document {
    segment_string_with(source, ReadOptions::default())
}

/// As [`segment_string`], read as `options` say. The document keeps `source`, and its
/// segments share it.
///
/// Plain text laid out for print (pages, titles over indented paragraphs) is
/// read by its layout ([`super::layout`]); everything else by the Markdown parser.
pub fn segment_string_with(source: String, options: ReadOptions) -> Document {
    read_segments(Arc::new(source), options, None, |s, plain| {
        let blocks = blocks_of(s, plain);
        let parsed = blocks.iter().map(|b| parse_block(s, b, false)).collect();
        (blocks, parsed)
    })
}

/// Segments two texts at once, on two threads.
pub fn segment_pair(a: String, b: String) -> (Document, Document) {
    segment_pair_with(a, b, ReadOptions::default())
}

/// As [`segment_pair`], read as `options` say.
pub fn segment_pair_with(a: String, b: String, options: ReadOptions) -> (Document, Document) {
    rayon::join(
        || segment_string_with(a, options),
        || segment_string_with(b, options),
    )
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    fn keys(doc: &Document) -> Vec<&str> {
        doc.segments.iter().map(|s| s.key.as_str()).collect()
    }

    /// [`segment_reusing`], checking the hashes it gives with the segments (a text
    /// read by its layout has none).
    pub(in crate::text) fn reused(text: String, cache: &mut BlockCache) -> Document {
        let by_layout = matches!(layout::read(&text, false), layout::Read::Layout(_));
        let (doc, hashes) = segment_reusing(text, cache);
        assert_eq!(hashes.is_none(), by_layout);
        let Some(hashes) = hashes else { return doc };
        let of_texts: Vec<u64> = doc
            .segments
            .iter()
            .map(|s| super::super::hash_text(&s.text))
            .collect();
        assert_eq!(
            hashes, of_texts,
            "each segment's hash is of its compared text"
        );
        doc
    }

    #[test]
    fn points_and_their_later_paragraphs() {
        let doc = segment(
            "#### **SECRET**\n\nIntro text.\n\n- 1. First point.\n- 2. Second point.\n\nMore of two.\n\nAnd more.\n\n- 3. Third.\n",
        );
        assert_eq!(
            keys(&doc),
            ["secret", "secret¶1", "1", "2", "2¶2", "2¶3", "3"]
        );
        assert_eq!(doc.segments[2].text, "First point.");
        assert_eq!(doc.segments[2].label.as_deref(), Some("- 1."));
        assert_eq!(doc.segments[0].kind, Kind::Heading);
        assert_eq!(doc.segments[0].text, "**SECRET**");
    }

    /// True when `text` lies inside the document's source (shared, not copied).
    fn in_source(doc: &Document, text: &str) -> bool {
        let source = doc.source.as_bytes().as_ptr_range();
        let text = text.as_bytes().as_ptr_range();
        source.start <= text.start && text.end <= source.end
    }

    #[test]
    fn text_as_written_is_shared_with_the_source_and_changed_text_is_not() {
        let source = include_str!("../../tests/fixtures/align/ruth-de_elb1905.md");
        let doc = segment(source);
        let verses: Vec<&Segment> = doc.segments.iter().filter(|s| s.label.is_some()).collect();
        assert!(verses.len() > 80);
        // One line, single spaces: every verse is a stretch of the source.
        for v in &verses {
            assert!(in_source(&doc, &v.text), "{} was copied", v.key);
            assert_eq!(&doc.raw(v)[doc.raw(v).len() - v.text.len()..], &*v.text);
        }
        // A point's label comes off the start; lines joined make a text of its own.
        let doc = segment("- 1. First point.\n- 2. Second\n  point, wrapped.\n");
        assert_eq!(doc.segments[0].text, "First point.");
        assert!(in_source(&doc, &doc.segments[0].text));
        assert_eq!(doc.segments[1].text, "Second point, wrapped.");
        assert!(!in_source(&doc, &doc.segments[1].text));
        // Reading again from the chunks of a text before shares the new text too.
        let mut cache = BlockCache::new();
        let _ = segment_reusing(source.to_string(), &mut cache);
        let again = reused(source.replace("Elimelech", "Elimelek"), &mut cache);
        let labelled = again.segments.iter().filter(|s| s.label.is_some());
        assert!(labelled.clone().count() > 80);
        assert!(labelled.clone().all(|s| in_source(&again, &s.text)));
        assert_eq!(again, segment(&source.replace("Elimelech", "Elimelek")));
    }

    #[test]
    fn rewrapping_does_not_change_text() {
        let a = segment("One two\nthree four.\n\nFive.");
        let b = segment("One two three\n   four.\n\n\n\nFive.\n");
        assert_eq!(a.segments[0].text, b.segments[0].text);
        assert_eq!(keys(&a), keys(&b));
    }

    #[test]
    fn bible_keys_include_the_book() {
        let doc = segment(
            "# Genesis\n\n## 1\n\n1. In the beginning\n\n2. And the earth\n\n# Exodus\n\n## 1\n\n1. Now these\n",
        );
        assert_eq!(
            keys(&doc),
            [
                "genesis",
                "genesis/1",
                "genesis/1/1",
                "genesis/1/2",
                "exodus",
                "exodus/1",
                "exodus/1/1"
            ]
        );
    }

    #[test]
    fn a_lone_title_does_not_enter_keys_so_languages_agree() {
        let en = segment(
            "# Universal Declaration\n\n## Preamble\n\nWhereas.\n\n## Article 11\n\n1. Everyone charged\n\n2. No one shall\n",
        );
        let ru = segment(
            "# Всеобщая декларация\n\n## ПРЕАМБУЛА\n\nПринимая во внимание.\n\n## Статья 11\n\n1. Каждый человек\n\n2. Никто не может\n",
        );
        assert_eq!(
            keys(&en),
            [
                "universal-declaration",
                "preamble",
                "preamble¶1",
                "11",
                "11/1",
                "11/2"
            ]
        );
        assert_eq!(&keys(&en)[3..], &keys(&ru)[3..]);
    }

    #[test]
    fn indented_points_nest() {
        let doc = segment(
            "Section 1 – Definitions.\n\n    a. Adapted Material\n\n        1. nested one\n\n        2. nested two\n\n    b. Adapter's License\n",
        );
        assert_eq!(keys(&doc), ["¶1", "a", "a/1", "a/2", "b"]);
    }

    #[test]
    fn duplicate_keys_are_made_unique() {
        let doc = segment("1. one\n\n1. again\n\n1. third\n");
        assert_eq!(keys(&doc), ["1", "1~2", "1~3"]);
    }

    #[test]
    fn list_items_without_blank_lines_are_separate_blocks() {
        let doc = segment("1. one\n2. two\n3. three\nwrapped\n");
        assert_eq!(keys(&doc), ["1", "2", "3"]);
        assert_eq!(doc.segments[2].text, "three wrapped");
    }

    #[test]
    fn spans_point_at_the_block() {
        let src = "# Title\n\nfirst line\nsecond line\n";
        let doc = segment(src);
        assert_eq!(doc.raw(&doc.segments[1]), "first line\nsecond line");
        assert_eq!(doc.segments[1].line, 3);
    }

    proptest::proptest! {
        /// Revisions of six blocks, each changing one block's number or words, and
        /// now and then its kind, so that most differ only in a heading, a label, an
        /// indent or a footnote (what keys are made of): read in turn through one
        /// cache (which shares the keys of a revision made from the same as the one
        /// before), each is keyed as when read alone.
        #[test]
        fn keys_follow_every_heading_and_label_read_through_one_cache(
            first in proptest::collection::vec((0u8..7, 1u8..4, "[a-c]{1,2}"), 6),
            edits in proptest::collection::vec((0usize..6, 1u8..4, "[a-c]{1,2}", proptest::option::weighted(0.2, 0u8..7)), 1..8),
        ) {
            let text_of = |blocks: &[(u8, u8, String)]| -> String {
                blocks
                    .iter()
                    .map(|(kind, n, word)| match kind {
                        0 => format!("# {word}\n\n"),
                        1 => format!("## {n}\n\n"),
                        2 => format!("{n}. {word}\n\n"),
                        3 => format!("{}- ({word}) {word}\n\n", " ".repeat(*n as usize)),
                        4 => format!("[^{n}]: {word}\n\n"),
                        5 => format!("| {word} | {n} |\n|---|---|\n\n"),
                        _ => format!("{word} {n}\n\n"),
                    })
                    .collect()
            };
            let mut cache = BlockCache::new();
            let mut blocks = first;
            let text = text_of(&blocks);
            proptest::prop_assert_eq!(reused(text.clone(), &mut cache), segment_string(text));
            for (at, n, word, kind) in edits {
                blocks[at] = (kind.unwrap_or(blocks[at].0), n, word);
                let text = text_of(&blocks);
                let again = reused(text.clone(), &mut cache);
                proptest::prop_assert_eq!(again, segment_string(text));
            }
        }

        /// Each segment's line, and each left-out page line's, is one more than the
        /// newlines before its block, whatever the blocks and the page furniture.
        #[test]
        fn a_line_is_one_more_than_the_newlines_before_it(
            blocks in proptest::collection::vec(
                proptest::prop_oneof!["[a-z ]{1,12}", "# [a-z]{1,6}", "[0-9]\\. [a-z]{1,8}", "[a-z]{1,5}\n[a-z]{1,5}", "```\n[a-z]{0,4}\n```"],
                1..30,
            ),
            gaps in proptest::collection::vec(1usize..4, 30),
            pages in proptest::bool::ANY,
        ) {
            let mut text = String::new();
            for (b, gap) in blocks.iter().zip(&gaps) {
                text.push_str(b);
                text.push_str(&"\n".repeat(*gap));
            }
            if pages {
                // A paginated plain text: a running head and a page number on each page.
                text = blocks
                    .chunks(3)
                    .enumerate()
                    .map(|(n, c)| format!("THE TITLE\n\n    {}\n\n{}\n\x0c", c.join(" "), n + 1))
                    .collect();
            }
            let doc = segment_with(&text, ReadOptions { keep_pages: false });
            let naive = |at: usize| 1 + text[..at].matches('\n').count();
            for seg in &doc.segments {
                proptest::prop_assert_eq!(seg.line, naive(seg.span.start));
            }
            for d in &doc.dropped {
                proptest::prop_assert_eq!(d.line, naive(d.span.start));
            }
        }
    }

    #[test]
    fn empty_and_blank_texts_have_no_segments() {
        assert!(segment("").segments.is_empty());
        assert!(segment(" \n\t\n\u{c}\n").segments.is_empty());
    }

    #[test]
    fn a_plain_texts_indented_paragraphs_are_paragraphs_and_markdowns_are_code() {
        // From the official plain text of CC BY 4.0 (legalcode.txt): notes indented
        // five spaces under a paragraph flush left, and no Markdown structure.
        let plain = "The following considerations are for informational purposes only.\n\n     Considerations for licensors: Our public licenses are\n     intended for use by those authorized to give the public\n     permission to use material.\n\n     Considerations for the public: By using one of our public\n     licenses, a licensor grants the public permission.\n";
        let doc = segment(plain);
        let got: Vec<(&str, Kind, &str)> = doc
            .segments
            .iter()
            .map(|s| {
                (
                    s.key.as_str(),
                    s.kind,
                    &s.text[..s.text.find(':').unwrap_or(0)],
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("¶1", Kind::Paragraph, ""),
                ("¶2", Kind::Paragraph, "Considerations for licensors"),
                ("¶3", Kind::Paragraph, "Considerations for the public"),
            ]
        );
        assert_eq!(
            doc.segments[2].text,
            "Considerations for the public: By using one of our public licenses, a licensor grants the public permission."
        );
        // Read from the chunks of a text before, the same.
        let mut cache = BlockCache::new();
        for text in [plain, &plain.replace("only", "alone")] {
            let reused = tests::reused(text.to_string(), &mut cache);
            assert_eq!(reused.segments, segment(text).segments);
        }
        // With a heading, the text is Markdown: the same lines are one code block.
        let doc = segment(&format!("# Licence\n\n{plain}"));
        let kinds: Vec<Kind> = doc.segments.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [Kind::Heading, Kind::Paragraph, Kind::Code]);
    }

    #[test]
    fn a_plain_texts_numbered_section_titles_key_the_points_under_them() {
        // From CC BY 4.0 (legalcode.txt) in English and in Japanese: sections as lines of
        // their own, lettered points indented under them, and no Markdown structure.
        let en = "Section 2 – Scope.\n\n    a. License grant.\n\n        1. Subject to the terms.\n\n    b. Other rights.\n\nSection 3 – License Conditions.\n\nYour exercise is subject to the following conditions.\n\n    a. Attribution.\n";
        let ja = "第2条 範囲\n\n    a. ライセンスの付与\n\n        1. 本パブリック・ライセンスの条項に従い\n\n    b. その他の権利\n\n第3条 ライセンス利用条件\n\nライセンス対象権利の行使は、以下の条件に明示的に従います。\n\n    a. クレジット表示\n";
        let keys_and_kinds = |text: &str| -> Vec<(String, Kind)> {
            segment(text)
                .segments
                .iter()
                .map(|s| (s.key.to_string(), s.kind))
                .collect()
        };
        let want: Vec<(String, Kind)> = [
            ("2", Kind::Heading),
            ("2/a", Kind::Paragraph),
            ("2/a/1", Kind::Paragraph),
            ("2/b", Kind::Paragraph),
            ("3", Kind::Heading),
            ("3¶1", Kind::Paragraph),
            ("3/a", Kind::Paragraph),
        ]
        .iter()
        .map(|(k, kind)| (k.to_string(), *kind))
        .collect();
        assert_eq!(keys_and_kinds(en), want);
        assert_eq!(keys_and_kinds(ja), want);
        assert_eq!(
            segment(en).segments[4].text,
            "Section 3 – License Conditions."
        );
        // One such line alone is no series of sections: a paragraph.
        let one =
            "Attribution 2.0 License\n\nSection 1 – Definitions.\n\n    a. Work means the work.\n";
        let kinds: Vec<Kind> = segment(one).segments.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [Kind::Paragraph; 3]);
        // In Markdown the same lines are paragraphs: its headings are `#`.
        let md = format!("# Licence\n\n{en}");
        let doc = segment(&md);
        assert_eq!(doc.segments[1].kind, Kind::Paragraph);
        assert_eq!(doc.segments[1].text, "Section 2 – Scope.");
    }

    #[test]
    fn every_markdown_block_kind_has_its_key() {
        let doc = segment(
            "Terms\n=====\n\nIntro.\n\n```\n# not a heading\n```\n\n> Quoted\n> words.\n\n1. First point.\n\n   More of it.\n\n2. Second.\n\n   | Term | Fee |\n   | --- | --- |\n   | One year | 100 |\n\n---\n\n<div>raw</div>\n\nText.[^n]\n\n[^n]: A note.\n\n    second note paragraph.\n",
        );
        let got: Vec<(&str, Kind)> = doc
            .segments
            .iter()
            .map(|s| (s.key.as_str(), s.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("terms", Kind::Heading),
                ("terms¶1", Kind::Paragraph),
                ("terms/code1", Kind::Code),
                ("terms¶2", Kind::Paragraph),
                ("1", Kind::Paragraph),
                ("1¶2", Kind::Paragraph),
                ("2", Kind::Paragraph),
                ("2/table1/term", Kind::TableRow),
                ("2/table1/one-year", Kind::TableRow),
                ("2/break1", Kind::Break),
                ("2/html1", Kind::Html),
                ("2¶2", Kind::Paragraph),
                ("^n", Kind::Footnote),
                ("^n¶2", Kind::Footnote),
            ]
        );
        let text = |k: &str| doc.get(k).map(|s| s.text.as_str());
        assert_eq!(text("terms/code1"), Some("# not a heading"));
        assert_eq!(text("terms¶2"), Some("Quoted words."));
        assert_eq!(text("2/table1/one-year"), Some("One year | 100"));
        assert_eq!(text("^n"), Some("A note."));
        assert_eq!(doc.raw(doc.get("^n").unwrap()), "[^n]: A note.");
        assert_eq!(doc.raw(doc.get("1").unwrap()), "1. First point.");
    }

    #[test]
    fn a_table_row_whose_first_cell_repeats_is_keyed_by_its_number() {
        let doc = segment("| a | b |\n|---|---|\n| x | 1 |\n| x | 2 |\n| | 3 |\n");
        assert_eq!(
            keys(&doc),
            ["table1/a", "table1/row2", "table1/row3", "table1/row4"]
        );
    }

    #[test]
    fn editing_code_renames_no_key() {
        let a = segment("# T\n\n```\n# one\n```\n\n1. Point.\n");
        let b = segment("# T\n\n```\n# one, edited\n## two\n```\n\n1. Point.\n");
        assert_eq!(keys(&a), keys(&b));
    }
}
