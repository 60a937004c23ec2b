//! What people do with a store: add and update versions, read them at any
//! revision, follow their history and blame, see their status, propose
//! corrections and review them, approve a revision and export it.
//!
//! This layer joins the store (git) to the text engine: the store hands out
//! bytes, [`crate::text`] decodes and segments them, [`crate::diff`] compares,
//! [`crate::export`] and [`crate::docx`] write what the exports need. It
//! prints nothing: the command line renders what it returns.

mod approval;
mod blame;
mod confirm;
mod confirmation;
mod edit;
mod export;
mod history;
mod meta;
mod pair;
mod proposal;
mod record_file;
mod remove;
mod review;
mod revisions;
mod sections;
mod source_changes;
mod status;
mod sync;
mod word;
mod xliff;

use git2::Oid;

use crate::store::{
    CommitRequest, DocumentMeta, Layout, Store, StoreError, VersionMeta, VersionRef, validate_id,
};
use crate::text::{self, TextError};

pub use approval::{
    Approval, Approvals, Finder, Found, Resolved, StoredApproval, approvals_at, approve,
    latest_approval, resolve,
};
pub use blame::{Blame, blame};
pub use confirm::{ConfirmRequest, Confirmed, confirm};
pub use confirmation::{Confirmation, confirmations_at};
pub use edit::{AddRequest, UpdateRequest, add, commit_message, update};
pub use export::{ExportRev, ExportText, export_text, export_units};
pub use history::{Listed, LogEntry, list_versions, log};
pub use meta::{FieldChange, MetaChange, SetOutcome, SetRequest, set};
pub use proposal::{
    BRANCH_PREFIX, Proposal, ProposalCopy, ProposeRequest, drop_local_branch, load_proposal,
    proposals, propose,
};
pub use remove::{RemoveRefused, RemoveRequest, remove};
pub(crate) use review::first_of;
pub use review::{
    Change, Decision, DecisionFlags, History, Merge, MergeRow, Merged, ProposalState, RecordRow,
    ReviewOutcome, ReviewPlan, ReviewRecord, ReviewRequest, ReviewSummary, RowState, StoredRecord,
    Verdict, changes, open_proposals, partial_text, plan_review, proposal_states, records_at,
    records_dir, review, row_label,
};
pub use review::{
    DecidedTwice, Disagreement, ReviewSource, WordNote, WordReview, disagreements, word_decisions,
};
pub use sections::Sections;
pub use source_changes::{StaleSegment, stale_segments_of, weigh};
pub use status::{Stale, VersionStatus, count_stale, status};
pub use sync::{Held, Integrated, SyncReport, SyncRequest, sync};
pub use word::{ProposalDocx, change_author, proposal_docx, revision_author};
pub use xliff::{XliffText, is_xliff, text_from_xliff};

