//! The register as RFC 4180 CSV (CRLF line ends, a header row, every
//! column), guarded against spreadsheet formula injection.

use std::io::{self, Write};

use super::{COLUMNS, Row};

pub fn write(rows: &[Row], out: &mut dyn Write) -> io::Result<()> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(COLUMNS)?;
    for row in rows {
        writer.write_record(row.cells().map(spreadsheet_safe))?;
    }
    writer.flush()
}

/// A cell that a spreadsheet would not run as a formula: text starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, as
/// OWASP's advice on CSV injection says. An SOP title such as
/// `=HYPERLINK("http://evil.example", "Click")` stays text.
fn spreadsheet_safe(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_get_a_quote_and_other_text_stays() {
        for risky in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_safe(risky.into()), format!("'{risky}"));
        }
        for plain in ["CS-010", "a=b", "", "2026-01-12", "'quoted"] {
            assert_eq!(spreadsheet_safe(plain.into()), plain);
        }
    }
}
