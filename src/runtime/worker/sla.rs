//! The SLA timers pane's job (on the slow lane: it reads the clocks of many tickets).

use super::Worker;
use crate::app::msg::{SlaJob, SlaLoaded};
use crate::runtime::sla_feed;

pub(super) fn run(w: &mut Worker, job: SlaJob) -> Option<SlaLoaded> {
    match job {
        SlaJob::Timers => Some(SlaLoaded::Timers(
            sla_feed::timers(&w.store).unwrap_or_default(),
        )),
    }
}
