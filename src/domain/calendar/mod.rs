//! Business-hours calendars and the arithmetic SLA clocks are built on.
//!
//! A [`Calendar`] says when the clock runs: wall-clock working ranges per weekday in an IANA
//! zone, holidays (one-off and yearly), special dates whose ranges replace the usual hours,
//! and per-date breaks. On top of it: [`Calendar::add`] (a due time), [`Calendar::between`]
//! (business seconds elapsed) and [`Calendar::timeline`] (every second of `[from, to)`
//! explained), all with pauses.
//!
//! Conventions (shared with the test vectors in `tests/data/sla-vectors.json`):
//! - Ranges are wall-clock times in the calendar's zone. A range whose end is before its start
//!   runs past midnight and belongs to the weekday it starts on; holidays and specials apply
//!   to the day a range starts on.
//! - Business time is real elapsed time: an instant is working time when its wall-clock time
//!   lies inside a range. A skipped spring-forward hour is not worked; a repeated fall-back
//!   hour is worked twice.
//! - A budget that runs out exactly at a closing time is due at that closing time; adding
//!   zero returns the start unchanged, even outside hours.
//! - Arithmetic is to the whole second: sub-second parts of inputs are dropped (except that
//!   adding zero returns the start exactly as given).
//! - Pauses are half-open `[from, to)` intervals in which the clock stands still; they may
//!   overlap, be unsorted or lie outside working time. A pause whose end is not after its
//!   start is ignored.
//! - Searches are bounded: `add` gives up with [`CalendarError::NoWorkingTime`] after about
//!   five years of days without working time, and nothing goes past the year 9999.

mod arith;
mod day_totals;
mod days;
mod duration;
mod error;
mod repr;
mod spec;
mod time;
mod timeline;
mod zone;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

pub use day_totals::DayTotals;
pub use duration::{BusinessDuration, MAX_DURATION_DAYS, MAX_DURATION_SECONDS};
pub use error::CalendarError;
pub use spec::{parse_hours_line, parse_special};
pub use time::{HolidayDate, MonthDay, TimeOfDay, TimeRange, parse_weekday, weekday_name};
pub use timeline::{Segment, SegmentKind};

use time::{DAY, WEEK};

/// The name of the built-in calendar that is always working: wall-clock time.
pub const ALWAYS: &str = "24x7";

/// A business-hours calendar. See the module documentation for the conventions.
///
/// Fields are public so callers can build and edit calendars; call [`Calendar::validate`]
/// after editing. The arithmetic never panics on an unvalidated calendar (overlapping ranges
/// simply count once), but only validated calendars should be stored. Deserializing
/// validates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "repr::CalendarRepr", into = "repr::CalendarRepr")]
pub struct Calendar {
    pub name: String,
    pub zone: Tz,
    /// Working ranges per weekday, Monday first (index `Weekday::num_days_from_monday`).
    pub hours: [Vec<TimeRange>; 7],
    /// One-off closed dates.
    pub holidays: BTreeSet<NaiveDate>,
    /// Dates closed every year.
    pub recurring_holidays: BTreeSet<MonthDay>,
    /// Dates whose ranges replace the usual hours (an empty list closes the day). A special
    /// date wins over a holiday on the same date.
    pub specials: BTreeMap<NaiveDate, Vec<TimeRange>>,
    /// Ranges subtracted from a date's hours (whatever those are that day).
    pub date_breaks: BTreeMap<NaiveDate, Vec<TimeRange>>,
}

impl Calendar {
    /// A calendar that is closed every day, to be filled in.
    pub fn new(name: impl Into<String>, zone: Tz) -> Calendar {
        Calendar {
            name: name.into(),
            zone,
            hours: Default::default(),
            holidays: BTreeSet::new(),
            recurring_holidays: BTreeSet::new(),
            specials: BTreeMap::new(),
            date_breaks: BTreeMap::new(),
        }
    }

    /// The built-in `24x7` calendar: UTC, always working.
    pub fn always() -> Calendar {
        let mut cal = Calendar::new(ALWAYS, Tz::UTC);
        let whole_day = TimeRange::new(TimeOfDay::MIDNIGHT, TimeOfDay::END_OF_DAY);
        if let Ok(range) = whole_day {
            cal.hours = std::array::from_fn(|_| vec![range]);
        }
        cal
    }

    /// The working ranges of a weekday.
    pub fn hours_on(&self, day: Weekday) -> &[TimeRange] {
        &self.hours[day.num_days_from_monday() as usize]
    }

    /// Whether `date` is a (one-off or yearly) holiday. A special on the same date still
    /// opens it.
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.holidays.contains(&date) || self.recurring_holidays.contains(&MonthDay::of(date))
    }

    /// Checks what the types cannot: a usable name and no overlapping ranges, including an
    /// overnight range running into the next day's first range (Sunday into Monday too), and
    /// a special's ranges against its neighbours' hours.
    pub fn validate(&self) -> Result<(), CalendarError> {
        if self.name.trim().is_empty() {
            return Err(CalendarError::EmptyName);
        }
        if self.name.chars().any(char::is_control) {
            return Err(CalendarError::BadName(self.name.clone()));
        }
        let mut week = Vec::new();
        for (i, day) in WEEK.iter().enumerate() {
            let base = i as i64 * DAY;
            for range in &self.hours[i] {
                let (s, e) = range.span();
                let label = format!("{} {range}", weekday_name(*day));
                week.push((base + s, base + e, label.clone()));
                if i == 6 && e > DAY {
                    // Sunday's overnight range runs into Monday.
                    week.push((s - DAY, e - DAY, label));
                }
            }
        }
        check_overlaps(week)?;
        // A special against itself and the hours of the days either side (holidays aside).
        for date in self.specials.keys() {
            let mut items = Vec::new();
            let neighbours = [
                (-1, date.pred_opt()),
                (0, Some(*date)),
                (1, date.succ_opt()),
            ];
            for (shift, day) in neighbours {
                let Some(day) = day else { continue };
                let ranges = match self.specials.get(&day) {
                    Some(ranges) => ranges.as_slice(),
                    None => self.hours_on(chrono::Datelike::weekday(&day)),
                };
                for range in ranges {
                    let (s, e) = range.span();
                    items.push((shift * DAY + s, shift * DAY + e, format!("{day} {range}")));
                }
            }
            check_overlaps(items)?;
        }
        for (date, breaks) in &self.date_breaks {
            let items = breaks
                .iter()
                .map(|r| {
                    let (s, e) = r.span();
                    (s, e, r.to_string())
                })
                .collect();
            check_overlaps(items).map_err(|err| match err {
                CalendarError::Overlap { first, second } => CalendarError::BreakOverlap {
                    date: *date,
                    first,
                    second,
                },
                other => other,
            })?;
        }
        Ok(())
    }
}

/// Errors on the first pair of overlapping `[start, end)` items.
fn check_overlaps(mut items: Vec<(i64, i64, String)>) -> Result<(), CalendarError> {
    items.sort_by_key(|(s, e, _)| (*s, *e));
    let mut reach: Option<(i64, &str)> = None;
    for (s, e, label) in &items {
        if let Some((end, prev)) = reach
            && *s < end
        {
            return Err(CalendarError::Overlap {
                first: prev.to_string(),
                second: label.clone(),
            });
        }
        if reach.is_none_or(|(end, _)| *e > end) {
            reach = Some((*e, label));
        }
    }
    Ok(())
}
