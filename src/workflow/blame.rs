//! Blame: for each segment, the revision that last changed its words.

use super::proposal::trailer;
use super::revisions::Revisions;
use super::{WorkflowError, Workspace};
use crate::diff::Status;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use crate::store::{CommitInfo, VersionRef};
use crate::text::Document;
use git2::Oid;

/// Who last changed one segment.
#[derive(Debug, Clone)]
pub struct Blame {
    pub key: String,
    /// Shared by every segment it last changed.
    pub commit: Rc<CommitInfo>,
    /// When the change came from a review: the proposal's name and its author
    /// (the commit's author is the reviewer).
    pub proposal: Option<(String, String)>,
}

/// For each segment of a version as committed now, or at the revision `vref`
/// names (`fr@HEAD~2`, `fr@approved`), the commit that last changed its words.
/// Re-wrapping and renumbering do not count: a segment is followed back through
/// every revision in which its row is unchanged.
pub fn blame(
    ws: &Workspace,
    doc: &str,
    vref: &VersionRef,
) -> Result<(Document, Vec<Blame>), WorkflowError> {
    let version = vref.version.as_str();
    let (tip, _) = ws.version_at(doc, vref)?;
    let mut revisions = Revisions::new(ws, doc, version);
    let now = revisions.at(tip)?;
    let ids = blame_ids(ws, doc, version, tip, &mut revisions)?;
    // The proposal a commit reviewed is read from its message once, not once per segment.
    let mut reviewed: FxHashMap<*const CommitInfo, Option<(String, String)>> = FxHashMap::default();
    let blames = ids
        .into_iter()
        .zip(&now.segments)
        .filter_map(|(c, seg)| {
            let c = c?;
            let proposal = reviewed
                .entry(Rc::as_ptr(&c))
                .or_insert_with(|| {
                    trailer(&c.message, "Emend-Proposal")
                        .zip(trailer(&c.message, "Emend-Proposer"))
                        .filter(|_| c.summary.starts_with("review "))
                        .map(|(n, p)| (n.to_string(), p.to_string()))
                })
                .clone();
            Some(Blame {
                key: seg.key.to_string(),
                commit: c,
                proposal,
            })
        })
        .collect();
    // The revisions' window holds the text too: let it go, so the text is not copied.
    drop(revisions);
    let now = Rc::try_unwrap(now).unwrap_or_else(|now| (*now).clone());
    Ok((now, blames))
}

/// The last-change commit of each segment of the version at `tip`, by index.
///
/// Each segment is followed down the history while its row is unchanged (it
/// may be renumbered or re-wrapped); at a merge, into the first parent that has
/// it unchanged, so that a change made on another line of history is credited
/// to the commit that made it; a segment that no parent has unchanged was
/// changed by the merge itself.
pub(crate) fn blame_ids(
    ws: &Workspace,
    doc: &str,
    version: &str,
    tip: Oid,
    revisions: &mut Revisions<'_>,
) -> Result<Vec<Option<Rc<CommitInfo>>>, WorkflowError> {
    let path = ws.layout.version_file(doc, version);
    let changes = ws.store.path_history(&path, tip)?;
    // The segments at HEAD, from the comparison that made them (cached), not from the text.
    let n = match changes.first() {
        Some(c) => {
            let parent = c.parents.first().map(|p| (p.id, p.blob));
            revisions.diff(parent, (c.info.id, c.blob))?.new_len()
        }
        None => 0,
    };
    let mut result: Vec<Option<Rc<CommitInfo>>> = vec![None; n];
    // At each change, the segments of HEAD that reach it: (index at HEAD, index there).
    let mut pending: Vec<Vec<(usize, usize)>> = vec![Vec::new(); changes.len()];
    if let Some(first) = pending.first_mut() {
        *first = (0..n).map(|h| (h, h)).collect();
    }
    let mut open = if changes.is_empty() { 0 } else { n };
    for (i, change) in changes.iter().enumerate() {
        if open == 0 {
            break;
        }
        let here = std::mem::take(&mut pending[i]);
        if here.is_empty() {
            continue;
        }
        let new = (change.info.id, change.blob);
        let mut diffs = Vec::with_capacity(change.parents.len());
        for p in &change.parents {
            diffs.push(revisions.diff(Some((p.id, p.blob)), new)?);
        }
        // One shared record for every segment this change is the last change of.
        let info = Rc::new(change.info.clone());
        for (h, at) in here {
            let passed = diffs.iter().zip(&change.parents).find_map(|(d, link)| {
                let place = d.place(at)?;
                let a = place
                    .a_first
                    .filter(|_| place.status == Status::Unchanged && place.a_len == 1)?;
                Some((link.next?, a))
            });
            match passed {
                Some((next, a)) => pending[next].push((h, a)),
                None => {
                    result[h] = Some(Rc::clone(&info));
                    open -= 1;
                }
            }
        }
    }
    Ok(result)
}
