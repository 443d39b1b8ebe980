//! Bulk loads (import, the data generator): many tickets in one transaction, each ticket's
//! full-text row written once. Inside the loading transaction, `begin` takes out the two insert
//! triggers that re-index a ticket per row and the secondary indexes of the loaded tables
//! (keeping their SQL from `sqlite_schema`), and `end` puts them back exactly as they were
//! before the transaction commits, so indexes are built once, sorted, instead of row by row.
//! Other processes never see the schema without them. (Per-row triggers on the FTS table would
//! also make SQLite flush FTS5's buffer at every statement.)

use crate::domain::event::{EntityRef, Happened, Logged};
use crate::domain::ticket::fields::TEXT_FIELDS;
use rusqlite::{Connection, Statement, params};
use rusqlite::{ToSql, params_from_iter};

use super::Result;
use super::transfer::ExportTicket;
use crate::domain::Invalid;

/// The triggers a bulk load does the work of.
const TRIGGERS: &[&str] = &["tickets_fts_insert", "entries_fts_insert"];

/// The tables whose secondary indexes a bulk load rebuilds at the end.
const TABLES: &[&str] = &["tickets", "entries", "history", "ticket_tags"];

/// The SQL of what was taken out, to put back: indexes first, then triggers.
pub(super) struct Suspended {
    indexes: Vec<String>,
    triggers: Vec<String>,
}

pub(super) fn begin(tx: &Connection) -> Result<Suspended> {
    let mut triggers = Vec::new();
    for name in TRIGGERS {
        let sql: String = tx.query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
            [name],
            |r| r.get(0),
        )?;
        tx.execute_batch(&format!("DROP TRIGGER {name}"))?;
        triggers.push(sql);
    }
    let mut indexes = Vec::new();
    for table in TABLES {
        // Named indexes only: primary keys and UNIQUE constraints (sql IS NULL) stay.
        let found: Vec<(String, String)> = tx
            .prepare(
                "SELECT name, sql FROM sqlite_schema
                 WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL",
            )?
            .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (name, sql) in found {
            tx.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
            indexes.push(sql);
        }
    }
    Ok(Suspended { indexes, triggers })
}

pub(super) fn end(tx: &Connection, suspended: Suspended) -> Result<()> {
    for sql in suspended.indexes.iter().chain(&suspended.triggers) {
        tx.execute_batch(sql)?;
    }
    Ok(())
}

/// Prepared inserts for the bulk of the file.
pub(super) struct Inserter<'c> {
    ticket: Statement<'c>,
    tag: Statement<'c>,
    entry: Statement<'c>,
    history: Statement<'c>,
    fts: Statement<'c>,
    pub count: usize,
}

/// The columns `Inserter::insert` writes, in its order.
fn ticket_columns() -> Vec<&'static str> {
    let mut c = vec![
        "id",
        "kind",
        "status",
        "pending_reason",
        "title",
        "description",
        "impact",
        "urgency",
        "priority",
        "priority_override",
        "opened_at",
        "updated_at",
        "resolved_at",
        "closed_at",
        "version",
        "is_open",
    ];
    c.extend(TEXT_FIELDS.iter().map(|f| f.column));
    c
}

