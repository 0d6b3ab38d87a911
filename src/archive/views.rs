//! The views of `queries/`: the named queries and the helper views they build on, kept as the
//! current definition rather than as history.
//!
//! Tables change only by numbered migrations (`migrations/`, frozen once released). A view holds
//! no data, so its definition can simply be replaced: each `queries/*.sql` file holds
//! `CREATE VIEW` statements, and [`apply`] (run by `migrate` after the numbered migrations) drops
//! and recreates every view whose stored text differs from its file's, or that is missing. An
//! archive whose views already match is not written to at all.
//!
//! Rules for the files (checked by the tests below):
//! * Files are applied in file-name order, and a view may only use views of earlier files (or of
//!   earlier statements of its own file). Names start with a three-digit number, in steps of 10 so
//!   that a file can go in between; the number also fixes the order of `frontline queries`.
//! * `NNN_support.sql` files hold helper views; every other file is one named query: a header of
//!   `-- key: value` lines (see [`crate::archive::queries`]), then `CREATE VIEW <view>` and
//!   `CREATE VIEW <view>_sources`, where `<view>` is the file name without its number.
//! * Each statement is written `CREATE VIEW <name> AS ...;`: SQLite stores a view's text from
//!   `CREATE` to just before the `;` (comments before `CREATE` dropped, comments inside kept,
//!   `CREATE VIEW` spelled exactly so), and [`stale`] compares that with the file's text.
//! * A view removed from `queries/` is not dropped here (this module only knows the views that
//!   exist): retire it with a new numbered migration that drops it.
//! * The view `reading_text` (the text as read, split paragraphs joined), which search reads,
//!   stays in the migrations beside the search index it was made for.

use rusqlite::{Connection, OptionalExtension, Transaction};

include!(concat!(env!("OUT_DIR"), "/queries.rs"));

/// Every `CREATE VIEW` statement of `queries/`, in file order: (view name, statement text as
/// SQLite stores it).
pub fn statements() -> Vec<(&'static str, &'static str)> {
    FILES
        .iter()
        .flat_map(|(file, text)| {
            split(text)
                .into_iter()
                .map(move |sql| (view_name(file, sql), sql))
        })
        .collect()
}

/// The name a `CREATE VIEW <name> AS ...` statement creates.
fn view_name(file: &str, sql: &'static str) -> &'static str {
    sql.strip_prefix("CREATE VIEW ")
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("queries/{file}: a statement is not `CREATE VIEW <name> AS ...`"))
}

/// Splits SQL text into statements, each from its first token to just before its `;` with
/// trailing whitespace removed: the text SQLite stores for a view. Comments and blank lines
/// between statements are dropped; `;` inside strings, quoted names and comments does not split.
pub fn split(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut statements = Vec::new();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'-' && bytes.get(i + 1) == Some(&b'-') {
            i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            continue;
        }
        if b == b'/' && bytes.get(i + 1) == Some(&b'*') {
            i = text[i + 2..]
                .find("*/")
                .map_or(bytes.len(), |n| i + 2 + n + 2);
            continue;
        }
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if b == b';' {
            if let Some(s) = start.take() {
                statements.push(text[s..i].trim_end());
            }
            i += 1;
            continue;
        }
        start.get_or_insert(i);
        if matches!(b, b'\'' | b'"' | b'`') {
            // A quote ends the string unless doubled ('it''s'); either way scanning on from the
            // next quote is right.
            i = text[i + 1..]
                .find(b as char)
                .map_or(bytes.len(), |n| i + 1 + n + 1);
            continue;
        }
        if b == b'[' {
            i = text[i..].find(']').map_or(bytes.len(), |n| i + n + 1);
            continue;
        }
        i += 1;
    }
    if let Some(s) = start {
        statements.push(text[s..].trim_end());
    }
    statements
}

/// Views of `queries/` that the archive lacks, or stores with other text than the file's, in file
/// order.
pub fn stale(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT sql FROM sqlite_schema WHERE type = 'view' AND name = ?1")?;
    let mut found = Vec::new();
    for (view, sql) in statements() {
        let stored: Option<Option<String>> = stmt.query_row([view], |r| r.get(0)).optional()?;
        if stored.flatten().as_deref() != Some(sql) {
            found.push(view.to_string());
        }
    }
    Ok(found)
}

