//! `--format tsv`: tab-separated with a header row. Tab, newline, CR and backslash inside a field
//! are escaped as `\t`, `\n`, `\r` and `\\`, so every row is one line and every field one cell.
//! `--bom` and `--no-header` work as for csv.

use std::io::Write;

use super::{RowFormat, Value};

/// The TSV writer.
pub struct Tsv;

/// One field, escaped.
pub fn field(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

impl RowFormat for Tsv {
    fn start(&mut self, out: &mut dyn Write, columns: &[String]) -> std::io::Result<()> {
        super::csv_start(out, columns, field, "\t", "\n")
    }

    fn row(
        &mut self,
        out: &mut dyn Write,
        _: &[String],
        _: usize,
        values: Vec<Value>,
    ) -> std::io::Result<()> {
        super::delimited_row(out, &values, field, "\t", "\n")
    }

    fn end(&mut self, _: &mut dyn Write, _: &[String], _: usize) -> std::io::Result<()> {
        Ok(())
    }
}
