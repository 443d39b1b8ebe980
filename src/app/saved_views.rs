//! The saved views across the top of the queue. A view is a query in the filter language
//! (`domain::query`), so what a view shows is written down in one place and the same text works
//! in `/` and in `tend ticket list --query`. The views themselves are rows in the database
//! (`store::views`); the model holds the ones the agent sees, in order.

use crate::domain::view::{DEFAULTS, SavedView, Scope};

/// The views a new desk starts with, until the store's arrive.
pub fn defaults() -> Vec<SavedView> {
    DEFAULTS
        .iter()
        .enumerate()
        .map(|(i, (name, query))| SavedView {
            id: 0,
            name: (*name).to_string(),
            query: (*query).to_string(),
            scope: Scope::Team,
            position: i + 1,
        })
        .collect()
}

/// The index of the view whose query is `text`, if any.
pub fn position_of(views: &[SavedView], text: &str) -> Option<usize> {
    views.iter().position(|v| v.query == text)
}
