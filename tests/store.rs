//! The store on real temporary files, through its Rust API.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use tend::domain::conversation::EntryKind;
use tend::domain::filter::{Sort, TicketFilter};
use tend::domain::ticket::{Level, NewTicket, PrioritySetting, Status, TicketPatch};
use tend::store::{Actor, OpenOptions, Store, StoreError};

fn open(path: &std::path::Path, who: &str) -> Store {
    Store::open(OpenOptions {
        path: path.to_path_buf(),
        create: true,
        actor: Actor::agent(who, "tester"),
    })
    .unwrap()
    .0
}

/// A store whose clock starts at `start` and is moved by the returned handle.
fn with_clock(store: &mut Store, start: DateTime<Utc>) -> Arc<AtomicI64> {
    let t = Arc::new(AtomicI64::new(start.timestamp()));
    let c = Arc::clone(&t);
    store.set_clock(Box::new(move || {
        Utc.timestamp_opt(c.load(Ordering::Relaxed), 0).unwrap()
    }));
    t
}

#[test]
fn keyset_pages_walk_every_ticket_once_in_every_sort() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(&dir.path().join("d.db"), "alice");
    let clock = with_clock(&mut s, Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap());
    let levels = [Level::High, Level::Medium, Level::Low];
    s.batch(|s| {
        for i in 0..137 {
            let mut t = NewTicket::new(format!("ticket {i}"));
            t.impact = levels[i % 3];
            t.urgency = levels[(i / 3) % 3];
            let id = s.create_ticket(t)?.id;
            if i % 4 == 0 {
                clock.fetch_add(60, Ordering::Relaxed);
                s.update_ticket(
                    id,
                    &TicketPatch {
                        title: Some(format!("edited {i}")),
                        ..Default::default()
                    },
                    None,
                )?;
            }
        }
        Ok(())
    })
    .unwrap();
    let filter = TicketFilter::default();
    for sort in [
        Sort::Newest,
        Sort::Oldest,
        Sort::Priority,
        Sort::Updated,
        Sort::Due,
    ] {
        let all = s.list_tickets(&filter, sort, None, 1000).unwrap().tickets;
        assert_eq!(all.len(), 137);
        let mut paged = Vec::new();
        let mut after = None;
        loop {
            let page = s.list_tickets(&filter, sort, after, 10).unwrap();
            paged.extend(page.tickets.iter().map(|t| t.id));
            match page.next {
                Some(c) => after = Some(c),
                None => break,
            }
        }
        assert_eq!(
            paged,
            all.iter().map(|t| t.id).collect::<Vec<_>>(),
            "{sort:?}"
        );
        match sort {
            Sort::Priority => assert!(
                all.windows(2)
                    .all(|w| (w[0].priority, -w[0].id) <= (w[1].priority, -w[1].id))
            ),
            Sort::Updated => assert!(
                all.windows(2)
                    .all(|w| (w[0].updated_at, w[0].id) >= (w[1].updated_at, w[1].id))
            ),
            _ => {}
        }
    }
    assert_eq!(s.count_tickets(&filter).unwrap(), 137);
}

#[test]
fn another_connection_sees_changes_through_data_version_and_the_change_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    let mut writer = open(&path, "alice");
    let reader = open(&path, "bob");
    let v0 = reader.data_version().unwrap();
    let seq0 = reader.last_change_seq().unwrap();
    let t = writer
        .create_ticket(NewTicket::new("seen elsewhere"))
        .unwrap();
    writer.add_entry(t.id, EntryKind::Reply, "hello").unwrap();
    assert_ne!(
        reader.data_version().unwrap(),
        v0,
        "data_version moves on another connection's commit"
    );
    let changes = reader.changes_since(seq0, 100).unwrap();
    let what: Vec<(&str, Option<i64>, &str)> = changes
        .iter()
        .map(|c| (c.on.entity.as_str(), c.on.id, c.what.as_str()))
        .collect();
    assert_eq!(
        what,
        vec![
            ("ticket", Some(t.id), "created"),
            ("ticket", Some(t.id), "reply")
        ]
    );
    assert_eq!(changes[0].actor, "alice");
    assert_eq!(reader.ticket(t.id).unwrap().title, "seen elsewhere");
}

#[test]
fn a_failed_batch_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(&dir.path().join("d.db"), "alice");
    let err = s
        .batch(|s| {
            s.create_ticket(NewTicket::new("first"))?;
            s.update_ticket(
                999,
                &TicketPatch {
                    status: Some(Status::Open),
                    ..Default::default()
                },
                None,
            )?;
            Ok(())
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { id: 999, .. }));
    assert_eq!(s.count_tickets(&TicketFilter::default()).unwrap(), 0);
    assert!(s.changes_since(0, 10).unwrap().is_empty());
}

#[test]
fn history_records_every_field_with_time_actor_and_os_user() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(&dir.path().join("d.db"), "alice");
    let start = Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap();
    let clock = with_clock(&mut s, start);
    let t = s.create_ticket(NewTicket::new("history")).unwrap();
    clock.fetch_add(90, Ordering::Relaxed);
    let patch = TicketPatch {
        status: Some(Status::Pending),
        pending_reason: Some("waiting for vendor".into()),
        priority: Some(PrioritySetting::Manual(1)),
        add_tags: vec!["vendor".into()],
        ..Default::default()
    };
    let out = s.update_ticket(t.id, &patch, Some(1)).unwrap();
    assert_eq!(out.ticket.version, 2);
    assert_eq!(out.ticket.updated_at, start + Duration::seconds(90));
    let h = s.history(t.id).unwrap();
    let rows: Vec<(&str, Option<&str>, Option<&str>)> = h
        .iter()
        .map(|c| (c.field.as_str(), c.old.as_deref(), c.new.as_deref()))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("status", None, Some("new")),
            ("status", Some("new"), Some("pending")),
            ("pending_reason", None, Some("waiting for vendor")),
            ("priority", Some("3"), Some("1")),
            ("priority_override", Some("false"), Some("true")),
            ("tags", None, Some("vendor")),
        ]
    );
    assert!(
        h.iter()
            .all(|c| c.actor == "alice" && c.os_user == "tester")
    );
    assert_eq!(h[1].at, start + Duration::seconds(90));
}

