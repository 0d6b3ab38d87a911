//! `frontline check`: one line per check, one line per problem, exit 1 on any problem.

use super::*;

#[test]
fn a_fresh_archive_passes_every_check() {
    let a = Archive::built();
    for args in [vec!["check"], vec!["check", "--quick"]] {
        let run = a.run(&args);
        assert_eq!(run.code, 0, "{}", run.stdout);
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(lines.len(), 6, "{}", run.stdout);
        assert!(lines.iter().all(|l| l.starts_with("ok ")), "{}", run.stdout);
        assert!(
            run.stdout.contains("113 citations in place")
                || run.stdout.contains("citations in place")
        );
    }
}

/// Opens the archive for a deliberate change the checks must catch.
fn tamper(a: &Archive, sql: &str) {
    let conn = rusqlite::Connection::open(&a.path).unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn a_moved_quote_is_a_problem() {
    let a = Archive::built();
    tamper(
        &a,
        "UPDATE citation SET char_start = char_start + 1, char_end = char_end + 1 WHERE id = 5",
    );
    let run = a.run(&["check"]);
    assert_eq!(run.code, 1);
    let problems: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("PROBLEM"))
        .collect();
    assert_eq!(problems.len(), 1, "{}", run.stdout);
    assert!(problems[0].contains("citation 5:"), "{}", problems[0]);
    assert!(
        run.stderr.starts_with("frontline: check failed for"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_edited_article_text_is_a_problem() {
    let a = Archive::built();
    tamper(
        &a,
        "UPDATE article SET text = replace(text, '1.5万余名', '2.5万余名')",
    );
    let run = a.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("PROBLEM article sha256: article gaoxinqu-2020"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_dangling_reference_and_an_old_schema_are_problems() {
    let a = Archive::built();
    tamper(
        &a,
        "PRAGMA foreign_keys = OFF; DELETE FROM organization WHERE name = '迈克生物'; PRAGMA user_version = 1;",
    );
    let run = a.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("PROBLEM foreign keys: organization row"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("PROBLEM schema version: schema version 1"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("frontline migrate"), "{}", run.stdout);
}

#[test]
fn an_edited_number_is_a_problem() {
    let a = Archive::built();
    tamper(
        &a,
        "UPDATE figure SET value = 99 WHERE phrase = '1.5万余名'",
    );
    let run = a.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("PROBLEM numbers match their phrases: figure"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\"1.5万余名\" is 15000 名 (at_least), but the archive says 99"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_empty_database_is_not_an_archive() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("e.db"), b"").unwrap();
    for cmd in ["info", "check", "report"] {
        let run = run_in(dir.path(), &["--db", "e.db", cmd]);
        assert_eq!(run.code, 1, "{cmd}");
        assert!(
            run.stderr
                .contains("empty database, not a frontline archive"),
            "{cmd}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("init --force"), "{cmd}: {}", run.stderr);
    }
}
