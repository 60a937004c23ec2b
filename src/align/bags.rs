//! Word bags: words as the aligner sees them (lower-cased letter runs, CJK characters one by
//! one), each segment's bag of word numbers, and how much two bags share.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use rayon::prelude::*;
use rustc_hash::FxHasher;

use super::anchors::key_weights;
use crate::text::{Document, IgnoreOptions, Kind, is_cjk, padded};

/// Calls `f` with each word of `text`: runs of letters and digits, each CJK
/// character on its own. Words are not lower-cased here.
pub(crate) fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    if text.is_ascii() {
        for_each_ascii_word(text, f);
        return;
    }
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_cjk(c) {
            if let Some(s) = start.take() {
                f(&text[s..i]);
            }
            f(&text[i..i + c.len_utf8()]);
        } else if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            f(&text[s..i]);
        }
    }
    if let Some(s) = start {
        f(&text[s..]);
    }
}

/// [`for_each_word`] for ASCII text, 64 bytes at a time: each block becomes a
/// mask of its letters and digits (a loop that runs on vector registers), and
/// the words are the runs of set bits, found by counting zeros, not by
/// looking at each byte in turn.
fn for_each_ascii_word(text: &str, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    // Where a word still open at the end of the block before began.
    let mut open: Option<usize> = None;
    let mut blocks = bytes.chunks_exact(64);
    let mut base = 0;
    for block in &mut blocks {
        let block: &[u8; 64] = block.try_into().expect("a block of 64");
        words_in_block(text, base, alnum_mask(block), 64, &mut open, &mut f);
        base += 64;
    }
    let rest = blocks.remainder();
    if !rest.is_empty() {
        // Padded with zero bytes, which are not letters.
        words_in_block(
            text,
            base,
            alnum_mask(&padded(rest)),
            rest.len(),
            &mut open,
            &mut f,
        );
    }
    if let Some(start) = open {
        f(&text[start..]);
    }
}

/// Bit `i` set where byte `i` of `block` (ASCII) is a letter or a digit.
/// Eight bytes are tested at once as one number: adding a constant to each
/// byte sets its high bit exactly when the byte is at least some value (no
/// byte of ASCII carries into the next), and a multiplication gathers the
/// eight high bits into one byte.
fn alnum_mask(block: &[u8; 64]) -> u64 {
    const EACH: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Bytes at least `c`, and at most `c`, in their high bits (for bytes under 0x80).
    let at_least = |x: u64, c: u8| x.wrapping_add(EACH * u64::from(0x80 - c)) & HIGH;
    let at_most = |x: u64, c: u8| !x.wrapping_add(EACH * u64::from(0x7f - c)) & HIGH;
    let mut mask = 0u64;
    for (k, group) in block.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(group.try_into().expect("eight bytes"));
        let lower = x | (EACH * 0x20);
        let letter = at_least(lower, b'a') & at_most(lower, b'z');
        let digit = at_least(x, b'0') & at_most(x, b'9');
        // Bit 7 of byte i to bit 56 + i, then down to bit i.
        let bits = (((letter | digit) >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
        mask |= bits << (8 * k);
    }
    mask
}

/// Calls `f` with each word that ends in the block at `base` (of `len` bytes,
/// its letters and digits in `mask`), and keeps in `open` where a word that
/// runs past its end began.
fn words_in_block(
    text: &str,
    base: usize,
    mask: u64,
    len: usize,
    open: &mut Option<usize>,
    f: &mut impl FnMut(&str),
) {
    let mut at = 0;
    while at < len {
        let start = match *open {
            Some(start) => start,
            None => {
                let ahead = mask >> at;
                if ahead == 0 {
                    return;
                }
                at += ahead.trailing_zeros() as usize;
                base + at
            }
        };
        // Bits past `len` are clear in `mask`, so a word ends by then, unless
        // the block is full and the word runs into the next.
        let rest = !mask >> at;
        if rest == 0 {
            *open = Some(start);
            return;
        }
        at += rest.trailing_zeros() as usize;
        *open = None;
        f(&text[start..base + at]);
    }
}

/// A word's number: a hash of its lower-cased form (collisions among the
/// words of two documents are negligible and would only nudge a similarity).
pub(crate) fn word_id(word: &str) -> u64 {
    let bytes = word.as_bytes();
    if bytes.iter().all(u8::is_ascii_alphanumeric) {
        return alnum_id(bytes);
    }
    let mut h = FxHasher::default();
    h.write(word.to_lowercase().as_bytes());
    h.finish()
}

/// [`word_id`] of ASCII letters and digits. Setting bit 5 is exactly
/// lower-casing them, so the word is folded eight bytes at a time while it
/// is hashed (the last, partial group padded with zero bytes).
fn alnum_id(bytes: &[u8]) -> u64 {
    const FOLD: u64 = 0x2020_2020_2020_2020;
    let mut h = FxHasher::default();
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h.write_u64(u64::from_le_bytes(word) | FOLD);
    }
    let rest = chunks.remainder();
    let mut last = [0u8; 8];
    last[..rest.len()].copy_from_slice(rest);
    // Fold only the bytes there are; the padding stays zero.
    let fold = FOLD.checked_shr(64 - 8 * rest.len() as u32).unwrap_or(0);
    h.write_u64(u64::from_le_bytes(last) | fold);
    h.write_usize(bytes.len());
    h.finish()
}

