-- Schema 5: every saved view reads its first page in index order, at any size.
--
-- A status filter is nearly always "the open ones" (new, open, pending: a small part of a big
-- desk) or "the finished ones" (resolved, closed, cancelled: most of it). `status IN (...)` with
-- several values cannot be read in a sort order, so the queue filters on `is_open` (one value)
-- and reads an index in the list's order; the exact statuses are checked on the rows read.

ALTER TABLE tickets ADD COLUMN is_open INTEGER
    GENERATED ALWAYS AS (status IN ('new', 'open', 'pending')) VIRTUAL;

DROP INDEX tickets_status_id;
CREATE INDEX tickets_open_id       ON tickets (is_open, id);
CREATE INDEX tickets_open_priority ON tickets (is_open, priority, id DESC);
CREATE INDEX tickets_open_updated  ON tickets (is_open, updated_at, id);
CREATE INDEX tickets_open_due      ON tickets (is_open, sla_due_at, id) WHERE sla_due_at IS NOT NULL;
-- "My open" and "Unassigned": by assignee, open ones, most urgent first (counts read the index only).
CREATE INDEX tickets_assignee_priority ON tickets (assignee, is_open, priority, id DESC);
