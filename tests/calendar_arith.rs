//! add / between / timeline: conventions, DST, holidays, specials, breaks, pauses.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::{America::New_York, Europe::Berlin};
use common::*;
use tend::domain::calendar::{
    BusinessDuration, Calendar, CalendarError, MAX_DURATION_SECONDS, Segment, SegmentKind,
};

const H: i64 = 3600;

fn office() -> Calendar {
    cal("UTC", &["mon-fri 09:00-17:00"])
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Segments as ("MM-DD HH:MM" UTC start, end, kind) for compact comparisons.
fn shape(segs: &[Segment]) -> Vec<(String, String, SegmentKind)> {
    let f = |t: DateTime<Utc>| t.format("%m-%d %H:%M").to_string();
    segs.iter()
        .map(|s| (f(s.start), f(s.end), s.kind))
        .collect()
}

fn row(a: &str, b: &str, kind: SegmentKind) -> (String, String, SegmentKind) {
    (a.to_string(), b.to_string(), kind)
}

use SegmentKind::{OutsideHours, Paused, Working};

fn holiday(d: &str) -> SegmentKind {
    SegmentKind::Holiday { date: date(d) }
}

fn special(d: &str) -> SegmentKind {
    SegmentKind::Special { date: date(d) }
}

fn gap(a: &str, b: &str) -> SegmentKind {
    SegmentKind::DstGap {
        wall_start: naive(a),
        wall_end: naive(b),
    }
}

// 2026-01-05 is a Monday.

#[test]
fn a_budget_running_out_at_closing_is_due_at_closing() {
    let c = office();
    assert_eq!(
        add(&c, utc("2026-01-05 09:00"), "8h"),
        utc("2026-01-05 17:00")
    );
    assert_eq!(
        add(&c, utc("2026-01-05 16:00"), "1h"),
        utc("2026-01-05 17:00")
    );
    assert_eq!(
        add(&c, utc("2026-01-05 16:00"), "1h1s"),
        utc("2026-01-06 09:00:01")
    );
    assert_eq!(
        add(&c, utc("2026-01-09 16:00"), "1h"),
        utc("2026-01-09 17:00")
    );
    // Backwards the mirror image: running out at an opening gives the opening.
    let back = |start, secs| c.add(start, BusinessDuration::Seconds(secs), &[]).unwrap();
    assert_eq!(back(utc("2026-01-06 10:00"), -H), utc("2026-01-06 09:00"));
    assert_eq!(back(utc("2026-01-06 09:00"), -H), utc("2026-01-05 16:00"));
    assert_eq!(back(utc("2026-01-12 09:30"), -H), utc("2026-01-09 16:30"));
}

#[test]
fn adding_zero_returns_the_start_unchanged() {
    let c = office();
    let saturday = utc("2026-01-10 03:00") + Duration::milliseconds(250);
    for zero in ["0s", "0m", "0d"] {
        assert_eq!(c.add(saturday, d(zero), &[]).unwrap(), saturday);
    }
    let closed = Calendar::new("closed", chrono_tz::UTC);
    assert_eq!(closed.add(saturday, d("0s"), &[]).unwrap(), saturday);
}

#[test]
fn whole_seconds_only() {
    let c = office();
    let start = utc("2026-01-05 09:00") + Duration::milliseconds(700);
    assert_eq!(c.add(start, d("1h"), &[]).unwrap(), utc("2026-01-05 10:00"));
    assert_eq!(c.between(start, utc("2026-01-05 10:00"), &[]).unwrap(), H);
}

#[test]
fn between_rejects_a_reversed_interval() {
    let c = office();
    let (a, b) = (utc("2026-01-05 10:00"), utc("2026-01-05 09:00"));
    let err = c.between(a, b, &[]).unwrap_err();
    assert_eq!(err, CalendarError::EndBeforeStart { from: a, to: b });
    assert_eq!(
        err.to_string(),
        "end 2026-01-05 09:00:00 UTC is before start 2026-01-05 10:00:00 UTC"
    );
    assert_eq!(c.between(a, a, &[]).unwrap(), 0);
    assert!(c.timeline(a, b, &[]).is_empty());
}

#[test]
fn lunch_breaks() {
    let c = cal("UTC", &["mon-fri 09:00-12:00,13:00-17:00"]);
    assert_eq!(
        add(&c, utc("2026-01-05 11:30"), "1h"),
        utc("2026-01-05 13:30")
    );
    assert_eq!(
        add(&c, utc("2026-01-05 11:00"), "1h"),
        utc("2026-01-05 12:00")
    );
    assert_eq!(
        add(&c, utc("2026-01-05 12:15"), "30m"),
        utc("2026-01-05 13:30")
    );
    assert_eq!(
        between(&c, utc("2026-01-05 00:00"), utc("2026-01-06 00:00")),
        7 * H
    );
    assert_eq!(
        between(&c, utc("2026-01-05 11:30"), utc("2026-01-05 13:30")),
        H
    );
    let t = checked_timeline(&c, utc("2026-01-05 11:00"), utc("2026-01-05 14:00"), &[]);
    assert_eq!(
        shape(&t),
        [
            row("01-05 11:00", "01-05 12:00", Working),
            row("01-05 12:00", "01-05 13:00", OutsideHours),
            row("01-05 13:00", "01-05 14:00", Working),
        ]
    );
}

#[test]
fn overnight_ranges_belong_to_the_day_they_start() {
    let c = cal("UTC", &["mon-fri 22:00-06:00"]);
    assert!(
        c.is_working(utc("2026-01-10 05:00")),
        "Friday's shift runs into Saturday"
    );
    assert!(
        !c.is_working(utc("2026-01-05 03:00")),
        "Monday 03:00 would be Sunday's shift"
    );
    assert!(!c.is_working(utc("2026-01-10 23:00")));
    assert_eq!(
        add(&c, utc("2026-01-09 23:00"), "8h"),
        utc("2026-01-12 23:00")
    );
    assert_eq!(
        between(&c, utc("2026-01-05 00:00"), utc("2026-01-12 00:00")),
        40 * H
    );
}

#[test]
fn a_holiday_stops_the_overnight_shift_that_starts_on_it() {
    let c = cal_with("UTC", &["mon-fri 22:00-06:00"], &["2026-01-07"], &[]);
    let (from, to) = (utc("2026-01-06 12:00"), utc("2026-01-08 12:00"));
    assert_eq!(
        between(&c, from, to),
        8 * H,
        "only Tuesday's shift, into Wednesday"
    );
    assert_eq!(
        shape(&checked_timeline(&c, from, to, &[])),
        [
            row("01-06 12:00", "01-06 22:00", OutsideHours),
            row("01-06 22:00", "01-07 06:00", Working),
            row("01-07 06:00", "01-08 06:00", holiday("2026-01-07")),
            row("01-08 06:00", "01-08 12:00", OutsideHours),
        ]
    );
}

#[test]
fn ranges_ending_at_24_00_join_the_next_day() {
    let c = cal("UTC", &["mon 18:00-24:00", "tue 00:00-06:00"]);
    assert_eq!(
        add(&c, utc("2026-01-05 23:00"), "2h"),
        utc("2026-01-06 01:00")
    );
    assert_eq!(
        between(&c, utc("2026-01-05 00:00"), utc("2026-01-07 00:00")),
        12 * H
    );
    let t = checked_timeline(&c, utc("2026-01-05 20:00"), utc("2026-01-06 08:00"), &[]);
    assert_eq!(
        shape(&t),
        [
            row("01-05 20:00", "01-06 06:00", Working),
            row("01-06 06:00", "01-06 08:00", OutsideHours),
        ]
    );
}

#[test]
fn one_off_and_recurring_holidays() {
    let c = cal_with(
        "UTC",
        &["mon-fri 09:00-17:00"],
        &["2026-12-25", "12-28"],
        &[],
    );
    let start = utc("2026-12-24 16:00");
    let due = add(&c, start, "2h");
    assert_eq!(due, utc("2026-12-29 10:00"));
    assert_eq!(
        between(&c, utc("2027-12-28 00:00"), utc("2027-12-29 00:00")),
        0
    );
    assert_eq!(
        between(&c, utc("2027-12-27 00:00"), utc("2027-12-28 00:00")),
        8 * H
    );
    assert_eq!(
        shape(&checked_timeline(&c, start, due, &[])),
        [
            row("12-24 16:00", "12-24 17:00", Working),
            row("12-24 17:00", "12-25 00:00", OutsideHours),
            row("12-25 00:00", "12-26 00:00", holiday("2026-12-25")),
            row("12-26 00:00", "12-28 00:00", OutsideHours),
            row("12-28 00:00", "12-29 00:00", holiday("2026-12-28")),
            row("12-29 00:00", "12-29 09:00", OutsideHours),
            row("12-29 09:00", "12-29 10:00", Working),
        ]
    );
}

#[test]
fn specials_replace_a_days_hours_and_win_over_holidays() {
    let c = cal_with(
        "UTC",
        &["mon-fri 09:00-17:00"],
        &["12-24"],
        &[
            "2026-12-24 09:00-12:00",
            "2026-12-31 closed",
            "2026-12-26 10:00-14:00",
        ],
    );
    assert_eq!(
        between(&c, utc("2026-12-24 00:00"), utc("2026-12-25 00:00")),
        3 * H
    );
    assert_eq!(
        between(&c, utc("2027-12-24 00:00"), utc("2027-12-25 00:00")),
        0
    );
    assert_eq!(
        add(&c, utc("2026-12-24 11:00"), "2h"),
        utc("2026-12-25 10:00")
    );
    assert_eq!(
        between(&c, utc("2026-12-31 00:00"), utc("2027-01-01 00:00")),
        0
    );
    assert_eq!(
        add(&c, utc("2026-12-25 16:00"), "2h"),
        utc("2026-12-26 11:00"),
        "a Saturday"
    );
    assert_eq!(
        shape(&checked_timeline(
            &c,
            utc("2026-12-24 08:00"),
            utc("2026-12-24 18:00"),
            &[]
        )),
        [
            row("12-24 08:00", "12-24 09:00", special("2026-12-24")),
            row("12-24 09:00", "12-24 12:00", Working),
            row("12-24 12:00", "12-24 18:00", special("2026-12-24")),
        ]
    );
    assert_eq!(
        shape(&checked_timeline(
            &c,
            utc("2026-12-31 08:00"),
            utc("2026-12-31 18:00"),
            &[]
        )),
        [row("12-31 08:00", "12-31 18:00", special("2026-12-31"))]
    );
}

#[test]
fn date_breaks_cut_into_a_days_hours() {
    let c: Calendar = serde_json::from_value(serde_json::json!({
        "name": "breaks", "timezone": "UTC",
        "hours": {"mon": [["09:00", "17:00"]], "tue": [["09:00", "17:00"]]},
        "date_breaks": {"2026-06-01": [["12:00", "14:00"]]}
    }))
    .unwrap();
    assert_eq!(
        between(&c, utc("2026-06-01 00:00"), utc("2026-06-02 00:00")),
        6 * H
    );
    assert_eq!(
        add(&c, utc("2026-06-01 11:00"), "2h"),
        utc("2026-06-01 15:00")
    );
    let t = checked_timeline(&c, utc("2026-06-01 11:00"), utc("2026-06-01 15:00"), &[]);
    assert_eq!(
        shape(&t),
        [
            row("06-01 11:00", "06-01 12:00", Working),
            row("06-01 12:00", "06-01 14:00", special("2026-06-01")),
            row("06-01 14:00", "06-01 15:00", Working),
        ]
    );
}

#[test]
fn pauses_overlapping_unsorted_and_over_closed_time() {
    let c = office();
    let pauses: Pauses = vec![
        (utc("2026-01-09 16:00"), utc("2026-01-12 10:00")),
        (utc("2026-01-09 15:30"), utc("2026-01-09 16:30")),
        (utc("2026-01-11 00:00"), utc("2026-01-11 05:00")),
        (utc("2026-01-12 12:00"), utc("2026-01-12 11:00")), // reversed: ignored
    ];
    let (from, to) = (utc("2026-01-09 09:00"), utc("2026-01-12 12:00"));
    assert_eq!(c.between(from, to, &pauses).unwrap(), 8 * H + 1800);
    assert_eq!(c.add(from, d("8h30m"), &pauses).unwrap(), to);
    assert_eq!(
        c.add(utc("2026-01-09 15:00"), d("1h"), &pauses).unwrap(),
        utc("2026-01-12 10:30")
    );
    assert_eq!(
        shape(&checked_timeline(&c, from, to, &pauses)),
        [
            row("01-09 09:00", "01-09 15:30", Working),
            row("01-09 15:30", "01-09 17:00", Paused),
            row("01-09 17:00", "01-12 09:00", OutsideHours),
            row("01-12 09:00", "01-12 10:00", Paused),
            row("01-12 10:00", "01-12 12:00", Working),
        ]
    );
}

#[test]
fn pauses_at_the_edges() {
    let c = office();
    let weekend: Pauses = vec![(utc("2026-01-10 00:00"), utc("2026-01-12 00:00"))];
    assert_eq!(
        c.add(utc("2026-01-09 16:00"), d("2h"), &weekend).unwrap(),
        utc("2026-01-12 10:00"),
        "a pause over closed time changes nothing"
    );
    let at_ten: Pauses = vec![(utc("2026-01-05 10:00"), utc("2026-01-05 11:00"))];
    assert_eq!(
        c.add(utc("2026-01-05 09:00"), d("1h"), &at_ten).unwrap(),
        utc("2026-01-05 10:00"),
        "running out exactly where a pause starts"
    );
    let covering_start: Pauses = vec![(utc("2026-01-05 09:00"), utc("2026-01-05 10:00"))];
    assert_eq!(
        c.add(utc("2026-01-05 09:30"), d("1h"), &covering_start)
            .unwrap(),
        utc("2026-01-05 11:00")
    );
    let back = c.add(
        utc("2026-01-05 12:00"),
        BusinessDuration::Seconds(-2 * H),
        &at_ten,
    );
    assert_eq!(back.unwrap(), utc("2026-01-05 09:00"));
}

#[test]
fn no_working_time_is_an_error_not_a_hang() {
    let closed = Calendar::new("closed", chrono_tz::UTC);
    let start = utc("2026-01-05 09:00");
    let began = std::time::Instant::now();
    for dur in ["1h", "3d"] {
        let err = closed.add(start, d(dur), &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "calendar \"closed\" has no working time within 5 years after 2026-01-05 09:00:00 UTC"
        );
    }
    let back = closed
        .add(start, BusinessDuration::Seconds(-1), &[])
        .unwrap_err();
    assert!(matches!(back, CalendarError::NoWorkingTime { .. }));
    assert!(began.elapsed().as_secs() < 5, "took {:?}", began.elapsed());
    assert_eq!(
        closed
            .between(start, start + Duration::days(3650), &[])
            .unwrap(),
        0
    );
    assert_eq!(
        shape(&checked_timeline(
            &closed,
            start,
            utc("2026-01-06 09:00"),
            &[]
        )),
        [row("01-05 09:00", "01-06 09:00", OutsideHours)]
    );

    // Working time only in the past.
    let past = cal_with("UTC", &[], &[], &["2020-03-02 09:00-17:00"]);
    assert_eq!(
        add(&past, utc("2020-03-02 16:00"), "1h"),
        utc("2020-03-02 17:00")
    );
    assert!(past.add(start, d("1h"), &[]).is_err());
}

#[test]
fn limits() {
    let c = Calendar::always();
    let err = c.add(utc("9999-12-31 00:00"), d("48h"), &[]).unwrap_err();
    assert_eq!(err, CalendarError::OutOfRange);
    let huge = BusinessDuration::Seconds(MAX_DURATION_SECONDS + 1);
    let err = c.add(utc("2026-01-01 00:00"), huge, &[]).unwrap_err();
    assert!(matches!(err, CalendarError::DurationTooLarge(_)), "{err:?}");
    let err = c.add(
        utc("2026-01-01 00:00"),
        BusinessDuration::Seconds(i64::MIN),
        &[],
    );
    assert!(matches!(err, Err(CalendarError::DurationTooLarge(_))));
    assert_eq!(
        add(&c, utc("2026-01-01 00:00"), "876000h"),
        utc("2026-01-01 00:00") + Duration::hours(876_000)
    );
}

#[test]
fn is_working_at_the_edges() {
    let c = office();
    assert!(c.is_working(utc("2026-01-05 09:00")));
    assert!(c.is_working(utc("2026-01-05 16:59:59")));
    assert!(!c.is_working(utc("2026-01-05 17:00")));
    assert!(!c.is_working(utc("2026-01-05 08:59:59")));
}

// --- DST. Berlin: 2026-03-29 02:00 CET -> 03:00 CEST (01:00Z); 2026-10-25 03:00 CEST ->
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

// --- Business days.

#[test]
fn days_keep_the_time_of_day() {
    let c = office();
    assert_eq!(
        add(&c, utc("2026-01-05 10:00"), "3d"),
        utc("2026-01-08 10:00")
    );
    assert_eq!(
        add(&c, utc("2026-01-09 10:00"), "1d"),
        utc("2026-01-12 10:00")
    );
    assert_eq!(
        add(&c, utc("2026-01-05 09:00"), "30d"),
        utc("2026-02-16 09:00")
    );
    assert_eq!(
        add(&c, utc("2026-01-05 16:59:59"), "1d"),
        utc("2026-01-06 16:59:59")
    );
}

#[test]
fn days_from_outside_hours_count_from_the_next_opening() {
    let c = office();
    assert_eq!(
        add(&c, utc("2026-01-10 14:00"), "1d"),
        utc("2026-01-13 09:00"),
        "Saturday"
    );
    assert_eq!(
        add(&c, utc("2026-01-09 18:00"), "1d"),
        utc("2026-01-13 09:00"),
        "Friday night"
    );
    assert_eq!(
        add(&c, utc("2026-01-05 07:00"), "1d"),
        utc("2026-01-06 09:00")
    );
    assert_eq!(
        add(&c, utc("2026-01-05 17:00"), "1d"),
        utc("2026-01-07 09:00"),
        "at closing"
    );
}

#[test]
fn days_land_in_the_target_days_working_time() {
    let short_friday = cal("UTC", &["mon-thu 09:00-17:00", "fri 09:00-12:00"]);
    assert_eq!(
        add(&short_friday, utc("2026-01-08 16:30"), "1d"),
        utc("2026-01-09 12:00"),
        "after Friday's closing: Friday's closing"
    );
    let lunch = cal("UTC", &["mon-fri 09:00-12:00,13:00-17:00"]);
    assert_eq!(
        add(&lunch, utc("2026-01-05 12:30"), "1d"),
        utc("2026-01-06 13:00")
    );
    let tuesday_lunch = cal("UTC", &["mon 09:00-17:00", "tue 09:00-11:00,13:00-17:00"]);
    assert_eq!(
        add(&tuesday_lunch, utc("2026-01-05 12:00"), "1d"),
        utc("2026-01-06 13:00")
    );
}

#[test]
fn days_skip_holidays_and_closed_specials() {
    let c = cal_with(
        "UTC",
        &["mon-fri 09:00-17:00"],
        &["2026-12-25"],
        &["2026-12-28 closed"],
    );
    assert_eq!(
        add(&c, utc("2026-12-24 10:00"), "1d"),
        utc("2026-12-29 10:00")
    );
}

#[test]
fn days_with_overnight_shifts() {
    let c = cal("UTC", &["mon-fri 22:00-06:00"]);
    assert_eq!(
        add(&c, utc("2026-01-06 03:00"), "1d"),
        utc("2026-01-07 03:00")
    );
    assert_eq!(
        add(&c, utc("2026-01-09 23:00"), "1d"),
        utc("2026-01-12 23:00")
    );
    assert_eq!(
        add(&c, utc("2026-01-10 03:00"), "1d"),
        utc("2026-01-13 03:00")
    );
}

#[test]
fn days_across_dst_keep_the_wall_clock() {
    let c = cal("Europe/Berlin", &["mon-fri 08:00-18:00"]);
    let friday = local(Berlin, "2026-03-27 10:00");
    assert_eq!(add(&c, friday, "1d"), local(Berlin, "2026-03-30 10:00"));
    assert_eq!(add(&c, friday, "1d"), utc("2026-03-30 08:00"));
}

#[test]
fn days_with_pauses_move_later_by_the_paused_business_time() {
    let c = office();
    let start = utc("2026-01-05 10:00");
    let lunch_pause: Pauses = vec![(utc("2026-01-05 11:00"), utc("2026-01-05 12:00"))];
    assert_eq!(
        c.add(start, d("1d"), &lunch_pause).unwrap(),
        utc("2026-01-06 11:00")
    );
    let weekend: Pauses = vec![(utc("2026-01-10 00:00"), utc("2026-01-11 00:00"))];
    assert_eq!(
        c.add(utc("2026-01-09 10:00"), d("1d"), &weekend).unwrap(),
        utc("2026-01-12 10:00")
    );
    let after_due: Pauses = vec![(utc("2026-01-06 10:00"), utc("2026-01-06 12:00"))];
    assert_eq!(
        c.add(start, d("1d"), &after_due).unwrap(),
        utc("2026-01-06 10:00")
    );
    let late: Pauses = vec![(utc("2026-01-05 16:00"), utc("2026-01-06 10:00"))];
    assert_eq!(
        c.add(start, d("1d"), &late).unwrap(),
        utc("2026-01-06 12:00")
    );
}
