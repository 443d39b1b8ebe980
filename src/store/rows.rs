//! Mapping between SQL rows and domain types.

use crate::domain::actor::ActorKind;
use crate::domain::ticket::fields::{self, TEXT_FIELDS};
use chrono::{DateTime, Utc};
use rusqlite::Row;
use rusqlite::types::Value;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};

use crate::domain::conversation::{Entry, EntryKind};
use crate::domain::history::Change;
use crate::domain::kb::ArticleState;
use crate::domain::link::{Link, LinkKind};
use crate::domain::ticket::{Kind, Level, Status, Ticket};
use crate::domain::time::from_unix;

/// A value read through its text name (kinds, statuses ...).
fn parse_text<T: std::str::FromStr>(v: ValueRef<'_>) -> FromSqlResult<T> {
    let s = v.as_str()?;
    s.parse()
        .map_err(|_| FromSqlError::Other(format!("unexpected value '{s}' in the database").into()))
}

macro_rules! from_sql_by_name {
    ($($t:ty),*) => {$(
        impl FromSql for $t {
            fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> { parse_text(v) }
        }
    )*};
}
from_sql_by_name!(Kind, Status, Level, ArticleState);

impl FromSql for EntryKind {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = v.as_str()?;
        EntryKind::from_db(s).ok_or(FromSqlError::InvalidType)
    }
}

impl FromSql for LinkKind {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = v.as_str()?;
        LinkKind::from_db(s).ok_or(FromSqlError::InvalidType)
    }
}

/// Seconds since the epoch as a UTC instant.
pub(super) fn time(row: &Row<'_>, idx: impl rusqlite::RowIndex) -> rusqlite::Result<DateTime<Utc>> {
    let secs: i64 = row.get(idx)?;
    from_unix(secs).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Integer,
            format!("time {secs} out of range").into(),
        )
    })
}

pub(super) fn opt_time(
    row: &Row<'_>,
    idx: impl rusqlite::RowIndex,
) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let secs: Option<i64> = row.get(idx)?;
    Ok(secs.and_then(from_unix))
}

/// Space-separated tags (from `group_concat`).
pub(super) fn tags(s: Option<String>) -> Vec<String> {
    s.map(|s| {
        s.split(' ')
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

/// Which tag table to write.
#[derive(Clone, Copy)]
pub(super) enum TagTable {
    Ticket,
    Article,
}

/// Replaces the tags of a ticket or an article.
pub(super) fn replace_tags(
    conn: &rusqlite::Connection,
    table: TagTable,
    id: i64,
    tags: &[String],
) -> rusqlite::Result<()> {
    let (delete, insert) = match table {
        TagTable::Ticket => (
            "DELETE FROM ticket_tags WHERE ticket_id = ?1",
            "INSERT INTO ticket_tags (ticket_id, tag) VALUES (?1, ?2)",
        ),
        TagTable::Article => (
            "DELETE FROM article_tags WHERE article_id = ?1",
            "INSERT INTO article_tags (article_id, tag) VALUES (?1, ?2)",
        ),
    };
    conn.prepare_cached(delete)?.execute([id])?;
    let mut stmt = conn.prepare_cached(insert)?;
    for tag in tags {
        stmt.execute(rusqlite::params![id, tag])?;
    }
    Ok(())
}

/// The columns `ticket()` reads, for `SELECT {ticket_columns()} FROM tickets t`: the fixed
/// ones, then the optional text fields of `domain::ticket::fields`, then the times and tags.
pub(super) fn ticket_columns() -> &'static str {
    static COLUMNS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    COLUMNS.get_or_init(|| {
        format!(
            "t.id, t.kind, t.status, t.pending_reason, t.title, t.description, t.impact, \
             t.urgency, t.priority, t.priority_override, {}, t.opened_at, t.updated_at, \
             t.resolved_at, t.closed_at, t.version, \
             (SELECT group_concat(tag, ' ' ORDER BY tag) FROM ticket_tags WHERE ticket_id = t.id) AS tags",
            fields::columns("t.")
        )
    })
}

/// `INSERT INTO table (a, b) VALUES (?1, ?2)` for `columns`.
pub(super) fn insert_sql(table: &str, columns: &[&str]) -> String {
    let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        columns.join(", "),
        marks.join(", ")
    )
}

/// A ticket's columns and values for an INSERT or UPDATE: the text fields of
/// `domain::ticket::fields` after `fixed`.
pub(super) fn with_text_fields(
    mut fixed: Vec<(&'static str, Value)>,
    texts: impl Iterator<Item = Option<String>>,
) -> (Vec<&'static str>, Vec<Value>) {
    fixed.extend(
        TEXT_FIELDS
            .iter()
            .map(|f| f.column)
            .zip(texts.map(Value::from)),
    );
    fixed.into_iter().unzip()
}

/// A ticket from a row that starts with `ticket_columns()`, read by position (a list reads
/// thousands of these; finding each column by its name was a tenth of `ticket list`).
pub(super) fn ticket(row: &Row<'_>) -> rusqlite::Result<Ticket> {
    const FIRST_TEXT: usize = 10;
    let after = FIRST_TEXT + TEXT_FIELDS.len();
    let mut t = Ticket {
        id: row.get(0)?,
        kind: row.get(1)?,
        status: row.get(2)?,
        pending_reason: row.get(3)?,
        title: row.get(4)?,
        description: row.get(5)?,
        impact: row.get(6)?,
        urgency: row.get(7)?,
        priority: row.get(8)?,
        priority_override: row.get(9)?,
        opened_at: time(row, after)?,
        updated_at: time(row, after + 1)?,
        resolved_at: opt_time(row, after + 2)?,
        closed_at: opt_time(row, after + 3)?,
        version: row.get(after + 4)?,
        tags: tags(row.get(after + 5)?),
        // The optional text fields, read below.
        ..Ticket::default()
    };
    for (i, f) in TEXT_FIELDS.iter().enumerate() {
        *(f.of_mut)(&mut t) = row.get(FIRST_TEXT + i)?;
    }
    Ok(t)
}

/// The columns `entry()` reads, in its order (by position: a long conversation is read often).
pub(super) const ENTRY_COLUMNS: &str = "id, kind, author, actor_kind, os_user, body, created_at";

pub(super) fn entry(row: &Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: row.get(0)?,
        kind: row.get(1)?,
        author: row.get(2)?,
        actor_kind: actor_kind(row, 3)?,
        os_user: row.get(4)?,
        body: row.get(5)?,
        created_at: time(row, 6)?,
    })
}

/// The `actor_kind` column; a name this tend does not know reads as an agent.
fn actor_kind(row: &Row<'_>, idx: usize) -> rusqlite::Result<ActorKind> {
    let s = row.get_ref(idx)?.as_str().unwrap_or_default();
    Ok(ActorKind::from_db(s).unwrap_or_default())
}

/// The columns `change()` reads, in its order.
pub(super) const CHANGE_COLUMNS: &str = "id, at, actor, actor_kind, os_user, field, old, new";

pub(super) fn change(row: &Row<'_>) -> rusqlite::Result<Change> {
    Ok(Change {
        id: row.get(0)?,
        at: time(row, 1)?,
        actor: row.get(2)?,
        actor_kind: actor_kind(row, 3)?,
        os_user: row.get(4)?,
        field: row.get(5)?,
        old: row.get(6)?,
        new: row.get(7)?,
    })
}

pub(super) fn link(row: &Row<'_>) -> rusqlite::Result<Link> {
    Ok(Link {
        from_id: row.get("from_id")?,
        to_id: row.get("to_id")?,
        kind: row.get("kind")?,
    })
}
