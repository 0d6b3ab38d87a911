//! Output formatting, shared by every command that prints rows.
//!
//! Scripts depend on this module's promises: the same column names and order in every format;
//! NULL stays distinguishable from 0 (empty in csv/tsv/table/markdown, `null` in JSON); numbers are
//! JSON numbers; csv, tsv, json, jsonl and line are written row by row as rows arrive, so memory does not
//! grow with the result. Only `table` must see every row first, to measure column widths; it lays
//! out at most [`table::MAX_ROWS`] rows (and [`table::MAX_BYTES`] of text), says so below the
//! table, and the rows after those are not read. No value larger than [`set_max_value_bytes`] is
//! copied out of SQLite.
//!
//! Each format is one file ([`table`], [`csv`], [`tsv`], [`json`], [`markdown`], [`line`]) implementing
//! [`RowFormat`]; [`Printer`] drives whichever `--format` chose, so a new format is a new file and
//! a variant of [`Format`].

pub mod csv;
pub mod json;
pub mod line;
pub mod markdown;
pub mod table;
pub mod tsv;

pub use markdown::markdown_field;

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rusqlite::types::ValueRef;

use crate::error::{Error, Result};

/// An output format, chosen with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for reading (widths measured for Chinese text).
    #[default]
    Table,
    /// RFC 4180: comma-separated, CRLF line ends, fields quoted when needed, header row.
    Csv,
    /// Tab-separated with a header row; tab, newline, CR and backslash escaped as \t \n \r \\.
    Tsv,
    /// One JSON array of objects.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// A GitHub-flavoured Markdown table.
    Markdown,
    /// One `column = value` line per column, a blank line between rows (sqlite3's .mode line),
    /// for rows too wide for any terminal.
    Line,
}

/// `--format`, flattened into every command that prints rows.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct FormatArg {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// One value of a result row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL NULL: unknown or not applicable.
    Null,
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Real(f64),
    /// Text.
    Text(String),
    /// Bytes; shown as hexadecimal.
    Blob(Vec<u8>),
    /// A value with a JSON form of its own (a list, a row's sources): json and jsonl write that,
    /// the text formats its text.
    Shaped(Box<Shaped>),
}

/// The two forms of a [`Value::Shaped`].
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    /// What json and jsonl write (an array, mostly).
    pub json: serde_json::Value,
    /// What csv, tsv, table and markdown write.
    pub text: String,
}

impl From<ValueRef<'_>> for Value {
    fn from(v: ValueRef<'_>) -> Self {
        match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Int(i),
            ValueRef::Real(f) => Value::Real(f),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl Value {
    /// A value with a JSON form of its own and a text form.
    #[must_use]
    pub fn shaped(json: serde_json::Value, text: String) -> Self {
        Value::Shaped(Box::new(Shaped { json, text }))
    }

    /// A list column's value (a view's `group_concat(x, separator)`): a JSON array of its items
    /// as strings, the text as it was. NULL (an empty list in SQL) stays NULL.
    #[must_use]
    pub fn list(self, separator: &str) -> Self {
        match self {
            Value::Text(t) => {
                let items: Vec<serde_json::Value> = if separator.is_empty() {
                    vec![serde_json::Value::from(t.as_str())]
                } else {
                    t.split(separator).map(serde_json::Value::from).collect()
                };
                Value::shaped(serde_json::Value::Array(items), t)
            }
            other => other,
        }
    }

    /// The value as plain text, the one rendering every text format and the report share: NULL
    /// is empty (so it stays apart from 0), numbers as Rust prints them, bytes as lower-case
    /// hexadecimal (lossless, unlike a placeholder).
    #[must_use]
    pub fn plain(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Int(i) => i.to_string(),
            Value::Real(f) => f.to_string(),
            Value::Text(t) => t.clone(),
            Value::Blob(b) => b.iter().map(|x| format!("{x:02x}")).collect(),
            Value::Shaped(s) => s.text.clone(),
        }
    }

    /// The value as a JSON value: numbers as numbers, NULL as `null`, a shaped value its own JSON,
    /// the rest as strings.
    pub fn json(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Int(i) => i.to_string(),
            Value::Real(f) => {
                serde_json::Number::from_f64(*f).map_or("null".into(), |n| n.to_string())
            }
            Value::Text(_) | Value::Blob(_) => json::string(&self.plain()),
            Value::Shaped(s) => s.json.to_string(),
        }
    }

    /// Whether the value is a number (right-aligned in tables).
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Int(_) | Value::Real(_))
    }
}

