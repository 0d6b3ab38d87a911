//! `--format csv`: RFC 4180. Comma-separated, CRLF line ends, a header row, and a field quoted
//! (with its quotes doubled) only when it holds a comma, a quote or a line break. `--bom` puts a
//! UTF-8 byte-order mark first (spreadsheets then read the Chinese as UTF-8), `--no-header` leaves
//! the header row out.

use std::io::Write;

use super::{RowFormat, Value};

/// The CSV writer.
pub struct Csv;

/// One field, quoted when needed.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl RowFormat for Csv {
    fn start(&mut self, out: &mut dyn Write, columns: &[String]) -> std::io::Result<()> {
        super::csv_start(out, columns, field, ",", "\r\n")
    }

    fn row(
        &mut self,
        out: &mut dyn Write,
        _: &[String],
        _: usize,
        values: Vec<Value>,
    ) -> std::io::Result<()> {
        super::delimited_row(out, &values, field, ",", "\r\n")
    }

    fn end(&mut self, _: &mut dyn Write, _: &[String], _: usize) -> std::io::Result<()> {
        Ok(())
    }
}
