//! Tickets: create, read, change (with history and optimistic concurrency), converse, list.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use super::actor::Actor;
use super::{Result, Store, StoreError, changes, rows, settings};
use crate::domain::Invalid;
use crate::domain::conversation::{Entry, EntryKind};
use crate::domain::event::{EntityRef, FieldChange, Happened, Logged, Recorded};
use crate::domain::filter::Cursor;
use crate::domain::lifecycle;
use crate::domain::ticket::change::{self as ticket_change, Applied};
use crate::domain::ticket::fields::TEXT_FIELDS;
use crate::domain::ticket::{self, NewTicket, Ticket, TicketDetail, TicketPatch};

/// One page of a ticket list, and where the next one starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPage {
    pub tickets: Vec<Ticket>,
    /// Each ticket's place in the list (for paging from any row, either way).
    pub cursors: Vec<Cursor>,
    /// `Some` when more tickets match past this page.
    pub next: Option<Cursor>,
}

/// What an update did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateOutcome {
    pub ticket: Ticket,
    /// Every field that changed, in history order; empty when the update changed nothing.
    pub changes: Vec<FieldChange>,
}

pub(super) fn get_ticket(conn: &Connection, id: i64) -> Result<Ticket> {
    let sql = format!(
        "SELECT {} FROM tickets t WHERE t.id = ?1",
        rows::ticket_columns()
    );
    conn.prepare_cached(&sql)?
        .query_row([id], rows::ticket)
        .optional()?
        .ok_or(StoreError::NotFound { what: "ticket", id })
}

pub(super) fn record_history(
    conn: &Connection,
    ticket_id: i64,
    at: DateTime<Utc>,
    actor: &Actor,
    recorded: Recorded,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO history (ticket_id, at, actor, actor_kind, os_user, field, old, new)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        ticket_id,
        at.timestamp(),
        actor.name,
        actor.kind.as_str(),
        actor.os_user,
        recorded.as_str(),
        old,
        new
    ])?;
    Ok(())
}

/// Reads a body the user typed: checked for size and NUL bytes; must not be blank.
fn checked_body(what: &str, body: &str) -> Result<String> {
    ticket::validate_body(what, body)?;
    if body.trim().is_empty() {
        return Err(Invalid::value(format!("the {what} is empty")).into());
    }
    Ok(body.trim_end().to_string())
}

impl Store {
    /// Opens a new ticket and returns it.
    pub fn create_ticket(&mut self, new: NewTicket) -> Result<Ticket> {
        let mut new = new.validated()?;
        let now = self.now();
        let opened = new
            .opened_at
            .map(crate::domain::time::truncate)
            .unwrap_or(now);
        if opened > now {
            return Err(Invalid::value("the opening time is in the future").into());
        }
        let actor = self.actor.clone();
        self.write(|tx| {
            let matrix = settings::priority_matrix(tx)?;
            let priority = matrix.priority(new.impact, new.urgency);
            let status = lifecycle::of(new.kind).initial;
            let (columns, values) = rows::with_text_fields(
                vec![
                    ("kind", new.kind.as_str().to_string().into()),
                    ("status", status.as_str().to_string().into()),
                    ("is_open", super::is_open::column(status).into()),
                    ("title", new.title.clone().into()),
                    ("description", new.description.clone().into()),
                    ("impact", new.impact.as_str().to_string().into()),
                    ("urgency", new.urgency.as_str().to_string().into()),
                    ("priority", priority.into()),
                    ("opened_at", opened.timestamp().into()),
                    ("updated_at", now.timestamp().into()),
                ],
                TEXT_FIELDS.iter().map(|f| (f.in_new)(&mut new).clone()),
            );
            tx.prepare_cached(&rows::insert_sql("tickets", &columns))?
                .execute(params_from_iter(values))?;
            let id = tx.last_insert_rowid();
            rows::replace_tags(tx, rows::TagTable::Ticket, id, &new.tags)?;
            let status_field = Recorded::Field(crate::domain::event::TicketField::Status);
            record_history(
                tx,
                id,
                opened,
                &actor,
                status_field,
                None,
                Some(status.as_str()),
            )?;
            let logged = Logged::new(EntityRef::ticket(id), Happened::Created, "created");
            changes::log(tx, now, &actor, &logged)?;
            super::sla::recompute(tx, id, now)?;
            get_ticket(tx, id)
        })
    }

