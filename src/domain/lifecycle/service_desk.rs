//! The service-desk lifecycle, shared by incidents and service requests (and, until problem and
//! change management give them their own tables, by problems and changes).
//!
//! ```text
//! new -----> open <----> pending
//!  |          |            |
//!  +----------+------------+--> resolved --> closed (final)
//!  |          |            |       |
//!  +----------+------------+--> cancelled (final)
//!                                  +--> open (reopen)
//! ```

use super::{Lifecycle, Match, StatusClass};
use crate::domain::ticket::Status::*;

pub static SERVICE_DESK: Lifecycle = Lifecycle {
    name: "service desk",
    initial: New,
    statuses: &[
        (New, StatusClass::Open),
        (Open, StatusClass::Open),
        (Pending, StatusClass::Open),
        (Resolved, StatusClass::Done),
        (Closed, StatusClass::Final),
        (Cancelled, StatusClass::Final),
    ],
    moves: &[
        (New, &[Open, Pending, Resolved, Cancelled]),
        (Open, &[Pending, Resolved, Cancelled]),
        (Pending, &[Open, Resolved, Cancelled]),
        (Resolved, &[Open, Closed]),
    ],
    // First match wins; a move matching none is "not allowed".
    refusals: &[
        (
            Match::Is(Closed),
            Match::Any,
            "a closed ticket is final; open a new ticket and link it",
        ),
        (
            Match::Is(Cancelled),
            Match::Any,
            "a cancelled ticket is final; open a new ticket and link it",
        ),
        (Match::Any, Match::Is(New), "a ticket cannot go back to new"),
        (
            Match::Is(Resolved),
            Match::Is(Pending),
            "reopen it (status open) first",
        ),
        (
            Match::Is(Resolved),
            Match::Is(Cancelled),
            "it is already resolved; close it instead",
        ),
        (
            Match::Any,
            Match::Is(Closed),
            "only a resolved ticket can be closed; resolve it first",
        ),
    ],
};
