//! The ticket commands, driven as a user would, through the real binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Desk;
use predicates::prelude::*;

#[test]
fn new_ticket_prints_its_id_and_json_has_the_contract_fields() {
    let d = Desk::new();
    assert_eq!(d.new_ticket("Printer on floor 2 jams"), 1);
    let t = d.json(&[
        "ticket",
        "new",
        "--title",
        "VPN drops",
        "--kind",
        "incident",
        "--impact",
        "high",
        "--urgency",
        "medium",
        "--requester",
        "j.meyer",
        "--assignee",
        "me",
        "--group",
        "network",
        "--service",
        "vpn",
        "--category",
        "network",
        "--tag",
        "vpn",
        "--tag",
        "Remote,wifi",
        "--body",
        "Drops every 10 minutes.",
        "--opened-at",
        "2026-11-02T09:30:00+01:00",
    ]);
    for field in [
        "id",
        "kind",
        "status",
        "title",
        "description",
        "impact",
        "urgency",
        "priority",
        "requester",
        "assignee",
        "group",
        "service",
        "category",
        "tags",
        "opened_at",
        "updated_at",
        "version",
    ] {
        assert!(t.get(field).is_some(), "missing {field} in {t}");
    }
    assert_eq!(t["id"], 2);
    assert_eq!(t["kind"], "incident");
    assert_eq!(t["status"], "new");
    assert_eq!(t["priority"], 2);
    assert_eq!(t["assignee"], "alice");
    assert_eq!(t["tags"], serde_json::json!(["remote", "vpn", "wifi"]));
    assert_eq!(t["opened_at"], "2026-11-02T08:30:00Z");
    assert_eq!(t["version"], 1);
}

#[test]
fn list_filters_sorts_and_limits() {
    let d = Desk::new();
    let a = d.new_ticket("Email down for everyone");
    d.ok(&[
        "ticket",
        "update",
        &a.to_string(),
        "--impact",
        "high",
        "--urgency",
        "high",
        "--assignee",
        "bob",
    ]);
    let b = d.new_ticket("Request a new laptop");
    d.ok(&[
        "ticket",
        "update",
        &b.to_string(),
        "--kind",
        "request",
        "--impact",
        "low",
        "--urgency",
        "low",
    ]);
    let c = d.new_ticket("Old resolved thing");
    d.ok(&["ticket", "update", &c.to_string(), "--status", "resolved"]);

    // Open tickets by default, newest first.
    let ids = |v: serde_json::Value| -> Vec<i64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ids(d.json(&["ticket", "list"])), vec![b, a]);
    assert_eq!(
        ids(d.json(&["ticket", "list", "--status", "all"])),
        vec![c, b, a]
    );
    assert_eq!(
        ids(d.json(&["ticket", "list", "--status", "resolved"])),
        vec![c]
    );
    assert_eq!(
        ids(d.json(&["ticket", "list", "--kind", "request"])),
        vec![b]
    );
    assert_eq!(
        ids(d.json(&["ticket", "list", "--assignee", "bob"])),
        vec![a]
    );
    assert_eq!(
        ids(d.json(&["ticket", "list", "--assignee", "none"])),
        vec![b]
    );
    assert_eq!(
        ids(d.json(&["ticket", "list", "--priority", "<=2"])),
        vec![a]
    );
    assert_eq!(
        ids(d.json(&["ticket", "list", "--sort", "oldest"])),
        vec![a, b]
    );
    assert_eq!(
        ids(d.json(&["ticket", "list", "--sort", "priority", "--status", "all"])),
        vec![a, c, b]
    );
    assert_eq!(
        ids(d.json(&["ticket", "list", "--search", "laptop"])),
        vec![b]
    );
    assert_eq!(
        ids(d.json(&["ticket", "list", "--search", "lapt*"])),
        vec![b]
    );
    assert_eq!(ids(d.json(&["ticket", "list", "--limit", "1"])), vec![b]);

    // The table fits the width it is given and says when more match.
    d.tend()
        .args(["ticket", "list", "--limit", "1"])
        .env("COLUMNS", "40")
        .assert()
        .success()
        .stdout(predicate::str::contains("ID  P  KIND"))
        .stderr(predicate::str::contains("more match"));
    let out = d.ok(&["ticket", "list"]);
    assert!(out.lines().all(|l| l.chars().count() <= 100), "{out}");

    let csv = d.ok(&["ticket", "list", "--csv", "--status", "all"]);
    assert!(csv.starts_with("id,kind,status,priority,"));
    assert_eq!(csv.lines().count(), 4);
}

