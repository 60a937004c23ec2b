//! The JSON of `list`, `log`, `blame`, `status`, `proposals` and `export`: what the store
//! holds. Keys come in alphabetical order, as the README shows them; a commit is its full
//! id, a date is ISO 8601 in the writer's offset.

use serde::Serialize;

use crate::diff::Status;
use crate::store::{CommitInfo, DocumentMeta, Role};
use crate::text::{Document, Kind};
use crate::workflow::{
    Blame, ExportText, Found, Listed, LogEntry, ProposalState, Sections, VersionStatus,
};

/// `list --format json`: the documents of the store.
#[derive(Debug, Serialize)]
pub struct DocumentListJson<'a> {
    pub documents: Vec<DocumentJson<'a>>,
}

/// One document of [`DocumentListJson`].
#[derive(Debug, Serialize)]
pub struct DocumentJson<'a> {
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub versions: Vec<VersionIdJson<'a>>,
}

/// A version's id and language.
#[derive(Debug, Serialize)]
pub struct VersionIdJson<'a> {
    pub id: &'a str,
    pub language: &'a str,
}

impl<'a> DocumentListJson<'a> {
    /// The JSON of documents (id, `document.json`).
    pub fn new(documents: &'a [(String, DocumentMeta)]) -> DocumentListJson<'a> {
        DocumentListJson {
            documents: documents
                .iter()
                .map(|(id, m)| DocumentJson {
                    id,
                    title: m.title.as_deref(),
                    versions: m
                        .versions
                        .iter()
                        .map(|v| VersionIdJson {
                            id: &v.id,
                            language: &v.language,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// `list DOC --format json`: a document and its versions.
#[derive(Debug, Serialize)]
pub struct VersionListJson<'a> {
    pub citation: Option<&'a str>,
    pub document: &'a str,
    pub license: Option<&'a str>,
    pub source: Option<&'a str>,
    pub title: Option<&'a str>,
    pub versions: Vec<ListedJson<'a>>,
}

/// One version of [`VersionListJson`].
#[derive(Debug, Serialize)]
pub struct ListedJson<'a> {
    /// The version it was made from.
    pub from: Option<&'a str>,
    pub id: &'a str,
    pub language: &'a str,
    pub last_change: Option<CommitJson<'a>>,
    pub role: Role,
    pub translator: Option<&'a str>,
}

/// A commit: who, when, and its summary line.
#[derive(Debug, Serialize)]
pub struct CommitJson<'a> {
    pub author: &'a str,
    pub commit: String,
    pub date: String,
    pub email: &'a str,
    pub message: &'a str,
}

impl<'a> CommitJson<'a> {
    fn new(c: &'a CommitInfo) -> CommitJson<'a> {
        CommitJson {
            author: &c.author.name,
            commit: c.id.to_string(),
            date: c.time.iso8601(),
            email: &c.author.email,
            message: &c.summary,
        }
    }
}

impl<'a> VersionListJson<'a> {
    pub fn new(doc: &'a str, meta: &'a DocumentMeta, versions: &'a [Listed]) -> Self {
        VersionListJson {
            citation: meta.citation.as_deref(),
            document: doc,
            license: meta.license.as_deref(),
            source: meta.source.as_deref(),
            title: meta.title.as_deref(),
            versions: versions
                .iter()
                .map(|l| ListedJson {
                    from: l.meta.from.as_deref(),
                    id: &l.meta.id,
                    language: &l.meta.language,
                    last_change: l.last_change.as_ref().map(CommitJson::new),
                    role: l.meta.role,
                    translator: l.meta.translator.as_deref(),
                })
                .collect(),
        }
    }
}

/// `log --format json`: the revisions that changed a version (or one of its segments).
#[derive(Debug, Serialize)]
pub struct LogJson<'a> {
    pub document: &'a str,
    /// The segment followed, with `--key`.
    pub key: Option<&'a str>,
    pub revisions: Vec<RevisionJson<'a>>,
    pub version: &'a str,
}

/// One revision of [`LogJson`].
#[derive(Debug, Serialize)]
pub struct RevisionJson<'a> {
    pub author: &'a str,
    /// Rows that differ from the revision before.
    pub changed: usize,
    pub commit: String,
    pub date: String,
    pub email: &'a str,
    /// With `--key`: the segment's key at this revision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<&'a str>,
    /// The whole commit message.
    pub message: &'a str,
    /// With `--key`: what happened to the segment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

impl<'a> LogJson<'a> {
    pub fn new(
        doc: &'a str,
        version: &'a str,
        key: Option<&'a str>,
        entries: &'a [LogEntry],
    ) -> LogJson<'a> {
        LogJson {
            document: doc,
            key,
            revisions: entries
                .iter()
                .map(|e| RevisionJson {
                    author: &e.info.author.name,
                    changed: e.changed,
                    commit: e.info.id.to_string(),
                    date: e.info.time.iso8601(),
                    email: &e.info.author.email,
                    key: e.key.as_ref().map(|(k, _)| k.as_str()),
                    message: e.info.message.trim_end(),
                    status: e.key.as_ref().map(|(_, s)| *s),
                })
                .collect(),
            version,
        }
    }
}

/// `blame --format json`: who last changed each segment.
#[derive(Debug, Serialize)]
pub struct BlameJson<'a> {
    pub document: &'a str,
    pub segments: Vec<BlamedJson<'a>>,
    pub version: &'a str,
}

/// One segment of [`BlameJson`].
#[derive(Debug, Serialize)]
pub struct BlamedJson<'a> {
    pub author: &'a str,
    pub commit: String,
    pub date: String,
    pub email: &'a str,
    pub key: &'a str,
    pub message: &'a str,
    /// The proposal the change came from, when it came through a review.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposal: Option<&'a str>,
    /// That proposal's author (`Name <email>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposer: Option<&'a str>,
}

impl<'a> BlameJson<'a> {
    pub fn new(doc: &'a str, version: &'a str, lines: &'a [Blame]) -> BlameJson<'a> {
        BlameJson {
            document: doc,
            segments: lines
                .iter()
                .map(|b| {
                    let c = CommitJson::new(&b.commit);
                    BlamedJson {
                        author: c.author,
                        commit: c.commit,
                        date: c.date,
                        email: c.email,
                        key: &b.key,
                        message: c.message,
                        proposal: b.proposal.as_ref().map(|(n, _)| n.as_str()),
                        proposer: b.proposal.as_ref().map(|(_, p)| p.as_str()),
                    }
                })
                .collect(),
            version,
        }
    }
}

/// `status --format json`: every version's state, document by document.
#[derive(Debug, Serialize)]
pub struct StatusJson<'a> {
    pub documents: Vec<DocumentStatusJson<'a>>,
    /// The keys `--under` narrowed `stale` and `untranslated` to (absent for the whole
    /// document).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub under: &'a [String],
}

/// One document of [`StatusJson`].
#[derive(Debug, Serialize)]
pub struct DocumentStatusJson<'a> {
    pub document: &'a str,
    pub versions: Vec<VersionStatusJson<'a>>,
}

/// One version of [`DocumentStatusJson`].
#[derive(Debug, Serialize)]
pub struct VersionStatusJson<'a> {
    /// Its latest approval.
    pub approved: Option<ApprovalJson<'a>>,
    pub from: Option<&'a str>,
    pub language: &'a str,
    pub last_change: Option<ChangeJson<'a>>,
    /// Names of its open proposals.
    pub proposals: &'a [String],
    pub role: Role,
    /// Rows that differ between the approved revision and now.
    pub rows_since_approval: Option<usize>,
    pub stale: Vec<StaleJson<'a>>,
    /// Keys of the source's segments with nothing aligned in this translation (empty
    /// for a version that is no translation).
    pub untranslated: &'a [String],
    pub version: &'a str,
}

