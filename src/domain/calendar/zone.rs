//! Time-zone offsets as spans of constant offset, and the wall-clock <-> instant mappings the
//! arithmetic needs.
//!
//! chrono-tz does not expose its transition table, so the spans are found by sampling the
//! offset every few hours and bisecting (to the second) where it changes. Two transitions
//! that cancel each other between two samples would be missed; the tz database has none that
//! close together in the years a help desk cares about. Spans are cached per computation.
//!
//! Instants are Unix seconds (`i64`); wall-clock times are "local seconds": the naive local
//! date-time counted as if it were UTC. So `local = instant + offset`.

use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::Tz;

use super::time::DAY;

/// No zone is further than this from UTC (real ones stay within about 16 hours).
pub(crate) const MAX_OFFSET: i64 = 26 * 3600;
const SAMPLE: i64 = 6 * 3600;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: i64,
    pub offset: i64,
}

pub(crate) struct Zone {
    tz: Tz,
    /// Sorted by start; span `i` lasts until span `i + 1` starts, the last one until `hi`.
    spans: Vec<Span>,
    lo: i64,
    hi: i64,
}

/// A piece of time `[start, end)` with a constant offset.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Piece {
    pub start: i64,
    pub end: i64,
    pub offset: i64,
}

fn raw_offset(tz: Tz, t: i64) -> i64 {
    match DateTime::from_timestamp(t, 0) {
        Some(dt) => i64::from(
            tz.offset_from_utc_datetime(&dt.naive_utc())
                .fix()
                .local_minus_utc(),
        ),
        None => 0,
    }
}

/// Spans covering `[a, b)`, the first starting at `a`.
fn scan(tz: Tz, a: i64, b: i64) -> Vec<Span> {
    let mut spans = vec![Span {
        start: a,
        offset: raw_offset(tz, a),
    }];
    let mut at = a;
    while at < b - 1 {
        let next = (at + SAMPLE).min(b - 1);
        let mut current = spans[spans.len() - 1].offset;
        // Find every change in (at, next], one bisection per change.
        while raw_offset(tz, next) != current {
            let (mut ok, mut changed) = (at.max(spans[spans.len() - 1].start), next);
            while changed - ok > 1 {
                let mid = ok + (changed - ok) / 2;
                if raw_offset(tz, mid) == current {
                    ok = mid;
                } else {
                    changed = mid;
                }
            }
            current = raw_offset(tz, changed);
            spans.push(Span {
                start: changed,
                offset: current,
            });
        }
        at = next;
    }
    spans
}

impl Zone {
    pub fn new(tz: Tz) -> Zone {
        Zone {
            tz,
            spans: Vec::new(),
            lo: 0,
            hi: 0,
        }
    }

    /// Makes sure `[lo, hi)` is covered, growing the cache in generous steps.
    fn ensure(&mut self, lo: i64, hi: i64) {
        if self.spans.is_empty() {
            let (a, b) = (lo - DAY, hi + 2 * DAY);
            self.spans = scan(self.tz, a, b);
            self.lo = a;
            self.hi = b;
            return;
        }
        let step = (self.hi - self.lo).clamp(2 * DAY, 64 * DAY);
        if hi > self.hi {
            let b = hi.max(self.hi + step);
            let more = scan(self.tz, self.hi, b);
            for span in more {
                if self.spans.last().is_some_and(|s| s.offset == span.offset) {
                    continue;
                }
                self.spans.push(span);
            }
            self.hi = b;
        }
        if lo < self.lo {
            let a = lo.min(self.lo - step);
            let mut before = scan(self.tz, a, self.lo);
            if before.last().map(|s| s.offset) == self.spans.first().map(|s| s.offset) {
                self.spans.remove(0);
            }
            before.append(&mut self.spans);
            self.spans = before;
            self.lo = a;
        }
    }

    /// The constant-offset pieces of `[lo, hi)`, in order.
    pub fn pieces(&mut self, lo: i64, hi: i64) -> Vec<Piece> {
        let mut out = Vec::new();
        if lo >= hi {
            return out;
        }
        self.ensure(lo, hi);
        let first = self
            .spans
            .partition_point(|s| s.start <= lo)
            .saturating_sub(1);
        for (i, span) in self.spans.iter().enumerate().skip(first) {
            if span.start >= hi {
                break;
            }
            let end = self.spans.get(i + 1).map_or(self.hi, |s| s.start);
            let (a, b) = (span.start.max(lo), end.min(hi));
            if a < b {
                out.push(Piece {
                    start: a,
                    end: b,
                    offset: span.offset,
                });
            }
        }
        out
    }

