//! tend at a million tickets, every number issue 6 asks for, in one table:
//! `cargo bench --bench million -- [TICKETS] [search]` (default 1,000,000; `search`: only the
//! full-text search rows).
//!
//! Builds a realistic desk once in target/tmp with the `tend demo generate` generator (plus one
//! ticket with 200 entries) and a 1,000-ticket one beside it. Then:
//! - the real binary in a pseudo-terminal (`script` from util-linux) at 120x40: process start
//!   to the first frame with the queue's rows, CPU while idle with the SLA pane showing, and
//!   resident memory, at 1k and at N tickets;
//! - the app in process, drawing through the app's own terminal backend after every key as the
//!   runtime does: scroll and page steps, a filter change, view switches, and the bytes
//!   written per scroll step (counts, ranked searches and SLA timers run on the slow lane in the
//!   app, so they are timed on their own);
//! - the store: full-text search (newest first and ranked), a 200-entry ticket, the SLA timers;
//! - `tend ticket list --limit 50 --json` as a process beside `sqlite3 -json` running the same
//!   SELECT (the floor), when sqlite3 is installed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tend::app::Job;
use tend::app::msg::{DetailJob, SlaJob};
use tend::domain::conversation::EntryKind;
use tend::domain::filter::{Sort, TicketFilter};
use tend::runtime::harness::Harness;
use tend::store::{Actor, OpenOptions, Store};

#[path = "million/pty.rs"]
mod pty;
use pty::{process, pty_overhead};

fn open(path: &Path, who: &str) -> Store {
    Store::open(OpenOptions {
        path: path.to_path_buf(),
        create: true,
        actor: Actor::current(Some(who)),
    })
    .unwrap()
    .0
}

/// A generated desk of `tickets` (built once; the time it took when built now).
fn desk(tickets: usize) -> (PathBuf, Option<Duration>) {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("desk-{tickets}.db"));
    if path.exists() {
        return (path, None);
    }
    let tmp = path.with_extension("partial");
    let _ = std::fs::remove_file(&tmp);
    let mut s = open(&tmp, "bench");
    let start = Instant::now();
    tend::demo::generate(
        &mut s,
        tickets as u64,
        100,
        1,
        chrono::Utc::now(),
        &mut |_| {},
    )
    .unwrap();
    let took = start.elapsed();
    // The newest ticket gets a long conversation.
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
            s.add_entry(id, kind, &format!("entry {i}: checked the logs again"))?;
        }
        Ok(())
    })
    .unwrap();
    drop(s);
    std::fs::rename(&tmp, &path).unwrap();
    eprintln!("built {tickets} tickets in {:.1} s", took.as_secs_f64());
    (path, Some(took))
}

// ---------------------------------------------------------------------------------------------
// The table.

struct Table(Vec<[String; 4]>);

impl Table {
    /// A measurement, its result, the target, and whether it is met (`None`: no target).
    fn row(&mut self, what: &str, result: String, target: &str, met: Option<bool>) {
        let verdict = match met {
            Some(true) => "met",
            Some(false) => "MISSED",
            None => "",
        };
        self.0
            .push([what.into(), result, target.into(), verdict.into()]);
    }

