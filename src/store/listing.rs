//! Ticket lists: a filter turned into SQL (bound values only, never pasted text), the sort
//! orders, keyset paging forwards and backwards from any row, and counts. A screen holds a
//! small window of a list of any size; each page is one index range scan (or, for a search in
//! id order, one walk of the full-text index that stops at the limit).

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params_from_iter};

use super::tickets::ListPage;
use super::{Result, Store, StoreError, rows, search};
use crate::domain::Invalid;
use crate::domain::filter::{AssigneeMatch, Cursor, Sort, TicketFilter};
use crate::domain::sla::SlaState;
use crate::domain::ticket::Status;

/// BM25 over the full-text row, a word in the title weighing ten times one in the body.
/// (FTS5 scores better matches lower.)
const RANK: &str = "bm25(ticket_fts, 10.0, 1.0)";

/// Which way a page goes from its cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    /// Rows after the cursor, in list order.
    Forward,
    /// Rows before the cursor, nearest first (the caller reverses them).
    Backward,
}

/// How a sort orders rows: its leading key (none for the id orders) and whether the key and
/// then the id go up or down.
struct Order {
    key: Option<&'static str>,
    key_up: bool,
    id_up: bool,
}

fn order(sort: Sort) -> Order {
    let (key, key_up, id_up) = match sort {
        Sort::Newest => (None, true, false),
        Sort::Oldest => (None, true, true),
        Sort::Priority => (Some("t.priority"), true, false),
        Sort::Updated => (Some("t.updated_at"), false, false),
        Sort::Due => (Some("t.sla_due_at"), true, true),
        Sort::Relevance => (Some(RANK), true, false),
    };
    Order { key, key_up, id_up }
}

/// The expression a sort orders by first (the keyset cursor's key); `0` for the id orders.
fn sort_key(sort: Sort) -> &'static str {
    order(sort).key.unwrap_or("0")
}

/// A row's sort key as a cursor holds it: an integer as is, a score by its bits.
fn key_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<i64> {
    Ok(match row.get::<_, Value>("sort_key")? {
        Value::Integer(i) => i,
        Value::Real(f) => f.to_bits() as i64,
        _ => 0,
    })
}

/// A cursor's key as the SQL compares it.
fn key_value(sort: Sort, key: i64) -> Value {
    match sort {
        Sort::Relevance => Value::Real(f64::from_bits(key as u64)),
        _ => Value::Integer(key),
    }
}

/// Where the rows of a list come from. A full-text search listed in id order is driven by the
/// FTS index itself, which reads matches newest (or oldest) first and stops at the limit; a
/// common word would otherwise collect every match before the first row. A ranked search needs
/// the FTS row for its score. Returns the FROM clause and the expression for the ticket id.
fn source(f: &TicketFilter, sort: Sort) -> (&'static str, &'static str) {
    let text_only = f.text.is_some()
        && *f
            == TicketFilter {
                text: f.text.clone(),
                ..TicketFilter::default()
            };
    if text_only && sort == Sort::Relevance {
        // Nothing else to check: score the index alone (a third faster on a common word).
        ("ticket_fts", "ticket_fts.rowid")
    } else if f.text.is_some() && matches!(sort, Sort::Newest | Sort::Oldest | Sort::Relevance) {
        (
            "ticket_fts JOIN tickets t ON t.id = ticket_fts.rowid",
            "ticket_fts.rowid",
        )
    } else {
        ("tickets t", "t.id")
    }
}