    pub fn offset_at(&mut self, t: i64) -> i64 {
        self.pieces(t, t + 1).first().map_or(0, |p| p.offset)
    }

    /// Wall-clock (local seconds) of an instant.
    pub fn local(&mut self, t: i64) -> i64 {
        t + self.offset_at(t)
    }

    /// Pushes onto `out`, in order, the instants whose wall-clock time lies in `[ws, we)`:
    /// one interval normally, none for a range lost in a spring-forward gap, two or more
    /// around a fall-back.
    pub fn preimage(&mut self, ws: i64, we: i64, out: &mut Vec<(i64, i64)>) {
        for p in self.pieces(ws - MAX_OFFSET, we + MAX_OFFSET) {
            let (a, b) = (p.start.max(ws - p.offset), p.end.min(we - p.offset));
            if a < b {
                match out.last_mut() {
                    Some(last) if last.1 == a => last.1 = b,
                    _ => out.push((a, b)),
                }
            }
        }
    }

    /// The earliest instant whose wall-clock time is at or after `wall` (for a time inside a
    /// spring-forward gap: the instant the clocks jump).
    pub fn earliest_at_or_after(&mut self, wall: i64) -> i64 {
        for p in self.pieces(wall - MAX_OFFSET, wall + MAX_OFFSET) {
            if wall - p.offset < p.end {
                return p.start.max(wall - p.offset);
            }
        }
        wall
    }

    /// The spring-forward gaps in `[lo, hi)`: (instant of the jump, skipped wall-clock
    /// `[from, to)`).
    pub fn gaps(&mut self, lo: i64, hi: i64) -> Vec<(i64, i64, i64)> {
        let pieces = self.pieces(lo - 1, hi);
        pieces
            .windows(2)
            .filter(|w| w[1].offset > w[0].offset && w[1].start >= lo)
            .map(|w| {
                (
                    w[1].start,
                    w[1].start + w[0].offset,
                    w[1].start + w[1].offset,
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn ts(y: i32, m: u32, d: u32, h: u32) -> i64 {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .map(|dt| dt.and_utc().timestamp())
            .unwrap_or_default()
    }

    #[test]
    fn finds_berlin_transitions_to_the_second() {
        let mut z = Zone::new(chrono_tz::Europe::Berlin);
        let pieces = z.pieces(ts(2026, 3, 28, 0), ts(2026, 3, 30, 0));
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[1].start, ts(2026, 3, 29, 1));
        assert_eq!((pieces[0].offset, pieces[1].offset), (3600, 7200));
        let gaps = z.gaps(ts(2026, 3, 28, 0), ts(2026, 3, 30, 0));
        assert_eq!(
            gaps,
            vec![(ts(2026, 3, 29, 1), ts(2026, 3, 29, 2), ts(2026, 3, 29, 3))]
        );
    }

    #[test]
    fn preimage_of_a_fall_back_night_is_25_hours() {
        let mut z = Zone::new(chrono_tz::Europe::Berlin);
        let mut out = Vec::new();
        z.preimage(ts(2026, 10, 25, 0), ts(2026, 10, 26, 0), &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].1 - out[0].0, 25 * 3600);
    }

    #[test]
    fn cache_grows_both_ways() {
        let mut z = Zone::new(chrono_tz::America::New_York);
        let _ = z.pieces(ts(2026, 6, 1, 0), ts(2026, 6, 2, 0));
        let later = z.pieces(ts(2026, 11, 1, 0), ts(2026, 11, 2, 0));
        let earlier = z.pieces(ts(2026, 3, 8, 0), ts(2026, 3, 9, 0));
        assert_eq!(later.len(), 2);
        assert_eq!(earlier.len(), 2);
        assert_eq!(z.offset_at(ts(2026, 1, 1, 0)), -5 * 3600);
        assert_eq!(z.offset_at(ts(2026, 7, 1, 0)), -4 * 3600);
    }
}
