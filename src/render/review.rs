//! The terminal form of a review: the proposal, the rows left to decide with their changes
//! numbered, the neighbouring paragraphs, and what a review pass decided.

use std::io::{self, Write};

use super::terminal::{Painter, Role, marked_text};
use crate::diff::{Op, Status};
use crate::store::short_id;
use crate::text::visible;
use crate::workflow::{
    Change, MergeRow, RecordRow, ReviewOutcome, ReviewPlan, ReviewRecord, RowState, Verdict,
    changes,
};

/// What became of one row, as a line of the report.
fn verdict_line(row: &RecordRow) -> String {
    let why = row
        .reason
        .as_deref()
        .map(|r| format!(" ({})", visible(r)))
        .unwrap_or_default();
    let what = match (row.decision, &row.taken) {
        (Verdict::Conflict, _) => {
            "conflict: the current text changed since the proposal was made; left undecided"
                .to_string()
        }
        (Verdict::Partial, Some(taken)) => {
            let all = changes(&row.ops).len();
            let list: Vec<String> = taken.iter().map(usize::to_string).collect();
            format!(
                "partly accepted (change{} {} of {all} taken)",
                if taken.len() == 1 { "" } else { "s" },
                list.join(", ")
            )
        }
        (v, _) => v.name().to_string(),
    };
    let what = if row.apart {
        format!("{what} (made in the current text, which had changed other words of it)")
    } else {
        what
    };
    format!("  {}: {what}{why}", visible(&row.label()))
}

/// A review pass that wrote nothing: which rows are waiting, and why.
pub fn write_undecided(w: &mut dyn Write, name: &str, record: &ReviewRecord) -> io::Result<()> {
    let waiting: Vec<String> = record
        .rows
        .iter()
        .filter(|r| !r.decision.is_settled())
        .map(|r| format!("{} ({})", r.label(), r.decision.name()))
        .collect();
    writeln!(
        w,
        "nothing written: no row of {name} was decided; waiting: {}",
        visible(&waiting.join(", "))
    )
}

/// Undecided rows a review pass names; the others are counted.
const UNDECIDED_SHOWN: usize = 10;

/// A review pass that was written as `commit`: each row that was not found applied, the
/// labels renumbered or left out of sequence, the counts, and the record.
pub fn write_outcome(
    w: &mut dyn Write,
    name: &str,
    outcome: &ReviewOutcome,
    commit: git2::Oid,
) -> io::Result<()> {
    let record = &outcome.record;
    // Every decision of the pass, and the first rows left for later: a pass
    // that takes one paragraph of a Bible's 6,704 says so in a few lines.
    let mut undecided = 0;
    for row in &record.rows {
        if row.decision == Verdict::Undecided {
            undecided += 1;
            if undecided > UNDECIDED_SHOWN {
                continue;
            }
        }
        if row.decision != Verdict::Applied {
            writeln!(w, "{}", verdict_line(row))?;
        }
    }
    if let Some(more) = undecided.checked_sub(UNDECIDED_SHOWN).filter(|&m| m > 0) {
        writeln!(w, "  and {more} more undecided")?;
    }
    if !record.renumbered.is_empty() {
        writeln!(
            w,
            "  renumbered to keep the sequence: {}",
            visible(&record.renumbered.join(", "))
        )?;
    }
    for labels in &record.unreconciled {
        writeln!(
            w,
            "  labels not in sequence, left as they are: {}",
            visible(labels)
        )?;
    }
    let s = record.summary;
    let partial = if s.partial > 0 {
        format!(", {} partly accepted", s.partial)
    } else {
        String::new()
    };
    writeln!(
        w,
        "review {name}: {} accepted, {} rejected{partial}, {} edited, {} undecided, {} in conflict ({})",
        s.accepted,
        s.rejected,
        s.edited,
        s.undecided,
        s.conflicts,
        short_id(commit)
    )?;
    if outcome.decided_before > 0 {
        writeln!(
            w,
            "{} row{} decided in earlier reviews",
            outcome.decided_before,
            if outcome.decided_before == 1 {
                " was"
            } else {
                "s were"
            }
        )?;
    }
    if let Some(path) = &outcome.path {
        writeln!(w, "record: {}", visible(path))?;
    }
    if outcome.closed {
        writeln!(w, "every row is decided: proposal {name} is closed")?;
    }
    Ok(())
}

