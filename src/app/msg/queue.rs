//! The queue's jobs and answers: a page of rows at a place in the list, and the count of
//! tickets the filter matches.

use crate::app::model::Row;
use crate::domain::filter::{Cursor, Sort, TicketFilter};

/// Where a page of the queue goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageAt {
    /// The top of the list (replaces the window).
    Start,
    /// The bottom of the list (replaces the window).
    End,
    /// Rows around this ticket, `usize` of them above it (replaces the window; refreshes).
    Around(i64, usize),
    /// More rows after this cursor (appends).
    After(Cursor),
    /// More rows before this cursor (prepends).
    Before(Cursor),
}

#[derive(Debug, Clone)]
pub struct PageData {
    pub rows: Vec<Row>,
    pub has_before: bool,
    pub has_after: bool,
    /// For `Around`: where the anchor ticket is (or would be, if it left the list).
    pub anchor_at: Option<usize>,
}

#[derive(Debug, Clone)]
pub enum QueueJob {
    Page {
        window: u64,
        at: PageAt,
        filter: TicketFilter,
        sort: Sort,
        limit: usize,
    },
    Count {
        generation: u64,
        filter: TicketFilter,
    },
}

impl QueueJob {
    /// Counts and ranked pages may read most of the desk (see `Job::is_slow`).
    pub fn is_slow(&self) -> bool {
        matches!(
            self,
            QueueJob::Count { .. }
                | QueueJob::Page {
                    sort: Sort::Relevance,
                    ..
                }
        )
    }

    /// A newer count replaces an older one; a page that replaces the window replaces another.
    pub fn supersedes(&self, older: &QueueJob) -> bool {
        matches!(
            (self, older),
            (QueueJob::Count { .. }, QueueJob::Count { .. })
                | (
                    QueueJob::Page {
                        at: PageAt::Start | PageAt::End | PageAt::Around(..),
                        ..
                    },
                    QueueJob::Page {
                        at: PageAt::Start | PageAt::End | PageAt::Around(..),
                        ..
                    }
                )
        )
    }
}

#[derive(Debug, Clone)]
pub enum QueueLoaded {
    Page {
        window: u64,
        at: PageAt,
        result: Result<PageData, String>,
    },
    Count {
        generation: u64,
        total: i64,
    },
}
