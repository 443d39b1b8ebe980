//! The history of a ticket: every change to a field, recorded with the change itself.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One recorded change: who changed which field of a ticket when, from what to what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// Who the change is credited to (`--as`, `TEND_USER`, or the OS user).
    pub actor: String,
    /// The operating-system account that really made it.
    pub os_user: String,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// Someone else has a ticket open for editing right now (a live heartbeat).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    pub agent: String,
    pub os_user: String,
    /// What they are doing: `reply`, `note`, `edit` ...
    pub activity: String,
    pub since: DateTime<Utc>,
    pub seen_at: DateTime<Utc>,
}
