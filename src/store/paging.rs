//! Paging backwards through a ticket list: the rows just before a cursor, or the last page.
//! With `list_tickets` (forwards) this lets a screen hold a small window of a list of any size
//! and jump to its end, each step one index range scan.

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::tickets::{ListPage, sort_key, source, where_clause_for};
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
        let (from, id) = source(filter, sort);
        let (mut where_sql, mut values) =
            where_clause_for(filter, self.now().timestamp(), id != "t.id")?;
        if sort == Sort::Due {
            where_sql.push_str(" AND t.sla_due_at IS NOT NULL");
        }
        let (id_before, id_after) = (format!("{id} < ?"), format!("{id} > ?"));
        if let Some(c) = before {
            let (cond, vals): (&str, Vec<i64>) = match sort {
                Sort::Newest => (&id_after, vec![c.id]),
                Sort::Oldest => (&id_before, vec![c.id]),
                Sort::Priority => (
                    "(t.priority < ? OR (t.priority = ? AND t.id > ?))",
                    vec![c.key, c.key, c.id],
                ),
                Sort::Updated => ("(t.updated_at, t.id) > (?, ?)", vec![c.key, c.id]),
                Sort::Due => ("(t.sla_due_at, t.id) < (?, ?)", vec![c.key, c.id]),
            };
            where_sql.push_str(" AND ");
            where_sql.push_str(cond);
            values.extend(vals.into_iter().map(Value::Integer));
        }
        // The list's order, reversed.
        let order = match sort {
            Sort::Newest => format!("{id} ASC"),
            Sort::Oldest => format!("{id} DESC"),
            Sort::Priority => "t.priority DESC, t.id ASC".into(),
            Sort::Updated => "t.updated_at ASC, t.id ASC".into(),
            Sort::Due => "t.sla_due_at DESC, t.id DESC".into(),
        };
        let want = limit.saturating_add(1);
        values.push(Value::Integer(i64::try_from(want).unwrap_or(i64::MAX)));
        let sql = format!(
            "SELECT {}, {} AS sort_key FROM {from} WHERE {where_sql} ORDER BY {order} LIMIT ?",
            rows::TICKET_COLUMNS,
            sort_key(sort)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt
            .query_map(params_from_iter(values), |r| {
                let key = r.get::<_, Option<i64>>("sort_key")?.unwrap_or(0);
                Ok((rows::ticket(r)?, key))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let more = rows.len() > limit;
        rows.truncate(limit);
        rows.reverse();
        let cursors: Vec<Cursor> = rows
            .iter()
            .map(|(t, key)| Cursor {
                id: t.id,
                key: *key,
            })
            .collect();
        let next = if more { cursors.first().copied() } else { None };
        Ok(ListPage {
            tickets: rows.into_iter().map(|(t, _)| t).collect(),
            cursors,
            next,
        })
    }
}
