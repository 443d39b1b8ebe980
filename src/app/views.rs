//! The saved views across the top of the queue. A view is a query in the filter language
//! (`domain::query`), so what a view shows is written down in one place and the same text works
//! in `/` and in `tend ticket list --query`.

pub struct View {
    pub name: &'static str,
    pub query: &'static str,
    /// What the help screen says about it: honest about what the query does today.
    pub about: &'static str,
}

/// Index of "Breaching soon", the view that becomes an SLA query when SLA data exists.
pub const BREACHING_SOON: usize = 2;

pub const VIEWS: &[View] = &[
    View {
        name: "My open",
        query: "status:active assignee:me sort:priority",
        about: "open tickets assigned to you, most urgent priority first",
    },
    View {
        name: "Unassigned",
        query: "status:active assignee:none sort:priority",
        about: "open tickets nobody has taken, most urgent priority first",
    },
    // Until the SLA engine stores due times this is open tickets by priority; it becomes
    // `status:active sla:at-risk,breached sort:due` (or similar) when `sla:` exists.
    View {
        name: "Breaching soon",
        query: "status:active prio:<=3 sort:priority",
        about: "for now: open tickets of priority 1-3, most urgent first (no SLA data yet)",
    },
    View {
        name: "All open",
        query: "status:active sort:newest",
        about: "every open ticket, newest first",
    },
    View {
        name: "Recently resolved",
        query: "status:resolved,closed sort:updated",
        about: "resolved and closed tickets, latest change first",
    },
];
