//! `emend review NAME --from FILE`: the decisions an editor made in Word.

use std::path::Path;

use emend::docx::review::ReviewFileError;
use emend::render::terminal::visible;
use emend::workflow::{
    Decision, ReviewPlan, ReviewSource, WordNote, WorkflowError, review, word_decisions,
};

use super::super::{CommandError, GlobalArgs, Outcome, Ui, open_workspace};
use super::{ReviewArgs, finish, request};

/// `--from FILE`: the decisions an editor made in Word, read from the document they returned.
pub(super) fn from_word(
    ui: &mut Ui,
    global: &GlobalArgs,
    args: &ReviewArgs,
    path: &Path,
) -> Result<Outcome, CommandError> {
    let name = path.display().to_string();
    let bytes = emend::input::read_path(path, &name).map_err(emend::text::TextError::from)?;
    // The record names the file, not where it was on this machine.
    let file = path
        .file_name()
        .map_or_else(|| name.clone(), |f| f.to_string_lossy().into_owned());
    let source = ReviewSource::of(&file, &bytes);
    let ws = open_workspace(global)?;
    let req = request(&ws, args, Some(source.clone()))?;
    let limit = emend::input::max_input();
    let mut notes = Vec::new();
    let mut decide = |plan: &ReviewPlan| -> Result<Option<Vec<Decision>>, WorkflowError> {
        let word = word_decisions(plan, &bytes, &name, limit)?;
        notes = word.notes;
        Ok(Some(word.decisions))
    };
    let outcome = review(&ws, &req, &mut decide).map_err(|e| word_error(e, &args.name))?;
    writeln!(
        ui.out(),
        "decisions read from {} (blob {})",
        visible(&name),
        &source.blob[..source.blob.len().min(7)]
    )?;
    for note in &notes {
        let line = match note {
            WordNote::Lost(key) => format!(
                "{key}: its bookmark is gone from the document, and its text with it; left undecided"
            ),
            WordNote::EditInConflict(key) => format!(
                "{key}: edited in Word, but the current text changed it since the proposal was made; the edit, made to the text before, is not taken"
            ),
            WordNote::Unchanged(key) => format!(
                "{key}: edited in Word, but the proposal does not change it; not taken (change it with `emend update`)"
            ),
        };
        writeln!(ui.out(), "  {}", visible(&line))?;
    }
    finish(ui, &args.name, outcome.as_ref())
}

/// A Word document that is not a review of the proposal, with what to do about it.
fn word_error(e: WorkflowError, proposal: &str) -> CommandError {
    let hint = match &e {
        WorkflowError::WordReview(ReviewFileError::Moved { .. }) => Some(format!(
            "the proposal was revised after the document was written: write it again with `emend proposals --docx {proposal} -o FILE` and have that reviewed"
        )),
        WorkflowError::WordReview(
            ReviewFileError::Misfit { .. }
            | ReviewFileError::NoRows { .. }
            | ReviewFileError::OtherProposal { .. },
        ) => Some(format!(
            "give the document `emend proposals --docx {proposal}` wrote, as the editor returned it (Word keeps the bookmarks that mark its rows)"
        )),
        _ => None,
    };
    let err = CommandError::from(e);
    match hint {
        Some(h) => err.with_hint(h),
        None => err,
    }
}
