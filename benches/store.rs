//! Store measurements: `cargo bench --bench store` (all), or one of
//! `cargo bench --bench store -- contention [PROCESSES] [UPDATES]` and
//! `cargo bench --bench store -- list [TICKETS]`.
//!
//! contention: PROCESSES separate processes each make UPDATES optimistic updates (read the
//! ticket, save with its version) to a small set of hot tickets on one file. Reports time,
//! conflicts (someone else saved first; the worker re-reads and retries) and "database is locked"
//! errors, then checks every update landed exactly once.
//!
//! list: builds a TICKETS-ticket database once (kept in target/), then times the whole process
//! `tend ticket list --limit 50` and `--json`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use tend::domain::ticket::{Level, NewTicket, TicketPatch};
use tend::store::{Actor, OpenOptions, Store, StoreError};

const HOT_TICKETS: i64 = 20;

fn open(path: &Path, who: &str) -> Store {
    Store::open(OpenOptions {
        path: path.to_path_buf(),
        create: true,
        actor: Actor::current(Some(who)),
    })
    .unwrap()
    .0
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if let Ok(spec) = std::env::var("TEND_BENCH_WORKER") {
        return worker(&spec);
    }
    let num =
        |i: usize, default: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    match args.first().map(String::as_str) {
        Some("contention") => contention(num(1, 4), num(2, 1000)),
        Some("list") => list(num(1, 100_000)),
        _ => {
            contention(4, 1000);
            list(100_000);
        }
    }
}

/// One worker process: `PATH|AGENT|UPDATES`.
fn worker(spec: &str) {
    let parts: Vec<&str> = spec.split('|').collect();
    let (path, agent, updates): (&str, &str, u64) = (parts[0], parts[1], parts[2].parse().unwrap());
    let mut store = open(Path::new(path), agent);
    let (mut conflicts, mut locked, mut latencies) =
        (0u64, 0u64, Vec::with_capacity(updates as usize));
    let mut seed = agent
        .bytes()
        .fold(7u64, |a, b| a.wrapping_mul(31).wrapping_add(u64::from(b)));
    for i in 0..updates {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let id = 1 + (seed >> 33) as i64 % HOT_TICKETS;
        loop {
            let t = store.ticket(id).unwrap();
            let patch = TicketPatch {
                title: Some(format!("{agent} edit {i}")),
                ..Default::default()
            };
            let start = Instant::now();
            match store.update_ticket(id, &patch, Some(t.version)) {
                Ok(_) => {
                    latencies.push(start.elapsed());
                    break;
                }
                Err(StoreError::Conflict { .. }) => conflicts += 1,
                Err(e) if e.to_string().contains("locked") => {
                    locked += 1;
                    break;
                }
                Err(e) => panic!("{e}"),
            }
        }
    }
    latencies.sort();
    let p = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q) as usize].as_micros();
    println!(
        "{conflicts} {locked} {} {} {}",
        p(0.5),
        p(0.99),
        latencies.len()
    );
}

