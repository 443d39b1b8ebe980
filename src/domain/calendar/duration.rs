//! Business durations: `90s`, `45m`, `4h`, `1h30m`, `3d`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::error::CalendarError;

/// The largest duration accepted in seconds: 100 years.
pub const MAX_DURATION_SECONDS: i64 = 100 * 366 * 86_400;
/// The largest duration accepted in business days.
pub const MAX_DURATION_DAYS: u32 = 36_600;

/// An amount of business time.
///
/// - `Seconds(n)`: `n` seconds of working time. Negative values count backwards (the text
///   form never produces them; `add` accepts them).
/// - `Days(n)`: `n` business days: the same wall-clock time of day on the `n`-th business day
///   after the start's business day (a business day is a date with working time after
///   holidays and specials). A start outside working hours counts from the next opening. When
///   that time of day is not working time on the target day, the next working time of that
///   day is used, or the day's last closing time if none is left.
///
/// The text form is `<n><unit>` with units `h`, `m`, `s` in that order, each at most once
/// (`1h30m`, `90s`, `2h15s`), or `<n>d` alone. [`fmt::Display`] writes a form that parses
/// back to the same value (`90s` is shown as `1m30s`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum BusinessDuration {
    Seconds(i64),
    Days(u32),
}

impl BusinessDuration {
    pub fn hours(n: i64) -> BusinessDuration {
        BusinessDuration::Seconds(n.saturating_mul(3600))
    }

    pub fn minutes(n: i64) -> BusinessDuration {
        BusinessDuration::Seconds(n.saturating_mul(60))
    }

    pub fn is_zero(self) -> bool {
        matches!(
            self,
            BusinessDuration::Seconds(0) | BusinessDuration::Days(0)
        )
    }

    /// Parses a duration that may count backwards: `-4h` is four hours of business time
    /// before. Business days count forwards only (`-3d` is refused: give hours, which a
    /// calendar can count back exactly).
    pub fn parse_signed(text: &str) -> Result<BusinessDuration, CalendarError> {
        let Some(rest) = text.trim().strip_prefix('-') else {
            return text.parse();
        };
        match rest.parse::<BusinessDuration>() {
            Ok(BusinessDuration::Seconds(n)) => Ok(BusinessDuration::Seconds(-n)),
            Ok(BusinessDuration::Days(_)) => Err(CalendarError::NegativeDays(text.trim().into())),
            Err(CalendarError::DurationTooLarge(_)) => {
                Err(CalendarError::DurationTooLarge(text.to_string()))
            }
            Err(_) => Err(CalendarError::BadDuration(text.to_string())),
        }
    }

    /// Errors when the value is beyond the documented maximum (100 years).
    pub(crate) fn check_size(self) -> Result<(), CalendarError> {
        let ok = match self {
            BusinessDuration::Seconds(n) => n.unsigned_abs() <= MAX_DURATION_SECONDS as u64,
            BusinessDuration::Days(n) => n <= MAX_DURATION_DAYS,
        };
        if ok {
            Ok(())
        } else {
            Err(CalendarError::DurationTooLarge(self.to_string()))
        }
    }
}

impl fmt::Display for BusinessDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            BusinessDuration::Days(n) => write!(f, "{n}d"),
            BusinessDuration::Seconds(n) => {
                if n < 0 {
                    f.write_str("-")?;
                }
                let n = n.unsigned_abs();
                let (h, m, s) = (n / 3600, n / 60 % 60, n % 60);
                if n == 0 {
                    return f.write_str("0s");
                }
                if h > 0 {
                    write!(f, "{h}h")?;
                }
                if m > 0 {
                    write!(f, "{m}m")?;
                }
                if s > 0 {
                    write!(f, "{s}s")?;
                }
                Ok(())
            }
        }
    }
}

impl FromStr for BusinessDuration {
    type Err = CalendarError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(CalendarError::EmptyDuration);
        }
        if trimmed.starts_with('-') {
            return Err(CalendarError::NegativeDuration(text.to_string()));
        }
        let bad = || CalendarError::BadDuration(text.to_string());
        let too_large = || CalendarError::DurationTooLarge(text.to_string());
        let bytes = trimmed.as_bytes();
        let mut i = 0;
        let mut total: u64 = 0;
        // Units seen so far, as a rank that must strictly increase: d=0, h=1, m=2, s=3.
        let mut last_rank: Option<u8> = None;
        let mut days: Option<u64> = None;
        while i < bytes.len() {
            let digits_start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i == digits_start || i == bytes.len() {
                return Err(bad());
            }
            let number: u64 = trimmed[digits_start..i].parse().map_err(|_| too_large())?;
            let (rank, scale) = match bytes[i].to_ascii_lowercase() {
                b'd' => (0, 0),
                b'h' => (1, 3600),
                b'm' => (2, 60),
                b's' => (3, 1),
                _ => return Err(bad()),
            };
            i += 1;
            if last_rank.is_some_and(|last| rank <= last) {
                return Err(bad());
            }
            last_rank = Some(rank);
            if rank == 0 {
                days = Some(number);
            } else {
                let part = number.checked_mul(scale).ok_or_else(too_large)?;
                total = total.checked_add(part).ok_or_else(too_large)?;
            }
        }
        match days {
            // Days cannot be mixed with hours, minutes or seconds.
            Some(_) if last_rank != Some(0) => Err(bad()),
            Some(n) => match u32::try_from(n) {
                Ok(n) if n <= MAX_DURATION_DAYS => Ok(BusinessDuration::Days(n)),
                _ => Err(too_large()),
            },
            None => match i64::try_from(total) {
                Ok(n) if n <= MAX_DURATION_SECONDS => Ok(BusinessDuration::Seconds(n)),
                _ => Err(too_large()),
            },
        }
    }
}

impl TryFrom<String> for BusinessDuration {
    type Error = CalendarError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<BusinessDuration> for String {
    fn from(d: BusinessDuration) -> String {
        d.to_string()
    }
}
