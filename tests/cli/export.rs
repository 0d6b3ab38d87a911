//! `frontline export`: an SQL dump the sqlite3 CLI loads and CSV per table (Datasette's files are
//! tested in `datasette.rs`).

use super::*;

/// Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) if chars.peek() == Some(&'\n') => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quote");
    rows
}

#[test]
fn the_sql_dump_loads_into_a_new_database_that_is_the_same_archive() {
    let Some(sqlite3) = tool("sqlite3", "FRONTLINE_SQLITE3") else {
        return;
    };
    let a = Archive::built();
    let dump = a.dir.path().join("dump.sql");
    let run = a.run(&["export", "sql", "-o", dump.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::process::Command::new(&sqlite3)
        .arg(a.dir.path().join("copy.db"))
        .stdin(std::fs::File::open(&dump).unwrap())
        .output()
        .map(succeeded)
        .unwrap();
    let copy = run_in(a.dir.path(), &["--db", "copy.db", "check"]);
    assert_eq!(copy.code, 0, "{}", copy.stdout);
    for name in [
        "zone-summary",
        "figures",
        "people",
        "donations-by-material",
        "organizations",
        "timeline",
    ] {
        let ours = a
            .run(&["query", name, "--sources", "--format", "csv"])
            .stdout;
        let theirs = run_in(
            a.dir.path(),
            &[
                "--db",
                "copy.db",
                "query",
                name,
                "--sources",
                "--format",
                "csv",
            ],
        )
        .stdout;
        assert_eq!(ours, theirs, "{name}");
    }
    // The search index is rebuilt in the copy.
    let ours = a.run(&["search", "突击队", "--format", "csv"]).stdout;
    let theirs = run_in(
        a.dir.path(),
        &["--db", "copy.db", "search", "突击队", "--format", "csv"],
    )
    .stdout;
    assert_eq!(ours, theirs);
}

#[test]
fn csv_export_writes_every_table() {
    let a = Archive::built();
    let run = a.run(&["export", "csv", "tables"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let conn = a.conn();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut files = files_in(&a.dir.path().join("tables"));
    files.sort();
    let mut expected: Vec<String> = names.iter().map(|n| format!("{n}.csv")).collect();
    expected.sort();
    assert_eq!(
        files, expected,
        "one file per table, no search-index internals"
    );
    for name in &names {
        let text = std::fs::read_to_string(a.dir.path().join("tables").join(format!("{name}.csv")))
            .unwrap();
        let rows = parse_csv(&text);
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT * FROM \"{name}\""))
            .unwrap()
            .column_names()
            .map(String::from)
            .collect();
        assert_eq!(rows[0], columns, "{name}: header");
        let count: i64 = conn
            .query_row(&format!("SELECT count(*) FROM \"{name}\""), [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(rows.len() as i64 - 1, count, "{name}: rows");
    }
    // The article text, with its newlines, survives the round trip.
    let article =
        parse_csv(&std::fs::read_to_string(a.dir.path().join("tables/article.csv")).unwrap());
    let text_col = article[0].iter().position(|c| c == "text").unwrap();
    assert_eq!(
        article[1][text_col],
        std::fs::read_to_string(seed_dir().join("gaoxinqu-2020/article.txt")).unwrap()
    );
    // NULL is an empty field: 袁征's party membership is not stated.
    let people =
        parse_csv(&std::fs::read_to_string(a.dir.path().join("tables/person.csv")).unwrap());
    let (name, member) = (
        people[0].iter().position(|c| c == "name").unwrap(),
        people[0].iter().position(|c| c == "party_member").unwrap(),
    );
    let yuan = people.iter().find(|r| r[name] == "袁征").unwrap();
    assert_eq!(yuan[member], "");
}

/// A user may add tables of their own to the archive, named anything and `WITHOUT ROWID`:
/// `export csv` writes each inside its directory (a name such as `../x` cannot leave it), `export
/// sql` keeps them, and `info` and `import` are not stopped by them.
#[test]
fn tables_a_user_added_with_any_name_export_and_do_not_stop_other_commands() {
    let Some(sqlite3) = tool("sqlite3", "FRONTLINE_SQLITE3") else {
        return;
    };
    let a = Archive::built();
    rusqlite::Connection::open(&a.path)
        .unwrap()
        .execute_batch(
            "CREATE TABLE \"../outside\" (note TEXT); INSERT INTO \"../outside\" VALUES ('x'); \
             CREATE TABLE \"my \"\"notes\"\"\" (note TEXT); INSERT INTO \"my \"\"notes\"\"\" VALUES ('y'); \
             CREATE TABLE tag (name TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID; \
             CREATE INDEX tag_n ON tag(n); \
             CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('frontline notes'); \
             CREATE VIRTUAL TABLE \"my \"\"index\"\"\" USING fts5(body, content = 'notes'); \
             INSERT INTO tag VALUES ('b', 1), ('a', 2);",
        )
        .unwrap();
    let out = a.dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let run = a.run(&["export", "csv", out.join("tables").to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        files_in(&out),
        ["tables"],
        "nothing written beside the directory"
    );
    let read = |f: &str| parse_csv(&std::fs::read_to_string(out.join("tables").join(f)).unwrap());
    assert_eq!(read("%2E.%2Foutside.csv"), [["note"], ["x"]]);
    assert_eq!(read("my \"notes\".csv"), [["note"], ["y"]]);
    // By the primary key, though SQLite would read the covering index tag_n, by n, if not told.
    assert_eq!(read("tag.csv"), [["name", "n"], ["a", "2"], ["b", "1"]]);
    let dump = a.dir.path().join("dump.sql");
    let run = a.run(&["export", "sql", "-o", dump.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let copy = a.dir.path().join("copy.db");
    std::process::Command::new(&sqlite3)
        .arg(&copy)
        .stdin(std::fs::File::open(&dump).unwrap())
        .output()
        .map(succeeded)
        .unwrap();
    let kept: String = rusqlite::Connection::open(&copy)
        .unwrap()
        .query_row(
            "SELECT (SELECT note FROM \"../outside\") || (SELECT note FROM \"my \"\"notes\"\"\") \
                    || (SELECT group_concat(name || n, ',') FROM (SELECT * FROM tag ORDER BY name))",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, "xya2,b1");
    let found: i64 = rusqlite::Connection::open(&copy)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM \"my \"\"index\"\"\" WHERE \"my \"\"index\"\"\" MATCH 'notes'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(found, 1, "the user's search index is rebuilt in the copy");
    let info = a.run(&["info", "--format", "csv"]);
    assert_eq!(info.code, 0, "{}", info.stderr);
    assert!(info.stdout.contains("rows in tag,2"), "{}", info.stdout);
    let dir = a.dir.path().join("synth");
    super::import::synth(&dir, 1, 1);
    let run = a.run(&["import", dir.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.lines().any(|l| l == "\"my \"\"notes\"\"\",0"),
        "{}",
        run.stdout
    );
}

/// A value as (storage class, bytes), and a table's rows of them.
type Rows = Vec<Vec<(u8, Vec<u8>)>>;

/// Every row of every ordinary table, each value as (type, bytes): what a round trip must keep.
fn every_row(conn: &rusqlite::Connection) -> Vec<(String, Rows)> {
    use rusqlite::types::ValueRef;
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' \
             AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables
        .into_iter()
        .map(|t| {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid"))
                .unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            Ok(match r.get_ref(i)? {
                                ValueRef::Null => (0, Vec::new()),
                                ValueRef::Integer(v) => (1, v.to_le_bytes().to_vec()),
                                ValueRef::Real(v) => (2, v.to_le_bytes().to_vec()),
                                ValueRef::Text(b) => (3, b.to_vec()),
                                ValueRef::Blob(b) => (4, b.to_vec()),
                            })
                        })
                        .collect()
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            (t, rows)
        })
        .collect()
}

#[test]
fn the_sql_dump_keeps_nul_and_non_utf8_text_exactly() {
    let Some(sqlite3) = tool("sqlite3", "FRONTLINE_SQLITE3") else {
        return;
    };
    let a = Archive::built();
    {
        let conn = rusqlite::Connection::open(&a.path).unwrap();
        conn.execute_batch(
            "UPDATE zone SET city_en = CAST(X'41004200' AS TEXT) WHERE id = 1;
             UPDATE zone SET province_en = CAST(X'C3FF28' AS TEXT) WHERE id = 2;
             UPDATE zone SET city_en = 'it''s' || char(13) || char(10) || 'x' || char(27) || '[0m' WHERE id = 3;
             UPDATE story_author SET name = name || char(0) || 'tail' WHERE rowid = 1;",
        )
        .unwrap();
    }
    let dump = a.dir.path().join("dump.sql");
    let run = a.run(&["export", "sql", "-o", dump.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !std::fs::read(&dump).unwrap().contains(&0),
        "the dump holds no raw NUL"
    );
    assert!(
        std::str::from_utf8(&std::fs::read(&dump).unwrap()).is_ok(),
        "the dump is UTF-8"
    );
    let out = std::process::Command::new(&sqlite3)
        .arg(a.dir.path().join("copy.db"))
        .stdin(std::fs::File::open(&dump).unwrap())
        .output()
        .unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let copy = rusqlite::Connection::open(a.dir.path().join("copy.db")).unwrap();
    let ours = every_row(&a.conn());
    let theirs = every_row(&copy);
    assert_eq!(
        ours.iter().map(|(t, _)| t).collect::<Vec<_>>(),
        theirs.iter().map(|(t, _)| t).collect::<Vec<_>>()
    );
    for ((table, a_rows), (_, b_rows)) in ours.iter().zip(&theirs) {
        assert_eq!(a_rows, b_rows, "{table}");
    }
    let check = run_in(a.dir.path(), &["--db", "copy.db", "check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}

/// `export sql | sqlite3 copy.db` prints nothing (a trailing `PRAGMA journal_mode = WAL` used to
/// print `wal`), and a table a user added keeps its infinities and text that is not UTF-8. SQLite
/// stores a NaN as NULL, so there is no NaN to keep.
#[test]
fn the_sql_dump_loads_silently_and_keeps_infinities() {
    let Some(sqlite3) = tool("sqlite3", "FRONTLINE_SQLITE3") else {
        return;
    };
    let a = Archive::built();
    {
        let conn = rusqlite::Connection::open(&a.path).unwrap();
        conn.execute_batch(
            "CREATE TABLE note (x);
             INSERT INTO note VALUES (9e999), (-9e999), (1.5), (-0.0), (CAST(X'C3FF28' AS TEXT));",
        )
        .unwrap();
        conn.execute("INSERT INTO note VALUES (?1)", [f64::NAN])
            .unwrap();
    }
    let run = a.run(&["export", "sql"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut child = std::process::Command::new(&sqlite3)
        .arg(a.dir.path().join("copy.db"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(run.stdout.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned()
        ),
        (String::new(), String::new()),
        "sqlite3 printed something while loading the dump"
    );
    let copy = rusqlite::Connection::open(a.dir.path().join("copy.db")).unwrap();
    assert_eq!(every_row(&a.conn()), every_row(&copy));
    let note: Vec<String> = copy
        .prepare(
            "SELECT typeof(x) || ':' || quote(iif(typeof(x) = 'text', CAST(x AS BLOB), x)) \
             FROM note ORDER BY rowid",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        note,
        [
            "real:9.0e+999",
            "real:-9.0e+999",
            "real:1.5",
            "real:0.0",
            "text:X'C3FF28'",
            "null:NULL"
        ]
    );
}