impl<'c> Inserter<'c> {
    pub fn new(tx: &'c Connection) -> Result<Inserter<'c>> {
        Ok(Inserter {
            ticket: tx.prepare(&super::rows::insert_sql("tickets", &ticket_columns()))?,
            tag: tx.prepare("INSERT INTO ticket_tags (ticket_id, tag) VALUES (?1, ?2)")?,
            entry: tx.prepare(
                "INSERT INTO entries (id, ticket_id, kind, author, os_user, body, created_at, actor_kind)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
            history: tx.prepare(
                "INSERT INTO history (id, ticket_id, at, actor, os_user, field, old, new, actor_kind)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?,
            fts: tx.prepare("INSERT INTO ticket_fts (rowid, title, body) VALUES (?1, ?2, ?3)")?,
            count: 0,
        })
    }

    /// Inserts a ticket with its tags, conversation, history and full-text row.
    pub fn insert(&mut self, item: &ExportTicket) -> Result<()> {
        let t = &item.ticket;
        let at = |e: rusqlite::Error| super::import::refused(|| format!("ticket #{}", t.id), e);
        crate::domain::ticket::validate_title(&t.title)?;
        crate::domain::ticket::validate_body("description", &t.description)?;
        if crate::domain::lifecycle::of(t.kind)
            .class(t.status)
            .is_none()
        {
            return Err(crate::domain::Invalid::value(format!(
                "ticket #{}: a {} cannot be {}",
                t.id, t.kind, t.status
            ))
            .into());
        }
        let (kind, status) = (t.kind.as_str(), t.status.as_str());
        let (impact, urgency) = (t.impact.as_str(), t.urgency.as_str());
        let times = [
            Some(t.opened_at.timestamp()),
            Some(t.updated_at.timestamp()),
            t.resolved_at.map(|x| x.timestamp()),
            t.closed_at.map(|x| x.timestamp()),
        ];
        let open = super::is_open::column(t.status);
        let mut values: Vec<&dyn ToSql> = vec![
            &t.id,
            &kind,
            &status,
            &t.pending_reason,
            &t.title,
            &t.description,
            &impact,
            &urgency,
            &t.priority,
            &t.priority_override,
            &times[0],
            &times[1],
            &times[2],
            &times[3],
            &t.version,
            &open,
        ];
        values.extend(TEXT_FIELDS.iter().map(|f| (f.of)(t) as &dyn ToSql));
        self.ticket.execute(params_from_iter(values)).map_err(at)?;
        for tag in &t.tags {
            self.tag.execute(params![t.id, tag]).map_err(at)?;
        }
        for e in &item.conversation {
            crate::domain::ticket::validate_body("reply", &e.body)?;
            self.entry
                .execute(params![
                    e.id,
                    t.id,
                    e.kind.as_str(),
                    e.author,
                    e.os_user,
                    e.body,
                    e.created_at.timestamp(),
                    e.actor_kind.as_str(),
                ])
                .map_err(at)?;
        }
        for h in &item.history {
            self.history
                .execute(params![
                    h.id,
                    t.id,
                    h.at.timestamp(),
                    h.actor,
                    h.os_user,
                    h.field,
                    h.old,
                    h.new,
                    h.actor_kind.as_str(),
                ])
                .map_err(at)?;
        }
        // The full-text row, as the triggers would have built it after the last reply.
        let mut body = t.description.clone();
        for e in &item.conversation {
            body.push('\n');
            body.push_str(&e.body);
        }
        if item.conversation.is_empty() {
            body.push('\n');
        }
        self.fts.execute(params![t.id, t.title, body]).map_err(at)?;
        self.count += 1;
        Ok(())
    }
}

/// How much new full-text data FTS5 gathers in memory before it writes a segment, during a
/// load (its default is 1 MB). Fewer, larger segments: much less merging of segments into
/// each other while loading (200,000 tickets: ~1.6 s less of ~10 s). Costs about 50 MB more
/// memory at most.
const FTS_LOAD_BUFFER: i64 = 64 << 20;

/// Sets the ticket index's buffer for this load, or with `None` puts the default back: the
/// setting is stored in the index's config table, so the load leaves no trace of it.
fn fts_buffer(tx: &Connection, bytes: Option<i64>) -> Result<()> {
    tx.execute(
        "INSERT INTO ticket_fts (ticket_fts, rank) VALUES ('hashsize', ?1)",
        [bytes.unwrap_or(1 << 20)],
    )?;
    if bytes.is_none() {
        tx.execute("DELETE FROM ticket_fts_config WHERE k = 'hashsize'", [])?;
    }
    Ok(())
}

/// Helper threads SQLite's sorter may use while the load rebuilds the indexes.
const SORT_THREADS: i64 = 2;

/// Tickets handed to the clock thread at a time.
const CLOCK_BATCH: usize = 256;

/// What the clock thread sends back: each open ticket's clocks, as `sla::store_clocks` takes them.
type ClockBatch = Result<Vec<(i64, Option<Vec<crate::domain::sla::Clock>>)>>;

/// Inserts `tickets` and their SLA clocks as of `now`. The clocks are what
/// `sla::recompute_all` would store afterwards, but derived from the tickets in hand on a
/// second thread while this one writes (and frees the tickets there too), instead of reading
/// every open ticket back after the load. Returns how many tickets were inserted.
fn insert_with_clocks(
    tx: &Connection,
    tickets: &mut dyn Iterator<Item = ExportTicket>,
    chunk: usize,
    progress: &mut dyn FnMut(usize),
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize> {
    // Nothing in the load changes rules or calendars.
    let ctx = super::sla::Context::load(tx)?;
    let (to_clocks, work) = std::sync::mpsc::sync_channel::<Vec<ExportTicket>>(8);
    let (to_writer, done) = std::sync::mpsc::channel::<ClockBatch>();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let ctx = &ctx;
            // Whole days' business time per calendar, remembered across all the tickets.
            let mut totals = super::sla::KeptTotals::new();
            for batch in work {
                let clocks = batch
                    .iter()
                    .filter_map(|t| {
                        let c = ctx.clocks_in(&mut totals, t, now).transpose();
                        c.map(|c| (t.ticket.id, c))
                    })
                    .map(|(id, c)| c.map(|c| (id, c)))
                    .collect();
                drop(batch);
                if to_writer.send(clocks).is_err() {
                    break; // the writer stopped on an error
                }
            }
        });
        let write = |clocks: ClockBatch| -> Result<()> {
            for (id, c) in clocks? {
                super::sla::store_clocks(tx, id, c.as_deref())?;
            }
            Ok(())
        };
        let mut ins = Inserter::new(tx)?;
        let mut batch = Vec::with_capacity(CLOCK_BATCH);
        for t in tickets {
            ins.insert(&t)?;
            if ins.count % chunk.max(1) == 0 {
                progress(ins.count);
            }
            batch.push(t);
            if batch.len() == CLOCK_BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(CLOCK_BATCH));
                if to_clocks.send(full).is_err() {
                    break; // the clock thread is gone: its error is in `done`
                }
                while let Ok(clocks) = done.try_recv() {
                    write(clocks)?;
                }
            }
        }
        let total = ins.count;
        drop(ins);
        if !batch.is_empty() {
            let _ = to_clocks.send(batch);
        }
        drop(to_clocks);
        for clocks in done.iter() {
            write(clocks)?;
        }
        Ok(total)
    })
}

