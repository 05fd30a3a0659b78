//! `training/roster.csv`: `person,role`, who holds which role; a person
//! with two roles has two rows. Roles are the role keys used in SOPs.

use std::collections::BTreeSet;
use std::path::Path;

use crate::source::SourceFile;

use super::Problem;
use super::table::{self, Cell};

/// The columns of the roster, in the order a new file has them.
pub const COLUMNS: [&str; 2] = ["person", "role"];

/// The roster as read: its well-formed rows.
#[derive(Debug)]
pub struct Roster {
    pub source: SourceFile,
    pub assignments: Vec<Assignment>,
}

/// One row: a person holds a role.
#[derive(Debug, Clone)]
pub struct Assignment {
    pub person: Cell,
    pub role: Cell,
}

impl Roster {
    /// Reads the roster at `path`, shown as `shown`; `None` when it cannot
    /// be read as a table (the reason is in `problems`).
    pub fn read(
        path: &Path,
        shown: &Path,
        limit: u64,
        problems: &mut Vec<Problem>,
    ) -> Option<Roster> {
        let table = table::read(path, shown, limit, &COLUMNS, problems)?;
        let mut assignments = Vec::with_capacity(table.rows.len());
        for row in table.rows {
            let [person, role] = <[Cell; 2]>::try_from(row.cells).ok()?;
            let empty = [(&person, "person"), (&role, "role")]
                .into_iter()
                .find(|(cell, _)| cell.value.is_empty());
            if let Some((cell, column)) = empty {
                problems.push(Problem::at(
                    shown,
                    table::label(&table.source, cell.offset),
                    format!("the `{column}` of this row is empty"),
                ));
                continue;
            }
            assignments.push(Assignment { person, role });
        }
        Some(Roster {
            source: table.source,
            assignments,
        })
    }

    pub fn has_person(&self, person: &str) -> bool {
        self.assignments.iter().any(|a| a.person.value == person)
    }

    /// The people of the roster, each once, sorted.
    pub fn people(&self) -> Vec<&str> {
        let people: BTreeSet<&str> = self
            .assignments
            .iter()
            .map(|a| a.person.value.as_str())
            .collect();
        people.into_iter().collect()
    }

    /// The roles a person holds.
    pub fn roles_of(&self, person: &str) -> BTreeSet<String> {
        self.assignments
            .iter()
            .filter(|a| a.person.value == person)
            .map(|a| a.role.value.clone())
            .collect()
    }

    /// Every role of the roster.
    pub fn roles(&self) -> BTreeSet<String> {
        self.assignments
            .iter()
            .map(|a| a.role.value.clone())
            .collect()
    }
}
