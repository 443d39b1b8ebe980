//! Durations as people read them. A clock on a business calendar counts working time, and its
//! durations are shown in working hours (never in days: a business day is not 24 hours, and
//! not the same length on every calendar or every date), marked `biz`. A clock on `24x7`
//! counts wall-clock time, shown with days of 24 hours. Which one a clock uses follows from its
//! calendar ([`TimeBasis::of_calendar`]); every screen and command formats through here.

use serde::Serialize;

/// How a clock's time is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeBasis {
    /// Working time of a calendar: shown in hours, marked `biz`.
    Business,
    /// Wall-clock time (`24x7`): shown with days of 24 hours.
    Wall,
}

impl TimeBasis {
    /// The basis of a clock on the calendar named `name`: only the built-in `24x7` counts
    /// wall-clock time.
    pub fn of_calendar(name: &str) -> TimeBasis {
        if name == crate::domain::calendar::ALWAYS {
            TimeBasis::Wall
        } else {
            TimeBasis::Business
        }
    }

    /// Compact, for table cells: `27h05m biz` or `1d3h`.
    pub fn short(self, secs: i64) -> String {
        match self {
            TimeBasis::Business => business_short(secs),
            TimeBasis::Wall => wall_short(secs),
        }
    }

    /// Exact to the second: `27h 05m 00s business` or `1d 3h 05m 00s`.
    pub fn precise(self, secs: i64) -> String {
        match self {
            TimeBasis::Business => business_precise(secs),
            TimeBasis::Wall => wall_precise(secs),
        }
    }

    /// What the time is, in words: `business time` or `wall-clock time`.
    pub fn label(self) -> &'static str {
        match self {
            TimeBasis::Business => "business time",
            TimeBasis::Wall => "wall-clock time",
        }
    }
}

fn sign(secs: i64) -> &'static str {
    if secs < 0 { "-" } else { "" }
}

/// Wall-clock time, compact: `2h05m`, `45m`, `3d4h` (a day is 24 hours), `59s`; negative values
/// get a `-`.
pub fn wall_short(secs: i64) -> String {
    let s = secs.unsigned_abs();
    let (d, h, m) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60);
    let body = if d > 0 {
        format!("{d}d{h}h")
    } else if h > 0 {
        format!("{h}h{m:02}m")
    } else if m > 0 {
        format!("{m}m")
    } else {
        format!("{s}s")
    };
    format!("{}{body}", sign(secs))
}

/// Wall-clock time to the second: `2d 3h 04m 05s`, `45s`.
pub fn wall_precise(secs: i64) -> String {
    let s = secs.unsigned_abs();
    let (d, h, m, sec) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60, s % 60);
    let text = match (d, h, m) {
        (0, 0, 0) => format!("{sec}s"),
        (0, 0, _) => format!("{m}m {sec:02}s"),
        (0, _, _) => format!("{h}h {m:02}m {sec:02}s"),
        _ => format!("{d}d {h}h {m:02}m {sec:02}s"),
    };
    format!("{}{text}", sign(secs))
}

/// Business time, compact, in working hours: `2h05m biz`, `27h biz` (minutes left out from 10
/// hours on), `45m biz`, `59s biz`; negative values get a `-`.
pub fn business_short(secs: i64) -> String {
    let s = secs.unsigned_abs();
    let (h, m) = (s / 3600, (s % 3600) / 60);
    let body = if h >= 10 {
        format!("{h}h")
    } else if h > 0 {
        format!("{h}h{m:02}m")
    } else if m > 0 {
        format!("{m}m")
    } else {
        format!("{s}s")
    };
    format!("{}{body} biz", sign(secs))
}

/// Business time to the second, in working hours: `27h 05m 00s business`, `45s business`.
pub fn business_precise(secs: i64) -> String {
    let s = secs.unsigned_abs();
    let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60);
    let text = match (h, m) {
        (0, 0) => format!("{sec}s"),
        (0, _) => format!("{m}m {sec:02}s"),
        _ => format!("{h}h {m:02}m {sec:02}s"),
    };
    format!("{}{text} business", sign(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wall_time_has_days_of_24_hours() {
        assert_eq!(wall_short(59), "59s");
        assert_eq!(wall_short(45 * 60), "45m");
        assert_eq!(wall_short(2 * 3600 + 5 * 60), "2h05m");
        assert_eq!(wall_short(3 * 86_400 + 4 * 3600), "3d4h");
        assert_eq!(wall_short(-(3600 + 600)), "-1h10m");
        assert_eq!(wall_precise(3 * 86_400 + 4 * 3600 + 5), "3d 4h 00m 05s");
    }

    #[test]
    fn business_time_is_working_hours_and_says_so() {
        // Five business days of a 9-to-5 calendar: 40 working hours, not "1d 16h".
        assert_eq!(business_precise(40 * 3600), "40h 00m 00s business");
        assert_eq!(business_short(40 * 3600), "40h biz");
        assert_eq!(business_short(27 * 3600 + 5 * 60), "27h biz");
        assert_eq!(business_short(2 * 3600 + 5 * 60), "2h05m biz");
        assert_eq!(business_short(45 * 60), "45m biz");
        assert_eq!(business_short(-59), "-59s biz");
        assert_eq!(business_precise(-(90 * 60 + 1)), "-1h 30m 01s business");
        assert!(!business_precise(1000 * 3600).contains('d'));
    }

    #[test]
    fn the_calendar_chooses() {
        assert_eq!(TimeBasis::of_calendar("24x7"), TimeBasis::Wall);
        assert_eq!(TimeBasis::of_calendar("business"), TimeBasis::Business);
        assert_eq!(TimeBasis::Wall.short(86_400 + 3 * 3600), "1d3h");
        assert_eq!(TimeBasis::Business.short(86_400 + 3 * 3600), "27h biz");
    }
}
