//! What an agent does to tickets: reply, note, assign, status, impact/urgency, edit, link, new,
//! copy, undo. Bulk changes (Space-selected tickets) and final statuses ask first.

use super::super::form;
use super::super::keymap::Command;
use super::super::line_edit::LineEdit;
use super::super::model::{
    DraftKey, MenuFor, MenuItem, Model, Overlay, Pane, PromptFor, Target, Tone,
};
use super::super::msg::{EditFor, Effect, Job, TicketJob, UpdateItem};
use super::{panes, say};
use crate::domain::conversation::EntryKind;
use crate::domain::lifecycle::next_statuses;
use crate::domain::ticket::{Kind, Level, Status, TicketPatch};

fn writable(model: &mut Model) -> bool {
    if let Some(why) = &model.read_only {
        let msg = format!("read-only ({why}): nothing can be changed");
        say(model, Tone::Error, msg);
        return false;
    }
    true
}

/// The tickets an action applies to: the selection in the queue, or the current ticket.
fn targets(model: &mut Model) -> Vec<Target> {
    if model.focus == Pane::Queue && !model.queue.selected.is_empty() {
        return model
            .queue
            .selected
            .iter()
            .map(|id| Target {
                id: *id,
                version: model.version_of(*id),
            })
            .collect();
    }
    current_or_hint(model).into_iter().collect()
}

/// The current ticket, or a hint to pick one.
fn current_or_hint(model: &mut Model) -> Option<Target> {
    let t = model.current_ticket();
    if t.is_none() {
        let queue = model.keymap.name_key(model.focus, Command::GoQueue);
        say(
            model,
            Tone::Info,
            format!("no ticket here: pick one in the queue ({queue})"),
        );
    }
    t
}

/// The current ticket, when the desk can be written and there is one (else says why not).
fn writable_ticket(model: &mut Model) -> Option<Target> {
    if !writable(model) {
        return None;
    }
    current_or_hint(model)
}

fn describe(targets: &[Target]) -> String {
    match targets {
        [one] => format!("#{}", one.id),
        many => format!("{} tickets", many.len()),
    }
}

/// The job that saves `patch` on every target (undoable).
fn update_job(label: String, targets: &[Target], patch: TicketPatch) -> Job {
    let items: Vec<UpdateItem> = targets
        .iter()
        .map(|t| UpdateItem {
            target: *t,
            patch: patch.clone(),
        })
        .collect();
    Job::Tickets(TicketJob::Update {
        label,
        items,
        undoable: true,
    })
}

/// Saves `patch` on every target; several at once ask first.
pub fn save(
    model: &mut Model,
    label: String,
    targets: &[Target],
    patch: TicketPatch,
    fx: &mut Vec<Effect>,
) {
    let job = update_job(label.clone(), targets, patch);
    if targets.len() > 1 {
        let yn = super::yes_no(model);
        model.overlay = Some(Overlay::Confirm {
            question: format!("{label}? {yn}"),
            job: Box::new(job),
        });
    } else {
        fx.push(Effect::Job(job));
    }
}

pub fn copy(model: &mut Model, fx: &mut Vec<Effect>) {
    let text = if model.focus == Pane::Kb {
        super::kb::current_article(model).map(|a| format!("KB-{} {}", a.id, a.title))
    } else {
        model
            .current_ticket()
            .map(|t| format!("#{} {}", t.id, model.title_of(t.id).unwrap_or_default()))
    };
    match text {
        Some(t) => {
            // What is pasted must not carry the title's escape sequences into a shell.
            let t = crate::domain::text::plain(&t);
            let shown = crate::domain::text::fit(&crate::domain::text::one_line(&t), 50);
            // OSC 52 gives no answer: say where the text went, and in tmux what it takes for the
            // system clipboard (tmux keeps applications' OSC 52 to itself by default).
            let text = if model.tmux {
                format!(
                    "copied to tmux's buffer (prefix ] pastes) and the clipboard if tmux allows: {shown}"
                )
            } else {
                format!("sent to the terminal's clipboard: {shown}")
            };
            say(model, Tone::Success, text);
            fx.push(Effect::Copy(t));
        }
        None => say(model, Tone::Info, "nothing to copy here"),
    }
}

