//! Answers to ticket saves: field changes (undo steps, conflicts, bulk results), replies and
//! notes, new tickets, links. The status line's words for them are made here.

use super::super::keymap::Command;
use super::super::model::{ConflictView, DraftKey, Model, Overlay, Target, Tone, UndoStep};
use super::super::msg::{
    AgentJob, Effect, Job, Linked, TicketJob, TicketLoaded, UpdateItem, UpdateResult,
};
use super::super::undo;
use super::{panes, queue, say};
use crate::domain::conversation::EntryKind;
use crate::domain::text::{count, fit, one_line};
use crate::domain::ticket::{Ticket, TicketPatch};

pub fn loaded(model: &mut Model, l: TicketLoaded, fx: &mut Vec<Effect>) {
    match l {
        TicketLoaded::Updated {
            label,
            undoable,
            results,
        } => {
            updated(model, label, undoable, results, fx);
            fx.push(Effect::Job(Job::Agents(AgentJob::List)));
        }
        TicketLoaded::EntryAdded {
            id,
            kind,
            body,
            result,
        } => entry_added(model, id, kind, body, result, fx),
        TicketLoaded::Created(result) => created(model, result, fx),
        TicketLoaded::Linked { from, to, result } => linked(model, from, to, result, fx),
    }
}

fn entry_added(
    model: &mut Model,
    id: i64,
    kind: EntryKind,
    body: String,
    result: Result<(), String>,
    fx: &mut Vec<Effect>,
) {
    let (what, key, again) = match kind {
        EntryKind::Reply => ("reply", DraftKey::Reply(id), Command::Reply),
        EntryKind::Note => ("internal note", DraftKey::Note(id), Command::Note),
    };
    match result {
        Ok(()) => {
            model.drafts.remove(&key);
            say(model, Tone::Success, format!("{what} added to #{id}"));
            reload_ticket(model, id, fx);
        }
        Err(e) => {
            model.drafts.insert(key, body);
            let again = model.keymap.name_key(model.focus, again);
            say(
                model,
                Tone::Error,
                format!("not sent, your text is kept ({again} reopens it): {e}"),
            );
        }
    }
}

/// A new ticket: shown and selected, its draft dropped; or the error, its text kept.
fn created(model: &mut Model, result: Result<i64, String>, fx: &mut Vec<Effect>) {
    match result {
        Ok(id) => {
            say(model, Tone::Success, format!("opened #{id}"));
            model.drafts.remove(&DraftKey::NewTicket);
            model.draft_versions.remove(&DraftKey::NewTicket);
            panes::show_ticket(model, id, fx);
            queue::refresh(model, fx);
            fx.push(Effect::Job(Job::Agents(AgentJob::List)));
        }
        Err(e) => {
            let again = model.keymap.name_key(model.focus, Command::NewTicket);
            say(
                model,
                Tone::Error,
                format!("new ticket: {e} ({again} opens your text again)"),
            );
        }
    }
}

fn linked(
    model: &mut Model,
    from: i64,
    to: i64,
    result: Result<Linked, String>,
    fx: &mut Vec<Effect>,
) {
    match result {
        Ok(l) => {
            let what = format!("#{} {} #{}", l.from, l.kind.forward_label(), l.to);
            let text = if l.created {
                format!("linked: {what}")
            } else {
                format!("already linked: {what}")
            };
            say(model, Tone::Success, text);
            reload_ticket(model, from, fx);
            reload_ticket(model, to, fx);
        }
        Err(e) => say(model, Tone::Error, e),
    }
}

/// Reloads what shows ticket `id`: the queue (keeping the cursor) and the detail.
pub(super) fn reload_ticket(model: &mut Model, id: i64, fx: &mut Vec<Effect>) {
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
    let mut t = tally(model, &results);
    if undoable {
        record_undo(model, &label, std::mem::take(&mut t.undo_items));
    } else {
        rebase_undo(model, &results);
    }
    if results.len() == 1 && t.conflicts.len() == 1 {
        let (item, theirs, by) = t.conflicts.remove(0);
        let mut view = conflict_view(&label, item, &theirs, by, undoable);
        // An edit typed in the editor stays a draft if the agent keeps theirs.
        let key = DraftKey::Edit(theirs.id);
        view.draft = model.drafts.get(&key).map(|t| (key, t.clone()));
        model.overlay = Some(Overlay::Conflict(Box::new(view)));
    } else {
        report(model, &label, undoable, &results, &t);
    }
    queue::refresh(model, fx);
    if let Some(id) = model.detail.id
        && results.iter().any(|(i, _)| i.target.id == id)
    {
        panes::load_detail(model, id, fx);
    }
}

/// How a batch of saves went.
#[derive(Default)]
struct Tally {
    saved: usize,
    unchanged: usize,
    conflicts: Vec<(UpdateItem, Box<Ticket>, String)>,
    failed: Vec<(i64, String)>,
    /// The changes that put back what was saved.
    undo_items: Vec<UpdateItem>,
}

