//! Rollups against writers that bypass frontline: after plain SQL through the sqlite3 CLI, every
//! aggregate query gives the rows the facts give. The reference is a copy of the archive with
//! every rollup marked stale, whose views compute from the facts; the write is chosen so that it
//! changes some aggregate, so that a view still reading the old sums would differ.

use super::check::{answers, with_articles};
use super::*;

/// A figure of party members counted towards its zone's count (a unit's, in a zone that reports
/// only its units': neither part of nor a restatement of another figure) that no other figure
/// refers to: changing, moving or copying it changes party-members-per-zone and zone-summary and
/// breaks no reference.
const LONE_COUNT: &str = "SELECT id FROM figure f \
     WHERE metric = 'party_members' AND part_of_id IS NULL AND restates_id IS NULL \
       AND NOT EXISTS (SELECT 1 FROM figure g WHERE g.part_of_id = f.id OR g.restates_id = f.id) \
     ORDER BY id LIMIT 1";

/// Runs `sql` through the sqlite3 CLI on `db`.
fn sqlite3(tool: &Path, db: &Path, sql: &str) {
    let out = std::process::Command::new(tool)
        .arg(db)
        .arg(sql)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The aggregate queries computed from the facts: on a copy with every rollup marked stale.
fn from_facts(a: &Archive, db: &str) -> Vec<String> {
    let copy = a.dir.path().join("from-facts.db");
    let _ = std::fs::remove_file(&copy);
    let conn = rusqlite::Connection::open(a.dir.path().join(db)).unwrap();
    conn.execute("VACUUM INTO ?1", [copy.to_str().unwrap()])
        .unwrap();
    drop(conn);
    let conn = rusqlite::Connection::open(&copy).unwrap();
    conn.execute_batch("UPDATE rollup_state SET fresh = 0")
        .unwrap();
    drop(conn);
    answers(a, "from-facts.db")
}

/// Each write, on its own copy of `base` (an archive of several loads): the answers change, and
/// the views give what the facts give.
fn each_write_leaves_the_views_right(base: &Archive, writes: &[(&str, &str)]) {
    let Some(tool) = tool("sqlite3", "FRONTLINE_SQLITE3") else {
        return;
    };
    let before = answers(base, "archive.db");
    assert_eq!(before, from_facts(base, "archive.db"), "before any write");
    for (what, sql) in writes {
        let db = format!("{}.db", what.replace(' ', "-"));
        let path = base.dir.path().join(&db);
        let _ = std::fs::remove_file(&path);
        rusqlite::Connection::open(&base.path)
            .unwrap()
            .execute("VACUUM INTO ?1", [path.to_str().unwrap()])
            .unwrap();
        sqlite3(&tool, &path, sql);
        let facts = from_facts(base, &db);
        assert_ne!(facts, before, "{what}: the write changes some aggregate");
        assert_eq!(
            answers(base, &db),
            facts,
            "{what}: the views read stale sums"
        );
    }
}

#[test]
fn a_replace_of_a_row_the_rollups_include_is_seen() {
    // REPLACE deletes the old row without firing DELETE triggers (unless recursive_triggers is
    // on) and inserts the new one under the same id, at or below last_id.
    let base = with_articles(4);
    each_write_leaves_the_views_right(
        &base,
        &[
            (
                "figure",
                &format!(
                    "REPLACE INTO figure SELECT id, article_id, zone_id, organization_id, team_id, \
                     person_id, metric, description, phrase, value * 10, unit, qualifier, as_of, \
                     as_of_year_inferred, part_of_id, restates_id, citation_id, note \
                     FROM figure WHERE id = ({LONE_COUNT})"
                ),
            ),
            (
                "team",
                "REPLACE INTO team (id, zone_id, kind, name, organizer_id, part_of_id, team_count, \
                 count_phrase, count_qualifier, members, members_phrase, members_qualifier, \
                 citation_id, note) \
                 SELECT id, zone_id, kind, name, organizer_id, part_of_id, team_count + 7, \
                 count_phrase, count_qualifier, members, members_phrase, members_qualifier, \
                 citation_id, note FROM team \
                 WHERE part_of_id IS NULL AND zone_id IS NOT NULL ORDER BY id LIMIT 1",
            ),
            (
                "donation",
                "REPLACE INTO donation (id, zone_id, kind, material_id, quantity, quantity_phrase, \
                 unit, qualifier, recipient_id, recipient, purpose, citation_id, note) \
                 SELECT id, zone_id, kind, material_id, quantity + 1, quantity_phrase, unit, \
                 qualifier, recipient_id, recipient, purpose, citation_id, note FROM donation \
                 WHERE quantity IS NOT NULL ORDER BY id LIMIT 1",
            ),
            (
                "person",
                "REPLACE INTO person (id, name, zone_id, citation_id) \
                 SELECT id, name, (SELECT max(id) FROM zone), citation_id FROM person \
                 WHERE zone_id <> (SELECT max(id) FROM zone) ORDER BY id LIMIT 1",
            ),
            (
                "organization",
                "REPLACE INTO organization (id, name, kind, zone_id, citation_id) \
                 SELECT o.id, o.name || '改', o.kind, o.zone_id, o.citation_id FROM organization o \
                 WHERE o.id IN (SELECT organization_id FROM donation_donor) ORDER BY o.id LIMIT 1",
            ),
            (
                "event",
                "REPLACE INTO event SELECT id, (SELECT max(id) FROM zone), date, date_phrase, \
                 year_inferred, organization_id, person_id, description, description_en, \
                 citation_id FROM event WHERE zone_id <> (SELECT max(id) FROM zone) \
                 ORDER BY id LIMIT 1",
            ),
            (
                "donation_donor",
                "REPLACE INTO donation_donor (rowid, donation_id, organization_id) \
                 SELECT rowid, donation_id, (SELECT max(id) FROM organization) \
                 FROM donation_donor ORDER BY rowid LIMIT 1",
            ),
        ],
    );
}

#[test]
fn an_update_that_moves_an_id_or_collides_on_a_unique_name_is_seen() {
    // UPDATE OR REPLACE deletes the row it collides with, without DELETE triggers; an id may be
    // set under any of its names (id, rowid, oid, _rowid_).
    let base = with_articles(4);
    each_write_leaves_the_views_right(
        &base,
        &[
            (
                "person name",
                "UPDATE OR REPLACE person SET name = \
                     (SELECT q.name FROM person q WHERE q.zone_id = person.zone_id AND q.id <> person.id \
                      ORDER BY q.id LIMIT 1) \
                 WHERE id = (SELECT min(p.id) FROM person p \
                             WHERE (SELECT count(*) FROM person q WHERE q.zone_id = p.zone_id) > 1)",
            ),
            (
                "figure id",
                &format!(
                    "UPDATE OR REPLACE figure SET id = ({LONE_COUNT}) \
                     WHERE id = (SELECT min(f.id) FROM figure f \
                                 WHERE f.id > ({LONE_COUNT}) AND f.part_of_id IS NULL \
                                   AND f.restates_id IS NULL \
                                   AND NOT EXISTS (SELECT 1 FROM figure g \
                                                   WHERE g.part_of_id = f.id OR g.restates_id = f.id))"
                ),
            ),
            (
                "team rowid",
                "UPDATE OR REPLACE team SET rowid = \
                     (SELECT min(id) FROM team WHERE part_of_id IS NULL AND zone_id IS NOT NULL) \
                 WHERE id = (SELECT max(id) FROM team WHERE part_of_id IS NULL AND zone_id IS NOT NULL)",
            ),
        ],
    );
}

#[test]
fn a_row_written_into_a_gap_below_last_id_is_seen() {
    let Some(tool) = tool("sqlite3", "FRONTLINE_SQLITE3") else {
        return;
    };
    // A gap below last_id: a counted figure moved past the last row, then the rollups rebuilt.
    let base = with_articles(4);
    let gap: i64 = base.conn().query_row(LONE_COUNT, [], |r| r.get(0)).unwrap();
    sqlite3(
        &tool,
        &base.path,
        &format!(
            "UPDATE figure SET id = (SELECT max(id) + 1 FROM figure) WHERE id = {gap}; \
             DELETE FROM donation_donor WHERE rowid = 2;"
        ),
    );
    let rebuilt = base.run(&["migrate", "--rebuild-rollups"]);
    assert_eq!(rebuilt.code, 0, "{}", rebuilt.stderr);
    let fresh: String = base
        .conn()
        .query_row(
            "SELECT team || donation || donor || zone || zone_count FROM rollup_fresh",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(fresh, "11111");
    each_write_leaves_the_views_right(
        &base,
        &[
            (
                "figure copied into the gap",
                &format!(
                    "INSERT INTO figure SELECT {gap}, article_id, zone_id, organization_id, team_id, \
                     person_id, metric, description, phrase, value, unit, qualifier, as_of, \
                     as_of_year_inferred, part_of_id, restates_id, citation_id, note \
                     FROM figure WHERE id = (SELECT max(id) FROM figure)"
                ),
            ),
            (
                // Which leaves the last id free for the next appended row.
                "figure moved back into the gap, then one appended",
                &format!(
                    "UPDATE figure SET id = {gap} WHERE id = (SELECT max(id) FROM figure); \
                     INSERT INTO figure SELECT NULL, article_id, zone_id, organization_id, \
                     team_id, person_id, metric, description, phrase, value, unit, qualifier, \
                     as_of, as_of_year_inferred, part_of_id, restates_id, citation_id, note \
                     FROM figure WHERE id = {gap}"
                ),
            ),
            (
                "donor into the gap",
                "INSERT INTO donation_donor (rowid, donation_id, organization_id) \
                 SELECT 2, (SELECT min(id) FROM donation WHERE kind = 'donated'), \
                        (SELECT max(id) FROM organization)",
            ),
        ],
    );
}

#[test]
fn an_edit_of_rollup_source_is_seen() {
    // last_id moved past the last row: a row appended next would be counted as included.
    let base = with_articles(4);
    each_write_leaves_the_views_right(
        &base,
        &[(
            "last id moved",
            "UPDATE rollup_source SET last_id = last_id + 5 WHERE source = 'team'; \
             INSERT INTO team (zone_id, kind, name, team_count, count_qualifier, citation_id) \
             SELECT zone_id, kind, name || '二', 9, 'exact', citation_id FROM team \
             WHERE part_of_id IS NULL AND zone_id IS NOT NULL ORDER BY id LIMIT 1;",
        )],
    );
}

#[test]
fn a_row_replaced_by_an_appended_one_is_not_folded_by_the_next_import() {
    let Some(tool) = tool("sqlite3", "FRONTLINE_SQLITE3") else {
        return;
    };
    // REPLACE of a person by zone and name gives the new row an id past last_id (the views
    // compute from the facts) and deletes the old one unseen; the next import must not fold the
    // new row into sums that still count the old one.
    let a = with_articles(4);
    let db = a.path.to_str().unwrap();
    let before = answers(&a, db);
    sqlite3(
        &tool,
        &a.path,
        "REPLACE INTO person (name, zone_id, citation_id) \
         SELECT name, zone_id, citation_id FROM person ORDER BY id LIMIT 1; \
         REPLACE INTO organization (name, kind, zone_id, citation_id) \
         SELECT name, kind, (SELECT max(id) FROM zone), citation_id FROM organization \
         WHERE zone_id <> (SELECT max(id) FROM zone) ORDER BY id LIMIT 1;",
    );
    let facts = from_facts(&a, "archive.db");
    assert_ne!(facts, before, "the write moved an organization");
    assert_eq!(answers(&a, db), facts);
    let more = a.dir.path().join("synth-3");
    super::import::synth(&more, 1, 100);
    let run = a.run(&["import", more.to_str().unwrap(), "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(answers(&a, db), from_facts(&a, "archive.db"));
    // The load set its INSERT triggers aside and put all seven back.
    let triggers: i64 = a
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%rollup_insert'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(triggers, 7);
    let run = a.run(&["check"]);
    assert!(
        run.stdout.contains("5 rollup(s) agree with their facts\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_table_rebuilt_without_its_triggers_is_not_read_through_its_rollups() {
    let (Some(tool), Some(su)) = (
        tool("sqlite3", "FRONTLINE_SQLITE3"),
        tool("sqlite-utils", "FRONTLINE_SQLITE_UTILS"),
    ) else {
        return;
    };
    // `sqlite-utils transform` copies a table into a new one and drops the old, with its
    // triggers: an update after it would go unseen.
    let a = with_articles(4);
    let db = a.path.to_str().unwrap();
    let before = answers(&a, db);
    std::process::Command::new(&su)
        .args(["transform", db, "figure", "--rename", "note", "remark"])
        .output()
        .map(succeeded)
        .unwrap();
    sqlite3(
        &tool,
        &a.path,
        &format!("UPDATE figure SET value = value * 10 WHERE id = ({LONE_COUNT})"),
    );
    let facts = from_facts(&a, "archive.db");
    assert_ne!(facts, before, "the update changes a count");
    assert_eq!(answers(&a, db), facts);
    let run = a.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "PROBLEM rollups: trigger(s) missing, so no rollup is read (the views compute from \
             the facts) and writes that bypass frontline go unseen: figure_rollup_update, \
             figure_rollup_delete, figure_rollup_insert"
        ),
        "{}",
        run.stdout
    );
    // The rebuild creates the triggers again: the rollups are read, and agree with the facts.
    let rebuilt = a.run(&["migrate", "--rebuild-rollups"]);
    assert_eq!(rebuilt.code, 0, "{}", rebuilt.stderr);
    let run = a.run(&["check"]);
    assert!(
        run.stdout
            .contains("ok      rollups: 5 rollup(s) agree with their facts\n"),
        "{}",
        run.stdout
    );
    assert_eq!(answers(&a, db), facts);
}

#[test]
fn a_rollup_marked_fresh_by_hand_is_a_problem_for_check() {
    let Some(tool) = tool("sqlite3", "FRONTLINE_SQLITE3") else {
        return;
    };
    // rollup_state is the one table no trigger watches: setting `fresh` back after a write that
    // cleared it makes the views read old sums, which check reports.
    let a = with_articles(4);
    sqlite3(
        &tool,
        &a.path,
        "UPDATE donation SET quantity = quantity + 1 \
         WHERE id = (SELECT min(id) FROM donation WHERE quantity IS NOT NULL); \
         UPDATE rollup_state SET fresh = 1;",
    );
    let run = a.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("PROBLEM rollups: donation_rollup holds a row its facts do not give: "),
        "{}",
        run.stdout
    );
    let rebuilt = a.run(&["migrate", "--rebuild-rollups"]);
    assert_eq!(rebuilt.code, 0, "{}", rebuilt.stderr);
    let run = a.run(&["check"]);
    assert!(
        run.stdout
            .contains("ok      rollups: 5 rollup(s) agree with their facts\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_copy_through_sqlite3_dump_that_renumbers_rows_is_not_read_through_its_rollups() {
    let Some(tool) = tool("sqlite3", "FRONTLINE_SQLITE3") else {
        return;
    };
    // `.dump` writes donation_donor (no INTEGER PRIMARY KEY) without its rowids, so a copy of an
    // archive with a gap ends before last_id (not fresh), and the next row appended to it gets a
    // rowid the rollups seem to include, which only the INSERT trigger sees. Read with the sqlite3
    // CLI itself (the dump keeps no user_version, which frontline requires).
    let a = with_articles(4);
    sqlite3(&tool, &a.path, "DELETE FROM donation_donor WHERE rowid = 2");
    assert_eq!(a.run(&["migrate", "--rebuild-rollups"]).code, 0);
    let dump = std::process::Command::new(&tool)
        .arg(&a.path)
        .arg(".dump")
        .output()
        .unwrap();
    assert!(dump.status.success());
    let copy = a.dir.path().join("dumped.db");
    let mut load = std::process::Command::new(&tool)
        .arg(&copy)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut load.stdin.take().unwrap(), &dump.stdout).unwrap();
    assert!(load.wait().unwrap().success());
    let read = |db: &Path| {
        let out = std::process::Command::new(&tool)
            .arg(db)
            .arg("SELECT * FROM donations_by_material")
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let before = read(&copy);
    sqlite3(
        &tool,
        &copy,
        "INSERT INTO donation_donor (donation_id, organization_id) \
         SELECT (SELECT min(id) FROM donation WHERE kind = 'donated'), max(id) FROM organization",
    );
    let stale = a.dir.path().join("dumped-stale.db");
    std::fs::copy(&copy, &stale).unwrap();
    sqlite3(&tool, &stale, "UPDATE rollup_state SET fresh = 0");
    let facts = read(&stale);
    assert_ne!(facts, before, "the new donor is listed");
    assert_eq!(read(&copy), facts);
}
