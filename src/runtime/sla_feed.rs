//! The seam between the SLA engine and the screens. The engine (built separately) stores
//! per-ticket due times and states; these functions read them into the TUI's plain view types
//! (`app::sla`). Until the store has SLA data they return nothing, and the screens say
//! "no SLA data yet". Nothing here computes SLA time.

use std::collections::HashMap;

use crate::app::sla::{SlaBadge, SlaTimer};
use crate::store::{Result, Store};

/// The clocks of each of these tickets (for queue rows: the most urgent is shown).
pub fn badges(_store: &Store, _ids: &[i64]) -> Result<HashMap<i64, Vec<SlaBadge>>> {
    Ok(HashMap::new())
}

/// Every running, at-risk, breached or paused clock of open tickets, most urgent first.
pub fn timers(_store: &Store) -> Result<Vec<SlaTimer>> {
    Ok(Vec::new())
}
