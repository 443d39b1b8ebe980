//! Several real processes on one database file at the same time.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Desk, tend_bin};
use std::process::{Command, Output, Stdio};

fn spawn(db: &std::path::Path, user: &str, args: &[&str]) -> std::process::Child {
    Command::new(tend_bin())
        .args(args)
        .env("TEND_DB", db)
        .env("TEND_USER", user)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A shell loop running `tend` (as `$TEND`) against the desk.
fn spawn_script(db: &std::path::Path, user: &str, script: &str) -> std::process::Child {
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .env("TEND", tend_bin())
        .env("TEND_DB", db)
        .env("TEND_USER", user)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn all_output(children: Vec<std::process::Child>) -> Vec<Output> {
    children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect()
}

#[test]
fn two_agents_saving_the_same_version_one_wins_the_other_gets_exit_3() {
    let d = Desk::new();
    for round in 1..=15 {
        let id = d.new_ticket(&format!("hot ticket {round}")).to_string();
        let children = vec![
            spawn(
                &d.db,
                "alice",
                &[
                    "ticket",
                    "update",
                    &id,
                    "--if-version",
                    "1",
                    "--assignee",
                    "alice",
                ],
            ),
            spawn(
                &d.db,
                "bob",
                &[
                    "ticket",
                    "update",
                    &id,
                    "--if-version",
                    "1",
                    "--assignee",
                    "bob",
                ],
            ),
        ];
        let outs = all_output(children);
        let mut codes: Vec<i32> = outs.iter().map(|o| o.status.code().unwrap()).collect();
        codes.sort();
        assert_eq!(codes, vec![0, 3], "round {round}: {outs:?}");
        let loser = outs.iter().find(|o| o.status.code() == Some(3)).unwrap();
        let err = String::from_utf8_lossy(&loser.stderr);
        assert!(err.contains("changed underneath you"), "{err}");
        assert!(!err.contains("locked"), "{err}");
        let t = d.json(&["ticket", "show", &id]);
        assert_eq!(t["version"], 2, "exactly one update landed");
        let assignee_changes: Vec<_> = t["history"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["field"] == "assignee")
            .collect();
        assert_eq!(assignee_changes.len(), 1);
        // The winner's name is the one stored, and its history row matches.
        assert_eq!(assignee_changes[0]["new"], t["assignee"]);
        assert_eq!(assignee_changes[0]["actor"], t["assignee"]);
    }
}

#[test]
fn four_processes_starting_at_once_on_an_old_schema_all_succeed() {
    for round in 0..8 {
        let d = Desk::uninitialised();
        // A schema-1 database, as an older tend left it.
        let conn = rusqlite::Connection::open(&d.db).unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        conn.execute_batch(tend::store::migration_sql(1).unwrap())
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.pragma_update(None, "application_id", 0x7465_6e64)
            .unwrap();
        conn.execute(
            "INSERT INTO tickets (kind, status, title, impact, urgency, priority, opened_at, updated_at)
             VALUES ('incident', 'new', 'from the old schema', 'medium', 'medium', 3, 1700000000, 1700000000)",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO history (ticket_id, at, actor, os_user, field, new)
             VALUES (1, 1700000000, 'old', 'old', 'status', 'new')",
            [],
        )
        .unwrap();
        drop(conn);

        let children: Vec<_> = (0..4)
            .map(|i| {
                if i % 2 == 0 {
                    spawn(&d.db, "a", &["ticket", "list", "--json"])
                } else {
                    spawn(&d.db, "b", &["kb", "list", "--json"])
                }
            })
            .collect();
        for out in all_output(children) {
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let conn = rusqlite::Connection::open(&d.db).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, tend::store::LATEST_SCHEMA);
        drop(conn);
        assert_eq!(
            d.json(&["ticket", "list"])[0]["title"],
            "from the old schema"
        );
        d.ok(&["db", "check"]);
    }
}

#[test]
fn four_processes_creating_one_new_file_at_once() {
    for _ in 0..30 {
        let d = Desk::uninitialised();
        let children: Vec<_> = (0..4).map(|_| spawn(&d.db, "a", &["init"])).collect();
        for out in all_output(children) {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let report = d.json(&["db", "check"]);
        assert!(
            report["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| i["ok"] == true),
            "{report}"
        );
    }
}

#[test]
fn concurrent_writers_lose_nothing_and_never_see_locked() {
    let d = Desk::new();
    let id = d.new_ticket("busy ticket").to_string();
    // Four agents, each adding replies and flipping the assignee (without --if-version).
    let children: Vec<_> = (0..4)
        .map(|agent| {
            let script = format!(
                "for i in $(seq 1 15); do \"$TEND\" ticket note {id} --body \"agent {agent} note $i\" || exit 1; \
                 \"$TEND\" ticket update {id} --assignee agent{agent} >/dev/null || exit 1; done"
            );
            spawn_script(&d.db, &format!("agent{agent}"), &script)
        })
        .collect();
    for out in all_output(children) {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        assert!(!err.contains("locked"), "{err}");
    }
    let t = d.json(&["ticket", "show", &id]);
    assert_eq!(t["conversation"].as_array().unwrap().len(), 60);
    for agent in 0..4 {
        for i in 1..=15 {
            let body = format!("agent {agent} note {i}");
            assert!(
                t["conversation"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|e| e["body"] == body.as_str()),
                "lost {body}"
            );
        }
    }
    // Every assignee change that landed is in the history, and the version counts them exactly.
    let changes = t["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["field"] == "assignee")
        .count();
    assert_eq!(t["version"].as_i64().unwrap() - 1, changes as i64);
}

#[test]
fn backups_taken_while_others_write_are_consistent() {
    let d = Desk::new();
    let id = d.new_ticket("written while backed up").to_string();
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let script = format!(
                "for i in $(seq 1 25); do \"$TEND\" ticket note {id} --body \"w{w} $i\" >/dev/null || exit 1; \
                 \"$TEND\" ticket new --title \"w{w} ticket $i\" >/dev/null || exit 1; done"
            );
            spawn_script(&d.db, "writer", &script)
        })
        .collect();
    let mut copies = Vec::new();
    for n in 0..4 {
        let dest = d.dir.path().join(format!("backup-{n}.db"));
        d.ok(&["db", "backup", dest.to_str().unwrap()]);
        copies.push(dest);
    }
    for out in all_output(writers) {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for copy in copies {
        let out = common::tend_at(&copy)
            .args(["db", "check", "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        // Each copy is one snapshot: every ticket in it is whole (has its creation record).
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            report["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| i["ok"] == true)
        );
    }
}

#[test]
fn reading_never_waits_for_another_agents_write() {
    // While one agent is inside a long write (an import, a bulk change), the others' lists
    // and shows answer at once from the last committed state instead of queueing for the lock.
    let d = Desk::new();
    let before = d.new_ticket("committed before");
    let mut writer = tend::store::Store::open(tend::store::OpenOptions {
        path: d.db.clone(),
        create: false,
        actor: tend::store::Actor::current(Some("bob")),
    })
    .unwrap()
    .0;
    let seen = writer
        .batch(|s| {
            s.create_ticket(tend::domain::ticket::NewTicket::new("not committed yet"))?;
            // The write lock is held until this closure returns.
            let list = d.json(&["ticket", "list"]);
            let show = d.json(&["ticket", "show", &before.to_string()]);
            Ok((list, show))
        })
        .unwrap();
    let titles: Vec<&str> = seen
        .0
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["committed before"]);
    assert_eq!(seen.1["title"], "committed before");
    assert_eq!(d.json(&["ticket", "list"]).as_array().unwrap().len(), 2);
}
