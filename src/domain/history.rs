//! The history of a ticket: every change to a field, recorded with the change itself.

use super::actor::ActorKind;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One recorded change: who changed which field of a ticket when, from what to what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// Who the change is credited to (`--as`, `TEND_USER`, or the OS user).
    pub actor: String,
    /// What sort of actor it was (an agent unless it came by mail or from a rule).
    #[serde(default, skip_serializing_if = "ActorKind::is_agent")]
    pub actor_kind: ActorKind,
    /// The operating-system account that really made it.
    pub os_user: String,
    /// What the row records: a field's name (`status`), `link`, `article` or `imported`; see
    /// `recorded` for the typed form.
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl Change {
    /// What the row records, typed; `None` for a name this tend does not know.
    pub fn recorded(&self) -> Option<super::event::Recorded> {
        super::event::Recorded::from_db(&self.field)
    }
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
