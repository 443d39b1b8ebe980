//! The change log and `PRAGMA data_version`: how a process learns what other processes changed.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::actor::Actor;
use super::{Result, Store, rows};
use crate::domain::actor::ActorKind;
use crate::domain::event::{Entity, EntityRef, Happened, Logged, TicketField};

/// The summary of the `restored` event `tend db restore` logs: everything may have changed.
pub const RESTORED: &str = "the desk was restored from a backup";

/// One logged change, typed: which record, what happened, and by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeEvent {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub actor_kind: ActorKind,
    /// The record. An entity this tend does not know reads as desk-wide settings (reload all).
    pub on: EntityRef,
    pub happened: Happened,
    /// For an update of a ticket: the fields it changed.
    pub fields: Vec<TicketField>,
    /// The one-line summary people read ("updated status, assignee").
    pub what: String,
}

impl ChangeEvent {
    /// The whole desk was restored from a backup: reload everything.
    pub fn is_restore(&self) -> bool {
        self.happened == Happened::Restored
    }
}

/// Logs one operation, in the transaction that made it.
pub(super) fn log(
    conn: &Connection,
    now: DateTime<Utc>,
    actor: &Actor,
    logged: &Logged,
) -> Result<()> {
    let fields: Vec<&str> = logged.fields.iter().map(|f| f.as_str()).collect();
    conn.prepare_cached(
        "INSERT INTO change_log (at, actor, actor_kind, os_user, entity, entity_id, event, fields, what)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        now.timestamp(),
        actor.name,
        actor.kind.as_str(),
        actor.os_user,
        logged.on.entity.as_str(),
        logged.on.id,
        logged.happened.as_str(),
        fields.join(","),
        logged.summary,
    ])?;
    Ok(())
}

/// Logs a change of a desk-wide setting (matrix, calendar, SLA policy).
pub(super) fn log_setting(
    conn: &Connection,
    now: DateTime<Utc>,
    actor: &Actor,
    summary: &str,
) -> Result<()> {
    let logged = Logged::new(EntityRef::settings(), Happened::SettingChanged, summary);
    log(conn, now, actor, &logged)
}

/// Logs a change to saved view `id` (`None`: all of the actor's hidden views).
pub(super) fn log_view(
    conn: &Connection,
    now: DateTime<Utc>,
    actor: &Actor,
    id: Option<i64>,
    happened: Happened,
    summary: &str,
) -> Result<()> {
    let on = EntityRef {
        entity: Entity::View,
        id,
    };
    log(conn, now, actor, &Logged::new(on, happened, summary))
}

fn event(r: &rusqlite::Row<'_>) -> rusqlite::Result<ChangeEvent> {
    let entity: String = r.get("entity")?;
    let happened: String = r.get("event")?;
    let fields: String = r.get("fields")?;
    let kind: String = r.get("actor_kind")?;
    Ok(ChangeEvent {
        seq: r.get("seq")?,
        at: rows::time(r, "at")?,
        actor: r.get("actor")?,
        actor_kind: ActorKind::from_db(&kind).unwrap_or_default(),
        on: match Entity::from_db(&entity) {
            Some(entity) => EntityRef {
                entity,
                id: r.get("entity_id")?,
            },
            None => EntityRef::settings(),
        },
        happened: Happened::from_db(&happened).unwrap_or(Happened::SettingChanged),
        fields: fields.split(',').filter_map(TicketField::from_db).collect(),
        what: r.get("what")?,
    })
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
            "SELECT seq, at, actor, actor_kind, entity, entity_id, event, fields, what
             FROM change_log WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![seq, limit as i64], event)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
