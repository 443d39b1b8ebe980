//! Priority from impact x urgency. The matrix is data: a desk can change it, and the store keeps it.

use serde::{Deserialize, Serialize};

use super::error::Invalid;
use super::ticket::Level;

/// `cells[impact][urgency]`, indexed high=0, medium=1, low=2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorityMatrix {
    cells: [[u8; 3]; 3],
}

fn index(level: Level) -> usize {
    match level {
        Level::High => 0,
        Level::Medium => 1,
        Level::Low => 2,
    }
}

impl Default for PriorityMatrix {
    /// The ITIL / ServiceNow default.
    fn default() -> Self {
        PriorityMatrix {
            cells: [[1, 2, 3], [2, 3, 4], [3, 4, 5]],
        }
    }
}

impl PriorityMatrix {
    pub fn priority(&self, impact: Level, urgency: Level) -> u8 {
        self.cells[index(impact)][index(urgency)]
    }

    /// Sets one cell; priorities run 1 (critical) to 5 (planning).
    pub fn set(&mut self, impact: Level, urgency: Level, priority: u8) -> Result<(), Invalid> {
        if !(1..=5).contains(&priority) {
            return Err(Invalid::value(format!(
                "bad priority {priority}: expected 1 to 5"
            )));
        }
        self.cells[index(impact)][index(urgency)] = priority;
        Ok(())
    }

    /// Checks every cell is a priority 1 to 5 (a matrix read from a file, not built with `set`).
    pub fn validate(&self) -> Result<(), Invalid> {
        for (impact, urgency, p) in self.cells() {
            if !(1..=5).contains(&p) {
                return Err(Invalid::value(format!(
                    "the priority matrix cell {impact} x {urgency} is {p}; priorities run 1 to 5"
                )));
            }
        }
        Ok(())
    }

    /// Every cell as (impact, urgency, priority), impact-major.
    pub fn cells(&self) -> Vec<(Level, Level, u8)> {
        let levels = [Level::High, Level::Medium, Level::Low];
        let mut out = Vec::with_capacity(9);
        for i in levels {
            for u in levels {
                out.push((i, u, self.priority(i, u)));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Level::*;

    #[test]
    fn default_matrix_is_itil() {
        let m = PriorityMatrix::default();
        let expected = [
            (High, High, 1),
            (High, Medium, 2),
            (Medium, High, 2),
            (High, Low, 3),
            (Medium, Medium, 3),
            (Low, High, 3),
            (Medium, Low, 4),
            (Low, Medium, 4),
            (Low, Low, 5),
        ];
        for (i, u, p) in expected {
            assert_eq!(m.priority(i, u), p, "impact {i} urgency {u}");
        }
        assert_eq!(m.cells().len(), 9);
    }

    #[test]
    fn matrix_is_configurable() {
        let mut m = PriorityMatrix::default();
        m.set(Low, High, 2).unwrap();
        assert_eq!(m.priority(Low, High), 2);
        assert_eq!(m.priority(High, Low), 3);
        assert!(m.set(Low, High, 0).is_err());
        assert!(m.set(Low, High, 6).is_err());
    }
}
