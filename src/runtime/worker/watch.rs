//! Watching for other processes: their changes (`PRAGMA data_version`, then the change log), a
//! restore, and the database file deleted or replaced under the app.

use super::Worker;
use crate::app::msg::{Change, Gone, WatchJob, WatchLoaded};
use crate::store::{FileState, Result, Store};

/// What was seen of the desk so far.
pub(super) struct Watch {
    last_seq: i64,
    data_version: i64,
    /// Whether the file at the path was seen deleted or replaced (said once).
    file_warned: bool,
}

impl Watch {
    pub(super) fn new(store: &Store) -> Result<Watch> {
        Ok(Watch {
            last_seq: store.last_change_seq()?,
            data_version: store.data_version()?,
            file_warned: false,
        })
    }

    /// After our own write: our changes are not news.
    pub(super) fn seen_own_writes(&mut self, store: &Store) {
        if let Ok(seq) = store.last_change_seq() {
            self.last_seq = seq;
        }
    }

    /// A database deleted or replaced under us: said once; the app then stops writing (and the
    /// store refuses to). Changes would go to a file nobody else sees, and the screen would not
    /// show the new one. Checked on every poll (one `stat`).
    fn file_gone(&mut self, store: &Store) -> Option<WatchLoaded> {
        if self.file_warned {
            return None;
        }
        let how = match store.file_state() {
            FileState::Same => return None,
            FileState::Deleted => Gone::Deleted,
            FileState::Replaced => Gone::Replaced,
        };
        self.file_warned = true;
        let path = store.path().display().to_string();
        Some(WatchLoaded::FileGone { path, how })
    }

    /// Changes other processes made since the last look, if any.
    fn poll(&mut self, store: &Store) -> Option<WatchLoaded> {
        if let Some(gone) = self.file_gone(store) {
            return Some(gone);
        }
        let v = store.data_version().ok()?;
        if v == self.data_version {
            return None;
        }
        self.data_version = v;
        let events = store.changes_since(self.last_seq, 500).ok()?;
        if let Some(last) = events.last() {
            self.last_seq = last.seq;
        }
        // A restore logs an event numbered above anything seen before; should a change have
        // slipped in above it, the log now ends below what was seen: restored all the same.
        let restored = events.iter().any(|e| e.is_restore())
            || (events.is_empty() && store.last_change_seq().is_ok_and(|seq| seq < self.last_seq));
        if restored {
            self.seen_own_writes(store);
            return Some(WatchLoaded::Restored);
        }
        // An empty list means "something changed" (it may have been logged before our own
        // last write): the app reloads what is on screen.
        let changes = events
            .into_iter()
            .map(|e| Change {
                actor: e.actor,
                on: e.on,
                what: e.what,
            })
            .collect();
        Some(WatchLoaded::External(changes))
    }
}

pub(super) fn run(w: &mut Worker, job: WatchJob) -> Option<WatchLoaded> {
    match job {
        WatchJob::Poll => w.watch.poll(&w.store),
    }
}
