//! A worker process that acts like a busy agent: it writes through the store and prints one
//! `ACK ...` line after each write has committed, so the parent knows exactly which writes
//! were acknowledged. Run by re-executing the test binary with `TEND_AGENT` set.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};
use tend::domain::conversation::EntryKind;
use tend::domain::ticket::{NewTicket, Status, TicketPatch};
use tend::store::{Actor, OpenOptions, Store, StoreError};

/// Hot tickets every agent edits (created by the parent as ids 1..=HOT).
pub const HOT: i64 = 5;

pub struct Spec {
    pub db: String,
    pub name: String,
    /// Stop after this long (0: run until killed).
    pub millis: u64,
    pub seed: u64,
}

impl Spec {
    pub fn encode(&self) -> String {
        format!("{}|{}|{}|{}", self.db, self.name, self.millis, self.seed)
    }
    pub fn decode(s: &str) -> Spec {
        let p: Vec<&str> = s.split('|').collect();
        Spec {
            db: p[0].into(),
            name: p[1].into(),
            millis: p[2].parse().unwrap(),
            seed: p[3].parse().unwrap(),
        }
    }
}

/// Spawns the current test binary as an agent running `test_name`.
pub fn spawn(test_name: &str, spec: &Spec) -> std::process::Child {
    std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            test_name,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
            "-q",
        ])
        .env("TEND_AGENT", spec.encode())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

pub fn open(db: &Path, name: &str) -> Store {
    Store::open(OpenOptions {
        path: db.to_path_buf(),
        create: true,
        actor: Actor::current(Some(name)),
    })
    .unwrap()
    .0
}

fn ack(line: String) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "ACK {line}").unwrap();
    out.flush().unwrap();
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// The agent's loop. Every write is acknowledged with a line the parent can check:
/// `T id title` (new ticket), `E ticket entry body` (reply or note), `A ticket version`
/// (assignee change), `S ticket status`, `H ticket version` (edit of a hot ticket),
/// and at the end `STATS ops conflicts locked p50_us p99_us`.
pub fn run(spec: &Spec) {
    let mut store = open(Path::new(&spec.db), &spec.name);
    let mut rng = Rng(spec.seed);
    let start = Instant::now();
    let mut mine: Vec<i64> = Vec::new();
    let (mut conflicts, mut locked, mut n) = (0u64, 0u64, 0u64);
    let mut lat: Vec<Duration> = Vec::new();
    while spec.millis == 0 || start.elapsed() < Duration::from_millis(spec.millis) {
        n += 1;
        let roll = rng.next() % 100;
        let t0 = Instant::now();
        let result: Result<Option<String>, StoreError> = (|| {
            Ok(Some(match roll {
                0..=29 => {
                    let title = format!("{} ticket {n}", spec.name);
                    let t = store.create_ticket(NewTicket::new(title.clone()))?;
                    mine.push(t.id);
                    format!("T {} {title}", t.id)
                }
                30..=64 => {
                    let Some(&id) = mine.last() else {
                        return Ok(None);
                    };
                    let body = format!("{} says {n}", spec.name);
                    let kind = if roll < 50 {
                        EntryKind::Reply
                    } else {
                        EntryKind::Note
                    };
                    let e = store.add_entry(id, kind, &body)?;
                    format!("E {id} {} {body}", e.id)
                }
                65..=79 => {
                    let Some(&id) = mine.get(rng.next() as usize % mine.len().max(1)) else {
                        return Ok(None);
                    };
                    let patch = TicketPatch {
                        assignee: Some(Some(format!("{}-{n}", spec.name))),
                        ..Default::default()
                    };
                    let out = store.update_ticket(id, &patch, None)?;
                    format!("A {id} {}", out.ticket.version)
                }
                80..=84 => {
                    let Some(&id) = mine.last() else {
                        return Ok(None);
                    };
                    let t = store.ticket(id)?;
                    let to = match t.status {
                        Status::New => Status::Open,
                        Status::Open => Status::Resolved,
                        Status::Resolved => Status::Open,
                        _ => return Ok(None),
                    };
                    store.update_ticket(
                        id,
                        &TicketPatch {
                            status: Some(to),
                            ..Default::default()
                        },
                        None,
                    )?;
                    format!("S {id} {to}")
                }
                _ => {
                    // Everyone edits the same few tickets, optimistically.
                    let id = 1 + (rng.next() as i64 % HOT);
                    loop {
                        let v = store.ticket(id)?.version;
                        let patch = TicketPatch {
                            title: Some(format!("hot {id} by {} at {n}", spec.name)),
                            ..Default::default()
                        };
                        match store.update_ticket(id, &patch, Some(v)) {
                            Ok(out) => break format!("H {id} {}", out.ticket.version),
                            Err(StoreError::Conflict { .. }) => conflicts += 1,
                            Err(e) => return Err(e),
                        }
                    }
                }
            }))
        })();
        match result {
            Ok(Some(line)) => {
                lat.push(t0.elapsed());
                ack(line);
            }
            Ok(None) => {}
            Err(e) if e.to_string().contains("locked") => locked += 1,
            Err(e) => panic!("agent {}: {e}", spec.name),
        }
    }
    lat.sort();
    let p = |q: f64| {
        lat.get(((lat.len().max(1) - 1) as f64 * q) as usize)
            .map(|d| d.as_micros())
            .unwrap_or(0)
    };
    ack(format!(
        "STATS {} {conflicts} {locked} {} {}",
        lat.len(),
        p(0.5),
        p(0.99)
    ));
}

