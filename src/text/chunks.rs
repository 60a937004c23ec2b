//! Reading the next revision of a text with the blocks of the last one: only the
//! parts that changed go through the Markdown parser again.
//!
//! History (`log`, `blame`, `status`) segments every revision of a version whole,
//! though consecutive revisions mostly differ in a few paragraphs; parsing was a third
//! of a cold walk. A Markdown text is cut into chunks, each starting at an ATX heading
//! (`#` to `######` at the start of a line) that follows a blank line; a chunk met
//! in the text read before is not parsed again: its blocks, and what was read of each
//! (their labels and compared text, see [`super::segment`]), are taken from then.
//!
//! Parsing chunk by chunk gives exactly the blocks of parsing the whole because such a
//! heading, at the start of a line after a blank line, closes every container CommonMark
//! has (list items and quotes need indentation or `>`, tables and paragraphs end at the
//! blank line) except three, and those are refused:
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

use super::blocks::{Block, BlockKind, Newlines, blocks, blocks_and_tables};

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
}

impl<P> Default for ChunkCache<P> {
    fn default() -> Self {
        ChunkCache {
            text: String::new(),
            chunks: FxHashMap::default(),
            blocks: 0,
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
            let mut blocks = blocks(source);
            let read = read_all(source, &mut blocks);
            (blocks, read)
        };
        let starts = chunk_starts(source);
        if starts.len() < 2 || memchr::memmem::find(source.as_bytes(), b"]:").is_some() {
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
                    let (mut blocks, tables) = blocks_and_tables(text);
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

/// Where chunks start: 0, and each ATX heading at the start of a line after a blank line.
fn chunk_starts(source: &str) -> Vec<usize> {
    let bytes = source.as_bytes();
    let mut starts = vec![0];
    for at in memchr::memmem::find_iter(bytes, b"\n\n#") {
        let from = at + 2;
        let hashes = bytes[from..].iter().take_while(|&&b| b == b'#').count();
        let after = bytes.get(from + hashes);
        if hashes <= 6 && matches!(after, None | Some(b' ' | b'\t' | b'\n')) {
            starts.push(from);
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Reading `texts` in turn through one cache gives each one's blocks, parsed whole.
    fn same_as_whole(texts: &[&str]) {
        let mut cache = ChunkCache::default();
        for text in texts {
            let (got, read) = cache.blocks(text, |_, b| b.text.clone());
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
        let starts = chunk_starts(text);
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

    /// Lines of the kinds that open and close containers, so that chunks cut them.
    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just(String::new()),
            "#{1,7}( [A-C]{0,3})?",
            "[a-c ]{1,8}",
            "(- |\\* |1\\. |2\\) |> |    )[a-c]{0,4}",
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
