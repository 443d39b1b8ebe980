//! The agents the desk knows, and this session's presence on a ticket it edits.

use std::time::{Duration, Instant};

use super::Worker;
use crate::app::msg::{AgentJob, AgentsLoaded};
use crate::store::Store;

/// How often a heartbeat is repeated while editing (well inside `PRESENCE_EXPIRY`).
const HEARTBEAT: Duration = Duration::from_secs(10);

/// The ticket this session is editing, and when the last heartbeat went out.
#[derive(Default)]
pub(super) struct Presence {
    editing: Option<(i64, String, Instant)>,
}

impl Presence {
    /// Starts or stops announcing that this session edits a ticket. Presence only warns, so a
    /// failure to write it (read-only file, busy) is not shown as an error.
    fn set(&mut self, store: &mut Store, what: Option<(i64, String)>) {
        match what {
            Some((id, activity)) => {
                let _ = store.heartbeat(id, &activity);
                self.editing = Some((id, activity, Instant::now()));
            }
            None => {
                if self.editing.take().is_some() {
                    let _ = store.leave(None);
                }
            }
        }
    }

    /// Repeats the heartbeat once `HEARTBEAT` has passed since the last.
    pub(super) fn keep(&mut self, store: &mut Store) {
        if let Some((id, activity, last)) = &mut self.editing
            && last.elapsed() >= HEARTBEAT
        {
            let _ = store.heartbeat(*id, activity);
            *last = Instant::now();
        }
    }
}

pub(super) fn run(w: &mut Worker, job: AgentJob) -> Option<AgentsLoaded> {
    match job {
        // Completion is a convenience: without the list, names are simply not offered.
        AgentJob::List => Some(AgentsLoaded::List(
            w.store.known_agents().unwrap_or_default(),
        )),
        AgentJob::Presence(what) => {
            w.presence.set(&mut w.store, what);
            None
        }
    }
}
