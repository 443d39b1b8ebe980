use clap::Parser;
use std::process::ExitCode;

use tend::cli::{self, args::Cli};

fn main() -> ExitCode {
    let parsed = match Cli::try_parse() {
        Ok(c) => c,
        // --help and --version print as clap prints them, and succeed.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let argv: Vec<String> = std::env::args_os()
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            eprintln!("tend: {}", cli::messages::usage_line(&e, &argv));
            return ExitCode::from(2);
        }
    };
    match cli::run(parsed) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("tend: {}", cli::messages::error_line(&err));
            ExitCode::from(cli::exit_code(&err))
        }
    }
}
