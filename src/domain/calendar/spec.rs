//! The text forms the CLI takes: `--hours`, `--holiday` and `--special`.
//!
//! - `--hours "mon-fri 09:00-12:00,13:00-17:00"`: days, a space, then comma-separated ranges
//!   (or `closed`). Days are names (`mon` or `monday`, any case), ranges of names (`mon-fri`,
//!   and `fri-mon` wraps over the weekend) or comma lists (`sat,sun`). Repeatable; a day not
//!   mentioned is closed. A day given more than once gets the ranges of every mention,
//!   merged; ranges that then overlap are an error (so `mon-fri 09:00-17:00` plus
//!   `fri 18:00-20:00` is a long Friday, and `mon 09:00-17:00` plus `mon 16:00-18:00` is
//!   rejected).
//! - `--holiday 2026-12-25` (once) or `--holiday 12-26` (every year).
//! - `--special "2026-12-24 09:00-12:00"` replaces that date's hours;
//!   `--special "2026-12-31 closed"` closes it. A date may be special only once.

use chrono::Weekday;

use super::Calendar;
use super::error::CalendarError;
use super::repr::parse_zone;
use super::time::{HolidayDate, TimeRange, parse_date, parse_weekday};

impl Calendar {
    /// Builds and validates a calendar from CLI text.
    ///
    /// - `tz`: an IANA zone name (`Europe/Berlin`, `UTC`; any case).
    /// - `hours`: `"mon-fri 09:00-12:00,13:00-17:00"`: days, a space, then comma-separated
    ///   ranges or `closed`. Days are `mon`..`sun` or full names (any case), ranges of days
    ///   (`mon-fri`; `fri-mon` wraps over the weekend) or lists (`sat,sun`). `22:00-06:00`
    ///   runs past midnight and belongs to the day it starts; `24:00` ends a day. A day not
    ///   mentioned is closed. A day mentioned in several lines gets all their ranges; if
    ///   those overlap, that is an error.
    /// - `holidays`: `2026-12-25` (once) or `12-26` (every year).
    /// - `specials`: `"2026-12-24 09:00-12:00"` replaces that date's hours;
    ///   `"2026-12-31 closed"` closes it. A date may be given only once.
    pub fn from_spec(
        name: &str,
        tz: &str,
        hours: &[String],
        holidays: &[String],
        specials: &[String],
    ) -> Result<Calendar, CalendarError> {
        let mut cal = Calendar::new(name.trim(), parse_zone(tz)?);
        for line in hours {
            let (days, ranges) = parse_hours_line(line)?;
            for day in days {
                cal.hours[day.num_days_from_monday() as usize].extend(ranges.iter().copied());
            }
        }
        for ranges in &mut cal.hours {
            ranges.sort_by_key(|r| r.span());
        }
        for text in holidays {
            match text.parse::<HolidayDate>()? {
                HolidayDate::Once(date) => {
                    cal.holidays.insert(date);
                }
                HolidayDate::Yearly(md) => {
                    cal.recurring_holidays.insert(md);
                }
            }
        }
        for text in specials {
            let (date, ranges) = parse_special(text)?;
            if cal.specials.insert(date, ranges).is_some() {
                return Err(CalendarError::DuplicateSpecial(date));
            }
        }
        cal.validate()?;
        Ok(cal)
    }
}

/// `"mon-fri 09:00-12:00,13:00-17:00"` into its days and ranges.
pub fn parse_hours_line(line: &str) -> Result<(Vec<Weekday>, Vec<TimeRange>), CalendarError> {
    let (days, ranges) = line
        .trim()
        .split_once(char::is_whitespace)
        .ok_or_else(|| CalendarError::BadHours(line.to_string()))?;
    let mut out = Vec::new();
    for item in days.split(',') {
        let item = item.trim();
        if item.is_empty() {
            return Err(CalendarError::BadHours(line.to_string()));
        }
        match item.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (parse_weekday(a)?, parse_weekday(b)?);
                let mut day = a;
                loop {
                    out.push(day);
                    if day == b {
                        break;
                    }
                    day = day.succ();
                }
            }
            None => out.push(parse_weekday(item)?),
        }
    }
    out.sort_by_key(|d| d.num_days_from_monday());
    out.dedup();
    Ok((
        out,
        parse_ranges(ranges, || CalendarError::BadHours(line.to_string()))?,
    ))
}

/// `"2026-12-24 09:00-12:00"` or `"2026-12-31 closed"`.
pub fn parse_special(text: &str) -> Result<(chrono::NaiveDate, Vec<TimeRange>), CalendarError> {
    let bad = || CalendarError::BadSpecial(text.to_string());
    let (date, ranges) = text
        .trim()
        .split_once(char::is_whitespace)
        .ok_or_else(bad)?;
    let date = parse_date(date)?;
    Ok((date, parse_ranges(ranges, bad)?))
}

/// `closed`, or comma-separated ranges (spaces around commas allowed). Ranges within one
/// list must not overlap (checked later by `validate`).
fn parse_ranges(
    text: &str,
    bad: impl Fn() -> CalendarError,
) -> Result<Vec<TimeRange>, CalendarError> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("closed") {
        return Ok(Vec::new());
    }
    if text.is_empty() {
        return Err(bad());
    }
    text.split(',')
        .map(|r| r.trim().parse::<TimeRange>())
        .collect()
}
