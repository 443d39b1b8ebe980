//! `tend db restore BACKUP`: puts a backup's contents into the live database, safely while
//! other processes have it open.
//!
//! The backup is checked first on a private copy (a tend database, undamaged, not from a newer
//! tend; an older one is migrated there). Then, in ONE write transaction on the live file
//! (`BEGIN IMMEDIATE`): the current state is kept as a backup beside the desk (SQLite's backup
//! API, reading through the connection that holds the lock), every row is replaced by the
//! copy's through SQL (replace.rs), the result is checked, and a `restored` event is logged
//! with a sequence number above any seen before, so running apps reload everything. A change
//! another process saves is either in the kept copy or waits for the lock and lands on the
//! restored desk; the file stays the same file, so every process sees the old state or the
//! restored one through the WAL, never a mix (moving a file over an open database mixes the
//! two, since SQLite finds the -wal and -shm files by name).

use rusqlite::{Connection, OpenFlags, params};
use std::path::{Path, PathBuf};

use super::backup::{copy_into, copy_to_new_file};
use super::changes::RESTORED;
use super::files;
use super::migrate::{self, LATEST_SCHEMA};
use super::replace;
use super::{DbErrorKind, Result, Store, StoreError};
use crate::domain::Invalid;

/// What `restore` did, for the user.
#[derive(Debug, Clone)]
pub struct RestoreReport {
    pub from: PathBuf,
    /// The state before the restore, kept as a backup beside the desk.
    pub kept: PathBuf,
    /// The backup's schema version when it was older than this tend's (it was migrated).
    pub migrated_from: Option<i64>,
    pub tickets: i64,
    pub articles: i64,
}

/// Removes the private copy however `restore` ends.
struct TempCopy(PathBuf);

impl Drop for TempCopy {
    fn drop(&mut self) {
        files::remove_with_companions(&self.0);
    }
}

