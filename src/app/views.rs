//! The saved views across the top of the queue. A view is a query in the filter language
//! (`domain::query`), so what a view shows is written down in one place and the same text works
//! in `/` and in `tend ticket list --query`.

pub struct View {
    pub name: &'static str,
    pub query: &'static str,
    /// What the help screen says about it: honest about what the query does today.
    pub about: &'static str,
}

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
    View {
        name: "Breaching soon",
        query: "status:active sla:breached,at-risk sort:due",
        about: "open tickets whose SLA clocks are breached or past their warning point, soonest due first",
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
