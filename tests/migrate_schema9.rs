//! A desk made by tend at schema 8 (the release before typed events and per-kind lifecycles)
//! opens, migrates and keeps everything: `tests/data/schema8-desk.db` was made by that tend
//! (`tend demo generate --tickets 100 --seed 7`, then links of every kind, a problem, a reply, a
//! note and a saved view), and `schema8-desk.export.json` is what that tend exported from it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Desk;
use rusqlite::Connection;

fn old_desk() -> Desk {
    let d = Desk::uninitialised();
    std::fs::copy("tests/data/schema8-desk.db", &d.db).unwrap();
    let conn = Connection::open(&d.db).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 8, "the fixture is a schema-8 desk");
    d
}

fn without_time(mut v: serde_json::Value) -> serde_json::Value {
    let o = v.as_object_mut().unwrap();
    o.remove("exported_at");
    o.remove("schema");
    // A field a later schema adds to tickets is empty on every old ticket: not a difference.
    if let Some(tickets) = o.get_mut("tickets").and_then(|t| t.as_array_mut()) {
        for t in tickets {
            if let Some(t) = t.as_object_mut() {
                t.retain(|_, v| !v.is_null());
            }
        }
    }
    v
}

#[test]
fn a_schema_8_desk_migrates_and_exports_the_same() {
    let d = old_desk();
    let check = d.ok(&["db", "check"]);
    assert!(!check.contains("FAIL"), "{check}");
    let now: serde_json::Value = serde_json::from_str(&d.ok(&["export"])).unwrap();
    assert_eq!(now["schema"], tend::store::LATEST_SCHEMA);
    let before: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/data/schema8-desk.export.json").unwrap(),
    )
    .unwrap();
    assert_eq!(before["schema"], 8);
    assert!(
        without_time(now) == without_time(before),
        "the export after the upgrade differs from the one before"
    );
}

#[test]
fn the_upgrade_types_what_it_finds() {
    let d = old_desk();
    d.ok(&["db", "check"]);
    let conn = Connection::open(&d.db).unwrap();
    let one = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(one("PRAGMA user_version"), tend::store::LATEST_SCHEMA);

    // No status or kind list left in SQL; `is_open` is a plain column that matches.
    let tickets: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'tickets'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        !tickets.contains("status IN") && !tickets.contains("kind IN"),
        "{tickets}"
    );
    assert!(!tickets.contains("GENERATED"), "{tickets}");
    assert_eq!(
        one("SELECT count(*) FROM tickets WHERE is_open <> (status IN ('new', 'open', 'pending'))"),
        0
    );
    assert!(one("SELECT count(*) FROM tickets WHERE is_open = 1") > 0);
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
}

