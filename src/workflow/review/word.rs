//! A review done in Word, read back as the decisions of a review pass.
//!
//! The editor gets the document `emend proposals --docx NAME` wrote (the
//! proposal's base → its text as tracked changes, each row in a bookmark),
//! accepts, rejects or types over changes in Word, and returns it.
//! [`crate::docx::review::read_review`] says what became of each row;
//! here that becomes a [`Decision`] per row of the plan:
//!
//! - text equal to the proposed text: accepted; equal to the current text
//!   (the proposal's base): rejected;
//! - anything else: edited, the editor's words taken, written back in the
//!   form of the row's blocks (a table row between pipes, a footnote after
//!   its `[^1]:`, a quote after `>`, code in its fence, a heading as a heading);
//! - a row that still holds tracked changes, or whose bookmark is gone while
//!   both its sides have text: undecided, for a later review.
//!
//! The pass is then a review like any other: a three-way merge against the
//! current branch. A row in conflict (the current branch changed it since
//! the proposal was made) is never overwritten: accepted in Word, it stays
//! in conflict; edited in Word, against a text that is not the current one,
//! the edit is not taken and the row stays in conflict. A paragraph the
//! current branch changed in other words than the proposal is no conflict:
//! accepted in Word, the proposal's changes are made in the current text;
//! edited in Word, the edit (of the text before) is not taken, and the row
//! stays undecided.

use git2::Oid;
use serde::{Deserialize, Serialize};

use super::ReviewPlan;
use super::decision::Decision;
use super::layout::{block, container, heading_opening, opening};
use super::merge::{Merge, MergeRow, RowState};
use crate::diff::Status;
use crate::docx::review::{Paragraph, RowVerdict, WrittenFrom, proposal_title, read_review};
use crate::text::Kind;
use crate::workflow::WorkflowError;

/// Where the decisions of a review pass came from, when they came from a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewSource {
    /// The file as it was named.
    pub file: String,
    /// Its git blob id: what `git hash-object FILE` prints.
    pub blob: String,
}

impl ReviewSource {
    /// The source `file`, holding `bytes`.
    pub fn of(file: &str, bytes: &[u8]) -> ReviewSource {
        ReviewSource {
            file: file.to_string(),
            blob: Oid::hash_object(git2::ObjectType::Blob, bytes)
                .map(|id| id.to_string())
                .unwrap_or_default(),
        }
    }
}

/// What a Word review could not take, beside its decisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordNote {
    /// The row's bookmark is gone and its text with it: left undecided.
    Lost(String),
    /// The editor's text for a row in conflict: not taken.
    EditInConflict(String),
    /// A row the proposal does not change, edited by the editor: not taken
    /// (a review takes the proposal's changes only).
    Unchanged(String),
}

/// The decisions a returned Word document holds for a plan's rows.
#[derive(Debug, Clone)]
pub struct WordReview {
    /// One per row of [`super::Merge::rows`].
    pub decisions: Vec<Decision>,
    pub notes: Vec<WordNote>,
}

/// Reads the Word document `bytes` (named `name`, at most `limit` bytes of
/// it and its XML) as the editor's decisions on `plan`. A document written
/// for another proposal, or for another tip of this one, is refused.
pub fn word_decisions(
    plan: &ReviewPlan,
    bytes: &[u8],
    name: &str,
    limit: u64,
) -> Result<WordReview, WorkflowError> {
    let m = &plan.merge;
    let p = &plan.proposal;
    let title = proposal_title(&p.name, &p.version, &p.doc, &p.head.to_string());
    let from = WrittenFrom {
        current: &m.base,
        proposed: &m.theirs,
        rows: &m.all_rows,
        title: Some(&title),
    };
    let verdicts = read_review(bytes, name, limit, &from)?;
    let mut notes = Vec::new();
    for (r, verdict) in m.all_rows.iter().zip(&verdicts) {
        let unchanged = r.status == Status::Unchanged && !r.moved && r.renumbered.is_none();
        if unchanged && matches!(verdict, RowVerdict::Edited(_)) {
            let keys = r.b.iter().map(|&j| m.theirs.segments[j].key.as_str());
            notes.push(WordNote::Unchanged(keys.collect::<Vec<_>>().join(" + ")));
        }
    }
    let mut decisions = Vec::with_capacity(m.rows.len());
    // A heading the editor made of another block is written with `#` marks in
    // Markdown; in plain text, as plain text writes titles (a line of its own,
    // flush left), since one `#` would make the whole text Markdown.
    let plain = crate::text::is_plain_text(&m.theirs.source);
    for row in &m.rows {
        let conflict = match row.state {
            // A paragraph the current text changed apart takes the
            // proposal's changes, not an edit of the text before them.
            RowState::Open => row.changed_apart(),
            RowState::Conflict => true,
            // Decided before, or in the current text already: not asked.
            RowState::Decided(_) | RowState::Applied => {
                decisions.push(Decision::Undecided);
                continue;
            }
        };
        decisions.push(match &verdicts[row.position] {
            RowVerdict::Accepted => Decision::Accept,
            RowVerdict::Rejected => Decision::Reject(None),
            RowVerdict::Edited(_) if conflict => {
                notes.push(WordNote::EditInConflict(row.label()));
                Decision::Undecided
            }
            RowVerdict::Edited(paras) => Decision::Edit(markdown_of(m, row, paras, plain)),
            RowVerdict::Undecided => Decision::Undecided,
            RowVerdict::Lost => {
                notes.push(WordNote::Lost(row.label()));
                Decision::Undecided
            }
        });
    }
    Ok(WordReview { decisions, notes })
}

