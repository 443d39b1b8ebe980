//! Deriving a ticket's clocks from its history.
//!
//! Rules: every clock starts when the ticket was opened. It stands still while the ticket is in
//! one of the rule's pause statuses (pending by default). The response clock stops at the first
//! public reply by anyone other than the requester (internal notes never count), or when the
//! ticket is resolved, closed or cancelled before anyone replied. The resolution clock stops when
//! the ticket is resolved (or closed, or cancelled); if it is reopened, the time it spent resolved
//! is not counted and the clock runs on. The update clock runs from the last public agent reply.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{SlaRule, SlaState, Target};
use crate::domain::calendar::{BusinessDuration, Calendar, CalendarError, DayTotals};
use crate::domain::ticket::Status;

/// What the clocks are derived from.
#[derive(Debug, Clone)]
pub struct History<'a> {
    pub opened_at: DateTime<Utc>,
    pub requester: Option<&'a str>,
    /// Every status the ticket entered, in order, with the pending reason if any. The first is
    /// the opening (`new`).
    pub statuses: &'a [(DateTime<Utc>, Status, Option<String>)],
    /// Public replies: when, and by whom.
    pub replies: &'a [(DateTime<Utc>, String)],
}

/// A stretch in which a clock stood still.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PauseSpan {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// The status that paused it (`resolved` for time spent resolved before a reopen).
    pub status: Status,
    pub reason: Option<String>,
    /// Still going on at `now`.
    pub ongoing: bool,
}

/// One clock at `now`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clock {
    pub target: Target,
    pub policy: String,
    pub calendar: String,
    pub budget: BusinessDuration,
    pub start: DateTime<Utc>,
    /// When the clock stopped for good (the ticket was answered, resolved ...), if it has.
    pub stopped_at: Option<DateTime<Utc>>,
    pub stopped_by: Option<String>,
    /// The deadline; unknown (`None`) while paused, as it depends on when work resumes.
    pub due_at: Option<DateTime<Utc>>,
    /// When a running clock becomes at risk.
    pub warn_at: Option<DateTime<Utc>>,
    /// The budget in business seconds (for day budgets, as they fall for this ticket).
    pub budget_secs: i64,
    /// Business seconds used so far (up to the stop, or `now`).
    pub elapsed_secs: i64,
    /// Budget left; negative once breached.
    pub remaining_secs: i64,
    pub state: SlaState,
    pub pauses: Vec<PauseSpan>,
}

/// Out of the desk's hands (resolved, closed, cancelled): the resolution clock stops.
fn is_final(s: Status) -> bool {
    !s.is_open()
}

/// `[from, to)` in one status, with its pending reason.
type StatusSpan = (DateTime<Utc>, DateTime<Utc>, Status, Option<String>);

/// The ticket's status as intervals `[from, to)`, the last one running to `now`.
fn intervals(h: &History<'_>, now: DateTime<Utc>) -> Vec<StatusSpan> {
    let mut out: Vec<StatusSpan> = Vec::new();
    for (t, s, reason) in h.statuses {
        let t = (*t).clamp(h.opened_at, now.max(h.opened_at));
        if let Some(last) = out.last_mut() {
            last.1 = t;
        }
        out.push((t, now.max(t), *s, reason.clone()));
    }
    if out.is_empty() {
        out.push((h.opened_at, now.max(h.opened_at), Status::New, None));
    }
    out.retain(|i| i.1 > i.0 || i.1 == now);
    out
}

/// Computes every clock the rule defines, as of `now`.
pub fn compute_clocks(
    rule: &SlaRule,
    cal: &Calendar,
    h: &History<'_>,
    now: DateTime<Utc>,
) -> Result<Vec<Clock>, CalendarError> {
    compute_clocks_with(rule, &mut DayTotals::new(cal), h, now)
}

