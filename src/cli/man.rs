//! `emend man`: the manual page, from the same definitions as `--help`.

use clap::{Args, CommandFactory};

use super::{Cli, CommandError, Outcome, Ui};

/// Print the manual page (roff) of emend or of one of its commands.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  emend man | man -l -\n  emend man review > emend-review.1")]
pub struct ManArgs {
    /// A command, for its own page
    pub command: Option<String>,
}

pub fn run(ui: &mut Ui, args: &ManArgs) -> Result<Outcome, CommandError> {
    let mut cmd = Cli::command();
    cmd.build();
    let page = match &args.command {
        Some(name) => {
            let sub = cmd
                .find_subcommand(name)
                .ok_or_else(|| {
                    CommandError::new(format!("no command {name:?}; `emend --help` lists them"))
                })?
                .clone()
                .name(format!("emend-{name}"));
            clap_mangen::Man::new(sub)
        }
        None => clap_mangen::Man::new(cmd),
    };
    page.render(ui.out())?;
    Ok(Outcome::Success)
}
