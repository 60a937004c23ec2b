//! The review on a terminal: each pending row shown with its context, and a
//! choice asked for (accept, reject with a reason, edit here or in the
//! editor, take the changes one by one, skip, stop).

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use emend::render::Painter;
use emend::render::review::{
    change_in_context, conflict_for_editing, conflict_markers_left, neighbour, ours_lines,
    proposal_line, row_header,
};
use emend::render::terminal::{Role, marked_text, visible};
use emend::workflow::{Decision, MergeRow, ReviewPlan, RowState, WorkflowError, partial_text};
use inquire::{Confirm, Editor, InquireError, Select, Text};

use super::CommandError;

const ACCEPT: &str = "accept";
const REJECT: &str = "reject (with a reason)";
const IN_PART: &str = "take its changes one by one";
const EDIT_HERE: &str = "edit: type the text to take instead";
const EDIT_EDITOR: &str = "edit in your editor";
const SKIP: &str = "skip: leave undecided";
const STOP: &str = "stop here";

/// Walks through the pending rows on the terminal. `None`: write nothing. `editor` is the
/// one git would start, or why there is none.
pub(super) fn ask(
    plan: &ReviewPlan,
    painter: &Painter,
    editor: &Result<String, CommandError>,
) -> Result<Option<Vec<Decision>>, WorkflowError> {
    let m = &plan.merge;
    let pending: Vec<usize> = m.pending().map(|(k, _)| k).collect();
    let mut decisions = vec![Decision::Undecided; m.rows.len()];
    eprintln!("{}", painter.paint(Role::Header, &proposal_line(plan)));
    let decided_before = plan.decided_before();
    let applied = m
        .rows
        .iter()
        .filter(|r| r.state == RowState::Applied)
        .count();
    if decided_before + applied > 0 {
        eprintln!(
            "{decided_before} row(s) decided in an earlier review, {applied} already in the current text."
        );
    }
    if pending.is_empty() {
        eprintln!("Nothing left to decide.");
        return Ok(Some(decisions));
    }
    let mut stopped = false;
    for (n, &k) in pending.iter().enumerate() {
        let row = &m.rows[k];
        eprintln!();
        eprintln!(
            "{}",
            painter.paint(Role::Header, &row_header(row, Some((n + 1, pending.len()))))
        );
        if let Some(before) = neighbour(plan, row.position.checked_sub(1)) {
            eprintln!(
                "{}",
                painter.paint(Role::Dim, &format!("  before: {}", visible(&before)))
            );
        }
        if row.renumbered {
            eprintln!("the point's label changes: {}", visible(&row.label()));
        } else {
            eprintln!("{}", marked_text(painter, &row.ops, false));
        }
        if let Some(after) = neighbour(plan, Some(row.position + 1)) {
            eprintln!(
                "{}",
                painter.paint(Role::Dim, &format!("  after:  {}", visible(&after)))
            );
        }
        let conflict = row.state == RowState::Conflict;
        for line in ours_lines(painter, row) {
            eprintln!("{line}");
        }
        let mut options = Vec::new();
        if !conflict {
            options.push(ACCEPT);
        }
        options.extend([REJECT, EDIT_HERE, EDIT_EDITOR]);
        if !conflict && row.can_take_in_part() && row.changes().len() > 1 {
            options.push(IN_PART);
        }
        options.extend([SKIP, STOP]);
        let choice = match Select::new("Decision:", options)
            .with_vim_mode(false)
            .prompt()
        {
            Ok(c) => c,
            Err(InquireError::OperationCanceled | InquireError::OperationInterrupted) => {
                eprintln!("review cancelled; nothing written");
                return Ok(None);
            }
            Err(e) => return Err(prompt_error(e)),
        };
        let proposed = m.proposed_markdown(row);
        decisions[k] = match choice {
            ACCEPT => Decision::Accept,
            REJECT => {
                let reason = prompt_text(Text::new("Reason (optional):"))?;
                Decision::Reject(reason.filter(|r| !r.trim().is_empty()))
            }
            IN_PART => match one_by_one(row, painter)? {
                Some(d) => d,
                None => {
                    eprintln!("review cancelled; nothing written");
                    return Ok(None);
                }
            },
            EDIT_HERE => {
                // The prompt echoes its initial value to the terminal as it is,
                // so a text holding control characters is not put there.
                let prompt = if visible(&proposed) == proposed {
                    Text::new("Text:").with_initial_value(&proposed)
                } else {
                    eprintln!(
                        "the proposed text holds control characters, so it is not shown here; type the text, or choose to edit in your editor"
                    );
                    Text::new("Text:")
                };
                match prompt_text(prompt)? {
                    Some(t) if !t.trim().is_empty() => Decision::Edit(t),
                    _ => Decision::Undecided,
                }
            }
            EDIT_EDITOR => {
                let editor_name = match editor {
                    Ok(name) => name,
                    Err(e) => {
                        eprintln!("{e}");
                        decisions[k] = Decision::Undecided;
                        continue;
                    }
                };
                let (program, words) = super::editor::shell_command(editor_name);
                let args: Vec<&OsStr> = words.iter().map(OsString::as_os_str).collect();
                let help = format!("your editor: {}", visible(editor_name));
                // A conflict: both texts, between git's conflict markers.
                let current = conflict.then(|| m.current_markdown(row)).flatten();
                let text = match &current {
                    Some(current) => conflict_for_editing(current, &proposed, &plan.proposal.name),
                    None => proposed.clone(),
                };
                let editor = Editor::new("Edit the text, save and close the editor:")
                    .with_help_message(&help)
                    .with_predefined_text(&text)
                    .with_file_extension(".md")
                    .with_editor_command(&program)
                    .with_args(&args);
                match editor.prompt() {
                    Ok(t) if current.is_some() && conflict_markers_left(&t) => {
                        eprintln!(
                            "the conflict markers (<<<<<<<, =======, >>>>>>>) are still in the text: the row is left undecided"
                        );
                        Decision::Undecided
                    }
                    Ok(t) if !t.trim().is_empty() => Decision::Edit(t),
                    Ok(_) => Decision::Undecided,
                    Err(InquireError::OperationCanceled | InquireError::OperationInterrupted) => {
                        Decision::Undecided
                    }
                    Err(e) => return Err(prompt_error(e)),
                }
            }
            STOP => {
                stopped = true;
                break;
            }
            _ => Decision::Undecided,
        };
    }
    let count = |f: fn(&Decision) -> bool| decisions.iter().filter(|d| f(d)).count();
    let accepted = count(|d| *d == Decision::Accept);
    let rejected = count(|d| matches!(d, Decision::Reject(_)));
    let partial = count(|d| matches!(d, Decision::Partial { .. }));
    let edited = count(|d| matches!(d, Decision::Edit(_)));
    let undecided = pending.len() - accepted - rejected - partial - edited;
    let partial = if partial > 0 {
        format!(", {partial} partly accepted")
    } else {
        String::new()
    };
    eprintln!();
    eprintln!(
        "{}",
        painter.paint(
            Role::Header,
            &format!(
                "{accepted} accepted, {rejected} rejected{partial}, {edited} edited, {undecided} undecided"
            )
        )
    );
    let question = if stopped {
        "Stopped. Keep the decisions made so far and write the review?"
    } else {
        "Write the review (one commit on the current branch)?"
    };
    match Confirm::new(question).with_default(true).prompt() {
        Ok(true) => Ok(Some(decisions)),
        Ok(false) | Err(InquireError::OperationCanceled | InquireError::OperationInterrupted) => {
            eprintln!("nothing written");
            Ok(None)
        }
        Err(e) => Err(prompt_error(e)),
    }
}

