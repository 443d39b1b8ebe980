//! Keys while an overlay is open: help, the command palette, prompts, menus, confirmations and
//! the conflict screen.

use super::super::fuzzy;
use super::super::keymap::{self, Command};
use super::super::keys::{Key, KeyCode};
use super::super::line_edit::{Edited, LineEdit};
use super::super::model::{MenuFor, Model, Overlay, Pane, PromptFor, Tone};
use super::super::msg::{EditFor, Effect};
use super::{actions, command, say};
use crate::domain::link::LinkRequest;
use crate::domain::ticket::{Level, Status};

pub fn open_palette(model: &mut Model) {
    model.overlay = Some(Overlay::Palette {
        input: LineEdit::default(),
        cursor: 0,
    });
}

/// The palette's entries for what is typed, best first: (command, key, name, help).
pub fn palette_items(pane: Pane, typed: &str) -> Vec<(Command, Option<Key>)> {
    let mut scored: Vec<(i64, usize, Command, Option<Key>)> = keymap::palette_commands(pane)
        .into_iter()
        .enumerate()
        .filter_map(|(i, (cmd, key))| {
            let (name, help) = cmd.info();
            // Names match fuzzily; the help text only by a plain substring (fuzzy matching
            // over a sentence finds nearly anything).
            let t = typed.trim().to_lowercase();
            let s = fuzzy::score(typed, name)
                .map(|s| s + 1000)
                .or_else(|| help.to_lowercase().contains(&t).then_some(0))?;
            Some((s, i, cmd, key))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, c, k)| (c, k)).collect()
}

/// `123` or `#123` typed in the palette: go to that ticket.
pub fn ticket_number(typed: &str) -> Option<i64> {
    let t = typed.trim();
    let digits = t.strip_prefix('#').unwrap_or(t);
    digits.parse::<i64>().ok().filter(|n| *n > 0)
}

fn is(k: Key, code: KeyCode) -> bool {
    k == Key::plain(code)
}

/// Up and down in a list overlay: arrows, C-p/C-n, and j/k where nothing is typed.
fn vertical(k: Key, typing: bool) -> Option<isize> {
    match k.code {
        KeyCode::Up => Some(-1),
        KeyCode::Down => Some(1),
        KeyCode::Char('p') if k.ctrl => Some(-1),
        KeyCode::Char('n') if k.ctrl => Some(1),
        KeyCode::Char('k') if !typing && !k.ctrl => Some(-1),
        KeyCode::Char('j') if !typing && !k.ctrl => Some(1),
        _ => None,
    }
}

pub fn key(model: &mut Model, k: Key, fx: &mut Vec<Effect>) {
    let Some(overlay) = model.overlay.take() else {
        return;
    };
    if k == Key::ctrl('c') {
        // Ctrl-c always gets out: of the overlay, and of the app.
        super::quit(model, fx);
        return;
    }
    match overlay {
        Overlay::Help { scroll } => {
            let step = match keymap::lookup(Pane::Sla, k) {
                Some(Command::Down) => 1,
                Some(Command::Up) => -1,
                Some(Command::PageDown) => 10,
                Some(Command::PageUp) => -10,
                Some(Command::Top) => -10_000,
                Some(Command::Bottom) => 10_000,
                Some(Command::Help | Command::Back | Command::Quit) => return,
                _ => 0,
            };
            let max = super::super::help::max_scroll(model.size) as isize;
            let scroll = (scroll as isize + step).clamp(0, max) as usize;
            model.overlay = Some(Overlay::Help { scroll });
        }
        Overlay::Palette { mut input, cursor } => {
            if is(k, KeyCode::Esc) {
                return;
            }
            let items = palette_items(model.focus, input.text());
            if is(k, KeyCode::Enter)
                && let Some(id) = ticket_number(input.text())
            {
                super::panes::show_ticket(model, id, fx);
                return;
            }
            if is(k, KeyCode::Enter) {
                if let Some((cmd, _)) = items.get(cursor) {
                    command(model, *cmd, fx);
                }
                return;
            }
            let cursor = if let Some(d) = vertical(k, true) {
                (cursor as isize + d).clamp(0, items.len().saturating_sub(1) as isize) as usize
            } else if input.key(k) == Edited::Changed {
                0
            } else {
                cursor
            };
            model.overlay = Some(Overlay::Palette { input, cursor });
        }
        Overlay::Prompt {
            title,
            mut input,
            purpose,
            completions,
        } => {
            if is(k, KeyCode::Esc) {
                return say(model, Tone::Info, "cancelled");
            }
            if is(k, KeyCode::Enter) {
                return prompt_answered(model, purpose, input.text().trim().to_string(), fx);
            }
            if is(k, KeyCode::Tab) {
                let typed = input.text().to_lowercase();
                if let Some(c) = completions
                    .iter()
                    .find(|c| c.to_lowercase().starts_with(&typed) && c.len() > typed.len())
                {
                    input.set(c);
                }
            } else {
                input.key(k);
            }
            model.overlay = Some(Overlay::Prompt {
                title,
                input,
                purpose,
                completions,
            });
        }
        Overlay::Menu {
            title,
            items,
            cursor,
            purpose,
        } => {
            if is(k, KeyCode::Esc) {
                return say(model, Tone::Info, "cancelled");
            }
            let picked = if is(k, KeyCode::Enter) {
                items.get(cursor).cloned()
            } else if let Some(c) = k.typed_char().filter(|c| !matches!(c, 'j' | 'k')) {
                items.iter().find(|i| i.key == c).cloned()
            } else {
                None
            };
            if let Some(item) = picked {
                return menu_picked(model, purpose, &item.value, fx);
            }
            let cursor = match vertical(k, false) {
                Some(d) => {
                    (cursor as isize + d).clamp(0, items.len().saturating_sub(1) as isize) as usize
                }
                None => cursor,
            };
            model.overlay = Some(Overlay::Menu {
                title,
                items,
                cursor,
                purpose,
            });
        }
        Overlay::Confirm { question, job } => match k.typed_char() {
            Some('y' | 'Y') => fx.push(Effect::Job(*job)),
            Some('n' | 'N' | 'q') => say(model, Tone::Info, "cancelled"),
            _ if is(k, KeyCode::Esc) => say(model, Tone::Info, "cancelled"),
            _ => model.overlay = Some(Overlay::Confirm { question, job }),
        },
        Overlay::Conflict(c) => match k.typed_char() {
            Some('r') => {
                say(
                    model,
                    Tone::Info,
                    format!("saving yours over theirs: {}", c.subject),
                );
                fx.push(Effect::Job(c.reapply));
            }
            Some('d') | Some('q') => dropped(model, *c, fx),
            _ if is(k, KeyCode::Esc) => dropped(model, *c, fx),
            _ => model.overlay = Some(Overlay::Conflict(c)),
        },
    }
}

