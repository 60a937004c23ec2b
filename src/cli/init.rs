//! `emend init`: make a folder a store.

use std::path::{Path, PathBuf};

use clap::Args;
use emend::store::{Author, Store, identity_near};

use super::args::AuthorArg;
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
#[command(
    after_help = EXAMPLES,
    mut_arg("author", |a| a.help("Author of the first commit, \"Name <email>\" (default: git's user.name and user.email)"))
)]
pub struct InitArgs {
    /// The folder (default: the current folder)
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    #[command(flatten)]
    pub author: AuthorArg,
}

pub fn run(ui: &mut Ui, _global: &GlobalArgs, args: &InitArgs) -> Result<Outcome, CommandError> {
    let dir = args.dir.as_deref().unwrap_or(Path::new("."));
    // No store yet: the identity is the one git would use in (or around) the folder.
    let author = match &args.author.author {
        Some(a) => Author::parse(a)?,
        None => identity_near(dir)?,
    };
    let store = Store::init(dir, &author, commit_time()?)?;
    writeln!(
        ui.out(),
        "initialised an emend store in {} (documents go in {}/)",
        store.workdir().display(),
        store.root()
    )?;
    Ok(Outcome::Success)
}
