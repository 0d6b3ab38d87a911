//! Output formats, shared by every command that prints rows: awkward values in each format.

use super::*;

const AWKWARD: &str = "SELECT 'a,b' AS comma, 'say \"hi\"' AS quote, 'line1' || char(10) || 'line2' AS newline, \
                       NULL AS missing, 0 AS zero, 1.5 AS real, '成都|高新区' AS pipe";

fn render(a: &Archive, format: &str) -> String {
    let run = a.run(&["sql", AWKWARD, "--format", format]);
    assert_eq!(run.code, 0, "{format}: {}", run.stderr);
    run.stdout
}

#[test]
fn csv_is_rfc_4180() {
    let a = Archive::built();
    assert_eq!(
        render(&a, "csv"),
        "comma,quote,newline,missing,zero,real,pipe\r\n\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\",,0,1.5,成都|高新区\r\n"
    );
}

#[test]
fn tsv_escapes_tabs_and_newlines() {
    let a = Archive::built();
    assert_eq!(
        render(&a, "tsv"),
        "comma\tquote\tnewline\tmissing\tzero\treal\tpipe\na,b\tsay \"hi\"\tline1\\nline2\t\t0\t1.5\t成都|高新区\n"
    );
}

#[test]
fn json_and_jsonl_keep_types_and_null() {
    let a = Archive::built();
    let expected = serde_json::json!({
        "comma": "a,b", "quote": "say \"hi\"", "newline": "line1\nline2",
        "missing": null, "zero": 0, "real": 1.5, "pipe": "成都|高新区"
    });
    let json: serde_json::Value = serde_json::from_str(&render(&a, "json")).unwrap();
    assert_eq!(json, serde_json::json!([expected.clone()]));
    let jsonl = render(&a, "jsonl");
    assert_eq!(jsonl.lines().count(), 1);
    let line: serde_json::Value = serde_json::from_str(jsonl.trim_end()).unwrap();
    assert_eq!(line, expected);
    // Column order is the statement's.
    assert!(jsonl.starts_with("{\"comma\":"), "{jsonl}");
}

#[test]
fn markdown_escapes_pipes_and_breaks_lines() {
    let a = Archive::built();
    assert_eq!(
        render(&a, "markdown"),
        "| comma | quote | newline | missing | zero | real | pipe |\n|---|---|---|---|---|---|---|\n\
         | a,b | say \"hi\" | line1<br>line2 |  | 0 | 1.5 | 成都\\|高新区 |\n"
    );
}

#[test]
fn table_shows_null_as_empty_and_zero_as_zero() {
    let a = Archive::built();
    let table = render(&a, "table");
    let header = table.lines().find(|l| l.contains("comma")).unwrap();
    assert!(header.contains("missing"));
    let data = table.lines().find(|l| l.contains("a,b")).unwrap();
    let cells: Vec<&str> = data.split('|').map(str::trim).collect();
    assert_eq!(cells[4], "", "NULL is empty: {data}");
    assert_eq!(cells[5], "0");
}

#[test]
fn an_empty_result_still_has_its_header() {
    let a = Archive::built();
    let sql = "SELECT name FROM zone WHERE 0";
    let csv = a.run(&["sql", sql, "--format", "csv"]);
    assert_eq!(csv.stdout, "name\r\n");
    let json = a.run(&["sql", sql, "--format", "json"]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json.stdout).unwrap(),
        serde_json::json!([])
    );
    let jsonl = a.run(&["sql", sql, "--format", "jsonl"]);
    assert_eq!(jsonl.stdout, "");
}

#[test]
fn every_format_gives_the_same_columns_in_the_same_order() {
    let a = Archive::built();
    let csv = a.run(&["query", "zone-summary", "--format", "csv"]).stdout;
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let tsv = a.run(&["query", "zone-summary", "--format", "tsv"]).stdout;
    assert_eq!(
        tsv.lines().next().unwrap().split('\t').collect::<Vec<_>>(),
        header
    );
    let md = a
        .run(&["query", "zone-summary", "--format", "markdown"])
        .stdout;
    let md_header: Vec<&str> = md
        .lines()
        .next()
        .unwrap()
        .trim_matches('|')
        .split('|')
        .map(str::trim)
        .collect();
    assert_eq!(md_header, header);
    let jsonl = a
        .run(&["query", "zone-summary", "--format", "jsonl"])
        .stdout;
    let first = jsonl.lines().next().unwrap();
    let mut pos = 0;
    for h in &header {
        let at = first[pos..]
            .find(&format!("\"{h}\":"))
            .unwrap_or_else(|| panic!("{h} out of order"));
        pos += at + 1;
    }
}

