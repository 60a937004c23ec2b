//! `emend status`: what is approved, pending or stale, version by version.

use clap::Args;
use emend::diff::Status;
use emend::render::terminal::{Role, marked_text, visible};
use emend::store::{VersionRef, validate_id};
use emend::text::segment;
use emend::workflow::{VersionStatus, Workspace, status};
use serde_json::json;

use super::per_document::PerDocument;
use super::{CommandError, Format, GlobalArgs, Outcome, Ui, open_workspace};

/// For every version: its last change, whether it is approved, its open proposals, and its stale segments.
///
/// A segment of a version made --from another is stale when its aligned
/// source segment changed after the version last changed that segment: the
/// translation needs updating (a draft in the source's language that already
/// has the new text is not stale). `emend status [DOC] [VERSION] --show`
/// shows how the source changed for each stale segment.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  emend status\n  emend status udhr --format json\n  emend status udhr fr --show\n  emend status udhr --show"
)]
pub struct StatusArgs {
    /// Only this document
    pub doc: Option<String>,
    /// Only this version of the document
    pub version: Option<String>,
    /// Show the source changes behind each stale segment
    #[arg(long)]
    pub show: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

fn version_json(v: &VersionStatus) -> serde_json::Value {
    json!({
        "version": v.meta.id, "language": v.meta.language, "role": v.meta.role, "from": v.meta.from,
        "last_change": v.last_change.as_ref().map(|c| json!({"commit": c.id.to_string(), "author": c.author.name, "date": c.time.iso8601(), "message": c.summary})),
        "approved": v.approval.as_ref().map(|a| json!({"commit": a.commit.to_string(), "approver": a.approver, "date": a.date, "note": a.note})),
        "rows_since_approval": v.rows_since_approval,
        "proposals": v.proposals,
        "stale": v.stale.iter().map(|s| json!({"key": s.key, "source_keys": s.source_keys,
            "translated_in": s.translated_in.id.to_string(), "source_changed_in": s.source_changed_in.id.to_string(),
            "source_message": s.source_changed_in.summary})).collect::<Vec<_>>(),
    })
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &StatusArgs) -> Result<Outcome, CommandError> {
    let ws = open_workspace(global)?;
    let head = ws.head()?;
    let docs = match &args.doc {
        Some(d) => {
            validate_id("document", d)?;
            vec![d.clone()]
        }
        None => ws.documents_at(head)?,
    };
    let mut all = Vec::new();
    let mut unread = PerDocument::new(docs.len());
    for d in &docs {
        // With one document named, its error is the command's; over all documents,
        // one that cannot be read is reported at the end and the others are shown.
        let mut list = match status(&ws, d) {
            Ok(list) => list,
            Err(e) if args.doc.is_none() => {
                unread.keep::<(), _>(d, Err(e));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        if let Some(v) = &args.version {
            validate_id("version", v)?;
            list.retain(|s| &s.meta.id == v);
            if list.is_empty() {
                return Err(CommandError::new(format!(
                    "document {d} has no version {v:?}"
                )));
            }
        }
        all.push((d.clone(), list));
    }
    match args.format {
        Format::Json => {
            let docs: Vec<_> = all
                .iter()
                .map(|(d, list)| json!({"document": d, "versions": list.iter().map(version_json).collect::<Vec<_>>()}))
                .collect();
            ui.write_json(&json!({ "documents": docs }))?;
        }
        Format::Text => {
            for (d, list) in &all {
                write_text(ui, d, list)?;
                if args.show {
                    for v in list {
                        show_stale(ui, &ws, d, v)?;
                    }
                }
            }
        }
    }
    unread.finish()
}

fn write_text(ui: &mut Ui, doc: &str, list: &[VersionStatus]) -> Result<(), CommandError> {
    let painter = ui.painter;
    writeln!(ui.out(), "{}", painter.paint(Role::Header, doc))?;
    let width = list.iter().map(|v| v.meta.id.len()).max().unwrap_or(0);
    for v in list {
        let mut parts = Vec::new();
        if let Some(c) = &v.last_change {
            parts.push(format!(
                "last {} {} {}",
                c.short_id,
                c.time.short(),
                visible(&c.author.name)
            ));
        }
        parts.push(match (&v.approval, v.rows_since_approval) {
            (Some(a), Some(0)) => format!("approved at {}", &a.commit.to_string()[..7]),
            (Some(a), Some(n)) => format!(
                "approved at {}, {n} row{} changed since",
                &a.commit.to_string()[..7],
                if n == 1 { "" } else { "s" }
            ),
            _ => "not approved".to_string(),
        });
        if !v.proposals.is_empty() {
            parts.push(format!("proposals: {}", v.proposals.join(", ")));
        }
        if v.meta.from.is_some() {
            parts.push(match v.stale.len() {
                0 => "up to date with its source".to_string(),
                n => {
                    let keys: Vec<&str> = v.stale.iter().take(6).map(|s| s.key.as_str()).collect();
                    let more = if n > 6 { ", …" } else { "" };
                    format!("{n} stale ({}{more})", visible(&keys.join(", ")))
                }
            });
        }
        let from = v
            .meta
            .from
            .as_deref()
            .map(|f| format!(" from {}", visible(f)))
            .unwrap_or_default();
        writeln!(
            ui.out(),
            "  {:width$}  {:5} {}{}  {}",
            painter.paint(Role::Key, &v.meta.id),
            visible(&v.meta.language),
            v.meta.role.name(),
            from,
            parts.join(" · ")
        )?;
    }
    Ok(())
}

/// For each stale segment: how its source changed since the translation last changed it.
fn show_stale(
    ui: &mut Ui,
    ws: &Workspace,
    doc: &str,
    v: &VersionStatus,
) -> Result<(), CommandError> {
    let Some(from) = &v.meta.from else {
        return Ok(());
    };
    let painter = ui.painter;
    for s in &v.stale {
        let then = ws.load(
            doc,
            &VersionRef {
                version: from.clone(),
                rev: Some(s.translated_in.id.to_string()),
            },
        )?;
        let now = ws.load(
            doc,
            &VersionRef {
                version: from.clone(),
                rev: None,
            },
        )?;
        let (a, b) = (segment(&then.text), segment(&now.text));
        let cmp = emend::diff::compare(
            &a,
            &b,
            &emend::diff::CompareOptions {
                mode: Some(emend::align::Mode::SameLanguage),
                ..Default::default()
            },
        );
        writeln!(ui.out())?;
        writeln!(
            ui.out(),
            "{}",
            painter.paint(
                Role::Header,
                &format!(
                    "@@ {} · stale: {from} {} changed in {} \"{}\" after {} last changed it in {}",
                    visible(&s.key),
                    visible(&s.source_keys.join(" + ")),
                    s.source_changed_in.short_id,
                    visible(&s.source_changed_in.summary),
                    v.meta.id,
                    s.translated_in.short_id
                )
            )
        )?;
        for row in &cmp.rows {
            let touches = row
                .b
                .iter()
                .any(|&j| s.source_keys.contains(&b.segments[j].key));
            if !touches || (row.status == Status::Unchanged && !row.moved) {
                continue;
            }
            if let Some(ops) = &row.ops {
                writeln!(ui.out(), "{}", marked_text(&painter, ops, false))?;
            }
        }
    }
    Ok(())
}