/// The sorted word numbers of `text` (a multiset), 32 bits each: collisions
/// among the words of two documents are rare and would only nudge a similarity.
pub(crate) fn bag(text: &str) -> Vec<u32> {
    let mut bag = Vec::with_capacity(text.len() / 5);
    if text.is_ascii() {
        // Every word is letters and digits: no need to look again.
        for_each_word(text, |w| bag.push(alnum_id(w.as_bytes()) as u32));
    } else {
        for_each_word(text, |w| bag.push(word_id(w) as u32));
    }
    bag.sort_unstable();
    bag
}

/// Share of vocabulary two versions must have in common to be taken for one language.
pub const SAME_LANGUAGE_OVERLAP: f64 = 0.3;

/// Guesses whether two versions are in the same language: true when at least
/// [`SAME_LANGUAGE_OVERLAP`] of the smaller vocabulary (first 20,000 words of
/// each, numbers left out) also occurs in the other version.
pub fn looks_same_language(a: &Document, b: &Document) -> bool {
    let vocabulary = |doc: &Document| {
        let mut set: HashSet<u64, BuildHasherDefault<FxHasher>> = HashSet::default();
        let mut count = 0;
        for seg in &doc.segments {
            if count > 20_000 {
                break;
            }
            for_each_word(&seg.text, |w| {
                count += 1;
                if !w.bytes().all(|b| b.is_ascii_digit()) {
                    set.insert(word_id(w));
                }
            });
        }
        set
    };
    let (va, vb) = (vocabulary(a), vocabulary(b));
    let smaller = va.len().min(vb.len());
    if smaller == 0 {
        return true;
    }
    let shared = va.intersection(&vb).count();
    shared as f64 / smaller as f64 >= SAME_LANGUAGE_OVERLAP
}

/// What the aligner knows of one side. Word bags are computed when first
/// needed: two close revisions mostly pair by hash or by a quick look at
/// their common start and end, and never need them.
pub(crate) struct Side<'d> {
    pub texts: Vec<std::borrow::Cow<'d, str>>,
    pub hash: Vec<u64>,
    pub kind: Vec<Kind>,
    bags: Vec<OnceLock<Vec<u32>>>,
}

impl Side<'_> {
    /// The sorted word numbers of segment `i`.
    pub fn words(&self, i: usize) -> &[u32] {
        self.bags[i].get_or_init(|| bag(&self.texts[i]))
    }

    pub fn mass(&self, i: usize) -> usize {
        self.words(i).len().max(1)
    }
}

