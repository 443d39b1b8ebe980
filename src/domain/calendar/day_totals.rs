//! Business time between instants far apart, for many clocks on one calendar (a queue of
//! tickets overdue for months): whole UTC days between the two ends are worked out once,
//! remembered, and summed, instead of walking every working range again for every clock.
//! Business time is a measure of the interval, so cutting it at day boundaries changes nothing:
//! the result is exactly `Calendar::between` without pauses. A `DayTotals` borrows its calendar
//! for one computation, or owns a copy (`owned`) to be kept between uses and checked against
//! the stored calendar.

use chrono::{DateTime, Utc};
use std::borrow::Cow;

use super::arith::{Pauses, instant};
use super::{Calendar, CalendarError};

const DAY: i64 = 86_400;

pub struct DayTotals<'c> {
    cal: Cow<'c, Calendar>,
    /// The UTC day number of `sums[0]`.
    first_day: i64,
    /// `sums[i]`: business seconds from the start of `first_day` to the start of day
    /// `first_day + i`.
    sums: Vec<i64>,
}

impl<'c> DayTotals<'c> {
    pub fn new(cal: &'c Calendar) -> DayTotals<'c> {
        DayTotals {
            cal: Cow::Borrowed(cal),
            first_day: 0,
            sums: Vec::new(),
        }
    }

    /// Totals that keep their own copy of the calendar.
    pub fn owned(cal: Calendar) -> DayTotals<'static> {
        DayTotals {
            cal: Cow::Owned(cal),
            first_day: 0,
            sums: Vec::new(),
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
        let none = Pauses::new(&[]);
        if self.sums.is_empty() {
            self.first_day = d0;
            self.sums.push(0);
        }
        if d0 < self.first_day {
            // Days before: work them out and shift everything known by their total.
            let mut before = Vec::with_capacity((self.first_day - d0) as usize);
            let mut acc = 0;
            for d in d0..self.first_day {
                before.push(acc);
                acc += self.cal.between_secs(d * DAY, (d + 1) * DAY, &none)?;
            }
            for s in &mut self.sums {
                *s += acc;
            }
            before.append(&mut self.sums);
            self.sums = before;
            self.first_day = d0;
        }
        let mut last = self.first_day + self.sums.len() as i64 - 1;
        while last < d1 {
            let day = self.cal.between_secs(last * DAY, (last + 1) * DAY, &none)?;
            let next = self.sums[self.sums.len() - 1] + day;
            self.sums.push(next);
            last += 1;
        }
        Ok(())
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
}