/// Why a workflow step could not be done. Messages state the facts; what to do about one (the
/// command or flag to use) is the command line's to say.
#[derive(Debug, thiserror::Error)]
pub enum WorkflowError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Text(#[from] TextError),
    /// A Word document returned as a review that cannot be read as one.
    #[error(transparent)]
    WordReview(#[from] crate::docx::review::ReviewFileError),
    /// No such document in the store.
    #[error("no document {doc:?} {at}{known}")]
    UnknownDocument {
        doc: String,
        /// `in this store`, or `at HEAD~2` (the revision it was looked for at).
        at: String,
        known: String,
    },
    /// No such version of a document.
    #[error("document {doc} has no version {version:?} at {at}{known}")]
    UnknownVersion {
        doc: String,
        version: String,
        at: String,
        known: String,
    },
    /// An XLIFF file given back that cannot be read as one emend exported.
    #[error("{file}: not an XLIFF file emend exported: {detail}")]
    BadXliff { file: String, detail: String },
    /// An XLIFF file exported from another document or version.
    #[error("{file} is an XLIFF file of {what} {found}, not {expected}")]
    XliffMismatch {
        file: String,
        what: String,
        expected: String,
        found: String,
    },
    /// An XLIFF file exported at a revision this store's branch does not have.
    #[error(
        "{file} was exported at {revision}, which is not in the history of this store's current branch"
    )]
    XliffRevision { file: String, revision: String },
    /// A version that changed after the XLIFF file given to replace its text was exported.
    #[error("{version} in {doc} changed after {file} was exported (at {}); taking the file's text would undo that change", crate::store::short_id(*.revision))]
    ChangedSinceXliff {
        file: String,
        doc: String,
        version: String,
        revision: Oid,
    },
    /// An XLIFF file given as the text of a new version.
    #[error(
        "the text given for the new version {version} of {doc} is an XLIFF file; a version is added from its text (Markdown, plain text or Word), and an XLIFF file comes back to the version it was exported from"
    )]
    XliffAdded { doc: String, version: String },
    /// A proposal's base that the current branch's history does not hold.
    #[error("a proposal cannot start from {base}: it is not in the history of the current branch")]
    BaseNotInHistory { base: Oid },
    /// A unit of an XLIFF file that names no row of the version at the exported revision.
    #[error("{file}: unit {unit:?} is no row of {version} as exported at {}", crate::store::short_id(*.revision))]
    XliffUnit {
        file: String,
        unit: String,
        version: String,
        revision: Oid,
    },
    /// A field given for a version that only the document has, or the other way round.
    #[error("{field} belongs to {}", if *.of_version { "a version, and no version was named" } else { "the document, not to one of its versions" })]
    MisplacedField {
        field: &'static str,
        /// The field is a version's.
        of_version: bool,
    },
    /// A change of sources that would make a version, through others, from itself.
    #[error("document {doc} was not changed: version {version}: {detail}")]
    SourceLoop {
        doc: String,
        version: String,
        detail: String,
    },
    /// A new version under an id the document has already.
    #[error("{doc} already has a version {version}")]
    VersionExists { doc: String, version: String },
    /// The store has no commits yet.
    #[error("the store has no commits yet")]
    EmptyStore,
    /// A new version is to be made from one the document does not have (`from`).
    #[error("document {doc} has no version {from}{}", known_versions(.known))]
    UnknownSource {
        doc: String,
        from: String,
        /// The versions it has (none when the document is new).
        known: Vec<String>,
    },
    /// A proposal under a name already used for another version.
    #[error("proposal {name} exists already, for {version} in {doc}")]
    ProposalExists {
        name: String,
        doc: String,
        version: String,
    },
    /// A new text that is empty (or only spaces) for a version that has text: more often
    /// a wrong file, an editor that saved nothing or a command that failed in a pipe than
    /// a wish to delete it all. The request says when it is meant (`allow_empty`).
    #[error(
        "the new text of {version} in {doc} is empty, and taking it would delete all of its text; nothing was changed"
    )]
    EmptyText { doc: String, version: String },
    /// `propose` of a text identical to the current one.
    #[error("the proposed text is the same as {version}'s current text; nothing to propose")]
    NothingProposed { version: String },
    /// A branch under proposals/ that is not an emend proposal.
    #[error("proposals/{name} is not an emend proposal: {detail}")]
    BadProposal { name: String, detail: String },
    /// No such proposal.
    #[error("no open proposal {name:?}")]
    UnknownProposal { name: String },
    /// A document was asked for by the name of a proposal.
    #[error("no document {name:?} in this store; {name} is a proposal for {doc}")]
    ProposalNotDocument { name: String, doc: String },
    /// A review flag names a key that is in no changed row.
    #[error(
        "{key:?} is not a key of a changed row of proposal {proposal}; its changed rows are: {rows}"
    )]
    UnknownRowKey {
        key: String,
        proposal: String,
        /// The rows to decide (and those decided before), the first ten of each.
        rows: String,
        /// False when some rows were left out of `rows`.
        all_listed: bool,
    },
    /// A proposal whose tip was fully reviewed already.
    #[error(
        "proposal {name} is closed: every row of its tip {tip} was decided in the review by {by}; nothing is left to review{}",
        if *branch_left { format!("; its branch {BRANCH_PREFIX}{name} is left over (from another clone?)") } else { String::new() }
    )]
    ProposalClosed {
        name: String,
        tip: String,
        /// Reviewer, date and record file.
        by: String,
        /// Its branch is still there (fetched from another clone, say).
        branch_left: bool,
    },
    /// Change numbers given for a row that is taken whole.
    #[error(
        "row {key} is {status}: it is accepted or rejected whole; only a paragraph changed in place can be taken in part"
    )]
    NotInPart { key: String, status: String },
    /// A change number a row does not have.
    #[error("row {key} has changes 1 to {count}, not {number}")]
    NoSuchChange {
        key: String,
        number: usize,
        count: usize,
    },
    /// A row given two different decisions.
    #[error("row {key} is given two different decisions")]
    TwoDecisions { key: String },
    /// A row decided in an earlier review pass, given another decision.
    #[error(
        "row {key} of proposal {proposal} was {verdict} in an earlier review; a decision, once recorded, stands"
    )]
    DecidedBefore {
        key: String,
        proposal: String,
        verdict: String,
    },
    /// The approved revision of a version never approved.
    #[error("{version} in {doc} has no approved revision")]
    NoApproval { doc: String, version: String },
    /// The latest approval of a version names text that is not on the current branch.
    #[error(
        "the latest approval of {version} in {doc} ({by}) names commit {commit}, and neither it nor a revision with its text is on the current branch"
    )]
    ApprovalLost {
        doc: String,
        version: String,
        commit: String,
        /// Approver, date and record file.
        by: String,
    },
    /// An approval of a revision that is approved already.
    #[error("{version} in {doc} is approved already at {commit}; nothing to do")]
    AlreadyApproved {
        doc: String,
        version: String,
        commit: String,
    },
    /// TMX/XLIFF export of a version made from nothing.
    #[error(
        "{version} in {doc} was not made from another version, so there is no source to pair it with"
    )]
    NoSource { doc: String, version: String },
    /// Segments confirmed in a version that has no source version.
    #[error(
        "{version} in {doc} was not made from another version, so none of its segments can be stale"
    )]
    NotFromAnother { doc: String, version: String },
    /// A proposal for a version the current branch no longer has.
    #[error(
        "proposal {name} is for {version} of {doc}, which the current branch no longer has (it was removed after the proposal was made), so there is nothing to review it against"
    )]
    ProposalVersionRemoved {
        name: String,
        doc: String,
        version: String,
    },
    /// A version that cannot be removed: nothing was changed.
    #[error("{version} of {doc} is not removed: {why}; nothing was changed")]
    RemoveRefused {
        doc: String,
        version: String,
        why: RemoveRefused,
    },
    /// Segments named for confirmation that are not stale.
    #[error("{version} in {doc} has no stale segment {}{}", .keys.join(", "), stale_list(.stale))]
    NotStale {
        doc: String,
        version: String,
        keys: Vec<String>,
        /// The version's stale segments.
        stale: Vec<String>,
    },
    /// A file in the store that emend wrote cannot be read back.
    #[error("{path}: {detail}")]
    BadRecord { path: String, detail: String },
    /// Integrating the remote's branch would conflict: nothing was changed.
    #[error(
        "{theirs} and {branch} both changed the same part of {conflicts}, so they do not merge{reviewed}; nothing was changed (only {theirs} was fetched)"
    )]
    SyncConflict {
        theirs: String,
        branch: String,
        conflicts: String,
        /// Reviews of one proposal on both sides that decided rows
        /// differently, said as part of the message (empty when none).
        reviewed: String,
        /// The first conflicting version, as `DOC VERSION`.
        version: Option<String>,
    },
    /// The remote refused some of a push.
    #[error("remote {remote} refused {refs}")]
    PushRefused { remote: String, refs: String },
    /// A key that is not in the version.
    #[error("{version} has no segment with key {key:?}")]
    UnknownKey {
        doc: String,
        version: String,
        key: String,
    },
    /// A section (`--under KEY`) that none of the texts asked about has: versions of
    /// `doc`, or texts named by their labels alone (no `doc`).
    #[error("{}", no_section(.names, .doc.as_deref(), .key))]
    UnknownSection {
        doc: Option<String>,
        names: Vec<String>,
        key: String,
    },
}

