//! The one error type of the domain: input that breaks a rule. Each message is one clear line.

use thiserror::Error;

/// Something a user asked for that the rules do not allow, or a value that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Invalid {
    /// A value that does not parse or is out of range ("bad enum value", "bad date", ...).
    #[error("{0}")]
    Value(String),
    /// A request that is well-formed but breaks a rule (an illegal status change, a bad link).
    #[error("{0}")]
    Rule(String),
    /// The pending-reason rule, typed so each front end can say it in its own words (the CLI
    /// names its flags).
    #[error("{}", .0.text())]
    Pending(PendingRule),
}

/// A pending ticket says what it waits for, and only a pending ticket has such a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PendingRule {
    /// A reason was given for a status other than pending.
    ReasonWithoutPending,
    /// The ticket moves to pending without a reason.
    PendingWithoutReason,
}

impl PendingRule {
    pub fn text(self) -> &'static str {
        match self {
            PendingRule::ReasonWithoutPending => "a pending reason goes only with status pending",
            PendingRule::PendingWithoutReason => {
                "a pending ticket needs a reason: say what it is waiting for"
            }
        }
    }
}

impl Invalid {
    pub fn value(msg: impl Into<String>) -> Self {
        Invalid::Value(msg.into())
    }
    pub fn rule(msg: impl Into<String>) -> Self {
        Invalid::Rule(msg.into())
    }
}

/// Parses one of a fixed set of names, with a message that lists the choices.
pub(crate) fn parse_choice<T: Copy>(
    what: &str,
    input: &str,
    choices: &[(&str, T)],
    canonical: &[&str],
) -> Result<T, Invalid> {
    let key = input.trim().to_ascii_lowercase().replace('_', "-");
    choices
        .iter()
        .find(|(name, _)| *name == key)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            Invalid::value(format!(
                "unknown {what} '{}': expected one of {}",
                crate::domain::text::one_line(input),
                canonical.join(", ")
            ))
        })
}
