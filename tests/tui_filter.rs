//! Filtering the queue with `/`, driven by keys against a real database: the line refines the
//! saved view shown, follows the typing (the last word as a prefix), shows a mistake in full
//! with no tickets, and Esc goes back to the plain view.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use tend::runtime::harness::Harness;
use tui_support::{app, desk};

fn ids(h: &Harness) -> Vec<i64> {
    h.model.queue.rows.iter().map(|r| r.id).collect()
}

/// The screen's line that starts with `start` (after trimming), or "".
fn line(h: &Harness, start: &str) -> String {
    h.screen()
        .lines()
        .find(|l| l.trim_start().starts_with(start))
        .unwrap_or("")
        .to_string()
}

#[test]
fn typing_after_slash_filters_the_view_shown() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (80, 24));
    assert_eq!(ids(&h), vec![1, 4, 9, 12], "My open");
    // The line opens empty, labelled with the view it refines; a word typed filters at once.
    h.press("/");
    assert!(
        line(&h, "/ in My open:").ends_with("1 of 4"),
        "{}",
        h.screen()
    );
    h.type_text("Zebra");
    assert!(
        h.model.queue.input_error.is_none(),
        "a word is never a bad sort"
    );
    assert!(ids(&h).is_empty());
    h.press("<C-u>");
    h.type_text("vpn");
    assert_eq!(
        ids(&h),
        vec![1, 4],
        "alice's open VPN tickets, by priority as the view sorts"
    );
    assert_eq!(h.model.queue.view, Some(0));
    // The whole query is on the bottom line while typing.
    let screen = h.screen();
    let bottom = screen.lines().last().unwrap();
    assert!(
        bottom.contains("whole query: status:active assignee:me sort:priority vpn*"),
        "{screen}"
    );
    // A sort typed wins over the view's; Enter keeps the refinement, shown after the view's terms.
    h.type_text(" sort:newest");
    assert_eq!(ids(&h), vec![4, 1]);
    h.press("<Enter>");
    assert!(h.model.queue.input.is_none());
    assert_eq!(ids(&h), vec![4, 1]);
    assert!(
        line(&h, "/ ").starts_with("/ status:active assignee:me vpn sort:newest"),
        "{}",
        h.screen()
    );
    assert!(h.screen().contains(" My open + filter "), "{}", h.screen());
    // `/` again adds a term to what is in force.
    h.press("/");
    h.type_text("drops");
    assert_eq!(ids(&h), vec![1]);
    // Esc clears the refinement: the plain view again.
    h.press("<Esc>");
    assert!(h.model.queue.input.is_none());
    assert_eq!(h.model.queue.refinement, "");
    assert_eq!(ids(&h), vec![1, 4, 9, 12]);
    assert_eq!(
        h.model.queue.query,
        "status:active assignee:me sort:priority"
    );
}

#[test]
fn views_switched_keep_the_refinement_until_esc() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (80, 24));
    h.press("/");
    h.type_text("printer");
    h.press("<Enter>");
    assert!(ids(&h).is_empty(), "nothing of alice's is about a printer");
    // ] goes to Unassigned with the same refinement.
    h.press("]");
    assert_eq!(h.model.queue.view, Some(1));
    assert_eq!(ids(&h), vec![2]);
    assert!(
        h.screen().contains(" Unassigned + filter "),
        "{}",
        h.screen()
    );
    // Esc outside the line clears it too.
    h.press("<Esc>");
    assert_eq!(ids(&h), vec![8, 10, 6, 2]);
    assert!(!h.screen().contains("+ filter"));
    // status:all widens a view; status:all and a word in another view.
    h.press("/");
    h.type_text("status:all password");
    assert!(
        ids(&h).is_empty(),
        "the password ticket is assigned, so not in Unassigned"
    );
    h.press("<Esc> [ /");
    h.type_text("status:all password");
    assert_eq!(
        ids(&h),
        vec![7],
        "resolved, but status:all replaces the view's status"
    );
}

#[test]
fn the_last_word_typed_is_a_prefix_until_a_space() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (80, 24));
    h.press("] ] ] /"); // All open
    h.type_text("vpn dr");
    assert_eq!(ids(&h), vec![1], "dr finds drops");
    h.press("<C-w>");
    h.type_text("dis");
    assert_eq!(ids(&h), vec![4], "dis finds disconnects");
    h.type_text(" ");
    assert!(
        ids(&h).is_empty(),
        "a space ends the word: dis alone is no word here"
    );
    h.press("<BS>");
    h.type_text("connects");
    assert_eq!(ids(&h), vec![4]);
    // A quoted phrase is exact.
    h.press("<C-u>");
    h.type_text("\"meeting ro\"");
    assert!(ids(&h).is_empty());
    h.press("<BS>");
    h.type_text("om\"");
    assert_eq!(ids(&h), vec![9]);
    // Enter keeps what is in force, shown as the prefix it was.
    h.press("<C-u>");
    h.type_text("flick");
    h.press("<Enter>");
    assert_eq!(ids(&h), vec![12]);
    assert_eq!(h.model.queue.refinement, "flick*");
}

