//! DST: Berlin and New York, both transitions, ranges spanning the changed hour and
//! overnight shifts across it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod calendar_common;

use calendar_common::*;
use chrono_tz::{America::New_York, Europe::Berlin};
use tend::domain::calendar::SegmentKind::{OutsideHours, Working};

const H: i64 = 3600;

// Berlin: 2026-03-29 02:00 CET -> 03:00 CEST (01:00Z); 2026-10-25 03:00 CEST ->
// 02:00 CET (01:00Z). New York: 2026-03-08 02:00 EST -> 03:00 EDT (07:00Z); 2026-11-01
// 02:00 EDT -> 01:00 EST (06:00Z).

#[test]
fn berlin_spring_forward_inside_a_range() {
    let c = cal("Europe/Berlin", &["sun 01:00-04:00"]);
    assert_eq!(
        between(&c, utc("2026-03-28 12:00"), utc("2026-03-30 12:00")),
        2 * H
    );
    let start = local(Berlin, "2026-03-29 01:30");
    assert_eq!(add(&c, start, "30m"), utc("2026-03-29 01:00"));
    assert_eq!(add(&c, start, "31m"), utc("2026-03-29 01:01"));
    let t = checked_timeline(&c, utc("2026-03-28 23:30"), utc("2026-03-29 03:00"), &[]);
    assert_eq!(
        shape(&t),
        [
            row("03-28 23:30", "03-29 00:00", OutsideHours),
            row("03-29 00:00", "03-29 01:00", Working),
            row(
                "03-29 01:00",
                "03-29 01:00",
                gap("2026-03-29 02:00", "2026-03-29 03:00")
            ),
            row("03-29 01:00", "03-29 02:00", Working),
            row("03-29 02:00", "03-29 03:00", OutsideHours),
        ]
    );
}

#[test]
fn berlin_spring_forward_at_a_ranges_start() {
    let c = cal("Europe/Berlin", &["sun 02:30-05:00"]);
    assert_eq!(
        between(&c, utc("2026-03-28 12:00"), utc("2026-03-30 12:00")),
        2 * H
    );
    let t = checked_timeline(&c, utc("2026-03-29 00:00"), utc("2026-03-29 04:00"), &[]);
    assert_eq!(
        shape(&t),
        [
            row("03-29 00:00", "03-29 01:00", OutsideHours),
            row(
                "03-29 01:00",
                "03-29 01:00",
                gap("2026-03-29 02:30", "2026-03-29 03:00")
            ),
            row("03-29 01:00", "03-29 03:00", Working),
            row("03-29 03:00", "03-29 04:00", OutsideHours),
        ]
    );
    // A range lost entirely in the gap is no working time at all.
    let lost = cal("Europe/Berlin", &["sun 02:00-03:00"]);
    assert_eq!(
        between(&lost, utc("2026-03-28 00:00"), utc("2026-03-30 00:00")),
        0
    );
    assert_eq!(
        add(&lost, utc("2026-03-28 00:00"), "1h"),
        utc("2026-04-05 01:00"),
        "the next Sunday (CEST)"
    );
}

#[test]
fn berlin_fall_back_hour_is_worked_twice() {
    let c = cal("Europe/Berlin", &["sun 01:00-04:00"]);
    assert_eq!(
        between(&c, utc("2026-10-24 12:00"), utc("2026-10-25 12:00")),
        4 * H
    );
    assert_eq!(
        add(&c, utc("2026-10-24 23:00"), "4h"),
        utc("2026-10-25 03:00")
    );

    // A range ending inside the repeated hour: both 02:00-02:30 occurrences count.
    let c = cal("Europe/Berlin", &["sun 00:00-02:30"]);
    assert_eq!(
        between(&c, utc("2026-10-24 12:00"), utc("2026-10-25 12:00")),
        3 * H
    );
    assert_eq!(
        add(&c, utc("2026-10-24 22:00"), "2h45m"),
        utc("2026-10-25 01:15")
    );
    let t = checked_timeline(&c, utc("2026-10-24 22:00"), utc("2026-10-25 02:00"), &[]);
    assert_eq!(
        shape(&t),
        [
            row("10-24 22:00", "10-25 00:30", Working),
            row("10-25 00:30", "10-25 01:00", OutsideHours),
            row("10-25 01:00", "10-25 01:30", Working),
            row("10-25 01:30", "10-25 02:00", OutsideHours),
        ]
    );
}

