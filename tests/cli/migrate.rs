//! `frontline migrate`: updating in place, and refusing archives it must not touch.

use super::*;

fn set_user_version(path: &Path, v: i64) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "user_version", v).unwrap();
}

#[test]
fn a_current_archive_is_up_to_date_and_unchanged() {
    let a = Archive::built();
    let before = fingerprint(&a.path);
    let run = a.run(&["migrate"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("up to date"), "{}", run.stdout);
    assert_eq!(fingerprint(&a.path), before);
}

#[test]
fn an_empty_database_is_brought_to_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("VACUUM")
        .unwrap();
    let run = run_in(dir.path(), &["--db", "empty.db", "migrate"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("schema version 0 -> "),
        "{}",
        run.stdout
    );
    let conn = rusqlite::Connection::open(&path).unwrap();
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, 0x4652_4C4E);
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(tables >= 10);
}

#[test]
fn a_newer_archive_is_refused_and_unchanged() {
    let a = Archive::built();
    set_user_version(&a.path, 999);
    let before = fingerprint(&a.path);
    for cmd in ["migrate", "info"] {
        let run = a.run(&[cmd]);
        assert_eq!(run.code, 1, "{cmd}");
        assert!(
            run.stderr.contains("schema version is 999, newer than"),
            "{cmd}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("use a newer frontline"),
            "{}",
            run.stderr
        );
        assert_eq!(fingerprint(&a.path), before, "{cmd}");
    }
}

#[test]
fn an_older_archive_must_be_migrated_before_reading() {
    let a = Archive::built();
    set_user_version(&a.path, 0);
    let run = a.run(&["info"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("frontline migrate"), "{}", run.stderr);
}

#[test]
fn a_foreign_sqlite_database_is_refused_and_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    let before = fingerprint(&path);
    let run = run_in(dir.path(), &["--db", "other.db", "migrate"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("frontline: other.db is not a frontline archive"),
        "{}",
        run.stderr
    );
    assert_eq!(fingerprint(&path), before);
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(
        &path,
        "these are not the droids you are looking for\n".repeat(100),
    )
    .unwrap();
    let before = fingerprint(&path);
    for cmd in ["migrate", "info"] {
        let run = run_in(dir.path(), &["--db", "notes.db", cmd]);
        assert_eq!(run.code, 1, "{cmd}");
        assert!(
            run.stderr.contains("cannot read archive notes.db"),
            "{cmd}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("not a database"),
            "{cmd}: {}",
            run.stderr
        );
        assert_eq!(fingerprint(&path), before);
    }
}

/// The text of the view `name` as the archive stores it.
fn view_sql(conn: &rusqlite::Connection, name: &str) -> String {
    conn.query_row(
        "SELECT sql FROM sqlite_schema WHERE type = 'view' AND name = ?1",
        [name],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_view_with_an_older_definition_is_recreated_from_its_file() {
    let a = Archive::built();
    let file = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("queries/070_timeline.sql"),
    )
    .unwrap();
    let current = view_sql(&a.conn(), "timeline");
    assert!(file.contains(&format!("{current};")), "{current}");
    // As an older frontline might have left it: same name, other text.
    let older = "CREATE VIEW timeline AS SELECT e.date AS date, NULL AS zone, e.description AS event FROM event e";
    {
        let conn = rusqlite::Connection::open(&a.path).unwrap();
        conn.execute_batch(&format!("DROP VIEW timeline; {older};"))
            .unwrap();
        assert_eq!(view_sql(&conn, "timeline"), older);
    }
    // Until it is migrated, the archive's answers are not this frontline's: readers refuse it and
    // `check` names the view.
    let run = a.run(&["query", "timeline"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("views differ") && run.stderr.contains("timeline"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("frontline migrate"), "{}", run.stderr);
    // What does not answer from the views still works; ad-hoc SQL says the views differ.
    assert_eq!(a.run(&["info"]).code, 0);
    let run = a.run(&["sql", "SELECT count(*) FROM timeline"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("views timeline differ"),
        "{}",
        run.stderr
    );
    let run = a.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("PROBLEM schema version: view timeline differs"),
        "{}",
        run.stdout
    );
    let run = a.run(&["migrate"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("views updated: timeline"),
        "{}",
        run.stdout
    );
    assert_eq!(view_sql(&a.conn(), "timeline"), current);
    let check = a.run(&["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    // Once recreated, a second migrate has nothing to do and writes nothing.
    let before = fingerprint(&a.path);
    let again = a.run(&["migrate"]);
    assert!(again.stdout.contains("up to date"), "{}", again.stdout);
    assert_eq!(fingerprint(&a.path), before);
}

/// Issue #12, item 11: a zero-byte file is not an archive to bring up to date; building one is
/// `init`'s job. The file stays as it is.
#[test]
fn a_zero_byte_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("zero.db");
    std::fs::write(&path, b"").unwrap();
    let run = run_in(dir.path(), &["--db", "zero.db", "migrate"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("zero-byte"), "{}", run.stderr);
    assert!(run.stderr.contains("init --force"), "{}", run.stderr);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
}

/// An archive whose `user_version` was reset to 0 has tables but no known version: migrating it
/// would run the first migration over its tables. Refused, unchanged.
#[test]
fn an_archive_with_its_version_reset_to_zero_is_refused() {
    let a = Archive::built();
    set_user_version(&a.path, 0);
    let before = fingerprint(&a.path);
    let run = a.run(&["migrate"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("schema version is 0"), "{}", run.stderr);
    assert!(!run.stderr.contains("bug"), "{}", run.stderr);
    assert_eq!(fingerprint(&a.path), before);
}
