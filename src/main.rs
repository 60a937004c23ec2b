//! The `emend` binary: parses arguments, runs the command, sets the exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// jemalloc instead of the system's allocator: a word diff makes many small
/// allocations (a string per op, a few per paragraph read), and the KJV/Webster
/// diff takes about a tenth less CPU with it. The `jemalloc` feature (on by
/// default); not on MSVC, which jemalloc does not support.
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read before the first allocation: one arena, so that
/// the peak of memory stays where the system allocator's was (an arena per
/// thread held 30% more), while each thread's cache keeps threads from
/// waiting on each other.
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: Option<&'static u8> = Some(&b"narenas:1\0"[0]);

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
