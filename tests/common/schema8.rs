//! Turning a desk made by this tend back into the schema-8 shape (for tests of upgrades from
//! older schemas that start from a desk made now).

/// Undoes migration 9 on a desk that has no links and no typed change-log rows worth keeping:
/// `is_open` generated from the status list again, the status and kind CHECKs back, the links
/// table between tickets only, and no actor kinds or typed events. Leaves `user_version` alone.
pub fn undo_schema_9(conn: &rusqlite::Connection) {
    let tickets: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'tickets'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let with_checks = tickets
        .replacen(
            "kind              TEXT    NOT NULL",
            "kind              TEXT    NOT NULL CHECK (kind IN ('incident', 'request', 'problem', 'change'))",
            1,
        )
        .replacen(
            "status            TEXT    NOT NULL",
            "status            TEXT    NOT NULL CHECK (status IN ('new', 'open', 'pending', 'resolved', 'closed', 'cancelled'))",
            1,
        );
    assert_ne!(
        with_checks, tickets,
        "the tickets table changed shape: {tickets}"
    );
    let version: i64 = conn
        .query_row("PRAGMA schema_version", [], |r| r.get(0))
        .unwrap();
    conn.execute_batch("PRAGMA writable_schema = ON").unwrap();
    conn.execute(
        "UPDATE sqlite_schema SET sql = ?1 WHERE type = 'table' AND name = 'tickets'",
        [&with_checks],
    )
    .unwrap();
    conn.execute_batch(&format!(
        "PRAGMA schema_version = {}; PRAGMA writable_schema = OFF",
        version + 1
    ))
    .unwrap();
    conn.execute_batch(
        "DROP TRIGGER tickets_known_words_insert;
         DROP TRIGGER tickets_known_words_update;
         DROP TRIGGER tickets_open_flag_insert;
         DROP TRIGGER tickets_open_flag_update;
         DROP INDEX tickets_open_id;
         DROP INDEX tickets_open_priority;
         DROP INDEX tickets_open_updated;
         DROP INDEX tickets_open_due;
         DROP INDEX tickets_assignee_priority;
         ALTER TABLE tickets DROP COLUMN is_open;
         ALTER TABLE tickets ADD COLUMN is_open INTEGER
             GENERATED ALWAYS AS (status IN ('new', 'open', 'pending')) VIRTUAL;
         CREATE INDEX tickets_open_id       ON tickets (is_open, id);
         CREATE INDEX tickets_open_priority ON tickets (is_open, priority, id DESC);
         CREATE INDEX tickets_open_updated  ON tickets (is_open, updated_at, id);
         CREATE INDEX tickets_open_due      ON tickets (is_open, sla_due_at, id) WHERE sla_due_at IS NOT NULL;
         CREATE INDEX tickets_assignee_priority ON tickets (assignee, is_open, priority, id DESC);
         ALTER TABLE history DROP COLUMN actor_kind;
         ALTER TABLE entries DROP COLUMN actor_kind;
         ALTER TABLE change_log DROP COLUMN actor_kind;
         ALTER TABLE change_log DROP COLUMN os_user;
         ALTER TABLE change_log DROP COLUMN event;
         ALTER TABLE change_log DROP COLUMN fields;
         DROP TRIGGER tickets_links_delete;
         DROP TABLE links;
         CREATE TABLE links (
             from_id    INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
             to_id      INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
             kind       TEXT    NOT NULL CHECK (kind IN ('relates', 'duplicate', 'caused_by', 'parent')),
             created_at INTEGER NOT NULL,
             PRIMARY KEY (from_id, to_id, kind),
             CHECK (from_id <> to_id)
         ) WITHOUT ROWID;
         CREATE INDEX links_to ON links (to_id, from_id);",
    )
    .unwrap();
}
