//! The query language through the store: negation, opened ranges, and paging backwards.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration, TimeZone, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use tend::domain::filter::{Sort, TicketFilter};
use tend::domain::query::{QueryContext, parse};
use tend::domain::ticket::{Level, NewTicket, TicketPatch};
use tend::store::{Actor, OpenOptions, Store};

fn desk() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = Store::open(OpenOptions {
        path: dir.path().join("q.db"),
        create: true,
        actor: Actor::agent("alice", "tester"),
    })
    .unwrap();
    let start = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap();
    let t = Arc::new(AtomicI64::new(start.timestamp()));
    let c = Arc::clone(&t);
    s.set_clock(Box::new(move || {
        Utc.timestamp_opt(c.load(Ordering::Relaxed), 0).unwrap()
    }));
    // Twenty tickets, one a day: even ones in group network, every third assigned to bob,
    // every fourth tagged vpn, every fifth pending.
    let levels = [Level::High, Level::Medium, Level::Low];
    for i in 0..20i64 {
        let mut n = NewTicket::new(format!(
            "ticket {i} {}",
            if i % 2 == 0 { "printer" } else { "email" }
        ));
        n.group = (i % 2 == 0).then(|| "network".to_string());
        n.assignee = (i % 3 == 0).then(|| "bob".to_string());
        n.tags = if i % 4 == 0 {
            vec!["vpn".into()]
        } else {
            vec![]
        };
        n.impact = levels[(i % 3) as usize];
        n.urgency = levels[((i / 3) % 3) as usize];
        let id = s.create_ticket(n).unwrap().id;
        if i % 5 == 0 {
            s.update_ticket(
                id,
                &TicketPatch {
                    status: Some("pending".parse().unwrap()),
                    pending_reason: Some("user".into()),
                    ..Default::default()
                },
                None,
            )
            .unwrap();
        }
        t.fetch_add(86_400, Ordering::Relaxed);
    }
    (dir, s)
}

fn ids(s: &Store, query: &str) -> Vec<i64> {
    let ctx = QueryContext {
        now: s.now(),
        me: "alice",
    };
    let q = parse(query, &ctx).unwrap();
    let page = s
        .list_tickets(&q.filter, q.sort.unwrap_or(Sort::Oldest), None, 100)
        .unwrap();
    assert_eq!(
        s.count_tickets(&q.filter).unwrap(),
        page.tickets.len() as i64,
        "{query}"
    );
    page.tickets.iter().map(|t| t.id).collect()
}

#[test]
fn negated_terms_keep_tickets_without_the_field() {
    let (_d, s) = desk();
    // -group:network keeps the odd tickets, which have no group at all.
    assert_eq!(
        ids(&s, "-group:network"),
        (1..=20).filter(|i| i % 2 == 0).collect::<Vec<_>>()
    );
    // -assignee:bob keeps the unassigned ones.
    assert_eq!(ids(&s, "-assignee:bob").len(), 13);
    assert_eq!(ids(&s, "assignee:any").len(), 7);
    assert_eq!(ids(&s, "-tag:vpn").len(), 15);
    assert_eq!(ids(&s, "-status:pending").len(), 16);
    assert_eq!(ids(&s, "printer -tag:vpn"), vec![3, 7, 11, 15, 19]);
    assert_eq!(ids(&s, "-printer").len(), 10);
    assert_eq!(
        ids(&s, "group:network -assignee:bob -status:pending"),
        vec![3, 5, 9, 15, 17]
    );
}

#[test]
fn opened_ranges_by_age_and_date() {
    let (_d, s) = desk();
    // The clock is now 2026-11-21 09:00; ticket n was opened on 2026-11-n at 09:00.
    assert_eq!(ids(&s, "opened:<3d"), vec![19, 20]);
    assert_eq!(ids(&s, "opened:<=3d"), vec![18, 19, 20]);
    assert_eq!(ids(&s, "opened:>18d"), vec![1, 2]);
    assert_eq!(ids(&s, "opened:2026-11-05"), vec![5]);
    assert_eq!(ids(&s, "opened:>=2026-11-19"), vec![19, 20]);
    assert_eq!(ids(&s, "opened:>2026-11-19"), vec![20]);
    assert_eq!(ids(&s, "opened:<2026-11-02"), vec![1]);
    assert_eq!(ids(&s, "-opened:<19d").len(), 2);
}

#[test]
fn paging_backwards_meets_paging_forwards_in_every_sort() {
    let (_d, mut s) = desk();
    s.update_ticket(
        4,
        &TicketPatch {
            title: Some("touched".into()),
            ..Default::default()
        },
        None,
    )
    .unwrap();
    let words = TicketFilter {
        text: Some("ticket".into()),
        ..TicketFilter::default()
    };
    for (sort, f) in [
        (Sort::Newest, TicketFilter::default()),
        (Sort::Oldest, TicketFilter::default()),
        (Sort::Priority, TicketFilter::default()),
        (Sort::Updated, TicketFilter::default()),
        (Sort::Due, TicketFilter::default()),
        // Every ticket matches; scores tie often, so the id decides between them.
        (Sort::Relevance, words.clone()),
        (Sort::Newest, words),
    ] {
        let all: Vec<i64> = s
            .list_tickets(&f, sort, None, 100)
            .unwrap()
            .tickets
            .iter()
            .map(|t| t.id)
            .collect();
        // Walk backwards from the end, 3 at a time.
        let mut back: Vec<i64> = Vec::new();
        let mut before = None;
        loop {
            let page = s.list_tickets_before(&f, sort, before, 3).unwrap();
            let mut ids: Vec<i64> = page.tickets.iter().map(|t| t.id).collect();
            ids.extend(back);
            back = ids;
            match page.next {
                Some(c) => before = Some(c),
                None => break,
            }
        }
        assert_eq!(back, all, "{sort:?}");
        // The rows before the 10th are the first 9.
        assert!(all.len() >= 10, "{sort:?}");
        let tenth = s.cursor_for(all[9], sort, &f).unwrap();
        let page = s.list_tickets_before(&f, sort, Some(tenth), 100).unwrap();
        let got: Vec<i64> = page.tickets.iter().map(|t| t.id).collect();
        assert_eq!(got, all[..9].to_vec(), "{sort:?}");
        assert!(page.next.is_none());
    }
    let _ = Duration::zero();
}

