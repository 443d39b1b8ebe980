//! Applying a change to a ticket: the ticket it becomes and the field changes that go into its
//! history. Pure: the store reads the ticket and the priority matrix, calls `apply`, and saves
//! what comes back in one transaction.

use crate::domain::lifecycle::StatusClass;
use chrono::{DateTime, Utc};

use super::fields::TEXT_FIELDS;
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
    for f in super::fields::in_check_order() {
        if let Some(v) = (f.in_patch_ref)(p) {
            *(f.of_mut)(t) = f.clean(v.clone())?;
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
        // The times that go with what a status means: done (resolved) stamps `resolved_at`,
        // final (closed, cancelled) stamps `closed_at`, and reopening a done ticket clears
        // `resolved_at`.
        let life = lifecycle::of(t.kind);
        match (life.class(old.status), life.class(target)) {
            (_, Some(StatusClass::Done)) => t.resolved_at = Some(now),
            (_, Some(StatusClass::Final)) => t.closed_at = Some(now),
            (Some(StatusClass::Done), Some(StatusClass::Open)) => t.resolved_at = None,
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
    ];
    let texts = TEXT_FIELDS
        .iter()
        .map(|f| (f.field, (f.of)(a).clone(), (f.of)(b).clone()));
    pairs
        .into_iter()
        .chain(texts)
        .chain([(F::Tags, tags(a), tags(b))])
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
