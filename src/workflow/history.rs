//! The history of a version, or of one segment of it, through renumbering and re-wrapping;
//! and each version's last change.

use std::collections::HashMap;

use git2::Oid;

use super::{WorkflowError, Workspace};
use crate::align::Mode;
use crate::diff::{CompareOptions, Comparison, Status, compare};
use crate::store::{CommitInfo, DocumentMeta, VersionMeta, short_id};
use crate::text::{self, Document, segment};

/// A version as `list` shows it: what `document.json` says, and its last change.
#[derive(Debug, Clone)]
pub struct Listed {
    pub meta: VersionMeta,
    /// The latest commit on the current branch that changed its file; `None` when none did.
    pub last_change: Option<CommitInfo>,
}

/// The document's metadata and each of its versions with its last change, at HEAD.
pub fn list_versions(
    ws: &Workspace,
    doc: &str,
) -> Result<(DocumentMeta, Vec<Listed>), WorkflowError> {
    let head = ws.head()?;
    let meta = ws.document_at(head, doc)?;
    let mut versions = Vec::new();
    for v in &meta.versions {
        let path = ws.layout.version_file(doc, &v.id);
        versions.push(Listed {
            meta: v.clone(),
            last_change: ws.store.history(&path, head)?.into_iter().next(),
        });
    }
    Ok((meta, versions))
}

/// One revision that changed a version.
#[derive(Debug, Clone)]
pub struct LogEntry {
    pub info: CommitInfo,
    /// Rows that differ from the revision before (all rows for the first).
    pub changed: usize,
    /// With `--key`: the segment's key at this revision, and what happened to it.
    pub key: Option<(String, Status)>,
}

/// Same-language comparison of two revisions of one version.
pub(crate) fn compare_revisions(old: &Document, new: &Document) -> Comparison {
    compare(
        old,
        new,
        &CompareOptions {
            mode: Some(Mode::SameLanguage),
            ..CompareOptions::default()
        },
    )
}

/// Documents read at revisions, cached by blob id (a revert reuses a blob).
pub(crate) struct Revisions<'w> {
    ws: &'w Workspace,
    path: String,
    cache: HashMap<Oid, std::rc::Rc<Document>>,
    empty: std::rc::Rc<Document>,
}

impl<'w> Revisions<'w> {
    pub fn new(ws: &'w Workspace, doc: &str, version: &str) -> Revisions<'w> {
        Revisions {
            ws,
            path: ws.layout.version_file(doc, version),
            cache: HashMap::new(),
            empty: std::rc::Rc::new(Document::default()),
        }
    }

    /// The version at `commit` (an empty document where the file is absent).
    pub fn at(&mut self, commit: Option<Oid>) -> Result<std::rc::Rc<Document>, WorkflowError> {
        let Some(commit) = commit else {
            return Ok(self.empty.clone());
        };
        let Some(blob) = self.ws.store.blob_id_at(commit, &self.path)? else {
            return Ok(self.empty.clone());
        };
        if let Some(doc) = self.cache.get(&blob) {
            return Ok(doc.clone());
        }
        let bytes = self
            .ws
            .store
            .read_at(commit, &self.path)?
            .unwrap_or_default();
        let name = format!("{} at {}", self.path, short_id(commit));
        let doc = std::rc::Rc::new(segment(&text::decode_owned(bytes, &name)?));
        self.cache.insert(blob, doc.clone());
        Ok(doc)
    }
}

/// The revisions that changed `version`, newest first, with how many rows each
/// changed. With `key`, only those that changed that segment's words or
/// structure, following the segment back through renumbering and re-wrapping
/// (a renumbered point keeps its history; re-wrapping is no change).
pub fn log(
    ws: &Workspace,
    doc: &str,
    version: &str,
    key: Option<&str>,
) -> Result<Vec<LogEntry>, WorkflowError> {
    let head = ws.head()?;
    let meta = ws.document_at(head, doc)?;
    ws.version_meta(doc, &meta, version, "HEAD")?;
    let path = ws.layout.version_file(doc, version);
    let commits = ws.store.history(&path, head)?;
    let mut revisions = Revisions::new(ws, doc, version);
    let mut following: Option<String> = match key {
        Some(k) => {
            let current = revisions.at(Some(head))?;
            if current.get(k).is_none() {
                return Err(WorkflowError::UnknownKey {
                    doc: doc.to_string(),
                    version: version.to_string(),
                    key: k.to_string(),
                });
            }
            Some(k.to_string())
        }
        None => None,
    };
    let mut entries = Vec::new();
    for info in commits {
        let new = revisions.at(Some(info.id))?;
        let old = revisions.at(info.parents.first().copied())?;
        let cmp = compare_revisions(&old, &new);
        let changed = cmp
            .rows
            .iter()
            .filter(|r| r.moved || r.status != Status::Unchanged)
            .count();
        let Some(k) = following.take() else {
            entries.push(LogEntry {
                info,
                changed,
                key: None,
            });
            continue;
        };
        let Some(row) = cmp
            .rows
            .iter()
            .find(|r| r.b.iter().any(|&j| new.segments[j].key == k))
        else {
            // The segment is not in this revision: its history ends above.
            break;
        };
        let before = row.a.first().map(|&i| old.segments[i].key.clone());
        if row.moved || row.status != Status::Unchanged {
            entries.push(LogEntry {
                info,
                changed,
                key: Some((k.clone(), row.status)),
            });
        }
        match before {
            Some(b) => following = Some(b),
            None => break,
        }
    }
    Ok(entries)
}
