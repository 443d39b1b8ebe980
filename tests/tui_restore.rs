//! The app when its database is restored (`tend db restore`) or replaced under it: a restore
//! is reloaded and said; a replaced or deleted file is said at once and no longer written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod tui_support;

use tend::domain::ticket::NewTicket;
use tend::store::StoreError;
use tui_support::{app, desk, open};

fn titles(h: &tend::runtime::harness::Harness) -> Vec<String> {
    h.model.queue.rows.iter().map(|r| r.title.clone()).collect()
}

#[test]
fn the_app_reloads_a_restored_desk_and_says_so() {
    let (d, path) = desk();
    let backup = d.path().join("backup.db");
    {
        let (s, _) = open(&path, "carol");
        s.backup(&backup, false).unwrap();
    }
    let mut h = app(&path, "alice", (120, 40));
    h.press("]"); // Unassigned
    let (mut bob, _) = open(&path, "bob");
    bob.create_ticket(NewTicket::new("Written after the backup"))
        .unwrap();
    h.poll();
    assert!(titles(&h).contains(&"Written after the backup".to_string()));
    common::tend_at(&path)
        .args(["db", "restore", backup.to_str().unwrap()])
        .assert()
        .success();
    h.poll();
    let screen = h.screen();
    assert!(
        screen.contains("the desk was restored from a backup"),
        "{screen}"
    );
    assert!(
        !titles(&h).contains(&"Written after the backup".to_string()),
        "{:?}",
        titles(&h)
    );
    // Bob's long-running session carries on on the restored desk.
    let t = bob
        .create_ticket(NewTicket::new("After the restore"))
        .unwrap();
    h.poll();
    assert!(titles(&h).contains(&t.title), "{:?}", titles(&h));
}

#[test]
fn a_replaced_file_is_said_at_once_and_not_written() {
    let (d, path) = desk();
    let copy = d.path().join("copy.db");
    {
        let (s, _) = open(&path, "carol");
        s.backup(&copy, false).unwrap();
    }
    let mut h = app(&path, "alice", (120, 40));
    let before = std::fs::read(&copy).unwrap();
    std::fs::rename(&copy, &path).unwrap();
    h.poll();
    let screen = h.screen();
    assert!(screen.contains("was replaced by another file"), "{screen}");
    assert!(screen.contains("quit (q) and reopen"), "{screen}");
    // A change is refused, and the message stays on screen after other keys.
    h.press("A");
    assert!(
        h.screen().contains("nothing can be changed"),
        "{}",
        h.screen()
    );
    h.press("j");
    assert!(
        h.screen().contains("was replaced by another file"),
        "{}",
        h.screen()
    );
    drop(h);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the new file was not touched"
    );
}

#[test]
fn a_store_refuses_to_write_a_file_deleted_or_replaced_under_it() {
    let (d, path) = desk();
    let (mut s, _) = open(&path, "alice");
    let copy = d.path().join("copy.db");
    s.backup(&copy, false).unwrap();
    std::fs::rename(&copy, &path).unwrap();
    let err = s.create_ticket(NewTicket::new("lost")).unwrap_err();
    assert!(
        matches!(err, StoreError::FileGone { replaced: true, .. }),
        "{err}"
    );
    std::fs::remove_file(&path).unwrap();
    let err = s.create_ticket(NewTicket::new("lost")).unwrap_err();
    assert!(err.to_string().contains("was deleted"), "{err}");
}
