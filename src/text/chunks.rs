//! Reading the next revision of a text with the blocks of the last one: only the
//! parts that changed go through the Markdown parser again.
//!
//! History (`log`, `blame`, `status`) segments every revision of a version whole,
//! though consecutive revisions mostly differ in a few paragraphs; parsing was a third
//! of a cold walk. A Markdown text is cut into chunks, each starting at an ATX heading
//! (`#` to `######` at the start of a line) that follows a blank line, or at some list
//! items (`-`, `*` or `+`, or a number and `.` or `)`, then a space, at the start of a
//! line) that follow a blank line (which ones: see [`ListCuts`]); a chunk met in the text
//! read before is not parsed again: its blocks, and what was read of each (their labels
//! and compared text, see [`super::segment`]), are taken from then.
//!
//! Parsing chunk by chunk gives exactly the blocks of parsing the whole because such a
//! heading or list item, after a blank line, closes every container CommonMark
//! has (list items and quotes need indentation or `>`, tables and paragraphs end at the
//! blank line) except three, and those are refused. A list item may continue the list
//! before it, which the cut makes a list of its own; nothing read of a block depends on
//! its list (not its start number, nor whether it is loose: blocks take their text from
//! the source), so the blocks are the same. The three:
//! - a fenced code block or an HTML block left open at a chunk's end (its last block is
//!   code or HTML): the whole text is parsed instead;
//! - link reference and footnote definitions reach across the whole text (a `[x]` in one
//!   chunk is a link by a definition in another): a text with `]:` anywhere is parsed
//!   whole. Blocks take their text from the source, so no test has found a difference
//!   without this rule; it is kept as a precaution, at the cost of texts that use `]:`;
//! - tables are counted over the whole text (`table1`, `table2`): each chunk's are
//!   renumbered after those before it.
//!
//! The tests check the equality on every bundled text and on generated ones.

use std::rc::Rc;

use rustc_hash::FxHashMap;

use super::blocks::{Block, BlockKind, Newlines, blocks_and_tables, blocks_of};
use super::label::bullet_len;

/// The blocks of a chunk, spans counted from the chunk's start, and what was read of each.
#[derive(Debug)]
struct Chunk<P> {
    blocks: Vec<Block>,
    tables: usize,
    read: Vec<P>,
}

impl<P> Chunk<P> {
    /// Its last block is code or HTML, which may run on into the next chunk.
    fn open_at_end(&self) -> bool {
        self.blocks
            .last()
            .is_some_and(|b| matches!(b.kind, BlockKind::Code | BlockKind::Html))
    }
}

/// A chunk of the last text read: where it starts, and its blocks.
type Known<P> = (usize, Rc<Chunk<P>>);

/// The chunks of the last text read, with what `P` was read of each block (see the
/// module doc).
#[derive(Debug)]
pub(super) struct ChunkCache<P> {
    /// The last text read, in one buffer kept from text to text.
    text: String,
    /// Its chunks by hash and length of their text.
    chunks: FxHashMap<(u64, usize), Known<P>>,
    /// How many blocks it had.
    blocks: usize,
    /// See [`ListCuts`].
    list_cuts: ListCuts,
}

impl<P> Default for ChunkCache<P> {
    fn default() -> Self {
        ChunkCache {
            text: String::new(),
            chunks: FxHashMap::default(),
            blocks: 0,
            list_cuts: LIST_CUTS,
        }
    }
}

