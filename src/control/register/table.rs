//! The register as a table for an 80-column terminal: the columns a reader
//! scans for (csv and json have every column), aligned by display width,
//! SOP text escaped as in lint findings, long cells cut with `…`.

use std::io::{self, Write};

use super::Row;
use crate::output::human::terminal_safe;
use crate::output::table::{GAP, column_widths, write_aligned};

/// The width the table fits in.
const WIDTH: usize = 80;

/// A column of the table and the most it takes; the title takes the rest.
struct Column {
    header: &'static str,
    widest: usize,
    cell: fn(&Row) -> &str,
}

const TITLE: usize = 1;

const SHOWN: [Column; 6] = [
    Column {
        header: "id",
        widest: 16,
        cell: |row| row.id.as_deref().unwrap_or(""),
    },
    Column {
        header: "title",
        widest: WIDTH,
        cell: |row| row.title.as_deref().unwrap_or(""),
    },
    Column {
        header: "status",
        widest: "in-review".len(),
        cell: |row| &row.status,
    },
    Column {
        header: "version",
        widest: 8,
        cell: |row| row.version.as_deref().unwrap_or(""),
    },
    Column {
        header: "review_by",
        widest: "YYYY-MM-DD".len(),
        cell: |row| row.review_by.as_deref().unwrap_or(""),
    },
    Column {
        header: "fingerprint",
        widest: "fingerprint".len(),
        cell: |row| row.fingerprint,
    },
];

pub fn write(rows: &[Row], out: &mut dyn Write) -> io::Result<()> {
    let mut lines: Vec<Vec<String>> = vec![SHOWN.iter().map(|c| c.header.to_string()).collect()];
    lines.extend(rows.iter().map(|row| {
        SHOWN
            .iter()
            .map(|column| terminal_safe((column.cell)(row)).into_owned())
            .collect()
    }));
    write_aligned(&lines, &widths(&lines), out)
}

/// Each column as wide as its widest cell, at most its `widest`; the title
/// as wide as is left of the 80 columns.
fn widths(lines: &[Vec<String>]) -> Vec<usize> {
    let widest: Vec<usize> = SHOWN.iter().map(|column| column.widest).collect();
    let mut widths = column_widths(lines, &widest);
    let others: usize = widths
        .iter()
        .enumerate()
        .filter(|&(index, _)| index != TITLE)
        .map(|(_, width)| width)
        .sum();
    let room = WIDTH - others - GAP.len() * (SHOWN.len() - 1);
    widths[TITLE] = widths[TITLE].min(room);
    widths
}
