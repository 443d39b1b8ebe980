//! Saved-view jobs on the store thread: change the list, then read it back.

use crate::app::msg::{Loaded, ViewJob};
use crate::domain::text::one_line;
use crate::store::Store;

pub(super) fn run(store: &mut Store, job: ViewJob) -> Loaded {
    let mut show = None;
    let said = match job {
        ViewJob::Load => Ok(String::new()),
        ViewJob::Save { name, query, scope } => {
            store.save_view(&name, &query, scope, false).map(|v| {
                let text = format!("saved view {} ({})", one_line(&v.name), scope.as_str());
                show = Some((v.name, scope));
                text
            })
        }
        ViewJob::Delete { name, scope } => store
            .delete_view(&name, Some(scope))
            .map(|v| format!("deleted view {}", one_line(&v.name))),
        ViewJob::Move { name, scope, to } => store
            .move_view(&name, Some(scope), to)
            .map(|()| format!("moved view {} to place {to}", one_line(&name))),
    };
    let result = said
        .and_then(|text| store.views().map(|views| (views, text)))
        .map_err(|e| e.to_string());
    Loaded::Views { result, show }
}
