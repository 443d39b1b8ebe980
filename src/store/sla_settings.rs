//! The SLA settings: calendars and rules, as stored, and the checks a rule passes before it is
//! saved (no two policies may hold the same scope, so no rule can lose a tie unseen).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::sla::recompute_all;
use super::{Result, Store, StoreError, changes};
use crate::domain::Invalid;
use crate::domain::calendar::Calendar;
use crate::domain::sla::SlaRule;
use crate::domain::text::one_line;

fn invalid(e: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(Invalid::value(e.to_string()))
}

pub(super) fn write_calendar(conn: &Connection, cal: &Calendar, now: DateTime<Utc>) -> Result<()> {
    let json = serde_json::to_string(cal).map_err(invalid)?;
    conn.execute(
        "INSERT INTO calendars (name, definition, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at",
        params![cal.name, json, now.timestamp()],
    )?;
    Ok(())
}

pub(super) fn write_rule(conn: &Connection, rule: &SlaRule, now: DateTime<Utc>) -> Result<()> {
    let json = serde_json::to_string(rule).map_err(invalid)?;
    conn.execute(
        "INSERT INTO sla_rules (policy, priority, kind, service, definition, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (policy, priority, kind, service)
         DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at",
        params![
            rule.policy,
            rule.priority,
            rule.kind.map(|k| k.as_str()).unwrap_or(""),
            rule.service.as_deref().unwrap_or("").to_lowercase(),
            json,
            now.timestamp()
        ],
    )?;
    Ok(())
}

/// Removes one rule (its scope taken over by another policy).
fn delete_rule(conn: &Connection, rule: &SlaRule) -> Result<()> {
    conn.execute(
        "DELETE FROM sla_rules WHERE policy = ?1 AND priority = ?2 AND kind = ?3 AND service = ?4",
        params![
            rule.policy,
            rule.priority,
            rule.kind.map(|k| k.as_str()).unwrap_or(""),
            rule.service.as_deref().unwrap_or("").to_lowercase(),
        ],
    )?;
    Ok(())
}

/// Replaces every calendar and rule (import). Rules must name calendars that exist.
pub(super) fn replace_settings(
    conn: &Connection,
    cals: &[Calendar],
    rules: &[SlaRule],
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute("DELETE FROM sla_rules", [])?;
    conn.execute("DELETE FROM calendars", [])?;
    for c in cals {
        c.validate().map_err(invalid)?;
        write_calendar(conn, c, now)?;
    }
    for r in rules {
        r.validate()?;
        if load_calendar(conn, &r.calendar)?.is_none() {
            return Err(invalid(format!(
                "the SLA rule {} priority {} names a missing calendar '{}'",
                r.policy, r.priority, r.calendar
            )));
        }
        write_rule(conn, r, now)?;
    }
    Ok(())
}

pub(super) fn load_calendar(conn: &Connection, name: &str) -> Result<Option<Calendar>> {
    if name == "24x7" {
        return Ok(Some(Calendar::always()));
    }
    let json: Option<String> = conn
        .query_row(
            "SELECT definition FROM calendars WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    json.map(|j| {
        serde_json::from_str(&j)
            .map_err(|e| invalid(format!("the stored calendar '{name}' is unreadable: {e}")))
    })
    .transpose()
}

pub(super) fn load_calendars(conn: &Connection) -> Result<Vec<Calendar>> {
    let mut stmt = conn.prepare_cached("SELECT name, definition FROM calendars ORDER BY name")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (name, json) = row?;
        out.push(
            serde_json::from_str(&json)
                .map_err(|e| invalid(format!("the stored calendar '{name}' is unreadable: {e}")))?,
        );
    }
    Ok(out)
}

pub(super) fn load_rules(conn: &Connection) -> Result<Vec<SlaRule>> {
    let mut stmt = conn.prepare_cached(
        "SELECT definition FROM sla_rules ORDER BY policy, priority, kind, service",
    )?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for json in rows {
        out.push(
            serde_json::from_str(&json?)
                .map_err(|e| invalid(format!("a stored SLA rule is unreadable: {e}")))?,
        );
    }
    Ok(out)
}

impl Store {
    pub fn calendars(&self) -> Result<Vec<Calendar>> {
        load_calendars(&self.conn)
    }

    /// A stored calendar, or the built-in `24x7`.
    pub fn calendar(&self, name: &str) -> Result<Calendar> {
        load_calendar(&self.conn, name)?.ok_or_else(|| {
            invalid(format!(
                "no calendar named '{}'; see `tend calendar list`",
                crate::domain::text::one_line(name)
            ))
        })
    }

    /// Creates or replaces a calendar and recomputes the clocks that use it. Returns how many
    /// tickets were recomputed.
    pub fn save_calendar(&mut self, cal: &Calendar) -> Result<usize> {
        if cal.name == "24x7" {
            return Err(Invalid::rule("24x7 is built in and cannot be changed").into());
        }
        cal.validate().map_err(invalid)?;
        let now = self.now();
        let actor = self.actor.clone();
        self.write(|tx| {
            write_calendar(tx, cal, now)?;
            changes::log_setting(tx, now, &actor, &format!("calendar {}", cal.name))?;
            recompute_all(tx, now)
        })
    }

    pub fn sla_rules(&self) -> Result<Vec<SlaRule>> {
        load_rules(&self.conn)
    }

    /// Creates or replaces a rule and recomputes the clocks. Returns how many tickets.
    ///
    /// A rule of another policy with the same scope (priority, kind, service) would tie with
    /// it, and one of the two would never apply: that is refused, naming the other policy,
    /// unless `take_over`, which removes the other policy's rule for the scope (recorded in the
    /// change log like the rule itself).
    pub fn save_sla_rule(&mut self, rule: &SlaRule, take_over: bool) -> Result<usize> {
        rule.validate()?;
        let now = self.now();
        let actor = self.actor.clone();
        self.write(|tx| {
            if load_calendar(tx, &rule.calendar)?.is_none() {
                return Err(invalid(format!(
                    "no calendar named '{}'; create it with `tend calendar set` or use 24x7",
                    crate::domain::text::one_line(&rule.calendar)
                )));
            }
            let existing = load_rules(tx)?;
            let rivals = crate::domain::sla::rivals(&existing, rule);
            if let Some(other) = rivals.first()
                && !take_over
            {
                let (mine, theirs) = (one_line(&rule.policy), one_line(&other.policy));
                return Err(Invalid::rule(format!(
                    "policy '{theirs}' already has a rule for {}, and one of the two would never apply; \
                     add --take-over to move it to '{mine}' (the rule of '{theirs}' for it is removed), \
                     or change that rule with `tend sla policy set {theirs} ...`",
                    one_line(&rule.scope())
                ))
                .into());
            }
            for other in &rivals {
                delete_rule(tx, other)?;
                changes::log_setting(
                    tx,
                    now,
                    &actor,
                    &format!(
                        "sla policy {} took over {} from policy {}",
                        rule.policy,
                        rule.scope(),
                        other.policy
                    ),
                )?;
            }
            write_rule(tx, rule, now)?;
            changes::log_setting(
                tx,
                now,
                &actor,
                &format!("sla policy {} priority {}", rule.policy, rule.priority),
            )?;
            recompute_all(tx, now)
        })
    }
}
