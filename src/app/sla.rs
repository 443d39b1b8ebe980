//! What the TUI shows about SLAs, as plain view types. The SLA engine (`domain::sla`, clocks
//! cached by the store) computes them; `runtime::sla_feed` fills these types from the store.

use chrono::{DateTime, Utc};

pub use crate::domain::sla::{SlaState, TimeBasis};

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
}

impl SlaBadge {
    /// Seconds left now, counting down wall time since `as_of` while the clock runs.
    /// (Outside business hours the engine's next refresh corrects this.)
    pub fn remaining_at(&self, now: DateTime<Utc>) -> Option<i64> {
        let left = self.remaining_secs?;
        if self.state.ticks() {
            Some(left - (now - self.as_of).num_seconds().max(0))
        } else {
            Some(left)
        }
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
