//! Watching the desk for what other processes do: their changes (from the change log), a
//! restore from a backup, and the file deleted or replaced under the app.

/// A change another process made, as the change log tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub actor: String,
    /// The record that changed.
    pub on: crate::domain::event::EntityRef,
    /// The one-line summary people read.
    pub what: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchJob {
    /// Ask the store what other processes changed (the runtime does this on its own too).
    Poll,
}

/// What became of the database file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gone {
    Deleted,
    Replaced,
}

#[derive(Debug, Clone)]
pub enum WatchLoaded {
    /// Other processes changed these (newest last); empty: something, the log does not say what.
    External(Vec<Change>),
    /// The desk was restored from a backup (`tend db restore`): anything may have changed.
    Restored,
    /// The database file at `path` was deleted or replaced under the app: its changes would go
    /// where nobody looks, so writing stops.
    FileGone { path: String, how: Gone },
}
