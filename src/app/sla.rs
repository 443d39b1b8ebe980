//! What the TUI shows about SLAs, as plain view types. The SLA engine (another module, built
//! separately) computes business-hours clocks; the runtime fills these types from the store in
//! `runtime::sla_feed`. Until it does, every list here is empty and the screens say
//! "no SLA data yet" instead of inventing anything.

use chrono::{DateTime, Utc};

/// The state of one SLA clock, as a user sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SlaState {
    Breached,
    AtRisk,
    Running,
    Paused,
    Met,
}

impl SlaState {
    /// A symbol, so the state reads without colour (NO_COLOR, 16 colours, screen readers).
    pub fn symbol(self) -> &'static str {
        match self {
            SlaState::Breached => "✖",
            SlaState::AtRisk => "▲",
            SlaState::Running => "●",
            SlaState::Paused => "Ⅱ",
            SlaState::Met => "✔",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            SlaState::Breached => "breached",
            SlaState::AtRisk => "at risk",
            SlaState::Running => "running",
            SlaState::Paused => "paused",
            SlaState::Met => "met",
        }
    }
    /// Clocks that count down while you watch.
    pub fn ticks(self) -> bool {
        matches!(
            self,
            SlaState::Running | SlaState::AtRisk | SlaState::Breached
        )
    }
}

/// One SLA target of one ticket (first response, resolution, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaBadge {
    /// "first response", "resolution", ...
    pub target: String,
    pub due_at: Option<DateTime<Utc>>,
    pub state: SlaState,
    /// Business seconds left at `as_of` (negative when breached); `None` when met or unknown.
    pub remaining_secs: Option<i64>,
    /// When `remaining_secs` was computed, so the screen can count down between refreshes.
    pub as_of: DateTime<Utc>,
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

/// `2h05m`, `45m`, `3d4h`, `-1h10m` (overdue) for a number of seconds.
pub fn short_duration(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
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
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_short() {
        assert_eq!(short_duration(59), "59s");
        assert_eq!(short_duration(45 * 60), "45m");
        assert_eq!(short_duration(2 * 3600 + 5 * 60), "2h05m");
        assert_eq!(short_duration(3 * 86_400 + 4 * 3600), "3d4h");
        assert_eq!(short_duration(-(3600 + 600)), "-1h10m");
    }
}