/// One output format: what comes before the rows, each row, and what comes after them. Every
/// method gets the same column names; `row` gets the rows in order, counted from 0.
pub trait RowFormat {
    /// Writes what comes before the first row (a header row, an opening bracket).
    fn start(&mut self, out: &mut dyn Write, columns: &[String]) -> std::io::Result<()>;
    /// Writes one row (or keeps it, for a format that must see every row first).
    fn row(
        &mut self,
        out: &mut dyn Write,
        columns: &[String],
        index: usize,
        values: Vec<Value>,
    ) -> std::io::Result<()>;
    /// Writes what comes after the last row; `rows` is how many there were.
    fn end(&mut self, out: &mut dyn Write, columns: &[String], rows: usize) -> std::io::Result<()>;
    /// Whether it will show no more rows (a format that holds rows in memory has a limit); the
    /// caller then stops reading. Streaming formats are never full.
    fn full(&self) -> bool {
        false
    }
}

impl Format {
    /// The writer for this format.
    pub fn writer(self) -> Box<dyn RowFormat> {
        match self {
            Format::Table => Box::new(table::Table::fitting(terminal_width())),
            Format::Csv => Box::new(csv::Csv),
            Format::Tsv => Box::new(tsv::Tsv),
            Format::Json => Box::new(json::Json::array()),
            Format::Jsonl => Box::new(json::Json::lines()),
            Format::Markdown => Box::new(markdown::Markdown),
            Format::Line => Box::new(line::Line),
        }
    }
}

/// The width of the terminal standard output is, in columns, or `None` when standard output is not
/// a terminal (piped, redirected: nothing then wraps). `COLUMNS` wins when set (a positive
/// number); otherwise the terminal's own size, when it has one.
pub fn terminal_width() -> Option<usize> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
        .or_else(tty_columns)
}

#[cfg(unix)]
fn tty_columns() -> Option<usize> {
    // SAFETY: TIOCGWINSZ fills the winsize struct it is given and reads nothing else.
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) } == 0;
    (ok && size.ws_col > 0).then_some(usize::from(size.ws_col))
}

#[cfg(not(unix))]
fn tty_columns() -> Option<usize> {
    None
}

/// Writes rows in one format: create it with the column names, feed it rows, then `finish`.
pub struct Printer<W: Write> {
    format: Box<dyn RowFormat>,
    /// Buffered: standard output is line-buffered, a write call per row. Dropped on an error,
    /// it still writes the rows it holds.
    out: std::io::BufWriter<W>,
    columns: Vec<String>,
    rows: usize,
}

impl<W: Write> Printer<W> {
    /// Prepares output for `columns`. Nothing is written until the first row or `finish`, so a
    /// statement that fails before its first row leaves standard output empty.
    pub fn new(format: Format, out: W, columns: Vec<String>) -> Result<Self> {
        Ok(Printer {
            format: format.writer(),
            out: std::io::BufWriter::with_capacity(64 * 1024, out),
            columns,
            rows: 0,
        })
    }

    /// Writes one row (held back only for `table`).
    pub fn row(&mut self, values: Vec<Value>) -> Result<()> {
        if self.rows == 0 {
            self.format
                .start(&mut self.out, &self.columns)
                .map_err(Error::output)?;
        }
        self.format
            .row(&mut self.out, &self.columns, self.rows, values)
            .map_err(Error::output)?;
        self.rows += 1;
        Ok(())
    }

