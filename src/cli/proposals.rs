//! `emend proposals`: the proposals, and how far their review has come.

use std::path::PathBuf;

use clap::Args;
use emend::render::{json, listing, review};
use emend::store::{DocId, ProposalName};
use emend::text::visible;
use emend::workflow::{proposal_docx, proposal_states};

use super::ui::warn_dropped;
use super::{CommandError, Format, GlobalArgs, Outcome, Ui, open_workspace};

/// List the proposals: name, document, version, author, date, base, where its branch is, and the rows undecided and in conflict.
///
/// Proposals of this clone and those fetched from a remote by `emend sync`
/// are listed alike, each once, at its newest tip: `in local`, `in origin` or
/// `in local+origin` says where its branch is, `(local copy behind)` that
/// this clone's branch is older than the remote's.
///
/// A proposal is open (nothing decided yet), partly decided, or closed (every
/// row of its tip decided; listed only while its branch is left over, e.g.
/// fetched from another clone). A proposal revised after its last review says
/// so: only the rows that changed are open again.
///
/// --docx NAME writes proposal NAME instead, as a Word document for an editor:
/// the proposed text with every change from the proposal's base as a tracked
/// change by the proposer, each row's key as a bookmark.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  emend proposals\n  emend proposals telegram-1945-11-11 --format json\n  emend proposals --docx fix-scan -o fix-scan.docx"
)]
pub struct ProposalsArgs {
    /// Only the proposals for this document
    pub doc: Option<DocId>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write proposal NAME as a Word document with tracked changes
    #[arg(long, value_name = "NAME", conflicts_with_all = ["doc", "format"])]
    pub docx: Option<ProposalName>,
    /// With --docx: write to FILE instead of standard output
    #[arg(short, long, value_name = "FILE", requires = "docx")]
    pub output: Option<PathBuf>,
}

pub fn run(
    ui: &mut Ui,
    global: &GlobalArgs,
    args: &ProposalsArgs,
) -> Result<Outcome, CommandError> {
    let ws = open_workspace(global)?;
    if let Some(name) = &args.docx {
        let written = proposal_docx(&ws, name)?;
        let (p, doc) = (&written.proposal, &written.docx);
        if !written.changed_since.is_empty() {
            eprintln!(
                "note: since proposal {name} was made, {}; the document shows the text the proposal was made from (`emend review {name} --list` shows both)",
                review::changed_since(&written.changed_since)
            );
        }
        match args.output.as_deref().filter(|p| !super::is_dash(p)) {
            Some(path) => {
                warn_dropped(doc.dropped);
                super::export::write_file(&ws.store, path, &doc.bytes)?;
                eprintln!(
                    "emend: wrote {} (proposal {name}, tracked changes by {})",
                    visible(&path.display().to_string()),
                    visible(&p.author.name)
                );
            }
            None => ui.write_docx(&doc.bytes, doc.dropped)?,
        }
        return Ok(Outcome::Success);
    }
    let list = proposal_states(&ws, args.doc.as_deref())?;
    match args.format {
        Format::Json => ui.write_json(&json::ProposalsJson::new(&list))?,
        Format::Text => {
            let painter = ui.painter;
            listing::write_proposals(ui.out(), &painter, &list)?;
        }
    }
    Ok(Outcome::Success)
}
