//! Property tests over random calendars (zones with DST, overnight ranges, 24:00 ends,
//! holidays, specials), random starts and random pauses.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod calendar_common;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use proptest::prelude::*;
use tend::domain::calendar::{
    BusinessDuration, Calendar, CalendarError, MAX_DURATION_DAYS, MAX_DURATION_SECONDS, MonthDay,
    TimeOfDay, TimeRange,
};

const QUARTER: u32 = 900;
const DAY_Q: u32 = 96;

fn zones() -> Vec<Tz> {
    use chrono_tz::*;
    vec![
        UTC,
        Europe::Berlin,
        Europe::London,
        America::New_York,
        America::Sao_Paulo,
        Asia::Tehran,
        Asia::Kathmandu,
        Australia::Lord_Howe,
    ]
}

fn tod(q: u32) -> TimeOfDay {
    let s = q * QUARTER;
    TimeOfDay::from_hms(s / 3600, s / 60 % 60, 0).unwrap()
}

/// Week-long schedules on a quarter-hour grid: sorted distinct points in the week, paired
/// into ranges; a range crossing midnight becomes an overnight range of the day it starts.
fn week_from(points: &[u32]) -> [Vec<TimeRange>; 7] {
    let mut week: [Vec<TimeRange>; 7] = Default::default();
    for pair in points.chunks_exact(2) {
        let (s, mut e) = (pair[0], pair[1]);
        let day = s / DAY_Q;
        let day_end = (day + 1) * DAY_Q;
        if e > day_end && e - s >= DAY_Q {
            e = day_end;
        }
        let start = tod(s - day * DAY_Q);
        let end = if e <= day_end {
            tod(e - day * DAY_Q)
        } else {
            tod(e - day_end)
        };
        week[day as usize].push(TimeRange::new(start, end).unwrap());
    }
    week
}

#[derive(Debug, Clone)]
struct Setup {
    cal: Calendar,
    start: DateTime<Utc>,
    pauses: Vec<(DateTime<Utc>, DateTime<Utc>)>,
}

/// Any date 2015-2025, or (half the time) one in a DST season: mid-February, late March to
/// early April, mid-September to early November (Europe, the US, Brazil, Iran, Lord Howe).
fn base_date() -> impl Strategy<Value = NaiveDate> {
    let start = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    let any = (0i64..4000).prop_map(move |d| start + Duration::days(d));
    let seasons = (
        2015i32..2026,
        prop::sample::select(vec![(2u32, 10u32, 20i64), (3, 18, 22), (9, 15, 55)]),
    )
        .prop_flat_map(|(year, (month, day, span))| {
            (0..span).prop_map(move |off| {
                NaiveDate::from_ymd_opt(year, month, day).unwrap() + Duration::days(off)
            })
        });
    prop_oneof![any, seasons]
}

prop_compose! {
    fn setup()(
        zone in prop::sample::select(zones()),
        points in prop::collection::btree_set(0u32..7 * DAY_Q, 1..14),
        base in base_date(),
        second in 0i64..86_400,
        yearly in prop::collection::vec((1u32..=12, 1u32..=28), 0..3),
        once in prop::collection::vec(-3i64..40, 0..4),
        specials in prop::collection::vec((-3i64..40, prop::collection::btree_set(0u32..DAY_Q + 1, 0..5)), 0..3),
        pauses in prop::collection::vec((-2 * 86_400i64..20 * 86_400, -3600i64..3 * 86_400), 0..4),
    ) -> Setup {
        let points: Vec<u32> = points.into_iter().collect();
        let mut cal = Calendar::new("prop", zone);
        cal.hours = week_from(&points);
        for (m, d) in yearly {
            cal.recurring_holidays.insert(MonthDay::new(m, d).unwrap());
        }
        for off in once {
            cal.holidays.insert(base + Duration::days(off));
        }
        for (off, pts) in specials {
            let pts: Vec<u32> = pts.into_iter().collect();
            let ranges = pts
                .chunks_exact(2)
                .map(|p| TimeRange::new(tod(p[0]), tod(p[1])).unwrap())
                .collect();
            let date = base + Duration::days(off);
            cal.specials.insert(date, ranges);
            if cal.validate().is_err() {
                cal.specials.remove(&date);
            }
        }
        cal.validate().unwrap();
        let start = base.and_hms_opt(0, 0, 0).unwrap().and_utc() + Duration::seconds(second);
        let pauses = pauses
            .into_iter()
            .map(|(at, len)| {
                let a = start + Duration::seconds(at);
                (a, a + Duration::seconds(len))
            })
            .collect();
        Setup { cal, start, pauses }
    }
}