    /// Whether the format shows no more rows ([`RowFormat::full`]).
    pub fn full(&self) -> bool {
        self.format.full()
    }

    /// Ends the output (prints the table, closes the JSON array) and flushes.
    pub fn finish(mut self) -> Result<()> {
        let out: &mut dyn Write = &mut self.out;
        if self.rows == 0 {
            self.format
                .start(out, &self.columns)
                .map_err(Error::output)?;
        }
        self.format
            .end(out, &self.columns, self.rows)
            .and_then(|()| out.flush())
            .map_err(Error::output)
    }
}

/// Text for a person at a terminal: every control character but newline and tab shown as an
/// escape (`\x1b`, `\x00`, `\x0d`; `\u{9b}` above ASCII), so that no text in an archive can move
/// the cursor, change colours, retitle the window or break a table's layout. Formats for programs
/// (csv, tsv, json) keep the exact text instead.
#[must_use]
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            c if c.is_control() && c.is_ascii() => {
                out.push_str(&format!("\\x{:02x}", u32::from(c)))
            }
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether csv and tsv cells that a spreadsheet would take for a formula get a `'` in front
/// (`--csv-safe`).
static CSV_SAFE: AtomicBool = AtomicBool::new(false);

/// Turns `--csv-safe` on for this process.
pub fn set_csv_safe(on: bool) {
    CSV_SAFE.store(on, Ordering::Relaxed);
}

/// Whether csv and tsv output starts with a UTF-8 byte-order mark (`--bom`).
static BOM: AtomicBool = AtomicBool::new(false);

/// Whether csv and tsv output leaves out its header row (`--no-header`).
static NO_HEADER: AtomicBool = AtomicBool::new(false);

/// Sets `--bom` and `--no-header` for this process (csv and tsv; other formats have no use for
/// either).
pub fn set_csv_options(bom: bool, no_header: bool) {
    BOM.store(bom, Ordering::Relaxed);
    NO_HEADER.store(no_header, Ordering::Relaxed);
}

/// What csv and tsv write before their first row: the byte-order mark (`--bom`), then the header
/// row unless `--no-header`, its fields made by `field` and joined by `separator`, ended by `end`.
pub fn csv_start(
    out: &mut dyn Write,
    columns: &[String],
    field: fn(&str) -> String,
    separator: &str,
    end: &str,
) -> std::io::Result<()> {
    if BOM.load(Ordering::Relaxed) {
        out.write_all("\u{feff}".as_bytes())?;
    }
    if NO_HEADER.load(Ordering::Relaxed) {
        return Ok(());
    }
    let header: Vec<String> = columns.iter().map(|c| field(c)).collect();
    write!(out, "{}{end}", header.join(separator))
}

/// One csv or tsv row: each value's [`spreadsheet_text`], escaped by `field`, joined by
/// `separator`, ended by `end`.
pub fn delimited_row(
    out: &mut dyn Write,
    values: &[Value],
    field: fn(&str) -> String,
    separator: &str,
    end: &str,
) -> std::io::Result<()> {
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.write_all(separator.as_bytes())?;
        }
        // Most values need neither escaping nor `--csv-safe`'s mark: written as they are,
        // without building a string per value.
        match v {
            Value::Null => {}
            Value::Int(n) => write!(out, "{n}")?,
            Value::Text(t) if is_plain_field(t) => out.write_all(t.as_bytes())?,
            v => out.write_all(field(&spreadsheet_text(v)).as_bytes())?,
        }
    }
    out.write_all(end.as_bytes())
}

/// Whether both csv's and tsv's `field` leave `s` as it is and `--csv-safe` would not mark it:
/// it holds none of the characters either escapes, and starts with none a spreadsheet reads
/// as a formula.
fn is_plain_field(s: &str) -> bool {
    let escaped = s.contains([',', '"', '\r', '\n', '\t', '\\']);
    let formula = CSV_SAFE.load(Ordering::Relaxed) && s.starts_with(['=', '+', '-', '@']);
    !(escaped || formula)
}

