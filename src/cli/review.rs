//! `emend review`: accept or reject each change of a proposal, on a terminal or by flags.

use std::ffi::{OsStr, OsString};
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;
use emend::diff::Status;
use emend::render::Painter;
use emend::render::terminal::{Palette, Role, marked_text, visible};
use emend::store::validate_id;
use emend::workflow::{
    Decision, DecisionFlags, ReviewOutcome, ReviewPlan, ReviewRow, RowState, WorkflowError, review,
};
use inquire::{Confirm, Editor, InquireError, Select, Text};

use super::{
    ColorChoice, CommandError, GlobalArgs, Outcome, Ui, commit_time, open_workspace,
    read_document_file,
};

const EXAMPLES: &str = "\
Examples:
  emend review fix-scan                          walk through each change on a terminal
  emend review fix-scan --accept all
  emend review fix-scan --accept 2¶6,citation¶1 --reject citation¶2 --reason \"keep the archive's link\"
  emend review fix-scan --edit 2¶3=my-version.md --accept all
  emend review fix-scan --delete 2¶4 --accept all";

/// Review a proposal: accept, reject or edit each changed paragraph.
///
/// On a terminal, emend shows each changed row (its key, status, the marked
/// words and the paragraphs around it) and asks: accept, reject (with a
/// reason), edit (your own text is taken instead), skip, or stop. Without a
/// terminal, decide with --accept, --reject, --edit and --delete; rows not
/// named stay undecided and the proposal stays open for a later review.
///
/// Accepted changes are merged paragraph by paragraph into the current
/// branch, where it has not changed those paragraphs since the proposal was
/// made; where it has, the row is a conflict: reported, left undecided, never
/// overwritten. The result is one commit with the updated version and a
/// review record DOC/reviews/NAME.json. A fully decided proposal's branch is
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
    /// Take the text in FILE instead of the proposed text of the row with KEY (an empty FILE is refused: use --delete)
    #[arg(long, value_name = "KEY=FILE")]
    pub edit: Vec<String>,
    /// Delete the paragraphs of these rows (keys separated by commas), whatever the proposal did with them
    #[arg(long, value_name = "KEY,...", value_delimiter = ',')]
    pub delete: Vec<String>,
    /// The reviewer, "Name <email>" (default: git's user.name and user.email)
    #[arg(long, value_name = "NAME <EMAIL>")]
    pub author: Option<String>,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &ReviewArgs) -> Result<Outcome, CommandError> {
    validate_id("proposal", &args.name)?;
    let mut flags = DecisionFlags {
        accept: args
            .accept
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        reject: args
            .reject
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        reason: args.reason.clone(),
        edits: Vec::new(),
    };
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
    let interactive = flags.is_empty();
    if interactive && !std::io::stdin().is_terminal() {
        return Err(CommandError::new(
            "no decisions given, and no terminal to ask on",
        )
        .with_hint(format!(
            "decide with flags: emend review {} --accept all|KEY,... --reject all|KEY,... [--reason TEXT] [--edit KEY=FILE] [--delete KEY,...]",
            args.name
        )));
    }
    let ws = open_workspace(global)?;
    let reviewer = match &args.author {
        Some(a) => emend::store::Author::parse(a)?,
        None => ws.store.default_author()?,
    };
    let painter = Painter::new(interactive_palette(global));
    let mut decide = |plan: &ReviewPlan| -> Result<Option<Vec<Decision>>, WorkflowError> {
        if interactive {
            ask(plan, &painter)
        } else {
            flags.resolve(plan).map(Some)
        }
    };
    let outcome = review(&ws, &args.name, &reviewer, commit_time()?, &mut decide)?;
    report(ui, &args.name, &outcome)?;
    Ok(Outcome::Success)
}

/// Colour for the walkthrough, which goes to the terminal on stderr.
fn interactive_palette(global: &GlobalArgs) -> Palette {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match global.color {
        ColorChoice::Never => Palette::Plain,
        ColorChoice::Debug => Palette::Debug,
        ColorChoice::Always => Palette::Color,
        ColorChoice::Auto if no_color || !std::io::stderr().is_terminal() => Palette::Plain,
        ColorChoice::Auto => Palette::Color,
    }
}

