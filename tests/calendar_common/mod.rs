//! Helpers shared by the calendar test files.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use tend::domain::calendar::{BusinessDuration, Calendar, SegmentKind};

pub type Pauses = Vec<(DateTime<Utc>, DateTime<Utc>)>;

/// `"2026-03-27 10:00"` or `"2026-03-27 10:00:30"` as UTC.
pub fn utc(text: &str) -> DateTime<Utc> {
    naive(text).and_utc()
}

/// A wall-clock time in `tz` (the earlier instant when it happens twice).
pub fn local(tz: Tz, text: &str) -> DateTime<Utc> {
    tz.from_local_datetime(&naive(text))
        .earliest()
        .expect("wall-clock time exists")
        .with_timezone(&Utc)
}

pub fn naive(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M"))
        .expect("test timestamp")
}

pub fn cal(tz: &str, hours: &[&str]) -> Calendar {
    cal_with(tz, hours, &[], &[])
}

pub fn cal_with(tz: &str, hours: &[&str], holidays: &[&str], specials: &[&str]) -> Calendar {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    Calendar::from_spec("test", tz, &s(hours), &s(holidays), &s(specials)).expect("valid calendar")
}

pub fn d(text: &str) -> BusinessDuration {
    text.parse().expect("duration")
}

pub fn add(c: &Calendar, start: DateTime<Utc>, dur: &str) -> DateTime<Utc> {
    c.add(start, d(dur), &[]).expect("add")
}

pub fn between(c: &Calendar, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    c.between(from, to, &[]).expect("between")
}

/// Checks the timeline's shape and that it agrees with `between`; returns it.
pub fn checked_timeline(
    c: &Calendar,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    pauses: &[(DateTime<Utc>, DateTime<Utc>)],
) -> Vec<tend::domain::calendar::Segment> {
    let segs = c.timeline(from, to, pauses);
    if to > from {
        assert_eq!(segs.first().map(|s| s.start), Some(from));
        assert_eq!(segs.last().map(|s| s.end), Some(to));
    }
    for w in segs.windows(2) {
        assert_eq!(w[0].end, w[1].start, "segments are contiguous");
    }
    for s in &segs {
        let zero_ok = matches!(s.kind, SegmentKind::DstGap { .. });
        assert!(s.end > s.start || (zero_ok && s.end == s.start), "{s:?}");
    }
    let sum = |k: fn(&SegmentKind) -> bool| -> i64 {
        segs.iter()
            .filter(|s| k(&s.kind))
            .map(|s| s.seconds())
            .sum()
    };
    let working = sum(|k| *k == SegmentKind::Working);
    let paused = sum(|k| *k == SegmentKind::Paused);
    assert_eq!(working, c.between(from, to, pauses).unwrap());
    assert_eq!(working + paused, c.between(from, to, &[]).unwrap());
    segs
}

pub fn office() -> Calendar {
    cal("UTC", &["mon-fri 09:00-17:00"])
}

pub fn date(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

pub type Row = (String, String, SegmentKind);

/// Segments as ("MM-DD HH:MM" UTC start, end, kind) for compact comparisons.
pub fn shape(segs: &[tend::domain::calendar::Segment]) -> Vec<Row> {
    let f = |t: DateTime<Utc>| t.format("%m-%d %H:%M").to_string();
    segs.iter()
        .map(|s| (f(s.start), f(s.end), s.kind))
        .collect()
}

pub fn row(a: &str, b: &str, kind: SegmentKind) -> Row {
    (a.to_string(), b.to_string(), kind)
}

pub fn holiday(d: &str) -> SegmentKind {
    SegmentKind::Holiday { date: date(d) }
}

pub fn special(d: &str) -> SegmentKind {
    SegmentKind::Special { date: date(d) }
}

pub fn gap(a: &str, b: &str) -> SegmentKind {
    SegmentKind::DstGap {
        wall_start: naive(a),
        wall_end: naive(b),
    }
}
