//! Messages that name a key ask the keymap for it: with keys rebound in keys.toml, the status
//! line, questions and the help screen name the new keys, not the defaults.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use std::sync::Arc;
use tui_support::{app, desk};

#[test]
fn rebound_keys_are_the_ones_messages_name() {
    let (d, path) = desk();
    let cfg = d.path().join("cfg");
    std::fs::create_dir(&cfg).unwrap();
    std::fs::write(
        cfg.join("keys.toml"),
        "[global]\nundo = \"z\"\n\n[ticket]\nassign = \"o\"\n\n[dialog]\nyes = \"j\"\n",
    )
    .unwrap();
    let config = tend::config::load_from(&cfg).unwrap();
    let mut h = app(&path, "alice", (120, 40));
    h.model.keymap = Arc::new(config.keymap);

    // A saved change says which key undoes it (#2 is nobody's yet).
    h.press(":");
    h.type_text("2");
    h.press("<Enter> A");
    let status = h.screen();
    assert!(status.contains("(z undoes)"), "{status}");
    assert!(!status.contains("(u undoes)"), "{status}");

    // Selecting says which key assigns.
    h.press("1 <Space>");
    let status = h.screen();
    assert!(
        status.contains("1 selected: o assign, A assign to me"),
        "{status}"
    );

    // A bulk change asks with the key that answers yes.
    h.press("<Space> o");
    h.type_text("bob");
    h.press("<Enter>");
    let question = h.screen();
    assert!(question.contains("(j/n)"), "{question}");
}
