//! The app driven by key sequences against a real database: navigation, conflicts with another
//! agent, live changes, bulk changes and undo, the palette, the KB, the mouse.
//! (Editing through $EDITOR is in tui_editor.rs, filtering with `/` in tui_filter.rs.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use tend::app::model::{Overlay, Pane};
use tend::app::{Msg, PAGE};
use tend::domain::ticket::{NewTicket, Status, TicketPatch};
use tui_support::{app, desk, editor_script, open};

fn current(h: &tend::runtime::harness::Harness) -> Option<i64> {
    h.model.queue.current().map(|r| r.id)
}

fn ids(h: &tend::runtime::harness::Harness) -> Vec<i64> {
    h.model.queue.rows.iter().map(|r| r.id).collect()
}

#[test]
fn starts_on_my_open_and_moves_through_views_panes_and_rows() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    // My open: alice's open tickets, most urgent priority first.
    assert_eq!(h.model.queue.view, Some(0));
    assert_eq!(ids(&h), vec![1, 4, 9, 12]);
    h.press("j j");
    assert_eq!(current(&h), Some(9));
    h.press("G");
    assert_eq!(current(&h), Some(12));
    h.press("g");
    assert_eq!(current(&h), Some(1));
    h.press("<C-d>");
    assert_eq!(current(&h), Some(12), "a page down stops at the last row");
    h.press("k");
    assert_eq!(current(&h), Some(9));
    // The detail follows the cursor on a wide screen.
    assert_eq!(h.model.detail.id, Some(9));
    // Views: ] to Unassigned.
    h.press("]");
    assert_eq!(h.model.queue.view, Some(1));
    assert_eq!(
        ids(&h),
        vec![8, 10, 6, 2],
        "by priority, newest first within one"
    );
    h.press("[ [");
    assert_eq!(h.model.queue.view, Some(4), "views wrap around");
    assert_eq!(ids(&h), vec![7]);
    // Panes: Tab cycles, numbers jump, Enter opens, Esc goes back.
    h.press("<Tab>");
    assert_eq!(h.model.focus, Pane::Detail);
    h.press("<Tab> <Tab> <Tab>");
    assert_eq!(h.model.focus, Pane::Queue);
    h.press("<S-Tab>");
    assert_eq!(h.model.focus, Pane::Kb);
    h.press("3");
    assert_eq!(h.model.focus, Pane::Sla);
    let sla = h.screen();
    assert!(sla.contains("SLA timers"), "{sla}");
    // Breached first, the overdue time in full; paused clocks last, with the time they have left.
    let breached = sla.find("✖ breached").expect("a breached clock");
    let paused = sla.find("Ⅱ paused").expect("a paused clock");
    assert!(breached < paused);
    assert!(sla.contains("1d22h over "), "{sla}");
    h.press("1 <Enter>");
    assert_eq!(h.model.focus, Pane::Detail);
    assert!(h.screen().contains("#7 Password reset after holiday"));
    h.press("<Esc>");
    assert_eq!(h.model.focus, Pane::Queue);
    h.press("q");
    assert!(h.quit);
}

#[test]
fn an_empty_my_open_starts_on_all_open() {
    let (_d, path) = desk();
    let h = app(&path, "dave", (80, 24));
    assert_eq!(h.model.queue.view, Some(3));
    assert!(h.screen().contains("nothing open is assigned to dave"));
}