impl<P: Clone> ChunkCache<P> {
    /// The blocks of `source`, as [`blocks`] gives them but with their texts left
    /// empty, and `read` of each (which must not depend on where the block is, and
    /// holds what is needed of its text); the cache then holds its chunks.
    pub(super) fn blocks(
        &mut self,
        source: &str,
        plain: bool,
        read: impl Fn(&str, &Block) -> P,
    ) -> (Vec<Block>, Vec<P>) {
        // Each block read (given the text its span counts in), then its text dropped:
        // nothing copies it again.
        let read_all = |text: &str, blocks: &mut [Block]| -> Vec<P> {
            blocks
                .iter_mut()
                .map(|b| {
                    let r = read(text, b);
                    b.text = String::new();
                    r
                })
                .collect()
        };
        let whole = |cache: &mut Self| {
            cache.chunks.clear();
            let mut blocks = blocks_of(source, plain);
            let read = read_all(source, &mut blocks);
            (blocks, read)
        };
        // A plain text (no Markdown structure: see `blocks_of`) is parsed whole: its
        // chunks would be read as plain too, and it has no headings to cut at.
        let starts = chunk_starts(source, self.list_cuts);
        if plain || starts.len() < 2 || memchr::memmem::find(source.as_bytes(), b"]:").is_some() {
            return whole(self);
        }
        let mut chunks = FxHashMap::with_capacity_and_hasher(starts.len(), Default::default());
        // Sized as the last text's, which the next revision of a text nearly always
        // matches: grown as they went, the two lists were copied a dozen times each.
        let room = self.blocks + self.blocks / 16;
        let (mut out, mut out_read) = (Vec::with_capacity(room), Vec::with_capacity(room));
        let mut tables = 0;
        let mut newlines = Newlines::new(source);
        for (n, &start) in starts.iter().enumerate() {
            let line = newlines.before(start);
            let end = starts.get(n + 1).copied().unwrap_or(source.len());
            let text = &source[start..end];
            let key = (super::hash_text(text), text.len());
            let known = self
                .chunks
                .get(&key)
                .filter(|(at, _)| self.text.get(*at..*at + text.len()) == Some(text));
            let chunk = match known {
                Some((_, c)) => c.clone(),
                None => {
                    let (mut blocks, tables) = blocks_and_tables(text, false);
                    let read = read_all(text, &mut blocks);
                    Rc::new(Chunk {
                        blocks,
                        tables,
                        read,
                    })
                }
            };
            if end < source.len() && chunk.open_at_end() {
                return whole(self);
            }
            out.extend(
                chunk
                    .blocks
                    .iter()
                    .map(|b| shifted(b, (start, line), tables)),
            );
            out_read.extend(chunk.read.iter().cloned());
            tables += chunk.tables;
            chunks.insert(key, (start, chunk));
        }
        self.chunks = chunks;
        self.blocks = out.len();
        self.text.clear();
        self.text.push_str(source);
        (out, out_read)
    }
}

/// `block` of a chunk that starts at byte `start`, on line `line` (from 0), after
/// `tables` tables. A cached block's text is always empty (see
/// [`ChunkCache::blocks`]): it is not copied.
#[inline]
fn shifted(block: &Block, (start, line): (usize, usize), tables: usize) -> Block {
    debug_assert!(block.text.is_empty());
    let mut kind = block.kind.clone();
    if let BlockKind::TableRow { table, .. } = &mut kind {
        *table += tables;
    }
    Block {
        span: block.span.start + start..block.span.end + start,
        indent: block.indent,
        kind,
        text: String::new(),
        labels: block.labels,
        footnote: block.footnote.clone(),
        line: block.line + line,
    }
}

/// Where a long list is cut into chunks: at a list item after a blank line, in a
/// section (from a heading to the next) of at least `section` bytes whose paragraphs
/// have `item` bytes or more on average, where the paragraph before the item has at
/// least `item` bytes. A letter's numbered points of a few hundred bytes each are then
/// parsed one by one, while a Bible's chapters of short verses are neither cut nor
/// searched (a chunk costs a look-up and a copy of its blocks in every revision read,
/// and looking for the items of every chapter cost more than the parsing it saved).
/// Whether an item cuts depends only on its section and the paragraph before it, so an
/// edit moves few cuts (cuts spaced by a minimum distance moved on after every edit, and
/// the chunks after it were parsed again).
#[derive(Debug, Clone, Copy)]
struct ListCuts {
    section: usize,
    item: usize,
}

/// The cuts in use; tests cut at every list item after a blank line.
const LIST_CUTS: ListCuts = ListCuts {
    section: 4096,
    item: 256,
};

/// Where chunks start: 0, each ATX heading at the start of a line after a blank
/// line, and the list items `cuts` says.
fn chunk_starts(source: &str, cuts: ListCuts) -> Vec<usize> {
    let bytes = source.as_bytes();
    let mut headings = memchr::memmem::find_iter(bytes, b"\n\n#")
        .map(|at| at + 2)
        .filter(|&from| {
            let hashes = bytes[from..].iter().take_while(|&&b| b == b'#').count();
            hashes <= 6 && matches!(bytes.get(from + hashes), None | Some(b' ' | b'\t' | b'\n'))
        });
    let mut starts = vec![0];
    loop {
        let heading = headings.next();
        let end = heading.unwrap_or(bytes.len());
        let section = starts.last().copied().unwrap_or(0);
        let text = &bytes[section..end];
        // Long, and its paragraphs (a line and a blank line each) long on average: a
        // chapter of short verses is not searched for items it would not cut at.
        if text.len() >= cuts.section
            && 2 * text.len() >= memchr::memchr_iter(b'\n', text).count() * cuts.item
        {
            // Each blank line of the section, and the paragraph before it (a second
            // blank line in a row is passed over: a cut less, never a wrong one).
            let mut paragraph = section;
            for found in memchr::memmem::find_iter(text, b"\n\n") {
                let at = section + found + 2;
                if (at - 2).saturating_sub(paragraph) >= cuts.item && is_list_item(&source[at..]) {
                    starts.push(at);
                }
                paragraph = at;
            }
        }
        match heading {
            Some(at) => starts.push(at),
            None => return starts,
        }
    }
}

