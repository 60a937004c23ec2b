//! What an export takes from the store: a version's text at a revision, and
//! for TMX/XLIFF its units aligned with the version it was made from.

use std::collections::{HashMap, HashSet};

use git2::Oid;

use super::approval::{Resolved, latest_approval};
use super::pair::compare_versions;
use super::sections::Sections;
use super::source_changes::previous_sources;
use super::status::stale_of;
use super::{Loaded, WorkflowError, Workspace};
use crate::diff::{Comparison, RowDiff, side_text};
use crate::export::{ExportMeta, Unit, UnitState};
use crate::store::{DocumentMeta, VersionRef};
use crate::text::{Document, SharedText, segment};

/// Which revision to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportRev {
    /// As committed on the current branch.
    Head,
    /// The latest approved revision; an error if there is none.
    Approved,
    /// Any git revision.
    Rev(String),
}

/// A version's text chosen for export, with what is known about it.
#[derive(Debug, Clone)]
pub struct ExportText {
    pub doc: String,
    pub document: DocumentMeta,
    pub loaded: Loaded,
    pub commit: Oid,
    /// The text is the version's latest approved text: at its revision, or at a later
    /// one that left it unchanged.
    pub approved: bool,
    /// The version's latest approval, and where its text was found on the current branch.
    pub approval: Option<Resolved>,
}

/// Loads `version` of `doc` at `rev` for export.
pub fn export_text(
    ws: &Workspace,
    doc: &str,
    version: &str,
    rev: &ExportRev,
) -> Result<ExportText, WorkflowError> {
    let vref = VersionRef {
        version: version.to_string(),
        rev: match rev {
            ExportRev::Head => None,
            ExportRev::Approved => Some("approved".to_string()),
            ExportRev::Rev(r) => Some(r.clone()),
        },
    };
    let loaded = ws.load(doc, &vref)?;
    let commit = loaded.commit.ok_or(WorkflowError::EmptyStore)?;
    let head = ws.head()?;
    let approval = latest_approval(ws, head, doc, version)?;
    // Approved when the text is the approved text: at the approved revision, or at a
    // later one that left the version as it was (the approval's own commit, say).
    let approved = match &approval {
        Some(a) if a.commit == Some(commit) || *rev == ExportRev::Approved => true,
        Some(Resolved {
            blob: Some(blob), ..
        }) => {
            let path = ws.layout.version_file(doc, version);
            ws.store.blob_id_at(commit, &path)? == Some(*blob)
        }
        _ => false,
    };
    let document = ws.document_at(commit, doc)?;
    Ok(ExportText {
        doc: doc.to_string(),
        document,
        loaded,
        commit,
        approved,
        approval,
    })
}

