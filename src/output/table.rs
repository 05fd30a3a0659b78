//! Aligned text tables for a terminal: cells padded to their column's
//! display width, cut with `…` when longer. The register of `sop list` and
//! the training matrix of `sop training` are written with them.

use std::io::{self, Write};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The space between two columns.
pub const GAP: &str = "  ";

/// Writes `lines` of cells (already terminal-safe), each column `widths`
/// wide, longer cells cut to fit, trailing spaces trimmed.
pub fn write_aligned(
    lines: &[Vec<String>],
    widths: &[usize],
    out: &mut dyn Write,
) -> io::Result<()> {
    for line in lines {
        let mut text = String::new();
        for (index, (cell, &width)) in line.iter().zip(widths).enumerate() {
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

/// The display width of the widest cell of each column, at most `widest`
/// of that column.
pub fn column_widths(lines: &[Vec<String>], widest: &[usize]) -> Vec<usize> {
    widest
        .iter()
        .enumerate()
        .map(|(index, &widest)| {
            let widest_cell = lines
                .iter()
                .filter_map(|line| line.get(index))
                .map(|cell| cell.width())
                .max();
            widest_cell.unwrap_or(0).min(widest)
        })
        .collect()
}

/// The cell cut to `width` columns, ending in `…` where it was cut, at a
/// character boundary.
pub fn fit(cell: &str, width: usize) -> String {
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

    #[test]
    fn columns_are_padded_to_their_widest_cell() {
        let lines = vec![
            vec!["a".to_string(), "bb".to_string(), "c".to_string()],
            vec!["dddd".to_string(), "e".to_string(), String::new()],
        ];
        let widths = column_widths(&lines, &[3, 10, 10]);
        assert_eq!(widths, [3, 2, 1]);
        let mut out = Vec::new();
        write_aligned(&lines, &widths, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a    bb  c\ndd…  e\n");
    }
}