/// `compute_clocks` summing business time with `totals` (of the rule's calendar), which
/// remembers whole days: kept across many tickets, long-open ones cost little.
pub fn compute_clocks_with(
    rule: &SlaRule,
    totals: &mut DayTotals<'_>,
    h: &History<'_>,
    now: DateTime<Utc>,
) -> Result<Vec<Clock>, CalendarError> {
    let now = now.max(h.opened_at);
    let ivs = intervals(h, now);
    let last = ivs.len().saturating_sub(1);

    // The resolution stop: the start of the final run of resolved/closed/cancelled.
    let mut resolution_stop = None;
    for iv in ivs.iter().rev() {
        if !is_final(iv.2) {
            break;
        }
        resolution_stop = Some((iv.0, iv.2));
    }
    // Pauses: the rule's statuses, and time spent resolved before a reopen.
    let pauses: Vec<PauseSpan> = ivs
        .iter()
        .enumerate()
        .filter(|(_, iv)| {
            rule.pause_on.contains(&iv.2)
                || (is_final(iv.2) && resolution_stop.is_none_or(|(t, _)| iv.0 < t))
        })
        .filter(|(_, iv)| iv.1 > iv.0 || iv.1 == now)
        .map(|(i, iv)| PauseSpan {
            from: iv.0,
            to: iv.1,
            status: iv.2,
            reason: iv.3.clone(),
            ongoing: i == last && !is_final(iv.2),
        })
        .collect();

    let first_final = ivs.iter().find(|iv| is_final(iv.2)).map(|iv| (iv.0, iv.2));
    let agent_replies: Vec<&(DateTime<Utc>, String)> = h
        .replies
        .iter()
        .filter(|(t, who)| *t >= h.opened_at && *t <= now && Some(who.as_str()) != h.requester)
        .collect();

    let mut clocks = Vec::new();
    // Response.
    let first_reply = agent_replies
        .first()
        .map(|(t, who)| (*t, format!("first reply by {who}")));
    let final_stop = first_final.map(|(t, s)| (t, format!("{s} before any reply")));
    let response_stop = match (first_reply, final_stop) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    };
    clocks.push(clock(
        rule,
        totals,
        Target::Response,
        rule.response,
        h.opened_at,
        response_stop,
        &pauses,
        now,
    )?);
    // Resolution.
    let res_stop = resolution_stop.map(|(t, s)| (t, s.to_string()));
    clocks.push(clock(
        rule,
        totals,
        Target::Resolution,
        rule.resolve,
        h.opened_at,
        res_stop.clone(),
        &pauses,
        now,
    )?);
    // Next update, from the last agent reply.
    if let Some(budget) = rule.update {
        let end = res_stop.as_ref().map(|s| s.0).unwrap_or(now);
        let start = agent_replies
            .iter()
            .rev()
            .map(|(t, _)| *t)
            .find(|t| *t <= end)
            .unwrap_or(h.opened_at);
        clocks.push(clock(
            rule,
            totals,
            Target::Update,
            budget,
            start,
            res_stop,
            &pauses,
            now,
        )?);
    }
    Ok(clocks)
}

#[allow(clippy::too_many_arguments)]
fn clock(
    rule: &SlaRule,
    totals: &mut DayTotals<'_>,
    target: Target,
    budget: BusinessDuration,
    start: DateTime<Utc>,
    stop: Option<(DateTime<Utc>, String)>,
    all_pauses: &[PauseSpan],
    now: DateTime<Utc>,
) -> Result<Clock, CalendarError> {
    let end = stop.as_ref().map(|s| s.0).unwrap_or(now).max(start);
    let pauses: Vec<PauseSpan> = all_pauses
        .iter()
        .filter(|p| p.to > start && p.from < end || (p.ongoing && p.from <= end && stop.is_none()))
        .map(|p| PauseSpan {
            from: p.from.max(start),
            to: p.to.min(end),
            ongoing: p.ongoing && stop.is_none(),
            ..p.clone()
        })
        .collect();
    let spans: Vec<crate::domain::time::Span> = pauses.iter().map(|p| (p.from, p.to)).collect();
    let due = totals.calendar().add(start, budget, &spans)?;
    let budget_secs = totals.between_paused(start, due, &spans)?;
    let elapsed = totals.between_paused(start, end, &spans)?;
    let warn_secs = (budget_secs as f64 * rule.warn).floor() as i64;
    let warn_at = totals
        .calendar()
        .add(start, BusinessDuration::Seconds(warn_secs), &spans)?;
    let paused = pauses.last().is_some_and(|p| p.ongoing);
    let state = match &stop {
        Some((t, _)) if *t <= due => SlaState::Met,
        Some(_) => SlaState::Breached,
        // Used up exactly and paused: it breaches the moment work resumes, not before.
        None if elapsed > budget_secs => SlaState::Breached,
        None if paused => SlaState::Paused,
        None if now >= due => SlaState::Breached,
        None if now >= warn_at => SlaState::AtRisk,
        None => SlaState::Running,
    };
    let known = !(paused && stop.is_none() && state != SlaState::Breached);
    Ok(Clock {
        target,
        policy: rule.policy.clone(),
        calendar: rule.calendar.clone(),
        budget,
        start,
        stopped_at: stop.as_ref().map(|s| s.0),
        stopped_by: stop.map(|s| s.1),
        due_at: known.then_some(due),
        warn_at: known.then_some(warn_at),
        budget_secs,
        elapsed_secs: elapsed,
        remaining_secs: budget_secs - elapsed,
        state,
        pauses,
    })
}
