//! `frontline restore`: a checked backup replaces the archive; the old one is kept.

use super::*;

/// Adds a note table to an archive so that two archives differ (both still pass `check`).
fn mark(path: &Path, note: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(&format!("CREATE TABLE IF NOT EXISTS test_note (x); DELETE FROM test_note; INSERT INTO test_note VALUES ('{note}');"))
        .unwrap();
}

fn note(path: &Path) -> String {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("SELECT x FROM test_note", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn restore_replaces_the_archive_and_keeps_the_old_one() {
    let a = Archive::built();
    let backup = a.dir.path().join("backup.db");
    mark(&a.path, "at backup time");
    assert_eq!(a.run(&["backup", backup.to_str().unwrap()]).code, 0);
    mark(&a.path, "later");
    let run = a.run(&["restore", backup.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("archive.db.bak"), "{}", run.stderr);
    assert_eq!(note(&a.path), "at backup time");
    assert_eq!(note(&a.dir.path().join("archive.db.bak")), "later");
    assert_eq!(a.run(&["check"]).code, 0);
}

#[test]
fn restore_no_keep_keeps_nothing() {
    let a = Archive::built();
    let backup = a.dir.path().join("backup.db");
    assert_eq!(a.run(&["backup", backup.to_str().unwrap()]).code, 0);
    let run = a.run(&["restore", backup.to_str().unwrap(), "--no-keep"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!a.dir.path().join("archive.db.bak").exists());
    assert_eq!(a.run(&["check"]).code, 0);
}

#[test]
fn restore_creates_a_missing_archive() {
    let a = Archive::built();
    let other = a.dir.path().join("new.db");
    let run = run_in(
        a.dir.path(),
        &[
            "--db",
            other.to_str().unwrap(),
            "restore",
            a.path.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run_in(a.dir.path(), &["--db", other.to_str().unwrap(), "check"]).code,
        0
    );
}

#[test]
fn restoring_a_newer_or_foreign_file_changes_nothing() {
    let a = Archive::built();
    let foreign = a.dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    let newer = a.dir.path().join("newer.db");
    std::fs::copy(&a.path, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = archive_state(&a.path);
    for (src, expect) in [
        (&foreign, "is not a frontline archive"),
        (&newer, "newer than"),
    ] {
        let run = a.run(&["restore", src.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{}", src.display());
        assert!(run.stderr.contains(expect), "{}", run.stderr);
        assert_eq!(archive_state(&a.path), before);
        assert!(!a.dir.path().join("archive.db.bak").exists());
    }
}

#[test]
fn restoring_the_archive_from_itself_is_refused() {
    let a = Archive::built();
    let before = archive_state(&a.path);
    let run = a.run(&["restore", a.path.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("from itself"), "{}", run.stderr);
    assert_eq!(archive_state(&a.path), before);
    assert!(!a.dir.path().join("archive.db.bak").exists());
}
