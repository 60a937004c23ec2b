//! `emend list`: the documents of a store, or the versions of one document.

use clap::Args;
use emend::render::{json, listing};
use emend::store::DocId;
use emend::workflow::list_versions;

use super::per_document::PerDocument;
use super::{CommandError, Format, GlobalArgs, Outcome, Ui, open_workspace};

const EXAMPLES: &str = "\
Examples:
  emend list
  emend list telegram-1945-11-11
  emend list udhr --format json";

/// List the documents in the store, or one document's versions.
///
/// For a document: each version's language, role, translator, the version it
/// was made from, and its last change (commit, date, author).
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ListArgs {
    /// A document: list its versions
    pub doc: Option<DocId>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &ListArgs) -> Result<Outcome, CommandError> {
    let ws = open_workspace(global)?;
    let head = ws.head()?;
    if let Some(doc) = &args.doc {
        let (meta, versions) = list_versions(&ws, doc)?;
        match args.format {
            Format::Json => ui.write_json(&json::VersionListJson::new(doc, &meta, &versions))?,
            Format::Text => listing::write_versions(ui.out(), doc, &meta, &versions)?,
        }
        return Ok(Outcome::Success);
    }
    let ids = ws.documents_at(head)?;
    let mut unread = PerDocument::new(ids.len());
    let mut rows = Vec::new();
    for id in ids {
        if let Some(meta) = unread.keep(&id, ws.document_at(head, &id)) {
            rows.push((id, meta));
        }
    }
    match args.format {
        Format::Json => ui.write_json(&json::DocumentListJson::new(&rows))?,
        Format::Text => {
            listing::write_documents(ui.out(), &rows)?;
            if rows.is_empty() && unread.is_empty() {
                writeln!(
                    ui.out(),
                    "no documents yet; `emend add DOC VERSION FILE --lang LANG` adds one"
                )?;
            }
        }
    }
    unread.finish()
}
