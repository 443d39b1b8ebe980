-- Schema 9: room for the whole of ITSM (no change in behaviour).
--
-- Which statuses are open is the lifecycle tables' business (src/domain/lifecycle), not a list
-- in SQL: `is_open` becomes a plain column the store writes from them, so a new status or kind
-- needs no table rebuild. (The status and kind CHECK lists of `tickets` are removed in place by
-- the migrator, which then fills `is_open`.)
DROP INDEX tickets_open_id;
DROP INDEX tickets_open_priority;
DROP INDEX tickets_open_updated;
DROP INDEX tickets_open_due;
DROP INDEX tickets_assignee_priority;
ALTER TABLE tickets DROP COLUMN is_open;
ALTER TABLE tickets ADD COLUMN is_open INTEGER NOT NULL DEFAULT 0;

-- Who acted: an agent (the default, and everything before this schema), a requester reaching
-- the desk by mail or another channel, or an automated rule. The OS account stays recorded.
ALTER TABLE history    ADD COLUMN actor_kind TEXT NOT NULL DEFAULT 'agent';
ALTER TABLE entries    ADD COLUMN actor_kind TEXT NOT NULL DEFAULT 'agent';
ALTER TABLE change_log ADD COLUMN actor_kind TEXT NOT NULL DEFAULT 'agent';
ALTER TABLE change_log ADD COLUMN os_user TEXT;

-- Typed events: what each logged operation did (`event`, see domain::event::Happened) and, for
-- an update of a ticket, which fields (`fields`, comma-separated field names). `what` stays as
-- the one-line summary people read. Rows logged before this schema are typed from their text.
ALTER TABLE change_log ADD COLUMN event  TEXT NOT NULL DEFAULT '';
ALTER TABLE change_log ADD COLUMN fields TEXT NOT NULL DEFAULT '';
UPDATE change_log SET
    event = CASE
        WHEN what = 'created' THEN 'created'
        WHEN what = 'updated' OR what LIKE 'updated %' THEN 'updated'
        WHEN what IN ('reply', 'note', 'linked') THEN what
        WHEN what = 'article linked' THEN 'article_linked'
        WHEN entity = 'settings' AND what = 'the desk was restored from a backup' THEN 'restored'
        WHEN entity = 'settings' AND what = 'imported' THEN 'imported'
        WHEN entity = 'settings' AND what LIKE 'generated % tickets' THEN 'generated'
        WHEN entity = 'view' AND what LIKE 'saved view %' THEN 'view_saved'
        WHEN entity = 'view' AND what LIKE 'deleted view %' THEN 'view_deleted'
        WHEN entity = 'view' AND what LIKE 'moved view %' THEN 'view_moved'
        WHEN entity = 'view' AND what LIKE 'hid view %' THEN 'view_hidden'
        WHEN entity = 'view' AND what LIKE 'showed hidden views %' THEN 'views_shown'
        ELSE 'setting_changed'
    END,
    fields = CASE
        WHEN entity = 'ticket' AND what LIKE 'updated %' THEN replace(substr(what, 9), ', ', ',')
        ELSE ''
    END;

-- Links name the record at each end, (entity, id), so configuration items, changes and
-- requests can be linked like tickets. Link kinds are the domain's (domain::link), not a list
-- here. Existing links are all between tickets, and so is a link written without entities
-- (by a tend of schema 8 still running on a file this one upgraded).
CREATE TABLE links_new (
    from_entity TEXT    NOT NULL DEFAULT 'ticket' CHECK (from_entity <> ''),
    from_id     INTEGER NOT NULL,
    to_entity   TEXT    NOT NULL DEFAULT 'ticket' CHECK (to_entity <> ''),
    to_id       INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind <> ''),
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (from_entity, from_id, to_entity, to_id, kind),
    CHECK (from_entity <> to_entity OR from_id <> to_id)
) WITHOUT ROWID;
INSERT INTO links_new (from_entity, from_id, to_entity, to_id, kind, created_at)
    SELECT 'ticket', from_id, 'ticket', to_id, kind, created_at FROM links;
DROP TABLE links;
ALTER TABLE links_new RENAME TO links;
CREATE INDEX links_to ON links (to_entity, to_id, from_entity, from_id);

-- What the foreign keys did for ticket ends, for any entity the database holds: a link's ends
-- exist, and a deleted ticket takes its links with it.
CREATE TRIGGER links_ends_exist BEFORE INSERT ON links
WHEN (new.from_entity = 'ticket' AND NOT EXISTS (SELECT 1 FROM tickets WHERE id = new.from_id))
  OR (new.to_entity = 'ticket' AND NOT EXISTS (SELECT 1 FROM tickets WHERE id = new.to_id))
  OR (new.from_entity = 'article' AND NOT EXISTS (SELECT 1 FROM articles WHERE id = new.from_id))
  OR (new.to_entity = 'article' AND NOT EXISTS (SELECT 1 FROM articles WHERE id = new.to_id))
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: a link end does not exist');
END;

CREATE TRIGGER tickets_links_delete AFTER DELETE ON tickets BEGIN
    DELETE FROM links WHERE from_entity = 'ticket' AND from_id = old.id;
    DELETE FROM links WHERE to_entity = 'ticket' AND to_id = old.id;
END;
