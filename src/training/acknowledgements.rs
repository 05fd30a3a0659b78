//! `training/acknowledgements.csv`: `date,person,sop,version,fingerprint`,
//! a person confirms having read and understood that revision of that SOP.
//! `fingerprint` may be empty for records kept before fingerprints existed.
//! `sop ack` only ever appends to the file: [`appended`] is the file with
//! new rows after its bytes, which stay as they were.

use std::path::Path;

use crate::control::fingerprint::hex_digits;
use crate::date::Date;
use crate::source::SourceFile;

use super::Problem;
use super::table::{self, Cell};

/// The columns of the acknowledgements, in the order a new file has them.
pub const COLUMNS: [&str; 5] = ["date", "person", "sop", "version", "fingerprint"];

/// The acknowledgements as read: their well-formed rows.
#[derive(Debug)]
pub struct Acknowledgements {
    pub source: SourceFile,
    /// The header's column names in file order (lowercase), for appending.
    pub header: Vec<String>,
    pub rows: Vec<Acknowledgement>,
}

/// One row.
#[derive(Debug, Clone)]
pub struct Acknowledgement {
    pub date: Date,
    pub person: Cell,
    pub sop: Cell,
    pub version: Cell,
    pub fingerprint: Cell,
}

impl Acknowledgements {
    /// Reads the acknowledgements at `path`, shown as `shown`; `None` when
    /// they cannot be read as a table (the reason is in `problems`).
    pub fn read(
        path: &Path,
        shown: &Path,
        limit: u64,
        problems: &mut Vec<Problem>,
    ) -> Option<Acknowledgements> {
        let table = table::read(path, shown, limit, &COLUMNS, problems)?;
        let mut rows = Vec::with_capacity(table.rows.len());
        for row in table.rows {
            let [date, person, sop, version, fingerprint] =
                <[Cell; 5]>::try_from(row.cells).ok()?;
            let problem = |cell: &Cell, message: String| {
                Problem::at(shown, table::label(&table.source, cell.offset), message)
            };
            let parsed = date.value.parse::<Date>();
            let empty = [(&person, "person"), (&sop, "sop")]
                .into_iter()
                .find(|(cell, _)| cell.value.is_empty());
            let found = if let Err(error) = &parsed {
                Some(problem(&date, error.to_string()))
            } else if let Some((cell, column)) = empty {
                Some(problem(
                    cell,
                    format!("the `{column}` of this row is empty"),
                ))
            } else if !fingerprint.value.is_empty() && hex_digits(&fingerprint.value).is_none() {
                Some(
                    problem(
                        &fingerprint,
                        format!(
                            "`{}` is not a fingerprint",
                            crate::suggest::shortened(&fingerprint.value)
                        ),
                    )
                    .with_help("a fingerprint is `sha256:` and 64 lowercase hex digits, as `sop ack` writes it; leave it empty for a record kept without one"),
                )
            } else {
                None
            };
            match (found, parsed) {
                (None, Ok(date)) => rows.push(Acknowledgement {
                    date,
                    person,
                    sop,
                    version,
                    fingerprint,
                }),
                (found, _) => problems.extend(found),
            }
        }
        Some(Acknowledgements {
            source: table.source,
            header: table.header,
            rows,
        })
    }
}

/// A row to append: one value per column of [`COLUMNS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRow {
    pub date: Date,
    pub person: String,
    pub sop: String,
    pub version: String,
    pub fingerprint: String,
}

impl NewRow {
    /// The value of a column by its (lowercase) name; empty for a column
    /// that is not one of [`COLUMNS`] (a spreadsheet user's notes).
    fn value(&self, column: &str) -> String {
        match column {
            "date" => self.date.to_string(),
            "person" => self.person.clone(),
            "sop" => self.sop.clone(),
            "version" => self.version.clone(),
            "fingerprint" => self.fingerprint.clone(),
            _ => String::new(),
        }
    }
}

/// The file `existing` (its bytes, or `None` when there is none yet) with
/// `rows` after it: its bytes unchanged, then a line break if its last line
/// has none, then one line per row in the columns of `header` (the file's
/// own order; [`COLUMNS`] for a new file, which gets that header first).
/// The line breaks are the file's: CRLF when its first line ends in one.
pub fn appended(existing: Option<&[u8]>, header: &[String], rows: &[NewRow]) -> Vec<u8> {
    let mut bytes = existing.map(<[u8]>::to_vec).unwrap_or_default();
    let crlf = bytes
        .iter()
        .position(|&b| b == b'\n')
        .is_some_and(|at| at > 0 && bytes[at - 1] == b'\r');
    let terminator = if crlf {
        ::csv::Terminator::CRLF
    } else {
        ::csv::Terminator::Any(b'\n')
    };
    if !bytes.is_empty() && !bytes.ends_with(b"\n") {
        bytes.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
    }
    let new_file: Vec<String>;
    let header = if existing.is_none() {
        new_file = COLUMNS.iter().map(|c| c.to_string()).collect();
        &new_file[..]
    } else {
        header
    };
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(terminator)
        .from_writer(Vec::new());
    // Writing to memory cannot fail.
    if existing.is_none() {
        let _ = writer.write_record(header);
    }
    for row in rows {
        let _ = writer.write_record(header.iter().map(|column| row.value(column)));
    }
    bytes.extend(writer.into_inner().unwrap_or_default());
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(person: &str) -> NewRow {
        NewRow {
            date: "2026-11-22".parse().unwrap(),
            person: person.to_string(),
            sop: "CS-1950".to_string(),
            version: "1.0".to_string(),
            fingerprint: String::new(),
        }
    }

    #[test]
    fn a_new_file_gets_the_header() {
        let bytes = appended(None, &[], &[row("Ana Lima")]);
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "date,person,sop,version,fingerprint\n2026-11-22,Ana Lima,CS-1950,1.0,\n"
        );
    }

    #[test]
    fn rows_follow_the_files_bytes_columns_and_line_breaks() {
        let old = b"sop,person,date,version,fingerprint,notes\r\nCS-1950,Bo,2026-01-02,1.0,,\"x\"";
        let header: Vec<String> = ["sop", "person", "date", "version", "fingerprint", "notes"]
            .map(String::from)
            .to_vec();
        let bytes = appended(Some(old), &header, &[row("O'Neil, Pat")]);
        let mut expected = old.to_vec();
        expected.extend_from_slice(b"\r\nCS-1950,\"O'Neil, Pat\",2026-11-22,1.0,,\r\n");
        assert_eq!(bytes, expected);
    }

    #[test]
    fn fingerprints_are_sha256_and_64_lowercase_hex_digits() {
        let hex = "0123456789abcdef".repeat(4);
        assert!(hex_digits(&format!("sha256:{hex}")).is_some());
        assert!(hex_digits(&format!("sha256:{}", hex.to_uppercase())).is_none());
        assert!(hex_digits(&format!("sha256:{}", &hex[1..])).is_none());
        assert!(hex_digits(&format!("md5:{hex}")).is_none());
    }
}
