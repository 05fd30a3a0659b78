//! One training record file read as a table: RFC 4180 CSV with a header
//! row, its columns found by name (a spreadsheet user may reorder them or
//! add a column of notes), each cell with its byte offset so that findings
//! point at the field. A malformed row is a [`Problem`] and is left out;
//! the rows around it still count.

use std::path::Path;

use crate::project::read::{self, ReadError};
use crate::source::{Label, SourceFile};
use crate::yaml::ByteSpan;

use super::Problem;

/// A file read as a table.
#[derive(Debug)]
pub struct Table {
    pub source: SourceFile,
    /// The header's column names, as written (trimmed), in file order.
    pub header: Vec<String>,
    /// The rows with as many fields as the header and well quoted.
    pub rows: Vec<Row>,
}

/// One row: the cells of the requested columns, in the order asked for.
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<Cell>,
}

/// One field: its value without quotes and surrounding spaces, and where it starts.
#[derive(Debug, Clone)]
pub struct Cell {
    pub value: String,
    pub offset: usize,
}

/// Reads `path` (absolute; `shown` as the user sees it) as a table with the
/// `columns` (lowercase names). `None` when the file cannot be read as text
/// or its header lacks a column; the reason is in `problems`.
pub fn read(
    path: &Path,
    shown: &Path,
    limit: u64,
    columns: &[&str],
    problems: &mut Vec<Problem>,
) -> Option<Table> {
    let text = match read::read_text(path, limit) {
        Ok(text) => text,
        Err(ReadError::NotUtf8 {
            valid_up_to,
            prefix,
        }) => {
            let source = SourceFile::new(shown.to_path_buf(), prefix);
            let end = source.text.len();
            problems.push(Problem::at(
                shown,
                Label::new(&source, ByteSpan { start: end, end }),
                format!(
                    "the file is not UTF-8 text (byte {valid_up_to} is not valid UTF-8): save it as \"CSV UTF-8\""
                ),
            ));
            return None;
        }
        Err(error) => {
            problems.push(Problem::file(shown, error.to_string()));
            return None;
        }
    };
    let source = SourceFile::new(shown.to_path_buf(), text);
    let records = records(&source, problems);
    let mut records = records.into_iter();
    let Some(header) = records.next() else {
        problems.push(Problem::file(
            shown,
            format!(
                "the file is empty: it needs the header row `{}`",
                columns.join(",")
            ),
        ));
        return None;
    };
    let names: Vec<String> = header
        .fields
        .iter()
        .map(|field| field.value.trim().to_lowercase())
        .collect();
    let mut indexes = Vec::with_capacity(columns.len());
    let mut complete = true;
    for column in columns {
        let mut at = names.iter().enumerate().filter(|(_, name)| name == column);
        match (at.next(), at.next()) {
            (Some((index, _)), None) => indexes.push(index),
            (Some(_), Some((again, _))) => {
                complete = false;
                problems.push(Problem::at(
                    shown,
                    label(&source, header.fields[again].offset),
                    format!("the header has the column `{column}` twice"),
                ));
            }
            (None, _) => {
                complete = false;
                problems.push(
                    Problem::at(
                        shown,
                        label(&source, header.start),
                        format!("the header row has no column `{column}`"),
                    )
                    .with_help(format!(
                        "the first row names the columns: `{}` (in any order)",
                        columns.join(",")
                    )),
                );
            }
        }
    }
    if !complete {
        return None;
    }
    let mut rows = Vec::new();
    for record in records {
        if record.fields.len() != names.len() {
            problems.push(Problem::at(
                shown,
                label(&source, record.start),
                format!(
                    "this row has {} fields, the header has {}: each row needs `{}`",
                    record.fields.len(),
                    names.len(),
                    header_text(&header)
                ),
            ));
            continue;
        }
        let cells = indexes
            .iter()
            .map(|&index| {
                let field = &record.fields[index];
                Cell {
                    value: field.value.trim().to_string(),
                    offset: field.offset,
                }
            })
            .collect();
        rows.push(Row { cells });
    }
    Some(Table {
        header: names,
        rows,
        source,
    })
}

fn header_text(header: &Record) -> String {
    let names: Vec<&str> = header.fields.iter().map(|f| f.value.trim()).collect();
    names.join(",")
}

/// A label at a byte offset of a file (one character wide, none at its end).
pub fn label(source: &SourceFile, offset: usize) -> Label {
    let end = source.text[offset..]
        .chars()
        .next()
        .map_or(offset, |c| offset + c.len_utf8());
    Label::new(source, ByteSpan { start: offset, end })
}

