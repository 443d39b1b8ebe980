//! Saving, deleting and moving saved views from the app, and taking in the list when it
//! changes (here or, through the change log, by another agent).

use super::super::line_edit::LineEdit;
use super::super::model::{MenuFor, MenuItem, Model, Overlay, PromptFor, Tone};
use super::super::msg::{Effect, Job, ViewDone, ViewJob, ViewsLoaded};
use super::say;
use crate::domain::text::one_line;
use crate::domain::view::{SavedView, Scope};

/// `S`: asks for a name for the query in force.
pub fn save(model: &mut Model) {
    // The query shortened (not the question) when the line is narrow.
    let room = super::super::layout::prompt_title_room(usize::from(model.size.0))
        .saturating_sub(crate::domain::text::width("View name for '':"));
    model.overlay = Some(Overlay::Prompt {
        title: format!(
            "View name for '{}':",
            crate::domain::text::fit(&one_line(&model.queue.query), room.clamp(8, 60))
        ),
        input: LineEdit::default(),
        purpose: PromptFor::ViewName,
        completions: Vec::new(),
    });
}

/// The name was typed: checked at once (the store checks again), then asks whose it is.
pub fn named(model: &mut Model, answer: &str) {
    let name = match crate::domain::view::validate_name(answer) {
        Ok(n) => n,
        Err(e) => return say(model, Tone::Error, format!("{e}: nothing saved")),
    };
    let items = [
        ('m', "me: only you see it", "me"),
        ('t', "team: every agent sees it", "team"),
    ]
    .into_iter()
    .map(|(key, label, value)| MenuItem {
        key,
        label: label.into(),
        value: value.into(),
    })
    .collect();
    model.overlay = Some(Overlay::Menu {
        title: format!("Who sees view '{}'?", one_line(&name)),
        items,
        cursor: 0,
        purpose: MenuFor::ViewScope { name },
    });
}

/// Me or team was picked: save.
pub fn scoped(model: &mut Model, name: String, value: &str, fx: &mut Vec<Effect>) {
    let scope = if value == "team" {
        Scope::Team
    } else {
        Scope::Me
    };
    fx.push(Effect::Job(Job::Views(ViewJob::Save {
        name,
        query: model.queue.query.clone(),
        scope,
    })));
}

fn current(model: &mut Model) -> Option<SavedView> {
    let view = model.queue.view.and_then(|i| model.views.get(i)).cloned();
    if view.is_none() {
        say(
            model,
            Tone::Error,
            "no saved view is showing: pick one with [ or ]",
        );
    }
    view
}

/// Deletes the view showing, after asking.
pub fn delete(model: &mut Model) {
    let Some(v) = current(model) else { return };
    let whose = match v.scope {
        Scope::Team => " for the whole team",
        Scope::Me => "",
    };
    let yn = super::yes_no(model);
    model.overlay = Some(Overlay::Confirm {
        question: format!("Delete view '{}'{whose}? {yn}", one_line(&v.name)),
        job: Box::new(Job::Views(ViewJob::Delete {
            name: v.name,
            scope: v.scope,
        })),
    });
}

/// Moves the view showing one place left (-1) or right (1).
pub fn move_by(model: &mut Model, d: isize, fx: &mut Vec<Effect>) {
    let Some(v) = current(model) else { return };
    let to = (v.position as isize + d).clamp(1, model.views.len().max(1) as isize) as usize;
    if to == v.position {
        return;
    }
    fx.push(Effect::Job(Job::Views(ViewJob::Move {
        name: v.name,
        scope: v.scope,
        to,
    })));
}

/// The list arrived: keep showing the same view (found again by name and scope, then by its
/// query), or the one just saved; the `/` refinement stays. The list is reloaded when the view
/// shown changed its query or is gone.
pub fn views_loaded(model: &mut Model, l: ViewsLoaded, fx: &mut Vec<Effect>) {
    let ViewsLoaded::List(result) = l;
    let (views, done) = match result {
        Ok(r) => r,
        Err(e) => return say(model, Tone::Error, e),
    };
    let said = match &done {
        ViewDone::Loaded => String::new(),
        ViewDone::Saved { name, scope } => {
            format!("saved view {} ({})", one_line(name), scope.as_str())
        }
        ViewDone::Deleted { name } => format!("deleted view {}", one_line(name)),
        ViewDone::Moved { name, to } => format!("moved view {} to place {to}", one_line(name)),
    };
    let show = match done {
        ViewDone::Saved { name, scope } => Some((name, scope)),
        _ => None,
    };
    let showing = model.queue.view.and_then(|i| model.views.get(i)).cloned();
    model.views = views;
    let find = |name: &str, scope: Scope| {
        model
            .views
            .iter()
            .position(|v| v.scope == scope && v.name == name)
    };
    let now = match (&show, &showing) {
        (Some((name, scope)), _) => find(name, *scope),
        (None, Some(v)) => find(&v.name, v.scope)
            .or_else(|| super::super::saved_views::position_of(&model.views, &v.query)),
        (None, None) => None,
    };
    match now {
        Some(i)
            if show.is_none()
                && showing
                    .as_ref()
                    .is_some_and(|v| v.query == model.views[i].query) =>
        {
            model.queue.view = Some(i);
        }
        // A view just saved is the filter in force: shown plain, as itself.
        Some(i) if show.is_some() => {
            model.queue.refinement.clear();
            super::queue::switch_view(model, i, fx);
        }
        Some(i) => super::queue::switch_view(model, i, fx),
        None => super::queue::switch_view(model, 0, fx),
    }
    if !said.is_empty() {
        say(model, Tone::Success, said);
    }
}