/// True when `line` starts with a list marker and a space: a bullet ([`bullet_len`]),
/// or one to nine digits and `.` or `)`.
fn is_list_item(line: &str) -> bool {
    let digits = line.bytes().take(10).take_while(u8::is_ascii_digit).count();
    bullet_len(line) > 0
        || (1..=9).contains(&digits)
            && matches!(
                line.as_bytes().get(digits..digits + 2),
                Some([b'.' | b')', b' '])
            )
}

#[cfg(test)]
mod tests {
    use super::super::blocks::blocks;
    use super::*;
    use proptest::prelude::*;

    /// Reading `texts` in turn through one cache gives each one's blocks, parsed whole,
    /// with list items cut as they are in use and at every one.
    fn same_as_whole(texts: &[&str]) {
        for list_cuts in [LIST_CUTS, EVERY_ITEM] {
            same_as_whole_cut(texts, list_cuts);
        }
    }

    /// Cuts at every list item after a blank line.
    const EVERY_ITEM: ListCuts = ListCuts {
        section: 0,
        item: 0,
    };

    fn same_as_whole_cut(texts: &[&str], list_cuts: ListCuts) {
        let mut cache = ChunkCache {
            list_cuts,
            ..ChunkCache::default()
        };
        for text in texts {
            let (got, read) = cache.blocks(text, false, |_, b| b.text.clone());
            let mut whole = blocks(text);
            let texts: Vec<String> = whole
                .iter_mut()
                .map(|b| std::mem::take(&mut b.text))
                .collect();
            assert_eq!(got, whole, "{text:?}");
            assert_eq!(read, texts, "{text:?}");
        }
    }

    #[test]
    fn chunks_start_at_headings_after_a_blank_line() {
        let text = "intro\n\n# One\n\ntext\n#not\n\n####### seven\n\n## Two\n\n##\n";
        let starts = chunk_starts(text, LIST_CUTS);
        assert_eq!(starts.len(), 4);
        assert!(text[starts[1]..].starts_with("# One"));
        assert!(text[starts[2]..].starts_with("## Two"));
        assert!(text[starts[3]..].starts_with("##\n"));
    }