/// Drops the [`stale`] views and creates them from `queries/`, in file order, inside `tx`; returns
/// their names (none: nothing was written). All are dropped before any is created, so a view may
/// change what a later one reads.
pub fn apply(tx: &Transaction<'_>) -> rusqlite::Result<Vec<String>> {
    let stale = stale(tx)?;
    if stale.is_empty() {
        return Ok(stale);
    }
    for view in stale.iter().rev() {
        tx.execute_batch(&format!("DROP VIEW IF EXISTS \"{view}\""))?;
    }
    for (view, sql) in statements() {
        if stale.iter().any(|s| s == view) {
            tx.execute_batch(sql)?;
        }
    }
    Ok(stale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn migrated() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::archive::migrate(&mut conn, std::path::Path::new(":memory:")).unwrap();
        conn
    }

    #[test]
    fn the_split_statements_are_the_text_sqlite_stores() {
        let conn = Connection::open_in_memory().unwrap();
        let text = "-- header\n\n/* a; b */ CREATE VIEW a AS\nSELECT 'x;y' AS \"c;d\" -- why; not\n  ;\n\
                    -- next\nCREATE VIEW b AS SELECT 1 /* ; */ ;\nCREATE VIEW c AS SELECT 'it''s;'";
        let parts = split(text);
        assert_eq!(
            parts,
            [
                "CREATE VIEW a AS\nSELECT 'x;y' AS \"c;d\" -- why; not",
                "CREATE VIEW b AS SELECT 1 /* ; */",
                "CREATE VIEW c AS SELECT 'it''s;'",
            ]
        );
        conn.execute_batch(text).unwrap();
        let stored: Vec<String> = conn
            .prepare("SELECT sql FROM sqlite_schema ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(stored, parts);
    }

    #[test]
    fn files_are_numbered_and_hold_only_views() {
        assert!(!FILES.is_empty());
        for (file, text) in FILES {
            let (number, rest) = file.split_at(3);
            assert!(
                number.bytes().all(|b| b.is_ascii_digit()) && rest.starts_with('_'),
                "queries/{file}: names start with a three-digit number and _"
            );
            for sql in split(text) {
                let view = view_name(file, sql);
                assert!(
                    sql.starts_with(&format!("CREATE VIEW {view} AS")),
                    "queries/{file}: write `CREATE VIEW {view} AS` exactly"
                );
            }
        }
    }

    #[test]
    fn a_new_archive_has_the_views_of_the_files() {
        assert_eq!(stale(&migrated()).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn changed_and_missing_views_are_stale_and_apply_recreates_them() {
        let mut conn = migrated();
        conn.execute_batch(
            "DROP VIEW zone_count_figure; DROP VIEW timeline; \
             CREATE VIEW timeline AS SELECT 1 AS date, 2 AS event;",
        )
        .unwrap();
        assert_eq!(stale(&conn).unwrap(), ["zone_count_figure", "timeline"]);
        let tx = conn.transaction().unwrap();
        assert_eq!(apply(&tx).unwrap(), ["zone_count_figure", "timeline"]);
        tx.commit().unwrap();
        assert!(stale(&conn).unwrap().is_empty());
        for (view, _) in statements() {
            conn.prepare(&format!("SELECT * FROM {view}")).unwrap();
        }
        let tx = conn.transaction().unwrap();
        assert!(apply(&tx).unwrap().is_empty());
    }

    #[test]
    fn every_view_of_the_files_is_created_from_scratch() {
        let mut conn = migrated();
        let views: Vec<&str> = statements().into_iter().map(|(v, _)| v).collect();
        for v in views.iter().rev() {
            conn.execute_batch(&format!("DROP VIEW {v}")).unwrap();
        }
        let tx = conn.transaction().unwrap();
        assert_eq!(apply(&tx).unwrap(), views);
        tx.commit().unwrap();
        assert!(stale(&conn).unwrap().is_empty());
    }
}
