//! `tend calendar ...`: working hours, holidays and business-time arithmetic.

use anyhow::Result;
use chrono::{DateTime, SecondsFormat, Utc};
use std::process::ExitCode;

use super::args::CalendarCommand;
use super::output::{Column, count, print_json, print_table, say};
use crate::domain::Invalid;
use crate::domain::calendar::{BusinessDuration, Calendar, weekday_name};
use crate::domain::text::one_line;
use crate::domain::time::{Span, parse_instant};
use crate::store::Store;

const WEEK: [chrono::Weekday; 7] = [
    chrono::Weekday::Mon,
    chrono::Weekday::Tue,
    chrono::Weekday::Wed,
    chrono::Weekday::Thu,
    chrono::Weekday::Fri,
    chrono::Weekday::Sat,
    chrono::Weekday::Sun,
];

pub(super) fn invalid(e: impl std::fmt::Display) -> Invalid {
    Invalid::value(e.to_string())
}

fn parse_pauses(pauses: &[String]) -> Result<Vec<Span>, Invalid> {
    pauses
        .iter()
        .map(|p| {
            let (a, b) = p.split_once('/').ok_or_else(|| {
                Invalid::value(format!(
                    "bad pause '{}': expected FROM/TO in RFC 3339",
                    one_line(p)
                ))
            })?;
            let (a, b) = (parse_instant(a)?, parse_instant(b)?);
            if b < a {
                return Err(Invalid::value(format!(
                    "bad pause '{}': it ends before it starts",
                    one_line(p)
                )));
            }
            Ok((a, b))
        })
        .collect()
}

/// An instant in the calendar's zone, with its offset.
pub(super) fn in_zone(cal: &Calendar, t: DateTime<Utc>) -> String {
    t.with_timezone(&cal.zone)
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn run(store: &mut Store, cmd: CalendarCommand) -> Result<ExitCode> {
    match cmd {
        CalendarCommand::Set {
            name,
            tz,
            hours,
            holiday,
            special,
        } => {
            let cal =
                Calendar::from_spec(&name, &tz, &hours, &holiday, &special).map_err(invalid)?;
            let n = store.save_calendar(&cal)?;
            say!(
                "calendar {} saved ({}); clocks of {} recomputed",
                one_line(&cal.name),
                cal.zone,
                count(n as i64, "ticket")
            );
        }
        CalendarCommand::List { format } => {
            let mut cals = store.calendars()?;
            cals.push(Calendar::always());
            if format.json {
                print_json(&cals)?;
            } else {
                let rows: Vec<Vec<String>> = cals
                    .iter()
                    .map(|c| vec![c.name.clone(), c.zone.to_string(), week_summary(c)])
                    .collect();
                print_table(
                    &[
                        Column::fixed("NAME"),
                        Column::fixed("ZONE"),
                        Column::flex("HOURS"),
                    ],
                    &rows,
                );
            }
        }
        CalendarCommand::Show { name, format } => {
            let cal = store.calendar(&name)?;
            if format.json {
                print_json(&cal)?;
            } else {
                say!("{} ({})", one_line(&cal.name), cal.zone);
                for day in WEEK {
                    let ranges: Vec<String> =
                        cal.hours_on(day).iter().map(|r| r.to_string()).collect();
                    let text = if ranges.is_empty() {
                        "closed".to_string()
                    } else {
                        ranges.join(", ")
                    };
                    say!("  {:<4} {text}", weekday_name(day));
                }
                let mut holidays: Vec<String> =
                    cal.holidays.iter().map(|d| d.to_string()).collect();
                holidays.extend(
                    cal.recurring_holidays
                        .iter()
                        .map(|m| format!("{:02}-{:02} yearly", m.month(), m.day())),
                );
                if !holidays.is_empty() {
                    say!("  holidays  {}", holidays.join(", "));
                }
                for (date, ranges) in &cal.specials {
                    let r: Vec<String> = ranges.iter().map(|r| r.to_string()).collect();
                    say!(
                        "  special   {date} {}",
                        if r.is_empty() {
                            "closed".into()
                        } else {
                            r.join(", ")
                        }
                    );
                }
            }
        }
        CalendarCommand::Add {
            name,
            from,
            duration,
            pause,
        } => {
            let cal = store.calendar(&name)?;
            let from = parse_instant(&from)?;
            let d = BusinessDuration::parse_signed(&duration).map_err(invalid)?;
            let pauses = parse_pauses(&pause)?;
            refuse_past_range(&cal, from, &d, &duration, &pauses)?;
            let due = cal.add(from, d, &pauses).map_err(invalid)?;
            // The documented range holds for results as for input (1970 to 2199).
            crate::domain::time::check_sane(due)?;
            say!("{}", in_zone(&cal, due));
        }
        CalendarCommand::Between {
            name,
            from,
            to,
            pause,
        } => {
            let cal = store.calendar(&name)?;
            let (from, to) = (parse_instant(&from)?, parse_instant(&to)?);
            let secs = cal
                .between(from, to, &parse_pauses(&pause)?)
                .map_err(invalid)?;
            say!("{secs}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `mon-fri 09:00-17:00; sat 10:00-14:00` style summary.
fn week_summary(c: &Calendar) -> String {
    let days = WEEK;
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < 7 {
        let ranges = c.hours_on(days[i]);
        let mut j = i;
        while j + 1 < 7 && c.hours_on(days[j + 1]) == ranges {
            j += 1;
        }
        if !ranges.is_empty() {
            let r: Vec<String> = ranges.iter().map(|r| r.to_string()).collect();
            let d = if i == j {
                weekday_name(days[i]).to_string()
            } else {
                format!("{}-{}", weekday_name(days[i]), weekday_name(days[j]))
            };
            parts.push(format!("{d} {}", r.join(",")));
        }
        i = j + 1;
    }
    if parts.is_empty() {
        "closed".into()
    } else {
        parts.join("; ")
    }
}

/// A business duration that would carry past the documented range (1970 to 2199) is refused at
/// once, from the business time left in the range, instead of counting working days for
/// thousands of years on a sparse calendar and failing at the year 9999.
fn refuse_past_range(
    cal: &Calendar,
    from: DateTime<Utc>,
    d: &BusinessDuration,
    given: &str,
    pauses: &[(DateTime<Utc>, DateTime<Utc>)],
) -> Result<()> {
    use crate::domain::time::{EARLIEST, END_OF_RANGE};
    let BusinessDuration::Seconds(n) = *d else {
        return Ok(());
    };
    let edge = if n > 0 { END_OF_RANGE } else { EARLIEST };
    let Some(edge) = DateTime::from_timestamp(edge, 0) else {
        return Ok(());
    };
    let room = cal.between(from, edge, pauses).map_err(invalid)?;
    if n.unsigned_abs() > room.unsigned_abs() {
        return Err(Invalid::value(format!(
            "{} of business time from {} goes {} the supported range (1970 to 2199): this \
             calendar has {}s of business time {}",
            one_line(given),
            from.to_rfc3339_opts(SecondsFormat::Secs, true),
            if n > 0 { "past" } else { "before" },
            room.unsigned_abs(),
            if n > 0 {
                "from then until 2200"
            } else {
                "from 1970 until then"
            },
        ))
        .into());
    }
    Ok(())
}
