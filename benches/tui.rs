//! The TUI and the queries behind it on a big desk, in process:
//! `cargo bench --bench tui -- [TICKETS]` (default 1,000,000). Builds a realistic desk once in
//! target/tmp with the `tend demo generate` generator (plus one ticket with 200 entries), then
//! times opening it to the first page, each step of scrolling, jumping, filtering and
//! refreshing (the store work a step triggers included; in the real app it runs on the store
//! thread while input continues), full-text search, a 200-entry ticket, the SLA timers, and the
//! bytes a real terminal backend writes per scroll step.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tend::domain::conversation::EntryKind;
use tend::domain::filter::{Sort, TicketFilter};
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

/// A realistic desk from `tend demo generate` (kinds, statuses, ages, SLA clocks), plus one
/// ticket with 200 conversation entries.
fn build(path: &Path, tickets: usize) {
    let start = Instant::now();
    let tmp = path.with_extension("partial");
    let _ = std::fs::remove_file(&tmp);
    let mut s = open(&tmp, "bench");
    let now = chrono::Utc::now();
    tend::demo::generate(&mut s, tickets as u64, 100, 1, now, &mut |_| {}).unwrap();
    let id = s
        .list_tickets(&TicketFilter::default(), Sort::Newest, None, 1)
        .unwrap()
        .tickets[0]
        .id;
    s.batch(|s| {
        for i in 0..200 {
            let kind = if i % 3 == 0 {
                EntryKind::Note
            } else {
                EntryKind::Reply
            };
            s.add_entry(
                id,
                kind,
                &format!("entry {i}: checked the logs again, see attachment"),
            )?;
        }
        Ok(())
    })
    .unwrap();
    drop(s);
    std::fs::rename(&tmp, path).unwrap();
    println!(
        "built {tickets} tickets in {:.1} s (ticket #{id} has 200 entries)",
        start.elapsed().as_secs_f64()
    );
}

/// This process's resident memory, in MiB.
fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(str::to_string)
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// Counts the bytes a real crossterm backend writes.
struct Counter(std::sync::Arc<std::sync::atomic::AtomicUsize>);
impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .fetch_add(buf.len(), std::sync::atomic::Ordering::Relaxed);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
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
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("desk-{tickets}.db"));
    if !path.exists() {
        build(&path, tickets);
    }
    // Opening: the store, the first page of "My open" and its count.
    let mut opens = Vec::new();
    let mut h = None;
    for _ in 0..5 {
        let t = Instant::now();
        let store = open(&path, "alice");
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
    // All open.
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
    h.press("<Esc>");

    // The breaching-soon view, switched to from a fresh start.
    let switch: Vec<Duration> = (0..20)
        .map(|_| {
            h.press("g");
            let t = Instant::now();
            h.press("] ] ] ] ]"); // all the way round to the same view: five view loads
            t.elapsed() / 5
        })
        .collect();
    stats("switch saved view (each load + count)", switch);

    // Full-text search, newest first, top 50, as the queue asks for it.
    let store = open(&path, "alice");
    for (what, text) in [
        ("rare word (a host name)", "ber-fs007"),
        ("common word (in most tickets)", "please"),
        ("prefix", "prin*"),
    ] {
        let f = TicketFilter {
            text: Some(text.into()),
            ..TicketFilter::default()
        };
        let times = (0..50)
            .map(|_| {
                let t = Instant::now();
                let _ = store.list_tickets(&f, Sort::Newest, None, 50).unwrap();
                t.elapsed()
            })
            .collect();
        stats(&format!("search newest first, top 50: {what}"), times);
    }
    let newest = store
        .list_tickets(&TicketFilter::default(), Sort::Newest, None, 1)
        .unwrap()
        .tickets[0]
        .id;
    let times = (0..50)
        .map(|_| {
            let t = Instant::now();
            let d = store.ticket_detail(newest).unwrap();
            assert!(d.conversation.len() >= 200);
            t.elapsed()
        })
        .collect();
    stats("open a ticket with 200 entries (detail + SLA)", times);
    let times = (0..10)
        .map(|_| {
            let t = Instant::now();
            let _ = store.sla_queue(200).unwrap();
            t.elapsed()
        })
        .collect();
    stats("SLA timers refresh (200 most urgent open tickets)", times);

    // Bytes a real terminal gets per scroll step at 120x40 (diffed redraws).
    let written = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = || written.load(std::sync::atomic::Ordering::Relaxed);
    let backend = ratatui::backend::CrosstermBackend::new(Counter(written.clone()));
    let mut term = ratatui::Terminal::with_options(
        backend,
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 120, 40)),
        },
    )
    .unwrap();
    let theme = tend::ui::theme::Theme { color: true };
    h.press("g");
    term.draw(|f| tend::ui::draw(f, &h.model, &theme)).unwrap();
    let mut sizes = Vec::new();
    for _ in 0..200 {
        h.press("j");
        let before = count();
        term.draw(|f| tend::ui::draw(f, &h.model, &theme)).unwrap();
        sizes.push(count() - before);
    }
    sizes.sort();
    println!(
        "{:<44} median {} bytes, p99 {} bytes, max {} bytes",
        "bytes written per scroll step (120x40)",
        sizes[sizes.len() / 2],
        sizes[sizes.len() * 99 / 100],
        sizes[sizes.len() - 1]
    );
    println!(
        "{:<44} {:.1} MiB",
        "resident memory of this process now",
        rss_mib()
    );
}
