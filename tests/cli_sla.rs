//! Calendars and SLAs through the command line.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Desk;
use predicates::prelude::*;

#[test]
fn calendar_set_show_add_between() {
    let d = Desk::new();
    d.ok(&[
        "calendar",
        "set",
        "berlin",
        "--tz",
        "Europe/Berlin",
        "--hours",
        "mon-fri 09:00-12:00,13:00-17:00",
        "--hours",
        "sat 10:00-14:00",
        "--holiday",
        "2026-12-25",
        "--holiday",
        "12-26",
        "--special",
        "2026-12-24 09:00-12:00",
    ]);
    let list = d.ok(&["calendar", "list"]);
    assert!(
        list.contains("berlin") && list.contains("Europe/Berlin") && list.contains("24x7"),
        "{list}"
    );
    let show = d.ok(&["calendar", "show", "berlin"]);
    assert!(
        show.contains("sun  closed")
            && show.contains("12-26 yearly")
            && show.contains("2026-12-24"),
        "{show}"
    );
    assert_eq!(
        d.json(&["calendar", "show", "berlin"])["timezone"],
        "Europe/Berlin"
    );

    // Thursday 11:00 + 4h: 1h before lunch, 3h after: 16:00, printed in the calendar's zone.
    let due = d.ok(&[
        "calendar",
        "add",
        "berlin",
        "--from",
        "2026-12-03T11:00:00+01:00",
        "--duration",
        "4h",
    ]);
    assert_eq!(due.trim(), "2026-12-03T16:00:00+01:00");
    // Christmas Eve has only the morning; the 25th and 26th are closed; Sunday too.
    let due = d.ok(&[
        "calendar",
        "add",
        "berlin",
        "--from",
        "2026-12-24T11:00:00+01:00",
        "--duration",
        "2h",
    ]);
    assert_eq!(due.trim(), "2026-12-28T10:00:00+01:00");
    let due = d.ok(&[
        "calendar",
        "add",
        "berlin",
        "--from",
        "2026-12-03T09:00:00+01:00",
        "--duration",
        "1h",
        "--pause",
        "2026-12-03T09:30:00+01:00/2026-12-03T10:30:00+01:00",
    ]);
    assert_eq!(due.trim(), "2026-12-03T11:00:00+01:00");
    let secs = d.ok(&[
        "calendar",
        "between",
        "berlin",
        "--from",
        "2026-12-03T08:00:00+01:00",
        "--to",
        "2026-12-04T08:00:00+01:00",
    ]);
    assert_eq!(secs.trim(), "25200");
    assert_eq!(
        d.ok(&[
            "calendar",
            "between",
            "24x7",
            "--from",
            "2026-03-29T00:00:00+01:00",
            "--to",
            "2026-03-30T00:00:00+02:00"
        ])
        .trim(),
        "82800"
    );
}

#[test]
fn calendar_bad_input_is_one_line_and_exit_2() {
    let d = Desk::new();
    for (args, needle) in [
        (
            vec![
                "calendar",
                "set",
                "x",
                "--tz",
                "Mars/Olympus",
                "--hours",
                "mon 09:00-17:00",
            ],
            "Mars/Olympus",
        ),
        (
            vec![
                "calendar",
                "set",
                "x",
                "--tz",
                "UTC",
                "--hours",
                "mon 09:00-12:00,11:00-13:00",
            ],
            "overlap",
        ),
        (
            vec![
                "calendar",
                "set",
                "x",
                "--tz",
                "UTC",
                "--hours",
                "mon 09:00-09:00",
            ],
            "09:00",
        ),
        (
            vec![
                "calendar",
                "set",
                "x",
                "--tz",
                "UTC",
                "--hours",
                "funday 09:00-17:00",
            ],
            "funday",
        ),
        (
            vec![
                "calendar",
                "set",
                "x",
                "--tz",
                "UTC",
                "--hours",
                "mon 09:00-17:00",
                "--holiday",
                "2026-02-30",
            ],
            "2026-02-30",
        ),
        (
            vec![
                "calendar",
                "add",
                "business",
                "--from",
                "2026-12-03T11:00:00Z",
                "--duration",
                "-3d",
            ],
            "count back in hours instead",
        ),
        (
            vec![
                "calendar",
                "add",
                "business",
                "--from",
                "soon",
                "--duration",
                "4h",
            ],
            "bad time 'soon'",
        ),
        (
            vec![
                "calendar",
                "add",
                "nosuch",
                "--from",
                "2026-12-03T11:00:00Z",
                "--duration",
                "4h",
            ],
            "no calendar named 'nosuch'",
        ),
        (
            vec![
                "sla",
                "policy",
                "set",
                "p",
                "--priority",
                "2",
                "--response",
                "1h",
                "--resolve",
                "0m",
            ],
            "longer than zero",
        ),
        (
            vec![
                "sla",
                "policy",
                "set",
                "p",
                "--priority",
                "2",
                "--response",
                "1h",
                "--resolve",
                "8h",
                "--calendar",
                "nope",
            ],
            "no calendar named 'nope'",
        ),
        (
            vec![
                "sla",
                "policy",
                "set",
                "p",
                "--priority",
                "2",
                "--response",
                "1h",
                "--resolve",
                "8h",
                "--warn",
                "1.5",
            ],
            "warning fraction",
        ),
    ] {
        let out = d.tend().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(needle),
            "{args:?}: expected '{needle}' in {err}"
        );
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    }
    d.ok(&["calendar", "show", "business"]);
}

