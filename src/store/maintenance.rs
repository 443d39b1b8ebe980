//! `tend db check` and `tend db backup`.

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::path::Path;

use super::migrate::{APPLICATION_ID, LATEST_SCHEMA};
use super::{Result, Store, StoreError};

/// One line of a check: what was looked at, what was found, and whether that is fine.
#[derive(Debug, Clone, Serialize)]
pub struct CheckItem {
    pub check: String,
    pub result: String,
    pub ok: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub path: String,
    pub items: Vec<CheckItem>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.items.iter().all(|i| i.ok)
    }
}

fn count(conn: &Connection, sql: &str) -> Result<i64> {
    Ok(conn.query_row(sql, [], |r| r.get(0))?)
}

impl Store {
    /// Integrity, schema and invariant checks. Reads only.
    pub fn check(&self) -> Result<CheckReport> {
        let c = &self.conn;
        let mut items = Vec::new();
        let mut add = |check: &str, result: String, ok: bool| {
            items.push(CheckItem {
                check: check.into(),
                result,
                ok,
            })
        };
        let integrity: Vec<String> = c
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let ok = integrity.len() == 1 && integrity[0] == "ok";
        add("integrity", integrity.join("; "), ok);
        let fk = c
            .prepare("PRAGMA foreign_key_check")?
            .query_map([], |_| Ok(()))?
            .count();
        add("foreign keys", format!("{fk} broken references"), fk == 0);
        let version = count(c, "PRAGMA user_version")?;
        add(
            "schema",
            format!("version {version} (this tend writes {LATEST_SCHEMA})"),
            version == LATEST_SCHEMA,
        );
        let app = count(c, "PRAGMA application_id")?;
        add("application id", format!("{app:#x}"), app == APPLICATION_ID);
        let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        let wal = mode.eq_ignore_ascii_case("wal");
        add("journal mode", mode, wal);
        let sqlite = rusqlite::version().to_string();
        add("sqlite", sqlite, rusqlite::version_number() >= 3_051_003);

        let tickets = count(c, "SELECT count(*) FROM tickets")?;
        let entries = count(c, "SELECT count(*) FROM entries")?;
        let history = count(c, "SELECT count(*) FROM history")?;
        let articles = count(c, "SELECT count(*) FROM articles")?;
        add(
            "contents",
            format!(
                "{tickets} tickets, {entries} replies and notes, {history} history rows, {articles} articles"
            ),
            true,
        );
        let fts = count(c, "SELECT count(*) FROM ticket_fts")?;
        add(
            "ticket search index",
            format!("{fts} of {tickets} tickets indexed"),
            fts == tickets,
        );
        let structure = if self.read_only.is_some() {
            None
        } else {
            // The FTS5 integrity command is spelled as an INSERT but changes nothing.
            let t = c.execute(
                "INSERT INTO ticket_fts (ticket_fts) VALUES ('integrity-check')",
                [],
            );
            let a = c.execute(
                "INSERT INTO article_fts (article_fts) VALUES ('integrity-check')",
                [],
            );
            Some(t.is_ok() && a.is_ok())
        };
        let afts = count(c, "SELECT count(*) FROM article_fts")?;
        match structure {
            Some(ok) => add(
                "search index structure",
                if ok {
                    "ok".into()
                } else {
                    "damaged: rebuild needed".into()
                },
                ok,
            ),
            None => add(
                "search index structure",
                "not checked (read-only)".into(),
                true,
            ),
        }
        add(
            "article search index",
            format!("{afts} of {articles} articles indexed"),
            afts == articles,
        );

        let bad_pending = count(
            c,
            "SELECT count(*) FROM tickets WHERE (status = 'pending') <> (pending_reason IS NOT NULL)",
        )?;
        add(
            "pending reasons",
            format!("{bad_pending} tickets inconsistent"),
            bad_pending == 0,
        );
        let bad_times = count(
            c,
            "SELECT count(*) FROM tickets WHERE (status = 'resolved' AND resolved_at IS NULL)
                OR (status IN ('closed', 'cancelled') AND closed_at IS NULL)
                OR updated_at < opened_at",
        )?;
        add(
            "status times",
            format!("{bad_times} tickets inconsistent"),
            bad_times == 0,
        );
        let no_history = count(
            c,
            "SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM history h WHERE h.ticket_id = t.id)",
        )?;
        add(
            "history",
            format!("{no_history} tickets without a creation record"),
            no_history == 0,
        );
        Ok(CheckReport {
            path: self.path.display().to_string(),
            items,
        })
    }

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