/// A value's text for csv and tsv: with `--csv-safe`, text starting with `=`, `+`, `-`, `@`, a tab
/// or a CR (what spreadsheets read as a formula) gets a `'` in front. Numbers are left alone.
pub fn spreadsheet_text(v: &Value) -> String {
    let text = v.plain();
    if CSV_SAFE.load(Ordering::Relaxed)
        && matches!(v, Value::Text(_))
        && text.starts_with(['=', '+', '-', '@', '\t', '\r'])
    {
        format!("'{text}")
    } else {
        text
    }
}

/// The largest value [`print_statement`] copies out of SQLite, in bytes (text or blob): 64 MiB
/// unless `sql --max-memory` says otherwise. A larger one is an error, not an allocation that
/// could exhaust memory (and abort) as it is copied, escaped and laid out.
static MAX_VALUE_BYTES: AtomicUsize = AtomicUsize::new(64 << 20);

/// Changes the largest value [`print_statement`] prints (process-wide).
pub fn set_max_value_bytes(n: usize) {
    MAX_VALUE_BYTES.store(n, Ordering::Relaxed);
}

/// A value of a result, refused when too large to print (see [`set_max_value_bytes`]).
fn checked_value(v: ValueRef<'_>, column: &str, row: usize) -> Result<Value> {
    let len = match v {
        ValueRef::Text(b) | ValueRef::Blob(b) => b.len(),
        _ => 0,
    };
    let max = MAX_VALUE_BYTES.load(Ordering::Relaxed);
    if len > max {
        return Err(Error::runtime(
            "cannot print the result",
            format!(
                "row {}, column {column} holds {len} bytes, more than the {} one value may have",
                row + 1,
                crate::size::show(max as u64)
            ),
        )
        .fix("select part of it (substr(), length()), or raise sql --max-memory (a value may be an eighth of it)"));
    }
    Ok(Value::from(v))
}

/// A column computed from each row's values and appended to it (`--sources`).
pub type Extra<'a> = (&'a str, &'a mut dyn FnMut(&[Value]) -> Result<Value>);

/// A list column of a result: its name, and the separator its items are joined with (a named
/// query's `lists` header). json and jsonl write it as an array; the text formats as it is.
pub type ListColumn<'a> = (&'a str, &'a str);

