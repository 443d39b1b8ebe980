//! Each listed ticket's most pressing SLA state, for printing a list: the stored states and due
//! times read against the clock, without the business-time arithmetic (calendars, time zones)
//! that the time left on each clock needs.

use rusqlite::OptionalExtension;
use std::collections::HashMap;

use super::{Result, Store};
use crate::domain::sla::{self, SlaState, Target};
use crate::domain::time::from_unix;

impl Store {
    /// The most pressing state of each ticket's clocks (breached, at risk, running, paused,
    /// met), as `sla_badges` would give it; tickets without clocks (or not found) are left out.
    pub fn sla_states(&self, ids: &[i64]) -> Result<HashMap<i64, SlaState>> {
        let now = self.now();
        let mut stmt = self.conn.prepare_cached(
            "SELECT response_state, response_due_at, response_warn_at,
                    resolution_state, resolution_due_at, resolution_warn_at,
                    update_state, update_due_at, update_warn_at
             FROM tickets WHERE id = ?1",
        )?;
        let mut out = HashMap::with_capacity(ids.len());
        for id in ids {
            let state = stmt
                .query_row([id], |r| {
                    let mut most: Option<SlaState> = None;
                    for i in 0..Target::ALL.len() {
                        let state: Option<String> = r.get(i * 3)?;
                        let Some(state) = state.as_deref().and_then(SlaState::from_db) else {
                            continue;
                        };
                        let due: Option<i64> = r.get(i * 3 + 1)?;
                        let warn: Option<i64> = r.get(i * 3 + 2)?;
                        let now_state = sla::state_at(
                            state,
                            warn.and_then(from_unix),
                            due.and_then(from_unix),
                            now,
                        );
                        most = Some(most.map_or(now_state, |m| m.min(now_state)));
                    }
                    Ok(most)
                })
                .optional()?
                .flatten();
            if let Some(state) = state {
                out.insert(*id, state);
            }
        }
        Ok(out)
    }
}
