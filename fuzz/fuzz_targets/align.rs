//! Two-way alignment, same- and cross-language, of two texts cut from the
//! input, and the full comparison built on it.
#![no_main]

use emend::align::{AlignOptions, Mode, align};
use emend::diff::{CompareOptions, OpKind, compare, rebuild, side_text};
use emend::text::{IgnoreOptions, segment};
use libfuzzer_sys::fuzz_target;

/// The first byte chooses options; the rest is two texts separated by the first 0xFF byte.
fn split(data: &[u8]) -> Option<(u8, String, String)> {
    let (&flags, rest) = data.split_first()?;
    let cut = rest.iter().position(|&b| b == 0xFF).unwrap_or(rest.len());
    let a = String::from_utf8_lossy(&rest[..cut]).into_owned();
    let b = String::from_utf8_lossy(rest.get(cut + 1..).unwrap_or_default()).into_owned();
    Some((flags, a, b))
}

fuzz_target!(|data: &[u8]| {
    let Some((flags, a, b)) = split(data) else {
        return;
    };
    let (da, db) = (segment(&a), segment(&b));
    let comparison = IgnoreOptions {
        ignore_case: flags & 1 != 0,
        ignore_punctuation: flags & 2 != 0,
        ignore_annotations: flags & 4 != 0,
        ignore_formatting: flags & 8 != 0,
    };
    for mode in [Mode::SameLanguage, Mode::CrossLanguage] {
        let rows = align(&da, &db, &AlignOptions { mode, ignore: comparison });
        let mut seen_a = vec![0u32; da.segments.len()];
        let mut seen_b = vec![0u32; db.segments.len()];
        for r in &rows {
            assert!(!(r.a.is_empty() && r.b.is_empty()), "empty row");
            assert!(
                r.a.windows(2).all(|w| w[0] < w[1]),
                "A out of order in a row"
            );
            assert!(
                r.b.windows(2).all(|w| w[0] < w[1]),
                "B out of order in a row"
            );
            for &i in &r.a {
                seen_a[i] += 1;
            }
            for &j in &r.b {
                seen_b[j] += 1;
            }
        }
        assert!(
            seen_a.iter().all(|&n| n == 1),
            "a segment of A is not in exactly one row"
        );
        assert!(
            seen_b.iter().all(|&n| n == 1),
            "a segment of B is not in exactly one row"
        );
    }
    let mode = match flags >> 6 {
        0 => None,
        1 => Some(Mode::CrossLanguage),
        _ => Some(Mode::SameLanguage),
    };
    let cmp = compare(
        &da,
        &db,
        &CompareOptions {
            ignore: comparison,
            mode,
            ..CompareOptions::default()
        },
    );
    let total = cmp.summary.unchanged
        + cmp.summary.changed
        + cmp.summary.added
        + cmp.summary.removed
        + cmp.summary.split
        + cmp.summary.merged
        + cmp.summary.moved
        + cmp.summary.renumbered
        + cmp.summary.aligned;
    assert_eq!(total, cmp.rows.len());
    for r in &cmp.rows {
        if let Some(ops) = &r.ops {
            assert_eq!(rebuild(ops, OpKind::Delete), side_text(&da, &r.a));
            assert_eq!(rebuild(ops, OpKind::Insert), side_text(&db, &r.b));
        }
        if let Some(s) = r.similarity {
            assert!((0.0..=1.0).contains(&s));
        }
    }
});
