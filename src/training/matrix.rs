//! The training matrix of `sop training`: each person of the roster by the
//! SOPs they must know, each cell current, outdated or missing; written as
//! a table for a terminal, CSV, JSON or one HTML page.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;

use crate::date::Date;
use crate::output::table::{column_widths, write_aligned};
use crate::output::{spreadsheet_safe, terminal_safe};

use super::{Acknowledgement, Catalog, Known, Records, fault};

/// Which people and SOPs the matrix shows. Filters combine.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Only the people who hold this role, and only the SOPs it must know.
    pub role: Option<String>,
    /// Only this person.
    pub person: Option<String>,
    /// Only the SOPs of this department (ignoring case).
    pub department: Option<String>,
}

/// Where a person stands with one SOP they must know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// An acknowledgement of the SOP's version (and fingerprint, if given).
    Current,
    /// Only acknowledgements of an earlier version or fingerprint.
    Outdated,
    /// No acknowledgement at all.
    Missing,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Current => "current",
            Status::Outdated => "outdated",
            Status::Missing => "missing",
        }
    }

    /// The mark of the table.
    fn mark(self) -> &'static str {
        match self {
            Status::Current => "✓",
            Status::Outdated => "old",
            Status::Missing => "–",
        }
    }
}

/// The columns of the CSV, and the keys of each JSON object.
pub const COLUMNS: [&str; 7] = [
    "person",
    "role",
    "sop",
    "version",
    "status",
    "acknowledged_version",
    "acknowledged_on",
];

/// One person and one SOP they must know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub person: String,
    /// The roles that make them need it, joined with `;`.
    pub role: String,
    pub sop: String,
    /// The SOP's current version; `null` when it has none.
    pub version: Option<String>,
    pub status: Status,
    /// The version of the acknowledgement that counts (the current one, or
    /// the latest outdated one); `null` when missing.
    pub acknowledged_version: Option<String>,
    pub acknowledged_on: Option<String>,
    /// The SOP file, as shown: where the changes since the acknowledged
    /// version are read (not a column).
    #[serde(skip)]
    pub file: PathBuf,
}

impl Cell {
    fn cells(&self) -> [String; 7] {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        [
            self.person.clone(),
            self.role.clone(),
            self.sop.clone(),
            text(&self.version),
            self.status.as_str().to_string(),
            text(&self.acknowledged_version),
            text(&self.acknowledged_on),
        ]
    }
}

/// The matrix: cells by person, then SOP id.
#[derive(Debug, Default)]
pub struct Matrix {
    /// The SOPs someone shown must know, by id: the columns of the table.
    pub sops: Vec<String>,
    /// The people shown, sorted: the rows of the table.
    pub people: Vec<String>,
    pub cells: Vec<Cell>,
}

impl Matrix {
    /// The matrix of the roster against the approved SOPs of `catalog`.
    pub fn of(records: &Records, catalog: &Catalog, filters: &Filters) -> Matrix {
        let Some(roster) = &records.roster else {
            return Matrix::default();
        };
        let acknowledgements: Vec<&Acknowledgement> = records
            .acknowledgements
            .iter()
            .flat_map(|file| &file.rows)
            .filter(|row| fault(row, Some(roster), catalog).is_none())
            .collect();
        let same = |wanted: &Option<String>, value: Option<&str>| {
            wanted.as_ref().is_none_or(|wanted| {
                value.is_some_and(|value| value.to_lowercase() == wanted.to_lowercase())
            })
        };
        let sops: Vec<&Known> = catalog
            .sops
            .iter()
            .filter(|known| {
                known.approved && same(&filters.department, known.department.as_deref())
            })
            .collect();
        let mut matrix = Matrix::default();
        let mut columns = BTreeSet::new();
        for person in roster.people() {
            if filters
                .person
                .as_ref()
                .is_some_and(|wanted| wanted != person)
            {
                continue;
            }
            let mut roles = roster.roles_of(person);
            if let Some(role) = &filters.role {
                if !roles.contains(role) {
                    continue;
                }
                roles.retain(|held| held == role);
            }
            let mut any = false;
            for known in &sops {
                let needed: Vec<&str> = roles
                    .iter()
                    .filter(|role| known.roles.contains(*role))
                    .map(String::as_str)
                    .collect();
                if needed.is_empty() {
                    continue;
                }
                any = true;
                columns.insert(known.id.clone());
                let mine = acknowledgements
                    .iter()
                    .filter(|row| row.person.value == person && row.sop.value == known.id);
                matrix.cells.push(cell(person, &needed, known, mine));
            }
            if any {
                matrix.people.push(person.to_string());
            }
        }
        matrix.sops = columns.into_iter().collect();
        matrix
    }

    /// Whether anyone shown is outdated or missing on an SOP.
    pub fn is_complete(&self) -> bool {
        self.cells.iter().all(|cell| cell.status == Status::Current)
    }

    /// How many cells have each status: current, outdated, missing.
    pub fn counts(&self) -> [usize; 3] {
        let count = |status| self.cells.iter().filter(|c| c.status == status).count();
        [
            count(Status::Current),
            count(Status::Outdated),
            count(Status::Missing),
        ]
    }
}

