//! `add` and `between`: due times and elapsed business time, with pauses.

use chrono::{DateTime, Utc};

use super::Calendar;
use super::days::{Backward, Forward, IDLE_LIMIT, midnight, no_working_time};
use super::duration::BusinessDuration;
use super::error::CalendarError;
use super::zone::MAX_OFFSET;

type Spans = Vec<(i64, i64)>;

/// Pauses as sorted, merged, non-empty `[start, end)` intervals in Unix seconds.
pub(crate) struct Pauses(Vec<(i64, i64)>);

impl Pauses {
    pub fn new(pauses: &[(DateTime<Utc>, DateTime<Utc>)]) -> Pauses {
        let mut v: Vec<(i64, i64)> = pauses
            .iter()
            .map(|(a, b)| (a.timestamp(), b.timestamp()))
            .filter(|(a, b)| a < b)
            .collect();
        v.sort_unstable();
        let mut merged: Vec<(i64, i64)> = Vec::with_capacity(v.len());
        for (a, b) in v {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        Pauses(merged)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The end of the pause that `t` falls in, if it falls in one.
    pub fn end_of_pause_at(&self, t: i64) -> Option<i64> {
        let i = self.0.partition_point(|p| p.1 <= t);
        self.0.get(i).filter(|p| p.0 <= t).map(|p| p.1)
    }

    /// The parts of `[a, b)` the clock runs in (not paused), in order.
    pub fn free(&self, a: i64, b: i64) -> Vec<(i64, i64)> {
        self.split(a, b).0
    }

    /// `[a, b)` split into (running parts, paused parts), each in order.
    pub fn split(&self, a: i64, b: i64) -> (Spans, Spans) {
        let mut free = Vec::new();
        let mut paused = Vec::new();
        let mut at = a;
        let first = self.0.partition_point(|p| p.1 <= a);
        for &(ps, pe) in &self.0[first..] {
            if ps >= b {
                break;
            }
            if ps > at {
                free.push((at, ps));
            }
            let (x, y) = (ps.max(a), pe.min(b));
            if x < y {
                paused.push((x, y));
            }
            at = at.max(pe);
        }
        if at < b {
            free.push((at, b));
        }
        (free, paused)
    }
}

pub(crate) fn instant(t: i64) -> Result<DateTime<Utc>, CalendarError> {
    DateTime::from_timestamp(t, 0).ok_or(CalendarError::OutOfRange)
}

impl Calendar {
    /// The instant `d` of business time after `start`: a due time.
    ///
    /// Zero returns `start` unchanged. A budget that runs out exactly at a closing time is
    /// due at that closing time. Negative seconds count backwards (a budget that runs out
    /// exactly at an opening time gives that opening time). See [`BusinessDuration`] for
    /// what `Nd` means; with pauses, an `Nd` due time is moved later by the business time
    /// the pauses took out of `[start, due)`.
    ///
    /// Errors when the calendar has no working time within about five years, when the
    /// duration exceeds 100 years, or past the year 9999.
    pub fn add(
        &self,
        start: DateTime<Utc>,
        d: BusinessDuration,
        pauses: &[(DateTime<Utc>, DateTime<Utc>)],
    ) -> Result<DateTime<Utc>, CalendarError> {
        if d.is_zero() {
            return Ok(start);
        }
        d.check_size()?;
        let pauses = Pauses::new(pauses);
        let s = start.timestamp();
        let due = match d {
            BusinessDuration::Seconds(n) if n > 0 => self.add_forward(s, n, &pauses)?,
            BusinessDuration::Seconds(n) => self.add_backward(s, n.unsigned_abs(), &pauses)?,
            BusinessDuration::Days(n) => self.add_days(s, n, &pauses)?,
        };
        instant(due)
    }

    /// Business seconds in `[from, to)`, not counting paused time. With `to` before `from`,
    /// the business seconds in `[to, from)`, negated: `between(a, b) == -between(b, a)`, so
    /// `add(from, between(from, to))` is `to`'s business instant either way.
    pub fn between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        pauses: &[(DateTime<Utc>, DateTime<Utc>)],
    ) -> Result<i64, CalendarError> {
        if to < from {
            return self
                .between_secs(to.timestamp(), from.timestamp(), &Pauses::new(pauses))
                .map(|s| -s);
        }
        self.between_secs(from.timestamp(), to.timestamp(), &Pauses::new(pauses))
    }

    /// Whether `t` is working time (pauses aside). A closing time itself is not.
    pub fn is_working(&self, t: DateTime<Utc>) -> bool {
        let t = t.timestamp();
        let Ok(mut fw) = Forward::new(self, t, None) else {
            return false;
        };
        matches!(fw.next_before(t + 1), Ok(Some(iv)) if iv.start <= t)
    }

    pub(crate) fn between_secs(
        &self,
        f: i64,
        t: i64,
        pauses: &Pauses,
    ) -> Result<i64, CalendarError> {
        let mut fw = Forward::new(self, f, None)?;
        let mut total = 0;
        while let Some(iv) = fw.next_before(t)? {
            for (a, b) in pauses.free(iv.start, iv.end.min(t)) {
                total += b - a;
            }
        }
        Ok(total)
    }

    fn add_forward(&self, s: i64, n: i64, pauses: &Pauses) -> Result<i64, CalendarError> {
        let mut fw = Forward::new(self, s, Some(IDLE_LIMIT))?;
        let mut left = n;
        loop {
            let Some(iv) = fw.next_before(i64::MAX)? else {
                return Err(no_working_time(self, s));
            };
            let free = pauses.free(iv.start, iv.end);
            if free.is_empty()
                && let Some(end) = pauses.end_of_pause_at(iv.start)
                && end > iv.end
            {
                // Inside a long pause (a ticket pending for months): go on from its end instead
                // of walking every working range in it. The ranges from there are the same,
                // clipped at the same place, as those the walk would have reached.
                fw = Forward::new(self, end, Some(IDLE_LIMIT))?;
                continue;
            }
            for (a, b) in free {
                if left <= b - a {
                    return Ok(a + left);
                }
                left -= b - a;
            }
        }
    }

    fn add_backward(&self, s: i64, n: u64, pauses: &Pauses) -> Result<i64, CalendarError> {
        let mut bw = Backward::new(self, s)?;
        let mut left = i64::try_from(n).map_err(|_| CalendarError::OutOfRange)?;
        loop {
            let iv = bw.next()?;
            for (a, b) in pauses.free(iv.start, iv.end).into_iter().rev() {
                if left <= b - a {
                    return Ok(b - left);
                }
                left -= b - a;
            }
        }
    }

    /// `n` business days after `s`; see [`BusinessDuration::Days`].
    fn add_days(&self, s: i64, n: u32, pauses: &Pauses) -> Result<i64, CalendarError> {
        let mut fw = Forward::new(self, s, Some(IDLE_LIMIT))?;
        let Some(first) = fw.next_before(i64::MAX)? else {
            return Err(no_working_time(self, s));
        };
        // Wall-clock time of day of the (effective) start, relative to its business day's
        // midnight: beyond 24h for the after-midnight part of an overnight range.
        let rel = fw.zone.local(first.start) - midnight(first.date);
        let mut day = first.date;
        let mut count = 0;
        while count < n {
            let Some(iv) = fw.next_before(i64::MAX)? else {
                return Err(no_working_time(self, s));
            };
            if iv.date > day {
                day = iv.date;
                count += 1;
                if count == n {
                    let due = self.time_on_day(&mut fw, iv, rel)?;
                    return self.extend_by_pauses(s, due, pauses);
                }
            }
        }
        Ok(first.start)
    }

    /// On the target business day whose first interval is `first`: the first working instant
    /// at or after the wall-clock time `rel` past that day's midnight, or the day's last
    /// closing time.
    fn time_on_day(
        &self,
        fw: &mut Forward<'_>,
        first: super::days::Interval,
        rel: i64,
    ) -> Result<i64, CalendarError> {
        let day = first.date;
        let wanted = fw.zone.earliest_at_or_after(midnight(day) + rel);
        let mut iv = first;
        let mut last_end = first.end;
        // Intervals of `day` all start before this (a range ends within two days).
        let bound = midnight(day) + 2 * super::time::DAY + MAX_OFFSET;
        loop {
            if iv.date == day {
                if iv.end > wanted {
                    return Ok(wanted.max(iv.start));
                }
                last_end = iv.end;
            }
            match fw.next_before(bound)? {
                Some(next) if next.date <= day => iv = next,
                _ => return Ok(last_end),
            }
        }
    }

    /// A due time computed without pauses, moved later by the business time the pauses
    /// took out of `[s, due)`.
    fn extend_by_pauses(&self, s: i64, due: i64, pauses: &Pauses) -> Result<i64, CalendarError> {
        if pauses.is_empty() {
            return Ok(due);
        }
        let lost =
            self.between_secs(s, due, &Pauses(Vec::new()))? - self.between_secs(s, due, pauses)?;
        if lost == 0 {
            Ok(due)
        } else {
            self.add_forward(due, lost, pauses)
        }
    }
}
