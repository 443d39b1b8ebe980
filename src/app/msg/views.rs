//! Saved views: reload the list, or change it (by name and scope, as the CLI does) and reload.

use crate::domain::view::{SavedView, Scope};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewJob {
    Load,
    Save {
        name: String,
        query: String,
        scope: Scope,
    },
    Delete {
        name: String,
        scope: Scope,
    },
    Move {
        name: String,
        scope: Scope,
        to: usize,
    },
}

/// What a view job did before the list was read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewDone {
    Loaded,
    /// Saved under this name (as stored) and scope: shown once the list is in.
    Saved {
        name: String,
        scope: Scope,
    },
    Deleted {
        name: String,
    },
    Moved {
        name: String,
        to: usize,
    },
}

#[derive(Debug, Clone)]
pub enum ViewsLoaded {
    /// The list after the job and what the job did, or the error.
    List(Result<(Vec<SavedView>, ViewDone), String>),
}