/// Issue 11: business time counts backwards too (change lead times): `add` with a negative
/// duration, and `between` with `--to` before `--from`, as the shared SLA vectors do.
#[test]
fn calendar_arithmetic_runs_backwards() {
    let d = Desk::new();
    d.ok(&[
        "calendar",
        "set",
        "office",
        "--tz",
        "Europe/Berlin",
        "--hours",
        "mon-fri 09:00-12:00,13:00-17:00",
    ]);
    let add = |from: &str, dur: &str| {
        d.ok(&[
            "calendar",
            "add",
            "office",
            "--from",
            from,
            "--duration",
            dur,
        ])
        .trim()
        .to_string()
    };
    // Thursday 16:00 minus 4h: 3h after lunch, 1h before it.
    assert_eq!(
        add("2026-12-03T16:00:00+01:00", "-4h"),
        "2026-12-03T11:00:00+01:00"
    );
    // Monday 10:00 minus 2h: back over the weekend to Friday 16:00.
    assert_eq!(
        add("2026-12-07T10:00:00+01:00", "-2h"),
        "2026-12-04T16:00:00+01:00"
    );
    // Counting back to an opening time gives that opening time (not the closing before it).
    assert_eq!(
        add("2026-12-03T13:00:00+01:00", "-1h"),
        "2026-12-03T11:00:00+01:00"
    );
    assert_eq!(
        add("2026-12-03T10:00:00+01:00", "-1h"),
        "2026-12-03T09:00:00+01:00"
    );
    let between = |from: &str, to: &str| {
        d.ok(&["calendar", "between", "office", "--from", from, "--to", to])
            .trim()
            .parse::<i64>()
            .unwrap()
    };
    let (a, b) = ("2026-12-07T10:00:00+01:00", "2026-12-04T16:00:00+01:00");
    assert_eq!(between(b, a), 2 * 3600);
    assert_eq!(between(a, b), -2 * 3600);
}

#[test]
fn tickets_carry_their_clocks_and_policies_recompute_them() {
    let d = Desk::new();
    let t = d.json(&[
        "ticket",
        "new",
        "--title",
        "Email down",
        "--impact",
        "high",
        "--urgency",
        "high",
        "--requester",
        "j.meyer",
    ]);
    let id = t["id"].to_string();
    let show = d.json(&["ticket", "show", &id]);
    let sla = show["sla"].as_array().unwrap();
    let targets: Vec<&str> = sla.iter().map(|c| c["target"].as_str().unwrap()).collect();
    assert_eq!(
        targets,
        vec!["response", "resolution", "update"],
        "P1 has an update target by default"
    );
    assert_eq!(sla[0]["state"], "running");
    assert_eq!(sla[0]["calendar"], "24x7");
    let opened = chrono::DateTime::parse_from_rfc3339(show["opened_at"].as_str().unwrap()).unwrap();
    let due = chrono::DateTime::parse_from_rfc3339(sla[0]["due_at"].as_str().unwrap()).unwrap();
    assert_eq!((due - opened).num_seconds(), 15 * 60);

    // The requester's reply does not count; an internal note does not count; an agent's reply does.
    d.tend()
        .args(["ticket", "reply", &id, "--body", "any news?"])
        .env("TEND_USER", "j.meyer")
        .assert()
        .success();
    d.ok(&["ticket", "note", &id, "--body", "checking mx01"]);
    assert_eq!(
        d.json(&["ticket", "show", &id])["sla"][0]["state"],
        "running"
    );
    d.ok(&["ticket", "reply", &id, "--body", "We are on it."]);
    let r = &d.json(&["ticket", "show", &id])["sla"][0];
    assert_eq!(r["state"], "met");
    assert_eq!(r["stopped_by"], "first reply by alice");

    // Pending pauses the resolution clock: no due time while paused.
    d.ok(&[
        "ticket",
        "update",
        &id,
        "--status",
        "pending",
        "--reason",
        "waiting for the ISP",
    ]);
    let res = &d.json(&["ticket", "show", &id])["sla"][1];
    assert_eq!(res["state"], "paused");
    assert!(res["due_at"].is_null());
    assert_eq!(res["pauses"][0]["reason"], "waiting for the ISP");

    // A new rule for priority 1 applies at once, with the pause kept.
    d.ok(&[
        "sla",
        "policy",
        "set",
        "default",
        "--priority",
        "1",
        "--response",
        "30m",
        "--resolve",
        "2h",
        "--calendar",
        "24x7",
    ]);
    let sla = d.json(&["ticket", "show", &id])["sla"].clone();
    assert_eq!(
        sla.as_array().unwrap().len(),
        2,
        "the new rule has no update target"
    );
    assert_eq!(sla[1]["budget"], "2h");
    assert_eq!(sla[1]["state"], "paused");
    let rules = d.json(&["sla", "policy", "show", "default"]);
    assert_eq!(rules.as_array().unwrap().len(), 5);

    // A more specific policy wins for its service.
    d.ok(&[
        "ticket",
        "update",
        &id,
        "--status",
        "open",
        "--service",
        "email",
    ]);
    d.ok(&[
        "sla",
        "policy",
        "set",
        "mail",
        "--priority",
        "1",
        "--service",
        "email",
        "--response",
        "5m",
        "--resolve",
        "1h",
        "--calendar",
        "24x7",
    ]);
    assert_eq!(d.json(&["ticket", "show", &id])["sla"][1]["policy"], "mail");

    let plain = d.ok(&["ticket", "show", &id]);
    assert!(
        plain.contains("SLA") && plain.contains("response") && plain.contains("met"),
        "{plain}"
    );
}

