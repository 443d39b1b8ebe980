//! Writers killed with SIGKILL in the middle of their work, over and over: afterwards the file
//! is intact, every acknowledged write is there and whole, and nothing is half-written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::agent::{self, Spec};
use std::time::Duration;

/// Not a test: the agent process the other tests start.
#[test]
#[ignore = "worker process for the fault tests"]
fn agent_process() {
    if let Ok(spec) = std::env::var("TEND_AGENT") {
        agent::run(&Spec::decode(&spec));
    }
}

fn kills() -> usize {
    std::env::var("TEND_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

#[test]
fn sigkill_during_writes_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    {
        let mut s = agent::open(&db, "setup");
        for i in 1..=agent::HOT {
            s.create_ticket(tend::domain::ticket::NewTicket::new(format!("hot {i}")))
                .unwrap();
        }
    }
    let mut acks = Vec::new();
    let mut killed_mid_run = 0;
    for round in 0..kills() {
        let spec = Spec {
            db: db.display().to_string(),
            name: format!("k{round}"),
            millis: 0,
            seed: round as u64 * 7919 + 1,
        };
        let mut child = agent::spawn("agent_process", &spec);
        // Kill at a different moment each round: one round in four during start-up, the others
        // mid-run, a while after the writer acknowledged its first write (waiting for that
        // line, not for a fixed time, keeps this true on a loaded machine).
        let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut seen = String::new();
        if round % 4 != 0 {
            let mut line = String::new();
            while std::io::BufRead::read_line(&mut stdout, &mut line).unwrap() > 0 {
                let first_ack = line.starts_with("ACK ");
                seen.push_str(&line);
                line.clear();
                if first_ack {
                    break;
                }
            }
        }
        std::thread::sleep(Duration::from_millis(2 + (round as u64 * 37) % 45));
        child.kill().unwrap();
        std::io::Read::read_to_string(&mut stdout, &mut seen).unwrap();
        child.wait().unwrap();
        let got = agent::acks(seen.as_bytes());
        if !got.is_empty() {
            killed_mid_run += 1;
        }
        acks.extend(got);
    }
    assert!(
        killed_mid_run > kills() / 2,
        "most kills should land after some writes ({killed_mid_run})"
    );
    assert!(acks.len() > kills(), "{} acknowledged writes", acks.len());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    drop(conn);
    agent::verify(&db, &acks);
    common::tend_at(&db)
        .args(["db", "check"])
        .assert()
        .success();
    eprintln!(
        "{} kills, {} acknowledged writes verified",
        kills(),
        acks.len()
    );
}