#[test]
fn saving_over_someone_elses_change_shows_both_and_lets_you_choose() {
    let (_d, path) = desk();
    let mut alice = app(&path, "alice", (120, 40));
    alice.press("] ] ] G");
    assert_eq!(current(&alice), Some(1));
    // Bob reassigns #1 while Alice looks at it (she has not seen the change yet).
    let (mut bob, _) = open(&path, "bob");
    bob.update_ticket(
        1,
        &TicketPatch {
            assignee: Some(Some("bob".into())),
            ..Default::default()
        },
        None,
    )
    .unwrap();
    // Alice sets impact/urgency on what she saw: a conflict, both versions on screen.
    alice.press("p l l");
    let Some(Overlay::Conflict(c)) = &alice.model.overlay else {
        panic!(
            "expected the conflict screen, got {:?}",
            alice.model.overlay
        )
    };
    assert!(c.by.contains("bob"), "{}", c.by);
    let screen = alice.screen();
    assert!(screen.contains("Someone else saved first"), "{screen}");
    assert!(screen.contains("THEIRS") && screen.contains("YOURS"));
    assert!(screen.contains("impact") && screen.contains("high") && screen.contains("low"));
    // d drops hers: nothing of hers saved, the screen shows the new version.
    alice.press("d");
    let t = alice.worker.store().ticket(1).unwrap();
    assert_eq!(
        (t.impact.as_str(), t.assignee.as_deref()),
        ("high", Some("bob"))
    );
    assert!(alice.screen().contains("dropped your change"));
    assert_eq!(
        alice
            .model
            .detail
            .data
            .as_ref()
            .unwrap()
            .detail
            .ticket
            .version,
        t.version
    );

    // Again, and this time r saves hers over theirs, keeping Bob's assignment.
    bob.update_ticket(
        1,
        &TicketPatch {
            group: Some(Some("vpn-team".into())),
            ..Default::default()
        },
        None,
    )
    .unwrap();
    alice.press("p l l");
    assert!(matches!(alice.model.overlay, Some(Overlay::Conflict(_))));
    alice.press("r");
    let t = alice.worker.store().ticket(1).unwrap();
    assert_eq!(t.impact.as_str(), "low");
    assert_eq!(t.assignee.as_deref(), Some("bob"));
    assert_eq!(t.group.as_deref(), Some("vpn-team"));

    // An edit typed in the editor survives "keep theirs" as a draft, and the draft is saved
    // against the version it was written for: reopening it cannot silently undo Bob's title.
    let dir = tempfile::tempdir().unwrap();
    bob.update_ticket(
        1,
        &TicketPatch {
            title: Some("VPN drops (Hamburg only)".into()),
            ..Default::default()
        },
        None,
    )
    .unwrap();
    alice.editor = editor_script(
        dir.path(),
        "edit.sh",
        r#"sed -i 's/^category: .*/category: remote access/' "$1""#,
    );
    alice.press("e");
    assert!(matches!(alice.model.overlay, Some(Overlay::Conflict(_))));
    alice.press("d");
    assert!(
        alice.screen().contains("your text is kept"),
        "{}",
        alice.screen()
    );
    alice.editor = "true".into();
    alice.press("e");
    let Some(Overlay::Conflict(c)) = &alice.model.overlay else {
        panic!("the old draft is a conflict again, not a silent save")
    };
    assert!(
        c.fields
            .iter()
            .any(|(f, theirs, _)| f == "title" && theirs.contains("Hamburg only")),
        "{:?}",
        c.fields
    );
    alice.press("<Esc>");
    let t = alice.worker.store().ticket(1).unwrap();
    assert_eq!(
        (t.title.as_str(), t.category.as_deref()),
        ("VPN drops (Hamburg only)", None)
    );
}

#[test]
fn other_agents_changes_appear_without_moving_the_cursor_or_losing_typing() {
    let (_d, path) = desk();
    let mut alice = app(&path, "alice", (120, 40));
    alice.press("] ] ]");
    alice.press("j j j");
    let on = current(&alice).unwrap();
    let (mut bob, _) = open(&path, "bob");
    // New tickets above the cursor and a change to the current one.
    bob.create_ticket(NewTicket::new("Brand new outage"))
        .unwrap();
    bob.create_ticket(NewTicket::new("Another one")).unwrap();
    bob.update_ticket(
        on,
        &TicketPatch {
            assignee: Some(Some("bob".into())),
            ..Default::default()
        },
        None,
    )
    .unwrap();
    // Alice is half-way through typing an assignee when the change arrives.
    alice.press("a");
    alice.type_text("car");
    alice.poll();
    assert_eq!(current(&alice), Some(on), "the cursor stays on its ticket");
    assert_eq!(ids(&alice)[0], 14, "the new tickets are in the list");
    let Some(Overlay::Prompt { input, .. }) = &alice.model.overlay else {
        panic!("the prompt is still open")
    };
    assert_eq!(input.text(), "car");
    let row = alice.model.queue.current().unwrap();
    assert_eq!(row.assignee.as_deref(), Some("bob"));
    // Finishing the prompt does not silently undo Bob's change: she sees both and chooses.
    alice.type_text("ol");
    alice.press("<Enter>");
    let Some(Overlay::Conflict(c)) = &alice.model.overlay else {
        panic!("expected the conflict screen")
    };
    assert_eq!(
        c.fields,
        vec![(
            "assignee".to_string(),
            "bob".to_string(),
            "carol".to_string()
        )]
    );
    alice.press("r");
    assert_eq!(
        alice.worker.store().ticket(on).unwrap().assignee.as_deref(),
        Some("carol")
    );
}

