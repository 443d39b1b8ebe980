use clap::Parser;
use std::process::ExitCode;

use tend::cli::{self, args::Cli};

fn main() -> ExitCode {
    let parsed = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli::run(parsed) {
        Ok(code) => code,
        Err(err) => {
            let msg = format!("{err:#}");
            eprintln!("tend: {}", tend::domain::text::one_line(&msg));
            ExitCode::from(cli::exit_code(&err))
        }
    }
}