/// `--list`: the rows left to decide, each change numbered with a little context.
pub fn write_pending(w: &mut dyn Write, painter: &Painter, plan: &ReviewPlan) -> io::Result<()> {
    writeln!(w, "{}", painter.paint(Role::Header, &proposal_line(plan)))?;
    let pending: Vec<&MergeRow> = plan.merge.pending().map(|(_, r)| r).collect();
    let before = plan.decided_before();
    let applied = plan
        .merge
        .rows
        .iter()
        .filter(|r| r.state == RowState::Applied)
        .count();
    let mut done = Vec::new();
    if before > 0 {
        done.push(format!("{before} decided in earlier reviews"));
    }
    if applied > 0 {
        done.push(format!("{applied} already in the current text"));
    }
    writeln!(
        w,
        "{} row{} to decide{}{}",
        pending.len(),
        if pending.len() == 1 { "" } else { "s" },
        if done.is_empty() {
            String::new()
        } else {
            format!(" ({})", done.join(", "))
        },
        if pending.is_empty() {
            ": a review with nothing to decide closes the proposal"
        } else {
            ""
        }
    )?;
    for row in pending {
        writeln!(w)?;
        writeln!(w, "{}", painter.paint(Role::Header, &row_header(row, None)))?;
        for line in ours_lines(painter, row) {
            writeln!(w, "{line}")?;
        }
        if row.renumbered {
            writeln!(w, "the point's label changes: {}", visible(&row.label()))?;
            continue;
        }
        writeln!(w, "{}", marked_text(painter, &row.ops, false))?;
        if row.can_take_in_part() && row.changes().len() > 1 {
            for (n, change) in row.changes().iter().enumerate() {
                writeln!(
                    w,
                    "  {:>2}  {}",
                    n + 1,
                    change_in_context(painter, &row.ops, change)
                )?;
            }
        }
    }
    Ok(())
}

/// What the current text did to a row since the proposal was made, for
/// `--list` and the walkthrough: nothing; other words of its paragraph
/// changed, which accepting keeps; or a conflict, with the current text's
/// changes where it changed the paragraph in place.
pub fn ours_lines(painter: &Painter, row: &MergeRow) -> Vec<String> {
    let warning = |text: &str| painter.paint(Role::Warning, text);
    match (&row.ours_ops, row.changed_apart(), &row.state) {
        (Some(ops), true, _) => vec![
            warning(
                "the current text changed other words of this paragraph since the proposal was made:",
            ),
            format!("  {}", marked_text(painter, ops, false)),
            warning("the proposal's changes, which accepting makes in it:"),
        ],
        (Some(ops), false, RowState::Conflict) => vec![
            warning(
                "conflict: the current text changed the same words since the proposal was made:",
            ),
            format!("  {}", marked_text(painter, ops, false)),
            warning(
                "the proposal's changes, which cannot be accepted as they are (reject, edit, or skip):",
            ),
        ],
        (None, _, RowState::Conflict) => vec![warning(
            "conflict: the current text changed since the proposal was made",
        )],
        _ => Vec::new(),
    }
}

/// The rows of a proposal the current text changed since it was made, as
/// `proposals --docx` notes them: each with whether it is a conflict (the
/// same words) or apart (accepting takes both); the first ten, and how many more.
pub fn changed_since(rows: &[(String, bool)]) -> String {
    let labels: Vec<String> = rows
        .iter()
        .map(|(label, conflict)| {
            let what = if *conflict {
                "the same words: a conflict"
            } else {
                "other words: accepting takes both"
            };
            format!("{} ({what})", visible(label))
        })
        .collect();
    format!(
        "the current text changed {} of its rows: {}",
        rows.len(),
        crate::workflow::first_of(&labels)
    )
}

/// Unchanged words shown on each side of a change in `--list` and the walkthrough.
const CONTEXT_WORDS: usize = 4;

/// One change of a row, with a few words around it.
pub fn change_in_context(painter: &Painter, ops: &[Op], change: &Change) -> String {
    let mut out = String::new();
    if let Some(before) = change.range.start.checked_sub(1).map(|k| &ops[k]) {
        let words: Vec<&str> = before.text.split(' ').collect();
        let keep = words.len().saturating_sub(CONTEXT_WORDS + 1);
        if keep > 0 {
            out.push('…');
        }
        out.push_str(&visible(words[keep..].join(" ").trim_start()));
    }
    out.push_str(&marked_text(painter, &ops[change.range.clone()], true));
    if let Some(after) = ops.get(change.range.end) {
        let words: Vec<&str> = after.text.split(' ').collect();
        out.push_str(&visible(
            words[..words.len().min(CONTEXT_WORDS + 1)]
                .join(" ")
                .trim_end(),
        ));
        if words.len() > CONTEXT_WORDS + 1 {
            out.push('…');
        }
    }
    out
}