fn has_weekly_hours(c: &Calendar) -> bool {
    c.hours.iter().any(|d| !d.is_empty())
}

/// The ranges that run on `d`, as seconds after its midnight (independent of the crate's
/// own day logic).
fn oracle_ranges(c: &Calendar, d: NaiveDate) -> Vec<(i64, i64)> {
    let ranges: &[TimeRange] = match c.specials.get(&d) {
        Some(r) => r,
        None if c.is_holiday(d) => &[],
        None => c.hours_on(d.weekday()),
    };
    ranges.iter().map(|r| r.span()).collect()
}

/// Working status straight from chrono-tz: the wall clock lies in a range of its date, or
/// in the overnight part of the previous date's.
fn oracle_working(c: &Calendar, t: DateTime<Utc>) -> bool {
    let wall = t.with_timezone(&c.zone).naive_local();
    let date = wall.date();
    let s = i64::from(wall.time().num_seconds_from_midnight());
    oracle_ranges(c, date).iter().any(|&(a, b)| a <= s && s < b)
        || date.pred_opt().is_some_and(|p| {
            oracle_ranges(c, p)
                .iter()
                .any(|&(a, b)| a <= s + 86_400 && s + 86_400 < b)
        })
}

/// Business seconds by brute force. Ranges sit on a quarter-hour grid and every zone here
/// changes offset on one, so the status is constant on each UTC quarter hour.
fn oracle_between(c: &Calendar, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    let (f, t) = (from.timestamp(), to.timestamp());
    let mut slot = f - f.rem_euclid(i64::from(QUARTER));
    let mut total = 0;
    while slot < t {
        let next = slot + i64::from(QUARTER);
        if oracle_working(c, DateTime::from_timestamp(slot, 0).unwrap()) {
            total += next.min(t) - slot.max(f);
        }
        slot = next;
    }
    total
}

fn in_pause(pauses: &[(DateTime<Utc>, DateTime<Utc>)], t: DateTime<Utc>) -> bool {
    pauses.iter().any(|(a, b)| *a <= t && t < *b)
}