/// An approval of [`VersionStatusJson`].
#[derive(Debug, Serialize)]
pub struct ApprovalJson<'a> {
    pub approver: &'a str,
    /// The blob id of the approved text (null for an old record whose commit is gone).
    pub blob: Option<String>,
    /// The approved revision on the current branch: the recorded commit, or the commit
    /// re-found by the approved text; null when lost.
    pub commit: Option<String>,
    pub date: &'a str,
    /// `recorded`, `re-found` (the recorded commit is not on the branch, its text is) or
    /// `lost` (neither is).
    pub found: Found,
    pub note: Option<&'a str>,
    /// The record file.
    pub record: &'a str,
    /// The commit the record names.
    pub recorded_commit: String,
}

/// The last change of [`VersionStatusJson`].
#[derive(Debug, Serialize)]
pub struct ChangeJson<'a> {
    pub author: &'a str,
    pub commit: String,
    pub date: String,
    pub message: &'a str,
}

/// A stale segment of [`VersionStatusJson`].
#[derive(Debug, Serialize)]
pub struct StaleJson<'a> {
    /// Where the segment was last confirmed (`emend confirm`: HEAD then), when that is later
    /// than `translated_in`; the source changed after it. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirmed_at: Option<String>,
    pub key: &'a str,
    /// The source's later change.
    pub source_changed_in: String,
    /// The aligned segments of the source.
    pub source_keys: &'a [String],
    pub source_message: &'a str,
    /// The version's last change of this segment.
    pub translated_in: String,
}

