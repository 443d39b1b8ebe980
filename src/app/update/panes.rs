//! Moving between panes and within them: focus, open/back, scrolling, and keeping the detail
//! and KB panes about the queue's current ticket.

use super::super::keymap::Command;
use super::super::layout;
use super::super::long_text;
use super::super::model::{Model, Pane, Tone};
use super::super::msg::{DetailJob, Effect, Job, SlaJob};
use super::{kb, queue, say};

pub fn focus(model: &mut Model, pane: Pane, fx: &mut Vec<Effect>) {
    if pane != Pane::Queue && model.queue.input.is_some() {
        // Leaving the query line keeps the refinement in force; one that does not parse is
        // cleared, back to the plain view.
        if model.queue.input_error.is_some() {
            queue::clear_refinement(model, fx);
        }
        model.queue.input = None;
    }
    if pane == Pane::Detail && model.focus != Pane::Detail {
        model.detail.came_from = Some(model.focus);
    }
    model.focus = pane;
    if pane == Pane::Sla {
        fx.push(Effect::Job(Job::Sla(SlaJob::Timers)));
    }
    if pane == Pane::Detail && model.detail.id.is_none() && model.queue.current().is_none() {
        let queue = model.keymap.name_key(model.focus, Command::GoQueue);
        say(
            model,
            Tone::Info,
            format!("no ticket to show: pick one in the queue ({queue})"),
        );
    }
    queue::keep_visible(model);
    sync(model, fx);
}

/// Keeps the current ticket on the queue's cursor while the queue has the keyboard, and loads
/// what the visible panes need.
pub fn sync(model: &mut Model, fx: &mut Vec<Effect>) {
    let follow =
        model.focus == Pane::Queue || (model.focus == Pane::Detail && model.detail.id.is_none());
    if follow {
        let want = model.queue.current().map(|r| r.id);
        if want != model.detail.id {
            model.detail.id = want;
            model.detail.scroll = 0;
            model.detail.error = None;
        }
    }
    let visible = layout::visible_panes(model);
    if visible.contains(&Pane::Detail)
        && let Some(id) = model.detail.id
    {
        let have = model
            .detail
            .data
            .as_ref()
            .is_some_and(|d| d.detail.ticket.id == id);
        if !have && model.detail.requested != Some(id) {
            load_detail(model, id, fx);
        }
    }
    if visible.contains(&Pane::Kb) {
        kb::ensure(model, fx);
    }
}

pub fn load_detail(model: &mut Model, id: i64, fx: &mut Vec<Effect>) {
    model.detail.loading = true;
    model.detail.requested = Some(id);
    fx.push(Effect::Job(Job::Detail(DetailJob::Load(id))));
}

/// Shows ticket `id` in the detail pane and moves there.
pub fn show_ticket(model: &mut Model, id: i64, fx: &mut Vec<Effect>) {
    if model.detail.id != Some(id) {
        model.detail.id = Some(id);
        model.detail.scroll = 0;
    }
    load_detail(model, id, fx);
    if model.focus != Pane::Detail {
        model.detail.came_from = Some(model.focus);
    }
    model.focus = Pane::Detail;
}

/// `:` 42: shows ticket 42 once the store has it; a number that is no ticket leaves the current
/// ticket current and says so.
pub fn goto_ticket(model: &mut Model, id: i64, fx: &mut Vec<Effect>) {
    if model.detail.id == Some(id) {
        return show_ticket(model, id, fx);
    }
    model.detail.goto = Some(id);
    fx.push(Effect::Job(Job::Detail(DetailJob::Load(id))));
}

fn detail_lines(model: &Model) -> usize {
    let (w, _) = layout::detail_text(model);
    model
        .detail
        .data
        .as_ref()
        .filter(|d| Some(d.detail.ticket.id) == model.detail.id)
        .map(|d| long_text::detail_doc(d, model.now, usize::from(w), &model.keymap).len())
        .unwrap_or(0)
}

pub fn detail_max_scroll(model: &Model) -> usize {
    let (_, h) = layout::detail_text(model);
    detail_lines(model).saturating_sub(usize::from(h))
}

fn reader_max_scroll(model: &Model) -> usize {
    let (w, h) = layout::kb_reader_text(model);
    kb::current_article(model)
        .map(|a| long_text::article_doc(a, usize::from(w)).len())
        .unwrap_or(0)
        .saturating_sub(usize::from(h))
}

pub fn clamp_scrolls(model: &mut Model) {
    model.detail.scroll = model.detail.scroll.min(detail_max_scroll(model));
    model.kb.reader_scroll = model.kb.reader_scroll.min(reader_max_scroll(model));
}

/// One page for the focused pane.
pub fn page(model: &Model) -> usize {
    match model.focus {
        Pane::Queue => layout::queue_rows(model),
        Pane::Detail => usize::from(layout::detail_text(model).1.saturating_sub(2).max(1)),
        Pane::Sla => layout::sla_rows(model),
        Pane::Kb if model.kb.reading => {
            usize::from(layout::kb_reader_text(model).1.saturating_sub(2).max(1))
        }
        Pane::Kb => layout::kb_rows(model),
    }
}

