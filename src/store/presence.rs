//! Presence: "alice is editing #12". A session writes a heartbeat row while it has a ticket open
//! for editing; rows older than `PRESENCE_EXPIRY` are ignored and swept, so a crashed session
//! disappears on its own. It warns other agents; it never blocks them.

use chrono::{Duration, Utc};
use rusqlite::params;

use super::{Result, Store, rows};
use crate::domain::history::Presence;

/// A heartbeat older than this means the session is gone.
pub const PRESENCE_EXPIRY: Duration = Duration::seconds(30);

/// This process's session id: host, pid and start time.
pub(super) fn session_id() -> String {
    format!(
        "{}:{}:{}",
        crate::host::hostname::host_name(),
        std::process::id(),
        Utc::now().timestamp_micros()
    )
}

impl Store {
    /// Says (again) that this session is editing `ticket_id`; call every few seconds while it is.
    pub fn heartbeat(&mut self, ticket_id: i64, activity: &str) -> Result<()> {
        let now = self.now();
        let (session, actor) = (self.session.clone(), self.actor.clone());
        let activity = crate::domain::text::fit(&crate::domain::text::one_line(activity), 40);
        self.write(|tx| {
            super::tickets::get_ticket(tx, ticket_id)?;
            tx.prepare_cached(
                "INSERT INTO presence (ticket_id, session, agent, os_user, activity, started_at, seen_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
                 ON CONFLICT (ticket_id, session) DO UPDATE SET seen_at = excluded.seen_at,
                    activity = excluded.activity,
                    started_at = CASE WHEN presence.activity = excluded.activity THEN presence.started_at
                                      ELSE excluded.started_at END",
            )?
            .execute(params![ticket_id, session, actor.name, actor.os_user, activity, now.timestamp()])?;
            let stale = (now - PRESENCE_EXPIRY * 10).timestamp();
            tx.prepare_cached("DELETE FROM presence WHERE seen_at < ?1")?.execute([stale])?;
            Ok(())
        })
    }

    /// This session stopped editing `ticket_id` (or every ticket, with `None`).
    pub fn leave(&mut self, ticket_id: Option<i64>) -> Result<()> {
        let session = self.session.clone();
        self.write(|tx| {
            match ticket_id {
                Some(id) => tx.execute(
                    "DELETE FROM presence WHERE session = ?1 AND ticket_id = ?2",
                    params![session, id],
                )?,
                None => tx.execute("DELETE FROM presence WHERE session = ?1", [session])?,
            };
            Ok(())
        })
    }

    /// Who else is editing `ticket_id` right now (live heartbeats of other sessions).
    pub fn editors(&self, ticket_id: i64) -> Result<Vec<Presence>> {
        let fresh = (self.now() - PRESENCE_EXPIRY).timestamp();
        let mut stmt = self.conn.prepare_cached(
            "SELECT agent, os_user, activity, started_at, seen_at FROM presence
             WHERE ticket_id = ?1 AND session <> ?2 AND seen_at >= ?3 ORDER BY started_at, agent",
        )?;
        let out = stmt
            .query_map(params![ticket_id, self.session, fresh], |r| {
                Ok(Presence {
                    agent: r.get(0)?,
                    os_user: r.get(1)?,
                    activity: r.get(2)?,
                    since: rows::time(r, "started_at")?,
                    seen_at: rows::time(r, "seen_at")?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(out)
    }
}
