-- Schema 7: saved views of the queue. A team view (owner NULL) is seen by every agent; a
-- personal one only by its owner. Names are unique per scope, ignoring ASCII case. The desk's
-- first views are seeded by the migrator (the defaults in domain::view).

CREATE TABLE saved_views (
    id       INTEGER PRIMARY KEY,
    owner    TEXT,
    name     TEXT    NOT NULL,
    query    TEXT    NOT NULL,
    position INTEGER NOT NULL
);
CREATE UNIQUE INDEX saved_views_name ON saved_views (coalesce(owner, ''), name COLLATE NOCASE);

-- Team views an agent has hidden from their own list.
CREATE TABLE saved_views_hidden (
    view_id INTEGER NOT NULL REFERENCES saved_views (id) ON DELETE CASCADE,
    agent   TEXT    NOT NULL,
    PRIMARY KEY (view_id, agent)
) WITHOUT ROWID;

-- Changes to views are announced like tickets' and articles': the change log takes a 'view'
-- entity. SQLite cannot change a CHECK in place, so the table is rebuilt with its rows and its
-- sequence (kept even if the newest rows were ever removed, so numbers never go back). The
-- rebuilt table has no list of entities at all: which entities exist is the code's business
-- (store::changes), so the practices still to come (configuration items, changes, requests)
-- add theirs without rebuilding this table again.
CREATE TABLE change_log_new (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    at        INTEGER NOT NULL,
    actor     TEXT    NOT NULL,
    entity    TEXT    NOT NULL CHECK (entity <> ''),
    entity_id INTEGER,
    what      TEXT    NOT NULL
);
INSERT INTO change_log_new (seq, at, actor, entity, entity_id, what)
    SELECT seq, at, actor, entity, entity_id, what FROM change_log;
DELETE FROM sqlite_sequence WHERE name = 'change_log_new';
UPDATE sqlite_sequence SET name = 'change_log_new' WHERE name = 'change_log';
DROP TABLE change_log;
ALTER TABLE change_log_new RENAME TO change_log;
