//! `--format markdown`: a GitHub-flavoured Markdown table, whose cell escaping the report shares.

use std::io::Write;

use super::{RowFormat, Value};

/// The Markdown table writer.
pub struct Markdown;

/// Escapes text for a GitHub-flavoured Markdown table cell, the one escaper `--format markdown`
/// and the report share: `\` and `|` are backslash-escaped so a cell cannot end early; `&`, `<`
/// and `>` become HTML entities, so text is never taken for HTML (`<script>`); every line break
/// (CRLF, LF or CR) becomes one `<br>`, which GitHub renders as a break inside a cell, a heading
/// or a line of text (a raw newline would end the table row instead); and any other control
/// character is shown as an escape ([`super::visible`]).
#[must_use]
pub fn markdown_field(s: &str) -> String {
    let text = s
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>");
    super::visible(&text).into_owned()
}

impl RowFormat for Markdown {
    fn start(&mut self, out: &mut dyn Write, columns: &[String]) -> std::io::Result<()> {
        let header: Vec<String> = columns.iter().map(|c| markdown_field(c)).collect();
        writeln!(out, "| {} |", header.join(" | "))?;
        writeln!(out, "|{}", "---|".repeat(columns.len().max(1)))
    }

    fn row(
        &mut self,
        out: &mut dyn Write,
        _: &[String],
        _: usize,
        values: Vec<Value>,
    ) -> std::io::Result<()> {
        let fields: Vec<String> = values.iter().map(|v| markdown_field(&v.plain())).collect();
        writeln!(out, "| {} |", fields.join(" | "))
    }

    fn end(&mut self, _: &mut dyn Write, _: &[String], _: usize) -> std::io::Result<()> {
        Ok(())
    }
}
