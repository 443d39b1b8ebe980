//! Rules a whole record must satisfy when it arrives whole instead of through the CLI (a ticket
//! with its conversation and history from `tend import`, an article, a link). They use the CLI's
//! own field validators, so import accepts nothing the CLI would refuse; what the CLI enforces by
//! construction (a pending ticket has a reason, times run forward) is checked here explicitly.

use chrono::{DateTime, Utc};

use super::conversation::Entry;
use super::error::Invalid;
use super::history::Change;
use super::kb::{Article, ArticleChange};
use super::names::validate_name;
use super::ticket::{
    self, Status, Ticket, normalize_tags, short_field, validate_body, validate_title,
};
use super::time::{check_sane, rfc3339};

/// Largest id accepted for any record: 2^53, the largest integer a JSON reader in any language
/// keeps exactly.
pub const MAX_ID: i64 = 1 << 53;
/// Largest version accepted: 2^31 - 1 saved changes, far more than any record will see.
pub const MAX_VERSION: i64 = i32::MAX as i64;

fn value(msg: impl Into<String>) -> Invalid {
    Invalid::value(msg)
}

pub fn check_id(what: &str, id: i64) -> Result<(), Invalid> {
    if (1..=MAX_ID).contains(&id) {
        Ok(())
    } else {
        Err(value(format!(
            "{what} id {id} is out of range: ids run from 1 to 2^53"
        )))
    }
}

pub fn check_version(version: i64) -> Result<(), Invalid> {
    if (1..=MAX_VERSION).contains(&version) {
        Ok(())
    } else {
        Err(value(format!(
            "version {version} is out of range: versions run from 1 to 2^31-1"
        )))
    }
}

/// `t` is a sane time within `[from, to]`.
pub fn check_time(
    what: &str,
    t: DateTime<Utc>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    to_name: &str,
) -> Result<(), Invalid> {
    check_sane(t).map_err(|e| value(format!("{what}: {e}")))?;
    if t < from {
        return Err(value(format!(
            "{what} {} is before the ticket was opened ({})",
            rfc3339(t),
            rfc3339(from)
        )));
    }
    if t > to {
        return Err(value(format!(
            "{what} {} is after {to_name} ({})",
            rfc3339(t),
            rfc3339(to)
        )));
    }
    Ok(())
}

/// Checks a ticket with its conversation and history, and returns the ticket cleaned up as the
/// CLI would have stored it (fields trimmed, tags normalised). `now` bounds every time.
pub fn check_ticket(
    t: &Ticket,
    conversation: &[Entry],
    history: &[Change],
    now: DateTime<Utc>,
) -> Result<Ticket, Invalid> {
    let mut t = t.clone();
    check_id("ticket", t.id)?;
    check_version(t.version)?;
    ticket::clean_fields(
        &mut t,
        |t| &mut t.title,
        |t| &t.description,
        |f, t| (f.of_mut)(t),
        |t| &mut t.tags,
    )?;
    ticket::parse_priority(&t.priority.to_string())?;
    match (t.status, &t.pending_reason) {
        (Status::Pending, None) => return Err(value("pending without a reason")),
        (Status::Pending, Some(r)) => t.pending_reason = Some(short_field("reason", r)?),
        (s, Some(_)) => return Err(value(format!("{s} but with a pending reason"))),
        (_, None) => {}
    }
    check_sane(t.opened_at).map_err(|e| value(format!("opened_at: {e}")))?;
    if t.opened_at > now {
        return Err(value("opened in the future"));
    }
    check_time("updated_at", t.updated_at, t.opened_at, now, "now")?;
    match (t.status, t.resolved_at) {
        (Status::Resolved, None) => return Err(value("resolved without resolved_at")),
        (_, Some(at)) => check_time("resolved_at", at, t.opened_at, t.updated_at, "updated_at")?,
        _ => {}
    }
    match (t.status, t.closed_at) {
        (s, None) if crate::domain::lifecycle::is_final(s) => {
            return Err(value(format!("{} without closed_at", t.status)));
        }
        (s, Some(at)) if crate::domain::lifecycle::is_final(s) => {
            check_time("closed_at", at, t.opened_at, t.updated_at, "updated_at")?
        }
        (s, Some(_)) => return Err(value(format!("{s} but with a closed_at"))),
        _ => {}
    }
    if history.is_empty() {
        return Err(value("a ticket without history"));
    }
    for h in history {
        let at = |e: Invalid| value(format!("history row {}: {e}", h.id));
        check_id("history row", h.id)?;
        check_time("time", h.at, t.opened_at, now, "now").map_err(at)?;
        validate_name("actor", &h.actor).map_err(at)?;
        short_field("OS account", &h.os_user).map_err(at)?;
        short_field("field", &h.field).map_err(at)?;
        for v in [&h.old, &h.new].into_iter().flatten() {
            validate_body("history value", v).map_err(at)?;
        }
    }
    if let Some(why) = contradiction(&t, history) {
        return Err(value(why));
    }
    let saves = saved_changes(history);
    if t.version - 1 < saves {
        return Err(value(format!(
            "version {} but its history records {saves} saved changes",
            t.version
        )));
    }
    for e in conversation {
        let at = |err: Invalid| value(format!("{} {}: {err}", e.kind, e.id));
        check_id(e.kind.as_str(), e.id)?;
        validate_name("author", &e.author).map_err(at)?;
        if let Some(os) = &e.os_user {
            short_field("OS account", os).map_err(at)?;
        }
        validate_body(e.kind.as_str(), &e.body).map_err(at)?;
        if e.body.trim().is_empty() {
            return Err(at(value(format!("the {} is empty", e.kind))));
        }
        check_time("time", e.created_at, t.opened_at, now, "now").map_err(at)?;
    }
    Ok(t)
}

