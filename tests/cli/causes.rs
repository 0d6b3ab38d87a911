//! Messages that name the real cause (issue #12, item 9): a lock, a full disk, a read-only file or
//! directory, a path too long. Each used to be blamed on the seed ("correct the seed") or on
//! frontline ("report this as a bug"), or came without a fix.
//!
//! Tests run as root here, and root ignores file permissions: the read-only cases run frontline as
//! `nobody` when the test runs as root (as any other user, permissions bind already). The full
//! disk is a file size limit (`ulimit -f`), which binds root too.

use super::*;
use std::os::unix::process::CommandExt;

/// Words no message about the archive file may contain.
const WRONG_BLAME: [&str; 2] = ["correct the seed", "report this as a bug"];

fn assert_blames_the_archive(run: &Run, expect: &[&str]) {
    assert_eq!(
        run.code, 1,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(
        run.stderr.starts_with("frontline: ") && run.stderr.trim_end().lines().count() == 1,
        "{}",
        run.stderr
    );
    for wrong in WRONG_BLAME {
        assert!(
            !run.stderr.contains(wrong),
            "blames the wrong thing: {}",
            run.stderr
        );
    }
    for words in expect {
        assert!(
            run.stderr.contains(words),
            "no {words:?} in: {}",
            run.stderr
        );
    }
}

/// One generated article directory (not in the seed), to import.
fn one_article(dir: &Path) -> PathBuf {
    let out = dir.join("new");
    super::import::synth(&out, 1, 2);
    out
}

/// frontline run in `dir` by a user whom file permissions bind: `nobody` when the test runs as
/// root. The directory is opened to that user; when the binary is not reachable by it (a build
/// under a private home), a copy in `dir` is run.
fn unprivileged(dir: &Path, args: &[&str]) -> Run {
    use std::os::unix::fs::PermissionsExt;
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let mut exe = PathBuf::from(env!("CARGO_BIN_EXE_frontline"));
    if root {
        let mode = std::fs::metadata(dir).unwrap().permissions().mode();
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode | 0o755)).unwrap();
        let reachable = Command::new(&exe)
            .arg("--version")
            .uid(65534)
            .gid(65534)
            .output()
            .is_ok_and(|o| o.status.success());
        if !reachable {
            let copy = dir.parent().unwrap().join("frontline-bin");
            if !copy.exists() {
                std::fs::copy(&exe, &copy).unwrap();
            }
            exe = copy;
        }
    }
    let mut cmd = Command::new(exe);
    cmd.env_remove("FRONTLINE_DB").current_dir(dir).args(args);
    if root {
        cmd.uid(65534).gid(65534);
    }
    cmd.output().expect("cannot start frontline").into()
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Runs frontline under a file size limit of `blocks` (the shell's unit); frontline ignores
/// SIGXFSZ, so a write past the limit fails as on a full disk.
fn with_file_size_limit(dir: &Path, blocks: u32, args: &[&str]) -> Run {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -f {blocks}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_frontline"))
        .args(args)
        .env_remove("FRONTLINE_DB")
        .current_dir(dir)
        .output()
        .expect("cannot start sh")
        .into()
}

/// A busy archive: import and `import --dry-run` wait for the lock (the busy timeout), then say
/// that another process holds it and nothing was written. The dry run did not wait, and blamed the
/// seed.
#[test]
fn a_locked_archive_during_import_is_waited_for_then_reported_as_locked() {
    let a = Archive::built();
    let new = one_article(a.dir.path());
    let before = archive_state(&a.path);
    let holder = rusqlite::Connection::open(&a.path).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; CREATE TABLE held (x);")
        .unwrap();
    for args in [vec!["import", "--dry-run"], vec!["import"]] {
        let mut args = args;
        args.push(new.to_str().unwrap());
        let started = std::time::Instant::now();
        let run = a.run(&args);
        assert!(
            started.elapsed() >= std::time::Duration::from_secs(4),
            "{args:?} did not wait for the lock: {}",
            run.stderr
        );
        assert_blames_the_archive(
            &run,
            &["another process holds a lock on", "nothing was changed"],
        );
    }
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(archive_state(&a.path), before);
    assert_eq!(a.run(&["import", new.to_str().unwrap()]).code, 0);
}

/// A full disk (a file size limit) while `init` writes its migrations, while the seed loader
/// inserts rows, and while an import commits: each says a write failed and why, never "correct
/// the seed" or "report this as a bug", and leaves no archive or temporary file behind.
#[test]
fn a_full_disk_is_reported_as_a_full_disk() {
    let dir = tempfile::tempdir().unwrap();
    let many = dir.path().join("many");
    // More rows than a load's page cache holds (8 MiB; 200 articles fill about 6 MB).
    super::import::synth(&many, 400, 2);
    let limit = ["file size limit", "free some space"];
    // The migrations write first: a limit of 8 KiB or less stops them.
    let run = with_file_size_limit(dir.path(), 16, &["--db", "a.db", "init"]);
    assert_blames_the_archive(&run, &limit);
    // A seed larger than the page cache spills rows to the file while the loader inserts.
    let run = with_file_size_limit(
        dir.path(),
        2000,
        &["--db", "b.db", "init", "--seed", "many"],
    );
    assert_blames_the_archive(&run, &limit);
    assert!(run.stderr.contains("cannot write "), "{}", run.stderr);
    assert_eq!(files_in(dir.path()), ["many"]);
    // An import commits into the WAL: the commit fails, and the archive keeps what it had.
    let a = Archive::built();
    let before = archive_state(&a.path);
    let run = with_file_size_limit(
        a.dir.path(),
        2000,
        &["--db", "archive.db", "import", many.to_str().unwrap()],
    );
    assert_blames_the_archive(&run, &limit);
    assert_eq!(archive_state(&a.path), before);
    assert_eq!(a.run(&["check", "--quick"]).code, 0);
}

/// A read-only archive file, in a writable directory: import, its dry run and migrate say the
/// file is read-only and how to make it writable; they blamed the seed and asked for a bug report.
#[test]
fn a_read_only_archive_is_reported_as_read_only() {
    let a = Archive::built();
    let new = one_article(a.dir.path());
    set_mode(a.dir.path(), 0o777);
    set_mode(&a.path, 0o444);
    let before = fingerprint(&a.path);
    let new = new.to_str().unwrap();
    for args in [
        vec!["--db", "archive.db", "import", new],
        vec!["--db", "archive.db", "import", "--dry-run", new],
    ] {
        let run = unprivileged(a.dir.path(), &args);
        assert_blames_the_archive(&run, &["archive.db is read-only", "chmod u+w archive.db"]);
    }
    set_mode(&a.path, 0o644);
    downgrade_to_v1(&a.path);
    set_mode(&a.path, 0o444);
    let v1 = fingerprint(&a.path);
    let run = unprivileged(a.dir.path(), &["--db", "archive.db", "migrate"]);
    assert_blames_the_archive(&run, &["archive.db is read-only", "chmod u+w archive.db"]);
    assert_eq!(fingerprint(&a.path), v1);
    assert_ne!(before, v1);
}

/// A WAL archive in a directory the user cannot write: SQLite cannot create its `-wal` and `-shm`,
/// even to read. Readers and writers say so, and to copy the archive or open the directory.
#[test]
fn a_wal_archive_in_a_read_only_directory_says_why_and_what_to_do() {
    let a = Archive::built();
    let new = one_article(a.dir.path());
    let before = fingerprint(&a.path);
    set_mode(a.dir.path(), 0o555);
    let expect = [
        "in a directory frontline cannot write",
        "archive.db-wal",
        "copy the archive to a writable directory",
    ];
    for args in [
        vec!["--db", "archive.db", "info"],
        vec!["--db", "archive.db", "query", "organizations"],
        vec!["--db", "archive.db", "import", new.to_str().unwrap()],
    ] {
        let run = unprivileged(a.dir.path(), &args);
        assert_blames_the_archive(&run, &expect);
    }
    set_mode(a.dir.path(), 0o755);
    assert_eq!(fingerprint(&a.path), before);
}

/// A file name that leaves no room for the files beside it (`-journal`, `.NAME.tmp-PID`), and a
/// path longer than SQLite opens: `init` asked for a bug report or said "check that the directory
/// exists and is writable"; readers and import gave no fix.
#[test]
fn a_path_too_long_says_how_long_it_may_be() {
    let a = Archive::built();
    let new = one_article(a.dir.path());
    let dir = a.dir.path();
    for len in [240, 250] {
        let name = format!("{}.db", "a".repeat(len));
        let run = run_in(dir, &["--db", &name, "init"]);
        assert_blames_the_archive(&run, &["a name of at most 234 bytes"]);
        std::fs::copy(&a.path, dir.join(&name)).unwrap();
        for args in [vec!["info"], vec!["import", new.to_str().unwrap()]] {
            let mut all = vec!["--db", name.as_str()];
            all.extend_from_slice(&args);
            let run = run_in(dir, &all);
            // A name with room for SQLite's files (240) works where nothing else is made.
            if len == 240 {
                assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
            } else {
                assert_blames_the_archive(&run, &["a name of at most 234 bytes"]);
            }
        }
        std::fs::remove_file(dir.join(&name)).unwrap();
    }
    // Three directories of 200 bytes: over SQLite's 512, well under the system's PATH_MAX.
    let deep = ["d".repeat(200), "d".repeat(200), "d".repeat(200)]
        .iter()
        .collect::<PathBuf>();
    std::fs::create_dir_all(dir.join(&deep)).unwrap();
    let db = deep.join("archive.db");
    std::fs::copy(&a.path, dir.join(&db)).unwrap();
    let db = db.to_str().unwrap();
    for args in [
        vec!["--db", db, "info"],
        vec!["--db", db, "import", new.to_str().unwrap()],
        vec!["--db", db, "migrate"],
    ] {
        let run = run_in(dir, &args);
        assert_blames_the_archive(&run, &["SQLite opens paths of at most 512 bytes", "move "]);
    }
    std::fs::remove_file(dir.join(db)).unwrap();
    let run = run_in(dir, &["--db", db, "init"]);
    assert_blames_the_archive(&run, &["SQLite opens paths of at most 512 bytes"]);
    assert!(files_in(&dir.join(&deep)).is_empty());
}
