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

    /// The database engine's own error, described in words by its kind; the engine's error is
    /// kept as `cause` (not chained, so it is said once).
    #[error("{}", describe(*.kind, .cause))]
    Database {
        kind: DbErrorKind,
        cause: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// What kind of failure the database engine reported, in words any backend can say: callers
/// outside the store decide by this, never by the engine's own error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbErrorKind {
    /// Another writer held the lock past the busy timeout (busy or locked).
    Busy,
    DiskFull,
    /// The database (or its filesystem) may not be written.
    ReadOnly,
    /// The database's directory may not be written, so its -wal and -shm files cannot be made.
    ReadOnlyDirectory,
    CannotOpen,
    /// The file is not a database at all (or its header is damaged beyond reading).
    NotADatabase,
    /// The file is a database, but damaged.
    Damaged,
    /// The disk reported an I/O error.
    Io,
    /// A write broke a constraint (unique, foreign key, check).
    Constraint,
    /// A query stopped by `Store::interrupt_handle`.
    Interrupted,
    Other,
}

/// Store-internal: lets `?` turn SQLite's errors into `StoreError` inside the store. (A trait
/// impl cannot be scoped; nothing outside the store has a rusqlite error to convert.)
#[doc(hidden)]
impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Database {
            kind: kind_of(&e),
            cause: Box::new(e),
        }
    }
}

impl StoreError {
    /// The file is damaged (or not what its header says): `db check` can still say what is
    /// wrong, by `Store::check_damaged`.
    pub fn is_damage(&self) -> bool {
        match self {
            StoreError::Damaged { .. } => true,
            StoreError::Database { kind, .. } => {
                matches!(kind, DbErrorKind::Damaged | DbErrorKind::NotADatabase)
            }
            StoreError::NotTend { why, .. } => why == super::open::NOT_SQLITE,
            _ => false,
        }
    }

    /// A query stopped by `Store::interrupt_handle` (a newer search made it pointless).
    pub fn is_interrupted(&self) -> bool {
        self.kind() == Some(DbErrorKind::Interrupted)
    }

    /// The kind of the database engine's error, when this is one.
    pub fn kind(&self) -> Option<DbErrorKind> {
        match self {
            StoreError::Database { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// The engine's "damaged" knows no file name: as `Damaged`, naming `path` and quoting the
    /// engine's own words (`None` unless this is the engine's damage error).
    pub fn damaged_at(&self, path: &std::path::Path) -> Option<StoreError> {
        match self {
            StoreError::Database { cause, .. } if self.is_damage() => Some(StoreError::Damaged {
                path: path.to_path_buf(),
                why: format!("SQLite says \"{cause}\""),
            }),
            _ => None,
        }
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        StoreError::Io {
            context: context.into(),
            cause: source,
        }
    }
}

/// The kind of a SQLite error.
pub(super) fn kind_of(e: &rusqlite::Error) -> DbErrorKind {
    use rusqlite::ErrorCode::*;
    if let rusqlite::Error::SqliteFailure(f, _) = e
        && f.extended_code == 1544
    {
        return DbErrorKind::ReadOnlyDirectory;
    }
    match e.sqlite_error_code() {
        Some(DatabaseBusy) | Some(DatabaseLocked) => DbErrorKind::Busy,
        Some(DiskFull) => DbErrorKind::DiskFull,
        Some(ReadOnly) => DbErrorKind::ReadOnly,
        Some(NotADatabase) => DbErrorKind::NotADatabase,
        Some(DatabaseCorrupt) => DbErrorKind::Damaged,
        Some(CannotOpen) => DbErrorKind::CannotOpen,
        Some(SystemIoFailure) => DbErrorKind::Io,
        Some(ConstraintViolation) => DbErrorKind::Constraint,
        Some(OperationInterrupted) => DbErrorKind::Interrupted,
        _ => DbErrorKind::Other,
    }
}

/// Turns SQLite's error codes into sentences a sysadmin can act on.
pub(super) fn describe_sqlite(e: &rusqlite::Error) -> String {
    describe(kind_of(e), e)
}

/// A database error of this kind as a sentence; `cause` is the engine's own words, quoted where
/// the kind alone says too little.
fn describe(kind: DbErrorKind, cause: &dyn std::fmt::Display) -> String {
    match kind {
        DbErrorKind::ReadOnlyDirectory => "the database's directory is not writable by you, so SQLite cannot create its -wal and -shm files; \
                ask its owner to run `tend init --shared --group GROUP`"
            .into(),
        DbErrorKind::Busy => {
            "the database stayed locked by another writer for too long; nothing was saved, try again"
                .into()
        }
        DbErrorKind::DiskFull => "the disk is full; nothing was saved".into(),
        DbErrorKind::ReadOnly => "the database is read-only; nothing was saved".into(),
        DbErrorKind::NotADatabase => "the file is not a SQLite database".into(),
        DbErrorKind::Damaged => {
            "the database file is damaged; run `tend --db FILE db check` to see what is wrong, and restore a backup with `tend db restore`".into()
        }
        DbErrorKind::CannotOpen => {
            "cannot open the database file (check the path and permissions)".into()
        }
        DbErrorKind::Io => {
            format!("the disk reported an I/O error ({cause}); nothing was saved")
        }
        DbErrorKind::Constraint | DbErrorKind::Interrupted | DbErrorKind::Other => {
            format!("database error: {cause}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(code: i32) -> StoreError {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None).into()
    }

    #[test]
    fn sqlite_errors_become_kinds_with_their_sentences() {
        let busy = failure(rusqlite::ffi::SQLITE_BUSY);
        assert_eq!(busy.kind(), Some(DbErrorKind::Busy));
        assert_eq!(
            busy.to_string(),
            "the database stayed locked by another writer for too long; nothing was saved, try again"
        );
        assert_eq!(
            failure(rusqlite::ffi::SQLITE_LOCKED).kind(),
            Some(DbErrorKind::Busy)
        );
        let dir = failure(1544); // SQLITE_READONLY_DIRECTORY
        assert_eq!(dir.kind(), Some(DbErrorKind::ReadOnlyDirectory));
        assert!(
            dir.to_string()
                .starts_with("the database's directory is not writable")
        );
        assert_eq!(
            failure(rusqlite::ffi::SQLITE_READONLY).kind(),
            Some(DbErrorKind::ReadOnly)
        );
        assert!(failure(rusqlite::ffi::SQLITE_INTERRUPT).is_interrupted());
        let constraint = failure(rusqlite::ffi::SQLITE_CONSTRAINT);
        assert_eq!(constraint.kind(), Some(DbErrorKind::Constraint));
        assert!(constraint.to_string().starts_with("database error: "));

        let corrupt = failure(rusqlite::ffi::SQLITE_CORRUPT);
        assert!(corrupt.is_damage() && !corrupt.is_interrupted());
        let named = corrupt.damaged_at(std::path::Path::new("/srv/desk.db"));
        assert!(
            named
                .map(|e| e.to_string())
                .is_some_and(|s| s.starts_with("/srv/desk.db is damaged: SQLite says \"")),
        );
        assert!(failure(rusqlite::ffi::SQLITE_NOTADB).is_damage());
        assert!(
            failure(rusqlite::ffi::SQLITE_FULL)
                .damaged_at(std::path::Path::new("x"))
                .is_none()
        );
    }
}
