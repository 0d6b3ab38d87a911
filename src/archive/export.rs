//! The archive for other tools: its tables one by one (CSV export) and an SQL script that
//! rebuilds it (`frontline export sql | sqlite3 copy.db`).

use std::io::Write;

use super::{APPLICATION_ID, Archive};
use crate::error::{Error, Result};

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
        let order = super::in_written_order(self.conn(), table).map_err(self.read_error())?;
        self.conn()
            .prepare(&format!("SELECT * FROM {}{order}", super::quoted(table)))
            .map_err(self.read_error())
    }

    /// Writes an SQL script that rebuilds the archive (schema, rows, search index, views,
    /// triggers) to `out`, row by row as it reads them: memory does not grow with the archive.
    /// `io_fail` turns an error writing to `out` into the caller's message (standard output and
    /// a file fail differently). `out` should be buffered.
    pub fn dump(
        &self,
        out: &mut impl Write,
        io_fail: &dyn Fn(std::io::Error) -> Error,
    ) -> Result<()> {
        dump(self, out, io_fail)
    }
}

/// A value as an SQL literal that reads back as exactly the same value, and that the sqlite3 CLI
/// reads whole: text holding a control character other than tab and newline (SQLite's parser
/// stops at a NUL, the sqlite3 CLI drops the CR of a CRLF, an ESC would reach a terminal that shows
/// the dump) or bytes that are not UTF-8 is written as its bytes (`CAST(X'..' AS TEXT)`); an
/// infinite real as a literal too large for a double (`9e999`), which SQLite reads as infinity.
/// SQLite stores no NaN (binding one stores NULL), so a NaN cannot be in an archive; were one read,
/// it is written as NULL, which is what SQLite would have stored.
#[cfg(test)]
fn sql_literal(v: &rusqlite::types::ValueRef<'_>) -> String {
    let mut out = Vec::new();
    write_literal(&mut out, v).expect("writing to memory");
    String::from_utf8(out).expect("literals are ASCII or UTF-8 text")
}

/// Writes [`sql_literal`]'s text of `v` to `out`, without building it first.
fn write_literal(out: &mut impl Write, v: &rusqlite::types::ValueRef<'_>) -> std::io::Result<()> {
    use rusqlite::types::ValueRef;
    let hex = |out: &mut dyn Write, b: &[u8]| -> std::io::Result<()> {
        for x in b {
            write!(out, "{x:02X}")?;
        }
        Ok(())
    };
    match v {
        ValueRef::Null => out.write_all(b"NULL"),
        ValueRef::Integer(i) => write!(out, "{i}"),
        ValueRef::Real(f) if f.is_nan() => out.write_all(b"NULL"),
        ValueRef::Real(f) if f.is_infinite() => {
            out.write_all(if *f > 0.0 { b"9e999" } else { b"-9e999" })
        }
        ValueRef::Real(f) => write!(out, "{f:?}"),
        ValueRef::Text(t) => match std::str::from_utf8(t) {
            Ok(s) if !s.contains(|c: char| c.is_control() && c != '\t' && c != '\n') => {
                out.write_all(b"'")?;
                let mut rest = s;
                while let Some(i) = rest.find('\'') {
                    out.write_all(&rest.as_bytes()[..=i])?;
                    out.write_all(b"'")?;
                    rest = &rest[i + 1..];
                }
                out.write_all(rest.as_bytes())?;
                out.write_all(b"'")
            }
            _ => {
                out.write_all(b"CAST(X'")?;
                hex(out, t)?;
                out.write_all(b"' AS TEXT)")
            }
        },
        ValueRef::Blob(b) => {
            out.write_all(b"X'")?;
            hex(out, b)?;
            out.write_all(b"'")
        }
    }
}

