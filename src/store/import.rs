//! `tend import`: streams an export into an empty database, one ticket at a time (memory stays
//! flat however large the file), inside one transaction: all of it is imported, or none.

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
use crate::domain::priority::PriorityMatrix;
use crate::domain::sla::SlaRule;

fn bad(what: String) -> StoreError {
    StoreError::Invalid(Invalid::value(what))
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
    calendars: Vec<Calendar>,
    sla_rules: Vec<SlaRule>,
}

/// The first store error met while parsing (serde can only carry text).
type Failure = RefCell<Option<StoreError>>;

struct DocVisitor<'a, 'c> {
    ins: &'a mut Inserter<'c>,
    failure: &'a Failure,
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
                })?,
                "links" => rest.links = map.next_value()?,
                "articles" => rest.articles = map.next_value()?,
                "article_links" => rest.article_links = map.next_value()?,
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
        while let Some(item) = seq.next_element::<ExportTicket>()? {
            if let Err(e) = self.ins.insert(&item) {
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
    /// Returns (tickets, articles) imported.
    pub fn import_from(&mut self, reader: impl std::io::Read) -> Result<(usize, usize)> {
        let now: DateTime<Utc> = self.now();
        let actor = self.actor.clone();
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
            let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(reader));
            let parsed = de
                .deserialize_map(DocVisitor {
                    ins: &mut ins,
                    failure: &failure,
                })
                .and_then(|rest| de.end().map(|()| rest));
            let rest = match parsed {
                Ok(rest) => rest,
                Err(e) => {
                    return Err(failure
                        .take()
                        .unwrap_or_else(|| bad(format!("not a valid tend export: {e}"))));
                }
            };
            let tickets = ins.count;
            drop(ins);
            super::bulk::end(tx, suspended)?;
            if rest.format.as_deref() != Some(FORMAT) || rest.format_version.is_none() {
                return Err(bad(format!(
                    "not a tend export (format {:?})",
                    rest.format.as_deref().unwrap_or("missing")
                )));
            }
            if let Some(m) = &rest.matrix {
                settings::save_priority_matrix(tx, m)?;
            }
            insert_rest(tx, &rest)?;
            let fk = tx
                .prepare("PRAGMA foreign_key_check")?
                .query_map([], |_| Ok(()))?
                .count();
            if fk > 0 {
                return Err(bad(format!("the export refers to {fk} missing records")));
            }
            if !rest.calendars.is_empty() || !rest.sla_rules.is_empty() {
                super::sla::replace_settings(tx, &rest.calendars, &rest.sla_rules, now)?;
            }
            changes::log(tx, now, &actor, "settings", None, "imported")?;
            super::sla::recompute_all(tx, now)?;
            Ok((tickets, rest.articles.len()))
        })
    }
}

fn insert_rest(tx: &Connection, rest: &Rest) -> Result<()> {
    let mut link =
        tx.prepare("INSERT INTO links (from_id, to_id, kind, created_at) VALUES (?1, ?2, ?3, ?4)")?;
    for l in &rest.links {
        link.execute(params![
            l.from_id,
            l.to_id,
            l.kind.as_str(),
            l.created_at.timestamp()
        ])
        .map_err(|e| {
            bad(format!(
                "link #{} -> #{} cannot be imported: {e}",
                l.from_id, l.to_id
            ))
        })?;
    }
    let mut article = tx.prepare(
        "INSERT INTO articles (id, title, body, state, author, created_at, updated_at, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut tag = tx.prepare("INSERT INTO article_tags (article_id, tag) VALUES (?1, ?2)")?;
    for a in &rest.articles {
        let at = |e: rusqlite::Error| bad(format!("article #{} cannot be imported: {e}", a.id));
        crate::domain::ticket::validate_title(&a.title)?;
        article
            .execute(params![
                a.id,
                a.title,
                a.body,
                a.state.as_str(),
                a.author,
                a.created_at.timestamp(),
                a.updated_at.timestamp(),
                a.version,
            ])
            .map_err(at)?;
        for t in &a.tags {
            tag.execute(params![a.id, t]).map_err(at)?;
        }
    }
    let mut alink = tx.prepare(
        "INSERT INTO article_links (article_id, ticket_id, created_at) VALUES (?1, ?2, ?3)",
    )?;
    for l in &rest.article_links {
        alink
            .execute(params![l.article_id, l.ticket_id, l.created_at.timestamp()])
            .map_err(|e| {
                bad(format!(
                    "article link KB-{} -> #{} cannot be imported: {e}",
                    l.article_id, l.ticket_id
                ))
            })?;
    }
    Ok(())
}
