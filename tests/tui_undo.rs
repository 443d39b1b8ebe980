//! `u` takes back one's own changes one after another, and acts where the agent is: a change
//! to a ticket that is not on screen is named and asked about first.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use tend::app::model::{Overlay, Pane};
use tend::domain::ticket::Status;
use tui_support::{app, desk};

fn assignee(h: &tend::runtime::harness::Harness, id: i64) -> Option<String> {
    h.worker.store().ticket(id).unwrap().assignee
}

#[test]
fn undo_twice_undoes_twice() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    // #1 in the detail pane: it stays on screen whoever it is assigned to.
    h.press("<Enter>");
    assert_eq!(h.model.detail.id, Some(1));
    h.press("a");
    h.type_text("bob");
    h.press("<Enter>");
    h.press("a");
    h.type_text("carol");
    h.press("<Enter>");
    assert_eq!(assignee(&h, 1).as_deref(), Some("carol"));
    h.press("u");
    assert_eq!(assignee(&h, 1).as_deref(), Some("bob"));
    h.press("u");
    assert!(h.model.overlay.is_none(), "{:?}", h.model.overlay);
    assert!(
        !h.screen().contains("Someone else saved first"),
        "{}",
        h.screen()
    );
    assert_eq!(assignee(&h, 1).as_deref(), Some("alice"));
    h.press("u");
    assert!(h.screen().contains("nothing to undo"), "{}", h.screen());
    assert_eq!(assignee(&h, 1).as_deref(), Some("alice"));
}

#[test]
fn undo_away_from_the_ticket_says_what_and_asks() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    h.press("<Enter>");
    h.press("s r");
    assert_eq!(h.worker.store().ticket(1).unwrap().status, Status::Resolved);
    // In the KB pane no ticket is on screen: `u` names the change and asks.
    h.press("4");
    assert_eq!(h.model.focus, Pane::Kb);
    h.press("u");
    let Some(Overlay::Confirm { question, .. }) = &h.model.overlay else {
        panic!("u in the KB acted without asking: {:?}", h.model.overlay)
    };
    assert!(
        question.contains("undo #1 → resolved") && question.contains("not on screen"),
        "{question}"
    );
    h.press("n");
    assert_eq!(h.worker.store().ticket(1).unwrap().status, Status::Resolved);
    // Back on the ticket, the same undo is still there and needs no question.
    h.press("2");
    assert_eq!(h.model.detail.id, Some(1));
    h.press("u");
    assert!(h.model.overlay.is_none(), "{:?}", h.model.overlay);
    assert_eq!(h.worker.store().ticket(1).unwrap().status, Status::Open);
}