/// `Proposal NAME: VERSION in DOC, by AUTHOR (DATE): MESSAGE`.
pub fn proposal_line(plan: &ReviewPlan) -> String {
    let p = &plan.proposal;
    format!(
        "Proposal {}: {} in {}, by {} ({}){}",
        p.name,
        p.version,
        p.doc,
        visible(&p.author.name),
        p.date.short(),
        if p.summary.is_empty() {
            String::new()
        } else {
            format!(": {}", visible(&p.summary))
        }
    )
}

/// The neighbouring paragraph of a row, shortened, for context.
pub fn neighbour(plan: &ReviewPlan, position: Option<usize>) -> Option<String> {
    let m = &plan.merge;
    let row = m.all_rows.get(position?)?;
    let (doc, idx) = if row.b.is_empty() {
        (&m.base, &row.a)
    } else {
        (&m.theirs, &row.b)
    };
    let text = crate::diff::side_text(doc, idx).replace('\n', " ¶ ");
    let words: Vec<&str> = text.split_whitespace().collect();
    let short = if words.len() > 24 {
        format!("{} …", words[..24].join(" "))
    } else {
        words.join(" ")
    };
    let key = idx
        .first()
        .map(|&i| doc.segments[i].key.as_str())
        .unwrap_or("");
    Some(format!("{key}  {short}"))
}

/// `[n/total] KEYS · status · 97%` (the count only on the walkthrough).
pub fn row_header(row: &MergeRow, count: Option<(usize, usize)>) -> String {
    let mut status = row.status.name().to_string();
    if row.renumbered {
        status = "renumbered".to_string();
    }
    if row.moved {
        status = format!("moved, {status}");
    }
    let mut h = match count {
        Some((n, total)) => format!("[{n}/{total}] {} · {status}", visible(&row.label())),
        None => format!("{} · {status}", visible(&row.label())),
    };
    if let Some(s) = row.similarity.filter(|_| row.status != Status::Unchanged) {
        h.push_str(&format!(" · {}%", super::percent(s, false)));
    }
    h
}

/// The lines that part the two texts of a conflict given to an editor, as git
/// writes them in a file it could not merge.
const CONFLICT_MARKERS: [&str; 3] = ["<<<<<<<", "=======", ">>>>>>>"];

/// A row in conflict as an editor gets it to resolve by hand: the current text and
/// the proposal's, between git's conflict markers, each marker saying whose text
/// follows. The editor keeps one, or writes one of both, and deletes the markers.
pub fn conflict_for_editing(current: &str, proposed: &str, proposal: &str) -> String {
    let [open, middle, close] = CONFLICT_MARKERS;
    format!(
        "{open} the current text (changed since the proposal was made)\n{}\n{middle}\n{}\n{close} proposal {proposal}\n",
        current.trim_end_matches('\n'),
        proposed.trim_end_matches('\n'),
    )
}

/// True when a line of `text` still starts with one of the markers of
/// [`conflict_for_editing`]: the conflict was not resolved.
pub fn conflict_markers_left(text: &str) -> bool {
    text.lines()
        .any(|line| CONFLICT_MARKERS.iter().any(|m| line.starts_with(m)))
}

#[cfg(test)]
mod conflict_tests {
    use super::*;

    #[test]
    fn a_conflict_given_to_an_editor_is_resolved_only_without_its_markers() {
        let text = conflict_for_editing(
            "2. The commission meets weekly.\n",
            "2. The commission meets monthly.",
            "fix-scan",
        );
        assert_eq!(
            text,
            "<<<<<<< the current text (changed since the proposal was made)\n2. The commission meets weekly.\n=======\n2. The commission meets monthly.\n>>>>>>> proposal fix-scan\n"
        );
        assert!(conflict_markers_left(&text));
        assert!(conflict_markers_left(
            "2. Kept.\n>>>>>>> proposal fix-scan\n"
        ));
        assert!(!conflict_markers_left(
            "2. The commission meets weekly, or monthly.\n"
        ));
        // A rule of equals signs shorter than git's marker is text.
        assert!(!conflict_markers_left("Title\n=====\n"));
    }
}
