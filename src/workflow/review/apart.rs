//! A proposal's word changes taken into a paragraph that the current text
//! changed too, where the two changed different words.
//!
//! Both sides are word changes of the same base paragraph (the ops of
//! base → proposal and of base → current text). Each change replaces a
//! stretch of the base (an insertion, an empty one). Two changes are apart
//! when at least one kept word (a letter or a digit) stands between them:
//! a comma or a full stop alone does not hold them apart, since a change
//! there may depend on the word beside it (`lapan.` → `Japan.` and
//! `lapan. [sic]`). A change both sides made alike is one change. When
//! every change of the proposal is apart from every change of the current
//! text, the result is the base with all of them made; otherwise there is
//! none, and the row is a conflict for the editor to settle.

use std::ops::Range;

use super::decision::changes;
use crate::diff::{Op, OpKind};

/// One change to the base paragraph: the bytes `range` of it replaced by `with`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edit {
    range: Range<usize>,
    with: String,
}

/// The base text the ops were made from, and their changes in reading
/// order (numbered from 1 as [`changes`] numbers them).
fn edits(ops: &[Op]) -> (String, Vec<Edit>) {
    // The base offset before each op, and after the last.
    let mut base = String::new();
    let mut at = Vec::with_capacity(ops.len() + 1);
    for op in ops {
        at.push(base.len());
        if op.op != OpKind::Insert {
            base.push_str(&op.text);
        }
    }
    at.push(base.len());
    let out = changes(ops)
        .into_iter()
        .map(|c| Edit {
            range: at[c.range.start]..at[c.range.end],
            with: ops[c.range]
                .iter()
                .filter(|op| op.op == OpKind::Insert)
                .map(|op| op.text.as_str())
                .collect(),
        })
        .collect();
    (base, out)
}

/// Whether two changes of one base leave a kept word (a letter or a digit)
/// between them: a comma or a full stop alone does not hold them apart.
fn apart(base: &str, a: &Edit, b: &Edit) -> bool {
    let (first, second) = if a.range.start <= b.range.start {
        (a, b)
    } else {
        (b, a)
    };
    first.range.end <= second.range.start
        && base[first.range.end..second.range.start]
            .chars()
            .any(char::is_alphanumeric)
}

