//! `tend export`: the whole desk as one JSON document (ids, conversation, links, history,
//! articles, SLA settings), streamed one ticket per line. `import.rs` reads it back.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::io::Write;

use super::{Result, Store, StoreError, migrate::LATEST_SCHEMA, rows, settings};
use crate::domain::conversation::Entry;
use crate::domain::history::Change;
use crate::domain::link::LinkKind;
use crate::domain::safe_json;
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

// The document `export_to` writes (and `import.rs` reads):
// { "format": "tend-export", "format_version": 1, "schema": N, "exported_at": RFC3339,
//   "priority_matrix": {...}, "tickets": [ExportTicket, ...], "links": [ExportLink, ...],
//   "articles": [Article, ...], "article_links": [ExportArticleLink, ...],
//   "article_history": [ArticleChange, ...],
//   "calendars": [Calendar, ...], "sla_rules": [SlaRule, ...] }
// An article's `tickets` field is informative; `article_links` is what import reads.

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
            safe_json::to_string(&now).map_err(json_err)?,
            safe_json::to_string(&matrix).map_err(json_err)?,
        )
        .map_err(io_err)?;
        {
            let sql = format!(
                "SELECT {} FROM tickets t ORDER BY t.id",
                rows::ticket_columns()
            );
            let mut stmt = tx.prepare(&sql)?;
            let mut entries = tx.prepare(&format!(
                "SELECT {} FROM entries WHERE ticket_id = ?1 ORDER BY id",
                rows::ENTRY_COLUMNS
            ))?;
            let mut history = tx.prepare(&format!(
                "SELECT {} FROM history WHERE ticket_id = ?1 ORDER BY id",
                rows::CHANGE_COLUMNS
            ))?;
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
                safe_json::to_writer(&mut *out, &item).map_err(json_err)?;
            }
        }
        let links: Vec<ExportLink> = tx
            .prepare(
                "SELECT from_id, to_id, kind, created_at FROM links
                 WHERE from_entity = 'ticket' AND to_entity = 'ticket'
                 ORDER BY from_id, to_id, kind",
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
        let article_history: Vec<crate::domain::kb::ArticleChange> = tx
            .prepare(
                "SELECT article_id, at, actor, os_user, what FROM article_history ORDER BY article_id, id",
            )?
            .query_map([], super::kb::article_change)?
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
            "\n],\n\"links\":{},\n\"articles\":{},\n\"article_links\":{},\n\"article_history\":{},\n\"calendars\":{},\n\"sla_rules\":{}}}\n",
            safe_json::to_string(&links).map_err(json_err)?,
            safe_json::to_string(&articles).map_err(json_err)?,
            safe_json::to_string(&article_links).map_err(json_err)?,
            safe_json::to_string(&article_history).map_err(json_err)?,
            safe_json::to_string(&calendars).map_err(json_err)?,
            safe_json::to_string(&sla_rules).map_err(json_err)?,
        )
        .map_err(io_err)?;
        out.flush().map_err(io_err)
    }
}
