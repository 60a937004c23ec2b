//! Byte scans written so that the compiler runs them on vector registers.

/// True when any byte of `bytes` satisfies `test`. Every byte is looked at
/// (no early exit, which would keep the loop from being vectorised), so it
/// is for short stretches, or blocks of a long one: a paragraph, 16 or 32
/// bytes of a string, where `Iterator::any` would test a byte at a time.
pub(crate) fn any_byte(bytes: &[u8], test: impl Fn(u8) -> bool) -> bool {
    bytes.iter().fold(false, |hit, &b| hit | test(b))
}

/// The short end of a scan by blocks of `N` bytes, padded with zero bytes to
/// a whole block, so that it goes through the block's own vector code (zero
/// is no letter, no digit, nothing outside ASCII).
pub(crate) fn padded<const N: usize>(rest: &[u8]) -> [u8; N] {
    let mut block = [0u8; N];
    block[..rest.len()].copy_from_slice(rest);
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_padded_end_keeps_its_bytes_and_zeros_the_rest() {
        assert_eq!(padded::<4>(b"ab"), *b"ab\0\0");
        assert_eq!(padded::<4>(b""), [0; 4]);
        assert_eq!(padded::<4>(b"abcd"), *b"abcd");
    }

    #[test]
    fn any_byte_finds_a_byte_wherever_it_stands() {
        let mut block = [b'a'; 40];
        assert!(!any_byte(&block, |b| b == b'"'));
        assert!(!any_byte(&[], |_| true));
        for at in 0..block.len() {
            block[at] = b'"';
            assert!(any_byte(&block, |b| b == b'"'), "{at}");
            block[at] = b'a';
        }
    }
}
