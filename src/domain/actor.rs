//! Who acts on the desk: an agent at a terminal, a requester reaching the desk by mail or another
//! channel, or an automated rule. Every write records the actor and, whatever the actor, the OS
//! account of the process that really made it.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What sort of actor made a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A person working the desk: the OS account, or the name `--as`/`TEND_USER` gives.
    #[default]
    Agent,
    /// The person a ticket is for, reaching the desk by mail or another channel.
    Requester,
    /// An automated rule (escalation, auto-close, recurring work); `name` is the rule's.
    Rule,
}

impl ActorKind {
    pub const ALL: &'static [ActorKind] =
        &[ActorKind::Agent, ActorKind::Requester, ActorKind::Rule];

    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Agent => "agent",
            ActorKind::Requester => "requester",
            ActorKind::Rule => "rule",
        }
    }

    /// The kind stored as `s`; `None` for a name this tend does not know.
    pub fn from_db(s: &str) -> Option<ActorKind> {
        Self::ALL.iter().copied().find(|k| k.as_str() == s)
    }

    pub fn is_agent(&self) -> bool {
        *self == ActorKind::Agent
    }
}

impl fmt::Display for ActorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who is making a change: the kind of actor, the name it is credited to, and the OS account
/// that really made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub kind: ActorKind,
    /// The agent (`--as NAME`, `TEND_USER`, or the OS user), the requester's address, or the
    /// rule's name.
    pub name: String,
    /// The operating-system account of the process, whatever `name` says.
    pub os_user: String,
}

impl Actor {
    pub fn agent(name: impl Into<String>, os_user: impl Into<String>) -> Actor {
        Actor {
            kind: ActorKind::Agent,
            name: name.into(),
            os_user: os_user.into(),
        }
    }

    pub fn requester(name: impl Into<String>, os_user: impl Into<String>) -> Actor {
        Actor {
            kind: ActorKind::Requester,
            name: name.into(),
            os_user: os_user.into(),
        }
    }

    pub fn rule(name: impl Into<String>, os_user: impl Into<String>) -> Actor {
        Actor {
            kind: ActorKind::Rule,
            name: name.into(),
            os_user: os_user.into(),
        }
    }
}

/// How a history line credits an actor: agents by name alone (as always), the others with what
/// they are, so a rule's change never reads as a person's: `alice`, `j@example.org (requester)`,
/// `auto-close (rule)`.
pub fn credit(kind: ActorKind, name: &str) -> String {
    match kind {
        ActorKind::Agent => name.to_string(),
        other => format!("{name} ({other})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_credit() {
        for k in ActorKind::ALL {
            assert_eq!(ActorKind::from_db(k.as_str()), Some(*k));
        }
        assert_eq!(ActorKind::from_db("robot"), None);
        assert_eq!(credit(ActorKind::Agent, "alice"), "alice");
        assert_eq!(credit(ActorKind::Rule, "auto-close"), "auto-close (rule)");
        let r = Actor::requester("j@example.org", "tend-mail");
        assert_eq!(r.kind, ActorKind::Requester);
        assert_eq!(credit(r.kind, &r.name), "j@example.org (requester)");
    }
}
