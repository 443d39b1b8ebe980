//! Assigning from the app: `me` and `none` mean the same in the `a` prompt and the `n`/`e`
//! forms, Tab completes from the agents the desk knows, and a name nobody has used asks once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use tend::app::model::Overlay;
use tui_support::{app, desk, editor_script};

fn assignee(h: &tend::runtime::harness::Harness, id: i64) -> Option<String> {
    h.worker.store().ticket(id).unwrap().assignee
}

#[test]
fn assignee_me_in_the_forms_is_the_agent() {
    let (dir, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    // `n` with "assignee: me": the new ticket is alice's, so it is in her "My open".
    h.editor = editor_script(
        dir.path(),
        "new.sh",
        r#"sed -i -e 's/^title: .*/title: Badge reader dead/' -e 's/^assignee: .*/assignee: me/' "$1""#,
    );
    h.press("n");
    assert!(h.screen().contains("opened #13"), "{}", h.screen());
    assert_eq!(assignee(&h, 13).as_deref(), Some("alice"));
    // `e` on #2 (unassigned) with "assignee: me", then "assignee: none".
    h.press(":");
    h.type_text("2");
    h.press("<Enter>");
    assert_eq!(h.model.detail.id, Some(2));
    h.editor = editor_script(
        dir.path(),
        "me.sh",
        r#"sed -i 's/^assignee: .*/assignee: me/' "$1""#,
    );
    h.press("e");
    assert!(h.screen().contains("edit #2: saved"), "{}", h.screen());
    assert_eq!(assignee(&h, 2).as_deref(), Some("alice"));
    h.editor = editor_script(
        dir.path(),
        "none.sh",
        r#"sed -i 's/^assignee: .*/assignee: none/' "$1""#,
    );
    h.press("e");
    assert_eq!(assignee(&h, 2), None);
}

#[test]
fn tab_completes_from_the_desk_and_a_stranger_is_asked_about() {
    let (dir, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    // "My open" shows only alice's tickets; carol has acted on the desk (she opened them all).
    assert_eq!(h.model.queue.current().map(|r| r.id), Some(1));
    // In the detail pane, #1 stays the ticket acted on when it leaves "My open".
    h.press("<Enter>");
    h.press("a");
    h.type_text("ca");
    h.press("<Tab>");
    let Some(Overlay::Prompt { input, .. }) = &h.model.overlay else {
        panic!("{:?}", h.model.overlay)
    };
    assert_eq!(input.text(), "carol");
    h.press("<Enter>");
    assert_eq!(
        assignee(&h, 1).as_deref(),
        Some("carol"),
        "a known name saves at once"
    );

    // A typo asks once; "n" leaves the ticket alone.
    h.press("a");
    h.type_text("jmeyr");
    h.press("<Enter>");
    assert!(
        h.screen()
            .contains("nobody called 'jmeyr' has worked on this desk; assign anyway? (y/n)"),
        "{}",
        h.screen()
    );
    h.press("n");
    assert_eq!(assignee(&h, 1).as_deref(), Some("carol"));
    // "y": a new colleague can be assigned.
    h.press("a");
    h.type_text("jmeyr");
    h.press("<Enter> y");
    assert_eq!(assignee(&h, 1).as_deref(), Some("jmeyr"));

    // The `e` form asks the same; "n" keeps the text as a draft for the next `e`.
    h.press(":");
    h.type_text("2");
    h.press("<Enter>");
    h.editor = editor_script(
        dir.path(),
        "typo.sh",
        r#"sed -i 's/^assignee: .*/assignee: bobb/' "$1""#,
    );
    h.press("e");
    assert!(
        matches!(&h.model.overlay, Some(Overlay::Confirm { question, .. }) if question.contains("'bobb'")),
        "{:?}",
        h.model.overlay
    );
    h.press("n");
    assert_eq!(assignee(&h, 2), None);
    h.editor = editor_script(
        dir.path(),
        "fix.sh",
        r#"grep -q '^assignee: bobb' "$1" && sed -i 's/^assignee: .*/assignee: bob/' "$1""#,
    );
    h.press("e");
    assert_eq!(assignee(&h, 2).as_deref(), Some("bob"));
}
