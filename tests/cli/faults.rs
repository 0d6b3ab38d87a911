//! Faults: processes killed at arbitrary moments, and readers and backups running beside a
//! writer. The kill tests print their counts; RELIABILITY.md records them. Set
//! FRONTLINE_KILL_TRIALS to run more trials than the default.

use super::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

fn trials() -> usize {
    std::env::var("FRONTLINE_KILL_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40)
}

/// How long `args` takes when left alone (the slowest of three runs).
fn duration_of(dir: &Path, args: &[&str], reset: &dyn Fn()) -> Duration {
    (0..3)
        .map(|_| {
            reset();
            let t = Instant::now();
            let run = run_in(dir, args);
            assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
            t.elapsed()
        })
        .max()
        .unwrap()
}

/// Starts `args` and kills it with SIGKILL after `delay`.
fn kill_after(dir: &Path, args: &[&str], delay: Duration) {
    let mut child = frontline()
        .current_dir(dir)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let _ = child.kill();
    let _ = child.wait();
}

#[derive(Default, Debug)]
struct Outcomes {
    untouched: usize,
    complete: usize,
}

/// Kills `args` at moments spread over its running time, `reset` before each trial, and asks
/// `judge` whether the target is untouched (`Some(false)`), complete (`Some(true)`) or neither.
fn kill_trials(
    what: &str,
    dir: &Path,
    args: &[&str],
    reset: &dyn Fn(),
    judge: &dyn Fn() -> Option<bool>,
) -> Outcomes {
    let span = duration_of(dir, args, reset).mul_f64(1.3);
    let n = trials();
    let mut outcomes = Outcomes::default();
    for i in 0..n {
        reset();
        kill_after(dir, args, span.mul_f64(i as f64 / n as f64));
        match judge() {
            Some(false) => outcomes.untouched += 1,
            Some(true) => outcomes.complete += 1,
            None => {
                panic!("{what}: trial {i} of {n} left the target neither untouched nor complete")
            }
        }
    }
    eprintln!(
        "kill test, {what}: {n} kills over {span:?}: {} untouched, {} complete, 0 corrupt",
        outcomes.untouched, outcomes.complete
    );
    outcomes
}

fn passes_check(dir: &Path, db: &str) -> bool {
    run_in(dir, &["--db", db, "check"]).code == 0
}

fn no_temporary_files_after_next_run(dir: &Path, args: &[&str]) {
    assert_eq!(run_in(dir, args).code, 0);
    let left: Vec<String> = files_in(dir)
        .into_iter()
        .filter(|f| f.contains(".tmp-"))
        .collect();
    assert!(
        left.is_empty(),
        "temporary files of killed runs were not cleaned: {left:?}"
    );
}

#[test]
fn init_killed_at_any_moment_leaves_the_old_archive_or_a_complete_one() {
    let fresh = Archive::built();
    let fresh_fp = fingerprint(&fresh.path);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    // The old archive differs from what init builds, so "untouched" and "complete" differ.
    let old = dir.path().join("old.template");
    std::fs::copy(&fresh.path, &old).unwrap();
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute_batch("CREATE TABLE test_note (x)")
        .unwrap();
    let old_fp = fingerprint(&old);
    let reset = || {
        atomic_copy(&old, &db);
    };
    let judge = || {
        let fp = fingerprint(&db);
        if fp == old_fp {
            Some(false)
        } else if fp == fresh_fp && passes_check(dir.path(), "a.db") {
            Some(true)
        } else {
            None
        }
    };
    let o = kill_trials(
        "init --force over an archive",
        dir.path(),
        &["--db", "a.db", "init", "--force"],
        &reset,
        &judge,
    );
    assert_eq!(o.untouched + o.complete, trials());
    no_temporary_files_after_next_run(dir.path(), &["--db", "a.db", "init", "--force"]);

    // Building where nothing was: absent or complete.
    let judge_new = || match fingerprint(&dir.path().join("b.db")).as_str() {
        "absent" => Some(false),
        fp if fp == fresh_fp && passes_check(dir.path(), "b.db") => Some(true),
        _ => None,
    };
    let reset_new = || atomic::discard(&dir.path().join("b.db"));
    kill_trials(
        "init of a new archive",
        dir.path(),
        &["--db", "b.db", "init"],
        &reset_new,
        &judge_new,
    );
}

#[test]
fn migrate_killed_at_any_moment_leaves_the_old_schema_or_the_new_one() {
    let a = Archive::built();
    let old = a.dir.path().join("v1.template");
    std::fs::copy(&a.path, &old).unwrap();
    downgrade_to_v1(&old);
    let views_now: i64 = a
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'view'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let db = a.dir.path().join("m.db");
    let reset = || atomic_copy(&old, &db);
    let judge = || {
        let conn = rusqlite::Connection::open(&db).ok()?;
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .ok()?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .ok()?;
        let views: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'view'",
                [],
                |r| r.get(0),
            )
            .ok()?;
        drop(conn);
        match (ok.as_str(), version, views) {
            ("ok", 1, 0) => Some(false),
            ("ok", v2, v)
                if v2 == latest_version()
                    && v == views_now
                    && passes_check(a.dir.path(), "m.db") =>
            {
                Some(true)
            }
            _ => None,
        }
    };
    kill_trials(
        "migrate from version 1",
        a.dir.path(),
        &["--db", "m.db", "migrate"],
        &reset,
        &judge,
    );
}