/// Comparable texts and their hashes, computed in parallel.
fn prepare_side<'d>(doc: &'d Document, ignore: &IgnoreOptions) -> Side<'d> {
    let per: Vec<(std::borrow::Cow<'d, str>, u64)> = doc
        .segments
        .par_iter()
        .with_min_len(512)
        .map(|seg| {
            let text = ignore.comparable(&seg.text);
            let h = crate::text::hash_text(&text);
            (text, h)
        })
        .collect();
    let (texts, hash): (Vec<_>, Vec<_>) = per.into_iter().unzip();
    side_of(doc, texts, hash)
}

/// A side of texts whose hashes are known.
fn side_of<'d>(
    doc: &'d Document,
    texts: Vec<std::borrow::Cow<'d, str>>,
    hash: Vec<u64>,
) -> Side<'d> {
    Side {
        bags: (0..texts.len()).map(|_| OnceLock::new()).collect(),
        texts,
        hash,
        kind: doc.segments.iter().map(|s| s.kind).collect(),
    }
}

/// What is kept of a side for the text's next comparison: the hashes of its
/// segments' texts and their key weights. A history walk compares each
/// revision twice (with the one before and the one after); the second
/// comparison takes them instead of working them out again. Taken only where
/// no difference is ignored, then or now (the hashes are of the segments' own texts).
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub hash: Vec<u64>,
    pub weight: Vec<Option<u32>>,
    /// Made where no difference was ignored.
    pub exact: bool,
}

impl Prepared {
    /// What a side keeps, for `doc`, from the hashes ([`crate::text::hash_text`]) of its
    /// segments' texts worked out as it was read (see [`crate::text::segment_reusing`]).
    pub fn from_hashes(doc: &Document, hash: Vec<u64>) -> Prepared {
        Prepared {
            hash,
            weight: key_weights(doc),
            exact: true,
        }
    }

    /// The part for segments `range` (the same segments cut out as a document of their own).
    pub fn part(&self, range: std::ops::Range<usize>) -> Prepared {
        Prepared {
            hash: self.hash[range.clone()].to_vec(),
            weight: self.weight[range].to_vec(),
            exact: self.exact,
        }
    }

    /// True when this was made for `doc` as it stands (its number of segments).
    pub fn fits(&self, doc: &Document) -> bool {
        self.hash.len() == doc.segments.len() && self.weight.len() == doc.segments.len()
    }
}

/// One side from what was kept of it, where it fits and no difference is ignored.
fn known_side<'d>(
    doc: &'d Document,
    ignore: &IgnoreOptions,
    known: Option<Prepared>,
) -> Option<(Side<'d>, Vec<Option<u32>>)> {
    let known = known.filter(|k| k.exact && ignore.is_exact() && k.fits(doc))?;
    let texts = doc
        .segments
        .iter()
        .map(|s| std::borrow::Cow::Borrowed(s.text.as_str()))
        .collect();
    Some((side_of(doc, texts, known.hash), known.weight))
}

