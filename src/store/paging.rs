//! Paging backwards through a ticket list: the rows just before a cursor, or the last page.
//! With `list_tickets` (forwards) this lets a screen hold a small window of a list of any size
//! and jump to its end, each step one index range scan.

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::tickets::{ListPage, cursor_of, where_clause};
use super::{Result, Store, rows};
use crate::domain::filter::{Cursor, Sort, TicketFilter};

impl Store {
    /// The `limit` tickets that come just before `before` in `sort` order (the last `limit`
    /// tickets when `before` is `None`), in list order. `next` is `Some` (the first row's
    /// cursor) when more tickets come before this page.
    pub fn list_tickets_before(
        &self,
        filter: &TicketFilter,
        sort: Sort,
        before: Option<Cursor>,
        limit: usize,
    ) -> Result<ListPage> {
        let (mut where_sql, mut values) = where_clause(filter)?;
        if let Some(c) = before {
            let (cond, vals): (&str, Vec<i64>) = match sort {
                Sort::Newest => ("t.id > ?", vec![c.id]),
                Sort::Oldest => ("t.id < ?", vec![c.id]),
                Sort::Priority => (
                    "(t.priority < ? OR (t.priority = ? AND t.id > ?))",
                    vec![c.key, c.key, c.id],
                ),
                Sort::Updated => ("(t.updated_at, t.id) > (?, ?)", vec![c.key, c.id]),
            };
            where_sql.push_str(" AND ");
            where_sql.push_str(cond);
            values.extend(vals.into_iter().map(Value::Integer));
        }
        // The list's order, reversed.
        let order = match sort {
            Sort::Newest => "t.id ASC",
            Sort::Oldest => "t.id DESC",
            Sort::Priority => "t.priority DESC, t.id ASC",
            Sort::Updated => "t.updated_at ASC, t.id ASC",
        };
        let want = limit.saturating_add(1);
        values.push(Value::Integer(i64::try_from(want).unwrap_or(i64::MAX)));
        let sql = format!(
            "SELECT {} FROM tickets t WHERE {where_sql} ORDER BY {order} LIMIT ?",
            rows::TICKET_COLUMNS
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut tickets = stmt
            .query_map(params_from_iter(values), rows::ticket)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let more = tickets.len() > limit;
        tickets.truncate(limit);
        tickets.reverse();
        let next = if more {
            tickets.first().map(|t| cursor_of(t, sort))
        } else {
            None
        };
        Ok(ListPage { tickets, next })
    }
}
