//! The SLA timers pane's job and answer.

use crate::app::sla::SlaTimer;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlaJob {
    /// The running clocks of the most urgent open tickets.
    Timers,
}

#[derive(Debug, Clone)]
pub enum SlaLoaded {
    Timers(Vec<SlaTimer>),
}
