//! Comparing aligned rows word by word, and whole documents row by row.

mod compare;
pub(crate) use compare::compare_same_prepared;
mod multi;
mod words;

pub use compare::{
    CompareOptions, Comparison, Renumbering, RowDiff, Status, Summary, compare, display_label,
    side_text,
};
pub use multi::{Cell, Column, Table, TableRow, compare_many, compare_many_against};
pub use words::{
    Op, OpKind, WORD_DIFF_BUDGET, WordDiff, cleanup, diff_words, rebuild, replacement, tokenize,
};
