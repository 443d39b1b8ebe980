//! `--assignee` reads names as the app does (`me`, `none`) and warns about a name nobody on the
//! desk has used, without refusing it (scripts add new colleagues).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Desk;

#[test]
fn assignee_me_none_and_a_stranger() {
    let d = Desk::new();
    let id = d.new_ticket("Printer jams").to_string();
    d.ok(&["ticket", "update", &id, "--assignee", "me"]);
    let t = d.json(&["ticket", "show", &id]);
    assert_eq!(
        t["ticket"]["assignee"].as_str().or(t["assignee"].as_str()),
        Some("alice"),
        "{t}"
    );
    // A name nobody has used: a warning on stderr, and it is still assigned.
    let out = d
        .tend()
        .args(["ticket", "update", &id, "--assignee", "jmeyr"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("nobody called 'jmeyr' has worked on this desk"),
        "{err}"
    );
    // Now the desk knows jmeyr: no warning the second time (another ticket).
    let other = d.new_ticket("Second").to_string();
    let out = d
        .tend()
        .args(["ticket", "update", &other, "--assignee", "jmeyr"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("nobody called"));
    // `none` unassigns on a new ticket too, instead of being refused as a name.
    let out = d
        .tend()
        .args(["ticket", "new", "--title", "Third", "--assignee", "none"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
