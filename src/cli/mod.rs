//! The non-interactive commands: parse, call the store, print. Thin on purpose.

pub mod args;
mod db;
mod demo;
mod input;
mod kb;
pub mod messages;
mod output;
mod sla;
mod ticket;

use anyhow::{Context, Result};
use output::say;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::domain::Invalid;
use crate::store::{Actor, OpenOptions, Store, StoreError};
use args::{Cli, Command};

/// A usage mistake found after parsing (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Exit codes, as documented in `tend --help`: a malformed value is a usage error (2); a
/// well-formed request the rules refuse (an illegal status change) is an error (1).
pub fn exit_code(err: &anyhow::Error) -> u8 {
    let invalid = |i: &Invalid| match i {
        Invalid::Value(_) => 2,
        Invalid::Rule(_) => 1,
    };
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<StoreError>() {
            return match e {
                StoreError::NotFound { .. } => 4,
                StoreError::Conflict { .. } => 3,
                StoreError::Invalid(i) => invalid(i),
                _ => 1,
            };
        }
        if let Some(i) = cause.downcast_ref::<Invalid>() {
            return invalid(i);
        }
        if cause.downcast_ref::<UsageError>().is_some() {
            return 2;
        }
    }
    1
}

/// Where the database is, and how to open it.
struct Target {
    path: PathBuf,
    /// Create the file if missing (the default location and the demo always may).
    create: bool,
    demo: bool,
}

fn data_dir() -> Result<PathBuf> {
    directories::ProjectDirs::from("", "", "tend")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| {
            anyhow::Error::new(UsageError(
                "cannot find your data directory (is HOME set?); pass --db PATH or set TEND_DB"
                    .into(),
            ))
        })
}

fn target(cli: &Cli) -> Result<Target> {
    if cli.demo {
        return Ok(Target {
            path: data_dir()?.join("demo.db"),
            create: true,
            demo: true,
        });
    }
    match &cli.db {
        Some(p) if p.as_os_str().is_empty() => Err(UsageError("--db is empty".into()).into()),
        Some(p) => Ok(Target {
            path: p.clone(),
            create: false,
            demo: false,
        }),
        None => Ok(Target {
            path: data_dir()?.join("tend.db"),
            create: true,
            demo: false,
        }),
    }
}

fn open(target: &Target, actor: &Actor, create: bool) -> Result<Store> {
    let (store, warnings) = Store::open(OpenOptions {
        path: target.path.clone(),
        create: create || target.create,
        actor: actor.clone(),
    })?;
    for w in warnings {
        eprintln!("tend: warning: {w}");
    }
    Ok(store)
}

/// Runs one command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let target = target(&cli)?;
    let actor = Actor::current(cli.actor.as_deref());
    if actor.name.chars().any(char::is_control) || actor.name.chars().count() > 100 {
        return Err(
            UsageError("--as must be a short name without control characters".into()).into(),
        );
    }
    let Some(command) = cli.command else {
        // The full-screen app on a terminal; the queue as text when piped.
        let mut store = open(&target, &actor, false)?;
        if target.demo {
            crate::demo::ensure_demo(&mut store)?;
        }
        use std::io::IsTerminal;
        if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
            crate::runtime::run(store)?;
            return Ok(ExitCode::SUCCESS);
        }
        return ticket::print_queue(&store);
    };
    match command {
        Command::Init(a) => {
            let existed = target.path.exists();
            let shared = match (&a.group, a.shared) {
                (Some(g), true) => Some(crate::store::shared::prepare_directory(&target.path, g)?),
                _ => None,
            };
            let mut store = open(&target, &actor, true)?;
            if let Some(s) = &shared {
                crate::store::shared::share_files(&target.path, s)?;
                say!(
                    "{}: shared with group {} (gid {}); its directory {} is setgid and group-writable",
                    target.path.display(),
                    crate::domain::text::one_line(&s.group),
                    s.gid,
                    s.dir.display()
                );
            }
            if a.demo || target.demo {
                let n = crate::demo::fill(&mut store).context("cannot fill the demo data")?;
                say!(
                    "{}: demo desk with {} tickets and {} articles",
                    target.path.display(),
                    n.0,
                    n.1
                );
            } else if existed {
                say!("{}: ready (already existed)", target.path.display());
            } else {
                say!("{}: created", target.path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Ticket(c) => {
            let mut store = open(&target, &actor, false)?;
            if target.demo {
                crate::demo::ensure_demo(&mut store)?;
            }
            ticket::run(&mut store, *c)
        }
        Command::Kb(c) => {
            let mut store = open(&target, &actor, false)?;
            if target.demo {
                crate::demo::ensure_demo(&mut store)?;
            }
            kb::run(&mut store, c)
        }
        Command::Export(a) => db::export(&mut open(&target, &actor, false)?, &a),
        Command::Import(a) => db::import(&mut open(&target, &actor, true)?, &a),
        Command::Db(c) => db::run(&mut open(&target, &actor, false)?, c),
        Command::Demo(c) => demo::run(&mut open(&target, &actor, true)?, c),
        Command::Priority(c) => db::priority(&mut open(&target, &actor, false)?, c),
        Command::Calendar(c) => sla::calendar(&mut open(&target, &actor, false)?, c),
        Command::Sla(c) => {
            let mut store = open(&target, &actor, false)?;
            if target.demo {
                crate::demo::ensure_demo(&mut store)?;
            }
            sla::sla(&mut store, c)
        }
    }
}
