//! Prefix search (`prin*`) through FTS5 prefix indexes (schema 8): a desk made before them is
//! upgraded on first open, its index made again from the tickets and their conversations, and
//! finds what it found before.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Desk;

/// The ids `tend ticket list --search TEXT` prints, newest first.
fn found(d: &Desk, text: &str) -> Vec<i64> {
    d.ok(&["ticket", "list", "--status", "all", "--search", text])
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect()
}

/// The SQL the file holds for the full-text table.
fn fts_sql(d: &Desk) -> String {
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    conn.query_row(
        "SELECT sql FROM sqlite_schema WHERE name = 'ticket_fts'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_desk_from_before_prefix_indexes_is_upgraded_and_finds_the_same() {
    let d = Desk::new();
    let printer = d.new_ticket("Printer on floor 3 jams");
    let spooler = d.new_ticket("Print spooler stopped");
    let vpn = d.new_ticket("VPN drops every hour");
    let sprint = d.new_ticket("Sprint board is empty");
    d.ok(&[
        "ticket",
        "reply",
        &vpn.to_string(),
        "--body",
        "Principal engineer is on it",
    ]);
    let expected = [
        ("prin*", vec![vpn, spooler, printer]),
        ("pr*", vec![vpn, spooler, printer]),
        ("pri*", vec![vpn, spooler, printer]),
        ("print*", vec![spooler, printer]),
        ("printer", vec![printer]),
        ("sprin*", vec![sprint]),
    ];
    for (text, ids) in &expected {
        assert_eq!(&found(&d, text), ids, "{text} on a new desk");
    }
    assert!(fts_sql(&d).contains("prefix = '2 3 4'"), "{}", fts_sql(&d));

    // The same desk as the schema before: the full-text table without prefix indexes (and
    // without what later schemas added).
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    common::schema8::undo_schema_9(&conn);
    let before = 7;
    conn.execute_batch(
        "DROP TABLE ticket_fts;
         CREATE VIRTUAL TABLE ticket_fts USING fts5 (
             title, body,
             content = '', contentless_delete = 1,
             tokenize = 'unicode61 remove_diacritics 2'
         );
         INSERT INTO ticket_fts (rowid, title, body)
         SELECT t.id, t.title, t.description || char(10) || coalesce(
             (SELECT group_concat(body, char(10)) FROM (SELECT body FROM entries WHERE ticket_id = t.id ORDER BY id)), '')
         FROM tickets t;",
    )
    .unwrap();
    conn.pragma_update(None, "user_version", before).unwrap();
    drop(conn);

    for (text, ids) in &expected {
        assert_eq!(&found(&d, text), ids, "{text} after the upgrade");
    }
    assert!(fts_sql(&d).contains("prefix = '2 3 4'"), "{}", fts_sql(&d));
    assert!(common::checks_clean(&d.db));
    // New tickets and replies are indexed as before.
    let toner = d.new_ticket("Toner low");
    d.ok(&[
        "ticket",
        "reply",
        &toner.to_string(),
        "--body",
        "Printing a test page",
    ]);
    assert_eq!(found(&d, "prin*"), vec![toner, vpn, spooler, printer]);
}
