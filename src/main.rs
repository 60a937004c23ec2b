//! The `emend` binary: parses arguments, runs the command, sets the exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    match cli::Cli::try_parse() {
        Ok(args) => cli::run(&args),
        Err(e) => cli::parse_error(e),
    }
}
