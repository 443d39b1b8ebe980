//! `tend sla explain`: a clock's timeline, segment by segment, with the rule behind each.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;

use super::Clock;
use crate::domain::calendar::{Calendar, SegmentKind};
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExplainSegment {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub seconds: i64,
    #[serde(flatten)]
    pub kind: ExplainKind,
}

/// Every second of the clock from its start to its stop (or `now`), explained.
pub fn explain(cal: &Calendar, clock: &Clock, now: DateTime<Utc>) -> Vec<ExplainSegment> {
    let end = clock.stopped_at.unwrap_or(now).max(clock.start);
    let spans: Vec<crate::domain::time::Span> =
        clock.pauses.iter().map(|p| (p.from, p.to)).collect();
    let mut out: Vec<ExplainSegment> = Vec::new();
    for seg in cal.timeline(clock.start, end, &spans) {
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