fn dropped(model: &mut Model, c: super::super::model::ConflictView, fx: &mut Vec<Effect>) {
    let kept = match c.draft {
        Some((key, text)) => {
            model.drafts.insert(key, text);
            " (your text is kept as a draft: e to edit it again)"
        }
        None => "",
    };
    say(
        model,
        Tone::Info,
        format!("dropped your change: {}{kept}", c.subject),
    );
    super::panes::refresh_all(model, fx);
}

fn prompt_answered(model: &mut Model, purpose: PromptFor, answer: String, fx: &mut Vec<Effect>) {
    match purpose {
        PromptFor::Assign(targets) => actions::assign_to(model, &targets, &answer, fx),
        PromptFor::PendingReason(targets) => {
            if answer.is_empty() {
                return say(
                    model,
                    Tone::Error,
                    "a pending ticket needs a reason: nothing changed",
                );
            }
            let label = if targets.len() == 1 {
                format!("#{} → pending ({answer})", targets[0].id)
            } else {
                format!("{} tickets → pending ({answer})", targets.len())
            };
            let patch = crate::domain::ticket::TicketPatch {
                status: Some(Status::Pending),
                pending_reason: Some(answer),
                ..Default::default()
            };
            actions::save(model, label, &targets, patch, fx);
        }
        PromptFor::LinkTo(from) => {
            let id = answer.trim_start_matches('#').parse::<i64>();
            match id {
                Ok(to) if to > 0 && to != from => actions::link_kind_menu(model, from, to),
                Ok(to) if to == from => {
                    say(model, Tone::Error, "a ticket cannot be linked to itself")
                }
                _ => say(
                    model,
                    Tone::Error,
                    format!(
                        "'{}' is not a ticket number",
                        crate::domain::text::one_line(&answer)
                    ),
                ),
            }
        }
        PromptFor::ArticleTitle => {
            if answer.is_empty() {
                return say(model, Tone::Info, "cancelled: no title");
            }
            let key = super::super::model::DraftKey::Article(None);
            let text = model
                .drafts
                .get(&key)
                .cloned()
                .unwrap_or_else(|| super::super::form::article_form(None, &answer));
            fx.push(Effect::Edit {
                purpose: EditFor::NewArticle { title: answer },
                text,
            });
        }
    }
}

fn menu_picked(model: &mut Model, purpose: MenuFor, value: &str, fx: &mut Vec<Effect>) {
    match purpose {
        MenuFor::Status(targets) => {
            if let Ok(s) = value.parse::<Status>() {
                actions::status_picked(model, targets, s, fx);
            }
        }
        MenuFor::Impact(targets) => {
            if let Ok(l) = value.parse::<Level>() {
                actions::impact_picked(model, targets, l);
            }
        }
        MenuFor::Urgency(targets, impact) => {
            if let Ok(u) = value.parse::<Level>() {
                actions::urgency_picked(model, targets, impact, u, fx);
            }
        }
        MenuFor::LinkKind { from, to } => {
            if let Ok(request) = value.parse::<LinkRequest>() {
                fx.push(Effect::Job(super::super::msg::Job::Link {
                    from,
                    to,
                    request,
                }));
            }
        }
    }
}