/// Asks about each change of a row in turn. `None`: the editor cancelled.
fn one_by_one(row: &MergeRow, painter: &Painter) -> Result<Option<Decision>, WorkflowError> {
    let list = row.changes();
    let mut taken = Vec::new();
    for (n, change) in list.iter().enumerate() {
        eprintln!(
            "  change {}/{}: {}",
            n + 1,
            list.len(),
            change_in_context(painter, &row.ops, change)
        );
        match Confirm::new("Take this change?")
            .with_default(true)
            .prompt()
        {
            Ok(true) => taken.push(n + 1),
            Ok(false) => {}
            Err(InquireError::OperationCanceled | InquireError::OperationInterrupted) => {
                return Ok(None);
            }
            Err(e) => return Err(prompt_error(e)),
        }
    }
    let reason = if taken.len() < list.len() {
        prompt_text(Text::new("Why the others are rejected (optional):"))?
            .filter(|r| !r.trim().is_empty())
    } else {
        None
    };
    let result = row
        .taken_apart(Some(&taken))
        .unwrap_or_else(|| partial_text(&row.ops, &taken));
    eprintln!("  result: {}", visible(&result));
    Ok(Some(match taken.len() {
        0 => Decision::Reject(reason),
        n if n == list.len() => Decision::Accept,
        _ => Decision::Partial { taken, reason },
    }))
}

fn prompt_text(prompt: Text<'_, '_>) -> Result<Option<String>, WorkflowError> {
    match prompt.prompt() {
        Ok(t) => Ok(Some(t)),
        Err(InquireError::OperationCanceled | InquireError::OperationInterrupted) => Ok(None),
        Err(e) => Err(prompt_error(e)),
    }
}

/// A terminal that cannot be asked on, as an I/O error (the review's and `confirm`'s).
pub(super) fn prompt_error(e: InquireError) -> WorkflowError {
    WorkflowError::Store(emend::store::StoreError::Io {
        op: "ask on",
        path: PathBuf::from("the terminal"),
        source: std::io::Error::other(e.to_string()),
    })
}