#[test]
fn a_bad_query_shows_no_tickets_and_its_whole_message() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (80, 24));
    h.press("/");
    h.type_text("vpn");
    assert_eq!(ids(&h), vec![1, 4]);
    h.type_text(" opened:>7x");
    let e = h.model.queue.input_error.clone().expect("an inline error");
    assert!(
        e.message.starts_with("bad opened: value '>7x'"),
        "{}",
        e.message
    );
    assert!(ids(&h).is_empty(), "no stale results from 'vpn'");
    let screen = h.screen();
    // The whole message at 80 columns, wrapped, with the caret under the bad part.
    assert!(screen.contains("✖ bad opened: value '>7x'"), "{screen}");
    assert!(
        screen.contains("\n  >=2026-11-01\n"),
        "the end of it too: {screen}"
    );
    let caret = screen.lines().find(|l| l.contains('^')).expect("a caret");
    let slash = line(&h, "/ in My open:");
    assert_eq!(caret.find('^'), slash.find(">7x"), "{screen}");
    assert!(
        screen.contains("No tickets while the filter has a mistake"),
        "{screen}"
    );
    // Other agents' changes do not bring the old list back meanwhile.
    h.poll();
    h.press("<C-w>");
    h.type_text("status:bogus");
    assert!(ids(&h).is_empty());
    assert!(
        h.screen().contains("unknown status 'bogus'"),
        "{}",
        h.screen()
    );
    // Enter does not keep a line that does not parse; fixing it does.
    h.press("<Enter>");
    assert!(h.model.queue.input.is_some());
    h.press("<C-w>");
    assert_eq!(ids(&h), vec![1, 4]);
    h.press("<Enter>");
    assert!(h.model.queue.input.is_none());
    assert_eq!(h.model.queue.refinement, "vpn");
}

#[test]
fn a_ranked_page_still_on_its_way_for_the_last_good_query_is_dropped() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    h.press("] ] ] /");
    h.defer_slow = true;
    h.type_text("vpn sort:relevance");
    h.type_text(" status:bogus");
    assert!(h.model.queue.input_error.is_some());
    // The ranked page and the count for "vpn sort:relevance" arrive now.
    h.settle();
    assert!(ids(&h).is_empty(), "{:?}", ids(&h));
    assert_eq!(h.model.queue.total, None);
}

#[test]
fn help_lists_every_sort() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    h.press("?");
    let mut seen = String::new();
    for _ in 0..20 {
        seen.push_str(&h.screen());
        h.press("<C-d>");
    }
    let sorts = seen
        .lines()
        .find(|l| l.contains("sort:"))
        .expect("a sort: line");
    for name in [
        "newest",
        "oldest",
        "priority",
        "updated",
        "due",
        "relevance",
    ] {
        assert!(seen.contains(name), "{name} in {sorts}");
    }
    assert!(seen.contains("relevance: best text match first"), "{seen}");
}

#[test]
fn filtering_with_the_query_language() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (80, 24));
    h.press("] ] ] /"); // All open: status:active sort:newest
    h.type_text("prio:<=2");
    assert_eq!(h.model.queue.view, Some(3));
    assert_eq!(ids(&h), vec![5, 4, 1], "newest first, as the view sorts");
    h.type_text(" sort:priority");
    assert_eq!(ids(&h), vec![1, 5, 4]);
    h.type_text(" -tag:vpn");
    assert_eq!(ids(&h), vec![5]);
    h.type_text(" email");
    assert_eq!(ids(&h), vec![5], "free text while typing");
    h.type_text(":x");
    let err = h.model.queue.input_error.clone().expect("an inline error");
    assert!(
        err.message.contains("unknown field 'email'"),
        "{}",
        err.message
    );
    h.press("<C-w>");
    h.type_text("colour:red");
    assert!(
        h.screen().contains("unknown field 'colour'"),
        "{}",
        h.screen()
    );
    h.press("<C-w> <Enter>");
    assert!(h.model.queue.input.is_none());
    assert_eq!(
        h.model.queue.query,
        "status:active prio:<=2 sort:priority -tag:vpn"
    );
    h.press("/");
    h.type_text("kind:change");
    assert!(ids(&h).is_empty());
    h.press("<Esc>");
    assert_eq!(
        ids(&h),
        vec![12, 10, 9, 8, 6, 5, 4, 3, 2, 1],
        "the plain All open"
    );
}

#[test]
fn a_filter_with_too_many_terms_says_so_in_one_line() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (120, 40));
    h.press("/");
    h.type_text(&vec!["-tag:x"; 65].join(" "));
    let e = h.model.queue.input_error.clone().expect("refused");
    // The view's own terms count too: 3 and the 65 typed.
    assert!(
        e.message
            .starts_with("a query takes at most 64 terms; this one has 68"),
        "{}",
        e.message
    );
    assert!(h.screen().contains("at most 64 terms"), "{}", h.screen());
}

#[test]
fn a_long_refinement_stays_readable_on_a_narrow_screen() {
    let (_d, path) = desk();
    let mut h = app(&path, "alice", (80, 24));
    h.press("] ] /"); // Breaching soon: a long query of its own
    let typed = "status:all -tag:printer -tag:email opened:<30d -kind:change";
    h.type_text(typed);
    h.press("<Enter>");
    let shown = line(&h, "/ ");
    assert!(shown.contains(typed), "{}", h.screen());
    assert!(
        shown.starts_with("/ sla:brea… status:all"),
        "the view's terms as room allows: {shown}"
    );
}