#[test]
fn backup_killed_at_any_moment_leaves_no_copy_or_a_complete_one() {
    let a = Archive::built();
    let dest = a.dir.path().join("copy.db");
    let reset = || atomic::discard(&dest);
    let judge = || match fingerprint(&dest).as_str() {
        "absent" => Some(false),
        _ if passes_check(a.dir.path(), "copy.db") => Some(true),
        _ => None,
    };
    kill_trials(
        "backup",
        a.dir.path(),
        &["--db", "archive.db", "backup", "copy.db"],
        &reset,
        &judge,
    );
    no_temporary_files_after_next_run(
        a.dir.path(),
        &["--db", "archive.db", "backup", "copy.db", "--force"],
    );
}

/// Copies `from` over `to` through a temporary file and removes `to`'s side files, so each trial
/// starts from exactly the template.
fn atomic_copy(from: &Path, to: &Path) {
    atomic::discard(to);
    let tmp = to.with_extension("copying");
    std::fs::copy(from, &tmp).unwrap();
    std::fs::rename(&tmp, to).unwrap();
}

/// Small file helpers shared by the kill tests.
mod atomic {
    use std::path::Path;

    /// Removes a database file and its side files.
    pub fn discard(db: &Path) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let mut p = db.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
}

/// A writer in this (test) process: batches of 50 rows, one transaction each, until stopped.
struct Writer {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<usize>>,
}

const BATCH: i64 = 50;

impl Writer {
    fn start(path: &Path) -> Writer {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch("CREATE TABLE churn (batch INTEGER NOT NULL, i INTEGER NOT NULL)")
            .unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            conn.busy_timeout(Duration::from_secs(5)).unwrap();
            let mut batch = 0;
            while !flag.load(Ordering::Relaxed) {
                batch += 1;
                let tx = conn.unchecked_transaction().unwrap();
                for i in 0..BATCH {
                    tx.execute("INSERT INTO churn (batch, i) VALUES (?1, ?2)", [batch, i])
                        .unwrap();
                }
                tx.commit().unwrap();
            }
            batch as usize
        });
        Writer {
            stop,
            thread: Some(thread),
        }
    }

    fn stop(mut self) -> usize {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.take().unwrap().join().unwrap()
    }
}

