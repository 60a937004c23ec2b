//! Parts of a document named by a key (`--under genesis/1`), so that a translator of a
//! long text works on its stale segments a chapter or a section at a time.

use super::status::{Stale, VersionStatus};
use super::{WorkflowError, Workspace};
use crate::text::{Document, is_under};

/// The sections asked for, by key: a segment is in them when its key is one of theirs or is
/// made under one (see [`is_under`]). None asked for is the whole document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sections(Vec<String>);

impl Sections {
    /// The sections keyed `keys`; none is the whole document.
    pub fn new(keys: Vec<String>) -> Sections {
        Sections(keys)
    }

    /// The whole document: no section was asked for.
    pub fn is_whole(&self) -> bool {
        self.0.is_empty()
    }

    /// The sections' keys, as asked for.
    pub fn keys(&self) -> &[String] {
        &self.0
    }

    /// Whether the segment keyed `key` is in the sections.
    pub fn holds(&self, key: &str) -> bool {
        self.is_whole() || self.0.iter().any(|s| is_under(key, s))
    }

    /// Refuses a section that is not a key of any of `versions` of `doc` at HEAD (each
    /// once), so that a mistyped key is said, not taken as a section with nothing stale in
    /// it.
    pub fn check(&self, ws: &Workspace, doc: &str, versions: &[&str]) -> Result<(), WorkflowError> {
        if self.is_whole() {
            return Ok(());
        }
        let mut unique: Vec<&str> = Vec::new();
        for v in versions {
            if !unique.contains(v) {
                unique.push(v);
            }
        }
        let versions = unique.as_slice();
        let mut documents = Vec::new();
        for version in versions {
            // A source the document no longer has (removed since) holds no keys.
            let document = match ws.document(doc, version, None) {
                Err(WorkflowError::UnknownVersion { .. }) if versions.len() > 1 => continue,
                document => document?,
            };
            documents.push(document);
            let all: Vec<&Document> = documents.iter().collect();
            if self.missing_in(&all).is_none() {
                return Ok(());
            }
        }
        let all: Vec<&Document> = documents.iter().collect();
        self.require_in(Some(doc), versions, &all)
    }

    /// Refuses a section that is no segment's key in any of `documents`, naming them as
    /// `names`: versions of `doc`, or texts named by their labels alone (files, or versions
    /// that `show`, `diff` and `compare` name as they were given) when there is no `doc`.
    pub fn require_in(
        &self,
        doc: Option<&str>,
        names: &[&str],
        documents: &[&Document],
    ) -> Result<(), WorkflowError> {
        match self.missing_in(documents) {
            None => Ok(()),
            Some(key) => Err(WorkflowError::UnknownSection {
                doc: doc.map(str::to_string),
                names: names.iter().map(|n| n.to_string()).collect(),
                key: key.clone(),
            }),
        }
    }

    /// The first section that is no segment's key in any of `documents`.
    fn missing_in(&self, documents: &[&Document]) -> Option<&String> {
        self.0.iter().find(|s| {
            !documents
                .iter()
                .any(|d| d.segments.iter().any(|seg| &*seg.key == s.as_str()))
        })
    }

    /// Keeps the stale segments in the sections.
    pub fn narrow_stale(&self, stale: &mut Vec<Stale>) {
        stale.retain(|s| self.holds(&s.key));
    }

    /// Keeps a version's stale and untranslated segments in the sections (the untranslated
    /// by their source's keys).
    pub fn narrow(&self, v: &mut VersionStatus) {
        self.narrow_stale(&mut v.stale);
        v.untranslated.retain(|k| self.holds(k));
    }
}
