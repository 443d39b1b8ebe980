//! Which tickets a list shows and in what order. Built from CLI flags and from the query
//! language (`query.rs`); the store turns it into SQL with bound parameters only.

use chrono::{DateTime, Utc};

use super::error::Invalid;
use super::text::one_line;
use super::ticket::{Kind, Status, parse_priority};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssigneeMatch {
    /// Assigned to this agent.
    Is(String),
    /// Not assigned to anyone.
    Nobody,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketFilter {
    /// Empty means any status.
    pub statuses: Vec<Status>,
    pub kinds: Vec<Kind>,
    pub assignee: Option<AssigneeMatch>,
    /// Empty means any priority.
    pub priorities: Vec<u8>,
    pub groups: Vec<String>,
    /// Every tag must be present.
    pub tags: Vec<String>,
    /// Full-text search over titles, descriptions and conversation.
    pub text: Option<String>,
    /// Any of these SLA states (of any of the ticket's clocks), evaluated at read time.
    pub sla: Vec<crate::domain::sla::SlaState>,
    /// Opened at or after this instant.
    pub opened_after: Option<DateTime<Utc>>,
    /// Opened strictly before this instant.
    pub opened_before: Option<DateTime<Utc>>,
    /// Tickets matching any of these are left out (`-term` in the query language). A field a
    /// ticket does not have (no group, no assignee) never matches, so `-group:network` keeps
    /// tickets without a group.
    pub not: Vec<TicketFilter>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Newest opened first (by id; ids grow with creation).
    #[default]
    Newest,
    Oldest,
    /// Most urgent priority first, newest first within a priority.
    Priority,
    /// Most recently changed first.
    Updated,
    /// Soonest SLA due time first (overdue first of all); only tickets with a counting clock.
    Due,
    /// Best full-text match first (BM25, a title match counts more than one in the body);
    /// only with words to search for. Ranking scores every match, so it is slower than the
    /// id orders on a word in most tickets.
    Relevance,
}

impl Sort {
    /// Every order a list takes (`sort:` in the query language, `--sort`), with what it means:
    /// the one list the parser, the help screen and error messages read.
    pub const CHOICES: &[(&'static str, Sort, &'static str)] = &[
        ("newest", Sort::Newest, "newest opened first, the default"),
        ("oldest", Sort::Oldest, "oldest opened first"),
        ("priority", Sort::Priority, "most urgent first"),
        ("updated", Sort::Updated, "latest change first"),
        ("due", Sort::Due, "soonest SLA due time first"),
        (
            "relevance",
            Sort::Relevance,
            "best text match first, with words to search for",
        ),
    ];
}

impl std::str::FromStr for Sort {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        let mut choices: Vec<(&str, Sort)> = Sort::CHOICES.iter().map(|c| (c.0, c.1)).collect();
        choices.push(("rank", Sort::Relevance));
        let names: Vec<&str> = Sort::CHOICES.iter().map(|c| c.0).collect();
        super::error::parse_choice("sort", s, &choices, &names)
    }
}

/// Where the next page starts: the sort key of the last row shown (keyset pagination).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub id: i64,
    /// The sort's leading key for that row (priority, updated_at or due seconds; for relevance
    /// the bits of the BM25 score as an f64); unused for id sorts.
    pub key: i64,
}

/// Parses a comma-separated list of statuses; `open-all` (or `active`) means every open status.
pub fn parse_statuses(s: &str) -> Result<Vec<Status>, Invalid> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if part.eq_ignore_ascii_case("active") || part.eq_ignore_ascii_case("open-all") {
            out.extend(super::lifecycle::open_statuses());
        } else {
            out.push(part.parse()?);
        }
    }
    if out.is_empty() {
        return Err(Invalid::value("no status given"));
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// A status selection as a user writes it: `all` (any status: an empty list), or a list for
/// `parse_statuses`. The query language's `status:` and `--status` both read it.
pub fn parse_status_selection(s: &str) -> Result<Vec<Status>, Invalid> {
    if s.trim().eq_ignore_ascii_case("all") {
        return Ok(Vec::new());
    }
    parse_statuses(s)
}

/// Parses a comma-separated list of kinds.
pub fn parse_kinds(s: &str) -> Result<Vec<Kind>, Invalid> {
    let mut out = s
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::parse)
        .collect::<Result<Vec<Kind>, _>>()?;
    if out.is_empty() {
        return Err(Invalid::value("no kind given"));
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Parses a comma-separated list of SLA states (empty items skipped; may come back empty).
pub fn parse_sla_states(s: &str) -> Result<Vec<crate::domain::sla::SlaState>, Invalid> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::parse)
        .collect()
}

/// A comma-separated list of names (groups), trimmed, empty items skipped.
pub fn parse_names(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// Parses a priority selection: `2`, `1,2`, `1-3`, `<=2`, `<3`, `>=4`, `>4`.
pub fn parse_priorities(s: &str) -> Result<Vec<u8>, Invalid> {
    let t = s.trim();
    let bad = || {
        Invalid::value(format!(
            "bad priority selection '{}': use 2, 1,2, 1-3, <=2 or >=4",
            one_line(s)
        ))
    };
    let range = |lo: u8, hi: u8| -> Result<Vec<u8>, Invalid> {
        if lo > hi {
            return Err(bad());
        }
        Ok((lo..=hi).collect())
    };
    let mut out = if let Some(rest) = t.strip_prefix("<=") {
        range(1, parse_priority(rest)?)?
    } else if let Some(rest) = t.strip_prefix(">=") {
        range(parse_priority(rest)?, 5)?
    } else if let Some(rest) = t.strip_prefix('<') {
        range(1, parse_priority(rest)?.checked_sub(1).ok_or_else(bad)?)?
    } else if let Some(rest) = t.strip_prefix('>') {
        range(parse_priority(rest)? + 1, 5)?
    } else if let Some((a, b)) = t.split_once('-') {
        range(parse_priority(a)?, parse_priority(b)?)?
    } else {
        t.split(',')
            .map(parse_priority)
            .collect::<Result<Vec<u8>, _>>()?
    };
    if out.is_empty() {
        return Err(bad());
    }
    out.sort();
    out.dedup();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_selections() {
        assert_eq!(parse_priorities("2"), Ok(vec![2]));
        assert_eq!(parse_priorities("3,1,1"), Ok(vec![1, 3]));
        assert_eq!(parse_priorities("<=2"), Ok(vec![1, 2]));
        assert_eq!(parse_priorities("<2"), Ok(vec![1]));
        assert_eq!(parse_priorities(">=4"), Ok(vec![4, 5]));
        assert_eq!(parse_priorities(">4"), Ok(vec![5]));
        assert_eq!(parse_priorities("2-4"), Ok(vec![2, 3, 4]));
        for bad in ["", "<1", ">5", "4-2", "x", "0", "1,,2"] {
            assert!(parse_priorities(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn status_lists() {
        assert_eq!(
            parse_statuses("open, pending"),
            Ok(vec![Status::Open, Status::Pending])
        );
        assert_eq!(parse_statuses("active").unwrap().len(), 3);
        assert!(parse_statuses("opn").is_err());
        assert!(parse_statuses(",").is_err());
        assert_eq!(parse_status_selection(" ALL "), Ok(Vec::new()));
        assert!(
            parse_statuses("all").is_err(),
            "all is a whole selection, not a status"
        );
    }
}
