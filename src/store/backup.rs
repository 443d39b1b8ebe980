//! `tend db backup`: a consistent copy of a live database, that never replaces a database in
//! use and is never readable by more people than the source.

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::files::{self, CopyMode};
use super::{Result, Store, StoreError};
use crate::domain::Invalid;

/// What `backup` did, for the user.
#[derive(Debug, Clone)]
pub struct BackupReport {
    pub dest: PathBuf,
    pub mode: CopyMode,
    /// Partial copies of killed backups removed from the destination's directory.
    pub swept: usize,
}

/// How long a copy waits for a database that stays locked before giving up.
const LOCK_WAIT: Duration = Duration::from_secs(30);

impl Store {
    /// Copies the database to `dest` with SQLite's online backup API: a consistent snapshot,
    /// while other processes keep writing. A new file is written as `.NAME.partial-PID`
    /// (owner-only from its first byte) and renamed into place once complete, with the
    /// source's mode and group. An existing database at `dest` (with `overwrite`) is replaced
    /// only when nobody has it open, through SQLite under its exclusive lock, so nothing that
    /// opens it meanwhile can see a mix; a database in use is refused (`tend db restore` is for
    /// that). `dest` may not be the source itself.
    pub fn backup(&self, dest: &Path, overwrite: bool) -> Result<BackupReport> {
        if let Some(id) = files::identity(dest)
            && (Some(id) == self.identity || Some(id) == files::identity(&self.path))
        {
            return Err(Invalid::value(format!(
                "{} is the database itself (the same file, or a link to it): back up to another file",
                dest.display()
            ))
            .into());
        }
        refuse_companion_name(dest)?;
        files::writable_destination(dest)?;
        let exists = std::fs::symlink_metadata(dest).is_ok();
        if exists && !overwrite {
            // A refused request (exit 2), like a directory or a FIFO as the target.
            return Err(Invalid::value(format!(
                "{} already exists (use --force to replace it)",
                dest.display()
            ))
            .into());
        }
        let swept = files::sweep_partials(files::dir_of(dest));
        let claimed = if exists { claim(dest)? } else { None };
        let mode = match claimed {
            Some(mut conn) => {
                copy_into(&self.conn, &mut conn, dest)?;
                // In exclusive locking mode SQLite keeps its committed (inert) journal file;
                // nobody can open the file while the lock is held, so it goes now.
                let _ = std::fs::remove_file(files::sibling(dest, "-journal"));
                conn.close().map_err(|(_, e)| StoreError::from(e))?;
                let mode = files::copy_mode_and_group(&self.path, dest)?;
                files::sync(dest)?;
                mode
            }
            None => {
                refuse_stale_companions(dest)?;
                self.backup_to_new_file(dest)?
            }
        };
        Ok(BackupReport {
            dest: dest.to_path_buf(),
            mode,
            swept,
        })
    }

    /// Writes the copy as a private partial file beside `dest`, then renames it into place.
    fn backup_to_new_file(&self, dest: &Path) -> Result<CopyMode> {
        copy_to_new_file(&self.conn, &self.path, dest)
    }
}

/// Copies the database `conn` has open (at `source`) as a private partial file beside `dest`,
/// renamed into place once complete, with the source's mode and group.
pub(super) fn copy_to_new_file(conn: &Connection, source: &Path, dest: &Path) -> Result<CopyMode> {
    {
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| Invalid::value(format!("{} names no file", dest.display())))?;
        let tmp = files::partial_path(files::dir_of(dest), &name);
        let result = (|| -> Result<CopyMode> {
            files::create_private(&tmp)?;
            let mut out = Connection::open_with_flags(
                &tmp,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            copy_into(conn, &mut out, dest)?;
            out.close().map_err(|(_, e)| StoreError::from(e))?;
            // The final permissions are set before the copy appears under its name.
            let mode = files::copy_mode_and_group(source, &tmp)?;
            files::sync(&tmp)?;
            std::fs::rename(&tmp, dest).map_err(|e| {
                StoreError::io(format!("cannot move the backup to {}", dest.display()), e)
            })?;
            let _ = files::sync(files::dir_of(dest));
            Ok(mode)
        })();
        if result.is_err() {
            files::remove_with_companions(&tmp);
        }
        result
    }
}