/// Writes an SQL script that rebuilds the archive into `out`, streaming each table's rows.
fn dump(
    archive: &Archive,
    out: &mut impl Write,
    io_fail: &dyn Fn(std::io::Error) -> Error,
) -> Result<()> {
    let conn = archive.conn();
    let fail = archive.read_error();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(&fail)?;
    writeln!(
        out,
        "-- frontline archive, schema version {version}; load with: sqlite3 NEW.db < THIS.sql"
    )
    .map_err(io_fail)?;
    writeln!(out, "PRAGMA foreign_keys = OFF;\nBEGIN TRANSACTION;").map_err(io_fail)?;
    writeln!(
        out,
        "PRAGMA application_id = {};\nPRAGMA user_version = {version};",
        APPLICATION_ID
    )
    .map_err(io_fail)?;
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
        writeln!(out, "{sql};").map_err(io_fail)?;
        let order = super::in_written_order(conn, name).map_err(&fail)?;
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {}{order}", super::quoted(name)))
            .map_err(&fail)?;
        let n = stmt.column_count();
        let insert = format!("INSERT INTO {} VALUES(", super::quoted(name));
        let mut rows = stmt.query([]).map_err(&fail)?;
        while let Some(r) = rows.next().map_err(&fail)? {
            out.write_all(insert.as_bytes()).map_err(io_fail)?;
            for i in 0..n {
                if i > 0 {
                    out.write_all(b",").map_err(io_fail)?;
                }
                let v = r.get_ref(i).map_err(&fail)?;
                write_literal(out, &v).map_err(io_fail)?;
            }
            out.write_all(b");\n").map_err(io_fail)?;
        }
    }
    for kind in ["index", "view"] {
        for (_, _, sql) in schema.iter().filter(|(k, _, _)| k == kind) {
            writeln!(out, "{sql};").map_err(io_fail)?;
        }
    }
    // The search index is rebuilt from its content (a view), so after the views.
    for (_, name, sql) in schema
        .iter()
        .filter(|(k, _, sql)| k == "table" && is_virtual(sql))
    {
        writeln!(out, "{sql};").map_err(io_fail)?;
        if sql.to_ascii_lowercase().contains("fts5") {
            let name = super::quoted(name);
            writeln!(out, "INSERT INTO {name} ({name}) VALUES ('rebuild');").map_err(io_fail)?;
        }
    }
    for (_, _, sql) in schema.iter().filter(|(k, _, _)| k == "trigger") {
        writeln!(out, "{sql};").map_err(io_fail)?;
    }
    // No `PRAGMA journal_mode = WAL` here: the sqlite3 CLI prints its result (`wal`), which would
    // be stray output in `export sql | sqlite3 copy.db`, and no statement sets the mode silently.
    // The copy keeps SQLite's default journal; `frontline backup` of it writes a WAL archive.
    writeln!(out, "COMMIT;").map_err(io_fail)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::sql_literal;
    use rusqlite::types::ValueRef;

    /// Each literal, evaluated by SQLite, is the value it was written from.
    #[test]
    fn literals_read_back_as_the_same_value() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let texts: [&[u8]; 5] = [
            b"it's",
            b"a\0b",
            b"\xC3\xFF(",
            "成都\r\n\x1b[0m".as_bytes(),
            b"",
        ];
        for t in texts {
            let lit = sql_literal(&ValueRef::Text(t));
            assert!(!lit.contains(|c: char| c.is_control()), "{lit}");
            let (back, kind): (Vec<u8>, String) = conn
                .query_row(
                    &format!("SELECT CAST({lit} AS BLOB), typeof({lit})"),
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert_eq!((back.as_slice(), kind.as_str()), (t, "text"), "{lit}");
        }
        for f in [
            1.5,
            -0.25,
            1e300,
            5e-324,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
        ] {
            let lit = sql_literal(&ValueRef::Real(f));
            let back: f64 = conn
                .query_row(&format!("SELECT {lit}"), [], |r| r.get(0))
                .unwrap();
            assert_eq!(back.to_bits(), f.to_bits(), "{lit}");
        }
        assert_eq!(sql_literal(&ValueRef::Real(f64::NAN)), "NULL");
        for i in [i64::MIN, -1, 0, i64::MAX] {
            let lit = sql_literal(&ValueRef::Integer(i));
            let back: i64 = conn
                .query_row(&format!("SELECT {lit}"), [], |r| r.get(0))
                .unwrap();
            assert_eq!(back, i, "{lit}");
        }
    }
}
