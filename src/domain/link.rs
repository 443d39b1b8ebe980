//! Links between tickets. A link reads "FROM <kind> TO": #7 duplicate-of #3, #7 caused-by #2
//! (an incident caused by a problem), #7 parent #1 (#1 is #7's parent), #7 relates-to #9.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::error::{Invalid, parse_choice};
use super::ticket::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    Relates,
    Duplicate,
    CausedBy,
    Parent,
}

impl LinkKind {
    pub const ALL: &'static [LinkKind] = &[
        LinkKind::Relates,
        LinkKind::Duplicate,
        LinkKind::CausedBy,
        LinkKind::Parent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Relates => "relates",
            LinkKind::Duplicate => "duplicate",
            LinkKind::CausedBy => "caused_by",
            LinkKind::Parent => "parent",
        }
    }

    /// How the link reads from the ticket it starts at.
    pub fn forward_label(self) -> &'static str {
        match self {
            LinkKind::Relates => "relates to",
            LinkKind::Duplicate => "duplicate of",
            LinkKind::CausedBy => "caused by",
            LinkKind::Parent => "child of",
        }
    }

    /// How the link reads from the ticket it points to.
    pub fn backward_label(self) -> &'static str {
        match self {
            LinkKind::Relates => "relates to",
            LinkKind::Duplicate => "duplicated by",
            LinkKind::CausedBy => "causes",
            LinkKind::Parent => "parent of",
        }
    }

    pub fn from_db(s: &str) -> Option<LinkKind> {
        Self::ALL.iter().copied().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for LinkKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a user types after `--kind`: the link kinds, plus `child` (the reverse of `parent`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRequest {
    Forward(LinkKind),
    /// `link A --to B --kind child`: B is a child of A, stored as B parent A.
    Child,
}

impl std::str::FromStr for LinkRequest {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        use LinkRequest::*;
        parse_choice(
            "link kind",
            s,
            &[
                ("relates", Forward(LinkKind::Relates)),
                ("relates-to", Forward(LinkKind::Relates)),
                ("duplicate", Forward(LinkKind::Duplicate)),
                ("duplicate-of", Forward(LinkKind::Duplicate)),
                ("caused-by", Forward(LinkKind::CausedBy)),
                ("parent", Forward(LinkKind::Parent)),
                ("child", Child),
            ],
            &["relates", "duplicate", "caused-by", "parent", "child"],
        )
    }
}

/// A stored link, as seen from one ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub from_id: i64,
    pub to_id: i64,
    pub kind: LinkKind,
}

/// Rules a new link must follow, given the kinds of both ends.
pub fn check_link(
    from: (i64, Kind),
    to: (i64, Kind),
    kind: LinkKind,
    from_has_parent: bool,
) -> Result<(), Invalid> {
    if from.0 == to.0 {
        return Err(Invalid::rule(format!(
            "ticket #{} cannot be linked to itself",
            from.0
        )));
    }
    match kind {
        LinkKind::CausedBy if to.1 != Kind::Problem => Err(Invalid::rule(format!(
            "caused-by points at a problem: #{} is {} {}",
            to.0,
            article(to.1),
            to.1
        ))),
        LinkKind::CausedBy if from.1 == Kind::Problem => Err(Invalid::rule(format!(
            "#{} is a problem; link problems with relates or parent",
            from.0
        ))),
        LinkKind::Parent if from_has_parent => Err(Invalid::rule(format!(
            "ticket #{} already has a parent; unlink it first",
            from.0
        ))),
        _ => Ok(()),
    }
}

fn article(kind: Kind) -> &'static str {
    match kind {
        Kind::Incident => "an",
        _ => "a",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_rules() {
        let inc = (1, Kind::Incident);
        let prb = (2, Kind::Problem);
        assert!(check_link(inc, prb, LinkKind::CausedBy, false).is_ok());
        let msg = check_link(prb, inc, LinkKind::CausedBy, false)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("#1 is an incident"), "{msg}");
        assert!(check_link(inc, inc, LinkKind::Relates, false).is_err());
        assert!(check_link(inc, prb, LinkKind::Parent, true).is_err());
        assert!(check_link(inc, prb, LinkKind::Parent, false).is_ok());
    }

    #[test]
    fn link_kinds_parse() {
        assert_eq!(
            "caused-by".parse::<LinkRequest>(),
            Ok(LinkRequest::Forward(LinkKind::CausedBy))
        );
        assert_eq!("child".parse::<LinkRequest>(), Ok(LinkRequest::Child));
        assert!("blocks".parse::<LinkRequest>().is_err());
        assert_eq!(LinkKind::from_db("caused_by"), Some(LinkKind::CausedBy));
    }
}