/// Counts the results; a ticket saved drops its edit draft.
fn tally(model: &mut Model, results: &[(UpdateItem, UpdateResult)]) -> Tally {
    let mut t = Tally::default();
    for (item, result) in results {
        match result {
            UpdateResult::Saved { changes, .. } if changes.is_empty() => t.unchanged += 1,
            UpdateResult::Saved { ticket, changes } => {
                t.saved += 1;
                model.drafts.remove(&DraftKey::Edit(ticket.id));
                model.draft_versions.remove(&DraftKey::Edit(ticket.id));
                if let Some(patch) = undo::inverse(changes) {
                    t.undo_items.push(UpdateItem {
                        target: Target {
                            id: ticket.id,
                            version: Some(ticket.version),
                        },
                        patch,
                    });
                }
            }
            UpdateResult::Conflict { theirs, by } => {
                t.conflicts.push((item.clone(), theirs.clone(), by.clone()))
            }
            UpdateResult::Failed(e) => t.failed.push((item.target.id, e.clone())),
        }
    }
    t
}

/// A change that can be undone: its inverse becomes the next undo step (the last 50 kept).
fn record_undo(model: &mut Model, label: &str, items: Vec<UpdateItem>) {
    if items.is_empty() {
        return;
    }
    model.undo.push(UndoStep {
        label: label.to_string(),
        items,
    });
    if model.undo.len() > 50 {
        model.undo.remove(0);
    }
}

/// After an undo: the steps before it were recorded against the version the undone change
/// started from; the ticket is back in that state, now at the version this save made.
fn rebase_undo(model: &mut Model, results: &[(UpdateItem, UpdateResult)]) {
    for (item, result) in results {
        let (UpdateResult::Saved { ticket, changes }, Some(v)) = (result, item.target.version)
        else {
            continue;
        };
        if changes.is_empty() {
            continue;
        }
        let earlier = model.undo.iter_mut().flat_map(|step| step.items.iter_mut());
        for i in earlier.filter(|i| i.target.id == ticket.id && i.target.version == Some(v - 1)) {
            i.target.version = Some(ticket.version);
        }
    }
}

/// The status line after a save that did not end in the conflict screen.
fn report(
    model: &mut Model,
    label: &str,
    undoable: bool,
    results: &[(UpdateItem, UpdateResult)],
    t: &Tally,
) {
    if !t.failed.is_empty() || !t.conflicts.is_empty() {
        let text = format!("{label}: {}", trouble(t, results.len() == 1));
        say(model, Tone::Error, text);
    } else if t.saved == 0 && t.unchanged > 0 {
        say(model, Tone::Info, format!("{label}: nothing to change"));
    } else if let Some(undone) = label.strip_prefix("undo ").filter(|_| !undoable) {
        // Say what the undo put back: the fields as they are now, not the change undone.
        let now = match results {
            [(_, UpdateResult::Saved { changes, .. })] => undo::now_text(changes),
            _ => format!("{} tickets put back", t.saved),
        };
        say(model, Tone::Success, format!("undid {undone}: {now}"));
    } else {
        let undo_hint = if undoable {
            let key = model.keymap.name_key(model.focus, Command::Undo);
            format!(" ({key} undoes)")
        } else {
            String::new()
        };
        say(model, Tone::Success, format!("{label}: saved{undo_hint}"));
        if results.len() > 1 {
            model.queue.selected.clear();
        }
    }
}

/// What went wrong in a batch: how many saved, which were changed by someone else first, and
/// the first few errors (with their ticket, unless there was only one).
fn trouble(t: &Tally, single: bool) -> String {
    let mut parts = Vec::new();
    if t.saved > 0 {
        parts.push(format!("{} saved", t.saved));
    }
    if !t.conflicts.is_empty() {
        let ids: Vec<String> = t
            .conflicts
            .iter()
            .map(|(i, _, _)| format!("#{}", i.target.id))
            .collect();
        parts.push(format!(
            "changed by someone else first, left alone: {}",
            ids.join(" ")
        ));
    }
    for (id, e) in t.failed.iter().take(3) {
        parts.push(if single {
            e.clone()
        } else {
            format!("#{id}: {e}")
        });
    }
    parts.join("; ")
}

/// Both sides of a conflict, field by field, and the job that saves yours over theirs.
fn conflict_view(
    label: &str,
    item: UpdateItem,
    theirs: &Ticket,
    by: String,
    undoable: bool,
) -> ConflictView {
    ConflictView {
        subject: format!("#{} {}", theirs.id, fit(&one_line(&theirs.title), 50)),
        by,
        fields: conflict_fields(&item.patch, theirs),
        reapply: Job::Tickets(TicketJob::Update {
            label: label.to_string(),
            items: vec![UpdateItem {
                target: Target {
                    id: theirs.id,
                    version: Some(theirs.version),
                },
                patch: item.patch,
            }],
            undoable,
        }),
        draft: None,
    }
}

/// (field, theirs, yours) for every field the patch changes.
fn conflict_fields(p: &TicketPatch, theirs: &Ticket) -> Vec<(String, String, String)> {
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
    for f in crate::domain::ticket::fields::in_check_order() {
        if let Some(v) = (f.in_patch_ref)(p) {
            add(f.name(), opt((f.of)(theirs)), opt(v));
        }
    }
    if !p.add_tags.is_empty() || !p.remove_tags.is_empty() {
        let mut yours: Vec<String> = p.add_tags.iter().map(|t| format!("+{t}")).collect();
        yours.extend(p.remove_tags.iter().map(|t| format!("-{t}")));
        add("tags", theirs.tags.join(", "), yours.join(" "));
    }
    fields
}
