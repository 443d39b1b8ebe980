//! `timeline`: every second of `[from, to)` with the reason it did or did not count.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;

use super::Calendar;
use super::arith::Pauses;
use super::days::{DayReason, Forward, date_of, midnight};
use super::time::DAY;
use super::zone::Zone;

/// What a stretch of time was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SegmentKind {
    /// Working time; the clock ran.
    Working,
    /// Working time in which a pause stopped the clock. (Pauses over closed time show as
    /// the closed kind: the clock was not running there anyway.)
    Paused,
    /// Closed by the usual weekly hours.
    OutsideHours,
    /// Closed because of the holiday on `date`: the hours that date would usually have
    /// worked, and the rest of that calendar day.
    Holiday { date: NaiveDate },
    /// The closed part of a date whose hours a special replaced or breaks cut into.
    Special { date: NaiveDate },
    /// Working wall-clock time `[wall_start, wall_end)` that did not exist because the
    /// clocks jumped forward. It has no real duration: the segment's start and end are both
    /// the instant of the jump.
    DstGap {
        wall_start: NaiveDateTime,
        wall_end: NaiveDateTime,
    },
}

/// `[start, end)` of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    #[serde(flatten)]
    pub kind: SegmentKind,
}

impl Segment {
    pub fn seconds(&self) -> i64 {
        self.end.timestamp() - self.start.timestamp()
    }
}

type Raw = (i64, i64, SegmentKind);

/// Tagged closed time, sorted by start; lookups scan back a few days at most.
struct Tags(Vec<Raw>);

impl Tags {
    fn find(&self, x: i64) -> Option<SegmentKind> {
        let upto = self.0.partition_point(|t| t.0 <= x);
        self.0[..upto]
            .iter()
            .rev()
            .take_while(|t| t.0 > x - 3 * DAY)
            .find(|t| x < t.1)
            .map(|t| t.2)
    }

    fn cuts(&self, a: i64, b: i64, out: &mut Vec<i64>) {
        for &(s, e, _) in &self.0 {
            for p in [s, e] {
                if a < p && p < b {
                    out.push(p);
                }
            }
        }
    }
}

fn naive(local: i64) -> NaiveDateTime {
    DateTime::from_timestamp(local, 0)
        .map(|d| d.naive_utc())
        .unwrap_or_default()
}

fn subtract(ranges: &[(i64, i64)], cuts: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut out = ranges.to_vec();
    for &(cs, ce) in cuts {
        out = out
            .into_iter()
            .flat_map(|(s, e)| {
                [(s, e.min(cs)), (s.max(ce), e)]
                    .into_iter()
                    .filter(|(a, b)| a < b)
            })
            .collect();
    }
    out
}

impl Calendar {
    /// Contiguous segments covering `[from, to)` (whole seconds), adjacent segments of the
    /// same kind merged. The `Working` segments add up to [`Calendar::between`]; `Working`
    /// plus `Paused` add up to `between` without pauses. Empty when `to <= from`. Zero-length
    /// `DstGap` segments mark skipped working wall-clock time. Beyond the year 9999 the rest is
    /// shown as `OutsideHours`.
    pub fn timeline(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        pauses: &[(DateTime<Utc>, DateTime<Utc>)],
    ) -> Vec<Segment> {
        let (f, t) = (from.timestamp(), to.timestamp());
        if t <= f {
            return Vec::new();
        }
        let pauses = Pauses::new(pauses);
        let Ok(mut fw) = Forward::new(self, f, None) else {
            return finish(vec![(f, t, SegmentKind::OutsideHours)]);
        };
        let mut worked: Vec<Raw> = Vec::new();
        while let Ok(Some(iv)) = fw.next_before(t) {
            let (free, paused) = pauses.split(iv.start, iv.end.min(t));
            worked.extend(free.into_iter().map(|(a, b)| (a, b, SegmentKind::Working)));
            worked.extend(paused.into_iter().map(|(a, b)| (a, b, SegmentKind::Paused)));
        }
        worked.sort_unstable_by_key(|r| r.0);
        let mut zone = Zone::new(self.zone);
        let (usual, whole_day) = self.closed_tags(&mut zone, f, t);
        let mut raw: Vec<Raw> = Vec::new();
        let mut at = f;
        for piece in worked.into_iter().chain([(t, t, SegmentKind::Working)]) {
            if piece.0 > at {
                classify_gap(at, piece.0, &usual, &whole_day, &mut raw);
            }
            if piece.1 > piece.0 {
                raw.push(piece);
            }
            at = at.max(piece.1);
        }
        self.insert_dst_gaps(&mut zone, f, t, &mut raw);
        finish(raw)
    }

