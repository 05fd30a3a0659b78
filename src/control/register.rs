//! The document register of `sop list`: one row per SOP with what document
//! control asks of it (who owns and approved which revision, when it is due
//! for review, whether its content is still the approved one), filtered and
//! ordered as a quality manager asks for it. ISO 9001 7.5.3 asks that the
//! current revision of each document can be identified: this is that list.

use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;

use crate::control::Seal;
use crate::date::Date;
use crate::model::{Sop, Text};
use crate::project::{Content, Document, Model, Project};

mod csv;
mod json;
mod table;

/// The columns of the register, in order: the keys of [`Row`] in JSON and
/// the header of the CSV.
pub const COLUMNS: [&str; 12] = [
    "id",
    "title",
    "department",
    "owner",
    "status",
    "version",
    "approved_by",
    "approved_on",
    "effective",
    "review_by",
    "steps",
    "fingerprint",
];

/// One SOP of the register. Fields are the SOP's text as written (`None`
/// when the field is not set or not text), so that the register shows what
/// the file says, even where `sop lint` would object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub id: Option<String>,
    pub title: Option<String>,
    pub department: Option<String>,
    pub owner: Option<String>,
    /// The status, `draft` when unset.
    pub status: String,
    pub version: Option<String>,
    pub approved_by: Option<String>,
    pub approved_on: Option<String>,
    pub effective: Option<String>,
    pub review_by: Option<String>,
    /// How many steps `instructions` has.
    pub steps: usize,
    /// `ok`, `changed` or `none`: see [`Seal`].
    pub fingerprint: &'static str,
    /// The file, from the project root with `/` separators (not a column:
    /// the review calendar names it).
    #[serde(skip)]
    pub file: String,
}

impl Row {
    fn of(sop: &Sop, root: &crate::yaml::Node, file: String) -> Row {
        let value = |text: &Option<Text>| text.as_ref().map(|text| text.value.clone());
        Row {
            id: value(&sop.id),
            title: value(&sop.title),
            department: value(&sop.department),
            owner: value(&sop.owner),
            status: sop.status().to_string(),
            version: value(&sop.version),
            approved_by: value(&sop.approved_by),
            approved_on: value(&sop.approved_on),
            effective: value(&sop.effective),
            review_by: value(&sop.review_by),
            steps: sop.steps.len(),
            fingerprint: Seal::of(sop, root).as_str(),
            file,
        }
    }

    /// The register's order: by id, SOPs without one last, equal ids by file.
    fn by_id(&self) -> (bool, Option<&str>, &str) {
        (self.id.is_none(), self.id.as_deref(), &self.file)
    }

    /// `review_by` as a date; `None` when unset or not a date.
    pub fn review_date(&self) -> Option<Date> {
        self.review_by.as_deref()?.parse().ok()
    }

    /// The cells in the order of [`COLUMNS`], empty where a field is unset.
    pub fn cells(&self) -> [String; 12] {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        [
            text(&self.id),
            text(&self.title),
            text(&self.department),
            text(&self.owner),
            self.status.clone(),
            text(&self.version),
            text(&self.approved_by),
            text(&self.approved_on),
            text(&self.effective),
            text(&self.review_by),
            self.steps.to_string(),
            self.fingerprint.to_string(),
        ]
    }
}

/// Which SOPs the register lists. Filters combine: a row passes all of them.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Only this department (ignoring case).
    pub department: Option<String>,
    /// Only this status (`draft` for an SOP without one).
    pub status: Option<String>,
    /// Only SOPs in which this role performs a step or that define it in `roles`.
    pub role: Option<String>,
    /// Only this owner (ignoring case).
    pub owner: Option<String>,
    /// Only SOPs to review on or before this date, overdue ones included,
    /// ordered by review date. Retired SOPs are not reviewed any more.
    pub review_due_by: Option<Date>,
}

impl Filters {
    fn keep(&self, sop: &Sop) -> bool {
        let same = |wanted: &Option<String>, field: &Option<Text>| {
            wanted.as_ref().is_none_or(|wanted| {
                field
                    .as_ref()
                    .is_some_and(|field| field.value.to_lowercase() == wanted.to_lowercase())
            })
        };
        same(&self.department, &sop.department)
            && same(&self.owner, &sop.owner)
            && self
                .status
                .as_ref()
                .is_none_or(|wanted| wanted == sop.status())
            && self
                .role
                .as_ref()
                .is_none_or(|role| sop.involves_role(role))
            && self.review_due_by.is_none_or(|deadline| {
                sop.status() != "retired"
                    && sop
                        .review_by
                        .as_ref()
                        .and_then(|review_by| review_by.value.parse::<Date>().ok())
                        .is_some_and(|date| date <= deadline)
            })
    }
}

/// The register of the SOPs given.
#[derive(Debug, Default)]
pub struct Register {
    /// The SOPs that pass the filters: by id (then file), or by review date
    /// (then id) when the filters ask for reviews due.
    pub rows: Vec<Row>,
    /// Files that could not be read as SOPs (`sop lint` says why), as shown.
    pub skipped: Vec<PathBuf>,
}

impl Register {
    /// Reads every SOP given once, keeping only its row.
    pub fn read(project: &Project, filters: &Filters) -> Register {
        let entries = project.read_all(|document| row(project, &document, filters));
        let mut register = Register::default();
        for entry in entries {
            match entry {
                Ok(Some(row)) => register.rows.push(row),
                Ok(None) => {}
                Err(path) => register.skipped.push(path),
            }
        }
        register
            .skipped
            .extend(project.problems.iter().map(|problem| problem.path.clone()));
        register.skipped.sort();
        register.rows.sort_by(|a, b| a.by_id().cmp(&b.by_id()));
        if filters.review_due_by.is_some() {
            // Stable: equal dates keep the order by id.
            register.rows.sort_by_cached_key(Row::review_date);
        }
        register
    }
}

/// The row of one file: `None` when the filters leave it out, the file
/// when it is not a readable SOP.
fn row(project: &Project, document: &Document, filters: &Filters) -> Result<Option<Row>, PathBuf> {
    let Content::Parsed(parsed) = &document.content else {
        return Err(document.path.clone());
    };
    let Model::Sop { sop, .. } = &parsed.model else {
        return Err(document.path.clone());
    };
    if !filters.keep(sop) {
        return Ok(None);
    }
    let file = project.path_in_project(&document.path);
    Ok(Some(Row::of(sop, &parsed.root, file)))
}

/// The formats of `sop list --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for an 80-column terminal: the main columns only.
    Table,
    /// RFC 4180 CSV with every column, for a spreadsheet.
    Csv,
    /// A JSON array of objects with every column, for scripts.
    Json,
}

/// Writes `rows` in `format`.
pub fn write(rows: &[Row], format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Table => table::write(rows, out),
        Format::Csv => csv::write(rows, out),
        Format::Json => json::write(rows, out),
    }
}
