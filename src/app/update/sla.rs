//! The SLA timers pane's answer.

use super::super::model::Model;
use super::super::msg::SlaLoaded;

pub fn loaded(model: &mut Model, l: SlaLoaded) {
    match l {
        SlaLoaded::Timers(mut timers) => {
            // Breached, then at risk, then the least time left.
            timers.sort_by_key(|t| {
                (
                    t.badge.state,
                    t.badge.remaining_secs.unwrap_or(i64::MAX),
                    t.ticket_id,
                )
            });
            model.sla.timers = timers;
            model.sla.loaded = true;
            model.sla.cursor = model
                .sla
                .cursor
                .min(model.sla.timers.len().saturating_sub(1));
        }
    }
}
