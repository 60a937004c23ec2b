//! emend: align translations and drafts of a document by numbered point and
//! paragraph, and show what changed as a structured word-level diff.
//!
//! The data flows one way: [`text`] cuts a text into keyed segments, [`align`]
//! pairs the segments of two versions into rows, [`diff`] compares the words
//! inside each row, and [`render`] prints the result ([`export`] and [`docx`]
//! write it for other tools). Each stage knows nothing of the ones after it.
//! Beside the pipeline, [`store`] is the git repository (all of git2 is there)
//! and [`workflow`] what people do with it; [`input`] and [`output`] read and
//! write files within bounds. ARCHITECTURE.md has the map.

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

#[cfg(test)]
mod testdata;
