//! The keys of a document's segments, written one after another in one buffer.
//!
//! A whole Bible has some 31,000 keys (`genesis/1/1`, ...), made again for every
//! revision a history walk reads: one string each was the largest share of its
//! allocations. Here they are built into one buffer, which the segments then share
//! (each [`Segment::key`](super::Segment::key) is a stretch of it, see
//! [`SharedText`]).

use std::fmt::Write;
use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use super::SharedText;

/// Whether `key` is `section`'s own key or a key made under it: a point below it
/// (`genesis/1/5` under `genesis/1`, `3/a/1` under `3`) or one of its paragraphs
/// (`citation¶2` under `citation`). A repeated key's `~2` is another segment, not one
/// under the first (`2~2` is not under `2`), and `genesis/10` is not under `genesis/1`.
pub fn is_under(key: &str, section: &str) -> bool {
    match key.strip_prefix(section) {
        Some(rest) => rest.is_empty() || rest.starts_with('/') || rest.starts_with('¶'),
        None => false,
    }
}

/// The keys of a document's blocks, in block order.
#[derive(Default)]
pub(super) struct Keys {
    buf: String,
    /// Where each block's key is in `buf`.
    at: Vec<Range<usize>>,
}

/// What a key is made under: an earlier block's key, or a path of headings.
#[derive(Clone, Copy)]
pub(super) enum Base<'a> {
    Key(usize),
    Path(&'a str),
}

impl Keys {
    /// Room for `blocks` keys of about `bytes` bytes in all.
    pub fn with_capacity(blocks: usize, bytes: usize) -> Keys {
        Keys {
            buf: String::with_capacity(bytes),
            at: Vec::with_capacity(blocks),
        }
    }

    /// How many keys there are.
    pub fn len(&self) -> usize {
        self.at.len()
    }

    /// The key of block `i`.
    pub fn get(&self, i: usize) -> &str {
        &self.buf[self.at[i].clone()]
    }

    /// The text of `base`.
    pub fn base<'a>(&'a self, base: Base<'a>) -> &'a str {
        match base {
            Base::Key(i) => self.get(i),
            Base::Path(p) => p,
        }
    }

    /// Writes `base` at the end of the buffer.
    fn push_base(&mut self, base: Base<'_>) {
        match base {
            Base::Key(i) => self.buf.extend_from_within(self.at[i].clone()),
            Base::Path(p) => self.buf.push_str(p),
        }
    }

    /// The next key: `base/name`, or `name` alone under an empty base.
    pub fn child(&mut self, base: Base<'_>, name: &str) {
        let start = self.buf.len();
        self.push_base(base);
        push_name(&mut self.buf, start, name);
        self.at.push(start..self.buf.len());
    }

    /// `base/name` as [`Keys::child`] makes it, as a string of its own: a key prefix
    /// no block has as its key (a table's).
    pub fn child_of(&self, base: Base<'_>, name: &str) -> String {
        let base = self.base(base);
        let mut key = String::with_capacity(base.len() + 1 + name.len());
        key.push_str(base);
        push_name(&mut key, 0, name);
        key
    }

    /// The next key: `base¶n`, the n-th paragraph under `base`.
    pub fn paragraph(&mut self, base: Base<'_>, n: usize) {
        let start = self.buf.len();
        self.push_base(base);
        let _ = write!(self.buf, "¶{n}");
        self.at.push(start..self.buf.len());
    }

    /// The next key: `parts` joined by `/`.
    pub fn joined(&mut self, parts: &[&str]) {
        let start = self.buf.len();
        for (k, part) in parts.iter().enumerate() {
            if k > 0 {
                self.buf.push('/');
            }
            self.buf.push_str(part);
        }
        self.at.push(start..self.buf.len());
    }

    /// The next key, written by `write`.
    pub fn written(&mut self, write: impl FnOnce(&mut String)) {
        let start = self.buf.len();
        write(&mut self.buf);
        self.at.push(start..self.buf.len());
    }