impl<'a> StatusJson<'a> {
    pub fn new(
        documents: &'a [(String, Vec<VersionStatus>)],
        under: &'a Sections,
    ) -> StatusJson<'a> {
        StatusJson {
            under: under.keys(),
            documents: documents
                .iter()
                .map(|(d, list)| DocumentStatusJson {
                    document: d,
                    versions: list.iter().map(version_status).collect(),
                })
                .collect(),
        }
    }
}

fn version_status(v: &VersionStatus) -> VersionStatusJson<'_> {
    VersionStatusJson {
        approved: v.approval.as_ref().map(|a| ApprovalJson {
            approver: &a.approval.approver,
            blob: a.blob.map(|b| b.to_string()),
            commit: a.commit.map(|c| c.to_string()),
            date: &a.approval.date,
            found: a.found,
            note: a.approval.note.as_deref(),
            record: &a.path,
            recorded_commit: a.approval.commit.to_string(),
        }),
        from: v.meta.from.as_deref(),
        language: &v.meta.language,
        last_change: v.last_change.as_ref().map(|c| ChangeJson {
            author: &c.author.name,
            commit: c.id.to_string(),
            date: c.time.iso8601(),
            message: &c.summary,
        }),
        proposals: &v.proposals,
        role: v.meta.role,
        rows_since_approval: v.rows_since_approval,
        stale: v
            .stale
            .iter()
            .map(|s| StaleJson {
                confirmed_at: s.confirmed_at.as_ref().map(|c| c.id.to_string()),
                key: &s.key,
                source_changed_in: s.source_changed_in.id.to_string(),
                source_keys: &s.source_keys,
                source_message: &s.source_changed_in.summary,
                translated_in: s.translated_in.id.to_string(),
            })
            .collect(),
        untranslated: &v.untranslated,
        version: &v.meta.id,
    }
}

/// `proposals --format json`: the proposals and how far their review has come.
#[derive(Debug, Serialize)]
pub struct ProposalsJson<'a> {
    pub proposals: Vec<ProposalJson<'a>>,
}

/// One proposal of [`ProposalsJson`].
#[derive(Debug, Serialize)]
pub struct ProposalJson<'a> {
    pub author: &'a str,
    /// The revision it was made from.
    pub base: String,
    /// Rows waiting whose text the current branch changed since the base.
    pub conflicts: usize,
    pub date: String,
    pub decided: usize,
    pub document: &'a str,
    pub email: &'a str,
    /// Why its rows could not be worked out.
    pub error: Option<&'a str>,
    /// Its branch's newest tip.
    pub head: String,
    /// Where its branch is: `local` (this clone's), or a remote's name, with that copy's tip.
    pub copies: Vec<CopyJson<'a>>,
    /// The copies went separate ways; `head` is the latest by date.
    pub diverged: bool,
    /// This clone's copy is older than `head`.
    pub local_behind: bool,
    pub last_review: Option<ReviewJson<'a>>,
    pub message: &'a str,
    pub name: &'a str,
    /// Its branch moved since the latest review.
    pub revised: bool,
    pub rows_changed: usize,
    /// `open`, `partly decided` or `closed`.
    pub state: &'static str,
    pub undecided: usize,
    pub version: &'a str,
}