fn secs(n: i64) -> BusinessDuration {
    BusinessDuration::Seconds(n)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn between_undoes_add(s in setup(), n in 0i64..100 * 3600) {
        match s.cal.add(s.start, secs(n), &s.pauses) {
            Ok(due) => {
                prop_assert!(due >= s.start);
                prop_assert_eq!(s.cal.between(s.start, due, &s.pauses).unwrap(), n);
            }
            Err(CalendarError::NoWorkingTime { .. }) => prop_assert!(!has_weekly_hours(&s.cal)),
            Err(e) => prop_assert!(false, "unexpected {e}"),
        }
    }

    #[test]
    fn adding_in_two_steps_equals_adding_once(s in setup(), a in 0i64..40 * 3600, b in 0i64..40 * 3600) {
        prop_assume!(has_weekly_hours(&s.cal));
        let once = s.cal.add(s.start, secs(a + b), &s.pauses).unwrap();
        let mid = s.cal.add(s.start, secs(a), &s.pauses).unwrap();
        let twice = s.cal.add(mid, secs(b), &s.pauses).unwrap();
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn results_land_at_the_end_of_running_time(s in setup(), n in 1i64..100 * 3600) {
        prop_assume!(has_weekly_hours(&s.cal));
        let due = s.cal.add(s.start, secs(n), &s.pauses).unwrap();
        let before = due - Duration::seconds(1);
        prop_assert!(s.cal.is_working(before), "{due} - 1s is not working time");
        prop_assert!(oracle_working(&s.cal, before));
        prop_assert!(!in_pause(&s.pauses, before));
    }

    #[test]
    fn backwards_is_the_mirror_image(s in setup(), n in 1i64..60 * 3600) {
        prop_assume!(has_weekly_hours(&s.cal));
        let back = s.cal.add(s.start, secs(-n), &s.pauses).unwrap();
        prop_assert!(back < s.start);
        prop_assert!(s.cal.is_working(back));
        prop_assert!(!in_pause(&s.pauses, back));
        prop_assert_eq!(s.cal.between(back, s.start, &s.pauses).unwrap(), n);
    }

    #[test]
    fn between_is_additive(s in setup(), x in 0i64..12 * 86_400, y in 0i64..12 * 86_400) {
        let (x, y) = (x.min(y), x.max(y));
        let (a, b, c) = (s.start, s.start + Duration::seconds(x), s.start + Duration::seconds(y));
        let ab = s.cal.between(a, b, &s.pauses).unwrap();
        let bc = s.cal.between(b, c, &s.pauses).unwrap();
        prop_assert_eq!(s.cal.between(a, c, &s.pauses).unwrap(), ab + bc);
    }

}

proptest! {
    // The oracle checks get more cases: DST nights are rare even with the biased dates.
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn between_matches_a_brute_force_oracle(s in setup(), len in 0i64..10 * 86_400) {
        let to = s.start + Duration::seconds(len);
        prop_assert_eq!(s.cal.between(s.start, to, &[]).unwrap(), oracle_between(&s.cal, s.start, to));
    }

    #[test]
    fn is_working_matches_the_oracle(s in setup(), offsets in prop::collection::vec(0i64..14 * 86_400, 20)) {
        for off in offsets {
            let t = s.start + Duration::seconds(off);
            prop_assert_eq!(s.cal.is_working(t), oracle_working(&s.cal, t), "at {}", t);
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn timeline_accounts_for_every_second(s in setup(), len in 0i64..10 * 86_400) {
        calendar_common::checked_timeline(&s.cal, s.start, s.start + Duration::seconds(len), &s.pauses);
    }

    #[test]
    fn days_land_in_or_at_the_end_of_working_time(s in setup(), n in 1u32..8) {
        prop_assume!(has_weekly_hours(&s.cal));
        let due = s.cal.add(s.start, BusinessDuration::Days(n), &[]).unwrap();
        prop_assert!(due > s.start);
        prop_assert!(s.cal.is_working(due) || s.cal.is_working(due - Duration::seconds(1)));
        prop_assert!(s.cal.between(s.start, due, &[]).unwrap() > 0);
        if s.cal.zone == chrono_tz::UTC {
            let next = s.cal.add(s.start, BusinessDuration::Days(n + 1), &[]).unwrap();
            prop_assert!(next > due);
        }
        let paused = s.cal.add(s.start, BusinessDuration::Days(n), &s.pauses).unwrap();
        prop_assert!(paused >= due);
    }

    #[test]
    fn json_round_trips(s in setup()) {
        let text = serde_json::to_string(&s.cal).unwrap();
        prop_assert_eq!(serde_json::from_str::<Calendar>(&text).unwrap(), s.cal);
    }

    #[test]
    fn duration_text_round_trips(n in 0i64..=MAX_DURATION_SECONDS, days in 0u32..=MAX_DURATION_DAYS) {
        for d in [BusinessDuration::Seconds(n), BusinessDuration::Days(days)] {
            prop_assert_eq!(d.to_string().parse::<BusinessDuration>().unwrap(), d);
        }
    }

    #[test]
    fn parsing_never_panics(text in "\\PC{0,30}") {
        let _ = text.parse::<BusinessDuration>();
        let one = std::slice::from_ref(&text);
        let _ = Calendar::from_spec("x", "UTC", one, one, one);
    }
}

#[test]
fn oracle_sanity() {
    let c = calendar_common::cal("Europe/Berlin", &["sun 00:00-02:30"]);
    let day = |h| Utc.with_ymd_and_hms(2026, 10, 24, h, 0, 0).unwrap();
    assert_eq!(
        oracle_between(&c, day(12), day(12) + Duration::days(1)),
        3 * 3600
    );
}

/// Whether the clock runs at `t` (working time, not paused).
fn running_at(s: &Setup, t: DateTime<Utc>) -> bool {
    s.cal.is_working(t) && !in_pause(&s.pauses, t)
}

// Issue 11: business time both ways. `add(t, d)` lands at the end of running time (a budget
// that runs out at a closing time is due then); `add(t, -d)` lands at the start of running
// time (counting back to an opening time gives that opening time). So a round trip returns to
// the same business instant: `t` itself when `t` is inside running time on the side the
// trip ends on, else the nearest running edge, with no business time between it and `t`.
proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn forth_and_back_lands_on_the_same_business_instant(s in setup(), n in 1i64..60 * 3600) {
        prop_assume!(has_weekly_hours(&s.cal));
        let there = s.cal.add(s.start, secs(n), &s.pauses).unwrap();
        let back = s.cal.add(there, secs(-n), &s.pauses).unwrap();
        prop_assert!(back >= s.start);
        prop_assert_eq!(s.cal.between(s.start, back, &s.pauses).unwrap(), 0);
        // Backwards ends at the start of running time: `t` itself when the clock runs at `t`.
        prop_assert!(running_at(&s, back));
        if running_at(&s, s.start) {
            prop_assert_eq!(back, s.start);
        }
    }

    #[test]
    fn back_and_forth_lands_on_the_same_business_instant(s in setup(), n in 1i64..60 * 3600) {
        prop_assume!(has_weekly_hours(&s.cal));
        let back = s.cal.add(s.start, secs(-n), &s.pauses).unwrap();
        let there = s.cal.add(back, secs(n), &s.pauses).unwrap();
        prop_assert!(there <= s.start);
        prop_assert_eq!(s.cal.between(there, s.start, &s.pauses).unwrap(), 0);
        // Forwards ends at the end of running time: `t` itself when the clock ran just before.
        prop_assert!(running_at(&s, there - Duration::seconds(1)));
        if running_at(&s, s.start - Duration::seconds(1)) {
            prop_assert_eq!(there, s.start);
        }
    }

    #[test]
    fn between_is_antisymmetric(s in setup(), x in -12 * 86_400i64..12 * 86_400) {
        let other = s.start + Duration::seconds(x);
        let ab = s.cal.between(s.start, other, &s.pauses).unwrap();
        prop_assert_eq!(ab, -s.cal.between(other, s.start, &s.pauses).unwrap());
        prop_assert_eq!(ab.signum(), if ab == 0 { 0 } else { x.signum() });
        // Adding the (signed) business time between them gets from one to the other's
        // business instant.
        if ab != 0 {
            let to = s.cal.add(s.start, secs(ab), &s.pauses).unwrap();
            prop_assert_eq!(s.cal.between(to, other, &s.pauses).unwrap(), 0);
        }
    }

    #[test]
    fn signed_durations_parse_back(n in 1i64..=MAX_DURATION_SECONDS) {
        let d = BusinessDuration::Seconds(-n);
        prop_assert_eq!(BusinessDuration::parse_signed(&d.to_string()).unwrap(), d);
        prop_assert_eq!(BusinessDuration::parse_signed(&format!("{}", BusinessDuration::Seconds(n))).unwrap(), BusinessDuration::Seconds(n));
    }
}
