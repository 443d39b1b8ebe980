//! The status lifecycle: which moves are allowed, and why a refused one is refused.
//!
//! ```text
//! new -----> open <----> pending
//!  |          |            |
//!  +----------+------------+--> resolved --> closed (final)
//!  |          |            |       |
//!  +----------+------------+--> cancelled (final)
//!                                  +--> open (reopen)
//! ```

use super::error::Invalid;
use super::ticket::Status;

/// Checks a move from `from` to `to`. Moving to the same status is not a move and is allowed.
pub fn check_transition(id: i64, from: Status, to: Status) -> Result<(), Invalid> {
    use Status::*;
    if from == to {
        return Ok(());
    }
    let allowed = match from {
        New => matches!(to, Open | Pending | Resolved | Cancelled),
        Open => matches!(to, Pending | Resolved | Cancelled),
        Pending => matches!(to, Open | Resolved | Cancelled),
        Resolved => matches!(to, Open | Closed),
        Closed | Cancelled => false,
    };
    if allowed {
        return Ok(());
    }
    let why = match (from, to) {
        (Closed, _) => "a closed ticket is final; open a new ticket and link it".to_string(),
        (Cancelled, _) => "a cancelled ticket is final; open a new ticket and link it".to_string(),
        (_, New) => "a ticket cannot go back to new".to_string(),
        (Resolved, Pending) => "reopen it (status open) first".to_string(),
        (Resolved, Cancelled) => "it is already resolved; close it instead".to_string(),
        (_, Closed) => "only a resolved ticket can be closed; resolve it first".to_string(),
        _ => "that move is not allowed".to_string(),
    };
    Err(Invalid::rule(format!(
        "ticket #{id} cannot go from {from} to {to}: {why}"
    )))
}

/// Every status the lifecycle allows from `from` (not counting staying put).
pub fn next_statuses(from: Status) -> Vec<Status> {
    Status::ALL
        .iter()
        .copied()
        .filter(|&to| to != from && check_transition(0, from, to).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    /// The whole table, legal and illegal, spelled out so a change to the rules is a visible diff.
    #[test]
    fn every_transition() {
        let legal: &[(Status, &[Status])] = &[
            (New, &[Open, Pending, Resolved, Cancelled]),
            (Open, &[Pending, Resolved, Cancelled]),
            (Pending, &[Open, Resolved, Cancelled]),
            (Resolved, &[Open, Closed]),
            (Closed, &[]),
            (Cancelled, &[]),
        ];
        for (from, tos) in legal {
            for to in Status::ALL {
                let result = check_transition(7, *from, *to);
                if to == from || tos.contains(to) {
                    assert!(result.is_ok(), "{from} -> {to} should be legal");
                } else {
                    let msg = result.expect_err("should be illegal").to_string();
                    assert!(
                        msg.starts_with(&format!("ticket #7 cannot go from {from} to {to}: ")),
                        "{msg}"
                    );
                    assert!(!msg.contains('\n'));
                }
            }
            assert_eq!(next_statuses(*from), tos.to_vec());
        }
    }

    #[test]
    fn refusals_explain_themselves() {
        let msg = check_transition(3, Closed, Open).unwrap_err().to_string();
        assert!(msg.contains("closed ticket is final"), "{msg}");
        let msg = check_transition(3, Open, Closed).unwrap_err().to_string();
        assert!(msg.contains("resolve it first"), "{msg}");
    }
}
