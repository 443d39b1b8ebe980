//! The demo desk: about 200 tickets of every kind over the past six weeks, with conversations,
//! status changes, links and a knowledge base, made by replaying realistic events through the
//! store (so history, versions and timestamps are exactly what real use would produce).
//! Deterministic: the same `now` gives the same desk.

mod content;
mod generate;
mod rng;

use chrono::{DateTime, Duration, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use crate::domain::Invalid;
use crate::domain::conversation::EntryKind;
use crate::domain::kb::NewArticle;
use crate::domain::link::{LinkKind, LinkRequest};
use crate::domain::ticket::{Kind, NewTicket, Status, TicketPatch};
use crate::store::{Actor, Result, Store, StoreError};
use rng::Rng;

const TICKETS: usize = 200;
const DAYS: i64 = 42;
const SEED: u64 = 0x7e4d_2026;

/// First public replies agents send.
const ACKS: &[&str] = &[
    "Thanks for reporting this. I'm looking into it now and will update you shortly.",
    "Got it, thank you. I've picked this up and will get back to you today.",
    "Thanks, we're on it. I'll let you know as soon as I know more.",
    "Hello, thanks for the details. I'm checking this and will keep you posted.",
];

/// Fills the demo desk when the database is still empty.
pub fn ensure_demo(store: &mut Store) -> Result<()> {
    if store.count_tickets(&Default::default())? == 0
        && store.list_articles(&[], None, 1)?.is_empty()
    {
        fill(store)?;
    }
    Ok(())
}

/// Fills an empty database with the demo desk. Returns (tickets, articles).
pub fn fill(store: &mut Store) -> Result<(usize, usize)> {
    if store.count_tickets(&Default::default())? > 0
        || !store.list_articles(&[], None, 1)?.is_empty()
    {
        return Err(Invalid::rule(
            "demo data goes into an empty database, and this one already has tickets or articles",
        )
        .into());
    }
    let (people, scenarios, articles) = content::load()
        .map_err(|e| StoreError::Invalid(Invalid::value(format!("demo content: {e}"))))?;
    let real_now = store.now();
    let real_actor = store.actor().clone();
    let clock = Arc::new(AtomicI64::new(real_now.timestamp()));
    let shared = Arc::clone(&clock);
    store.set_clock(Box::new(move || {
        crate::domain::time::from_unix(shared.load(Ordering::Relaxed)).unwrap_or_else(Utc::now)
    }));
    let set_time =
        |t: DateTime<Utc>| clock.store(t.timestamp().min(real_now.timestamp()), Ordering::Relaxed);
    let as_user = |name: &str| Actor::agent(name, real_actor.os_user.clone());

    let result = store.batch(|store| {
        let mut rng = Rng::new(SEED);
        // Articles first (written over the past months), so tickets can be linked to them.
        let mut article_ids = Vec::new();
        for (i, a) in articles.iter().enumerate() {
            let author = rng
                .pick(&people.agents)
                .map(|a| a.name.as_str())
                .unwrap_or("alice");
            store.set_actor(as_user(author));
            set_time(
                real_now - Duration::days(120 - i as i64 * 3)
                    + Duration::minutes(rng.range(0, 600)),
            );
            let created = store.create_article(NewArticle {
                title: a.title.clone(),
                body: a.body.clone(),
                tags: a.tags.clone(),
                state: a.state,
            })?;
            article_ids.push((created.id, a.tags.clone()));
        }

        // Opening times: spread over the period, more of them recent, during working hours.
        let mut opened: Vec<DateTime<Utc>> = (0..TICKETS)
            .map(|_| {
                let day = DAYS - (rng.range(0, DAYS * DAYS) as f64).sqrt() as i64;
                let t = real_now - Duration::days(day) + Duration::minutes(rng.range(-300, 300));
                t.min(real_now - Duration::minutes(rng.range(5, 90)))
            })
            .collect();
        opened.sort();

        // Scenarios in shuffled rounds, each used about three times; a critical outage only once.
        let mut picks: Vec<usize> = Vec::with_capacity(TICKETS);
        let mut used = vec![0usize; scenarios.len()];
        while picks.len() < TICKETS {
            let mut round: Vec<usize> = (0..scenarios.len()).collect();
            for i in (1..round.len()).rev() {
                round.swap(i, rng.below(i as u64 + 1) as usize);
            }
            let before = picks.len();
            for i in round {
                let critical = scenarios[i].impact == "high" && scenarios[i].urgency == "high";
                if picks.len() < TICKETS && !(critical && used[i] > 0) {
                    used[i] += 1;
                    picks.push(i);
                }
            }
            if picks.len() == before {
                break;
            }
        }

        let mut problems: Vec<(i64, Vec<String>)> = Vec::new();
        for (at, pick) in opened.iter().zip(picks) {
            let s = &scenarios[pick];
            let requester = rng.pick(&people.requesters).cloned().unwrap_or_default();
            let group_agents: Vec<&str> = people
                .agents
                .iter()
                .filter(|a| a.group == s.group)
                .map(|a| a.name.as_str())
                .collect();
            let agent = rng
                .pick(&group_agents)
                .copied()
                .or_else(|| rng.pick(&people.agents).map(|a| a.name.as_str()))
                .unwrap_or("alice")
                .to_string();
            let desk = rng.pick(&["alice", "ben"]).copied().unwrap_or("alice");
            let age_days = (real_now - *at).num_days();

            // Logged by the service desk.
            set_time(*at);
            store.set_actor(as_user(desk));
            let mut t = NewTicket::new(s.title.clone());
            t.kind = s.kind.parse()?;
            t.description = s.description.clone();
            t.impact = s.impact.parse()?;
            t.urgency = s.urgency.parse()?;
            t.requester = Some(requester.clone());
            t.group = Some(s.group.clone());
            t.service = Some(s.service.clone());
            t.category = Some(s.category.clone());
            t.tags = s.tags.clone();
            t.opened_at = Some(*at);
            let ticket = store.create_ticket(t)?;
            let id = ticket.id;
            let mut time = *at;
            let mut step = |rng: &mut Rng, lo: i64, hi: i64| {
                time += Duration::minutes(rng.range(lo, hi));
                set_time(time);
                time
            };

            // Triage: most tickets get picked up, recent ones may still wait.
            let untouched = age_days < 1 && rng.chance(0.5);
            if untouched || rng.chance(0.05) {
                continue;
            }
            step(&mut rng, 3, 90);
            store.set_actor(as_user(&agent));
            let patch = TicketPatch {
                assignee: Some(Some(agent.clone())),
                status: Some(Status::Open),
                ..TicketPatch::default()
            };
            store.update_ticket(id, &patch, None)?;
            // Most tickets get a prompt public acknowledgement (the response target).
            if rng.chance(0.8) {
                let quick = if ticket.priority <= 2 {
                    (2, 12)
                } else {
                    (5, 150)
                };
                if step(&mut rng, quick.0, quick.1) < real_now {
                    let ack = ACKS[rng.below(ACKS.len() as u64) as usize];
                    store.add_entry(id, EntryKind::Reply, ack)?;
                }
            }

            for line in &s.conversation {
                let author = if line.by == "requester" {
                    requester.as_str()
                } else {
                    agent.as_str()
                };
                let kind = if line.kind == "note" {
                    EntryKind::Note
                } else {
                    EntryKind::Reply
                };
                if step(&mut rng, 10, 600) >= real_now {
                    break;
                }
                store.set_actor(as_user(author));
                store.add_entry(id, kind, &line.body)?;
            }

            if ticket.kind == Kind::Problem {
                problems.push((id, s.tags.clone()));
            } else if let Some((pid, _)) = problems
                .iter()
                .rev()
                .find(|(_, tags)| tags.iter().any(|t| s.tags.contains(t)))
                && ticket.kind == Kind::Incident
                && rng.chance(0.6)
            {
                store.set_actor(as_user(&agent));
                store.link_tickets(id, *pid, LinkRequest::Forward(LinkKind::CausedBy))?;
            }
            if let Some((aid, _)) = article_ids
                .iter()
                .find(|(_, tags)| tags.iter().any(|t| s.tags.contains(t)))
                && rng.chance(0.35)
            {
                store.set_actor(as_user(&agent));
                store.link_article(*aid, id)?;
            }

            // Where it ends up depends on its age, and urgent ones get done first.
            let resolve_p = match (age_days, ticket.priority) {
                (0..=1, 1..=2) => 0.5,
                (0..=1, _) => 0.15,
                (_, 1..=2) => 0.97,
                (2..=6, _) => 0.55,
                _ => 0.9,
            };
            store.set_actor(as_user(&agent));
            if s.resolution.is_some() && rng.chance(resolve_p) {
                if step(&mut rng, 30, 2 * 24 * 60) >= real_now {
                    continue;
                }
                if let Some(r) = &s.resolution {
                    store.add_entry(id, EntryKind::Reply, r)?;
                }
                let resolved = TicketPatch {
                    status: Some(Status::Resolved),
                    ..TicketPatch::default()
                };
                store.update_ticket(id, &resolved, None)?;
                if step(&mut rng, 3 * 24 * 60, 4 * 24 * 60) < real_now {
                    let closed = TicketPatch {
                        status: Some(Status::Closed),
                        ..TicketPatch::default()
                    };
                    store.update_ticket(id, &closed, None)?;
                }
            } else if rng.chance(0.25) && step(&mut rng, 20, 240) < real_now {
                let reason = if rng.chance(0.6) {
                    "waiting for the requester"
                } else {
                    "waiting for the vendor"
                };
                let pending = TicketPatch {
                    status: Some(Status::Pending),
                    pending_reason: Some(reason.into()),
                    ..TicketPatch::default()
                };
                store.update_ticket(id, &pending, None)?;
            } else if rng.chance(0.03) {
                let cancel = TicketPatch {
                    status: Some(Status::Cancelled),
                    ..TicketPatch::default()
                };
                store.update_ticket(id, &cancel, None)?;
            }
        }
        Ok((TICKETS, article_ids.len()))
    });
    store.set_actor(real_actor.clone());
    store.set_clock(Box::new(Utc::now));
    // Clocks as of now, not as of each ticket's last simulated change.
    let result = result.and_then(|r| store.recompute_sla().map(|_| r));
    store.set_actor(real_actor);
    store.set_clock(Box::new(Utc::now));
    result
}

/// `tend demo generate`: `tickets` synthetic tickets and `articles` articles, deterministic for
/// `seed` and `now`. Returns (tickets, articles).
pub fn generate(
    store: &mut Store,
    tickets: u64,
    articles: usize,
    seed: u64,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize),
) -> Result<(usize, usize)> {
    let (_, _, kb) = content::load()
        .map_err(|e| StoreError::Invalid(Invalid::value(format!("demo content: {e}"))))?;
    // Tickets are made on a second thread while this one writes them: two cores, both busy.
    // Batches, so the threads hand over work rarely rather than per ticket.
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<crate::store::ExportTicket>>(16);
    let producer = std::thread::spawn(move || {
        if let Ok((people, scenarios, _)) = content::load() {
            let mut made = generate::Generator::new(&people, &scenarios, tickets, seed, now);
            loop {
                let batch: Vec<_> = made.by_ref().take(256).collect();
                if batch.is_empty() || send.send(batch).is_err() {
                    break; // done, or the writer stopped on an error
                }
            }
        }
    });
    let mut received = receive.iter().flatten();
    let loaded = store.bulk_load(&mut received, 20_000, progress);
    drop(receive);
    let _ = producer.join();
    let n = loaded?;
    let mut rng = Rng::new(seed);
    // Articles go through the normal path, stamped with `now` so the same seed gives the same desk.
    store.set_clock(Box::new(move || now));
    let made = store.batch(|store| {
        for i in 0..articles {
            let a = &kb[i % kb.len().max(1)];
            let round = i / kb.len().max(1);
            let title = if round == 0 {
                a.title.clone()
            } else {
                format!("{} (revision {})", a.title, round + 1)
            };
            let created = store.create_article(NewArticle {
                title,
                body: a.body.clone(),
                tags: a.tags.clone(),
                state: a.state,
            })?;
            if n > 0 {
                for _ in 0..3 {
                    let ticket = 1 + rng.below(n as u64) as i64;
                    store.link_article(created.id, ticket)?;
                }
            }
        }
        Ok(articles)
    });
    store.set_clock(Box::new(Utc::now));
    Ok((n, made?))
}
