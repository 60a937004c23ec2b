//! `emend set`: change what `document.json` records of a document or of a version.

use clap::Args;
use emend::store::{DocId, LanguageTag, Role, VersionId, short_id};
use emend::workflow::{MetaChange, SetRequest, set};

use super::{CommandError, GlobalArgs, Outcome, Ui, WriteArgs, commit_time, open_workspace};

const EXAMPLES: &str = "\
Examples:
  emend set udhr fr-ca --lang fr-CA --from fr          a version's language and source
  emend set udhr fr --translator \"Office of the High Commissioner\"
  emend set udhr --title \"Universal Declaration of Human Rights\" --license \"public domain\"
  emend set udhr fr --note \"\"                          an empty value removes a field";

/// Change a document's title, citation, source or licence, or a version's language, role,
/// source version, translator, title or note.
///
/// Without VERSION the fields are the document's; with it, the version's. The change is
/// one commit to DOC/document.json whose message names the fields; nothing is committed
/// when every value is already as given. An empty value ("") removes a field. A version's
/// source can be changed even when document.json names one the document does not have
/// (the error every other command gives then says so); a source that would lead back to
/// the version itself is refused.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct SetArgs {
    /// The document, by its id (`emend list` shows them)
    pub doc: DocId,
    /// The version whose fields change (without it, the document's)
    pub version: Option<VersionId>,
    /// The document's title, or with VERSION the version's own (a translated title)
    #[arg(long, allow_hyphen_values = true)]
    pub title: Option<String>,
    /// How to cite the document
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub citation: Option<String>,
    /// Where the document's text comes from: an edition, an archive, an address
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub source: Option<String>,
    /// The document's licence
    #[arg(
        long,
        visible_alias = "licence",
        value_name = "TEXT",
        allow_hyphen_values = true
    )]
    pub license: Option<String>,
    /// The version's language (BCP 47: en, fr-CA, zh-Hans, ...)
    #[arg(long, value_name = "LANG")]
    pub lang: Option<LanguageTag>,
    /// What the version is to the document
    #[arg(long, value_enum)]
    pub role: Option<Role>,
    /// The version it is translated or derived from
    #[arg(long, value_name = "VERSION", conflicts_with = "no_from")]
    pub from: Option<VersionId>,
    /// It is made from no other version
    #[arg(long)]
    pub no_from: bool,
    /// Who translated or wrote it
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    pub translator: Option<String>,
    /// A note on the version
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

impl SetArgs {
    /// The changes the flags ask for, in the order `document.json` lists its fields.
    fn changes(&self) -> Vec<MetaChange> {
        let text = |t: &Option<String>| t.clone().map(Some);
        let from = match (&self.from, self.no_from) {
            (Some(v), _) => Some(MetaChange::From(Some(v.to_string()))),
            (None, true) => Some(MetaChange::From(None)),
            (None, false) => None,
        };
        [
            text(&self.title).map(MetaChange::Title),
            text(&self.citation).map(MetaChange::Citation),
            text(&self.source).map(MetaChange::Source),
            text(&self.license).map(MetaChange::License),
            self.lang.clone().map(MetaChange::Language),
            self.role.map(MetaChange::Role),
            from,
            text(&self.translator).map(MetaChange::Translator),
            text(&self.note).map(MetaChange::Note),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

pub fn run(ui: &mut Ui, global: &GlobalArgs, args: &SetArgs) -> Result<Outcome, CommandError> {
    let changes = args.changes();
    if changes.is_empty() {
        return Err(CommandError::new(
            "nothing to set: give a field and its value, such as --title, --lang or --from (`emend set --help` lists them)",
        ));
    }
    let ws = open_workspace(global)?;
    let req = SetRequest {
        doc: args.doc.to_string(),
        version: args.version.as_ref().map(VersionId::to_string),
        changes,
        message: args.write.message.clone(),
        author: args.write.author(&ws.store)?,
        time: commit_time()?,
        force: args.write.force,
    };
    let done = set(&ws, &req)?;
    let what = match &args.version {
        Some(v) => format!("{v} in {}", args.doc),
        None => args.doc.to_string(),
    };
    let out = ui.out();
    let Some(commit) = done.commit else {
        writeln!(out, "{what} already has those values; nothing to commit")?;
        return Ok(Outcome::Success);
    };
    writeln!(out, "set {what} ({})", short_id(commit))?;
    let width = done
        .changed
        .iter()
        .map(|c| c.field.len())
        .max()
        .unwrap_or(0);
    for c in &done.changed {
        let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".to_string());
        writeln!(
            out,
            "  {:width$}  {} → {}",
            c.field,
            shown(&c.old),
            shown(&c.new)
        )?;
    }
    Ok(Outcome::Success)
}
