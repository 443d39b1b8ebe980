//! The TUI's state and update step. No terminal IO here: `update(model, msg)` returns effects
//! (load a page, save a change, open the editor, copy) that the runtime carries out and answers
//! with messages, so the whole app is testable with plain key sequences.

pub mod form;
pub mod fuzzy;
pub mod help;
pub mod keymap;
pub mod keymap_defaults;
pub mod keys;
pub mod layout;
pub mod line_edit;
pub mod long_text;
pub mod model;
pub mod msg;
pub mod saved_views;
pub mod sla;
pub mod suggest;
pub mod undo;
mod update;

pub use model::{Model, Pane};
pub use msg::{Effect, Job, Loaded, Msg};
pub use update::{PAGE, WINDOW_MAX, init, update};

/// A ticket number typed in the palette (`123`, `#123`).
pub fn palette_ticket(typed: &str) -> Option<i64> {
    update::ticket_number(typed)
}

/// The palette's entries for what is typed, best first.
pub fn palette_items(model: &Model, typed: &str) -> Vec<(keymap::Command, Option<keys::Key>)> {
    update::palette_items(model, typed)
}
