//! `frontline export`: the archive for other tools: Datasette metadata, CSV files, an SQL dump.

use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde_json::json;

use crate::archive::{self, ArchivePath};
use crate::archive::{atomic, queries};
use crate::error::{Error, Result};
use crate::output::{self, Format, Value};

/// Arguments of `frontline export`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline export datasette -o metadata.json && datasette frontline.db -m metadata.json
  frontline export csv tables/
  frontline export sql | sqlite3 copy.db")]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

/// What to export.
#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Datasette metadata: title, source, license note, and every named query as a canned query.
    #[command(after_help = "Examples:
  frontline export datasette -o metadata.json
  datasette frontline.db -m metadata.json")]
    Datasette {
        /// Write to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// The database's name in Datasette [default: the archive's file name without .db].
        #[arg(long)]
        database: Option<String>,
    },
    /// Every table as one CSV file (header row, UTF-8, RFC 4180) in DIR.
    #[command(after_help = "Examples:
  frontline export csv tables/
  frontline --db news.db export csv /tmp/news-csv")]
    Csv {
        /// The directory to write into (created if missing).
        dir: PathBuf,
    },
    /// An SQL dump the sqlite3 CLI can load into a new database.
    #[command(after_help = "Examples:
  frontline export sql > frontline.sql
  frontline export sql | sqlite3 copy.db")]
    Sql {
        /// Write to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// Runs the export.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    let conn = super::open_snapshot(archive)?;
    match &args.what {
        What::Datasette { output, database } => {
            let name = match database {
                Some(n) => n.clone(),
                None => archive
                    .path()
                    .file_stem()
                    .map_or("frontline".into(), |s| s.to_string_lossy().into_owned()),
            };
            let text = serde_json::to_string_pretty(&datasette(&conn, &name)?)
                .map_err(|e| Error::runtime("cannot write the metadata", e.to_string()))?;
            write_output(output.as_deref(), format!("{text}\n").as_bytes())
        }
        What::Csv { dir } => csv(&conn, archive.path(), dir),
        What::Sql { output } => {
            let mut buf = Vec::new();
            dump(&conn, archive.path(), &mut buf)?;
            write_output(output.as_deref(), &buf)
        }
    }
}

/// Writes `bytes` to `path` atomically, or to standard output.
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    let Some(path) = path else {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()?;
        return Ok(());
    };
    let fail = |e: std::io::Error| {
        Error::runtime(format!("cannot write {}", path.display()), e.to_string())
            .fix("check that the directory exists and is writable")
    };
    let tmp = atomic::temp_path(path);
    let written = std::fs::write(&tmp, bytes)
        .map_err(fail)
        .and_then(|()| atomic::sync(&tmp))
        .and_then(|()| std::fs::rename(&tmp, path).map_err(fail));
    if written.is_err() {
        atomic::discard(&tmp);
    }
    written
}

fn datasette(conn: &Connection, database: &str) -> Result<serde_json::Value> {
    let (title, source, sha): (String, String, String) = conn
        .query_row(
            "SELECT group_concat(title, ' / '), group_concat(source_file, ', '), group_concat(sha256, ', ') FROM article",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .map_err(|e| Error::runtime("cannot read the article", e.to_string()))?;
    let mut canned = serde_json::Map::new();
    for q in queries::QUERIES {
        canned.insert(
            q.name.to_string(),
            json!({
                "title": q.name,
                "description": q.description,
                "sql": format!("SELECT * FROM {}", q.view),
            }),
        );
    }
    Ok(json!({
        "title": format!("frontline: {title}"),
        "description": "Facts of a Chinese newspaper page on eight high-tech zones' party organizations and the COVID-19 \
                        outbreak (January-February 2020), each citing the passage it comes from. Unknown values are NULL, \
                        never 0; qualifiers say whether a number is exact, a lower bound (at_least), an upper bound \
                        (less_than) or approximate.",
        "source": format!("{source} (sha256 {sha})"),
        "license": "Article text: the newspaper's; quoted for research. Extraction: frontline.",
        "databases": { database: { "queries": canned } },
    }))
}

/// The tables worth exporting: real tables, not SQLite's own, virtual tables or their shadows.
fn tables(conn: &Connection, path: &Path) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .map_err(archive::read_error(path))?;
    let names = stmt
        .query_map([], |r| r.get(0))
        .and_then(|r| r.collect::<rusqlite::Result<Vec<String>>>());
    names.map_err(archive::read_error(path))
}

