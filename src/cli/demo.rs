//! `tend demo generate`

use anyhow::Result;
use chrono::{TimeZone, Utc};
use std::io::IsTerminal;
use std::process::ExitCode;

use super::args::DemoCommand;
use super::output::say;
use crate::domain::time::parse_instant;
use crate::store::Store;

pub fn run(store: &mut Store, cmd: DemoCommand) -> Result<ExitCode> {
    match cmd {
        DemoCommand::Generate {
            tickets,
            articles,
            seed,
            now,
        } => {
            let now = match now {
                Some(n) => parse_instant(&n)?,
                None => {
                    let today = Utc::now().date_naive();
                    Utc.from_utc_datetime(&today.and_time(chrono::NaiveTime::MIN))
                }
            };
            let start = std::time::Instant::now();
            let tty = std::io::stderr().is_terminal();
            let mut progress = |n: usize| {
                if tty {
                    eprint!("\r{n} of {tickets} tickets");
                }
            };
            let (t, a) = crate::demo::generate(store, tickets, articles, seed, now, &mut progress)?;
            if tty {
                eprintln!();
            }
            say!(
                "{}: generated {t} tickets and {a} articles in {:.1} s (seed {seed}, up to {})",
                super::output::path_shown(store.path()),
                start.elapsed().as_secs_f64(),
                crate::domain::time::rfc3339(now)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
