//! `emend blame`: who last changed each segment's words, and when.

use clap::Args;
use emend::render::terminal::{Role, visible};
use emend::store::validate_id;
use emend::workflow::blame;
use serde_json::json;

use super::{CommandError, Format, GlobalArgs, Outcome, Ui, open_workspace};

/// For each segment of a version, the revision that last changed its words.
///
/// Re-wrapping and renumbering are not changes. A change that came in through
/// a review shows the reviewer (the commit's author) and the proposal with its
/// author.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  emend blame telegram-1945-11-11 en-wilson\n  emend blame ruth web --format json"
)]
pub struct BlameArgs {
    pub doc: String,
    pub version: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &BlameArgs) -> Result<Outcome, CommandError> {
    validate_id("document", &args.doc)?;
    validate_id("version", &args.version)?;
    let ws = open_workspace(global)?;
    let (doc, lines) = blame(&ws, &args.doc, &args.version)?;
    match args.format {
        Format::Json => {
            let items: Vec<_> = lines
                .iter()
                .map(|b| {
                    let mut v = json!({
                        "key": b.key, "commit": b.commit.id.to_string(),
                        "author": b.commit.author.name, "email": b.commit.author.email,
                        "date": b.commit.time.iso8601(), "message": b.commit.summary,
                    });
                    if let Some((name, proposer)) = &b.proposal {
                        v["proposal"] = json!(name);
                        v["proposer"] = json!(proposer);
                    }
                    v
                })
                .collect();
            ui.write_json(
                &json!({"document": args.doc, "version": args.version, "segments": items}),
            )?;
        }
        Format::Text => {
            let painter = ui.painter;
            let who_width = lines
                .iter()
                .map(|b| who(b).chars().count())
                .max()
                .unwrap_or(0);
            let key_width = lines
                .iter()
                .map(|b| b.key.chars().count())
                .max()
                .unwrap_or(0)
                .min(24);
            for (b, seg) in lines.iter().zip(&doc.segments) {
                let text: String = seg.text.chars().take(60).collect();
                let more = if seg.text.chars().count() > 60 {
                    "…"
                } else {
                    ""
                };
                let w = who(b);
                writeln!(
                    ui.out(),
                    "{} {} {}{}  {}{}  {}{}",
                    painter.paint(Role::Key, &b.commit.short_id),
                    &b.commit.time.short()[..10],
                    visible(&w),
                    " ".repeat(who_width.saturating_sub(w.chars().count())),
                    visible(&b.key),
                    " ".repeat(key_width.saturating_sub(b.key.chars().count())),
                    visible(&text),
                    more
                )?;
            }
        }
    }
    Ok(Outcome::Success)
}

/// "Eddie Editor", or "Eddie Editor (review of fix-scan by Tanya Translator)".
fn who(b: &emend::workflow::Blame) -> String {
    match &b.proposal {
        Some((name, proposer)) => {
            let proposer = proposer.split(" <").next().unwrap_or(proposer);
            format!("{} (review of {name} by {proposer})", b.commit.author.name)
        }
        None => b.commit.author.name.clone(),
    }
}