pub fn undo(model: &mut Model, fx: &mut Vec<Effect>) {
    if !writable(model) {
        return;
    }
    match model.undo.pop() {
        Some(step) => {
            let job = Job::Tickets(TicketJob::Update {
                label: format!("undo {}", step.label),
                items: step.items.clone(),
                undoable: false,
            });
            if step.items.iter().all(|i| on_screen(model, i.target.id)) {
                return fx.push(Effect::Job(job));
            }
            // Not where the agent is looking: say what it would undo, and ask.
            let ids: Vec<String> = step
                .items
                .iter()
                .map(|i| format!("#{}", i.target.id))
                .collect();
            let yn = super::yes_no(model);
            let question = format!(
                "undo {} ({} not on screen)? {yn}",
                crate::domain::text::fit(&crate::domain::text::one_line(&step.label), 50),
                ids.join(" ")
            );
            model.undo_asked = Some(step);
            model.overlay = Some(Overlay::Confirm {
                question,
                job: Box::new(job),
            });
        }
        None => say(
            model,
            Tone::Info,
            "nothing to undo (replies and notes cannot be taken back once sent)",
        ),
    }
}

/// Whether ticket `id` is what the focused pane shows: a visible queue row, the detail's
/// ticket, the selected SLA timer's. The KB pane shows no ticket.
fn on_screen(model: &Model, id: i64) -> bool {
    match model.focus {
        Pane::Queue => {
            let q = &model.queue;
            let h = super::super::layout::queue_rows(model);
            q.rows.iter().skip(q.offset).take(h).any(|r| r.id == id)
        }
        Pane::Detail => model.detail.id == Some(id),
        Pane::Sla => model
            .sla
            .timers
            .get(model.sla.cursor)
            .is_some_and(|t| t.ticket_id == id),
        Pane::Kb => false,
    }
}

pub fn new_ticket(model: &mut Model, fx: &mut Vec<Effect>) {
    if !writable(model) {
        return;
    }
    let text = model
        .drafts
        .get(&DraftKey::NewTicket)
        .cloned()
        .unwrap_or_else(form::new_ticket_form);
    fx.push(Effect::Edit {
        purpose: EditFor::NewTicket,
        text,
    });
}

pub fn entry(model: &mut Model, kind: EntryKind, fx: &mut Vec<Effect>) {
    let Some(t) = writable_ticket(model) else {
        return;
    };
    let key = match kind {
        EntryKind::Reply => DraftKey::Reply(t.id),
        EntryKind::Note => DraftKey::Note(t.id),
    };
    let title = model.title_of(t.id).unwrap_or_default().to_string();
    let draft = model.drafts.get(&key).cloned();
    fx.push(Effect::Edit {
        purpose: EditFor::Entry { id: t.id, kind },
        text: form::entry_template(kind, t.id, &title, draft.as_deref()),
    });
}

pub fn assign(model: &mut Model) {
    if !writable(model) {
        return;
    }
    let targets = targets(model);
    if targets.is_empty() {
        return;
    }
    model.overlay = Some(Overlay::Prompt {
        title: format!(
            "Assign {} to (a name, me, none; {} completes):",
            describe(&targets),
            model.keymap.name_dialog_key(Command::Complete)
        ),
        input: LineEdit::default(),
        purpose: PromptFor::Assign(targets),
        completions: assignee_completions(model),
    });
}

/// What Tab offers for an assignee: `me`, `none`, then every agent the desk knows.
pub fn assignee_completions(model: &Model) -> Vec<String> {
    let mut out: Vec<String> = vec![model.me.clone(), "none".into()];
    let on_screen = model.queue.rows.iter().filter_map(|r| r.assignee.clone());
    for a in model.agents.iter().cloned().chain(on_screen) {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&a)) {
            out.push(a);
        }
    }
    out
}

/// A name nobody on the desk has used (not me, not a known agent, not on screen).
fn stranger(model: &Model, name: &str) -> bool {
    !name.eq_ignore_ascii_case(&model.me)
        && !crate::domain::names::is_known(name, &assignee_completions(model))
}

/// Runs `job`, or first asks (once) when it assigns to `name` and nobody on the desk is
/// called that: a typo is caught, a new colleague can still be assigned. `also` is asked in
/// the same question (several tickets at once).
pub fn run_checking_assignee(
    model: &mut Model,
    name: Option<&str>,
    job: Job,
    also: Option<String>,
    fx: &mut Vec<Effect>,
) {
    let mut questions: Vec<String> = also.into_iter().collect();
    if let Some(n) = name {
        if let Err(e) = crate::domain::names::validate_name("assignee", n) {
            return say(model, Tone::Error, format!("{e}: nothing changed"));
        }
        if stranger(model, n) {
            questions.push(format!(
                "nobody called '{}' has worked on this desk; assign anyway",
                crate::domain::text::fit(&crate::domain::text::one_line(n), 32)
            ));
        }
    }
    if questions.is_empty() {
        fx.push(Effect::Job(job));
    } else {
        let yn = super::yes_no(model);
        model.overlay = Some(Overlay::Confirm {
            question: format!("{}? {yn}", questions.join("; ")),
            job: Box::new(job),
        });
    }
}

