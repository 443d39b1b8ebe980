//! Everything the store can fail with, each as one clear line for the user.

use std::path::PathBuf;
use thiserror::Error;

use crate::domain::Invalid;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("no {what} #{id}")]
    NotFound { what: &'static str, id: i64 },

    #[error(
        "{what} #{id} changed underneath you: you had version {expected}, it is now version {actual}{by}; reload and try again"
    )]
    Conflict {
        what: &'static str,
        id: i64,
        expected: i64,
        actual: i64,
        /// " (by bob at 2026-11-21T10:00:00Z)" or empty.
        by: String,
    },

    #[error(transparent)]
    Invalid(#[from] Invalid),

    /// A saved view asked for by name (already one line: see `views::shown_name`).
    #[error("no saved view '{0}' (tend view list shows them)")]
    NoView(String),

    /// A file named by the user is not there (`no backup at b.db`, `no directory /x`).
    #[error("no {what} {}{why}", path.display())]
    NoFile {
        what: &'static str,
        path: PathBuf,
        why: String,
    },

    #[error("no database at {}; create one with `tend --db {} init`", .0.display(), .0.display())]
    Missing(PathBuf),

    /// `Missing` at the default path (no `--db`, no `TEND_DB`): plain `tend init` makes it.
    #[error("no desk yet at {}; create it with `tend init`", .0.display())]
    MissingDefault(PathBuf),

    #[error("{} is read-only ({why}); nothing was saved", path.display())]
    ReadOnly { path: PathBuf, why: String },

    #[error(
        "{} was written by a newer tend (schema {found}; this tend knows up to {known}); upgrade tend to use it",
        path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    #[error("{} {why}", path.display())]
    BadPath { path: PathBuf, why: String },

    #[error(
        "{} is damaged: {why}; run `tend --db {} db check` to see what is wrong, and restore a backup with `tend db restore`",
        path.display(), path.display()
    )]
    Damaged { path: PathBuf, why: String },

    #[error("{} is not a tend database ({why})", path.display())]
    NotTend { path: PathBuf, why: String },

    #[error(
        "this tend is built with SQLite {found}, older than 3.51.3 which fixes a WAL corruption bug; rebuild with the bundled SQLite"
    )]
    OldSqlite { found: String },

    /// A request refused to keep data safe; the text says why and what to do instead.
    #[error("{0}")]
    Refused(String),

    #[error(
        "{} was {} after this tend opened it; nothing was saved (changes would go to a file nobody else sees): reopen it",
        path.display(),
        if *.replaced { "replaced by another file (moved or copied over it)" } else { "deleted" }
    )]
    FileGone { path: PathBuf, replaced: bool },

    /// The OS error is part of the line, not chained, so it is said once.
    #[error("{context}: {cause}")]
    Io {
        context: String,
        cause: std::io::Error,
    },

    /// SQLite's own error, described in words (not chained, so it is said once).
    #[error("{}", describe_sqlite(.0))]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e)
    }
}

impl StoreError {
    /// The file is damaged (or not what its header says): `db check` can still say what is
    /// wrong, by `Store::check_damaged`.
    pub fn is_damage(&self) -> bool {
        match self {
            StoreError::Damaged { .. } => true,
            StoreError::Sqlite(e) => matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
            ),
            StoreError::NotTend { why, .. } => why == super::open::NOT_SQLITE,
            _ => false,
        }
    }

    /// A query stopped by `Store::interrupt_handle` (a newer search made it pointless).
    pub fn is_interrupted(&self) -> bool {
        matches!(self, StoreError::Sqlite(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted))
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        StoreError::Io {
            context: context.into(),
            cause: source,
        }
    }
}

/// Turns SQLite's error codes into sentences a sysadmin can act on.
pub(super) fn describe_sqlite(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode::*;
    if let rusqlite::Error::SqliteFailure(f, _) = e
        && f.extended_code == 1544
    {
        return "the database's directory is not writable by you, so SQLite cannot create its -wal and -shm files; \
                ask its owner to run `tend init --shared --group GROUP`"
            .into();
    }
    match e.sqlite_error_code() {
        Some(DatabaseBusy) | Some(DatabaseLocked) => {
            "the database stayed locked by another writer for too long; nothing was saved, try again"
                .into()
        }
        Some(DiskFull) => "the disk is full; nothing was saved".into(),
        Some(ReadOnly) => "the database is read-only; nothing was saved".into(),
        Some(NotADatabase) => "the file is not a SQLite database".into(),
        Some(DatabaseCorrupt) => {
            "the database file is damaged; run `tend --db FILE db check` to see what is wrong, and restore a backup with `tend db restore`".into()
        }
        Some(CannotOpen) => "cannot open the database file (check the path and permissions)".into(),
        Some(SystemIoFailure) => format!("the disk reported an I/O error ({e}); nothing was saved"),
        _ => format!("database error: {e}"),
    }
}
