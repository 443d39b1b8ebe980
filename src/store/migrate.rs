//! A small migrator that is safe when several processes start at once on an old schema: it runs
//! inside `BEGIN IMMEDIATE`, re-reads `user_version` under the lock, refuses a newer schema, and
//! stamps the tend `application_id`.

use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;

use super::{Result, StoreError};

/// "tend" in ASCII; SQLite stores it in the file header.
pub const APPLICATION_ID: i64 = 0x7465_6e64;

const MIGRATIONS: &[&str] = &[
    include_str!("../../assets/migrations/0001_tickets.sql"),
    include_str!("../../assets/migrations/0002_knowledge_base.sql"),
    include_str!("../../assets/migrations/0003_sla.sql"),
    include_str!("../../assets/migrations/0004_presence.sql"),
    include_str!("../../assets/migrations/0005_queue_indexes.sql"),
    include_str!("../../assets/migrations/0006_os_accounts.sql"),
    include_str!("../../assets/migrations/0007_saved_views.sql"),
    include_str!("../../assets/migrations/0008_search_prefix.sql"),
    include_str!("../../assets/migrations/0009_typed_events.sql"),
];

/// One object each migration creates that no earlier one does (same order as MIGRATIONS):
/// which of them a file holds says which migrations ran, whatever `user_version` claims.
/// `name/text` is an object whose SQL holds `text` (a table made again with new options).
const MARKERS: &[&str] = &[
    "tickets",
    "articles",
    "calendars",
    "presence",
    "tickets_open_id",
    "article_history",
    "saved_views",
    "ticket_fts/prefix = '2 3 4'",
    "links/from_entity",
];

/// The schema version this build writes.
pub const LATEST_SCHEMA: i64 = MIGRATIONS.len() as i64;

/// What the file header says.
pub(super) struct Header {
    pub application_id: i64,
    pub user_version: i64,
    pub has_tables: bool,
    /// Which of MARKERS the file holds, as bits (bit 0: the first migration's).
    pub markers: u32,
}

/// Reads the header in one statement, so it is one snapshot even while another process is
/// migrating the same file.
pub(super) fn read_header(conn: &Connection) -> rusqlite::Result<Header> {
    // MARKERS are constants of this file, quoted as SQL strings here. One '0' or '1' each.
    let quote = |s: &str| s.replace('\'', "''");
    let present = MARKERS
        .iter()
        .map(|m| {
            let (name, text) = m.split_once('/').unwrap_or((m, ""));
            format!(
                "EXISTS (SELECT 1 FROM sqlite_schema WHERE name = '{}' AND instr(coalesce(sql, ''), '{}') > 0)",
                quote(name),
                quote(text)
            )
        })
        .collect::<Vec<_>>()
        .join(" || ");
    conn.query_row(
        &format!(
            "SELECT a.application_id, v.user_version,
                EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table'),
                {present}
             FROM pragma_application_id AS a, pragma_user_version AS v"
        ),
        [],
        |r| {
            let present: String = r.get(3)?;
            let markers = present
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'1')
                .fold(0, |bits, (i, _)| bits | 1 << i);
            Ok(Header {
                application_id: r.get(0)?,
                user_version: r.get(1)?,
                has_tables: r.get(2)?,
                markers,
            })
        },
    )
}

/// Refuses files that are not tend databases or come from a newer tend.
pub(super) fn check_header(path: &Path, h: &Header) -> Result<()> {
    if h.application_id != APPLICATION_ID && (h.user_version != 0 || h.has_tables) {
        return Err(StoreError::NotTend {
            path: path.to_path_buf(),
            why: "a SQLite database of some other program".into(),
        });
    }
    if h.user_version > LATEST_SCHEMA {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: h.user_version,
            known: LATEST_SCHEMA,
        });
    }
    let damaged = |why: String| {
        Err(StoreError::Damaged {
            path: path.to_path_buf(),
            why,
        })
    };
    if h.user_version < 0 {
        return damaged(format!(
            "its schema version {} is not one tend ever wrote (edited by hand?)",
            h.user_version
        ));
    }
    // Versions 1..=v ran, and none after: exactly the first v markers are there (none at 0,
    // and no tables at all).
    let expected = (1u32 << h.user_version) - 1;
    if h.markers != expected || (h.user_version == 0 && h.has_tables) {
        return damaged(format!(
            "its schema version {} does not match its tables (edited by hand?)",
            h.user_version
        ));
    }
    Ok(())
}

/// Brings the schema up to date. Returns the version it started from.
pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<i64> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let header = read_header(&tx)?;
    check_header(path, &header)?;
    let from = header.user_version;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        tx.execute_batch(sql)?;
        let version = i as i64 + 1;
        if version == 3 {
            super::sla::seed_defaults(&tx)?;
        }
        if version == 7 {
            super::views::seed_defaults(&tx)?;
        }
        if version == 9 {
            super::is_open::finish_migration_9(&tx)?;
        }
        tx.pragma_update(None, "user_version", version)?;
    }
    if header.application_id != APPLICATION_ID {
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    tx.commit()?;
    Ok(from)
}

/// The SQL of one migration (1-based), for tests that build an old schema by hand.
pub fn migration_sql(version: i64) -> Option<&'static str> {
    usize::try_from(version - 1)
        .ok()
        .and_then(|i| MIGRATIONS.get(i).copied())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn each_migration_adds_its_marker_and_no_later_one() {
        assert_eq!(MARKERS.len(), MIGRATIONS.len());
        let conn = Connection::open_in_memory().unwrap();
        for (i, sql) in MIGRATIONS.iter().enumerate() {
            conn.execute_batch(sql).unwrap();
            if i == 2 {
                crate::store::sla::seed_defaults(&conn).unwrap();
            }
            if i == 8 {
                crate::store::is_open::finish_migration_9(&conn).unwrap();
            }
            let h = read_header(&conn).unwrap();
            assert_eq!(h.markers, (1 << (i + 1)) - 1, "after migration {}", i + 1);
        }
    }
}