/// The editor's paragraphs for `row` as Markdown in the form of the row's
/// blocks: each paragraph takes the form of the row's segment in its place
/// (the proposal's, or the base's for a removed row). `plain`: the document is plain
/// text, whose titles have no `#` marks.
fn markdown_of(m: &Merge, row: &MergeRow, paras: &[Paragraph], plain: bool) -> String {
    let (doc, idx) = if row.b.is_empty() {
        (&m.base, &row.a)
    } else {
        (&m.theirs, &row.b)
    };
    let mut out = String::new();
    let mut previous_row = false;
    for (k, p) in paras.iter().enumerate() {
        let Some(&i) = idx.get(k).or(idx.last()) else {
            break;
        };
        let seg = &doc.segments[i];
        let raw = block(doc, i);
        // Past the row's own blocks, only their indentation is repeated.
        let lead = if k < idx.len() {
            container(raw)
        } else {
            &raw[..raw.len() - raw.trim_start().len()]
        };
        let text = p.text.as_str();
        let is_row = seg.kind == Kind::TableRow && p.heading.is_none();
        let md = match (p.heading, seg.kind) {
            // The row's own heading, as its document writes headings (a plain-text title
            // gets no `#`); a heading the editor made of another block, by `plain`.
            (Some(level), Kind::Heading) if k < idx.len() => {
                format!("{}{text}", heading_opening(raw, level))
            }
            (Some(_), _) if plain => text.to_string(),
            (Some(level), _) => format!("{} {text}", "#".repeat(usize::from(level.max(1)))),
            (None, Kind::TableRow) => {
                let first = raw.lines().next().unwrap_or_default();
                format!("{}| {text} |", &first[..first.find('|').unwrap_or(0)])
            }
            (None, Kind::Code) => fenced(raw, text),
            (None, Kind::Heading | Kind::Html | Kind::Break) => format!("{lead}{text}"),
            (None, Kind::Paragraph | Kind::Footnote) => {
                // A label is in the editor's text; a bullet is not.
                let bullet = match &seg.label {
                    Some(_) => "",
                    None if k < idx.len() => &opening(raw, None)[container(raw).len()..],
                    None => "",
                };
                format!("{lead}{bullet}{text}")
            }
        };
        if k > 0 {
            out.push_str(if is_row && previous_row { "\n" } else { "\n\n" });
        }
        out.push_str(&md);
        previous_row = is_row;
    }
    out
}

/// `text` as the code block `raw` is: in its fences, or indented.
fn fenced(raw: &str, text: &str) -> String {
    let first = raw.lines().next().unwrap_or_default();
    let fence = first.trim_start();
    if fence.starts_with("```") || fence.starts_with("~~~") {
        let indent = &first[..first.len() - fence.len()];
        let close = raw
            .lines()
            .last()
            .filter(|l| l.trim_start().starts_with(&fence[..3]))
            .unwrap_or(&fence[..3]);
        format!("{first}\n{indent}{text}\n{close}")
    } else {
        format!("{}{text}", &first[..first.len() - first.trim_start().len()])
    }
}