#[test]
fn berlin_overnight_shift_across_both_changes() {
    let c = cal("Europe/Berlin", &["sat 22:00-06:00"]);
    assert_eq!(
        between(&c, utc("2026-03-28 12:00"), utc("2026-03-29 12:00")),
        7 * H
    );
    assert_eq!(
        between(&c, utc("2026-10-24 12:00"), utc("2026-10-25 12:00")),
        9 * H
    );
    assert_eq!(
        add(&c, utc("2026-03-28 21:00"), "7h"),
        utc("2026-03-29 04:00")
    );
    assert_eq!(
        add(&c, utc("2026-10-24 20:00"), "9h"),
        utc("2026-10-25 05:00")
    );
    assert_eq!(
        add(&c, utc("2026-03-28 21:00"), "7h1s"),
        utc("2026-04-04 20:00:01")
    );
}

#[test]
fn berlin_office_across_the_change() {
    let c = cal("Europe/Berlin", &["mon-fri 08:00-18:00"]);
    let friday = local(Berlin, "2026-03-27 14:00");
    assert_eq!(add(&c, friday, "8h"), local(Berlin, "2026-03-30 12:00"));
    assert_eq!(add(&c, friday, "8h"), utc("2026-03-30 10:00"));
    assert_eq!(
        between(&c, friday, local(Berlin, "2026-03-30 12:00")),
        8 * H
    );
}

#[test]
fn new_york_both_changes_inside_a_range() {
    let c = cal("America/New_York", &["sun 01:00-04:00"]);
    assert_eq!(
        between(&c, utc("2026-03-07 12:00"), utc("2026-03-09 12:00")),
        2 * H
    );
    assert_eq!(
        between(&c, utc("2026-10-31 12:00"), utc("2026-11-02 12:00")),
        4 * H
    );
    let t = checked_timeline(&c, utc("2026-03-08 06:00"), utc("2026-03-08 08:00"), &[]);
    assert_eq!(
        shape(&t),
        [
            row("03-08 06:00", "03-08 07:00", Working),
            row(
                "03-08 07:00",
                "03-08 07:00",
                gap("2026-03-08 02:00", "2026-03-08 03:00")
            ),
            row("03-08 07:00", "03-08 08:00", Working),
        ]
    );
    let start = local(New_York, "2026-11-01 00:30");
    assert_eq!(add(&c, start, "4h"), utc("2026-11-01 09:00"));
}

#[test]
fn new_york_overnight_shift_across_both_changes() {
    let c = cal("America/New_York", &["sat 22:00-06:00"]);
    assert_eq!(
        between(&c, utc("2026-03-07 12:00"), utc("2026-03-08 12:00")),
        7 * H
    );
    assert_eq!(
        between(&c, utc("2026-10-31 12:00"), utc("2026-11-01 12:00")),
        9 * H
    );
    let start = local(New_York, "2026-10-31 22:00");
    assert_eq!(start, utc("2026-11-01 02:00"));
    assert_eq!(add(&c, start, "9h"), utc("2026-11-01 11:00"));
    assert_eq!(
        add(&c, start, "4h"),
        utc("2026-11-01 06:00"),
        "01:00 EST, the second one"
    );
    assert_eq!(
        add(&c, local(New_York, "2026-03-07 22:00"), "7h"),
        utc("2026-03-08 10:00")
    );
}
