//! The editor closed: turn its text into a save, or keep it as a draft when it cannot be saved.

use super::super::form;
use super::super::keymap::Command;
use super::super::model::Target;
use super::super::model::{DraftKey, Model, Tone};
use super::super::msg::{EditFor, Effect, Job, KbJob, TicketJob, UpdateItem};
use super::{actions, say};
use crate::domain::kb::{Article, ArticlePatch, NewArticle};
use crate::domain::ticket::Ticket;

pub fn finished(
    model: &mut Model,
    purpose: EditFor,
    result: Result<String, String>,
    fx: &mut Vec<Effect>,
) {
    let text = match result {
        Ok(t) => t,
        Err(e) => return say(model, Tone::Error, format!("the editor did not run: {e}")),
    };
    let key = purpose.draft_key();
    if !matches!(purpose, EditFor::Entry { .. }) && form::emptied(&text) {
        // An emptied form cancels and drops the draft (replies and notes do the same below).
        model.drafts.remove(&key);
        model.draft_versions.remove(&key);
        let what = match &purpose {
            EditFor::Ticket { base } => format!("#{}: nothing changed", base.id),
            EditFor::NewTicket => "no ticket opened".into(),
            EditFor::Article { base } => format!("KB-{}: nothing changed", base.id),
            _ => "no article written".into(),
        };
        return say(
            model,
            Tone::Info,
            format!("the form was emptied: {what} (draft dropped)"),
        );
    }
    match purpose {
        EditFor::Entry { id, kind } => match form::parse_entry(&text) {
            None => {
                model.drafts.remove(&key);
                say(
                    model,
                    Tone::Info,
                    format!("nothing written: no {kind} sent to #{id}"),
                );
            }
            Some(body) => fx.push(Effect::Job(Job::Tickets(TicketJob::AddEntry {
                id,
                kind,
                body,
            }))),
        },
        EditFor::Ticket { base } => ticket_edited(model, &base, key, text, fx),
        EditFor::NewTicket => new_ticket(model, key, text, fx),
        EditFor::NewArticle { .. } => new_article(model, key, text, fx),
        EditFor::Article { base } => article_edited(model, &base, key, text, fx),
    }
}

/// The ticket form came back: save what changed (the text stays a draft until it is saved).
fn ticket_edited(
    model: &mut Model,
    base: &Ticket,
    key: DraftKey,
    text: String,
    fx: &mut Vec<Effect>,
) {
    match form::parse_ticket_form(&text, base, &model.me) {
        Err(e) => {
            model.draft_versions.insert(key.clone(), base.version);
            model.drafts.insert(key, text);
            say(model, Tone::Error, format!("#{}: {e}", base.id));
        }
        Ok(patch) if patch == Default::default() => {
            model.drafts.remove(&key);
            say(model, Tone::Info, format!("#{}: no changes", base.id));
        }
        Ok(patch) => {
            // Kept until the save succeeds (a rule the store enforces may refuse it, or
            // someone else may have saved first).
            model.draft_versions.insert(key.clone(), base.version);
            model.drafts.insert(key, text);
            let name = patch.assignee.clone().flatten();
            let job = Job::Tickets(TicketJob::Update {
                label: format!("edit #{}", base.id),
                items: vec![UpdateItem {
                    target: Target {
                        id: base.id,
                        version: Some(base.version),
                    },
                    patch,
                }],
                undoable: true,
            });
            actions::run_checking_assignee(model, name.as_deref(), job, None, fx);
        }
    }
}

fn new_ticket(model: &mut Model, key: DraftKey, text: String, fx: &mut Vec<Effect>) {
    match form::parse_new_ticket(&text, &model.me) {
        Err(e) => {
            model.drafts.insert(key, text);
            let again = model.keymap.name_key(model.focus, Command::NewTicket);
            say(
                model,
                Tone::Error,
                format!("new ticket: {e} ({again} opens your text again)"),
            );
        }
        Ok(None) => {
            model.drafts.remove(&key);
            say(model, Tone::Info, "no title: no ticket opened");
        }
        Ok(Some(t)) => {
            model.drafts.insert(key, text);
            let name = t.assignee.clone();
            let job = Job::Tickets(TicketJob::Create(Box::new(t)));
            actions::run_checking_assignee(model, name.as_deref(), job, None, fx);
        }
    }
}

fn new_article(model: &mut Model, key: DraftKey, text: String, fx: &mut Vec<Effect>) {
    match form::parse_article_form(&text) {
        Err(e) => {
            model.drafts.insert(key, text);
            say(model, Tone::Error, format!("new article: {e}"));
        }
        Ok(a) => {
            model.drafts.insert(key, text);
            fx.push(Effect::Job(Job::Kb(KbJob::Create(NewArticle {
                title: a.title,
                body: a.body,
                tags: a.tags,
                state: a.state,
            }))));
        }
    }
}

fn article_edited(
    model: &mut Model,
    base: &Article,
    key: DraftKey,
    text: String,
    fx: &mut Vec<Effect>,
) {
    let a = match form::parse_article_form(&text) {
        Ok(a) => a,
        Err(e) => {
            model.draft_versions.insert(key.clone(), base.version);
            model.drafts.insert(key, text);
            return say(model, Tone::Error, format!("KB-{}: {e}", base.id));
        }
    };
    let patch = ArticlePatch {
        title: (a.title != base.title).then_some(a.title),
        body: (a.body != base.body.trim_end()).then_some(a.body),
        state: (a.state != base.state).then_some(a.state),
        add_tags: a
            .tags
            .iter()
            .filter(|t| !base.tags.contains(t))
            .cloned()
            .collect(),
        remove_tags: base
            .tags
            .iter()
            .filter(|t| !a.tags.contains(t))
            .cloned()
            .collect(),
    };
    if patch == ArticlePatch::default() {
        model.drafts.remove(&key);
        return say(model, Tone::Info, format!("KB-{}: no changes", base.id));
    }
    model.draft_versions.insert(key.clone(), base.version);
    model.drafts.insert(key, text.clone());
    fx.push(Effect::Job(Job::Kb(KbJob::Update {
        id: base.id,
        patch,
        if_version: base.version,
        draft: text,
    })));
}
