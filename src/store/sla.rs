//! SLA calendars and rules, and each ticket's clocks: derived from its history, cached in
//! indexable columns, rewritten in the same transaction as every change that affects them.

use crate::domain::event::{Recorded, TicketField};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;

use super::sla_settings::{load_calendars, load_rules, write_calendar, write_rule};
use super::transfer::ExportTicket;
use super::{Result, Store, StoreError, rows, tickets::get_ticket};
use crate::domain::Invalid;
use crate::domain::calendar::{Calendar, DayTotals};
use crate::domain::sla::{
    self, Clock, ExplainSegment, History, SlaRule, SlaState, Target, TimeBasis, WorkingSpans,
};
use crate::domain::ticket::{Status, Ticket};
use crate::domain::time::from_unix;

/// The calendar a new desk's business-hours rules use.
pub const DEFAULT_CALENDAR: &str = "business";

fn invalid(e: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(Invalid::value(e.to_string()))
}

/// Called by the migrator when it creates the SLA tables: a Mon-Fri 09:00-17:00 calendar in the
/// system's zone, the default rules, and clocks for the tickets already there.
pub(super) fn seed_defaults(conn: &Connection) -> Result<()> {
    let now = crate::domain::time::truncate(Utc::now());
    let cal = Calendar::from_spec(
        DEFAULT_CALENDAR,
        &crate::host::zone::system_zone(),
        &["mon-fri 09:00-17:00".into()],
        &[],
        &[],
    )
    .or_else(|_| {
        Calendar::from_spec(
            DEFAULT_CALENDAR,
            "UTC",
            &["mon-fri 09:00-17:00".into()],
            &[],
            &[],
        )
    })
    .map_err(invalid)?;
    write_calendar(conn, &cal, now)?;
    for rule in sla::default_rules(DEFAULT_CALENDAR) {
        write_rule(conn, &rule, now)?;
    }
    recompute_all(conn, now)?;
    Ok(())
}

/// Rules and calendars, loaded once for many tickets.
pub(super) struct Context {
    rules: Vec<SlaRule>,
    calendars: HashMap<String, Calendar>,
}

impl Context {
    pub(super) fn load(conn: &Connection) -> Result<Context> {
        let mut calendars: HashMap<String, Calendar> = load_calendars(conn)?
            .into_iter()
            .map(|c| (c.name.clone(), c))
            .collect();
        calendars.insert("24x7".into(), Calendar::always());
        Ok(Context {
            rules: load_rules(conn)?,
            calendars,
        })
    }

    /// The clocks of `t` at `now`, with the calendar they run on; empty when no rule applies.
    /// Whole days' business time is taken from (and added to) `kept`.
    fn clocks(
        &self,
        conn: &Connection,
        t: &Ticket,
        now: DateTime<Utc>,
        kept: &mut KeptTotals,
    ) -> Result<Option<(Vec<Clock>, &Calendar)>> {
        let Some(rule) = sla::pick_rule(&self.rules, t.priority, t.kind, t.service.as_deref())
        else {
            return Ok(None);
        };
        let Some(cal) = self.calendars.get(&rule.calendar) else {
            return Ok(None);
        };
        let (statuses, replies) = history_of(conn, t.id)?;
        let h = History {
            opened_at: t.opened_at,
            requester: t.requester.as_deref(),
            statuses: &statuses,
            replies: &replies,
        };
        let clocks =
            sla::compute_clocks_with(rule, totals_for(kept, cal), &h, now).map_err(invalid)?;
        Ok(Some((clocks, cal)))
    }

    /// What `recompute_all` would store for a ticket written exactly as `item` holds it, from
    /// `item` instead of the database (bulk loads): `None` for tickets it skips (closed and
    /// cancelled ones), `Some(None)` when no rule applies.
    pub(super) fn clocks_in(
        &self,
        kept: &mut KeptTotals,
        item: &ExportTicket,
        now: DateTime<Utc>,
    ) -> Result<Option<Option<Vec<Clock>>>> {
        let t = &item.ticket;
        if crate::domain::lifecycle::is_final(t.status) {
            return Ok(None);
        }
        let Some(rule) = sla::pick_rule(&self.rules, t.priority, t.kind, t.service.as_deref())
        else {
            return Ok(Some(None));
        };
        let Some(cal) = self.calendars.get(&rule.calendar) else {
            return Ok(Some(None));
        };
        let (statuses, replies) = history_in(item)?;
        let h = History {
            opened_at: stored(t.opened_at)?,
            requester: t.requester.as_deref(),
            statuses: &statuses,
            replies: &replies,
        };
        let clocks =
            sla::compute_clocks_with(rule, totals_for(kept, cal), &h, now).map_err(invalid)?;
        Ok(Some(Some(clocks)))
    }
}