#[test]
fn links_and_the_change_log_are_typed_after_the_upgrade() {
    let d = old_desk();
    d.ok(&["db", "check"]);
    let conn = Connection::open(&d.db).unwrap();
    let rows = |sql: &str| -> Vec<(String, String)> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let links = rows(
        "SELECT from_entity || ' ' || from_id || ' ' || kind, to_entity || ' ' || to_id FROM links ORDER BY kind",
    );
    assert_eq!(
        links,
        [
            ("ticket 5 caused_by".into(), "ticket 101".into()),
            ("ticket 6 duplicate".into(), "ticket 5".into()),
            ("ticket 9 parent".into(), "ticket 10".into()),
            ("ticket 7 relates".into(), "ticket 8".into()),
        ]
    );
    // Every logged operation got its type; updates name their fields.
    let untyped = rows("SELECT what, entity FROM change_log WHERE event = ''");
    assert!(untyped.is_empty(), "{untyped:?}");
    let kinds = rows("SELECT DISTINCT event, entity FROM change_log ORDER BY 1, 2");
    for want in [
        ("created", "ticket"),
        ("generated", "settings"),
        ("linked", "ticket"),
        ("reply", "ticket"),
        ("note", "ticket"),
        ("view_saved", "view"),
    ] {
        assert!(
            kinds.contains(&(want.0.to_string(), want.1.to_string())),
            "{want:?} not in {kinds:?}"
        );
    }
    let agents: i64 = conn
        .query_row(
            "SELECT count(*) FROM history WHERE actor_kind <> 'agent'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(agents, 0, "everything before schema 9 was done by agents");
}

#[test]
fn the_upgraded_desk_works_as_before() {
    let d = old_desk();
    // The links read as they did, and new ones go in beside them.
    let show = d.ok(&["ticket", "show", "5"]);
    assert!(show.contains("caused by #101"), "{show}");
    assert!(show.contains("duplicated by #6"), "{show}");
    d.ok(&["ticket", "link", "20", "--to", "21"]);
    let show = d.ok(&["ticket", "show", "21"]);
    assert!(show.contains("relates to #20"), "{show}");
    // A status move updates the open flag the queue reads.
    let id = d.new_ticket("after the upgrade");
    d.ok(&["ticket", "update", &id.to_string(), "--status", "resolved"]);
    let open = d.json(&["ticket", "list"]);
    assert!(
        open.as_array().unwrap().iter().all(|t| t["id"] != id),
        "a resolved ticket left the open list"
    );
    let check = d.ok(&["db", "check"]);
    assert!(!check.contains("FAIL"), "{check}");
}

/// The store writes `is_open` from the lifecycle on every path a ticket takes: created, moved
/// through every status, reopened.
#[test]
fn the_open_flag_follows_every_status() {
    use tend::domain::ticket::Status;
    let d = Desk::new();
    let flag = |id: i64| -> (String, bool) {
        let conn = Connection::open(&d.db).unwrap();
        conn.query_row(
            "SELECT status, is_open FROM tickets WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    let check = |id: i64| {
        let (status, open) = flag(id);
        let s: Status = status.parse().unwrap();
        assert_eq!(
            open,
            tend::domain::lifecycle::is_open(s),
            "#{id} is {status}"
        );
    };
    let a = d.new_ticket("walks every status");
    check(a);
    for args in [
        vec!["--status", "open"],
        vec!["--status", "pending", "--reason", "vendor"],
        vec!["--status", "resolved"],
        vec!["--status", "open"],
        vec!["--status", "resolved"],
        vec!["--status", "closed"],
    ] {
        let id = a.to_string();
        let mut all = vec!["ticket", "update", id.as_str()];
        all.extend(args);
        d.ok(&all);
        check(a);
    }
    let b = d.new_ticket("cancelled");
    d.ok(&["ticket", "update", &b.to_string(), "--status", "cancelled"]);
    check(b);
}

/// A tend of schema 8 still running on a file this one upgraded writes rows as it always did
/// (no open flag, links without entities); the database keeps them right, so no ticket drops
/// out of the queue. (Found by trying it: an old app kept saving after the upgrade.)
#[test]
fn writes_in_the_old_shape_land_right_after_the_upgrade() {
    let d = old_desk();
    d.ok(&["db", "check"]);
    let conn = Connection::open(&d.db).unwrap();
    conn.execute_batch(
        "INSERT INTO tickets (id, kind, status, title, impact, urgency, priority, opened_at, updated_at)
             VALUES (500, 'incident', 'open', 'old writer', 'medium', 'medium', 3, 1764547200, 1764547200);
         INSERT INTO history (ticket_id, at, actor, os_user, field, old, new)
             VALUES (500, 1764547200, 'olduser', 'olduser', 'status', NULL, 'open');
         UPDATE tickets SET status = 'resolved', resolved_at = 1764547300 WHERE id = 99;
         INSERT INTO links (from_id, to_id, kind, created_at) VALUES (97, 96, 'relates', 1764547200);",
    )
    .unwrap();
    let flag = |id: i64| -> i64 {
        conn.query_row("SELECT is_open FROM tickets WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
    };
    assert_eq!(
        flag(500),
        1,
        "an open ticket written without the flag is open"
    );
    assert_eq!(flag(99), 0, "a ticket resolved without the flag is not");
    drop(conn);
    let open = d.json(&["ticket", "list", "--search", "writer"]);
    assert_eq!(open[0]["id"], 500);
    let show = d.ok(&["ticket", "show", "96"]);
    assert!(show.contains("relates to #97"), "{show}");
    let out = d.tend().args(["db", "check"]).output().unwrap();
    let check = String::from_utf8_lossy(&out.stdout);
    assert!(check.contains("ok  open flags"), "{check}");
    assert!(check.contains("ok  link ends"), "{check}");
}

/// Words this tend does not know are refused at the database, as the CHECK lists did; and
/// what slips past (the guards dropped by hand) is named by `db check`.
#[test]
fn unknown_words_are_refused_and_found() {
    let d = old_desk();
    d.ok(&["db", "check"]);
    let conn = Connection::open(&d.db).unwrap();
    for sql in [
        "UPDATE tickets SET status = 'frozen' WHERE id = 99",
        "UPDATE tickets SET kind = 'bogus' WHERE id = 97",
        "UPDATE links SET kind = 'blocks' WHERE from_id = 5",
        "INSERT INTO links (from_id, to_id, kind, created_at) VALUES (5, 9999, 'relates', 0)",
    ] {
        let e = conn.execute_batch(sql).unwrap_err().to_string();
        assert!(e.contains("constraint failed"), "{sql}: {e}");
    }
    conn.execute_batch(
        "DROP TRIGGER tickets_known_words_update;
         DROP TRIGGER links_known_kind_update;
         DROP TRIGGER links_ends_exist;
         UPDATE tickets SET kind = 'bogus' WHERE id = 97;
         UPDATE links SET kind = 'blocks' WHERE from_id = 7;
         UPDATE links SET to_id = 9999 WHERE from_id = 9;",
    )
    .unwrap();
    drop(conn);
    let out = d.tend().args(["db", "check"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{text}");
    for line in [
        "1 tickets with a status or kind this tend does not know (first #97)",
        "1 links of a kind this tend does not know (first #7)",
        "1 links to or from a ticket that does not exist (first #9)",
    ] {
        assert!(text.contains(line), "{line} not in {text}");
    }
}