/// The SELECT for one page: `limit` rows of `f` in `sort` order going `way` from `from`.
fn page_sql(
    f: &TicketFilter,
    sort: Sort,
    way: Way,
    from: Option<Cursor>,
    limit: usize,
    now: i64,
) -> Result<(String, Vec<Value>)> {
    if sort == Sort::Relevance && f.text.is_none() {
        return Err(Invalid::value("sort:relevance ranks a search: add words to look for").into());
    }
    let (source_sql, id) = source(f, sort);
    let (mut where_sql, mut values) = where_clause_for(f, now, id != "t.id")?;
    if sort == Sort::Due {
        where_sql.push_str(" AND t.sla_due_at IS NOT NULL");
    }
    let o = order(sort);
    // Backwards is the list's order reversed.
    let back = way == Way::Backward;
    let (key_up, id_up) = (o.key_up != back, o.id_up != back);
    let dir = |up: bool| if up { "ASC" } else { "DESC" };
    let beyond = |up: bool| if up { ">" } else { "<" };
    if let Some(c) = from {
        match o.key {
            None => where_sql.push_str(&format!(" AND {id} {} ?", beyond(id_up))),
            Some(k) if key_up == id_up => {
                where_sql.push_str(&format!(" AND ({k}, {id}) {} (?, ?)", beyond(id_up)));
                values.push(key_value(sort, c.key));
            }
            Some(k) => {
                where_sql.push_str(&format!(
                    " AND ({k} {} ? OR ({k} = ? AND {id} {} ?))",
                    beyond(key_up),
                    beyond(id_up)
                ));
                values.push(key_value(sort, c.key));
                values.push(key_value(sort, c.key));
            }
        }
        values.push(Value::Integer(c.id));
    }
    let order_sql = match o.key {
        None => format!("{id} {}", dir(id_up)),
        Some(k) => format!("{k} {}, {id} {}", dir(key_up), dir(id_up)),
    };
    values.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
    let sql = if sort == Sort::Relevance {
        // Every match is scored and sorted: sort narrow rows (id and score), then read the
        // whole ticket for the page only. (Sorting whole rows, descriptions and tags included,
        // took 7.6 s instead of 1.5 s for a word in all of a million tickets.)
        format!(
            "SELECT {}, k.sort_key AS sort_key FROM (
                 SELECT {id} AS id, {RANK} AS sort_key FROM {source_sql} WHERE {where_sql}
                 ORDER BY {order_sql} LIMIT ?
             ) k JOIN tickets t ON t.id = k.id
             ORDER BY k.sort_key {}, k.id {}",
            rows::ticket_columns(),
            dir(key_up),
            dir(id_up)
        )
    } else {
        format!(
            "SELECT {}, {} AS sort_key FROM {source_sql} WHERE {where_sql} ORDER BY {order_sql} LIMIT ?",
            rows::ticket_columns(),
            sort_key(sort)
        )
    };
    Ok((sql, values))
}

impl Store {
    /// Lists tickets matching `filter` in `sort` order, starting after `after`.
    pub fn list_tickets(
        &self,
        filter: &TicketFilter,
        sort: Sort,
        after: Option<Cursor>,
        limit: usize,
    ) -> Result<ListPage> {
        let mut rows = self.page(filter, sort, Way::Forward, after, limit.saturating_add(1))?;
        let more = rows.len() > limit;
        rows.truncate(limit);
        let cursors: Vec<Cursor> = rows.iter().map(|(_, c)| *c).collect();
        Ok(ListPage {
            next: if more { cursors.last().copied() } else { None },
            tickets: rows.into_iter().map(|(t, _)| t).collect(),
            cursors,
        })
    }

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
        let mut rows = self.page(filter, sort, Way::Backward, before, limit.saturating_add(1))?;
        let more = rows.len() > limit;
        rows.truncate(limit);
        rows.reverse();
        let cursors: Vec<Cursor> = rows.iter().map(|(_, c)| *c).collect();
        Ok(ListPage {
            next: if more { cursors.first().copied() } else { None },
            tickets: rows.into_iter().map(|(t, _)| t).collect(),
            cursors,
        })
    }

    fn page(
        &self,
        filter: &TicketFilter,
        sort: Sort,
        way: Way,
        from: Option<Cursor>,
        limit: usize,
    ) -> Result<Vec<(crate::domain::ticket::Ticket, Cursor)>> {
        let (sql, values) = page_sql(filter, sort, way, from, limit, self.now().timestamp())?;
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(values), |r| {
                let t = rows::ticket(r)?;
                let key = key_of(r)?;
                Ok((t, key))
            })?
            .map(|r| {
                r.map(|(t, key)| {
                    let id = t.id;
                    (t, Cursor { id, key })
                })
            })
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Where ticket `id` stands in `filter`'s list in `sort` order (to page around it). For a
    /// ranked search that is its score for the search's words; a ticket that no longer
    /// matches them is not found.
    pub fn cursor_for(&self, id: i64, sort: Sort, filter: &TicketFilter) -> Result<Cursor> {
        let found: Option<Value> = match (sort, &filter.text) {
            (Sort::Relevance, Some(text)) => {
                let expr = search::match_expression(text).ok_or_else(|| {
                    StoreError::from(Invalid::value("the search text has no words to look for"))
                })?;
                self.conn
                    .prepare_cached(&format!(
                        "SELECT {RANK} FROM ticket_fts WHERE ticket_fts MATCH ?1 AND rowid = ?2"
                    ))?
                    .query_row(rusqlite::params![expr, id], |r| r.get(0))
                    .optional()?
            }
            _ => self
                .conn
                .prepare_cached(&format!(
                    "SELECT {} FROM tickets t WHERE t.id = ?1",
                    sort_key(sort)
                ))?
                .query_row([id], |r| r.get(0))
                .optional()?,
        };
        let key = match found.ok_or(StoreError::NotFound { what: "ticket", id })? {
            Value::Integer(i) => i,
            Value::Real(f) => f.to_bits() as i64,
            _ => 0,
        };
        Ok(Cursor { id, key })
    }

    /// How many tickets match `filter`.
    pub fn count_tickets(&self, filter: &TicketFilter) -> Result<i64> {
        let (where_sql, values) = where_clause(filter, self.now().timestamp())?;
        let sql = format!("SELECT count(*) FROM tickets t WHERE {where_sql}");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(values), |r| r.get(0))?)
    }
}