fn contention(processes: usize, updates: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contention.db");
    {
        let mut s = open(&path, "setup");
        s.batch(|s| {
            for i in 0..HOT_TICKETS {
                s.create_ticket(NewTicket::new(format!("hot {i}")))?;
            }
            Ok(())
        })
        .unwrap();
    }
    let exe = std::env::current_exe().unwrap();
    let start = Instant::now();
    let children: Vec<_> = (0..processes)
        .map(|p| {
            Command::new(&exe)
                .env(
                    "TEND_BENCH_WORKER",
                    format!("{}|agent{p}|{updates}", path.display()),
                )
                .output_async()
        })
        .collect();
    let outs: Vec<String> = children.into_iter().map(|c| c.join().unwrap()).collect();
    let elapsed = start.elapsed();
    let (mut conflicts, mut locked, mut saved) = (0u64, 0u64, 0u64);
    let mut p50s = Vec::new();
    let mut p99s = Vec::new();
    for o in &outs {
        let f: Vec<u64> = o.split_whitespace().map(|x| x.parse().unwrap()).collect();
        conflicts += f[0];
        locked += f[1];
        p50s.push(f[2]);
        p99s.push(f[3]);
        saved += f[4];
    }
    let s = open(&path, "check");
    let versions: i64 = (1..=HOT_TICKETS)
        .map(|id| s.ticket(id).unwrap().version - 1)
        .sum();
    let history: usize = (1..=HOT_TICKETS)
        .map(|id| {
            s.history(id)
                .unwrap()
                .iter()
                .filter(|h| h.field == "title")
                .count()
        })
        .sum();
    println!(
        "contention: {processes} processes x {updates} optimistic updates on {HOT_TICKETS} hot tickets (synchronous=FULL)"
    );
    println!(
        "  wall time          {:.2} s ({:.0} saved updates/s)",
        elapsed.as_secs_f64(),
        saved as f64 / elapsed.as_secs_f64()
    );
    println!("  saved              {saved} of {}", processes * updates);
    println!("  conflicts retried  {conflicts}");
    println!("  database locked    {locked}");
    println!(
        "  write latency      p50 {:?} us, p99 {:?} us (per process)",
        p50s, p99s
    );
    println!(
        "  version increments {versions}, title history rows {history} (must both equal saved)"
    );
    assert_eq!(locked, 0);
    assert_eq!(versions as u64, saved);
    assert_eq!(history as u64, saved);
}

/// Spawns a command and collects stdout on a thread, so all workers run at once.
trait OutputAsync {
    fn output_async(&mut self) -> std::thread::JoinHandle<String>;
}

impl OutputAsync for Command {
    fn output_async(&mut self) -> std::thread::JoinHandle<String> {
        let child = self.stdout(std::process::Stdio::piped()).spawn().unwrap();
        std::thread::spawn(move || {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success());
            String::from_utf8(out.stdout).unwrap()
        })
    }
}

fn list(tickets: usize) {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-{tickets}.db"));
    if !path.exists() {
        let start = Instant::now();
        let tmp = path.with_extension("partial");
        let _ = std::fs::remove_file(&tmp);
        let mut s = open(&tmp, "bench");
        let levels = [Level::High, Level::Medium, Level::Low];
        let words = [
            "vpn",
            "printer",
            "laptop",
            "email",
            "erp",
            "wifi",
            "password",
            "backup",
            "disk",
            "certificate",
        ];
        s.batch(|s| {
            for i in 0..tickets {
                let mut t = NewTicket::new(format!(
                    "{} issue number {i} on host srv{:04}",
                    words[i % 10],
                    i % 997
                ));
                t.description =
                    format!("User reports {} trouble; ticket {i}.", words[(i / 10) % 10]);
                t.impact = levels[i % 3];
                t.urgency = levels[(i / 3) % 3];
                t.assignee = Some(format!("agent{}", i % 8));
                t.group = Some(["network", "desk", "apps"][i % 3].into());
                s.create_ticket(t)?;
            }
            Ok(())
        })
        .unwrap();
        drop(s);
        std::fs::rename(&tmp, &path).unwrap();
        println!(
            "list: built {tickets} tickets in {:.1} s",
            start.elapsed().as_secs_f64()
        );
    }
    let bin = env!("CARGO_BIN_EXE_tend");
    for args in [
        vec!["ticket", "list", "--limit", "50"],
        vec!["ticket", "list", "--limit", "50", "--json"],
        vec![
            "ticket",
            "list",
            "--limit",
            "50",
            "--priority",
            "1",
            "--assignee",
            "agent3",
        ],
        vec!["ticket", "list", "--limit", "50", "--search", "printer"],
    ] {
        let mut times: Vec<Duration> = (0..30)
            .map(|_| {
                let start = Instant::now();
                let out = Command::new(bin)
                    .args(&args)
                    .env("TEND_DB", &path)
                    .env("COLUMNS", "120")
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                start.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "list: {tickets} tickets, `tend {}`: median {:.1} ms, p95 {:.1} ms (whole process, 30 runs)",
            args.join(" "),
            times[15].as_secs_f64() * 1e3,
            times[28].as_secs_f64() * 1e3
        );
    }
}
