//! The detail pane's answer: a ticket arrived (or could not be read), possibly one asked for by
//! number (`:42`), which then becomes the current ticket.

use super::super::model::{Model, Pane, Tone};
use super::super::msg::{DetailData, DetailLoaded, Effect};
use super::{kb, panes, say};

pub fn loaded(model: &mut Model, l: DetailLoaded, fx: &mut Vec<Effect>) {
    match l {
        DetailLoaded::Ticket { id, result } => ticket(model, id, result, fx),
    }
}

fn ticket(
    model: &mut Model,
    id: i64,
    result: Result<Box<DetailData>, String>,
    fx: &mut Vec<Effect>,
) {
    if model.detail.goto == Some(id) && !went_to(model, id, &result) {
        return;
    }
    if model.detail.requested == Some(id) {
        model.detail.loading = false;
        // A failed load is not asked again on every move; R retries.
        if result.is_ok() {
            model.detail.requested = None;
        }
    }
    if model.detail.id != Some(id) {
        return;
    }
    match result {
        Ok(d) => {
            model.detail.data = Some(d);
            model.detail.error = None;
            panes::clamp_scrolls(model);
            if let Some((pid, cmd)) = model.pending_command
                && pid == id
            {
                model.pending_command = None;
                super::command(model, cmd, fx);
            }
        }
        Err(e) => {
            model.detail.error = Some(e);
            model.pending_command = None;
        }
    }
    // Suggestions use the ticket's category, which only the detail has.
    if model.focus == Pane::Kb {
        kb::ensure(model, fx);
    }
}

/// The answer to `:id`: a ticket that exists becomes the current one (shown from this answer);
/// one that does not is said so (false: nothing more to do).
fn went_to(model: &mut Model, id: i64, result: &Result<Box<DetailData>, String>) -> bool {
    model.detail.goto = None;
    if let Err(e) = result {
        // The store's words for a ticket that is not there.
        let text = if *e == format!("no ticket #{id}") {
            format!("#{id} does not exist")
        } else {
            format!("#{id}: {e}")
        };
        say(model, Tone::Error, text);
        return false;
    }
    if model.focus != Pane::Detail {
        model.detail.came_from = Some(model.focus);
    }
    model.focus = Pane::Detail;
    model.detail.id = Some(id);
    model.detail.scroll = 0;
    true
}
