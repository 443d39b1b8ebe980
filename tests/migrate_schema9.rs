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
