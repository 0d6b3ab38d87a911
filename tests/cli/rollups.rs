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
    super::rollups_agree(&run.stdout);
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
    super::rollups_agree(&run.stdout);
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
    super::rollups_agree(&run.stdout);
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

/// An article in `dir/slug` of one zone, 捐区, whose paragraph names `orgs` (declared as
/// organizations: a name an earlier article declared is the same row) and a gift of money by
/// `donors`; with `unnamed`, also a gift of masks whose donor the page does not name.
fn donor_article(dir: &Path, slug: &str, orgs: &[String], donors: &[String], unnamed: bool) {
    use sha2::{Digest, Sha256};
    let mut body = format!("{}等单位捐赠资金。", orgs.join("、"));
    if unnamed {
        body += "另有捐赠口罩。";
    }
    let text = format!("捐区报道\n{body}\n");
    let article = dir.join(slug);
    std::fs::create_dir_all(&article).unwrap();
    std::fs::write(article.join("article.txt"), &text).unwrap();
    let sha = format!("{:x}", Sha256::digest(text.as_bytes()));
    let start: String = body.chars().take(5).collect();
    std::fs::write(
        article.join("article.toml"),
        format!(
            "[article]\nslug = \"{slug}\"\ntitle = \"捐区报道\"\nsource_file = \"article.txt\"\nsha256 = \"{sha}\"\nyear = 2020\n\n\
             [[zone]]\nname = \"捐区\"\nname_en = \"Donor Zone\"\ncity = \"某市\"\ncity_en = \"City\"\nprovince = \"某省\"\nprovince_en = \"Province\"\n\n\
             [[story]]\nzone = \"捐区\"\nparagraphs = [\n  {{ key = \"h\", kind = \"headline\", starts = \"捐区报道\" }},\n  {{ key = \"b\", starts = \"{start}\" }},\n]\n"
        ),
    )
    .unwrap();
    let mut facts = String::from(
        "[[material]]\nname = \"资金\"\nname_en = \"money\"\ncategory = \"money\"\nunit = \"元\"\n\n\
         [[material]]\nname = \"口罩\"\nname_en = \"face masks\"\ncategory = \"protective_equipment\"\nunit = \"个\"\n\n",
    );
    for org in orgs {
        facts += &format!(
            "[[organization]]\nname = \"{org}\"\nkind = \"company\"\nzone = \"捐区\"\np = \"b\"\nquote = \"{org}\"\n\n"
        );
    }
    let donors: Vec<String> = donors.iter().map(|d| format!("\"{d}\"")).collect();
    facts += &format!(
        "[[donation]]\nzone = \"捐区\"\nkind = \"donated\"\nmaterial = \"资金\"\ndonors = [{}]\np = \"b\"\nquote = \"捐赠资金\"\n\n",
        donors.join(", ")
    );
    if unnamed {
        facts += "[[donation]]\nzone = \"捐区\"\nkind = \"donated\"\nmaterial = \"口罩\"\np = \"b\"\nquote = \"另有捐赠口罩\"\n\n";
    }
    std::fs::write(article.join("facts.toml"), facts).unwrap();
}

/// 单位NN for each number.
fn units(numbers: impl IntoIterator<Item = usize>) -> Vec<String> {
    numbers.into_iter().map(|n| format!("单位{n:02}")).collect()
}

/// Three articles naming 28 donors of money in all (the seed's two and 26 more), the last two
/// of them organizations the first article named without their giving money: their ids are
/// smaller than most donors', yet they donate only in the third article. `dirs` gets one
/// directory per article, or all three in one.
fn three_donor_articles(dirs: [&Path; 3]) {
    donor_article(
        dirs[0],
        "donors-1",
        &units(1..=15),
        &units((1..=8).chain([13])),
        false,
    );
    donor_article(
        dirs[1],
        "donors-2",
        &units([13].into_iter().chain(16..=30)),
        &units([13].into_iter().chain(16..=30)),
        false,
    );
    donor_article(
        dirs[2],
        "donors-3",
        &units([10, 11, 29]),
        &units([10, 11, 29]),
        true,
    );
}

