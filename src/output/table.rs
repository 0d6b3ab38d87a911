//! `--format table`: aligned columns for reading, drawn by prettytable-rs, which measures Chinese
//! text by its display width. Control characters are shown as escapes ([`super::visible`]). It is
//! the one format that must see every row before it prints, to measure the columns; numbers are
//! right-aligned.
//!
//! Given a width (standard output is a terminal: [`super::terminal_width`]), a table wider than it
//! is narrowed: columns that fit their share keep their width, the widest share what is left, and
//! their cells wrap inside the column (textwrap, measuring a Han character as two columns), which
//! prettytable draws as multi-line cells. Without a width (piped) nothing wraps.

use std::io::Write;

use prettytable::{Cell, Row, format};

use super::{RowFormat, Value};

/// The most rows a table lays out; the rest are not read.
pub const MAX_ROWS: usize = 10_000;

/// The most text (bytes) the rows a table lays out may hold; the rest are not read.
pub const MAX_BYTES: usize = 64 << 20;

/// The narrowest a wrapped column gets: one Han character.
const MIN_COLUMN: usize = 2;

/// The table writer: keeps the rows until the end, up to [`MAX_ROWS`] and [`MAX_BYTES`].
#[derive(Default)]
pub struct Table {
    /// The width to fit, in terminal columns; `None` draws every cell on one line.
    width: Option<usize>,
    held: Vec<Vec<Value>>,
    /// Bytes of text held.
    bytes: usize,
    /// A row came that is not held: the result has more rows than the table shows.
    more: bool,
}

impl Table {
    /// A table that fits `width` terminal columns (`None`: any width, nothing wraps).
    pub fn fitting(width: Option<usize>) -> Self {
        Table {
            width,
            ..Table::default()
        }
    }
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
        let titles: Vec<String> = columns
            .iter()
            .map(|h| super::visible(h).into_owned())
            .collect();
        let rows: Vec<Vec<(String, bool)>> = std::mem::take(&mut self.held)
            .iter()
            .map(|r| {
                r.iter()
                    .map(|v| (super::visible(&v.plain()).into_owned(), v.is_number()))
                    .collect()
            })
            .collect();
        let fitted = self.width.and_then(|w| fit(&titles, &rows, w));
        // Too many columns for the terminal even with one character of border each and numbers
        // unwrapped: one column per line instead, as `--format line` prints, which always fits.
        if let (Some(f), Some(w)) = (&fitted, self.width)
            && f.widths.iter().sum::<usize>() + titles.len() + 1 > w
        {
            let note = format!(
                "frontline: note: {} columns do not fit {w} terminal columns; shown one column per line, as --format line",
                titles.len()
            );
            eprintln!("{}", textwrap::fill(&note, w.max(MIN_COLUMN)));
            return write_lines(out, &titles, &rows, w);
        }
        let text = |s: &str, i: usize| match &fitted {
            Some(f) => wrap(s, f.widths[i]),
            None => s.to_string(),
        };
        let mut table = prettytable::Table::new();
        let mut style = *format::consts::FORMAT_NO_LINESEP_WITH_TITLE;
        if fitted.as_ref().is_some_and(|f| f.tight) {
            style.padding(0, 0);
            eprintln!("frontline: note: a narrow table; --format line shows one column per line");
        }
        table.set_format(style);
        table.set_titles(Row::new(
            titles
                .iter()
                .enumerate()
                .map(|(i, h)| Cell::new(&text(h, i)))
                .collect(),
        ));
        for r in rows {
            table.add_row(Row::new(
                r.iter()
                    .enumerate()
                    .map(|(i, (v, number))| {
                        let cell = Cell::new(&text(v, i));
                        if *number { cell.style_spec("r") } else { cell }
                    })
                    .collect(),
            ));
        }
        let shown = table.len();
        table.print(out)?;
        if self.more {
            let note = format!(
                "… more rows follow: a table lays out the first {shown} rows only (at most {MAX_ROWS}, {} MiB); use --format csv, tsv, json, jsonl or line for every row, or add LIMIT",
                MAX_BYTES >> 20
            );
            match self.width {
                Some(w) => writeln!(out, "{}", textwrap::fill(&note, w.max(MIN_COLUMN)))?,
                None => writeln!(out, "{note}")?,
            }
        }
        Ok(())
    }
}

