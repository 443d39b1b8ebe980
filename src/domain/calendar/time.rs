//! The small value types a calendar is made of: a wall-clock time of day, a working range,
//! a yearly month-day, and weekday names.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, Weekday};

use super::error::CalendarError;

pub(crate) const DAY: i64 = 86_400;

/// A wall-clock time of day, to the second, from 00:00 to 24:00 inclusive.
///
/// `24:00` exists only to end a range (`18:00-24:00`, `00:00-24:00`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u32);

impl TimeOfDay {
    pub const MIDNIGHT: TimeOfDay = TimeOfDay(0);
    pub const END_OF_DAY: TimeOfDay = TimeOfDay(86_400);

    /// `None` unless `h < 24, m < 60, s < 60`, or exactly `24:00:00`.
    pub fn from_hms(h: u32, m: u32, s: u32) -> Option<TimeOfDay> {
        if h == 24 && m == 0 && s == 0 {
            return Some(Self::END_OF_DAY);
        }
        (h < 24 && m < 60 && s < 60).then_some(TimeOfDay(h * 3600 + m * 60 + s))
    }

    /// Seconds since midnight (0 to 86 400).
    pub fn seconds(self) -> u32 {
        self.0
    }
}

impl fmt::Display for TimeOfDay {
    /// `HH:MM`, or `HH:MM:SS` when the seconds are not zero.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m, s) = (self.0 / 3600, self.0 / 60 % 60, self.0 % 60);
        if s == 0 {
            write!(f, "{h:02}:{m:02}")
        } else {
            write!(f, "{h:02}:{m:02}:{s:02}")
        }
    }
}

fn small_number(s: &str, max_len: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl FromStr for TimeOfDay {
    type Err = CalendarError;

    /// `H:MM`, `HH:MM` or `HH:MM:SS`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || CalendarError::BadTime(text.to_string());
        let mut parts = text.trim().split(':');
        let h = parts
            .next()
            .and_then(|p| small_number(p, 2))
            .ok_or_else(bad)?;
        let m = parts
            .next()
            .filter(|p| p.len() == 2)
            .and_then(|p| small_number(p, 2))
            .ok_or_else(bad)?;
        let s = match parts.next() {
            None => 0,
            Some(p) if p.len() == 2 => small_number(p, 2).ok_or_else(bad)?,
            Some(_) => return Err(bad()),
        };
        if parts.next().is_some() {
            return Err(bad());
        }
        TimeOfDay::from_hms(h, m, s).ok_or_else(bad)
    }
}

/// A working (or break) range within one day's schedule.
///
/// A range whose end is before its start runs past midnight (`22:00-06:00`) and belongs to
/// the day it starts on. `24:00` is a valid end. A range never starts at 24:00 and never
/// starts where it ends, so every `TimeRange` covers some time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TimeRange {
    start: TimeOfDay,
    end: TimeOfDay,
}

impl TimeRange {
    pub fn new(start: TimeOfDay, end: TimeOfDay) -> Result<TimeRange, CalendarError> {
        let text = format!("{start}-{end}");
        if start == TimeOfDay::END_OF_DAY {
            return Err(CalendarError::StartsAtMidnightEnd(text));
        }
        // 00:00-00:00 and 09:00-09:00 are empty; 00:00-24:00 is the whole day.
        if start == end {
            return Err(CalendarError::EmptyRange(text));
        }
        Ok(TimeRange { start, end })
    }

    pub fn start(self) -> TimeOfDay {
        self.start
    }

    pub fn end(self) -> TimeOfDay {
        self.end
    }

    /// True when the range ends on the next day (`22:00-06:00`; `22:00-00:00`).
    pub fn is_overnight(self) -> bool {
        self.end < self.start
    }

    /// Start and end in seconds after the owning day's midnight; `end > start`, and
    /// `end` exceeds 86 400 for an overnight range.
    pub fn span(self) -> (i64, i64) {
        let s = i64::from(self.start.0);
        let e = i64::from(self.end.0);
        if e < s { (s, e + DAY) } else { (s, e) }
    }
}