/// `fr has no segment with key "31"`, `neither en nor fr of udhr has …`, `none of kjv,
/// web, asv has …`.
fn no_section(names: &[String], doc: Option<&str>, key: &str) -> String {
    let of = doc.map(|d| format!(" of {d}")).unwrap_or_default();
    match names {
        [one] => format!("{one} has no segment with key {key:?}"),
        [a, b] => format!("neither {a} nor {b}{of} has a segment with key {key:?}"),
        _ => format!(
            "none of {}{of} has a segment with key {key:?}",
            names.join(", ")
        ),
    }
}

/// `NotStale`'s list of the segments that are stale.
fn stale_list(stale: &[String]) -> String {
    if stale.is_empty() {
        "; it has none".into()
    } else {
        format!("; its stale segments: {}", first_of(stale))
    }
}

/// A store seen as documents and versions.
pub struct Workspace {
    pub store: Store,
    pub layout: Layout,
    /// The Markdown chunks of the last revision any history walk of this command read
    /// (see [`crate::text::segment_reusing`]): one for every walk, so that `status`,
    /// reading a translation's revisions after its source's (or both in turn), parses
    /// again only the chunks where the two differ.
    pub(crate) blocks: std::cell::RefCell<crate::text::BlockCache>,
}

/// A version's text at one revision.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub meta: VersionMeta,
    pub text: String,
    /// The commit it was read from; `None` for the work tree.
    pub commit: Option<Oid>,
    /// How to name it in output: `en-wilson`, `en-wilson@HEAD~1`, `en-wilson (work tree)`.
    pub label: String,
}

