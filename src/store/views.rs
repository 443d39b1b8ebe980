//! Saved views: team views (owner NULL) every agent sees, personal ones only their owner sees,
//! in one order per agent. Every change is logged (entity `view`) so other sessions refresh.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, Store, StoreError, changes};
use crate::domain::Invalid;
use crate::domain::event::Happened;
use crate::domain::query::QueryContext;
use crate::domain::text::one_line;
use crate::domain::view::{self, SavedView, Scope};

/// Seeds the default team views (run once, by the migration that creates the table).
pub(super) fn seed_defaults(conn: &Connection) -> Result<()> {
    for (i, (name, query)) in view::DEFAULTS.iter().enumerate() {
        conn.execute(
            "INSERT INTO saved_views (owner, name, query, position) VALUES (NULL, ?1, ?2, ?3)",
            params![name, query, i as i64 + 1],
        )?;
    }
    Ok(())
}

/// The views `agent` sees, in order (hidden team views left out).
fn visible(conn: &Connection, agent: &str) -> Result<Vec<SavedView>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, owner, name, query FROM saved_views v
         WHERE (owner IS NULL OR owner = ?1)
           AND NOT EXISTS (SELECT 1 FROM saved_views_hidden h
                           WHERE h.view_id = v.id AND h.agent = ?1)
         ORDER BY position, id",
    )?;
    let rows = stmt.query_map([agent], |r| {
        let owner: Option<String> = r.get(1)?;
        Ok((r.get(0)?, owner, r.get(2)?, r.get(3)?))
    })?;
    let mut out = Vec::new();
    for (i, row) in rows.enumerate() {
        let (id, owner, name, query): (i64, Option<String>, String, String) = row?;
        out.push(SavedView {
            id,
            name,
            query,
            scope: if owner.is_some() {
                Scope::Me
            } else {
                Scope::Team
            },
            position: i + 1,
        });
    }
    Ok(out)
}

/// The view called `name` (ignoring case) among `views`: the personal one first when both
/// scopes have one, unless `scope` says which.
fn find<'a>(views: &'a [SavedView], name: &str, scope: Option<Scope>) -> Result<&'a SavedView> {
    let named = |s: Scope| {
        views
            .iter()
            .find(|v| v.scope == s && v.name.eq_ignore_ascii_case(name.trim()))
    };
    let found = match scope {
        Some(s) => named(s),
        None => named(Scope::Me).or_else(|| named(Scope::Team)),
    };
    found.ok_or_else(|| StoreError::NoView(shown_name(name)))
}

/// A name as typed, safe to print in one line.
fn shown_name(name: &str) -> String {
    one_line(name.trim()).chars().take(60).collect()
}

fn owner_of(scope: Scope, agent: &str) -> Option<&str> {
    match scope {
        Scope::Me => Some(agent),
        Scope::Team => None,
    }
}

impl Store {
    /// The views the current agent sees, in order.
    pub fn views(&self) -> Result<Vec<SavedView>> {
        visible(&self.conn, &self.actor.name)
    }