#[test]
fn backdated_tickets_keep_their_opening_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(&dir.path().join("d.db"), "alice");
    let mut t = NewTicket::new("phoned in yesterday");
    let at = Utc::now() - Duration::days(1);
    t.opened_at = Some(at);
    let t = s.create_ticket(t).unwrap();
    assert_eq!(t.opened_at.timestamp(), at.timestamp());
    assert_eq!(s.history(t.id).unwrap()[0].at.timestamp(), at.timestamp());
}

#[test]
fn presence_shows_other_editors_and_expires_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    let mut alice = open(&path, "alice");
    let mut bob = open(&path, "bob");
    let start = Utc.with_ymd_and_hms(2026, 5, 4, 10, 0, 0).unwrap();
    let a_clock = with_clock(&mut alice, start);
    let b_clock = with_clock(&mut bob, start);
    let t = alice.create_ticket(NewTicket::new("shared")).unwrap();
    alice.heartbeat(t.id, "reply").unwrap();
    let seen = bob.editors(t.id).unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        (seen[0].agent.as_str(), seen[0].activity.as_str()),
        ("alice", "reply")
    );
    assert!(
        alice.editors(t.id).unwrap().is_empty(),
        "you do not see yourself"
    );
    // A crashed session stops sending heartbeats: 30 s later it is gone.
    b_clock.fetch_add(31, Ordering::Relaxed);
    assert!(bob.editors(t.id).unwrap().is_empty());
    a_clock.fetch_add(31, Ordering::Relaxed);
    alice.heartbeat(t.id, "reply").unwrap();
    assert_eq!(
        bob.editors(t.id).unwrap()[0].since,
        start,
        "the same activity keeps its start"
    );
    alice.leave(Some(t.id)).unwrap();
    assert!(bob.editors(t.id).unwrap().is_empty());
    assert!(bob.ticket_detail(t.id).unwrap().editors.is_empty());
}

#[test]
fn full_text_lists_page_the_same_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(&dir.path().join("d.db"), "alice");
    let mut matching = Vec::new();
    s.batch(|s| {
        for i in 0..90 {
            let word = if i % 3 == 0 { "printer" } else { "laptop" };
            let t = s.create_ticket(NewTicket::new(format!("{word} trouble {i}")))?;
            if i % 3 == 0 {
                matching.push(t.id);
            } else if i % 5 == 0 {
                // Found through the conversation, not the title.
                s.add_entry(t.id, EntryKind::Note, "the printer again")?;
                matching.push(t.id);
            }
        }
        Ok(())
    })
    .unwrap();
    let f = TicketFilter {
        text: Some("printer".into()),
        ..TicketFilter::default()
    };
    for sort in [Sort::Newest, Sort::Oldest] {
        let mut expected = matching.clone();
        expected.sort();
        if sort == Sort::Newest {
            expected.reverse();
        }
        let mut forward = Vec::new();
        let mut after = None;
        loop {
            let page = s.list_tickets(&f, sort, after, 7).unwrap();
            forward.extend(page.tickets.iter().map(|t| t.id));
            match page.next {
                Some(c) => after = Some(c),
                None => break,
            }
        }
        assert_eq!(forward, expected, "{sort:?} forwards");
        let mut backward = Vec::new();
        let mut before = None;
        loop {
            let page = s.list_tickets_before(&f, sort, before, 7).unwrap();
            backward.splice(0..0, page.tickets.iter().map(|t| t.id));
            match page.next {
                Some(c) => before = Some(c),
                None => break,
            }
        }
        assert_eq!(backward, expected, "{sort:?} backwards");
    }
}

#[test]
fn sla_badges_follow_a_calendar_another_agent_changes() {
    // The queue's badges remember business time per day between pages; a calendar edited
    // meanwhile (here by another process's connection) must not leave them stale.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    let mut a = open(&path, "alice");
    let start = Utc.with_ymd_and_hms(2025, 1, 6, 10, 0, 0).unwrap();
    let clock = with_clock(&mut a, start);
    let id = a
        .create_ticket(NewTicket::new("overdue for a year"))
        .unwrap()
        .id;
    clock.store(
        Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0)
            .unwrap()
            .timestamp(),
        Ordering::Relaxed,
    );
    let remaining = |s: &Store| -> Vec<Option<i64>> {
        s.sla_badges(&[id]).unwrap()[&id]
            .iter()
            .map(|b| b.remaining_secs)
            .collect()
    };
    let before = remaining(&a);
    assert!(
        before.iter().flatten().any(|s| *s < -86_400 * 30),
        "{before:?}"
    );

    let mut b = open(&path, "bob");
    let cal = b.calendar("business").unwrap();
    let round_the_clock = tend::domain::calendar::Calendar::from_spec(
        &cal.name,
        "UTC",
        &["mon-sun 00:00-24:00".to_string()],
        &[],
        &[],
    )
    .unwrap();
    b.save_calendar(&round_the_clock).unwrap();

    let mut fresh = open(&path, "carol");
    let now = a.now();
    fresh.set_clock(Box::new(move || now));
    let after = remaining(&a);
    assert_ne!(after, before, "the calendar changed");
    assert_eq!(after, remaining(&fresh));
}
