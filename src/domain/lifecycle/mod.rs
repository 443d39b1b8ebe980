//! Lifecycles as data: one table per kind of ticket with its statuses, which of them are open
//! (work to do), done (out of the queue, may reopen) or final, the legal moves, and the reason a
//! refused move is refused. Everything else (the store, SQL's `is_open` column, the queue, the
//! app's status menu, SLA clocks) asks these tables; nothing spells a status list elsewhere.
//!
//! Adding a kind: a new `Lifecycle` table (its own file) and one arm in `of`. Adding a status:
//! a variant of `Status` and rows in the tables that use it. Neither touches the database
//! schema (statuses and kinds are plain text there; the store writes `is_open` from `class`).

mod service_desk;

use super::error::Invalid;
use super::ticket::{Kind, Status};

pub use service_desk::SERVICE_DESK;

/// What a status means for the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusClass {
    /// The desk still has to work on it: in the queue, SLA clocks run (or pause).
    Open,
    /// Finished for now (resolved): out of the queue, clocks stopped, may be reopened.
    Done,
    /// No move leads out of it; it takes no replies.
    Final,
}

/// One side of a refusal row: any status, or one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    Any,
    Is(Status),
}

impl Match {
    fn matches(self, s: Status) -> bool {
        match self {
            Match::Any => true,
            Match::Is(m) => m == s,
        }
    }
}

/// One kind's lifecycle.
#[derive(Debug)]
pub struct Lifecycle {
    pub name: &'static str,
    /// The status a new ticket starts in.
    pub initial: Status,
    /// Every status this kind uses, in menu order, with what it means.
    pub statuses: &'static [(Status, StatusClass)],
    /// Legal moves: from a status to any of these (staying put is always allowed).
    pub moves: &'static [(Status, &'static [Status])],
    /// Why a move is refused: the first row matching (from, to) gives the reason.
    pub refusals: &'static [(Match, Match, &'static str)],
}

/// The lifecycle of a kind.
pub fn of(kind: Kind) -> &'static Lifecycle {
    match kind {
        Kind::Incident | Kind::Request | Kind::Problem | Kind::Change => &SERVICE_DESK,
    }
}

/// Every lifecycle there is (for checks that must hold across kinds).
pub fn all() -> impl Iterator<Item = (Kind, &'static Lifecycle)> {
    Kind::ALL.iter().map(|&k| (k, of(k)))
}

impl Lifecycle {
    /// What `s` means in this lifecycle; `None` when this kind does not use `s`.
    pub fn class(&self, s: Status) -> Option<StatusClass> {
        self.statuses.iter().find(|(x, _)| *x == s).map(|(_, c)| *c)
    }

    pub fn is_open(&self, s: Status) -> bool {
        self.class(s) == Some(StatusClass::Open)
    }

    /// Whether `s` is final here: no move leads out of it.
    pub fn is_final(&self, s: Status) -> bool {
        self.class(s) == Some(StatusClass::Final)
    }

    /// Whether a public reply may be added to a ticket in `s` (internal notes always may).
    pub fn takes_replies(&self, s: Status) -> bool {
        self.class(s).is_some_and(|c| c != StatusClass::Final)
    }

    /// Checks a move from `from` to `to` of ticket `id`. Staying put is not a move and is
    /// allowed.
    pub fn check(&self, id: i64, from: Status, to: Status) -> Result<(), Invalid> {
        if from == to {
            return Ok(());
        }
        let allowed = self
            .moves
            .iter()
            .any(|(f, tos)| *f == from && tos.contains(&to));
        if allowed {
            return Ok(());
        }
        let why = if self.class(to).is_none() {
            format!("the {} lifecycle has no status {to}", self.name)
        } else {
            self.refusals
                .iter()
                .find(|(f, t, _)| f.matches(from) && t.matches(to))
                .map(|(_, _, why)| (*why).to_string())
                .unwrap_or_else(|| "that move is not allowed".to_string())
        };
        Err(Invalid::rule(format!(
            "ticket #{id} cannot go from {from} to {to}: {why}"
        )))
    }

    /// Every status this lifecycle allows from `from` (not counting staying put), in menu order.
    pub fn next(&self, from: Status) -> Vec<Status> {
        self.statuses
            .iter()
            .map(|(s, _)| *s)
            .filter(|&to| to != from && self.check(0, from, to).is_ok())
            .collect()
    }
}

/// Checks a move of ticket `id` (of `kind`) from `from` to `to`.
pub fn check_transition(kind: Kind, id: i64, from: Status, to: Status) -> Result<(), Invalid> {
    of(kind).check(id, from, to)
}

/// Every status the lifecycle of `kind` allows from `from` (not counting staying put).
pub fn next_statuses(kind: Kind, from: Status) -> Vec<Status> {
    of(kind).next(from)
}

/// Whether `s` is open. A status means the same in every kind that uses it (a test holds the
/// tables to that), so a status filter or an SQL column can go by the status alone.
pub fn is_open(s: Status) -> bool {
    all().any(|(_, l)| l.is_open(s))
}

/// Whether `s` is final (closed, cancelled): as `is_open`, the same in every kind using it.
pub fn is_final(s: Status) -> bool {
    all().any(|(_, l)| l.is_final(s))
}

/// The open statuses of any kind, in `Status` order.
pub fn open_statuses() -> Vec<Status> {
    Status::ALL
        .iter()
        .copied()
        .filter(|&s| is_open(s))
        .collect()
}

#[cfg(test)]
mod tests;
