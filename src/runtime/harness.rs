//! Drives the app without a terminal: keys in, effects carried out synchronously by the
//! runtime's own interpreter (`effects::carry_out`: jobs against a real store, presence, the
//! editor as a command on a file, the clipboard recorded, the screen's size after the editor),
//! screens rendered to text. Used by the tests and by anyone trying key sequences by hand.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::editor;
use super::effects::{self, Flow, Outside};
use super::worker::Worker;
use crate::app::keys::Key;
use crate::app::msg::WatchJob;
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

/// The harness's side of the effects: the store run in place, a fake terminal of the model's
/// size.
struct Fakes<'a> {
    worker: &'a mut Worker,
    editor: &'a str,
    clipboard: &'a mut Vec<String>,
    jobs: &'a mut Vec<Job>,
    defer_slow: bool,
    deferred: &'a mut Vec<Job>,
    size: (u16, u16),
}

impl Outside for Fakes<'_> {
    fn job(&mut self, job: Job) -> anyhow::Result<Vec<Msg>> {
        if self.defer_slow && job.is_slow() {
            self.deferred.push(job);
            return Ok(Vec::new());
        }
        self.jobs.push(job.clone());
        Ok(self.worker.run(job))
    }

    fn edit(&mut self, text: &str) -> anyhow::Result<std::result::Result<String, String>> {
        Ok(editor::edit(self.editor, text))
    }

    fn copy(&mut self, text: &str, _tmux: bool) -> anyhow::Result<std::result::Result<(), String>> {
        self.clipboard.push(text.to_string());
        Ok(Ok(()))
    }

    fn suspend(&mut self) -> anyhow::Result<()> {
        Ok(())
    }

    fn size(&mut self) -> Option<(u16, u16)> {
        Some(self.size)
    }
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

    fn run(&mut self, mut fx: Vec<Effect>) {
        let mut fakes = Fakes {
            worker: &mut self.worker,
            editor: &self.editor,
            clipboard: &mut self.clipboard,
            jobs: &mut self.jobs,
            defer_slow: self.defer_slow,
            deferred: &mut self.deferred,
            size: self.model.size,
        };
        // The fakes never fail.
        if let Ok(Flow::Quit) = effects::carry_out(&mut fakes, &mut self.model, &mut fx) {
            self.quit = true;
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
        self.run(vec![Effect::Job(Job::Watch(WatchJob::Poll))]);
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
