//! `emend proposals`: the proposals, and how far their review has come.

use clap::Args;
use emend::render::terminal::{Role, visible};
use emend::workflow::{ProposalState, Workspace, proposal_states};
use serde_json::json;

use super::{CommandError, Format, GlobalArgs, Outcome, Ui, open_workspace};

/// List the proposals: name, document, version, author, date, base, and the rows undecided and in conflict.
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
    pub doc: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write proposal NAME as a Word document with tracked changes
    #[arg(long, value_name = "NAME", conflicts_with_all = ["doc", "format"])]
    pub docx: Option<String>,
    /// With --docx: write to FILE instead of standard output
    #[arg(short, long, value_name = "FILE", requires = "docx")]
    pub output: Option<std::path::PathBuf>,
}

/// The proposal's base text and its proposed text, and their diff.
fn proposal_diff(
    ws: &Workspace,
    p: &emend::workflow::Proposal,
) -> Result<
    (
        emend::text::Document,
        emend::text::Document,
        emend::diff::Comparison,
    ),
    CommandError,
> {
    let path = ws.layout.version_file(&p.doc, &p.version);
    let read = |commit| -> Result<emend::text::Document, CommandError> {
        let bytes = ws.store.read_at(commit, &path)?.unwrap_or_default();
        Ok(emend::text::segment(&emend::text::decode_owned(
            bytes, &path,
        )?))
    };
    let (base, theirs) = (read(p.base)?, read(p.head)?);
    let cmp = emend::diff::compare(
        &base,
        &theirs,
        &emend::diff::CompareOptions {
            mode: Some(emend::align::Mode::SameLanguage),
            ..Default::default()
        },
    );
    Ok((base, theirs, cmp))
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// What the review of a proposal has come to, in words.
fn progress(s: &ProposalState) -> String {
    if let Some(e) = &s.error {
        return format!("cannot be reviewed: {}", visible(e));
    }
    if s.closed {
        return "closed: every row decided; its branch is left over".to_string();
    }
    let mut out = format!(
        "{} changed: {} undecided, {} in conflict",
        plural(s.rows, "row"),
        s.undecided,
        s.conflicts
    );
    if s.decided > 0 {
        out.push_str(&format!(" · {} decided", s.decided));
    }
    if let Some(last) = s.last_review.as_ref().filter(|_| s.revised) {
        let head = &last.record.head;
        out.push_str(&format!(
            " · revised since the review of {}",
            head.get(..7).unwrap_or(head)
        ));
    }
    out
}

pub fn run(
    ui: &mut Ui,
    global: &GlobalArgs,
    args: &ProposalsArgs,
) -> Result<Outcome, CommandError> {
    let ws = open_workspace(global)?;
    if let Some(name) = &args.docx {
        return write_docx(ui, &ws, name, args.output.as_deref());
    }
    if let Some(doc) = &args.doc {
        emend::store::validate_id("document", doc)?;
    }
    let list = proposal_states(&ws, args.doc.as_deref())?;
    match args.format {
        Format::Json => {
            let items: Vec<_> = list
                .iter()
                .map(|s| {
                    let p = &s.proposal;
                    json!({"name": p.name, "document": p.doc, "version": p.version,
                           "author": p.author.name, "email": p.author.email, "date": p.date.iso8601(),
                           "base": p.base.to_string(), "head": p.head.to_string(),
                           "message": p.summary, "state": s.name(), "rows_changed": s.rows,
                           "decided": s.decided, "undecided": s.undecided, "conflicts": s.conflicts,
                           "revised": s.revised, "error": s.error,
                           "last_review": s.last_review.as_ref().map(|r| json!({
                               "reviewer": r.record.reviewer, "date": r.record.date,
                               "head": r.record.head, "record": r.path})),
                    })
                })
                .collect();
            ui.write_json(&json!({ "proposals": items }))?;
        }
        Format::Text => {
            let painter = ui.painter;
            for s in &list {
                let p = &s.proposal;
                writeln!(
                    ui.out(),
                    "{}  {}/{}  {}  {}  base {}  {}{}",
                    painter.paint(Role::Key, &p.name),
                    p.doc,
                    p.version,
                    visible(&p.author.name),
                    p.date.short(),
                    &p.base.to_string()[..7],
                    progress(s),
                    if p.summary.is_empty() {
                        String::new()
                    } else {
                        format!("  \"{}\"", visible(&p.summary))
                    }
                )?;
            }
            if list.is_empty() {
                writeln!(ui.out(), "no open proposals")?;
            }
        }
    }
    Ok(Outcome::Success)
}

/// `emend proposals --docx NAME`: the proposal as tracked changes by its author.
fn write_docx(
    ui: &mut Ui,
    ws: &Workspace,
    name: &str,
    output: Option<&std::path::Path>,
) -> Result<Outcome, CommandError> {
    emend::store::validate_id("proposal", name)?;
    let p = emend::workflow::load_proposal(ws, name)?;
    let (base, theirs, cmp) = proposal_diff(ws, &p)?;
    let meta = ws.document_at(p.head, &p.doc)?;
    let language = meta
        .versions
        .iter()
        .find(|v| v.id == p.version)
        .map(|v| v.language.clone());
    let title =
        emend::docx::review::proposal_title(&p.name, &p.version, &p.doc, &p.head.to_string());
    let who = super::word::change_author(&p.author, p.date);
    let doc = emend::docx::tracked_docx(&base, &theirs, &cmp, &who, &title, language.as_deref());
    match output.filter(|p| *p != std::path::Path::new("-")) {
        Some(path) => {
            super::word::warn_dropped(doc.dropped);
            super::export::write_file(&ws.store, path, &doc.bytes)?;
            eprintln!(
                "emend: wrote {} (proposal {name}, tracked changes by {})",
                visible(&path.display().to_string()),
                visible(&p.author.name)
            );
        }
        None => super::word::write_docx_stdout(ui, &doc.bytes, doc.dropped)?,
    }
    Ok(Outcome::Success)
}
