//! What an editor decides about a row, and how a decision is recorded.

use serde::{Deserialize, Serialize};

use crate::diff::{Op, OpKind, Status};

/// What the editor decided for one row in this review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Reject(Option<String>),
    /// The editor's own text for the row (Markdown, label included), taken instead.
    Edit(String),
    /// Only some of the row's changes are taken: their numbers, counting from 1
    /// in reading order (see [`changes`]); the others are rejected.
    Partial {
        taken: Vec<usize>,
        reason: Option<String>,
    },
    Undecided,
}

/// What became of a row, as the record says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Accepted,
    Rejected,
    Edited,
    /// Some of the row's changes taken, the others rejected.
    Partial,
    Undecided,
    /// The current branch changed the row since the proposal was made.
    Conflict,
    /// The current branch already had the proposed text.
    Applied,
}

impl Verdict {
    /// The word used in output and records.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Rejected => "rejected",
            Verdict::Edited => "edited",
            Verdict::Partial => "partly accepted",
            Verdict::Undecided => "undecided",
            Verdict::Conflict => "conflict",
            Verdict::Applied => "applied",
        }
    }

    /// The row needs no further decision.
    pub fn is_settled(self) -> bool {
        !matches!(self, Verdict::Undecided | Verdict::Conflict)
    }

    /// The row's proposed text went in as proposed (or the editor's own instead).
    pub fn takes_proposal(self) -> bool {
        matches!(self, Verdict::Accepted | Verdict::Edited | Verdict::Applied)
    }
}

/// One row of a review record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRow {
    /// Keys in the base version.
    pub a: Vec<String>,
    /// Keys in the proposal.
    pub b: Vec<String>,
    pub status: Status,
    pub moved: bool,
    /// Only the point's label differs (a renumbering the editor decides on).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub renumbered: bool,
    pub decision: Verdict,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The editor's text (`edited`), or the text that resulted (`partial`,
    /// and `accepted` into a paragraph changed apart: see `apart`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// For `partial`: the numbers of the changes taken, counting from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taken: Option<Vec<usize>>,
    /// The current text had changed other words of the row's paragraph since
    /// the proposal was made, and the changes taken were made in it
    /// (`accepted` or `partial`, with the text that resulted).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub apart: bool,
    /// The words changed, base → proposal.
    pub ops: Vec<Op>,
}

impl RecordRow {
    /// The row's keys for display: `2¶3 + 2¶4 → 2¶3`.
    pub fn label(&self) -> String {
        row_label(&self.a, &self.b)
    }

    /// The same row of a proposal as `other`: the same keys, words and renumbering.
    pub fn is_same_row(&self, other: &RecordRow) -> bool {
        self.a == other.a
            && self.b == other.b
            && self.ops == other.ops
            && self.renumbered == other.renumbered
    }
}

/// `2¶3 + 2¶4 → 2¶3`, or one side's keys where the other is empty or the same.
pub fn row_label(a: &[String], b: &[String]) -> String {
    let (a, b) = (a.join(" + "), b.join(" + "));
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b,
        (_, true) => a,
        _ if a == b => a,
        _ => format!("{a} → {b}"),
    }
}

/// Counts of one review pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewSummary {
    pub accepted: usize,
    pub rejected: usize,
    pub edited: usize,
    #[serde(default)]
    pub partial: usize,
    pub undecided: usize,
    pub conflicts: usize,
}

impl ReviewSummary {
    /// Counts one verdict.
    pub fn count(&mut self, v: Verdict) {
        match v {
            Verdict::Accepted => self.accepted += 1,
            Verdict::Rejected => self.rejected += 1,
            Verdict::Edited => self.edited += 1,
            Verdict::Partial => self.partial += 1,
            Verdict::Undecided => self.undecided += 1,
            Verdict::Conflict => self.conflicts += 1,
            Verdict::Applied => {}
        }
    }

    /// Rows decided in this pass.
    pub fn decided(&self) -> usize {
        self.accepted + self.rejected + self.edited + self.partial
    }
}

/// One change inside a row: a run of deleted and inserted words between
/// unchanged ones, as ops `range` of the row's ops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub range: std::ops::Range<usize>,
}

/// The changes of a row's ops, in reading order.
pub fn changes(ops: &[Op]) -> Vec<Change> {
    let mut out = Vec::new();
    let mut start = None;
    for (k, op) in ops.iter().enumerate() {
        match (op.op, start) {
            (OpKind::Equal, Some(s)) => {
                out.push(Change { range: s..k });
                start = None;
            }
            (OpKind::Equal, None) => {}
            (_, None) => start = Some(k),
            (_, Some(_)) => {}
        }
    }
    if let Some(s) = start {
        out.push(Change {
            range: s..ops.len(),
        });
    }
    out
}

/// The row's new text with only the changes numbered in `taken` (from 1)
/// applied: the others keep the old words.
pub fn partial_text(ops: &[Op], taken: &[usize]) -> String {
    let list = changes(ops);
    let mut take = vec![false; ops.len()];
    for &n in taken {
        if let Some(c) = n.checked_sub(1).and_then(|k| list.get(k)) {
            take[c.range.clone()].iter_mut().for_each(|t| *t = true);
        }
    }
    let mut out = String::new();
    for (op, taken) in ops.iter().zip(take) {
        let keep = match op.op {
            OpKind::Equal => true,
            OpKind::Insert => taken,
            OpKind::Delete => !taken,
        };
        if keep {
            out.push_str(&op.text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(op: OpKind, text: &str) -> Op {
        Op {
            op,
            text: text.to_string(),
            moved: false,
        }
    }

    #[test]
    fn changes_are_runs_between_unchanged_words() {
        let ops = vec![
            op(OpKind::Equal, "Telegram via "),
            op(OpKind::Delete, "VcH"),
            op(OpKind::Insert, "VCh"),
            op(OpKind::Equal, " from Stalin, "),
            op(OpKind::Delete, "II"),
            op(OpKind::Insert, "ll"),
            op(OpKind::Equal, ". 0102"),
            op(OpKind::Insert, "!"),
        ];
        let c = changes(&ops);
        assert_eq!(
            c.iter().map(|c| c.range.clone()).collect::<Vec<_>>(),
            vec![1..3, 4..6, 7..8]
        );
        assert_eq!(
            partial_text(&ops, &[1, 2, 3]),
            "Telegram via VCh from Stalin, ll. 0102!"
        );
        assert_eq!(
            partial_text(&ops, &[]),
            "Telegram via VcH from Stalin, II. 0102"
        );
        assert_eq!(
            partial_text(&ops, &[2]),
            "Telegram via VcH from Stalin, ll. 0102"
        );
    }

    #[test]
    fn verdicts_keep_their_record_names() {
        let json = serde_json::to_string(&[Verdict::Accepted, Verdict::Partial, Verdict::Conflict])
            .unwrap();
        assert_eq!(json, r#"["accepted","partial","conflict"]"#);
        assert!(Verdict::Applied.is_settled() && !Verdict::Conflict.is_settled());
    }
}
