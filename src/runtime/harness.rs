//! Drives the app without a terminal: keys in, effects carried out synchronously (jobs against
//! a real store, the editor as a command on a file, the clipboard recorded), screens rendered
//! to text. Used by the tests and by anyone trying key sequences by hand.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::collections::VecDeque;

use super::editor;
use super::worker::Worker;
use crate::app::keys::Key;
use crate::app::{self, Effect, Job, Model, Msg};
use crate::store::{Result, Store};
use crate::ui::{self, theme::Theme};

pub struct Harness {
    pub model: Model,
    pub worker: Worker,
    /// The editor command (`sh -c '<editor> "$1"'`), e.g. a script that writes a reply.
    pub editor: String,
    pub clipboard: Vec<String>,
    /// Every job run, in order (for tests that check what was asked of the store).
    pub jobs: Vec<Job>,
    pub quit: bool,
    /// Hold back slow-lane jobs (counts, ranked searches) until `settle`, as the real app
    /// answers them after the page; off by default, so each key's whole answer is in.
    pub defer_slow: bool,
    deferred: Vec<Job>,
}

impl Harness {
    /// An app on `store` with a screen of `size`, its first page loaded.
    pub fn new(store: Store, size: (u16, u16)) -> Result<Harness> {
        let me = store.actor().name.clone();
        let now = store.now();
        let read_only = store.read_only().map(str::to_string);
        let mut model = Model::new(&me, "test.db", now, size);
        model.read_only = read_only;
        model.views = store.views()?;
        let mut h = Harness {
            model,
            worker: Worker::new(store)?,
            editor: "false".into(),
            clipboard: Vec::new(),
            jobs: Vec::new(),
            quit: false,
            defer_slow: false,
            deferred: Vec::new(),
        };
        let fx = app::init(&mut h.model);
        h.run(fx);
        Ok(h)
    }

    /// Sends one message and carries out everything that follows from it.
    pub fn send(&mut self, msg: Msg) {
        let fx = app::update(&mut self.model, msg);
        self.run(fx);
    }

    fn run(&mut self, fx: Vec<Effect>) {
        let mut pending: VecDeque<Effect> = fx.into();
        let mut steps = 0;
        while let Some(effect) = pending.pop_front() {
            steps += 1;
            if steps > 10_000 {
                break;
            }
            let msgs = match effect {
                Effect::Job(job) if self.defer_slow && job.is_slow() => {
                    self.deferred.push(job);
                    Vec::new()
                }
                Effect::Job(job) => {
                    self.jobs.push(job.clone());
                    self.worker.run(job)
                }
                Effect::Edit { purpose, text } => {
                    let result = editor::edit(&self.editor, &text);
                    vec![Msg::Edited { purpose, result }]
                }
                Effect::Copy(text) => {
                    self.clipboard.push(text);
                    Vec::new()
                }
                Effect::Quit => {
                    self.quit = true;
                    Vec::new()
                }
                Effect::Suspend => Vec::new(),
            };
            for m in msgs {
                pending.extend(app::update(&mut self.model, m));
            }
        }
    }

    /// Runs the slow-lane jobs held back so far (the newest of each kind, as the real lane
    /// does after interrupting the older ones).
    pub fn settle(&mut self) {
        let held = super::coalesce(std::mem::take(&mut self.deferred));
        let defer = std::mem::replace(&mut self.defer_slow, false);
        self.run(held.into_iter().map(Effect::Job).collect());
        self.defer_slow = defer;
    }

    /// Types keys in `Key::seq` notation: `"j j <C-d> G"`.
    pub fn press(&mut self, keys: &str) {
        for k in Key::seq(keys) {
            self.send(Msg::Key(k));
        }
    }

    /// Types text into whatever has the keyboard (spaces included).
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(Msg::Key(Key::char(c)));
        }
    }

    /// What the runtime does a few times a second: look for other processes' changes.
    pub fn poll(&mut self) {
        self.run(vec![Effect::Job(Job::PollChanges)]);
    }

    /// The screen as text, one line per row (trailing spaces cut), at the model's size.
    pub fn screen(&self) -> String {
        render(&self.model, &Theme::new(true))
    }
}

/// Renders `model` into a test backend of its size and returns the text.
pub fn render(model: &Model, theme: &Theme) -> String {
    let (w, h) = model.size;
    let Ok(mut term) = Terminal::new(TestBackend::new(w, h));
    let Ok(_) = term.draw(|f| ui::draw(f, model, theme));
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
