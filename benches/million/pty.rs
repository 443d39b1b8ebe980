//! The real binary in a pseudo-terminal (`script` from util-linux): start to first frame, CPU
//! while idle, resident memory.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::pct;

/// `tend --db db` under `script`, in a 120x40 pseudo-terminal; its output read on a thread.
struct Pty {
    child: std::process::Child,
    started: Instant,
    /// Set to the time the first frame with the queue's rows was seen.
    first_rows: std::sync::mpsc::Receiver<Instant>,
}

const STTY: &str = "stty rows 40 cols 120";

impl Pty {
    fn launch(db: &Path) -> Pty {
        Pty::launch_cmd(&format!(
            "{STTY}; exec '{}' --db '{}'",
            env!("CARGO_BIN_EXE_tend"),
            db.display()
        ))
    }

    fn launch_cmd(cmd: &str) -> Pty {
        let started = Instant::now();
        let mut child = Command::new("script")
            .args(["-qfec", cmd, "/dev/null"])
            .env("TEND_USER", "alice")
            .env("TERM", "xterm-256color")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("script (util-linux) runs the app in a pseudo-terminal");
        let mut out = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            // The row cursor "▶ " is drawn only once the queue has rows.
            let mark = "▶ ".as_bytes();
            let mut seen: Vec<u8> = Vec::new();
            let mut buf = [0u8; 65536];
            let mut sent = false;
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if !sent {
                    let now = Instant::now();
                    seen.extend_from_slice(&buf[..n]);
                    if seen.windows(mark.len()).any(|w| w == mark) {
                        let _ = tx.send(now);
                        sent = true;
                        seen = Vec::new();
                    }
                }
            }
        });
        Pty {
            child,
            started,
            first_rows: rx,
        }
    }

    fn keys(&mut self, keys: &str) {
        let stdin = self.child.stdin.as_mut().unwrap();
        stdin.write_all(keys.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }

    /// The app's own process (the shell `script` started exec'd into it).
    fn app_pid(&self) -> u32 {
        let id = self.child.id();
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let children = std::fs::read_to_string(format!("/proc/{id}/task/{id}/children"))
                .unwrap_or_default();
            if let Some(pid) = children.split_whitespace().next() {
                return pid.parse().unwrap();
            }
            assert!(Instant::now() < deadline, "no app process under script");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn quit(mut self) {
        let _ = self.child.stdin.as_mut().map(|s| s.write_all(b"q"));
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// CPU seconds (user + system) a process has used.
fn cpu_secs(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap();
    ticks / clock_ticks()
}

fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

/// VmRSS and VmHWM (peak) of a process, in MiB.
fn memory_mib(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let get = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|k| k.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    (get("VmRSS:"), get("VmHWM:"))
}

pub(super) struct ProcessNumbers {
    pub(super) first_frame: Vec<Duration>,
    pub(super) idle_cpu_percent: f64,
    pub(super) rss: f64,
    pub(super) peak: f64,
}

/// Start to first rows (`runs` launches), then on the last one: the SLA pane for `idle`,
/// its CPU meanwhile, and memory after moving through the queue.
pub(super) fn process(db: &Path, runs: usize, idle: Duration) -> ProcessNumbers {
    let mut first_frame = Vec::new();
    let mut last = None;
    // One launch first, not counted: the binary and the file into the page cache (a first
    // launch after a build reads the binary from disk).
    let warm = Pty::launch(db);
    let _ = warm.first_rows.recv_timeout(Duration::from_secs(30));
    warm.quit();
    for i in 0..runs {
        let pty = Pty::launch(db);
        let seen = pty
            .first_rows
            .recv_timeout(Duration::from_secs(30))
            .expect("the queue's rows appear");
        first_frame.push(seen - pty.started);
        if i + 1 == runs {
            last = Some(pty);
        } else {
            pty.quit();
        }
    }
    let mut pty = last.unwrap();
    let pid = pty.app_pid();
    // Move about the queue (end, top, a ticket), then leave the SLA timers on screen.
    pty.keys("G");
    std::thread::sleep(Duration::from_millis(500));
    pty.keys("g");
    std::thread::sleep(Duration::from_millis(300));
    pty.keys("3");
    std::thread::sleep(Duration::from_secs(2));
    let before = cpu_secs(pid);
    std::thread::sleep(idle);
    let used = cpu_secs(pid) - before;
    let (rss, peak) = memory_mib(pid);
    pty.quit();
    ProcessNumbers {
        first_frame,
        idle_cpu_percent: used / idle.as_secs_f64() * 100.0,
        rss,
        peak,
    }
}

/// What `script` and `stty` alone cost, to read the first-frame numbers against.
pub(super) fn pty_overhead() -> Duration {
    let times: Vec<Duration> = (0..10)
        .map(|_| {
            let mut pty = Pty::launch_cmd(&format!("{STTY}; exec true"));
            let _ = pty.child.wait();
            pty.started.elapsed()
        })
        .collect();
    pct(times).0
}
