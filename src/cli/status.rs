//! `emend status`: what is approved, pending or stale, version by version.

use clap::Args;
use emend::render::{json, listing};
use emend::store::{DocId, VersionId};
use emend::text::visible;
use emend::workflow::{Found, Sections, status, weigh};

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
    after_help = "Examples:\n  emend status\n  emend status udhr --format json\n  emend status udhr fr --show\n  emend status udhr --show\n  emend status bible es --under genesis/1 --show"
)]
pub struct StatusArgs {
    /// Only this document
    pub doc: Option<DocId>,
    /// Only this version of the document
    pub version: Option<VersionId>,
    /// Show the source changes behind each stale segment
    #[arg(long)]
    pub show: bool,
    /// Only the stale and untranslated segments at or under this key (a chapter, a section,
    /// a point): `genesis/1` holds `genesis/1/5`; may be given more than once
    #[arg(long, value_name = "KEY", requires = "doc")]
    pub under: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &StatusArgs) -> Result<Outcome, CommandError> {
    let ws = open_workspace(global)?;
    let head = ws.head()?;
    let docs = match &args.doc {
        Some(d) => vec![d.to_string()],
        None => ws.documents_at(head)?,
    };
    let under = Sections::new(args.under.clone());
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
            list.retain(|s| s.meta.id == **v);
            if list.is_empty() {
                return Err(CommandError::new(format!(
                    "document {d} has no version {:?}",
                    v.to_string()
                )));
            }
        }
        // A version's untranslated segments are its source's: a section may be named by
        // the source's keys.
        let versions: Vec<&str> = list
            .iter()
            .flat_map(|v| std::iter::once(&v.meta.id).chain(&v.meta.from))
            .map(String::as_str)
            .collect();
        under.check(&ws, d, &versions)?;
        list.iter_mut().for_each(|v| under.narrow(v));
        // An approval whose text is not on this branch is a warning for its version alone.
        for v in &list {
            if let Some(a) = v.approval.as_ref().filter(|a| a.found == Found::Lost) {
                let lost = CommandError::from(a.lost(d));
                eprintln!("emend: warning: {}", visible(&lost.message()));
            }
        }
        all.push((d.clone(), list));
    }
    match args.format {
        Format::Json => ui.write_json(&json::StatusJson::new(&all, &under))?,
        Format::Text => {
            let painter = ui.painter;
            for (d, list) in &all {
                listing::write_status(ui.out(), &painter, d, list, &under)?;
                if !args.show {
                    continue;
                }
                for v in list {
                    for seg in weigh(&ws, d, &v.meta, v.stale.clone())? {
                        listing::write_source_changes(ui.out(), &painter, &v.meta, &seg)?;
                    }
                }
            }
        }
    }
    unread.finish()
}
