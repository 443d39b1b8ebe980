//! Answers from the store: pages, details, searches, saves (with conflicts), and changes made
//! by other agents.

use super::super::model::{ConflictView, DraftKey, Model, Overlay, Pane, Target, Tone, UndoStep};
use super::super::msg::{Change, Effect, Job, Loaded, UpdateItem, UpdateResult};
use super::super::undo;
use super::{kb, panes, queue, say};
use crate::domain::conversation::EntryKind;
use crate::domain::event::Entity;
use crate::domain::text::{count, fit, one_line};
use crate::domain::ticket::Ticket;

pub fn apply(model: &mut Model, l: Loaded, fx: &mut Vec<Effect>) {
    match l {
        Loaded::Page { window, at, result } => queue::page_loaded(model, window, at, result, fx),
        Loaded::Count { generation, total } => {
            if generation == model.queue.generation {
                model.queue.total = Some(total);
            }
        }
        Loaded::Detail { id, result } => {
            if model.detail.goto == Some(id) {
                model.detail.goto = None;
                if let Err(e) = &result {
                    // The store's words for a ticket that is not there.
                    let text = if *e == format!("no ticket #{id}") {
                        format!("#{id} does not exist")
                    } else {
                        format!("#{id}: {e}")
                    };
                    return say(model, Tone::Error, text);
                }
                // It exists: it becomes the current ticket, shown from this answer.
                if model.focus != Pane::Detail {
                    model.detail.came_from = Some(model.focus);
                }
                model.focus = Pane::Detail;
                model.detail.id = Some(id);
                model.detail.scroll = 0;
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
        Loaded::Kb { generation, result } => kb::loaded(model, generation, result),
        Loaded::SlaTimers(mut timers) => {
            // Breached, then at risk, then the least time left.
            timers.sort_by_key(|t| {
                (
                    t.badge.state,
                    t.badge.remaining_secs.unwrap_or(i64::MAX),
                    t.ticket_id,
                )
            });
            model.sla.timers = timers;
            model.sla.loaded = true;
            model.sla.cursor = model
                .sla
                .cursor
                .min(model.sla.timers.len().saturating_sub(1));
        }
        Loaded::Agents(names) => {
            model.agents = names;
            // An assign prompt already open offers them too.
            let completions = super::actions::assignee_completions(model);
            if let Some(Overlay::Prompt {
                purpose: super::super::model::PromptFor::Assign(_),
                completions: c,
                ..
            }) = &mut model.overlay
            {
                *c = completions;
            }
        }
        Loaded::ArticleCreated { id, message } => {
            say(model, Tone::Success, message);
            model.drafts.remove(&DraftKey::Article(None));
            kb::select_new(model, id, fx);
        }
        Loaded::Updated {
            label,
            undoable,
            results,
        } => {
            updated(model, label, undoable, results, fx);
            fx.push(Effect::Job(Job::Agents));
        }
        Loaded::EntryAdded {
            id,
            kind,
            body,
            result,
        } => {
            let (what, key) = match kind {
                EntryKind::Reply => ("reply", DraftKey::Reply(id)),
                EntryKind::Note => ("internal note", DraftKey::Note(id)),
            };
            match result {
                Ok(()) => {
                    model.drafts.remove(&key);
                    say(model, Tone::Success, format!("{what} added to #{id}"));
                    reload_ticket(model, id, fx);
                }
                Err(e) => {
                    model.drafts.insert(key, body);
                    let again = if kind == EntryKind::Reply { 'r' } else { 'i' };
                    say(
                        model,
                        Tone::Error,
                        format!("not sent, your text is kept ({again} reopens it): {e}"),
                    );
                }
            }
        }
        Loaded::Done {
            result,
            tickets,
            select,
            articles,
            clear_draft,
        } => {
            match result {
                Ok(m) => {
                    say(model, Tone::Success, m);
                    if let Some(k) = clear_draft {
                        model.drafts.remove(&k);
                        model.draft_versions.remove(&k);
                    }
                }
                Err(e) => say(model, Tone::Error, e),
            }
            if let Some(id) = select {
                panes::show_ticket(model, id, fx);
                queue::refresh(model, fx);
                fx.push(Effect::Job(Job::Agents));
            } else {
                for id in tickets {
                    reload_ticket(model, id, fx);
                }
            }
            if articles {
                kb::reload(model, fx);
            }
        }
        Loaded::ArticleConflict {
            id,
            theirs,
            patch,
            draft,
            by,
        } => {
            let mut fields = Vec::new();
            let short = |s: &str| fit(&one_line(s), 60);
            if let Some(t) = &patch.title {
                fields.push(("title".into(), short(&theirs.title), short(t)));
            }
            if let Some(s) = patch.state {
                fields.push(("state".into(), theirs.state.to_string(), s.to_string()));
            }
            if let Some(b) = &patch.body {
                fields.push((
                    "body".into(),
                    count(theirs.body.lines().count() as i64, "line"),
                    count(b.lines().count() as i64, "line"),
                ));
            }
            model.overlay = Some(Overlay::Conflict(Box::new(ConflictView {
                subject: format!("KB-{id} {}", short(&theirs.title)),
                by,
                fields,
                reapply: Job::UpdateArticle {
                    id,
                    patch,
                    if_version: theirs.version,
                    draft: draft.clone(),
                },
                draft: Some((DraftKey::Article(Some(id)), draft)),
            })));
        }
        Loaded::ArticleSaveFailed { id, draft, error } => {
            model.drafts.insert(DraftKey::Article(id), draft);
            say(
                model,
                Tone::Error,
                format!("{error} (your text is kept: edit again)"),
            );
        }
        Loaded::External(changes) => external(model, changes, fx),
        Loaded::Views { result, show } => super::views_loaded(model, result, show, fx),
        Loaded::Restored => restored(model, fx),
        Loaded::FileGone(text) => {
            model.read_only = Some("its file was deleted or replaced: quit (q) and reopen".into());
            say(model, Tone::Error, text.clone());
            model.file_gone = Some(text);
        }
    }
}

/// Everything on screen may be stale: reload it all, and forget undo steps that belong to the
/// state before the restore.
fn restored(model: &mut Model, fx: &mut Vec<Effect>) {
    queue::refresh(model, fx);
    if let Some(id) = model.detail.id {
        panes::load_detail(model, id, fx);
    }
    kb::reload(model, fx);
    fx.push(Effect::Job(Job::Views(super::super::msg::ViewJob::Load)));
    if model.focus == Pane::Sla {
        fx.push(Effect::Job(Job::SlaTimers));
    }
    model.undo.clear();
    say(
        model,
        Tone::Info,
        "the desk was restored from a backup: everything was reloaded",
    );
}

/// Reloads what shows ticket `id`: the queue (keeping the cursor) and the detail.
fn reload_ticket(model: &mut Model, id: i64, fx: &mut Vec<Effect>) {
    queue::refresh(model, fx);
    if model.detail.id == Some(id) {
        panes::load_detail(model, id, fx);
    }
}

fn updated(
    model: &mut Model,
    label: String,
    undoable: bool,
    results: Vec<(UpdateItem, UpdateResult)>,
    fx: &mut Vec<Effect>,
) {
    let mut undo_items = Vec::new();
    let (mut saved, mut unchanged, mut conflicts, mut failed) = (0, 0, Vec::new(), Vec::new());
    for (item, result) in &results {
        match result {
            UpdateResult::Saved { ticket, changes } => {
                if changes.is_empty() {
                    unchanged += 1;
                    continue;
                }
                saved += 1;
                model.drafts.remove(&DraftKey::Edit(ticket.id));
                model.draft_versions.remove(&DraftKey::Edit(ticket.id));
                if let Some(patch) = undo::inverse(changes) {
                    undo_items.push(UpdateItem {
                        target: Target {
                            id: ticket.id,
                            version: Some(ticket.version),
                        },
                        patch,
                    });
                }
            }
            UpdateResult::Conflict { theirs, by } => {
                conflicts.push((item.clone(), theirs.clone(), by.clone()))
            }
            UpdateResult::Failed(e) => failed.push((item.target.id, e.clone())),
        }
    }
    if !undoable {
        // An undo: the steps before it were recorded against the version the undone change
        // started from; the ticket is back in that state, now at the version this save made.
        for (item, result) in &results {
            if let (UpdateResult::Saved { ticket, changes }, Some(v)) =
                (result, item.target.version)
                && !changes.is_empty()
            {
                for step in &mut model.undo {
                    for i in &mut step.items {
                        if i.target.id == ticket.id && i.target.version == Some(v - 1) {
                            i.target.version = Some(ticket.version);
                        }
                    }
                }
            }
        }
    }
    if undoable && !undo_items.is_empty() {
        model.undo.push(UndoStep {
            label: label.clone(),
            items: undo_items,
        });
        if model.undo.len() > 50 {
            model.undo.remove(0);
        }
    }
    if results.len() == 1 && conflicts.len() == 1 {
        let (item, theirs, by) = conflicts.remove(0);
        let mut view = conflict_view(&label, item, &theirs, by, undoable);
        // An edit typed in the editor stays a draft if the agent keeps theirs.
        let key = DraftKey::Edit(theirs.id);
        view.draft = model.drafts.get(&key).map(|t| (key, t.clone()));
        model.overlay = Some(Overlay::Conflict(Box::new(view)));
    } else if !failed.is_empty() || !conflicts.is_empty() {
        let mut parts = Vec::new();
        if saved > 0 {
            parts.push(format!("{saved} saved"));
        }
        if !conflicts.is_empty() {
            let ids: Vec<String> = conflicts
                .iter()
                .map(|(i, _, _)| format!("#{}", i.target.id))
                .collect();
            parts.push(format!(
                "changed by someone else first, left alone: {}",
                ids.join(" ")
            ));
        }
        for (id, e) in failed.iter().take(3) {
            parts.push(if results.len() == 1 {
                e.clone()
            } else {
                format!("#{id}: {e}")
            });
        }
        say(model, Tone::Error, format!("{label}: {}", parts.join("; ")));
    } else if saved == 0 && unchanged > 0 {
        say(model, Tone::Info, format!("{label}: nothing to change"));
    } else if let Some(undone) = label.strip_prefix("undo ").filter(|_| !undoable) {
        // Say what the undo put back: the fields as they are now, not the change undone.
        let now = match results.as_slice() {
            [(_, UpdateResult::Saved { changes, .. })] => undo::now_text(changes),
            _ => format!("{saved} tickets put back"),
        };
        say(model, Tone::Success, format!("undid {undone}: {now}"));
    } else {
        let undo_hint = if undoable { " (u undoes)" } else { "" };
        say(model, Tone::Success, format!("{label}: saved{undo_hint}"));
        if results.len() > 1 {
            model.queue.selected.clear();
        }
    }
    queue::refresh(model, fx);
    if let Some(id) = model.detail.id
        && results.iter().any(|(i, _)| i.target.id == id)
    {
        panes::load_detail(model, id, fx);
    }
}

/// Both sides of a conflict, field by field, and the job that saves yours over theirs.
fn conflict_view(
    label: &str,
    item: UpdateItem,
    theirs: &Ticket,
    by: String,
    undoable: bool,
) -> ConflictView {
    let p = &item.patch;
    let opt = |v: &Option<String>| {
        v.as_deref()
            .map(|s| fit(&one_line(s), 40))
            .unwrap_or_else(|| "-".into())
    };
    let mut fields: Vec<(String, String, String)> = Vec::new();
    let mut add = |f: &str, theirs: String, yours: String| fields.push((f.into(), theirs, yours));
    if let Some(s) = p.status {
        add("status", theirs.status.to_string(), s.to_string());
    }
    if let Some(r) = &p.pending_reason {
        add(
            "pending reason",
            opt(&theirs.pending_reason),
            fit(&one_line(r), 40),
        );
    }
    if let Some(t) = &p.title {
        add(
            "title",
            fit(&one_line(&theirs.title), 40),
            fit(&one_line(t), 40),
        );
    }
    if let Some(d) = &p.description {
        add(
            "description",
            count(theirs.description.lines().count() as i64, "line"),
            count(d.lines().count() as i64, "line"),
        );
    }
    if let Some(k) = p.kind {
        add("kind", theirs.kind.to_string(), k.to_string());
    }
    if let Some(i) = p.impact {
        add("impact", theirs.impact.to_string(), i.to_string());
    }
    if let Some(u) = p.urgency {
        add("urgency", theirs.urgency.to_string(), u.to_string());
    }
    if let Some(pr) = p.priority {
        let yours = match pr {
            crate::domain::ticket::PrioritySetting::Auto => "auto".to_string(),
            crate::domain::ticket::PrioritySetting::Manual(n) => n.to_string(),
        };
        add("priority", theirs.priority.to_string(), yours);
    }
    for (f, mine, now) in [
        ("assignee", &p.assignee, &theirs.assignee),
        ("requester", &p.requester, &theirs.requester),
        ("group", &p.group, &theirs.group),
        ("service", &p.service, &theirs.service),
        ("category", &p.category, &theirs.category),
    ] {
        if let Some(v) = mine {
            add(f, opt(now), opt(v));
        }
    }
    if !p.add_tags.is_empty() || !p.remove_tags.is_empty() {
        let mut yours: Vec<String> = p.add_tags.iter().map(|t| format!("+{t}")).collect();
        yours.extend(p.remove_tags.iter().map(|t| format!("-{t}")));
        add("tags", theirs.tags.join(", "), yours.join(" "));
    }
    ConflictView {
        subject: format!("#{} {}", theirs.id, fit(&one_line(&theirs.title), 50)),
        by,
        fields,
        reapply: Job::Update {
            label: label.to_string(),
            items: vec![UpdateItem {
                target: Target {
                    id: theirs.id,
                    version: Some(theirs.version),
                },
                patch: item.patch.clone(),
            }],
            undoable,
        },
        draft: None,
    }
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
    let tickets: Vec<i64> = changes
        .iter()
        .filter(|c| c.on.entity == Entity::Ticket)
        .filter_map(|c| c.on.id)
        .collect();
    let articles = changes.iter().any(|c| c.on.entity == Entity::Article);
    if changes.iter().any(|c| c.on.entity == Entity::View) {
        fx.push(Effect::Job(Job::Views(super::super::msg::ViewJob::Load)));
    }
    let settings = changes.iter().any(|c| c.on.entity == Entity::Settings);
    if !tickets.is_empty() || settings {
        queue::refresh(model, fx);
        fx.push(Effect::Job(Job::Agents));
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
        fx.push(Effect::Job(Job::SlaTimers));
    }
    // Tell the agent, unless they are busy with something the message would cover.
    if model.overlay.is_none()
        && model.status.as_ref().is_none_or(|s| s.tone != Tone::Error)
        && let Some(last) = changes.last()
    {
        let what = match (last.on.entity, last.on.id) {
            (Entity::Article, Some(id)) => format!("KB-{id} {}", one_line(&last.what)),
            (Entity::Ticket, Some(id)) => format!("#{id} {}", one_line(&last.what)),
            // Views and settings are named in `what`; their ids would read like tickets.
            _ => one_line(&last.what).into_owned(),
        };
        let more = if changes.len() > 1 {
            format!(" (+{} more)", changes.len() - 1)
        } else {
            String::new()
        };
        say(
            model,
            Tone::Info,
            format!(
                "↻ {}: {}{more}",
                fit(&one_line(&last.actor), 20),
                fit(&what, 50)
            ),
        );
    }
}
