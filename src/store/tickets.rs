//! Tickets: create, read, change (with history and optimistic concurrency), converse, list.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::actor::Actor;
use super::{Result, Store, StoreError, changes, rows, settings};
use crate::domain::Invalid;
use crate::domain::conversation::{Entry, EntryKind};
use crate::domain::filter::Cursor;
use crate::domain::lifecycle::check_transition;
use crate::domain::ticket::{
    self, NewTicket, PrioritySetting, Status, Ticket, TicketDetail, TicketPatch,
};

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
    /// (field, old, new) for every field that changed; empty when the update changed nothing.
    pub changes: Vec<(String, Option<String>, Option<String>)>,
}

pub(super) fn get_ticket(conn: &Connection, id: i64) -> Result<Ticket> {
    let sql = format!(
        "SELECT {} FROM tickets t WHERE t.id = ?1",
        rows::TICKET_COLUMNS
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
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO history (ticket_id, at, actor, os_user, field, old, new)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        ticket_id,
        at.timestamp(),
        actor.name,
        actor.os_user,
        field,
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
        let new = new.validated()?;
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
            tx.prepare_cached(
                "INSERT INTO tickets (kind, status, title, description, impact, urgency, priority,
                    requester, assignee, group_name, service, category, opened_at, updated_at)
                 VALUES (?1, 'new', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?
            .execute(params![
                new.kind.as_str(),
                new.title,
                new.description,
                new.impact.as_str(),
                new.urgency.as_str(),
                priority,
                new.requester,
                new.assignee,
                new.group,
                new.service,
                new.category,
                opened.timestamp(),
                now.timestamp(),
            ])?;
            let id = tx.last_insert_rowid();
            rows::replace_tags(tx, rows::TagTable::Ticket, id, &new.tags)?;
            record_history(tx, id, opened, &actor, "status", None, Some("new"))?;
            changes::log(tx, now, &actor, "ticket", Some(id), "created")?;
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
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, author, os_user, body, created_at FROM entries WHERE ticket_id = ?1 ORDER BY id",
        )?;
        let out = stmt
            .query_map([id], rows::entry)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(out)
    }

    pub fn history(&self, id: i64) -> Result<Vec<crate::domain::history::Change>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, actor, os_user, field, old, new FROM history WHERE ticket_id = ?1 ORDER BY id",
        )?;
        let out = stmt
            .query_map([id], rows::change)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(out)
    }

    /// Adds a public reply or an internal note. Conversation does not change the ticket's
    /// version (that counts field changes), but does touch `updated_at`.
    pub fn add_entry(&mut self, id: i64, kind: EntryKind, body: &str) -> Result<Entry> {
        let what = match kind {
            EntryKind::Reply => "reply",
            EntryKind::Note => "note",
        };
        let body = checked_body(what, body)?;
        let now = self.now();
        let actor = self.actor.clone();
        self.write(|tx| {
            let t = get_ticket(tx, id)?;
            if matches!(t.status, Status::Closed | Status::Cancelled) && kind == EntryKind::Reply {
                // Bad input (exit 2): the request names a ticket that can take no reply.
                return Err(Invalid::value(format!(
                    "ticket #{id} is {}; replies go on an open ticket (an internal note is still allowed)",
                    t.status
                ))
                .into());
            }
            tx.prepare_cached(
                "INSERT INTO entries (ticket_id, kind, author, os_user, body, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                id,
                kind.as_str(),
                actor.name,
                actor.os_user,
                body,
                now.timestamp()
            ])?;
            let entry_id = tx.last_insert_rowid();
            tx.execute(
                "UPDATE tickets SET updated_at = max(updated_at, ?2) WHERE id = ?1",
                params![id, now.timestamp()],
            )?;
            changes::log(tx, now, &actor, "ticket", Some(id), what)?;
            if kind == EntryKind::Reply {
                super::sla::recompute(tx, id, now)?;
            }
            Ok(Entry {
                id: entry_id,
                kind,
                author: actor.name.clone(),
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
            let new = apply_patch(&old, patch, &matrix, now)?;
            let changes = diff(&old, &new);
            if changes.is_empty() {
                return Ok(UpdateOutcome {
                    ticket: old,
                    changes,
                });
            }
            let n = tx
                .prepare_cached(
                    "UPDATE tickets SET kind = ?3, status = ?4, pending_reason = ?5, title = ?6,
                        description = ?7, impact = ?8, urgency = ?9, priority = ?10,
                        priority_override = ?11, requester = ?12, assignee = ?13, group_name = ?14,
                        service = ?15, category = ?16, resolved_at = ?17, closed_at = ?18,
                        updated_at = ?19, version = version + 1
                     WHERE id = ?1 AND version = ?2",
                )?
                .execute(params![
                    id,
                    old.version,
                    new.kind.as_str(),
                    new.status.as_str(),
                    new.pending_reason,
                    new.title,
                    new.description,
                    new.impact.as_str(),
                    new.urgency.as_str(),
                    new.priority,
                    new.priority_override,
                    new.requester,
                    new.assignee,
                    new.group,
                    new.service,
                    new.category,
                    new.resolved_at.map(|t| t.timestamp()),
                    new.closed_at.map(|t| t.timestamp()),
                    now.timestamp(),
                ])?;
            if n != 1 {
                // Cannot happen under BEGIN IMMEDIATE, but never write history for a lost update.
                let actual = get_ticket(tx, id)?.version;
                return Err(conflict(tx, "ticket", id, old.version, actual)?);
            }
            if new.tags != old.tags {
                rows::replace_tags(tx, rows::TagTable::Ticket, id, &new.tags)?;
            }
            for (field, o, n) in &changes {
                record_history(tx, id, now, &actor, field, o.as_deref(), n.as_deref())?;
            }
            let fields: Vec<&str> = changes.iter().map(|(f, _, _)| f.as_str()).collect();
            changes::log(
                tx,
                now,
                &actor,
                "ticket",
                Some(id),
                &format!("updated {}", fields.join(", ")),
            )?;
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

/// The ticket as it will be after `patch`, with every rule checked.
fn apply_patch(
    old: &Ticket,
    p: &TicketPatch,
    matrix: &crate::domain::priority::PriorityMatrix,
    now: DateTime<Utc>,
) -> Result<Ticket, Invalid> {
    let mut t = old.clone();
    if let Some(title) = &p.title {
        t.title = ticket::validate_title(title)?;
    }
    if let Some(d) = &p.description {
        ticket::validate_body("description", d)?;
        t.description = d.trim_end().to_string();
    }
    if let Some(k) = p.kind {
        t.kind = k;
    }
    if let Some(v) = &p.assignee {
        t.assignee = crate::domain::names::optional_name("assignee", v.clone())?;
    }
    for (what, field, value) in [
        ("requester", &mut t.requester, &p.requester),
        ("group", &mut t.group, &p.group),
        ("service", &mut t.service, &p.service),
        ("category", &mut t.category, &p.category),
    ] {
        if let Some(v) = value {
            *field = ticket::optional_field(what, v.clone())?;
        }
    }
    if !p.add_tags.is_empty() || !p.remove_tags.is_empty() {
        t.tags = ticket::change_tags(&t.tags, &p.add_tags, &p.remove_tags)?;
    }

    // Status, with the lifecycle's rules and the timestamps that go with each status.
    let target = p.status.unwrap_or(old.status);
    if let Some(s) = p.status {
        check_transition(old.id, old.status, s)?;
    }
    match (&p.pending_reason, target) {
        (Some(r), Status::Pending) => t.pending_reason = Some(ticket::short_field("reason", r)?),
        (Some(_), _) => {
            return Err(Invalid::value("--reason goes with --status pending"));
        }
        (None, Status::Pending) if old.status != Status::Pending => {
            return Err(Invalid::value(
                "a pending ticket needs a reason: add --reason \"waiting for ...\"",
            ));
        }
        (None, Status::Pending) => {}
        (None, _) => t.pending_reason = None,
    }
    if target != old.status {
        t.status = target;
        match target {
            Status::Resolved => t.resolved_at = Some(now),
            Status::Closed | Status::Cancelled => t.closed_at = Some(now),
            Status::Open if old.status == Status::Resolved => t.resolved_at = None,
            _ => {}
        }
    }

    // Priority: from the matrix unless set by hand.
    if let Some(i) = p.impact {
        t.impact = i;
    }
    if let Some(u) = p.urgency {
        t.urgency = u;
    }
    match p.priority {
        Some(PrioritySetting::Manual(n)) => {
            t.priority = n;
            t.priority_override = true;
        }
        Some(PrioritySetting::Auto) => t.priority_override = false,
        None => {}
    }
    if !t.priority_override {
        t.priority = matrix.priority(t.impact, t.urgency);
    }
    Ok(t)
}

/// Every field that differs, as history rows: (field, old, new).
fn diff(a: &Ticket, b: &Ticket) -> Vec<(String, Option<String>, Option<String>)> {
    let mut out = Vec::new();
    let mut push = |field: &str, x: Option<String>, y: Option<String>| {
        if x != y {
            out.push((field.to_string(), x, y));
        }
    };
    let s = |v: &str| Some(v.to_string());
    push("kind", s(a.kind.as_str()), s(b.kind.as_str()));
    push("status", s(a.status.as_str()), s(b.status.as_str()));
    push(
        "pending_reason",
        a.pending_reason.clone(),
        b.pending_reason.clone(),
    );
    push("title", s(&a.title), s(&b.title));
    push("description", s(&a.description), s(&b.description));
    push("impact", s(a.impact.as_str()), s(b.impact.as_str()));
    push("urgency", s(a.urgency.as_str()), s(b.urgency.as_str()));
    push(
        "priority",
        Some(a.priority.to_string()),
        Some(b.priority.to_string()),
    );
    push(
        "priority_override",
        Some(a.priority_override.to_string()),
        Some(b.priority_override.to_string()),
    );
    push("requester", a.requester.clone(), b.requester.clone());
    push("assignee", a.assignee.clone(), b.assignee.clone());
    push("group", a.group.clone(), b.group.clone());
    push("service", a.service.clone(), b.service.clone());
    push("category", a.category.clone(), b.category.clone());
    let tags = |t: &Ticket| (!t.tags.is_empty()).then(|| t.tags.join(","));
    push("tags", tags(a), tags(b));
    out
}
