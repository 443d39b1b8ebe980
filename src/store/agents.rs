//! The agents a desk knows: names in use as assignees, the people behind its latest changes, and
//! whoever is editing now. For Tab completion and for asking before assigning to a stranger.

use super::{Result, Store};

/// Most names returned; a desk with more still works, the rest just are not offered.
const MAX_AGENTS: i64 = 500;
/// How far back in the change log to look for who has acted on the desk.
const RECENT_CHANGES: i64 = 5000;

impl Store {
    /// Everyone the desk knows, sorted. One query, cheap at any size: the distinct assignees are
    /// read by hopping through the assignee index (one seek per name, not a scan), the actors
    /// from the newest change-log rows only.
    pub fn known_agents(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "WITH RECURSIVE assignees (name) AS (
                 SELECT min(assignee) FROM tickets
                 UNION ALL
                 SELECT (SELECT min(t.assignee) FROM tickets t WHERE t.assignee > a.name)
                 FROM assignees a WHERE a.name IS NOT NULL
             )
             SELECT name FROM assignees WHERE name IS NOT NULL
             UNION
             SELECT actor FROM (SELECT actor FROM change_log ORDER BY seq DESC LIMIT ?1) recent
             UNION
             SELECT agent FROM presence
             ORDER BY 1
             LIMIT ?2",
        )?;
        let names = stmt
            .query_map([RECENT_CHANGES, MAX_AGENTS], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(names)
    }
}
