//! The desk's agents arrived (for completing assignees).

use super::super::model::{Model, Overlay, PromptFor};
use super::super::msg::AgentsLoaded;

pub fn loaded(model: &mut Model, l: AgentsLoaded) {
    match l {
        AgentsLoaded::List(names) => {
            model.agents = names;
            // An assign prompt already open offers them too.
            let completions = super::actions::assignee_completions(model);
            if let Some(Overlay::Prompt {
                purpose: PromptFor::Assign(_),
                completions: c,
                ..
            }) = &mut model.overlay
            {
                *c = completions;
            }
        }
    }
}
