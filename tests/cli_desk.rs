//! Whole-desk commands: init, the demo, the knowledge base, export/import, db check and backup.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Desk, tend_at};
use predicates::prelude::*;

#[test]
fn init_is_idempotent_and_keeps_data() {
    let d = Desk::new();
    d.new_ticket("keep me");
    d.tend()
        .arg("init")
        .assert()
        .success()
        .stdout(predicate::str::contains("already existed"));
    assert_eq!(d.json(&["ticket", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn init_demo_fills_a_realistic_desk_and_refuses_a_used_one() {
    let d = Desk::uninitialised();
    d.tend().args(["init", "--demo"]).assert().success();
    let all = d.json(&["ticket", "list", "--status", "all", "--limit", "0"]);
    let all = all.as_array().unwrap();
    assert!((150..=250).contains(&all.len()), "{}", all.len());
    for kind in ["incident", "request", "problem", "change"] {
        assert!(all.iter().any(|t| t["kind"] == kind), "no {kind}");
    }
    for status in ["new", "open", "pending", "resolved", "closed"] {
        assert!(all.iter().any(|t| t["status"] == status), "no {status}");
    }
    let agents: std::collections::BTreeSet<&str> =
        all.iter().filter_map(|t| t["assignee"].as_str()).collect();
    assert!(agents.len() >= 5, "{agents:?}");
    let articles = d.json(&["kb", "list", "--limit", "0"]);
    assert!(articles.as_array().unwrap().len() >= 20);
    let with_talk = all
        .iter()
        .filter(|t| {
            let id = t["id"].to_string();
            !d.json(&["ticket", "show", &id])["conversation"]
                .as_array()
                .unwrap()
                .is_empty()
        })
        .take(5)
        .count();
    assert_eq!(with_talk, 5);
    d.ok(&["db", "check"]);
    d.tend()
        .args(["init", "--demo"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty database"));
}

#[test]
fn demo_flag_uses_its_own_database_in_the_data_directory() {
    let home = tempfile::tempdir().unwrap();
    let run = || {
        let mut c = assert_cmd::Command::cargo_bin("tend").unwrap();
        c.env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env_remove("TEND_DB")
            .env("COLUMNS", "100");
        c
    };
    run()
        .arg("--demo")
        .assert()
        .success()
        .stdout(predicate::str::contains("open tickets"));
    let demo = home.path().join("data/tend/demo.db");
    assert!(demo.exists(), "demo database at {}", demo.display());
    assert!(
        !home.path().join("data/tend/tend.db").exists(),
        "the real desk is untouched"
    );
    // A second run reuses it rather than adding another 200 tickets.
    run()
        .args([
            "--demo", "ticket", "list", "--status", "all", "--limit", "0", "--json",
        ])
        .assert()
        .success();
    let out = run()
        .args([
            "--demo", "ticket", "list", "--status", "all", "--limit", "0", "--json",
        ])
        .output()
        .unwrap();
    let n = serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .len();
    assert!(n <= 250, "{n}");
}

#[test]
fn knowledge_base_commands() {
    let d = Desk::new();
    let t = d.new_ticket("Cannot connect to VPN");
    let id = d.ok(&[
        "kb",
        "new",
        "--title",
        "Connecting to the VPN",
        "--body",
        "Open the client and pick **Berlin**.",
        "--tag",
        "vpn",
        "--state",
        "published",
    ]);
    // `kb new` prints the article as `kb list` and `kb show` name it.
    let id = id.trim().to_string();
    assert_eq!(id, "KB-1");
    d.tend()
        .args(["kb", "new", "--title", "Printer jams", "--body", "-"])
        .write_stdin("# Printer\nOpen tray 2.")
        .assert()
        .success();
    let a = d.json(&["kb", "show", &id]);
    assert_eq!(a["state"], "published");
    assert_eq!(a["tags"], serde_json::json!(["vpn"]));
    assert_eq!(
        d.json(&["kb", "list", "--state", "draft"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        d.json(&["kb", "list", "--tag", "vpn"])
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let hits = d.json(&["kb", "search", "berlin"]);
    assert_eq!(hits[0]["id"], 1, "--json keeps the id a number");
    assert_eq!(
        d.json(&["kb", "search", "tray"])[0]["title"],
        "Printer jams"
    );
    assert!(
        d.json(&["kb", "search", "nothingmatches"])
            .as_array()
            .unwrap()
            .is_empty()
    );

    let e = d.json(&[
        "kb",
        "edit",
        &id,
        "--title",
        "Connecting to the VPN (2026)",
        "--add-tag",
        "remote",
        "--if-version",
        "1",
    ]);
    assert_eq!(e["version"], 2);
    d.tend()
        .args([
            "kb",
            "edit",
            &id,
            "--state",
            "internal",
            "--if-version",
            "1",
        ])
        .assert()
        .code(3);
    assert_eq!(d.json(&["kb", "search", "2026"])[0]["id"], 1);

    d.ok(&["kb", "link", &id, "--ticket", &t.to_string()]);
    let again = d.ok(&["kb", "link", &id, "--ticket", &t.to_string()]);
    assert!(again.contains("already linked"));
    assert_eq!(
        d.json(&["ticket", "show", &t.to_string()])["articles"],
        serde_json::json!([1])
    );
    d.tend()
        .args(["kb", "link", &id, "--ticket", "77"])
        .assert()
        .code(4);
}

#[test]
fn export_import_round_trip_is_lossless() {
    let d = Desk::uninitialised();
    d.tend().args(["init", "--demo"]).assert().success();
    d.ok(&["priority", "set", "low", "high", "2"]);
    d.ok(&[
        "calendar",
        "set",
        "boston",
        "--tz",
        "America/New_York",
        "--hours",
        "mon-fri 08:00-18:00",
        "--holiday",
        "07-04",
    ]);
    d.ok(&[
        "sla",
        "policy",
        "set",
        "boston",
        "--priority",
        "3",
        "--service",
        "printing",
        "--response",
        "2h",
        "--resolve",
        "2d",
        "--calendar",
        "boston",
    ]);
    let export = d.ok(&["export"]);

    let copy = Desk::uninitialised();
    let file = copy.dir.path().join("export.json");
    std::fs::write(&file, &export).unwrap();
    tend_at(&copy.db)
        .args(["import", file.to_str().unwrap()])
        .assert()
        .success();
    let again = copy.ok(&["export"]);

    let strip = |s: &str| {
        let mut v: serde_json::Value = serde_json::from_str(s).unwrap();
        v.as_object_mut().unwrap().remove("exported_at");
        v
    };
    let (a, mut b) = (strip(&export), strip(&again));
    // The copy records the import itself: one `imported` row per ticket and per article, after
    // the rows the file brought. Without them it is the same desk.
    for t in b["tickets"].as_array_mut().unwrap() {
        let h = t["history"].as_array_mut().unwrap();
        let last = h.pop().unwrap();
        assert_eq!(last["field"], "imported");
        assert!(last["new"].as_str().unwrap().contains("export.json"));
    }
    let ah = b["article_history"].as_array_mut().unwrap();
    let n = ah.len();
    ah.retain(|h| !h["what"].as_str().unwrap().starts_with("imported"));
    assert_eq!(n - ah.len(), a["articles"].as_array().unwrap().len());
    assert!(a["tickets"].as_array().unwrap().len() >= 150);
    assert!(!a["links"].as_array().unwrap().is_empty());
    assert!(!a["article_links"].as_array().unwrap().is_empty());
    assert_eq!(a["calendars"].as_array().unwrap().len(), 2);
    assert_eq!(a["sla_rules"].as_array().unwrap().len(), 6);
    if a != b {
        panic!("the copy differs from the original (see the two exports)");
    }
    // The imported desk computes the same clocks.
    assert_eq!(
        d.json(&["ticket", "show", "150"])["sla"],
        copy.json(&["ticket", "show", "150"])["sla"]
    );
    copy.ok(&["db", "check"]);
    // Searches work on the imported copy (the full-text index was rebuilt).
    assert!(
        !copy
            .json(&["ticket", "list", "--status", "all", "--search", "printer"])
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Into a desk that has data: refused, and nothing changes.
    copy.tend()
        .args(["import", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty database"));
}

#[test]
fn import_is_all_or_nothing() {
    let d = Desk::new();
    d.new_ticket("one");
    d.new_ticket("two");
    let mut doc: serde_json::Value = serde_json::from_str(&d.ok(&["export"])).unwrap();
    // Break the second ticket: a link to a ticket that does not exist.
    doc["links"] = serde_json::json!([{"from_id": 1, "to_id": 99, "kind": "relates", "created_at": "2026-01-01T00:00:00Z"}]);
    let target = Desk::new();
    target
        .tend()
        .args(["import", "-"])
        .write_stdin(doc.to_string())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be imported"));
    assert!(
        target
            .json(&["ticket", "list", "--status", "all"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    target
        .tend()
        .args(["import", "-"])
        .write_stdin("{not json")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a valid tend export"));
}

#[test]
fn db_check_and_backup() {
    let d = Desk::new();
    d.new_ticket("backed up");
    let report = d.json(&["db", "check"]);
    assert!(
        report["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["ok"] == true),
        "{report}"
    );
    let dest = d.dir.path().join("copy.db");
    d.ok(&["db", "backup", dest.to_str().unwrap()]);
    tend_at(&dest).args(["db", "check"]).assert().success();
    assert_eq!(
        tend_at(&dest)
            .args(["ticket", "show", "1", "--json"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );
    d.tend()
        .args(["db", "backup", dest.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    d.ok(&["db", "backup", "--force", dest.to_str().unwrap()]);

    // A damaged search index is reported, not silently accepted.
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    conn.execute("DELETE FROM ticket_fts WHERE rowid = 1", [])
        .unwrap();
    drop(conn);
    d.tend()
        .args(["db", "check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("BAD"));
}

#[test]
fn generated_desks_are_deterministic_realistic_and_clean() {
    let generated = |seed: &str| {
        let d = Desk::uninitialised();
        d.tend()
            .args([
                "demo",
                "generate",
                "--tickets",
                "3000",
                "--articles",
                "30",
                "--seed",
                seed,
                "--now",
                "2026-11-01T00:00:00Z",
            ])
            .assert()
            .success()
            .stdout(predicate::str::contains(
                "generated 3000 tickets and 30 articles",
            ));
        d
    };
    let (a, b, c) = (generated("7"), generated("7"), generated("8"));
    let export = |d: &Desk| {
        let mut v: serde_json::Value = serde_json::from_str(&d.ok(&["export"])).unwrap();
        v.as_object_mut().unwrap().remove("exported_at");
        v
    };
    let (ea, eb, ec) = (export(&a), export(&b), export(&c));
    assert!(ea == eb, "same seed, same desk");
    assert!(ea != ec, "another seed, another desk");
    assert_eq!(ea["tickets"].as_array().unwrap().len(), 3000);
    a.ok(&["db", "check"]);

    let all = a.json(&["ticket", "list", "--status", "all", "--limit", "0"]);
    let all = all.as_array().unwrap();
    let share = |f: &dyn Fn(&serde_json::Value) -> bool| {
        all.iter().filter(|t| f(t)).count() as f64 / all.len() as f64
    };
    assert!((0.45..0.65).contains(&share(&|t| t["kind"] == "incident")));
    assert!(
        share(&|t| t["status"] == "closed") > 0.4,
        "most old tickets are closed"
    );
    assert!(
        share(&|t| t["status"] == "open" || t["status"] == "pending" || t["status"] == "new")
            > 0.05
    );
    assert!(share(&|t| t["assignee"].is_string()) > 0.8);
    // Search has common words (in most tickets) and rare ones (a host name).
    let common = a.json(&[
        "ticket", "list", "--status", "all", "--limit", "0", "--search", "please",
    ]);
    assert!(common.as_array().unwrap().len() as f64 > 0.9 * all.len() as f64);
    let host = all[0]["title"]
        .as_str()
        .unwrap()
        .rsplit('(')
        .next()
        .unwrap()
        .trim_end_matches(')')
        .to_string();
    let rare = a.json(&[
        "ticket", "list", "--status", "all", "--limit", "0", "--search", &host,
    ]);
    assert!((1..=20).contains(&rare.as_array().unwrap().len()), "{host}");
    // The history and SLA clocks are there, as the engine computes them.
    let open = all.iter().find(|t| t["status"] == "open").unwrap()["id"].to_string();
    let show = a.json(&["ticket", "show", &open]);
    assert!(show["history"].as_array().unwrap().len() >= 3);
    assert!(!show["sla"].as_array().unwrap().is_empty());
    a.tend()
        .args(["demo", "generate", "--tickets", "10"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty database"));
}
