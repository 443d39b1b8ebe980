//! `tend import`: streams an export into an empty database, one ticket at a time (memory stays
//! flat however large the file), inside one transaction: all of it is imported, or none.
//! Every record is checked with the CLI's own rules (`domain::records`) and the first bad one is
//! named (`desk.json: ticket 17: pending without a reason`). The import itself is recorded: one
//! `imported` history row per ticket and article (who imported, as which OS account, when, from
//! which file), after the rows the file brought, which stay as the old desk recorded them.

use crate::domain::event::{EntityRef, Happened, Logged};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::cell::RefCell;
use std::fmt;

use super::bulk::Inserter;
use super::transfer::{ExportArticleLink, ExportLink, ExportTicket, FORMAT, FORMAT_VERSION};
use super::{Result, Store, StoreError, changes, settings};
use crate::domain::Invalid;
use crate::domain::calendar::Calendar;
use crate::domain::kb::Article;
use crate::domain::kb::ArticleChange;
use crate::domain::priority::PriorityMatrix;
use crate::domain::records;
use crate::domain::sla::SlaRule;

fn bad(what: String) -> StoreError {
    StoreError::Invalid(Invalid::value(what))
}

/// A record SQLite refused: bad input when it broke a constraint (a duplicate id, a missing
/// ticket), an error of its own otherwise (a full disk is not the file's fault).
pub(super) fn refused(what: impl FnOnce() -> String, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => {
            let text = e.to_string();
            let why = if text.contains("UNIQUE") || text.contains("PRIMARY KEY") {
                "it appears more than once in the file".to_string()
            } else if text.contains("FOREIGN KEY") {
                "it refers to a record the file does not hold".to_string()
            } else {
                super::error::describe_sqlite(&e)
            };
            bad(format!("{} cannot be imported: {why}", what()))
        }
        _ => StoreError::from(e),
    }
}

/// Everything but the tickets: small, kept until the tickets are in.
#[derive(Default)]
struct Rest {
    format: Option<String>,
    format_version: Option<u32>,
    matrix: Option<PriorityMatrix>,
    links: Vec<ExportLink>,
    articles: Vec<Article>,
    article_links: Vec<ExportArticleLink>,
    article_history: Vec<ArticleChange>,
    calendars: Vec<Calendar>,
    sla_rules: Vec<SlaRule>,
}

/// The first store error met while parsing (serde can only carry text).
type Failure = RefCell<Option<StoreError>>;

struct DocVisitor<'a, 'c> {
    ins: &'a mut Inserter<'c>,
    failure: &'a Failure,
    source: &'a str,
    now: DateTime<Utc>,
}

impl<'de> Visitor<'de> for DocVisitor<'_, '_> {
    type Value = Rest;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a tend export object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Rest, A::Error> {
        let mut rest = Rest::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => rest.format = Some(map.next_value()?),
                "format_version" => {
                    let v: u32 = map.next_value()?;
                    if v > FORMAT_VERSION {
                        return Err(de::Error::custom(format!(
                            "the export is format version {v}, newer than this tend reads ({FORMAT_VERSION}); upgrade tend"
                        )));
                    }
                    rest.format_version = Some(v);
                }
                "priority_matrix" => rest.matrix = Some(map.next_value()?),
                "tickets" => map.next_value_seed(TicketsSeed {
                    ins: &mut *self.ins,
                    failure: self.failure,
                    source: self.source,
                    now: self.now,
                })?,
                "links" => rest.links = map.next_value()?,
                "articles" => rest.articles = map.next_value()?,
                "article_links" => rest.article_links = map.next_value()?,
                "article_history" => rest.article_history = map.next_value()?,
                "calendars" => rest.calendars = map.next_value()?,
                "sla_rules" => rest.sla_rules = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(rest)
    }
}

struct TicketsSeed<'a, 'c> {
    ins: &'a mut Inserter<'c>,
    failure: &'a Failure,
    source: &'a str,
    now: DateTime<Utc>,
}

impl<'de> DeserializeSeed<'de> for TicketsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for TicketsSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of tickets")
    }
    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        while let Some(mut item) = seq.next_element::<ExportTicket>()? {
            let checked =
                records::check_ticket(&item.ticket, &item.conversation, &item.history, self.now)
                    .map_err(|e| {
                        bad(format!(
                            "{}: ticket {}: {e}",
                            self.source,
                            crate::domain::text::one_line(&item.ticket.id.to_string())
                        ))
                    });
            let inserted = checked.and_then(|t| {
                item.ticket = t;
                self.ins.insert(&item).map_err(|e| match e {
                    StoreError::Invalid(why) => bad(format!("{}: {why}", self.source)),
                    other => other,
                })
            });
            if let Err(e) = inserted {
                let msg = e.to_string();
                *self.failure.borrow_mut() = Some(e);
                return Err(de::Error::custom(msg));
            }
        }
        Ok(())
    }
}

