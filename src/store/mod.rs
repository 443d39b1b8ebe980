//! The repository layer: the only code that knows SQL. It opens and configures the SQLite
//! connection, migrates the schema, and reads and writes domain types.
//!
//! Rules it keeps (each measured with several processes on one file; README.md's "Sharing one
//! database" section says what they guarantee): WAL set once at creation, never toggled on a
//! live file; every write in `BEGIN IMMEDIATE`, so the busy timeout applies and a read-then-write
//! never fails on a lock upgrade; optimistic concurrency through a `version` column; a
//! `change_log` other processes read to refresh; keyset pagination; FTS5 for search. No rusqlite
//! type crosses its surface: errors say what kind of failure they are (`DbErrorKind`).

mod actor;
mod agents;
mod backup;
mod bulk;
mod cancel;
mod capped;
mod changes;
mod check;
mod error;
mod files;
mod guards;
mod import;
mod is_open;
mod kb;
mod links;
mod listing;
mod migrate;
mod open;
mod presence;
mod replace;
mod restore;
mod rows;
pub mod search;
mod settings;
pub mod shared;
mod sla;
mod sla_settings;
mod sla_states;
mod tickets;
mod transfer;
mod views;

pub use actor::Actor;
pub use backup::BackupReport;
pub use cancel::Cancel;
pub use changes::ChangeEvent;
pub use check::CheckReport;
pub use error::{DbErrorKind, StoreError};
pub use files::{CopyMode, remove_own_partials};
pub use migrate::{LATEST_SCHEMA, migration_sql};
pub use open::{OpenOptions, Warning};
pub use presence::PRESENCE_EXPIRY;
pub use restore::RestoreReport;
pub use sla::{DEFAULT_CALENDAR, QueueClock};
pub use tickets::{ListPage, UpdateOutcome};
pub use transfer::ExportTicket;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior};
use std::path::{Path, PathBuf};

/// How often a write is tried again when SQLite finds the -shm file read-only (about 2 s).
const READ_ONLY_RETRIES: u32 = 25;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Reads the current time; tests pass a fixed clock.
pub type Clock = Box<dyn Fn() -> DateTime<Utc> + Send>;

/// An open tend database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    actor: Actor,
    read_only: Option<String>,
    /// Read as an immutable snapshot: no locks, no -wal or -shm files of ours.
    snapshot: bool,
    clock: Clock,
    /// Inside `batch`: writes become savepoints of the one open transaction.
    in_batch: bool,
    /// Identifies this process's presence rows.
    session: String,
    /// (device, inode) of the file when it was opened, to notice it being deleted or replaced.
    identity: Option<(u64, u64)>,
    /// Business time per whole day, per calendar, kept between calls (list badges, clocks).
    day_totals: std::cell::RefCell<
        std::collections::HashMap<String, crate::domain::calendar::DayTotals<'static>>,
    >,
}

/// Whether the file at the database's path is still the one this store has open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    Same,
    /// Nothing is at the path any more: changes go to a file no one else will see.
    Deleted,
    /// Another file is at the path now (restored from a backup, moved over it).
    Replaced,
}

impl Store {
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Why the database is read-only, if it is.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Replaces the clock (tests, demo data).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// Checks that the path still names the file this store has open (cheap: one `stat`).
    /// Every write checks it, and the app on every poll; a deleted or replaced file is worth a loud
    /// warning, since changes would otherwise go somewhere nobody looks.
    pub fn file_state(&self) -> FileState {
        match (files::identity(&self.path), self.identity) {
            (None, _) => FileState::Deleted,
            (Some(now), Some(then)) if now != then => FileState::Replaced,
            _ => FileState::Same,
        }
    }

    /// Credits the following changes to someone else (demo data, imports of other tools).
    pub fn set_actor(&mut self, actor: Actor) {
        self.actor = actor;
    }

    pub fn now(&self) -> DateTime<Utc> {
        crate::domain::time::truncate((self.clock)())
    }

    /// Refuses to write a read-only database, and one whose file was deleted or replaced since
    /// it was opened (one `stat`): the change would land where nobody else looks.
    fn writable(&self) -> Result<()> {
        if let Some(why) = &self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
                why: why.clone(),
            });
        }
        match self.file_state() {
            FileState::Same => Ok(()),
            state => Err(StoreError::FileGone {
                path: self.path.clone(),
                replaced: state == FileState::Replaced,
            }),
        }
    }

    /// Runs `f` in a `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so the busy
    /// timeout applies and a read-then-write never fails half-way on a lock upgrade.
    fn write<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        if self.in_batch {
            // `batch` checked the file once for all its writes.
            let sp = self.conn.savepoint()?;
            let out = f(&sp)?;
            sp.commit()?;
            return Ok(out);
        }
        self.writable()?;
        let mut attempt = 0;
        loop {
            let failed = match self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
            {
                Ok(tx) => {
                    let out = f(&tx)?;
                    tx.commit()?;
                    return Ok(out);
                }
                Err(e) => e,
            };
            self.after_failed_begin(failed, &mut attempt)?;
        }
    }

    /// Whether BEGIN IMMEDIATE failed only because SQLite opened the -shm file read-only: the
    /// group-shared file had just been created by another user and was not yet widened. A new
    /// connection opens it read-write; a few attempts, a few milliseconds apart, then the error.
    fn after_failed_begin(&mut self, e: rusqlite::Error, attempt: &mut u32) -> Result<()> {
        let read_only_shm = matches!(&e, rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ReadOnly);
        if !read_only_shm || self.read_only.is_some() || self.snapshot {
            return Err(e.into());
        }
        if *attempt >= READ_ONLY_RETRIES {
            return Err(open::unwritable_companions(&self.path).unwrap_or_else(|| e.into()));
        }
        *attempt += 1;
        // A reader who may not write can briefly leave -wal/-shm files of its own (it removes
        // them at once, but a loaded machine may take a while): about 2 s in all, then the error.
        let pause = (1u64 << (*attempt).min(7)).min(100);
        std::thread::sleep(std::time::Duration::from_millis(pause));
        self.reopen()
    }

    /// Runs many writes as one transaction (bulk loads): all of them are saved, or none.
    pub fn batch<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        if self.in_batch {
            return f(self);
        }
        self.writable()?;
        let mut attempt = 0;
        while let Err(e) = self.conn.execute_batch("BEGIN IMMEDIATE") {
            self.after_failed_begin(e, &mut attempt)?;
        }
        self.in_batch = true;
        let result = f(self);
        self.in_batch = false;
        match result {
            Ok(v) => {
                if let Err(e) = self.conn.execute_batch("COMMIT") {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    return Err(e.into());
                }
                Ok(v)
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }
}
