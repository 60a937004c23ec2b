//! emend: align translations and drafts of a document by numbered point and
//! paragraph, and show what changed as a structured word-level diff.
//!
//! The data flows one way: [`text`] cuts a text into keyed segments, [`align`]
//! pairs the segments of two versions into rows, [`diff`] compares the words
//! inside each row, and [`render`] prints the result. Each stage knows nothing
//! of the ones after it.

pub mod align;
pub mod diff;
pub mod docx;
pub mod export;
pub mod input;
pub mod output;
pub mod render;
pub mod store;
pub mod text;
pub mod workflow;
