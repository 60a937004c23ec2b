//! Comparing two texts word by word: tokens, the edit script, and its cleanup.

mod cleanup;
mod script;
mod sentences;
mod tokens;

pub use cleanup::cleanup;
pub use script::{Op, OpKind, WORD_DIFF_BUDGET, WordDiff, diff_words, rebuild, replacement};
pub use tokens::tokenize;