/// Assigns the targets to `name` (`me`, `none` understood).
pub fn assign_to(model: &mut Model, targets: &[Target], name: &str, fx: &mut Vec<Effect>) {
    let who = crate::domain::names::resolve_assignee(name, &model.me);
    let label = match &who {
        Some(w) => format!("assign {} to {}", describe(targets), w),
        None => format!("unassign {}", describe(targets)),
    };
    let patch = TicketPatch {
        assignee: Some(who.clone()),
        ..TicketPatch::default()
    };
    let also = (targets.len() > 1).then(|| label.clone());
    let job = update_job(label, targets, patch);
    run_checking_assignee(model, who.as_deref(), job, also, fx);
}

pub fn assign_me(model: &mut Model, fx: &mut Vec<Effect>) {
    if !writable(model) {
        return;
    }
    let targets = targets(model);
    if !targets.is_empty() {
        assign_to(model, &targets, "me", fx);
    }
}

/// The kind and status of ticket `id`, as far as the screen knows it.
fn status_of(model: &Model, id: i64) -> Option<(Kind, Status)> {
    if let Some(d) = model
        .detail
        .data
        .as_ref()
        .filter(|d| d.detail.ticket.id == id)
    {
        return Some((d.detail.ticket.kind, d.detail.ticket.status));
    }
    model
        .queue
        .rows
        .iter()
        .find(|r| r.id == id)
        .map(|r| (r.kind, r.status))
}

/// Why the status typed as `key` is not offered for `targets` (the lifecycle's own reason for
/// the first ticket that cannot make the move), or `None` when the key is no status.
pub fn status_refused(model: &Model, targets: &[Target], key: char) -> Option<String> {
    let to = Status::ALL
        .iter()
        .copied()
        .find(|s| status_key(*s) == key)?;
    targets.iter().find_map(|t| {
        let (kind, from) = status_of(model, t.id)?;
        crate::domain::lifecycle::check_transition(kind, t.id, from, to)
            .err()
            .map(|e| e.to_string())
            .or_else(|| (from == to).then(|| format!("#{} is already {to}", t.id)))
    })
}

fn status_key(s: Status) -> char {
    match s {
        Status::New => 'n',
        Status::Open => 'o',
        Status::Pending => 'p',
        Status::Resolved => 'r',
        Status::Closed => 'c',
        Status::Cancelled => 'x',
    }
}

pub fn status(model: &mut Model) {
    if !writable(model) {
        return;
    }
    let targets = targets(model);
    if targets.is_empty() {
        return;
    }
    // Only moves every ticket can make (a ticket not loaded is left to the store to check).
    let choices: Vec<Status> = Status::ALL
        .iter()
        .copied()
        .filter(|to| *to != Status::New)
        .filter(|to| {
            targets.iter().all(|t| {
                status_of(model, t.id)
                    .is_none_or(|(kind, from)| next_statuses(kind, from).contains(to))
            })
        })
        .collect();
    if choices.is_empty() {
        let text = if targets.len() == 1 {
            "this ticket is closed or cancelled: that is final (open a new ticket and link it)"
                .to_string()
        } else {
            format!(
                "no status move fits all {} selected tickets ({} clears the selection)",
                targets.len(),
                model.keymap.name_key(Pane::Queue, Command::Back)
            )
        };
        return say(model, Tone::Info, text);
    }
    let items = choices
        .iter()
        .map(|s| MenuItem {
            key: status_key(*s),
            label: s.to_string(),
            value: s.as_str().to_string(),
        })
        .collect();
    model.overlay = Some(Overlay::Menu {
        title: format!("Status of {}", describe(&targets)),
        items,
        cursor: 0,
        purpose: MenuFor::Status(targets),
    });
}