    #[test]
    fn every_bundled_text_reads_as_parsed_whole() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        let mut dirs = vec![root.join("translations"), root.join("tests")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "md" || e == "txt")
                    && let Ok(text) = std::fs::read_to_string(&path)
                {
                    texts.push(crate::text::normalize(&text));
                }
            }
        }
        assert!(texts.len() > 50, "{} texts", texts.len());
        // Each text and then the same with one line changed, so that most chunks are met again.
        let mut cache = crate::text::BlockCache::new();
        for text in &texts {
            let mut lines: Vec<&str> = text.lines().collect();
            let middle = lines.len() / 2;
            if let Some(line) = lines.get_mut(middle) {
                *line = "A line changed in the middle.";
            }
            for t in [text.clone(), lines.join("\n")] {
                let reused = crate::text::segment::tests::reused(t.clone(), &mut cache);
                assert_eq!(reused, crate::text::segment_string(t.clone()), "{t:?}");
            }
        }
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        same_as_whole(&texts);
    }

    #[test]
    fn code_or_html_left_open_at_a_heading_is_parsed_whole() {
        same_as_whole(&[
            "# A\n\n```\ncode\n\n# Not a heading\n\n```\n\n# B\n\ntext\n",
            "# A\n\n<!--\n\n# Not a heading\n\n-->\n\n# B\n",
            "# A\n\n<script>\n\n# Not\n\n</script>\n\n# B\n",
            "# A\n\n    code\n\n# B\n\n```\nclosed\n```\n\n# C\n",
        ]);
    }

    #[test]
    fn tables_and_definitions_across_chunks() {
        same_as_whole(&[
            "# A\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n# B\n\n| c | d |\n|---|---|\n| 3 | 4 |\n",
            "# A\n\nSee [x] and [^1].\n\n# B\n\n[x]: https://example.org\n\n[^1]: A note.\n",
            "# A\n\n> quote\n\n# B\n\n- item\n\n  more\n\n# C\n\n1. one\n2. two\n",
        ]);
    }

    #[test]
    fn list_items_start_chunks_after_long_paragraphs_in_long_sections_of_them() {
        let text = "- a\n\n- b\n-c\n\n* d\n\n+ e\n\n12. f\n\n3) g\n\n1234567890. h\n\n  - i\n\n-\tj\n\nk\n";
        let items: Vec<&str> = chunk_starts(text, EVERY_ITEM)
            .iter()
            .map(|&at| &text[at..at + 2])
            .collect();
        assert_eq!(items, ["- ", "- ", "* ", "+ ", "12", "3)"]);
        // Items after long paragraphs are cut where paragraphs are long on average...
        let verse = |n: usize, words: usize| format!("{n}. {}\n\n", "word ".repeat(words));
        let points: String = (1..=20)
            .map(|n| verse(n, if n <= 5 { 20 } else { 70 }))
            .collect();
        let starts = chunk_starts(&points, LIST_CUTS);
        let cut: Vec<&str> = starts[1..]
            .iter()
            .map(|&at| points[at..].split('.').next().unwrap_or(""))
            .collect();
        let expected: Vec<String> = (7..=20).map(|n| n.to_string()).collect();
        assert_eq!(cut, expected);
        // ...not among short verses, even after a long one, nor in a short section.
        let verses: String = (1..=60)
            .map(|n| verse(n, if n == 30 { 70 } else { 20 }))
            .collect();
        assert_eq!(chunk_starts(&verses, LIST_CUTS), [0]);
        assert!(chunk_starts(&verses, EVERY_ITEM).len() > 50);
        let short = format!(
            "# A\n\n{}# B\n",
            (1..=5).map(|n| verse(n, 60)).collect::<String>()
        );
        assert_eq!(chunk_starts(&short, LIST_CUTS).len(), 2);
        assert_eq!(chunk_starts(&short, EVERY_ITEM).len(), 7);
    }

    #[test]
    fn list_items_after_a_blank_line_read_as_parsed_whole() {
        same_as_whole(&[
            "# A\n\n- one\n\n- two\n\n  more of two\n\n- three\n",
            "- one\n- two\n\n- three\n  - nested\n\n    deeper\n\n- four\n",
            "intro\n\n- [ ] task\n\n- [x] done\n\n- \n\n- > quoted\n  > on\n\n- # heading\n",
            "- item\n\n      code in it\n\n- after code\n\n- ```\n  fenced\n\n  ```\n\n- last\n",
            "- a\n\n- <div>\n\n- <!--\n\n- -->\n\n- b\n",
            "1. first\n\n- other list\n\n2) second\n\n- | a | b |\n  |---|---|\n\n- end\n",
            "- a\nlazy line\n\n- b\n---\n\n- c\n\n---\n\n- d\n===\n",
            "1. one\n\n1. one again\n\n7. seven\n\n* star\n\n+ plus\n\n- - -\n\n* * *\n",
        ]);
    }

    /// Lines of the kinds that open and close containers, so that chunks cut them.
    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just(String::new()),
            "#{1,7}( [A-C]{0,3})?",
            "[a-c ]{1,8}",
            "(- |\\* |\\+ |1\\. |2\\) |10\\. |> |  |    )[a-c]{0,4}",
            Just("```".to_string()),
            Just("~~~".to_string()),
            Just("<div>".to_string()),
            Just("<!--".to_string()),
            Just("-->".to_string()),
            Just("| a | b |".to_string()),
            Just("|---|---|".to_string()),
            Just("===".to_string()),
            Just("---".to_string()),
            Just("[^1]: note".to_string()),
            Just("[x]: /url".to_string()),
        ]
    }

    proptest! {
        #[test]
        fn generated_texts_read_as_parsed_whole(
            a in proptest::collection::vec(line(), 0..40),
            edits in proptest::collection::vec((0usize..40, line()), 0..4),
        ) {
            let first = a.join("\n");
            let mut b = a.clone();
            for (at, l) in edits {
                if b.is_empty() { b.push(l) } else { let n = at % b.len(); b[n] = l; }
            }
            let second = b.join("\n");
            same_as_whole(&[&first, &second]);
            // And segmented through one cache, back and forth, as a history walk reads
            // revisions: the same segments and keys as each text segmented alone.
            let mut cache = crate::text::BlockCache::new();
            for t in [&first, &second, &second, &first] {
                let t = crate::text::normalize(t);
                let reused = crate::text::segment::tests::reused(t.clone(), &mut cache);
                prop_assert_eq!(reused, crate::text::segment_string(t));
            }
        }
    }
}