/// The cell of a person and an SOP, from their acknowledgements of it:
/// the latest current one counts, else the latest one (outdated).
fn cell<'a>(
    person: &str,
    roles: &[&str],
    known: &Known,
    acknowledgements: impl Iterator<Item = &'a &'a Acknowledgement>,
) -> Cell {
    let mut current: Option<&Acknowledgement> = None;
    let mut latest: Option<&Acknowledgement> = None;
    for &row in acknowledgements {
        let later = |than: Option<&Acknowledgement>| than.is_none_or(|than| row.date >= than.date);
        if known.is_current(row) && later(current) {
            current = Some(row);
        }
        if later(latest) {
            latest = Some(row);
        }
    }
    let (status, counted) = match (current, latest) {
        (Some(row), _) => (Status::Current, Some(row)),
        (None, Some(row)) => (Status::Outdated, Some(row)),
        (None, None) => (Status::Missing, None),
    };
    Cell {
        person: person.to_string(),
        role: roles.join(";"),
        sop: known.id.clone(),
        version: (!known.version.is_empty()).then(|| known.version.clone()),
        status,
        acknowledged_version: counted.map(|row| row.version.value.clone()),
        acknowledged_on: counted.map(|row| row.date.to_string()),
        file: known.path.clone(),
    }
}

/// The formats of `sop training --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// People as rows, SOP ids as columns, a mark per cell and a legend.
    Table,
    /// RFC 4180 CSV, one row per person and SOP they must know.
    Csv,
    /// A JSON array of the same rows as objects.
    Json,
    /// One self-contained HTML page, for printing and filing.
    Html,
}

/// Writes the matrix in `format`; the table and the page say it is as of `today`.
pub fn write(matrix: &Matrix, format: Format, today: Date, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Table => write_table(matrix, today, out),
        Format::Csv => write_csv(matrix, out),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &matrix.cells)?;
            writeln!(out)
        }
        Format::Html => out.write_all(html(matrix, today)?.as_bytes()),
    }
}

/// The widest a person's name is shown in the table.
const PERSON_WIDTH: usize = 24;

/// The status of a person on an SOP, if they must know it.
fn status_of(matrix: &Matrix, person: &str, sop: &str) -> Option<Status> {
    matrix
        .cells
        .iter()
        .find(|cell| cell.person == person && cell.sop == sop)
        .map(|cell| cell.status)
}

fn write_table(matrix: &Matrix, today: Date, out: &mut dyn Write) -> io::Result<()> {
    if matrix.cells.is_empty() {
        return writeln!(
            out,
            "no one on the roster must know an approved SOP (as of {today})"
        );
    }
    let mut lines: Vec<Vec<String>> = Vec::with_capacity(matrix.people.len() + 1);
    let header = std::iter::once("person".to_string())
        .chain(matrix.sops.iter().map(|id| terminal_safe(id).into_owned()));
    lines.push(header.collect());
    for person in &matrix.people {
        let marks = matrix.sops.iter().map(|sop| {
            status_of(matrix, person, sop).map_or_else(String::new, |s| s.mark().to_string())
        });
        lines.push(
            std::iter::once(terminal_safe(person).into_owned())
                .chain(marks)
                .collect(),
        );
    }
    let widest: Vec<usize> = std::iter::once(PERSON_WIDTH)
        .chain(matrix.sops.iter().map(|_| usize::MAX))
        .collect();
    write_aligned(&lines, &column_widths(&lines, &widest), out)?;
    let [current, outdated, missing] = matrix.counts();
    writeln!(out)?;
    writeln!(
        out,
        "✓ current ({current})  old outdated ({outdated})  – missing ({missing})  blank: need not know; as of {today}"
    )
}

fn write_csv(matrix: &Matrix, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(COLUMNS)?;
    for cell in &matrix.cells {
        writer.write_record(cell.cells().map(spreadsheet_safe))?;
    }
    writer.flush()
}

const PAGE: &str = include_str!("matrix.html");

/// The matrix as one HTML page, every text escaped by the template.
fn html(matrix: &Matrix, today: Date) -> io::Result<String> {
    #[derive(Serialize)]
    struct Line<'a> {
        person: &'a str,
        cells: Vec<(&'static str, &'static str)>,
    }
    let lines: Vec<Line> = matrix
        .people
        .iter()
        .map(|person| Line {
            person,
            cells: matrix
                .sops
                .iter()
                .map(|sop| match status_of(matrix, person, sop) {
                    Some(status) => (status.as_str(), status.mark()),
                    None => ("none", ""),
                })
                .collect(),
        })
        .collect();
    let [current, outdated, missing] = matrix.counts();
    let mut context = tera::Context::new();
    context.insert("today", &today.to_string());
    context.insert("sops", &matrix.sops);
    context.insert("lines", &lines);
    context.insert("cells", &matrix.cells);
    context.insert("counts", &[current, outdated, missing]);
    tera::Tera::one_off(PAGE, &context, true).map_err(io::Error::other)
}
