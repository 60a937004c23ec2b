//! `emend confirm`: a translator says that stale segments still translate their source.

use clap::Args;
use emend::render::listing::confirmed;
use emend::store::{DocId, VersionId};
use emend::workflow::{ConfirmRequest, confirm};

use super::{CommandError, GlobalArgs, Outcome, Ui, WriteArgs, commit_time, open_workspace};

const EXAMPLES: &str = "\
Examples:
  emend status cc-by fr --show                          what changed in the source, segment by segment
  emend confirm cc-by fr 1 2 3 -m \"dashes only\"        these three still translate it
  emend confirm cc-by fr                                every stale segment of fr";

/// Confirm that stale segments of a translation still translate their source as it now reads.
///
/// A segment is stale when its source changed after the translation last changed it
/// (`emend status`). Where the source's change asks nothing of the translation (a typo, a
/// dash, a quotation mark), confirming the segment says so: `status` no longer calls it
/// stale, until the source changes again. Without KEYs, every stale segment of VERSION is
/// confirmed; a KEY that is not stale is refused. The confirmation (version, source, the
/// commit the source was read at, the keys, translator, date, note) is a new file under
/// DOC/confirmations/, in one commit; two clones confirming at once merge without conflict.
/// Nothing is committed when nothing is stale.
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
    #[arg(value_name = "KEY")]
    pub keys: Vec<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &ConfirmArgs) -> Result<Outcome, CommandError> {
    let ws = open_workspace(global)?;
    let translator = args.write.author(&ws.store)?;
    let done = confirm(
        &ws,
        &ConfirmRequest {
            doc: &args.doc,
            version: &args.version,
            keys: &args.keys,
            note: args.write.message.as_deref(),
            translator: &translator,
            time: commit_time()?,
            force: args.write.force,
        },
    )?;
    writeln!(ui.out(), "{}", confirmed(&args.doc, &args.version, &done))?;
    Ok(Outcome::Success)
}
