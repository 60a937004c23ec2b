//! A segment's compared text, sharing its document's source where it can.
//!
//! Most paragraphs are compared exactly as written: one line, single spaces, at most
//! a label or marker taken off the start (every verse of a Bible). Their text is then
//! a stretch of the document's source, and a [`SharedText`] holds only where it is,
//! with a counted reference to the source: reading a whole Bible makes no copy of
//! its verses, and the segments of a revision read again from a chunk of the one
//! before (see `chunks.rs`) cost a reference count each instead of a string. A text
//! that reading changed (lines joined, spaces collapsed) is held on its own.
//!
//! A `SharedText` reads as a `&str` everywhere (it dereferences to one), compares and
//! hashes as its characters do, and serialises as a string.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

/// The compared text of a segment (see the module doc).
#[derive(Clone)]
pub struct SharedText(Repr);

#[derive(Clone)]
enum Repr {
    /// `source[start..end]`, checked once to be on character boundaries.
    In {
        source: Arc<String>,
        start: u32,
        end: u32,
    },
    Own(Box<str>),
}

impl SharedText {
    /// The stretch `range` of `source`; its own copy where the range does not fit in
    /// 32 bits (a source of 4 GiB, far over the input limit).
    pub fn shared(source: &Arc<String>, range: std::ops::Range<usize>) -> SharedText {
        assert!(
            source.is_char_boundary(range.start)
                && source.is_char_boundary(range.end)
                && range.start <= range.end,
            "a shared text must lie on character boundaries"
        );
        match (u32::try_from(range.start), u32::try_from(range.end)) {
            (Ok(start), Ok(end)) => SharedText(Repr::In {
                source: Arc::clone(source),
                start,
                end,
            }),
            _ => SharedText::from(&source[range]),
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::In { source, start, end } => {
                // SAFETY: `shared` checked that both ends are character boundaries
                // within the source, which is never changed while shared (it is behind
                // an `Arc` and immutable).
                unsafe { source.get_unchecked(*start as usize..*end as usize) }
            }
            Repr::Own(s) => s,
        }
    }
}

impl Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for SharedText {
    fn from(s: String) -> Self {
        SharedText(Repr::Own(s.into_boxed_str()))
    }
}

impl Default for SharedText {
    fn default() -> Self {
        SharedText(Repr::Own(Box::default()))
    }
}

impl From<&str> for SharedText {
    fn from(s: &str) -> Self {
        SharedText(Repr::Own(s.into()))
    }
}

impl PartialEq for SharedText {
    fn eq(&self, other: &Self) -> bool {
        // The same stretch of the same source (the keys a revision shares with the one
        // before, see `keying.rs`) is equal without reading it.
        if let (
            Repr::In { source, start, end },
            Repr::In {
                source: other_source,
                start: other_start,
                end: other_end,
            },
        ) = (&self.0, &other.0)
            && Arc::ptr_eq(source, other_source)
            && (start, end) == (other_start, other_end)
        {
            return true;
        }
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedText {}

impl PartialEq<&str> for SharedText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Hash for SharedText {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl fmt::Debug for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl serde::Serialize for SharedText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_stretch_reads_compares_and_hashes_as_its_characters() {
        let source = Arc::new("Ἐν ἀρχῇ ἦν ὁ λόγος".to_string());
        let at = source.find("ἦν").unwrap();
        let shared = SharedText::shared(&source, at..source.len());
        let own = SharedText::from("ἦν ὁ λόγος");
        assert_eq!(&*shared, "ἦν ὁ λόγος");
        assert_eq!(shared, own);
        let hash = |t: &SharedText| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            t.hash(&mut h);
            h.finish()
        };
        assert_eq!(hash(&shared), hash(&own));
        assert_eq!(format!("{shared:?}"), format!("{:?}", "ἦν ὁ λόγος"));
        assert_eq!(serde_json::to_string(&shared).unwrap(), "\"ἦν ὁ λόγος\"");
        assert_eq!(Arc::strong_count(&source), 2);
    }

    #[test]
    fn stretches_of_one_source_are_equal_as_their_characters_are() {
        let source = Arc::new("ab ab ac".to_string());
        let stretch = |r: std::ops::Range<usize>| SharedText::shared(&source, r);
        // The same stretch, another stretch with the same characters, and others.
        assert_eq!(stretch(0..2), stretch(0..2));
        assert_eq!(stretch(0..2), stretch(3..5));
        assert_ne!(stretch(0..2), stretch(6..8));
        assert_ne!(stretch(0..2), stretch(0..3));
        let copy = Arc::new(source.to_string());
        assert_eq!(stretch(6..8), SharedText::shared(&copy, 6..8));
        assert_ne!(stretch(3..5), SharedText::shared(&copy, 6..8));
    }

    #[test]
    #[should_panic(expected = "character boundaries")]
    fn a_stretch_that_splits_a_character_is_refused() {
        let source = Arc::new("ἦν".to_string());
        let _ = SharedText::shared(&source, 1..source.len());
    }
}
