//! `--format table`: aligned columns for reading, drawn by prettytable-rs, which measures Chinese
//! text by its display width. It is the one format that must see every row before it prints, to
//! measure the columns; numbers are right-aligned.

use std::io::Write;

use prettytable::{Cell, Row, format};

use super::{RowFormat, Value};

/// The table writer: keeps the rows until the end.
#[derive(Default)]
pub struct Table {
    held: Vec<Vec<Value>>,
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
        self.held.push(values);
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write, columns: &[String], _: usize) -> std::io::Result<()> {
        let mut table = prettytable::Table::new();
        table.set_format(*format::consts::FORMAT_NO_LINESEP_WITH_TITLE);
        table.set_titles(Row::new(columns.iter().map(|h| Cell::new(h)).collect()));
        for r in std::mem::take(&mut self.held) {
            table.add_row(Row::new(
                r.iter()
                    .map(|v| {
                        let cell = Cell::new(&v.plain());
                        if v.is_number() {
                            cell.style_spec("r")
                        } else {
                            cell
                        }
                    })
                    .collect(),
            ));
        }
        table.print(out)?;
        Ok(())
    }
}
