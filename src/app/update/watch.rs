//! What other processes did, as the store thread noticed it: changes by other agents (refresh
//! what is on screen and say the last one), a restore from a backup, the file gone.

use super::super::keymap::Command;
use super::super::model::{Model, Pane, Tone};
use super::super::msg::{Change, Effect, Gone, Job, SlaJob, ViewJob, WatchLoaded};
use super::{kb, panes, queue, say};
use crate::domain::event::Entity;
use crate::domain::text::{fit, one_line};

pub fn loaded(model: &mut Model, l: WatchLoaded, fx: &mut Vec<Effect>) {
    match l {
        WatchLoaded::External(changes) => external(model, changes, fx),
        WatchLoaded::Restored => restored(model, fx),
        WatchLoaded::FileGone { path, how } => file_gone(model, &path, how),
    }
}

/// The database file was deleted or replaced: say so (once, loudly) and stop writing.
fn file_gone(model: &mut Model, path: &str, how: Gone) {
    let quit = model.keymap.name_key(model.focus, Command::Quit);
    let text = match how {
        Gone::Deleted => format!(
            "{path} was deleted while open: nothing more is saved here; quit ({quit}) and reopen"
        ),
        Gone::Replaced => format!(
            "{path} was replaced by another file: nothing more is saved here; quit ({quit}) and reopen to work on it (restore with `tend db restore` instead of moving files)"
        ),
    };
    let text = one_line(&text).into_owned();
    model.read_only = Some(format!(
        "its file was deleted or replaced: quit ({quit}) and reopen"
    ));
    say(model, Tone::Error, text.clone());
    model.file_gone = Some(text);
}

/// Everything on screen may be stale: reload it all, and forget undo steps that belong to the
/// state before the restore.
fn restored(model: &mut Model, fx: &mut Vec<Effect>) {
    queue::refresh(model, fx);
    if let Some(id) = model.detail.id {
        panes::load_detail(model, id, fx);
    }
    kb::reload(model, fx);
    fx.push(Effect::Job(Job::Views(ViewJob::Load)));
    if model.focus == Pane::Sla {
        fx.push(Effect::Job(Job::Sla(SlaJob::Timers)));
    }
    model.undo.clear();
    say(
        model,
        Tone::Info,
        "the desk was restored from a backup: everything was reloaded",
    );
}

/// Other agents changed things: refresh what is on screen, keep the cursor and anything typed.
fn external(model: &mut Model, changes: Vec<Change>, fx: &mut Vec<Effect>) {
    if changes.is_empty() {
        // Something changed but the log does not say what: reload what is on screen.
        queue::refresh(model, fx);
        if let Some(id) = model.detail.id {
            panes::load_detail(model, id, fx);
        }
        return;
    }
    reload_changed(model, &changes, fx);
    // Tell the agent, unless they are busy with something the message would cover.
    if model.overlay.is_none()
        && model.status.as_ref().is_none_or(|s| s.tone != Tone::Error)
        && let Some(last) = changes.last()
    {
        let text = news(last, changes.len());
        say(model, Tone::Info, text);
    }
}

/// Reloads what the changes touch, and whatever pane is showing that may list them.
fn reload_changed(model: &mut Model, changes: &[Change], fx: &mut Vec<Effect>) {
    let tickets: Vec<i64> = changes
        .iter()
        .filter(|c| c.on.entity == Entity::Ticket)
        .filter_map(|c| c.on.id)
        .collect();
    let articles = changes.iter().any(|c| c.on.entity == Entity::Article);
    if changes.iter().any(|c| c.on.entity == Entity::View) {
        fx.push(Effect::Job(Job::Views(ViewJob::Load)));
    }
    let settings = changes.iter().any(|c| c.on.entity == Entity::Settings);
    if !tickets.is_empty() || settings {
        queue::refresh(model, fx);
        fx.push(Effect::Job(Job::Agents(super::super::msg::AgentJob::List)));
    }
    if let Some(id) = model.detail.id
        && (tickets.contains(&id) || settings)
    {
        panes::load_detail(model, id, fx);
    }
    if articles || model.focus == Pane::Kb {
        kb::reload(model, fx);
    }
    if model.focus == Pane::Sla {
        fx.push(Effect::Job(Job::Sla(SlaJob::Timers)));
    }
}

/// "↻ bob: #12 updated status (+2 more)": the last of `n` changes.
fn news(last: &Change, n: usize) -> String {
    let what = match (last.on.entity, last.on.id) {
        (Entity::Article, Some(id)) => format!("KB-{id} {}", one_line(&last.what)),
        (Entity::Ticket, Some(id)) => format!("#{id} {}", one_line(&last.what)),
        // Views and settings are named in `what`; their ids would read like tickets.
        _ => one_line(&last.what).into_owned(),
    };
    let more = if n > 1 {
        format!(" (+{} more)", n - 1)
    } else {
        String::new()
    };
    format!(
        "↻ {}: {}{more}",
        fit(&one_line(&last.actor), 20),
        fit(&what, 50)
    )
}
