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

#[test]
fn another_agent_deleting_a_view_is_named_without_a_number() {
    use tend::domain::view::Scope;
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    let (mut bob, _) = tui_support::open(&path, "bob");
    bob.save_view("Temp", "status:open", Scope::Team, false)
        .unwrap();
    h.poll();
    bob.delete_view("Temp", Some(Scope::Team)).unwrap();
    h.poll();
    let screen = h.screen();
    let line = screen.lines().last().unwrap();
    assert!(
        line.contains("↻ bob: deleted view 'Temp' (team)"),
        "{screen}"
    );
    assert!(!line.contains('#'), "{line}");
}

#[test]
fn the_save_view_prompt_shows_its_whole_question() {
    let (_d, path) = desk();
    for width in [80, 120] {
        let mut h = app(&path, "alice", (width, 30));
        h.press("S");
        let screen = h.screen();
        let line = screen.lines().last().unwrap();
        // The whole question; the query too where there is room.
        assert!(
            line.starts_with("View name for 'status:active "),
            "at {width}: {line}"
        );
        assert!(line.trim_end().ends_with("':"), "at {width}: {line}");
        if width >= 120 {
            assert!(
                line.contains("'status:active assignee:me sort:priority':"),
                "{line}"
            );
        }
    }
}

#[test]
fn while_the_scope_popup_is_open_the_bottom_line_shows_its_keys() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 30));
    h.press("S");
    h.type_text("Mine");
    h.press("<Enter>");
    let screen = h.screen();
    let line = screen.lines().last().unwrap();
    // The popup's keys, not the queue's.
    assert!(line.contains("m me") && line.contains("t team"), "{line}");
    assert!(line.contains("Esc cancels"), "{line}");
    assert!(!line.contains("filter"), "{line}");
}

#[test]
fn kb_search_as_you_type_takes_the_last_word_as_a_prefix() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    h.press("4 /");
    h.type_text("vpn dr");
    let titles: Vec<&str> = h
        .model
        .kb
        .entries
        .iter()
        .map(|e| e.article.title.as_str())
        .collect();
    assert_eq!(titles, ["Connecting to the VPN"], "{}", h.screen());
    // One letter is not yet a prefix (as in the queue).
    h.press("<BS> <BS>");
    h.type_text("d");
    assert!(h.model.kb.entries.is_empty(), "{}", h.screen());
}

#[test]
fn undoing_a_move_out_of_new_makes_the_ticket_open() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    assert_eq!(h.worker.store().ticket(10).unwrap().status, Status::New);
    h.press(":");
    h.type_text("10");
    h.press("<Enter>");
    h.press("s r");
    assert_eq!(
        h.worker.store().ticket(10).unwrap().status,
        Status::Resolved
    );
    h.press("u");
    // Nothing goes back to new: the undo reopens it, and says so.
    assert_eq!(h.worker.store().ticket(10).unwrap().status, Status::Open);
    let screen = h.screen();
    assert!(
        screen.contains("undid #10 → resolved: now open"),
        "{screen}"
    );
}
