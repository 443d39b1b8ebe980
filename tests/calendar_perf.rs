//! Rough timings, run by hand:
//! `cargo test --release --test calendar_perf -- --ignored --nocapture`
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod calendar_common;

use std::time::Instant;

use calendar_common::*;
use chrono::Duration;
use tend::domain::calendar::Calendar;

fn time(label: &str, runs: u32, mut f: impl FnMut(u32)) {
    let began = Instant::now();
    for i in 0..runs {
        f(i);
    }
    let per = began.elapsed() / runs;
    println!("{label:<44} {per:>12.2?} per call ({runs} calls)");
}

#[test]
#[ignore = "timing, run by hand with --ignored --nocapture"]
fn timings() {
    let office = cal_with(
        "Europe/Berlin",
        &["mon-fri 09:00-12:00,13:00-17:00"],
        &["12-24", "12-25", "12-26", "01-01", "2026-05-14"],
        &["2026-12-31 09:00-12:00"],
    );
    let start = utc("2026-03-02 09:30");
    let at = |i: u32| start + Duration::minutes(i64::from(i % 5000));
    let runs = 20_000;
    time("add 8h (Berlin office, lunch, holidays)", runs, |i| {
        std::hint::black_box(office.add(at(i), d("8h"), &[]).unwrap());
    });
    time("add 30d (same calendar)", runs, |i| {
        std::hint::black_box(office.add(at(i), d("30d"), &[]).unwrap());
    });
    time("add 30d worth of hours: 210h", runs, |i| {
        std::hint::black_box(office.add(at(i), d("210h"), &[]).unwrap());
    });
    let pauses = vec![(utc("2026-03-03 10:00"), utc("2026-03-04 12:00"))];
    time("add 8h with a pause", runs, |i| {
        std::hint::black_box(office.add(at(i), d("8h"), &pauses).unwrap());
    });
    time("between over one year", 2_000, |i| {
        let end = at(i) + Duration::days(365);
        std::hint::black_box(office.between(at(i), end, &[]).unwrap());
    });
    time("timeline over one week", 2_000, |i| {
        let end = at(i) + Duration::days(7);
        std::hint::black_box(office.timeline(at(i), end, &[]));
    });
    let utc24 = Calendar::always();
    time("add 8h on 24x7", runs, |i| {
        std::hint::black_box(utc24.add(at(i), d("8h"), &[]).unwrap());
    });
    let closed = Calendar::new("closed", chrono_tz::UTC);
    time("add 1h on a closed calendar (error)", 200, |i| {
        assert!(closed.add(at(i), d("1h"), &[]).is_err());
    });
}
