//! Word documents of what the store holds: who made the changes of a tracked-changes
//! document, and a proposal as tracked changes by its author.

use git2::Oid;

use super::proposal::{Proposal, load_proposal};
use super::review::{RowState, plan_for};
use super::{WorkflowError, Workspace};
use crate::align::Mode;
use crate::diff::{CompareOptions, compare};
use crate::docx::{ChangeAuthor, WrittenDocx, tracked_docx};
use crate::store::{Author, CommitTime};
use crate::text::{self, Document, segment};

/// Who made the changes of a tracked-changes document: a name, and the time in UTC as Word
/// writes it (`2026-11-28T09:00:00Z`).
pub fn change_author(author: &Author, time: CommitTime) -> ChangeAuthor {
    let utc = CommitTime {
        seconds: time.seconds,
        offset_minutes: 0,
    };
    let iso = utc.iso8601();
    ChangeAuthor {
        name: author.name.clone(),
        date: iso
            .strip_suffix("+00:00")
            .map_or(iso.clone(), |d| format!("{d}Z")),
    }
}

/// The author of the changes a revision made: the commit's author, at its time.
pub fn revision_author(ws: &Workspace, commit: Oid) -> Result<ChangeAuthor, WorkflowError> {
    let info = ws.store.commit_info(commit)?;
    Ok(change_author(&info.author, info.time))
}

/// A proposal written as a Word document.
pub struct ProposalDocx {
    pub proposal: Proposal,
    pub docx: WrittenDocx,
    /// Rows still to decide whose paragraphs the current text changed since
    /// the proposal was made: their labels, and whether the change is a
    /// conflict (the same words) or apart (other words: accepting takes both).
    /// The document shows the text the proposal was made from.
    pub changed_since: Vec<(String, bool)>,
}

/// Proposal `name` as a Word document for an editor: the proposed text with every change
/// from the proposal's base as a tracked change by the proposer, each row's keys a bookmark.
pub fn proposal_docx(ws: &Workspace, name: &str) -> Result<ProposalDocx, WorkflowError> {
    let p = load_proposal(ws, name)?;
    let path = ws.layout.version_file(&p.doc, &p.version);
    let read = |commit| -> Result<Document, WorkflowError> {
        let bytes = ws.store.read_at(commit, &path)?.unwrap_or_default();
        Ok(segment(&text::decode_owned(bytes, &path)?))
    };
    let (base, theirs) = (read(p.base)?, read(p.head)?);
    let cmp = compare(
        &base,
        &theirs,
        &CompareOptions {
            mode: Some(Mode::SameLanguage),
            ..Default::default()
        },
    );
    let language = ws
        .document_at(p.head, &p.doc)?
        .version(&p.version)
        .map(|v| v.language.clone());
    let title =
        crate::docx::review::proposal_title(&p.name, &p.version, &p.doc, &p.head.to_string());
    let who = change_author(&p.author, p.date);
    let docx = tracked_docx(&base, &theirs, &cmp, &who, &title, language.as_deref());
    // What the current text changed since: worked out only when it differs from
    // the base (a closed proposal, its branch left over, has no row to decide).
    let head = ws.head()?;
    let changed_since = if ws.store.read_at(head, &path)? == ws.store.read_at(p.base, &path)? {
        Vec::new()
    } else {
        plan_for(ws, p.clone(), head)?
            .merge
            .pending()
            .filter(|(_, r)| r.state == RowState::Conflict || r.changed_apart())
            .map(|(_, r)| (r.label(), r.state == RowState::Conflict))
            .collect()
    };
    Ok(ProposalDocx {
        proposal: p,
        docx,
        changed_since,
    })
}