impl Store {
    /// Reads an export into this database, which must hold no tickets and no articles.
    /// `source` names the file in messages and in the `imported` history rows.
    /// Returns (tickets, articles) imported.
    pub fn import_from(
        &mut self,
        reader: impl std::io::Read,
        source: &str,
    ) -> Result<(usize, usize)> {
        let now: DateTime<Utc> = self.now();
        let actor = self.actor.clone();
        let source = crate::domain::text::fit(&crate::domain::text::one_line(source), 200);
        let source = source.as_str();
        self.write(|tx| {
            let existing: i64 = tx.query_row(
                "SELECT (SELECT count(*) FROM tickets) + (SELECT count(*) FROM articles)",
                [],
                |r| r.get(0),
            )?;
            if existing > 0 {
                return Err(Invalid::rule(
                    "import needs an empty database, and this one already has tickets or articles; \
                     create a new one with `tend --db NEW.db init`",
                )
                .into());
            }
            let failure: Failure = RefCell::new(None);
            let suspended = super::bulk::begin(tx)?;
            let mut ins = Inserter::new(tx)?;
            let (capped, too_long) = super::capped::Capped::new(reader);
            let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(capped));
            let parsed = de
                .deserialize_map(DocVisitor {
                    ins: &mut ins,
                    failure: &failure,
                    source,
                    now,
                })
                .and_then(|rest| de.end().map(|()| rest));
            let rest = match parsed {
                Ok(rest) => rest,
                Err(e) => {
                    if let Some(f) = failure.take() {
                        return Err(f);
                    }
                    if let Some(at) = too_long.get() {
                        return Err(bad(format!(
                            "{source}: byte {at} (ticket {} of the file): a text longer than {} bytes; \
                             the limit is 1 MiB",
                            ins.count + 1,
                            super::capped::MAX_STRING_BYTES
                        )));
                    }
                    if e.is_io() {
                        return Err(StoreError::io(
                            format!("cannot read {source}"),
                            std::io::Error::other(e),
                        ));
                    }
                    // A value the reader refused carries its own sentence; where in the line
                    // it stood only helps with broken JSON.
                    let why = if e.is_data() {
                        let text = e.to_string();
                        match text.rfind(" at line ") {
                            Some(i) => text[..i].to_string(),
                            None => text,
                        }
                    } else {
                        e.to_string()
                    };
                    return Err(bad(format!("{source}: not a valid tend export: {why}")));
                }
            };
            let tickets = ins.count;
            drop(ins);
            if rest.format.as_deref() != Some(FORMAT) || rest.format_version.is_none() {
                return Err(bad(format!(
                    "{source}: not a tend export (format {:?})",
                    rest.format.as_deref().unwrap_or("missing")
                )));
            }
            let note = format!(
                "from {source} by {} as OS account {}; earlier rows are as that file recorded them",
                actor.name, actor.os_user
            );
            tx.execute(
                "INSERT INTO history (ticket_id, at, actor, actor_kind, os_user, field, new)
                 SELECT id, ?1, ?2, ?5, ?3, 'imported', ?4 FROM tickets",
                params![
                    now.timestamp(),
                    actor.name,
                    actor.os_user,
                    note,
                    actor.kind.as_str()
                ],
            )?;
            super::bulk::end(tx, suspended)?;
            if let Some(m) = &rest.matrix {
                m.validate()
                    .map_err(|e| bad(format!("{source}: priority matrix: {e}")))?;
                settings::save_priority_matrix(tx, m)?;
            }
            insert_rest(tx, &rest, source, now)?;
            tx.execute(
                "INSERT INTO article_history (article_id, at, actor, os_user, what)
                 SELECT id, ?1, ?2, ?3, ?4 FROM articles",
                params![
                    now.timestamp(),
                    actor.name,
                    actor.os_user,
                    format!("imported {note}")
                ],
            )?;
            let fk = tx
                .prepare("PRAGMA foreign_key_check")?
                .query_map([], |_| Ok(()))?
                .count();
            if fk > 0 {
                return Err(bad(format!(
                    "{source}: the export refers to {fk} missing records"
                )));
            }
            check_parents(tx, source)?;
            check_settings(&rest, source)?;
            if !rest.calendars.is_empty() || !rest.sla_rules.is_empty() {
                super::sla_settings::replace_settings(tx, &rest.calendars, &rest.sla_rules, now)?;
            }
            changes::log(
                tx,
                now,
                &actor,
                &Logged::new(EntityRef::settings(), Happened::Imported, "imported"),
            )?;
            super::sla::recompute_all(tx, now)?;
            Ok((tickets, rest.articles.len()))
        })
    }
}

/// Calendars and SLA rules each once: a second one of a name would silently replace the first.
fn check_settings(rest: &Rest, source: &str) -> Result<()> {
    let mut names = std::collections::HashSet::new();
    for c in &rest.calendars {
        if !names.insert(c.name.as_str()) {
            return Err(bad(format!(
                "{source}: calendar '{}' appears twice",
                crate::domain::text::one_line(&c.name)
            )));
        }
    }
    let mut rules = std::collections::HashSet::new();
    for r in &rest.sla_rules {
        let key = (
            r.policy.as_str(),
            r.priority,
            r.kind,
            r.service.as_deref().map(str::to_lowercase),
        );
        if !rules.insert(key) {
            return Err(bad(format!(
                "{source}: SLA rule {} priority {} appears twice",
                crate::domain::text::one_line(&r.policy),
                r.priority
            )));
        }
    }
    Ok(())
}

