-- Schema 3: SLA calendars and rules, and each ticket's clocks in columns the queue can index.
-- The clocks are derived from the ticket's history; these columns are a cache of that derivation,
-- rewritten in the same transaction as any change that affects them.

CREATE TABLE calendars (
    name       TEXT PRIMARY KEY,
    definition TEXT    NOT NULL, -- JSON, see domain::calendar
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- kind and service are '' for "any".
CREATE TABLE sla_rules (
    policy     TEXT    NOT NULL,
    priority   INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 5),
    kind       TEXT    NOT NULL DEFAULT '',
    service    TEXT    NOT NULL DEFAULT '',
    definition TEXT    NOT NULL, -- JSON, see domain::sla::SlaRule
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (policy, priority, kind, service)
) WITHOUT ROWID;

ALTER TABLE tickets ADD COLUMN sla_policy TEXT;
ALTER TABLE tickets ADD COLUMN response_state TEXT;
ALTER TABLE tickets ADD COLUMN response_due_at INTEGER;
ALTER TABLE tickets ADD COLUMN response_warn_at INTEGER;
ALTER TABLE tickets ADD COLUMN resolution_state TEXT;
ALTER TABLE tickets ADD COLUMN resolution_due_at INTEGER;
ALTER TABLE tickets ADD COLUMN resolution_warn_at INTEGER;
ALTER TABLE tickets ADD COLUMN update_state TEXT;
ALTER TABLE tickets ADD COLUMN update_due_at INTEGER;
ALTER TABLE tickets ADD COLUMN update_warn_at INTEGER;
-- The earliest due time and warning time among the ticket's clocks that are still counting.
ALTER TABLE tickets ADD COLUMN sla_due_at INTEGER;
ALTER TABLE tickets ADD COLUMN sla_warn_at INTEGER;

CREATE INDEX tickets_sla_due ON tickets (sla_due_at, id) WHERE sla_due_at IS NOT NULL;
CREATE INDEX tickets_sla_warn ON tickets (sla_warn_at, id) WHERE sla_warn_at IS NOT NULL;