/// Copies every page of `from` into `to` in one step (one read snapshot, so writers elsewhere
/// cannot make it restart; one write transaction on `to`, so a killed copy leaves `to` as it
/// was), then checks the copy.
pub(super) fn copy_into(from: &Connection, to: &mut Connection, dest: &Path) -> Result<()> {
    {
        let backup = Backup::new(from, to)?;
        let deadline = Instant::now() + LOCK_WAIT;
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                _ if Instant::now() >= deadline => {
                    return Err(StoreError::io(
                        format!(
                            "{} stayed locked by another process; nothing was copied",
                            dest.display()
                        ),
                        std::io::Error::other("locked"),
                    ));
                }
                _ => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    }
    let check: String = to.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(StoreError::io(
            format!("the copy at {} failed its check: {check}", dest.display()),
            std::io::Error::other("backup check failed"),
        ));
    }
    Ok(())
}

fn in_use(dest: &Path) -> StoreError {
    StoreError::Refused(format!(
        "{} is a database in use by another process: a backup is not written over it (the processes \
         using it would see a mix of two files); to put a backup into a desk in use, run \
         `tend --db {} db restore BACKUP`",
        dest.display(),
        dest.display()
    ))
}

/// An existing file at `dest` that is to be replaced. A SQLite database is locked exclusively
/// (refused when another process has it open; its own WAL is folded in and removed) and
/// returned, to be written through SQLite. Anything else: None, to be replaced by a rename.
fn claim(dest: &Path) -> Result<Option<Connection>> {
    let conn = match Connection::open_with_flags(
        dest,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) {
        Ok(c) => c,
        // Not openable as a database for writing (a directory entry we may replace, say).
        Err(_) => return Ok(None),
    };
    conn.busy_timeout(Duration::ZERO)?;
    let claimed = (|| -> rusqlite::Result<()> {
        // Exclusive locking mode: every lock taken is kept until the connection closes. In WAL
        // mode the first read takes the exclusive lock already; every other connection holds a
        // shared lock on the file for as long as it is open, so this fails when anyone has it.
        conn.query_row("PRAGMA locking_mode = EXCLUSIVE", [], |_| Ok(()))?;
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
        // Out of WAL (checkpointing and removing the -wal file), and hold the write lock.
        conn.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
        conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;")
    })();
    match claimed {
        Ok(()) => {
            // Nobody can open the file while the lock is held: a -shm file left now is stale.
            let _ = std::fs::remove_file(files::sibling(dest, "-shm"));
            Ok(Some(conn))
        }
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ) =>
        {
            Err(in_use(dest))
        }
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => Ok(None),
        Err(e) => Err(StoreError::Refused(format!(
            "{} is a database that cannot be replaced safely ({}); move it away first",
            dest.display(),
            super::error::describe_sqlite(&e)
        ))),
    }
}

/// A destination named like a database's companion file (`desk.db-wal`): SQLite takes such a
/// file as part of the database beside it, so a copy written there (even over a live desk's own
/// log) would be read as that desk's changes, or wipe changes it reported as saved.
fn refuse_companion_name(dest: &Path) -> Result<()> {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match ["-wal", "-shm", "-journal"]
        .iter()
        .find(|s| name.ends_with(*s))
    {
        Some(suffix) => Err(Invalid::value(format!(
            "{} is named like a database's {suffix} file, which SQLite reads as part of the \
             database beside it: back up to a name of its own (e.g. desk-backup.db)",
            dest.display()
        ))
        .into()),
        None => Ok(()),
    }
}

/// A -wal or -shm file beside a destination that is not (or no longer) a database: SQLite
/// would fold the stale log into the new copy when it is next opened.
fn refuse_stale_companions(dest: &Path) -> Result<()> {
    for suffix in ["-wal", "-shm"] {
        let p = files::sibling(dest, suffix);
        if p.exists() {
            return Err(StoreError::Refused(format!(
                "{} is beside {}: a database there was open, or was not closed cleanly, and its log \
                 would be mixed into the copy; if nobody uses it, remove {} and {}-shm first",
                p.display(),
                dest.display(),
                files::sibling(dest, "-wal").display(),
                dest.display()
            )));
        }
    }
    Ok(())
}