/// Both sides and their key weights, from what was kept of them where given.
pub(crate) fn prepare_same<'d>(
    a: &'d Document,
    b: &'d Document,
    ignore: &IgnoreOptions,
    [known_a, known_b]: [Option<Prepared>; 2],
) -> [(Side<'d>, Vec<Option<u32>>); 2] {
    let fresh = |doc: &'d Document| (prepare_side(doc, ignore), key_weights(doc));
    match (
        known_side(a, ignore, known_a),
        known_side(b, ignore, known_b),
    ) {
        (Some(x), Some(y)) => [x, y],
        (Some(x), None) => [x, fresh(b)],
        (None, Some(y)) => [fresh(a), y],
        // A join from outside the thread pool hands both halves to it and waits: for short
        // texts (a telegram's 2,000 revisions, compared one after another) the hand-over
        // cost more than the work, most of it in the system.
        (None, None) if a.segments.len() + b.segments.len() < 1024 => [fresh(a), fresh(b)],
        (None, None) => {
            let (x, y) = rayon::join(|| prepare_side(a, ignore), || prepare_side(b, ignore));
            // Key weights on this thread: a few instructions a segment (see `key_weights`).
            [(x, key_weights(a)), (y, key_weights(b))]
        }
    }
}

/// Size of the multiset intersection of two sorted word lists.
pub(crate) fn common(a: &[u32], b: &[u32]) -> usize {
    let mut n = 0;
    for_each_common(a, b, |_| n += 1);
    n
}

/// Calls `f` with each word of the multiset intersection of two sorted word lists.
#[inline]
pub(crate) fn for_each_common(a: &[u32], b: &[u32], mut f: impl FnMut(u32)) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                f(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
}

/// Dice similarity of two word bags, in [0, 1].
pub(crate) fn dice(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * common(a, b) as f64 / (a.len() + b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_word(s, |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn the_mask_marks_letters_and_digits_among_all_of_ascii() {
        for b in 0..0x80u8 {
            for at in [0, 7, 8, 31, 63] {
                let mut block = [b'!'; 64];
                block[at] = b;
                let expected = if b.is_ascii_alphanumeric() {
                    1u64 << at
                } else {
                    0
                };
                assert_eq!(alnum_mask(&block), expected, "{b:#04x} at {at}");
            }
        }
        assert_eq!(alnum_mask(&[b'z'; 64]), u64::MAX);
    }

    #[test]
    fn words_across_blocks_of_64_bytes() {
        for len in [1, 62, 63, 64, 65, 127, 128, 129, 200] {
            // One word of `len` letters, then the same with a space at each place.
            let word = "a".repeat(len);
            assert_eq!(words(&word), [word.as_str()], "{len}");
            for at in 0..len {
                let mut text = word.clone().into_bytes();
                text[at] = b' ';
                let text = String::from_utf8(text).unwrap();
                let runs: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
                assert_eq!(words(&text), runs, "{len} {at}");
            }
        }
        assert!(words("").is_empty());
        assert!(words(&" ".repeat(130)).is_empty());
    }

    #[test]
    fn words_and_cjk_characters() {
        assert_eq!(
            words("In the beginning, God."),
            ["In", "the", "beginning", "God"]
        );
        assert_eq!(words("人人生而自由"), ["人", "人", "生", "而", "自", "由"]);
        assert_eq!(words("abc漢字def"), ["abc", "漢", "字", "def"]);
    }

    proptest::proptest! {
        /// In ASCII text the words are the runs of letters and digits.
        #[test]
        fn ascii_words_are_runs_of_letters_and_digits(text in "[a-zA-Z0-9 ,.;'\t\n_-]{0,300}") {
            let runs: Vec<&str> = text
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            proptest::prop_assert_eq!(words(&text), runs);
        }

        /// A word of ASCII letters and digits is numbered as its lower-cased
        /// bytes in groups of eight, the last padded with zero bytes, then its length.
        #[test]
        fn an_ascii_word_is_numbered_by_its_folded_groups(word in "[a-zA-Z0-9]{0,30}") {
            let folded = word.to_ascii_lowercase().into_bytes();
            let mut h = FxHasher::default();
            let mut groups = folded.chunks(8).peekable();
            while let Some(g) = groups.next() {
                let mut w = [0u8; 8];
                w[..g.len()].copy_from_slice(g);
                h.write_u64(u64::from_le_bytes(w));
                if groups.peek().is_none() && g.len() == 8 {
                    h.write_u64(0);
                }
            }
            if folded.is_empty() {
                h.write_u64(0);
            }
            h.write_usize(folded.len());
            proptest::prop_assert_eq!(word_id(&word), h.finish());
            proptest::prop_assert_eq!(alnum_id(word.as_bytes()), h.finish());
        }
    }

    #[test]
    fn bags_ignore_case() {
        let b = bag("The the THE Ünter ünter");
        assert_eq!(b.len(), 5);
        assert_eq!(b.iter().filter(|&&x| x == word_id("the") as u32).count(), 3);
        assert_eq!(
            b.iter().filter(|&&x| x == word_id("ÜNTER") as u32).count(),
            2
        );
    }
}
