//! JSON strings written as `serde_json` writes them, without its byte-at-a-time
//! loop: the word diff of two Bibles is some 13 MB of JSON, nearly all of it
//! the text of ops, in which hardly a byte needs escaping.

use crate::text::any_byte;

/// A byte that a JSON string cannot hold as it is: a control character, `"` or `\`.
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Bytes checked at once ([`any_byte`]): a block with nothing to escape is
/// copied whole, and the check of a block compiles to a few vector instructions.
const BLOCK: usize = 16;

/// Appends `s` to `out` as a JSON string, byte for byte what
/// `serde_json::to_writer` writes for it: `"` and `\` escaped with a
/// backslash, `\b \t \n \f \r` by name, other control characters as
/// `\u00XX` (lower-case hex), everything else (DEL and all non-ASCII
/// characters too) as it is.
pub fn push_json_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // `start` is the first byte not yet copied; clean stretches are copied at once.
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if i + BLOCK <= bytes.len() {
            if !any_byte(&bytes[i..i + BLOCK], needs_escape) {
                i += BLOCK;
                continue;
            }
        } else if !any_byte(&bytes[i..], needs_escape) {
            // A clean end shorter than a block, checked at once too.
            break;
        }
        let b = bytes[i];
        if needs_escape(b) {
            out.extend_from_slice(&bytes[start..i]);
            push_escape(out, b);
            start = i + 1;
        }
        i += 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

fn push_escape(out: &mut Vec<u8>, b: u8) {
    let named = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x09 => b't',
        0x0A => b'n',
        0x0C => b'f',
        0x0D => b'r',
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xF)],
            ]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', named]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(s: &str) -> String {
        let mut out = Vec::new();
        push_json_str(&mut out, s);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_byte_that_needs_escaping_is_escaped_as_serde_json_does() {
        for c in (0u8..0x80).map(char::from) {
            // Alone, at the end of a clean block, and inside one.
            for s in [
                c.to_string(),
                format!("{}{c}", "x".repeat(15)),
                format!("{}{c}{}", "y".repeat(20), "z".repeat(20)),
            ] {
                assert_eq!(ours(&s), serde_json::to_string(&s).unwrap(), "{c:?}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn strings_are_written_as_serde_json_writes_them(
            s in "([a-z \"\\\\\u{0}-\u{1f}\u{7f}é’—Ж人]|[a-zA-Z ,.;:]{10,40}){0,40}",
        ) {
            proptest::prop_assert_eq!(ours(&s), serde_json::to_string(&s).unwrap());
        }
    }
}
