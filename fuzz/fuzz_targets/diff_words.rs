//! Word diff: the ops rebuild both texts, and no op boundary falls inside a
//! grapheme cluster.
#![no_main]

use std::collections::HashSet;

use emend::diff::{OpKind, WORD_DIFF_BUDGET, diff_words, rebuild, tokenize};
use libfuzzer_sys::fuzz_target;
use unicode_segmentation::UnicodeSegmentation;

fn graphemes(text: &str) -> HashSet<usize> {
    let mut at: HashSet<usize> = text.grapheme_indices(true).map(|(i, _)| i).collect();
    at.insert(text.len());
    at
}

/// Every boundary between two pieces of one side is a grapheme boundary of that side.
fn check_side(text: &str, pieces: &[&str]) {
    let bounds = graphemes(text);
    let mut at = 0;
    for p in pieces {
        assert!(
            bounds.contains(&at),
            "a boundary at byte {at} splits a grapheme cluster of {text:?}"
        );
        at += p.len();
    }
    assert_eq!(at, text.len());
}

fuzz_target!(|data: &[u8]| {
    let cut = data.iter().position(|&b| b == 0xFF).unwrap_or(data.len());
    let a = String::from_utf8_lossy(&data[..cut]).into_owned();
    let b = String::from_utf8_lossy(data.get(cut + 1..).unwrap_or_default()).into_owned();

    for text in [&a, &b] {
        let tokens = tokenize(text);
        assert_eq!(tokens.concat(), *text);
        assert!(tokens.iter().all(|t| !t.is_empty()));
        check_side(text, &tokens);
    }

    let d = diff_words(&a, &b, WORD_DIFF_BUDGET);
    assert_eq!(rebuild(&d.ops, OpKind::Delete), a);
    assert_eq!(rebuild(&d.ops, OpKind::Insert), b);
    assert!((0.0..=1.0).contains(&d.similarity));
    assert!(d.ops.iter().all(|o| !o.text.is_empty()), "empty op");
    for pair in d.ops.windows(2) {
        assert_ne!(pair[0].op, pair[1].op, "two neighbouring ops of one kind");
    }
    let side = |kind: OpKind| -> Vec<&str> {
        d.ops
            .iter()
            .filter(|o| o.op == OpKind::Equal || o.op == kind)
            .map(|o| o.text.as_str())
            .collect()
    };
    check_side(&a, &side(OpKind::Delete));
    check_side(&b, &side(OpKind::Insert));
});
