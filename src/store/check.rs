//! `tend db check`: integrity, schema and invariant checks.

use rusqlite::Connection;
use serde::Serialize;
use std::path::Path;

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
        Ok(CheckReport {
            path: self.path.display().to_string(),
            items: items(&self.conn, self.read_only.is_some(), self.now().timestamp()),
        })
    }

    /// `check` on a file that cannot be opened as a desk (damaged, cut short, a schema that does
    /// not match its tables): opened read-only without the usual checks, every check that can
    /// run does, and what is wrong is said in BAD lines.
    pub fn check_damaged(path: &Path) -> Result<CheckReport> {
        let conn = super::open::open_for_diagnosis(path)?;
        let mut items = vec![file_size(path)];
        let schema = match super::migrate::read_header(&conn) {
            Ok(h) => match super::migrate::check_header(path, &h) {
                Ok(()) => ("tables match the schema version".to_string(), true),
                Err(e) => (e.to_string(), false),
            },
            Err(e) => (format!("cannot read the schema: {e}"), false),
        };
        items.push(CheckItem {
            check: "schema tables".into(),
            result: schema.0,
            ok: schema.1,
        });
        items.extend(self::items(&conn, true, chrono::Utc::now().timestamp()));
        Ok(CheckReport {
            path: path.display().to_string(),
            items,
        })
    }
}

/// The file's length against the length its header records: a file cut short says so here.
fn file_size(path: &Path) -> CheckItem {
    let (result, ok) = (|| -> std::io::Result<(String, bool)> {
        use std::io::Read;
        let mut head = [0u8; 100];
        let mut f = std::fs::File::open(path)?;
        let len = f.metadata()?.len();
        if f.read(&mut head)? < 100 || &head[..16] != b"SQLite format 3\0" {
            return Ok((format!("{len} bytes, without a SQLite header"), false));
        }
        let page = match u16::from_be_bytes([head[16], head[17]]) {
            1 => 65536,
            n => u64::from(n),
        };
        let pages = u64::from(u32::from_be_bytes([head[28], head[29], head[30], head[31]]));
        let want = page * pages;
        Ok(if len < want {
            (
                format!("{len} bytes, but its header says {pages} pages of {page} bytes ({want} bytes): it was cut short"),
                false,
            )
        } else {
            (format!("{len} bytes, {pages} pages of {page} bytes"), true)
        })
    })()
    .unwrap_or_else(|e| (format!("cannot read it: {e}"), false));
    CheckItem {
        check: "file size".into(),
        result,
        ok,
    }
}

