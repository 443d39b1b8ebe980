//! Pages and counts arriving for the queue: a page replaces the window (keeping the cursor on
//! its ticket, telling how many new rows arrived above) or grows it at either end (dropping
//! rows far from the cursor so the window stays bounded).

use std::collections::HashSet;

use super::super::keymap::Command;
use super::super::model::{Model, Queue, Tone};
use super::super::msg::{Effect, PageAt, PageData, QueueLoaded};
use super::super::saved_views::position_of;
use super::queue::{AHEAD, PAGE, WINDOW_MAX, keep_visible, prefetch, switch_view};
use super::{panes, say};
use crate::domain::text::one_line;

/// A page or a count arrived.
pub fn loaded(model: &mut Model, l: QueueLoaded, fx: &mut Vec<Effect>) {
    match l {
        QueueLoaded::Page { window, at, result } => page_loaded(model, window, at, result, fx),
        QueueLoaded::Count { generation, total } => {
            if generation == model.queue.generation {
                model.queue.total = Some(total);
            }
        }
    }
}

fn page_loaded(
    model: &mut Model,
    window: u64,
    at: PageAt,
    result: Result<PageData, String>,
    fx: &mut Vec<Effect>,
) {
    if window != model.queue.window {
        return;
    }
    let page = match result {
        Ok(p) => p,
        Err(e) => {
            let q = &mut model.queue;
            q.loading = false;
            q.loading_after = false;
            q.loading_before = false;
            q.error = Some(e);
            return;
        }
    };
    model.queue.error = None;
    let q = &mut model.queue;
    let new_above = match at {
        PageAt::Start | PageAt::End | PageAt::Around(..) => replaced(q, at, page),
        PageAt::After(c) => match appended(q, c, page) {
            true => 0,
            // An answer for rows the window no longer ends with.
            false => return,
        },
        PageAt::Before(c) => match prepended(q, c, page) {
            true => 0,
            false => return,
        },
    };
    keep_visible(model);
    if new_above > 0 {
        tell_new_above(model, new_above);
    }
    if model.first_load && matches!(at, PageAt::Start) {
        model.first_load = false;
        if nothing_mine(model, fx) {
            return;
        }
    }
    prefetch(model, fx);
    panes::sync(model, fx);
}

/// A page that replaces the window: the cursor stays on its ticket (or goes to the page's
/// anchor); answers how many rows are new above the screen.
fn replaced(q: &mut Queue, at: PageAt, page: PageData) -> usize {
    let before_id = q.current().map(|r| r.id);
    // At the top of the list (its first row on screen), new rows arriving above stay in view;
    // deeper down the cursor stays put and the agent is told how many arrived above.
    let at_top = q.offset == 0 && !q.has_before;
    // With the list loaded from its start, a row above the cursor that was not there before is
    // new to this list (opened, or newly matching); further down nobody can tell.
    let had: Option<HashSet<i64>> = (!q.has_before).then(|| q.rows.iter().map(|r| r.id).collect());
    let screen_row = q.cursor.saturating_sub(q.offset);
    q.loading = false;
    q.pending_move = 0;
    q.rows = page.rows;
    q.has_before = page.has_before;
    q.has_after = page.has_after;
    q.cursor = match at {
        PageAt::Start => 0,
        PageAt::End => q.rows.len().saturating_sub(1),
        _ => before_id
            .and_then(|id| q.rows.iter().position(|r| r.id == id))
            .or(page.anchor_at)
            .unwrap_or(0),
    };
    q.first_index = match at {
        PageAt::End => q
            .total
            .and_then(|t| u64::try_from(t).ok())
            .map(|t| t.saturating_sub(q.rows.len() as u64)),
        _ if !q.has_before => Some(0),
        _ => None,
    };
    q.offset = match at {
        PageAt::Around(..) if at_top && !q.has_before => 0,
        PageAt::Around(..) => q.cursor.saturating_sub(screen_row),
        _ => 0,
    };
    match (at, had) {
        (PageAt::Around(..), Some(had)) if !had.is_empty() => q.rows[..q.offset.min(q.rows.len())]
            .iter()
            .filter(|r| !had.contains(&r.id))
            .count(),
        _ => 0,
    }
}

/// More rows after the window's last (`c`); false when the window no longer ends there.
fn appended(q: &mut Queue, c: crate::domain::filter::Cursor, page: PageData) -> bool {
    q.loading_after = false;
    if q.rows.last().map(|r| r.cursor) != Some(c) {
        return false;
    }
    q.rows.extend(page.rows);
    q.has_after = page.has_after;
    if q.pending_move > 0 {
        let last = q.rows.len().saturating_sub(1);
        q.cursor = (q.cursor + q.pending_move as usize).min(last);
        q.pending_move = 0;
    }
    let extra = q.rows.len().saturating_sub(WINDOW_MAX);
    let drop = extra.min(q.offset.saturating_sub(AHEAD));
    if drop > 0 {
        q.rows.drain(..drop);
        q.cursor -= drop;
        q.offset -= drop;
        q.first_index = q.first_index.map(|i| i + drop as u64);
        q.has_before = true;
    }
    true
}

/// More rows before the window's first (`c`); false when the window no longer starts there.
fn prepended(q: &mut Queue, c: crate::domain::filter::Cursor, page: PageData) -> bool {
    q.loading_before = false;
    if q.rows.first().map(|r| r.cursor) != Some(c) {
        return false;
    }
    let n = page.rows.len();
    let mut rows = page.rows;
    rows.append(&mut q.rows);
    q.rows = rows;
    q.cursor += n;
    q.offset += n;
    if q.pending_move < 0 {
        q.cursor = q.cursor.saturating_sub(q.pending_move.unsigned_abs());
        q.pending_move = 0;
    }
    q.first_index = q.first_index.map(|i| i.saturating_sub(n as u64));
    q.has_before = page.has_before;
    let h = q.offset + 2 * PAGE;
    if q.rows.len() > WINDOW_MAX && q.rows.len() > h {
        q.rows.truncate(WINDOW_MAX.max(h));
        q.has_after = true;
    }
    true
}

/// "3 new above (g goes to the top)", after an info message already showing.
fn tell_new_above(model: &mut Model, n: usize) {
    let top = model.keymap.name_key(model.focus, Command::Top);
    let note = format!("{n} new above ({top} goes to the top)");
    let text = match &model.status {
        Some(s) if s.tone == Tone::Info => format!("{} · {note}", s.text),
        Some(_) => String::new(),
        None => note,
    };
    if !text.is_empty() {
        say(model, Tone::Info, text);
    }
}

/// The first page of the first view is empty: show "All open" instead, if the desk still has
/// it, and say so (true: switched).
fn nothing_mine(model: &mut Model, fx: &mut Vec<Effect>) -> bool {
    if !model.queue.rows.is_empty() || model.queue.view != Some(0) {
        return false;
    }
    let all_open = crate::domain::view::DEFAULTS[3].1;
    let Some(i) = position_of(&model.views, all_open) else {
        return false;
    };
    switch_view(model, i, fx);
    let me = model.me.clone();
    let name = one_line(&model.views[i].name).into_owned();
    let key = |c| model.keymap.name_key(super::super::model::Pane::Queue, c);
    let switch = format!("{} {}", key(Command::PrevView), key(Command::NextView));
    say(
        model,
        Tone::Info,
        format!("nothing open is assigned to {me}: showing {name} ({switch} switch views)"),
    );
    true
}
