//! `update(model, msg) -> effects`: the only code that changes the model. Keys go to the open
//! overlay, then to an open text field, then through the keymap to a command.

mod actions;
mod agents;
mod detail;
mod edited;
mod kb;
mod kb_saves;
mod overlays;
pub(crate) use overlays::{palette_items, ticket_number};
mod panes;
mod queue;
mod queue_pages;
mod saved_views;
mod sla;
mod ticket_saves;
mod watch;

use super::keymap::Command;
use super::keys::Key;
use super::model::{Model, Pane, StatusLine, Tone};
use super::msg::{AgentJob, Effect, Job, Loaded, Msg};

pub use queue::{PAGE, WINDOW_MAX};

/// The effects to start with: the first view's first page.
pub fn init(model: &mut Model) -> Vec<Effect> {
    let mut fx = Vec::new();
    let _ = queue::apply(model, 0, "", &mut fx);
    fx.push(Effect::Job(Job::Agents(AgentJob::List)));
    fx
}

pub fn update(model: &mut Model, msg: Msg) -> Vec<Effect> {
    let mut fx = Vec::new();
    match msg {
        Msg::Key(k) => key(model, k, &mut fx),
        Msg::Resize(w, h) => {
            model.size = (w, h);
            queue::keep_visible(model);
            panes::clamp_scrolls(model);
            panes::sync(model, &mut fx);
        }
        Msg::Mouse(m) => mouse(model, m, &mut fx),
        Msg::Tick(now) => {
            model.now = now;
            panes::reload_stale_sla(model, &mut fx);
        }
        Msg::Loaded(l) => loaded(model, l, &mut fx),
        Msg::CopyFailed(why) => say(model, Tone::Error, format!("not copied: {why}")),
        Msg::Edited { purpose, result } => edited::finished(model, purpose, result, &mut fx),
    }
    fx
}

/// A job's answer, to its feature's handler.
fn loaded(model: &mut Model, l: Loaded, fx: &mut Vec<Effect>) {
    match l {
        Loaded::Queue(l) => queue_pages::loaded(model, l, fx),
        Loaded::Detail(l) => detail::loaded(model, l, fx),
        Loaded::Tickets(l) => ticket_saves::loaded(model, l, fx),
        Loaded::Kb(l) => kb_saves::loaded(model, l, fx),
        Loaded::Sla(l) => sla::loaded(model, l),
        Loaded::Agents(l) => agents::loaded(model, l),
        Loaded::Views(l) => saved_views::views_loaded(model, l, fx),
        Loaded::Watch(l) => watch::loaded(model, l, fx),
    }
}

/// "(y/n)" for a question, with the keys that answer it.
pub(crate) fn yes_no(model: &Model) -> String {
    let key = |c| model.keymap.name_dialog_key(c);
    format!("({}/{})", key(Command::Yes), key(Command::No))
}

pub(crate) fn say(model: &mut Model, tone: Tone, text: impl Into<String>) {
    model.status = Some(StatusLine {
        text: text.into(),
        tone,
    });
}

fn key(model: &mut Model, k: Key, fx: &mut Vec<Effect>) {
    if super::layout::too_small(model.size) {
        // Nothing is on screen to act on; quitting still works.
        if model.keymap.lookup(Pane::Queue, k) == Some(Command::Quit) {
            quit(model, fx);
        }
        return;
    }
    if model.overlay.is_some() {
        overlays::key(model, k, fx);
        return;
    }
    if model.queue.input.is_some() {
        queue::input_key(model, k, fx);
        return;
    }
    if model.kb.typing && model.focus == Pane::Kb {
        kb::search_key(model, k, fx);
        return;
    }
    model.status = None;
    if let Some(cmd) = model.keymap.lookup(model.focus, k) {
        command(model, cmd, fx);
    }
}

