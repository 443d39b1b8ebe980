//! `tend export` and `tend import`: the whole desk as one JSON document, and back, losslessly
//! (ids, conversation, links, history, articles). Import is all-or-nothing into an empty database.

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::{Deserialize, Serialize};
use std::io::Write;

use super::{Result, Store, StoreError, changes, migrate::LATEST_SCHEMA, rows, settings};
use crate::domain::Invalid;
use crate::domain::calendar::Calendar;
use crate::domain::conversation::Entry;
use crate::domain::history::Change;
use crate::domain::kb::Article;
use crate::domain::link::LinkKind;
use crate::domain::priority::PriorityMatrix;
use crate::domain::sla::SlaRule;
use crate::domain::ticket::Ticket;

pub const FORMAT: &str = "tend-export";
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportTicket {
    #[serde(flatten)]
    pub ticket: Ticket,
    pub conversation: Vec<Entry>,
    pub history: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportLink {
    pub from_id: i64,
    pub to_id: i64,
    pub kind: LinkKind,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportArticleLink {
    pub article_id: i64,
    pub ticket_id: i64,
    pub created_at: DateTime<Utc>,
}

/// The whole export document. `export_to` streams the same shape without holding it in memory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Export {
    pub format: String,
    pub format_version: u32,
    pub schema: i64,
    pub exported_at: DateTime<Utc>,
    pub priority_matrix: PriorityMatrix,
    pub tickets: Vec<ExportTicket>,
    pub links: Vec<ExportLink>,
    /// An article's `tickets` field is informative; `article_links` is what import reads.
    pub articles: Vec<Article>,
    pub article_links: Vec<ExportArticleLink>,
    /// SLA calendars and rules (absent in exports from before the SLA engine).
    #[serde(default)]
    pub calendars: Vec<Calendar>,
    #[serde(default)]
    pub sla_rules: Vec<SlaRule>,
}

fn json_err(e: serde_json::Error) -> StoreError {
    StoreError::io("cannot write the export", std::io::Error::other(e))
}

fn io_err(e: std::io::Error) -> StoreError {
    StoreError::io("cannot write the export", e)
}

impl Store {
    /// Writes the export document to `out`, one ticket per line, from one read snapshot.
    pub fn export_to(&mut self, out: &mut dyn Write) -> Result<()> {
        let now = self.now();
        let tx = self.conn.transaction()?; // a read transaction: one consistent snapshot
        let matrix = settings::priority_matrix(&tx)?;
        write!(
            out,
            "{{\"format\":\"{FORMAT}\",\"format_version\":{FORMAT_VERSION},\"schema\":{LATEST_SCHEMA},\"exported_at\":{},\"priority_matrix\":{},\n\"tickets\":[",
            serde_json::to_string(&now).map_err(json_err)?,
            serde_json::to_string(&matrix).map_err(json_err)?,
        )
        .map_err(io_err)?;
        {
            let sql = format!(
                "SELECT {} FROM tickets t ORDER BY t.id",
                rows::TICKET_COLUMNS
            );
            let mut stmt = tx.prepare(&sql)?;
            let mut entries = tx.prepare(
                "SELECT id, kind, author, body, created_at FROM entries WHERE ticket_id = ?1 ORDER BY id",
            )?;
            let mut history = tx.prepare(
                "SELECT id, at, actor, os_user, field, old, new FROM history WHERE ticket_id = ?1 ORDER BY id",
            )?;
            let mut first = true;
            for t in stmt.query_map([], rows::ticket)? {
                let ticket = t?;
                let conversation = entries
                    .query_map([ticket.id], rows::entry)?
                    .collect::<rusqlite::Result<_>>()?;
                let history = history
                    .query_map([ticket.id], rows::change)?
                    .collect::<rusqlite::Result<_>>()?;
                let item = ExportTicket {
                    ticket,
                    conversation,
                    history,
                };
                out.write_all(if first { b"\n" } else { b",\n" })
                    .map_err(io_err)?;
                first = false;
                serde_json::to_writer(&mut *out, &item).map_err(json_err)?;
            }
        }
        let links: Vec<ExportLink> = tx
            .prepare(
                "SELECT from_id, to_id, kind, created_at FROM links ORDER BY from_id, to_id, kind",
            )?
            .query_map([], |r| {
                Ok(ExportLink {
                    from_id: r.get("from_id")?,
                    to_id: r.get("to_id")?,
                    kind: r.get("kind")?,
                    created_at: rows::time(r, "created_at")?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let article_ids: Vec<i64> = tx
            .prepare("SELECT id FROM articles ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let article_links: Vec<ExportArticleLink> = tx
            .prepare("SELECT article_id, ticket_id, created_at FROM article_links ORDER BY article_id, ticket_id")?
            .query_map([], |r| {
                Ok(ExportArticleLink {
                    article_id: r.get("article_id")?,
                    ticket_id: r.get("ticket_id")?,
                    created_at: rows::time(r, "created_at")?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        drop(tx);
        let calendars = self.calendars()?;
        let sla_rules = self.sla_rules()?;
        let articles = article_ids
            .into_iter()
            .map(|id| self.article(id))
            .collect::<Result<Vec<_>>>()?;
        write!(
            out,
            "\n],\n\"links\":{},\n\"articles\":{},\n\"article_links\":{},\n\"calendars\":{},\n\"sla_rules\":{}}}\n",
            serde_json::to_string(&links).map_err(json_err)?,
            serde_json::to_string(&articles).map_err(json_err)?,
            serde_json::to_string(&article_links).map_err(json_err)?,
            serde_json::to_string(&calendars).map_err(json_err)?,
            serde_json::to_string(&sla_rules).map_err(json_err)?,
        )
        .map_err(io_err)?;
        out.flush().map_err(io_err)
    }

    /// Reads an export into this database, which must hold no tickets and no articles. Either
    /// everything is imported or nothing is.
    pub fn import(&mut self, doc: &Export) -> Result<(usize, usize)> {
        if doc.format != FORMAT {
            return Err(
                Invalid::value(format!("not a tend export (format '{}')", doc.format)).into(),
            );
        }
        if doc.format_version > FORMAT_VERSION {
            return Err(Invalid::value(format!(
                "the export is format version {}, newer than this tend reads ({FORMAT_VERSION}); upgrade tend",
                doc.format_version
            ))
            .into());
        }
        let now = self.now();
        let actor = self.actor.clone();
        self.write(|tx| {
            let existing: i64 = tx.query_row(
                "SELECT (SELECT count(*) FROM tickets) + (SELECT count(*) FROM articles)",
                [],
                |r| r.get(0),
            )?;
            if existing > 0 {
                return Err(Invalid::rule(
                    "import needs an empty database, and this one already has tickets or articles; \
                     create a new one with `tend --db NEW.db init`",
                )
                .into());
            }
            settings::save_priority_matrix(tx, &doc.priority_matrix)?;
            let mut ins_ticket = tx.prepare(
                "INSERT INTO tickets (id, kind, status, pending_reason, title, description, impact, urgency,
                    priority, priority_override, requester, assignee, group_name, service, category,
                    opened_at, updated_at, resolved_at, closed_at, version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
            )?;
            let mut ins_tag = tx.prepare("INSERT INTO ticket_tags (ticket_id, tag) VALUES (?1, ?2)")?;
            let mut ins_entry = tx.prepare(
                "INSERT INTO entries (id, ticket_id, kind, author, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut ins_history = tx.prepare(
                "INSERT INTO history (id, ticket_id, at, actor, os_user, field, old, new)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for item in &doc.tickets {
                let t = &item.ticket;
                let at = |e: rusqlite::Error| {
                    StoreError::Invalid(Invalid::value(format!("ticket #{} cannot be imported: {e}", t.id)))
                };
                crate::domain::ticket::validate_title(&t.title)?;
                ins_ticket
                    .execute(params![
                        t.id, t.kind.as_str(), t.status.as_str(), t.pending_reason, t.title, t.description,
                        t.impact.as_str(), t.urgency.as_str(), t.priority, t.priority_override, t.requester,
                        t.assignee, t.group, t.service, t.category, t.opened_at.timestamp(),
                        t.updated_at.timestamp(), t.resolved_at.map(|x| x.timestamp()),
                        t.closed_at.map(|x| x.timestamp()), t.version,
                    ])
                    .map_err(at)?;
                for tag in &t.tags {
                    ins_tag.execute(params![t.id, tag]).map_err(at)?;
                }
                for e in &item.conversation {
                    ins_entry
                        .execute(params![e.id, t.id, e.kind.as_str(), e.author, e.body, e.created_at.timestamp()])
                        .map_err(at)?;
                }
                for h in &item.history {
                    ins_history
                        .execute(params![h.id, t.id, h.at.timestamp(), h.actor, h.os_user, h.field, h.old, h.new])
                        .map_err(at)?;
                }
            }
            let mut ins_link = tx.prepare(
                "INSERT INTO links (from_id, to_id, kind, created_at) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for l in &doc.links {
                ins_link
                    .execute(params![l.from_id, l.to_id, l.kind.as_str(), l.created_at.timestamp()])
                    .map_err(|e| Invalid::value(format!("link #{} -> #{} cannot be imported: {e}", l.from_id, l.to_id)))?;
            }
            let mut ins_article = tx.prepare(
                "INSERT INTO articles (id, title, body, state, author, created_at, updated_at, version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let mut ins_atag = tx.prepare("INSERT INTO article_tags (article_id, tag) VALUES (?1, ?2)")?;
            for a in &doc.articles {
                let at = |e: rusqlite::Error| {
                    StoreError::Invalid(Invalid::value(format!("article #{} cannot be imported: {e}", a.id)))
                };
                ins_article
                    .execute(params![
                        a.id, a.title, a.body, a.state.as_str(), a.author, a.created_at.timestamp(),
                        a.updated_at.timestamp(), a.version,
                    ])
                    .map_err(at)?;
                for tag in &a.tags {
                    ins_atag.execute(params![a.id, tag]).map_err(at)?;
                }
            }
            let mut ins_alink = tx.prepare(
                "INSERT INTO article_links (article_id, ticket_id, created_at) VALUES (?1, ?2, ?3)",
            )?;
            for l in &doc.article_links {
                ins_alink
                    .execute(params![l.article_id, l.ticket_id, l.created_at.timestamp()])
                    .map_err(|e| Invalid::value(format!("article link KB-{} -> #{} cannot be imported: {e}", l.article_id, l.ticket_id)))?;
            }
            let fk = tx.prepare("PRAGMA foreign_key_check")?.query_map([], |_| Ok(()))?.count();
            if fk > 0 {
                return Err(Invalid::value(format!("the export refers to {fk} missing records")).into());
            }
            if !doc.calendars.is_empty() || !doc.sla_rules.is_empty() {
                super::sla::replace_settings(tx, &doc.calendars, &doc.sla_rules, now)?;
            }
            changes::log(tx, now, &actor, "settings", None, "imported")?;
            super::sla::recompute_all(tx, now)?;
            Ok((doc.tickets.len(), doc.articles.len()))
        })
    }
}
