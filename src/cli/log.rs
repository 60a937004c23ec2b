//! `emend log`: the revisions of a version, or of one of its segments.

use clap::Args;
use emend::render::terminal::{Role, visible};
use emend::workflow::log;
use serde_json::json;

use super::{CommandError, Format, GlobalArgs, Outcome, Ui, open_workspace};

const EXAMPLES: &str = "\
Examples:
  emend log telegram-1945-11-11 en-corrected
  emend log telegram-1945-11-11 en-corrected --key 2¶5
  emend log ruth web --format json";

/// Show the revisions that changed a version, newest first.
///
/// Each line: commit, date, author, message, and how many rows the revision
/// changed. With --key, only the revisions that changed that segment's words,
/// following it back through renumbering and re-wrapping.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct LogArgs {
    pub doc: String,
    pub version: String,
    /// Only revisions that changed this segment (its key now, as `emend show` prints it)
    #[arg(long)]
    pub key: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &LogArgs) -> Result<Outcome, CommandError> {
    let ws = open_workspace(global)?;
    emend::store::validate_id("document", &args.doc)?;
    emend::store::validate_id("version", &args.version)?;
    let entries = log(&ws, &args.doc, &args.version, args.key.as_deref())?;
    match args.format {
        Format::Json => {
            let list: Vec<_> = entries
                .iter()
                .map(|e| {
                    let mut v = json!({
                        "commit": e.info.id.to_string(),
                        "author": e.info.author.name,
                        "email": e.info.author.email,
                        "date": e.info.time.iso8601(),
                        "message": e.info.message.trim_end(),
                        "changed": e.changed,
                    });
                    if let Some((key, status)) = &e.key {
                        v["key"] = json!(key);
                        v["status"] = json!(status);
                    }
                    v
                })
                .collect();
            ui.write_json(&json!({"document": args.doc, "version": args.version, "key": args.key, "revisions": list}))?;
        }
        Format::Text => {
            let painter = ui.painter;
            for e in &entries {
                let what = match &e.key {
                    Some((key, status)) => format!("{} {}", visible(key), status.name()),
                    None => format!(
                        "{} row{} changed",
                        e.changed,
                        if e.changed == 1 { "" } else { "s" }
                    ),
                };
                writeln!(
                    ui.out(),
                    "{} {}  {}  {}  ({})",
                    painter.paint(Role::Key, &e.info.short_id),
                    e.info.time.short(),
                    visible(&e.info.author.name),
                    visible(&e.info.summary),
                    what
                )?;
            }
            if entries.is_empty() {
                writeln!(ui.out(), "no revisions")?;
            }
        }
    }
    Ok(Outcome::Success)
}