/// One copy of a proposal's branch, in [`ProposalJson`].
#[derive(Debug, Serialize)]
pub struct CopyJson<'a> {
    pub head: String,
    #[serde(rename = "where")]
    pub place: &'a str,
}

/// The latest review of [`ProposalJson`].
#[derive(Debug, Serialize)]
pub struct ReviewJson<'a> {
    pub date: &'a str,
    /// The proposal's tip that was reviewed.
    pub head: &'a str,
    /// The record's file in the store.
    pub record: &'a str,
    pub reviewer: &'a str,
}

impl<'a> ProposalsJson<'a> {
    pub fn new(list: &'a [ProposalState]) -> ProposalsJson<'a> {
        ProposalsJson {
            proposals: list
                .iter()
                .map(|s| {
                    let p = &s.proposal;
                    ProposalJson {
                        author: &p.author.name,
                        base: p.base.to_string(),
                        conflicts: s.conflicts,
                        date: p.date.iso8601(),
                        decided: s.decided,
                        document: &p.doc,
                        email: &p.author.email,
                        error: s.error.as_deref(),
                        head: p.head.to_string(),
                        copies: p
                            .copies
                            .iter()
                            .map(|c| CopyJson {
                                head: c.tip.to_string(),
                                place: c.place(),
                            })
                            .collect(),
                        diverged: p.diverged,
                        local_behind: p.local_behind(),
                        last_review: s.last_review.as_ref().map(|r| ReviewJson {
                            date: &r.record.date,
                            head: &r.record.head,
                            record: &r.path,
                            reviewer: &r.record.reviewer,
                        }),
                        message: &p.summary,
                        name: &p.name,
                        revised: s.revised,
                        rows_changed: s.rows,
                        state: s.name(),
                        undecided: s.undecided,
                        version: &p.version,
                    }
                })
                .collect(),
        }
    }
}

/// `export --format json`: a version's segments with what is known about the document, the
/// version and the revision.
#[derive(Debug, Serialize)]
pub struct ExportJson<'a> {
    /// The revision is the version's latest approved one.
    pub approved: bool,
    pub citation: Option<&'a str>,
    pub document: &'a str,
    pub license: Option<&'a str>,
    pub revision: String,
    pub segments: Vec<ExportSegmentJson<'a>>,
    pub source: Option<&'a str>,
    pub title: Option<&'a str>,
    pub version: ExportVersionJson<'a>,
}

/// The version of [`ExportJson`].
#[derive(Debug, Serialize)]
pub struct ExportVersionJson<'a> {
    pub from: Option<&'a str>,
    pub id: &'a str,
    pub language: &'a str,
    pub role: Role,
    pub translator: Option<&'a str>,
}

/// A segment of [`ExportJson`]: as `show` has it, keys in alphabetical order.
#[derive(Debug, Serialize)]
pub struct ExportSegmentJson<'a> {
    pub key: &'a str,
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<&'a str>,
    pub line: usize,
    /// The normalised text that diffs compare.
    pub text: &'a str,
}

impl<'a> ExportJson<'a> {
    pub fn new(ex: &'a ExportText, doc: &'a Document) -> ExportJson<'a> {
        let meta = &ex.loaded.meta;
        ExportJson {
            approved: ex.approved,
            citation: ex.document.citation.as_deref(),
            document: &ex.doc,
            license: ex.document.license.as_deref(),
            revision: ex.commit.to_string(),
            segments: doc
                .segments
                .iter()
                .map(|s| ExportSegmentJson {
                    key: &s.key,
                    kind: s.kind,
                    label: s.label.as_deref(),
                    line: s.line,
                    text: &s.text,
                })
                .collect(),
            source: ex.document.source.as_deref(),
            title: ex.document.title.as_deref(),
            version: ExportVersionJson {
                from: meta.from.as_deref(),
                id: &meta.id,
                language: &meta.language,
                role: meta.role,
                translator: meta.translator.as_deref(),
            },
        }
    }
}
