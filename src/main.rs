//! The `emend` binary: parses arguments, runs the command, sets the exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use cli::{Cli, Command, EXIT_DIFFERENCES, EXIT_OK, Outcome};

fn main() -> ExitCode {
    let args = Cli::parse();
    if let Some(limit) = args.global.max_input_size {
        emend::input::set_max_input(limit);
    }
    let mut ui = cli::Ui::new(&args.global);
    let global = &args.global;
    let result = match &args.command {
        Command::Init(a) => cli::init::run(&mut ui, global, a),
        Command::Add(a) => cli::add::run(&mut ui, global, a),
        Command::Update(a) => cli::update::run(&mut ui, global, a),
        Command::List(a) => cli::list::run(&mut ui, global, a),
        Command::Show(a) => cli::show::run(&mut ui, global, a),
        Command::Log(a) => cli::log::run(&mut ui, global, a),
        Command::Diff(a) => cli::diff::run(&mut ui, global, a),
        Command::Propose(a) => cli::propose::run(&mut ui, global, a),
        Command::Proposals(a) => cli::proposals::run(&mut ui, global, a),
        Command::Review(a) => cli::review::run(&mut ui, global, a),
        Command::Approve(a) => cli::approve::run(&mut ui, global, a),
        Command::Export(a) => cli::export::run(&mut ui, global, a),
        Command::Status(a) => cli::status::run(&mut ui, global, a),
        Command::Blame(a) => cli::blame::run(&mut ui, global, a),
        Command::Compare(a) => cli::compare::run(&mut ui, global, a),
        Command::Completions(a) => cli::completions::run(&mut ui, a),
        Command::Man(a) => cli::man::run(&mut ui, a),
    };
    let result = result.and_then(|outcome| ui.finish().map(|_| outcome).map_err(Into::into));
    match result {
        Ok(Outcome::Success) => ExitCode::from(EXIT_OK),
        Ok(Outcome::Differences) => ExitCode::from(EXIT_DIFFERENCES),
        Err(e) => {
            if e.kind != cli::ErrorKind::BrokenPipe {
                cli::report(&e);
            }
            ExitCode::from(e.kind.exit_code())
        }
    }
}
