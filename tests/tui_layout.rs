//! How the screen is shared out: titles get room at 120 columns, the SLA column keeps off the
//! border, long messages and prompts are read whole at 80 columns, live-change notices read
//! as words.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use tend::domain::ticket::{Level, TicketPatch};
use tui_support::{app, desk, open};

/// The queue's rows as drawn (the lines between the column header and the first blank one),
/// each cut at the pane's border.
fn queue_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .skip_while(|l| !l.contains("TITLE"))
        .skip(1)
        .take_while(|l| l.chars().nth(2).is_some_and(|c| c != ' ') || l.contains(" P"))
        .map(|l| l.split('│').next().unwrap_or("").to_string())
        .filter(|l| !l.trim().is_empty())
        .collect()
}

#[test]
fn at_120_columns_the_queue_in_use_gets_two_thirds_and_titles_get_room() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    let screen = h.screen();
    let rows = queue_rows(&screen);
    assert!(!rows.is_empty(), "{screen}");
    // The title column: from "TITLE" to "ASSIGNEE" in the header.
    let header = screen.lines().find(|l| l.contains("TITLE")).unwrap();
    let title_at = header.find("TITLE").unwrap();
    let assignee_at = header.find("ASSIGNEE").unwrap();
    assert!(
        assignee_at - title_at >= 29,
        "titles get at least 28 columns at 120 (was 19):\n{screen}"
    );
    // The SLA cell never touches the separator: a blank before the border on every row.
    for line in screen.lines().skip(3).take(rows.len()) {
        let (left, _) = line.split_once('│').expect("side by side at 120");
        assert!(
            left.ends_with(' '),
            "the SLA column runs into the border: {line:?}"
        );
    }
    // Reading a ticket gives the detail the wider share instead.
    h.press("2");
    let screen = h.screen();
    let header = screen.lines().find(|l| l.contains("TITLE")).unwrap();
    let border = header.find('│').unwrap();
    assert!(
        border < 70,
        "the detail is the wider pane when in use:\n{screen}"
    );
}

#[test]
fn a_long_error_is_read_to_its_end_at_80_columns() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (80, 24));
    // A link to a ticket number far too long to be one: the message quotes it, then says why.
    h.press("l");
    h.type_text(&"9".repeat(120));
    h.press("<Enter>");
    let screen = h.screen();
    let bottom: Vec<&str> = screen.lines().rev().take(2).collect();
    // Two lines: where it started, and the reason at the end (the middle is what goes).
    assert!(bottom[1].starts_with("✖"), "{screen}");
    assert!(
        bottom[0].trim_end().ends_with("is not a ticket number"),
        "the reason is read whole:\n{screen}"
    );
    // The queue gave up a row for it, and took it back when the message went.
    assert_eq!(screen.lines().count(), 24);
    h.press("j");
    let screen = h.screen();
    assert!(!screen.contains("is not a ticket number"), "{screen}");
}

#[test]
fn a_prompt_longer_than_the_line_scrolls_to_keep_the_cursor_in_view() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (80, 24));
    h.press("a");
    let typed = format!("{}END", "abcdefghij".repeat(9));
    h.type_text(&typed);
    let screen = h.screen();
    let last = screen.lines().last().unwrap();
    assert!(
        last.contains("END"),
        "the end being typed is in view: {last:?}"
    );
    // Home shows the start again.
    h.press("<Home>");
    let screen = h.screen();
    let last = screen.lines().last().unwrap();
    assert!(last.contains("abcdefghij"), "{last:?}");
    assert!(!last.contains("END"), "{last:?}");
}

#[test]
fn another_agents_change_is_announced_in_words() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    let (mut bob, _) = open(&path, "bob");
    bob.update_ticket(
        1,
        &TicketPatch {
            title: Some("VPN drops every 5 minutes".into()),
            impact: Some(Level::Medium),
            urgency: Some(Level::Low),
            ..Default::default()
        },
        None,
    )
    .unwrap();
    h.poll();
    let screen = h.screen();
    let last = screen.lines().last().unwrap();
    assert!(last.contains("↻ bob: #1 updated title, impact"), "{last:?}");
}
