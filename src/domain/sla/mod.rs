//! SLA policies and clocks. Pure: clocks are derived from a ticket's recorded history (status
//! changes and replies) and a calendar, with `now` passed in, so the same history always gives
//! the same due times, and changing a priority, policy or calendar recomputes them with every
//! paused second kept.

mod clock;
mod explain;
mod format;
mod policy;
mod working;

pub use clock::{Clock, History, PauseSpan, compute_clocks, compute_clocks_with};
pub use explain::{ExplainKind, ExplainSegment, explain};
pub use format::{TimeBasis, business_precise, business_short, wall_precise, wall_short};
pub use policy::{SlaRule, default_rules, pick_rule, precedence_order, rivals, tie_winner};
pub use working::WorkingSpans;

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a clock measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// Until the first public reply by someone other than the requester.
    Response,
    /// Until the ticket is resolved (resumes if it is reopened).
    Resolution,
    /// Until the next public reply by an agent, from the last one.
    Update,
}

impl Target {
    pub const ALL: [Target; 3] = [Target::Response, Target::Resolution, Target::Update];
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Response => "response",
            Target::Resolution => "resolution",
            Target::Update => "update",
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a user sees of a clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaState {
    Breached,
    AtRisk,
    Running,
    Paused,
    Met,
}

impl SlaState {
    pub fn as_str(self) -> &'static str {
        match self {
            SlaState::Running => "running",
            SlaState::AtRisk => "at_risk",
            SlaState::Breached => "breached",
            SlaState::Paused => "paused",
            SlaState::Met => "met",
        }
    }

    /// A symbol, so colour is never the only signal (NO_COLOR, 16 colours). All are one
    /// column wide in every terminal (no emoji presentation).
    pub fn symbol(self) -> &'static str {
        match self {
            SlaState::Running => "●",
            SlaState::AtRisk => "▲",
            SlaState::Breached => "✖",
            SlaState::Paused => "Ⅱ",
            SlaState::Met => "✔",
        }
    }

    /// As people write it: `at risk` rather than `at_risk`.
    pub fn label(self) -> &'static str {
        match self {
            SlaState::AtRisk => "at risk",
            other => other.as_str(),
        }
    }

    /// Clocks that count down while you watch.
    pub fn ticks(self) -> bool {
        matches!(
            self,
            SlaState::Running | SlaState::AtRisk | SlaState::Breached
        )
    }

    pub fn from_db(s: &str) -> Option<SlaState> {
        [
            SlaState::Running,
            SlaState::AtRisk,
            SlaState::Breached,
            SlaState::Paused,
            SlaState::Met,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

impl fmt::Display for SlaState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for SlaState {
    type Err = crate::domain::Invalid;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::domain::error::parse_choice(
            "SLA state",
            s,
            &[
                ("running", SlaState::Running),
                ("at-risk", SlaState::AtRisk),
                ("breached", SlaState::Breached),
                ("paused", SlaState::Paused),
                ("met", SlaState::Met),
            ],
            &["running", "at-risk", "breached", "paused", "met"],
        )
    }
}

/// The state a stored clock has at `now`: a clock stored as running turns at-risk at its warning
/// time and breached at its due time without anyone writing to the ticket.
pub fn state_at(
    stored: SlaState,
    warn_at: Option<chrono::DateTime<chrono::Utc>>,
    due_at: Option<chrono::DateTime<chrono::Utc>>,
    now: chrono::DateTime<chrono::Utc>,
) -> SlaState {
    match stored {
        SlaState::Running | SlaState::AtRisk => match (due_at, warn_at) {
            (Some(due), _) if now >= due => SlaState::Breached,
            (_, Some(warn)) if now >= warn => SlaState::AtRisk,
            _ => SlaState::Running,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_clocks_turn_at_risk_and_breached_as_time_passes() {
        use chrono::TimeZone;
        let t = |h| chrono::Utc.with_ymd_and_hms(2026, 1, 5, h, 0, 0).unwrap();
        let (warn, due) = (Some(t(10)), Some(t(12)));
        assert_eq!(
            state_at(SlaState::Running, warn, due, t(9)),
            SlaState::Running
        );
        assert_eq!(
            state_at(SlaState::Running, warn, due, t(10)),
            SlaState::AtRisk
        );
        assert_eq!(
            state_at(SlaState::Running, warn, due, t(12)),
            SlaState::Breached
        );
        assert_eq!(
            state_at(SlaState::Paused, None, None, t(13)),
            SlaState::Paused
        );
        assert_eq!(state_at(SlaState::Met, warn, due, t(13)), SlaState::Met);
    }
}
