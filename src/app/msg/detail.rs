//! The ticket detail pane's job and answer: one ticket with its conversation, links, linked
//! articles and clocks.

use crate::app::sla::SlaBadge;
use crate::domain::ticket::TicketDetail;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailData {
    pub detail: TicketDetail,
    /// The linked articles' ids and titles.
    pub articles: Vec<(i64, String)>,
    pub sla: Vec<SlaBadge>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetailJob {
    /// Read ticket `id` for the detail pane.
    Load(i64),
}

#[derive(Debug, Clone)]
pub enum DetailLoaded {
    Ticket {
        id: i64,
        result: Result<Box<DetailData>, String>,
    },
}
