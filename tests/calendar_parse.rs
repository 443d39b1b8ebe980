//! Parsing and validation: CLI text forms, durations, the stored JSON form, error messages.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod calendar_common;

use chrono::{NaiveDate, Weekday};
use tend::domain::calendar::{
    BusinessDuration, Calendar, CalendarError, MonthDay, TimeOfDay, TimeRange,
};

fn spec(hours: &[&str], holidays: &[&str], specials: &[&str]) -> Result<Calendar, CalendarError> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    Calendar::from_spec(
        "office",
        "Europe/Berlin",
        &s(hours),
        &s(holidays),
        &s(specials),
    )
}

fn ranges(c: &Calendar, day: Weekday) -> Vec<String> {
    c.hours_on(day).iter().map(|r| r.to_string()).collect()
}

/// One clear line: not empty, no line breaks, no raw control characters.
fn assert_one_line(err: &CalendarError) {
    let msg = err.to_string();
    assert!(!msg.trim().is_empty(), "{err:?}");
    assert!(
        !msg.chars().any(char::is_control),
        "not one clean line: {msg:?}"
    );
}

#[test]
fn hours_with_lunch_break_for_a_day_range() {
    let c = spec(&["mon-fri 09:00-12:00,13:00-17:00"], &[], &[]).unwrap();
    for day in [Weekday::Mon, Weekday::Wed, Weekday::Fri] {
        assert_eq!(ranges(&c, day), ["09:00-12:00", "13:00-17:00"]);
    }
    assert!(
        c.hours_on(Weekday::Sat).is_empty(),
        "a day not mentioned is closed"
    );
    assert!(c.hours_on(Weekday::Sun).is_empty());
}

#[test]
fn hours_day_lists_names_wrapping_ranges_and_closed() {
    let c = spec(
        &["sat,sun 10:00-14:00", "Monday 9:00-17:00", "tue closed"],
        &[],
        &[],
    )
    .unwrap();
    assert_eq!(ranges(&c, Weekday::Sat), ["10:00-14:00"]);
    assert_eq!(ranges(&c, Weekday::Sun), ["10:00-14:00"]);
    assert_eq!(ranges(&c, Weekday::Mon), ["09:00-17:00"]);
    assert!(c.hours_on(Weekday::Tue).is_empty());

    let c = spec(&["fri-mon 22:00-06:00"], &[], &[]).unwrap();
    for day in [Weekday::Fri, Weekday::Sat, Weekday::Sun, Weekday::Mon] {
        assert_eq!(ranges(&c, day), ["22:00-06:00"]);
    }
    assert!(c.hours_on(Weekday::Tue).is_empty());
}

#[test]
fn hours_seconds_and_24_00_end() {
    let c = spec(&["mon 18:00-24:00", "tue 00:00-06:30:15"], &[], &[]).unwrap();
    assert_eq!(ranges(&c, Weekday::Mon), ["18:00-24:00"]);
    assert_eq!(ranges(&c, Weekday::Tue), ["00:00-06:30:15"]);
}

