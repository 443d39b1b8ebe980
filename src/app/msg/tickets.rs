//! Saving tickets: field changes (with conflicts and undo), replies and notes, new tickets and
//! links between tickets. The answers say what happened; `app::update::ticket_saves` words it.

use crate::app::model::Target;
use crate::domain::conversation::EntryKind;
use crate::domain::link::{LinkKind, LinkRequest};
use crate::domain::ticket::{NewTicket, Ticket, TicketPatch};

/// One ticket change: the patch, and the version it was made against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateItem {
    pub target: Target,
    pub patch: TicketPatch,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateResult {
    Saved {
        ticket: Box<Ticket>,
        changes: Vec<crate::domain::event::FieldChange>,
    },
    /// Someone else saved first; `theirs` is the ticket as it is now.
    Conflict {
        theirs: Box<Ticket>,
        by: String,
    },
    Failed(String),
}

#[derive(Debug, Clone)]
pub enum TicketJob {
    /// Changes to ticket fields. `undoable` records the inverse for undo.
    Update {
        label: String,
        items: Vec<UpdateItem>,
        undoable: bool,
    },
    AddEntry {
        id: i64,
        kind: EntryKind,
        body: String,
    },
    Create(Box<NewTicket>),
    Link {
        from: i64,
        to: i64,
        request: LinkRequest,
    },
}

/// A link the store made or found: `from` `kind` `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    pub from: i64,
    pub kind: LinkKind,
    pub to: i64,
    /// False when the link was already there.
    pub created: bool,
}

#[derive(Debug, Clone)]
pub enum TicketLoaded {
    Updated {
        label: String,
        undoable: bool,
        results: Vec<(UpdateItem, UpdateResult)>,
    },
    EntryAdded {
        id: i64,
        kind: EntryKind,
        body: String,
        result: Result<(), String>,
    },
    /// A new ticket was opened (its id), or why not.
    Created(Result<i64, String>),
    /// A link between tickets `from` and `to` was asked for.
    Linked {
        from: i64,
        to: i64,
        result: Result<Linked, String>,
    },
}
