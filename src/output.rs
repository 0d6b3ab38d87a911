//! Output formatting: how rows reach the user's terminal or script.
//!
//! Kept apart from the commands so that every command prints rows the same way.

use std::io::Write;

use prettytable::{Cell, Row, Table, format};

use crate::error::Result;

/// Prints `rows` under `headers` as an aligned table (widths measured for Chinese text).
pub fn print_table(out: &mut impl Write, headers: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut table = Table::new();
    table.set_format(*format::consts::FORMAT_NO_LINESEP_WITH_TITLE);
    table.set_titles(Row::new(headers.iter().map(|h| Cell::new(h)).collect()));
    for r in rows {
        table.add_row(Row::new(r.iter().map(|c| Cell::new(c)).collect()));
    }
    table.print(out)?;
    Ok(())
}