/// The `ACK` lines of a finished (or killed) agent.
pub fn acks(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("ACK ").map(str::to_string))
        .collect()
}

/// Checks every acknowledged write is in the database, whole and exactly once.
pub fn verify(db: &Path, acks: &[String]) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let one = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> i64 {
        conn.query_row(sql, p, |r| r.get(0)).unwrap()
    };
    for a in acks {
        let f: Vec<&str> = a.splitn(4, ' ').collect();
        match f[0] {
            "T" => {
                let title = a.splitn(3, ' ').nth(2).unwrap();
                assert_eq!(
                    one("SELECT count(*) FROM tickets WHERE title = ?1", &[&title]),
                    1,
                    "{a}"
                );
                let id: i64 = f[1].parse().unwrap();
                assert_eq!(
                    one(
                        "SELECT count(*) FROM history WHERE ticket_id = ?1 AND field = 'status' AND old IS NULL",
                        &[&id]
                    ),
                    1,
                    "{a}"
                );
            }
            "E" => {
                let body = a.splitn(4, ' ').nth(3).unwrap();
                let id: i64 = f[2].parse().unwrap();
                assert_eq!(
                    one(
                        "SELECT count(*) FROM entries WHERE body = ?1 AND id = ?2",
                        &[&body, &id]
                    ),
                    1,
                    "{a}"
                );
            }
            "A" | "H" => {
                let (id, v): (i64, i64) = (f[1].parse().unwrap(), f[2].parse().unwrap());
                assert!(
                    one("SELECT version FROM tickets WHERE id = ?1", &[&id]) >= v,
                    "{a}"
                );
            }
            "S" => {}
            "STATS" => {}
            other => panic!("unknown ack {other}"),
        }
    }
    // Versions add up: each agent update changes one field, so each version step is one history row.
    let bad: i64 = one(
        "SELECT count(*) FROM tickets t WHERE t.version - 1 <>
           (SELECT count(*) FROM history h WHERE h.ticket_id = t.id
             AND h.field IN ('title', 'assignee', 'status') AND NOT (h.field = 'status' AND h.old IS NULL))",
        &[],
    );
    assert_eq!(bad, 0, "tickets whose version does not match their history");
}
