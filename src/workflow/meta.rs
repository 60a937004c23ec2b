//! Changing what `document.json` records: a document's title, citation, source and
//! licence, and a version's language, role, translator, source version, title and note.
//!
//! One commit holds the change, and its message names the fields. A `document.json`
//! whose versions' sources (`from`) do not hold together can be mended here: it is read
//! without that check, and the result is checked as every reader checks it.

use git2::Oid;

use super::edit::commit_message;
use super::{WorkflowError, Workspace};
use crate::store::{
    Author, CommitRequest, CommitTime, DocumentMeta, LanguageTag, Role, StoreError, validate_id,
};

/// One field of `document.json` and its new value. `None` removes an optional field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetaChange {
    /// The document's title, or a version's own (a translated title).
    Title(Option<String>),
    /// How to cite the document (the document's only).
    Citation(Option<String>),
    /// Where its text comes from (the document's only).
    Source(Option<String>),
    /// Its licence (the document's only).
    License(Option<String>),
    /// A version's language.
    Language(LanguageTag),
    Role(Role),
    /// The version it is translated or derived from.
    From(Option<String>),
    Translator(Option<String>),
    Note(Option<String>),
}

impl MetaChange {
    /// The field's name in `document.json`.
    pub fn field(&self) -> &'static str {
        match self {
            MetaChange::Title(_) => "title",
            MetaChange::Citation(_) => "citation",
            MetaChange::Source(_) => "source",
            MetaChange::License(_) => "license",
            MetaChange::Language(_) => "language",
            MetaChange::Role(_) => "role",
            MetaChange::From(_) => "from",
            MetaChange::Translator(_) => "translator",
            MetaChange::Note(_) => "note",
        }
    }

    /// The field belongs to a version (`Some(true)`), to the document (`Some(false)`),
    /// or to either (`None`: a title).
    fn of_version(&self) -> Option<bool> {
        match self {
            MetaChange::Title(_) => None,
            MetaChange::Citation(_) | MetaChange::Source(_) | MetaChange::License(_) => Some(false),
            _ => Some(true),
        }
    }
}

/// What `emend set` needs.
#[derive(Debug, Clone)]
pub struct SetRequest {
    pub doc: String,
    /// The version whose fields change; `None` for the document's.
    pub version: Option<String>,
    pub changes: Vec<MetaChange>,
    pub message: Option<String>,
    pub author: Author,
    pub time: Option<CommitTime>,
    /// Overwrite uncommitted edits of `document.json`.
    pub force: bool,
}

/// One field that changed: its name and its values before and after (`None`: absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// What [`set`] did: the fields whose values changed, and the commit (none when nothing did).
#[derive(Debug, Clone)]
pub struct SetOutcome {
    pub changed: Vec<FieldChange>,
    pub commit: Option<Oid>,
}

/// Sets fields of a document's or a version's entry in `document.json`, in one commit.
pub fn set(ws: &Workspace, req: &SetRequest) -> Result<SetOutcome, WorkflowError> {
    validate_id("document", &req.doc)?;
    if let Some(v) = &req.version {
        validate_id("version", v)?;
    }
    for change in &req.changes {
        if let Some(of_version) = change.of_version()
            && of_version != req.version.is_some()
        {
            return Err(WorkflowError::MisplacedField {
                field: change.field(),
                of_version,
            });
        }
    }
    let mut changed = Vec::new();
    let commit = ws.commit_fresh(|head| {
        let head = head.ok_or(WorkflowError::EmptyStore)?;
        let path = ws.layout.document_json(&req.doc);
        let mut meta = ws.document_fields_at(head, &req.doc)?;
        let was_sound = meta.check_sources(&path).is_ok();
        changed = apply(ws, &mut meta, req)?;
        match meta.check_sources(&path) {
            Ok(()) => {}
            // A loop the request would make, in a file that had none.
            Err(StoreError::BadSource {
                version, detail, ..
            }) if was_sound => {
                return Err(WorkflowError::SourceLoop {
                    doc: req.doc.clone(),
                    version,
                    detail,
                });
            }
            Err(e) => return Err(e.into()),
        }
        if changed.is_empty() {
            return Ok(None);
        }
        let fields: Vec<&str> = changed.iter().map(|c| c.field).collect();
        let what = match &req.version {
            Some(v) => format!("set {} of {v} in {}", fields.join(", "), req.doc),
            None => format!("set {} of {}", fields.join(", "), req.doc),
        };
        let mut commit = CommitRequest::new(
            commit_message(&what, req.message.as_deref()),
            req.author.clone(),
        );
        commit.time = req.time;
        commit.refuse_dirty = !req.force;
        commit.changes = vec![(path, Some(meta.to_bytes()))];
        Ok(Some(commit))
    })?;
    Ok(SetOutcome { changed, commit })
}

/// Applies the request's changes to `meta`, and says which values changed.
fn apply(
    ws: &Workspace,
    meta: &mut DocumentMeta,
    req: &SetRequest,
) -> Result<Vec<FieldChange>, WorkflowError> {
    let known: Vec<String> = meta.versions.iter().map(|v| v.id.clone()).collect();
    let mut changed = Vec::new();
    let mut note = |field, old: &mut Option<String>, new: &Option<String>| {
        if old != new {
            changed.push(FieldChange {
                field,
                old: old.clone(),
                new: new.clone(),
            });
            old.clone_from(new);
        }
    };
    match &req.version {
        None => {
            for change in &req.changes {
                let slot = match change {
                    MetaChange::Title(_) => &mut meta.title,
                    MetaChange::Citation(_) => &mut meta.citation,
                    MetaChange::Source(_) => &mut meta.source,
                    _ => &mut meta.license,
                };
                note(change.field(), slot, &value_of(change));
            }
        }
        Some(id) => {
            // The usual error for a version the document does not have.
            ws.version_meta(&req.doc, meta, id, "HEAD")?;
            let Some(v) = meta.versions.iter_mut().find(|v| &v.id == id) else {
                unreachable!("version_meta found it");
            };
            for change in &req.changes {
                match change {
                    MetaChange::Language(tag) => {
                        note(
                            change.field(),
                            &mut Some(v.language.clone()),
                            &value_of(change),
                        );
                        v.language = tag.to_string();
                    }
                    MetaChange::Role(role) => {
                        note(
                            change.field(),
                            &mut Some(v.role.name().into()),
                            &value_of(change),
                        );
                        v.role = *role;
                    }
                    MetaChange::From(Some(from)) if !known.contains(from) => {
                        return Err(WorkflowError::UnknownSource {
                            doc: req.doc.clone(),
                            from: from.clone(),
                            known: known.clone(),
                        });
                    }
                    MetaChange::From(from) => note(change.field(), &mut v.from, from),
                    MetaChange::Translator(_) => {
                        note(change.field(), &mut v.translator, &value_of(change))
                    }
                    MetaChange::Note(_) => note(change.field(), &mut v.note, &value_of(change)),
                    _ => note(change.field(), &mut v.title, &value_of(change)),
                }
            }
        }
    }
    Ok(changed)
}

/// The new value of a field, as text; an empty text removes an optional field.
fn value_of(change: &MetaChange) -> Option<String> {
    match change {
        MetaChange::Title(t)
        | MetaChange::Citation(t)
        | MetaChange::Source(t)
        | MetaChange::License(t)
        | MetaChange::Translator(t)
        | MetaChange::Note(t)
        | MetaChange::From(t) => t.clone().filter(|t| !t.trim().is_empty()),
        MetaChange::Language(tag) => Some(tag.to_string()),
        MetaChange::Role(role) => Some(role.name().to_string()),
    }
}
