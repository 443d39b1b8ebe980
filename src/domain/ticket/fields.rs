//! A ticket's optional text fields (requester, assignee, group, service, category) in one
//! table: each with its history name, its SQL column, its label, and how to reach it in a
//! ticket, a new ticket and a patch. Applying changes, history, SQL, the detail views, the edit
//! form and undo all go through this table. A new field of this sort is: a line here, its
//! struct fields (`Ticket`, `NewTicket`, `TicketPatch`), its `TicketField` in
//! `domain/event.rs`, a migration that adds the column (and its line in `store/migrate.rs`), its
//! flags in `cli/args.rs` and the two lines in `cli/ticket.rs` that pass them on (`new` and
//! `update`; nothing else warns if those are missing).

use super::{NewTicket, Ticket, TicketPatch};
use crate::domain::error::Invalid;
use crate::domain::event::TicketField;

/// One optional text field of a ticket.
pub struct TextField {
    pub field: TicketField,
    /// Its column in the `tickets` table.
    pub column: &'static str,
    /// How the detail views label it.
    pub label: &'static str,
    /// Holds an agent's name (checked by the rules for names), not free text.
    pub agent: bool,
    pub of: fn(&Ticket) -> &Option<String>,
    pub of_mut: fn(&mut Ticket) -> &mut Option<String>,
    pub in_new: fn(&mut NewTicket) -> &mut Option<String>,
    /// In a patch: `None` leaves the field alone, `Some(None)` clears it.
    pub in_patch: fn(&mut TicketPatch) -> &mut Option<Option<String>>,
    pub in_patch_ref: fn(&TicketPatch) -> &Option<Option<String>>,
}

impl TextField {
    /// The history name (`group`), which is also what the edit form calls it.
    pub fn name(&self) -> &'static str {
        self.field.as_str()
    }

    /// Checks and cleans a value for this field: trimmed, blank is unset.
    pub fn clean(&self, value: Option<String>) -> Result<Option<String>, Invalid> {
        if self.agent {
            crate::domain::names::optional_name(self.name(), value)
        } else {
            super::optional_field(self.name(), value)
        }
    }
}

/// The optional text fields, in the order history, the detail views and the form list them.
pub static TEXT_FIELDS: &[TextField] = &[
    TextField {
        field: TicketField::Requester,
        column: "requester",
        label: "Requester",
        agent: false,
        of: |t| &t.requester,
        of_mut: |t| &mut t.requester,
        in_new: |t| &mut t.requester,
        in_patch: |p| &mut p.requester,
        in_patch_ref: |p| &p.requester,
    },
    TextField {
        field: TicketField::Assignee,
        column: "assignee",
        label: "Assignee",
        agent: true,
        of: |t| &t.assignee,
        of_mut: |t| &mut t.assignee,
        in_new: |t| &mut t.assignee,
        in_patch: |p| &mut p.assignee,
        in_patch_ref: |p| &p.assignee,
    },
    TextField {
        field: TicketField::Group,
        column: "group_name",
        label: "Group",
        agent: false,
        of: |t| &t.group,
        of_mut: |t| &mut t.group,
        in_new: |t| &mut t.group,
        in_patch: |p| &mut p.group,
        in_patch_ref: |p| &p.group,
    },
    TextField {
        field: TicketField::Service,
        column: "service",
        label: "Service",
        agent: false,
        of: |t| &t.service,
        of_mut: |t| &mut t.service,
        in_new: |t| &mut t.service,
        in_patch: |p| &mut p.service,
        in_patch_ref: |p| &p.service,
    },
    TextField {
        field: TicketField::Category,
        column: "category",
        label: "Category",
        agent: false,
        of: |t| &t.category,
        of_mut: |t| &mut t.category,
        in_new: |t| &mut t.category,
        in_patch: |p| &mut p.category,
        in_patch_ref: |p| &p.category,
    },
];

/// The text fields in the order their rules are checked and conflicts listed: agent fields
/// first (the refusal a user most often meets, as before the table), then the rest.
pub fn in_check_order() -> impl Iterator<Item = &'static TextField> {
    let agents = TEXT_FIELDS.iter().filter(|f| f.agent);
    agents.chain(TEXT_FIELDS.iter().filter(|f| !f.agent))
}

/// The text field with history (and form) name `name`.
pub fn text_field(name: &str) -> Option<&'static TextField> {
    TEXT_FIELDS.iter().find(|f| f.name() == name)
}

/// The text fields' SQL columns, comma-separated, each prefixed with `prefix` (`t.`).
pub fn columns(prefix: &str) -> String {
    TEXT_FIELDS
        .iter()
        .map(|f| format!("{prefix}{}", f.column))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each entry reaches its own field everywhere (a copy-paste slip would point one entry's
    /// accessors at another field).
    #[test]
    fn every_accessor_reaches_its_own_field() {
        let mut t = crate::domain::ticket::sample(crate::domain::ticket::Status::Open);
        let mut n = NewTicket::new("x");
        let mut p = TicketPatch::default();
        for f in TEXT_FIELDS {
            *(f.of_mut)(&mut t) = Some(f.name().to_string());
            *(f.in_new)(&mut n) = Some(f.name().to_string());
            *(f.in_patch)(&mut p) = Some(Some(f.name().to_string()));
        }
        for f in TEXT_FIELDS {
            assert_eq!((f.of)(&t).as_deref(), Some(f.name()));
            assert_eq!((f.in_new)(&mut n).as_deref(), Some(f.name()));
            assert_eq!((f.in_patch_ref)(&p), &Some(Some(f.name().to_string())));
            assert_eq!(text_field(f.name()).map(|x| x.column), Some(f.column));
        }
        assert_eq!(t.requester.as_deref(), Some("requester"));
        assert_eq!(t.group.as_deref(), Some("group"));
        assert_eq!(p.category, Some(Some("category".into())));
        assert_eq!(n.assignee.as_deref(), Some("assignee"));
    }
}
