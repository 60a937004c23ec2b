//! Commands over every document: one document that cannot be read is reported, and the others are still shown.

use super::{CommandError, Outcome};

/// The documents a command could not read, reported together once the others are shown (exit 2).
pub struct PerDocument {
    total: usize,
    failed: Vec<(String, CommandError)>,
}

impl PerDocument {
    /// For a command over `total` documents.
    pub fn new(total: usize) -> PerDocument {
        PerDocument {
            total,
            failed: Vec::new(),
        }
    }

    /// The value of `result`, or None after noting the error against `doc`.
    pub fn keep<T, E: Into<CommandError>>(&mut self, doc: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.failed.push((doc.to_string(), e.into()));
                None
            }
        }
    }

    /// True while no document failed.
    pub fn is_empty(&self) -> bool {
        self.failed.is_empty()
    }

    /// Success when every document was read; otherwise one error naming each document and why.
    pub fn finish(self) -> Result<Outcome, CommandError> {
        if self.failed.is_empty() {
            return Ok(Outcome::Success);
        }
        let mut message = format!(
            "could not read {} of {} document{} (the others are shown):",
            self.failed.len(),
            self.total,
            if self.total == 1 { "" } else { "s" }
        );
        for (doc, err) in &self.failed {
            message.push_str(&format!("\n  {doc}: {}", err.message()));
            for hint in err.line_hints() {
                message.push_str(&format!(" ({hint})"));
            }
        }
        Err(CommandError::new(message))
    }
}