#[test]
fn bulk_status_asks_first_and_undo_puts_it_back() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (80, 24));
    assert_eq!(ids(&h), vec![1, 4, 9, 12]);
    // Space picks the row and moves down.
    h.press("<Space> <Space>");
    assert_eq!(
        h.model.queue.selected.iter().copied().collect::<Vec<_>>(),
        vec![1, 4]
    );
    h.press("s p");
    // Pending needs a reason; several tickets need a yes.
    assert!(matches!(h.model.overlay, Some(Overlay::Prompt { .. })));
    h.type_text("vendor");
    h.press("<Enter>");
    assert!(matches!(h.model.overlay, Some(Overlay::Confirm { .. })));
    assert!(
        h.screen().contains("2 tickets → pending (vendor)?"),
        "{}",
        h.screen()
    );
    h.press("n");
    assert_eq!(h.worker.store().ticket(1).unwrap().status, Status::Open);
    h.press("s p");
    h.type_text("vendor");
    h.press("<Enter> y");
    for id in [1, 4] {
        let t = h.worker.store().ticket(id).unwrap();
        assert_eq!(
            (t.status, t.pending_reason.as_deref()),
            (Status::Pending, Some("vendor"))
        );
    }
    assert!(h.model.queue.selected.is_empty());
    h.press("u");
    for id in [1, 4] {
        assert_eq!(h.worker.store().ticket(id).unwrap().status, Status::Open);
    }
    // Cancelling one ticket is final, so it asks too.
    h.press("s x");
    assert!(matches!(h.model.overlay, Some(Overlay::Confirm { .. })));
    h.press("<Esc>");
    assert_eq!(
        h.worker
            .store()
            .ticket(current(&h).unwrap())
            .unwrap()
            .status,
        Status::Open
    );
}

#[test]
fn palette_assign_link_and_copy() {
    let (_d, path) = desk();
    let mut h = app(&path, "bob", (80, 24));
    // bob has nothing open... he has #3 and #5.
    assert_eq!(ids(&h), vec![5, 3]);
    h.press(":");
    h.type_text("unassigned");
    h.press("<Enter>");
    assert_eq!(h.model.queue.view, Some(1));
    assert_eq!(current(&h), Some(8));
    h.press(":");
    h.type_text("assign to me");
    h.press("<Enter>");
    assert_eq!(
        h.worker.store().ticket(8).unwrap().assignee.as_deref(),
        Some("bob")
    );
    // #8 left Unassigned; the cursor is on the next one.
    assert_eq!(current(&h), Some(10));
    h.press("G");
    assert_eq!(current(&h), Some(2));
    h.press("l");
    h.type_text("#4");
    h.press("<Enter> r");
    assert!(h.screen().contains("linked"), "{}", h.screen());
    assert_eq!(h.worker.store().links(4).unwrap().len(), 2);
    // A number in the palette opens that ticket.
    h.press(":");
    h.type_text("#5");
    h.press("<Enter>");
    assert_eq!((h.model.focus, h.model.detail.id), (Pane::Detail, Some(5)));
    assert!(h.screen().contains("#5 Email delivery delayed"));
    // The KB works for the ticket just opened, not the queue's cursor.
    h.press("4");
    assert_eq!(h.model.kb.for_ticket.as_ref().map(|t| t.0), Some(5));
    h.press("L");
    assert_eq!(h.worker.store().ticket_detail(5).unwrap().articles.len(), 1);
    h.press("1");
    h.press("y");
    assert_eq!(
        h.clipboard.last().map(String::as_str),
        Some("#2 Printer on floor 2 jams on every duplex job")
    );
}

#[test]
fn knowledge_base_search_read_and_link() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (80, 24));
    h.press("j");
    assert_eq!(current(&h), Some(4));
    h.press("4");
    // Suggestions for #4 "Recurring VPN disconnects": both VPN articles.
    let e: Vec<i64> = h.model.kb.entries.iter().map(|e| e.article.id).collect();
    assert_eq!(&e[..2], &[2, 1], "{e:?}");
    h.press("/");
    h.type_text("jam");
    assert_eq!(h.model.kb.entries.len(), 1);
    let screen = h.screen();
    assert!(
        screen.contains("1 match") && !screen.contains("1 matches"),
        "{screen}"
    );
    h.press("<Enter> <Enter>");
    assert!(h.model.kb.reading);
    assert!(h.screen().contains("Open tray 2 and pull gently."));
    h.press("L");
    assert_eq!(h.worker.store().ticket_detail(4).unwrap().articles, vec![3]);
    h.press("<Esc> <Esc>");
    assert_eq!(h.model.kb.search.text(), "");
}

