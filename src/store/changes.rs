//! The change log and `PRAGMA data_version`: how a process learns what other processes changed.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde::Serialize;

use super::actor::Actor;
use super::{Result, Store, rows};

/// The `what` of the `settings` event `tend db restore` logs: everything may have changed.
pub const RESTORED: &str = "the desk was restored from a backup";

/// One logged change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeEvent {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    /// `ticket`, `article` or `settings`.
    pub entity: String,
    pub entity_id: Option<i64>,
    pub what: String,
}

impl ChangeEvent {
    /// The whole desk was restored from a backup: reload everything.
    pub fn is_restore(&self) -> bool {
        self.entity == "settings" && self.entity_id.is_none() && self.what == RESTORED
    }
}

pub(super) fn log(
    conn: &Connection,
    now: DateTime<Utc>,
    actor: &Actor,
    entity: &str,
    entity_id: Option<i64>,
    what: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO change_log (at, actor, entity, entity_id, what) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![now.timestamp(), actor.name, entity, entity_id, what],
    )?;
    Ok(())
}

impl Store {
    /// Changes whenever another connection commits; cheap enough to poll several times a second.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// The newest change-log sequence number (0 when empty).
    pub fn last_change_seq(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(seq), 0) FROM change_log", [], |r| {
                r.get(0)
            })?)
    }

    /// Changes after `seq`, oldest first, at most `limit`.
    pub fn changes_since(&self, seq: i64, limit: usize) -> Result<Vec<ChangeEvent>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, at, actor, entity, entity_id, what FROM change_log
             WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![seq, limit as i64], |r| {
            Ok(ChangeEvent {
                seq: r.get("seq")?,
                at: rows::time(r, "at")?,
                actor: r.get("actor")?,
                entity: r.get("entity")?,
                entity_id: r.get("entity_id")?,
                what: r.get("what")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
