//! `tend db check`: integrity, schema and invariant checks.

use rusqlite::Connection;
use serde::Serialize;

use super::migrate::{APPLICATION_ID, LATEST_SCHEMA};
use super::{Result, Store};

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
        // Each check stands alone: a damaged page fails the checks that touch it, not the report.
        let mut add = |check: &str, result: Result<(String, bool)>| {
            let (result, ok) = result.unwrap_or_else(|e| (e.to_string(), false));
            items.push(CheckItem {
                check: check.into(),
                result,
                ok,
            })
        };
        add(
            "integrity",
            (|| {
                let lines: Vec<String> = c
                    .prepare("PRAGMA integrity_check(20)")?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                let ok = lines.len() == 1 && lines[0] == "ok";
                Ok((lines.join("; "), ok))
            })(),
        );
        add(
            "foreign keys",
            (|| {
                let fk = c
                    .prepare("PRAGMA foreign_key_check")?
                    .query_map([], |_| Ok(()))?
                    .count();
                Ok((format!("{fk} broken references"), fk == 0))
            })(),
        );
        add(
            "schema",
            count(c, "PRAGMA user_version").map(|v| {
                (
                    format!("version {v} (this tend writes {LATEST_SCHEMA})"),
                    v == LATEST_SCHEMA,
                )
            }),
        );
        add(
            "application id",
            count(c, "PRAGMA application_id").map(|a| (format!("{a:#x}"), a == APPLICATION_ID)),
        );
        add(
            "journal mode",
            (|| {
                let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
                let wal = mode.eq_ignore_ascii_case("wal");
                Ok((mode, wal))
            })(),
        );
        add(
            "sqlite",
            Ok((
                rusqlite::version().to_string(),
                rusqlite::version_number() >= 3_051_003,
            )),
        );
        add(
            "contents",
            (|| {
                Ok((
                    format!(
                        "{} tickets, {} replies and notes, {} history rows, {} articles",
                        count(c, "SELECT count(*) FROM tickets")?,
                        count(c, "SELECT count(*) FROM entries")?,
                        count(c, "SELECT count(*) FROM history")?,
                        count(c, "SELECT count(*) FROM articles")?
                    ),
                    true,
                ))
            })(),
        );
        add(
            "ticket search index",
            (|| {
                let (fts, n) = (
                    count(c, "SELECT count(*) FROM ticket_fts")?,
                    count(c, "SELECT count(*) FROM tickets")?,
                );
                Ok((format!("{fts} of {n} tickets indexed"), fts == n))
            })(),
        );
        add(
            "article search index",
            (|| {
                let (fts, n) = (
                    count(c, "SELECT count(*) FROM article_fts")?,
                    count(c, "SELECT count(*) FROM articles")?,
                );
                Ok((format!("{fts} of {n} articles indexed"), fts == n))
            })(),
        );
        if self.read_only.is_some() {
            add(
                "search index structure",
                Ok(("not checked (read-only)".into(), true)),
            );
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
            let ok = t.is_ok() && a.is_ok();
            add(
                "search index structure",
                Ok((
                    if ok {
                        "ok".into()
                    } else {
                        "damaged: rebuild needed".into()
                    },
                    ok,
                )),
            );
        }
        add("pending reasons", count(c, "SELECT count(*) FROM tickets WHERE (status = 'pending') <> (pending_reason IS NOT NULL)")
            .map(|n| (format!("{n} tickets inconsistent"), n == 0)));
        add(
            "status times",
            count(
                c,
                "SELECT count(*) FROM tickets WHERE (status = 'resolved' AND resolved_at IS NULL)
                OR (status IN ('closed', 'cancelled') AND closed_at IS NULL)
                OR updated_at < opened_at",
            )
            .map(|n| (format!("{n} tickets inconsistent"), n == 0)),
        );
        add("history", count(
            c,
            "SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM history h WHERE h.ticket_id = t.id)",
        )
        .map(|n| (format!("{n} tickets without a creation record"), n == 0)));
        Ok(CheckReport {
            path: self.path.display().to_string(),
            items,
        })
    }
}
