//! `emend completions`: shell completion scripts, from the same definitions as `--help`.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, CommandError, Outcome, Ui};

/// Print a completion script for a shell.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  emend completions bash > ~/.local/share/bash-completion/completions/emend\n  emend completions zsh > ~/.zfunc/_emend\n  emend completions fish > ~/.config/fish/completions/emend.fish"
)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(ui: &mut Ui, args: &CompletionsArgs) -> Result<Outcome, CommandError> {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "emend", ui.out());
    Ok(Outcome::Success)
}
