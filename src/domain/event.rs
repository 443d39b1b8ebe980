//! Typed events: what a change did, to which record. The store writes them (field changes into
//! a ticket's history, one entry per saved operation into the change log) in the transaction
//! that makes the change; live refresh, SLA derivation, and later rules, notifications and
//! reports read them back as these types. Nobody parses a sentence to learn what happened.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! db_names {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The name stored in the database.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            /// The value stored as `s`; `None` for a name this tend does not know.
            pub fn from_db(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

db_names!(
    /// The sorts of record events and links concern. Problems, changes and requests are
    /// tickets; configuration items will be their own entity.
    Entity {
        Ticket = "ticket",
        Article = "article",
        View = "view",
        /// Desk-wide settings (matrix, calendars, SLA policies, imports, restores): no id.
        Settings = "settings",
    }
);

/// One record: an entity and its id (`None` for desk-wide settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityRef {
    pub entity: Entity,
    pub id: Option<i64>,
}

impl EntityRef {
    pub fn ticket(id: i64) -> EntityRef {
        EntityRef {
            entity: Entity::Ticket,
            id: Some(id),
        }
    }
    pub fn article(id: i64) -> EntityRef {
        EntityRef {
            entity: Entity::Article,
            id: Some(id),
        }
    }
    pub fn settings() -> EntityRef {
        EntityRef {
            entity: Entity::Settings,
            id: None,
        }
    }
}

db_names!(
    /// A ticket's fields, as history records them.
    TicketField {
        Kind = "kind",
        Status = "status",
        PendingReason = "pending_reason",
        Title = "title",
        Description = "description",
        Impact = "impact",
        Urgency = "urgency",
        Priority = "priority",
        PriorityOverride = "priority_override",
        Requester = "requester",
        Assignee = "assignee",
        Group = "group",
        Service = "service",
        Category = "category",
        Tags = "tags",
    }
);

impl Serialize for TicketField {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for TicketField {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        TicketField::from_db(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown ticket field '{s}'")))
    }
}

/// What one history row of a ticket records: a field's change, a link, or a linked article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Recorded {
    Field(TicketField),
    /// A link to or from another record (`new` reads "duplicate of #3").
    Link,
    /// A knowledge-base article linked to the ticket (`new` reads "KB-4 Title").
    Article,
    /// The ticket came in by `tend import` (`new` names the file).
    Imported,
}

impl Recorded {
    /// The name in history's `field` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Recorded::Field(f) => f.as_str(),
            Recorded::Link => "link",
            Recorded::Article => "article",
            Recorded::Imported => "imported",
        }
    }

    pub fn from_db(s: &str) -> Option<Recorded> {
        match s {
            "link" => Some(Recorded::Link),
            "article" => Some(Recorded::Article),
            "imported" => Some(Recorded::Imported),
            _ => TicketField::from_db(s).map(Recorded::Field),
        }
    }
}

/// One field of a ticket moved from `old` to `new` (as history shows them: `None` is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: TicketField,
    pub old: Option<String>,
    pub new: Option<String>,
}

db_names!(
    /// What one saved operation did; one change-log entry each.
    Happened {
        Created = "created",
        /// Fields changed; the entry lists which.
        Updated = "updated",
        Replied = "reply",
        Noted = "note",
        Linked = "linked",
        ArticleLinked = "article_linked",
        ViewSaved = "view_saved",
        ViewDeleted = "view_deleted",
        ViewMoved = "view_moved",
        ViewHidden = "view_hidden",
        ViewsShown = "views_shown",
        /// A desk-wide setting: the priority matrix, a calendar, an SLA policy.
        SettingChanged = "setting_changed",
        Generated = "generated",
        Imported = "imported",
        /// The whole desk was restored from a backup: everything may have changed.
        Restored = "restored",
    }
);

/// One change-log entry as written: which record, what happened, the ticket fields an update
/// changed, and a one-line summary for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    pub on: EntityRef,
    pub happened: Happened,
    pub fields: Vec<TicketField>,
    pub summary: String,
}

impl Logged {
    pub fn new(on: EntityRef, happened: Happened, summary: impl Into<String>) -> Logged {
        Logged {
            on,
            happened,
            fields: Vec::new(),
            summary: summary.into(),
        }
    }

    /// An update of a ticket's fields: "updated status, assignee".
    pub fn ticket_update(id: i64, changes: &[FieldChange]) -> Logged {
        let fields: Vec<TicketField> = changes.iter().map(|c| c.field).collect();
        let names: Vec<&str> = fields.iter().map(|f| f.as_str()).collect();
        Logged {
            on: EntityRef::ticket(id),
            happened: Happened::Updated,
            summary: format!("updated {}", names.join(", ")),
            fields,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for e in Entity::ALL {
            assert_eq!(Entity::from_db(e.as_str()), Some(*e));
        }
        for f in TicketField::ALL {
            assert_eq!(TicketField::from_db(f.as_str()), Some(*f));
        }
        for h in Happened::ALL {
            assert_eq!(Happened::from_db(h.as_str()), Some(*h));
        }
        assert_eq!(TicketField::from_db("colour"), None);
        for r in [
            Recorded::Link,
            Recorded::Article,
            Recorded::Field(TicketField::Status),
        ] {
            assert_eq!(Recorded::from_db(r.as_str()), Some(r));
        }
    }

    #[test]
    fn an_update_is_summarised_from_its_fields() {
        let c = |field| FieldChange {
            field,
            old: None,
            new: Some("x".into()),
        };
        let l = Logged::ticket_update(4, &[c(TicketField::Status), c(TicketField::Assignee)]);
        assert_eq!(l.summary, "updated status, assignee");
        assert_eq!(l.fields, vec![TicketField::Status, TicketField::Assignee]);
        assert_eq!(l.on, EntityRef::ticket(4));
    }
}
