//! `tend sla explain` on a clock that has run for decades: a page, not a line per working
//! range, with totals that still add up.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Desk;

/// A clock running since 1970 is explained in a page, not one line per working range for 56
/// years: its first and last week in full, a summary in between, and totals that still add up.
#[test]
fn explain_summarises_a_decades_old_clock() {
    let d = Desk::new();
    d.ok(&[
        "calendar",
        "set",
        "berlin",
        "--tz",
        "Europe/Berlin",
        "--hours",
        "mon-fri 09:00-17:00",
        "--holiday",
        "12-25",
    ]);
    d.ok(&[
        "sla",
        "policy",
        "set",
        "slow",
        "--priority",
        "3",
        "--response",
        "4h",
        "--resolve",
        "3d",
        "--calendar",
        "berlin",
        // The default policy also has a priority 3 rule: without this, `slow` would tie.
        "--take-over",
    ]);
    let id = d.ok(&[
        "ticket",
        "new",
        "--title",
        "Opened in 1970",
        "--opened-at",
        "1970-01-01T00:00:00Z",
    ]);
    let id = id.trim();
    let text = d.ok(&["sla", "explain", id]);
    assert!(text.lines().count() < 200, "{} lines", text.lines().count());
    assert!(text.contains("not listed:"), "{text}");
    let v = d.json(&["sla", "explain", id]);
    for clock in v.as_array().unwrap() {
        let timeline = clock["timeline"].as_array().unwrap();
        assert!(timeline.len() < 100, "{}", timeline.len());
        assert!(timeline.iter().any(|s| s["kind"] == "summary"));
        // Working time listed plus that in the summary is the clock's elapsed business time.
        let counted: i64 = timeline
            .iter()
            .map(|s| match s["kind"].as_str().unwrap() {
                "counting" => s["seconds"].as_i64().unwrap(),
                "summary" => s["counting_secs"].as_i64().unwrap(),
                _ => 0,
            })
            .sum();
        assert_eq!(counted, clock["elapsed_secs"].as_i64().unwrap());
        // And the segments cover the clock's whole run without gaps.
        for pair in timeline.windows(2) {
            assert_eq!(pair[0]["end"], pair[1]["start"]);
        }
        assert_eq!(timeline[0]["start"], clock["start"]);
    }
}
