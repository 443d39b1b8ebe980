//! Knowledge-base articles: create, read, edit (versioned), search, link to tickets.

use crate::domain::event::Recorded;
use crate::domain::event::{EntityRef, Happened, Logged};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};

use super::actor::Actor;
use super::tickets::{get_ticket, record_history};
use super::{Result, Store, StoreError, changes, rows, search};
use crate::domain::Invalid;
use crate::domain::kb::{Article, ArticleChange, ArticlePatch, ArticleState, NewArticle};
use chrono::{DateTime, Utc};

/// Records a create or an edit of an article in its history.
fn record_article_history(
    conn: &Connection,
    id: i64,
    at: DateTime<Utc>,
    actor: &Actor,
    what: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO article_history (article_id, at, actor, os_user, what) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, at.timestamp(), actor.name, actor.os_user, what])?;
    Ok(())
}

pub(super) fn article_change(row: &rusqlite::Row<'_>) -> rusqlite::Result<ArticleChange> {
    Ok(ArticleChange {
        article_id: row.get("article_id")?,
        at: rows::time(row, "at")?,
        actor: row.get("actor")?,
        os_user: row.get("os_user")?,
        what: row.get("what")?,
    })
}
use crate::domain::ticket::{change_tags, normalize_tags, validate_body, validate_title};

const ARTICLE_COLUMNS: &str = "a.id, a.title, a.body, a.state, a.author, a.os_user, a.created_at, a.updated_at, a.version,
    (SELECT group_concat(tag, ' ' ORDER BY tag) FROM article_tags WHERE article_id = a.id) AS tags,
    (SELECT group_concat(ticket_id, ' ' ORDER BY ticket_id) FROM article_links WHERE article_id = a.id) AS tickets";

fn article_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Article> {
    let tickets: Option<String> = row.get("tickets")?;
    Ok(Article {
        id: row.get("id")?,
        title: row.get("title")?,
        body: row.get("body")?,
        state: row.get("state")?,
        author: row.get("author")?,
        os_user: row.get("os_user")?,
        created_at: rows::time(row, "created_at")?,
        updated_at: rows::time(row, "updated_at")?,
        version: row.get("version")?,
        tags: rows::tags(row.get("tags")?),
        tickets: rows::tags(tickets)
            .iter()
            .filter_map(|s| s.parse().ok())
            .collect(),
    })
}

fn get_article(conn: &Connection, id: i64) -> Result<Article> {
    let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([id], article_row)
        .optional()?
        .ok_or(StoreError::NotFound {
            what: "article",
            id,
        })
}

/// ` AND a.state IN (...)` for a state filter, with its values.
fn states_filter(sql: &mut String, values: &mut Vec<Value>, states: &[ArticleState]) {
    if !states.is_empty() {
        sql.push_str(&format!(
            " AND a.state IN ({})",
            vec!["?"; states.len()].join(", ")
        ));
        values.extend(states.iter().map(|s| Value::Text(s.as_str().into())));
    }
}

fn limit_value(limit: usize) -> Value {
    Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX))
}

