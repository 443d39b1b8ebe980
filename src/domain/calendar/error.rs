//! Everything that can go wrong with a calendar, one clear line each.
//!
//! User input quoted in a message goes through `{:?}`, so a stray newline or escape
//! sequence in a flag value is shown escaped and the message stays on one line.

use chrono::{DateTime, NaiveDate, Utc};
use thiserror::Error;

/// Errors from building, parsing or computing with a [`super::Calendar`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CalendarError {
    #[error("calendar name must not be empty")]
    EmptyName,
    #[error("calendar name {0:?} must not contain control characters")]
    BadName(String),
    #[error("unknown time zone {0:?} (expected an IANA name such as Europe/Berlin or UTC)")]
    UnknownZone(String),
    #[error("invalid time {0:?} (expected HH:MM from 00:00 to 24:00)")]
    BadTime(String),
    #[error("invalid time range {0:?} (expected HH:MM-HH:MM, e.g. 09:00-17:00 or 22:00-06:00)")]
    BadRange(String),
    #[error("time range {0:?} is empty: it starts where it ends")]
    EmptyRange(String),
    #[error("time range {0:?} starts at 24:00; 24:00 can only end a range")]
    StartsAtMidnightEnd(String),
    #[error("unknown day {0:?} (expected mon, tue, wed, thu, fri, sat or sun)")]
    BadDay(String),
    #[error(
        "invalid hours {0:?} (expected days then time ranges, e.g. \"mon-fri 09:00-12:00,13:00-17:00\")"
    )]
    BadHours(String),
    #[error("invalid date {0:?} (expected YYYY-MM-DD, or MM-DD for a yearly holiday)")]
    BadDate(String),
    #[error("date {0:?} is out of range: tend takes dates from 1970-01-01 to 2199-12-31")]
    DateOutOfRange(String),
    #[error(
        "invalid special day {0:?} (expected a date then time ranges or \"closed\", e.g. \"2026-12-24 09:00-12:00\")"
    )]
    BadSpecial(String),
    #[error("special day {0} is given twice")]
    DuplicateSpecial(NaiveDate),
    #[error("working ranges overlap: {first} and {second}")]
    Overlap { first: String, second: String },
    #[error("breaks overlap on {date}: {first} and {second}")]
    BreakOverlap {
        date: NaiveDate,
        first: String,
        second: String,
    },
    #[error("duration is empty (expected e.g. 90s, 45m, 4h, 1h30m or 3d)")]
    EmptyDuration,
    #[error("invalid duration {0:?} (expected e.g. 90s, 45m, 4h, 1h30m or 3d)")]
    BadDuration(String),
    #[error("duration {0:?} is negative; durations must be zero or more")]
    NegativeDuration(String),
    #[error(
        "duration {0:?}: business days count forwards only; count back in hours instead, such as -8h"
    )]
    NegativeDays(String),
    #[error("duration {0:?} is too large (at most 100 years)")]
    DurationTooLarge(String),
    #[error("calendar {name:?} has no working time within 5 years of {from}")]
    NoWorkingTime { name: String, from: DateTime<Utc> },
    #[error("end {to} is before start {from}")]
    EndBeforeStart {
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
    #[error("time out of the supported range (years 1 to 9999)")]
    OutOfRange,
}
