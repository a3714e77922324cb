//! The `hoso` binary: parses arguments, runs the command (`cli/`, and the web app in
//! `serve/`), prints errors and maps them to exit codes. Nothing else lives here.

mod cli;
mod serve;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse_vi();
    match cli::run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            cli::print_error(&args, &e);
            ExitCode::from(e.exit_code())
        }
    }
}
