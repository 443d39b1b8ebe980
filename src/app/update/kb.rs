//! The knowledge-base pane: search as you type (each change is a job; the runtime drops
//! searches a newer one replaced, so typing never waits for the database), the reader, and
//! articles for the current ticket.

use super::super::form;
use super::super::keymap::Command;
use super::super::keys::Key;
use super::super::line_edit::{Edited, LineEdit};
use super::super::model::{DraftKey, Model, Overlay, Pane, PromptFor, Tone};
use super::super::msg::{ArticleEntry, EditFor, Effect, Job, KbJob, KbTicket};
use super::say;
use crate::domain::kb::Article;

pub fn current_article(model: &Model) -> Option<&Article> {
    model.kb.entries.get(model.kb.cursor).map(|e| &e.article)
}

/// The ticket articles are suggested for: the queue's current ticket.
fn kb_ticket(model: &Model) -> Option<KbTicket> {
    let t = model.detail.id.or(model.queue.current().map(|r| r.id))?;
    let category = model
        .detail
        .data
        .as_ref()
        .filter(|d| d.detail.ticket.id == t)
        .and_then(|d| d.detail.ticket.category.clone());
    Some(KbTicket {
        id: t,
        title: model.title_of(t).unwrap_or_default().to_string(),
        category,
    })
}

/// Loads the list if the search text or the current ticket changed since it was loaded.
pub fn ensure(model: &mut Model, fx: &mut Vec<Effect>) {
    let ticket = kb_ticket(model).map(|t| t.id);
    let want = (model.kb.search.text().to_string(), ticket);
    if model.kb.loaded_for.as_ref() != Some(&want) {
        reload(model, fx);
    }
}

pub fn reload(model: &mut Model, fx: &mut Vec<Effect>) {
    let ticket = kb_ticket(model);
    let text = model.kb.search.text().to_string();
    model.kb.loaded_for = Some((text.clone(), ticket.as_ref().map(|t| t.id)));
    model.kb.for_ticket = ticket.as_ref().map(|t| (t.id, t.title.clone()));
    model.kb.generation += 1;
    model.kb.loading = true;
    fx.push(Effect::Job(Job::Kb(KbJob::List {
        generation: model.kb.generation,
        // As in the queue: the last word typed is a prefix (`vpn dr` finds "drops").
        text: crate::domain::query::as_you_type(&text),
        ticket,
    })));
}

pub fn loaded(model: &mut Model, generation: u64, result: Result<Vec<ArticleEntry>, String>) {
    if generation != model.kb.generation {
        return;
    }
    model.kb.loading = false;
    match result {
        Ok(entries) => {
            let keep = model
                .kb
                .select
                .take()
                .or_else(|| current_article(model).map(|a| a.id));
            model.kb.entries = entries;
            model.kb.error = None;
            model.kb.cursor = keep
                .and_then(|id| model.kb.entries.iter().position(|e| e.article.id == id))
                .unwrap_or(0);
            if model.kb.entries.is_empty() {
                model.kb.reading = false;
            }
            let h = super::super::layout::kb_rows(model);
            super::panes::keep(&mut model.kb.offset, model.kb.cursor, h);
        }
        Err(e) => model.kb.error = Some(e),
    }
}

/// A new article was written: show it selected (the search is cleared if it would hide it).
pub fn select_new(model: &mut Model, id: i64, fx: &mut Vec<Effect>) {
    model.kb.select = Some(id);
    model.kb.search = LineEdit::default();
    model.kb.typing = false;
    reload(model, fx);
}

pub fn clear_search(model: &mut Model, fx: &mut Vec<Effect>) {
    model.kb.search = LineEdit::default();
    model.kb.cursor = 0;
    model.kb.offset = 0;
    reload(model, fx);
}

/// A key while the search line has the keyboard.
pub fn search_key(model: &mut Model, k: Key, fx: &mut Vec<Effect>) {
    match model.kb.search.key(k) {
        Edited::Changed => {
            model.kb.cursor = 0;
            model.kb.offset = 0;
            model.kb.reading = false;
            reload(model, fx);
            return;
        }
        Edited::Moved => return,
        Edited::Ignored => {}
    }
    match model.keymap.lookup(Pane::Kb, k) {
        Some(Command::Open) | Some(Command::Back) => model.kb.typing = false,
        Some(Command::Up) => super::panes::move_by(model, -1, fx),
        Some(Command::Down) => super::panes::move_by(model, 1, fx),
        Some(Command::Quit) => super::quit(model, fx),
        _ => {}
    }
}

pub fn new_article(model: &mut Model) {
    if model.read_only.is_some() {
        return say(model, Tone::Error, "the database is read-only");
    }
    model.overlay = Some(Overlay::Prompt {
        title: "New article, title:".into(),
        input: LineEdit::default(),
        purpose: PromptFor::ArticleTitle,
        completions: Vec::new(),
    });
}

pub fn edit_article(model: &mut Model, fx: &mut Vec<Effect>) {
    let Some(a) = current_article(model).cloned() else {
        return say(model, Tone::Info, "no article selected");
    };
    let key = DraftKey::Article(Some(a.id));
    let mut a = a;
    let text = match model.drafts.get(&key) {
        Some(draft) => {
            // Saved against the version it was written for.
            if let Some(v) = model.draft_versions.get(&key) {
                a.version = *v;
            }
            draft.clone()
        }
        None => form::article_form(Some(&a), ""),
    };
    fx.push(Effect::Edit {
        purpose: EditFor::Article { base: Box::new(a) },
        text,
    });
}

pub fn link_article(model: &mut Model, fx: &mut Vec<Effect>) {
    let Some(a) = current_article(model).map(|a| a.id) else {
        return say(model, Tone::Info, "no article selected");
    };
    let Some(t) = kb_ticket(model).map(|t| t.id) else {
        let queue = model.keymap.name_key(model.focus, Command::GoQueue);
        return say(
            model,
            Tone::Info,
            format!("no current ticket: pick one in the queue ({queue}) first"),
        );
    };
    fx.push(Effect::Job(Job::Kb(KbJob::Link {
        article: a,
        ticket: t,
    })));
}
