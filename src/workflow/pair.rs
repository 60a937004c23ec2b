//! The rows of a translation and its source that `status` weighs for staleness,
//! cached by the pair of blobs they come from.
//!
//! Finding stale segments needs the two versions as they are now, aligned: on
//! a Bible that is two 4 MB texts to segment and compare, most of a second
//! `status` once the history's comparisons are cached. What the staleness test
//! uses of them is small and fixed by the two blobs, so it is cached as they
//! are (`pair<FORMAT>-<source blob>-<target blob>-<mode>`, see
//! [`crate::store::Cache`]): the rows whose both sides hold segments, without
//! those where a draft in the source's language already reads as its source,
//! each with its segments' indices and keys, and the keys of the source's segments
//! that have no counterpart in the translation. An entry that does not parse, or
//! whose indices do not fit the versions' segment counts, is recomputed.

use git2::Oid;
use serde::{Deserialize, Serialize};

use super::revisions::{Revisions, blob_name};
use super::{WorkflowError, Workspace};
use crate::align::Mode;
use crate::diff::{CompareOptions, Comparison, compare, side_text};
use crate::text::Document;

/// The version of the entries' format; part of their names.
const FORMAT: u32 = 2;

/// One row that holds segments on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PairRow {
    /// Indices of the source's segments.
    pub a: Vec<usize>,
    /// Indices of the translation's segments.
    pub b: Vec<usize>,
    pub a_keys: Vec<String>,
    pub b_keys: Vec<String>,
}

/// The rows of a source and a translation at one revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Pair {
    /// How many segments each side has.
    pub a_len: usize,
    pub b_len: usize,
    pub rows: Vec<PairRow>,
    /// Keys of the source's segments in rows that hold none of the translation's.
    #[serde(default)]
    pub missing: Vec<String>,
}

/// Compares two versions of a document as their languages require.
pub(crate) fn compare_versions(a: &Document, la: &str, b: &Document, lb: &str) -> Comparison {
    compare(
        a,
        b,
        &CompareOptions {
            mode: Some(Mode::for_languages(la, lb)),
            ..CompareOptions::default()
        },
    )
}

/// A source version and a version made from it, with their languages.
pub(crate) struct Sides<'a> {
    pub source: &'a str,
    pub source_language: &'a str,
    pub target: &'a str,
    pub target_language: &'a str,
}

impl Pair {
    /// The rows of `sides` at commit `at`, from the cache where it has them.
    pub fn at(ws: &Workspace, doc: &str, sides: &Sides, at: Oid) -> Result<Pair, WorkflowError> {
        let mut source = Revisions::new(ws, doc, sides.source);
        let mut target = Revisions::new(ws, doc, sides.target);
        let (source_at, target_at) = (source.revision(at)?, target.revision(at)?);
        let mode = Mode::for_languages(sides.source_language, sides.target_language);
        let name = format!(
            "pair{FORMAT}-{}-{}-{}",
            blob_name(source_at.1),
            blob_name(target_at.1),
            match mode {
                Mode::SameLanguage => "same",
                Mode::CrossLanguage => "cross",
            }
        );
        let cache = ws.store.cache();
        if let Some(pair) = cache.get(&name).and_then(|b| Pair::decode(&b)) {
            return Ok(pair);
        }
        let a = source.document(source_at)?;
        let b = target.document(target_at)?;
        let cmp = compare_versions(&a, sides.source_language, &b, sides.target_language);
        let keys = |doc: &Document, indices: &[usize]| {
            indices
                .iter()
                .map(|&i| doc.segments[i].key.to_string())
                .collect()
        };
        let rows = cmp
            .rows
            .iter()
            .filter(|row| !row.a.is_empty() && !row.b.is_empty())
            // A draft in the source's language that already reads as the
            // source's new text has nothing to catch up with.
            .filter(|row| {
                mode != Mode::SameLanguage || side_text(&a, &row.a) != side_text(&b, &row.b)
            })
            .map(|row| PairRow {
                a: row.a.to_vec(),
                b: row.b.to_vec(),
                a_keys: keys(&a, &row.a),
                b_keys: keys(&b, &row.b),
            })
            .collect();
        let missing = cmp
            .rows
            .iter()
            .filter(|row| row.b.is_empty())
            .flat_map(|row| row.a.iter().map(|&i| a.segments[i].key.to_string()))
            .collect();
        let pair = Pair {
            a_len: a.segments.len(),
            b_len: b.segments.len(),
            rows,
            missing,
        };
        if let Ok(bytes) = serde_json::to_vec(&pair) {
            cache.put(&name, &bytes);
        }
        Ok(pair)
    }

    /// An entry read back, if it is whole and fits its own counts.
    fn decode(bytes: &[u8]) -> Option<Pair> {
        let pair: Pair = serde_json::from_slice(bytes).ok()?;
        let fits = pair.rows.iter().all(|r| {
            r.a.len() == r.a_keys.len()
                && r.b.len() == r.b_keys.len()
                && r.a.iter().all(|&i| i < pair.a_len)
                && r.b.iter().all(|&j| j < pair.b_len)
        });
        fits.then_some(pair)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair() -> Pair {
        Pair {
            a_len: 3,
            b_len: 2,
            rows: vec![PairRow {
                a: vec![0, 2],
                b: vec![1],
                a_keys: vec!["1".into(), "2".into()],
                b_keys: vec!["1".into()],
            }],
            missing: vec!["3".into()],
        }
    }

    #[test]
    fn an_entry_that_does_not_fit_is_refused() {
        let good = serde_json::to_vec(&pair()).unwrap();
        assert_eq!(Pair::decode(&good), Some(pair()));
        let mut out_of_range = pair();
        out_of_range.rows[0].a[1] = 3;
        let mut keys_missing = pair();
        keys_missing.rows[0].b_keys.clear();
        for bad in [out_of_range, keys_missing] {
            assert_eq!(Pair::decode(&serde_json::to_vec(&bad).unwrap()), None);
        }
        assert_eq!(Pair::decode(&good[..good.len() / 2]), None);
    }
}
