//! The SLA column of `tend ticket list`: each ticket's most pressing clock, read from the clocks
//! stored with the ticket, without the business-hours calendars (which only the time left on a
//! clock needs; the list does not show it).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Desk;

/// The SLA cell of ticket `id` in `tend ticket list`'s table.
fn sla_cell(list: &str, id: i64) -> String {
    let line = list
        .lines()
        .find(|l| l.split_whitespace().next() == Some(&id.to_string()))
        .unwrap_or_else(|| panic!("ticket {id} is not in\n{list}"));
    // ID P KIND STATUS SLA(symbol state) ...
    line.split_whitespace()
        .skip(4)
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_list_shows_each_tickets_most_pressing_clock_as_show_does() {
    let d = Desk::uninitialised();
    d.ok(&[
        "demo",
        "generate",
        "--tickets",
        "300",
        "--articles",
        "0",
        "--now",
        "2026-11-01T00:00:00Z",
    ]);
    // The open tickets (closed ones keep no clocks in the list).
    let list = d.ok(&["ticket", "list", "--limit", "0"]);
    let ids: Vec<i64> = list
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect();
    assert!(ids.len() > 20, "{list}");
    let mut seen = std::collections::BTreeSet::new();
    for &id in ids.iter().step_by(ids.len() / 12) {
        let show = d.json(&["ticket", "show", &id.to_string()]);
        let states: Vec<String> = show["sla"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["state"].as_str().unwrap().to_string())
            .collect();
        // The order the list ranks them in: breached, at risk, running, paused, met.
        let rank = ["breached", "at_risk", "running", "paused", "met"];
        let most = states
            .iter()
            .min_by_key(|s| rank.iter().position(|r| r == s))
            .map(|s| s.replace('_', " "));
        let cell = sla_cell(&list, id);
        match most {
            Some(state) => {
                assert!(
                    cell.ends_with(&state),
                    "#{id}: list {cell:?}, show {states:?}"
                );
                seen.insert(state);
            }
            None => assert_eq!(cell.split_whitespace().next(), Some("-"), "#{id}"),
        }
    }
    assert!(seen.len() >= 2, "a varied sample: {seen:?}");
}

#[test]
fn the_list_does_not_need_the_calendars() {
    let d = Desk::new();
    let id = d.new_ticket("Printer on floor 3 jams");
    assert!(sla_cell(&d.ok(&["ticket", "list"]), id).ends_with("running"));
    // A calendar damaged by hand: the time left on a clock cannot be worked out, but the
    // list shows the clocks' states as stored and judged against the time due.
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    conn.execute("UPDATE calendars SET definition = '{'", [])
        .unwrap();
    drop(conn);
    let list = d.ok(&["ticket", "list"]);
    assert_eq!(sla_cell(&list, id), "● running");
}
