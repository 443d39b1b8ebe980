//! The conversation on a ticket: public replies and internal notes.

use super::actor::ActorKind;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// Visible to the requester.
    Reply,
    /// For agents only; never counts as a response to the requester.
    Note,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Reply => "reply",
            EntryKind::Note => "note",
        }
    }
    pub fn from_db(s: &str) -> Option<EntryKind> {
        match s {
            "reply" => Some(EntryKind::Reply),
            "note" => Some(EntryKind::Note),
            _ => None,
        }
    }
}

impl fmt::Display for EntryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: i64,
    pub kind: EntryKind,
    pub author: String,
    /// What sort of actor wrote it (an agent unless it came by mail or from a rule).
    #[serde(default, skip_serializing_if = "ActorKind::is_agent")]
    pub actor_kind: ActorKind,
    /// The operating-system account that wrote it; `None` for entries from before tend
    /// recorded it (shown as "unknown").
    #[serde(default)]
    pub os_user: Option<String>,
    pub body: String,
    pub created_at: DateTime<Utc>,
}