fn report(ui: &mut Ui, name: &str, outcome: &ReviewOutcome) -> Result<(), CommandError> {
    let Some(commit) = outcome.commit else {
        writeln!(
            ui.out(),
            "nothing written: the review of {name} was not saved"
        )?;
        return Ok(());
    };
    for row in &outcome.record.rows {
        if row.decision == "applied" {
            continue;
        }
        let keys = match (row.a.is_empty(), row.b.is_empty()) {
            (true, _) => row.b.join(" + "),
            (_, true) => row.a.join(" + "),
            _ if row.a == row.b => row.a.join(" + "),
            _ => format!("{} → {}", row.a.join(" + "), row.b.join(" + ")),
        };
        let why = row
            .reason
            .as_deref()
            .map(|r| format!(" ({})", visible(r)))
            .unwrap_or_default();
        let what = if row.decision == "conflict" {
            "conflict: the current text changed since the proposal was made; left undecided"
                .to_string()
        } else {
            row.decision.clone()
        };
        writeln!(ui.out(), "  {}: {what}{why}", visible(&keys))?;
    }
    let s = outcome.summary;
    writeln!(
        ui.out(),
        "review {name}: {} accepted, {} rejected, {} edited, {} undecided, {} in conflict ({})",
        s.accepted,
        s.rejected,
        s.edited,
        s.undecided,
        s.conflicts,
        &commit.to_string()[..7]
    )?;
    if outcome.closed {
        writeln!(ui.out(), "every row is decided: proposal {name} is closed")?;
    } else {
        writeln!(
            ui.out(),
            "proposal {name} stays open for the undecided rows: `emend review {name}` again"
        )?;
    }
    Ok(())
}

/// The neighbouring paragraph of a row, shortened, for context.
fn neighbour(plan: &ReviewPlan, position: Option<usize>) -> Option<String> {
    let row = plan.all_rows.get(position?)?;
    let (doc, idx) = if row.b.is_empty() {
        (&plan.base, &row.a)
    } else {
        (&plan.theirs, &row.b)
    };
    let text = emend::diff::side_text(doc, idx).replace('\n', " ¶ ");
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

fn header(row: &ReviewRow, n: usize, total: usize) -> String {
    let mut status = row.status.name().to_string();
    if row.moved {
        status = format!("moved, {status}");
    }
    let mut h = format!("[{n}/{total}] {} · {status}", visible(&row.label()));
    if let Some(s) = row.similarity.filter(|_| row.status != Status::Unchanged) {
        h.push_str(&format!(" · {}%", (s * 100.0).round()));
    }
    h
}

const ACCEPT: &str = "accept";
const REJECT: &str = "reject (with a reason)";
const EDIT_HERE: &str = "edit: type the text to take instead";
const EDIT_EDITOR: &str = "edit in $EDITOR";
const SKIP: &str = "skip: leave undecided";
const STOP: &str = "stop here";

/// Walks through the pending rows on the terminal. `None`: write nothing.
fn ask(plan: &ReviewPlan, painter: &Painter) -> Result<Option<Vec<Decision>>, WorkflowError> {
    let pending: Vec<usize> = plan.pending().map(|(k, _)| k).collect();
    let mut decisions = vec![Decision::Undecided; plan.rows.len()];
    let p = &plan.proposal;
    eprintln!(
        "{}",
        painter.paint(
            Role::Header,
            &format!(
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
        )
    );
    let decided_before = plan
        .rows
        .iter()
        .filter(|r| matches!(r.state, RowState::Decided(_)))
        .count();
    let applied = plan
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
        let row = &plan.rows[k];
        eprintln!();
        eprintln!(
            "{}",
            painter.paint(Role::Header, &header(row, n + 1, pending.len()))
        );
        if let Some(before) = neighbour(plan, row.position.checked_sub(1)) {
            eprintln!(
                "{}",
                painter.paint(Role::Dim, &format!("  before: {}", visible(&before)))
            );
        }
        eprintln!("{}", marked_text(painter, &row.ops, false));
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
        options.extend([REJECT, EDIT_HERE, EDIT_EDITOR, SKIP, STOP]);
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
        let proposed = plan.proposed_markdown(row);
        decisions[k] = match choice {
            ACCEPT => Decision::Accept,
            REJECT => {
                let reason = prompt_text(Text::new("Reason (optional):"))?;
                Decision::Reject(reason.filter(|r| !r.trim().is_empty()))
            }
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
    let edited = count(|d| matches!(d, Decision::Edit(_)));
    let undecided = pending.len() - accepted - rejected - edited;
    eprintln!();
    eprintln!(
        "{}",
        painter.paint(
            Role::Header,
            &format!(
                "{accepted} accepted, {rejected} rejected, {edited} edited, {undecided} undecided"
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
