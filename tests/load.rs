//! Load: N agent processes doing a realistic mix for a fixed time (new tickets, replies, notes,
//! assignee and status changes, optimistic edits of the same hot tickets). Afterwards every
//! acknowledged write is in the database exactly once, versions add up, and no process ever saw
//! "database is locked". Small in CI; full size by hand:
//!
//! `TEND_LOAD_AGENTS=8 TEND_LOAD_SECS=30 cargo test --release --test load -- --nocapture`
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::agent::{self, Spec};

#[test]
#[ignore = "worker process for the load test"]
fn agent_process() {
    if let Ok(spec) = std::env::var("TEND_AGENT") {
        agent::run(&Spec::decode(&spec));
    }
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn agents_under_load_lose_nothing_and_never_see_locked() {
    let (agents, secs) = (env("TEND_LOAD_AGENTS", 3), env("TEND_LOAD_SECS", 2));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    {
        let mut s = agent::open(&db, "setup");
        for i in 1..=agent::HOT {
            s.create_ticket(tend::domain::ticket::NewTicket::new(format!("hot {i}")))
                .unwrap();
        }
    }
    let start = std::time::Instant::now();
    let children: Vec<_> = (0..agents)
        .map(|i| {
            let spec = Spec {
                db: db.display().to_string(),
                name: format!("agent{i}"),
                millis: secs * 1000,
                seed: i * 31 + 7,
            };
            agent::spawn("agent_process", &spec)
        })
        .collect();
    let mut acks = Vec::new();
    let (mut ops, mut conflicts, mut locked) = (0u64, 0u64, 0u64);
    let mut p50s = Vec::new();
    let mut p99s = Vec::new();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for a in agent::acks(&out.stdout) {
            if let Some(stats) = a.strip_prefix("STATS ") {
                let f: Vec<u64> = stats.split(' ').map(|x| x.parse().unwrap()).collect();
                ops += f[0];
                conflicts += f[1];
                locked += f[2];
                p50s.push(f[3]);
                p99s.push(f[4]);
            }
            acks.push(a);
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    assert_eq!(locked, 0, "no process may see 'database is locked'");
    agent::verify(&db, &acks);
    common::tend_at(&db)
        .args(["db", "check"])
        .assert()
        .success();
    p50s.sort();
    p99s.sort();
    eprintln!(
        "load: {agents} agents x {secs} s: {ops} writes acknowledged and verified, {:.0} writes/s, \
         {conflicts} optimistic conflicts retried, 0 locked; write latency p50 {} us (median agent), \
         p99 {} us (worst agent)",
        ops as f64 / elapsed,
        p50s[p50s.len() / 2],
        p99s.last().copied().unwrap_or(0)
    );
}
