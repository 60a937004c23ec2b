//! Printing comparisons and documents: for the terminal and as JSON.

pub mod html;
pub mod json;
pub mod table;
pub mod terminal;

pub use terminal::Painter;

/// Names one side of a comparison in output: `en-wilson`, `en-wilson@HEAD~1`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SideLabel {
    pub label: String,
    /// BCP 47 language tag, when known.
    pub language: Option<String>,
}

/// Rounds a similarity for display and JSON (three decimals).
pub fn round_similarity(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