/// donations-by-material's rows as JSON.
fn by_material(a: &Archive) -> Vec<serde_json::Value> {
    let run = a.run(&["query", "donations-by-material", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn a_material_with_more_donors_than_named_names_the_first_by_id_across_imports() {
    use serde_json::json;
    // Three imports, each folding its donors into the rollup.
    let a = Archive::built();
    let dirs: Vec<PathBuf> = (1..=3)
        .map(|i| a.dir.path().join(format!("load-{i}")))
        .collect();
    three_donor_articles([&dirs[0], &dirs[1], &dirs[2]]);
    let seed_donors = by_material(&a)
        .into_iter()
        .find(|r| r["material"] == "资金" && r["kind"] == "donated")
        .unwrap()["donors"]
        .clone();
    assert_eq!(
        seed_donors,
        json!(["智恒信支部", "厦门火炬高新区非公企业党组织"])
    );
    for dir in &dirs {
        let run = a.run(&["import", dir.to_str().unwrap(), "--quiet"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let rows = by_material(&a);
    let row = |material: &str| {
        rows.iter()
            .find(|r| r["material"] == material && r["kind"] == "donated")
            .unwrap_or_else(|| panic!("no row {material}: {rows:?}"))
    };
    // The first 20 by organization id: the seed's two, then 单位01-08, 10, 11 (named by the
    // first article, donating only in the third), 13, and 16-22; 28 in all (13 and 29, named
    // twice, once each).
    let mut first: Vec<String> = vec!["智恒信支部".into(), "厦门火炬高新区非公企业党组织".into()];
    first.extend(units((1..=8).chain([10, 11, 13]).chain(16..=22)));
    assert_eq!(first.len(), 20);
    let money = row("资金");
    assert_eq!(
        (&money["donors"], &money["donor_count"]),
        (&json!(first), &json!(28))
    );
    // A gift whose donor the page does not name: who gave is unknown, not no one.
    let masks = row("口罩");
    assert_eq!(masks["entries"], 1, "{masks}");
    assert_eq!(
        (&masks["donors"], &masks["donor_count"]),
        (&json!(null), &json!(null))
    );
    // The rollup is what its facts give, and check says so.
    let conn = a.conn();
    for (from, to) in [
        ("donor_rollup", "donor_rollup_facts"),
        ("donor_rollup_facts", "donor_rollup"),
    ] {
        let differ: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM (SELECT * FROM {from} EXCEPT SELECT * FROM {to})"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(differ, 0, "{from} EXCEPT {to}");
    }
    drop(conn);
    let run = a.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    super::rollups_agree(&run.stdout);
    // An archive that loaded the three articles at once has the same answers.
    let once = Archive::built();
    let all = once.dir.path().join("all");
    three_donor_articles([&all, &all, &all]);
    let run = once.run(&["import", all.to_str().unwrap(), "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let db = a.path.to_str().unwrap();
    assert_eq!(answers(&once, once.path.to_str().unwrap()), answers(&a, db));

    let Some(tool) = tool("sqlite3", "FRONTLINE_SQLITE3") else {
        return;
    };
    // A write that bypasses frontline (here one that changes nothing) leaves the rollup stale:
    // the view computes the same rows from the facts.
    let before = answers(&a, db);
    let stale = a.dir.path().join("stale.db");
    std::fs::copy(&a.path, &stale).unwrap();
    sqlite3(
        &tool,
        &stale,
        "UPDATE organization SET name = name WHERE name = '单位05'",
    );
    let fresh: i64 = rusqlite::Connection::open(&stale)
        .unwrap()
        .query_row("SELECT donor FROM rollup_fresh", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fresh, 0, "the trigger marked donor_rollup stale");
    assert_eq!(answers(&a, "stale.db"), before);
    // An edited count or list of ids is a problem for check, until the rollups are rebuilt.
    for (what, sql) in [
        (
            "count",
            "UPDATE donor_rollup SET donor_count = donor_count + 1",
        ),
        (
            "ids",
            "UPDATE donor_rollup SET donor_ids = donor_ids || ',99999'",
        ),
    ] {
        let tampered = a.dir.path().join(format!("tampered-{what}.db"));
        std::fs::copy(&a.path, &tampered).unwrap();
        sqlite3(&tool, &tampered, sql);
        let path = tampered.to_str().unwrap();
        let run = run_in(a.dir.path(), &["--db", path, "check"]);
        assert_eq!(run.code, 1, "{what}: {}", run.stdout);
        assert!(
            run.stdout
                .contains("PROBLEM rollups: donor_rollup holds a row its facts do not give: "),
            "{what}: {}",
            run.stdout
        );
        let run = run_in(
            a.dir.path(),
            &["--db", path, "migrate", "--rebuild-rollups"],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run_in(a.dir.path(), &["--db", path, "check"]).code, 0);
    }
}
