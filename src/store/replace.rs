//! The heart of `tend db restore`: every row of the live database replaced by those of a
//! prepared copy attached to the same connection, inside the one write transaction in which the
//! state before it is kept (see restore.rs). Plain SQL, so it works with the write lock held,
//! where SQLite's backup API refuses a destination with an open transaction.

use rusqlite::Connection;

use super::{Result, StoreError};

/// The schema name the prepared copy is attached as.
pub(super) const SOURCE: &str = "restore_src";

/// An SQL identifier, quoted.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The tables whose rows are copied, in `schema`: every ordinary table (`sqlite_sequence`
/// included, virtual tables and SQLite's other internal tables not), sorted by name, with the
/// shadow tables of full-text indexes last.
fn tables(conn: &Connection, schema: &str) -> Result<Vec<String>> {
    let sql = format!(
        "SELECT name, name IN (SELECT s.name FROM {s}.sqlite_schema s, {s}.sqlite_schema v
                               WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%' AND s.name LIKE v.name || '\\_%' ESCAPE '\\')
         FROM {s}.sqlite_schema
         WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
           AND (name NOT LIKE 'sqlite\\_%' ESCAPE '\\' OR name = 'sqlite_sequence')
         ORDER BY 2, 1",
        s = ident(schema)
    );
    let names = conn
        .prepare(&sql)?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}

fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let cols = conn
        .prepare("SELECT name FROM pragma_table_info(?1, 'main') ORDER BY cid")?
        .query_map([table], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(cols)
}

/// Replaces the rows of every table in `main` with those of the attached copy. To be called
/// inside a write transaction with foreign keys off (they are checked after, as a whole).
/// Triggers are dropped for the copy and created again from their own text: the rows arrive
/// as they are in the backup, derived tables (the search indexes) included, and nothing is
/// computed twice.
pub(super) fn replace_contents(conn: &Connection) -> Result<()> {
    let live = tables(conn, "main")?;
    let mut backup = tables(conn, SOURCE)?;
    let mut sorted = live.clone();
    sorted.sort();
    backup.sort();
    if sorted != backup {
        return Err(StoreError::Refused(format!(
            "the backup's tables differ from this desk's ({} against {}); nothing was restored",
            backup.join(", "),
            sorted.join(", ")
        )));
    }
    let triggers = conn
        .prepare(
            "SELECT name, sql FROM main.sqlite_schema WHERE type = 'trigger' AND sql IS NOT NULL
             ORDER BY name",
        )?
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (name, _) in &triggers {
        conn.execute_batch(&format!("DROP TRIGGER main.{}", ident(name)))?;
    }
    for table in &live {
        let cols = columns(conn, table)?
            .iter()
            .map(|c| ident(c))
            .collect::<Vec<_>>()
            .join(", ");
        let t = ident(table);
        conn.execute_batch(&format!(
            "DELETE FROM main.{t};
             INSERT INTO main.{t} ({cols}) SELECT {cols} FROM {src}.{t};",
            src = ident(SOURCE)
        ))?;
    }
    for (_, sql) in &triggers {
        conn.execute_batch(sql)?;
    }
    Ok(())
}

/// Attaches the prepared copy at `path` as [`SOURCE`] (outside any transaction).
pub(super) fn attach(conn: &Connection, path: &std::path::Path) -> Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let sql = format!("ATTACH DATABASE ?1 AS {}", ident(SOURCE));
    match path.to_str() {
        Some(p) => conn.execute(&sql, [p])?,
        // SQLite takes a file name's bytes as they are.
        None => conn.execute(&sql, [path.as_os_str().as_bytes()])?,
    };
    Ok(())
}

pub(super) fn detach(conn: &Connection) {
    let _ = conn.execute_batch(&format!("DETACH DATABASE {}", ident(SOURCE)));
}

/// Broken references and damage in `main`, checked before the restore is committed.
pub(super) fn check(conn: &Connection) -> Result<()> {
    let broken = conn
        .prepare("PRAGMA main.foreign_key_check")?
        .query_map([], |_| Ok(()))?
        .count();
    if broken > 0 {
        return Err(StoreError::Refused(format!(
            "the backup has {broken} broken references (`tend --db BACKUP db check` says more); nothing was restored"
        )));
    }
    let quick: String = conn.query_row("PRAGMA main.quick_check", [], |r| r.get(0))?;
    if quick != "ok" {
        return Err(StoreError::Refused(format!(
            "the restored contents failed their check ({quick}); nothing was restored"
        )));
    }
    Ok(())
}
