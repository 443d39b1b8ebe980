//! The queue's jobs: pages of rows (keyset pagination around a cursor) with their most urgent
//! clock, and counts.

use super::Worker;
use crate::app::model::Row;
use crate::app::msg::{PageAt, PageData, QueueJob, QueueLoaded};
use crate::app::sla::SlaBadge;
use crate::domain::filter::{Sort, TicketFilter};
use crate::runtime::sla_feed;
use crate::store::{ListPage, Result, Store, StoreError};

pub(super) fn run(w: &mut Worker, job: QueueJob) -> Option<QueueLoaded> {
    match job {
        QueueJob::Page {
            window,
            at,
            filter,
            sort,
            limit,
        } => match page(&w.store, at, &filter, sort, limit) {
            Err(e) if e.is_interrupted() => {
                w.interrupted = true;
                None
            }
            result => Some(QueueLoaded::Page {
                window,
                at,
                result: result.map_err(|e| e.to_string()),
            }),
        },
        QueueJob::Count { generation, filter } => match w.store.count_tickets(&filter) {
            Ok(total) => Some(QueueLoaded::Count { generation, total }),
            Err(e) => {
                w.interrupted = e.is_interrupted();
                None
            }
        },
    }
}

fn rows(s: &Store, page: &ListPage) -> Result<Vec<Row>> {
    let ids: Vec<i64> = page.tickets.iter().map(|t| t.id).collect();
    let badges = sla_feed::badges(s, &ids)?;
    Ok(page
        .tickets
        .iter()
        .zip(&page.cursors)
        .map(|(t, cursor)| {
            let sla = badges
                .get(&t.id)
                .and_then(|b| SlaBadge::most_urgent(b))
                .cloned();
            Row::from_ticket(t, *cursor, sla)
        })
        .collect())
}

/// A page and whether there are rows before and after it (and, around a ticket, where it is).
type Window = (ListPage, bool, bool, Option<usize>);

fn page(s: &Store, at: PageAt, f: &TicketFilter, sort: Sort, limit: usize) -> Result<PageData> {
    let (page, has_before, has_after, anchor_at) = match at {
        PageAt::Start => {
            let p = s.list_tickets(f, sort, None, limit)?;
            let more = p.next.is_some();
            (p, false, more, None)
        }
        PageAt::End => {
            let p = s.list_tickets_before(f, sort, None, limit)?;
            let more = p.next.is_some();
            (p, more, false, None)
        }
        PageAt::After(c) => {
            let p = s.list_tickets(f, sort, Some(c), limit)?;
            let more = p.next.is_some();
            (p, true, more, None)
        }
        PageAt::Before(c) => {
            let p = s.list_tickets_before(f, sort, Some(c), limit)?;
            let more = p.next.is_some();
            (p, more, true, None)
        }
        PageAt::Around(id, above) => match around(s, id, above, f, sort, limit)? {
            Some(w) => w,
            None => return page(s, PageAt::Start, f, sort, limit),
        },
    };
    Ok(PageData {
        rows: rows(s, &page)?,
        has_before,
        has_after,
        anchor_at,
    })
}

/// `above` rows before ticket `id` and a page from it on; `None` when the ticket is gone.
fn around(
    s: &Store,
    id: i64,
    above: usize,
    f: &TicketFilter,
    sort: Sort,
    limit: usize,
) -> Result<Option<Window>> {
    let cursor = match s.cursor_for(id, sort, f) {
        Err(StoreError::NotFound { .. }) => return Ok(None),
        other => other?,
    };
    let back = s.list_tickets_before(f, sort, Some(cursor), above)?;
    let after = back.cursors.last().copied();
    let fwd = s.list_tickets(f, sort, after, limit)?;
    let at = back.tickets.len();
    let (more_before, more_after) = (back.next.is_some(), fwd.next.is_some());
    let mut all = back;
    all.tickets.extend(fwd.tickets);
    all.cursors.extend(fwd.cursors);
    Ok(Some((all, more_before, more_after, Some(at))))
}