impl Store {
    pub fn create_article(&mut self, new: NewArticle) -> Result<Article> {
        let title = validate_title(&new.title)?;
        validate_body("article body", &new.body)?;
        let tags = normalize_tags(&new.tags)?;
        let now = self.now();
        let actor = self.actor.clone();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO articles (title, body, state, author, os_user, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![
                    title,
                    new.body.trim_end(),
                    new.state.as_str(),
                    actor.name,
                    actor.os_user,
                    now.timestamp()
                ],
            )?;
            let id = tx.last_insert_rowid();
            record_article_history(tx, id, now, &actor, "created")?;
            rows::replace_tags(tx, rows::TagTable::Article, id, &tags)?;
            changes::log(
                tx,
                now,
                &actor,
                &Logged::new(EntityRef::article(id), Happened::Created, "created"),
            )?;
            get_article(tx, id)
        })
    }

    pub fn article(&self, id: i64) -> Result<Article> {
        get_article(&self.conn, id)
    }

    /// Every recorded create and edit of an article, oldest first.
    pub fn article_history(&self, id: i64) -> Result<Vec<ArticleChange>> {
        let out = self
            .conn
            .prepare_cached(
                "SELECT article_id, at, actor, os_user, what FROM article_history
                 WHERE article_id = ?1 ORDER BY id",
            )?
            .query_map([id], article_change)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(out)
    }

    /// Articles newest-changed first, optionally only some states and with a tag.
    pub fn list_articles(
        &self,
        states: &[ArticleState],
        tag: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Article>> {
        let mut sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles a WHERE 1 = 1");
        let mut values: Vec<Value> = Vec::new();
        states_filter(&mut sql, &mut values, states);
        if let Some(tag) = tag {
            sql.push_str(" AND EXISTS (SELECT 1 FROM article_tags g WHERE g.article_id = a.id AND g.tag = ?)");
            values.push(Value::Text(tag.trim().to_lowercase()));
        }
        sql.push_str(" ORDER BY a.updated_at DESC, a.id DESC LIMIT ?");
        values.push(limit_value(limit));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let out = stmt
            .query_map(params_from_iter(values), article_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(out)
    }

    /// Full-text search over titles and bodies, best match first (title hits weigh more).
    pub fn search_articles(
        &self,
        text: &str,
        states: &[ArticleState],
        limit: usize,
    ) -> Result<Vec<Article>> {
        let expr = search::match_expression(text)
            .ok_or_else(|| Invalid::value("the search text has no words to look for"))?;
        let mut sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM article_fts f JOIN articles a ON a.id = f.rowid
             WHERE article_fts MATCH ?"
        );
        let mut values: Vec<Value> = vec![Value::Text(expr)];
        states_filter(&mut sql, &mut values, states);
        sql.push_str(" ORDER BY bm25(article_fts, 5.0, 1.0), a.id DESC LIMIT ?");
        values.push(limit_value(limit));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let out = stmt
            .query_map(params_from_iter(values), article_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(out)
    }

    /// Edits an article; with `if_version`, refuses unless it is still at that version.
    pub fn update_article(
        &mut self,
        id: i64,
        p: &ArticlePatch,
        if_version: Option<i64>,
    ) -> Result<(Article, bool)> {
        let now = self.now();
        let actor = self.actor.clone();
        self.write(|tx| {
            let old = get_article(tx, id)?;
            if let Some(v) = if_version.filter(|v| *v != old.version) {
                return Err(StoreError::Conflict {
                    what: "article",
                    id,
                    expected: v,
                    actual: old.version,
                    by: String::new(),
                });
            }
            let mut new = old.clone();
            if let Some(t) = &p.title {
                new.title = validate_title(t)?;
            }
            if let Some(b) = &p.body {
                validate_body("article body", b)?;
                new.body = b.trim_end().to_string();
            }
            if let Some(s) = p.state {
                new.state = s;
            }
            if !p.add_tags.is_empty() || !p.remove_tags.is_empty() {
                new.tags = change_tags(&new.tags, &p.add_tags, &p.remove_tags)?;
            }
            if new == old {
                return Ok((old, false));
            }
            tx.execute(
                "UPDATE articles SET title = ?3, body = ?4, state = ?5, updated_at = ?6, version = version + 1
                 WHERE id = ?1 AND version = ?2",
                params![id, old.version, new.title, new.body, new.state.as_str(), now.timestamp()],
            )?;
            if new.tags != old.tags {
                rows::replace_tags(tx, rows::TagTable::Article, id, &new.tags)?;
            }
            let fields: Vec<&str> = [
                ("title", new.title != old.title),
                ("body", new.body != old.body),
                ("state", new.state != old.state),
                ("tags", new.tags != old.tags),
            ]
            .iter()
            .filter(|(_, changed)| *changed)
            .map(|(f, _)| *f)
            .collect();
            record_article_history(tx, id, now, &actor, &fields.join(", "))?;
            changes::log(tx, now, &actor, &Logged::new(EntityRef::article(id), Happened::Updated, "updated"))?;
            Ok((get_article(tx, id)?, true))
        })
    }

    /// Links an article to a ticket (recorded in the ticket's history). Linking twice is a no-op.
    pub fn link_article(&mut self, article_id: i64, ticket_id: i64) -> Result<bool> {
        let now = self.now();
        let actor = self.actor.clone();
        self.write(|tx| {
            let article = get_article(tx, article_id)?;
            get_ticket(tx, ticket_id)?;
            let n = tx.execute(
                "INSERT OR IGNORE INTO article_links (article_id, ticket_id, created_at) VALUES (?1, ?2, ?3)",
                params![article_id, ticket_id, now.timestamp()],
            )?;
            if n == 0 {
                return Ok(false);
            }
            let what = format!("KB-{article_id} {}", article.title);
            record_history(tx, ticket_id, now, &actor, Recorded::Article, None, Some(&what))?;
            let logged = Logged::new(EntityRef::ticket(ticket_id), Happened::ArticleLinked, "article linked");
            changes::log(tx, now, &actor, &logged)?;
            let logged = Logged::new(EntityRef::article(article_id), Happened::Linked, "linked");
            changes::log(tx, now, &actor, &logged)?;
            Ok(true)
        })
    }
}
