//! What the TUI shows about SLAs, as plain view types. The SLA engine (`domain::sla`, clocks
//! cached by the store) computes them; `runtime::sla_feed` fills these types from the store.

use chrono::{DateTime, Utc};

pub use crate::domain::sla::{SlaState, TimeBasis, WorkingSpans};

/// One SLA target of one ticket (first response, resolution, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaBadge {
    /// "response", "resolution" or "update".
    pub target: String,
    pub due_at: Option<DateTime<Utc>>,
    pub state: SlaState,
    /// Business seconds left at `as_of` (negative when breached); `None` when met or unknown.
    pub remaining_secs: Option<i64>,
    /// When `remaining_secs` was computed, so the screen can count down between refreshes.
    pub as_of: DateTime<Utc>,
    /// Business time (hours, `biz`) or wall-clock time (`24x7`, days of 24 hours): how
    /// `remaining_secs` is shown.
    pub basis: TimeBasis,
    /// When a running clock turns at risk.
    pub warn_at: Option<DateTime<Utc>>,
    /// A business clock's working time from `as_of` on (a bounded horizon); `None` for
    /// wall-clock time (`24x7`), where every second counts.
    pub working: Option<WorkingSpans>,
}

impl SlaBadge {
    /// Seconds left at `now`: the time left at `as_of` less the time the clock ran since,
    /// which on a business calendar is only its working time (as `tend sla explain` counts).
    /// Past the horizon of the working time given, the count stops there until a reload
    /// (see [`SlaBadge::stale_at`]).
    pub fn remaining_at(&self, now: DateTime<Utc>) -> Option<i64> {
        let left = self.remaining_secs?;
        if !self.state.ticks() || now <= self.as_of {
            return Some(left);
        }
        let ran = match &self.working {
            None => (now - self.as_of).num_seconds(),
            Some(w) => w
                .worked_until(now)
                .or_else(|| w.worked_until(w.until))
                .unwrap_or(0),
        };
        Some(left - ran)
    }

    /// The clock's state at `now`: a running clock turns at risk at its warning time and
    /// breached at its due time, as the store would say.
    pub fn state_at(&self, now: DateTime<Utc>) -> SlaState {
        match crate::domain::sla::state_at(self.state, self.warn_at, self.due_at, now) {
            // Time only moves on: a clock at risk when read stays at risk.
            SlaState::Running if self.state == SlaState::AtRisk => SlaState::AtRisk,
            state => state,
        }
    }

    /// True when the clock runs on a business calendar and `now` is past the working time it
    /// was given: the screen needs it again from the store.
    pub fn stale_at(&self, now: DateTime<Utc>) -> bool {
        self.state.ticks() && self.working.as_ref().is_some_and(|w| now > w.until)
    }

    /// Time left at `now` as text (`27h biz`, `1d3h`, `-5m`), by the clock's basis.
    pub fn left_text(&self, now: DateTime<Utc>) -> Option<String> {
        self.remaining_at(now).map(|s| self.basis.short(s))
    }

    /// The most urgent of a ticket's clocks: breached first, then least time left.
    pub fn most_urgent(badges: &[SlaBadge]) -> Option<&SlaBadge> {
        badges
            .iter()
            .filter(|b| b.state != SlaState::Met)
            .min_by_key(|b| (b.state, b.remaining_secs.unwrap_or(i64::MAX)))
    }
}

/// A row of the SLA timers pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaTimer {
    pub ticket_id: i64,
    pub title: String,
    pub priority: u8,
    pub badge: SlaBadge,
}
