-- Schema 4: who has a ticket open for editing right now. Rows are heartbeats with a short
-- expiry; a crashed session's rows simply expire. Presence warns, it never blocks.

CREATE TABLE presence (
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    session    TEXT    NOT NULL,
    agent      TEXT    NOT NULL,
    os_user    TEXT    NOT NULL,
    activity   TEXT    NOT NULL, -- "reply", "note", "edit" ...
    started_at INTEGER NOT NULL,
    seen_at    INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, session)
) WITHOUT ROWID;
CREATE INDEX presence_seen ON presence (seen_at);
