//! Desk-wide settings kept in the database: the priority matrix.

use crate::domain::event::{EntityRef, Happened, Logged};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, Store, StoreError, changes};
use crate::domain::Invalid;
use crate::domain::priority::PriorityMatrix;
use crate::domain::ticket::Level;

const MATRIX_KEY: &str = "priority_matrix";

pub(super) fn priority_matrix(conn: &Connection) -> Result<PriorityMatrix> {
    let json: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [MATRIX_KEY],
            |r| r.get(0),
        )
        .optional()?;
    match json {
        None => Ok(PriorityMatrix::default()),
        Some(j) => serde_json::from_str(&j).map_err(|e| {
            StoreError::Invalid(Invalid::value(format!(
                "the stored priority matrix is unreadable: {e}"
            )))
        }),
    }
}

pub(super) fn save_priority_matrix(conn: &Connection, m: &PriorityMatrix) -> Result<()> {
    let json =
        serde_json::to_string(m).map_err(|e| StoreError::Invalid(Invalid::value(e.to_string())))?;
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![MATRIX_KEY, json],
    )?;
    Ok(())
}

impl Store {
    pub fn priority_matrix(&self) -> Result<PriorityMatrix> {
        priority_matrix(&self.conn)
    }

    /// Changes one cell of the matrix. Existing tickets keep their priority until they change.
    pub fn set_priority_cell(
        &mut self,
        impact: Level,
        urgency: Level,
        priority: u8,
    ) -> Result<PriorityMatrix> {
        let now = self.now();
        let actor = self.actor.clone();
        self.write(|tx| {
            let mut m = priority_matrix(tx)?;
            m.set(impact, urgency, priority)?;
            save_priority_matrix(tx, &m)?;
            changes::log(
                tx,
                now,
                &actor,
                &Logged::new(
                    EntityRef::settings(),
                    Happened::SettingChanged,
                    format!("priority {impact}/{urgency} = {priority}"),
                ),
            )?;
            Ok(m)
        })
    }
}
