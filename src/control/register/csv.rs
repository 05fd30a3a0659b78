//! The register as RFC 4180 CSV (CRLF line ends, a header row, every
//! column), guarded against spreadsheet formula injection.

use std::io::{self, Write};

use super::{COLUMNS, Row};
use crate::output::spreadsheet_safe;

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
