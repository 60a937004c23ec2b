//! `emend confirm`: a translator says that stale segments still translate their source.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;
use emend::render::Painter;
use emend::render::listing::{confirmed, under_phrase, write_source_changes};
use emend::render::terminal::visible;
use emend::store::{DocId, VersionId};
use emend::workflow::{
    ConfirmRequest, Sections, confirm, is_xliff, stale_segments_of, text_from_xliff,
};
use inquire::{InquireError, Select};

use super::ui::palette;
use super::walkthrough::prompt_error;
use super::{
    CommandError, GlobalArgs, Outcome, Ui, WriteArgs, commit_time, open_workspace,
    read_document_file,
};

const EXAMPLES: &str = "\
Examples:
  emend confirm cc-by fr                                on a terminal: each stale segment, asked
  emend confirm cc-by fr 1 2 3 -m \"dashes only\"        these three still translate their source
  emend confirm cc-by fr --all                          every stale segment of fr
  emend confirm bible es --under genesis/1              on a terminal: those of Genesis 1, asked
  emend confirm bible es --under genesis/1 --all        every stale segment of Genesis 1
  emend confirm bible es --from genesis-2.xlf           those a CAT tool marked translated";

const CONFIRM: &str = "confirm: the translation still holds";
const SKIP: &str = "skip: leave it stale";
const STOP: &str = "stop here";

/// Confirm that stale segments of a translation still translate their source as it now reads.
///
/// A segment is stale when its source changed after the translation last changed it
/// (`emend status`). Where the source's change asks nothing of the translation (a typo, a
/// dash, a quotation mark), confirming the segment says so: `status` no longer calls it
/// stale, until the source changes again. Without KEYs, on a terminal, each stale segment
/// is shown with its text and how its source changed, and asked about; --all confirms
/// every stale segment. --under narrows both to a chapter or section; --from takes the
/// confirmations a CAT tool made in an XLIFF file emend exported. A KEY that is not stale
/// is refused. The confirmation (version, source, the commit the source was read at, the
/// keys, translator, date, note) is a new file under DOC/confirmations/, in one commit;
/// two clones confirming at once merge without conflict. Nothing is committed when
/// nothing is confirmed.
#[derive(Debug, Args)]
#[command(
    after_help = EXAMPLES,
    mut_arg("message", |a| a.help("A note kept with the confirmation").value_name("NOTE")),
    mut_arg("author", |a| a.help("The translator, \"Name <email>\" (default: git's user.name and user.email)")),
    mut_arg("force", |a| a.help("Overwrite uncommitted edits of the new record file (only a killed emend leaves any)"))
)]
pub struct ConfirmArgs {
    /// The document, by its id (`emend list` shows them)
    pub doc: DocId,
    /// The translation whose segments are confirmed (made --from another version)
    pub version: VersionId,
    /// The stale segments to confirm, by the translation's keys (`emend status DOC VERSION` names them)
    #[arg(value_name = "KEY", conflicts_with = "all")]
    pub keys: Vec<String>,
    /// Confirm every stale segment of VERSION (under the --under keys, if given)
    #[arg(long)]
    pub all: bool,
    /// An XLIFF file exported by emend and returned from a CAT tool: confirm the stale
    /// segments whose units it marks translated (or reviewed, final, signed off) with their
    /// translation unchanged, as read at the revision the file was exported at
    #[arg(long, value_name = "FILE", conflicts_with_all = ["keys", "all"])]
    pub from: Option<PathBuf>,
    /// Only the stale segments at or under this key (a chapter, a section, a point):
    /// `genesis/1` holds `genesis/1/5`; may be given more than once
    #[arg(long, value_name = "KEY", conflicts_with = "keys")]
    pub under: Vec<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &ConfirmArgs) -> Result<Outcome, CommandError> {
    let ws = open_workspace(global)?;
    let translator = args.write.author(&ws.store)?;
    let under = Sections::new(args.under.clone());
    let mut seen_at = None;
    let mut note = args.write.message.clone();
    let keys = if let Some(path) = &args.from {
        let (kept, base) = kept_in_xliff(&ws, args, path)?;
        if kept.is_empty() {
            writeln!(
                ui.out(),
                "nothing to confirm: {} marks no unit translated with {}'s text unchanged",
                visible(&super::input_name(path)),
                args.version
            )?;
            return Ok(Outcome::Success);
        }
        seen_at = Some(base);
        note.get_or_insert_with(|| format!("marked translated in {}", super::input_name(path)));
        kept
    } else if args.keys.is_empty() && !args.all {
        if !std::io::stdin().is_terminal() {
            return Err(CommandError::new(
                "no segments named, and no terminal to ask on",
            )
            .with_hint(format!(
                "name them (`emend confirm {} {} KEY...`), or confirm every stale segment with --all (of a section with --under KEY --all); `emend status {} {}{} --show` shows them",
                args.doc, args.version, args.doc, args.version, under_args(&args.under)
            )));
        }
        let painter = Painter::new(palette(global.color, std::io::stderr().is_terminal()));
        match ask(&ws, &args.doc, &args.version, &under, &painter)? {
            Some(keys) if !keys.is_empty() => keys,
            _ => {
                eprintln!("Nothing confirmed; nothing was written.");
                return Ok(Outcome::Success);
            }
        }
    } else {
        args.keys.clone()
    };
    let done = confirm(
        &ws,
        &ConfirmRequest {
            doc: &args.doc,
            version: &args.version,
            keys: &keys,
            under: &under,
            note: note.as_deref(),
            translator: &translator,
            time: commit_time()?,
            force: args.write.force,
            seen_at,
        },
    )?;
    writeln!(ui.out(), "{}", confirmed(&args.doc, &args.version, &done))?;
    Ok(Outcome::Success)
}