#[test]
fn a_ranked_search_puts_the_best_match_first_and_pages_by_score() {
    let (_d, mut s) = desk();
    // A title match weighs more than a mention deep in a long description.
    let mut deep = NewTicket::new("Laptop will not start");
    deep.description = format!("{} toner", "the user tried everything again. ".repeat(40));
    let deep = s.create_ticket(deep).unwrap().id;
    let title = s.create_ticket(NewTicket::new("Toner empty")).unwrap().id;
    let mut twice = NewTicket::new("Toner low");
    twice.description = "toner toner, order toner".into();
    let twice = s.create_ticket(twice).unwrap().id;
    let f = TicketFilter {
        text: Some("toner".into()),
        ..TicketFilter::default()
    };
    let ranked: Vec<i64> = s
        .list_tickets(&f, Sort::Relevance, None, 10)
        .unwrap()
        .tickets
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(ranked.len(), 3);
    assert_eq!(ranked[2], deep, "{ranked:?}");
    assert!(ranked.contains(&title) && ranked.contains(&twice));
    // Page by page, one row at a time, the same order.
    let mut walked = Vec::new();
    let mut after = None;
    loop {
        let page = s.list_tickets(&f, Sort::Relevance, after, 1).unwrap();
        walked.extend(page.tickets.iter().map(|t| t.id));
        match page.next {
            Some(c) => after = Some(c),
            None => break,
        }
    }
    assert_eq!(walked, ranked);
    // The query language and the CLI name it.
    let ctx = QueryContext {
        now: Utc::now(),
        me: "alice",
    };
    assert_eq!(
        parse("toner sort:relevance", &ctx).unwrap().sort,
        Some(Sort::Relevance)
    );
    // Ranking needs words.
    let err = s
        .list_tickets(&TicketFilter::default(), Sort::Relevance, None, 10)
        .unwrap_err()
        .to_string();
    assert!(err.contains("add words to look for"), "{err}");
}

/// Many tag and word terms are merged into one condition each; what they select stays the
/// same as term by term.
#[test]
fn many_tags_and_negations_select_what_each_term_says() {
    let (_d, mut s) = desk();
    // Also tag the multiples of three "db" (ids 1, 4, 7, ... are i = 0, 3, 6, ...).
    for id in (1..=20).filter(|id| (id - 1) % 3 == 0) {
        s.update_ticket(
            id,
            &TicketPatch {
                add_tags: vec!["db".into()],
                ..Default::default()
            },
            None,
        )
        .unwrap();
    }
    let vpn = |id: i64| (id - 1) % 4 == 0;
    let db = |id: i64| (id - 1) % 3 == 0;
    let printer = |id: i64| (id - 1) % 2 == 0;
    let want = |f: &dyn Fn(i64) -> bool| (1..=20).filter(|i| f(*i)).collect::<Vec<i64>>();
    assert_eq!(ids(&s, "tag:vpn tag:db"), want(&|i| vpn(i) && db(i)));
    assert_eq!(
        ids(&s, "tag:vpn tag:db tag:vpn"),
        want(&|i| vpn(i) && db(i))
    );
    assert_eq!(ids(&s, "tag:vpn tag:nosuch"), Vec::<i64>::new());
    assert_eq!(ids(&s, "-tag:vpn -tag:db"), want(&|i| !vpn(i) && !db(i)));
    assert_eq!(
        ids(&s, "-tag:vpn -tag:db -tag:vpn -tag:nosuch"),
        want(&|i| !vpn(i) && !db(i))
    );
    assert_eq!(
        ids(&s, "-printer -\"ticket 3\" -tag:db"),
        want(&|i| !printer(i) && i != 4 && !db(i))
    );
    assert_eq!(ids(&s, "-email -printer"), Vec::<i64>::new());
    assert_eq!(
        ids(&s, "tag:db -tag:vpn -status:pending"),
        want(&|i| db(i) && !vpn(i) && (i - 1) % 5 != 0)
    );
    // 64 terms are taken (the same term 64 times is one term), 65 are refused in one line.
    let many = |n: usize| vec!["-tag:vpn"; n].join(" ");
    assert_eq!(ids(&s, &many(64)), want(&|i| !vpn(i)));
    let ctx = QueryContext {
        now: s.now(),
        me: "alice",
    };
    let e = parse(&many(65), &ctx).unwrap_err();
    assert_eq!(e.message, "a query takes at most 64 terms; this one has 65");
}
