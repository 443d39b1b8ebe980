//! Saved views of the queue: a name and a query in the filter language (`domain::query`).
//! Team views are shared by every agent on the desk; personal ones belong to one agent.

use serde::Serialize;

use super::error::Invalid;
use super::query::{self, QueryContext};

/// Longest view name, in characters (it is drawn as a tab across the top of the queue).
pub const MAX_VIEW_NAME_CHARS: usize = 30;

/// Who sees a view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Only the agent who saved it.
    Me,
    /// Every agent on the desk.
    Team,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Me => "me",
            Scope::Team => "team",
        }
    }
}

/// A saved view as stored: what it is (name + query), whose, and where it sits in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedView {
    pub id: i64,
    pub name: String,
    pub query: String,
    pub scope: Scope,
    /// 1-based place in the list the agent sees.
    pub position: usize,
}

/// The one rule for a view's name: 1 to `MAX_VIEW_NAME_CHARS` characters after trimming, no
/// control or invisible characters. Uniqueness (per scope, ignoring case) is the store's check.
pub fn validate_name(name: &str) -> Result<String, Invalid> {
    let n = name.trim();
    if n.is_empty() {
        return Err(Invalid::value("a view needs a name"));
    }
    if let Some(c) = n
        .chars()
        .find(|c| c.is_control() || super::text::is_hidden(*c))
    {
        return Err(Invalid::value(format!(
            "the view name '{}' contains {}; a view name is printable characters only",
            super::text::one_line(n),
            super::names::describe(c)
        )));
    }
    let len = n.chars().count();
    if len > MAX_VIEW_NAME_CHARS {
        return Err(Invalid::value(format!(
            "the view name is {len} characters long; at most {MAX_VIEW_NAME_CHARS}"
        )));
    }
    Ok(n.to_string())
}

/// Checks a view's query parses, with the same words `/` accepts. Returns it trimmed.
pub fn validate_query(text: &str, ctx: &QueryContext<'_>) -> Result<String, Invalid> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Invalid::value(
            "a view needs a query (e.g. 'status:active sort:newest')",
        ));
    }
    query::parse(t, ctx).map_err(|e| {
        Invalid::value(format!(
            "the view's query does not parse: {} (at '{}')",
            e.message,
            super::text::one_line(t.get(e.span.clone()).unwrap_or(t))
        ))
    })?;
    Ok(t.to_string())
}

/// The views a new desk starts with (team views; agents may reorder or delete them).
pub const DEFAULTS: &[(&str, &str)] = &[
    ("My open", "status:active assignee:me sort:priority"),
    ("Unassigned", "status:active assignee:none sort:priority"),
    (
        "Breaching soon",
        "status:active sla:breached,at-risk sort:due",
    ),
    ("All open", "status:active sort:newest"),
    ("Recently resolved", "status:resolved,closed sort:updated"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_printable_and_short() {
        assert_eq!(validate_name("  Mine  ").ok().as_deref(), Some("Mine"));
        assert!(validate_name("").is_err());
        assert!(validate_name("a\u{1b}[2J").is_err());
        assert!(validate_name("a\u{202e}b").is_err());
        assert!(validate_name(&"x".repeat(31)).is_err());
        assert!(validate_name("Netzwerk – offen").is_ok());
    }
}