/// Every check on an open connection; each stands alone, so a damaged page fails the checks
/// that touch it, not the report.
fn items(c: &Connection, read_only: bool, now: i64) -> Vec<CheckItem> {
    {
        let mut items = Vec::new();
        let mut add = |check: &str, result: Result<(String, bool)>| {
            let (result, ok) = result.unwrap_or_else(|e| match e {
                // SQLite's own words: the usual sentence would send the user here again.
                super::StoreError::Database { cause, .. } => {
                    (format!("SQLite cannot read it: {cause}"), false)
                }
                e => (e.to_string(), false),
            });
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
        match super::guards::breaches(c) {
            Ok(found) => {
                for (name, what, n, first) in found {
                    let line = match first {
                        Some(id) if n > 0 => format!("{n} {what} (first #{id})"),
                        _ => format!("0 {what}"),
                    };
                    add(name, Ok((line, n == 0)));
                }
            }
            Err(e) => add("known words", Err(e)),
        }
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
        if read_only {
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
        add(
            "open flags",
            super::is_open::mismatches(c).map(|n| {
                (
                    format!("{n} tickets whose open flag disagrees with their status"),
                    n == 0,
                )
            }),
        );
        audit_items(c, now, &mut add);
        items
    }
}

/// `count` and the first ticket id a query finds (`SELECT count(*), min(id) ...`), as a result.
fn tickets_found(conn: &Connection, sql: &str, now: i64, what: &str) -> Result<(String, bool)> {
    let (n, first): (i64, Option<i64>) =
        conn.query_row(sql, [now], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(match first {
        Some(id) if n > 0 => (format!("{n} tickets {what} (first #{id})"), false),
        _ => (format!("0 tickets {what}"), true),
    })
}

/// Field changes that count as one saved version each (not creation, links, articles, import).
const VERSIONED: &str = "h.field NOT IN ('link', 'article', 'imported')
    AND NOT (h.field = 'status' AND h.old IS NULL)";

/// What a group member editing the file with sqlite3 can leave behind that tend can notice:
/// a ticket that disagrees with its own history, history out of time, fewer versions than
/// saved changes, rows without an author. (An edit that keeps all of these consistent, such as
/// rewriting a history row and the ticket together, cannot be detected from the file alone.)
fn audit_items(c: &Connection, now: i64, add: &mut impl FnMut(&str, Result<(String, bool)>)) {
    let last = |field: &str| {
        format!(
            "(SELECT h.new FROM history h WHERE h.ticket_id = t.id AND h.field = '{field}'
              ORDER BY h.id DESC LIMIT 1)"
        )
    };
    let has = |field: &str| {
        format!("EXISTS (SELECT 1 FROM history h WHERE h.ticket_id = t.id AND h.field = '{field}')")
    };
    let contradicts = format!(
        "SELECT count(*), min(t.id) FROM tickets t WHERE ?1 IS NOT NULL AND (
            ({has_s} AND {last_s} IS NOT t.status)
         OR ({has_a} AND {last_a} IS NOT t.assignee)
         OR ({has_p} AND {last_p} IS NOT CAST(t.priority AS TEXT)))",
        has_s = has("status"),
        last_s = last("status"),
        has_a = has("assignee"),
        last_a = last("assignee"),
        has_p = has("priority"),
        last_p = last("priority"),
    );
    add(
        "history agrees",
        tickets_found(
            c,
            &contradicts,
            now,
            "whose status, assignee or priority is not what their history last set",
        ),
    );
    add(
        "history times",
        tickets_found(
            c,
            "SELECT count(*), min(t.id) FROM tickets t WHERE EXISTS (
                SELECT 1 FROM history h WHERE h.ticket_id = t.id AND (h.at < t.opened_at OR h.at > ?1))
             OR EXISTS (
                SELECT 1 FROM entries e WHERE e.ticket_id = t.id AND (e.created_at < t.opened_at OR e.created_at > ?1))",
            now,
            "with history or conversation dated before they were opened or in the future",
        ),
    );
    add(
        "versions",
        tickets_found(
            c,
            &format!(
                "SELECT count(*), min(t.id) FROM tickets t
                 LEFT JOIN (SELECT h.ticket_id AS id, count(DISTINCT h.at) AS n FROM history h
                            WHERE {VERSIONED} GROUP BY h.ticket_id) AS hc ON hc.id = t.id
                 LEFT JOIN (SELECT entity_id AS id, count(*) AS n FROM change_log
                            WHERE entity = 'ticket' AND event = 'updated' GROUP BY entity_id) AS lc
                        ON lc.id = t.id
                 WHERE ?1 IS NOT NULL AND t.version - 1 < max(coalesce(hc.n, 0), coalesce(lc.n, 0))"
            ),
            now,
            "with fewer versions than the changes their history and change log record",
        ),
    );
    add(
        "authors",
        tickets_found(
            c,
            "SELECT count(*), min(t.id) FROM tickets t WHERE ?1 IS NOT NULL AND (
                EXISTS (SELECT 1 FROM history h WHERE h.ticket_id = t.id
                        AND (trim(h.actor) = '' OR trim(h.os_user) = ''))
             OR EXISTS (SELECT 1 FROM entries e WHERE e.ticket_id = t.id
                        AND (trim(e.author) = '' OR trim(e.os_user) = '')))",
            now,
            "with a history row, reply or note that names no one",
        ),
    );
    add(
        "os accounts",
        (|| {
            let n = count(c, "SELECT count(*) FROM entries WHERE os_user IS NULL")?
                + count(c, "SELECT count(*) FROM articles WHERE os_user IS NULL")?;
            Ok((
                format!(
                    "{n} replies, notes and articles without an OS account \
                     (written before tend recorded it, or cleared by hand)"
                ),
                true,
            ))
        })(),
    );
}
