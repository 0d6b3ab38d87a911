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

fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// Issue #12, item 11: restore replaces the archive's content, not its file properties: a
/// read-only archive stays read-only, and a symbolic link keeps pointing at the archive, whose
/// target is what is replaced.
#[test]
fn restore_keeps_the_mode_and_replaces_a_links_target() {
    use std::os::unix::fs::PermissionsExt;
    let a = Archive::built();
    let backup = a.dir.path().join("backup.db");
    mark(&a.path, "at backup time");
    assert_eq!(a.run(&["backup", backup.to_str().unwrap()]).code, 0);
    mark(&a.path, "later");
    std::fs::set_permissions(&a.path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = a.run(&["restore", "backup.db"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(mode_of(&a.path), 0o444);
    assert_eq!(note(&a.path), "at backup time");

    std::fs::set_permissions(&a.path, std::fs::Permissions::from_mode(0o640)).unwrap();
    mark(&a.path, "later");
    let link = a.dir.path().join("link.db");
    std::os::unix::fs::symlink("archive.db", &link).unwrap();
    let run = run_in(a.dir.path(), &["--db", "link.db", "restore", "backup.db"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(note(&a.path), "at backup time");
    assert_eq!(mode_of(&a.path), 0o640);
    assert_eq!(note(&a.dir.path().join("archive.db.bak")), "later");
}

/// Restoring from the archive's own side files is refused; from its `.bak` (undoing the last
/// restore) is allowed.
#[test]
fn restore_from_a_side_file_is_refused_but_from_the_bak_allowed() {
    let a = Archive::built();
    std::os::unix::fs::symlink("archive.db", a.dir.path().join("link.db")).unwrap();
    let before = archive_state(&a.path);
    for src in [
        "link.db",
        "archive.db-wal",
        "archive.db-shm",
        "archive.db.lock",
    ] {
        if src != "link.db" {
            std::fs::copy(&a.path, a.dir.path().join(src)).unwrap();
        }
        let run = a.run(&["restore", src]);
        assert_eq!(run.code, 2, "{src}: {}", run.stderr);
        assert!(
            run.stderr.starts_with("frontline: will not restore"),
            "{src}: {}",
            run.stderr
        );
        if src != "link.db" {
            std::fs::remove_file(a.dir.path().join(src)).unwrap();
        }
        assert_eq!(archive_state(&a.path), before, "{src}");
    }
    mark(&a.path, "first");
    assert_eq!(a.run(&["backup", "backup.db"]).code, 0);
    mark(&a.path, "second");
    assert_eq!(a.run(&["restore", "backup.db"]).code, 0);
    let run = a.run(&["restore", "archive.db.bak"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(note(&a.path), "second");
    assert_eq!(note(&a.dir.path().join("archive.db.bak")), "first");
}

/// A `--db` naming another database's write-ahead log is not a place to restore to.
#[test]
fn restore_to_a_side_file_is_refused() {
    let a = Archive::built();
    std::fs::write(a.dir.path().join("archive.db-wal"), b"").unwrap();
    let run = run_in(
        a.dir.path(),
        &["--db", "archive.db-wal", "restore", "archive.db"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("write-ahead log"), "{}", run.stderr);
}

/// An archive at schema version 2: version 1 with the second migration applied.
fn downgrade_to_v2(path: &Path) {
    downgrade_to_v1(path);
    let sql = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/0002_named_queries.sql"),
    )
    .unwrap();
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(&sql).unwrap();
    conn.pragma_update(None, "user_version", 2).unwrap();
}

/// Issue #12, item 10: a backup of an older schema is brought up to date on its way in, so the
/// live archive is always one this frontline reads. The backup itself is not changed.
#[test]
fn restoring_an_older_archive_migrates_the_copy() {
    for (version, downgrade) in [(1, downgrade_to_v1 as fn(&Path)), (2, downgrade_to_v2)] {
        let a = Archive::built();
        let old = a.dir.path().join("old.db");
        std::fs::copy(&a.path, &old).unwrap();
        downgrade(&old);
        let old_fp = fingerprint(&old);
        let run = a.run(&["restore", "old.db"]);
        assert_eq!(run.code, 0, "v{version}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("schema version {version}")),
            "v{version}: {}",
            run.stderr
        );
        let check = a.run(&["check"]);
        assert_eq!(check.code, 0, "v{version}: {}", check.stdout);
        let now: i64 = a
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(now, latest_version());
        assert_eq!(a.run(&["query", "zone-summary"]).code, 0);
        assert_eq!(fingerprint(&old), old_fp, "the backup is not changed");
    }
}

/// A frontline archive whose `user_version` was reset to 0 holds tables of an unknown version:
/// refused, and the live archive is unchanged.
#[test]
fn restoring_an_archive_of_version_zero_is_refused() {
    let a = Archive::built();
    let zero = a.dir.path().join("zero.db");
    std::fs::copy(&a.path, &zero).unwrap();
    rusqlite::Connection::open(&zero)
        .unwrap()
        .pragma_update(None, "user_version", 0)
        .unwrap();
    let before = archive_state(&a.path);
    let run = a.run(&["restore", "zero.db"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("schema version is 0"), "{}", run.stderr);
    assert_eq!(archive_state(&a.path), before);
}

/// Issue #12, item 10: restore runs check's content checks, not only SQLite's integrity check: an
/// article whose text no longer matches its sha256 is not restored.
#[test]
fn restoring_a_backup_whose_content_fails_check_changes_nothing() {
    let a = Archive::built();
    let bad = a.dir.path().join("bad.db");
    std::fs::copy(&a.path, &bad).unwrap();
    rusqlite::Connection::open(&bad)
        .unwrap()
        .execute_batch("UPDATE article SET sha256 = '0000000000000000000000000000000000000000000000000000000000000000'")
        .unwrap();
    let before = archive_state(&a.path);
    let run = a.run(&["restore", "bad.db"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("sha256"), "{}", run.stderr);
    assert!(
        run.stderr.contains("archive was not changed"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert_eq!(archive_state(&a.path), before);
}
