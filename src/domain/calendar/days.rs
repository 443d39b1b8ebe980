//! One day's schedule, and streams of working intervals in real time, day by day.
//!
//! A date's ranges (weekday hours, or its special, or none on a holiday, minus its breaks)
//! are wall-clock spans that may run into the next date. Mapped through the zone they become
//! real-time intervals; because of DST, intervals of neighbouring dates can arrive slightly
//! out of order, so the streams buffer a little and only hand out an interval once no later
//! date can produce an earlier one.

use chrono::{Datelike, NaiveDate};

use super::Calendar;
use super::error::CalendarError;
use super::time::DAY;
use super::zone::{MAX_OFFSET, Zone};

/// Days (about five years) a search for working time may cross without finding any.
pub(crate) const IDLE_LIMIT: u32 = 5 * 366;

/// Why a date's hours are what they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DayReason {
    Usual,
    Holiday,
    /// A special replaced the hours, or breaks cut into them.
    Special,
}

/// Seconds from 0001-01-01 to 1970-01-01 in days, for `from_num_days_from_ce`.
const CE_TO_UNIX_DAYS: i64 = 719_163;

pub(crate) fn min_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN)
}

pub(crate) fn max_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// Local seconds of a date's midnight.
pub(crate) fn midnight(date: NaiveDate) -> i64 {
    (i64::from(date.num_days_from_ce()) - CE_TO_UNIX_DAYS) * DAY
}

/// The date of a wall-clock time, within years 1..=9999.
pub(crate) fn date_of(local: i64) -> Result<NaiveDate, CalendarError> {
    let days = local.div_euclid(DAY) + CE_TO_UNIX_DAYS;
    i32::try_from(days)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .filter(|d| *d >= min_date() && *d <= max_date())
        .ok_or(CalendarError::OutOfRange)
}

fn subtract(ranges: &[(i64, i64)], cuts: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut out = ranges.to_vec();
    for &(cs, ce) in cuts {
        out = out
            .into_iter()
            .flat_map(|(s, e)| {
                let left = (s, e.min(cs));
                let right = (s.max(ce), e);
                [left, right].into_iter().filter(|(a, b)| a < b)
            })
            .collect();
    }
    out
}

impl Calendar {
    pub(crate) fn reason(&self, date: NaiveDate) -> DayReason {
        if self.specials.contains_key(&date) {
            DayReason::Special
        } else if self.is_holiday(date) {
            DayReason::Holiday
        } else if self.date_breaks.contains_key(&date) {
            DayReason::Special
        } else {
            DayReason::Usual
        }
    }

    /// The weekday hours of `date` as wall-clock spans (local seconds).
    pub(crate) fn usual_wall(&self, date: NaiveDate) -> Vec<(i64, i64)> {
        let base = midnight(date);
        self.hours_on(date.weekday())
            .iter()
            .map(|r| {
                let (s, e) = r.span();
                (base + s, base + e)
            })
            .collect()
    }

    /// The ranges that actually run on `date` as wall-clock spans (local seconds), sorted.
    pub(crate) fn actual_wall(&self, date: NaiveDate) -> Vec<(i64, i64)> {
        let base = midnight(date);
        let to_wall = |ranges: &[super::TimeRange]| -> Vec<(i64, i64)> {
            ranges
                .iter()
                .map(|r| {
                    let (s, e) = r.span();
                    (base + s, base + e)
                })
                .collect()
        };
        let mut wall = match self.specials.get(&date) {
            Some(ranges) => to_wall(ranges),
            None if self.is_holiday(date) => Vec::new(),
            None => to_wall(self.hours_on(date.weekday())),
        };
        if let Some(breaks) = self.date_breaks.get(&date) {
            wall = subtract(&wall, &to_wall(breaks));
        }
        wall.sort_unstable();
        wall
    }

    /// Real-time working intervals of `date`, in order.
    fn day_intervals(&self, zone: &mut Zone, date: NaiveDate, out: &mut Vec<Interval>) {
        let mut real = Vec::new();
        for (ws, we) in self.actual_wall(date) {
            zone.preimage(ws, we, &mut real);
        }
        out.extend(
            real.into_iter()
                .map(|(start, end)| Interval { start, end, date }),
        );
    }
}

/// A stretch of working time `[start, end)` (Unix seconds) from the ranges of `date`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Interval {
    pub start: i64,
    pub end: i64,
    pub date: NaiveDate,
}

/// Working intervals from an instant onwards, in time order, merged where ranges overlap.
pub(crate) struct Forward<'c> {
    cal: &'c Calendar,
    pub zone: Zone,
    next_date: NaiveDate,
    /// Sorted by start, latest first (popped from the end).
    buf: Vec<Interval>,
    /// Nothing before this is handed out again.
    floor: i64,
    idle_limit: Option<u32>,
    idle: u32,
    from: i64,
}