#[test]
fn sla_status_and_explain() {
    let d = Desk::new();
    let old = d.json(&[
        "ticket",
        "new",
        "--title",
        "Old and overdue",
        "--impact",
        "high",
        "--urgency",
        "high",
        "--opened-at",
        "2026-01-05T10:00:00Z",
    ]);
    let new = d.json(&[
        "ticket",
        "new",
        "--title",
        "Fresh",
        "--impact",
        "low",
        "--urgency",
        "low",
    ]);
    let status = d.json(&["sla", "status"]);
    let ids: Vec<i64> = status
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec![old["id"].as_i64().unwrap(), new["id"].as_i64().unwrap()],
        "breached first"
    );
    assert_eq!(status[0]["clocks"][0]["state"], "breached");
    let table = d.ok(&["sla", "status"]);
    assert!(
        table.contains("✖ breached") && table.contains("over"),
        "{table}"
    );

    let id = old["id"].to_string();
    let text = d.ok(&["sla", "explain", &id]);
    assert!(
        text.contains("response: breached") && text.contains("counting") && text.contains("total:"),
        "{text}"
    );
    let json = d.json(&["sla", "explain", &id]);
    let first = &json[0];
    let counted: i64 = first["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| match s["kind"].as_str().unwrap() {
            "counting" => s["seconds"].as_i64().unwrap(),
            // Months of it: the middle is summed up in one segment.
            "summary" => s["counting_secs"].as_i64().unwrap(),
            _ => 0,
        })
        .sum();
    assert_eq!(counted, first["elapsed_secs"].as_i64().unwrap());
    d.tend().args(["sla", "explain", "99"]).assert().code(4);
    d.ok(&["sla", "recompute"]);
    d.tend()
        .args(["sla", "policy", "show", "nosuch"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no policy"));
}

#[test]
fn lists_filter_and_sort_by_sla() {
    let d = Desk::new();
    let overdue = d.json(&[
        "ticket",
        "new",
        "--title",
        "overdue",
        "--impact",
        "high",
        "--urgency",
        "high",
        "--opened-at",
        "2026-01-05T10:00:00Z",
    ]);
    let fresh = d.json(&[
        "ticket",
        "new",
        "--title",
        "fresh",
        "--impact",
        "low",
        "--urgency",
        "low",
    ]);
    let waiting = d.json(&["ticket", "new", "--title", "waiting"]);
    d.ok(&[
        "ticket",
        "update",
        &waiting["id"].to_string(),
        "--status",
        "pending",
        "--reason",
        "customer",
    ]);
    let ids = |v: serde_json::Value| -> Vec<i64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect()
    };
    let (o, f, w) = (
        overdue["id"].as_i64().unwrap(),
        fresh["id"].as_i64().unwrap(),
        waiting["id"].as_i64().unwrap(),
    );
    assert_eq!(
        ids(d.json(&["ticket", "list", "--sla", "breached"])),
        vec![o]
    );
    assert_eq!(ids(d.json(&["ticket", "list", "--sla", "paused"])), vec![w]);
    assert_eq!(
        ids(d.json(&["ticket", "list", "--sla", "running,breached"])),
        vec![f, o]
    );
    assert_eq!(
        ids(d.json(&["ticket", "list", "--sort", "due"])),
        vec![o, f],
        "paused tickets have no due time"
    );
    let table = d.ok(&["ticket", "list"]);
    assert!(
        table.contains("SLA") && table.contains("✖ breached") && table.contains("Ⅱ paused"),
        "{table}"
    );
    d.tend()
        .args(["ticket", "list", "--sla", "late"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown SLA state 'late'"));
}
