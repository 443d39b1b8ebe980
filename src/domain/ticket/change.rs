//! Applying a change to a ticket: the ticket it becomes and the field changes that go into its
//! history. Pure: the store reads the ticket and the priority matrix, calls `apply`, and saves
//! what comes back in one transaction.

use chrono::{DateTime, Utc};

use super::{PrioritySetting, Status, Ticket, TicketPatch};
use crate::domain::error::{Invalid, PendingRule};
use crate::domain::event::{FieldChange, TicketField};
use crate::domain::lifecycle;
use crate::domain::priority::PriorityMatrix;

/// What a patch did: the ticket as it is now, and every field that changed (empty when the
/// patch changed nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub ticket: Ticket,
    pub changes: Vec<FieldChange>,
}

/// The ticket as it will be after `p`, with every rule checked, and the field changes.
pub fn apply(
    old: &Ticket,
    p: &TicketPatch,
    matrix: &PriorityMatrix,
    now: DateTime<Utc>,
) -> Result<Applied, Invalid> {
    let mut t = old.clone();
    edit_fields(&mut t, p)?;
    move_status(&mut t, old, p, now)?;
    set_priority(&mut t, p, matrix);
    let changes = diff(old, &t);
    Ok(Applied { ticket: t, changes })
}

/// Title, description, kind, people, classification and tags.
fn edit_fields(t: &mut Ticket, p: &TicketPatch) -> Result<(), Invalid> {
    if let Some(title) = &p.title {
        t.title = super::validate_title(title)?;
    }
    if let Some(d) = &p.description {
        super::validate_body("description", d)?;
        t.description = d.trim_end().to_string();
    }
    if let Some(k) = p.kind {
        t.kind = k;
    }
    if let Some(v) = &p.assignee {
        t.assignee = crate::domain::names::optional_name("assignee", v.clone())?;
    }
    for (what, field, value) in [
        ("requester", &mut t.requester, &p.requester),
        ("group", &mut t.group, &p.group),
        ("service", &mut t.service, &p.service),
        ("category", &mut t.category, &p.category),
    ] {
        if let Some(v) = value {
            *field = super::optional_field(what, v.clone())?;
        }
    }
    if !p.add_tags.is_empty() || !p.remove_tags.is_empty() {
        t.tags = super::change_tags(&t.tags, &p.add_tags, &p.remove_tags)?;
    }
    Ok(())
}

/// The status, by the lifecycle of the ticket's kind, with the pending reason and the
/// timestamps that go with each status.
fn move_status(
    t: &mut Ticket,
    old: &Ticket,
    p: &TicketPatch,
    now: DateTime<Utc>,
) -> Result<(), Invalid> {
    let target = p.status.unwrap_or(old.status);
    if let Some(s) = p.status {
        lifecycle::check_transition(old.kind, old.id, old.status, s)?;
    }
    match (&p.pending_reason, target) {
        (Some(r), Status::Pending) => t.pending_reason = Some(super::short_field("reason", r)?),
        (Some(_), _) => return Err(Invalid::Pending(PendingRule::ReasonWithoutPending)),
        (None, Status::Pending) if old.status != Status::Pending => {
            return Err(Invalid::Pending(PendingRule::PendingWithoutReason));
        }
        (None, Status::Pending) => {}
        (None, _) => t.pending_reason = None,
    }
    if target != old.status {
        t.status = target;
        match target {
            Status::Resolved => t.resolved_at = Some(now),
            Status::Closed | Status::Cancelled => t.closed_at = Some(now),
            Status::Open if old.status == Status::Resolved => t.resolved_at = None,
            _ => {}
        }
    }
    Ok(())
}

/// Priority: from the matrix unless set by hand.
fn set_priority(t: &mut Ticket, p: &TicketPatch, matrix: &PriorityMatrix) {
    if let Some(i) = p.impact {
        t.impact = i;
    }
    if let Some(u) = p.urgency {
        t.urgency = u;
    }
    match p.priority {
        Some(PrioritySetting::Manual(n)) => {
            t.priority = n;
            t.priority_override = true;
        }
        Some(PrioritySetting::Auto) => t.priority_override = false,
        None => {}
    }
    if !t.priority_override {
        t.priority = matrix.priority(t.impact, t.urgency);
    }
}

/// Every field that differs between `a` and `b`, in history order.
pub fn diff(a: &Ticket, b: &Ticket) -> Vec<FieldChange> {
    use TicketField as F;
    let s = |v: &str| Some(v.to_string());
    let tags = |t: &Ticket| (!t.tags.is_empty()).then(|| t.tags.join(","));
    let pairs = [
        (F::Kind, s(a.kind.as_str()), s(b.kind.as_str())),
        (F::Status, s(a.status.as_str()), s(b.status.as_str())),
        (
            F::PendingReason,
            a.pending_reason.clone(),
            b.pending_reason.clone(),
        ),
        (F::Title, s(&a.title), s(&b.title)),
        (F::Description, s(&a.description), s(&b.description)),
        (F::Impact, s(a.impact.as_str()), s(b.impact.as_str())),
        (F::Urgency, s(a.urgency.as_str()), s(b.urgency.as_str())),
        (
            F::Priority,
            Some(a.priority.to_string()),
            Some(b.priority.to_string()),
        ),
        (
            F::PriorityOverride,
            Some(a.priority_override.to_string()),
            Some(b.priority_override.to_string()),
        ),
        (F::Requester, a.requester.clone(), b.requester.clone()),
        (F::Assignee, a.assignee.clone(), b.assignee.clone()),
        (F::Group, a.group.clone(), b.group.clone()),
        (F::Service, a.service.clone(), b.service.clone()),
        (F::Category, a.category.clone(), b.category.clone()),
        (F::Tags, tags(a), tags(b)),
    ];
    pairs
        .into_iter()
        .filter(|(_, old, new)| old != new)
        .map(|(field, old, new)| FieldChange { field, old, new })
        .collect()
}

/// Whether a public reply may go on `t` (internal notes always may): refused on a final status
/// of its kind's lifecycle.
pub fn check_reply(t: &Ticket) -> Result<(), Invalid> {
    if lifecycle::of(t.kind).takes_replies(t.status) {
        return Ok(());
    }
    Err(Invalid::value(format!(
        "ticket #{} is {}; replies go on an open ticket (an internal note is still allowed)",
        t.id, t.status
    )))
}

#[cfg(test)]
mod tests;