/// Day totals per calendar name, kept across tickets (and, in a `Store`, across calls).
pub(super) type KeptTotals = HashMap<String, DayTotals<'static>>;

/// The kept totals of `cal`, started afresh when the calendar is not the one they were made
/// of (it was edited, here or by another process).
fn totals_for<'m>(kept: &'m mut KeptTotals, cal: &Calendar) -> &'m mut DayTotals<'static> {
    let totals = kept
        .entry(cal.name.clone())
        .or_insert_with(|| DayTotals::owned(cal.clone()));
    if totals.calendar() != cal {
        *totals = DayTotals::owned(cal.clone());
    }
    totals
}

type Statuses = Vec<(DateTime<Utc>, Status, Option<String>)>;
type Replies = Vec<(DateTime<Utc>, String)>;

/// The recorded status changes (with pending reasons) and public replies of a ticket.
fn history_of(conn: &Connection, id: i64) -> Result<(Statuses, Replies)> {
    let mut statuses: Statuses = Vec::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT at, field, new FROM history WHERE ticket_id = ?1 AND field IN ('{}', '{}') ORDER BY id",
        TicketField::Status.as_str(),
        TicketField::PendingReason.as_str()
    ))?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            rows::time(r, "at")?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    for row in rows {
        let (at, field, new) = row?;
        if let Some(field) = TicketField::from_db(&field) {
            push_history(&mut statuses, at, field, new);
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT created_at, author FROM entries WHERE ticket_id = ?1 AND kind = 'reply' ORDER BY id",
    )?;
    let replies = stmt
        .query_map([id], |r| {
            Ok((rows::time(r, "created_at")?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok((statuses, replies))
}

/// Folds one `status` or `pending_reason` history row (in id order) into `statuses`.
fn push_history(
    statuses: &mut Statuses,
    at: DateTime<Utc>,
    field: TicketField,
    new: Option<String>,
) {
    match field {
        TicketField::Status => {
            if let Some(s) = new.as_deref().and_then(|s| s.parse::<Status>().ok()) {
                statuses.push((at, s, None));
            }
        }
        TicketField::PendingReason => match statuses.last_mut() {
            Some(last) if last.0 == at && last.1 == Status::Pending => last.2 = new,
            Some(last) if last.1 == Status::Pending => statuses.push((at, Status::Pending, new)),
            _ => {}
        },
        _ => {}
    }
}

/// A time as the database keeps it (whole seconds), as `rows::time` reads it back.
fn stored(t: DateTime<Utc>) -> Result<DateTime<Utc>> {
    from_unix(t.timestamp()).ok_or_else(|| invalid(format!("time {t} out of range")))
}

/// What `history_of` reads back for a ticket about to be written as it is in `item` (bulk
/// loads): the same rows in the same (id) order, times to the second.
fn history_in(item: &ExportTicket) -> Result<(Statuses, Replies)> {
    let mut changes: Vec<(&crate::domain::history::Change, TicketField)> = item
        .history
        .iter()
        .filter_map(|h| match h.recorded() {
            Some(Recorded::Field(f @ (TicketField::Status | TicketField::PendingReason))) => {
                Some((h, f))
            }
            _ => None,
        })
        .collect();
    changes.sort_by_key(|(h, _)| h.id);
    let mut statuses: Statuses = Vec::new();
    for (h, field) in changes {
        push_history(&mut statuses, stored(h.at)?, field, h.new.clone());
    }
    let mut entries: Vec<&crate::domain::conversation::Entry> = item
        .conversation
        .iter()
        .filter(|e| e.kind == crate::domain::conversation::EntryKind::Reply)
        .collect();
    entries.sort_by_key(|e| e.id);
    let replies = entries
        .into_iter()
        .map(|e| Ok((stored(e.created_at)?, e.author.clone())))
        .collect::<Result<_>>()?;
    Ok((statuses, replies))
}

fn ts(t: Option<DateTime<Utc>>) -> Option<i64> {
    t.map(|t| t.timestamp())
}

/// Rewrites the cached clock columns of one ticket.
pub(super) fn store_clocks(conn: &Connection, id: i64, clocks: Option<&[Clock]>) -> Result<()> {
    let get = |target: Target| clocks.and_then(|cs| cs.iter().find(|c| c.target == target));
    let counting = |c: &&Clock| c.stopped_at.is_none() && c.due_at.is_some();
    let due = clocks.and_then(|cs| cs.iter().filter(counting).filter_map(|c| c.due_at).min());
    let warn = clocks.and_then(|cs| cs.iter().filter(counting).filter_map(|c| c.warn_at).min());
    let col = |t: Target| {
        let c = get(t);
        (
            c.map(|c| c.state.as_str()),
            ts(c.and_then(|c| c.due_at)),
            ts(c.and_then(|c| c.warn_at)),
        )
    };
    let (rs, rd, rw) = col(Target::Response);
    let (ss, sd, sw) = col(Target::Resolution);
    let (us, ud, uw) = col(Target::Update);
    conn.prepare_cached(
        "UPDATE tickets SET sla_policy = ?2,
            response_state = ?3, response_due_at = ?4, response_warn_at = ?5,
            resolution_state = ?6, resolution_due_at = ?7, resolution_warn_at = ?8,
            update_state = ?9, update_due_at = ?10, update_warn_at = ?11,
            sla_due_at = ?12, sla_warn_at = ?13
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        clocks.and_then(|cs| cs.first()).map(|c| c.policy.clone()),
        rs,
        rd,
        rw,
        ss,
        sd,
        sw,
        us,
        ud,
        uw,
        ts(due),
        ts(warn)
    ])?;
    Ok(())
}

/// Recomputes one ticket's clocks inside the caller's transaction.
pub(super) fn recompute(conn: &Connection, id: i64, now: DateTime<Utc>) -> Result<()> {
    let ctx = Context::load(conn)?;
    let t = get_ticket(conn, id)?;
    let clocks = ctx.clocks(conn, &t, now, &mut KeptTotals::new())?;
    store_clocks(conn, id, clocks.as_ref().map(|(c, _)| c.as_slice()))
}

/// Recomputes every ticket that is not closed or cancelled. Returns how many.
pub(super) fn recompute_all(conn: &Connection, now: DateTime<Utc>) -> Result<usize> {
    let ctx = Context::load(conn)?;
    // Ids only, so memory stays small at any size.
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM tickets WHERE status NOT IN ('closed', 'cancelled') ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut kept = KeptTotals::new();
    for id in &ids {
        let t = get_ticket(conn, *id)?;
        let clocks = ctx.clocks(conn, &t, now, &mut kept)?;
        store_clocks(conn, t.id, clocks.as_ref().map(|(c, _)| c.as_slice()))?;
    }
    Ok(ids.len())
}

/// One cached clock as the queue shows it, re-evaluated against `now`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct QueueClock {
    pub target: Target,
    pub state: SlaState,
    pub due_at: Option<DateTime<Utc>>,
    /// Business seconds to the due time (negative past it), when there is one.
    pub remaining_secs: Option<i64>,
    /// How the clock's time is counted (by the calendar of the rule that applies).
    pub basis: TimeBasis,
    /// When the clock turns at risk (for a screen that shows it turning without a reload).
    pub warn_at: Option<DateTime<Utc>>,
    /// For a running clock on a business calendar: that calendar's working time from now on,
    /// so a screen counts down only working seconds.
    #[serde(skip)]
    pub working: Option<WorkingSpans>,
}

impl Store {
    /// Recomputes every open or resolved ticket's clocks (after an upgrade, or by hand).
    pub fn recompute_sla(&mut self) -> Result<usize> {
        let now = self.now();
        self.write(|tx| recompute_all(tx, now))
    }

    /// A ticket's clocks, derived afresh from its history at `now`.
    pub fn sla_clocks(&self, id: i64) -> Result<Vec<Clock>> {
        self.clocks_of(&self.ticket(id)?)
    }

    /// The clocks of a ticket already read.
    pub(super) fn clocks_of(&self, t: &Ticket) -> Result<Vec<Clock>> {
        let ctx = Context::load(&self.conn)?;
        Ok(ctx
            .clocks(&self.conn, t, self.now(), &mut self.day_totals.borrow_mut())?
            .map(|(c, _)| c)
            .unwrap_or_default())
    }

    /// Each clock with its timeline, segment by segment.
    pub fn sla_explain(&self, id: i64) -> Result<Vec<(Clock, Vec<ExplainSegment>)>> {
        let t = self.ticket(id)?;
        let ctx = Context::load(&self.conn)?;
        let now = self.now();
        let Some((clocks, cal)) =
            ctx.clocks(&self.conn, &t, now, &mut self.day_totals.borrow_mut())?
        else {
            return Ok(Vec::new());
        };
        Ok(clocks
            .into_iter()
            .map(|c| {
                let segs = sla::explain(cal, &c, now);
                (c, segs)
            })
            .collect())
    }

    /// The cached clocks of some tickets (for lists), re-evaluated against now, with the
    /// business time left on each ticket's calendar.
    pub fn sla_badges(&self, ids: &[i64]) -> Result<HashMap<i64, Vec<QueueClock>>> {
        let now = self.now();
        let ctx = Context::load(&self.conn)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT response_state, response_due_at, response_warn_at,
                    resolution_state, resolution_due_at, resolution_warn_at,
                    update_state, update_due_at, update_warn_at, priority, kind, service
             FROM tickets WHERE id = ?1",
        )?;
        let mut out = HashMap::new();
        // Overdue clocks in a queue can be months old: whole days are summed once per calendar
        // and kept for the next page, for as long as the calendar stays as it is.
        let mut totals = self.day_totals.borrow_mut();
        for id in ids {
            let row = stmt
                .query_row([id], |r| {
                    let mut v = Vec::new();
                    for (i, target) in Target::ALL.iter().enumerate() {
                        let state: Option<String> = r.get(i * 3)?;
                        let due: Option<i64> = r.get(i * 3 + 1)?;
                        let warn: Option<i64> = r.get(i * 3 + 2)?;
                        if let Some(state) = state.as_deref().and_then(SlaState::from_db) {
                            let (due, warn) = (due.and_then(from_unix), warn.and_then(from_unix));
                            v.push((*target, sla::state_at(state, warn, due, now), due, warn));
                        }
                    }
                    let kind: crate::domain::ticket::Kind = r.get(10)?;
                    Ok((v, r.get::<_, u8>(9)?, kind, r.get::<_, Option<String>>(11)?))
                })
                .optional()?;
            let Some((clocks, priority, kind, service)) = row else {
                continue;
            };
            let rule = sla::pick_rule(&ctx.rules, priority, kind, service.as_deref());
            let basis = rule
                .map(|r| TimeBasis::of_calendar(&r.calendar))
                .unwrap_or(TimeBasis::Business);
            let mut cal = rule
                .and_then(|rule| ctx.calendars.get(&rule.calendar))
                .map(|cal| totals_for(&mut totals, cal));
            let badges = clocks
                .into_iter()
                .map(|(target, state, due_at, warn_at)| {
                    let remaining_secs = match (cal.as_deref_mut(), due_at) {
                        (Some(cal), Some(due)) if due >= now => cal.between(now, due).ok(),
                        (Some(cal), Some(due)) => cal.between(due, now).ok().map(|s| -s),
                        _ => None,
                    };
                    let working = match cal.as_deref() {
                        Some(cal) if state.ticks() && basis == TimeBasis::Business => {
                            Some(WorkingSpans::ahead(cal.calendar(), now, due_at))
                        }
                        _ => None,
                    };
                    QueueClock {
                        target,
                        state,
                        due_at,
                        remaining_secs,
                        basis,
                        warn_at,
                        working,
                    }
                })
                .collect();
            out.insert(*id, badges);
        }
        Ok(out)
    }
}

impl Store {
    /// Open tickets whose clocks are counting, soonest due first (overdue first of all), then
    /// paused ones; each with its clocks derived afresh.
    pub fn sla_queue(&self, limit: usize) -> Result<Vec<(Ticket, Vec<Clock>)>> {
        let lim = i64::try_from(limit).unwrap_or(i64::MAX);
        let counting = format!(
            "SELECT {} FROM tickets t WHERE t.sla_due_at IS NOT NULL
               AND t.is_open = 1 ORDER BY t.sla_due_at, t.id LIMIT ?1",
            rows::ticket_columns()
        );
        let mut tickets: Vec<Ticket> = self
            .conn
            .prepare_cached(&counting)?
            .query_map([lim], rows::ticket)?
            .collect::<rusqlite::Result<_>>()?;
        if tickets.len() < limit {
            let paused = format!(
                "SELECT {} FROM tickets t WHERE t.sla_due_at IS NULL AND t.is_open = 1
                   AND 'paused' IN (t.response_state, t.resolution_state, t.update_state)
                 ORDER BY t.id LIMIT ?1",
                rows::ticket_columns()
            );
            let rest = lim - tickets.len() as i64;
            tickets.extend(
                self.conn
                    .prepare_cached(&paused)?
                    .query_map([rest], rows::ticket)?
                    .collect::<rusqlite::Result<Vec<_>>>()?,
            );
        }
        let ctx = Context::load(&self.conn)?;
        let now = self.now();
        let mut kept = self.day_totals.borrow_mut();
        tickets
            .into_iter()
            .map(|t| {
                let clocks = ctx
                    .clocks(&self.conn, &t, now, &mut kept)?
                    .map(|(c, _)| c)
                    .unwrap_or_default();
                Ok((t, clocks))
            })
            .collect()
    }
}
