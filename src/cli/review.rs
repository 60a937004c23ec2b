//! `emend review`: accept or reject each change of a proposal, on a terminal,
//! by flags, or from a Word document (`review_word.rs`).

use std::ffi::{OsStr, OsString};
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;
use emend::render::Painter;
use emend::render::review::{
    change_in_context, neighbour, proposal_line, row_header, write_outcome, write_pending,
    write_undecided,
};
use emend::render::terminal::{Role, marked_text, visible};
use emend::store::validate_id;
use emend::workflow::{
    Decision, DecisionFlags, MergeRow, ReviewOutcome, ReviewPlan, ReviewRequest, ReviewSource,
    RowState, Verdict, WorkflowError, Workspace, partial_text, plan_review, review,
};
use inquire::{Confirm, Editor, InquireError, Select, Text};

use super::ui::palette;
use super::{
    CommandError, GlobalArgs, Outcome, Ui, WriteArgs, commit_time, open_workspace,
    read_document_file,
};

#[path = "review_word.rs"]
mod word;

const EXAMPLES: &str = "\
Examples:
  emend review fix-scan                          walk through each change on a terminal
  emend review fix-scan --list                   the rows left to decide, changes numbered
  emend review fix-scan --accept all
  emend review fix-scan --accept 2¶6,citation¶1 --reject citation¶2 --reason \"keep the archive's link\"
  emend review fix-scan --accept-changes citation¶1=1,3 --accept all
  emend review fix-scan --edit 2¶3=my-version.md --accept all
  emend review fix-scan --delete 2¶4 --accept all
  emend review fix-scan --from fix-scan-reviewed.docx   the decisions an editor made in Word";

/// Review a proposal: accept, reject or edit each changed paragraph, or take some of its changes.
///
/// On a terminal, emend shows each changed row (its key, status, the marked
/// words and the paragraphs around it) and asks: accept, reject (with a
/// reason), edit (your own text is taken instead), take its changes one by
/// one, skip, or stop. Without a terminal, decide with --accept, --reject,
/// --accept-changes, --edit and --delete (--list shows the rows and numbers
/// their changes); rows not named stay undecided and the proposal stays open
/// for a later review, which asks only about them. With --from, the
/// decisions are those an editor made in Word, in the document
/// `emend proposals --docx NAME` wrote.
///
/// Accepted changes are merged paragraph by paragraph into the current
/// branch, where it has not changed those paragraphs since the proposal was
/// made; where it has, the row is a conflict: reported, left undecided, never
/// overwritten. Numbered points follow the proposal's numbering, and stay in
/// sequence where a change is rejected. The result is one commit with the
/// updated version and a new review record in DOC/reviews/NAME/ (records are
/// never rewritten). A fully decided proposal is closed and its branch
/// deleted.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ReviewArgs {
    /// The proposal's name
    pub name: String,
    /// Accept these rows (`all`, or keys separated by commas)
    #[arg(long, value_name = "all|KEY,...", value_delimiter = ',')]
    pub accept: Vec<String>,
    /// Reject these rows (`all`, or keys separated by commas)
    #[arg(long, value_name = "all|KEY,...", value_delimiter = ',')]
    pub reject: Vec<String>,
    /// Why the rejected rows were rejected
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Take only changes N,... of the row with KEY (numbered as --list shows them); reject the others
    #[arg(long, value_name = "KEY=N,...")]
    pub accept_changes: Vec<String>,
    /// Take the text in FILE instead of the proposed text of the row with KEY (an empty FILE is refused: use --delete)
    #[arg(long, value_name = "KEY=FILE")]
    pub edit: Vec<String>,
    /// Delete the paragraphs of these rows (keys separated by commas), whatever the proposal did with them
    #[arg(long, value_name = "KEY,...", value_delimiter = ',')]
    pub delete: Vec<String>,
    /// Print the rows left to decide, with their changes numbered, and write nothing
    #[arg(long, conflicts_with_all = ["accept", "reject", "accept_changes", "edit", "delete"])]
    pub list: bool,
    /// Take the decisions from the Word document FILE, written by `emend proposals --docx NAME` and reviewed in Word: a row as proposed is accepted, as it was rejected, typed over edited; a row still holding tracked changes stays undecided
    #[arg(long, value_name = "FILE", conflicts_with_all = ["accept", "reject", "reason", "accept_changes", "edit", "delete", "list"])]
    pub from: Option<PathBuf>,
    #[command(flatten)]
    pub write: WriteArgs,
}

