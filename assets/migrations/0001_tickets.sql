-- Schema 1: tickets, their conversation, links and history, settings, and the change log.
-- Times are whole seconds since the Unix epoch, UTC.
-- Keep the schema readable by older sqlite3 shells (no group_concat ... ORDER BY in triggers).

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE tickets (
    id                INTEGER PRIMARY KEY,
    kind              TEXT    NOT NULL CHECK (kind IN ('incident', 'request', 'problem', 'change')),
    status            TEXT    NOT NULL CHECK (status IN ('new', 'open', 'pending', 'resolved', 'closed', 'cancelled')),
    pending_reason    TEXT,
    title             TEXT    NOT NULL CHECK (length(title) > 0),
    description       TEXT    NOT NULL DEFAULT '',
    impact            TEXT    NOT NULL CHECK (impact IN ('high', 'medium', 'low')),
    urgency           TEXT    NOT NULL CHECK (urgency IN ('high', 'medium', 'low')),
    priority          INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 5),
    priority_override INTEGER NOT NULL DEFAULT 0 CHECK (priority_override IN (0, 1)),
    requester         TEXT,
    assignee          TEXT,
    group_name        TEXT,
    service           TEXT,
    category          TEXT,
    opened_at         INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    resolved_at       INTEGER,
    closed_at         INTEGER,
    version           INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE INDEX tickets_status_id   ON tickets (status, id);
CREATE INDEX tickets_assignee_id ON tickets (assignee, id);
CREATE INDEX tickets_priority_id ON tickets (priority, id);
CREATE INDEX tickets_updated_id  ON tickets (updated_at, id);
CREATE INDEX tickets_group_id    ON tickets (group_name, id);

CREATE TABLE ticket_tags (
    ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    tag       TEXT    NOT NULL,
    PRIMARY KEY (ticket_id, tag)
) WITHOUT ROWID;
CREATE INDEX ticket_tags_tag ON ticket_tags (tag, ticket_id);

-- Public replies and internal notes.
CREATE TABLE entries (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('reply', 'note')),
    author     TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX entries_ticket ON entries (ticket_id, id);

-- "from_id <kind> to_id": 7 duplicate 3, 7 caused_by 2, 7 parent 1 (1 is 7's parent).
CREATE TABLE links (
    from_id    INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    to_id      INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('relates', 'duplicate', 'caused_by', 'parent')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (from_id, to_id, kind),
    CHECK (from_id <> to_id)
) WITHOUT ROWID;
CREATE INDEX links_to ON links (to_id, from_id);

-- Every change to a ticket, written in the same transaction as the change.
CREATE TABLE history (
    id        INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    at        INTEGER NOT NULL,
    actor     TEXT    NOT NULL,
    os_user   TEXT    NOT NULL,
    field     TEXT    NOT NULL,
    old       TEXT,
    new       TEXT
);
CREATE INDEX history_ticket ON history (ticket_id, id);

-- What changed, in order, so other processes can refresh just that.
CREATE TABLE change_log (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    at        INTEGER NOT NULL,
    actor     TEXT    NOT NULL,
    entity    TEXT    NOT NULL CHECK (entity IN ('ticket', 'article', 'settings')),
    entity_id INTEGER,
    what      TEXT    NOT NULL
);

-- One full-text row per ticket: its title, and its description followed by its conversation.
CREATE VIRTUAL TABLE ticket_fts USING fts5 (
    title, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER tickets_fts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO ticket_fts (rowid, title, body) VALUES (new.id, new.title, new.description);
END;

CREATE TRIGGER tickets_fts_update AFTER UPDATE OF title, description ON tickets BEGIN
    DELETE FROM ticket_fts WHERE rowid = old.id;
    INSERT INTO ticket_fts (rowid, title, body)
    VALUES (new.id, new.title, new.description || char(10) || coalesce(
        (SELECT group_concat(body, char(10)) FROM (SELECT body FROM entries WHERE ticket_id = new.id ORDER BY id)), ''));
END;

CREATE TRIGGER tickets_fts_delete AFTER DELETE ON tickets BEGIN
    DELETE FROM ticket_fts WHERE rowid = old.id;
END;

CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
    DELETE FROM ticket_fts WHERE rowid = new.ticket_id;
    INSERT INTO ticket_fts (rowid, title, body)
    SELECT t.id, t.title, t.description || char(10) || coalesce(
        (SELECT group_concat(body, char(10)) FROM (SELECT body FROM entries WHERE ticket_id = t.id ORDER BY id)), '')
    FROM tickets t WHERE t.id = new.ticket_id;
END;
