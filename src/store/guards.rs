//! Triggers that hold the database to the domain's lists, made from those lists: every ticket's
//! status and kind and every link's kind is a word this tend knows, a link's ticket ends exist,
//! and `is_open` follows the status whoever writes the row (an older tend still running on a file
//! a newer one upgraded, or someone with the sqlite3 shell). Unlike the CHECK lists schema 1 had,
//! triggers can be dropped and made again, so a new status or kind needs a migration that calls
//! `install` again, never a table rebuild.

use rusqlite::Connection;

use super::Result;
use crate::domain::link::LinkKind;
use crate::domain::ticket::{Kind, Status};

/// Quoted SQL list of constant domain names (never user text): `'new', 'open'`.
pub(super) fn list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The words this build knows, as SQL lists.
struct Known {
    statuses: String,
    kinds: String,
    links: String,
}

fn known() -> Known {
    Known {
        statuses: list(Status::ALL.iter().map(|s| s.as_str())),
        kinds: list(Kind::ALL.iter().map(|k| k.as_str())),
        links: list(LinkKind::ALL.iter().map(|k| k.as_str())),
    }
}

/// Drops and makes again every guard trigger, from the lists this build knows.
pub(super) fn install(conn: &Connection) -> Result<()> {
    let Known {
        statuses,
        kinds,
        links,
    } = known();
    let open = super::is_open::open_list();
    let unknown = "new.status NOT IN ({statuses}) OR new.kind NOT IN ({kinds})"
        .replace("{statuses}", &statuses)
        .replace("{kinds}", &kinds);
    let refuse_ticket = "SELECT RAISE(ABORT, 'CHECK constraint failed: a ticket status or kind this tend does not know');";
    let refuse_link =
        "SELECT RAISE(ABORT, 'CHECK constraint failed: a link kind this tend does not know');";
    let sql = format!(
        "DROP TRIGGER IF EXISTS tickets_known_words_insert;
         DROP TRIGGER IF EXISTS tickets_known_words_update;
         DROP TRIGGER IF EXISTS tickets_open_flag_insert;
         DROP TRIGGER IF EXISTS tickets_open_flag_update;
         DROP TRIGGER IF EXISTS links_known_kind_insert;
         DROP TRIGGER IF EXISTS links_known_kind_update;
         CREATE TRIGGER tickets_known_words_insert BEFORE INSERT ON tickets
         WHEN {unknown} BEGIN {refuse_ticket} END;
         CREATE TRIGGER tickets_known_words_update BEFORE UPDATE OF status, kind ON tickets
         WHEN {unknown} BEGIN {refuse_ticket} END;
         CREATE TRIGGER tickets_open_flag_insert AFTER INSERT ON tickets
         WHEN new.is_open IS NOT (new.status IN ({open})) BEGIN
             UPDATE tickets SET is_open = (new.status IN ({open})) WHERE id = new.id;
         END;
         CREATE TRIGGER tickets_open_flag_update AFTER UPDATE OF status, is_open ON tickets
         WHEN new.is_open IS NOT (new.status IN ({open})) BEGIN
             UPDATE tickets SET is_open = (new.status IN ({open})) WHERE id = new.id;
         END;
         CREATE TRIGGER links_known_kind_insert BEFORE INSERT ON links
         WHEN new.kind NOT IN ({links}) BEGIN {refuse_link} END;
         CREATE TRIGGER links_known_kind_update BEFORE UPDATE OF kind ON links
         WHEN new.kind NOT IN ({links}) BEGIN {refuse_link} END;"
    );
    conn.execute_batch(&sql)?;
    Ok(())
}

/// One `db check` line: its name, what it counts, how many, and the first ticket id.
pub(super) type Breach = (&'static str, &'static str, i64, Option<i64>);

/// Rows that break the guards anyway (written before them, or with the triggers dropped by
/// hand): tickets with an unknown status or kind, links with an unknown kind or a ticket end
/// that does not exist. For `tend db check`: (check, what, count, first offending ticket id).
pub(super) fn breaches(conn: &Connection) -> Result<Vec<Breach>> {
    let Known {
        statuses,
        kinds,
        links,
    } = known();
    let queries = [
        (
            "known words",
            "tickets with a status or kind this tend does not know",
            format!(
                "SELECT count(*), min(id) FROM tickets
                 WHERE status NOT IN ({statuses}) OR kind NOT IN ({kinds})"
            ),
        ),
        (
            "link kinds",
            "links of a kind this tend does not know",
            format!("SELECT count(*), min(from_id) FROM links WHERE kind NOT IN ({links})"),
        ),
        (
            "link ends",
            "links to or from a ticket that does not exist",
            "SELECT count(*), min(l.from_id) FROM links l
             WHERE (l.from_entity = 'ticket' AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = l.from_id))
                OR (l.to_entity = 'ticket' AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = l.to_id))"
                .to_string(),
        ),
    ];
    let mut out = Vec::new();
    for (name, what, sql) in queries {
        let (n, first): (i64, Option<i64>) =
            conn.query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        out.push((name, what, n, first));
    }
    Ok(out)
}
