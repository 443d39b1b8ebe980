//! The stored JSON form of a calendar. Deserializing validates.
//!
//! ```json
//! {
//!   "name": "office",
//!   "timezone": "Europe/Berlin",
//!   "hours": { "mon": [["09:00", "12:00"], ["13:00", "17:00"]], "sat": [] },
//!   "holidays": ["2026-12-25"],
//!   "recurring_holidays": ["12-26"],
//!   "specials": { "2026-12-24": [["09:00", "12:00"]], "2026-12-31": [] },
//!   "date_breaks": { "2026-06-01": [["12:00", "14:00"]] }
//! }
//! ```
//! A weekday left out of `hours` is closed.

use std::collections::BTreeMap;

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::error::CalendarError;
use super::time::{HolidayDate, TimeOfDay, TimeRange, parse_stored_date};
use super::{Calendar, MonthDay};

type RangeRepr = (String, String);

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct WeekRepr {
    #[serde(default)]
    mon: Vec<RangeRepr>,
    #[serde(default)]
    tue: Vec<RangeRepr>,
    #[serde(default)]
    wed: Vec<RangeRepr>,
    #[serde(default)]
    thu: Vec<RangeRepr>,
    #[serde(default)]
    fri: Vec<RangeRepr>,
    #[serde(default)]
    sat: Vec<RangeRepr>,
    #[serde(default)]
    sun: Vec<RangeRepr>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CalendarRepr {
    name: String,
    timezone: String,
    #[serde(default)]
    hours: WeekRepr,
    #[serde(default)]
    holidays: Vec<String>,
    #[serde(default)]
    recurring_holidays: Vec<String>,
    #[serde(default)]
    specials: BTreeMap<String, Vec<RangeRepr>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    date_breaks: BTreeMap<String, Vec<RangeRepr>>,
}

fn range_repr(r: &TimeRange) -> RangeRepr {
    (r.start().to_string(), r.end().to_string())
}

fn ranges_repr(ranges: &[TimeRange]) -> Vec<RangeRepr> {
    ranges.iter().map(range_repr).collect()
}

fn parse_ranges(ranges: &[RangeRepr]) -> Result<Vec<TimeRange>, CalendarError> {
    ranges
        .iter()
        .map(|(a, b)| {
            let text = format!("{a}-{b}");
            let start = a
                .parse::<TimeOfDay>()
                .map_err(|_| CalendarError::BadRange(text.clone()))?;
            let end = b
                .parse::<TimeOfDay>()
                .map_err(|_| CalendarError::BadRange(text.clone()))?;
            TimeRange::new(start, end)
        })
        .collect()
}

fn parse_dated(
    map: &BTreeMap<String, Vec<RangeRepr>>,
) -> Result<BTreeMap<chrono::NaiveDate, Vec<TimeRange>>, CalendarError> {
    map.iter()
        .map(|(date, ranges)| Ok((parse_stored_date(date)?, parse_ranges(ranges)?)))
        .collect()
}

impl From<Calendar> for CalendarRepr {
    fn from(cal: Calendar) -> CalendarRepr {
        let [mon, tue, wed, thu, fri, sat, sun] = cal.hours.each_ref().map(|r| ranges_repr(r));
        let dated = |map: &BTreeMap<chrono::NaiveDate, Vec<TimeRange>>| {
            map.iter()
                .map(|(date, ranges)| (date.to_string(), ranges_repr(ranges)))
                .collect()
        };
        CalendarRepr {
            name: cal.name.clone(),
            timezone: cal.zone.name().to_string(),
            hours: WeekRepr {
                mon,
                tue,
                wed,
                thu,
                fri,
                sat,
                sun,
            },
            holidays: cal.holidays.iter().map(|d| d.to_string()).collect(),
            recurring_holidays: cal
                .recurring_holidays
                .iter()
                .map(MonthDay::to_string)
                .collect(),
            specials: dated(&cal.specials),
            date_breaks: dated(&cal.date_breaks),
        }
    }
}

impl TryFrom<CalendarRepr> for Calendar {
    type Error = CalendarError;

    fn try_from(repr: CalendarRepr) -> Result<Calendar, CalendarError> {
        let zone = parse_zone(&repr.timezone)?;
        let mut cal = Calendar::new(repr.name, zone);
        let w = &repr.hours;
        let week = [&w.mon, &w.tue, &w.wed, &w.thu, &w.fri, &w.sat, &w.sun];
        for (slot, ranges) in cal.hours.iter_mut().zip(week) {
            *slot = parse_ranges(ranges)?;
        }
        for text in &repr.holidays {
            cal.holidays.insert(parse_stored_date(text)?);
        }
        for text in &repr.recurring_holidays {
            match text.parse::<HolidayDate>() {
                Ok(HolidayDate::Yearly(md)) => {
                    cal.recurring_holidays.insert(md);
                }
                _ => return Err(CalendarError::BadDate(text.clone())),
            }
        }
        cal.specials = parse_dated(&repr.specials)?;
        cal.date_breaks = parse_dated(&repr.date_breaks)?;
        cal.validate()?;
        Ok(cal)
    }
}

/// An IANA zone name such as `Europe/Berlin`, `UTC` or `Etc/UTC`; any case
/// (`europe/berlin`), stored under its canonical spelling.
pub(super) fn parse_zone(text: &str) -> Result<Tz, CalendarError> {
    let name = text.trim();
    name.parse::<Tz>()
        .ok()
        .or_else(|| {
            chrono_tz::TZ_VARIANTS
                .iter()
                .copied()
                .find(|tz| tz.name().eq_ignore_ascii_case(name))
        })
        .ok_or_else(|| CalendarError::UnknownZone(text.to_string()))
}
