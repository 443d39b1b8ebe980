//! The runtime: owns the terminal and a worker thread with the store, feeds keys and job
//! answers to `app::update`, carries out its effects, and redraws after each batch of messages
//! (never on a timer, except once a second while SLA clocks are on screen).

mod clipboard;
pub mod editor;
pub mod effects;
pub mod harness;
mod input;
pub mod sla_feed;
mod slow_lane;
pub mod worker;

use anyhow::{Context, Result};
use chrono::Utc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use crate::app::{self, Effect, Job, Model, Msg};
use crate::store::Store;
use crate::term::Terminal;
use crate::ui::{self, theme::Theme};
use effects::{Flow, Outside};
use slow_lane::SlowLane;
use worker::Worker;

pub use clipboard::{base64, osc52};

/// How often the worker asks SQLite whether another process wrote.
const POLL: Duration = Duration::from_millis(250);

/// What wakes the main loop.
pub(crate) enum Incoming {
    Msg(Msg),
    /// The input thread failed (the terminal went away).
    InputGone(String),
    /// SIGTERM, SIGHUP (the SSH session dropped) or SIGINT from outside: leave cleanly, so the
    /// terminal is restored and a save in flight finishes.
    Signal,
}

/// Turns termination signals into a message for the main loop.
fn watch_signals(tx: mpsc::Sender<Incoming>) -> Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])
        .context("cannot watch for signals")?;
    std::thread::Builder::new()
        .name("tend-signals".into())
        .spawn(move || {
            if signals.forever().next().is_some() {
                let _ = tx.send(Incoming::Signal);
            }
        })
        .context("cannot start the signal thread")?;
    Ok(())
}

/// Runs the full-screen app on `store` until the user quits, with the keys and colours of
/// `config`.
pub fn run(store: Store, config: crate::config::Config) -> Result<()> {
    let me = store.actor().name.clone();
    let label = store
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| store.path().display().to_string());
    let read_only = store.read_only().map(str::to_string);
    let views = store.views().context("cannot read the saved views")?;
    let (tx, rx) = mpsc::channel::<Incoming>();
    let slow = SlowLane::start(&store, tx.clone()).context("cannot read the database")?;
    let worker = Worker::new(store).context("cannot read the database")?;
    let editor = editor::from_env();
    let theme = Theme::from_env(config.colors);

    // The mouse is off unless asked for: it breaks selecting text to copy in most terminals.
    let mouse = std::env::var("TEND_MOUSE").is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("on"));
    let mut term = Terminal::enter(mouse).context("cannot set up the terminal")?;
    let size = term.size().unwrap_or((80, 24));
    let mut model = Model::new(&me, &label, Utc::now(), size);
    model.read_only = read_only;
    model.tmux = std::env::var_os("TMUX").is_some();
    model.views = views;
    model.keymap = std::sync::Arc::new(config.keymap);

    let (job_tx, job_rx) = mpsc::channel::<Job>();
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let worker_tx = tx.clone();
    std::thread::Builder::new()
        .name("tend-store".into())
        .spawn(move || {
            worker_loop(worker, job_rx, worker_tx);
            let _ = done_tx.send(());
        })
        .context("cannot start the store thread")?;
    watch_signals(tx.clone())?;
    let gate = input::Gate::start(tx).context("cannot start the input thread")?;

    let mut fx = app::init(&mut model);
    let lanes = Lanes { main: job_tx, slow };
    let result = main_loop(
        &mut Screen {
            term: &mut term,
            gate: &gate,
            lanes: &lanes,
            editor: &editor,
        },
        &mut model,
        &theme,
        &rx,
        &mut fx,
    );
    lanes.slow.stop();
    drop(lanes.main);
    gate.stop();
    // A save in flight finishes (SQLite would roll it back otherwise); a slow read is abandoned.
    let _ = done_rx.recv_timeout(Duration::from_secs(3));
    drop(term);
    result
}

/// The app's side of the effects: the store threads, the real terminal, `$EDITOR`, OSC 52.
struct Screen<'a> {
    term: &'a mut Terminal,
    gate: &'a input::Gate,
    lanes: &'a Lanes,
    editor: &'a str,
}

impl Outside for Screen<'_> {
    fn job(&mut self, job: Job) -> Result<Vec<Msg>> {
        if !self.lanes.send(job) {
            anyhow::bail!("the store thread stopped");
        }
        Ok(Vec::new())
    }

    fn edit(&mut self, text: &str) -> Result<std::result::Result<String, String>> {
        self.gate.pause();
        self.term.suspend()?;
        let result = editor::edit(self.editor, text);
        self.term.resume()?;
        self.gate.resume();
        Ok(result)
    }

    fn copy(&mut self, text: &str, tmux: bool) -> Result<std::result::Result<(), String>> {
        self.term.write_raw(osc52(text, tmux).as_bytes())?;
        Ok(if tmux {
            clipboard::tmux_buffer(text)
        } else {
            Ok(())
        })
    }

    fn suspend(&mut self) -> Result<()> {
        self.gate.pause();
        self.term.suspend()?;
        stop_self();
        self.term.resume()?;
        self.gate.resume();
        Ok(())
    }

    fn size(&mut self) -> Option<(u16, u16)> {
        self.term.size().ok()
    }
}

