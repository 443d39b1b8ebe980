//! Saving tickets: field changes (a conflict answers with the ticket as it is now), replies and
//! notes, new tickets, links. Every job here writes, so our own changes are marked as seen.

use super::Worker;
use crate::app::msg::{Linked, TicketJob, TicketLoaded, UpdateItem, UpdateResult};
use crate::store::{Store, StoreError};

pub(super) fn run(w: &mut Worker, job: TicketJob) -> Option<TicketLoaded> {
    let answer = write(&mut w.store, job);
    w.wrote();
    Some(answer)
}

fn write(s: &mut Store, job: TicketJob) -> TicketLoaded {
    match job {
        TicketJob::Update {
            label,
            items,
            undoable,
        } => TicketLoaded::Updated {
            label,
            undoable,
            results: items
                .into_iter()
                .map(|item| {
                    let r = update(s, &item);
                    (item, r)
                })
                .collect(),
        },
        TicketJob::AddEntry { id, kind, body } => {
            let result = s
                .add_entry(id, kind, &body)
                .map(|_| ())
                .map_err(|e| e.to_string());
            TicketLoaded::EntryAdded {
                id,
                kind,
                body,
                result,
            }
        }
        TicketJob::Create(t) => {
            TicketLoaded::Created(s.create_ticket(*t).map(|t| t.id).map_err(|e| e.to_string()))
        }
        TicketJob::Link { from, to, request } => TicketLoaded::Linked {
            from,
            to,
            result: s
                .link_tickets(from, to, request)
                .map(|(l, created)| Linked {
                    from: l.from_id,
                    kind: l.kind,
                    to: l.to_id,
                    created,
                })
                .map_err(|e| e.to_string()),
        },
    }
}

fn update(s: &mut Store, item: &UpdateItem) -> UpdateResult {
    match s.update_ticket(item.target.id, &item.patch, item.target.version) {
        Ok(out) => UpdateResult::Saved {
            ticket: Box::new(out.ticket),
            changes: out.changes,
        },
        Err(StoreError::Conflict { by, .. }) => match s.ticket(item.target.id) {
            Ok(t) => UpdateResult::Conflict {
                theirs: Box::new(t),
                by,
            },
            Err(e) => UpdateResult::Failed(e.to_string()),
        },
        Err(e) => UpdateResult::Failed(e.to_string()),
    }
}
