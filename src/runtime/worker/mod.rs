//! Runs the app's jobs against the store and answers with messages; notices other processes'
//! changes (`PRAGMA data_version`, then the change log). Synchronous: the runtime calls it on
//! its own thread, tests call it directly.
//!
//! One file per feature, as in `app::msg`: each has a `run` that takes the feature's job and
//! gives its answer (`None`: nothing to say, or interrupted). Answers are typed outcomes (what
//! happened, ids, errors as the error's own words); the status line's wording is made in `app`.

mod agents;
mod detail;
mod kb;
mod queue;
mod sla;
mod tickets;
mod views;
mod watch;

use crate::app::msg::{Job, Loaded, Msg, WatchJob};
use crate::store::{Result, Store};

pub struct Worker {
    store: Store,
    watch: watch::Watch,
    presence: agents::Presence,
    /// The last job was stopped by an interrupt (it answered nothing).
    interrupted: bool,
}

impl Worker {
    pub fn new(store: Store) -> Result<Worker> {
        let watch = watch::Watch::new(&store)?;
        Ok(Worker {
            store,
            watch,
            presence: agents::Presence::default(),
            interrupted: false,
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Changes other processes made since the last look, if any.
    pub fn poll(&mut self) -> Option<Msg> {
        watch::run(self, WatchJob::Poll)
            .map(Loaded::Watch)
            .map(Msg::Loaded)
    }

    /// Repeats the heartbeat while editing; called from the store thread's loop.
    pub fn keep_presence(&mut self) {
        self.presence.keep(&mut self.store);
    }

    /// After our own write: our changes are not news.
    fn wrote(&mut self) {
        self.watch.seen_own_writes(&self.store);
    }

    /// Whether the last job was interrupted (and so answered nothing); clears the flag.
    pub fn take_interrupted(&mut self) -> bool {
        std::mem::take(&mut self.interrupted)
    }

    /// Runs `job` in its feature's handler; its answer, if any.
    pub fn run(&mut self, job: Job) -> Vec<Msg> {
        let loaded = match job {
            Job::Queue(j) => queue::run(self, j).map(Loaded::Queue),
            Job::Detail(j) => detail::run(self, j).map(Loaded::Detail),
            Job::Tickets(j) => tickets::run(self, j).map(Loaded::Tickets),
            Job::Kb(j) => kb::run(self, j).map(Loaded::Kb),
            Job::Sla(j) => sla::run(self, j).map(Loaded::Sla),
            Job::Agents(j) => agents::run(self, j).map(Loaded::Agents),
            Job::Views(j) => views::run(self, j).map(Loaded::Views),
            Job::Watch(j) => watch::run(self, j).map(Loaded::Watch),
        };
        loaded.map(Msg::Loaded).into_iter().collect()
    }
}