#[test]
fn backups_taken_during_writes_hold_a_state_that_existed() {
    let a = Archive::built();
    let writer = Writer::start(&a.path);
    std::thread::sleep(Duration::from_millis(100));
    let mut seen = Vec::new();
    for k in 0..5 {
        let name = format!("copy{k}.db");
        let run = a.run(&["backup", &name]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let copy = a.dir.path().join(&name);
        assert!(passes_check(a.dir.path(), &name), "backup {k} fails check");
        let conn = rusqlite::Connection::open(&copy).unwrap();
        let (batches, max, torn): (i64, i64, i64) = conn
            .query_row(
                "SELECT count(DISTINCT batch), coalesce(max(batch), 0), \
                 (SELECT count(*) FROM (SELECT batch FROM churn GROUP BY batch HAVING count(*) <> ?1)) FROM churn",
                [BATCH],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(torn, 0, "backup {k} holds a half-written batch");
        assert_eq!(batches, max, "backup {k} holds batches 1..{max} with gaps");
        seen.push(max);
    }
    let written = writer.stop();
    assert!(
        written > 0 && seen.iter().any(|&m| m > 0),
        "the writer must have been writing: {seen:?}"
    );
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "later backups hold later states: {seen:?}"
    );
}

#[test]
fn many_readers_beside_a_writer_all_succeed() {
    let a = Archive::built();
    let expected = a.run(&["query", "zone-summary", "--format", "csv"]).stdout;
    let writer = Writer::start(&a.path);
    let readers: Vec<std::process::Child> = (0..12)
        .map(|_| {
            frontline()
                .args([
                    "--db",
                    a.path.to_str().unwrap(),
                    "query",
                    "zone-summary",
                    "--format",
                    "csv",
                ])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for r in readers {
        let run: Run = r.wait_with_output().unwrap().into();
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stdout, expected);
    }
    assert!(writer.stop() > 0);
}

fn articles_in(db: &Path) -> i64 {
    rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| c.query_row("SELECT count(*) FROM article", [], |r| r.get(0)))
        .unwrap_or(-1)
}

fn spawn_in(dir: &Path, args: &[&str]) -> std::process::Child {
    frontline()
        .current_dir(dir)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Issue #12, item 1: an import that has started (and is still reading its input) must not be
/// replaced by a restore. Either the import lands (in the archive, or in the `.bak` a later
/// restore keeps) or it fails loudly; it never reports success and vanishes.
#[test]
fn a_restore_during_an_import_never_loses_the_import_silently() {
    replacing_during_an_import(&["restore", "backup.db"]);
}

/// `init --force` replaces the archive the same way, and waits for a running import the same way.
#[test]
fn an_init_force_during_an_import_never_loses_the_import_silently() {
    replacing_during_an_import(&["init", "--force"]);
}

/// Runs `replace` while a slow import (many articles) is under way, then lets the import finish.
/// An import that reports success has its articles in the archive, or (restore) in the `.bak`:
/// restore and `init --force` wait for the import's lock, so they replace the archive only once the
/// import has committed or failed. (`init --force` then discards the import by design.)
fn replacing_during_an_import(replace: &[&str]) {
    let a = Archive::built();
    assert_eq!(a.run(&["backup", "backup.db"]).code, 0);
    let template = a.dir.path().join("archive.template");
    std::fs::copy(&a.path, &template).unwrap();
    let many = a.dir.path().join("many");
    super::import::synth(&many, 80, 2);
    let import_args = ["--db", "archive.db", "import", "many"];
    let span = duration_of(a.dir.path(), &import_args, &|| {
        atomic_copy(&template, &a.path)
    });
    atomic_copy(&template, &a.path);
    let bak = a.dir.path().join("archive.db.bak");
    atomic::discard(&bak);
    let import = spawn_in(a.dir.path(), &import_args);
    std::thread::sleep(span.mul_f64(0.3));
    let replaced = a.run(replace);
    let import: Run = import.wait_with_output().unwrap().into();
    assert!(
        replaced.code == 0 || replaced.stderr.contains("another"),
        "{replace:?}: {}",
        replaced.stderr
    );
    if import.code == 0 && replace[0] == "restore" {
        assert!(
            articles_in(&a.path) == 81 || articles_in(&bak) == 81,
            "import reported success ({}) but its articles are in neither the archive nor the .bak ({replace:?} said: {})",
            import.stderr,
            replaced.stderr
        );
    }
    if import.code != 0 {
        assert!(
            import.stderr.starts_with("frontline: "),
            "{}",
            import.stderr
        );
    }
    assert!(passes_check(a.dir.path(), "archive.db"));
}

/// A writer whose archive is replaced under it by another program (here a plain rename, as `mv`
/// or `cp` over the file would do) fails instead of committing into the replaced file. The
/// rename lands at moments spread over a slow import of many articles; whenever the import was
/// still running, it must fail and leave the other file as it was.
#[test]
fn an_import_whose_archive_is_replaced_under_it_fails() {
    let a = Archive::built();
    let template = a.dir.path().join("archive.template");
    std::fs::copy(&a.path, &template).unwrap();
    // Another archive, different from this one, to move over it while the import runs.
    let other_template = a.dir.path().join("other.template");
    std::fs::copy(&a.path, &other_template).unwrap();
    rusqlite::Connection::open(&other_template)
        .unwrap()
        .execute_batch("CREATE TABLE test_note (x); INSERT INTO test_note VALUES ('other')")
        .unwrap();
    let many = a.dir.path().join("many");
    super::import::synth(&many, 80, 2);
    let import_args = ["--db", "archive.db", "import", "many"];
    let reset = || atomic_copy(&template, &a.path);
    let span = duration_of(a.dir.path(), &import_args, &reset);
    let other = a.dir.path().join("other.db");
    let mut refused = 0;
    for tenth in 1..=6 {
        reset();
        std::fs::copy(&other_template, &other).unwrap();
        let import = spawn_in(a.dir.path(), &import_args);
        std::thread::sleep(span.mul_f64(f64::from(tenth) / 10.0));
        std::fs::rename(&other, &a.path).unwrap();
        let import: Run = import.wait_with_output().unwrap().into();
        if import.code != 0 {
            refused += 1;
            assert_eq!(import.code, 1, "{}", import.stderr);
            assert!(import.stderr.contains("was replaced"), "{}", import.stderr);
            // Nothing went into the file that took the archive's place.
            assert_eq!(articles_in(&a.path), 1);
        }
    }
    assert!(
        refused > 0,
        "the rename never landed while the import ran; the trial did not test anything"
    );
}

/// The same race at moments spread over an import of many articles: whatever the moment, the
/// import's articles end in the archive or in the restore's `.bak`, and the archive passes check.
#[test]
fn restores_at_any_moment_of_an_import_keep_the_import() {
    let a = Archive::built();
    assert_eq!(a.run(&["backup", "backup.db"]).code, 0);
    let template = a.dir.path().join("archive.template");
    std::fs::copy(&a.path, &template).unwrap();
    let many = a.dir.path().join("many");
    super::import::synth(&many, 80, 2);
    let bak = a.dir.path().join("archive.db.bak");
    let reset = || {
        atomic_copy(&template, &a.path);
        atomic::discard(&bak);
    };
    let import_args = ["--db", "archive.db", "import", "many"];
    let span = duration_of(a.dir.path(), &import_args, &reset).mul_f64(1.3);
    let n = (trials() / 4).max(4);
    let (mut restored, mut waited) = (0, 0);
    for i in 0..n {
        reset();
        let import = spawn_in(a.dir.path(), &import_args);
        std::thread::sleep(span.mul_f64(i as f64 / n as f64));
        let restore = a.run(&["restore", "backup.db"]);
        let import: Run = import.wait_with_output().unwrap().into();
        assert_eq!(import.code, 0, "trial {i}: {}", import.stderr);
        match restore.code {
            0 => restored += 1,
            _ => {
                assert!(restore.stderr.contains("another"), "{}", restore.stderr);
                waited += 1;
            }
        }
        assert!(
            articles_in(&a.path) == 81 || articles_in(&bak) == 81,
            "trial {i}: the imported articles are in neither the archive nor the .bak"
        );
        assert!(passes_check(a.dir.path(), "archive.db"), "trial {i}");
    }
    eprintln!(
        "restore during import: {n} trials over {span:?}: {restored} restored after the import, {waited} refused while it ran, 0 lost"
    );
}