fn step(value: usize, delta: isize, max: usize) -> usize {
    (value as isize + delta).clamp(0, max as isize) as usize
}

pub fn move_by(model: &mut Model, delta: isize, fx: &mut Vec<Effect>) {
    match model.focus {
        Pane::Queue => queue::move_by(model, delta, fx),
        Pane::Detail => {
            let loaded = model
                .detail
                .data
                .as_ref()
                .is_some_and(|d| Some(d.detail.ticket.id) == model.detail.id);
            // Before the ticket arrives, remember where to go (G right after Enter); the
            // scroll is clamped when it loads.
            let max = if loaded {
                detail_max_scroll(model)
            } else {
                usize::MAX / 4
            };
            model.detail.scroll = step(model.detail.scroll, delta, max);
        }
        Pane::Sla => {
            let max = model.sla.timers.len().saturating_sub(1);
            model.sla.cursor = step(model.sla.cursor, delta, max);
            let h = layout::sla_rows(model);
            keep(&mut model.sla.offset, model.sla.cursor, h);
        }
        Pane::Kb if model.kb.reading => {
            let max = reader_max_scroll(model);
            model.kb.reader_scroll = step(model.kb.reader_scroll, delta, max);
        }
        Pane::Kb => {
            let max = model.kb.entries.len().saturating_sub(1);
            model.kb.cursor = step(model.kb.cursor, delta, max);
            model.kb.reader_scroll = 0;
            let h = layout::kb_rows(model);
            keep(&mut model.kb.offset, model.kb.cursor, h);
        }
    }
}

/// Keeps `cursor` inside the `h` rows starting at `offset`.
pub fn keep(offset: &mut usize, cursor: usize, h: usize) {
    if cursor < *offset {
        *offset = cursor;
    }
    if cursor >= *offset + h {
        *offset = cursor + 1 - h;
    }
}

pub fn top(model: &mut Model, fx: &mut Vec<Effect>) {
    match model.focus {
        Pane::Queue => queue::top(model, fx),
        _ => move_by(model, isize::MIN / 2, fx),
    }
}

pub fn bottom(model: &mut Model, fx: &mut Vec<Effect>) {
    match model.focus {
        Pane::Queue => queue::bottom(model, fx),
        _ => move_by(model, isize::MAX / 2, fx),
    }
}

pub fn open(model: &mut Model, fx: &mut Vec<Effect>) {
    match model.focus {
        Pane::Queue => {
            if model.queue.current().is_some() {
                focus(model, Pane::Detail, fx);
            }
        }
        Pane::Sla => {
            if let Some(id) = model.sla.timers.get(model.sla.cursor).map(|t| t.ticket_id) {
                show_ticket(model, id, fx);
            }
        }
        Pane::Kb => {
            if kb::current_article(model).is_some() {
                model.kb.reading = true;
                model.kb.reader_scroll = 0;
            }
        }
        Pane::Detail => {}
    }
}

pub fn back(model: &mut Model, fx: &mut Vec<Effect>) {
    match model.focus {
        Pane::Kb if model.kb.reading => model.kb.reading = false,
        Pane::Kb if !model.kb.search.text().is_empty() => kb::clear_search(model, fx),
        Pane::Detail => {
            // Back where the ticket was opened from (the SLA pane, the KB, the queue).
            let to = match model.detail.came_from.take() {
                Some(p) if p != Pane::Detail => p,
                _ => Pane::Queue,
            };
            focus(model, to, fx);
        }
        Pane::Kb | Pane::Sla => focus(model, Pane::Queue, fx),
        Pane::Queue => {
            if !model.queue.selected.is_empty() {
                model.queue.selected.clear();
                say(model, Tone::Info, "selection cleared");
            } else if !model.queue.refinement.is_empty() {
                // Out of a `/` refinement, back to the plain view.
                queue::clear_refinement(model, fx);
            }
        }
    }
}

/// `R`: everything on screen again from the database.
pub fn refresh_all(model: &mut Model, fx: &mut Vec<Effect>) {
    queue::refresh(model, fx);
    if let Some(id) = model.detail.id {
        load_detail(model, id, fx);
    }
    kb::reload(model, fx);
    if model.focus == Pane::Sla {
        fx.push(Effect::Job(Job::Sla(SlaJob::Timers)));
    }
}

/// On a tick: a business clock on screen counted past the working time it was given is read
/// again (queue page, detail, timers), so it never shows a count the store would not.
pub fn reload_stale_sla(model: &mut Model, fx: &mut Vec<Effect>) {
    let now = model.now;
    let q = &model.queue;
    if !q.loading
        && q.rows
            .iter()
            .any(|r| r.sla.as_ref().is_some_and(|b| b.stale_at(now)))
    {
        queue::refresh(model, fx);
    }
    let d = &model.detail;
    if !d.loading
        && let (Some(id), Some(data)) = (d.id, d.data.as_ref())
        && data.sla.iter().any(|b| b.stale_at(now))
    {
        load_detail(model, id, fx);
    }
    if layout::visible_panes(model).contains(&Pane::Sla)
        && model.sla.timers.iter().any(|t| t.badge.stale_at(now))
    {
        fx.push(Effect::Job(Job::Sla(SlaJob::Timers)));
    }
}