impl Store {
    /// Replaces the contents of this database with those of `backup` (see the module notes).
    pub fn restore(&mut self, backup: &Path) -> Result<RestoreReport> {
        self.writable()?;
        files::regular_file(backup, "backup at")?;
        if files::identity(backup).is_some_and(|id| Some(id) == self.identity) {
            return Err(Invalid::value(format!(
                "{} is the database itself: restore from a backup of it",
                backup.display()
            ))
            .into());
        }
        let dir = files::dir_of(&self.path).to_path_buf();
        files::sweep_partials(&dir);
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "desk".into());
        let tmp = TempCopy(files::partial_path(&dir, &format!("{name}.restore")));
        let (copy, migrated_from) = prepare_copy(backup, &tmp.0)?;
        let (tickets, articles) = copy.query_row(
            "SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM articles)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        copy.close().map_err(|(_, e)| StoreError::from(e))?;

        // One hold of the write lock for keeping the current state and replacing it: a change
        // another process commits is in the kept copy or waits, and lands on the restored desk.
        self.begin_restore(&tmp.0)?;
        let result = (|| -> Result<PathBuf> {
            let seen = self.last_change_seq()?;
            let kept = self.keep_current_state(&name)?;
            replace::replace_contents(&self.conn)?;
            replace::check(&self.conn)?;
            let current: i64 = self.conn.query_row(
                "SELECT coalesce(max(seq), 0) FROM main.change_log",
                [],
                |r| r.get(0),
            )?;
            // Above every change number any process saw before, so running apps reload.
            self.conn.execute(
                "INSERT INTO main.change_log
                    (seq, at, actor, actor_kind, os_user, entity, entity_id, event, what)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'settings', NULL, 'restored', ?6)",
                params![
                    seen.max(current) + 1,
                    self.now().timestamp(),
                    self.actor.name,
                    self.actor.kind.as_str(),
                    self.actor.os_user,
                    RESTORED
                ],
            )?;
            self.conn.execute_batch("COMMIT")?;
            Ok(kept)
        })();
        if result.is_err() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        let _ = self.conn.pragma_update(None, "foreign_keys", true);
        replace::detach(&self.conn);
        let kept = result?;
        Ok(RestoreReport {
            from: backup.to_path_buf(),
            kept,
            migrated_from,
            tickets,
            articles,
        })
    }

    /// Attaches the prepared copy, turns foreign keys off (they are checked as a whole before
    /// committing) and takes the write lock with `BEGIN IMMEDIATE`.
    fn begin_restore(&mut self, copy: &Path) -> Result<()> {
        let mut attempt = 0;
        loop {
            self.conn.pragma_update(None, "foreign_keys", false)?;
            replace::attach(&self.conn, copy)?;
            match self.conn.execute_batch("BEGIN IMMEDIATE") {
                Ok(()) => return Ok(()),
                Err(e) => {
                    replace::detach(&self.conn);
                    let _ = self.conn.pragma_update(None, "foreign_keys", true);
                    self.after_failed_begin(e, &mut attempt)?;
                }
            }
        }
    }

    /// Backs up the current state beside the desk, as `NAME.before-restore-TIME`.
    fn keep_current_state(&self, name: &str) -> Result<PathBuf> {
        let stamp = self.now().format("%Y%m%dT%H%M%SZ").to_string();
        let dir = files::dir_of(&self.path);
        for n in 0..100 {
            let suffix = if n == 0 {
                String::new()
            } else {
                format!("-{n}")
            };
            let kept = dir.join(format!("{name}.before-restore-{stamp}{suffix}"));
            if std::fs::symlink_metadata(&kept).is_err() {
                // A connection of its own: SQLite's backup API will not read through one in a
                // write transaction. Its read starts after this process took the write lock,
                // so it sees every change committed before, and nobody can commit meanwhile.
                Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .and_then(|c| c.busy_timeout(super::open::BUSY_TIMEOUT).map(|()| c))
                .map_err(StoreError::from)
                .and_then(|reader| copy_to_new_file(&reader, &self.path, &kept))
                .map_err(|e| {
                    StoreError::Refused(format!(
                        "cannot keep the current state before restoring ({e}); nothing was restored"
                    ))
                })?;
                return Ok(kept);
            }
        }
        Err(StoreError::Refused(format!(
            "too many earlier restores this second in {}; nothing was restored",
            dir.display()
        )))
    }
}

/// Copies `backup` to `tmp` (private) through SQLite, and checks and migrates the copy there.
/// Nothing is written to the backup itself.
fn prepare_copy(backup: &Path, tmp: &Path) -> Result<(Connection, Option<i64>)> {
    let not_tend = |why: String| StoreError::NotTend {
        path: backup.to_path_buf(),
        why,
    };
    // Read-write when allowed (nothing is written), so that closing it removes the -wal and
    // -shm files opening it creates; read-only otherwise.
    let src = Connection::open_with_flags(
        backup,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .or_else(|_| {
        Connection::open_with_flags(
            backup,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    })?;
    src.busy_timeout(super::open::BUSY_TIMEOUT)?;
    let header = migrate::read_header(&src).map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => {
            not_tend("not a SQLite database, or damaged beyond reading".into())
        }
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            not_tend("it is damaged: its header cannot be read".into())
        }
        _ => StoreError::from(e),
    })?;
    migrate::check_header(backup, &header)?;
    if !header.has_tables {
        return Err(not_tend("it is empty".into()));
    }
    files::create_private(tmp)?;
    let mut copy = Connection::open_with_flags(
        tmp,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    copy_into(&src, &mut copy, tmp).map_err(|e| match e {
        StoreError::Database {
            kind: DbErrorKind::Damaged,
            ..
        } => not_tend("it is damaged; `tend --db BACKUP db check` says where".into()),
        StoreError::Io { .. } => {
            not_tend("it is damaged; `tend --db BACKUP db check` says where".into())
        }
        other => other,
    })?;
    drop(src);
    let migrated_from = if header.user_version < LATEST_SCHEMA {
        Some(migrate::migrate(&mut copy, backup)?)
    } else {
        None
    };
    Ok((copy, migrated_from))
}