fn csv(conn: &Connection, path: &Path, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::runtime(format!("cannot create {}", dir.display()), e.to_string())
            .fix("check the path and permissions")
    })?;
    let mut summary = Vec::new();
    for table in tables(conn, path)? {
        let file = dir.join(format!("{table}.csv"));
        let mut buf = Vec::new();
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))
            .map_err(archive::read_error(path))?;
        let rows = output::print_statement(
            &mut stmt,
            [],
            Format::Csv,
            &mut buf,
            archive::read_error(path),
            None,
        )?;
        write_output(Some(&file), &buf)?;
        summary.push(vec![
            Value::from(table),
            Value::Int(rows as i64),
            Value::from(file.display().to_string()),
        ]);
    }
    output::print_rows(
        Format::Table,
        std::io::stdout().lock(),
        &["table", "rows", "file"],
        summary,
    )
}

fn sql_literal(v: &rusqlite::types::ValueRef<'_>) -> String {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => format!("{f:?}"),
        ValueRef::Text(t) => format!("'{}'", String::from_utf8_lossy(t).replace('\'', "''")),
        ValueRef::Blob(b) => format!(
            "X'{}'",
            b.iter().map(|x| format!("{x:02X}")).collect::<String>()
        ),
    }
}

/// Writes an SQL script that rebuilds the archive: schema, rows, search index, views, triggers.
fn dump(conn: &Connection, path: &Path, out: &mut impl Write) -> Result<()> {
    let fail = archive::read_error(path);
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(&fail)?;
    writeln!(
        out,
        "-- frontline archive, schema version {version}; load with: sqlite3 NEW.db < THIS.sql"
    )?;
    writeln!(out, "PRAGMA foreign_keys = OFF;\nBEGIN TRANSACTION;")?;
    writeln!(
        out,
        "PRAGMA application_id = {};\nPRAGMA user_version = {version};",
        archive::APPLICATION_ID
    )?;
    let schema: Vec<(String, String, String)> = {
        let mut stmt = conn
            .prepare(
                "SELECT s.type, s.name, s.sql FROM sqlite_schema s \
                 LEFT JOIN pragma_table_list t ON t.schema = 'main' AND t.name = s.name \
                 WHERE s.sql IS NOT NULL AND s.name NOT LIKE 'sqlite_%' AND coalesce(t.type, '') <> 'shadow' \
                 ORDER BY s.rowid",
            )
            .map_err(&fail)?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .and_then(|r| r.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(&fail)?
    };
    let is_virtual = |sql: &str| {
        sql.trim_start()
            .to_ascii_uppercase()
            .starts_with("CREATE VIRTUAL TABLE")
    };
    for (kind, name, sql) in schema
        .iter()
        .filter(|(k, _, sql)| k == "table" && !is_virtual(sql))
    {
        let _ = kind;
        writeln!(out, "{sql};")?;
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{name}\" ORDER BY rowid"))
            .map_err(&fail)?;
        let n = stmt.column_count();
        let mut rows = stmt.query([]).map_err(&fail)?;
        while let Some(r) = rows.next().map_err(&fail)? {
            let values: Vec<String> = (0..n)
                .map(|i| r.get_ref(i).map(|v| sql_literal(&v)))
                .collect::<rusqlite::Result<_>>()
                .map_err(&fail)?;
            writeln!(out, "INSERT INTO \"{name}\" VALUES({});", values.join(","))?;
        }
    }
    for kind in ["index", "view"] {
        for (_, _, sql) in schema.iter().filter(|(k, _, _)| k == kind) {
            writeln!(out, "{sql};")?;
        }
    }
    // The search index is rebuilt from its content (a view), so after the views.
    for (_, name, sql) in schema
        .iter()
        .filter(|(k, _, sql)| k == "table" && is_virtual(sql))
    {
        writeln!(out, "{sql};")?;
        if sql.to_ascii_lowercase().contains("fts5") {
            writeln!(
                out,
                "INSERT INTO \"{name}\" (\"{name}\") VALUES ('rebuild');"
            )?;
        }
    }
    for (_, _, sql) in schema.iter().filter(|(k, _, _)| k == "trigger") {
        writeln!(out, "{sql};")?;
    }
    writeln!(out, "COMMIT;\nPRAGMA journal_mode = WAL;")?;
    Ok(())
}
