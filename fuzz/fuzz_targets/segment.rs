//! Segmenting: `emend::text::segment` on arbitrary UTF-8, and on what
//! `emend::text::decode` makes of arbitrary bytes.
#![no_main]

use std::collections::HashSet;

use emend::text::{Document, decode, normalize, segment};
use libfuzzer_sys::fuzz_target;

fn check(doc: &Document) {
    let mut keys = HashSet::new();
    for s in &doc.segments {
        assert!(keys.insert(s.key.as_str()), "key {:?} repeats", s.key);
        assert!(!s.key.is_empty(), "empty key");
        assert!(
            doc.source.get(s.span.clone()).is_some(),
            "span {:?} is not a slice of the source",
            s.span
        );
        assert!(s.line >= 1);
        assert!(!s.text.contains('\n'), "segment text keeps a line break");
    }
    // Spans are in order and do not overlap.
    for pair in doc.segments.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start);
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        // Any string, normalised or not, must segment without a panic.
        check(&segment(text));
        check(&segment(&normalize(text)));
    }
    match decode(data, "fuzz.md") {
        Ok(text) => {
            assert!(!text.contains('\r'));
            check(&segment(&text));
        }
        Err(e) => assert!(e.to_string().starts_with("fuzz.md: ")),
    }
});