#[test]
fn search_finds_conversation_text_and_survives_fts_syntax() {
    let d = Desk::new();
    let id = d.new_ticket("Outlook crashes");
    d.ok(&[
        "ticket",
        "note",
        &id.to_string(),
        "--body",
        "Seen with the PDF previewer add-in",
    ]);
    let hits = d.json(&["ticket", "list", "--search", "previewer"]);
    assert_eq!(hits[0]["id"], id);
    for hostile in ["\"unbalanced", "NEAR(", "a OR", "*", "col:thing", "^x"] {
        d.tend()
            .args(["ticket", "list", "--search", hostile])
            .assert()
            .code(predicate::in_iter([0, 2]));
    }
}

#[test]
fn show_has_conversation_links_and_history() {
    let d = Desk::new();
    let inc = d.new_ticket("Wi-Fi drops on floor 3");
    let prb = d.json(&[
        "ticket",
        "new",
        "--title",
        "Floor 3 APs unstable",
        "--kind",
        "problem",
    ])["id"]
        .as_i64()
        .unwrap();
    d.ok(&[
        "ticket",
        "reply",
        &inc.to_string(),
        "--body",
        "Which room are you in?",
    ]);
    d.tend()
        .args([
            "ticket",
            "note",
            &inc.to_string(),
            "--body",
            "AP-3-07 reboots hourly",
        ])
        .env("TEND_USER", "bob")
        .assert()
        .success();
    d.ok(&[
        "ticket",
        "link",
        &inc.to_string(),
        "--to",
        &prb.to_string(),
        "--kind",
        "caused-by",
    ]);
    d.ok(&[
        "ticket",
        "update",
        &inc.to_string(),
        "--assignee",
        "bob",
        "--status",
        "open",
    ]);

    let s = d.json(&["ticket", "show", &inc.to_string()]);
    let conv = s["conversation"].as_array().unwrap();
    assert_eq!(conv.len(), 2);
    assert_eq!(conv[0]["kind"], "reply");
    assert_eq!(conv[0]["author"], "alice");
    assert_eq!(conv[1]["kind"], "note");
    assert_eq!(conv[1]["author"], "bob");
    assert_eq!(s["links"][0]["kind"], "caused_by");
    assert_eq!(s["links"][0]["to_id"], prb);
    let fields: Vec<&str> = s["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["status", "link", "status", "assignee"]);
    let last = &s["history"][3];
    assert_eq!(
        (last["old"].clone(), last["new"].clone()),
        (serde_json::Value::Null, "bob".into())
    );
    assert_eq!(last["actor"], "alice");
    assert!(last["os_user"].as_str().is_some_and(|u| !u.is_empty()));

    let text = d.ok(&["ticket", "show", &format!("#{inc}")]);
    assert!(text.contains("caused by #2"), "{text}");
    assert!(text.contains("internal note by bob"), "{text}");
    let problem = d.ok(&["ticket", "show", &prb.to_string()]);
    assert!(problem.contains(&format!("causes #{inc}")), "{problem}");
}

#[test]
fn lifecycle_through_the_cli() {
    let d = Desk::new();
    let id = d.new_ticket("Disk full on fs02").to_string();
    d.tend()
        .args(["ticket", "update", &id, "--status", "pending"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs a reason"));
    d.ok(&[
        "ticket",
        "update",
        &id,
        "--status",
        "pending",
        "--reason",
        "waiting for vendor",
    ]);
    d.ok(&["ticket", "update", &id, "--status", "resolved"]);
    let t = d.json(&["ticket", "show", &id]);
    assert!(t["resolved_at"].is_string());
    assert!(t["pending_reason"].is_null());
    d.ok(&["ticket", "update", &id, "--status", "open"]);
    assert!(d.json(&["ticket", "show", &id])["resolved_at"].is_null());
    d.ok(&["ticket", "update", &id, "--status", "resolved"]);
    d.ok(&["ticket", "update", &id, "--status", "closed"]);
    d.tend()
        .args(["ticket", "update", &id, "--status", "open"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("closed ticket is final"));
    d.tend()
        .args(["ticket", "reply", &id, "--body", "hello?"])
        .assert()
        .code(2);
    d.ok(&["ticket", "note", &id, "--body", "post-mortem note is fine"]);
}

#[test]
fn priority_follows_the_matrix_until_set_by_hand() {
    let d = Desk::new();
    let id = d.new_ticket("Slow ERP").to_string();
    assert_eq!(d.json(&["ticket", "show", &id])["priority"], 3);
    let t = d.json(&["ticket", "update", &id, "--priority", "1"]);
    assert_eq!(
        (t["priority"].as_i64(), t["priority_override"].as_bool()),
        (Some(1), Some(true))
    );
    let t = d.json(&["ticket", "update", &id, "--impact", "low"]);
    assert_eq!(t["priority"], 1, "a manual priority stays");
    let t = d.json(&["ticket", "update", &id, "--priority", "auto"]);
    assert_eq!(
        (t["priority"].as_i64(), t["priority_override"].as_bool()),
        (Some(4), Some(false))
    );
    let hist = d.json(&["ticket", "show", &id])["history"].clone();
    assert!(
        hist.as_array()
            .unwrap()
            .iter()
            .any(|h| h["field"] == "priority_override" && h["new"] == "true")
    );

    d.ok(&["priority", "set", "low", "medium", "2"]);
    let m = d.json(&["priority", "show"]);
    assert!(
        m.as_array()
            .unwrap()
            .iter()
            .any(|c| c["impact"] == "low" && c["urgency"] == "medium" && c["priority"] == 2)
    );
    let t = d.json(&[
        "ticket",
        "new",
        "--title",
        "x",
        "--impact",
        "low",
        "--urgency",
        "medium",
    ]);
    assert_eq!(t["priority"], 2);
}

#[test]
fn if_version_conflict_exits_3_and_changes_nothing() {
    let d = Desk::new();
    let id = d.new_ticket("Hot ticket").to_string();
    d.ok(&[
        "ticket",
        "update",
        &id,
        "--if-version",
        "1",
        "--assignee",
        "bob",
    ]);
    d.tend()
        .args([
            "ticket",
            "update",
            &id,
            "--if-version",
            "1",
            "--assignee",
            "carol",
        ])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("changed underneath you"));
    let t = d.json(&["ticket", "show", &id]);
    assert_eq!(t["assignee"], "bob");
    assert_eq!(t["version"], 2);
}

#[test]
fn no_op_updates_do_not_bump_the_version() {
    let d = Desk::new();
    let id = d.new_ticket("Same").to_string();
    let out = d.ok(&["ticket", "update", &id, "--title", "Same"]);
    assert!(out.contains("no changes"), "{out}");
    assert_eq!(d.json(&["ticket", "show", &id])["version"], 1);
}

#[test]
fn links_follow_their_rules() {
    let d = Desk::new();
    let a = d.new_ticket("A").to_string();
    let b = d.new_ticket("B").to_string();
    let c = d.new_ticket("C").to_string();
    d.ok(&["ticket", "link", &a, "--to", &b, "--kind", "relates"]);
    let again = d.ok(&["ticket", "link", &b, "--to", &a, "--kind", "relates"]);
    assert!(again.starts_with("already linked"), "{again}");
    d.ok(&["ticket", "link", &a, "--to", &b, "--kind", "parent"]);
    d.ok(&["ticket", "link", &b, "--to", &c, "--kind", "child"]);
    // c is b's child and b is a's parent: making a the parent of c's ancestor chain loop fails.
    d.tend()
        .args(["ticket", "link", &b, "--to", &a, "--kind", "parent"])
        .assert()
        .code(2);
    d.tend()
        .args(["ticket", "link", &a, "--to", &a, "--kind", "duplicate"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("itself"));
    // Two tickets cannot each be the duplicate of the other.
    d.ok(&["ticket", "link", &b, "--to", &c, "--kind", "duplicate"]);
    d.tend()
        .args(["ticket", "link", &c, "--to", &b, "--kind", "duplicate"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is already a duplicate of"));
    d.tend()
        .args(["ticket", "link", &a, "--to", &c, "--kind", "caused-by"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("points at a problem"));
    d.tend()
        .args(["ticket", "link", &a, "--to", "99", "--kind", "relates"])
        .assert()
        .code(4);
}

#[test]
fn reply_and_note_read_stdin() {
    let d = Desk::new();
    let id = d.new_ticket("Needs a long reply").to_string();
    d.tend()
        .args(["ticket", "reply", &id, "--body", "-"])
        .write_stdin("line one\nline two\n")
        .assert()
        .success();
    let s = d.json(&["ticket", "show", &id]);
    assert_eq!(s["conversation"][0]["body"], "line one\nline two");
}

#[test]
fn list_takes_a_query() {
    let d = Desk::new();
    let a = d.new_ticket("VPN drops at home");
    let b = d.new_ticket("Printer jams");
    d.ok(&[
        "ticket",
        "update",
        &a.to_string(),
        "--assignee",
        "me",
        "--add-tag",
        "vpn",
    ]);
    d.ok(&["ticket", "update", &b.to_string(), "--status", "resolved"]);
    let ids = |q: &str| -> Vec<i64> {
        d.json(&["ticket", "list", "--query", q])
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ids("assignee:me tag:vpn"), vec![a]);
    assert_eq!(ids("status:resolved"), vec![b]);
    assert_eq!(ids("-status:resolved"), vec![a]);
    assert_eq!(ids("status:all sort:oldest"), vec![a, b]);
    assert_eq!(ids("status:all printer"), vec![b]);
    assert_eq!(ids("sla:running sort:due"), vec![a]);
    d.tend()
        .args(["ticket", "list", "--query", "colour:red"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field 'colour'"));
    d.tend()
        .args(["ticket", "list", "--query", "vpn", "--status", "open"])
        .assert()
        .code(2);
}

#[test]
fn search_and_query_both_list_active_tickets_unless_told() {
    let d = Desk::new();
    let open = d.new_ticket("VPN drops at home");
    let done = d.new_ticket("VPN token expired");
    d.ok(&[
        "ticket",
        "update",
        &done.to_string(),
        "--status",
        "resolved",
    ]);
    let ids = |args: &[&str]| -> Vec<i64> {
        let mut all = vec!["ticket", "list"];
        all.extend_from_slice(args);
        d.json(&all)
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ids(&["--search", "vpn"]), vec![open]);
    assert_eq!(ids(&["--query", "vpn"]), vec![open], "the same default");
    assert_eq!(
        ids(&["--search", "vpn", "--status", "all"]),
        vec![done, open]
    );
    assert_eq!(ids(&["--query", "vpn status:all"]), vec![done, open]);
    assert_eq!(ids(&["--query", "vpn Status:ALL"]), vec![done, open]);
    assert_eq!(ids(&["--query", "vpn is:resolved"]), vec![done]);
    assert_eq!(
        ids(&["--query", "vpn -status:pending"]),
        vec![open],
        "only a positive status: widens"
    );
    // The CLI keeps exact words: no prefix search unless asked with *.
    assert!(ids(&["--query", "vp"]).is_empty());
    assert_eq!(ids(&["--query", "vp*"]), vec![open]);
    d.tend()
        .args(["ticket", "list", "--query", "-status:all"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "-status:all would leave out every ticket",
        ));
}
