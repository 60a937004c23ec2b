//! The text model: decoding, normalising, and cutting a document into keyed segments.
//!
//! Input is UTF-8 plain text or Markdown. A leading BOM is dropped and CRLF/CR
//! become LF ([`normalize`]). Blocks are separated by blank lines; the lines of
//! a block form one paragraph, so re-wrapping a paragraph is not a change.
//! [`segment`] turns a normalised text into a [`Document`] whose segments carry
//! stable keys (see [`segment`] for how keys are spelled).

mod blocks;
mod bytes;
mod chunks;
mod controls;
mod ignore;
mod keying;
mod keys;
mod label;
mod layout;
mod nesting;
mod pages;
mod parse;
mod points;
mod segment;
mod shared;

use std::path::Path;

use crate::input::InputError;

pub(crate) use bytes::{any_byte, padded};
pub use controls::{EscapeForm, escape_controls, shown_invisibles, visible};
pub use ignore::{IgnoreOptions, strip_annotations};
pub use keys::is_under;
pub use label::{heading_number, parse_label};
pub(crate) use label::{roman_value, to_roman};
pub use layout::is_plain_text;
pub use pages::{Dropped, Furniture};
pub use segment::{
    BlockCache, Document, Kind, ReadOptions, Segment, segment, segment_pair, segment_pair_with,
    segment_reusing, segment_string, segment_string_with, segment_with,
};
pub use shared::SharedText;

/// Why a text could not be read as a document.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// The bytes are not UTF-8.
    #[error(
        "{name}: not valid UTF-8 (first bad byte at offset {offset}); save the file as UTF-8 and try again"
    )]
    InvalidUtf8 { name: String, offset: usize },
    /// The file looks like UTF-16 (it starts with a UTF-16 byte-order mark).
    #[error("{name}: looks like UTF-16 ({endian} byte-order mark); emend reads UTF-8 only")]
    Utf16 { name: String, endian: &'static str },
    /// The file contains NUL bytes, so it is not text.
    #[error(
        "{name}: binary file (NUL byte at offset {offset}); emend compares UTF-8 text or Markdown only"
    )]
    Binary { name: String, offset: usize },
    /// The file could not be read: missing, a folder, over the size limit.
    #[error(transparent)]
    Input(#[from] InputError),
}

/// Reads a file from disk within the input size limit (see [`crate::input`]) and decodes it with [`decode`].
pub fn read_file(path: &Path) -> Result<String, TextError> {
    let name = path.display().to_string();
    let bytes = crate::input::read_path(path, &name)?;
    decode_owned(bytes, &name)
}

/// As [`decode`], taking the bytes by value so that valid text is not copied.
pub fn decode_owned(bytes: Vec<u8>, name: &str) -> Result<String, TextError> {
    check_bytes(&bytes, name)?;
    // A vectorised check first; the standard one finds the offset of a bad byte.
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        let offset = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), |s| s.len());
        return Err(TextError::InvalidUtf8 {
            name: name.to_string(),
            offset,
        });
    }
    // SAFETY: simdutf8 has just checked that `bytes` are valid UTF-8.
    let text = unsafe { String::from_utf8_unchecked(bytes) };
    Ok(normalize_owned(text))
}

/// Checks that `bytes` are UTF-8 text and returns them normalised (see [`normalize`]).
///
/// `name` is used in error messages (a file name or `VERSION@REV`).
pub fn decode(bytes: &[u8], name: &str) -> Result<String, TextError> {
    check_bytes(bytes, name)?;
    let text = std::str::from_utf8(bytes).map_err(|e| TextError::InvalidUtf8 {
        name: name.to_string(),
        offset: e.valid_up_to(),
    })?;
    Ok(normalize(text))
}

/// Refuses UTF-16 and binary input before UTF-8 is checked.
fn check_bytes(bytes: &[u8], name: &str) -> Result<(), TextError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let endian = if bytes[0] == 0xFF {
            "little-endian"
        } else {
            "big-endian"
        };
        return Err(TextError::Utf16 {
            name: name.to_string(),
            endian,
        });
    }
    if let Some(offset) = memchr_nul(bytes) {
        return Err(TextError::Binary {
            name: name.to_string(),
            offset,
        });
    }
    Ok(())
}

/// FxHash of a text's bytes: a fast key for equal texts (a match that matters is
/// checked byte for byte, or a collision would only nudge a similarity).
pub(crate) fn hash_text(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(text.as_bytes());
    h.finish()
}

/// True for Han ideographs and kana, which are compared one character at a time.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // hiragana, katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{FF66}'..='\u{FF9F}' // half-width katakana
        | '\u{20000}'..='\u{3134F}' // extensions B-G
    )
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

/// The text has a carriage return: one vectorised search (`str::contains` with a
/// `char` searches a word at a time; this runs over every revision a walk reads).
fn has_cr(text: &str) -> bool {
    memchr::memchr(b'\r', text.as_bytes()).is_some()
}

/// As [`normalize`], without copying a text that needs no change.
pub fn normalize_owned(text: String) -> String {
    if text.starts_with('\u{FEFF}') || has_cr(&text) {
        normalize(&text)
    } else {
        text
    }
}

/// Drops a leading byte-order mark and turns CRLF and lone CR into LF.
pub fn normalize(text: &str) -> String {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if !has_cr(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_line_ends_are_normalised() {
        assert_eq!(normalize("\u{FEFF}a\r\nb\rc\n"), "a\nb\nc\n");
        assert_eq!(normalize("a\r\r\nb"), "a\n\nb");
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let err = decode(b"abc\xffdef", "x.md").unwrap_err();
        assert!(matches!(err, TextError::InvalidUtf8 { offset: 3, .. }));
        assert!(err.to_string().contains("offset 3"));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let err = decode(b"ab\0c", "x.bin").unwrap_err();
        assert!(matches!(err, TextError::Binary { offset: 2, .. }));
    }

    #[test]
    fn utf16_is_recognised() {
        let err = decode(&[0xFF, 0xFE, b'a', 0], "u.txt").unwrap_err();
        assert!(matches!(err, TextError::Utf16 { .. }));
        assert!(err.to_string().contains("UTF-16"));
    }
}