impl fmt::Display for TimeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

impl FromStr for TimeRange {
    type Err = CalendarError;

    /// `HH:MM-HH:MM`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (a, b) = text
            .trim()
            .split_once('-')
            .ok_or_else(|| CalendarError::BadRange(text.to_string()))?;
        let start = a
            .parse::<TimeOfDay>()
            .map_err(|_| CalendarError::BadRange(text.to_string()))?;
        let end = b
            .parse::<TimeOfDay>()
            .map_err(|_| CalendarError::BadRange(text.to_string()))?;
        TimeRange::new(start, end)
    }
}

/// A day of the year that recurs (a yearly holiday such as 12-25). 02-29 only
/// matches leap years.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthDay {
    month: u32,
    day: u32,
}

impl MonthDay {
    pub fn new(month: u32, day: u32) -> Option<MonthDay> {
        // 2000 is a leap year, so 02-29 is accepted.
        NaiveDate::from_ymd_opt(2000, month, day).map(|_| MonthDay { month, day })
    }

    pub fn month(self) -> u32 {
        self.month
    }

    pub fn day(self) -> u32 {
        self.day
    }

    pub fn of(date: NaiveDate) -> MonthDay {
        MonthDay {
            month: date.month(),
            day: date.day(),
        }
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

/// A holiday as written on the command line: `2026-12-25` (once) or `12-26` (every year).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HolidayDate {
    Once(NaiveDate),
    Yearly(MonthDay),
}

impl FromStr for HolidayDate {
    type Err = CalendarError;

    /// A date a user typed: a year from 1970 to 2199 (`domain::time::check_sane`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        parse_holiday(text, 1970..2200)
    }
}

/// A holiday date with a year in `years`, or a yearly one.
fn parse_holiday(text: &str, years: std::ops::Range<i32>) -> Result<HolidayDate, CalendarError> {
    let bad = || CalendarError::BadDate(text.to_string());
    let parts: Vec<&str> = text.trim().split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            let (y, m, d) = (
                small_number(y, 4).ok_or_else(bad)?,
                small_number(m, 2).ok_or_else(bad)?,
                small_number(d, 2).ok_or_else(bad)?,
            );
            let y = i32::try_from(y).map_err(|_| bad())?;
            let date = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad)?;
            if !years.contains(&date.year()) {
                return Err(CalendarError::DateOutOfRange(text.trim().to_string()));
            }
            Ok(HolidayDate::Once(date))
        }
        [m, d] if m.len() == 2 && d.len() == 2 => {
            let (m, d) = (
                small_number(m, 2).ok_or_else(bad)?,
                small_number(d, 2).ok_or_else(bad)?,
            );
            MonthDay::new(m, d).map(HolidayDate::Yearly).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

/// A full date `YYYY-MM-DD` (specials and breaks) a user typed, 1970 to 2199.
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, CalendarError> {
    match text.parse::<HolidayDate>() {
        Ok(HolidayDate::Once(date)) => Ok(date),
        Err(e @ CalendarError::DateOutOfRange(_)) => Err(e),
        _ => Err(CalendarError::BadDate(text.to_string())),
    }
}

/// A full date as stored: any year from 1 (a calendar saved before tend bounded its dates
/// still loads; only new input is held to 1970..2199).
pub(crate) fn parse_stored_date(text: &str) -> Result<NaiveDate, CalendarError> {
    match parse_holiday(text, 1..10_000) {
        Ok(HolidayDate::Once(date)) => Ok(date),
        _ => Err(CalendarError::BadDate(text.to_string())),
    }
}

/// The three-letter lowercase name used in specs and JSON.
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// `mon`..`sun` or the full English name, in any case.
pub fn parse_weekday(text: &str) -> Result<Weekday, CalendarError> {
    let lower = text.trim().to_ascii_lowercase();
    let day = match lower.as_str() {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tuesday" => Weekday::Tue,
        "wed" | "wednesday" => Weekday::Wed,
        "thu" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return Err(CalendarError::BadDay(text.to_string())),
    };
    Ok(day)
}

pub(crate) const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];
