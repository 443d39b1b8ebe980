//! The queue: views and the `/` query line, moving through a window of a list of any size
//! (pages are fetched ahead of the cursor and dropped far behind it), and refreshing without
//! losing the cursor's ticket.

use super::super::keymap::Command;
use super::super::keys::Key;
use super::super::line_edit::{Edited, LineEdit};
use super::super::model::{Model, Pane, Tone};
use super::super::msg::{Effect, Job, PageAt, QueueJob};
use super::{panes, say};
use crate::domain::filter::Sort;
use crate::domain::query::{self, QueryContext};
use crate::domain::text::one_line;

/// Rows fetched per page. Small enough that a fetch-ahead stays a few milliseconds when the
/// rows come from disk (1M tickets, cold cache: 100 rows p99 ~9 ms a page step, 200 ~15 ms);
/// a screen taller than a page is filled by fetching again (`prefetch`).
pub const PAGE: usize = 100;
/// Most rows kept in memory; more are dropped on the side away from the cursor.
pub const WINDOW_MAX: usize = 1000;
/// Fetch the next page when the cursor is this close to the edge of what is loaded.
pub(super) const AHEAD: usize = 60;
/// Rows above the cursor's ticket to load when refreshing around it.
const ABOVE: usize = 100;

/// The query a view and what was typed after `/` make together. The one place the two meet,
/// so where views come from does not matter here.
/// With no view at `view` (every view deleted or hidden), the open tickets, newest first.
fn refined(model: &Model, view: usize, typed: &str) -> query::Refined {
    let base = model
        .views
        .get(view)
        .map_or(crate::domain::view::DEFAULTS[3].1, |v| v.query.as_str());
    query::refine(base, typed)
}

/// Applies view `view` refined by `typed` (the typed terms in force): a new list from the top,
/// and a new count. A query that does not parse changes nothing and comes back with the error's
/// place in `typed` (an error in the view's own terms points at the start).
pub fn apply(
    model: &mut Model,
    view: usize,
    typed: &str,
    fx: &mut Vec<Effect>,
) -> Result<(), query::QueryError> {
    let r = refined(model, view, typed);
    let ctx = QueryContext {
        now: model.now,
        me: &model.me,
    };
    let parsed = query::parse(&r.text, &ctx).map_err(|e| query::QueryError {
        span: e.span.start.saturating_sub(r.typed_at)..e.span.end.saturating_sub(r.typed_at),
        message: e.message,
    })?;
    let q = &mut model.queue;
    q.view = Some(view);
    q.refinement = typed.trim().to_string();
    q.typed_at = r.typed_at;
    q.query = r.text;
    q.filter = parsed.filter;
    q.sort = parsed.sort.unwrap_or(Sort::Newest);
    q.generation += 1;
    q.total = None;
    q.input_error = None;
    q.error = None;
    reload(model, PageAt::Start, fx);
    count(model, fx);
    Ok(())
}

/// While the `/` line does not parse, the list shows nothing rather than an older query's
/// tickets; pages and counts still on their way for the old query are dropped when they come.
fn show_nothing(model: &mut Model, fx: &mut Vec<Effect>) {
    let q = &mut model.queue;
    q.window += 1;
    q.generation += 1;
    q.rows.clear();
    q.cursor = 0;
    q.offset = 0;
    q.has_before = false;
    q.has_after = false;
    q.first_index = None;
    q.total = None;
    q.loading = false;
    q.loading_after = false;
    q.loading_before = false;
    q.pending_move = 0;
    panes::sync(model, fx);
}

