//! Menus and forms that say what they mean: bulk status offers only moves every ticket can
//! make, an emptied form cancels and drops its draft, and copying says where the text went.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use tend::app::model::Overlay;
use tend::domain::ticket::Status;
use tui_support::{app, desk, editor_script};

#[test]
fn bulk_status_offers_only_moves_every_ticket_can_make() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    h.press("] ] ]");
    // #12 is open, #10 is new.
    h.press("<Space> <Space>");
    assert_eq!(
        h.model.queue.selected.iter().copied().collect::<Vec<_>>(),
        vec![10, 12]
    );
    h.press("s");
    let Some(Overlay::Menu { items, .. }) = &h.model.overlay else {
        panic!("{:?}", h.model.overlay)
    };
    let offered: Vec<&str> = items.iter().map(|i| i.value.as_str()).collect();
    assert_eq!(offered, vec!["pending", "resolved", "cancelled"]);
    // Typing a move that is left out says why, and the menu stays.
    h.press("c");
    assert!(matches!(h.model.overlay, Some(Overlay::Menu { .. })));
    let said = h
        .model
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(
        said.contains("cannot go from") && said.contains("to closed"),
        "{said}"
    );
    h.press("o");
    let said = h
        .model
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(said.contains("#12 is already open"), "{said}");
    h.press("<Esc>");
    assert_eq!(h.worker.store().ticket(12).unwrap().status, Status::Open);
}

#[test]
fn an_emptied_form_cancels_and_drops_the_draft() {
    let (dir, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    // A broken form is kept as a draft (as before)...
    h.editor = editor_script(
        dir.path(),
        "bad.sh",
        r#"sed -i 's/^kind: .*/kind: outage/' "$1""#,
    );
    h.press("e");
    assert!(h.screen().contains("unknown kind"), "{}", h.screen());
    // ...and emptying the file throws it away instead of failing.
    h.editor = editor_script(dir.path(), "empty.sh", r#": > "$1""#);
    h.press("e");
    assert!(
        h.screen()
            .contains("the form was emptied: #1: nothing changed"),
        "{}",
        h.screen()
    );
    assert!(h.model.drafts.is_empty(), "{:?}", h.model.drafts);
    // The next `e` starts from the ticket again: untouched, it changes nothing.
    h.editor = "true".into();
    h.press("e");
    assert!(h.screen().contains("#1: no changes"), "{}", h.screen());
    // The same for a new ticket's form.
    h.editor = editor_script(dir.path(), "empty2.sh", r#": > "$1""#);
    h.press("n");
    assert!(
        h.screen()
            .contains("the form was emptied: no ticket opened"),
        "{}",
        h.screen()
    );
    assert!(h.model.drafts.is_empty());
}

#[test]
fn copy_in_tmux_says_where_the_text_went() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (200, 40));
    h.press("y");
    assert_eq!(h.clipboard.len(), 1);
    assert!(
        h.screen()
            .contains("sent to the terminal's clipboard: #1 VPN"),
        "{}",
        h.screen()
    );
    h.model.tmux = true;
    h.press("y");
    assert!(
        h.screen().contains("to tmux's buffer (prefix ] pastes"),
        "{}",
        h.screen()
    );
}
