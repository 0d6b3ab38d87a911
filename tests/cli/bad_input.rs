//! Bad archives: each command that opens one must fail with a one-line error that names the path,
//! exit non-zero, and change nothing.

use super::*;

/// A bad archive at `dir/bad.db`, made by `make`, and the words its error must contain.
struct Case {
    name: &'static str,
    make: fn(&Path, &Path),
    expect: &'static str,
}

fn copy_of_archive(archive: &Path, bad: &Path) {
    std::fs::copy(archive, bad).unwrap();
}

const CASES: &[Case] = &[
    Case {
        name: "missing",
        make: |_, _| {},
        expect: "no such file",
    },
    Case {
        name: "directory",
        make: |_, bad| std::fs::create_dir(bad).unwrap(),
        expect: "is a directory",
    },
    Case {
        name: "not sqlite",
        make: |_, bad| std::fs::write(bad, "name,value\n成都,1\n".repeat(500)).unwrap(),
        expect: "not a database",
    },
    Case {
        name: "another application's database",
        make: |_, bad| {
            rusqlite::Connection::open(bad)
                .unwrap()
                .execute_batch("CREATE TABLE notes (x); INSERT INTO notes VALUES (1);")
                .unwrap()
        },
        expect: "is not a frontline archive",
    },
    Case {
        name: "newer schema",
        make: |archive, bad| {
            copy_of_archive(archive, bad);
            rusqlite::Connection::open(bad)
                .unwrap()
                .pragma_update(None, "user_version", 99)
                .unwrap();
        },
        expect: "newer than",
    },
    Case {
        name: "truncated",
        make: |archive, bad| {
            let bytes = std::fs::read(archive).unwrap();
            std::fs::write(bad, &bytes[..bytes.len() / 3]).unwrap();
        },
        expect: "damaged",
    },
    Case {
        name: "corrupted",
        make: |archive, bad| {
            let mut bytes = std::fs::read(archive).unwrap();
            for b in &mut bytes[4096 * 2..4096 * 40] {
                *b = 0xA5;
            }
            std::fs::write(bad, bytes).unwrap();
        },
        expect: "damaged",
    },
];

fn one_line_error(run: &Run, case: &Case, cmd: &str) {
    assert!(
        run.code == 1,
        "{} / {cmd}: exit {} ({})",
        case.name,
        run.code,
        run.stderr
    );
    let last = run.stderr.lines().last().unwrap_or("");
    assert!(
        last.starts_with("frontline: "),
        "{} / {cmd}: {}",
        case.name,
        run.stderr
    );
    assert!(
        last.contains("bad.db"),
        "{} / {cmd}: the path must be named: {}",
        case.name,
        run.stderr
    );
    assert!(
        last.contains(case.expect),
        "{} / {cmd}: expected {:?} in {}",
        case.name,
        case.expect,
        run.stderr
    );
    assert!(
        last.contains(", "),
        "{} / {cmd}: says what to do: {last}",
        case.name
    );
}

#[test]
fn every_command_refuses_a_bad_archive_and_changes_nothing() {
    let good = Archive::built();
    for case in CASES {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.db");
        (case.make)(&good.path, &bad);
        let before = if bad.is_file() {
            archive_state(&bad)
        } else {
            format!("dir={}", bad.is_dir())
        };
        let state = || {
            if bad.is_file() {
                archive_state(&bad)
            } else {
                format!("dir={}", bad.is_dir())
            }
        };
        for cmd in [
            vec!["check"],
            vec!["migrate"],
            vec!["backup", "copy.db"],
            vec!["query", "party-members-per-zone"],
            vec!["sql", "SELECT count(*) FROM figure"],
            vec!["info"],
        ] {
            let mut args = vec!["--db", "bad.db"];
            args.extend(&cmd);
            let run = run_in(dir.path(), &args);
            let damaged = matches!(case.name, "truncated" | "corrupted");
            if damaged && matches!(cmd[0], "query" | "sql" | "info") && run.code == 0 {
                // A damaged file can still answer a query that touches only intact pages; `check`,
                // `migrate` and `backup` must always notice.
                continue;
            }
            if damaged && cmd[0] == "check" && run.stdout.contains("PROBLEM") {
                // The damage let check open the file: it reports what fails.
                assert_eq!(run.code, 1, "{}: {}", case.name, run.stdout);
                assert!(
                    run.stdout.contains("PROBLEM integrity"),
                    "{}: {}",
                    case.name,
                    run.stdout
                );
            } else {
                one_line_error(&run, case, cmd[0]);
            }
            assert_eq!(
                state(),
                before,
                "{} / {}: the archive changed",
                case.name,
                cmd[0]
            );
            assert!(
                !dir.path().join("copy.db").exists(),
                "{} / {}: a backup was written",
                case.name,
                cmd[0]
            );
            assert!(
                files_in(dir.path()).iter().all(|f| !f.contains(".tmp-")),
                "{} / {}: temporary files left: {:?}",
                case.name,
                cmd[0],
                files_in(dir.path())
            );
        }
        // As the source of a restore, it changes nothing either.
        let target = Archive::built();
        let target_before = archive_state(&target.path);
        let run = target.run(&["restore", bad.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{}: restore accepted a bad source", case.name);
        assert!(run.stderr.contains("bad.db"), "{}", run.stderr);
        assert_eq!(archive_state(&target.path), target_before, "{}", case.name);
        assert_eq!(state(), before);
    }
}

#[test]
fn a_writer_holding_the_lock_past_the_busy_timeout_is_reported() {
    let a = Archive::built();
    // An archive one migration behind, so that `migrate` has to write.
    downgrade_to_v1(&a.path);
    let holder = rusqlite::Connection::open(&a.path).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; CREATE TABLE held (x);")
        .unwrap();
    let run = a.run(&["migrate"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("database is locked"), "{}", run.stderr);
    assert!(
        run.stderr.contains("another process holds a lock on"),
        "{}",
        run.stderr
    );
    let run = a.run(&["init", "--force"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("cannot replace"), "{}", run.stderr);
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    let version: i64 = rusqlite::Connection::open(&a.path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1, "nothing changed while locked");
    let run = a.run(&["migrate"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains(&format!("schema version 1 -> {}", latest_version())),
        "{}",
        run.stdout
    );
    assert_eq!(a.run(&["check"]).code, 0);
}
