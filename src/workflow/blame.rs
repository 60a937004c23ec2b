//! Blame: for each segment, the revision that last changed its words.

use super::history::{Revisions, compare_revisions};
use super::proposal::trailer;
use super::{WorkflowError, Workspace};
use crate::diff::Status;
use crate::store::CommitInfo;
use crate::text::Document;

/// Who last changed one segment.
#[derive(Debug, Clone)]
pub struct Blame {
    pub key: String,
    pub commit: CommitInfo,
    /// When the change came from a review: the proposal's name and its author
    /// (the commit's author is the reviewer).
    pub proposal: Option<(String, String)>,
}

/// For each segment of `version` as committed now, the commit that last
/// changed its words. Re-wrapping and renumbering do not count: a segment is
/// followed back through every revision in which its row is unchanged.
pub fn blame(
    ws: &Workspace,
    doc: &str,
    version: &str,
) -> Result<(Document, Vec<Blame>), WorkflowError> {
    let head = ws.head()?;
    let meta = ws.document_at(head, doc)?;
    ws.version_meta(doc, &meta, version, "HEAD")?;
    let mut revisions = Revisions::new(ws, doc, version);
    let now = revisions.at(Some(head))?;
    let ids = blame_ids(ws, doc, version, &mut revisions)?;
    let blames = ids
        .into_iter()
        .zip(&now.segments)
        .filter_map(|(c, seg)| {
            let c = c?;
            let proposal = trailer(&c.message, "Emend-Proposal")
                .zip(trailer(&c.message, "Emend-Proposer"))
                .filter(|_| c.summary.starts_with("review "))
                .map(|(n, p)| (n.to_string(), p.to_string()));
            Some(Blame {
                key: seg.key.clone(),
                commit: c,
                proposal,
            })
        })
        .collect();
    Ok(((*now).clone(), blames))
}

/// The last-change commit of each segment of the version at HEAD, by index.
pub(crate) fn blame_ids(
    ws: &Workspace,
    doc: &str,
    version: &str,
    revisions: &mut Revisions<'_>,
) -> Result<Vec<Option<CommitInfo>>, WorkflowError> {
    let head = ws.head()?;
    let path = ws.layout.version_file(doc, version);
    let commits = ws.store.history(&path, head)?;
    let now = revisions.at(Some(head))?;
    let n = now.segments.len();
    let mut result: Vec<Option<CommitInfo>> = vec![None; n];
    // Where each segment of HEAD sits in the revision being looked at.
    let mut tracking: Vec<Option<usize>> = (0..n).map(Some).collect();
    let mut open = n;
    for info in commits {
        if open == 0 {
            break;
        }
        let new = revisions.at(Some(info.id))?;
        let old = revisions.at(info.parents.first().copied())?;
        let cmp = compare_revisions(&old, &new);
        let mut row_of_b = vec![usize::MAX; new.segments.len()];
        for (k, r) in cmp.rows.iter().enumerate() {
            for &j in &r.b {
                row_of_b[j] = k;
            }
        }
        for (h, place) in tracking.iter_mut().enumerate() {
            let Some(p) = *place else { continue };
            let Some(row) = cmp.rows.get(row_of_b.get(p).copied().unwrap_or(usize::MAX)) else {
                *place = None;
                open -= 1;
                continue;
            };
            if row.status == Status::Unchanged && row.a.len() == 1 {
                *place = Some(row.a[0]);
            } else {
                result[h] = Some(info.clone());
                *place = None;
                open -= 1;
            }
        }
    }
    Ok(result)
}
