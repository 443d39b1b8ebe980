//! Business time between instants far apart, for many clocks on one calendar (a queue of
//! tickets overdue for months): whole UTC days between the two ends are worked out once,
//! remembered, and summed, instead of walking every working range again for every clock.
//! Business time is a measure of the interval, so cutting it at day boundaries changes nothing:
//! the result is exactly `Calendar::between` without pauses. A `DayTotals` borrows its calendar
//! for one computation, or owns a copy (`owned`) to be kept between uses and checked against
//! the stored calendar.
//!
//! Working out a day is itself cheap to skip: a "regular" UTC day (no holiday, special or
//! break on any local date near it, and one UTC offset all around it) has the business time
//! of every other regular day on the same weekday with the same offset, so it is worked out
//! once per (offset, weekday) and looked up after that. A ticket opened decades ago costs a
//! few table lookups per day instead of a walk through the calendar.

use chrono::{DateTime, NaiveDate, Utc};
use std::borrow::Cow;

use super::arith::{Pauses, instant};
use super::days::DayReason;
use super::zone::Zone;
use super::{Calendar, CalendarError};

const DAY: i64 = 86_400;

pub struct DayTotals<'c> {
    cal: Cow<'c, Calendar>,
    /// The UTC day number of `sums[0]`.
    first_day: i64,
    /// `sums[i]`: business seconds from the start of `first_day` to the start of day
    /// `first_day + i`.
    sums: Vec<i64>,
    /// Business seconds of a regular day, by (UTC offset, weekday): a handful of entries.
    regular: Vec<((i64, i64), i64)>,
}

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const CE_TO_UNIX_DAYS: i64 = 719_163;

