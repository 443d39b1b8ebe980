//! Keys while an overlay is open: help, the command palette, prompts, menus, confirmations and
//! the conflict screen.

use super::super::fuzzy;
use super::super::keymap::Command;
use super::super::keys::Key;
use super::super::line_edit::{Edited, LineEdit};
use super::super::model::{DraftKey, MenuFor, MenuItem, Model, Overlay, Pane, PromptFor, Tone};
use super::super::msg::{EditFor, Effect, Job, TicketJob};
use super::{actions, command, say};
use crate::domain::link::LinkRequest;
use crate::domain::ticket::{Level, Status};

pub fn open_palette(model: &mut Model) {
    model.overlay = Some(Overlay::Palette {
        input: LineEdit::default(),
        cursor: 0,
    });
}

/// The palette's entries for what is typed, best first: (command, key).
pub fn palette_items(model: &Model, typed: &str) -> Vec<(Command, Option<Key>)> {
    let commands = model
        .keymap
        .palette_commands(model.focus, model.views.len());
    let mut scored: Vec<(i64, usize, Command, Option<Key>)> = commands
        .into_iter()
        .enumerate()
        .filter_map(|(i, (cmd, key))| {
            let (name, help) = super::super::keymap::entry(cmd, &model.views);
            // Names match fuzzily; the help text only by a plain substring (fuzzy matching
            // over a sentence finds nearly anything).
            let t = typed.trim().to_lowercase();
            let s = fuzzy::score(typed, &name)
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
    crate::domain::ticket::parse_ticket_number(typed)
}

/// Moves a list cursor by an Up/Down/Page/Top/Bottom command.
fn moved(cursor: usize, len: usize, cmd: Option<Command>) -> Option<usize> {
    let step: isize = match cmd? {
        Command::Up => -1,
        Command::Down => 1,
        Command::PageUp => -10,
        Command::PageDown => 10,
        Command::Top => -100_000,
        Command::Bottom => 100_000,
        _ => return None,
    };
    Some((cursor as isize + step).clamp(0, len.saturating_sub(1) as isize) as usize)
}

pub fn key(model: &mut Model, k: Key, fx: &mut Vec<Effect>) {
    let Some(overlay) = model.overlay.take() else {
        return;
    };
    let cmd = model.keymap.lookup_dialog(k);
    if cmd == Some(Command::Quit) && k.typed_char().is_none() {
        // Ctrl-c always gets out: of the dialog, and of the app.
        super::quit(model, fx);
        return;
    }
    match overlay {
        Overlay::Help { scroll } => {
            if matches!(cmd, Some(Command::Help | Command::Back | Command::Quit)) {
                return;
            }
            let max = super::super::help::max_scroll(model);
            let scroll = moved(scroll, max + 1, cmd).unwrap_or(scroll);
            model.overlay = Some(Overlay::Help { scroll });
        }
        Overlay::Palette { input, cursor } => palette_key(model, input, cursor, k, cmd, fx),
        Overlay::Prompt {
            title,
            input,
            purpose,
            completions,
        } => {
            let prompt = Prompt {
                title,
                input,
                purpose,
                completions,
            };
            prompt_key(model, prompt, k, cmd, fx)
        }
        Overlay::Menu {
            title,
            items,
            cursor,
            purpose,
        } => menu_key(model, (title, items, cursor, purpose), k, cmd, fx),
        Overlay::Confirm { question, job } => match cmd {
            Some(Command::Yes) => {
                model.undo_asked = None;
                fx.push(Effect::Job(*job))
            }
            Some(Command::No | Command::Back | Command::Quit) => {
                // An undo not taken stays the next one `u` offers.
                if let Some(step) = model.undo_asked.take() {
                    model.undo.push(step);
                }
                say(model, Tone::Info, "cancelled")
            }
            _ => model.overlay = Some(Overlay::Confirm { question, job }),
        },
        Overlay::Conflict(c) => match cmd {
            Some(Command::Reapply) => {
                say(
                    model,
                    Tone::Info,
                    format!("saving yours over theirs: {}", c.subject),
                );
                fx.push(Effect::Job(c.reapply));
            }
            Some(Command::Drop | Command::Back | Command::Quit) => dropped(model, *c, fx),
            _ => model.overlay = Some(Overlay::Conflict(c)),
        },
    }
}

/// A key in the `:` palette: typed text first (j, k, y, n ... are letters here), then Enter
/// runs the command or opens the ticket typed.
fn palette_key(
    model: &mut Model,
    mut input: LineEdit,
    cursor: usize,
    k: Key,
    cmd: Option<Command>,
    fx: &mut Vec<Effect>,
) {
    if input.key(k) == Edited::Changed {
        model.overlay = Some(Overlay::Palette { input, cursor: 0 });
        return;
    }
    let items = palette_items(model, input.text());
    match cmd {
        Some(Command::Back) => {}
        Some(Command::Open) => {
            if let Some(id) = ticket_number(input.text()) {
                super::panes::goto_ticket(model, id, fx);
            } else if let Some((c, _)) = items.get(cursor) {
                command(model, *c, fx);
            } else if !input.text().trim().is_empty() {
                no_match(model, input.text());
            }
        }
        other => {
            let cursor = moved(cursor, items.len(), other).unwrap_or(cursor);
            model.overlay = Some(Overlay::Palette { input, cursor });
        }
    }
}

/// The palette never closes without a word: a number no ticket can have, or no match.
fn no_match(model: &mut Model, typed: &str) {
    let typed = crate::domain::text::fit(&crate::domain::text::one_line(typed.trim()), 30);
    let digits = typed.trim_start_matches('#');
    let msg = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        format!("#{digits} is not a ticket number (tickets count from #1)")
    } else {
        format!("no command matches '{typed}'")
    };
    say(model, Tone::Error, msg);
}

/// An open prompt's parts, as `Overlay::Prompt` holds them.
struct Prompt {
    title: String,
    input: LineEdit,
    purpose: PromptFor,
    completions: Vec<String>,
}

impl Prompt {
    fn reopen(self, model: &mut Model) {
        model.overlay = Some(Overlay::Prompt {
            title: self.title,
            input: self.input,
            purpose: self.purpose,
            completions: self.completions,
        });
    }
}

/// A key in a prompt: typed text first, then Enter answers, Esc cancels, Tab completes.
fn prompt_key(
    model: &mut Model,
    mut p: Prompt,
    k: Key,
    cmd: Option<Command>,
    fx: &mut Vec<Effect>,
) {
    if p.input.key(k) != Edited::Ignored {
        return p.reopen(model);
    }
    match cmd {
        Some(Command::Back) => say(model, Tone::Info, "cancelled"),
        Some(Command::Open) => {
            prompt_answered(model, p.purpose, p.input.text().trim().to_string(), fx)
        }
        Some(Command::Complete) => {
            let typed = p.input.text().to_lowercase();
            if let Some(c) = p
                .completions
                .iter()
                .find(|c| c.to_lowercase().starts_with(&typed) && c.len() > typed.len())
            {
                p.input.set(c);
            }
            p.reopen(model);
        }
        _ => p.reopen(model),
    }
}

/// A key in a menu: an item's own letter picks it (the letters are data, shown beside each
/// item), Enter picks the one under the cursor, Esc cancels.
fn menu_key(
    model: &mut Model,
    (title, items, cursor, purpose): (String, Vec<MenuItem>, usize, MenuFor),
    k: Key,
    cmd: Option<Command>,
    fx: &mut Vec<Effect>,
) {
    let by_letter = k
        .typed_char()
        .and_then(|c| items.iter().find(|i| i.key == c).cloned());
    let picked = match cmd {
        _ if by_letter.is_some() => by_letter,
        Some(Command::Open) => items.get(cursor).cloned(),
        Some(Command::Back) => return say(model, Tone::Info, "cancelled"),
        _ => None,
    };
    if let Some(item) = picked {
        return menu_picked(model, purpose, &item.value, fx);
    }
    // A status left out of the menu: say why (the menu stays open).
    if let (MenuFor::Status(targets), Some(c)) = (&purpose, k.typed_char())
        && let Some(why) = actions::status_refused(model, targets, c)
    {
        say(model, Tone::Error, why);
    }
    let cursor = moved(cursor, items.len(), cmd).unwrap_or(cursor);
    model.overlay = Some(Overlay::Menu {
        title,
        items,
        cursor,
        purpose,
    });
}

fn dropped(model: &mut Model, c: super::super::model::ConflictView, fx: &mut Vec<Effect>) {
    let kept = match c.draft {
        Some((key, text)) => {
            // The key that opens the draft again: the ticket's edit, or the article's.
            let (pane, edit) = match key {
                DraftKey::Article(_) => (Pane::Kb, Command::KbEdit),
                _ => (Pane::Detail, Command::EditFields),
            };
            model.drafts.insert(key, text);
            let e = model.keymap.name_key(pane, edit);
            format!(" (your text is kept as a draft: {e} to edit it again)")
        }
        None => String::new(),
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
            let id = crate::domain::ticket::parse_ticket_number(&answer);
            match id {
                Some(to) if to != from => actions::link_kind_menu(model, from, to),
                Some(_) => say(model, Tone::Error, "a ticket cannot be linked to itself"),
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
        PromptFor::ViewName => super::saved_views::named(model, &answer),
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
        MenuFor::ViewScope { name } => super::saved_views::scoped(model, name, value, fx),
        MenuFor::LinkKind { from, to } => {
            if let Ok(request) = value.parse::<LinkRequest>() {
                fx.push(Effect::Job(Job::Tickets(TicketJob::Link {
                    from,
                    to,
                    request,
                })));
            }
        }
    }
}