/// `known` as the end of a sentence about a missing version: the versions there are,
/// or that there are none yet.
fn known_versions(known: &[String]) -> String {
    if known.is_empty() {
        " (it has no versions yet)".to_string()
    } else {
        list_or_none(known.iter().cloned())
    }
}

/// Refuses `text` as the new text of `version` (now `current`) when it is empty and
/// the version has text, unless `allow_empty` (see [`WorkflowError::EmptyText`]).
fn refuse_emptying(
    doc: &str,
    version: &str,
    current: &[u8],
    text: &str,
    allow_empty: bool,
) -> Result<(), WorkflowError> {
    if !allow_empty && text.trim().is_empty() && !current.trim_ascii().is_empty() {
        return Err(WorkflowError::EmptyText {
            doc: doc.to_string(),
            version: version.to_string(),
        });
    }
    Ok(())
}

fn list_or_none(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        String::new()
    } else {
        format!(" (there are: {})", items.join(", "))
    }
}

/// How many times a write is rebuilt when other writers keep moving the branch.
const WRITE_ATTEMPTS: u32 = 64;

impl Workspace {
    /// Builds a commit on the current head and makes it, with that head as the
    /// compare-and-swap precondition. When another writer moved the branch in
    /// between, everything is read and built again on the new head, so no
    /// write is lost and none is based on stale metadata. `build` returning
    /// `None` means there is nothing to commit.
    pub(crate) fn commit_fresh(
        &self,
        mut build: impl FnMut(Option<Oid>) -> Result<Option<CommitRequest>, WorkflowError>,
    ) -> Result<Option<Oid>, WorkflowError> {
        // Before anything is read or asked: a merge's half-done files are not the version's text.
        self.store.refuse_during_operation()?;
        let mut attempt = 0;
        loop {
            let head = self.store.head_commit()?;
            let Some(mut req) = build(head)? else {
                return Ok(None);
            };
            req.expected_head = Some(head);
            match self.store.commit(&req) {
                Ok(id) => return Ok(Some(id)),
                Err(StoreError::UnexpectedHead { .. }) if attempt + 1 < WRITE_ATTEMPTS => {
                    attempt += 1;
                    let pause = u64::from(std::process::id() % 7 + attempt.min(20));
                    std::thread::sleep(std::time::Duration::from_millis(pause));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    pub fn new(store: Store) -> Workspace {
        let layout = Layout::new(store.root());
        Workspace {
            store,
            layout,
            blocks: Default::default(),
        }
    }

    /// The commit of HEAD; an error if the store has none yet.
    pub fn head(&self) -> Result<Oid, WorkflowError> {
        self.store.head_commit()?.ok_or(WorkflowError::EmptyStore)
    }

    /// The documents (folders with `document.json`) at `commit`, sorted.
    ///
    /// A `document.json` that cannot be read (a link, say) still makes its folder a document, so
    /// that reading it reports the problem instead of leaving the document out silently.
    pub fn documents_at(&self, commit: Oid) -> Result<Vec<String>, WorkflowError> {
        let mut docs = Vec::new();
        for (name, is_dir) in self.store.list_at(commit, self.layout.root())? {
            if is_dir
                && validate_id("document", &name).is_ok()
                && self
                    .store
                    .exists_at(commit, &self.layout.document_json(&name))?
            {
                docs.push(name);
            }
        }
        Ok(docs)
    }

    /// `document.json` of `doc` at `commit`.
    pub fn document_at(&self, commit: Oid, doc: &str) -> Result<DocumentMeta, WorkflowError> {
        self.document_at_labelled(commit, doc, None)
    }

    /// As [`Workspace::document_at`], without checking the versions' sources
    /// ([`DocumentMeta::parse_fields`]): for the command that mends them.
    pub(crate) fn document_fields_at(
        &self,
        commit: Oid,
        doc: &str,
    ) -> Result<DocumentMeta, WorkflowError> {
        self.read_document(commit, doc, None, DocumentMeta::parse_fields)
    }

    /// As [`Workspace::document_at`]; `label` names the revision in errors.
    fn document_at_labelled(
        &self,
        commit: Oid,
        doc: &str,
        label: Option<&str>,
    ) -> Result<DocumentMeta, WorkflowError> {
        self.read_document(commit, doc, label, DocumentMeta::parse)
    }

    /// `document.json` of `doc` at `commit`, read by `parse`; `label` names the revision in errors.
    fn read_document(
        &self,
        commit: Oid,
        doc: &str,
        label: Option<&str>,
        parse: fn(&[u8], &str) -> Result<DocumentMeta, StoreError>,
    ) -> Result<DocumentMeta, WorkflowError> {
        validate_id("document", doc)?;
        let path = self.layout.document_json(doc);
        match self.store.read_at(commit, &path)? {
            Some(bytes) => Ok(parse(&bytes, &path)?),
            None => Err(WorkflowError::UnknownDocument {
                doc: doc.to_string(),
                at: label.map_or_else(|| "in this store".to_string(), |l| format!("at {l}")),
                known: list_or_none(self.documents_at(commit)?.into_iter()),
            }),
        }
    }

    /// The commit a version reference of `doc` names: its revision, its
    /// latest approved revision (`@approved`), or HEAD.
    pub fn commit_of(&self, doc: &str, vref: &VersionRef) -> Result<Oid, WorkflowError> {
        match vref.rev.as_deref() {
            Some("approved") => {
                let head = self.head()?;
                let version = &vref.version;
                let Some(found) = latest_approval(self, head, doc, version)? else {
                    return Err(WorkflowError::NoApproval {
                        doc: doc.to_string(),
                        version: version.clone(),
                    });
                };
                found.commit.ok_or_else(|| found.lost(doc))
            }
            Some(rev) => Ok(self.store.resolve(rev)?),
            None => self.head(),
        }
    }

    /// The metadata of `version` in `meta`, or a clear error.
    pub fn version_meta(
        &self,
        doc: &str,
        meta: &DocumentMeta,
        version: &str,
        at: &str,
    ) -> Result<VersionMeta, WorkflowError> {
        meta.version(version)
            .cloned()
            .ok_or_else(|| WorkflowError::UnknownVersion {
                doc: doc.to_string(),
                version: version.to_string(),
                at: at.to_string(),
                known: list_or_none(meta.versions.iter().map(|v| v.id.clone())),
            })
    }

    /// Reads and decodes a version's file at `commit`.
    pub fn read_version_at(
        &self,
        commit: Oid,
        doc: &str,
        version: &str,
        label: &str,
    ) -> Result<String, WorkflowError> {
        let path = self.layout.version_file(doc, version);
        match self.store.read_at(commit, &path)? {
            Some(bytes) => Ok(text::decode_owned(bytes, &format!("{path} ({label})"))?),
            None => Err(WorkflowError::UnknownVersion {
                doc: doc.to_string(),
                version: version.to_string(),
                at: label.to_string(),
                known: format!(" ({path} is missing)"),
            }),
        }
    }

    /// The commit a reference names and the version's metadata there; a document or
    /// version not there is said at the revision, as git would (`no version "darby"
    /// at HEAD~1`).
    pub fn version_at(
        &self,
        doc: &str,
        vref: &VersionRef,
    ) -> Result<(Oid, VersionMeta), WorkflowError> {
        let commit = self.commit_of(doc, vref)?;
        let meta = self.document_at_labelled(commit, doc, vref.rev.as_deref())?;
        let at = vref.rev.as_deref().unwrap_or("HEAD");
        Ok((commit, self.version_meta(doc, &meta, &vref.version, at)?))
    }

    /// A version at the revision a reference names (HEAD when it names none).
    pub fn load(&self, doc: &str, vref: &VersionRef) -> Result<Loaded, WorkflowError> {
        let (commit, vmeta) = self.version_at(doc, vref)?;
        let label = vref.label();
        let text = self.read_version_at(commit, doc, &vref.version, &label)?;
        Ok(Loaded {
            meta: vmeta,
            text,
            commit: Some(commit),
            label,
        })
    }

    /// `version` of `doc` at `rev` (HEAD when none), segmented.
    pub fn document(
        &self,
        doc: &str,
        version: &str,
        rev: Option<Oid>,
    ) -> Result<text::Document, WorkflowError> {
        let vref = VersionRef {
            version: version.to_string(),
            rev: rev.map(|r| r.to_string()),
        };
        Ok(text::segment_string(self.load(doc, &vref)?.text))
    }

    /// Every version of `doc` at HEAD, in the order of `document.json`.
    pub fn version_refs(&self, doc: &str) -> Result<Vec<VersionRef>, WorkflowError> {
        let head = self.head()?;
        Ok(self
            .document_at(head, doc)?
            .versions
            .into_iter()
            .map(|v| VersionRef {
                version: v.id,
                rev: None,
            })
            .collect())
    }

    /// A version as it is in the work tree (what `emend update` without a file would commit).
    pub fn load_worktree(&self, doc: &str, version: &str) -> Result<Loaded, WorkflowError> {
        let head = self.head()?;
        let meta = self.document_at(head, doc)?;
        let vmeta = self.version_meta(doc, &meta, version, "HEAD")?;
        let path = self.layout.version_file(doc, version);
        let bytes = self.store.read_worktree(&path)?.unwrap_or_default();
        Ok(Loaded {
            meta: vmeta,
            text: text::decode_owned(bytes, &path)?,
            commit: None,
            label: format!("{version} (work tree)"),
        })
    }
}