/// One CSV record: where it starts and its fields.
struct Record {
    start: usize,
    fields: Vec<Cell>,
}

/// The records of the text, read by the `csv` crate; a record whose quoting
/// is broken is a problem and left out. A quote that is never closed would
/// take the rest of the file into one field: reading starts again on the
/// next line, so the rows below still count.
fn records(source: &SourceFile, problems: &mut Vec<Problem>) -> Vec<Record> {
    let text = source.text.as_str();
    let mut records = Vec::new();
    let mut from = 0;
    'restart: while from < text.len() {
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(&text.as_bytes()[from..]);
        let mut record = ::csv::StringRecord::new();
        loop {
            let read = reader.read_record(&mut record);
            let Ok(true) = read else {
                // Not UTF-8 cannot happen in a `str`; the end of the text.
                break 'restart;
            };
            let start = from + record.position().map_or(0, |p| p.byte() as usize);
            let end = from + reader.position().byte() as usize;
            // The `csv` crate ends a record at the `\r` of a CRLF: the
            // next one starts at its `\n`.
            let start = start
                + text[start..end]
                    .bytes()
                    .take_while(|b| matches!(b, b'\r' | b'\n'))
                    .count();
            match field_starts(&text[start..end]) {
                Ok(starts) => records.push(Record {
                    start,
                    fields: record
                        .iter()
                        .zip(starts)
                        .map(|(value, at)| Cell {
                            value: value.to_string(),
                            offset: start + at,
                        })
                        .collect(),
                }),
                Err(Quoting::Unclosed(at)) => {
                    problems.push(Problem::at(
                        &source.path,
                        label(source, start + at),
                        "this quote is never closed: end the field with `\"`, and write a quote inside a field as `\"\"`",
                    ));
                    from = text[start..]
                        .find('\n')
                        .map_or(text.len(), |line_end| start + line_end + 1);
                    continue 'restart;
                }
                Err(Quoting::Stray(at, message)) => problems.push(Problem::at(
                    &source.path,
                    label(source, start + at),
                    message,
                )),
            }
        }
    }
    records
}

/// Why a record's quoting is broken, at a byte offset into the record.
enum Quoting {
    Unclosed(usize),
    Stray(usize, &'static str),
}

/// Where each field of one raw record starts (its terminator may follow),
/// by the quoting rules of RFC 4180, which the `csv` crate reads leniently.
fn field_starts(raw: &str) -> Result<Vec<usize>, Quoting> {
    let bytes = raw.as_bytes();
    let ends_record = |at: usize| matches!(bytes.get(at), None | Some(b'\r' | b'\n'));
    let mut starts = Vec::new();
    let mut at = 0;
    loop {
        starts.push(at);
        if bytes.get(at) == Some(&b'"') {
            let open = at;
            at += 1;
            loop {
                match bytes.get(at) {
                    None => return Err(Quoting::Unclosed(open)),
                    Some(b'"') if bytes.get(at + 1) == Some(&b'"') => at += 2,
                    Some(b'"') => {
                        at += 1;
                        break;
                    }
                    Some(_) => at += 1,
                }
            }
            if ends_record(at) {
                return Ok(starts);
            }
            if bytes[at] != b',' {
                return Err(Quoting::Stray(
                    at,
                    "text after the closing quote of a field: quote the whole field, and write a quote inside it as `\"\"`",
                ));
            }
            at += 1;
        } else {
            loop {
                if ends_record(at) {
                    return Ok(starts);
                }
                match bytes[at] {
                    b',' => {
                        at += 1;
                        break;
                    }
                    b'"' => {
                        return Err(Quoting::Stray(
                            at,
                            "a quote inside a field that does not start with one: quote the whole field, and write the quote as `\"\"`",
                        ));
                    }
                    _ => at += 1,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_start_after_commas_outside_quotes() {
        assert!(matches!(field_starts("a,\"b,c\",d\r\n"), Ok(starts) if starts == [0, 2, 8]));
        assert!(matches!(field_starts("a,\"say \"\"hi\"\"\"\n"), Ok(starts) if starts == [0, 2]));
        assert!(matches!(field_starts(",\n"), Ok(starts) if starts == [0, 1]));
        assert!(matches!(
            field_starts("a,b\"c\n"),
            Err(Quoting::Stray(3, _))
        ));
        assert!(matches!(
            field_starts("\"a\"b,c\n"),
            Err(Quoting::Stray(3, _))
        ));
        assert!(matches!(
            field_starts("x,\"open\nmore"),
            Err(Quoting::Unclosed(2))
        ));
    }
}
