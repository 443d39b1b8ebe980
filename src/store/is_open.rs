//! The `is_open` column: whether a ticket's status is open, written by the store from the
//! lifecycle tables (`domain::lifecycle`) so that the queue's indexes can carry it. Schema 9 made
//! it a plain column (it was generated from a status list in SQL) and removed the status and
//! kind lists from the `tickets` table, so a new status or kind needs no table rebuild.

use rusqlite::Connection;

use super::{Result, StoreError};
use crate::domain::lifecycle;
use crate::domain::ticket::Status;

/// The CHECK lists schema 1 put on `tickets`, exactly as written there.
const STATUS_CHECK: &str =
    " CHECK (status IN ('new', 'open', 'pending', 'resolved', 'closed', 'cancelled'))";
const KIND_CHECK: &str = " CHECK (kind IN ('incident', 'request', 'problem', 'change'))";

/// The queue's indexes on `is_open` (as schema 5 made them), built after the column is filled.
const INDEXES: &str = "
CREATE INDEX tickets_open_id       ON tickets (is_open, id);
CREATE INDEX tickets_open_priority ON tickets (is_open, priority, id DESC);
CREATE INDEX tickets_open_updated  ON tickets (is_open, updated_at, id);
CREATE INDEX tickets_open_due      ON tickets (is_open, sla_due_at, id) WHERE sla_due_at IS NOT NULL;
CREATE INDEX tickets_assignee_priority ON tickets (assignee, is_open, priority, id DESC);
";

/// The value `is_open` holds for `status`.
pub(super) fn column(status: Status) -> i64 {
    i64::from(lifecycle::is_open(status))
}

/// The open statuses as an SQL list of quoted names (`'new', 'open', 'pending'`); statuses are
/// constant names of the domain, never user text.
pub(super) fn open_list() -> String {
    super::guards::list(lifecycle::open_statuses().iter().map(|s| s.as_str()))
}

/// The second half of migration 9, inside its transaction: removes the CHECK lists in place
/// (the documented `writable_schema` way for dropping a CHECK: the file format is unchanged, so
/// no row is rewritten), fills `is_open`, and builds its indexes.
pub(super) fn finish_migration_9(conn: &Connection) -> Result<()> {
    let sql: String = conn.query_row(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'tickets'",
        [],
        |r| r.get(0),
    )?;
    let relaxed = sql.replace(STATUS_CHECK, "").replace(KIND_CHECK, "");
    if relaxed.contains("status IN") || relaxed.contains("kind IN") {
        return Err(StoreError::Refused(
            "the tickets table is not as tend made it (its status or kind check differs); nothing was changed".into(),
        ));
    }
    if relaxed != sql {
        let version: i64 = conn.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
        conn.execute_batch("PRAGMA writable_schema = ON")?;
        let edited = conn.execute(
            "UPDATE sqlite_schema SET sql = ?1 WHERE type = 'table' AND name = 'tickets'",
            [&relaxed],
        );
        conn.execute_batch(&format!(
            "PRAGMA schema_version = {}; PRAGMA writable_schema = OFF",
            version + 1
        ))?;
        edited?;
    }
    conn.execute(
        &format!(
            "UPDATE tickets SET is_open = 1 WHERE status IN ({})",
            open_list()
        ),
        [],
    )?;
    conn.execute_batch(INDEXES)?;
    super::guards::install(conn)
}

/// Tickets whose `is_open` disagrees with the lifecycle (for `tend db check`).
pub(super) fn mismatches(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        &format!(
            "SELECT count(*) FROM tickets WHERE is_open <> (status IN ({}))",
            open_list()
        ),
        [],
        |r| r.get(0),
    )?)
}
