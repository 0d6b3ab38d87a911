//! `--format line`: each column of a row on its own line as `column = value`, the names
//! right-aligned (by display width), a blank line between rows, like sqlite3's `.mode line`. For
//! rows too wide for any terminal. It is for people: control characters are shown as escapes
//! ([`super::visible`]), NULL is empty, and a value's further lines are indented under its first.

use std::io::Write;

use unicode_width::UnicodeWidthStr;

use super::{RowFormat, Value};

/// The line writer.
pub struct Line;

impl RowFormat for Line {
    fn start(&mut self, _: &mut dyn Write, _: &[String]) -> std::io::Result<()> {
        Ok(())
    }

    fn row(
        &mut self,
        out: &mut dyn Write,
        columns: &[String],
        index: usize,
        values: Vec<Value>,
    ) -> std::io::Result<()> {
        if index > 0 {
            writeln!(out)?;
        }
        let names: Vec<String> = columns
            .iter()
            .map(|c| super::visible(c).into_owned())
            .collect();
        let widest = names.iter().map(|n| n.width()).max().unwrap_or(0);
        let indent = " ".repeat(widest + 3);
        for (name, v) in names.iter().zip(&values) {
            let pad = " ".repeat(widest - name.width());
            let text = super::visible(&v.plain()).replace('\n', &format!("\n{indent}"));
            writeln!(out, "{pad}{name} = {text}")?;
        }
        Ok(())
    }

    fn end(&mut self, _: &mut dyn Write, _: &[String], _: usize) -> std::io::Result<()> {
        Ok(())
    }
}
