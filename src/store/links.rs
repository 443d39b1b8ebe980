//! Links between tickets.

use crate::domain::event::{EntityRef, Happened, Logged, Recorded};
use rusqlite::{Connection, OptionalExtension, params};

use super::tickets::{get_ticket, record_history};
use super::{Result, Store, changes, rows};
use crate::domain::Invalid;
use crate::domain::link::{Link, LinkKind, LinkRequest, check_link};

impl Store {
    /// Links `from` to `to`. Returns the stored link and whether it is new (linking twice is
    /// not an error).
    pub fn link_tickets(
        &mut self,
        from: i64,
        to: i64,
        request: LinkRequest,
    ) -> Result<(Link, bool)> {
        let (from, to, kind) = match request {
            LinkRequest::Forward(k) => (from, to, k),
            LinkRequest::Child => (to, from, LinkKind::Parent),
        };
        let now = self.now();
        let actor = self.actor.clone();
        self.write(|tx| {
            let a = get_ticket(tx, from)?;
            let b = get_ticket(tx, to)?;
            let link = Link {
                from_id: from,
                to_id: to,
                kind,
            };
            if exists(tx, &link)? {
                return Ok((link, false));
            }
            let has_parent = kind == LinkKind::Parent && parent_of(tx, from)?.is_some();
            check_link((a.id, a.kind), (b.id, b.kind), kind, has_parent)?;
            let mirror = Link {
                from_id: to,
                to_id: from,
                kind,
            };
            if kind == LinkKind::Duplicate && exists(tx, &mirror)? {
                return Err(Invalid::rule(format!(
                    "#{from} cannot be a duplicate of #{to}: #{to} is already a duplicate of #{from}"
                ))
                .into());
            }
            if kind == LinkKind::Parent && is_ancestor(tx, from, to)? {
                return Err(Invalid::rule(format!(
                    "#{to} cannot be the parent of #{from}: #{from} is already above #{to}"
                ))
                .into());
            }
            tx.execute(
                "INSERT INTO links (from_entity, from_id, to_entity, to_id, kind, created_at)
                 VALUES ('ticket', ?1, 'ticket', ?2, ?3, ?4)",
                params![from, to, kind.as_str(), now.timestamp()],
            )?;
            let fwd = format!("{} #{to}", kind.forward_label());
            let back = format!("{} #{from}", kind.backward_label());
            record_history(tx, from, now, &actor, Recorded::Link, None, Some(&fwd))?;
            record_history(tx, to, now, &actor, Recorded::Link, None, Some(&back))?;
            for id in [from, to] {
                let logged = Logged::new(EntityRef::ticket(id), Happened::Linked, "linked");
                changes::log(tx, now, &actor, &logged)?;
            }
            Ok((link, true))
        })
    }

    /// Every link that starts or ends at ticket `id`.
    pub fn links(&self, id: i64) -> Result<Vec<Link>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT from_id, to_id, kind FROM links
             WHERE from_entity = 'ticket' AND from_id = ?1 AND to_entity = 'ticket'
             UNION ALL
             SELECT from_id, to_id, kind FROM links
             WHERE to_entity = 'ticket' AND to_id = ?1 AND from_entity = 'ticket'
             ORDER BY 1, 2, 3",
        )?;
        let out = stmt
            .query_map([id], rows::link)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(out)
    }
}

fn exists(conn: &Connection, l: &Link) -> Result<bool> {
    let same = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM links WHERE from_entity = 'ticket' AND to_entity = 'ticket' AND from_id = ?1 AND to_id = ?2 AND kind = ?3)",
        params![l.from_id, l.to_id, l.kind.as_str()],
        |r| r.get::<_, bool>(0),
    )?;
    // "relates" reads the same both ways.
    let mirrored = l.kind == LinkKind::Relates
        && conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM links WHERE from_entity = 'ticket' AND to_entity = 'ticket' AND from_id = ?2 AND to_id = ?1 AND kind = 'relates')",
            params![l.from_id, l.to_id],
            |r| r.get::<_, bool>(0),
        )?;
    Ok(same || mirrored)
}

fn parent_of(conn: &Connection, id: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT to_id FROM links WHERE from_entity = 'ticket' AND to_entity = 'ticket' AND from_id = ?1 AND kind = 'parent'",
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

/// True when `ancestor` is `id` or above it in the parent chain.
fn is_ancestor(conn: &Connection, ancestor: i64, id: i64) -> Result<bool> {
    let mut cur = Some(id);
    let mut steps = 0;
    while let Some(c) = cur {
        if c == ancestor {
            return Ok(true);
        }
        steps += 1;
        if steps > 10_000 {
            return Ok(true);
        }
        cur = parent_of(conn, c)?;
    }
    Ok(false)
}