/// Where a ticket's history contradicts the ticket: the last recorded value of its status,
/// assignee or priority is not what the ticket holds. (`db check` asks the same in SQL.)
pub fn contradiction(t: &Ticket, history: &[Change]) -> Option<String> {
    let priority = t.priority.to_string();
    for (field, current) in [
        ("status", Some(t.status.as_str())),
        ("assignee", t.assignee.as_deref()),
        ("priority", Some(priority.as_str())),
    ] {
        if let Some(last) = history.iter().rev().find(|h| h.field == field)
            && last.new.as_deref() != current
        {
            return Some(format!(
                "its history last set the {field} to {}, but it is {}",
                last.new.as_deref().unwrap_or("nothing"),
                current.unwrap_or("unset")
            ));
        }
    }
    None
}

/// How many saves (each one version) a history records at least: field changes grouped by
/// time, leaving out creation, links, articles and the import record. (`db check` counts the
/// same in SQL.)
pub fn saved_changes(history: &[Change]) -> i64 {
    let mut times: Vec<i64> = history
        .iter()
        .filter(|h| !matches!(h.field.as_str(), "link" | "article" | "imported"))
        .filter(|h| !(h.field == "status" && h.old.is_none()))
        .map(|h| h.at.timestamp())
        .collect();
    times.sort_unstable();
    times.dedup();
    times.len() as i64
}

/// Checks an article and returns it cleaned up as the CLI would have stored it.
pub fn check_article(a: &Article, now: DateTime<Utc>) -> Result<Article, Invalid> {
    let mut a = a.clone();
    check_version(a.version)?;
    a.title = validate_title(&a.title)?;
    validate_body("article body", &a.body)?;
    a.tags = normalize_tags(&a.tags)?;
    a.author = validate_name("author", &a.author)?;
    if let Some(os) = &a.os_user {
        short_field("OS account", os)?;
    }
    check_sane(a.created_at).map_err(|e| value(format!("created_at: {e}")))?;
    if a.created_at > now {
        return Err(value("created in the future"));
    }
    check_sane(a.updated_at).map_err(|e| value(format!("updated_at: {e}")))?;
    if a.updated_at < a.created_at || a.updated_at > now {
        return Err(value(format!(
            "updated_at {} is not between its creation and now",
            rfc3339(a.updated_at)
        )));
    }
    Ok(a)
}

pub fn check_article_change(h: &ArticleChange, now: DateTime<Utc>) -> Result<(), Invalid> {
    check_sane(h.at)?;
    if h.at > now {
        return Err(value("dated in the future"));
    }
    validate_name("actor", &h.actor)?;
    if let Some(os) = &h.os_user {
        short_field("OS account", os)?;
    }
    short_field("change", &h.what)?;
    Ok(())
}

/// A link's or another record's creation time: sane and not in the future.
pub fn check_created(t: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), Invalid> {
    check_sane(t)?;
    if t > now {
        return Err(value("dated in the future"));
    }
    Ok(())
}
