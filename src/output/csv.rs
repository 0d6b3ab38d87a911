//! `--format csv`: RFC 4180. Comma-separated, CRLF line ends, a header row, and a field quoted
//! (with its quotes doubled) only when it holds a comma, a quote or a line break.

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
        let header: Vec<String> = columns.iter().map(|c| field(c)).collect();
        write!(out, "{}\r\n", header.join(","))
    }

    fn row(
        &mut self,
        out: &mut dyn Write,
        _: &[String],
        _: usize,
        values: Vec<Value>,
    ) -> std::io::Result<()> {
        let fields: Vec<String> = values
            .iter()
            .map(|v| field(&super::spreadsheet_text(v)))
            .collect();
        write!(out, "{}\r\n", fields.join(","))
    }

    fn end(&mut self, _: &mut dyn Write, _: &[String], _: usize) -> std::io::Result<()> {
        Ok(())
    }
}