/// At most one parent per ticket, and no ticket its own ancestor, as `ticket link` keeps it.
fn check_parents(tx: &Connection, source: &str) -> Result<()> {
    let parents: std::collections::HashMap<i64, i64> = {
        let mut stmt = tx.prepare("SELECT from_id, to_id FROM links WHERE from_entity = 'ticket' AND to_entity = 'ticket' AND kind = 'parent'")?;
        let mut out = std::collections::HashMap::new();
        for pair in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            let (child, parent) = pair?;
            if out.insert(child, parent).is_some() {
                return Err(bad(format!(
                    "{source}: ticket {child}: more than one parent"
                )));
            }
        }
        out
    };
    let mut children: Vec<i64> = parents.keys().copied().collect();
    children.sort_unstable();
    // Each ticket is walked once: a chain ends at a root or at a ticket already known to
    // lead to one.
    let mut done = std::collections::HashSet::new();
    for start in children {
        let mut path = std::collections::HashSet::new();
        let mut cur = start;
        while !done.contains(&cur) {
            if !path.insert(cur) {
                return Err(bad(format!(
                    "{source}: ticket {start}: its parent links form a cycle"
                )));
            }
            match parents.get(&cur) {
                Some(&p) => cur = p,
                None => break,
            }
        }
        done.extend(path);
    }
    Ok(())
}

fn insert_rest(tx: &Connection, rest: &Rest, source: &str, now: DateTime<Utc>) -> Result<()> {
    let kinds: std::collections::HashMap<i64, crate::domain::ticket::Kind> = tx
        .prepare("SELECT id, kind FROM tickets")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut link = tx.prepare(
        "INSERT INTO links (from_entity, from_id, to_entity, to_id, kind, created_at)
             VALUES ('ticket', ?1, 'ticket', ?2, ?3, ?4)",
    )?;
    for l in &rest.links {
        let name = || format!("{source}: link #{} -> #{}", l.from_id, l.to_id);
        let invalid = |e: Invalid| bad(format!("{}: {e}", name()));
        records::check_created(l.created_at, now).map_err(invalid)?;
        if let (Some(a), Some(b)) = (kinds.get(&l.from_id), kinds.get(&l.to_id)) {
            crate::domain::link::check_link((l.from_id, *a), (l.to_id, *b), l.kind, false)
                .map_err(invalid)?;
        }
        link.execute(params![
            l.from_id,
            l.to_id,
            l.kind.as_str(),
            l.created_at.timestamp()
        ])
        .map_err(|e| refused(name, e))?;
    }
    let mut article = tx.prepare(
        "INSERT INTO articles (id, title, body, state, author, os_user, created_at, updated_at, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut tag = tx.prepare("INSERT INTO article_tags (article_id, tag) VALUES (?1, ?2)")?;
    for a in &rest.articles {
        let name = || format!("{source}: article {}", a.id);
        records::check_id("article", a.id).map_err(|e| bad(format!("{}: {e}", name())))?;
        let a = records::check_article(a, now).map_err(|e| bad(format!("{}: {e}", name())))?;
        article
            .execute(params![
                a.id,
                a.title,
                a.body,
                a.state.as_str(),
                a.author,
                a.os_user,
                a.created_at.timestamp(),
                a.updated_at.timestamp(),
                a.version,
            ])
            .map_err(|e| refused(name, e))?;
        for t in &a.tags {
            tag.execute(params![a.id, t])
                .map_err(|e| refused(name, e))?;
        }
    }
    let mut history = tx.prepare(
        "INSERT INTO article_history (article_id, at, actor, os_user, what) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for h in &rest.article_history {
        let name = || format!("{source}: article {} history", h.article_id);
        records::check_article_change(h, now).map_err(|e| bad(format!("{}: {e}", name())))?;
        history
            .execute(params![
                h.article_id,
                h.at.timestamp(),
                h.actor,
                h.os_user,
                h.what
            ])
            .map_err(|e| refused(name, e))?;
    }
    let mut alink = tx.prepare(
        "INSERT INTO article_links (article_id, ticket_id, created_at) VALUES (?1, ?2, ?3)",
    )?;
    for l in &rest.article_links {
        let name = || {
            format!(
                "{source}: article link KB-{} -> #{}",
                l.article_id, l.ticket_id
            )
        };
        records::check_created(l.created_at, now).map_err(|e| bad(format!("{}: {e}", name())))?;
        alink
            .execute(params![l.article_id, l.ticket_id, l.created_at.timestamp()])
            .map_err(|e| refused(name, e))?;
    }
    Ok(())
}
