//! `tend db ...`, `tend export`, `tend import`, `tend priority ...`.

use super::output::{count, say};
use anyhow::{Context, Result};
use std::io::{Read, Write};
use std::process::ExitCode;

use super::UsageError;
use super::args::{DbCommand, ExportArgs, ImportArgs, PriorityCommand};
use super::output::print_json;
use crate::domain::ticket::{Level, parse_priority, priority_name};
use crate::store::Store;

pub fn run(store: &mut Store, cmd: DbCommand) -> Result<ExitCode> {
    match cmd {
        DbCommand::Check { format } => print_check(&store.check()?, format.json),
        DbCommand::Backup { path, force } => {
            clean_up_on_signal(&path);
            let r = store.backup(&path, force)?;
            if r.swept > 0 {
                eprintln!(
                    "tend: removed {} partial copies left by killed backups",
                    r.swept
                );
            }
            say!(
                "backed up to {} (mode {:04o}, group {})",
                super::output::path_shown(&r.dest),
                r.mode.mode,
                r.mode.gid
            );
            if !r.mode.group_kept {
                eprintln!(
                    "tend: warning: the backup could not be given the database's group (you are not a member), so only you can read it"
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        DbCommand::Restore { backup } => {
            clean_up_on_signal(store.path());
            let r = store.restore(&backup)?;
            say!(
                "kept the state before the restore in {}",
                super::output::path_shown(&r.kept)
            );
            if let Some(v) = r.migrated_from {
                say!(
                    "the backup had schema {v}: upgraded to {}",
                    crate::store::LATEST_SCHEMA
                );
            }
            say!(
                "restored {} from {}: {}, {}; running apps reload it, other commands see it at once",
                super::output::path_shown(store.path()),
                super::output::path_shown(&r.from),
                count(r.tickets, "ticket"),
                count(r.articles, "article")
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `tend db check` on a file that cannot be opened as a desk because it is damaged: the
/// checks that can still run, each BAD line saying what is wrong (exit 1).
pub fn check_damaged(path: &std::path::Path, json: bool) -> Result<ExitCode> {
    print_check(&Store::check_damaged(path)?, json)
}

fn print_check(report: &crate::store::CheckReport, json: bool) -> Result<ExitCode> {
    if json {
        print_json(report)?;
    } else {
        say!("{}", crate::domain::text::one_line(&report.path));
        for item in &report.items {
            let mark = if item.ok { "ok " } else { "BAD" };
            say!(
                "  {mark} {:<24} {}",
                item.check,
                crate::domain::text::one_line(&item.result)
            );
        }
    }
    Ok(if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// On SIGINT or SIGTERM, removes this process's partial copies beside `path` before exiting
/// (a killed copy is otherwise only removed by the next backup to that directory). The live
/// database needs nothing: an unfinished write is rolled back by SQLite.
fn clean_up_on_signal(path: &std::path::Path) {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."))
        .to_path_buf();
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("tend-cleanup".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                crate::store::remove_own_partials(&dir);
                std::process::exit(128 + sig);
            }
        });
}

pub fn export(store: &mut Store, a: &ExportArgs) -> Result<ExitCode> {
    if !a.format.eq_ignore_ascii_case("json") {
        return Err(UsageError(format!("unknown export format '{}': only json", a.format)).into());
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    store.export_to(&mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `tend import FILE`: into the desk at `target`, made for the import if it is not there. A
/// failed import leaves nothing new on disk: a missing file is refused before anything is
/// made, and a desk (and directories) made for an import that fails are removed again.
pub fn import_into(
    target: &super::Target,
    actor: &crate::store::Actor,
    a: &ImportArgs,
) -> Result<ExitCode> {
    let (reader, source) = import_source(a)?;
    let path = &target.path;
    let existed = match std::fs::symlink_metadata(path) {
        Ok(_) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(e).with_context(|| format!("cannot look at {}", path.display())),
    };
    let made = if existed {
        crate::store::shared::MadeDirs::default()
    } else {
        crate::store::shared::create_dirs(path)?
    };
    let mut made_file = false;
    let result = (|| {
        if !existed {
            made_file = super::init::create_file(path)?;
        }
        // Closed again (dropped) before a failed import's files are removed.
        let mut store = super::open(target, actor, true)?;
        import(&mut store, reader, &source)
    })();
    if result.is_err() {
        super::init::remove_made(path, made_file, &made);
    }
    result
}

/// The file to import (or standard input), opened: a missing one is refused here.
fn import_source(a: &ImportArgs) -> Result<(Box<dyn Read>, String)> {
    Ok(if a.file.as_os_str() == "-" {
        (Box::new(std::io::stdin().lock()), "standard input".into())
    } else {
        let f = match std::fs::File::open(&a.file) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(crate::store::StoreError::NoFile {
                    what: "file",
                    path: a.file.clone(),
                    why: " to import".into(),
                }
                .into());
            }
            other => other.with_context(|| format!("cannot open {}", a.file.display()))?,
        };
        (Box::new(f), a.file.display().to_string())
    })
}

fn import(store: &mut Store, reader: Box<dyn Read>, source: &str) -> Result<ExitCode> {
    let (tickets, articles) = store.import_from(reader, source)?;
    say!(
        "imported {} and {} into {}",
        count(tickets as i64, "ticket"),
        count(articles as i64, "article"),
        super::output::path_shown(store.path())
    );
    Ok(ExitCode::SUCCESS)
}

pub fn priority(store: &mut Store, cmd: PriorityCommand) -> Result<ExitCode> {
    match cmd {
        PriorityCommand::Show { format } => {
            let m = store.priority_matrix()?;
            if format.json {
                #[derive(serde::Serialize)]
                struct Cell {
                    impact: Level,
                    urgency: Level,
                    priority: u8,
                }
                let cells: Vec<Cell> = m
                    .cells()
                    .into_iter()
                    .map(|(impact, urgency, priority)| Cell {
                        impact,
                        urgency,
                        priority,
                    })
                    .collect();
                print_json(&cells)?;
            } else {
                say!("impact \\ urgency   high  medium  low");
                for i in [Level::High, Level::Medium, Level::Low] {
                    let cells: Vec<String> = [Level::High, Level::Medium, Level::Low]
                        .iter()
                        .map(|u| m.priority(i, *u).to_string())
                        .collect();
                    say!(
                        "{:<18} {:>4}  {:>6}  {:>3}",
                        i.as_str(),
                        cells[0],
                        cells[1],
                        cells[2]
                    );
                }
                say!("");
                for p in 1..=5 {
                    say!("  {p} = {}", priority_name(p));
                }
            }
        }
        PriorityCommand::Set {
            impact,
            urgency,
            priority,
        } => {
            let (i, u): (Level, Level) = (impact.parse()?, urgency.parse()?);
            let p = parse_priority(&priority)?;
            store.set_priority_cell(i, u, p)?;
            say!(
                "impact {i} x urgency {u} = priority {p} ({}); existing tickets change when next updated",
                priority_name(p)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
