//! `tend sla explain`: a clock's timeline, segment by segment, with the rule behind each.
//! A clock running for weeks is shown in full for its first and last week only; the stretch
//! in between is one summary segment (so the cost and length of the answer do not grow with
//! the age of the ticket).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;

use super::Clock;
use crate::domain::calendar::{Calendar, DayTotals, SegmentKind};
use crate::domain::ticket::Status;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExplainKind {
    /// Working time: the clock ran.
    Counting,
    /// Working time while the ticket was in a pause status (or resolved, before a reopen).
    Paused {
        status: Status,
        reason: Option<String>,
    },
    /// Closed by the calendar's weekly hours.
    OutsideHours,
    Holiday {
        date: NaiveDate,
    },
    /// A date whose hours were replaced by a special.
    Special {
        date: NaiveDate,
    },
    /// Working wall-clock time that did not exist (clocks jumped forward).
    DstGap {
        wall_start: NaiveDateTime,
        wall_end: NaiveDateTime,
    },
    /// A long stretch in the middle of a long clock, summed up instead of listed: seconds the
    /// clock counted, stood still in a pause, and was outside working time.
    Summary {
        counting_secs: i64,
        paused_secs: i64,
        closed_secs: i64,
    },
}

/// Clocks longer than this get a summary in the middle.
const LONG: i64 = 21 * 86_400;
/// How much of a long clock's beginning and end is listed in full.
const EDGE: i64 = 7 * 86_400;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExplainSegment {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub seconds: i64,
    #[serde(flatten)]
    pub kind: ExplainKind,
}

/// Every second of the clock from its start to its stop (or `now`), explained; for a clock
/// longer than three weeks, its first and last week in full and a summary in between.
pub fn explain(cal: &Calendar, clock: &Clock, now: DateTime<Utc>) -> Vec<ExplainSegment> {
    let end = clock.stopped_at.unwrap_or(now).max(clock.start);
    let spans: Vec<crate::domain::time::Span> =
        clock.pauses.iter().map(|p| (p.from, p.to)).collect();
    if (end - clock.start).num_seconds() <= LONG {
        return segments(cal, clock, clock.start, end, &spans);
    }
    let head_end = clock.start + chrono::Duration::seconds(EDGE);
    let tail_start = end - chrono::Duration::seconds(EDGE);
    let mut out = segments(cal, clock, clock.start, head_end, &spans);
    out.push(summary(cal, &spans, head_end, tail_start));
    out.extend(segments(cal, clock, tail_start, end, &spans));
    out
}

/// `[from, to)` in one segment: business time counted, paused and closed.
fn summary(
    cal: &Calendar,
    spans: &[crate::domain::time::Span],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> ExplainSegment {
    let mut totals = DayTotals::new(cal);
    let wall = (to - from).num_seconds();
    let counting = totals.between_paused(from, to, spans).unwrap_or(0);
    // Time inside pauses (merged, clipped), working or not: the timeline calls it paused.
    let mut clipped: Vec<(DateTime<Utc>, DateTime<Utc>)> = spans
        .iter()
        .map(|(a, b)| ((*a).max(from), (*b).min(to)))
        .filter(|(a, b)| a < b)
        .collect();
    clipped.sort();
    let mut paused = 0;
    let mut reach = from;
    for (a, b) in clipped {
        let a = a.max(reach);
        if b > a {
            paused += (b - a).num_seconds();
            reach = b;
        }
    }
    ExplainSegment {
        start: from,
        end: to,
        seconds: wall,
        kind: ExplainKind::Summary {
            counting_secs: counting,
            paused_secs: paused,
            closed_secs: (wall - counting - paused).max(0),
        },
    }
}

/// The timeline of `[from, to)`, segment by segment.
fn segments(
    cal: &Calendar,
    clock: &Clock,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    spans: &[crate::domain::time::Span],
) -> Vec<ExplainSegment> {
    let mut out: Vec<ExplainSegment> = Vec::new();
    for seg in cal.timeline(from, to, spans) {
        // Closed time inside a pause is part of the pause: the clock stood still either way.
        let in_pause = clock
            .pauses
            .iter()
            .find(|p| p.from <= seg.start && seg.end <= p.to);
        let kind = match (seg.kind, in_pause) {
            (
                SegmentKind::OutsideHours
                | SegmentKind::Holiday { .. }
                | SegmentKind::Special { .. },
                Some(p),
            ) => ExplainKind::Paused {
                status: p.status,
                reason: p.reason.clone(),
            },
            (kind, _) => match kind {
                SegmentKind::Working => ExplainKind::Counting,
                SegmentKind::Paused => {
                    let pause = clock
                        .pauses
                        .iter()
                        .find(|p| p.from <= seg.start && seg.start < p.to);
                    ExplainKind::Paused {
                        status: pause.map(|p| p.status).unwrap_or(Status::Pending),
                        reason: pause.and_then(|p| p.reason.clone()),
                    }
                }
                SegmentKind::OutsideHours => ExplainKind::OutsideHours,
                SegmentKind::Holiday { date } => ExplainKind::Holiday { date },
                SegmentKind::Special { date } => ExplainKind::Special { date },
                SegmentKind::DstGap {
                    wall_start,
                    wall_end,
                } => ExplainKind::DstGap {
                    wall_start,
                    wall_end,
                },
            },
        };
        // Merge neighbours of the same kind (a pause split by the calendar's internals).
        if let Some(last) = out.last_mut()
            && last.kind == kind
            && last.end == seg.start
        {
            last.end = seg.end;
            last.seconds = last.end.timestamp() - last.start.timestamp();
            continue;
        }
        out.push(ExplainSegment {
            start: seg.start,
            end: seg.end,
            seconds: seg.seconds(),
            kind,
        });
    }
    out
}