#[test]
fn a_day_given_twice_merges_its_ranges() {
    let c = spec(&["mon-fri 09:00-12:00", "mon,wed 13:00-17:00"], &[], &[]).unwrap();
    assert_eq!(ranges(&c, Weekday::Mon), ["09:00-12:00", "13:00-17:00"]);
    assert_eq!(ranges(&c, Weekday::Tue), ["09:00-12:00"]);
    // ... but not into overlapping ranges.
    let err = spec(&["mon 09:00-17:00", "mon 16:00-18:00"], &[], &[]).unwrap_err();
    assert_eq!(
        err,
        CalendarError::Overlap {
            first: "mon 09:00-17:00".into(),
            second: "mon 16:00-18:00".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "working ranges overlap: mon 09:00-17:00 and mon 16:00-18:00"
    );
}

#[test]
fn overnight_ranges_are_not_reversed_but_may_overlap_the_next_day() {
    assert!(
        spec(&["mon-fri 17:00-09:00"], &[], &[]).is_ok(),
        "a night shift"
    );
    let err = spec(&["mon-fri 17:00-09:00", "tue 08:00-10:00"], &[], &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "working ranges overlap: mon 17:00-09:00 and tue 08:00-10:00"
    );
    assert!(
        spec(&["mon 22:00-06:00", "tue 06:00-09:00"], &[], &[]).is_ok(),
        "touching is fine"
    );
    let err = spec(&["mon 22:00-06:00", "tue 05:00-09:00"], &[], &[]).unwrap_err();
    assert!(matches!(err, CalendarError::Overlap { .. }), "{err:?}");
    let err = spec(&["sun 22:00-06:00", "mon 05:00-09:00"], &[], &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "working ranges overlap: sun 22:00-06:00 and mon 05:00-09:00"
    );
}

#[test]
fn bad_hours_each_have_one_clear_error() {
    let cases: &[(&str, CalendarError)] = &[
        ("mon-fri", CalendarError::BadHours("mon-fri".into())),
        ("", CalendarError::BadHours("".into())),
        ("funday 09:00-17:00", CalendarError::BadDay("funday".into())),
        (
            "mon-funday 09:00-17:00",
            CalendarError::BadDay("funday".into()),
        ),
        (
            ",mon 09:00-17:00",
            CalendarError::BadHours(",mon 09:00-17:00".into()),
        ),
        ("mon 9-17", CalendarError::BadRange("9-17".into())),
        ("mon 09:00", CalendarError::BadRange("09:00".into())),
        (
            "mon 25:00-26:00",
            CalendarError::BadRange("25:00-26:00".into()),
        ),
        (
            "mon 09:60-10:00",
            CalendarError::BadRange("09:60-10:00".into()),
        ),
        ("mon 09:00-17:00,", CalendarError::BadRange("".into())),
        (
            "mon 09:00-09:00",
            CalendarError::EmptyRange("09:00-09:00".into()),
        ),
        (
            "mon 00:00-00:00",
            CalendarError::EmptyRange("00:00-00:00".into()),
        ),
        (
            "mon 24:00-06:00",
            CalendarError::StartsAtMidnightEnd("24:00-06:00".into()),
        ),
    ];
    for (line, want) in cases {
        let err = spec(&[line], &[], &[]).unwrap_err();
        assert_eq!(&err, want, "for {line:?}");
        assert_one_line(&err);
    }
    assert_eq!(
        spec(&["mon 9-17"], &[], &[]).unwrap_err().to_string(),
        "invalid time range \"9-17\" (expected HH:MM-HH:MM, e.g. 09:00-17:00 or 22:00-06:00)"
    );
}

#[test]
fn holidays_one_off_and_yearly() {
    let c = spec(
        &["mon-fri 09:00-17:00"],
        &["2026-12-25", "12-26", "02-29"],
        &[],
    )
    .unwrap();
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert!(c.holidays.contains(&date(2026, 12, 25)));
    assert!(
        c.recurring_holidays
            .contains(&MonthDay::new(12, 26).unwrap())
    );
    assert!(c.is_holiday(date(2026, 12, 25)));
    assert!(!c.is_holiday(date(2027, 12, 25)));
    assert!(c.is_holiday(date(2031, 12, 26)));
    assert!(c.is_holiday(date(2028, 2, 29)));
    for bad in [
        "2026-13-01",
        "02-30",
        "2026-1-5",
        "tomorrow",
        "",
        "2026-02-29",
        "12-26-2026",
    ] {
        let err = spec(&[], &[bad], &[]).unwrap_err();
        assert_eq!(err, CalendarError::BadDate(bad.into()));
        assert_one_line(&err);
    }
}

#[test]
fn specials_replace_or_close_a_date() {
    let c = spec(
        &["mon-fri 09:00-17:00"],
        &["12-24"],
        &[
            "2026-12-24 09:00-12:00",
            "2026-12-31 closed",
            "2026-12-27 10:00-12:00, 13:00-15:00",
        ],
    )
    .unwrap();
    let date = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let show = |d| {
        c.specials[&d]
            .iter()
            .map(|r: &TimeRange| r.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(show(date(12, 24)), ["09:00-12:00"]);
    assert!(show(date(12, 31)).is_empty());
    assert_eq!(show(date(12, 27)), ["10:00-12:00", "13:00-15:00"]);

    let cases: &[(&[&str], CalendarError)] = &[
        (
            &["2026-12-24"],
            CalendarError::BadSpecial("2026-12-24".into()),
        ),
        (
            &["2026-12-24 "],
            CalendarError::BadSpecial("2026-12-24 ".into()),
        ),
        (
            &["24.12.2026 closed"],
            CalendarError::BadDate("24.12.2026".into()),
        ),
        (&["12-24 closed"], CalendarError::BadDate("12-24".into())),
        (&["2026-12-24 9-12"], CalendarError::BadRange("9-12".into())),
        (
            &["2026-12-24 closed", "2026-12-24 09:00-12:00"],
            CalendarError::DuplicateSpecial(date(12, 24)),
        ),
    ];
    for (specials, want) in cases {
        let err = spec(&["mon-fri 09:00-17:00"], &[], specials).unwrap_err();
        assert_eq!(&err, want, "for {specials:?}");
        assert_one_line(&err);
    }
    // A special running overnight into the next day's usual hours.
    let err = spec(&["mon-fri 09:00-17:00"], &[], &["2026-12-28 20:00-10:00"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "working ranges overlap: 2026-12-28 20:00-10:00 and 2026-12-29 09:00-17:00"
    );
}

#[test]
fn zone_and_name_errors() {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let hours = s(&["mon 09:00-17:00"]);
    let err = Calendar::from_spec("x", "Europe/Berln", &hours, &[], &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown time zone \"Europe/Berln\" (expected an IANA name such as Europe/Berlin or UTC)"
    );
    assert!(Calendar::from_spec("x", "UTC", &hours, &[], &[]).is_ok());
    assert!(Calendar::from_spec("x", "America/New_York", &hours, &[], &[]).is_ok());
    assert_eq!(
        Calendar::from_spec("  ", "UTC", &hours, &[], &[]).unwrap_err(),
        CalendarError::EmptyName
    );
    let err = Calendar::from_spec("a\nb", "UTC", &hours, &[], &[]).unwrap_err();
    assert_one_line(&err);
}

#[test]
fn hostile_input_stays_on_one_line() {
    let nasty = "mon\n\u{1b}[2J 09:00-17:00";
    let err = spec(&[nasty], &[], &[]).unwrap_err();
    assert_one_line(&err);
    let err = spec(&["mon 09:00-17:00\u{7}"], &[], &[]).unwrap_err();
    assert_one_line(&err);
    let err = "1\u{1b}h\n2m".parse::<BusinessDuration>().unwrap_err();
    assert_one_line(&err);
}

#[test]
fn durations_parse() {
    use BusinessDuration::*;
    let good = [
        ("90s", Seconds(90)),
        ("45m", Seconds(2700)),
        ("4h", Seconds(14_400)),
        ("1h30m", Seconds(5400)),
        ("2h15s", Seconds(7215)),
        ("1h2m3s", Seconds(3723)),
        ("3d", Days(3)),
        ("0s", Seconds(0)),
        ("0d", Days(0)),
        (" 8h ", Seconds(28_800)),
        ("1H30M", Seconds(5400)),
        ("876000h", Seconds(876_000 * 3600)),
    ];
    for (text, want) in good {
        assert_eq!(text.parse::<BusinessDuration>(), Ok(want), "{text:?}");
    }
}

#[test]
fn bad_durations_each_have_one_clear_error() {
    let cases = [
        ("", CalendarError::EmptyDuration),
        ("   ", CalendarError::EmptyDuration),
        ("-5m", CalendarError::NegativeDuration("-5m".into())),
        ("5", CalendarError::BadDuration("5".into())),
        ("m", CalendarError::BadDuration("m".into())),
        ("1.5h", CalendarError::BadDuration("1.5h".into())),
        ("1d2h", CalendarError::BadDuration("1d2h".into())),
        ("2h1d", CalendarError::BadDuration("2h1d".into())),
        ("30m1h", CalendarError::BadDuration("30m1h".into())),
        ("1h1h", CalendarError::BadDuration("1h1h".into())),
        ("1h 30m", CalendarError::BadDuration("1h 30m".into())),
        ("5w", CalendarError::BadDuration("5w".into())),
        ("+5m", CalendarError::BadDuration("+5m".into())),
        (
            "99999999999999999999s",
            CalendarError::DurationTooLarge("99999999999999999999s".into()),
        ),
        (
            "9999999999999999h",
            CalendarError::DurationTooLarge("9999999999999999h".into()),
        ),
        (
            "878400h1s",
            CalendarError::DurationTooLarge("878400h1s".into()),
        ),
        ("36601d", CalendarError::DurationTooLarge("36601d".into())),
        (
            "4294967296d",
            CalendarError::DurationTooLarge("4294967296d".into()),
        ),
    ];
    for (text, want) in cases {
        let err = text.parse::<BusinessDuration>().unwrap_err();
        assert_eq!(err, want, "{text:?}");
        assert_one_line(&err);
    }
    assert_eq!(
        "1.5h".parse::<BusinessDuration>().unwrap_err().to_string(),
        "invalid duration \"1.5h\" (expected e.g. 90s, 45m, 4h, 1h30m or 3d)"
    );
}

#[test]
fn durations_display_round_trips() {
    use BusinessDuration::*;
    for (value, text) in [
        (Seconds(90), "1m30s"),
        (Seconds(5400), "1h30m"),
        (Seconds(0), "0s"),
        (Seconds(86_400), "24h"),
        (Seconds(3601), "1h1s"),
        (Days(3), "3d"),
        (Days(0), "0d"),
        (Seconds(-3600), "-1h"),
    ] {
        assert_eq!(value.to_string(), text);
        if !text.starts_with('-') {
            assert_eq!(text.parse::<BusinessDuration>(), Ok(value));
        }
    }
    let json = serde_json::to_string(&Seconds(5400)).unwrap();
    assert_eq!(json, "\"1h30m\"");
    assert_eq!(
        serde_json::from_str::<BusinessDuration>(&json).unwrap(),
        Seconds(5400)
    );
    assert!(serde_json::from_str::<BusinessDuration>("\"-1h\"").is_err());
}

#[test]
fn json_round_trip_and_shape() {
    let c = spec(
        &["mon-fri 09:00-12:00,13:00-17:00", "sat 22:00-06:00"],
        &["2026-12-25", "12-26"],
        &["2026-12-24 09:00-12:00", "2026-12-31 closed"],
    )
    .unwrap();
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(json["name"], "office");
    assert_eq!(json["timezone"], "Europe/Berlin");
    assert_eq!(json["hours"]["mon"][1][0], "13:00");
    assert_eq!(json["hours"]["sat"][0][1], "06:00");
    assert_eq!(json["holidays"][0], "2026-12-25");
    assert_eq!(json["recurring_holidays"][0], "12-26");
    assert_eq!(json["specials"]["2026-12-31"], serde_json::json!([]));
    let back: Calendar = serde_json::from_value(json).unwrap();
    assert_eq!(back, c);

    let always = Calendar::always();
    let text = serde_json::to_string(&always).unwrap();
    assert_eq!(serde_json::from_str::<Calendar>(&text).unwrap(), always);
}

#[test]
fn json_is_validated() {
    let base = serde_json::json!({"name": "x", "timezone": "UTC",
        "hours": {"mon": [["09:00", "17:00"], ["16:00", "18:00"]]}});
    let err = serde_json::from_value::<Calendar>(base)
        .unwrap_err()
        .to_string();
    assert!(err.contains("working ranges overlap"), "{err}");
    let bad_zone = serde_json::json!({"name": "x", "timezone": "Mars/Olympus"});
    let err = serde_json::from_value::<Calendar>(bad_zone)
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown time zone"), "{err}");
    let typo = serde_json::json!({"name": "x", "timezone": "UTC", "holiday": []});
    assert!(serde_json::from_value::<Calendar>(typo).is_err());
    let reversed = serde_json::json!({"name": "x", "timezone": "UTC",
        "hours": {"tue": [["09:00", "09:00"]]}});
    let err = serde_json::from_value::<Calendar>(reversed)
        .unwrap_err()
        .to_string();
    assert!(err.contains("is empty"), "{err}");
    let breaks = serde_json::json!({"name": "x", "timezone": "UTC",
        "date_breaks": {"2026-06-01": [["12:00", "14:00"], ["13:00", "15:00"]]}});
    let err = serde_json::from_value::<Calendar>(breaks)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "breaks overlap on 2026-06-01: 12:00-14:00 and 13:00-15:00"
    );
}

#[test]
fn time_values() {
    assert_eq!("9:05".parse::<TimeOfDay>().unwrap().to_string(), "09:05");
    assert_eq!("24:00".parse::<TimeOfDay>().unwrap(), TimeOfDay::END_OF_DAY);
    for bad in [
        "24:01",
        "9",
        "9:5",
        "09:00:60",
        "-1:00",
        "09:00:00:00",
        "٣:00",
    ] {
        assert!(bad.parse::<TimeOfDay>().is_err(), "{bad:?}");
    }
    let r: TimeRange = "22:00-06:00".parse().unwrap();
    assert!(r.is_overnight());
    assert_eq!(r.span(), (22 * 3600, 30 * 3600));
    let r: TimeRange = "00:00-24:00".parse().unwrap();
    assert!(!r.is_overnight());
    assert_eq!(r.span(), (0, 86_400));
}

#[test]
fn always_is_24x7_utc() {
    let c = Calendar::always();
    assert_eq!(c.name, "24x7");
    assert_eq!(c.zone, chrono_tz::UTC);
    c.validate().unwrap();
    let t = calendar_common::utc("2026-12-25 03:00");
    assert!(c.is_working(t));
    assert_eq!(
        calendar_common::add(&c, t, "3d"),
        calendar_common::utc("2026-12-28 03:00")
    );
    assert_eq!(
        calendar_common::add(&c, t, "25h"),
        calendar_common::utc("2026-12-26 04:00")
    );
}

#[test]
fn zone_names_in_any_case() {
    let hours = vec!["mon 09:00-17:00".to_string()];
    let c = Calendar::from_spec("x", "europe/berlin", &hours, &[], &[]).unwrap();
    assert_eq!(c.zone, chrono_tz::Europe::Berlin);
    assert_eq!(
        serde_json::to_value(&c).unwrap()["timezone"],
        "Europe/Berlin"
    );
    let c = Calendar::from_spec("x", " utc ", &hours, &[], &[]).unwrap();
    assert_eq!(c.zone, chrono_tz::UTC);
}

#[test]
fn typed_dates_are_1970_to_2199_but_stored_calendars_still_load() {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let hours = s(&["mon-fri 09:00-17:00"]);
    for (holidays, specials) in [
        (s(&["1969-12-31"]), vec![]),
        (s(&["2200-01-01"]), vec![]),
        (vec![], s(&["0001-01-01 closed"])),
    ] {
        let err = Calendar::from_spec("x", "UTC", &hours, &holidays, &specials).unwrap_err();
        assert!(matches!(err, CalendarError::DateOutOfRange(_)), "{err:?}");
        assert!(err.to_string().contains("out of range"), "{err}");
    }
    // A calendar saved by an older tend, with a date outside the range, is read as it is.
    let old = serde_json::json!({"name": "x", "timezone": "UTC",
        "hours": {"mon": [["09:00", "17:00"]]}, "holidays": ["1960-05-01"],
        "specials": {"0001-01-01": []}});
    let cal: Calendar = serde_json::from_value(old).unwrap();
    assert_eq!(cal.holidays.len(), 1);
}
