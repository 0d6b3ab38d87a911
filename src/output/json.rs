//! `--format json` (one array of objects) and `--format jsonl` (one object per line). Keys are
//! the column names in column order; numbers stay numbers and NULL is `null`. JSON objects need
//! distinct keys, so a repeated column name (`SELECT 1 AS a, 2 AS a`) gets `_2`, `_3`.

use std::io::Write;

use super::{RowFormat, Value};

/// The JSON and JSON Lines writer.
pub struct Json {
    /// One array (`json`) rather than one object per line (`jsonl`).
    array: bool,
    /// The keys: the column names made distinct.
    keys: Vec<String>,
}

impl Json {
    /// `--format json`.
    pub fn array() -> Self {
        Json {
            array: true,
            keys: Vec::new(),
        }
    }

    /// `--format jsonl`.
    pub fn lines() -> Self {
        Json {
            array: false,
            keys: Vec::new(),
        }
    }
}

/// A JSON string literal.
pub fn string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "null".into())
}

/// Column names made distinct by numbering repeats: a, a → a, a_2.
fn distinct(columns: &[String]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::with_capacity(columns.len());
    for c in columns {
        let mut name = c.clone();
        let mut n = 1;
        while seen.contains(&name) {
            n += 1;
            name = format!("{c}_{n}");
        }
        seen.push(name);
    }
    seen
}

impl RowFormat for Json {
    fn start(&mut self, out: &mut dyn Write, columns: &[String]) -> std::io::Result<()> {
        self.keys = distinct(columns);
        if self.array {
            write!(out, "[")?;
        }
        Ok(())
    }

    fn row(
        &mut self,
        out: &mut dyn Write,
        _: &[String],
        index: usize,
        values: Vec<Value>,
    ) -> std::io::Result<()> {
        let fields: Vec<String> = self
            .keys
            .iter()
            .zip(&values)
            .map(|(c, v)| format!("{}:{}", string(c), v.json()))
            .collect();
        let object = format!("{{{}}}", fields.join(","));
        match (self.array, index) {
            (true, 0) => write!(out, "\n{object}"),
            (true, _) => write!(out, ",\n{object}"),
            (false, _) => writeln!(out, "{object}"),
        }
    }

    fn end(&mut self, out: &mut dyn Write, _: &[String], rows: usize) -> std::io::Result<()> {
        match (self.array, rows) {
            (true, 0) => writeln!(out, "]"),
            (true, _) => writeln!(out, "\n]"),
            (false, _) => Ok(()),
        }
    }
}