/// An archive whose texts hold terminal escapes, a NUL, a lone CR, spreadsheet formulas and HTML,
/// as only an edited archive can (a load refuses control characters).
fn hostile() -> Archive {
    let a = Archive::built();
    let conn = rusqlite::Connection::open(&a.path).unwrap();
    conn.execute_batch(
        "UPDATE zone SET name_en = 'Red' || char(27) || '[31m' || char(0) || 'x' || char(13) || 'y' WHERE id = 1;
         UPDATE zone SET name_en = '<script>alert(1)</script> & co' WHERE id = 2;
         UPDATE zone SET city_en = '=HYPERLINK(\"http://x\")' WHERE id = 3;
         UPDATE zone SET name = name || char(27) || '[2J' WHERE id = 1;
         UPDATE article SET slug = slug || char(27) || ']0;title' || char(7);",
    )
    .unwrap();
    a
}

fn assert_no_raw_controls(what: &str, text: &str) {
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r'),
        "{what}: raw control characters in {text:?}"
    );
    assert!(!text.contains("\r"), "{what}: a raw CR in {text:?}");
}

#[test]
fn text_for_people_shows_control_characters_and_text_for_programs_keeps_them() {
    let a = hostile();
    let sql = "SELECT name_en FROM zone WHERE id = 1";
    // (Markdown makes every line break a <br>, a lone CR included.)
    for (format, shown) in [
        ("table", "Red\\x1b[31m\\x00x\\x0dy"),
        ("markdown", "Red\\x1b[31m\\x00x<br>y"),
        ("line", "name_en = Red\\x1b[31m\\x00x\\x0dy"),
    ] {
        let run = a.run(&["sql", sql, "--format", format]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_no_raw_controls(format, &run.stdout);
        assert!(run.stdout.contains(shown), "{format}: {}", run.stdout);
    }
    let csv = a.run(&["sql", sql, "--format", "csv"]).stdout;
    assert_eq!(csv, "name_en\r\n\"Red\x1b[31m\0x\ry\"\r\n");
    let json = a.run(&["sql", sql, "--format", "json"]).stdout;
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed[0]["name_en"], "Red\x1b[31m\0x\ry");
    let tsv = a.run(&["sql", sql, "--format", "tsv"]).stdout;
    assert_eq!(tsv, "name_en\nRed\x1b[31m\0x\\ry\n");

    let info = a.run(&["info"]);
    assert_eq!(info.code, 0, "{}", info.stderr);
    assert_no_raw_controls("info", &info.stdout);
    assert!(
        info.stdout.contains("\\x1b]0;title\\x07"),
        "{}",
        info.stdout
    );

    let cite = a.run(&["cite", "1"]);
    assert_eq!(cite.code, 0, "{}", cite.stderr);
    assert_no_raw_controls("cite", &cite.stdout);
    assert!(cite.stdout.contains("\\x1b[2J"), "{}", cite.stdout);
}

