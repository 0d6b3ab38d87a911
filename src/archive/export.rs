//! The archive for other tools: its tables one by one (CSV export) and an SQL script that
//! rebuilds it (`frontline export sql | sqlite3 copy.db`).

use std::fmt::Write;

use super::{APPLICATION_ID, Archive};
use crate::error::Result;

impl Archive {
    /// The tables worth exporting: real tables, not SQLite's own, virtual tables or their
    /// shadows, in name order.
    pub fn tables(&self) -> Result<Vec<String>> {
        let fail = self.read_error();
        let mut stmt = self
            .conn()
            .prepare(
                "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' \
                 AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )
            .map_err(fail)?;
        let names = stmt
            .query_map([], |r| r.get(0))
            .and_then(|r| r.collect::<rusqlite::Result<Vec<String>>>());
        names.map_err(fail)
    }

    /// Every row of `table` (one of [`Archive::tables`]), in rowid order, to be streamed.
    pub fn table_rows(&self, table: &str) -> Result<rusqlite::Statement<'_>> {
        self.conn()
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))
            .map_err(self.read_error())
    }

    /// An SQL script that rebuilds the archive: schema, rows, search index, views, triggers.
    pub fn dump(&self) -> Result<String> {
        let mut out = String::new();
        dump(self, &mut out)?;
        Ok(out)
    }
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

/// Writes an SQL script that rebuilds the archive into `out`. Writing to a String cannot fail, so
/// the `let _ =` below drop an always-Ok `fmt::Result`.
fn dump(archive: &Archive, out: &mut String) -> Result<()> {
    let conn = archive.conn();
    let fail = archive.read_error();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(&fail)?;
    let _ = writeln!(
        out,
        "-- frontline archive, schema version {version}; load with: sqlite3 NEW.db < THIS.sql"
    );
    let _ = writeln!(out, "PRAGMA foreign_keys = OFF;\nBEGIN TRANSACTION;");
    let _ = writeln!(
        out,
        "PRAGMA application_id = {};\nPRAGMA user_version = {version};",
        APPLICATION_ID
    );
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
    for (_, name, sql) in schema
        .iter()
        .filter(|(k, _, sql)| k == "table" && !is_virtual(sql))
    {
        let _ = writeln!(out, "{sql};");
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
            let _ = writeln!(out, "INSERT INTO \"{name}\" VALUES({});", values.join(","));
        }
    }
    for kind in ["index", "view"] {
        for (_, _, sql) in schema.iter().filter(|(k, _, _)| k == kind) {
            let _ = writeln!(out, "{sql};");
        }
    }
    // The search index is rebuilt from its content (a view), so after the views.
    for (_, name, sql) in schema
        .iter()
        .filter(|(k, _, sql)| k == "table" && is_virtual(sql))
    {
        let _ = writeln!(out, "{sql};");
        if sql.to_ascii_lowercase().contains("fts5") {
            let _ = writeln!(
                out,
                "INSERT INTO \"{name}\" (\"{name}\") VALUES ('rebuild');"
            );
        }
    }
    for (_, _, sql) in schema.iter().filter(|(k, _, _)| k == "trigger") {
        let _ = writeln!(out, "{sql};");
    }
    let _ = writeln!(out, "COMMIT;\nPRAGMA journal_mode = WAL;");
    Ok(())
}
