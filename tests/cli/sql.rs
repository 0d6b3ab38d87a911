//! `frontline sql`: ad-hoc statements, parameters, and the read-only layers.

use super::*;

/// What the archive holds: its file's bytes, plus anything a write-ahead log holds beside it.
fn state(a: &Archive) -> String {
    archive_state(&a.path)
}

#[test]
fn a_select_prints_rows_in_the_chosen_format() {
    let a = Archive::built();
    let run = a.run(&[
        "sql",
        "SELECT name, name_en FROM zone WHERE id <= 2 ORDER BY id",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "name,name_en\r\n成都高新区,Chengdu Hi-tech Zone\r\n合肥高新区,Hefei Hi-tech Zone\r\n"
    );
}

#[test]
fn writes_and_escapes_are_refused_and_change_nothing() {
    let a = Archive::built();
    let before = state(&a);
    for statement in [
        "DELETE FROM zone",
        "INSERT INTO zone (name, name_en, city, city_en, province, province_en) VALUES ('x','y','z','w','v','u')",
        "UPDATE figure SET value = 0",
        "DROP TABLE citation",
        "DROP VIEW party_members_per_zone",
        "CREATE TABLE t (x)",
        "CREATE TEMP TABLE t (x)",
        "ALTER TABLE zone ADD COLUMN x",
        "ATTACH DATABASE 'other.db' AS other",
        "PRAGMA user_version = 7",
        "PRAGMA query_only = 0",
        "PRAGMA journal_mode = WAL",
        "PRAGMA foreign_keys = OFF",
        "SELECT load_extension('libevil')",
        "VACUUM",
        "VACUUM INTO 'copy.db'",
        "REINDEX",
        "ANALYZE",
        "BEGIN IMMEDIATE",
    ] {
        let run = a.run(&["sql", statement]);
        assert_eq!(run.code, 1, "{statement}: {}", run.stdout);
        assert!(
            run.stderr.starts_with("frontline: statement refused"),
            "{statement}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("only reads"),
            "{statement}: {}",
            run.stderr
        );
        assert_eq!(run.stdout, "", "{statement}");
        assert_eq!(state(&a), before, "{statement} changed the archive");
    }
}

#[test]
fn reading_pragmas_are_allowed() {
    let a = Archive::built();
    let run = a.run(&["sql", "PRAGMA table_info(zone)", "--format", "tsv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.lines().any(|l| l.contains("name_en")),
        "{}",
        run.stdout
    );
    let run = a.run(&[
        "sql",
        "SELECT count(*) AS n FROM pragma_table_info('figure')",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = a.run(&["sql", "PRAGMA user_version", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A setting pragma without a value only reads it, whatever SQLite says of its statement.
    let run = a.run(&["sql", "PRAGMA journal_mode", "--format", "csv"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "journal_mode\r\nwal\r\n"),
        "{}",
        run.stderr
    );
    for pragma in [
        "application_id",
        "encoding",
        "foreign_keys",
        "page_size",
        "query_only",
        "schema_version",
    ] {
        let run = a.run(&["sql", &format!("PRAGMA {pragma}")]);
        assert_eq!(run.code, 0, "{pragma}: {}", run.stderr);
    }
    // With a value it would change a setting.
    let before = state(&a);
    let run = a.run(&["sql", "PRAGMA journal_mode = DELETE"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(state(&a), before);
}

#[test]
fn a_second_statement_is_a_usage_error_even_when_it_would_write() {
    let a = Archive::built();
    let before = state(&a);
    for sql in [
        "SELECT 1; DROP TABLE zone",
        "SELECT 1; DELETE FROM zone",
        "SELECT 1;; SELECT 2",
        "SELECT 1; SELEC 2",
    ] {
        let run = a.run(&["sql", sql]);
        assert_eq!(run.code, 2, "{sql}: {}", run.stderr);
        assert!(
            run.stderr.contains("more than one statement"),
            "{sql}: {}",
            run.stderr
        );
    }
    assert_eq!(state(&a), before);
}

#[test]
fn a_statement_may_start_with_a_comment() {
    let a = Archive::built();
    let run = a.run(&[
        "sql",
        "-- zones\nSELECT count(*) AS n FROM zone",
        "--format",
        "csv",
    ]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "n\r\n8\r\n"),
        "{}",
        run.stderr
    );
    let run = a.run(&["sql", "--format", "csv", "--", "-- zones\nSELECT 1 AS n"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "n\r\n1\r\n"),
        "{}",
        run.stderr
    );
    // A misspelt option is still an error, not a statement.
    let run = a.run(&["sql", "SELECT 1", "--formt", "csv"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
}

#[test]
fn a_nul_in_the_statement_is_refused_not_cut_off() {
    let a = Archive::built();
    let file = a.dir.path().join("two.sql");
    std::fs::write(&file, b"SELECT 1 AS n;\0 DELETE FROM zone").unwrap();
    let run = a.run(&["sql", "--file", file.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("NUL"), "{}", run.stderr);
    let run = frontline()
        .current_dir(a.dir.path())
        .args(["--db", "archive.db", "sql", "-"])
        .stdin(std::fs::File::open(&file).unwrap())
        .output()
        .unwrap();
    let run = Run::from(run);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("NUL"), "{}", run.stderr);
}

#[test]
fn more_than_one_statement_is_a_usage_error() {
    let a = Archive::built();
    let before = state(&a);
    let run = a.run(&["sql", "SELECT 1; DELETE FROM zone"]);
    assert!(run.code != 0);
    let run = a.run(&["sql", "SELECT 1; SELECT 2"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("more than one statement"),
        "{}",
        run.stderr
    );
    // A trailing semicolon or comment is still one statement.
    let run = a.run(&["sql", "SELECT 1 AS one; -- done", "--format", "csv"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "one\r\n1\r\n"));
    assert_eq!(state(&a), before);
}

#[test]
fn sql_errors_show_sqlites_message() {
    let a = Archive::built();
    let run = a.run(&["sql", "SELEC name FROM zone"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("syntax error"), "{}", run.stderr);
    let run = a.run(&["sql", "SELECT nope FROM zone"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("no such column: nope"),
        "{}",
        run.stderr
    );
    let run = a.run(&["sql", "   "]);
    assert_eq!(run.code, 2);
}

#[test]
fn parameters_are_bound_never_spliced() {
    let a = Archive::built();
    let run = a.run(&[
        "sql",
        "SELECT name_en FROM zone WHERE name = :zone",
        "--param",
        "zone=西安高新区",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "name_en\r\nXi'an Hi-tech Zone\r\n");
    // An injection attempt is just a string that matches nothing.
    let run = a.run(&[
        "sql",
        "SELECT count(*) AS n FROM zone WHERE name = :z",
        "-p",
        "z=x' OR '1'='1",
        "-f",
        "csv",
    ]);
    assert_eq!(run.stdout, "n\r\n0\r\n");
    // Integers are bound as integers.
    let run = a.run(&[
        "sql",
        "SELECT name FROM zone ORDER BY id LIMIT :n",
        "-p",
        "n=2",
        "-f",
        "csv",
    ]);
    assert_eq!(run.stdout, "name\r\n成都高新区\r\n合肥高新区\r\n");
}

#[test]
fn missing_unused_and_malformed_parameters_are_usage_errors() {
    let a = Archive::built();
    let run = a.run(&["sql", "SELECT :a"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("parameter :a has no value"),
        "{}",
        run.stderr
    );
    let run = a.run(&["sql", "SELECT 1", "--param", "b=2"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--param b is not used"),
        "{}",
        run.stderr
    );
    let run = a.run(&["sql", "SELECT :a", "--param", "a"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("NAME=VALUE"), "{}", run.stderr);
    let run = a.run(&["sql", "SELECT ?"]);
    assert_eq!(run.code, 2);
}

#[test]
fn the_statement_can_come_from_stdin_or_a_file() {
    use std::io::Write;
    use std::process::Stdio;
    let a = Archive::built();
    let mut child = frontline()
        .args([
            "--db",
            a.path.to_str().unwrap(),
            "sql",
            "-",
            "--format",
            "csv",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"SELECT count(*) AS zones FROM zone\n")
        .unwrap();
    let run: Run = child.wait_with_output().unwrap().into();
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "zones\r\n8\r\n"),
        "{}",
        run.stderr
    );

    let file = a.dir.path().join("q.sql");
    std::fs::write(
        &file,
        "-- people named per zone\nSELECT count(*) AS people FROM person;\n",
    )
    .unwrap();
    let run = a.run(&["sql", "--file", file.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "people\r\n11\r\n"),
        "{}",
        run.stderr
    );
    let run = a.run(&["sql", "--file", "missing.sql"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("cannot read missing.sql"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_runaway_query_is_interrupted() {
    let a = Archive::built();
    let started = std::time::Instant::now();
    let run = a.run(&[
        "sql",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
        "--timeout",
        "0.5",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("statement interrupted: it ran longer than 0.5 s"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--timeout"), "{}", run.stderr);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert_eq!(run.stdout, "");
}

#[test]
fn output_to_a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let a = Archive::built();
    let mut child = frontline()
        .args([
            "--db",
            a.path.to_str().unwrap(),
            "sql",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 2000000) SELECT x, 'row' FROM c",
            "--format",
            "csv",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// Runs `frontline sql` with `args` under a limit on its address space (`ulimit -v`), so that
/// an unbounded allocation shows as a failure rather than as a slow machine. Returns the run and
/// the peak resident memory of the process in bytes.
#[cfg(target_os = "linux")]
fn sql_limited(a: &Archive, args: &[&str]) -> (Run, u64) {
    use std::os::unix::process::CommandExt;
    let mut cmd = frontline();
    cmd.current_dir(a.dir.path())
        .args(["--db", "archive.db", "sql"])
        .args(args);
    // SAFETY: setrlimit is async-signal-safe; the closure runs in the child before exec.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 3 << 30,
                rlim_max: 3 << 30,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    // wait4 gives this child's own peak memory (ru_maxrss, KiB), which wait_with_output cannot.
    let (stdout, stderr) = {
        use std::io::Read;
        let mut child = child;
        let mut out = child.stdout.take().unwrap();
        let mut err = child.stderr.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            out.read_to_end(&mut buf).unwrap();
            buf
        });
        let mut errbuf = Vec::new();
        err.read_to_end(&mut errbuf).unwrap();
        let outbuf = reader.join().unwrap();
        drop(child); // not waited for: wait4 below reaps it
        (outbuf, errbuf)
    };
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child, not yet waited for.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid);
    assert!(
        libc::WIFEXITED(status),
        "frontline died of signal {}: {}",
        libc::WTERMSIG(status),
        String::from_utf8_lossy(&stderr)
    );
    let run = Run {
        code: libc::WEXITSTATUS(status),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    };
    (run, usage.ru_maxrss as u64 * 1024)
}

#[cfg(target_os = "linux")]
#[test]
fn memory_attacks_end_with_a_message_under_a_gib() {
    let a = Archive::built();
    const GIB: u64 = 1 << 30;
    let unbounded = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r)";
    // Each attack with the words its message must hold (any of them).
    let cases: Vec<(Vec<String>, &[&str])> = vec![
        // SQLite's own memory: a string that grows without end.
        (
            // (SQLite notes a failed allocation inside group_concat() and goes on reading rows,
            // reporting it when the statement ends: here at the timeout. On a loaded machine the
            // timeout may come before the string reaches the limit; either way the statement ends
            // in bounded memory with a message that says what to raise.)
            vec![
                format!("{unbounded} SELECT group_concat(i) FROM r"),
                "--max-memory".into(),
                "16M".into(),
                "--timeout".into(),
                "3".into(),
            ],
            &["--max-memory", "--timeout"],
        ),
        // A value larger than SQLite may allocate under a small limit.
        (
            vec![
                "SELECT randomblob(400000000)".into(),
                "--max-memory".into(),
                "64M".into(),
            ],
            &["--max-memory"],
        ),
        // A value SQLite holds, but too large to copy out and print.
        (
            vec![
                "SELECT randomblob(100000000) AS b".into(),
                "--format".into(),
                "json".into(),
            ],
            &["bytes"],
        ),
        (
            vec![
                "SELECT zeroblob(100000000) AS b".into(),
                "--format".into(),
                "table".into(),
            ],
            &["bytes"],
        ),
    ];
    for (args, expect) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (run, peak) = sql_limited(&a, &args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with("frontline: "), "{}", run.stderr);
        assert!(
            expect.iter().any(|e| run.stderr.contains(e)),
            "{args:?}: {}",
            run.stderr
        );
        assert!(peak < GIB, "{args:?}: peak {} MiB", peak >> 20);
    }
    // Rows without end stream in csv until the timeout, in constant memory.
    let (run, peak) = sql_limited(
        &a,
        &[
            &format!("{unbounded} SELECT i FROM r"),
            "--format",
            "csv",
            "--timeout",
            "2",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("interrupted"), "{}", run.stderr);
    assert!(peak < GIB, "peak {} MiB", peak >> 20);
}

#[cfg(target_os = "linux")]
#[test]
fn the_table_format_lays_out_a_bounded_number_of_rows_and_says_so() {
    let a = Archive::built();
    let (run, peak) = sql_limited(
        &a,
        &["WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT i FROM r"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(peak < 1 << 30, "peak {} MiB", peak >> 20);
    let last = run.stdout.lines().last().unwrap();
    assert!(last.contains("first 10000 rows"), "{last}");
    assert!(last.contains("--format csv"), "{last}");
    assert!(run.stdout.lines().any(|l| l.contains(" 10000 |")));
    assert!(!run.stdout.lines().any(|l| l.contains(" 10001 |")));
    // A result that fits is laid out whole, with no note.
    let run = a.run(&["sql", "SELECT name FROM zone"]);
    assert!(!run.stdout.contains("rows"), "{}", run.stdout);
}

#[test]
fn max_memory_must_be_a_size() {
    let a = Archive::built();
    for bad in ["lots", "0", "100K"] {
        let run = a.run(&["sql", "SELECT 1", "--max-memory", bad]);
        assert_eq!(run.code, 2, "{bad}: {}", run.stderr);
    }
    let run = a.run(&["sql", "SELECT 1 AS n", "--max-memory", "1G", "-f", "csv"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "n\r\n1\r\n"));
}
