//! Byte scans written so that the compiler runs them on vector registers.

/// True when any byte of `bytes` satisfies `test`. Every byte is looked at
/// (no early exit, which would keep the loop from being vectorised), so it
/// is for short stretches, or blocks of a long one: a paragraph, 16 or 32
/// bytes of a string, where `Iterator::any` would test a byte at a time.
pub(crate) fn any_byte(bytes: &[u8], test: impl Fn(u8) -> bool) -> bool {
    bytes.iter().fold(false, |hit, &b| hit | test(b))
}

#[cfg(test)]
mod tests {
    use super::*;

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
