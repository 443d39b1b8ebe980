//! What the status line says after an action: an undo names the change it undid and the
//! fields as they are now.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use tend::domain::ticket::Status;
use tui_support::{app, desk};

#[test]
fn after_undo_the_message_says_what_the_ticket_is_now() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    h.press("<Enter>");
    h.press("s r");
    assert_eq!(h.worker.store().ticket(1).unwrap().status, Status::Resolved);
    h.press("u");
    assert_eq!(h.worker.store().ticket(1).unwrap().status, Status::Open);
    let screen = h.screen();
    assert!(screen.contains("undid #1 → resolved: now open"), "{screen}");
    assert!(!screen.contains("resolved: saved"), "{screen}");
    // An assignment undone names who has it now.
    h.press("a");
    h.type_text("bob");
    h.press("<Enter>");
    h.press("u");
    let screen = h.screen();
    assert!(screen.contains("now assignee alice"), "{screen}");
}
