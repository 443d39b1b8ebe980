//! `tend db restore BACKUP`: puts a backup's contents into the live database, safely while
//! other processes have it open.
//!
//! The backup is checked first on a private copy (a tend database, undamaged, not from a newer
//! tend; an older one is migrated there). The current state is kept as a backup beside the
//! desk. Then the copy is written INTO the live file with SQLite's online backup API, through
//! an ordinary connection that takes the write lock: the file stays the same file, so every
//! process that has it open sees the old state or the restored one through the WAL, never a mix
//! (moving a file over an open database mixes the two, since SQLite finds the -wal and -shm
//! files by name). Last, a `restored` event is logged with a sequence number above any seen
//! before, so running apps notice on their next poll and reload everything.

use rusqlite::{Connection, OpenFlags, params};
use std::path::{Path, PathBuf};

use super::backup::copy_into;
use super::changes::RESTORED;
use super::files;
use super::migrate::{self, LATEST_SCHEMA};
use super::{Result, Store, StoreError};
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

/// How far above the highest change number seen before the restore the `restored` event is
/// logged: a process that saw a change committed between reading that number and the restore
/// taking the write lock (a few milliseconds) still finds the event newer than what it saw.
const SEQ_MARGIN: i64 = 1_000;

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
        if std::fs::metadata(backup).is_err() {
            return Err(Invalid::value(format!("no backup at {}", backup.display())).into());
        }
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
        match_page_size(&copy, &self.conn)?;
        let (tickets, articles) = copy.query_row(
            "SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM articles)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;

        let kept = self.keep_current_state(&name)?;
        let seen = self.last_change_seq()?;
        copy_into(&copy, &mut self.conn, &self.path)?;
        let now = self.now();
        let actor = self.actor.clone();
        self.write(|tx| {
            let current: i64 =
                tx.query_row("SELECT coalesce(max(seq), 0) FROM change_log", [], |r| {
                    r.get(0)
                })?;
            tx.execute(
                "INSERT INTO change_log (seq, at, actor, entity, entity_id, what)
                 VALUES (?1, ?2, ?3, 'settings', NULL, ?4)",
                params![
                    (seen + SEQ_MARGIN).max(current + 1),
                    now.timestamp(),
                    actor.name,
                    RESTORED
                ],
            )?;
            Ok(())
        })?;
        Ok(RestoreReport {
            from: backup.to_path_buf(),
            kept,
            migrated_from,
            tickets,
            articles,
        })
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
                self.backup(&kept, false).map_err(|e| {
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
    src.busy_timeout(std::time::Duration::from_secs(10))?;
    let header = migrate::read_header(&src).map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => {
            not_tend("not a SQLite database, or damaged beyond reading".into())
        }
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            not_tend("it is damaged: its header cannot be read".into())
        }
        _ => StoreError::Sqlite(e),
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
        StoreError::Sqlite(s)
            if s.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) =>
        {
            not_tend("it is damaged; `tend --db BACKUP db check` says where".into())
        }
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
    let mode: String = copy.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Refused(format!(
            "cannot prepare the backup for restoring (journal mode {mode}); nothing was restored"
        )));
    }
    Ok((copy, migrated_from))
}

/// In WAL mode SQLite cannot copy between different page sizes: rebuild the private copy with
/// the live database's page size when they differ.
fn match_page_size(copy: &Connection, live: &Connection) -> Result<()> {
    let size =
        |c: &Connection| -> Result<i64> { Ok(c.query_row("PRAGMA page_size", [], |r| r.get(0))?) };
    let want = size(live)?;
    if size(copy)? != want {
        copy.execute_batch(&format!(
            "PRAGMA journal_mode = DELETE; PRAGMA page_size = {want}; VACUUM; PRAGMA journal_mode = WAL;"
        ))?;
    }
    Ok(())
}
