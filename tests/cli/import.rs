//! `frontline import` and the synthetic article generator.

use super::*;
use serde_json::Value;

/// Writes `articles` generated article directories into `out` with the generator example, built by
/// `cargo test` next to this test binary.
pub fn synth(out: &Path, articles: usize, start: usize) {
    let exe = std::env::current_exe().unwrap();
    let examples = exe.parent().unwrap().parent().unwrap().join("examples");
    let generator = examples.join(format!("synth{}", std::env::consts::EXE_SUFFIX));
    assert!(
        generator.is_file(),
        "the synth example is not built at {}",
        generator.display()
    );
    let status = std::process::Command::new(generator)
        .args([
            "--articles",
            &articles.to_string(),
            "--start",
            &start.to_string(),
            "--out",
        ])
        .arg(out)
        .status()
        .unwrap();
    assert!(status.success());
}

fn count(a: &Archive, table: &str) -> i64 {
    a.conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn generated_articles_import_and_pass_check() {
    let a = Archive::built();
    let dir = a.dir.path().join("synth");
    synth(&dir, 5, 1);
    let figures = count(&a, "figure");
    let run = a.run(&["import", dir.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("imported 5 article(s)"),
        "{}",
        run.stderr
    );
    // Each generated article has 4 stories with 6 figures each.
    assert_eq!(count(&a, "figure"), figures + 5 * 4 * 6);
    let added = run
        .stdout
        .lines()
        .find(|l| l.starts_with("figure,"))
        .unwrap();
    assert_eq!(added, "figure,120");
    assert_eq!(count(&a, "article"), 6);
    let check = a.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    // The imported paragraphs are searchable, and the original article's answers are unchanged.
    let found: Vec<Value> = serde_json::from_str(
        &a.run(&["search", "检查点", "--format", "json", "--limit", "100"])
            .stdout,
    )
    .unwrap();
    assert_eq!(
        found.len(),
        20,
        "one paragraph per story mentions checkpoints"
    );
    let chengdu: Vec<Value> = serde_json::from_str(
        &a.run(&[
            "query",
            "party-members-per-zone",
            "--zone",
            "成都",
            "--format",
            "json",
        ])
        .stdout,
    )
    .unwrap();
    assert_eq!(chengdu[0]["party_members"], 15000);
    // Zones and each zone's party committee recur across articles and stay one row each.
    let again = a.dir.path().join("more");
    synth(&again, 10, 6);
    assert_eq!(a.run(&["import", again.to_str().unwrap()]).code, 0);
    let dupes: i64 = a
        .conn()
        .query_row(
            "SELECT count(*) - count(DISTINCT name) FROM organization",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(dupes, 0);
    assert_eq!(a.run(&["check"]).code, 0);
}

/// Row counts of the archive's tables, by name.
fn counts(a: &Archive) -> std::collections::BTreeMap<String, i64> {
    let names: Vec<String> = a
        .conn()
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    names
        .into_iter()
        .map(|t| (t.clone(), count(a, &t)))
        .collect()
}

/// `import` and `import --dry-run` print the rows they add per table, read by rowid range (the
/// load only appends) instead of counting the whole archive. Each figure is what the table's
/// count grew by, also when the last rows of tables were deleted by hand before (a new row may
/// then reuse a deleted row's id); the tables listed are the data tables, without the rollups
/// and the search index's tables.
#[test]
fn import_prints_what_it_added_per_table() {
    let a = Archive::built();
    // Free the highest ids of three tables: the next rows SQLite writes reuse them.
    rusqlite::Connection::open(&a.path)
        .unwrap()
        .execute_batch(
            "DELETE FROM document WHERE id = (SELECT max(id) FROM document); \
             DELETE FROM organization_alias WHERE rowid = (SELECT max(rowid) FROM organization_alias); \
             DELETE FROM story_author WHERE rowid = (SELECT max(rowid) FROM story_author);",
        )
        .unwrap();
    let dir = a.dir.path().join("synth");
    synth(&dir, 3, 1);
    let before = counts(&a);
    let dry = a.run(&[
        "import",
        "--dry-run",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert_eq!(counts(&a), before, "a dry run adds nothing");
    let run = a.run(&["import", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = counts(&a);
    let printed: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let first = &dry.stdout[..dry.stdout.find("\n]").unwrap() + 2];
    let dry_printed: Vec<Value> = serde_json::from_str(first).unwrap();
    assert_eq!(
        dry_printed, printed,
        "the dry run announces what the import adds"
    );
    let listed: Vec<&str> = printed
        .iter()
        .map(|r| r["table"].as_str().unwrap())
        .collect();
    let data: Vec<&str> = after
        .keys()
        .map(String::as_str)
        .filter(|t| !t.starts_with("paragraph_fts") && !t.contains("rollup"))
        .collect();
    assert_eq!(listed, data);
    for row in &printed {
        let table = row["table"].as_str().unwrap();
        assert_eq!(
            row["added"].as_i64().unwrap(),
            after[table] - before[table],
            "{table}"
        );
    }
    let added = |t: &str| after[t] - before[t];
    assert_eq!(added("article"), 3);
    assert!(added("document") > 0 && added("organization_alias") > 0 && added("story_author") > 0);
    // The fact rows of the last line: the rows added to tables that cite, or only link them.
    let fact_tables: Vec<String> = a
        .conn()
        .prepare(
            "WITH cited AS (SELECT m.name FROM sqlite_schema m JOIN pragma_table_info(m.name) c \
                            WHERE m.type = 'table' AND c.name = 'citation_id') \
             SELECT name FROM cited UNION \
             SELECT m.name FROM sqlite_schema m WHERE m.type = 'table' \
               AND m.name NOT IN (SELECT name FROM cited) \
               AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(m.name)) \
               AND NOT EXISTS (SELECT 1 FROM pragma_foreign_key_list(m.name) k \
                               WHERE k.\"table\" NOT IN (SELECT name FROM cited))",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let facts: i64 = fact_tables.iter().map(|t| added(t)).sum();
    assert!(
        run.stderr
            .contains(&format!("imported 3 article(s), {facts} fact rows, in ")),
        "{facts}: {}",
        run.stderr
    );
    assert!(
        dry.stderr.contains(&format!("would add {facts} fact rows")),
        "{}",
        dry.stderr
    );
}

/// A user's own table may have a column named `rowid` (which the name then reads, not the row
/// id): `import` and `--dry-run` still count what a load adds to it by the row id, through one of
/// its other names, here the rows a user's trigger logs for each article.
#[test]
fn a_user_column_named_rowid_does_not_stop_or_miscount_an_import() {
    let a = Archive::built();
    rusqlite::Connection::open(&a.path)
        .unwrap()
        .execute_batch(
            "CREATE TABLE log (rowid TEXT, slug TEXT); INSERT INTO log VALUES ('zz', 'old'); \
             CREATE TRIGGER log_article AFTER INSERT ON article \
             BEGIN INSERT INTO log VALUES ('a' || new.id, new.slug); END; \
             CREATE TABLE shadowed (rowid TEXT, oid TEXT, _rowid_ TEXT);",
        )
        .unwrap();
    let dir = a.dir.path().join("synth");
    synth(&dir, 2, 1);
    let dry = a.run(&[
        "import",
        "--dry-run",
        dir.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(dry.stdout.lines().any(|l| l == "log,2"), "{}", dry.stdout);
    let run = a.run(&["import", dir.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.lines().any(|l| l == "log,2"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("shadowed"),
        "a table whose row id has no name left is not listed: {}",
        run.stdout
    );
    assert_eq!(count(&a, "log"), 3);
}

/// Every index of the schema: (name, table, SQL), by name.
fn indexes(a: &Archive) -> Vec<(String, String, Option<String>)> {
    a.conn()
        .prepare("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// An import that at least doubles the archive drops its secondary indexes and builds them again
/// at its end (BENCHMARKS.md): the archive ends with the same indexes, each agreeing with its
/// table, and queries that go through them give the imported rows.
#[test]
fn a_large_import_ends_with_every_index_and_each_agrees_with_its_table() {
    let a = Archive::built();
    let before = indexes(&a);
    assert!(before.len() > 10, "{before:?}");
    let dir = a.dir.path().join("synth");
    synth(&dir, 4, 1);
    let run = a.run(&["import", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(indexes(&a), before);
    let integrity: String = a
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    // The zone of a synthetic story, reached through `event_zone_date` and `donation_zone`.
    let (events, donations): (i64, i64) = a
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM event INDEXED BY event_zone_date WHERE zone_id = z.id), \
                    (SELECT count(*) FROM donation INDEXED BY donation_zone WHERE zone_id = z.id) \
             FROM zone z WHERE z.name = '合成4号高新区'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((events, donations), (1, 2));
    assert_eq!(a.run(&["check"]).code, 0);
}

#[test]
fn a_bad_article_rejects_the_whole_import() {
    let a = Archive::built();
    let dir = a.dir.path().join("synth");
    synth(&dir, 3, 1);
    let facts = dir.join("article-000003/facts.toml");
    let text = std::fs::read_to_string(&facts).unwrap();
    std::fs::write(
        &facts,
        text.replacen("quote = \"组建党员突击队", "quote = \"组建共青团突击队", 1),
    )
    .unwrap();
    let before = archive_state(&a.path);
    let run = a.run(&["import", dir.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("article-000003/facts.toml"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("is not in paragraph"), "{}", run.stderr);
    assert_eq!(
        archive_state(&a.path),
        before,
        "the first two articles must not be kept either"
    );
    assert_eq!(count(&a, "article"), 1);
}

#[test]
fn importing_the_same_article_twice_is_refused() {
    let a = Archive::built();
    let before = archive_state(&a.path);
    let run = a.run(&["import", seed_dir().join("gaoxinqu-2020").to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("the archive already holds this article (as \"gaoxinqu-2020\")"),
        "{}",
        run.stderr
    );
    assert_eq!(archive_state(&a.path), before);
}

#[test]
fn import_needs_a_current_schema_and_a_real_directory() {
    let a = Archive::built();
    let run = a.run(&["import", "no-such-dir"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("cannot read seed directory no-such-dir"),
        "{}",
        run.stderr
    );
    downgrade_to_v1(&a.path);
    let run = a.run(&["import", seed_dir().to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("frontline migrate"), "{}", run.stderr);
}

#[test]
fn articles_reporting_the_same_zone_are_not_added_together() {
    let a = Archive::built();
    let dir = a.dir.path().join("synth");
    // Articles 1-5 and 6-15 cover zones 4-23 twice (each article covers four of 40 zones).
    synth(&dir, 15, 1);
    assert_eq!(a.run(&["import", dir.to_str().unwrap()]).code, 0);
    let zone = "合成4号高新区";
    let (largest, articles): (i64, i64) = a
        .conn()
        .query_row(
            "SELECT max(f.value), count(DISTINCT s.article_id) FROM figure f JOIN zone z ON z.id = f.zone_id \
             JOIN citation c ON c.id = f.citation_id JOIN paragraph p ON p.id = c.paragraph_id \
             JOIN story s ON s.id = p.story_id \
             WHERE z.name = ?1 AND f.metric = 'party_members' AND f.organization_id IS NULL",
            [zone],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(articles, 2);
    let rows: Vec<Value> = serde_json::from_str(
        &a.run(&[
            "query",
            "party-members-per-zone",
            "--zone",
            zone,
            "--sources",
            "--format",
            "json",
        ])
        .stdout,
    )
    .unwrap();
    assert_eq!(
        rows[0]["party_members"], largest,
        "the largest report stands, not the sum"
    );
    assert_eq!(rows[0]["qualifier"], "at_least");
    assert_eq!(rows[0]["basis"], "zone total, largest of 2 articles");
    // The other article's figure for the zone is shown as not counted.
    let figures: Vec<Value> = serde_json::from_str(
        &a.run(&["query", "figures", "--zone", zone, "--format", "json"])
            .stdout,
    )
    .unwrap();
    let totals: Vec<i64> = figures
        .iter()
        .filter(|f| f["metric"] == "party_members" && f["subject_kind"] == "zone")
        .map(|f| f["counted"].as_i64().unwrap())
        .collect();
    assert_eq!(
        totals.iter().sum::<i64>(),
        1,
        "one of the two zone totals counts: {totals:?}"
    );
    // Its sources are the figures of the article whose count stands.
    let sources = rows[0]["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 1, "{sources:?}");
    assert!(
        sources[0]["quote"]
            .as_str()
            .unwrap()
            .contains(&format!("共有党员{}余名", rows[0]["party_members"])),
        "{sources:?}"
    );
}

#[test]
fn the_first_problem_in_file_order_is_reported_whichever_thread_finds_it() {
    // A quote or a quantity is checked on the reading thread, a name against the archive on the
    // writing one: the error reported is still the first in the file. Here an organization that
    // an earlier article of the same import stored as another kind comes before a figure whose
    // number is not in its quote.
    let a = Archive::built();
    let dir = a.dir.path().join("synth");
    synth(&dir, 2, 1);
    let facts = dir.join("article-000002/facts.toml");
    let text = std::fs::read_to_string(&facts).unwrap();
    assert!(
        text.contains("phrase = \"46654余名\""),
        "the generator changed"
    );
    let text = format!(
        "[[organization]]\nname = \"合成4号高新区党工委\"\nkind = \"company\"\np = \"a0p3\"\n\
         quote = \"合成8号高新区共有党员\"\n\n{}",
        text.replacen("phrase = \"46654余名\"", "phrase = \"99999名\"", 1)
    );
    std::fs::write(&facts, text).unwrap();
    let articles = count(&a, "article");
    let run = a.run(&["import", dir.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "article-000002/facts.toml: organization #1 \"合成4号高新区党工委\": the archive already \
             has this organization as a working_committee, not a company"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(count(&a, "article"), articles, "nothing was written");
    // Without it, the figure is the first problem.
    let text = std::fs::read_to_string(&facts).unwrap();
    let text = &text[text.find("\n\n").unwrap() + 2..];
    std::fs::write(&facts, text).unwrap();
    let run = a.run(&["import", dir.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("figure #1 \"m0\": quantity \"99999名\" is not in its quote"),
        "{}",
        run.stderr
    );
    assert_eq!(count(&a, "article"), articles, "nothing was written");
}
