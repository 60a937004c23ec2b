//! `emend review`: accept or reject each change of a proposal, on a terminal
//! (the walkthrough in `walkthrough.rs`), by flags, or from a Word document
//! (`review_word.rs`).

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;
use emend::render::Painter;
use emend::render::review::{write_outcome, write_pending, write_undecided};
use emend::store::{ProposalName, StoreError};
use emend::workflow::{
    Decision, DecisionFlags, ReviewOutcome, ReviewPlan, ReviewRequest, ReviewSource, Verdict,
    WorkflowError, Workspace, plan_review, review,
};

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
/// made; where it changed other words of a paragraph, the proposal's changes
/// are made in its text; where it changed the same words (or split, merged,
/// moved or removed the paragraph), the row is a conflict: reported, left
/// undecided, never overwritten. Numbered points follow the proposal's
/// numbering, and stay in sequence where a change is rejected. The result is one commit with the
/// updated version and a new review record in DOC/reviews/NAME/ (records are
/// never rewritten). A fully decided proposal is closed and its branch
/// deleted.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ReviewArgs {
    /// The proposal's name: one of this clone's, or fetched from a remote by `emend sync` (its newest tip is reviewed); `origin/proposals/NAME` and `proposals/NAME` name it too
    #[arg(value_parser = proposal_name)]
    pub name: ProposalName,
    /// Accept these rows (`all`, or keys separated by commas)
    #[arg(long, value_name = "all|KEY,...", value_delimiter = ',')]
    pub accept: Vec<String>,
    /// Reject these rows (`all`, or keys separated by commas)
    #[arg(long, value_name = "all|KEY,...", value_delimiter = ',')]
    pub reject: Vec<String>,
    /// Why the rejected rows were rejected
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
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

/// NAME from `NAME`, `proposals/NAME` or `REMOTE/proposals/NAME` (a branch as git shows it),
/// checked as every proposal name is.
fn proposal_name(s: &str) -> Result<ProposalName, StoreError> {
    let name = match s.rsplit_once("proposals/") {
        Some((before, name)) if before.is_empty() || before.ends_with('/') => name,
        _ => s,
    };
    name.parse::<ProposalName>()
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
    let edit_files: Vec<String> = args
        .edit
        .iter()
        .filter_map(|e| e.split_once('=').map(|(_, f)| f.to_string()))
        .collect();
    super::stdin_once(
        "review --edit",
        &edit_files,
        "emend review NAME --edit 2¶3=- --edit 2¶4=corrected.md < mine.md",
    )?;
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
    let editor = if interactive {
        Some(super::editor::git_editor(&ws.store))
    } else {
        None
    };
    let mut decide = |plan: &ReviewPlan| -> Result<Option<Vec<Decision>>, WorkflowError> {
        if let Some(editor) = &editor {
            super::walkthrough::ask(plan, &painter, editor)
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
        name: args.name.to_string(),
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