#[test]
fn hostile_text_never_reaches_the_terminal() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    h.press("] /");
    h.press("<C-u>");
    h.type_text("escape");
    h.press("<Enter>");
    assert_eq!(current(&h), Some(8));
    let screen = h.screen();
    assert!(
        !screen.chars().any(|c| c.is_control() && c != '\n'),
        "{screen:?}"
    );
    assert!(screen.contains("␛]52;c;aGk="));
}

#[test]
fn too_small_says_so_and_only_quits() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (80, 24));
    h.send(Msg::Resize(79, 24));
    assert!(h.screen().contains("terminal too small"));
    h.press("j 3");
    assert_eq!(h.model.focus, Pane::Queue);
    h.send(Msg::Resize(80, 24));
    assert!(h.screen().contains("My open"));
    h.press("<C-c>");
    assert!(h.quit);
}

/// Adds `n` tickets titled "bulk ticket <i>" to the desk at `path`, in one batch.
fn bulk_tickets(path: &std::path::Path, n: usize) {
    let (mut s, _) = open(path, "carol");
    s.batch(|s| {
        for i in 0..n {
            s.create_ticket(NewTicket::new(format!("bulk ticket {i}")))?;
        }
        Ok(())
    })
    .unwrap();
}

#[test]
fn a_long_list_is_paged_and_windowed() {
    let (_d, path) = desk();
    bulk_tickets(&path, 2500);
    let mut h = app(&path, "alice", (80, 24));
    h.press("] ] ]");
    assert_eq!(h.model.queue.rows.len(), PAGE);
    assert_eq!(h.model.queue.total, Some(2510));
    // G jumps to the end without loading what is between.
    h.press("G");
    assert_eq!(current(&h), Some(1));
    assert!(h.model.queue.rows.len() <= PAGE);
    assert!(h.screen().contains("2,510 of 2,510"), "{}", h.screen());
    // Walking up from the end loads pages before, and never holds more than the window.
    for _ in 0..150 {
        h.press("<C-u>");
    }
    assert_eq!(current(&h), Some(2512));
    assert!(
        h.model.queue.rows.len() <= tend::app::WINDOW_MAX,
        "{}",
        h.model.queue.rows.len()
    );
    // And back down, every ticket exactly once in order.
    let mut seen = vec![current(&h).unwrap()];
    for _ in 0..2600 {
        h.press("j");
        let c = current(&h).unwrap();
        if *seen.last().unwrap() != c {
            seen.push(c);
        }
    }
    let mut want: Vec<i64> = (1..=2512).rev().collect();
    want.retain(|i| ![7, 11].contains(i));
    assert_eq!(seen, want);
}

#[test]
fn a_screen_taller_than_a_page_is_filled() {
    let (_d, path) = desk();
    bulk_tickets(&path, 400);
    // A very tall terminal (a 4K screen with a small font): more rows than one page.
    let mut h = app(&path, "alice", (120, 2 * PAGE as u16 + 40));
    h.press("] ] ]");
    let rows = tend::app::layout::queue_rows(&h.model);
    assert!(rows > PAGE);
    assert!(
        h.model.queue.rows.len() >= rows,
        "{} rows loaded",
        h.model.queue.rows.len()
    );
    let screen = h.screen();
    let last_row = screen.lines().nth(rows + 3).unwrap_or_default();
    assert!(last_row.contains("bulk ticket"), "{screen}");
}

#[test]
fn the_mouse_when_turned_on_clicks_rows_and_tabs_and_scrolls() {
    use tend::app::msg::{Mouse, MouseKind};
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    let click = |x, y| {
        Msg::Mouse(Mouse {
            kind: MouseKind::Click,
            x,
            y,
        })
    };
    // The third row of the queue (row 0 is at y = 1 + 3).
    h.send(click(10, 6));
    assert_eq!(current(&h), Some(9));
    // The "4 KB" tab.
    let screen = h.screen();
    let x = screen.lines().next().unwrap().find("4 KB").unwrap() as u16;
    h.send(click(x + 1, 0));
    assert_eq!(h.model.focus, Pane::Kb);
    h.send(click(7, 0));
    assert_eq!(h.model.focus, Pane::Queue);
    h.send(Msg::Mouse(Mouse {
        kind: MouseKind::WheelDown,
        x: 10,
        y: 10,
    }));
    assert_eq!(current(&h), Some(12));
    // The wheel over the detail scrolls it and moves there (#1 has a long one).
    h.send(click(10, 4));
    assert_eq!(current(&h), Some(1));
    h.send(Msg::Mouse(Mouse {
        kind: MouseKind::WheelDown,
        x: 100,
        y: 10,
    }));
    assert_eq!((h.model.focus, h.model.detail.scroll), (Pane::Detail, 3));
}
