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