/// The paragraph with the proposal's changes numbered in `taken` (all of
/// them for `None`) made in the current text, whose own changes from the
/// same base are `ours`; `None` where a change taken is not apart from one of
/// the current text's (or the two sets of ops were not made from one base).
pub fn merge_apart(theirs: &[Op], taken: Option<&[usize]>, ours: &[Op]) -> Option<String> {
    let (base, theirs) = edits(theirs);
    let (ours_base, ours) = edits(ours);
    if base != ours_base {
        return None;
    }
    let mut all = ours.clone();
    for (n, t) in theirs.into_iter().enumerate() {
        if taken.is_some_and(|taken| !taken.contains(&(n + 1))) || ours.contains(&t) {
            continue;
        }
        if !ours.iter().all(|o| apart(&base, &t, o)) {
            return None;
        }
        all.push(t);
    }
    all.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(base.len());
    let mut at = 0;
    for e in &all {
        out.push_str(&base[at..e.range.start]);
        out.push_str(&e.with);
        at = e.range.end;
    }
    out.push_str(&base[at..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{WORD_DIFF_BUDGET, diff_words};

    fn ops(a: &str, b: &str) -> Vec<Op> {
        diff_words(a, b, WORD_DIFF_BUDGET).ops
    }

    const BASE: &str = "Tous les êtres humains naissent libres et égaux en dignité et en droits. Ils sont doués de raison et de conscience.";

    #[test]
    fn changes_to_different_words_are_both_made() {
        let theirs = BASE.replace("les êtres humains", "les humains");
        let ours = BASE.replace("naissent libres", "naissent, et demeurent, libres");
        let merged = merge_apart(&ops(BASE, &theirs), None, &ops(BASE, &ours));
        assert_eq!(
            merged.as_deref(),
            Some(
                "Tous les humains naissent, et demeurent, libres et égaux en dignité et en droits. Ils sont doués de raison et de conscience."
            )
        );
    }

    #[test]
    fn changes_to_the_same_words_or_next_to_each_other_are_not() {
        let theirs = BASE.replace("naissent libres", "naissent égaux");
        let ours = BASE.replace("naissent libres", "sont nés libres");
        assert_eq!(
            merge_apart(&ops(BASE, &theirs), None, &ops(BASE, &ours)),
            None
        );
        // A full stop alone does not hold a correction apart from a note on it.
        let telegram = "the matter of these directives on the scene, in lapan. Stalin";
        assert_eq!(
            merge_apart(
                &ops(telegram, &telegram.replace("lapan", "Japan")),
                None,
                &ops(telegram, &telegram.replace("lapan.", "lapan. [sic]"))
            ),
            None
        );
        // Neighbours with only a space between them touch.
        let theirs = BASE.replace("libres et", "libres, et");
        let ours = BASE.replace("libres et égaux", "libres ainsi qu’égaux");
        assert_eq!(
            merge_apart(&ops(BASE, &theirs), None, &ops(BASE, &ours)),
            None
        );
    }

    #[test]
    fn a_change_both_made_is_made_once_and_only_the_changes_taken_are_made() {
        let theirs = BASE
            .replace("êtres humains", "humains")
            .replace("conscience.", "conscience morale.");
        let ours = BASE.replace("conscience.", "conscience morale.");
        assert_eq!(
            merge_apart(&ops(BASE, &theirs), None, &ops(BASE, &ours)).as_deref(),
            Some(theirs.as_str())
        );
        let ours = BASE.replace("en droits", "en droit");
        let merged = merge_apart(&ops(BASE, &theirs), Some(&[2]), &ops(BASE, &ours));
        assert_eq!(
            merged.as_deref(),
            Some(
                BASE.replace("en droits", "en droit")
                    .replace("conscience.", "conscience morale.")
                    .as_str()
            )
        );
    }

    /// Words of Ruth 1:1 (KJV), to make paragraphs of.
    const WORDS: [&str; 12] = [
        "in",
        "the",
        "days",
        "when",
        "judges",
        "ruled",
        "there",
        "was",
        "a",
        "famine",
        "land",
        "Bethlehemjudah",
    ];

    /// One word changed: replaced by another, removed, or one put before it.
    #[derive(Debug, Clone, Copy)]
    enum WordEdit {
        Replace(usize),
        Remove,
        Before(usize),
    }

    /// `words` with `edits` made at the positions given.
    fn edited(words: &[&str], edits: &[(usize, WordEdit)]) -> String {
        let mut out: Vec<&str> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            match edits.iter().find(|(at, _)| *at == i).map(|(_, e)| *e) {
                Some(WordEdit::Replace(n)) => out.push(WORDS[n]),
                Some(WordEdit::Remove) => {}
                Some(WordEdit::Before(n)) => out.extend([WORDS[n], w]),
                None => out.push(w),
            }
        }
        format!("{}.", out.join(" "))
    }

    fn word_edit() -> impl proptest::strategy::Strategy<Value = WordEdit> {
        use proptest::prelude::*;
        prop_oneof![
            (0..WORDS.len()).prop_map(WordEdit::Replace),
            Just(WordEdit::Remove),
            (0..WORDS.len()).prop_map(WordEdit::Before),
        ]
    }

    proptest::proptest! {
        /// Edits of two sides to different words of a paragraph, each
        /// side's in its own half: taken together they give the paragraph
        /// with both sides' edits made, whichever side is the proposal; or,
        /// where the word diff widened one side's changes into the other's,
        /// nothing.
        #[test]
        fn both_sides_edits_are_made_or_none(
            words in proptest::collection::vec(0..WORDS.len(), 6..30),
            theirs in proptest::collection::vec((0usize..100, word_edit()), 1..4),
            ours in proptest::collection::vec((0usize..100, word_edit()), 1..4),
        ) {
            let words: Vec<&str> = words.iter().map(|&n| WORDS[n]).collect();
            let half = words.len() / 2;
            // The proposal edits the first half, the current text the second;
            // the word between them is kept.
            let theirs: Vec<(usize, WordEdit)> =
                theirs.iter().map(|&(at, e)| (at % (half - 1), e)).collect();
            let ours: Vec<(usize, WordEdit)> = ours
                .iter()
                .map(|&(at, e)| (half + 1 + at % (words.len() - half - 1), e))
                .collect();
            let base = edited(&words, &[]);
            let both: Vec<(usize, WordEdit)> = theirs.iter().chain(&ours).copied().collect();
            let (t, o) = (edited(&words, &theirs), edited(&words, &ours));
            let merged = merge_apart(&ops(&base, &t), None, &ops(&base, &o));
            if let Some(m) = &merged {
                proptest::prop_assert_eq!(m, &edited(&words, &both));
            }
            proptest::prop_assert_eq!(merged, merge_apart(&ops(&base, &o), None, &ops(&base, &t)));
        }
    }

    #[test]
    fn ops_of_two_bases_do_not_merge() {
        let other = BASE.replace("Tous", "Toutes");
        assert_eq!(
            merge_apart(&ops(BASE, &other), None, &ops(&other, BASE)),
            None
        );
    }
}
