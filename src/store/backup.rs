//! `tend db backup`: a consistent copy of a live database.

use rusqlite::{Connection, OpenFlags};
use std::path::Path;

use super::{Result, Store, StoreError};

impl Store {
    /// Copies the database to `dest` with SQLite's online backup API: a consistent snapshot,
    /// while other processes keep writing. The copy appears at `dest` only once it is complete.
    pub fn backup(&self, dest: &Path, overwrite: bool) -> Result<()> {
        if dest.exists() && !overwrite {
            return Err(StoreError::io(
                format!(
                    "{} already exists (use --force to replace it)",
                    dest.display()
                ),
                std::io::Error::from(std::io::ErrorKind::AlreadyExists),
            ));
        }
        let dir = dest
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{name}.partial-{}", std::process::id()));
        let result = (|| -> Result<()> {
            let mut out = Connection::open_with_flags(
                &tmp,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            )?;
            {
                let backup = rusqlite::backup::Backup::new(&self.conn, &mut out)?;
                // One step copies every page from one read snapshot, so writers elsewhere
                // cannot make it restart.
                loop {
                    match backup.step(-1)? {
                        rusqlite::backup::StepResult::Done => break,
                        _ => std::thread::sleep(std::time::Duration::from_millis(20)),
                    }
                }
            }
            let check: String = out.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
            if check != "ok" {
                return Err(StoreError::io(
                    format!("the backup copy failed its check: {check}"),
                    std::io::Error::other("backup check failed"),
                ));
            }
            out.close().map_err(|(_, e)| StoreError::Sqlite(e))?;
            let f = std::fs::File::open(&tmp)
                .map_err(|e| StoreError::io("cannot reopen the backup", e))?;
            f.sync_all()
                .map_err(|e| StoreError::io("cannot sync the backup to disk", e))?;
            std::fs::rename(&tmp, dest).map_err(|e| {
                StoreError::io(format!("cannot move the backup to {}", dest.display()), e)
            })
        })();
        if result.is_err() {
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
            }
        }
        result
    }
}