    fn print(&self) {
        let w: Vec<usize> = (0..4)
            .map(|i| {
                self.0
                    .iter()
                    .map(|r| r[i].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |r: &[String; 4]| {
            println!(
                "| {:<a$} | {:<b$} | {:<c$} | {:<d$} |",
                r[0],
                r[1],
                r[2],
                r[3],
                a = w[0],
                b = w[1],
                c = w[2],
                d = w[3]
            )
        };
        line(&[
            "measurement".into(),
            "result".into(),
            "target".into(),
            "".into(),
        ]);
        println!(
            "|{}|{}|{}|{}|",
            "-".repeat(w[0] + 2),
            "-".repeat(w[1] + 2),
            "-".repeat(w[2] + 2),
            "-".repeat(w[3] + 2)
        );
        for r in &self.0 {
            line(r);
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Median, p95 and p99 of `times`.
fn pct(mut times: Vec<Duration>) -> (Duration, Duration, Duration) {
    times.sort();
    let n = times.len();
    let at = |p: usize| times[(n * p / 100).min(n - 1)];
    (times[n / 2], at(95), at(99))
}

fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed())
}

// ---------------------------------------------------------------------------------------------
// The app in process.

/// Counts the bytes the terminal backend writes.
struct Counter(Arc<AtomicUsize>);
impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.fetch_add(buf.len(), Ordering::Relaxed);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The app with the terminal backend the real one uses, counting bytes.
struct App {
    h: Harness,
    term: ratatui::Terminal<tend::term::backend::LeanBackend<Counter>>,
    bytes: Arc<AtomicUsize>,
    theme: tend::ui::theme::Theme,
}

impl App {
    fn new(db: &Path) -> App {
        let mut h = Harness::new(open(db, "alice"), (120, 40)).unwrap();
        h.defer_slow = true;
        h.settle();
        let bytes = Arc::new(AtomicUsize::new(0));
        let backend = tend::term::backend::LeanBackend::on_blank_screen(Counter(bytes.clone()));
        let term = ratatui::Terminal::with_options(
            backend,
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 120, 40)),
            },
        )
        .unwrap();
        let mut app = App {
            h,
            term,
            bytes,
            theme: tend::ui::theme::Theme::new(true),
        };
        app.draw();
        app
    }

    fn draw(&mut self) {
        let (h, theme) = (&self.h, &self.theme);
        self.term
            .draw(|f| tend::ui::draw(f, &h.model, theme))
            .unwrap();
    }

    /// One key as the runtime handles it: update, the main lane's jobs, one frame drawn.
    /// Returns the time and the bytes written. Slow-lane jobs wait for `settle`.
    fn step(&mut self, keys: &str) -> (Duration, usize) {
        let before = self.bytes.load(Ordering::Relaxed);
        let (_, took) = time(|| {
            self.h.press(keys);
            self.draw();
        });
        (took, self.bytes.load(Ordering::Relaxed) - before)
    }

    fn typed(&mut self, text: &str) -> Duration {
        let (_, took) = time(|| {
            self.h.type_text(text);
            self.draw();
        });
        took
    }

    /// Switches views until saved view `i` shows (untimed).
    fn goto_view(&mut self, i: usize) {
        for _ in 0..10 {
            if self.h.model.queue.view == Some(i) {
                break;
            }
            self.step("]");
        }
        self.settle();
    }

    /// Runs what the slow lane would (counts, SLA timers), timed.
    fn settle(&mut self) -> Duration {
        let (_, took) = time(|| self.h.settle());
        self.draw();
        took
    }
}

// ---------------------------------------------------------------------------------------------

/// Full-text search in the store, top 50, newest first and ranked: a rare word, a common one
/// and a prefix.
fn search_rows(t: &mut Table, store: &Store) {
    for (what, text) in [
        ("a rare word (a host name)", "ber-fs007"),
        ("a common word (in most tickets)", "please"),
        ("a prefix", "prin*"),
    ] {
        let f = TicketFilter {
            text: Some(text.into()),
            ..TicketFilter::default()
        };
        let times = (0..50)
            .map(|_| time(|| store.list_tickets(&f, Sort::Newest, None, 50).unwrap()).1)
            .collect();
        let (m, p95, _) = pct(times);
        t.row(
            &format!("search `{text}` newest first, top 50: {what}"),
            format!("median {:.2} ms, p95 {:.2} ms", ms(m), ms(p95)),
            "<= 15 ms p95",
            Some(ms(p95) <= 15.0),
        );
        let times = (0..5)
            .map(|_| time(|| store.list_tickets(&f, Sort::Relevance, None, 50).unwrap()).1)
            .collect();
        let (m, _, _) = pct(times);
        t.row(
            "  ranked (sort:relevance), top 50",
            format!("median {:.0} ms", ms(m)),
            "slower allowed; never blocks typing",
            None,
        );
    }
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let (big, built) = desk(n);
    let mut t = Table(Vec::new());
    // `-- search`: the full-text search rows alone (seconds, not minutes).
    if std::env::args().skip(1).any(|a| a == "search") {
        search_rows(&mut t, &open(&big, "alice"));
        println!();
        t.print();
        return;
    }
    let (small, _) = desk(1000);
    let label = |what: &str| format!("{what} ({n} tickets)");

    match built {
        Some(d) => t.row(
            &label("generate the desk (tend demo generate)"),
            format!("{:.1} s", d.as_secs_f64()),
            "well under 120 s",
            Some(d.as_secs_f64() < 100.0),
        ),
        None => t.row(
            "generate the desk",
            format!(
                "not timed: {} existed (delete it to time the generator)",
                big.display()
            ),
            "well under 120 s",
            None,
        ),
    }

    // The real binary.
    let overhead = pty_overhead();
    let idle = Duration::from_secs(10);
    let p_small = process(&small, 5, idle);
    let p_big = process(&big, 10, idle);
    let (ff, ff95, _) = pct(p_big.first_frame.clone());
    t.row(
        &label("process start to first frame with rows, 120x40"),
        format!(
            "median {:.0} ms, p95 {:.0} ms (of which script+stty {:.0} ms)",
            ms(ff),
            ms(ff95),
            ms(overhead)
        ),
        "<= 150 ms",
        Some(ms(ff) <= 150.0),
    );
    t.row(
        "the same at 1,000 tickets",
        format!("median {:.0} ms", ms(pct(p_small.first_frame.clone()).0)),
        "",
        None,
    );
    t.row(
        &label("CPU while idle, SLA pane visible (10 s)"),
        format!("{:.2} % of a core", p_big.idle_cpu_percent),
        "<= 1 %",
        Some(p_big.idle_cpu_percent <= 1.0),
    );
    t.row(
        "resident memory at 1k / at N (VmRSS; peak VmHWM)",
        format!(
            "{:.1} MiB / {:.1} MiB (peak {:.1} / {:.1}); x{:.2}",
            p_small.rss,
            p_big.rss,
            p_small.peak,
            p_big.peak,
            p_big.rss / p_small.rss
        ),
        "<= 50 MB and <= 1.3x 1k",
        Some(p_big.rss * 1.048_576 <= 50.0 && p_big.rss <= 1.3 * p_small.rss),
    );

    // The app in process, on the big desk, in All open (the longest list of open tickets).
    let mut app = App::new(&big);
    app.goto_view(3);
    let mut scroll = Vec::new();
    let mut bytes = Vec::new();
    for _ in 0..2000 {
        let before = app.h.model.queue.current().map(|r| r.id);
        let (d, b) = app.step("j");
        assert_ne!(before, app.h.model.queue.current().map(|r| r.id), "j moved");
        scroll.push(d);
        bytes.push(b);
    }
    let (m, _, p99) = pct(scroll);
    t.row(
        &label("scroll step j: key, query, frame, bytes flushed"),
        format!("median {:.2} ms, p99 {:.2} ms", ms(m), ms(p99)),
        "<= 5 ms p99",
        Some(ms(p99) <= 5.0),
    );
    bytes.sort();
    let b_med = bytes[bytes.len() / 2];
    t.row(
        "bytes written per scroll step, 120x40",
        format!("median {b_med} B, p99 {} B", bytes[bytes.len() * 99 / 100]),
        "<= 4 KB",
        Some(b_med <= 4096),
    );
    let pages: Vec<Duration> = (0..500).map(|_| app.step("<C-d>").0).collect();
    let (m, _, p99) = pct(pages);
    t.row(
        &label("page step Ctrl-d"),
        format!("median {:.2} ms, p99 {:.2} ms", ms(m), ms(p99)),
        "<= 10 ms p99",
        Some(ms(p99) <= 10.0),
    );
    app.step("G");
    let ups: Vec<Duration> = (0..500).map(|_| app.step("<C-u>").0).collect();
    let (m, _, p99) = pct(ups);
    t.row(
        "page step Ctrl-u from the end of the list",
        format!("median {:.2} ms, p99 {:.2} ms", ms(m), ms(p99)),
        "<= 10 ms p99",
        Some(ms(p99) <= 10.0),
    );

    // A filter change: the key that completes `status:open prio:<=2`.
    app.step("/ <C-u>");
    app.h.type_text("status:open prio:<=");
    let mut change = Vec::new();
    let mut counts = Vec::new();
    for _ in 0..40 {
        change.push(app.typed("2"));
        counts.push(app.settle());
        app.step("<BS>");
        app.settle();
    }
    app.step("<Esc>");
    let (m, p95, _) = pct(change);
    t.row(
        &label("filter change to `status:open prio:<=2`"),
        format!("median {:.2} ms, p95 {:.2} ms", ms(m), ms(p95)),
        "<= 30 ms p95",
        Some(ms(p95) <= 30.0),
    );
    let (m, p95, _) = pct(counts);
    t.row(
        "  its count, on the slow lane (after the rows)",
        format!("median {:.1} ms, p95 {:.1} ms", ms(m), ms(p95)),
        "",
        None,
    );

    // View switches, each from the view before it: Breaching soon, Recently resolved.
    for (name, view) in [("Breaching soon", 2), ("Recently resolved", 4)] {
        let mut times = Vec::new();
        let mut counts = Vec::new();
        for _ in 0..20 {
            app.goto_view(view - 1);
            times.push(app.step("]").0);
            assert_eq!(app.h.model.queue.view, Some(view));
            counts.push(app.settle());
        }
        let (m, p95, _) = pct(times);
        t.row(
            &label(&format!("switch to the {name} view")),
            format!("median {:.2} ms, p95 {:.2} ms", ms(m), ms(p95)),
            "<= 30 ms p95",
            Some(ms(p95) <= 30.0),
        );
        let (m, _, _) = pct(counts);
        t.row(
            "  its count, on the slow lane (after the rows)",
            format!("median {:.1} ms", ms(m)),
            "",
            None,
        );
    }

    // Typing a search in the query line: every key re-queries (counts on the slow lane).
    app.step("/ <C-u>");
    let typing: Vec<Duration> = "status:active prio:1 printer"
        .chars()
        .map(|c| app.typed(&c.to_string()))
        .collect();
    app.settle();
    app.step("<Esc>");
    let (m, _, p99) = pct(typing);
    t.row(
        "typing `status:active prio:1 printer`, per key",
        format!("median {:.2} ms, p99 {:.2} ms", ms(m), ms(p99)),
        "",
        None,
    );

    // The store: full-text search, top 50.
    let store = open(&big, "alice");
    search_rows(&mut t, &store);
    let newest = store
        .list_tickets(&TicketFilter::default(), Sort::Newest, None, 1)
        .unwrap()
        .tickets[0]
        .id;
    let times = (0..50)
        .map(|_| {
            time(|| {
                let d = app.h.worker.run(Job::Detail(DetailJob::Load(newest)));
                assert!(!d.is_empty());
            })
            .1
        })
        .collect();
    let (m, p95, _) = pct(times);
    t.row(
        "open a ticket with 200 entries (detail, links, history, SLA)",
        format!("median {:.2} ms, p95 {:.2} ms", ms(m), ms(p95)),
        "<= 20 ms",
        Some(ms(m) <= 20.0),
    );
    let times = (0..10)
        .map(|_| time(|| app.h.worker.run(Job::Sla(SlaJob::Timers))).1)
        .collect();
    let (m, p95, _) = pct(times);
    t.row(
        &label("SLA timers pane refresh (200 most urgent)"),
        format!("median {:.0} ms, p95 {:.0} ms (slow lane)", ms(m), ms(p95)),
        "",
        None,
    );

    // The CLI as a process, beside sqlite3.
    let bin = env!("CARGO_BIN_EXE_tend");
    let runs = |cmd: &mut dyn FnMut() -> Command| -> Duration {
        let times = (0..30)
            .map(|_| {
                let mut c = cmd();
                let (out, took) = time(|| c.output().unwrap());
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                took
            })
            .collect();
        pct(times).0
    };
    let ours = runs(&mut || {
        let mut c = Command::new(bin);
        c.args([
            "--db",
            big.to_str().unwrap(),
            "ticket",
            "list",
            "--limit",
            "50",
            "--json",
        ]);
        c
    });
    let has_sqlite3 = Command::new("sqlite3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if has_sqlite3 {
        // The columns tend reads (the optional text fields from their table), so the floor
        // stays like for like when a field is added.
        let sql = format!(
            "SELECT t.id, t.kind, t.status, t.pending_reason, t.title, t.description, t.impact, \
            t.urgency, t.priority, t.priority_override, {}, t.opened_at, t.updated_at, \
            t.resolved_at, t.closed_at, t.version, \
            t.sla_due_at, t.response_state, t.resolution_state, \
            (SELECT group_concat(tag, ' ') FROM ticket_tags WHERE ticket_id = t.id) AS tags \
            FROM tickets t WHERE t.is_open = 1 ORDER BY t.id DESC LIMIT 51",
            tend::domain::ticket::fields::columns("t.")
        );
        let floor = runs(&mut || {
            let mut c = Command::new("sqlite3");
            c.args(["-json", "-readonly", big.to_str().unwrap(), &sql]);
            c
        });
        let ratio = ours.as_secs_f64() / floor.as_secs_f64();
        t.row(
            &label("`tend ticket list --limit 50 --json`, whole process"),
            format!(
                "median {:.1} ms; sqlite3 -json same SELECT {:.1} ms; x{ratio:.2}",
                ms(ours),
                ms(floor)
            ),
            "<= 1.5x sqlite3",
            Some(ratio <= 1.5),
        );
    } else {
        t.row(
            &label("`tend ticket list --limit 50 --json`, whole process"),
            format!("median {:.1} ms; sqlite3 not installed, no floor", ms(ours)),
            "<= 1.5x sqlite3",
            None,
        );
    }

    println!();
    t.print();
}
