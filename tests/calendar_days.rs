//! `Nd` business days.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod calendar_common;

use calendar_common::*;
use chrono_tz::Europe::Berlin;

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
