//! Long text through the editor (a script standing in for $VISUAL): replies, notes, field
//! edits, new tickets and articles, and drafts kept when a save fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use tend::app::model::{Overlay, Pane};
use tend::domain::conversation::EntryKind;
use tui_support::{app, desk, editor_script, open};

fn current(h: &tend::runtime::harness::Harness) -> Option<i64> {
    h.model.queue.current().map(|r| r.id)
}

#[test]
fn reply_and_note_through_the_editor() {
    let (dir, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    assert_eq!(current(&h), Some(1));
    // The fake editor writes a reply above the scissors line the template has.
    h.editor = editor_script(
        dir.path(),
        "reply.sh",
        r#"{ printf 'Restarting the VPN client fixed it for now.\n'; cat "$1"; } > "$1.new" && mv "$1.new" "$1""#,
    );
    h.press("r");
    assert!(h.screen().contains("reply added to #1"), "{}", h.screen());
    let conv = h.worker.store().conversation(1).unwrap();
    let last = conv.last().unwrap();
    assert_eq!(last.kind, EntryKind::Reply);
    assert_eq!(last.body, "Restarting the VPN client fixed it for now.");
    assert_eq!(last.author, "alice");
    // Reading the ticket (2) gives the detail the wider half, where the reply is in view.
    h.press("2");
    assert!(
        h.screen().contains("Restarting the VPN client fixed it"),
        "{}",
        h.screen()
    );
    h.press("1");
    // An internal note the same way, with `i`.
    h.press("i");
    let conv = h.worker.store().conversation(1).unwrap();
    assert_eq!(conv.last().unwrap().kind, EntryKind::Note);
    // Leaving the template as it is sends nothing.
    h.editor = "true".into();
    h.press("r");
    assert_eq!(h.worker.store().conversation(1).unwrap().len(), conv.len());
    assert!(h.screen().contains("nothing written"));
    // An editor that fails saves nothing and says so.
    h.editor = "false".into();
    h.press("r");
    assert!(
        h.screen().contains("the editor did not run"),
        "{}",
        h.screen()
    );
}

#[test]
fn a_reply_that_cannot_be_saved_is_kept_as_a_draft() {
    let (dir, path) = desk();
    let mut h = app(&path, "alice", (80, 24));
    h.press("/");
    h.type_text("status:cancelled assignee:bob");
    h.press("<Enter>");
    assert_eq!(current(&h), Some(11));
    h.editor = editor_script(
        dir.path(),
        "reply.sh",
        r#"{ printf 'Draft text I do not want to lose\n'; cat "$1"; } > "$1.new" && mv "$1.new" "$1""#,
    );
    h.press("r");
    assert!(
        h.screen().contains("not sent, your text is kept"),
        "{}",
        h.screen()
    );
    // The next `r` opens the editor with the draft: this editor just keeps what it is given.
    h.editor = editor_script(dir.path(), "keep.sh", r#"cp "$1" "$1.seen""#);
    h.press("r");
    let seen = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".seen"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .any(|t| t.starts_with("Draft text I do not want to lose"));
    assert!(seen, "the draft was offered again");
}

#[test]
fn edit_fields_in_the_editor() {
    let (dir, path) = desk();
    let mut h = app(&path, "alice", (80, 24));
    assert_eq!(current(&h), Some(1));
    h.editor = editor_script(
        dir.path(),
        "edit.sh",
        r#"sed -i -e 's/^group: .*/group: security/' -e 's/^tags: .*/tags: vpn, hamburg/' "$1""#,
    );
    // From the queue on a narrow screen the detail is not loaded yet: `e` loads it first.
    h.press("e");
    let t = h.worker.store().ticket(1).unwrap();
    assert_eq!(t.group.as_deref(), Some("security"));
    assert_eq!(t.tags, vec!["hamburg".to_string(), "vpn".to_string()]);
    assert!(h.screen().contains("edit #1: saved"), "{}", h.screen());
    // u puts it back.
    h.press("u");
    let t = h.worker.store().ticket(1).unwrap();
    assert_eq!(t.group.as_deref(), Some("network"));
    assert_eq!(t.tags, vec!["vpn".to_string()]);
}

#[test]
fn new_ticket_and_articles_through_the_editor() {
    let (dir, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    h.editor = editor_script(
        dir.path(),
        "new.sh",
        r#"sed -i -e 's/^title: .*/title: Badge reader at gate 3 is dead/' -e 's/^urgency: .*/urgency: high/' -e 's/^assignee: .*/assignee: alice/' "$1" && printf 'Nobody can get in.\n' >> "$1""#,
    );
    h.press("n");
    let t = h.worker.store().ticket(13).unwrap();
    assert_eq!(t.title, "Badge reader at gate 3 is dead");
    assert_eq!(t.description, "Nobody can get in.");
    assert_eq!(t.urgency.as_str(), "high");
    assert_eq!(h.model.focus, Pane::Detail, "the new ticket is shown");
    assert!(h.screen().contains("opened #13"));
    // An untouched form opens nothing.
    h.editor = "true".into();
    h.press("n");
    assert!(h.worker.store().ticket(14).is_err());

    // A new article: title at the prompt, body in the editor.
    h.press("4 n");
    h.type_text("Badge readers: first checks");
    h.editor = editor_script(
        dir.path(),
        "body.sh",
        r#"printf 'Check the PoE switch port.\n' >> "$1""#,
    );
    h.press("<Enter>");
    let a = h.worker.store().article(5).unwrap();
    assert_eq!(a.title, "Badge readers: first checks");
    assert_eq!(a.body, "Check the PoE switch port.");
    assert_eq!(a.state.as_str(), "draft");

    // Editing it while someone else does: both versions, then keep theirs.
    let (mut carol, _) = open(&path, "carol");
    let found = h
        .model
        .kb
        .entries
        .iter()
        .position(|e| e.article.id == 5)
        .unwrap();
    h.press("g");
    for _ in 0..found {
        h.press("j");
    }
    carol
        .update_article(
            5,
            &tend::domain::kb::ArticlePatch {
                title: Some("Badge readers".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    h.editor = editor_script(
        dir.path(),
        "state.sh",
        r#"sed -i 's/^state: .*/state: internal/' "$1""#,
    );
    h.press("e");
    assert!(
        matches!(h.model.overlay, Some(Overlay::Conflict(_))),
        "{:?}",
        h.model.overlay
    );
    assert!(h.screen().contains("THEIRS"));
    h.press("d");
    let a = h.worker.store().article(5).unwrap();
    assert_eq!(
        (a.title.as_str(), a.state.as_str()),
        ("Badge readers", "draft")
    );
}
