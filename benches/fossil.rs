//! tend beside fossil's ticket system on the same 2,000 tickets, one process per command:
//! `cargo bench --bench fossil -- [RUNS]` (default 200 timed runs and 30 memory runs per command).
//!
//! The data: `tend demo generate --tickets 2000 --seed 1` (a fixed `--now`, so the same tickets
//! every time), exported with `tend export`, and the same tickets added to a fossil repository
//! with one `fossil ticket add` per ticket: title, priority (1-5, as text), status, type (tend's
//! kind) and comment (the description, then each conversation entry after a blank line, as
//! fossil keeps a ticket's appended comments). Both are built once and kept in target/tmp.
//!
//! The commands (all matching rows, no limit, printed as a plain table):
//! - text search for `printer`: `tend ticket list --search printer --status all --limit 0`
//!   beside `fossil ticket show bench-search "title LIKE '%printer%' OR comment LIKE '%printer%'"`;
//! - priority filter: `tend ticket list --priority 1 --status all --limit 0` beside
//!   `fossil ticket show bench-list "priority = '1'"`.
//!
//! What differs (so read the numbers with it): tend's search is full-text (FTS5, whole words,
//! in titles, descriptions and each conversation entry, newest first); fossil's ticket CLI has no
//! full-text search, so the nearest honest command is a LIKE over title and comment (a scan of
//! every ticket; substrings, so `printers` matches too). Fossil prints the comment column of
//! the matches (its filter can only name columns the report selects); tend prints id, priority,
//! kind, status, SLA state, assignee, age and title, and works out each row's SLA state. tend
//! opens the file with its safety checks (regular file, planted -wal/-shm, network filesystem,
//! schema version) and in WAL mode with synchronous=FULL; fossil opens its repository and its
//! per-user config database. The two reports are added to the repository with `fossil sql`,
//! as a fossil user adds a report in the web UI.
//!
//! `TEND_BENCH_BIN=/path/to/tend` measures that build of tend instead (say, one saved from before
//! a change) on the same data, in a desk it generates itself (`desk-other.db`; delete it when
//! comparing a different build).
//!
//! Peak memory is the maximum resident set size (`ru_maxrss` from `wait4`, read through
//! `/usr/bin/time -f %M`). Wall time is measured around each spawned process, in interleaved
//! pairs (tend, fossil, tend, fossil ...) so the machine's load hits both alike.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TICKETS: usize = 2000;
const WORD: &str = "printer";

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let runs: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(200);
    if !works("fossil", &["version"]) {
        println!("fossil is not installed (apt-get install -y fossil): no comparison to make");
        return;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fossil-cmp");
    std::fs::create_dir_all(&dir).unwrap();
    // TEND_BENCH_BIN: measure another build of tend (an older one, to compare) on the same data,
    // in a desk of its own made by it (an older tend refuses a newer schema).
    let other = std::env::var("TEND_BENCH_BIN").ok();
    let bin = other
        .clone()
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_tend").into());
    let ours = desk(&dir, env!("CARGO_BIN_EXE_tend"), "desk");
    let repo = repository(&dir, &ours);
    let desk = match &other {
        Some(b) => desk(&dir, b, "desk-other"),
        None => ours,
    };

    let tend = |extra: &[&str]| -> Vec<String> {
        let mut a = vec![
            bin.clone(),
            "--db".into(),
            desk.display().to_string(),
            "ticket".into(),
            "list".into(),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        a.extend(["--status", "all", "--limit", "0"].map(String::from));
        a
    };
    let fossil = |report: &str, filter: &str| -> Vec<String> {
        [
            "fossil",
            "ticket",
            "show",
            "-R",
            repo.to_str().unwrap(),
            report,
            filter,
        ]
        .map(String::from)
        .to_vec()
    };
    let pairs = [
        (
            format!("text search `{WORD}`"),
            tend(&["--search", WORD]),
            fossil(
                "bench-search",
                &format!("title LIKE '%{WORD}%' OR comment LIKE '%{WORD}%'"),
            ),
        ),
        (
            "priority filter `1`".to_string(),
            tend(&["--priority", "1"]),
            fossil("bench-list", "priority = '1'"),
        ),
    ];

    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "{TICKETS} tickets; {runs} timed runs and {} memory runs per command, interleaved; \
         load average at the start: {}",
        runs.min(30),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    let has_time = Path::new("/usr/bin/time").exists();
    if !has_time {
        println!("/usr/bin/time is not installed: no peak memory");
    }
    let mut rows = Vec::new();
    for (what, ours, theirs) in &pairs {
        let (n_ours, n_theirs) = (lines(ours), lines(theirs));
        let (mut t_ours, mut t_theirs) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            t_ours.push(wall(ours));
            t_theirs.push(wall(theirs));
        }
        let (mut m_ours, mut m_theirs) = (Vec::new(), Vec::new());
        if has_time {
            for _ in 0..runs.min(30) {
                m_ours.push(peak_kib(ours));
                m_theirs.push(peak_kib(theirs));
            }
        }
        for (tool, n, times, mem) in [
            ("tend", n_ours, t_ours, m_ours),
            ("fossil", n_theirs, t_theirs, m_theirs),
        ] {
            let (med, p95) = pct(times);
            let peak = mem.iter().max().copied();
            rows.push([
                what.clone(),
                tool.to_string(),
                n.to_string(),
                format!("{:.1}", ms(med)),
                format!("{:.1}", ms(p95)),
                peak.map_or("-".into(), |k| format!("{:.1}", k as f64 / 1024.0)),
                mem.iter()
                    .min()
                    .map_or("-".into(), |k| format!("{:.1}", *k as f64 / 1024.0)),
            ]);
        }
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "load average at the end: {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!();
    print_table(
        [
            "command",
            "tool",
            "lines out",
            "median ms",
            "p95 ms",
            "peak RSS MiB (max)",
            "(min)",
        ],
        &rows,
    );
    println!();
    for (what, ours, theirs) in &pairs {
        println!("{what}:\n  {}\n  {}", shell(ours), shell(theirs));
    }
}

/// The tend desk: 2,000 generated tickets, built once.
fn desk(dir: &Path, bin: &str, name: &str) -> PathBuf {
    let path = dir.join(format!("{name}.db"));
    if path.exists() {
        return path;
    }
    let tmp = dir.join(format!("{name}.partial"));
    let _ = std::fs::remove_file(&tmp);
    let out = Command::new(bin)
        .args(["--db", tmp.to_str().unwrap(), "demo", "generate"])
        .args(["--tickets", &TICKETS.to_string(), "--articles", "0"])
        .args(["--seed", "1", "--now", "2026-12-01T00:00:00Z"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::rename(&tmp, &path).unwrap();
    path
}

/// The fossil repository with the desk's tickets, built once (one `fossil ticket add` each,
/// which takes a few minutes).
fn repository(dir: &Path, desk: &Path) -> PathBuf {
    let path = dir.join("tickets.fossil");
    if path.exists() {
        return path;
    }
    let tmp = dir.join("tickets.partial");
    let _ = std::fs::remove_file(&tmp);
    let repo = tmp.to_str().unwrap();
    run("fossil", &["init", "--admin-user", "bench", repo]);
    run("fossil", &["user", "default", "bench", "-R", repo]);
    // Two reports, as a fossil user defines them in the web UI: the list (the columns tend's
    // list shows that fossil's tickets have), and the same with the comment (searched).
    run(
        "fossil",
        &[
            "sql",
            "-R",
            repo,
            "INSERT INTO reportfmt(owner, title, mtime, cols, sqlcode) VALUES \
             ('bench', 'bench-list', now(), '', \
              'SELECT tkt_id AS ''#'', priority, type, status, title FROM ticket'), \
             ('bench', 'bench-search', now(), '', \
              'SELECT tkt_id AS ''#'', priority, type, status, title, comment FROM ticket');",
        ],
    );
    let export = Command::new(env!("CARGO_BIN_EXE_tend"))
        .args(["--db", desk.to_str().unwrap(), "export"])
        .output()
        .unwrap();
    assert!(export.status.success());
    let export: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let tickets = export["tickets"].as_array().unwrap();
    assert_eq!(tickets.len(), TICKETS);
    let started = Instant::now();
    eprintln!("adding {TICKETS} tickets to a fossil repository, once (a few minutes)");
    for t in tickets {
        let text = |k: &str| t[k].as_str().unwrap_or_default().to_string();
        let mut comment = text("description");
        for e in t["conversation"].as_array().unwrap() {
            comment.push_str("\n\n");
            comment.push_str(e["body"].as_str().unwrap_or_default());
        }
        run(
            "fossil",
            &[
                "ticket",
                "add",
                "-R",
                repo,
                "title",
                &text("title"),
                "priority",
                &t["priority"].to_string(),
                "status",
                &text("status"),
                "type",
                &text("kind"),
                "comment",
                &comment,
            ],
        );
    }
    eprintln!("  done in {:.0} s", started.elapsed().as_secs_f64());
    std::fs::rename(&tmp, &path).unwrap();
    path
}

fn works(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run(cmd: &str, args: &[&str]) {
    let out = Command::new(cmd)
        .args(args)
        .env("USER", "bench")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn command(argv: &[String]) -> Command {
    let mut c = Command::new(&argv[0]);
    c.args(&argv[1..]).env("USER", "bench");
    c
}

/// How many lines the command prints (and that it succeeds).
fn lines(argv: &[String]) -> usize {
    let out = command(argv).output().unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        shell(argv),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout.iter().filter(|&&b| b == b'\n').count()
}

/// Wall time of one run, its output read and thrown away.
fn wall(argv: &[String]) -> Duration {
    let mut c = command(argv);
    c.stdout(Stdio::null()).stderr(Stdio::null());
    let t = Instant::now();
    let status = c.status().unwrap();
    let took = t.elapsed();
    assert!(status.success());
    took
}

/// Peak resident memory of one run in KiB, from `wait4`'s rusage as GNU time reports it.
fn peak_kib(argv: &[String]) -> u64 {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .args(argv)
        .env("USER", "bench")
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    err.lines().last().unwrap().trim().parse().unwrap()
}

fn pct(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let n = times.len();
    (times[n / 2], times[(n * 95 / 100).min(n - 1)])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn shell(argv: &[String]) -> String {
    argv.iter()
        .map(|a| {
            if a.chars()
                .all(|c| c.is_alphanumeric() || "-_./=".contains(c))
            {
                a.clone()
            } else {
                format!("\"{a}\"")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn print_table<const N: usize>(head: [&str; N], rows: &[[String; N]]) {
    let w: Vec<usize> = (0..N)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([head[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<&str>| {
        let s: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!(" {c:<0$} ", w[i]))
            .collect();
        println!("|{}|", s.join("|"));
    };
    line(head.to_vec());
    println!(
        "|{}|",
        w.iter()
            .map(|n| "-".repeat(n + 2))
            .collect::<Vec<_>>()
            .join("|")
    );
    for r in rows {
        line(r.iter().map(String::as_str).collect());
    }
}
