//! Saved-view jobs: change the list, then read it back.

use super::Worker;
use crate::app::msg::{ViewDone, ViewJob, ViewsLoaded};

pub(super) fn run(w: &mut Worker, job: ViewJob) -> Option<ViewsLoaded> {
    let store = &mut w.store;
    let done =
        match job {
            ViewJob::Load => Ok(ViewDone::Loaded),
            ViewJob::Save { name, query, scope } => store
                .save_view(&name, &query, scope, false)
                .map(|v| ViewDone::Saved {
                    name: v.name,
                    scope,
                }),
            ViewJob::Delete { name, scope } => store
                .delete_view(&name, Some(scope))
                .map(|v| ViewDone::Deleted { name: v.name }),
            ViewJob::Move { name, scope, to } => store
                .move_view(&name, Some(scope), to)
                .map(|()| ViewDone::Moved { name, to }),
        };
    let result = done
        .and_then(|done| store.views().map(|views| (views, done)))
        .map_err(|e| e.to_string());
    Some(ViewsLoaded::List(result))
}