impl<'c> Forward<'c> {
    /// `idle_limit`: give up with `NoWorkingTime` after that many consecutive days without
    /// working time (for searches with no natural end).
    pub fn new(
        cal: &'c Calendar,
        from: i64,
        idle_limit: Option<u32>,
    ) -> Result<Self, CalendarError> {
        let mut zone = Zone::new(cal.zone);
        let local = zone.local(from);
        let first = date_of(local)?;
        let next_date = first
            .checked_sub_days(chrono::Days::new(3))
            .unwrap_or(first);
        Ok(Forward {
            cal,
            zone,
            next_date: next_date.max(min_date()),
            buf: Vec::new(),
            floor: from,
            idle_limit,
            idle: 0,
            from,
        })
    }

    /// The next working interval that starts (after clipping to what was already handed out)
    /// before `bound`, or `None` if there is none.
    pub fn next_before(&mut self, bound: i64) -> Result<Option<Interval>, CalendarError> {
        loop {
            while self.buf.last().is_some_and(|h| h.end <= self.floor) {
                self.buf.pop();
            }
            let watermark = midnight(self.next_date) - MAX_OFFSET;
            if let Some(head) = self.buf.last().copied()
                && head.start <= watermark
            {
                let start = head.start.max(self.floor);
                if start >= bound {
                    return Ok(None);
                }
                self.buf.pop();
                self.floor = head.end;
                self.idle = 0;
                return Ok(Some(Interval { start, ..head }));
            }
            if watermark >= bound {
                return Ok(None);
            }
            self.generate()?;
        }
    }

    fn generate(&mut self) -> Result<(), CalendarError> {
        let date = self.next_date;
        if date > max_date() {
            return Err(CalendarError::OutOfRange);
        }
        let before = self.buf.len();
        self.cal.day_intervals(&mut self.zone, date, &mut self.buf);
        let found = self.buf[before..].iter().any(|iv| iv.end > self.floor);
        self.buf
            .sort_unstable_by_key(|iv| std::cmp::Reverse(iv.start));
        if found {
            self.idle = 0;
        } else {
            self.idle += 1;
            if self.idle_limit.is_some_and(|limit| self.idle > limit) {
                return Err(no_working_time(self.cal, self.from));
            }
        }
        self.next_date = date.succ_opt().ok_or(CalendarError::OutOfRange)?;
        Ok(())
    }
}

/// Working intervals before an instant, latest first, merged where ranges overlap.
pub(crate) struct Backward<'c> {
    cal: &'c Calendar,
    zone: Zone,
    prev_date: NaiveDate,
    /// Sorted by end, latest last (popped from the end).
    buf: Vec<Interval>,
    ceiling: i64,
    idle: u32,
    from: i64,
}

impl<'c> Backward<'c> {
    pub fn new(cal: &'c Calendar, from: i64) -> Result<Self, CalendarError> {
        let mut zone = Zone::new(cal.zone);
        let local = zone.local(from);
        let first = date_of(local)?;
        let prev_date = first
            .checked_add_days(chrono::Days::new(2))
            .unwrap_or(first);
        Ok(Backward {
            cal,
            zone,
            prev_date: prev_date.min(max_date()),
            buf: Vec::new(),
            ceiling: from,
            idle: 0,
            from,
        })
    }

    /// The previous working interval (clipped to end at or before where the last one
    /// started). Gives up after [`IDLE_LIMIT`] days without working time.
    pub fn next(&mut self) -> Result<Interval, CalendarError> {
        loop {
            while self.buf.last().is_some_and(|h| h.start >= self.ceiling) {
                self.buf.pop();
            }
            // Dates up to `prev_date` end before its second midnight (in wall time).
            let watermark = midnight(self.prev_date) + 2 * DAY + MAX_OFFSET;
            if let Some(head) = self.buf.last().copied()
                && head.end >= watermark
            {
                self.buf.pop();
                let end = head.end.min(self.ceiling);
                self.ceiling = head.start;
                self.idle = 0;
                return Ok(Interval { end, ..head });
            }
            self.generate()?;
        }
    }

    fn generate(&mut self) -> Result<(), CalendarError> {
        let date = self.prev_date;
        if date < min_date() {
            return Err(CalendarError::OutOfRange);
        }
        let before = self.buf.len();
        self.cal.day_intervals(&mut self.zone, date, &mut self.buf);
        let found = self.buf[before..].iter().any(|iv| iv.start < self.ceiling);
        self.buf.sort_unstable_by_key(|iv| iv.end);
        if found {
            self.idle = 0;
        } else {
            self.idle += 1;
            if self.idle > IDLE_LIMIT {
                return Err(no_working_time(self.cal, self.from));
            }
        }
        self.prev_date = date.pred_opt().ok_or(CalendarError::OutOfRange)?;
        Ok(())
    }
}

pub(crate) fn no_working_time(cal: &Calendar, from: i64) -> CalendarError {
    CalendarError::NoWorkingTime {
        name: cal.name.clone(),
        from: chrono::DateTime::from_timestamp(from, 0).unwrap_or_default(),
    }
}
