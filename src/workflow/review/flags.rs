//! Decisions given on the command line: rows named by their keys.

use super::decision::{Decision, RecordRow, Verdict};
use super::merge::{MergeRow, RowState};
use crate::diff::Status;
use crate::text::Kind;
use crate::workflow::WorkflowError;

/// Decisions for a plan's rows, given by row keys: `accept`/`reject` name rows
/// by a key (see `rows_named`) or `all`, `reason` says why the rejected ones
/// were, `edits` give the editor's text by key, and `partial` the numbers of
/// the changes to take in a row (the others rejected).
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
        let decided = |r: &MergeRow| matches!(r.state, RowState::Decided(_));
        let label = |r: &MergeRow| r.label();
        let open: Vec<String> = rows.iter().filter(|r| !decided(r)).map(label).collect();
        let before: Vec<String> = rows.iter().filter(|r| decided(r)).map(label).collect();
        let mut listed = if open.is_empty() {
            "none".to_string()
        } else {
            first_of(&open)
        };
        if !before.is_empty() {
            listed.push_str(&format!(
                " (decided in an earlier review: {})",
                first_of(&before)
            ));
        }
        let unknown = |key: &str| WorkflowError::UnknownRowKey {
            key: key.to_string(),
            proposal: proposal.to_string(),
            rows: listed.clone(),
            all_listed: open.len().max(before.len()) <= LISTED_ROWS,
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
                    reason: None,
                },
            ));
        }
        for (key, decision) in named {
            let matches = rows_named(rows, key);
            if matches.is_empty() {
                return Err(unknown(key));
            }
            // A row decided in an earlier pass keeps its decision: the same
            // one given again changes nothing, another is refused.
            for &k in &matches {
                if let RowState::Decided(earlier) = &rows[k].state
                    && !is_recorded(&decision, earlier)
                {
                    return Err(WorkflowError::DecidedBefore {
                        key: key.to_string(),
                        proposal: proposal.to_string(),
                        verdict: earlier.decision.name().to_string(),
                    });
                }
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

/// Rows an error names at most, of those to decide and of those decided before.
const LISTED_ROWS: usize = 10;

/// The first [`LISTED_ROWS`] of `labels`, and how many more there are.
pub(crate) fn first_of(labels: &[String]) -> String {
    let shown = labels[..labels.len().min(LISTED_ROWS)].join(", ");
    match labels.len().saturating_sub(LISTED_ROWS) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

/// True when `decision` is what `earlier` records.
fn is_recorded(decision: &Decision, earlier: &RecordRow) -> bool {
    match decision {
        Decision::Accept => earlier.decision == Verdict::Accepted,
        Decision::Reject(_) => earlier.decision == Verdict::Rejected,
        Decision::Edit(text) => {
            earlier.decision == Verdict::Edited && earlier.text.as_deref() == Some(text.as_str())
        }
        Decision::Partial { taken, .. } => {
            earlier.decision == Verdict::Partial
                && earlier.taken.as_deref() == Some(taken.as_slice())
        }
        Decision::Undecided => true,
    }
}

/// The rows a key names: those with the key in the current text (the
/// proposal's base), else those with it in the proposal (a paragraph it adds,
/// or a point it renumbers to a number the base does not have). So after a
/// renumbering, `2` is the base's point 2, not the point the proposal numbers 2.
/// Failing both, the row whose label it is, as `--list` and the errors print
/// it (`1/6 + 1/7 → 1¶2`), so that a label copied from them names its row.
fn rows_named(rows: &[MergeRow], key: &str) -> Vec<usize> {
    let on = |side: fn(&MergeRow) -> &[String]| -> Vec<usize> {
        (0..rows.len())
            .filter(|&k| side(&rows[k]).iter().any(|x| x == key))
            .collect()
    };
    let base = on(|r| &r.a_keys);
    if !base.is_empty() {
        return base;
    }
    let theirs = on(|r| &r.b_keys);
    if !theirs.is_empty() {
        return theirs;
    }
    (0..rows.len())
        .filter(|&k| rows[k].label() == key)
        .collect()
}

/// The row can be taken in part, and has the changes numbered.
fn check_partial(key: &str, row: &MergeRow, taken: &[usize]) -> Result<(), WorkflowError> {
    if !row.can_take_in_part() {
        let status = if row.moved {
            "moved"
        } else if row.renumbered {
            "renumbered"
        } else if row.kind == Kind::TableRow && row.status == Status::Changed {
            "a table row changed across its cells"
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::segment;
    use crate::workflow::review::merge::Merge;

    #[test]
    fn a_key_names_the_base_point_before_the_proposals() {
        let base = "1. Everyone has the right to work.\n\n2. Equal pay for equal work.\n\n3. Just and favourable remuneration for himself.\n";
        let theirs = "1. Everyone has the right to work.\n\n2. Just and favourable remuneration for themselves.\n";
        let m = Merge::new(segment(base), segment(theirs), segment(base));
        let labels: Vec<String> = m.rows.iter().map(MergeRow::label).collect();
        assert_eq!(labels, ["2", "3 → 2"]);
        let flags = DecisionFlags {
            reject: vec!["2".to_string()],
            partial: vec![("3".to_string(), vec![1])],
            ..DecisionFlags::default()
        };
        let d = flags.resolve("p", &m.rows).unwrap();
        assert_eq!(d[0], Decision::Reject(None));
        assert!(matches!(&d[1], Decision::Partial { taken, .. } if taken == &[1]));
        // A key only the proposal has names the proposal's row.
        let m = Merge::new(
            segment(base),
            segment(&format!("{base}\n4. A new point.\n")),
            segment(base),
        );
        let flags = DecisionFlags {
            accept: vec!["4".to_string()],
            ..DecisionFlags::default()
        };
        assert_eq!(flags.resolve("p", &m.rows).unwrap(), [Decision::Accept]);
        let unknown = DecisionFlags {
            accept: vec!["9".to_string()],
            ..DecisionFlags::default()
        };
        assert!(matches!(
            unknown.resolve("p", &m.rows),
            Err(WorkflowError::UnknownRowKey { .. })
        ));
    }

    #[test]
    fn a_row_is_named_by_its_label_as_listed() {
        // Ruth 1:1-3 as one paragraph: the row's label is not one of its keys.
        let base = "1. Now it came to pass in the days when the judges ruled.\n\n2. And the name of the man was Elimelech.\n\n3. And Elimelech Naomi's husband died.\n\n4. And they took them wives of the women of Moab.\n";
        let theirs = "Now it came to pass in the days when the judges ruled. And the name of the man was Elimelech. And Elimelech Naomi's husband died.\n\n4. And they took them wives of the women of Moab.\n";
        let m = Merge::new(segment(base), segment(theirs), segment(base));
        let label = m.rows[0].label();
        assert!(label.contains(" + ") && label.contains('→'), "{label}");
        let by = |key: &str| DecisionFlags {
            accept: vec![key.to_string()],
            ..DecisionFlags::default()
        };
        let d = by(&label).resolve("p", &m.rows).unwrap();
        assert_eq!(d[0], Decision::Accept);
        // One of its keys names it too; a label of no row names nothing.
        assert_eq!(by("2").resolve("p", &m.rows).unwrap(), d);
        assert!(matches!(
            by("1 + 2 → ¶1").resolve("p", &m.rows),
            Err(WorkflowError::UnknownRowKey { .. })
        ));
    }

    #[test]
    fn an_unknown_key_lists_ten_rows_and_counts_the_rest() {
        // Ruth 1, every verse with "the" changed by the proposal.
        let base = crate::testdata::first_chapter(crate::testdata::RUTH_KJV);
        let propose = |text: &str| segment(&text.replace(" the ", " that "));
        let m = Merge::new(segment(base), propose(base), segment(base));
        let unknown = DecisionFlags {
            accept: vec!["99".to_string()],
            ..DecisionFlags::default()
        };
        let Err(WorkflowError::UnknownRowKey {
            rows, all_listed, ..
        }) = unknown.resolve("p", &m.rows)
        else {
            panic!("an unknown key is an error");
        };
        assert!(!all_listed);
        assert_eq!(rows.matches(", ").count(), 9, "{rows}");
        assert!(
            rows.ends_with(&format!(" and {} more", m.rows.len() - 10)),
            "{rows}"
        );
        // A few rows are all listed: verses 1-3.
        let few = base.split("\n\n4. ").next().unwrap_or(base);
        let m = Merge::new(segment(few), propose(few), segment(few));
        assert!((1..=LISTED_ROWS).contains(&m.rows.len()), "{:?}", m.rows);
        assert!(matches!(
            unknown.resolve("p", &m.rows),
            Err(WorkflowError::UnknownRowKey { all_listed: true, ref rows, .. }) if !rows.contains("more")
        ));
    }
}