/// Switches to saved view `i`, keeping the `/` refinement in force (so one search can be run
/// against each view in turn); a refinement that does not fit the new view is dropped, saying so.
pub fn switch_view(model: &mut Model, i: usize, fx: &mut Vec<Effect>) {
    let name = model
        .views
        .get(i)
        .map_or_else(|| "(none)".to_string(), |v| one_line(&v.name).into_owned());
    model.queue.input = None;
    model.queue.input_error = None;
    model.queue.selected.clear();
    let typed = std::mem::take(&mut model.queue.refinement);
    if !typed.is_empty() && apply(model, i, &typed, fx).is_ok() {
        return;
    }
    if let Err(e) = apply(model, i, "", fx) {
        say(model, Tone::Error, format!("view {name}: {}", e.message));
    } else if !typed.is_empty() {
        say(
            model,
            Tone::Info,
            format!("the filter '{typed}' does not fit {name}: dropped"),
        );
    }
}

/// Back to the plain view: the `/` refinement, and any error it had, cleared.
pub fn clear_refinement(model: &mut Model, fx: &mut Vec<Effect>) {
    let q = &mut model.queue;
    q.input = None;
    let had_error = q.input_error.take().is_some();
    if had_error || !q.refinement.is_empty() {
        q.refinement.clear();
        let view = q.view.unwrap_or(0);
        switch_view(model, view, fx);
    }
}

/// Replaces the window with a page at `at`.
pub fn reload(model: &mut Model, at: PageAt, fx: &mut Vec<Effect>) {
    let q = &mut model.queue;
    q.window += 1;
    q.loading = true;
    q.loading_after = false;
    q.loading_before = false;
    fx.push(Effect::Job(Job::Queue(QueueJob::Page {
        window: q.window,
        at,
        filter: q.filter.clone(),
        sort: q.sort,
        limit: PAGE,
    })));
}

pub fn count(model: &mut Model, fx: &mut Vec<Effect>) {
    fx.push(Effect::Job(Job::Queue(QueueJob::Count {
        generation: model.queue.generation,
        filter: model.queue.filter.clone(),
    })));
}

/// Reloads what is on screen, keeping the cursor on its ticket.
pub fn refresh(model: &mut Model, fx: &mut Vec<Effect>) {
    if model.queue.input_error.is_some() {
        // No query in force while the line does not parse: nothing to reload.
        return;
    }
    let at = match model.queue.current() {
        Some(r) => PageAt::Around(r.id, ABOVE),
        None => PageAt::Start,
    };
    reload(model, at, fx);
    count(model, fx);
}

pub fn keep_visible(model: &mut Model) {
    let h = super::super::layout::queue_rows(model);
    let q = &mut model.queue;
    if q.rows.is_empty() {
        q.cursor = 0;
        q.offset = 0;
        return;
    }
    q.cursor = q.cursor.min(q.rows.len() - 1);
    if q.cursor < q.offset {
        q.offset = q.cursor;
    }
    if q.cursor >= q.offset + h {
        q.offset = q.cursor + 1 - h;
    }
    // No empty space at the bottom while there are rows above.
    let max_offset = q.rows.len().saturating_sub(h);
    if q.offset > max_offset && !q.has_after {
        q.offset = max_offset;
    }
}

/// Fetches the next page before the cursor reaches the edge of the window, or while the
/// rows loaded do not fill the screen.
pub fn prefetch(model: &mut Model, fx: &mut Vec<Effect>) {
    let h = super::super::layout::queue_rows(model);
    let q = &mut model.queue;
    if q.loading {
        return;
    }
    if q.has_after
        && !q.loading_after
        && q.cursor.max(q.offset + h) + AHEAD >= q.rows.len()
        && let Some(last) = q.rows.last()
    {
        q.loading_after = true;
        fx.push(Effect::Job(Job::Queue(QueueJob::Page {
            window: q.window,
            at: PageAt::After(last.cursor),
            filter: q.filter.clone(),
            sort: q.sort,
            limit: PAGE,
        })));
    }
    if q.has_before
        && !q.loading_before
        && q.cursor < AHEAD
        && let Some(first) = q.rows.first()
    {
        q.loading_before = true;
        fx.push(Effect::Job(Job::Queue(QueueJob::Page {
            window: q.window,
            at: PageAt::Before(first.cursor),
            filter: q.filter.clone(),
            sort: q.sort,
            limit: PAGE,
        })));
    }
}

