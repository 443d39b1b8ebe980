//! Saved views in the app (save with S, cycle, the palette, another agent's changes arriving)
//! and keys rebound by a keys.toml (the Harness, the help screen).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use std::sync::Arc;
use tend::app::model::Overlay;
use tend::domain::view::Scope;
use tui_support::{app, desk, open};

fn view_names(h: &tend::runtime::harness::Harness) -> Vec<String> {
    h.model.views.iter().map(|v| v.name.clone()).collect()
}

#[test]
fn s_saves_the_filter_as_a_team_view_that_brackets_and_the_palette_reach() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    // `/` refines My open; S saves the whole query in force (the view's and the typed terms).
    h.press("/");
    h.type_text("group:network");
    h.press("<Enter>");
    assert_eq!(h.model.queue.refinement, "group:network");
    let query = h.model.queue.query.trim().to_string();
    assert!(
        query.contains("assignee:me") && query.contains("group:network"),
        "{query}"
    );
    h.press("S");
    h.type_text("Network");
    h.press("<Enter>");
    assert!(matches!(h.model.overlay, Some(Overlay::Menu { .. })));
    h.press("t");
    assert_eq!(view_names(&h).last().map(String::as_str), Some("Network"));
    assert_eq!(
        h.model.queue.view,
        Some(5),
        "the saved view is the one showing"
    );
    assert_eq!(h.model.queue.refinement, "", "as itself, not refined");
    assert_eq!(h.model.queue.query.trim(), query);
    assert!(h.screen().contains(" Network "), "{}", h.screen());
    // It is a row every agent sees.
    let (bob, _) = open(&path, "bob");
    let theirs = bob.views().unwrap();
    assert!(
        theirs
            .iter()
            .any(|v| v.name == "Network" && v.query == query && v.scope == Scope::Team)
    );
    // ] wraps from it to the first view, [ comes back.
    h.press("]");
    assert_eq!(h.model.queue.view, Some(0));
    h.press("[");
    assert_eq!(h.model.queue.view, Some(5));
    // The palette lists it by name.
    h.press("1 ]");
    h.press(":");
    h.type_text("view: network");
    h.press("<Enter>");
    assert_eq!(h.model.queue.view, Some(5));
    // A second view by that name is refused with one line, and nothing changes.
    h.press("S");
    h.type_text("network");
    h.press("<Enter> t");
    let status = h
        .model
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.contains("already has a view called"), "{status}");
    assert_eq!(h.model.views.len(), 6);
}

#[test]
fn a_bad_name_is_refused_before_it_is_saved() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    h.press("S");
    h.type_text("   ");
    h.press("<Enter>");
    assert!(h.model.overlay.is_none());
    let status = h
        .model
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.contains("a view needs a name"), "{status}");
    assert_eq!(h.model.views.len(), 5);
}

#[test]
fn delete_and_move_from_the_palette_and_other_agents_changes_arrive() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    // Move "Unassigned" (showing) one place left.
    h.press("]");
    h.press(":");
    h.type_text("move view left");
    h.press("<Enter>");
    assert_eq!(view_names(&h)[..2], ["Unassigned", "My open"]);
    assert_eq!(h.model.queue.view, Some(0), "still showing Unassigned");
    // Delete it (asks first).
    h.press(":");
    h.type_text("delete view");
    h.press("<Enter>");
    assert!(matches!(h.model.overlay, Some(Overlay::Confirm { .. })));
    h.press("y");
    assert!(!view_names(&h).contains(&"Unassigned".to_string()));
    // Bob saves a team view and a personal one: alice sees the team one after a poll.
    let (mut bob, _) = open(&path, "bob");
    bob.save_view("Hamburg", "status:active vpn", Scope::Team, false)
        .unwrap();
    bob.save_view("Bob's", "status:active", Scope::Me, false)
        .unwrap();
    h.poll();
    assert!(view_names(&h).contains(&"Hamburg".to_string()));
    assert!(!view_names(&h).contains(&"Bob's".to_string()));
    assert!(h.screen().contains(" Hamburg "), "{}", h.screen());
}

#[test]
fn keys_toml_rebinds_keys_in_the_app_the_hints_and_the_help_screen() {
    let (d, path) = desk();
    let cfg = d.path().join("cfg");
    std::fs::create_dir(&cfg).unwrap();
    std::fs::write(
        cfg.join("keys.toml"),
        "[queue]\nnext-view = \"w\"\nprevious-view = \"W\"\n\n[global]\nhelp = \"<F1>\"\n",
    )
    .unwrap();
    let config = tend::config::load_from(&cfg).unwrap();
    let mut h = app(&path, "alice", (100, 40));
    h.model.keymap = Arc::new(config.keymap);
    h.press("]");
    assert_eq!(h.model.queue.view, Some(0), "] is no longer bound");
    h.press("w");
    assert_eq!(h.model.queue.view, Some(1));
    h.press("W");
    assert_eq!(h.model.queue.view, Some(0));
    h.press("?");
    assert!(h.model.overlay.is_none(), "? is no longer help");
    h.press("<F1>");
    assert!(matches!(h.model.overlay, Some(Overlay::Help { .. })));
    let help = h.screen();
    insta::assert_snapshot!("help_with_keys_toml", help);
    assert!(
        help.contains("w  ") && help.contains("Next saved view"),
        "{help}"
    );
    h.press("<Esc>");
    assert!(h.screen().contains("F1 help"), "{}", h.screen());
}
