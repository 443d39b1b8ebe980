//! Parsing and printing instants. Times are stored to the second, in UTC, and shown as RFC 3339.

use chrono::{DateTime, SecondsFormat, TimeZone, Utc};

use super::error::Invalid;
use super::text::one_line;

/// A stretch of time `[from, to)`.
pub type Span = (DateTime<Utc>, DateTime<Utc>);

/// Parses an RFC 3339 instant (`2026-11-02T09:30:00+01:00`, `...Z`). Sub-seconds are dropped.
/// Times outside 1970-01-01 .. 2200-01-01 are refused (`check_sane`).
pub fn parse_instant(s: &str) -> Result<DateTime<Utc>, Invalid> {
    let t = s.trim();
    let at = DateTime::parse_from_rfc3339(t)
        .map(|d| truncate(d.with_timezone(&Utc)))
        .map_err(|e| {
            // A date and time without an offset: chrono says "premature end of input".
            let no_offset = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M"]
                .iter()
                .any(|f| chrono::NaiveDateTime::parse_from_str(t, f).is_ok());
            if no_offset {
                return Invalid::value(format!(
                    "bad time '{}': an RFC 3339 time needs an offset, e.g. 2026-12-24T11:00:00+01:00 or 2026-12-24T10:00:00Z",
                    one_line(s)
                ));
            }
            Invalid::value(format!(
                "bad time '{}': {e}; expected RFC 3339 such as 2026-11-02T09:30:00+01:00",
                one_line(s)
            ))
        })?;
    check_sane(at)?;
    Ok(at)
}

/// The earliest instant tend accepts for anything it stores (tickets, history, calendars).
pub const EARLIEST: i64 = 0; // 1970-01-01T00:00:00Z
/// The first instant past what tend accepts: 2200-01-01T00:00:00Z.
pub const END_OF_RANGE: i64 = 7_258_118_400;

/// Refuses instants outside 1970-01-01 .. 2200-01-01: older or later dates are typing mistakes
/// or hostile input, and every stored time must stay cheap to do clock arithmetic on.
pub fn check_sane(t: DateTime<Utc>) -> Result<(), Invalid> {
    let s = t.timestamp();
    if (EARLIEST..END_OF_RANGE).contains(&s) {
        Ok(())
    } else {
        Err(Invalid::value(format!(
            "time {} is out of range: tend takes times from 1970-01-01 to 2199-12-31",
            rfc3339(t)
        )))
    }
}

/// Drops sub-second precision: every time tend stores is whole seconds.
pub fn truncate(t: DateTime<Utc>) -> DateTime<Utc> {
    from_unix(t.timestamp()).unwrap_or(t)
}

pub fn from_unix(secs: i64) -> Option<DateTime<Utc>> {
    Utc.timestamp_opt(secs, 0).single()
}

/// RFC 3339 in UTC with a `Z`, to the second.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A short age such as `45s`, `12m`, `3h`, `5d`, `7w` for tables.
pub fn short_age(from: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let s = (now - from).num_seconds().max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86_400 => format!("{}h", s / 3600),
        86_400..1_209_600 => format!("{}d", s / 86_400),
        _ => format!("{}w", s / 604_800),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rfc3339() {
        let t = parse_instant("2026-11-02T09:30:00.75+01:00").unwrap();
        assert_eq!(rfc3339(t), "2026-11-02T08:30:00Z");
        let err = parse_instant("yesterday").unwrap_err().to_string();
        assert!(err.starts_with("bad time 'yesterday'"), "{err}");
        assert!(parse_instant("2026-02-30T00:00:00Z").is_err());
    }

    #[test]
    fn sane_range() {
        assert!(parse_instant("1970-01-01T00:00:00Z").is_ok());
        assert!(parse_instant("2199-12-31T23:59:59Z").is_ok());
        for bad in [
            "2200-01-01T00:00:00Z",
            "0001-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z",
            "1970-01-01T00:00:00+01:00",
        ] {
            let err = parse_instant(bad).unwrap_err().to_string();
            assert!(err.contains("out of range"), "{err}");
        }
    }

    #[test]
    fn ages() {
        let now = parse_instant("2026-11-21T12:00:00Z").unwrap();
        let ago = |s: i64| now - chrono::Duration::seconds(s);
        assert_eq!(short_age(ago(5), now), "5s");
        assert_eq!(short_age(ago(600), now), "10m");
        assert_eq!(short_age(ago(7200), now), "2h");
        assert_eq!(short_age(ago(3 * 86_400), now), "3d");
        assert_eq!(short_age(ago(30 * 86_400), now), "4w");
        assert_eq!(short_age(now + chrono::Duration::seconds(9), now), "0s");
    }
}
