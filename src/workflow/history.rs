//! The history of a version, or of one segment of it, through renumbering and re-wrapping;
//! and each version's last change.

use super::revisions::{RevisionDiff, Revisions};
use super::{WorkflowError, Workspace};
use crate::diff::Status;
use crate::store::{CommitInfo, DocumentMeta, VersionMeta};

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

/// The revisions that changed `version`, newest first, with how many rows each
/// changed. With `key`, only those that changed that segment's words or
/// structure, following the segment back through renumbering and re-wrapping
/// (a renumbered point keeps its history; re-wrapping is no change).
///
/// Merges are followed into every parent (see [`crate::store::Store::path_history`]):
/// a change made on another line of history is listed as its own commit. A
/// merge is listed only for what it changed itself: the rows whose text is in
/// none of its parents (a conflict resolved by hand), with the key when that
/// is the followed segment.
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
    let changes = ws.store.path_history(&path, head)?;
    let mut revisions = Revisions::new(ws, doc, version);
    // The followed segment at each change: its index and key there.
    let mut following: Vec<Option<(usize, String)>> = vec![None; changes.len()];
    if let Some(k) = key {
        let current = revisions.at(head)?;
        let Some(j) = current.segments.iter().position(|s| s.key == k) else {
            return Err(WorkflowError::UnknownKey {
                doc: doc.to_string(),
                version: version.to_string(),
                key: k.to_string(),
            });
        };
        if let Some(first) = following.first_mut() {
            *first = Some((j, k.to_string()));
        }
    }
    let mut entries = Vec::new();
    for (i, change) in changes.iter().enumerate() {
        if key.is_some() && following[i].is_none() {
            continue;
        }
        let new = (change.info.id, change.blob);
        let diffs = match change.parents.as_slice() {
            [] => vec![revisions.diff(None, new)?],
            parents => parents
                .iter()
                .map(|p| revisions.diff(Some((p.id, p.blob)), new))
                .collect::<Result<Vec<_>, _>>()?,
        };
        let Some((j, k)) = following[i].take() else {
            let (changed, listed) = match diffs.as_slice() {
                [one] => (one.changed, true),
                many => {
                    let own = own_changes(many);
                    (own, own > 0)
                }
            };
            if listed {
                entries.push(LogEntry {
                    info: change.info.clone(),
                    changed,
                    key: None,
                });
            }
            continue;
        };
        let places: Vec<_> = diffs.iter().map(|d| d.place(j)).collect();
        let Some(Some(first)) = places.first().copied() else {
            continue;
        };
        // A merge that kept the segment from one parent passes it there unlisted.
        let kept = places.iter().position(|p| p.is_some_and(|p| p.kept()));
        let (follow, listed) = match kept {
            Some(k) if places.len() > 1 => (vec![k], false),
            _ => ((0..places.len()).collect(), !first.kept()),
        };
        if listed {
            let changed = match diffs.as_slice() {
                [one] => one.changed,
                many => own_changes(many),
            };
            entries.push(LogEntry {
                info: change.info.clone(),
                changed,
                key: Some((k.clone(), first.status)),
            });
        }
        for p in follow {
            let (Some(place), Some(link)) = (places[p], change.parents.get(p)) else {
                continue;
            };
            if let (Some(a), Some(next)) = (place.a_first, link.next) {
                let before = place.a_key.map_or_else(|| k.clone(), str::to_string);
                following[next].get_or_insert((a, before));
            }
        }
    }
    Ok(entries)
}

/// The rows of a merge that differ from every parent: counted on the first
/// parent's comparison, a row whose newer segments some other parent has in
/// place is not the merge's own.
fn own_changes(diffs: &[RevisionDiff]) -> usize {
    let Some((first, others)) = diffs.split_first() else {
        return 0;
    };
    first
        .changed_rows()
        .into_iter()
        .filter(|b| {
            b.iter()
                .any(|&j| !others.iter().any(|d| d.place(j).is_some_and(|p| p.kept())))
        })
        .count()
}