/// The date numbered `n` days from 1970-01-01.
fn date(n: i64) -> Option<NaiveDate> {
    i32::try_from(n + CE_TO_UNIX_DAYS)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// Local dates `d - DATES ..= d + DATES` may have ranges reaching into UTC day `d` (an
/// offset of up to 26 hours, a range running past midnight into the next day).
const DATES: i64 = 3;
/// And the offset must not change within `d - OFFSET_DAYS .. d + 1 + OFFSET_DAYS`.
const OFFSET_DAYS: i64 = 5;

impl<'c> DayTotals<'c> {
    pub fn new(cal: &'c Calendar) -> DayTotals<'c> {
        DayTotals {
            cal: Cow::Borrowed(cal),
            first_day: 0,
            sums: Vec::new(),
            regular: Vec::new(),
        }
    }

    /// Totals that keep their own copy of the calendar.
    pub fn owned(cal: Calendar) -> DayTotals<'static> {
        DayTotals {
            cal: Cow::Owned(cal),
            first_day: 0,
            sums: Vec::new(),
            regular: Vec::new(),
        }
    }

    /// The calendar these totals are of.
    pub fn calendar(&self) -> &Calendar {
        &self.cal
    }

    /// Business seconds in `[from, to)`; errors when `to` is before `from`.
    pub fn between(
        &mut self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<i64, CalendarError> {
        if to < from {
            return Err(CalendarError::EndBeforeStart { from, to });
        }
        let (f, t) = (from.timestamp(), to.timestamp());
        let none = Pauses::new(&[]);
        // The whole days inside the span.
        let (d0, d1) = (f.div_euclid(DAY) + 1, t.div_euclid(DAY));
        if d1 - d0 < 2 {
            return self.cal.between_secs(f, t, &none);
        }
        let head = self.cal.between_secs(f, d0 * DAY, &none)?;
        let tail = self.cal.between_secs(d1 * DAY, t, &none)?;
        self.cover(d0, d1)?;
        let at = |d: i64| self.sums[(d - self.first_day) as usize];
        Ok(head + (at(d1) - at(d0)) + tail)
    }

    /// Business seconds in `[from, to)` not counting the `pauses`: exactly `Calendar::between`
    /// with pauses, as business time in `[from, to)` is that in its running parts plus that in
    /// its paused parts.
    pub fn between_paused(
        &mut self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        pauses: &[(DateTime<Utc>, DateTime<Utc>)],
    ) -> Result<i64, CalendarError> {
        let mut total = self.between(from, to)?;
        let (f, t) = (from.timestamp(), to.timestamp());
        for (a, b) in Pauses::new(pauses).split(f, t).1 {
            total -= self.between(instant(a)?, instant(b)?)?;
        }
        Ok(total)
    }

    /// Makes `sums` reach from day `d0` to day `d1` (both as day starts).
    fn cover(&mut self, d0: i64, d1: i64) -> Result<(), CalendarError> {
        if self.sums.is_empty() {
            self.first_day = d0;
            self.sums.push(0);
        }
        if d0 < self.first_day {
            // Days before: work them out and shift everything known by their total.
            let days = self.day_values(d0, self.first_day)?;
            let mut before = Vec::with_capacity(days.len() + self.sums.len());
            let mut acc = 0;
            for v in days {
                before.push(acc);
                acc += v;
            }
            for s in &mut self.sums {
                *s += acc;
            }
            before.append(&mut self.sums);
            self.sums = before;
            self.first_day = d0;
        }
        let last = self.first_day + self.sums.len() as i64 - 1;
        if last < d1 {
            for v in self.day_values(last, d1)? {
                let next = self.sums[self.sums.len() - 1] + v;
                self.sums.push(next);
            }
        }
        Ok(())
    }

    /// Business seconds of each UTC day in `[d0, d1)`.
    fn day_values(&mut self, d0: i64, d1: i64) -> Result<Vec<i64>, CalendarError> {
        let none = Pauses::new(&[]);
        let mut zone = Zone::new(self.cal.zone);
        let pieces = zone.pieces((d0 - OFFSET_DAYS) * DAY, (d1 + 1 + OFFSET_DAYS) * DAY);
        // Whether each local date from d0 - DATES to d1 + DATES has its usual hours.
        let plain = self.cal.holidays.is_empty()
            && self.cal.recurring_holidays.is_empty()
            && self.cal.specials.is_empty()
            && self.cal.date_breaks.is_empty();
        let mut day = date(d0 - DATES);
        let usual: Vec<bool> = (d0 - DATES..d1 + DATES)
            .map(|_| {
                let this = day;
                day = day.and_then(|d| d.succ_opt());
                this.is_some_and(|d| plain || self.cal.reason(d) == DayReason::Usual)
            })
            .collect();
        let mut out = Vec::with_capacity((d1 - d0).max(0) as usize);
        let mut p = 0;
        for d in d0..d1 {
            let (lo, hi) = ((d - OFFSET_DAYS) * DAY, (d + 1 + OFFSET_DAYS) * DAY);
            while pieces.get(p).is_some_and(|pc| pc.end <= lo) {
                p += 1;
            }
            let steady = pieces
                .get(p)
                .filter(|pc| pc.start <= lo && pc.end >= hi)
                .map(|pc| pc.offset);
            let i = (d - d0) as usize;
            let dates_usual = usual
                .get(i..=i + 2 * DATES as usize)
                .is_some_and(|w| w.iter().all(|u| *u));
            let exact = |cal: &Calendar| cal.between_secs(d * DAY, (d + 1) * DAY, &none);
            let v = match steady {
                Some(offset) if dates_usual => {
                    let key = (offset, d.rem_euclid(7));
                    match self.regular.iter().find(|(k, _)| *k == key) {
                        Some((_, v)) => *v,
                        None => {
                            let v = exact(&self.cal)?;
                            self.regular.push((key, v));
                            v
                        }
                    }
                }
                _ => exact(&self.cal)?,
            };
            out.push(v);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn calendars() -> Vec<Calendar> {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let berlin = Calendar::from_spec(
            "berlin",
            "Europe/Berlin",
            &s(&["mon-fri 09:00-12:00,13:00-17:00", "sat 22:00-06:00"]),
            &s(&["12-25", "2025-04-18"]),
            &s(&["2025-12-24 09:00-12:00"]),
        )
        .unwrap();
        let ny = Calendar::from_spec(
            "ny",
            "America/New_York",
            &s(&["mon-sun 00:00-24:00"]),
            &[],
            &[],
        )
        .unwrap();
        vec![berlin, ny, Calendar::always()]
    }

    #[test]
    fn sums_of_whole_days_equal_walking_the_calendar() {
        let base = Utc
            .with_ymd_and_hms(2023, 1, 1, 0, 0, 0)
            .unwrap()
            .timestamp();
        for cal in calendars() {
            let mut totals = DayTotals::new(&cal);
            // A fixed pseudo-random walk over spans from seconds to three years, both ways in
            // time, so the remembered days grow at both ends.
            let mut x: u64 = 0x2545_f491_4f6c_dd1d;
            for _ in 0..300 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let a = base + (x % (3 * 365 * DAY as u64)) as i64;
                let len = match x % 4 {
                    0 => (x >> 8) % 7200,
                    1 => (x >> 8) % (3 * DAY as u64),
                    _ => (x >> 8) % (1000 * DAY as u64),
                } as i64;
                let (from, to) = (
                    Utc.timestamp_opt(a, 0).unwrap(),
                    Utc.timestamp_opt(a + len, 0).unwrap(),
                );
                assert_eq!(
                    totals.between(from, to).unwrap(),
                    cal.between(from, to, &[]).unwrap(),
                    "{} {from} {to}",
                    cal.name
                );
                // Pauses (a ticket pending now and then, some reaching past either end).
                let at = |k: u64| {
                    Utc.timestamp_opt(
                        a - DAY + ((x >> k) % (len as u64 + 2 * DAY as u64)) as i64,
                        0,
                    )
                    .unwrap()
                };
                let mut cuts = [at(3), at(11), at(19), at(27)];
                cuts.sort();
                let pauses = [(cuts[0], cuts[1]), (cuts[2], cuts[3])];
                assert_eq!(
                    totals.between_paused(from, to, &pauses).unwrap(),
                    cal.between(from, to, &pauses).unwrap(),
                    "{} {from} {to} {pauses:?}",
                    cal.name
                );
            }
            let now = Utc::now();
            assert!(
                totals
                    .between(now, now - chrono::Duration::seconds(1))
                    .is_err()
            );
        }
    }

    #[test]
    fn decades_long_spans_equal_walking_the_calendar() {
        // Berlin has had DST since 1980 and the calendar has holidays, specials and breaks:
        // the regular-day shortcut must agree with walking every range.
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let mut cals = calendars();
        cals.push(
            Calendar::from_spec(
                "kolkata",
                "Asia/Kolkata",
                &s(&["mon-fri 09:30-18:00", "sun 23:00-01:00"]),
                &s(&["01-26", "1999-12-31"]),
                &s(&["1980-03-30 10:00-11:00"]),
            )
            .unwrap(),
        );
        let at = |y, m, d, h| Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap();
        for cal in cals {
            let mut totals = DayTotals::new(&cal);
            for (from, to) in [
                (at(1970, 1, 1, 0), at(2026, 12, 3, 13)),
                (at(1979, 6, 1, 5), at(1984, 11, 2, 7)),
                (at(1975, 3, 3, 9), at(2025, 4, 18, 11)),
            ] {
                assert_eq!(
                    totals.between(from, to).unwrap(),
                    cal.between(from, to, &[]).unwrap(),
                    "{} {from} {to}",
                    cal.name
                );
            }
        }
    }
}
