//! `frontline check`: one line per check, one line per problem, exit 1 on any problem.

use super::*;

#[test]
fn a_fresh_archive_passes_every_check() {
    let a = Archive::built();
    for args in [vec!["check"], vec!["check", "--quick"]] {
        let run = a.run(&args);
        assert_eq!(run.code, 0, "{}", run.stdout);
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(lines.len(), 7, "{}", run.stdout);
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

/// The aggregate queries, whose views read the rollups.
pub(super) const AGGREGATES: [&str; 5] = [
    "party-members-per-zone",
    "teams-per-zone",
    "money-by-zone",
    "donations-by-material",
    "zone-summary",
];

/// The seed plus `articles` synthetic ones, imported in two loads (so that the second adds to
/// rollups the first wrote).
pub(super) fn with_articles(articles: usize) -> Archive {
    let a = Archive::built();
    let first = a.dir.path().join("synth-1");
    let second = a.dir.path().join("synth-2");
    super::import::synth(&first, articles / 2, 1);
    super::import::synth(&second, articles - articles / 2, articles / 2 + 1);
    for dir in [first, second] {
        let run = a.run(&["import", dir.to_str().unwrap(), "--quiet"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    a
}

/// The CSV of every aggregate query on an archive.
pub(super) fn answers(a: &Archive, db: &str) -> Vec<String> {
    AGGREGATES
        .iter()
        .map(|q| {
            let run = run_in(a.dir.path(), &["--db", db, "query", q, "--format", "csv"]);
            assert_eq!(run.code, 0, "{q}: {}", run.stderr);
            run.stdout
        })
        .collect()
}

fn problems(run: &Run) -> Vec<&str> {
    run.stdout
        .lines()
        .filter(|l| l.starts_with("PROBLEM"))
        .collect()
}

#[test]
fn a_rollup_that_disagrees_with_its_facts_is_a_problem_until_rebuilt() {
    let a = with_articles(6);
    let db = a.path.to_str().unwrap();
    let before = answers(&a, db);
    assert_eq!(a.run(&["check"]).code, 0);
    // The rollups themselves edited: no trigger sees it, and the views would read the wrong sums.
    tamper(
        &a,
        "UPDATE team_rollup SET teams = teams + 5 WHERE rowid = (SELECT min(rowid) FROM team_rollup); \
         DELETE FROM donation_rollup WHERE rowid = (SELECT max(rowid) FROM donation_rollup); \
         UPDATE donor_rollup SET donors = donors || '; 冒名单位';",
    );
    assert_ne!(answers(&a, db), before, "the views read the rollups");
    let run = a.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let found = problems(&run);
    assert!(
        found.iter().all(|p| p.starts_with("PROBLEM rollups: ")),
        "{}",
        run.stdout
    );
    for (rollup, what) in [
        ("team_rollup", "holds a row its facts do not give"),
        ("team_rollup", "lacks a row its facts give"),
        ("donation_rollup", "lacks a row its facts give"),
        ("donor_rollup", "holds a row its facts do not give"),
    ] {
        assert!(
            found
                .iter()
                .any(|p| p.contains(&format!("{rollup} {what}: "))),
            "{rollup} {what}: {}",
            run.stdout
        );
    }
    assert!(
        run.stderr.contains("frontline migrate --rebuild-rollups"),
        "{}",
        run.stderr
    );
    let rebuilt = a.run(&["migrate", "--rebuild-rollups"]);
    assert_eq!(rebuilt.code, 0, "{}", rebuilt.stderr);
    assert!(
        rebuilt.stdout.contains("rollups rebuilt"),
        "{}",
        rebuilt.stdout
    );
    let run = a.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    super::rollups_agree(&run.stdout);
    assert_eq!(answers(&a, db), before);
}

#[test]
fn a_write_that_bypasses_frontline_leaves_the_views_right() {
    let Some(sqlite3) = tool("sqlite3", "FRONTLINE_SQLITE3") else {
        return;
    };
    let a = with_articles(4);
    let db = a.path.to_str().unwrap();
    let money = |a: &Archive| {
        a.run(&[
            "query",
            "money-by-zone",
            "--zone",
            "合肥高新区",
            "--format",
            "csv",
        ])
        .stdout
    };
    let before = money(&a);
    assert!(before.contains("donated,20000,exact"), "{before}");
    // Plain SQL through the sqlite3 CLI: an update of a row the rollups include (the trigger
    // marks them stale) and a new team row (past the rows they include).
    std::process::Command::new(&sqlite3)
        .arg(&a.path)
        .arg(
            "UPDATE donation SET quantity = 20001, quantity_phrase = '20001元' \
             WHERE quantity = 20000 AND zone_id = (SELECT id FROM zone WHERE name = '合肥高新区'); \
             INSERT INTO team (zone_id, kind, name, team_count, count_qualifier, citation_id) \
             SELECT zone_id, kind, name || '二', 1, 'exact', citation_id FROM team WHERE id = 1;",
        )
        .output()
        .map(succeeded)
        .unwrap();
    let stale = money(&a);
    assert!(stale.contains("donated,20001,exact"), "{stale}");
    let run = a.run(&["check"]);
    assert_eq!(run.code, 0, "stale rollups are no problem: {}", run.stdout);
    assert!(
        run.stdout.contains("stale")
            && run
                .stdout
                .contains("team_rollup, donation_rollup, donor_rollup"),
        "{}",
        run.stdout
    );
    let from_facts = answers(&a, db);
    // The next import rebuilds the stale rollups and adds its own rows; the answers for the zones
    // it does not touch are unchanged, and every rollup agrees with its facts again.
    let more = a.dir.path().join("synth-3");
    super::import::synth(&more, 1, 100);
    assert_eq!(
        a.run(&["import", more.to_str().unwrap(), "--quiet"]).code,
        0
    );
    let run = a.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    super::rollups_agree(&run.stdout);
    assert_eq!(money(&a), stale);
    assert_ne!(
        answers(&a, db),
        from_facts,
        "the import added to some zones"
    );
}

#[test]
fn backup_restore_and_the_sql_export_keep_the_rollups() {
    let Some(sqlite3) = tool("sqlite3", "FRONTLINE_SQLITE3") else {
        return;
    };
    let a = with_articles(4);
    let db = a.path.to_str().unwrap();
    let original = answers(&a, db);
    let backup = a.dir.path().join("backup.db");
    assert_eq!(a.run(&["backup", backup.to_str().unwrap()]).code, 0);
    let dump = a.dir.path().join("dump.sql");
    assert_eq!(
        a.run(&["export", "sql", "-o", dump.to_str().unwrap()]).code,
        0
    );
    std::process::Command::new(&sqlite3)
        .arg(a.dir.path().join("loaded.db"))
        .stdin(std::fs::File::open(&dump).unwrap())
        .output()
        .map(succeeded)
        .unwrap();
    // Restore the backup over a changed archive, and check every copy.
    tamper(&a, "UPDATE team_rollup SET teams = teams + 1");
    assert_eq!(a.run(&["restore", backup.to_str().unwrap()]).code, 0);
    for copy in [db, backup.to_str().unwrap(), "loaded.db"] {
        let run = run_in(a.dir.path(), &["--db", copy, "check"]);
        assert_eq!(run.code, 0, "{copy}: {}", run.stdout);
        super::rollups_agree(&run.stdout);
        assert_eq!(answers(&a, copy), original, "{copy}");
    }
}

#[test]
fn a_number_above_what_a_load_accepts_is_a_problem() {
    let a = Archive::built();
    // The phrase edited along with the value, so the two agree: only the size gives it away.
    tamper(
        &a,
        "UPDATE figure SET value = 2000000000000000, phrase = '2000000000000000名', qualifier = 'exact' \
         WHERE phrase = '1.5万余名'",
    );
    let run = a.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    // The figure and the headline's figure that restates it.
    let found = problems(&run);
    assert_eq!(found.len(), 2, "{}", run.stdout);
    for p in found {
        assert!(
            p.starts_with("PROBLEM numbers match their phrases: figure ")
                && p.contains(": 2000000000000000 is above 1,000,000,000,000,000 (10^15)"),
            "{p}"
        );
    }
}
