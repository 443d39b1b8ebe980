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
        explain.contains("rule: policy p1 for priority 1, any kind, any service,")
            && explain.contains("calendar business"),
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

/// Issue 11: `3d` in a policy is three business days, and business time is shown in working
/// hours marked `biz` (not as days of 24 hours: `1d 16h` for five business days); wall-clock
/// time (24x7) keeps days of 24 hours. `--json` keeps seconds.
#[test]
fn business_time_is_shown_in_business_terms() {
    let d = Desk::new();
    d.ok(&[
        "calendar",
        "set",
        "office",
        "--tz",
        "UTC",
        "--hours",
        "mon-fri 09:00-17:00",
    ]);
    d.ok(&[
        "sla",
        "policy",
        "set",
        "office",
        "--priority",
        "3",
        "--response",
        "5d",
        "--resolve",
        "10d",
        "--calendar",
        "office",
        "--take-over",
    ]);
    d.ok(&[
        "sla",
        "policy",
        "set",
        "wall",
        "--priority",
        "1",
        "--response",
        "3d",
        "--resolve",
        "5d",
        "--calendar",
        "24x7",
        "--take-over",
    ]);
    let biz = d.new_ticket("Printer jams").to_string();
    let wall = d.json(&[
        "ticket",
        "new",
        "--title",
        "Mail down",
        "--impact",
        "high",
        "--urgency",
        "high",
    ])["id"]
        .to_string();

    let explain = d.ok(&["sla", "explain", &biz]);
    assert!(
        explain.contains("budget 5 business days (40h 00m 00s business for this ticket)"),
        "{explain}"
    );
    let total = explain.lines().find(|l| l.contains("total:")).unwrap();
    assert!(total.contains("of 40h 00m 00s business ("), "{total}");
    assert!(!total.contains("1d 16h"), "{total}");

    // Five business days from now are 40 working hours; a few seconds may have passed.
    let status = d.ok(&["sla", "status"]);
    let row = status.lines().find(|l| l.contains("Printer jams")).unwrap();
    assert!(
        row.contains("39h biz") || row.contains("40h biz"),
        "{status}"
    );
    let row = status.lines().find(|l| l.contains("Mail down")).unwrap();
    assert!(row.contains("2d23h") || row.contains("3d0h"), "{status}");

    let show = d.ok(&["ticket", "show", &biz]);
    assert!(show.contains("h biz left"), "{show}");
    assert!(!show.contains("d16h"), "{show}");
    let show = d.ok(&["ticket", "show", &wall]);
    assert!(!show.contains("biz"), "24x7 is wall-clock time: {show}");
    let explain = d.ok(&["sla", "explain", &wall]);
    assert!(
        explain.contains("budget 3d of wall-clock time"),
        "{explain}"
    );

    // JSON keeps seconds.
    let clock = &d.json(&["ticket", "show", &biz])["sla"][0];
    assert_eq!(clock["budget_secs"], 40 * 3600);
    assert!(clock["remaining_secs"].is_i64());
}
