//! The app counts a business-hours SLA clock the way `tend sla explain` does, without a
//! reload: after closing time it stands still, and it turns at risk at its warning time and
//! breached at its due time on screen by itself.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use chrono::{DateTime, TimeZone, Utc};
use std::path::Path;
use std::sync::atomic::Ordering;
use tend::app::msg::Msg;
use tend::domain::calendar::Calendar;
use tend::domain::ticket::NewTicket;
use tend::runtime::harness::Harness;
use tui_support::open;

/// 2026-11-`day` (November 2026: the 20th is a Friday, the 23rd a Monday) at h:m:s UTC.
fn at(day: u32, h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, h, m, s).unwrap()
}

/// A desk on a Mon-Fri 09:00-17:00 UTC calendar with one P3 ticket opened Friday 16:00: its
/// 4h response clock has 1h on Friday and is due Monday 12:00 (at risk from 11:00). The app
/// opens with the store's clock at `open_at`.
fn desk_with_clock(dir: &Path, open_at: DateTime<Utc>) -> (Harness, i64) {
    let path = dir.join("desk.db");
    let (mut s, clock) = open(&path, "alice");
    let cal =
        Calendar::from_spec("business", "UTC", &["mon-fri 09:00-17:00".into()], &[], &[]).unwrap();
    s.save_calendar(&cal).unwrap();
    clock.store(at(20, 16, 0, 0).timestamp(), Ordering::Relaxed);
    let mut n = NewTicket::new("Shared drive is slow");
    n.assignee = Some("alice".into());
    let t = s.create_ticket(n).unwrap();
    assert_eq!(t.priority, 3);
    drop(s);
    let (store, clock) = open(&path, "alice");
    clock.store(open_at.timestamp(), Ordering::Relaxed);
    let h = Harness::new(store, (120, 24)).unwrap();
    assert!(
        h.model.queue.rows.iter().any(|r| r.id == t.id),
        "{}",
        h.screen()
    );
    (h, t.id)
}

/// The ticket's queue row on screen (the left of the split).
fn row(h: &Harness, title: &str) -> String {
    let screen = h.screen();
    screen
        .lines()
        .filter_map(|l| l.split('│').next())
        .find(|l| l.contains(title))
        .unwrap_or_else(|| panic!("no row for {title:?} in\n{screen}"))
        .to_string()
}

/// What `tend sla explain` says is left on the response clock at `now`.
fn explained(dir: &Path, id: i64, now: DateTime<Utc>) -> i64 {
    let (s, clock) = open(&dir.join("desk.db"), "alice");
    clock.store(now.timestamp(), Ordering::Relaxed);
    let clocks = s.sla_explain(id).unwrap();
    clocks
        .iter()
        .find(|(c, _)| c.target.as_str() == "response")
        .map(|(c, _)| c.remaining_secs)
        .unwrap()
}

fn shown_left(h: &Harness, id: i64) -> i64 {
    let r = h.model.queue.rows.iter().find(|r| r.id == id).unwrap();
    r.sla.as_ref().unwrap().remaining_at(h.model.now).unwrap()
}

#[test]
fn after_closing_time_a_business_clock_stands_still() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, id) = desk_with_clock(dir.path(), at(20, 17, 30, 0));
    let before = row(&h, "Shared drive is slow");
    assert!(before.contains("● 3h00m biz"), "{before}");
    // Friday evening, the weekend: nothing is worked, nothing changes.
    for now in [at(20, 19, 30, 0), at(21, 12, 0, 0), at(23, 8, 59, 59)] {
        h.send(Msg::Tick(now));
        let after = row(&h, "Shared drive is slow");
        assert!(after.contains("● 3h00m biz"), "at {now}: {after}");
        assert_eq!(
            shown_left(&h, id),
            explained(dir.path(), id, now),
            "at {now}"
        );
    }
    // Monday morning it runs again, second for second with `sla explain`.
    for now in [at(23, 9, 0, 1), at(23, 10, 17, 42)] {
        h.send(Msg::Tick(now));
        assert_eq!(
            shown_left(&h, id),
            explained(dir.path(), id, now),
            "at {now}"
        );
    }
}

#[test]
fn a_clock_turns_at_risk_at_its_warning_time_without_a_reload() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = desk_with_clock(dir.path(), at(23, 10, 59, 0));
    let before = row(&h, "Shared drive is slow");
    assert!(before.contains("● 1h"), "{before}");
    let jobs = h.jobs.len();
    h.send(Msg::Tick(at(23, 11, 0, 30)));
    let after = row(&h, "Shared drive is slow");
    assert!(after.contains("▲ 59m"), "{after}");
    assert_eq!(h.jobs.len(), jobs, "no reload was needed");
}

#[test]
fn a_clock_turns_breached_at_its_due_time_without_a_reload() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, id) = desk_with_clock(dir.path(), at(23, 11, 59, 0));
    assert!(row(&h, "Shared drive is slow").contains("▲ 1m"));
    h.send(Msg::Tick(at(23, 12, 1, 0)));
    let after = row(&h, "Shared drive is slow");
    assert!(after.contains("✖ -1m"), "{after}");
    assert_eq!(
        shown_left(&h, id),
        explained(dir.path(), id, at(23, 12, 1, 0))
    );
    // The detail says so too.
    h.press("<Enter>");
    let screen = h.screen();
    assert!(screen.contains("✖ breached"), "{screen}");
}

#[test]
fn past_the_working_time_it_was_given_a_clock_is_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = desk_with_clock(dir.path(), at(20, 17, 30, 0));
    let jobs = h.jobs.len();
    // Weeks later (the store's clock has not moved: the page comes back the same).
    h.send(Msg::Tick(at(23, 12, 0, 0) + chrono::Duration::days(30)));
    assert!(
        h.jobs[jobs..].iter().any(|j| matches!(
            j,
            tend::app::msg::Job::Queue(tend::app::msg::QueueJob::Page { .. })
        )),
        "{:?}",
        &h.jobs[jobs..]
    );
}

#[test]
fn a_cancelled_ticket_shows_its_stopped_clocks() {
    let (_d, path) = tui_support::desk();
    let (s, _) = open(&path, "alice");
    // The eleventh ticket of the test desk.
    let id = 11;
    assert_eq!(s.ticket(id).unwrap().title, "Old ticket that was cancelled");
    drop(s);
    // As on a desk upgraded to SLA clocks after it was cancelled: no clocks kept for it.
    let db = rusqlite::Connection::open(&path).unwrap();
    db.execute(
        "UPDATE tickets SET response_state = NULL, response_due_at = NULL,
            response_warn_at = NULL, resolution_state = NULL, resolution_due_at = NULL,
            resolution_warn_at = NULL, update_state = NULL, update_due_at = NULL,
            update_warn_at = NULL WHERE id = ?1",
        [id],
    )
    .unwrap();
    drop(db);
    let (s, _) = open(&path, "alice");
    let explained = s.sla_explain(id).unwrap();
    assert!(!explained.is_empty(), "sla explain shows its clocks");
    let mut h = tui_support::app(&path, "alice", (120, 40));
    h.press(":");
    h.type_text(&id.to_string());
    h.press("<Enter>");
    let screen = h.screen();
    assert!(!screen.contains("no SLA rule applies"), "{screen}");
    assert!(screen.contains("clocks stopped: cancelled"), "{screen}");
    for (c, _) in &explained {
        let line = format!("{} {:<8} {}", c.state.symbol(), c.state.label(), c.target);
        assert!(screen.contains(&line), "{line:?} in\n{screen}");
    }
}