#[test]
fn csv_safe_defuses_formulas_for_spreadsheets() {
    let a = hostile();
    let sql = "SELECT city_en, '+1' AS plus, '-x' AS minus, '@sum' AS at, -3 AS n, 'a=b' AS fine \
               FROM zone WHERE id = 3";
    let plain = a.run(&["sql", sql, "--format", "csv"]);
    assert_eq!(
        plain.stdout,
        "city_en,plus,minus,at,n,fine\r\n\"=HYPERLINK(\"\"http://x\"\")\",+1,-x,@sum,-3,a=b\r\n"
    );
    let safe = a.run(&["--csv-safe", "sql", sql, "--format", "csv"]);
    assert_eq!(safe.code, 0, "{}", safe.stderr);
    assert_eq!(
        safe.stdout,
        "city_en,plus,minus,at,n,fine\r\n\"'=HYPERLINK(\"\"http://x\"\")\",'+1,'-x,'@sum,-3,a=b\r\n"
    );
    // The flag works wherever CSV is written.
    let run = a.run(&["export", "csv", "tables", "--csv-safe"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let zones = std::fs::read_to_string(a.dir.path().join("tables/zone.csv")).unwrap();
    assert!(zones.contains("\"'=HYPERLINK("), "{zones}");
}

#[test]
fn the_markdown_report_escapes_html() {
    let a = hostile();
    let run = a.run(&["report"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("<script>"), "{}", run.stdout);
    assert!(run.stdout.contains("&lt;script&gt;"), "{}", run.stdout);
    assert_no_raw_controls("report", &run.stdout);
}

/// A word for `sh -c`, in single quotes.
fn sh(word: &str) -> String {
    format!("'{}'", word.replace('\'', "'\\''"))
}

/// Runs `frontline --db <a> args` with standard output (and input and error) on a pseudo-terminal,
/// through util-linux `script`. `columns` is the terminal's width: given as `COLUMNS` when `env`,
/// else set on the terminal itself with `stty` (and `COLUMNS` unset). None when `script` is
/// missing.
pub fn on_terminal(a: &Archive, args: &[&str], columns: usize, env: bool) -> Option<String> {
    let script = tool("script", "FRONTLINE_SCRIPT")?;
    let mut words = vec![
        env!("CARGO_BIN_EXE_frontline").to_string(),
        "--db".into(),
        a.path.to_str().unwrap().into(),
    ];
    words.extend(args.iter().map(|s| s.to_string()));
    let line = words.iter().map(|w| sh(w)).collect::<Vec<_>>().join(" ");
    let mut cmd = std::process::Command::new(script);
    cmd.env_remove("FRONTLINE_DB").env_remove("COLUMNS");
    let line = if env {
        cmd.env("COLUMNS", columns.to_string());
        format!("exec {line}")
    } else {
        format!("stty cols {columns} rows 40 && exec {line}")
    };
    let out = cmd
        .args(["-qec", &line, "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap().replace("\r\n", "\n");
    assert!(out.status.success(), "{line}: {text}");
    Some(text)
}

fn widest_line(text: &str) -> usize {
    text.lines()
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

/// The widest queries fit a terminal of 80 and of 120 columns (from `COLUMNS` or from the
/// terminal's own size): long cells wrap inside their column, a Han character counting two
/// columns. Piped, the same table is one line per row and wider than either.
#[test]
fn tables_fit_the_terminal_and_do_not_wrap_when_piped() {
    let a = Archive::built();
    for name in ["timeline", "figures", "zone-summary", "organizations"] {
        let piped = a.run(&["query", name]);
        assert_eq!(piped.code, 0, "{}", piped.stderr);
        assert!(widest_line(&piped.stdout) > 120, "{name} is narrow already");
        let rows = piped.stdout.lines().count();
        for columns in [80, 120] {
            for env in [true, false] {
                let Some(shown) = on_terminal(&a, &["query", name], columns, env) else {
                    return;
                };
                let widest = widest_line(&shown);
                assert!(
                    widest <= columns,
                    "{name} at {columns} (COLUMNS: {env}) is {widest} wide:\n{shown}"
                );
                assert!(shown.lines().count() > rows, "{name}: nothing wrapped");
                assert!(
                    shown.starts_with("+-")
                        || shown.starts_with("frontline: note: a narrow table")
                        || shown.contains("columns do not fit"),
                    "{shown}"
                );
            }
        }
    }
    // Wrapped cells still hold every character: the first row's text, read down its column.
    let csv = a.run(&["query", "timeline", "-f", "csv"]).stdout;
    let first_event = csv.lines().nth(1).unwrap().split(',').nth(3).unwrap();
    let first_event = first_event.trim_start_matches('"');
    let shown = on_terminal(&a, &["query", "timeline"], 80, true).unwrap();
    let column: String = shown
        .lines()
        .skip(3)
        .take_while(|l| !l.starts_with("+-"))
        .map(|l| l.split('|').nth(4).unwrap().trim())
        .collect::<Vec<_>>()
        .concat();
    assert!(column.starts_with(first_event), "{first_event} in {column}");
}

#[test]
fn line_format_is_one_column_per_line_and_a_blank_line_between_rows() {
    let a = Archive::built();
    let run = a.run(&[
        "sql",
        "SELECT 1 AS n, '成都' || char(10) || '高新区' AS 名称, NULL AS missing \
         UNION ALL SELECT 22, 'x', 0",
        "--format",
        "line",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "      n = 1\n   名称 = 成都\n          高新区\nmissing = \n\n      n = 22\n   名称 = x\nmissing = 0\n"
    );
    // Never wrapped, on a terminal or not.
    let wide = a.run(&["query", "timeline", "-f", "line"]).stdout;
    if let Some(shown) = on_terminal(&a, &["query", "timeline", "-f", "line"], 80, true) {
        assert_eq!(shown, wide);
    }
}
