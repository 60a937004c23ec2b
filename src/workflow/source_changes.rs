//! What the source of a stale segment was, and how it changed since the translation last
//! changed or confirmed it: for `status --show`, and for the exports that hand a stale
//! segment to a translator with its previous source.

use std::collections::HashMap;

use git2::Oid;

use super::revisions::compare_revisions;
use super::sections::Sections;
use super::status::{Stale, stale_of};
use super::{WorkflowError, Workspace};
use crate::diff::{Comparison, Op, RowDiff, Status, side_text};
use crate::store::VersionMeta;
use crate::text::Document;

/// The rows of `cmp` (the source then against the source `now`) that touch `stale`'s source
/// keys and changed.
fn changed_rows<'c>(
    cmp: &'c Comparison,
    now: &'c Document,
    stale: &'c Stale,
) -> impl Iterator<Item = &'c RowDiff> {
    cmp.rows.iter().filter(|row| {
        let touches = row.b.iter().any(|&j| {
            stale
                .source_keys
                .iter()
                .any(|k| k == now.segments[j].key.as_str())
        });
        touches && (row.status != Status::Unchanged || row.moved)
    })
}

/// Calls `each` with every one of `stale` (segments of a version made from `from`), the
/// source when it was last translated or confirmed, the source now, and the comparison of
/// the two: the source is read and compared once per such revision, however many segments
/// share it.
fn by_revision(
    ws: &Workspace,
    doc: &str,
    from: &str,
    stale: &[Stale],
    mut each: impl FnMut(&Stale, &Document, &Document, &Comparison),
) -> Result<(), WorkflowError> {
    if stale.is_empty() {
        return Ok(());
    }
    let now = ws.document(doc, from, None)?;
    let mut by_since: Vec<(Oid, Vec<&Stale>)> = Vec::new();
    for s in stale {
        let since = s.since().id;
        match by_since.iter_mut().find(|(at, _)| *at == since) {
            Some((_, list)) => list.push(s),
            None => by_since.push((since, vec![s])),
        }
    }
    for (since, list) in by_since {
        let then = ws.document(doc, from, Some(since))?;
        let cmp = compare_revisions(&then, &now);
        for s in list {
            each(s, &then, &now, &cmp);
        }
    }
    Ok(())
}

/// For each of `stale` (segments of a version made from `from`), the text its source had
/// when the translation last changed or confirmed it: the source's rows then that changed
/// into its source keys, paragraphs joined by `"\n"`; by the segment's key. A segment whose
/// source is all new has none.
pub(crate) fn previous_sources(
    ws: &Workspace,
    doc: &str,
    from: &str,
    stale: &[Stale],
) -> Result<HashMap<String, String>, WorkflowError> {
    let mut out = HashMap::new();
    by_revision(ws, doc, from, stale, |s, then, now, cmp| {
        let texts: Vec<String> = changed_rows(cmp, now, s)
            .filter(|row| !row.a.is_empty())
            .map(|row| side_text(then, &row.a))
            .collect();
        if !texts.is_empty() {
            out.insert(s.key.clone(), texts.join("\n"));
        }
    })?;
    Ok(out)
}

/// A stale segment as a translator weighs it before confirming it: the segment, its text
/// now, and how its source changed since it was translated or confirmed.
#[derive(Debug, Clone)]
pub struct StaleSegment {
    pub stale: Stale,
    /// The segment's text in the version now.
    pub text: String,
    /// The word ops of each row of the source then (when the segment was last translated
    /// or confirmed) against the source now that touches the segment's source keys and
    /// changed.
    pub changes: Vec<Vec<Op>>,
}

/// The stale segments of `version` of `doc` in the sections `under`, each with its text and
/// its source's changes, in the version's order, and the version's metadata.
pub fn stale_segments_of(
    ws: &Workspace,
    doc: &str,
    version: &str,
    under: &Sections,
) -> Result<(VersionMeta, Vec<StaleSegment>), WorkflowError> {
    let head = ws.head()?;
    let meta = ws.document_at(head, doc)?;
    let v = ws.version_meta(doc, &meta, version, "HEAD")?;
    under.check(ws, doc, &[version])?;
    let mut stale = stale_of(ws, doc, version)?;
    under.narrow_stale(&mut stale);
    let weighed = weigh(ws, doc, &v, stale)?;
    Ok((v, weighed))
}

/// `stale` (the stale segments of version `v` of `doc`, as `status` found them), each with
/// its text and its source's changes.
pub fn weigh(
    ws: &Workspace,
    doc: &str,
    v: &VersionMeta,
    stale: Vec<Stale>,
) -> Result<Vec<StaleSegment>, WorkflowError> {
    let Some(from) = v.from.as_deref().filter(|_| !stale.is_empty()) else {
        return Ok(Vec::new());
    };
    let translation = ws.document(doc, &v.id, None)?;
    let mut changes: HashMap<String, Vec<Vec<Op>>> = HashMap::new();
    by_revision(ws, doc, from, &stale, |s, _, now, cmp| {
        let ops = changed_rows(cmp, now, s).filter_map(|row| row.ops.clone());
        changes.insert(s.key.clone(), ops.collect());
    })?;
    Ok(stale
        .into_iter()
        .map(|s| StaleSegment {
            text: translation
                .segments
                .iter()
                .find(|seg| seg.key.as_str() == s.key)
                .map(|seg| seg.text.to_string())
                .unwrap_or_default(),
            changes: changes.remove(&s.key).unwrap_or_default(),
            stale: s,
        })
        .collect())
}
