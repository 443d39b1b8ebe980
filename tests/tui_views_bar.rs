//! The saved views line when there are more views than fit: it scrolls to keep the current
//! view on screen and marks that more are off to either side.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use tend::domain::view::Scope;
use tui_support::{app, desk, open};

fn views_line(h: &tend::runtime::harness::Harness) -> String {
    h.screen().lines().nth(1).unwrap().to_string()
}

#[test]
fn with_thirty_views_the_current_one_stays_on_screen() {
    let (_d, path) = desk();
    let (mut s, _) = open(&path, "alice");
    for i in 1..=30 {
        s.save_view(
            &format!("Team view {i:02}"),
            "status:open",
            Scope::Team,
            false,
        )
        .unwrap();
    }
    drop(s);
    let mut h = app(&path, "alice", (80, 24));
    let n = h.model.views.len();
    assert!(n >= 30);
    let first = views_line(&h);
    assert!(first.contains(" My open "), "{first}");
    assert!(first.trim_end().ends_with('›'), "{first}");
    assert!(!first.contains('‹'), "{first}");
    for i in 1..n {
        h.press("]");
        assert_eq!(h.model.queue.view, Some(i));
        let name = h.model.views[i].name.clone();
        let line = views_line(&h);
        assert!(
            format!("{line} ").contains(&format!(" {name} ")),
            "view {i} {name:?}: {line}"
        );
        assert!(line.starts_with('‹'), "{line}");
        let last_shown = line.contains(" Team view 30");
        assert_eq!(line.trim_end().ends_with('›'), !last_shown, "{line}");
    }
    // The last one: nothing more to the right.
    let last = views_line(&h);
    assert!(!last.contains('›'), "{last}");
    assert!(last.contains(" Team view 30"), "{last}");
}