    /// Saves a view at the end of the list (or replaces the query of the one with this name and
    /// scope, when `replace`). The name and query are checked first.
    pub fn save_view(
        &mut self,
        name: &str,
        query: &str,
        scope: Scope,
        replace: bool,
    ) -> Result<SavedView> {
        let name = view::validate_name(name)?;
        let now = self.now();
        let actor = self.actor.clone();
        let query = view::validate_query(
            query,
            &QueryContext {
                now,
                me: &actor.name,
            },
        )?;
        let id = self.write(|tx| {
            let owner = owner_of(scope, &actor.name);
            let existing: Option<i64> = tx
                .query_row(
                    "SELECT id FROM saved_views
                     WHERE coalesce(owner, '') = coalesce(?1, '') AND name = ?2 COLLATE NOCASE",
                    params![owner, name],
                    |r| r.get(0),
                )
                .optional()?;
            let id = match existing {
                Some(_) if !replace => {
                    let who = match scope {
                        Scope::Me => "you already have",
                        Scope::Team => "the team already has",
                    };
                    return Err(Invalid::value(format!(
                        "{who} a view called '{}' (pick another name, or delete it first)",
                        one_line(&name)
                    ))
                    .into());
                }
                Some(id) => {
                    tx.execute(
                        "UPDATE saved_views SET query = ?1 WHERE id = ?2",
                        params![query, id],
                    )?;
                    id
                }
                None => {
                    tx.execute(
                        "INSERT INTO saved_views (owner, name, query, position)
                         VALUES (?1, ?2, ?3,
                                 (SELECT coalesce(max(position), 0) + 1 FROM saved_views))",
                        params![owner, name, query],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            changes::log_view(
                tx,
                now,
                &actor,
                Some(id),
                Happened::ViewSaved,
                &format!("saved view '{name}' ({})", scope.as_str()),
            )?;
            Ok(id)
        })?;
        self.views()?
            .into_iter()
            .find(|v| v.id == id)
            .ok_or(StoreError::NotFound { what: "view", id })
    }

    /// Deletes a view: a team view for everyone, a personal one for its owner.
    pub fn delete_view(&mut self, name: &str, scope: Option<Scope>) -> Result<SavedView> {
        let now = self.now();
        let actor = self.actor.clone();
        self.write(|tx| {
            let views = visible(tx, &actor.name)?;
            let v = find(&views, name, scope)?.clone();
            tx.execute("DELETE FROM saved_views WHERE id = ?1", [v.id])?;
            changes::log_view(
                tx,
                now,
                &actor,
                Some(v.id),
                Happened::ViewDeleted,
                &format!("deleted view '{}' ({})", v.name, v.scope.as_str()),
            )?;
            Ok(v)
        })
    }

    /// Moves a view to place `to` (1-based; past the end means last) in the agent's list.
    /// Team views keep one order for the whole team, so moving one moves it for everyone.
    pub fn move_view(&mut self, name: &str, scope: Option<Scope>, to: usize) -> Result<()> {
        if to == 0 {
            return Err(Invalid::value("places start at 1").into());
        }
        let now = self.now();
        let actor = self.actor.clone();
        self.write(|tx| {
            let mut views = visible(tx, &actor.name)?;
            let v = find(&views, name, scope)?.clone();
            views.retain(|x| x.id != v.id);
            let at = (to - 1).min(views.len());
            views.insert(at, v.clone());
            for (i, x) in views.iter().enumerate() {
                tx.execute(
                    "UPDATE saved_views SET position = ?1 WHERE id = ?2",
                    params![i as i64 + 1, x.id],
                )?;
            }
            changes::log_view(
                tx,
                now,
                &actor,
                Some(v.id),
                Happened::ViewMoved,
                &format!("moved view '{}' to {}", v.name, at + 1),
            )?;
            Ok(())
        })
    }

    /// Hides a team view from the current agent's list only.
    pub fn hide_view(&mut self, name: &str) -> Result<SavedView> {
        let now = self.now();
        let actor = self.actor.clone();
        self.write(|tx| {
            let views = visible(tx, &actor.name)?;
            let v = find(&views, name, Some(Scope::Team))?.clone();
            tx.execute(
                "INSERT INTO saved_views_hidden (view_id, agent) VALUES (?1, ?2)
                 ON CONFLICT DO NOTHING",
                params![v.id, actor.name],
            )?;
            changes::log_view(
                tx,
                now,
                &actor,
                Some(v.id),
                Happened::ViewHidden,
                &format!("hid view '{}' for {}", v.name, actor.name),
            )?;
            Ok(v)
        })
    }

    /// Shows again every team view the current agent hid. Returns how many.
    pub fn unhide_views(&mut self) -> Result<usize> {
        let now = self.now();
        let actor = self.actor.clone();
        self.write(|tx| {
            let n = tx.execute(
                "DELETE FROM saved_views_hidden WHERE agent = ?1",
                [&actor.name],
            )?;
            if n > 0 {
                changes::log_view(
                    tx,
                    now,
                    &actor,
                    None,
                    Happened::ViewsShown,
                    &format!("showed hidden views for {}", actor.name),
                )?;
            }
            Ok(n)
        })
    }
}