/// The display width of a cell: its widest line, a Han character counting two.
fn cell_width(s: &str) -> usize {
    s.lines()
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

/// How a table too wide for its terminal is drawn.
#[derive(Debug, PartialEq)]
struct Fitted {
    /// Each column's width.
    widths: Vec<usize>,
    /// Cells without the space on either side: too many columns to fit otherwise.
    tight: bool,
}

/// The width of each column so that the table fits `width` terminal columns, or `None` when it
/// fits already. A table draws `| ` before each cell, ` ` after it and a final `|`: three columns
/// per column and one. Columns narrower than their share keep their width; the widest split what
/// is left. A column is never narrower than its widest number (numbers do not wrap) or
/// [`MIN_COLUMN`]; when those floors do not fit, the cells lose their padding (one column per
/// column and one), and when even that does not fit the table is as narrow as it can be.
fn fit(titles: &[String], rows: &[Vec<(String, bool)>], width: usize) -> Option<Fitted> {
    let n = titles.len();
    let widest = |i: usize, numbers: bool| {
        rows.iter()
            .filter_map(|r| r.get(i))
            .filter(|(_, number)| *number || !numbers)
            .map(|(v, _)| cell_width(v))
            .max()
            .unwrap_or(0)
    };
    let natural: Vec<usize> = (0..n)
        .map(|i| widest(i, false).max(cell_width(&titles[i])))
        .collect();
    // A number never wraps (1500 over 0 would read as two numbers): its column keeps room for it.
    let floor: Vec<usize> = (0..n).map(|i| widest(i, true).max(MIN_COLUMN)).collect();
    let borders = 3 * n + 1;
    if natural.iter().sum::<usize>() + borders <= width {
        return None;
    }
    let tight = floor.iter().sum::<usize>() + borders > width;
    let borders = if tight { n + 1 } else { borders };
    let mut left = width.saturating_sub(borders);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| natural[i]);
    let mut widths = vec![0; n];
    for (k, &i) in order.iter().enumerate() {
        let share = left / (n - k);
        widths[i] = natural[i].min(share).max(floor[i]);
        left = left.saturating_sub(widths[i]);
    }
    Some(Fitted { widths, tight })
}

/// Rows as `--format line` prints them: `column = value`, one per line, a blank line between rows.
fn write_lines(
    out: &mut dyn Write,
    titles: &[String],
    rows: &[Vec<(String, bool)>],
    width: usize,
) -> std::io::Result<()> {
    let widest = titles.iter().map(|t| cell_width(t)).max().unwrap_or(0);
    let indent = " ".repeat(widest + 3);
    // Values wrap in the room right of the names (at least MIN_COLUMN, whatever the terminal).
    let room = width.saturating_sub(widest + 3).max(MIN_COLUMN);
    for (i, row) in rows.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        for (title, (value, _)) in titles.iter().zip(row) {
            let pad = " ".repeat(widest - cell_width(title));
            let value = wrap(value, room).replace('\n', &format!("\n{indent}"));
            writeln!(out, "{pad}{title} = {value}")?;
        }
    }
    Ok(())
}

/// `text` wrapped to `width` columns, line by line, breaking a word (or a run of Chinese, which
/// has no spaces) where it must.
fn wrap(text: &str, width: usize) -> String {
    if cell_width(text) <= width {
        return text.to_string();
    }
    let options = textwrap::Options::new(width).break_words(true);
    text.split('\n')
        .flat_map(|line| textwrap::wrap(line, &options))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_that_fits_keeps_its_widths() {
        let titles = vec!["a".to_string(), "b".to_string()];
        let rows = vec![vec![("成都".to_string(), false), ("1".to_string(), true)]];
        assert_eq!(fit(&titles, &rows, 80), None);
        let many: Vec<String> = (0..16).map(|i| format!("column{i}")).collect();
        let f = fit(&many, &[], 80).unwrap();
        assert!(f.tight);
        assert_eq!(f.widths.iter().sum::<usize>() + 17, 80);
    }

    #[test]
    fn narrow_columns_keep_their_width_and_the_wide_ones_share_the_rest() {
        let titles = vec!["n".to_string(), "text".to_string(), "more".to_string()];
        let long = "成都".repeat(50);
        let rows = vec![vec![
            ("1".to_string(), true),
            (long.clone(), false),
            (long, false),
        ]];
        let f = fit(&titles, &rows, 60).unwrap();
        assert!(!f.tight);
        let w = f.widths;
        assert_eq!(w[0], 2);
        // A number keeps its width however narrow the terminal.
        let rows = vec![vec![
            ("123456".to_string(), true),
            ("成都".repeat(50), false),
        ]];
        let f = fit(&titles[..2], &rows, 12).unwrap();
        assert_eq!(f.widths[0], 6);
        assert_eq!(w.iter().sum::<usize>() + 3 * 3 + 1, 60);
        assert!(w[1].abs_diff(w[2]) <= 1, "{w:?}");
    }

    #[test]
    fn wrapping_counts_a_han_character_as_two_columns() {
        let wrapped = wrap("成都高新区党员先锋 in Chengdu", 7);
        for line in wrapped.lines() {
            assert!(cell_width(line) <= 7, "{wrapped}");
        }
        assert_eq!(
            wrapped.replace(['\n', ' '], ""),
            "成都高新区党员先锋inChengdu"
        );
    }
}
