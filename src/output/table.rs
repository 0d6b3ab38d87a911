//! `--format table`: aligned columns for reading, drawn by prettytable-rs, which measures Chinese
//! text by its display width. Control characters are shown as escapes ([`super::visible`]). It is the one format that must see every row before it prints, to
//! measure the columns; numbers are right-aligned.

use std::io::Write;

use prettytable::{Cell, Row, format};

use super::{RowFormat, Value};

/// The most rows a table lays out; the rest are not read.
pub const MAX_ROWS: usize = 10_000;

/// The most text (bytes) the rows a table lays out may hold; the rest are not read.
pub const MAX_BYTES: usize = 64 << 20;

/// The table writer: keeps the rows until the end, up to [`MAX_ROWS`] and [`MAX_BYTES`].
#[derive(Default)]
pub struct Table {
    held: Vec<Vec<Value>>,
    /// Bytes of text held.
    bytes: usize,
    /// A row came that is not held: the result has more rows than the table shows.
    more: bool,
}

fn size(v: &Value) -> usize {
    match v {
        Value::Text(t) => t.len(),
        Value::Blob(b) => b.len() * 2,
        _ => 8,
    }
}

impl RowFormat for Table {
    fn start(&mut self, _: &mut dyn Write, _: &[String]) -> std::io::Result<()> {
        Ok(())
    }

    fn row(
        &mut self,
        _: &mut dyn Write,
        _: &[String],
        _: usize,
        values: Vec<Value>,
    ) -> std::io::Result<()> {
        let bytes = values.iter().fold(0usize, |n, v| n.saturating_add(size(v)));
        if self.held.len() >= MAX_ROWS || self.bytes.saturating_add(bytes) > MAX_BYTES {
            self.more = true;
        } else {
            self.bytes += bytes;
            self.held.push(values);
        }
        Ok(())
    }

    fn full(&self) -> bool {
        self.more
    }

    fn end(&mut self, out: &mut dyn Write, columns: &[String], _: usize) -> std::io::Result<()> {
        let mut table = prettytable::Table::new();
        table.set_format(*format::consts::FORMAT_NO_LINESEP_WITH_TITLE);
        table.set_titles(Row::new(
            columns
                .iter()
                .map(|h| Cell::new(&super::visible(h)))
                .collect(),
        ));
        for r in std::mem::take(&mut self.held) {
            table.add_row(Row::new(
                r.iter()
                    .map(|v| {
                        let cell = Cell::new(&super::visible(&v.plain()));
                        if v.is_number() {
                            cell.style_spec("r")
                        } else {
                            cell
                        }
                    })
                    .collect(),
            ));
        }
        let shown = table.len();
        table.print(out)?;
        if self.more {
            writeln!(
                out,
                "… more rows follow: a table lays out the first {shown} rows only (at most {MAX_ROWS}, {} MiB); use --format csv, tsv, json or jsonl for every row, or add LIMIT",
                MAX_BYTES >> 20
            )?;
        }
        Ok(())
    }
}
