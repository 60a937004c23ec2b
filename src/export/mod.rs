//! Writing approved text in the formats the rest of the trade reads: TMX,
//! XLIFF and plain text (Markdown needs no writer: it is the version's own file).
//!
//! A caller aligns a source version with its translation, turns each row into
//! a [`Unit`] (a key, the source text, the target text and a state) and hands
//! the units to [`tmx`] (TMX 1.4b), [`xliff`] (XLIFF 2.1) or [`xliff12`] (XLIFF 1.2). Each
//! escapes all
//! text and drop the characters XML 1.0 forbids, with a warning naming the
//! key and the count, so the file is always well-formed; the tests validate
//! the output against the TMX 1.4 DTD and the XLIFF 2 core schema and read it
//! back with translate-toolkit.

mod text;
mod tmx;
mod xliff;
mod xliff12;
pub mod xml;

use crate::text::{EscapeForm, escape_controls};

pub use text::plain_text;
pub use tmx::tmx;
pub use xliff::xliff;
pub use xliff12::xliff12;
pub use xml::{is_forbidden_in_xml, nmtoken, xml_text};

/// One aligned unit to export: a source segment (or several joined) and its translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The segment key (`2¶3`, `genesis/1/1`), or several joined (`preamble¶8+preamble¶9`).
    pub key: String,
    /// The source text; several paragraphs are joined by `"\n"`.
    pub source: Option<String>,
    /// The translation; several paragraphs are joined by `"\n"`.
    pub target: Option<String>,
    pub state: UnitState,
    /// For a stale unit: its source's text when the target was last translated or
    /// confirmed, so that the translator sees what changed (XLIFF writes it as a note).
    pub previous_source: Option<String>,
}

impl Unit {
    /// A unit with no previous source.
    pub fn new(
        key: impl Into<String>,
        source: Option<String>,
        target: Option<String>,
        state: UnitState,
    ) -> Unit {
        Unit {
            key: key.into(),
            source,
            target,
            state,
            previous_source: None,
        }
    }
}

/// A unit for the writers' tests.
#[cfg(test)]
fn unit(key: &str, source: Option<&str>, target: Option<&str>, state: UnitState) -> Unit {
    Unit::new(key, source.map(Into::into), target.map(Into::into), state)
}

/// How far a unit's translation has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitState {
    /// Approved.
    Final,
    /// Translated, not approved.
    Translated,
    /// Target missing or stale.
    Initial,
}

impl UnitState {
    /// The name used in TMX properties and as the XLIFF 2 `state`.
    pub fn name(self) -> &'static str {
        match self {
            UnitState::Final => "final",
            UnitState::Translated => "translated",
            UnitState::Initial => "initial",
        }
    }
}

/// What is exported: which document, which two versions, at which revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportMeta {
    /// The document id (`telegram-1945-11-11`).
    pub document: String,
    pub title: Option<String>,
    /// The source version id (`en`).
    pub source_version: String,
    /// BCP 47 tag of the source (`en`).
    pub source_lang: String,
    pub target_version: String,
    pub target_lang: String,
    /// The commit id the text was taken from.
    pub revision: String,
    /// The revision is approved for export.
    pub approved: bool,
}

/// An exported file and what the writer had to change or could not do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub text: String,
    /// One line each: dropped characters (naming the key and the count), invalid language tags, repeated keys.
    pub warnings: Vec<String>,
}

/// Warns about a language tag that is not of the `xs:language` form.
fn check_language(warnings: &mut Vec<String>, which: &str, tag: &str) {
    if !crate::store::is_language_tag(tag) {
        warnings.push(format!(
            "{which} language {:?} is not a valid language tag (like `en` or `zh-Hans`); readers may reject the file",
            escape_controls(tag, &[], EscapeForm::Rust)
        ));
    }
}

/// Adds a warning when `dropped` characters were left out of `what`.
fn warn_dropped(warnings: &mut Vec<String>, what: &str, dropped: usize) {
    if dropped > 0 {
        warnings.push(format!(
            "{what}: dropped {dropped} character{} that XML 1.0 does not allow",
            if dropped == 1 { "" } else { "s" }
        ));
    }
}
