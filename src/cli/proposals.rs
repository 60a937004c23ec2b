//! `emend proposals`: the open proposals.

use clap::Args;
use emend::diff::Status;
use emend::render::terminal::{Role, visible};
use emend::workflow::{Workspace, proposals};
use serde_json::json;

use super::{CommandError, Format, GlobalArgs, Outcome, Ui, open_workspace};

/// List the open proposals: name, document, version, author, date, base and rows changed.
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

/// Rows that differ between the proposal's base and its text.
fn rows_changed(ws: &Workspace, p: &emend::workflow::Proposal) -> Result<usize, CommandError> {
    let (_, _, cmp) = proposal_diff(ws, p)?;
    Ok(cmp
        .rows
        .iter()
        .filter(|r| r.moved || r.status != Status::Unchanged)
        .count())
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
    let list = proposals(&ws, args.doc.as_deref())?;
    let mut rows = Vec::with_capacity(list.len());
    for p in &list {
        rows.push(rows_changed(&ws, p)?);
    }
    match args.format {
        Format::Json => {
            let items: Vec<_> = list
                .iter()
                .zip(&rows)
                .map(|(p, n)| {
                    json!({"name": p.name, "document": p.doc, "version": p.version,
                           "author": p.author.name, "email": p.author.email, "date": p.date.iso8601(),
                           "base": p.base.to_string(), "head": p.head.to_string(),
                           "message": p.summary, "rows_changed": n})
                })
                .collect();
            ui.write_json(&json!({ "proposals": items }))?;
        }
        Format::Text => {
            let painter = ui.painter;
            for (p, n) in list.iter().zip(&rows) {
                writeln!(
                    ui.out(),
                    "{}  {}/{}  {}  {}  base {}  {} row{} changed{}",
                    painter.paint(Role::Key, &p.name),
                    p.doc,
                    p.version,
                    visible(&p.author.name),
                    p.date.short(),
                    &p.base.to_string()[..7],
                    n,
                    if *n == 1 { "" } else { "s" },
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
    let title = format!("{}: {} in {}", p.name, p.version, p.doc);
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
