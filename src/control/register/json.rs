//! The register as a JSON array of objects, one per SOP, with every column
//! as a key (`null` where a field is unset).

use std::io::{self, Write};

use super::Row;

pub fn write(rows: &[Row], out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, rows)?;
    writeln!(out)
}
