//! add / between / timeline: conventions, overnight ranges, holidays, specials, breaks,
//! pauses, limits.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod calendar_common;

use calendar_common::*;
use chrono::Duration;
use tend::domain::calendar::SegmentKind::{OutsideHours, Paused, Working};
use tend::domain::calendar::{BusinessDuration, Calendar, CalendarError, MAX_DURATION_SECONDS};

const H: i64 = 3600;

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
fn between_a_reversed_interval_is_negative() {
    let c = office();
    let (a, b) = (utc("2026-01-05 10:00"), utc("2026-01-05 09:00"));
    assert_eq!(c.between(a, b, &[]).unwrap(), -H);
    assert_eq!(c.between(b, a, &[]).unwrap(), H);
    // Monday 10:00 back to Friday 16:00: two working hours, counted backwards.
    assert_eq!(c.between(a, utc("2026-01-02 16:00"), &[]).unwrap(), -2 * H);
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
    // (How long finding out takes is printed by `calendar_perf`; tests assert no timings.)
    for dur in ["1h", "3d"] {
        let err = closed.add(start, d(dur), &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "calendar \"closed\" has no working time within 5 years of 2026-01-05 09:00:00 UTC"
        );
    }
    let back = closed
        .add(start, BusinessDuration::Seconds(-1), &[])
        .unwrap_err();
    assert!(matches!(back, CalendarError::NoWorkingTime { .. }));
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

#[test]
fn timeline_segments_serialize_flat() {
    let c = cal_with("UTC", &["mon-fri 09:00-17:00"], &["2026-12-25"], &[]);
    let segs = checked_timeline(&c, utc("2026-12-24 16:00"), utc("2026-12-25 01:00"), &[]);
    let json = serde_json::to_value(&segs).unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            {"start": "2026-12-24T16:00:00Z", "end": "2026-12-24T17:00:00Z", "kind": "working"},
            {"start": "2026-12-24T17:00:00Z", "end": "2026-12-25T00:00:00Z", "kind": "outside_hours"},
            {"start": "2026-12-25T00:00:00Z", "end": "2026-12-25T01:00:00Z", "kind": "holiday",
             "date": "2026-12-25"},
        ])
    );
}

#[test]
fn sunday_night_runs_into_monday_and_specials_may_run_overnight() {
    let c = cal_with(
        "UTC",
        &["sun 22:00-06:00", "mon-fri 09:00-17:00"],
        &[],
        &["2026-12-24 22:00-02:00"],
    );
    // 2026-01-04 is a Sunday.
    assert_eq!(
        between(&c, utc("2026-01-04 12:00"), utc("2026-01-05 12:00")),
        11 * H
    );
    assert!(c.is_working(utc("2026-01-05 05:59:59")));
    assert!(!c.is_working(utc("2026-01-05 06:00")));
    assert_eq!(
        add(&c, utc("2026-01-04 23:00"), "8h"),
        utc("2026-01-05 10:00")
    );
    assert_eq!(
        add(&c, utc("2026-12-24 23:00"), "3h"),
        utc("2026-12-25 02:00")
    );
    assert_eq!(
        add(&c, utc("2026-12-24 23:00"), "4h"),
        utc("2026-12-25 10:00")
    );
    assert_eq!(
        shape(&checked_timeline(
            &c,
            utc("2026-12-24 20:00"),
            utc("2026-12-25 10:00"),
            &[]
        )),
        [
            row("12-24 20:00", "12-24 22:00", special("2026-12-24")),
            row("12-24 22:00", "12-25 02:00", Working),
            row("12-25 02:00", "12-25 09:00", OutsideHours),
            row("12-25 09:00", "12-25 10:00", Working),
        ]
    );
}
