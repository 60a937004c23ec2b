//! Comparing two texts word by word: the text cut into tokens (`tokens`), an edit script of
//! them (`script`) made of ops (`ops`), cleaned up to read as an editor would mark it
//! (`cleanup`), with edits widened to the sentences they cover (`sentences`).

mod cleanup;
mod ops;
mod script;
mod sentences;
mod tokens;

pub use cleanup::cleanup;
pub use ops::{Op, OpKind, rebuild};
pub use script::{WORD_DIFF_BUDGET, WordDiff, diff_words, replacement};
pub use tokens::tokenize;

#[cfg(test)]
mod testutil {
    use super::{Op, OpKind, WORD_DIFF_BUDGET, diff_words, rebuild};

    /// Ops as wdiff marks them; a moved sentence as `[<…<]` where it was and `{>…>}` where it is.
    pub fn marked(ops: &[Op]) -> String {
        ops.iter()
            .map(|o| match (o.op, o.moved) {
                (OpKind::Equal, _) => o.text.clone(),
                (OpKind::Delete, false) => format!("[-{}-]", o.text),
                (OpKind::Insert, false) => format!("{{+{}+}}", o.text),
                (OpKind::Delete, true) => format!("[<{}<]", o.text),
                (OpKind::Insert, true) => format!("{{>{}>}}", o.text),
            })
            .collect()
    }

    /// The marked diff of `a` and `b`, after checking that the ops rebuild both.
    pub fn wdiff(a: &str, b: &str) -> String {
        let d = diff_words(a, b, WORD_DIFF_BUDGET);
        assert_eq!(rebuild(&d.ops, OpKind::Delete), a);
        assert_eq!(rebuild(&d.ops, OpKind::Insert), b);
        marked(&d.ops)
    }

    /// Cases that once failed are kept in a `.regressions` file beside the test's file.
    pub fn regressions_beside_source(cases: u32) -> proptest::prelude::ProptestConfig {
        proptest::prelude::ProptestConfig {
            cases,
            failure_persistence: Some(Box::new(
                proptest::test_runner::FileFailurePersistence::WithSource("regressions"),
            )),
            ..proptest::prelude::ProptestConfig::default()
        }
    }
}