impl super::Store {
    /// Loads generated tickets into an empty database, `chunk` per transaction, then computes
    /// their SLA clocks. `progress` hears the running count. Returns how many were loaded.
    pub fn bulk_load(
        &mut self,
        tickets: &mut dyn Iterator<Item = ExportTicket>,
        chunk: usize,
        progress: &mut dyn FnMut(usize),
    ) -> Result<usize> {
        let existing: i64 = self
            .conn
            .query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))?;
        if existing > 0 {
            return Err(Invalid::rule(
                "generated data goes into an empty database, and this one already has tickets",
            )
            .into());
        }
        let (now, actor) = (self.now(), self.actor.clone());
        // The index rebuild sorts millions of rows when nothing else is left to do: let the
        // sorter use helper threads (1M tickets: that phase ~23 s -> ~16 s on 2 cores).
        let threads: i64 = self.conn.query_row("PRAGMA threads", [], |r| r.get(0))?;
        self.conn.pragma_update(None, "threads", SORT_THREADS)?;
        let loaded = self.bulk_write(tickets, chunk, progress, now, &actor);
        self.conn.pragma_update(None, "threads", threads)?;
        loaded
    }

    fn bulk_write(
        &mut self,
        tickets: &mut dyn Iterator<Item = ExportTicket>,
        chunk: usize,
        progress: &mut dyn FnMut(usize),
        now: chrono::DateTime<chrono::Utc>,
        actor: &super::Actor,
    ) -> Result<usize> {
        // One transaction: the indexes are rebuilt once at the end, and a failed load leaves
        // the database as empty as it was.
        self.write(|tx| {
            let suspended = begin(tx)?;
            fts_buffer(tx, Some(FTS_LOAD_BUFFER))?;
            let total = insert_with_clocks(tx, tickets, chunk, progress, now)?;
            fts_buffer(tx, None)?;
            end(tx, suspended)?;
            progress(total);
            super::changes::log(
                tx,
                now,
                actor,
                &Logged::new(
                    EntityRef::settings(),
                    Happened::Generated,
                    format!("generated {total} tickets"),
                ),
            )?;
            Ok(total)
        })
    }
}
