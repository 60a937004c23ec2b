//! `emend init`: make a folder a store.

use std::path::PathBuf;

use clap::Args;
use emend::store::{Author, Store, identity_near};

use super::{CommandError, GlobalArgs, Outcome, Ui, commit_time};

const EXAMPLES: &str = "\
Examples:
  emend init                 make the current folder a store
  emend init letters         create the folder letters/ and make it a store";

/// Make a folder an emend store: a git repository with emend.toml at its root.
///
/// Runs `git init` when the folder is not in a repository yet, writes
/// emend.toml (`root = \"translations\"`: documents live in translations/)
/// and commits it. Share the store with plain git: clone, pull, push.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct InitArgs {
    /// The folder (default: the current folder)
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Author of the first commit, "Name <email>" (default: git's user.name and user.email)
    #[arg(long, value_name = "NAME <EMAIL>")]
    pub author: Option<String>,
}

pub fn run(ui: &mut Ui, _global: &GlobalArgs, args: &InitArgs) -> Result<Outcome, CommandError> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let author = match &args.author {
        Some(a) => Author::parse(a)?,
        None => identity_near(&dir)?,
    };
    let store = Store::init(&dir, &author, commit_time()?)?;
    writeln!(
        ui.out(),
        "initialised an emend store in {} (documents go in {}/)",
        store.workdir().display(),
        store.root()
    )?;
    Ok(Outcome::Success)
}