pub fn move_by(model: &mut Model, delta: isize, fx: &mut Vec<Effect>) {
    let q = &mut model.queue;
    if q.rows.is_empty() {
        return;
    }
    let last = q.rows.len() as isize - 1;
    let want = q.cursor as isize + delta;
    q.cursor = want.clamp(0, last) as usize;
    // Past the edge of what is loaded: finish the move when the next page arrives.
    q.pending_move = if want > last && q.has_after {
        want - last
    } else if want < 0 && q.has_before {
        want
    } else {
        0
    };
    keep_visible(model);
    prefetch(model, fx);
    panes::sync(model, fx);
}

pub fn top(model: &mut Model, fx: &mut Vec<Effect>) {
    if model.queue.has_before {
        reload(model, PageAt::Start, fx);
    } else {
        model.queue.cursor = 0;
        model.queue.offset = 0;
        panes::sync(model, fx);
    }
}

pub fn bottom(model: &mut Model, fx: &mut Vec<Effect>) {
    if model.queue.has_after {
        reload(model, PageAt::End, fx);
    } else {
        model.queue.cursor = model.queue.rows.len().saturating_sub(1);
        keep_visible(model);
        panes::sync(model, fx);
    }
}

pub fn toggle_select(model: &mut Model, fx: &mut Vec<Effect>) {
    let Some(id) = model.queue.current().map(|r| r.id) else {
        return;
    };
    if !model.queue.selected.remove(&id) {
        model.queue.selected.insert(id);
    }
    let n = model.queue.selected.len();
    let text = if n == 0 {
        "selection cleared".to_string()
    } else {
        let key = |c| model.keymap.name_key(Pane::Queue, c);
        format!(
            "{n} selected: {} assign, {} assign to me, {} status; {} clears",
            key(Command::Assign),
            key(Command::AssignMe),
            key(Command::Status),
            key(Command::Back)
        )
    };
    say(model, Tone::Info, text);
    move_by(model, 1, fx);
}

/// `/`: the line opens on the refinement in force (empty on a plain view), with a space after
/// it so what is typed is a new term; the view's own terms stay out of the way.
pub fn open_input(model: &mut Model) {
    let q = &mut model.queue;
    if q.input.is_none() {
        let text = if q.refinement.is_empty() {
            String::new()
        } else {
            format!("{} ", q.refinement)
        };
        q.line_query = q.query.clone();
        q.input = Some(LineEdit::new(&text));
    }
}

/// A key while the `/` line is open. Each change is applied at once (the last word typed as a
/// prefix), so the list follows the typing; a line that does not parse shows its error and no
/// tickets. Enter keeps the refinement, Esc clears it.
pub fn input_key(model: &mut Model, k: Key, fx: &mut Vec<Effect>) {
    let Some(edit) = model.queue.input.as_mut() else {
        return;
    };
    match edit.key(k) {
        Edited::Changed => {
            let typed = query::as_you_type(edit.text());
            let view = model.queue.view.unwrap_or(0);
            model.queue.line_query = refined(model, view, &typed).text;
            if let Err(e) = apply(model, view, &typed, fx) {
                model.queue.input_error = Some(e);
                show_nothing(model, fx);
            }
            return;
        }
        Edited::Moved => return,
        Edited::Ignored => {}
    }
    match model.keymap.lookup(Pane::Queue, k) {
        Some(Command::Open) if model.queue.input_error.is_none() => model.queue.input = None,
        Some(Command::Back) => clear_refinement(model, fx),
        Some(Command::Quit) => super::quit(model, fx),
        Some(Command::Up) | Some(Command::Down) => {
            // Arrows move the list under the open line.
            let d = if model.keymap.lookup(Pane::Queue, k) == Some(Command::Up) {
                -1
            } else {
                1
            };
            move_by(model, d, fx);
        }
        _ => {}
    }
}
