//! Answers to KB saves: a new article, an edit (with conflicts), a link to a ticket. The status
//! line's words for them are made here.

use super::super::form;
use super::super::model::{ConflictView, DraftKey, Model, Overlay, Tone};
use super::super::msg::{Effect, Job, KbJob, KbLoaded};
use super::{kb, say, ticket_saves};
use crate::domain::kb::{Article, ArticlePatch};
use crate::domain::text::{count, fit, one_line};

pub fn loaded(model: &mut Model, l: KbLoaded, fx: &mut Vec<Effect>) {
    match l {
        KbLoaded::List { generation, result } => kb::loaded(model, generation, result),
        KbLoaded::Created {
            result: Ok((id, state)),
            ..
        } => {
            say(model, Tone::Success, format!("KB-{id} written ({state})"));
            model.drafts.remove(&DraftKey::Article(None));
            kb::select_new(model, id, fx);
        }
        KbLoaded::Created {
            result: Err(error),
            asked: a,
        } => {
            let draft = form::article_text(&a.title, a.state, &a.tags, &a.body, true);
            save_failed(model, None, draft, error);
        }
        KbLoaded::Saved { id, version } => {
            say(
                model,
                Tone::Success,
                format!("KB-{id} saved (version {version})"),
            );
            let key = DraftKey::Article(Some(id));
            model.drafts.remove(&key);
            model.draft_versions.remove(&key);
            kb::reload(model, fx);
        }
        KbLoaded::Conflict {
            id,
            theirs,
            patch,
            draft,
        } => conflict(model, id, &theirs, patch, draft),
        KbLoaded::SaveFailed { id, draft, error } => save_failed(model, id, draft, error),
        KbLoaded::Linked {
            article,
            ticket,
            result,
        } => linked(model, article, ticket, result, fx),
    }
}

fn save_failed(model: &mut Model, id: Option<i64>, draft: String, error: String) {
    model.drafts.insert(DraftKey::Article(id), draft);
    say(
        model,
        Tone::Error,
        format!("{error} (your text is kept: edit again)"),
    );
}

fn linked(
    model: &mut Model,
    article: i64,
    ticket: i64,
    result: Result<bool, String>,
    fx: &mut Vec<Effect>,
) {
    match result {
        Ok(true) => {
            say(
                model,
                Tone::Success,
                format!("KB-{article} linked to #{ticket}"),
            );
            ticket_saves::reload_ticket(model, ticket, fx);
            kb::reload(model, fx);
        }
        Ok(false) => say(
            model,
            Tone::Success,
            format!("KB-{article} was already linked to #{ticket}"),
        ),
        Err(e) => say(model, Tone::Error, e),
    }
}

/// Someone else saved the article first: both sides, and the job that saves yours over theirs.
fn conflict(model: &mut Model, id: i64, theirs: &Article, patch: ArticlePatch, draft: String) {
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
        by: format!(
            "(by {}, {})",
            theirs.author,
            crate::domain::time::rfc3339(theirs.updated_at)
        ),
        fields,
        reapply: Job::Kb(KbJob::Update {
            id,
            patch,
            if_version: theirs.version,
            draft: draft.clone(),
        }),
        draft: Some((DraftKey::Article(Some(id)), draft)),
    })));
}
