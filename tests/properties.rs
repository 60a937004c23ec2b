//! Properties of the engine that must hold on any input.

use emend::align::{AlignOptions, Mode, align};
use emend::diff::{CompareOptions, OpKind, WORD_DIFF_BUDGET, compare, diff_words, rebuild};
use emend::text::{ComparisonOptions, segment};
use proptest::prelude::*;
use std::collections::HashSet;

/// Text made of words, spaces, punctuation, CJK, combining marks, emoji and line breaks.
fn texty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("the".to_string()),
        Just("Japan".to_string()),
        Just("lapan".to_string()),
        Just("control".to_string()),
        Just("body".to_string()),
        Just(" ".to_string()),
        Just("  ".to_string()),
        Just(", ".to_string()),
        Just(".".to_string()),
        Just("[handwritten: functions]".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("- 2. ".to_string()),
        Just("人人生而自由".to_string()),
        Just("カタカナ".to_string()),
        Just("e\u{301}".to_string()),
        Just("🇺🇳".to_string()),
        Just("مادة".to_string()),
        "[a-z]{1,6}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// B made from A by a few edits, so that diffs have equalities to work with.
fn edited_pair() -> impl Strategy<Value = (String, String)> {
    (
        texty(),
        proptest::collection::vec((any::<prop::sample::Index>(), texty()), 0..4),
    )
        .prop_map(|(a, edits)| {
            let mut b: Vec<char> = a.chars().collect();
            for (at, insert) in edits {
                if b.is_empty() {
                    b.extend(insert.chars());
                    continue;
                }
                let i = at.index(b.len());
                let end = (i + 3).min(b.len());
                b.splice(i..end, insert.chars());
            }
            (a, b.into_iter().collect())
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn ops_rebuild_both_texts((a, b) in edited_pair()) {
        let d = diff_words(&a, &b, WORD_DIFF_BUDGET);
        prop_assert_eq!(rebuild(&d.ops, OpKind::Delete), a);
        prop_assert_eq!(rebuild(&d.ops, OpKind::Insert), b);
        prop_assert!((0.0..=1.0).contains(&d.similarity));
        // After cleanup no two neighbours have the same kind, and no op is empty.
        for pair in d.ops.windows(2) {
            prop_assert_ne!(pair[0].op, pair[1].op);
        }
        prop_assert!(d.ops.iter().all(|o| !o.text.is_empty()));
    }

    #[test]
    fn unrelated_texts_rebuild_too(a in texty(), b in texty()) {
        let d = diff_words(&a, &b, WORD_DIFF_BUDGET);
        prop_assert_eq!(rebuild(&d.ops, OpKind::Delete), a);
        prop_assert_eq!(rebuild(&d.ops, OpKind::Insert), b);
    }

    #[test]
    fn keys_are_unique(a in texty()) {
        let doc = segment(&a);
        let keys: HashSet<&str> = doc.segments.iter().map(|s| s.key.as_str()).collect();
        prop_assert_eq!(keys.len(), doc.segments.len());
    }

    #[test]
    fn every_segment_is_in_exactly_one_row((a, b) in edited_pair(), cross in any::<bool>()) {
        let (da, db) = (segment(&a), segment(&b));
        let mode = if cross { Mode::CrossLanguage } else { Mode::SameLanguage };
        let rows = align(&da, &db, &AlignOptions { mode, comparison: ComparisonOptions::default() });
        let mut seen_a = vec![0; da.segments.len()];
        let mut seen_b = vec![0; db.segments.len()];
        for r in &rows {
            prop_assert!(!(r.a.is_empty() && r.b.is_empty()));
            for &i in &r.a { seen_a[i] += 1; }
            for &j in &r.b { seen_b[j] += 1; }
        }
        prop_assert!(seen_a.iter().all(|&c| c == 1));
        prop_assert!(seen_b.iter().all(|&c| c == 1));
    }

    #[test]
    fn identical_texts_are_all_unchanged(a in texty()) {
        let doc = segment(&a);
        let cmp = compare(&doc, &doc, &CompareOptions { mode: Some(Mode::SameLanguage), ..CompareOptions::default() });
        prop_assert!(!cmp.has_differences());
        prop_assert_eq!(cmp.summary.unchanged, doc.segments.len());
    }
}
