//! The working time of a clock's calendar ahead of a moment, so a screen can count a business
//! clock down between reloads exactly as the engine would: only working seconds count.

use chrono::{DateTime, Duration, Utc};

use crate::domain::calendar::{Calendar, SegmentKind};

/// How far past the due time (or past `from`, for a clock already overdue) spans are given.
pub const HORIZON_DAYS: i64 = 7;
/// At most this many working intervals are given.
pub const MAX_SPANS: usize = 64;
/// And never more than this many days of calendar are looked at (a due time months away).
pub const MAX_DAYS: i64 = 120;

/// The working intervals of a calendar in `[from, until)`, sorted, not overlapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingSpans {
    pub from: DateTime<Utc>,
    /// Past this the spans say nothing: the clock needs reloading.
    pub until: DateTime<Utc>,
    pub spans: Vec<(DateTime<Utc>, DateTime<Utc>)>,
}

impl WorkingSpans {
    /// The working intervals of `cal` from `from`, until [`HORIZON_DAYS`] past `due` (or past
    /// `from` when `due` is earlier), [`MAX_DAYS`] past `from`, or the end of the
    /// [`MAX_SPANS`]th interval, whichever comes first.
    pub fn ahead(cal: &Calendar, from: DateTime<Utc>, due: Option<DateTime<Utc>>) -> WorkingSpans {
        let base = due.map_or(from, |d| d.max(from));
        let far = |t: DateTime<Utc>, days| t.checked_add_signed(Duration::days(days)).unwrap_or(t);
        let mut until = far(base, HORIZON_DAYS).min(far(from, MAX_DAYS));
        let mut spans: Vec<(DateTime<Utc>, DateTime<Utc>)> = cal
            .timeline(from, until, &[])
            .into_iter()
            .filter(|s| s.kind == SegmentKind::Working && s.end > s.start)
            .map(|s| (s.start, s.end))
            .collect();
        if spans.len() > MAX_SPANS {
            spans.truncate(MAX_SPANS);
            if let Some(last) = spans.last() {
                until = last.1;
            }
        }
        WorkingSpans { from, until, spans }
    }

    /// Working seconds in `[self.from, to)`; `None` when `to` is past the horizon.
    pub fn worked_until(&self, to: DateTime<Utc>) -> Option<i64> {
        if to > self.until {
            return None;
        }
        Some(
            self.spans
                .iter()
                .map(|&(s, e)| (e.min(to) - s.max(self.from)).num_seconds().max(0))
                .sum(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn cal() -> Calendar {
        Calendar::from_spec("b", "UTC", &["mon-fri 09:00-17:00".into()], &[], &[]).unwrap()
    }

    #[test]
    fn counts_only_working_seconds_up_to_the_horizon() {
        // Friday 2026-11-20 16:00.
        let from = Utc.with_ymd_and_hms(2026, 11, 20, 16, 0, 0).unwrap();
        let due = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap();
        let w = WorkingSpans::ahead(&cal(), from, Some(due));
        let at = |d, h| Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap();
        assert_eq!(w.worked_until(at(20, 16)), Some(0));
        assert_eq!(w.worked_until(at(20, 17)), Some(3600));
        assert_eq!(w.worked_until(at(22, 23)), Some(3600));
        assert_eq!(w.worked_until(at(23, 12)), Some(4 * 3600));
        assert_eq!(w.until, at(30, 12));
        assert_eq!(w.worked_until(at(30, 13)), None);
    }

    #[test]
    fn at_most_so_many_spans() {
        let from = Utc.with_ymd_and_hms(2026, 1, 5, 0, 0, 0).unwrap();
        let due = Utc.with_ymd_and_hms(2027, 1, 5, 0, 0, 0).unwrap();
        let w = WorkingSpans::ahead(&cal(), from, Some(due));
        assert_eq!(w.spans.len(), MAX_SPANS);
        assert_eq!(w.until, w.spans[MAX_SPANS - 1].1);
    }
}
