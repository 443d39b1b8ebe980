//! Where the agent is stays where they are: new tickets at the top of a newest-first list are
//! seen, a number that is no ticket changes nothing, Esc goes back where a ticket was opened
//! from, and a new article is selected.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use tend::app::model::Pane;
use tend::domain::ticket::NewTicket;
use tui_support::{app, desk, editor_script, open};

fn current(h: &tend::runtime::harness::Harness) -> Option<i64> {
    h.model.queue.current().map(|r| r.id)
}

#[test]
fn a_new_ticket_shows_at_the_top_and_deeper_down_the_cursor_stays() {
    let (_d, path) = desk();
    let (mut bob, _) = open(&path, "bob");
    let mut h = app(&path, "alice", (100, 24));
    // All open, newest first; the cursor on the top row.
    h.press("] ] ]");
    assert_eq!(h.model.queue.view, Some(3));
    assert_eq!(current(&h), Some(12));
    let id = bob
        .create_ticket(NewTicket::new("Badge reader at gate 3 is dead"))
        .unwrap()
        .id;
    h.poll();
    // The cursor stays on its ticket; the new one is on screen above it.
    assert_eq!(current(&h), Some(12));
    assert_eq!(h.model.queue.offset, 0);
    assert!(
        h.screen().contains("Badge reader at gate 3"),
        "{}",
        h.screen()
    );

    // Deeper down: enough tickets that the top scrolls away, then one more arrives.
    for i in 0..30 {
        bob.create_ticket(NewTicket::new(format!("Filler {i}")))
            .unwrap();
    }
    h.poll();
    h.press("G");
    let (at, row) = (current(&h), h.model.queue.cursor - h.model.queue.offset);
    assert!(h.model.queue.offset > 0);
    bob.create_ticket(NewTicket::new("Another new one"))
        .unwrap();
    h.poll();
    assert_eq!(current(&h), at, "the cursor did not jump");
    assert_eq!(h.model.queue.cursor - h.model.queue.offset, row);
    assert!(h.screen().contains("1 new above"), "{}", h.screen());
    assert!(id > 12);
}

#[test]
fn a_number_that_is_no_ticket_changes_nothing() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    assert_eq!(current(&h), Some(1));
    h.press(":");
    h.type_text("42");
    h.press("<Enter>");
    assert!(h.screen().contains("#42 does not exist"), "{}", h.screen());
    assert_eq!(h.model.focus, Pane::Queue);
    assert_ne!(h.model.detail.id, Some(42));
    // Actions still apply to the ticket on screen.
    h.press("a");
    assert!(h.screen().contains("Assign #1 to"), "{}", h.screen());
}

#[test]
fn esc_goes_back_where_the_ticket_was_opened_from() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    h.press("3");
    assert_eq!(h.model.focus, Pane::Sla);
    assert!(!h.model.sla.timers.is_empty());
    h.press("<Enter>");
    assert_eq!(h.model.focus, Pane::Detail);
    h.press("<Esc>");
    assert_eq!(h.model.focus, Pane::Sla);
    // From the queue, Esc still goes to the queue.
    h.press("1 <Enter>");
    assert_eq!(h.model.focus, Pane::Detail);
    h.press("<Esc>");
    assert_eq!(h.model.focus, Pane::Queue);
}

#[test]
fn a_new_article_is_selected() {
    let (dir, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    h.press("4");
    let first = h.model.kb.entries.first().map(|e| e.article.id);
    h.press("n");
    h.type_text("Badge readers: first checks");
    h.editor = editor_script(
        dir.path(),
        "body.sh",
        r#"printf 'Check the PoE switch port.\n' >> "$1""#,
    );
    h.press("<Enter>");
    assert!(h.screen().contains("KB-5 written"), "{}", h.screen());
    let selected = h
        .model
        .kb
        .entries
        .get(h.model.kb.cursor)
        .map(|e| e.article.id);
    assert_eq!(selected, Some(5), "the list started with {first:?}");
}

#[test]
fn a_palette_line_that_matches_nothing_says_so() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    for (typed, said) in [
        ("0", "#0 is not a ticket number"),
        ("99999999999999999999", "is not a ticket number"),
        ("zzqx", "no command matches 'zzqx'"),
    ] {
        h.press(":");
        h.type_text(typed);
        h.press("<Enter>");
        let screen = h.screen();
        assert!(screen.contains(said), "{typed}: {screen}");
        assert_eq!(current(&h), Some(1), "{typed}");
    }
}
