//! The seam between the SLA engine and the screens: reads the clocks the store keeps (and, for
//! the timers pane, derives them afresh from history) into the TUI's plain view types
//! (`app::sla`). Nothing here does SLA arithmetic itself.

use std::collections::HashMap;

use crate::app::sla::{SlaBadge, SlaTimer};
use crate::domain::sla::{SlaState, TimeBasis, WorkingSpans};
use crate::store::{Result, Store};

/// How many tickets the timers pane follows (the most urgent).
const TIMER_TICKETS: usize = 200;

/// The clocks of each of these tickets (for queue rows: the most urgent is shown).
pub fn badges(store: &Store, ids: &[i64]) -> Result<HashMap<i64, Vec<SlaBadge>>> {
    let now = store.now();
    Ok(store
        .sla_badges(ids)?
        .into_iter()
        .map(|(id, list)| {
            let badges = list
                .into_iter()
                .map(|b| SlaBadge {
                    target: b.target.as_str().to_string(),
                    due_at: b.due_at,
                    state: b.state,
                    remaining_secs: if b.state == SlaState::Met {
                        None
                    } else {
                        b.remaining_secs
                    },
                    as_of: now,
                    basis: b.basis,
                    warn_at: b.warn_at,
                    working: b.working,
                })
                .collect();
            (id, badges)
        })
        .collect())
}

/// A ticket's clocks derived afresh from its history (as `tend sla explain` shows them), for a
/// ticket whose clocks the store does not keep: a closed or cancelled one, whose clocks
/// stopped. A stopped clock shows its state (met or breached) and no time left.
pub fn derived(store: &Store, id: i64) -> Result<Vec<SlaBadge>> {
    let now = store.now();
    Ok(store
        .sla_clocks(id)?
        .into_iter()
        .map(|c| {
            let stopped = c.stopped_at.is_some();
            SlaBadge {
                target: c.target.as_str().to_string(),
                due_at: c.due_at,
                state: c.state,
                remaining_secs: (!stopped && c.state != SlaState::Met).then_some(c.remaining_secs),
                as_of: now,
                basis: TimeBasis::of_calendar(&c.calendar),
                warn_at: c.warn_at,
                working: None,
            }
        })
        .collect())
}

/// Every running, at-risk, breached or paused clock of the most urgent open tickets, breached
/// and at-risk first, then least time left.
pub fn timers(store: &Store) -> Result<Vec<SlaTimer>> {
    let now = store.now();
    let calendars = store.calendars()?;
    let mut out: Vec<SlaTimer> = Vec::new();
    for (t, clocks) in store.sla_queue(TIMER_TICKETS)? {
        for c in clocks.into_iter().filter(|c| c.stopped_at.is_none()) {
            let basis = TimeBasis::of_calendar(&c.calendar);
            let working = calendars
                .iter()
                .find(|cal| cal.name == c.calendar)
                .filter(|_| c.state.ticks() && basis == TimeBasis::Business)
                .map(|cal| WorkingSpans::ahead(cal, now, c.due_at));
            out.push(SlaTimer {
                ticket_id: t.id,
                title: t.title.clone(),
                priority: t.priority,
                badge: SlaBadge {
                    target: c.target.as_str().to_string(),
                    due_at: c.due_at,
                    state: c.state,
                    remaining_secs: Some(c.remaining_secs),
                    as_of: now,
                    basis,
                    warn_at: c.warn_at,
                    working,
                },
            });
        }
    }
    out.sort_by_key(|t| {
        (
            t.badge.state,
            t.badge.remaining_secs.unwrap_or(i64::MAX),
            t.ticket_id,
        )
    });
    Ok(out)
}