/// The units of a TMX or XLIFF export: each row of the alignment of the source
/// version (`source`, or the version's `from`) with the exported text, both at
/// the exported revision. A unit is `final` where the target text is as
/// approved, `initial` where the target is missing or (for the current
/// revision) stale, `translated` otherwise.
///
/// With `pending`, only the units still to translate (`initial`: the target missing or
/// stale), for a translator's CAT tool; the file comes back as a whole one does.
pub fn export_units(
    ws: &Workspace,
    ex: &ExportText,
    source: Option<&str>,
    pending: bool,
    under: &Sections,
) -> Result<(ExportMeta, Vec<Unit>), WorkflowError> {
    let version = &ex.loaded.meta.id;
    let source_id = source
        .map(str::to_string)
        .or_else(|| ex.loaded.meta.from.clone())
        .ok_or_else(|| WorkflowError::NoSource {
            doc: ex.doc.clone(),
            version: version.clone(),
        })?;
    let Paired {
        source: src,
        sdoc,
        tdoc,
        cmp,
    } = paired(ws, &ex.doc, &source_id, &ex.loaded, ex.commit)?;
    // A section may be named by the source's keys, which name the units, or the version's.
    under.require_in(Some(&ex.doc), &[version], &[&sdoc, &tdoc])?;

    // Target texts as approved, segment by segment.
    let head = ws.head()?;
    let approved_at = ex.approval.as_ref().and_then(|a| a.commit);
    let approved_texts: HashSet<SharedText> = match approved_at {
        Some(at) => {
            let text = ws.read_version_at(at, &ex.doc, version, "approved")?;
            segment(&text)
                .segments
                .into_iter()
                .map(|s| s.text)
                .collect()
        }
        None => HashSet::new(),
    };
    let stale_list = if ex.commit == head {
        stale_of(ws, &ex.doc, version)?
    } else {
        Vec::new()
    };
    // What the source said when each stale segment was translated, where the export pairs
    // the version with the source it is stale against.
    let previous = match ex.loaded.meta.from.as_deref() {
        Some(from) if from == source_id.as_str() => {
            previous_sources(ws, &ex.doc, from, &stale_list)?
        }
        _ => HashMap::new(),
    };
    let stale: HashSet<String> = stale_list.into_iter().map(|s| s.key).collect();
    let in_sections = |row: &&RowDiff| {
        row.a.iter().any(|&i| under.holds(&sdoc.segments[i].key))
            || row.b.iter().any(|&j| under.holds(&tdoc.segments[j].key))
    };
    let units: Vec<Unit> = cmp
        .rows
        .iter()
        .filter(in_sections)
        .map(|row| {
            let target = (!row.b.is_empty()).then(|| side_text(&tdoc, &row.b));
            let state = if target.is_none()
                || row
                    .b
                    .iter()
                    .any(|&j| stale.contains(tdoc.segments[j].key.as_str()))
            {
                UnitState::Initial
            } else if ex.approved
                || row
                    .b
                    .iter()
                    .all(|&j| approved_texts.contains(&tdoc.segments[j].text))
            {
                UnitState::Final
            } else {
                UnitState::Translated
            };
            // A row's stale segments' previous sources, each once.
            let mut was: Vec<&str> = Vec::new();
            for &j in &row.b {
                if let Some(p) = previous.get(tdoc.segments[j].key.as_str())
                    && !was.contains(&p.as_str())
                {
                    was.push(p);
                }
            }
            Unit {
                previous_source: (!was.is_empty()).then(|| was.join("\n")),
                ..Unit::new(
                    unit_key(row, &sdoc, &tdoc),
                    (!row.a.is_empty()).then(|| side_text(&sdoc, &row.a)),
                    target,
                    state,
                )
            }
        })
        .collect();
    let units = if pending {
        units
            .into_iter()
            .filter(|u| u.state == UnitState::Initial)
            .collect()
    } else {
        units
    };
    let meta = ExportMeta {
        document: ex.doc.clone(),
        title: ex.document.title.clone(),
        source_version: source_id,
        source_lang: src.meta.language.clone(),
        target_version: version.clone(),
        target_lang: ex.loaded.meta.language.clone(),
        revision: ex.commit.to_string(),
        approved: ex.approved,
    };
    Ok((meta, units))
}

/// A version and its source at one revision, aligned as the TMX and XLIFF exports pair them.
pub(crate) struct Paired {
    pub source: Loaded,
    pub sdoc: Document,
    pub tdoc: Document,
    pub cmp: Comparison,
}

/// Loads `source_id` of `doc` at `commit` and aligns it with `target`, the version at that commit.
pub(crate) fn paired(
    ws: &Workspace,
    doc: &str,
    source_id: &str,
    target: &Loaded,
    commit: Oid,
) -> Result<Paired, WorkflowError> {
    let source_ref = VersionRef {
        version: source_id.to_string(),
        rev: Some(commit.to_string()),
    };
    let source = ws.load(doc, &source_ref)?;
    let (sdoc, tdoc) = (segment(&source.text), segment(&target.text));
    let cmp = compare_versions(&sdoc, &source.meta.language, &tdoc, &target.meta.language);
    Ok(Paired {
        source,
        sdoc,
        tdoc,
        cmp,
    })
}

/// The name of a row's unit: the source's keys, which every translation shares, joined
/// by `+` (`preamble¶8+preamble¶9`); the target's where the source has none.
pub(crate) fn unit_key(row: &RowDiff, sdoc: &Document, tdoc: &Document) -> String {
    let keys: Vec<&str> = if row.a.is_empty() {
        row.b
            .iter()
            .map(|&j| tdoc.segments[j].key.as_str())
            .collect()
    } else {
        row.a
            .iter()
            .map(|&i| sdoc.segments[i].key.as_str())
            .collect()
    };
    keys.join("+")
}
