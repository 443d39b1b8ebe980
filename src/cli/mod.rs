//! The non-interactive commands: parse, call the store, print. Thin on purpose.

pub mod args;
mod calendar;
mod config;
mod db;
mod demo;
mod init;
mod input;
mod kb;
pub mod messages;
mod output;
mod shell;
mod sla;
mod ticket;
mod view;

use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::domain::Invalid;
use crate::store::{Actor, OpenOptions, Store, StoreError};
use args::{Cli, Command};

/// A usage mistake found after parsing (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Exit codes, as documented in `tend --help`: a malformed value and a request the rules refuse
/// (an illegal status change, a reply to a closed ticket, a link cycle) are bad input (2); 1 is
/// for what went wrong around the request (disk, locks, a damaged file).
pub fn exit_code(err: &anyhow::Error) -> u8 {
    let invalid = |i: &Invalid| match i {
        Invalid::Value(_) | Invalid::Rule(_) | Invalid::Pending(_) => 2,
    };
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<StoreError>() {
            return match e {
                StoreError::NotFound { .. }
                | StoreError::NoFile { .. }
                | StoreError::Missing(_)
                | StoreError::MissingDefault(_)
                | StoreError::NoView(_) => 4,
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
pub(crate) struct Target {
    pub(crate) path: PathBuf,
    /// Create the file if missing: only the demo desk is made on first use; a real desk only
    /// by `init` (and `import`, `demo generate`, which fill a new one).
    create: bool,
    pub(crate) demo: bool,
    /// The default path (no `--db`, no `TEND_DB`): messages can say plain `tend init`.
    default: bool,
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
    // --db from the command line (not TEND_DB from the environment) beside --demo: which desk?
    if cli.demo
        && let Some(db) = &cli.db
        && std::env::var_os("TEND_DB").is_none_or(|e| e != db.as_os_str())
    {
        return Err(UsageError(
            "--demo and --db cannot be used together: --demo always uses the demo desk; leave out one of them".into(),
        )
        .into());
    }
    if cli.demo {
        return Ok(Target {
            path: data_dir()?.join("demo.db"),
            create: true,
            demo: true,
            default: false,
        });
    }
    match &cli.db {
        Some(p) if p.as_os_str().is_empty() => Err(UsageError("--db is empty".into()).into()),
        Some(p) => Ok(Target {
            path: p.clone(),
            create: false,
            demo: false,
            default: false,
        }),
        None => Ok(Target {
            path: data_dir()?.join("tend.db"),
            create: false,
            demo: false,
            default: true,
        }),
    }
}

pub(crate) fn open(target: &Target, actor: &Actor, create: bool) -> Result<Store> {
    let (store, warnings) = Store::open(OpenOptions {
        path: target.path.clone(),
        create: create || target.create,
        actor: actor.clone(),
    })
    .map_err(|e| match e {
        StoreError::Missing(path) if target.default => StoreError::MissingDefault(path),
        e => e,
    })?;
    for w in warnings {
        eprintln!(
            "tend: warning: {}",
            crate::domain::text::one_line(&w.to_string())
        );
    }
    Ok(store)
}

/// The store error in `e` that says the file is damaged, if any.
fn damage(e: &anyhow::Error) -> Option<&StoreError> {
    e.chain()
        .filter_map(|c| c.downcast_ref::<StoreError>())
        .find(|s| s.is_damage())
}

/// Runs one command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    // Commands that need no database.
    match &cli.command {
        Some(Command::Completions { shell }) => {
            shell::completions(*shell)?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Man) => {
            shell::man()?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Config(c)) => return config::run(c),
        _ => {}
    }
    let target = target(&cli)?;
    run_on(&target, cli).map_err(|e| {
        // SQLite's "damaged" knows no file name: say which file, and how to learn more.
        match damage(&e).and_then(|s| s.damaged_at(&target.path)) {
            Some(named) => named.into(),
            None => e,
        }
    })
}

fn run_on(target: &Target, cli: Cli) -> Result<ExitCode> {
    if let Some(name) = cli.actor.as_ref().filter(|n| !n.trim().is_empty()) {
        crate::domain::names::validate_name("name given with --as or TEND_USER", name)
            .map_err(|e| UsageError(e.to_string()))?;
    }
    let actor = Actor::current(cli.actor.as_deref());
    let Some(command) = cli.command else {
        // The full-screen app on a terminal; the queue as text when piped.
        use std::io::IsTerminal;
        let tui = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
        // A bad keys.toml or theme.toml stops the app before it starts, with the file, line and
        // problem: keys that quietly mean something other than what the agent wrote are worse
        // than a clear refusal (and a status-bar note is easy to miss).
        let config = if tui { Some(config::load()?) } else { None };
        let mut store = open(target, &actor, false)?;
        if target.demo {
            crate::demo::ensure_demo(&mut store)?;
        }
        if let Some(config) = config {
            crate::runtime::run(store, config)?;
            return Ok(ExitCode::SUCCESS);
        }
        return ticket::print_queue(&store);
    };
    match command {
        Command::Init(a) => init::run(target, &actor, &a),
        Command::Ticket(c) => {
            let mut store = open(target, &actor, false)?;
            if target.demo {
                crate::demo::ensure_demo(&mut store)?;
            }
            store.use_small_cache()?;
            ticket::run(&mut store, *c)
        }
        Command::Kb(c) => {
            let mut store = open(target, &actor, false)?;
            if target.demo {
                crate::demo::ensure_demo(&mut store)?;
            }
            store.use_small_cache()?;
            kb::run(&mut store, c)
        }
        Command::Export(a) => db::export(&mut open(target, &actor, false)?, &a),
        Command::Import(a) => db::import_into(target, &actor, &a),
        Command::Db(args::DbCommand::Check { format }) => match open(target, &actor, false) {
            Ok(mut store) => db::run(&mut store, args::DbCommand::Check { format }),
            Err(e) if damage(&e).is_some() => db::check_damaged(&target.path, format.json),
            Err(e) => Err(e),
        },
        Command::Db(c) => db::run(&mut open(target, &actor, false)?, c),
        Command::Demo(c) => demo::run(&mut open(target, &actor, true)?, c),
        Command::Priority(c) => db::priority(&mut open(target, &actor, false)?, c),
        Command::Calendar(c) => calendar::run(&mut open(target, &actor, false)?, c),
        Command::Sla(c) => {
            let mut store = open(target, &actor, false)?;
            if target.demo {
                crate::demo::ensure_demo(&mut store)?;
            }
            sla::sla(&mut store, c)
        }
        Command::View(c) => view::run(&mut open(target, &actor, false)?, c),
        // Handled in `run`, before any database is opened.
        Command::Completions { .. } | Command::Man | Command::Config(_) => Ok(ExitCode::SUCCESS),
    }
}