    /// Gives repeated keys `~2`, `~3`, ...; in the usual case of no repeats, as they are.
    pub fn unique(self) -> Keys {
        // Keys with distinct hashes are distinct: only where two hashes meet (a
        // repeated key, or very rarely two keys alike in hash) are the keys
        // themselves compared, by the rule below, which numbers only true repeats.
        let mut hashes: rustc_hash::FxHashSet<u64> =
            rustc_hash::FxHashSet::with_capacity_and_hasher(self.len(), Default::default());
        let repeated = (0..self.len()).any(|i| !hashes.insert(super::hash_text(self.get(i))));
        if !repeated {
            return self;
        }
        let mut seen: HashMap<String, usize> =
            HashMap::with_capacity_and_hasher(self.len(), Default::default());
        let mut out = Keys::with_capacity(self.len(), self.buf.len());
        for i in 0..self.len() {
            let key = unique_key(&mut seen, self.get(i).to_string());
            out.written(|buf| buf.push_str(&key));
        }
        out
    }

    /// The keys, each a stretch of one shared buffer.
    pub fn shared(self) -> Vec<SharedText> {
        let buf = Arc::new(self.buf);
        self.at
            .into_iter()
            .map(|r| SharedText::shared(&buf, r))
            .collect()
    }
}

/// Ends the key begun at `start` in `buf` with `name`, after a `/` if it has a base.
fn push_name(buf: &mut String, start: usize, name: &str) {
    if buf.len() > start {
        buf.push('/');
    }
    buf.push_str(name);
}

fn unique_key(seen: &mut HashMap<String, usize>, key: String) -> String {
    let count = seen.entry(key.clone()).or_insert(0);
    *count += 1;
    if *count == 1 {
        return key;
    }
    let mut n = *count;
    loop {
        let candidate = format!("{key}~{n}");
        if !seen.contains_key(&candidate) {
            seen.insert(candidate.clone(), 1);
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(keys: &Keys) -> Vec<&str> {
        (0..keys.len()).map(|i| keys.get(i)).collect()
    }

    #[test]
    fn keys_are_made_under_their_base() {
        let mut keys = Keys::default();
        keys.joined(&["genesis", "1"]);
        keys.child(Base::Key(0), "1");
        keys.child(Base::Path(""), "preamble");
        keys.paragraph(Base::Key(1), 2);
        keys.paragraph(Base::Path(""), 1);
        keys.written(|k| k.push_str("^note¶2"));
        assert_eq!(
            all(&keys),
            [
                "genesis/1",
                "genesis/1/1",
                "preamble",
                "genesis/1/1¶2",
                "¶1",
                "^note¶2"
            ]
        );
    }

    #[test]
    fn a_key_is_under_its_section_and_no_other() {
        for (key, section) in [
            ("genesis/1", "genesis/1"),
            ("genesis/1/5", "genesis/1"),
            ("genesis/1/5", "genesis"),
            ("citation¶2", "citation"),
            ("3/a/1/A", "3/a"),
            ("genesis/1/1¶2", "genesis/1/1"),
        ] {
            assert!(is_under(key, section), "{key} under {section}");
        }
        for (key, section) in [
            ("genesis/10", "genesis/1"),
            ("genesis/10/1", "genesis/1"),
            ("2~2", "2"),
            ("genesis", "genesis/1"),
            ("¶1", "1"),
            ("11/2", "1"),
        ] {
            assert!(!is_under(key, section), "{key} not under {section}");
        }
    }

    #[test]
    fn repeated_keys_are_numbered_and_others_kept() {
        let mut keys = Keys::default();
        for k in ["a", "b", "a", "a~2", "b"] {
            keys.written(|buf| buf.push_str(k));
        }
        assert_eq!(all(&keys.unique()), ["a", "b", "a~2", "a~2~2", "b~2"]);
    }

    #[test]
    fn the_keys_share_one_buffer() {
        let mut keys = Keys::default();
        keys.joined(&["ruth", "1"]);
        keys.child(Base::Key(0), "1");
        keys.child(Base::Key(0), "2");
        assert_eq!(keys.child_of(Base::Key(0), "table1"), "ruth/1/table1");
        assert_eq!(keys.child_of(Base::Path(""), "table1"), "table1");
        let shared = keys.shared();
        assert_eq!(shared, ["ruth/1", "ruth/1/1", "ruth/1/2"]);
        for pair in shared.windows(2) {
            let end = pair[0].as_ptr() as usize + pair[0].len();
            assert_eq!(pair[1].as_ptr() as usize, end, "{pair:?}");
        }
    }
}