/// The wheel scrolls what is under the pointer; a click picks a tab, a queue row or an article.
fn mouse(model: &mut Model, m: super::msg::Mouse, fx: &mut Vec<Effect>) {
    use super::msg::MouseKind;
    if model.overlay.is_some() || super::layout::too_small(model.size) {
        return;
    }
    let a = super::layout::areas(model);
    let inside = |r: Option<ratatui::layout::Rect>| {
        r.is_some_and(|r| r.contains(ratatui::layout::Position::new(m.x, m.y)))
    };
    let pane = [
        (Pane::Queue, a.queue),
        (Pane::Detail, a.detail),
        (Pane::Sla, a.sla),
        (Pane::Kb, a.kb),
    ]
    .into_iter()
    .find(|(_, r)| inside(*r))
    .map(|(p, _)| p);
    match m.kind {
        MouseKind::WheelUp | MouseKind::WheelDown => {
            if let Some(p) = pane
                && p != model.focus
            {
                panes::focus(model, p, fx);
            }
            let d = if m.kind == MouseKind::WheelUp { -3 } else { 3 };
            panes::move_by(model, d, fx);
        }
        MouseKind::Click if m.y == 0 => {
            if let Some(p) = super::layout::tab_at(m.x) {
                panes::focus(model, p, fx);
            }
        }
        MouseKind::Click => match (pane, a.queue) {
            (Some(Pane::Queue), Some(r)) => {
                let top = r.y + super::layout::queue_chrome(model);
                if m.y >= top {
                    let row = model.queue.offset + usize::from(m.y - top);
                    if row < model.queue.rows.len() {
                        if model.focus != Pane::Queue {
                            panes::focus(model, Pane::Queue, fx);
                        }
                        let d = row as isize - model.queue.cursor as isize;
                        panes::move_by(model, d, fx);
                    }
                }
            }
            (Some(p), _) if p != model.focus => panes::focus(model, p, fx),
            _ => {}
        },
    }
}

fn quit(model: &mut Model, fx: &mut Vec<Effect>) {
    model.quit = true;
    fx.push(Effect::Quit);
}

/// Runs a command (from a key or the palette).
pub(crate) fn command(model: &mut Model, cmd: Command, fx: &mut Vec<Effect>) {
    use Command as C;
    match cmd {
        C::Up => panes::move_by(model, -1, fx),
        C::Down => panes::move_by(model, 1, fx),
        C::PageDown => {
            let page = panes::page(model) as isize;
            panes::move_by(model, page, fx);
        }
        C::PageUp => {
            let page = panes::page(model) as isize;
            panes::move_by(model, -page, fx);
        }
        C::Top => panes::top(model, fx),
        C::Bottom => panes::bottom(model, fx),
        C::NextPane | C::PrevPane => {
            let all = Pane::ALL;
            let i = all.iter().position(|p| *p == model.focus).unwrap_or(0);
            let n = all.len();
            let next = if cmd == C::NextPane {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            panes::focus(model, all[next], fx);
        }
        C::GoQueue => panes::focus(model, Pane::Queue, fx),
        C::GoDetail => panes::focus(model, Pane::Detail, fx),
        C::GoSla => panes::focus(model, Pane::Sla, fx),
        C::GoKb => panes::focus(model, Pane::Kb, fx),
        C::Open => panes::open(model, fx),
        C::Back => panes::back(model, fx),
        C::Filter => match model.focus {
            Pane::Kb => model.kb.typing = true,
            _ => {
                panes::focus(model, Pane::Queue, fx);
                queue::open_input(model);
            }
        },
        C::Palette => overlays::open_palette(model),
        C::Help => model.overlay = Some(super::model::Overlay::Help { scroll: 0 }),
        C::Quit => quit(model, fx),
        C::Suspend => fx.push(Effect::Suspend),
        C::Refresh => {
            panes::refresh_all(model, fx);
            say(model, Tone::Info, "reloaded");
        }
        C::Copy => actions::copy(model, fx),
        C::Undo => actions::undo(model, fx),
        C::NextView | C::PrevView => {
            let n = model.views.len().max(1);
            let i = match (model.queue.view, cmd) {
                (Some(i), C::NextView) => (i + 1) % n,
                (Some(i), _) => (i + n - 1) % n,
                (None, _) => 0,
            };
            queue::switch_view(model, i, fx);
        }
        C::View(i) => {
            panes::focus(model, Pane::Queue, fx);
            queue::switch_view(model, usize::from(i), fx);
        }
        C::SaveView => saved_views::save(model),
        C::DeleteView => saved_views::delete(model),
        C::MoveViewLeft => saved_views::move_by(model, -1, fx),
        C::MoveViewRight => saved_views::move_by(model, 1, fx),
        C::Select => queue::toggle_select(model, fx),
        C::NewTicket => actions::new_ticket(model, fx),
        C::Reply => actions::entry(model, crate::domain::conversation::EntryKind::Reply, fx),
        C::Note => actions::entry(model, crate::domain::conversation::EntryKind::Note, fx),
        C::Assign => actions::assign(model),
        C::AssignMe => actions::assign_me(model, fx),
        C::Status => actions::status(model),
        C::ImpactUrgency => actions::impact(model),
        C::EditFields => actions::edit_fields(model, fx),
        C::Link => actions::link(model),
        C::KbNew => kb::new_article(model),
        C::KbEdit => kb::edit_article(model, fx),
        C::KbLink => kb::link_article(model, fx),
        // Only meaningful inside a dialog (handled there).
        C::Yes | C::No | C::Reapply | C::Drop | C::Complete => {}
    }
}
