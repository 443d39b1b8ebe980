//! Issue 11: an SLA policy the user sets applies, or is refused with the reason and the command
//! that does what they meant; `policy list` shows which rule applies to what.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Desk;

fn set_p1(d: &Desk, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "sla",
        "policy",
        "set",
        "p1",
        "--priority",
        "1",
        "--response",
        "1h",
        "--resolve",
        "4h",
        "--calendar",
        "business",
    ];
    args.extend_from_slice(extra);
    d.tend().args(&args).output().unwrap()
}

fn p1_ticket(d: &Desk) -> String {
    let t = d.json(&[
        "ticket",
        "new",
        "--title",
        "Mail down",
        "--impact",
        "high",
        "--urgency",
        "high",
    ]);
    assert_eq!(t["priority"], 1);
    t["id"].to_string()
}

#[test]
fn a_policy_that_would_lose_a_tie_is_refused_naming_the_winner() {
    let d = Desk::new();
    let id = p1_ticket(&d);
    let out = set_p1(&d, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains("policy 'default' already has a rule for priority 1, any kind, any service"),
        "{err}"
    );
    assert!(err.contains("--take-over"), "{err}");
    // Nothing changed: the ticket keeps the default's 24x7 targets.
    let clock = &d.json(&["ticket", "show", &id])["sla"][0];
    assert_eq!(clock["policy"], "default");
    assert_eq!(clock["calendar"], "24x7");
    assert!(!d.ok(&["sla", "policy", "list"]).contains("p1"));
}

#[test]
fn take_over_moves_the_scope_and_the_ticket_follows() {
    let d = Desk::new();
    let id = p1_ticket(&d);
    let out = set_p1(&d, &["--take-over"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let clock = &d.json(&["ticket", "show", &id])["sla"][0];
    assert_eq!(clock["policy"], "p1");
    assert_eq!(clock["calendar"], "business");
    let explain = d.ok(&["sla", "explain", &id]);
    assert!(
        explain.contains("rule: policy p1,") && explain.contains("calendar business"),
        "{explain}"
    );
    // The default keeps priorities 2 to 5; priority 1 is p1's alone, and applies.
    let rules = d.json(&["sla", "policy", "list"]);
    let p1: Vec<_> = rules
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["priority"] == 1)
        .collect();
    assert_eq!(p1.len(), 1, "{rules}");
    assert_eq!(p1[0]["policy"], "p1");
    assert_eq!(p1[0]["applies"], true);
    assert_eq!(
        d.json(&["sla", "policy", "show", "default"])
            .as_array()
            .unwrap()
            .len(),
        4
    );
    // The take-over is in the change log, like any change.
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    let what: String = conn
        .query_row(
            "SELECT what FROM change_log WHERE entity = 'settings' AND what LIKE '%took over%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        what,
        "sla policy p1 took over priority 1, any kind, any service from policy default"
    );
    // Setting the same policy's own rule again is no tie.
    assert!(set_p1(&d, &[]).status.success());
}

#[test]
fn policy_list_shows_the_order_rules_are_tried_and_a_tie_from_before() {
    let d = Desk::new();
    d.ok(&[
        "sla",
        "policy",
        "set",
        "mail",
        "--priority",
        "2",
        "--service",
        "Email",
        "--response",
        "30m",
        "--resolve",
        "4h",
    ]);
    // A tie the desk holds from before the check (written straight into the table).
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    conn.execute(
        "INSERT INTO sla_rules (policy, priority, kind, service, definition, updated_at)
         SELECT 'zz-old', priority, kind, service,
                replace(definition, '\"policy\":\"default\"', '\"policy\":\"zz-old\"'), updated_at
         FROM sla_rules WHERE policy = 'default' AND priority = 3",
        [],
    )
    .unwrap();
    drop(conn);
    let list = d.ok(&["sla", "policy", "list"]);
    let lines: Vec<&str> = list.lines().collect();
    // Priority 2: the service rule is tried before the catch-all.
    let p2: Vec<&&str> = lines.iter().filter(|l| l.starts_with("2 ")).collect();
    assert!(
        p2[0].contains("mail") && p2[1].contains("default"),
        "{list}"
    );
    let old = lines.iter().find(|l| l.contains("zz-old")).unwrap();
    assert!(old.contains("no, tie"), "{list}");
    assert!(
        list.contains(
            "The rule of 'zz-old' for priority 3, any kind, any service never applies: \
             'default' has one for the same tickets and wins the tie"
        ),
        "{list}"
    );
    assert!(list.contains("first rule above that fits"), "{list}");
    let json = d.json(&["sla", "policy", "show", "zz-old"]);
    assert_eq!(json[0]["applies"], false);
    assert_eq!(json[0]["tie_won_by"], "default");
}