/// A status was picked: pending asks why, final statuses ask first.
pub fn status_picked(model: &mut Model, targets: Vec<Target>, s: Status, fx: &mut Vec<Effect>) {
    if s == Status::Pending {
        model.overlay = Some(Overlay::Prompt {
            title: format!("{} pending: waiting for what?", describe(&targets)),
            input: LineEdit::default(),
            purpose: PromptFor::PendingReason(targets),
            completions: vec!["customer".into(), "vendor".into(), "change window".into()],
        });
        return;
    }
    let label = format!("{} → {s}", describe(&targets));
    let patch = TicketPatch {
        status: Some(s),
        ..TicketPatch::default()
    };
    if matches!(s, Status::Closed | Status::Cancelled) && targets.len() == 1 {
        let items = vec![UpdateItem {
            target: targets[0],
            patch,
        }];
        let yn = super::yes_no(model);
        model.overlay = Some(Overlay::Confirm {
            question: format!("{label}: {s} is final and cannot be reopened. Go ahead? {yn}"),
            job: Box::new(Job::Tickets(TicketJob::Update {
                label,
                items,
                undoable: true,
            })),
        });
        return;
    }
    save(model, label, &targets, patch, fx);
}

fn level_items() -> Vec<MenuItem> {
    [Level::High, Level::Medium, Level::Low]
        .iter()
        .map(|l| MenuItem {
            key: l.as_str().chars().next().unwrap_or('?'),
            label: l.to_string(),
            value: l.as_str().to_string(),
        })
        .collect()
}

pub fn impact(model: &mut Model) {
    if !writable(model) {
        return;
    }
    let targets = targets(model);
    if targets.is_empty() {
        return;
    }
    model.overlay = Some(Overlay::Menu {
        title: format!("Impact of {} (how many are affected)", describe(&targets)),
        items: level_items(),
        cursor: 1,
        purpose: MenuFor::Impact(targets),
    });
}

pub fn impact_picked(model: &mut Model, targets: Vec<Target>, impact: Level) {
    model.overlay = Some(Overlay::Menu {
        title: format!("Urgency of {} (how soon it hurts)", describe(&targets)),
        items: level_items(),
        cursor: 1,
        purpose: MenuFor::Urgency(targets, impact),
    });
}

pub fn urgency_picked(
    model: &mut Model,
    targets: Vec<Target>,
    impact: Level,
    urgency: Level,
    fx: &mut Vec<Effect>,
) {
    let label = format!("{}: impact {impact}, urgency {urgency}", describe(&targets));
    let patch = TicketPatch {
        impact: Some(impact),
        urgency: Some(urgency),
        ..TicketPatch::default()
    };
    save(model, label, &targets, patch, fx);
}

pub fn edit_fields(model: &mut Model, fx: &mut Vec<Effect>) {
    let Some(t) = writable_ticket(model) else {
        return;
    };
    let base = model
        .detail
        .data
        .as_ref()
        .filter(|d| d.detail.ticket.id == t.id)
        .map(|d| d.detail.ticket.clone());
    let Some(base) = base else {
        // The form needs the whole ticket: load it, then open the editor.
        model.pending_command = Some((t.id, Command::EditFields));
        model.detail.id = Some(t.id);
        panes::load_detail(model, t.id, fx);
        return;
    };
    let key = DraftKey::Edit(base.id);
    let mut base = base;
    let text = match model.drafts.get(&key) {
        Some(draft) => {
            // Saved against the version it was written for.
            if let Some(v) = model.draft_versions.get(&key) {
                base.version = *v;
            }
            draft.clone()
        }
        None => form::ticket_form(&base),
    };
    fx.push(Effect::Edit {
        purpose: EditFor::Ticket {
            base: Box::new(base),
        },
        text,
    });
}

pub fn link(model: &mut Model) {
    let Some(t) = writable_ticket(model) else {
        return;
    };
    model.overlay = Some(Overlay::Prompt {
        title: format!("Link #{} to ticket number:", t.id),
        input: LineEdit::default(),
        purpose: PromptFor::LinkTo(t.id),
        completions: Vec::new(),
    });
}

pub fn link_kind_menu(model: &mut Model, from: i64, to: i64) {
    let items = [
        ('r', "relates to", "relates"),
        ('d', "duplicate of", "duplicate"),
        ('c', "caused by (the other is the problem)", "caused-by"),
        ('p', "child of (the other is the parent)", "parent"),
        ('k', "parent of (the other is a child)", "child"),
    ]
    .iter()
    .map(|(k, label, value)| MenuItem {
        key: *k,
        label: format!("#{from} {label} #{to}"),
        value: (*value).to_string(),
    })
    .collect();
    model.overlay = Some(Overlay::Menu {
        title: format!("How is #{from} linked to #{to}?"),
        items,
        cursor: 0,
        purpose: MenuFor::LinkKind { from, to },
    });
}