fn main_loop(
    screen: &mut Screen<'_>,
    model: &mut Model,
    theme: &Theme,
    rx: &Receiver<Incoming>,
    fx: &mut Vec<Effect>,
) -> Result<()> {
    let mut last_tick = Instant::now();
    loop {
        // Carry out effects; editor results come back as messages at once.
        if effects::carry_out(screen, model, fx)? == Flow::Quit || model.quit {
            return Ok(());
        }
        model.now = Utc::now();
        screen.term.draw(|f| ui::draw(f, model, theme))?;
        let Some(batch) = wait(rx, model.needs_tick(), last_tick) else {
            return Ok(());
        };
        if batch.is_empty() {
            last_tick = Instant::now();
            fx.extend(app::update(model, Msg::Tick(Utc::now())));
        }
        for incoming in batch {
            match incoming {
                Incoming::Msg(msg) => fx.extend(app::update(model, msg)),
                Incoming::InputGone(e) => anyhow::bail!("lost the terminal: {e}"),
                Incoming::Signal => return Ok(()),
            }
        }
    }
}

/// Waits for something to happen (at most until the next second's tick when timers show), then
/// takes everything already waiting before drawing again (key repeat, bursts of pages). Empty:
/// time to tick; `None`: every sender is gone.
fn wait(rx: &Receiver<Incoming>, tick: bool, last_tick: Instant) -> Option<Vec<Incoming>> {
    let first = if tick {
        let wait = Duration::from_secs(1).saturating_sub(last_tick.elapsed());
        match rx.recv_timeout(wait) {
            Ok(m) => Some(m),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    } else {
        Some(rx.recv().ok()?)
    };
    let mut batch: Vec<Incoming> = first.into_iter().collect();
    while batch.len() < 256 {
        match rx.try_recv() {
            Ok(m) => batch.push(m),
            Err(_) => break,
        }
    }
    Some(batch)
}

/// Where jobs go: the main store thread, or the slow lane for counts and ranked searches.
struct Lanes {
    main: Sender<Job>,
    slow: SlowLane,
}

impl Lanes {
    fn send(&self, job: Job) -> bool {
        if job.is_slow() {
            self.slow.send(job)
        } else {
            self.slow.cancel_superseded(&job);
            self.main.send(job).is_ok()
        }
    }
}

/// Stops this process as Ctrl-z would in a cooked terminal; returns after `fg` (SIGCONT).
/// (Raw mode turns Ctrl-z into a key, so the app sends the signal itself, through kill(1):
/// no unsafe code.)
fn stop_self() {
    let pid = std::process::id().to_string();
    if std::process::Command::new("kill")
        .args(["-TSTP", &pid])
        .status()
        .is_ok()
    {
        // The stop takes effect as the signal is delivered; do not race it.
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The store thread: runs jobs (dropping ones a newer job made pointless) and polls for other
/// processes' changes while idle.
fn worker_loop(mut worker: Worker, jobs: Receiver<Job>, out: Sender<Incoming>) {
    let mut next_poll = Instant::now() + POLL;
    loop {
        let wait = next_poll.saturating_duration_since(Instant::now());
        match jobs.recv_timeout(wait) {
            Ok(job) => {
                if !run_queued(&mut worker, job, &jobs, &out) {
                    return;
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        worker.keep_presence();
        if Instant::now() >= next_poll {
            if let Some(msg) = worker.poll()
                && out.send(Incoming::Msg(msg)).is_err()
            {
                return;
            }
            next_poll = Instant::now() + POLL;
        }
    }
}

/// Runs `first` and every job already queued behind it (less those a later one makes
/// pointless); false once nobody listens for the answers.
fn run_queued(
    worker: &mut Worker,
    first: Job,
    jobs: &Receiver<Job>,
    out: &Sender<Incoming>,
) -> bool {
    let queued: Vec<Job> = std::iter::once(first).chain(jobs.try_iter()).collect();
    coalesce(queued)
        .into_iter()
        .flat_map(|job| worker.run(job))
        .all(|msg| out.send(Incoming::Msg(msg)).is_ok())
}

/// Drops queued jobs that a later job in the queue supersedes (typing fast in a search).
pub fn coalesce(jobs: Vec<Job>) -> Vec<Job> {
    let n = jobs.len();
    let keep: Vec<bool> = (0..n)
        .map(|i| !jobs[i + 1..].iter().any(|later| later.supersedes(&jobs[i])))
        .collect();
    jobs.into_iter()
        .zip(keep)
        .filter_map(|(j, k)| k.then_some(j))
        .collect()
}
