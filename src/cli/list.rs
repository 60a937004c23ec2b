//! `emend list`: the documents of a store, or the versions of one document.

use clap::Args;
use emend::render::terminal::visible;
use serde_json::json;

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
    pub doc: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &ListArgs) -> Result<Outcome, CommandError> {
    let ws = open_workspace(global)?;
    let head = ws.head()?;
    let Some(doc) = &args.doc else {
        let ids = ws.documents_at(head)?;
        let mut unread = PerDocument::new(ids.len());
        let mut rows = Vec::new();
        for id in ids {
            if let Some(meta) = unread.keep(&id, ws.document_at(head, &id)) {
                rows.push((id, meta));
            }
        }
        match args.format {
            Format::Json => {
                let docs: Vec<_> = rows
                    .iter()
                    .map(|(id, m)| {
                        json!({"id": id, "title": m.title, "versions":
                            m.versions.iter().map(|v| json!({"id": v.id, "language": v.language})).collect::<Vec<_>>()})
                    })
                    .collect();
                ui.write_json(&json!({ "documents": docs }))?;
            }
            Format::Text => {
                let width = rows.iter().map(|(id, _)| id.len()).max().unwrap_or(0);
                for (id, m) in &rows {
                    let langs: Vec<&str> = m.versions.iter().map(|v| v.id.as_str()).collect();
                    writeln!(
                        ui.out(),
                        "{id:width$}  {}  [{}]",
                        visible(m.title.as_deref().unwrap_or("")),
                        langs.join(", ")
                    )?;
                }
                if rows.is_empty() && unread.is_empty() {
                    writeln!(
                        ui.out(),
                        "no documents yet; `emend add DOC VERSION FILE --lang LANG` adds one"
                    )?;
                }
            }
        }
        return unread.finish();
    };
    let meta = ws.document_at(head, doc)?;
    let mut versions = Vec::new();
    for v in &meta.versions {
        let path = ws.layout.version_file(doc, &v.id);
        let last = ws.store.history(&path, head)?.into_iter().next();
        versions.push((v, last));
    }
    match args.format {
        Format::Json => {
            let list: Vec<_> = versions
                .iter()
                .map(|(v, last)| {
                    json!({
                        "id": v.id, "language": v.language, "role": v.role, "translator": v.translator,
                        "from": v.from,
                        "last_change": last.as_ref().map(|c| json!({
                            "commit": c.id.to_string(), "author": c.author.name, "email": c.author.email,
                            "date": c.time.iso8601(), "message": c.summary})),
                    })
                })
                .collect();
            let out = json!({"document": doc, "title": meta.title, "citation": meta.citation,
                             "source": meta.source, "license": meta.license, "versions": list});
            ui.write_json(&out)?;
        }
        Format::Text => {
            writeln!(
                ui.out(),
                "{doc}: {}",
                visible(meta.title.as_deref().unwrap_or(""))
            )?;
            let width = versions.iter().map(|(v, _)| v.id.len()).max().unwrap_or(0);
            for (v, last) in &versions {
                let from = v
                    .from
                    .as_deref()
                    .map(|f| format!(" from {}", visible(f)))
                    .unwrap_or_default();
                let by = v
                    .translator
                    .as_deref()
                    .map(|t| format!(", {t}"))
                    .unwrap_or_default();
                let when = last
                    .as_ref()
                    .map(|c| format!("{} {} {}", c.short_id, c.time.short(), c.author.name))
                    .unwrap_or_else(|| "not committed".to_string());
                writeln!(
                    ui.out(),
                    "  {:width$}  {:5}  {}{}{}  ({})",
                    v.id,
                    visible(&v.language),
                    v.role.name(),
                    from,
                    visible(&by),
                    visible(&when)
                )?;
            }
        }
    }
    Ok(Outcome::Success)
}
