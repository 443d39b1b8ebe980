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
