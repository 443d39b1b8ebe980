use chrono::TimeZone;

use super::*;
use crate::domain::ticket::Level;

fn at(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, h, 0, 0).unwrap()
}

fn ticket(status: Status) -> Ticket {
    crate::domain::ticket::sample(status)
}

fn status(s: Status) -> TicketPatch {
    TicketPatch {
        status: Some(s),
        ..TicketPatch::default()
    }
}

fn fields(a: &Applied) -> Vec<(&str, Option<&str>, Option<&str>)> {
    a.changes
        .iter()
        .map(|c| (c.field.as_str(), c.old.as_deref(), c.new.as_deref()))
        .collect()
}

/// Each row: the ticket's status, the patch, and the field changes it must produce.
#[test]
fn status_moves_and_what_they_record() {
    let pending = |r: &str| TicketPatch {
        status: Some(Status::Pending),
        pending_reason: Some(r.into()),
        ..TicketPatch::default()
    };
    type Row = (
        Status,
        TicketPatch,
        &'static [(&'static str, Option<&'static str>, Option<&'static str>)],
    );
    let rows: Vec<Row> = vec![
        (
            Status::New,
            status(Status::Open),
            &[("status", Some("new"), Some("open"))],
        ),
        (
            Status::Open,
            pending("customer"),
            &[
                ("status", Some("open"), Some("pending")),
                ("pending_reason", None, Some("customer")),
            ],
        ),
        (
            Status::Pending,
            status(Status::Open),
            &[
                ("status", Some("pending"), Some("open")),
                ("pending_reason", Some("vendor"), None),
            ],
        ),
        (
            Status::Pending,
            pending("vendor again"),
            &[("pending_reason", Some("vendor"), Some("vendor again"))],
        ),
        (
            Status::Resolved,
            status(Status::Open),
            &[("status", Some("resolved"), Some("open"))],
        ),
        (Status::Open, status(Status::Open), &[]),
    ];
    for (from, patch, want) in rows {
        let got = apply(&ticket(from), &patch, &PriorityMatrix::default(), at(10)).unwrap();
        assert_eq!(fields(&got), want.to_vec(), "{from} with {patch:?}");
    }
}

#[test]
fn lifecycle_timestamps() {
    let m = PriorityMatrix::default();
    let r = apply(&ticket(Status::Open), &status(Status::Resolved), &m, at(10)).unwrap();
    assert_eq!(r.ticket.resolved_at, Some(at(10)));
    let c = apply(&r.ticket, &status(Status::Closed), &m, at(11)).unwrap();
    assert_eq!(
        (c.ticket.resolved_at, c.ticket.closed_at),
        (Some(at(10)), Some(at(11)))
    );
    let x = apply(&ticket(Status::New), &status(Status::Cancelled), &m, at(12)).unwrap();
    assert_eq!(x.ticket.closed_at, Some(at(12)));
    let reopened = apply(&r.ticket, &status(Status::Open), &m, at(13)).unwrap();
    assert_eq!(reopened.ticket.resolved_at, None);
}

#[test]
fn refusals_are_typed_and_name_no_flags() {
    let m = PriorityMatrix::default();
    let e = apply(&ticket(Status::Open), &status(Status::Pending), &m, at(10)).unwrap_err();
    assert_eq!(e, Invalid::Pending(PendingRule::PendingWithoutReason));
    let reason_only = TicketPatch {
        pending_reason: Some("x".into()),
        ..TicketPatch::default()
    };
    let e = apply(&ticket(Status::Open), &reason_only, &m, at(10)).unwrap_err();
    assert_eq!(e, Invalid::Pending(PendingRule::ReasonWithoutPending));
    for e in [
        PendingRule::PendingWithoutReason,
        PendingRule::ReasonWithoutPending,
    ] {
        assert!(!e.text().contains("--"), "{}", e.text());
    }
    let e = apply(&ticket(Status::Closed), &status(Status::Open), &m, at(10)).unwrap_err();
    assert!(e.to_string().contains("closed ticket is final"), "{e}");
}

#[test]
fn priority_follows_the_matrix_unless_set_by_hand() {
    let m = PriorityMatrix::default();
    let high = TicketPatch {
        impact: Some(Level::High),
        urgency: Some(Level::High),
        ..TicketPatch::default()
    };
    let a = apply(&ticket(Status::Open), &high, &m, at(10)).unwrap();
    assert_eq!(a.ticket.priority, m.priority(Level::High, Level::High));
    assert!(fields(&a).iter().any(|(f, _, _)| *f == "priority"));
    let manual = TicketPatch {
        priority: Some(PrioritySetting::Manual(5)),
        ..TicketPatch::default()
    };
    let b = apply(&a.ticket, &manual, &m, at(11)).unwrap();
    assert_eq!(
        fields(&b),
        vec![
            ("priority", Some("1"), Some("5")),
            ("priority_override", Some("false"), Some("true")),
        ]
    );
    let auto = TicketPatch {
        priority: Some(PrioritySetting::Auto),
        ..TicketPatch::default()
    };
    let c = apply(&b.ticket, &auto, &m, at(12)).unwrap();
    assert_eq!(c.ticket.priority, 1);
    assert!(!c.ticket.priority_override);
}

#[test]
fn replies_follow_the_lifecycle() {
    assert!(check_reply(&ticket(Status::Resolved)).is_ok());
    for s in [Status::Closed, Status::Cancelled] {
        let e = check_reply(&ticket(s)).unwrap_err().to_string();
        assert!(
            e.starts_with(&format!("ticket #7 is {s}; replies go on an open ticket")),
            "{e}"
        );
    }
}

#[test]
fn tags_and_text_fields() {
    let p = TicketPatch {
        title: Some("  New title ".into()),
        add_tags: vec!["Printer".into(), "fire".into()],
        assignee: Some(Some("alice".into())),
        ..TicketPatch::default()
    };
    let a = apply(
        &ticket(Status::Open),
        &p,
        &PriorityMatrix::default(),
        at(10),
    )
    .unwrap();
    let names: Vec<&str> = a.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(names, ["title", "assignee", "tags"]);
    assert_eq!(a.ticket.title, "New title");
}
