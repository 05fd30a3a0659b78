//! The register as a table for an 80-column terminal: the columns a reader
//! scans for (csv and json have every column), aligned by display width,
//! SOP text escaped as in lint findings, long cells cut with `…`.

use std::io::{self, Write};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::Row;
use crate::output::human::terminal_safe;

/// The width the table fits in.
const WIDTH: usize = 80;
const GAP: &str = "  ";

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
    let widths = widths(&lines);
    for line in &lines {
        let mut text = String::new();
        for (index, (cell, &width)) in line.iter().zip(&widths).enumerate() {
            if index > 0 {
                text.push_str(GAP);
            }
            let cell = fit(cell, width);
            let padding = width.saturating_sub(cell.width());
            text.push_str(&cell);
            text.extend(std::iter::repeat_n(' ', padding));
        }
        writeln!(out, "{}", text.trim_end())?;
    }
    Ok(())
}

/// Each column as wide as its widest cell, at most its `widest`; the title
/// as wide as is left of the 80 columns.
fn widths(lines: &[Vec<String>]) -> Vec<usize> {
    let mut widths: Vec<usize> = SHOWN
        .iter()
        .enumerate()
        .map(|(index, column)| {
            let widest_cell = lines.iter().map(|line| line[index].width()).max();
            widest_cell.unwrap_or(0).min(column.widest)
        })
        .collect();
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

/// The cell cut to `width` columns, ending in `…` where it was cut, at a
/// character boundary.
fn fit(cell: &str, width: usize) -> String {
    if cell.width() <= width {
        return cell.to_string();
    }
    let room = width.saturating_sub(1);
    let mut kept = String::new();
    let mut used = 0;
    for c in cell.chars() {
        let wide = c.width().unwrap_or(0);
        if used + wide > room {
            break;
        }
        used += wide;
        kept.push(c);
    }
    // Sequences (an emoji and its variation selector) can be wider than
    // their characters: drop characters until the text fits.
    while kept.width() > room {
        kept.pop();
    }
    kept.push('…');
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_cut_at_a_character_by_display_width() {
        assert_eq!(fit("Handling", 20), "Handling");
        assert_eq!(fit("Handling a complaint", 10), "Handling …");
        // CJK characters take two columns each: four of them and `…` make 9.
        let cut = fit("顧客の苦情への対応手順", 10);
        assert_eq!(cut, "顧客の苦…");
        assert!(cut.width() <= 10);
    }
}
