//! The TUI on a big desk, in process (no terminal): `cargo bench --bench tui -- [TICKETS]`
//! (default 1,000,000). Builds the desk once in target/tmp (the same file as the store
//! bench's `list`), then times opening it to the first page, and each step of scrolling,
//! jumping, filtering and refreshing, with the store work a step triggers included (in the
//! real app that work runs on the store thread while input continues).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tend::domain::ticket::{Level, NewTicket};
use tend::runtime::harness::Harness;
use tend::store::{Actor, OpenOptions, Store};

fn open(path: &Path, who: &str) -> Store {
    Store::open(OpenOptions {
        path: path.to_path_buf(),
        create: true,
        actor: Actor::current(Some(who)),
    })
    .unwrap()
    .0
}

/// The same desk as `benches/store.rs list`.
fn build(path: &Path, tickets: usize) {
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
            t.description = format!("User reports {} trouble; ticket {i}.", words[(i / 10) % 10]);
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
    std::fs::rename(&tmp, path).unwrap();
    println!(
        "built {tickets} tickets in {:.1} s",
        start.elapsed().as_secs_f64()
    );
}

fn stats(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let n = times.len();
    println!(
        "{name:<44} n={n:<5} median {:>7.3} ms  p99 {:>7.3} ms  max {:>7.3} ms",
        ms(times[n / 2]),
        ms(times[(n * 99 / 100).min(n - 1)]),
        ms(times[n - 1])
    );
}

fn each(h: &mut Harness, keys: &str, times: usize) -> Vec<Duration> {
    (0..times)
        .map(|_| {
            let t = Instant::now();
            h.press(keys);
            t.elapsed()
        })
        .collect()
}

fn main() {
    let tickets: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-{tickets}.db"));
    if !path.exists() {
        build(&path, tickets);
    }
    // Opening: the store, the first page of "My open" and its count.
    let mut opens = Vec::new();
    let mut h = None;
    for _ in 0..5 {
        let t = Instant::now();
        let store = open(&path, "agent3");
        let harness = Harness::new(store, (120, 40)).unwrap();
        let _ = harness.screen();
        opens.push(t.elapsed());
        h = Some(harness);
    }
    stats("open + first page + count + first render", opens);
    let mut h = h.unwrap();
    println!(
        "view: {:?}, {} rows loaded, total {:?}",
        h.model.queue.query,
        h.model.queue.rows.len(),
        h.model.queue.total
    );
    stats(
        "render one frame (120x40)",
        (0..200)
            .map(|_| {
                let t = Instant::now();
                let _ = h.screen();
                t.elapsed()
            })
            .collect(),
    );
    stats("j (one row down, detail follows)", each(&mut h, "j", 3000));
    stats("C-d (one page down)", each(&mut h, "<C-d>", 500));
    stats("G (to the end of the list)", each(&mut h, "G g", 5));
    h.press("G");
    stats("C-u from the end (one page up)", each(&mut h, "<C-u>", 500));
    stats("k from there", each(&mut h, "k", 2000));
    stats(
        "R (refresh around the cursor, with count)",
        each(&mut h, "R", 20),
    );
    // All open: every ticket of the desk is open.
    h.press("] ] ]");
    println!(
        "view: {:?}, total {:?}",
        h.model.queue.query, h.model.queue.total
    );
    stats("j in All open", each(&mut h, "j", 2000));
    stats("G / g in All open", each(&mut h, "G g", 5));
    h.press("/ <C-u>");
    let typed: Vec<Duration> = "status:active prio:1 printer"
        .chars()
        .map(|c| {
            let t = Instant::now();
            h.type_text(&c.to_string());
            t.elapsed()
        })
        .collect();
    stats("typing a query (each key re-queries + counts)", typed);
    println!("after typing: total {:?}", h.model.queue.total);
}