fn list_of(values: &[String]) -> Vec<String> {
    values
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// `KEY=1,3` → (`KEY`, [1, 3]).
fn parse_changes(value: &str) -> Result<(String, Vec<usize>), CommandError> {
    let bad = || {
        CommandError::new(format!(
            "--accept-changes {value}: write it as KEY=N,... (the numbers of the changes to take)"
        ))
        .with_hint("emend review NAME --list numbers each row's changes; then e.g. --accept-changes citation¶1=1,3")
    };
    let (key, numbers) = value.split_once('=').ok_or_else(bad)?;
    let numbers: Result<Vec<usize>, _> = numbers
        .split(',')
        .map(|n| n.trim().parse::<usize>())
        .collect();
    match numbers {
        Ok(n) if !key.trim().is_empty() && !n.is_empty() => Ok((key.trim().to_string(), n)),
        _ => Err(bad()),
    }
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &ReviewArgs) -> Result<Outcome, CommandError> {
    validate_id("proposal", &args.name)?;
    if let Some(path) = &args.from {
        return word::from_word(ui, global, args, path);
    }
    let mut flags = DecisionFlags {
        accept: list_of(&args.accept),
        reject: list_of(&args.reject),
        reason: args.reason.clone(),
        edits: Vec::new(),
        partial: Vec::new(),
    };
    for value in &args.accept_changes {
        flags.partial.push(parse_changes(value)?);
    }
    for e in &args.edit {
        let Some((key, file)) = e.split_once('=') else {
            return Err(
                CommandError::new(format!("--edit {e}: write it as KEY=FILE"))
                    .with_hint("emend review NAME --edit 2¶3=corrected.md"),
            );
        };
        let text = read_document_file(&PathBuf::from(file))?;
        if text.trim().is_empty() {
            // An empty file is more often a mistake (a wrong path, an editor that saved
            // nothing, a closed pipe) than a wish to delete, so deleting is said explicitly.
            return Err(CommandError::new(format!(
                "--edit {key}={file}: the file is empty, and taking it would delete the paragraph"
            ))
            .with_hint(format!(
                "to delete the paragraph, say so: emend review {} --delete {key}",
                args.name
            )));
        }
        flags.edits.push((key.to_string(), text));
    }
    for key in args
        .delete
        .iter()
        .map(|k| k.trim())
        .filter(|k| !k.is_empty())
    {
        flags.edits.push((key.to_string(), String::new()));
    }
    let ws = open_workspace(global)?;
    if args.list {
        let plan = plan_review(&ws, &args.name, ws.head()?)?;
        let painter = ui.painter;
        write_pending(ui.out(), &painter, &plan)?;
        return Ok(Outcome::Success);
    }
    let interactive = flags.is_empty();
    if interactive && !std::io::stdin().is_terminal() {
        return Err(CommandError::new(
            "no decisions given, and no terminal to ask on",
        )
        .with_hint(format!(
            "decide with flags: emend review {} --accept all|KEY,... --reject all|KEY,... [--reason TEXT] [--accept-changes KEY=N,...] [--edit KEY=FILE] [--delete KEY,...]; `emend review {} --list` shows the rows",
            args.name, args.name
        )));
    }
    let req = request(&ws, args, None)?;
    // The walkthrough is drawn on stderr, the terminal it asks on.
    let painter = Painter::new(palette(global.color, std::io::stderr().is_terminal()));
    let mut decide = |plan: &ReviewPlan| -> Result<Option<Vec<Decision>>, WorkflowError> {
        if interactive {
            ask(plan, &painter)
        } else {
            flags
                .resolve(&plan.proposal.name, &plan.merge.rows)
                .map(Some)
        }
    };
    let outcome = review(&ws, &req, &mut decide)?;
    finish(ui, &args.name, outcome.as_ref())
}

/// The review pass the flags ask for, its decisions taken from `from` if given.
fn request(
    ws: &Workspace,
    args: &ReviewArgs,
    from: Option<ReviewSource>,
) -> Result<ReviewRequest, CommandError> {
    Ok(ReviewRequest {
        name: args.name.clone(),
        reviewer: args.write.author(&ws.store)?,
        time: commit_time()?,
        message: args.write.message.clone(),
        force: args.write.force,
        from,
    })
}

/// Reports a review pass, or that nothing was written.
fn finish(
    ui: &mut Ui,
    name: &str,
    outcome: Option<&ReviewOutcome>,
) -> Result<Outcome, CommandError> {
    match outcome {
        Some(outcome) => report(ui, name, outcome)?,
        None => writeln!(
            ui.out(),
            "nothing written: the review of {name} was not saved"
        )?,
    }
    Ok(Outcome::Success)
}

fn report(ui: &mut Ui, name: &str, outcome: &ReviewOutcome) -> Result<(), CommandError> {
    let Some(commit) = outcome.commit else {
        write_undecided(ui.out(), name, &outcome.record)?;
        if outcome
            .record
            .rows
            .iter()
            .any(|r| r.decision == Verdict::Conflict)
        {
            writeln!(
                ui.out(),
                "a row in conflict can be rejected (--reject KEY) or given your own text (--edit KEY=FILE)"
            )?;
        }
        return Ok(());
    };
    write_outcome(ui.out(), name, outcome, commit)?;
    if !outcome.closed {
        writeln!(
            ui.out(),
            "proposal {name} stays open for the undecided rows: `emend review {name}` again"
        )?;
    }
    Ok(())
}

const ACCEPT: &str = "accept";
const REJECT: &str = "reject (with a reason)";
const IN_PART: &str = "take its changes one by one";
const EDIT_HERE: &str = "edit: type the text to take instead";
const EDIT_EDITOR: &str = "edit in $EDITOR";
const SKIP: &str = "skip: leave undecided";
const STOP: &str = "stop here";

/// Walks through the pending rows on the terminal. `None`: write nothing.
fn ask(plan: &ReviewPlan, painter: &Painter) -> Result<Option<Vec<Decision>>, WorkflowError> {
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
        if conflict {
            eprintln!(
                "{}",
                painter.paint(
                    Role::Warning,
                    "conflict: the current text of this paragraph changed since the proposal was made; it cannot be accepted as proposed (reject, edit, or skip)"
                )
            );
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
                        "the proposed text holds control characters, so it is not shown here; type the text, or choose to edit in $EDITOR"
                    );
                    Text::new("Text:")
                };
                match prompt_text(prompt)? {
                    Some(t) if !t.trim().is_empty() => Decision::Edit(t),
                    _ => Decision::Undecided,
                }
            }
            EDIT_EDITOR => {
                let (program, words) = editor_command();
                let args: Vec<&OsStr> = words.iter().map(OsString::as_os_str).collect();
                let mut editor = Editor::new("Edit the text, save and close the editor:")
                    .with_predefined_text(&proposed)
                    .with_file_extension(".md");
                if let Some(program) = &program {
                    editor = editor.with_editor_command(program).with_args(&args);
                }
                match editor.prompt() {
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
    let result = partial_text(&row.ops, &taken);
    eprintln!("  result: {}", visible(&result));
    Ok(Some(match taken.len() {
        0 => Decision::Reject(reason),
        n if n == list.len() => Decision::Accept,
        _ => Decision::Partial { taken, reason },
    }))
}

/// The editor for `edit in $EDITOR`: `$VISUAL`, else `$EDITOR`, split into a
/// program and its arguments as a shell would split them (`code --wait`), but
/// never run by a shell. The text to edit is only ever in a temporary file
/// whose path is the last argument. `None`: inquire's default (`nano`).
fn editor_command() -> (Option<OsString>, Vec<OsString>) {
    for var in ["VISUAL", "EDITOR"] {
        let Ok(value) = std::env::var(var) else {
            continue;
        };
        if let Some(mut words) = shlex::split(&value).filter(|w| !w.is_empty()) {
            let program = words.remove(0);
            return (
                Some(program.into()),
                words.into_iter().map(OsString::from).collect(),
            );
        }
    }
    (None, Vec::new())
}

fn prompt_text(prompt: Text<'_, '_>) -> Result<Option<String>, WorkflowError> {
    match prompt.prompt() {
        Ok(t) => Ok(Some(t)),
        Err(InquireError::OperationCanceled | InquireError::OperationInterrupted) => Ok(None),
        Err(e) => Err(prompt_error(e)),
    }
}

fn prompt_error(e: InquireError) -> WorkflowError {
    WorkflowError::Store(emend::store::StoreError::Io {
        op: "ask on",
        path: PathBuf::from("the terminal"),
        source: std::io::Error::other(e.to_string()),
    })
}