    /// Closed time owed to holidays and specials near `[f, t)`: first the hours those dates
    /// would usually have worked, then their whole calendar days.
    fn closed_tags(&self, zone: &mut Zone, f: i64, t: i64) -> (Tags, Tags) {
        let mut usual = Vec::new();
        let mut whole_day = Vec::new();
        let (Ok(first), Ok(last)) = (date_of(zone.local(f)), date_of(zone.local(t))) else {
            return (Tags(usual), Tags(whole_day));
        };
        let mut date = first
            .checked_sub_days(chrono::Days::new(2))
            .unwrap_or(first);
        let last = last.succ_opt().unwrap_or(last);
        while date <= last {
            let kind = match self.reason(date) {
                DayReason::Usual => None,
                DayReason::Holiday => Some(SegmentKind::Holiday { date }),
                DayReason::Special => Some(SegmentKind::Special { date }),
            };
            if let Some(kind) = kind {
                let mut real = Vec::new();
                for (ws, we) in subtract(&self.usual_wall(date), &self.actual_wall(date)) {
                    zone.preimage(ws, we, &mut real);
                }
                usual.extend(real.into_iter().map(|(a, b)| (a, b, kind)));
                let mut real = Vec::new();
                zone.preimage(midnight(date), midnight(date) + DAY, &mut real);
                whole_day.extend(real.into_iter().map(|(a, b)| (a, b, kind)));
            }
            match date.succ_opt() {
                Some(next) => date = next,
                None => break,
            }
        }
        usual.sort_unstable_by_key(|r| r.0);
        whole_day.sort_unstable_by_key(|r| r.0);
        (Tags(usual), Tags(whole_day))
    }

    /// Zero-length markers where working wall-clock time was skipped by a spring-forward.
    fn insert_dst_gaps(&self, zone: &mut Zone, f: i64, t: i64, raw: &mut Vec<Raw>) {
        for (at, w0, w1) in zone.gaps(f, t) {
            let (Ok(d0), Ok(d1)) = (date_of(w0), date_of(w1)) else {
                continue;
            };
            let mut markers = Vec::new();
            let mut date = d0.pred_opt().unwrap_or(d0);
            while date <= d1 {
                for (ws, we) in self.actual_wall(date) {
                    let (a, b) = (ws.max(w0), we.min(w1));
                    if a < b {
                        let kind = SegmentKind::DstGap {
                            wall_start: naive(a),
                            wall_end: naive(b),
                        };
                        markers.push((at, at, kind));
                    }
                }
                match date.succ_opt() {
                    Some(next) => date = next,
                    None => break,
                }
            }
            if markers.is_empty() {
                continue;
            }
            // Split the segment the jump falls inside, then put the markers at the jump.
            if let Some(i) = raw.iter().position(|r| r.0 < at && at < r.1) {
                let (s, e, k) = raw[i];
                raw[i] = (s, at, k);
                raw.insert(i + 1, (at, e, k));
            }
            let pos = raw.partition_point(|r| r.0 < at || (r.0 == at && r.1 == at));
            for (n, m) in markers.into_iter().enumerate() {
                raw.insert(pos + n, m);
            }
        }
    }
}

/// Splits the closed gap `[a, b)` by the tags and pushes the pieces.
fn classify_gap(a: i64, b: i64, usual: &Tags, whole_day: &Tags, out: &mut Vec<Raw>) {
    let mut cuts = vec![a, b];
    usual.cuts(a, b, &mut cuts);
    whole_day.cuts(a, b, &mut cuts);
    cuts.sort_unstable();
    cuts.dedup();
    for w in cuts.windows(2) {
        let kind = usual
            .find(w[0])
            .or_else(|| whole_day.find(w[0]))
            .unwrap_or(SegmentKind::OutsideHours);
        out.push((w[0], w[1], kind));
    }
}

/// Merges neighbours of the same kind (never zero-length markers) and converts to segments.
fn finish(raw: Vec<Raw>) -> Vec<Segment> {
    let mut merged: Vec<Raw> = Vec::with_capacity(raw.len());
    for r in raw {
        match merged.last_mut() {
            Some(last) if last.2 == r.2 && last.1 == r.0 && r.0 < r.1 && last.0 < last.1 => {
                last.1 = r.1;
            }
            _ => merged.push(r),
        }
    }
    merged
        .into_iter()
        .filter_map(|(a, b, kind)| {
            Some(Segment {
                start: DateTime::from_timestamp(a, 0)?,
                end: DateTime::from_timestamp(b, 0)?,
                kind,
            })
        })
        .collect()
}
