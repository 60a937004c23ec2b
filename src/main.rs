//! The `emend` binary: parses arguments, runs the command, sets the exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    match cli::Cli::try_parse() {
        Ok(args) => {
            if args.command.opens_a_store_offline() {
                // SAFETY: the process has one thread, and nothing has used git yet.
                unsafe { emend::store::start_offline() };
            }
            cli::run(&args)
        }
        Err(e) => cli::parse_error(e),
    }
}
