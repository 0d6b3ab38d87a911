//! `frontline backup`: a complete, checked copy, reported by size and hash; never a partial one.

use super::*;

#[test]
fn backup_writes_a_checked_copy_and_reports_size_and_hash() {
    let a = Archive::built();
    let dest = a.dir.path().join("copy.db");
    let run = a.run(&["backup", dest.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = std::fs::read(&dest).unwrap();
    let line = run.stdout.lines().nth(1).unwrap();
    assert_eq!(
        line,
        format!("{},{},{}", dest.display(), bytes.len(), fingerprint(&dest))
    );
    let check = run_in(a.dir.path(), &["--db", dest.to_str().unwrap(), "check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    // Same answers from the copy.
    let ours = a.run(&["query", "zone-summary", "--format", "csv"]).stdout;
    let theirs = run_in(
        a.dir.path(),
        &[
            "--db",
            dest.to_str().unwrap(),
            "query",
            "zone-summary",
            "--format",
            "csv",
        ],
    )
    .stdout;
    assert_eq!(ours, theirs);
    let journal: String = rusqlite::Connection::open(&dest)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
}

#[test]
fn backup_refuses_to_replace_without_force() {
    let a = Archive::built();
    let dest = a.dir.path().join("copy.db");
    std::fs::write(&dest, "keep me").unwrap();
    let run = a.run(&["backup", dest.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("will not replace"), "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&dest).unwrap(), "keep me");
    let run = a.run(&["backup", dest.to_str().unwrap(), "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run_in(a.dir.path(), &["--db", dest.to_str().unwrap(), "check"]).code,
        0
    );
}

#[test]
fn backup_into_a_missing_directory_fails_cleanly() {
    let a = Archive::built();
    let before = archive_state(&a.path);
    let run = a.run(&["backup", "no/such/dir/copy.db"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("frontline: cannot back up to no/such/dir/copy.db"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
    assert_eq!(archive_state(&a.path), before);
}

#[test]
fn a_full_disk_during_backup_leaves_no_destination() {
    // `ulimit -f` makes writes past the limit fail, as a full disk does.
    let a = Archive::built();
    let before = archive_state(&a.path);
    let out = std::process::Command::new("bash")
        .current_dir(a.dir.path())
        .arg("-c")
        .arg(format!(
            "ulimit -f 64; exec '{}' --db archive.db backup copy.db",
            env!("CARGO_BIN_EXE_frontline")
        ))
        .output()
        .unwrap();
    let run: Run = out.into();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("frontline: cannot write copy.db"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("free some space"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1);
    assert!(!a.dir.path().join("copy.db").exists());
    assert!(
        files_in(a.dir.path()).iter().all(|f| !f.contains(".tmp-")),
        "{:?}",
        files_in(a.dir.path())
    );
    assert_eq!(archive_state(&a.path), before);
}

#[test]
fn backup_onto_the_archive_itself_is_refused() {
    let a = Archive::built();
    let before = archive_state(&a.path);
    let run = a.run(&["backup", a.path.to_str().unwrap(), "--force"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("onto itself"), "{}", run.stderr);
    assert_eq!(archive_state(&a.path), before);
}

/// Issue #12, item 3: the archive's side files (its write-ahead log, shared-memory index,
/// journal, kept `.bak` and lock file) are part of it; a backup onto one, directly or through a
/// symbolic link, would destroy a committed change. Each is refused and nothing changes.
#[test]
fn backup_onto_a_side_file_of_the_archive_is_refused() {
    let a = Archive::built();
    std::os::unix::fs::symlink(a.dir.path(), a.dir.path().join("here")).unwrap();
    std::os::unix::fs::symlink("archive.db", a.dir.path().join("link.db")).unwrap();
    std::os::unix::fs::symlink("archive.db-wal", a.dir.path().join("wal-link")).unwrap();
    // A committed change that lives only in the WAL while this connection stays open.
    let writer = rusqlite::Connection::open(&a.path).unwrap();
    writer
        .execute_batch(
            "PRAGMA wal_autocheckpoint = 0; CREATE TABLE test_note (x); INSERT INTO test_note VALUES ('kept');",
        )
        .unwrap();
    let before = archive_state(&a.path);
    for dest in [
        "archive.db-wal",
        "archive.db-shm",
        "archive.db-journal",
        "archive.db.bak",
        "archive.db.lock",
        "link.db",
        "wal-link",
        "here/archive.db-wal",
        "here/link.db",
    ] {
        let run = a.run(&["backup", dest, "--force"]);
        assert_eq!(run.code, 2, "{dest}: {}", run.stderr);
        assert!(
            run.stderr.starts_with("frontline: will not back up"),
            "{dest}: {}",
            run.stderr
        );
        assert_eq!(archive_state(&a.path), before, "{dest}");
    }
    drop(writer);
    let kept: String = a
        .conn()
        .query_row("SELECT x FROM test_note", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, "kept");
}

/// Another database's write-ahead log is no place for a backup either.
#[test]
fn backup_onto_any_databases_side_file_is_refused() {
    let a = Archive::built();
    let other = a.dir.path().join("other.db");
    std::fs::copy(&a.path, &other).unwrap();
    std::fs::write(a.dir.path().join("other.db-wal"), b"").unwrap();
    let run = a.run(&["backup", "other.db-wal", "--force"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("write-ahead log"), "{}", run.stderr);
}

/// Runs frontline with arguments that need not be UTF-8.
fn run_os(cwd: &Path, args: &[&std::ffi::OsStr]) -> Run {
    frontline()
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap()
        .into()
}

/// Issue #12, item 2: a directory whose name is not UTF-8 (`dir\xff`) beside the directory its
/// lossy spelling names (`dir\u{FFFD}`). Backup and restore write the very path they were given,
/// check that file, and leave the sibling alone.
#[test]
fn backup_and_restore_in_a_directory_whose_name_is_not_utf8() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let a = Archive::built();
    let raw = a.dir.path().join(OsStr::from_bytes(b"dir\xff"));
    let lossy = a.dir.path().join("dir\u{FFFD}");
    std::fs::create_dir(&raw).unwrap();
    std::fs::create_dir(&lossy).unwrap();
    let copy = raw.join("copy.db");
    let run = run_os(
        a.dir.path(),
        &[
            "--db".as_ref(),
            a.path.as_os_str(),
            "backup".as_ref(),
            copy.as_os_str(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(fingerprint(&copy).len(), 64);
    assert!(files_in(&lossy).is_empty(), "{:?}", files_in(&lossy));
    let check = run_os(
        a.dir.path(),
        &["--db".as_ref(), copy.as_os_str(), "check".as_ref()],
    );
    assert_eq!(check.code, 0, "{}", check.stdout);

    // The live archive in the non-UTF-8 directory, restored from the archive beside it.
    let live = raw.join("live.db");
    std::fs::copy(&a.path, &live).unwrap();
    rusqlite::Connection::open(&live)
        .unwrap()
        .execute_batch("CREATE TABLE test_note (x)")
        .unwrap();
    let run = run_os(
        a.dir.path(),
        &[
            "--db".as_ref(),
            live.as_os_str(),
            "restore".as_ref(),
            a.path.as_os_str(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(fingerprint(&live), fingerprint(&copy));
    assert!(raw.join("live.db.bak").is_file());
    assert!(files_in(&lossy).is_empty(), "{:?}", files_in(&lossy));
    let check = run_os(
        a.dir.path(),
        &["--db".as_ref(), live.as_os_str(), "check".as_ref()],
    );
    assert_eq!(check.code, 0, "{}", check.stdout);
}

/// SQLite reads a file name that starts with `file:` as a URI (`file:x/copy.db` would be
/// `x/copy.db`); frontline's paths are always file names.
#[test]
fn backup_and_restore_to_a_path_that_looks_like_a_uri() {
    let a = Archive::built();
    std::fs::create_dir(a.dir.path().join("file:x")).unwrap();
    std::fs::create_dir(a.dir.path().join("x")).unwrap();
    let run = a.run(&["backup", "file:x/copy.db"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(files_in(&a.dir.path().join("x")).is_empty());
    let run = run_in(a.dir.path(), &["--db", "file:x/copy.db", "check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let run = run_in(
        a.dir.path(),
        &["--db", "file:x/copy.db", "restore", "archive.db"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(a.dir.path().join("file:x/copy.db.bak").is_file());
    assert!(files_in(&a.dir.path().join("x")).is_empty());
}

/// Issue #12, item 10: backup runs check's content checks on the copy it wrote; an archive whose
/// article no longer matches its sha256 gives no backup (and says why).
#[test]
fn backup_of_an_archive_whose_content_fails_check_is_refused() {
    let a = Archive::built();
    rusqlite::Connection::open(&a.path)
        .unwrap()
        .execute_batch("UPDATE article SET sha256 = '0000000000000000000000000000000000000000000000000000000000000000'")
        .unwrap();
    let run = a.run(&["backup", "copy.db"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("sha256"), "{}", run.stderr);
    assert!(!a.dir.path().join("copy.db").exists());
    assert!(files_in(a.dir.path()).iter().all(|f| !f.contains(".tmp-")));
}

/// Issue #12, item 11: an empty database (zero bytes, or SQLite's empty file) is not an archive
/// worth a backup.
#[test]
fn backup_of_an_empty_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("zero.db"), b"").unwrap();
    rusqlite::Connection::open(dir.path().join("empty.db"))
        .unwrap()
        .execute_batch("PRAGMA user_version = 0; VACUUM")
        .unwrap();
    for db in ["zero.db", "empty.db"] {
        let run = run_in(dir.path(), &["--db", db, "backup", "copy.db"]);
        assert_eq!(run.code, 1, "{db}: {}", run.stderr);
        assert!(
            run.stderr.contains("empty database"),
            "{db}: {}",
            run.stderr
        );
        assert!(!dir.path().join("copy.db").exists());
    }
}

/// A backup of an archive at an older schema is a faithful copy: not migrated, and not refused
/// for its version.
#[test]
fn backup_of_an_older_archive_keeps_its_version() {
    let a = Archive::built();
    downgrade_to_v1(&a.path);
    let run = a.run(&["backup", "copy.db"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: i64 = rusqlite::Connection::open(a.dir.path().join("copy.db"))
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
}