/// The WHERE clause for a filter, with its bound values. `now` decides SLA states.
pub(super) fn where_clause(f: &TicketFilter, now: i64) -> Result<(String, Vec<Value>)> {
    where_clause_for(f, now, false)
}

/// `where_clause`; with `fts_driven`, the text condition matches the joined `ticket_fts`.
fn where_clause_for(f: &TicketFilter, now: i64, fts_driven: bool) -> Result<(String, Vec<Value>)> {
    let mut parts: Vec<String> = vec!["1 = 1".into()];
    let mut values: Vec<Value> = Vec::new();
    let in_list =
        |col: &str, items: Vec<Value>, parts: &mut Vec<String>, values: &mut Vec<Value>| {
            if items.is_empty() {
                return;
            }
            let marks = vec!["?"; items.len()].join(", ");
            parts.push(format!("{col} IN ({marks})"));
            values.extend(items);
        };
    // `is_open` (one value, indexed with every sort key) carries the status filter's shape; the
    // exact statuses are checked on the rows read. See migration 5.
    let open = f.statuses.iter().filter(|s| s.is_open()).count();
    if !f.statuses.is_empty() && (open == 0 || open == f.statuses.len()) {
        parts.push("t.is_open = ?".into());
        values.push(Value::Integer(i64::from(open > 0)));
    }
    // Every open (or every other) status: `is_open` says it exactly, and the queries (counts
    // above all) can stay inside an index.
    let open_all = crate::domain::lifecycle::open_statuses().len();
    let whole_side = (open == 0 && f.statuses.len() == Status::ALL.len() - open_all)
        || (open == open_all && f.statuses.len() == open_all);
    in_list(
        "t.status",
        if whole_side {
            Vec::new()
        } else {
            f.statuses
                .iter()
                .map(|s| Value::Text(s.as_str().into()))
                .collect()
        },
        &mut parts,
        &mut values,
    );
    in_list(
        "t.kind",
        f.kinds
            .iter()
            .map(|k| Value::Text(k.as_str().into()))
            .collect(),
        &mut parts,
        &mut values,
    );
    in_list(
        "t.priority",
        f.priorities
            .iter()
            .map(|p| Value::Integer(i64::from(*p)))
            .collect(),
        &mut parts,
        &mut values,
    );
    in_list(
        "t.group_name",
        f.groups.iter().map(|g| Value::Text(g.clone())).collect(),
        &mut parts,
        &mut values,
    );
    match &f.assignee {
        Some(AssigneeMatch::Is(name)) => {
            parts.push("t.assignee = ?".into());
            values.push(Value::Text(name.clone()));
        }
        Some(AssigneeMatch::Nobody) => parts.push("t.assignee IS NULL".into()),
        None => {}
    }
    // Every tag present: one uncorrelated subquery for all of them. (One EXISTS per tag made
    // SQLite open and close a cursor per tag per row, and each open walks the list of open
    // cursors: 200 tags took seconds.)
    match f.tags.as_slice() {
        [] => {}
        [tag] => {
            parts.push(
                "EXISTS (SELECT 1 FROM ticket_tags g WHERE g.ticket_id = t.id AND g.tag = ?)"
                    .into(),
            );
            values.push(Value::Text(tag.to_lowercase()));
        }
        tags => {
            let mut distinct: Vec<String> = tags.iter().map(|t| t.to_lowercase()).collect();
            distinct.sort();
            distinct.dedup();
            parts.push(format!(
                "t.id IN (SELECT ticket_id FROM ticket_tags WHERE tag IN ({}) GROUP BY ticket_id HAVING count(*) = ?)",
                vec!["?"; distinct.len()].join(", ")
            ));
            let n = distinct.len() as i64;
            values.extend(distinct.into_iter().map(Value::Text));
            values.push(Value::Integer(n));
        }
    }
    if let Some(text) = &f.text {
        match search::match_expression(text) {
            Some(expr) => {
                parts.push(if fts_driven {
                    "ticket_fts MATCH ?".into()
                } else {
                    "t.id IN (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ?)".into()
                });
                values.push(Value::Text(expr));
            }
            None => return Err(Invalid::value("the search text has no words to look for").into()),
        }
    }
    if let Some(t) = f.opened_after {
        parts.push("t.opened_at >= ?".into());
        values.push(Value::Integer(t.timestamp()));
    }
    if let Some(t) = f.opened_before {
        parts.push("t.opened_at < ?".into());
        values.push(Value::Integer(t.timestamp()));
    }
    // `-tag:x` terms become one NOT IN over all their tags, `-word` terms one full-text
    // search for any of them: many negations cost about what one does.
    let mut not_tags: Vec<String> = Vec::new();
    let mut not_texts: Vec<String> = Vec::new();
    for negated in &f.not {
        let only = |g: TicketFilter| g == *negated;
        if negated.tags.len() == 1
            && only(TicketFilter {
                tags: negated.tags.clone(),
                ..TicketFilter::default()
            })
        {
            not_tags.push(negated.tags[0].to_lowercase());
            continue;
        }
        if let Some(text) = &negated.text
            && only(TicketFilter {
                text: Some(text.clone()),
                ..TicketFilter::default()
            })
        {
            match search::match_expression(text) {
                Some(expr) => not_texts.push(format!("({expr})")),
                None => {
                    return Err(Invalid::value("the search text has no words to look for").into());
                }
            }
            continue;
        }
        // coalesce: a NULL column (no group, no assignee) does not match, so NOT keeps the row.
        let (sql, vals) = where_clause(negated, now)?;
        parts.push(format!("NOT coalesce(({sql}), 0)"));
        values.extend(vals);
    }
    if !not_tags.is_empty() {
        not_tags.sort();
        not_tags.dedup();
        parts.push(format!(
            "t.id NOT IN (SELECT ticket_id FROM ticket_tags WHERE tag IN ({}))",
            vec!["?"; not_tags.len()].join(", ")
        ));
        values.extend(not_tags.into_iter().map(Value::Text));
    }
    if !not_texts.is_empty() {
        not_texts.sort();
        not_texts.dedup();
        parts.push("t.id NOT IN (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ?)".into());
        values.push(Value::Text(not_texts.join(" OR ")));
    }
    if !f.sla.is_empty() {
        let mut any = Vec::new();
        for state in &f.sla {
            let (cond, n) = match state {
                SlaState::Breached => (
                    "(t.sla_due_at <= ? OR 'breached' IN (t.response_state, t.resolution_state, t.update_state))",
                    1,
                ),
                SlaState::AtRisk => ("(t.sla_warn_at <= ? AND t.sla_due_at > ?)", 2),
                SlaState::Running => ("(t.sla_due_at > ? AND t.sla_warn_at > ?)", 2),
                SlaState::Paused => (
                    "'paused' IN (t.response_state, t.resolution_state, t.update_state)",
                    0,
                ),
                SlaState::Met => ("t.resolution_state = 'met'", 0),
            };
            any.push(cond);
            values.extend(std::iter::repeat_n(Value::Integer(now), n));
        }
        parts.push(format!("({})", any.join(" OR ")));
    }
    Ok((parts.join(" AND "), values))
}