/// The keys of the units an XLIFF file at `path` marks translated with the version's text
/// unchanged, and the revision it was exported at.
fn kept_in_xliff(
    ws: &emend::workflow::Workspace,
    args: &ConfirmArgs,
    path: &Path,
) -> Result<(Vec<String>, git2::Oid), CommandError> {
    let text = read_document_file(path)?;
    let name = super::input_name(path);
    if !is_xliff(&text) {
        return Err(CommandError::new(format!(
            "{}: not an XLIFF file; --from takes the XLIFF file exported for a CAT tool and returned from it",
            visible(&name)
        ))
        .with_hint(format!(
            "emend export {} {} --format xliff --pending -o FILE",
            args.doc, args.version
        )));
    }
    let made = text_from_xliff(ws, &args.doc, &args.version, &text, &name)?;
    Ok((made.confirmed, made.base))
}

/// ` --under genesis/1`: the sections as given, for a hint's command.
fn under_args(under: &[String]) -> String {
    under.iter().map(|k| format!(" --under {k}")).collect()
}

/// Shows each stale segment of the version (its text, how its source changed) on standard
/// error and asks whether to confirm it. The keys confirmed; `None` when there was nothing
/// to ask or the walk was cancelled.
fn ask(
    ws: &emend::workflow::Workspace,
    doc: &str,
    version: &str,
    under: &Sections,
    painter: &Painter,
) -> Result<Option<Vec<String>>, CommandError> {
    let (meta, stale) = stale_segments_of(ws, doc, version, under)?;
    if stale.is_empty() {
        eprintln!(
            "{version} in {doc} has no stale segment{}.",
            under_phrase(under)
        );
        return Ok(None);
    }
    let mut keys = Vec::new();
    for (n, s) in stale.iter().enumerate() {
        let mut shown = Vec::new();
        write_source_changes(&mut shown, painter, &meta, s)?;
        eprint!("{}", String::from_utf8_lossy(&shown));
        let prompt = format!("[{}/{}] {}:", n + 1, stale.len(), visible(&s.stale.key));
        match Select::new(&prompt, vec![CONFIRM, SKIP, STOP]).prompt() {
            Ok(CONFIRM) => keys.push(s.stale.key.clone()),
            Ok(SKIP) => {}
            Ok(_) => break,
            Err(InquireError::OperationCanceled | InquireError::OperationInterrupted) => {
                return Ok(None);
            }
            Err(e) => return Err(prompt_error(e).into()),
        }
    }
    Ok(Some(keys))
}
