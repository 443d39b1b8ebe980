//! The detail pane's job: a ticket with its linked articles' titles and its clocks (kept ones,
//! or for a closed or cancelled ticket the ones derived from its history).

use super::Worker;
use crate::app::msg::{DetailData, DetailJob, DetailLoaded};
use crate::domain::ticket::Status;
use crate::runtime::sla_feed;
use crate::store::{Result, Store, StoreError};

pub(super) fn run(w: &mut Worker, job: DetailJob) -> Option<DetailLoaded> {
    match job {
        DetailJob::Load(id) => Some(DetailLoaded::Ticket {
            id,
            result: detail(&w.store, id)
                .map(Box::new)
                .map_err(|e| e.to_string()),
        }),
    }
}

fn detail(s: &Store, id: i64) -> Result<DetailData> {
    let detail = s.ticket_detail(id)?;
    let mut articles = Vec::new();
    for a in &detail.articles {
        match s.article(*a) {
            Ok(art) => articles.push((art.id, art.title)),
            Err(StoreError::NotFound { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    let mut sla = sla_feed::badges(s, &[id])?.remove(&id).unwrap_or_default();
    if sla.is_empty() && matches!(detail.ticket.status, Status::Closed | Status::Cancelled) {
        sla = sla_feed::derived(s, id)?;
    }
    Ok(DetailData {
        detail,
        articles,
        sla,
    })
}
