//! Undo: the patch that puts back what a saved change changed, from the store's typed field
//! changes. Applied with the version the change produced, so undoing over
//! someone else's later change is a conflict, never a silent overwrite.

use crate::domain::event::{FieldChange, TicketField as F};
use crate::domain::ticket::fields::TEXT_FIELDS;
use crate::domain::ticket::{PrioritySetting, Status, TicketPatch};

/// What a saved change left the fields at, for a message: `now open`, `now assignee bob`
/// (a status by its value alone; bookkeeping fields left out).
pub fn now_text(changes: &[FieldChange]) -> String {
    let parts: Vec<String> = changes
        .iter()
        .filter(|c| {
            !matches!(
                c.field,
                F::PriorityOverride | F::PendingReason | F::Description
            )
        })
        .map(|c| {
            let v = crate::domain::text::fit(
                &crate::domain::text::one_line(c.new.as_deref().unwrap_or("-")),
                30,
            );
            if c.field == F::Status {
                v
            } else {
                format!("{} {v}", c.field)
            }
        })
        .collect();
    if parts.is_empty() {
        "put back".to_string()
    } else {
        format!("now {}", parts.join(", "))
    }
}

/// The inverse of a saved change, or `None` when nothing in it can be put back.
pub fn inverse(changes: &[FieldChange]) -> Option<TicketPatch> {
    let mut p = TicketPatch::default();
    let old_of = |f: F| changes.iter().find(|c| c.field == f).map(|c| c.old.clone());
    for FieldChange { field, old, new } in changes {
        let old_s = old.clone().unwrap_or_default();
        match field {
            // Nothing goes back to new (the lifecycle refuses it): undoing a move out of new
            // makes the ticket open, the state it would be in had it been taken and kept.
            F::Status => {
                p.status = old
                    .as_deref()
                    .and_then(|s| s.parse().ok())
                    .map(|s| match s {
                        Status::New => Status::Open,
                        s => s,
                    })
            }
            F::Title => p.title = old.clone(),
            F::Description => p.description = Some(old_s),
            F::Kind => p.kind = old.as_deref().and_then(|s| s.parse().ok()),
            F::Impact => p.impact = old.as_deref().and_then(|s| s.parse().ok()),
            F::Urgency => p.urgency = old.as_deref().and_then(|s| s.parse().ok()),
            F::Tags => {
                let split = |v: &Option<String>| -> Vec<String> {
                    v.as_deref()
                        .map(|s| s.split(',').map(str::to_string).collect())
                        .unwrap_or_default()
                };
                let (was, now) = (split(old), split(new));
                p.add_tags = was.iter().filter(|t| !now.contains(t)).cloned().collect();
                p.remove_tags = now.iter().filter(|t| !was.contains(t)).cloned().collect();
            }
            text => {
                if let Some(f) = TEXT_FIELDS.iter().find(|f| f.field == *text) {
                    *(f.in_patch)(&mut p) = Some(old.clone());
                }
            }
        }
    }
    // Priority: back to the matrix, or back to the number set by hand.
    let was_override = old_of(F::PriorityOverride).flatten().map(|v| v == "true");
    let old_priority = old_of(F::Priority)
        .flatten()
        .and_then(|v| v.parse::<u8>().ok());
    match (was_override, old_priority) {
        (Some(false), _) => p.priority = Some(PrioritySetting::Auto),
        (Some(true), Some(n)) => p.priority = Some(PrioritySetting::Manual(n)),
        (None, Some(n)) if p.impact.is_none() && p.urgency.is_none() => {
            p.priority = Some(PrioritySetting::Manual(n))
        }
        _ => {}
    }
    // Going back to pending needs the reason it had.
    if p.status == Some(Status::Pending) {
        p.pending_reason = old_of(F::PendingReason)
            .flatten()
            .or(Some("waiting".into()));
    }
    (p != TicketPatch::default()).then_some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(f: &str, o: Option<&str>, n: Option<&str>) -> FieldChange {
        FieldChange {
            field: F::from_db(f).expect("a field name"),
            old: o.map(Into::into),
            new: n.map(Into::into),
        }
    }

    #[test]
    fn puts_fields_back() {
        let p = inverse(&[
            c("assignee", None, Some("bob")),
            c("status", Some("new"), Some("open")),
        ])
        .unwrap();
        assert_eq!(p.assignee, Some(None));
        // Nothing goes back to new: open is as far back as the lifecycle goes.
        assert_eq!(p.status, Some(Status::Open));
        let p = inverse(&[
            c("status", Some("pending"), Some("open")),
            c("pending_reason", Some("vendor"), None),
        ])
        .unwrap();
        assert_eq!(p.pending_reason.as_deref(), Some("vendor"));
        let p = inverse(&[c("tags", Some("a,b"), Some("b,c"))]).unwrap();
        assert_eq!(
            (p.add_tags, p.remove_tags),
            (vec!["a".to_string()], vec!["c".to_string()])
        );
        let p = inverse(&[
            c("priority", Some("3"), Some("1")),
            c("priority_override", Some("false"), Some("true")),
        ])
        .unwrap();
        assert_eq!(p.priority, Some(PrioritySetting::Auto));
        assert_eq!(inverse(&[]), None);
    }
}
