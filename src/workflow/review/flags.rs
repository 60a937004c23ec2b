//! Decisions given on the command line: rows named by their keys.

use super::decision::Decision;
use super::merge::MergeRow;
use crate::workflow::WorkflowError;

/// Decisions for a plan's rows, given by row keys: `accept`/`reject` name rows
/// by any of their keys (or `all`), `edits` give the editor's text by key, and
/// `partial` the numbers of the changes to take in a row (the others rejected).
#[derive(Debug, Clone, Default)]
pub struct DecisionFlags {
    pub accept: Vec<String>,
    pub reject: Vec<String>,
    pub reason: Option<String>,
    pub edits: Vec<(String, String)>,
    pub partial: Vec<(String, Vec<usize>)>,
}

impl DecisionFlags {
    /// True when no decision was given.
    pub fn is_empty(&self) -> bool {
        self.accept.is_empty()
            && self.reject.is_empty()
            && self.edits.is_empty()
            && self.partial.is_empty()
    }

    /// One decision per row of `rows` (the rows of proposal `proposal`).
    /// Errors name keys that match no changed row, rows given two different
    /// decisions, and change numbers a row does not have.
    pub fn resolve(
        &self,
        proposal: &str,
        rows: &[MergeRow],
    ) -> Result<Vec<Decision>, WorkflowError> {
        let known: Vec<String> = rows.iter().map(MergeRow::label).collect();
        let unknown = |key: &str| WorkflowError::UnknownRowKey {
            key: key.to_string(),
            proposal: proposal.to_string(),
            rows: known.join(", "),
        };
        let mut decisions = vec![Decision::Undecided; rows.len()];
        let mut set = |k: usize, d: Decision, key: &str| -> Result<(), WorkflowError> {
            if decisions[k] != Decision::Undecided && decisions[k] != d {
                return Err(WorkflowError::TwoDecisions {
                    key: key.to_string(),
                });
            }
            decisions[k] = d;
            Ok(())
        };
        let reject = Decision::Reject(self.reason.clone());
        // Rows named by key (`all` is applied last, to what is left).
        let mut named: Vec<(&String, Decision)> = self
            .accept
            .iter()
            .map(|k| (k, Decision::Accept))
            .chain(self.reject.iter().map(|k| (k, reject.clone())))
            .filter(|(k, _)| k.as_str() != "all")
            .chain(
                self.edits
                    .iter()
                    .map(|(k, t)| (k, Decision::Edit(t.clone()))),
            )
            .collect();
        for (key, taken) in &self.partial {
            named.push((
                key,
                Decision::Partial {
                    taken: taken.clone(),
                    reason: self.reason.clone(),
                },
            ));
        }
        for (key, decision) in named {
            let matches: Vec<usize> = (0..rows.len()).filter(|&k| rows[k].has_key(key)).collect();
            if matches.is_empty() {
                return Err(unknown(key));
            }
            for k in matches {
                if let Decision::Partial { taken, .. } = &decision {
                    check_partial(key, &rows[k], taken)?;
                }
                set(k, decision.clone(), key)?;
            }
        }
        for (list, decision) in [(&self.accept, Decision::Accept), (&self.reject, reject)] {
            if list.iter().any(|k| k == "all") {
                for d in decisions.iter_mut() {
                    if *d == Decision::Undecided {
                        *d = decision.clone();
                    }
                }
            }
        }
        Ok(decisions)
    }
}

/// The row can be taken in part, and has the changes numbered.
fn check_partial(key: &str, row: &MergeRow, taken: &[usize]) -> Result<(), WorkflowError> {
    if !row.can_take_in_part() {
        let status = if row.moved {
            "moved"
        } else if row.renumbered {
            "renumbered"
        } else {
            row.status.name()
        };
        return Err(WorkflowError::NotInPart {
            key: key.to_string(),
            status: status.to_string(),
        });
    }
    let count = row.changes().len();
    match taken.iter().find(|&&n| n == 0 || n > count) {
        Some(&n) => Err(WorkflowError::NoSuchChange {
            key: key.to_string(),
            number: n,
            count,
        }),
        None if taken.is_empty() => Err(WorkflowError::NoSuchChange {
            key: key.to_string(),
            number: 0,
            count,
        }),
        None => Ok(()),
    }
}
