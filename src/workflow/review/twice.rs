//! One proposal reviewed in two clones at once, found where their histories
//! join: the rows both reviews decided, and decided differently.
//!
//! A review never asks again about a row an earlier record decided, so a
//! row decided in two records is a row two editors decided without seeing
//! each other's record: each in a clone that had not yet synced the other's.
//! Where they agree, nothing is lost. Where they differ (one accepted, the
//! other rejected, say), the merged text has whatever either review wrote,
//! and the team is told, since one editor's decision did not stand.

use std::collections::{BTreeMap, HashMap};

use git2::Oid;

use super::decision::{RecordRow, Verdict};
use super::record::{ReviewRecord, StoredRecord, read_record, record_paths, reviewed_names};
use crate::store::Author;
use crate::workflow::{WorkflowError, Workspace};

/// A proposal decided differently by two reviews made apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub document: String,
    pub version: String,
    pub proposal: String,
    pub rows: Vec<DecidedTwice>,
    /// The merge commit that joined the two reviews, where it came from the
    /// remote (`None`: the merge this sync makes, `ours` being this clone's).
    pub merged_in: Option<Oid>,
}

impl Disagreement {
    /// `4¶1 accepted by Eddie Editor here, rejected by Fred Fr on origin; …`,
    /// the other side being `there` (`on origin`); for a merge that came from
    /// the remote, `4¶1 accepted by Eddie Editor, rejected by Fred Fr`.
    pub fn rows_said(&self, there: &str) -> String {
        let (here, there) = match self.merged_in {
            None => (" here".to_string(), format!(" {there}")),
            Some(_) => (String::new(), String::new()),
        };
        self.rows
            .iter()
            .map(|row| {
                format!(
                    "{} {} by {}{here}, {} by {}{there}",
                    row.label,
                    row.ours.0.name(),
                    row.ours.1,
                    row.theirs.0.name(),
                    row.theirs.1
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// One row of a proposal and what each side's review made of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecidedTwice {
    /// The row's keys as a review shows them (`2¶3 + 2¶4 → 2¶3`).
    pub label: String,
    /// This clone's decision and reviewer.
    pub ours: (Verdict, String),
    /// The other side's decision and reviewer.
    pub theirs: (Verdict, String),
}

/// A settled row of a record, and who decided it.
type Decided<'a> = (&'a RecordRow, &'a str);

/// What identifies a proposal across records: document, version, name, base.
type ProposalKey = (String, String, String, String);

/// Records at `tip` that are not at `base`, by proposal.
fn added(
    ws: &Workspace,
    tip: Oid,
    base: Oid,
) -> Result<BTreeMap<ProposalKey, Vec<ReviewRecord>>, WorkflowError> {
    let mut out: BTreeMap<ProposalKey, Vec<ReviewRecord>> = BTreeMap::new();
    for doc in ws.documents_at(tip)? {
        for name in reviewed_names(ws, tip, &doc)? {
            for path in record_paths(ws, tip, &doc, &name)? {
                // Records are never changed: one at the base is no news (and is not read).
                if ws.store.exists_at(base, &path)? {
                    continue;
                }
                let Some(StoredRecord { record, .. }) = read_record(ws, tip, path)? else {
                    continue;
                };
                let key = (
                    record.document.clone(),
                    record.version.clone(),
                    record.proposal.clone(),
                    record.base.clone(),
                );
                out.entry(key).or_default().push(record);
            }
        }
    }
    Ok(out)
}

/// The settled rows of some records in reading order, with who decided them.
fn settled(records: &[ReviewRecord]) -> impl Iterator<Item = Decided<'_>> {
    records.iter().flat_map(|r| {
        r.rows
            .iter()
            .filter(|row| row.decision.is_settled())
            .map(|row| (row, r.reviewer.as_str()))
    })
}

/// What a decision did to the text: a row found already applied was, in
/// effect, accepted.
fn outcome(row: &RecordRow) -> (Verdict, Option<&str>) {
    let verdict = match row.decision {
        Verdict::Applied => Verdict::Accepted,
        v => v,
    };
    (verdict, row.text.as_deref())
}

/// The name of a reviewer as output shows it: `Name <email>` without the email.
fn name_of(reviewer: &str) -> String {
    Author::parse(reviewer).map_or_else(|_| reviewer.to_string(), |a| a.name)
}

/// The proposals decided differently by reviews that merges among the
/// commits from `from` to `to` joined: what a sync brings in that another
/// clone merged.
pub fn disagreements_merged(
    ws: &Workspace,
    from: Oid,
    to: Oid,
) -> Result<Vec<Disagreement>, WorkflowError> {
    let mut out = Vec::new();
    for (merge, parents) in ws.store.merges_between(from, to)? {
        if let [first, second] = parents.as_slice() {
            for mut d in disagreements(ws, *first, *second)? {
                d.merged_in = Some(merge);
                out.push(d);
            }
        }
    }
    Ok(out)
}

/// The proposals that the reviews added on `ours` and on `theirs` since they
/// parted both decided, and the rows they decided differently (a different
/// verdict, or another text taken).
pub fn disagreements(
    ws: &Workspace,
    ours: Oid,
    theirs: Oid,
) -> Result<Vec<Disagreement>, WorkflowError> {
    let Some(base) = ws.store.merge_base(ours, theirs)? else {
        return Ok(Vec::new());
    };
    if base == ours || base == theirs {
        // One side built on the other: its reviews saw the other's records.
        return Ok(Vec::new());
    }
    let (here, there) = (added(ws, ours, base)?, added(ws, theirs, base)?);
    let mut out = Vec::new();
    for (key, records) in &here {
        let Some(others) = there.get(key) else {
            continue;
        };
        // The other side's rows by their keys (a whole Bible's proposal has thousands).
        let mut theirs_rows: HashMap<(&[String], &[String]), Vec<Decided<'_>>> = HashMap::new();
        for (row, by) in settled(others) {
            theirs_rows
                .entry((&row.a, &row.b))
                .or_default()
                .push((row, by));
        }
        let mut rows = Vec::new();
        for (row, reviewer) in settled(records) {
            let same = theirs_rows
                .get(&(row.a.as_slice(), row.b.as_slice()))
                .and_then(|found| found.iter().find(|(other, _)| other.is_same_row(row)));
            let Some((other, other_reviewer)) = same else {
                continue;
            };
            if outcome(row) != outcome(other) {
                rows.push(DecidedTwice {
                    label: row.label(),
                    ours: (row.decision, name_of(reviewer)),
                    theirs: (other.decision, name_of(other_reviewer)),
                });
            }
        }
        if !rows.is_empty() {
            let (document, version, proposal, _) = key.clone();
            out.push(Disagreement {
                document,
                version,
                proposal,
                rows,
                merged_in: None,
            });
        }
    }
    Ok(out)
}