    pub fn ticket(&self, id: i64) -> Result<Ticket> {
        get_ticket(&self.conn, id)
    }

    /// A ticket with its conversation, links, linked articles and history.
    pub fn ticket_detail(&self, id: i64) -> Result<TicketDetail> {
        let ticket = self.ticket(id)?;
        let conversation = self.conversation(id)?;
        let links = self.links(id)?;
        let articles = self
            .conn
            .prepare_cached(
                "SELECT article_id FROM article_links WHERE ticket_id = ?1 ORDER BY article_id",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        let history = self.history(id)?;
        let sla = self.clocks_of(&ticket)?;
        let editors = self.editors(id)?;
        Ok(TicketDetail {
            ticket,
            conversation,
            links,
            articles,
            history,
            sla,
            editors,
        })
    }

    pub fn conversation(&self, id: i64) -> Result<Vec<Entry>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {} FROM entries WHERE ticket_id = ?1 ORDER BY id",
            rows::ENTRY_COLUMNS
        ))?;
        let out = stmt
            .query_map([id], rows::entry)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(out)
    }

    pub fn history(&self, id: i64) -> Result<Vec<crate::domain::history::Change>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {} FROM history WHERE ticket_id = ?1 ORDER BY id",
            rows::CHANGE_COLUMNS
        ))?;
        let out = stmt
            .query_map([id], rows::change)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(out)
    }

    /// Adds a public reply or an internal note. Conversation does not change the ticket's
    /// version (that counts field changes), but does touch `updated_at`.
    pub fn add_entry(&mut self, id: i64, kind: EntryKind, body: &str) -> Result<Entry> {
        let (what, happened) = match kind {
            EntryKind::Reply => ("reply", Happened::Replied),
            EntryKind::Note => ("note", Happened::Noted),
        };
        let body = checked_body(what, body)?;
        let now = self.now();
        let actor = self.actor.clone();
        self.write(|tx| {
            let t = get_ticket(tx, id)?;
            if kind == EntryKind::Reply {
                // Bad input (exit 2): the request names a ticket that can take no reply.
                ticket_change::check_reply(&t)?;
            }
            tx.prepare_cached(
                "INSERT INTO entries (ticket_id, kind, author, actor_kind, os_user, body, created_at)
                 VALUES (?1, ?2, ?3, ?7, ?4, ?5, ?6)",
            )?
            .execute(params![
                id,
                kind.as_str(),
                actor.name,
                actor.os_user,
                body,
                now.timestamp(),
                actor.kind.as_str(),
            ])?;
            let entry_id = tx.last_insert_rowid();
            tx.execute(
                "UPDATE tickets SET updated_at = max(updated_at, ?2) WHERE id = ?1",
                params![id, now.timestamp()],
            )?;
            changes::log(tx, now, &actor, &Logged::new(EntityRef::ticket(id), happened, what))?;
            if kind == EntryKind::Reply {
                super::sla::recompute(tx, id, now)?;
            }
            Ok(Entry {
                id: entry_id,
                kind,
                author: actor.name.clone(),
                actor_kind: actor.kind,
                os_user: Some(actor.os_user.clone()),
                body,
                created_at: now,
            })
        })
    }

    /// Applies `patch` to ticket `id`. With `if_version`, refuses (conflict) unless the ticket is
    /// still at that version. Every changed field is recorded in the history, in the same
    /// transaction.
    pub fn update_ticket(
        &mut self,
        id: i64,
        patch: &TicketPatch,
        if_version: Option<i64>,
    ) -> Result<UpdateOutcome> {
        let now = self.now();
        let actor = self.actor.clone();
        self.write(|tx| {
            let old = get_ticket(tx, id)?;
            if let Some(expected) = if_version
                && expected != old.version
            {
                return Err(conflict(tx, "ticket", id, expected, old.version)?);
            }
            let matrix = settings::priority_matrix(tx)?;
            let Applied {
                ticket: new,
                changes,
            } = ticket_change::apply(&old, patch, &matrix, now)?;
            if changes.is_empty() {
                return Ok(UpdateOutcome {
                    ticket: old,
                    changes: Vec::new(),
                });
            }
            let (columns, values) = rows::with_text_fields(
                vec![
                    ("kind", new.kind.as_str().to_string().into()),
                    ("status", new.status.as_str().to_string().into()),
                    ("pending_reason", new.pending_reason.clone().into()),
                    ("title", new.title.clone().into()),
                    ("description", new.description.clone().into()),
                    ("impact", new.impact.as_str().to_string().into()),
                    ("urgency", new.urgency.as_str().to_string().into()),
                    ("priority", new.priority.into()),
                    ("priority_override", new.priority_override.into()),
                    ("resolved_at", new.resolved_at.map(|t| t.timestamp()).into()),
                    ("closed_at", new.closed_at.map(|t| t.timestamp()).into()),
                    ("updated_at", now.timestamp().into()),
                    ("is_open", super::is_open::column(new.status).into()),
                ],
                TEXT_FIELDS.iter().map(|f| (f.of)(&new).clone()),
            );
            let set: Vec<String> = columns
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{c} = ?{}", i + 3))
                .collect();
            let sql = format!(
                "UPDATE tickets SET {}, version = version + 1 WHERE id = ?1 AND version = ?2",
                set.join(", ")
            );
            let keys = [rusqlite::types::Value::from(id), old.version.into()];
            let n = tx
                .prepare_cached(&sql)?
                .execute(params_from_iter(keys.into_iter().chain(values)))?;
            if n != 1 {
                // Cannot happen under BEGIN IMMEDIATE, but never write history for a lost update.
                let actual = get_ticket(tx, id)?.version;
                return Err(conflict(tx, "ticket", id, old.version, actual)?);
            }
            if new.tags != old.tags {
                rows::replace_tags(tx, rows::TagTable::Ticket, id, &new.tags)?;
            }
            for c in &changes {
                let (o, n) = (c.old.as_deref(), c.new.as_deref());
                record_history(tx, id, now, &actor, Recorded::Field(c.field), o, n)?;
            }
            changes::log(tx, now, &actor, &Logged::ticket_update(id, &changes))?;
            super::sla::recompute(tx, id, now)?;
            Ok(UpdateOutcome {
                ticket: get_ticket(tx, id)?,
                changes,
            })
        })
    }
}

/// Builds the conflict error, naming who made the newer version when the history knows.
pub(super) fn conflict(
    conn: &Connection,
    what: &'static str,
    id: i64,
    expected: i64,
    actual: i64,
) -> Result<StoreError> {
    let by = if what == "ticket" {
        conn.query_row(
            "SELECT actor, at FROM history WHERE ticket_id = ?1 ORDER BY id DESC LIMIT 1",
            [id],
            |r| Ok((r.get::<_, String>(0)?, rows::time(r, "at")?)),
        )
        .optional()?
        .map(|(who, at)| {
            format!(
                " (last changed by {} at {})",
                crate::domain::text::one_line(&who),
                crate::domain::time::rfc3339(at)
            )
        })
        .unwrap_or_default()
    } else {
        String::new()
    };
    Ok(StoreError::Conflict {
        what,
        id,
        expected,
        actual,
        by,
    })
}