/// Runs a prepared statement and prints every row as it arrives, with an optional computed column
/// at the end; the `lists` columns become arrays in JSON. Returns the number of rows.
pub fn print_statement(
    stmt: &mut rusqlite::Statement<'_>,
    params: impl rusqlite::Params,
    format: Format,
    out: impl Write,
    on_error: impl Fn(rusqlite::Error) -> crate::error::Error,
    extra: Option<Extra<'_>>,
    lists: &[ListColumn<'_>],
) -> Result<usize> {
    let mut columns: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let n = columns.len();
    let separators: Vec<Option<&str>> = columns
        .iter()
        .map(|c| lists.iter().find(|(l, _)| l == c).map(|(_, sep)| *sep))
        .collect();
    let mut extra = extra;
    if let Some((name, _)) = &extra {
        columns.push(name.to_string());
    }
    let mut rows = stmt.query(params).map_err(&on_error)?;
    let mut printer = Printer::new(format, out, columns)?;
    let mut count = 0;
    while let Some(row) = rows.next().map_err(&on_error)? {
        let mut values = Vec::with_capacity(n + 1);
        for (i, column) in printer.columns[..n].iter().enumerate() {
            let v = row.get_ref(i).map_err(&on_error)?;
            let v = checked_value(v, column, count)?;
            values.push(match separators[i] {
                Some(sep) => v.list(sep),
                None => v,
            });
        }
        if let Some((_, compute)) = extra.as_mut() {
            let v = compute(&values)?;
            values.push(v);
        }
        printer.row(values)?;
        count += 1;
        if printer.full() {
            // The format holds all it will show (a table's row limit): stop reading.
            break;
        }
    }
    printer.finish()?;
    Ok(count)
}

/// Prints rows that are already in memory.
pub fn print_rows(
    format: Format,
    out: impl Write,
    columns: &[&str],
    rows: Vec<Vec<Value>>,
) -> Result<()> {
    let mut printer = Printer::new(format, out, columns.iter().map(|c| c.to_string()).collect())?;
    for r in rows {
        printer.row(r)?;
    }
    printer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(format: Format) -> String {
        let mut out = Vec::new();
        let rows = vec![
            vec![Value::from("a,b \"q\"\nline"), Value::Int(0), Value::Null],
            vec![
                Value::from("成都|高新区\t"),
                Value::Real(1.5),
                Value::Int(-3),
            ],
        ];
        print_rows(format, &mut out, &["name", "n", "x"], rows).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// `delimited_row` writes a plain field without calling `field`: both must agree.
    #[test]
    fn plain_fields_are_what_csv_and_tsv_leave_as_they_are() {
        for s in ["", "成都高新区", "a b;c|d'e", "-3", "=1", "1.5"] {
            assert!(is_plain_field(s), "{s}");
            assert_eq!(csv::field(s), s);
            assert_eq!(tsv::field(s), s);
        }
        for s in ["a,b", "q\"", "x\ny", "x\ry", "t\tu", "b\\s"] {
            assert!(!is_plain_field(s), "{s}");
            assert!(csv::field(s) != s || tsv::field(s) != s, "{s}");
        }
    }

    #[test]
    fn csv_quotes_what_needs_quoting_and_leaves_null_empty() {
        assert_eq!(
            render(Format::Csv),
            "name,n,x\r\n\"a,b \"\"q\"\"\nline\",0,\r\n成都|高新区\t,1.5,-3\r\n"
        );
    }

    #[test]
    fn tsv_escapes_separators() {
        assert_eq!(
            render(Format::Tsv),
            "name\tn\tx\na,b \"q\"\\nline\t0\t\n成都|高新区\\t\t1.5\t-3\n"
        );
    }

    #[test]
    fn json_keeps_types_and_null() {
        let json = render(Format::Json);
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed[0]["n"], serde_json::json!(0));
        assert_eq!(parsed[0]["x"], serde_json::Value::Null);
        assert_eq!(parsed[1]["n"], serde_json::json!(1.5));
        assert_eq!(parsed[0]["name"], serde_json::json!("a,b \"q\"\nline"));
        let mut out = Vec::new();
        print_rows(Format::Json, &mut out, &["a"], vec![]).unwrap();
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&out).unwrap(),
            serde_json::json!([])
        );
    }

    #[test]
    fn repeated_column_names_get_distinct_json_keys() {
        let mut out = Vec::new();
        print_rows(
            Format::Jsonl,
            &mut out,
            &["a", "a", "a_2"],
            vec![vec![Value::Int(1), Value::Int(2), Value::Int(3)]],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"a\":1,\"a_2\":2,\"a_2_2\":3}\n"
        );
    }

    #[test]
    fn jsonl_is_one_object_per_line_in_column_order() {
        let text = render(Format::Jsonl);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines[1].starts_with("{\"name\":\"成都|高新区\\t\",\"n\":1.5,\"x\":-3}"),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn markdown_escapes_pipes_and_newlines() {
        let md = render(Format::Markdown);
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines[0], "| name | n | x |");
        assert_eq!(lines[1], "|---|---|---|");
        assert_eq!(lines[2], "| a,b \"q\"<br>line | 0 |  |");
        assert_eq!(lines[3], "| 成都\\|高新区\t | 1.5 | -3 |");
    }

    #[test]
    fn table_aligns_chinese_text_by_display_width() {
        let mut out = Vec::new();
        let rows = vec![
            vec![Value::from("成都高新区")],
            vec![Value::from("Chengdu")],
        ];
        print_rows(Format::Table, &mut out, &["zone"], rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        let widths: Vec<usize> = text
            .lines()
            .filter(|l| l.starts_with('|'))
            .map(|l| l.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum())
            .collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{text}");
    }
}
