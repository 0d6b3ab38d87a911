//! Rollups: the per-zone sums the aggregate named queries read (tables `*_rollup`, created by
//! `migrations/0005_rollups.sql`; `donor_rollup` as `0007_donor_rollup_capped.sql` made it), kept
//! up to date at the end of every load.
//!
//! Why tables: the aggregate views (party-members-per-zone, teams-per-zone, money-by-zone,
//! donations-by-material, zone-summary) used to add up every fact on every run, so their cost grew
//! with the archive. The sums they need are mergeable (counts, sums, "the largest count, the
//! earliest article's on a tie", and "the first 20 donors by id", which are among the first 20 of
//! the old ones and the new), and frontline only ever appends facts, so a load can add its
//! own rows to them: [`update`] reads the rows past each fact table's `rollup_source.last_id`
//! and merges them into the rollups, in the load's transaction. Its cost grows with what is
//! loaded and the keys it touches (zones, materials), not with the archive.
//!
//! Why no per-article partial rollups: nothing frontline does removes or changes an article's
//! facts once loaded, so a zone's final row can be merged with the new articles' rows directly.
//! Anything else (a writer that bypasses frontline) either leaves rows past `last_id` or fires a
//! trigger that marks the rollup stale; the views then compute from the facts (same rows, slower)
//! and the next [`update`] rebuilds a stale rollup whole from its `*_facts` view.
//!
//! `frontline check` compares every fresh rollup with its `*_facts` view ([`differences`]).

use rusqlite::{Connection, OptionalExtension, params};

/// The rollup tables, each with its view `<name>_facts` that computes its rows from the facts.
pub const ROLLUPS: &[&str] = &[
    "team_rollup",
    "donation_rollup",
    "donor_rollup",
    "zone_rollup",
    "zone_count_rollup",
];

/// Whether `table` is one of frontline's own bookkeeping tables for rollups (a rollup, or the
/// state and sources they are kept with): derived data, not for readers to browse.
pub fn is_rollup_table(table: &str) -> bool {
    ROLLUPS.contains(&table) || matches!(table, "rollup_state" | "rollup_source")
}

/// The fact tables the rollups sum, with their `last_id` in `rollup_source`.
const SOURCES: &[&str] = &[
    "team",
    "donation",
    "donation_donor",
    "person",
    "organization",
    "event",
    "figure",
];

/// The fact tables each rollup sums.
fn sources_of(rollup: &str) -> &'static [&'static str] {
    match rollup {
        "team_rollup" => &["team"],
        "donation_rollup" => &["donation"],
        // A donor list names organizations: one replaced by name (deleted unseen, appended
        // anew) changes it.
        "donor_rollup" => &["donation_donor", "organization"],
        "zone_rollup" => &["person", "organization", "event", "figure"],
        _ => &["figure"],
    }
}

/// Whether the archive has rollups at all (schema version 4 and later).
pub fn present(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'rollup_state'",
        [],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
}

/// Where a load keeps the `CREATE TRIGGER` statements of the INSERT triggers it set aside.
const SET_ASIDE: &str = "rollup_insert_triggers";

/// Prepares a load, in its transaction, before it writes a row.
///
/// Marks stale each rollup whose fact tables do not end at its `last_id`. Rows past it were
/// appended by another writer, and such a write can also have removed a row the rollup includes
/// where no trigger sees it (a REPLACE or UPDATE OR REPLACE that collides on a unique name deletes
/// the other row without firing DELETE triggers); folding only the rows past `last_id` would keep
/// counting that row, so [`update`] rebuilds the rollup from the facts instead.
///
/// Then sets aside the INSERT triggers of the summed tables (`<table>_rollup_insert`, which catch
/// a row written at or below `last_id` by another writer) until [`update`] puts them back: a
/// load's rows all come past `last_id` once every table ends there, so the triggers would never
/// fire for them, yet invoking one per row cost the import of 1,000 articles about 4 to 7%
/// (1.17 s to 1.25 s, median of 14). Dropping and creating them is a few schema writes per load;
/// a load that fails rolls them back with everything else.
pub fn begin(conn: &Connection) -> rusqlite::Result<()> {
    if !present(conn)? {
        return Ok(());
    }
    let names: Vec<String> = SOURCES
        .iter()
        .map(|s| format!("{s}_rollup_insert"))
        .collect();
    let triggers: Vec<(String, String)> = {
        let mut stmt = conn.prepare(
            "SELECT s.name, s.sql FROM main.sqlite_schema s, json_each(?1) t \
             WHERE s.type = 'trigger' AND s.name = t.value ORDER BY s.rowid",
        )?;
        let names = serde_json::to_string(&names).expect("a list of names");
        stmt.query_map([names], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    if !triggers.is_empty() {
        conn.execute_batch(&format!(
            "CREATE TEMP TABLE IF NOT EXISTS {SET_ASIDE} (sql TEXT NOT NULL)"
        ))?;
        for (name, sql) in triggers {
            conn.execute(
                &format!("INSERT INTO temp.{SET_ASIDE} (sql) VALUES (?1)"),
                [sql],
            )?;
            conn.execute_batch(&format!("DROP TRIGGER main.\"{name}\""))?;
        }
    }
    for rollup in ROLLUPS {
        for source in sources_of(rollup) {
            let ends_at_last: bool = conn.query_row(
                &format!(
                    "SELECT coalesce((SELECT coalesce(max(rowid), 0) FROM \"{source}\") \
                     = (SELECT last_id FROM rollup_source WHERE source = ?1), 0)"
                ),
                [source],
                |r| r.get(0),
            )?;
            if !ends_at_last {
                conn.execute(
                    "UPDATE rollup_state SET fresh = 0 WHERE rollup = ?1 AND fresh = 1",
                    [rollup],
                )?;
                break;
            }
        }
    }
    Ok(())
}

/// Adds the fact rows past each source's `last_id` to the rollups (rebuilding a stale one from
/// its facts), then moves `last_id` to each table's last row. Runs inside the caller's
/// transaction. A rollup whose sum no longer fits in a 64-bit integer (only an edited archive
/// holds such values) is left stale: its views compute from the facts, as they would without it.
pub fn update(conn: &Connection) -> rusqlite::Result<()> {
    if !present(conn)? {
        return Ok(());
    }
    let mut last = Vec::new();
    for source in SOURCES {
        let id: Option<i64> = conn
            .query_row(
                "SELECT last_id FROM rollup_source WHERE source = ?1",
                [source],
                |r| r.get(0),
            )
            .optional()?;
        last.push((*source, id));
    }
    let last_of = |s: &str| last.iter().find(|(n, _)| *n == s).and_then(|(_, id)| *id);
    let mut states = Vec::new();
    for rollup in ROLLUPS {
        let flagged: Option<i64> = conn
            .query_row(
                "SELECT fresh FROM rollup_state WHERE rollup = ?1",
                [rollup],
                |r| r.get(0),
            )
            .optional()?;
        let known: Option<Vec<i64>> = sources_of(rollup).iter().map(|s| last_of(s)).collect();
        conn.execute_batch("SAVEPOINT rollup")?;
        let result = match (flagged, known) {
            (Some(1), Some(ids)) => fold(conn, rollup, &ids),
            _ => refill(conn, rollup),
        };
        let fresh = match result {
            Ok(()) => {
                conn.execute_batch("RELEASE rollup")?;
                true
            }
            Err(e) if is_overflow(&e) => {
                conn.execute_batch("ROLLBACK TO rollup; RELEASE rollup")?;
                false
            }
            Err(e) => {
                conn.execute_batch("ROLLBACK TO rollup; RELEASE rollup")?;
                return Err(e);
            }
        };
        states.push((*rollup, fresh));
    }
    // rollup_source first: its triggers mark every rollup stale (an edit by hand), and the states
    // written after them say what this update made of each.
    for source in SOURCES {
        conn.execute(
            &format!(
                "INSERT OR REPLACE INTO rollup_source (source, last_id) \
                 SELECT '{source}', coalesce(max(rowid), 0) FROM \"{source}\""
            ),
            [],
        )?;
    }
    for (rollup, fresh) in states {
        conn.execute(
            "INSERT OR REPLACE INTO rollup_state (rollup, fresh) VALUES (?1, ?2)",
            params![rollup, fresh],
        )?;
    }
    restore_insert_triggers(conn)
}

/// Creates again the INSERT triggers [`begin`] set aside, if it did.
fn restore_insert_triggers(conn: &Connection) -> rusqlite::Result<()> {
    let set_aside: bool = conn.query_row(
        "SELECT count(*) > 0 FROM temp.sqlite_schema WHERE type = 'table' AND name = ?1",
        [SET_ASIDE],
        |r| r.get(0),
    )?;
    if !set_aside {
        return Ok(());
    }
    let triggers: Vec<String> = {
        let mut stmt = conn.prepare(&format!("SELECT sql FROM temp.{SET_ASIDE} ORDER BY rowid"))?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    for sql in triggers {
        conn.execute_batch(&sql)?;
    }
    conn.execute_batch(&format!("DROP TABLE temp.{SET_ASIDE}"))
}

/// The migration that made the rollups: [`rebuild`] runs its `CREATE TRIGGER` statement again for
/// each trigger missing.
const MIGRATION: &str = include_str!("../../migrations/0005_rollups.sql");

/// The `CREATE TRIGGER` statement of trigger `name` in [`MIGRATION`].
fn trigger_sql(name: &str) -> Option<&'static str> {
    let start = MIGRATION.find(&format!("CREATE TRIGGER {name} "))?;
    let end = start + MIGRATION[start..].find("\nEND;")? + "\nEND;".len();
    Some(&MIGRATION[start..end])
}

/// Rebuilds every rollup from the facts (`frontline migrate --rebuild-rollups`), inside the
/// caller's transaction, first creating again any trigger that marks them stale which is missing
/// (a tool that rebuilt a table dropped it).
pub fn rebuild(conn: &Connection) -> rusqlite::Result<()> {
    if !present(conn)? {
        return Ok(());
    }
    for name in missing_triggers(conn)? {
        if let Some(sql) = trigger_sql(&name) {
            conn.execute_batch(sql)?;
        }
    }
    conn.execute("UPDATE rollup_state SET fresh = 0", [])?;
    update(conn)
}

/// True for the errors of a sum too large for a 64-bit integer: SQLite's `sum()` overflowing, or
/// an addition that turned into a real, which a STRICT integer column refuses.
fn is_overflow(e: &rusqlite::Error) -> bool {
    match e {
        rusqlite::Error::SqliteFailure(f, msg) => {
            f.code == rusqlite::ErrorCode::ConstraintViolation
                || msg
                    .as_deref()
                    .is_some_and(|m| m.contains("integer overflow"))
        }
        _ => false,
    }
}

/// Replaces a rollup's rows with the ones its facts give.
fn refill(conn: &Connection, rollup: &str) -> rusqlite::Result<()> {
    conn.execute_batch(&format!(
        "DELETE FROM {rollup}; INSERT INTO {rollup} SELECT * FROM {rollup}_facts;"
    ))
}

/// Merges the rows past `last` (one id per source of the rollup, see [`sources_of`]) into a fresh
/// rollup.
fn fold(conn: &Connection, rollup: &str, last: &[i64]) -> rusqlite::Result<()> {
    match rollup {
        "team_rollup" => conn
            .execute(
                "INSERT INTO team_rollup AS r
                 SELECT zone_id, kind, (organizer_id IS NULL AND count_phrase IS NOT NULL),
                        count(*), sum(team_count),
                        count(CASE WHEN count_qualifier = 'at_least' THEN 1 END),
                        count(CASE WHEN count_qualifier = 'less_than' THEN 1 END),
                        count(CASE WHEN count_qualifier = 'approx' THEN 1 END),
                        coalesce(sum(members), 0), count(members),
                        count(CASE WHEN members_qualifier = 'at_least' THEN 1 END),
                        count(CASE WHEN members_qualifier = 'less_than' THEN 1 END),
                        count(CASE WHEN members_qualifier = 'approx' THEN 1 END)
                 FROM team NOT INDEXED
                 WHERE id > ?1 AND +part_of_id IS NULL AND +zone_id IS NOT NULL
                 GROUP BY 1, 2, 3
                 ON CONFLICT (zone_id, kind, zone_wide) DO UPDATE SET
                     rows_ = r.rows_ + excluded.rows_, teams = r.teams + excluded.teams,
                     at_least = r.at_least + excluded.at_least,
                     less_than = r.less_than + excluded.less_than,
                     approx = r.approx + excluded.approx,
                     members = r.members + excluded.members,
                     with_members = r.with_members + excluded.with_members,
                     members_at_least = r.members_at_least + excluded.members_at_least,
                     members_less_than = r.members_less_than + excluded.members_less_than,
                     members_approx = r.members_approx + excluded.members_approx",
                [last[0]],
            )
            .map(drop),
        "donation_rollup" => conn
            .execute(
                "INSERT INTO donation_rollup AS r
                 SELECT zone_id, material_id, kind, count(*), count(quantity),
                        coalesce(sum(quantity), 0),
                        count(CASE WHEN qualifier = 'at_least' THEN 1 END),
                        count(CASE WHEN qualifier = 'less_than' THEN 1 END),
                        count(CASE WHEN qualifier = 'approx' THEN 1 END)
                 FROM donation NOT INDEXED
                 WHERE id > ?1
                 GROUP BY zone_id, material_id, kind
                 ON CONFLICT (zone_id, material_id, kind) DO UPDATE SET
                     entries = r.entries + excluded.entries,
                     quantified = r.quantified + excluded.quantified,
                     quantity = r.quantity + excluded.quantity,
                     at_least = r.at_least + excluded.at_least,
                     less_than = r.less_than + excluded.less_than,
                     approx = r.approx + excluded.approx",
                [last[0]],
            )
            .map(drop),
        "donor_rollup" => fold_donors(conn, last[0]),
        "zone_rollup" => {
            for ((table, column), after) in [
                ("person", "people"),
                ("organization", "organizations"),
                ("event", "events"),
                ("figure", "figures"),
            ]
            .iter()
            .zip(last)
            {
                conn.execute(
                    &format!(
                        "INSERT INTO zone_rollup AS r (zone_id, people, organizations, events, figures)
                         SELECT zone_id, {}, {}, {}, {} FROM {table} NOT INDEXED
                         WHERE id > ?1 AND +zone_id IS NOT NULL GROUP BY zone_id
                         ON CONFLICT (zone_id) DO UPDATE SET {column} = r.{column} + excluded.{column}",
                        count_if(column, "people"),
                        count_if(column, "organizations"),
                        count_if(column, "events"),
                        count_if(column, "figures"),
                    ),
                    [after],
                )?;
            }
            Ok(())
        }
        _ => fold_zone_counts(conn, last[0]),
    }
}

fn count_if(column: &str, this: &str) -> &'static str {
    if column == this { "count(*)" } else { "0" }
}

/// Merges the new figures' per-article counts into each zone's standing count: the largest
/// preference stands, the existing one on a tie (its article is the earlier). A new figure of an
/// article the rollup already counted (written by something other than a load) cannot be merged
/// that way, so the rollup is rebuilt instead.
fn fold_zone_counts(conn: &Connection, last: i64) -> rusqlite::Result<()> {
    let old_article: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM zone_count_rollup_rows n
                        WHERE n.id > ?1 AND EXISTS (
                            SELECT 1 FROM figure g
                            WHERE g.metric = n.metric AND g.zone_id = n.zone_id
                              AND g.article_id = n.article_id AND +g.id <= ?1))",
        [last],
        |r| r.get(0),
    )?;
    if old_article {
        return refill(conn, "zone_count_rollup");
    }
    conn.execute(
        "WITH per AS MATERIALIZED (
             SELECT metric, zone_id, article_id,
                    sum(t_n) AS t_n, sum(t_value) AS t_value, sum(t_low) AS t_low,
                    sum(t_high) AS t_high, sum(t_approx) AS t_approx, sum(u_n) AS u_n,
                    sum(u_value) AS u_value, sum(u_high) AS u_high, sum(u_approx) AS u_approx
             FROM zone_count_rollup_rows
             WHERE id > ?1
             GROUP BY metric, zone_id, article_id
         ), candidate AS (
             SELECT zone_id, metric, article_id, t_n, t_value, t_low, t_high, t_approx, u_n,
                    u_value, u_high, u_approx,
                    CASE WHEN CASE WHEN t_n > 0 THEN t_high ELSE u_high END > 0 THEN -1
                         ELSE CASE WHEN t_n > 0 THEN t_value ELSE u_value END END AS preference,
                    1 AS articles
             FROM per
             UNION ALL
             SELECT r.* FROM zone_count_rollup r
             WHERE (r.zone_id, r.metric) IN (SELECT zone_id, metric FROM per)
         ), numbered AS (
             SELECT candidate.*,
                    row_number() OVER (PARTITION BY zone_id, metric
                                       ORDER BY preference DESC, article_id) AS n,
                    sum(articles) OVER (PARTITION BY zone_id, metric) AS total
             FROM candidate
         )
         INSERT OR REPLACE INTO zone_count_rollup
         SELECT zone_id, metric, article_id, t_n, t_value, t_low, t_high, t_approx, u_n, u_value,
                u_high, u_approx, preference, total
         FROM numbered
         WHERE n = 1",
        [last],
    )
    .map(drop)
}

/// How many donors of a material and kind `donor_rollup` names (donations-by-material's
/// `donors`); it counts them all (`donor_count`). SQL says it as the `LIMIT` of
/// `donor_rollup_facts` (migrations/0007_donor_rollup_capped.sql) and of donations_by_material's
/// arm that computes from the facts (queries/040_donations_by_material.sql), and the query's
/// description tells readers; a test checks that all of them say this number.
pub const DONORS_NAMED: usize = 20;

/// Adds the new donors of each material and kind to its row: the organizations the loaded
/// donation_donor rows name as donors of a material and kind that no earlier row names for it.
/// Their number is added to `donor_count`, and the first [`DONORS_NAMED`] by id of the row's
/// named donors and the new ones are its new named donors: the donors not named are all past the
/// named ones, so none of them can come before. A new donor may have a smaller id than the named
/// ones (an organization an earlier article named, donating this material for the first time),
/// which is why the two lists are merged rather than appended. Only the loaded rows, their
/// organizations' earlier donations and the touched rows are read, never the archive's donors.
fn fold_donors(conn: &Connection, last: i64) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(
        "SELECT x.material_id, x.kind, o.id
         FROM donation_donor AS dd NOT INDEXED
         JOIN donation x ON x.id = dd.donation_id
         JOIN organization o ON o.id = dd.organization_id
         WHERE dd.rowid > ?1
           AND NOT EXISTS (SELECT 1 FROM donation_donor d2 JOIN donation x2 ON x2.id = d2.donation_id
                           WHERE d2.organization_id = dd.organization_id AND +d2.rowid <= ?1
                             AND x2.material_id = x.material_id AND x2.kind = x.kind)
         GROUP BY x.material_id, x.kind, o.id
         ORDER BY x.material_id, x.kind, o.id",
    )?;
    let rows = stmt.query_map([last], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    // (material, kind, new donors' ids in order)
    let mut groups: Vec<(i64, String, Vec<i64>)> = Vec::new();
    for row in rows {
        let (material, kind, id) = row?;
        match groups.last_mut() {
            Some(g) if g.0 == material && g.1 == kind => g.2.push(id),
            _ => groups.push((material, kind, vec![id])),
        }
    }
    let mut name_of = conn.prepare("SELECT name FROM organization WHERE id = ?1")?;
    for (material, kind, new) in groups {
        let stored: Option<(String, i64)> = conn
            .query_row(
                "SELECT donor_ids, donor_count FROM donor_rollup WHERE material_id = ?1 AND kind = ?2",
                params![material, kind],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        // A row this fold did not write (an edit by hand): that row from the facts.
        let from_facts = || {
            conn.execute(
                "INSERT OR REPLACE INTO donor_rollup \
                 SELECT * FROM donor_rollup_facts WHERE material_id = ?1 AND kind = ?2",
                params![material, kind],
            )
        };
        let (named, count) = match stored {
            None => (Vec::new(), 0),
            Some((ids, count)) => match parse_ids(&ids).filter(|named| as_written(named, count)) {
                Some(named) => (named, count),
                None => {
                    from_facts()?;
                    continue;
                }
            },
        };
        let count = count + new.len() as i64;
        let mut merged: Vec<i64> = named.iter().chain(&new).copied().collect();
        merged.sort_unstable();
        merged.dedup();
        merged.truncate(DONORS_NAMED);
        if merged == named {
            conn.execute(
                "UPDATE donor_rollup SET donor_count = ?3 WHERE material_id = ?1 AND kind = ?2",
                params![material, kind, count],
            )?;
            continue;
        }
        let names = merged
            .iter()
            .map(|id| {
                name_of
                    .query_row([id], |r| r.get::<_, String>(0))
                    .optional()
            })
            .collect::<rusqlite::Result<Option<Vec<_>>>>()?;
        // An id no organization has (only an edit by hand can leave one: a donor cannot be
        // deleted while a donation names it).
        let Some(names) = names else {
            from_facts()?;
            continue;
        };
        let ids = merged
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        conn.execute(
            "INSERT OR REPLACE INTO donor_rollup (material_id, kind, donors, donor_ids, donor_count) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![material, kind, names.join("; "), ids, count],
        )?;
    }
    Ok(())
}

/// The organization ids of `donor_rollup.donor_ids` ("3,8,21"), or `None` when it is not such a
/// list.
fn parse_ids(ids: &str) -> Option<Vec<i64>> {
    ids.split(',').map(|id| id.parse().ok()).collect()
}

/// Whether `named` (a row's ids) and `count` (its donor_count) are as the fold writes them: the
/// first donors by id, each once, as many as the cap allows of `count`.
fn as_written(named: &[i64], count: i64) -> bool {
    named.windows(2).all(|w| w[0] < w[1]) && named.len() as i64 == count.min(DONORS_NAMED as i64)
}

/// The triggers of migrations/0005_rollups.sql that mark rollups stale (`rollup_fresh` requires
/// all of them), each missing one by name.
fn missing_triggers(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let expected = SOURCES
        .iter()
        .flat_map(|s| ["update", "delete", "insert"].map(|w| format!("{s}_rollup_{w}")))
        .chain(["insert", "update", "delete"].map(|w| format!("rollup_source_{w}")));
    let mut missing = Vec::new();
    for name in expected {
        let found: bool = conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
            [&name],
            |r| r.get(0),
        )?;
        if !found {
            missing.push(name);
        }
    }
    Ok(missing)
}

/// What `frontline check` says of the rollups: a summary, and one problem per rollup row that
/// differs from what its facts give. A stale rollup is no problem (no view reads it) and is named
/// in the summary.
pub fn differences(conn: &Connection) -> rusqlite::Result<(String, Vec<String>)> {
    if !present(conn)? {
        return Ok(("no rollups at this schema version".into(), Vec::new()));
    }
    let has_views: bool = conn.query_row(
        "SELECT count(*) = 2 FROM sqlite_schema WHERE type = 'view' AND name IN ('rollup_fresh', 'zone_count_rollup_facts')",
        [],
        |r| r.get(0),
    )?;
    if !has_views {
        // An archive whose views are not this frontline's: the schema check names them.
        return Ok((
            "not compared: the archive lacks this frontline's views (see schema version)".into(),
            Vec::new(),
        ));
    }
    let mut problems = Vec::new();
    let missing = missing_triggers(conn)?;
    if !missing.is_empty() {
        problems.push(format!(
            "trigger(s) missing, so no rollup is read (the views compute from the facts) \
             and writes that bypass frontline go unseen: {} (a tool that rebuilds a table, such \
             as `sqlite-utils transform`, drops its triggers; the rebuild creates them again)",
            missing.join(", ")
        ));
    }
    let fresh: Vec<bool> = conn.query_row(
        "SELECT team, donation, donor, zone, zone_count FROM rollup_fresh",
        [],
        |r| (0..ROLLUPS.len()).map(|i| r.get(i)).collect(),
    )?;
    let mut stale = Vec::new();
    for (rollup, fresh) in ROLLUPS.iter().zip(fresh) {
        if !fresh {
            stale.push(*rollup);
            continue;
        }
        for (from, to, what) in [
            (
                *rollup,
                format!("{rollup}_facts"),
                "holds a row its facts do not give",
            ),
            (
                &format!("{rollup}_facts") as &str,
                rollup.to_string(),
                "lacks a row its facts give",
            ),
        ] {
            let mut stmt = conn.prepare(&format!(
                "SELECT * FROM {from} EXCEPT SELECT * FROM {to} ORDER BY 1, 2"
            ))?;
            let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let mut cells = Vec::new();
                for (i, name) in names.iter().enumerate() {
                    let v: rusqlite::types::Value = r.get(i)?;
                    let shown = match v {
                        rusqlite::types::Value::Null => "NULL".to_string(),
                        rusqlite::types::Value::Integer(n) => n.to_string(),
                        rusqlite::types::Value::Real(f) => f.to_string(),
                        rusqlite::types::Value::Text(t) if t.chars().count() > 40 => {
                            format!("{}…", t.chars().take(40).collect::<String>())
                        }
                        rusqlite::types::Value::Text(t) => t,
                        rusqlite::types::Value::Blob(b) => format!("{} bytes", b.len()),
                    };
                    cells.push(format!("{name}={shown}"));
                }
                problems.push(format!("{rollup} {what}: {}", cells.join(", ")));
            }
        }
    }
    let agree = ROLLUPS.len() - stale.len();
    let mut summary = format!("{agree} rollup(s) agree with their facts");
    if !stale.is_empty() {
        summary += &format!(
            "; stale, so the views compute them from the facts (a write bypassed frontline) until the next import or `frontline migrate --rebuild-rollups`: {}",
            stale.join(", ")
        );
    }
    Ok((summary, problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An in-memory archive with one zone, three articles (each with a citation whose id is the
    /// article's), three organizations and one material.
    fn archive() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::archive::migrate(&mut conn, std::path::Path::new(":memory:")).unwrap();
        conn.execute_batch(
            "INSERT INTO zone (id, name, name_en, city, city_en, province, province_en) \
                 VALUES (1, '本区', 'home', '', '', '', '');
             INSERT INTO material (id, name, name_en, category, unit) VALUES (1, '资金', 'money', 'money', '元');",
        )
        .unwrap();
        for a in 1..=3 {
            conn.execute_batch(&format!(
                "INSERT INTO article (id, slug, title, source_file, year, text, sha256) \
                     VALUES ({a}, 'a{a}', 't', 'a.txt', 2020, 'x', printf('%064x', {a}));
                 INSERT INTO story (id, article_id, position, zone_id, headline) VALUES ({a}, {a}, 1, 1, 'h');
                 INSERT INTO paragraph (id, story_id, source_position, reading_position, kind, char_start, char_end, text) \
                     VALUES ({a}, {a}, 1, 1, 'body', 0, 1, 'x');
                 INSERT INTO citation (id, paragraph_id, char_start, char_end, quote) VALUES ({a}, {a}, 0, 1, 'x');
                 INSERT INTO organization (id, name, kind, citation_id) VALUES ({a}, '单位{a}', 'company', 1);"
            ))
            .unwrap();
        }
        conn
    }

    fn donation(conn: &Connection, quantity: i64, donors: &[i64]) {
        conn.execute(
            "INSERT INTO donation (zone_id, kind, material_id, quantity, quantity_phrase, unit, qualifier, citation_id) \
             VALUES (1, 'donated', 1, ?1, 'x', '元', 'exact', 1)",
            [quantity],
        )
        .unwrap();
        let id = conn.last_insert_rowid();
        for d in donors {
            conn.execute(
                "INSERT INTO donation_donor (donation_id, organization_id) VALUES (?1, ?2)",
                [id, *d],
            )
            .unwrap();
        }
    }

    fn party_members(conn: &Connection, article: i64, value: i64) {
        conn.execute(
            "INSERT INTO figure (article_id, zone_id, metric, description, phrase, value, unit, qualifier, citation_id) \
             VALUES (?1, 1, 'party_members', '', 'x', ?2, '名', 'exact', ?1)",
            [article, value],
        )
        .unwrap();
    }

    /// Loads (as the loader's hook does) and checks that every rollup is fresh and agrees with
    /// its facts.
    fn load(conn: &Connection) {
        update(conn).unwrap();
        let (summary, problems) = differences(conn).unwrap();
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(summary, "5 rollup(s) agree with their facts");
    }

    #[test]
    fn every_trigger_rollup_fresh_requires_is_in_the_migration_and_a_rebuild_restores_it() {
        let conn = archive();
        assert_eq!(missing_triggers(&conn).unwrap(), Vec::<String>::new());
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 24, "rollup_fresh counts 24");
        conn.execute_batch("DROP TRIGGER figure_rollup_update; DROP TRIGGER rollup_source_delete;")
            .unwrap();
        assert_eq!(
            missing_triggers(&conn).unwrap(),
            ["figure_rollup_update", "rollup_source_delete"]
        );
        rebuild(&conn).unwrap();
        assert_eq!(missing_triggers(&conn).unwrap(), Vec::<String>::new());
        load(&conn);
    }

    #[test]
    fn donors_stay_in_organization_order_and_are_listed_once() {
        let conn = archive();
        donation(&conn, 10, &[2]);
        load(&conn);
        // A later donor (appended), one already listed, and an earlier organization, which
        // belongs before the others: the lists are merged.
        donation(&conn, 5, &[3, 2]);
        load(&conn);
        donation(&conn, 1, &[1]);
        load(&conn);
        let donors: String = conn
            .query_row("SELECT donors FROM donor_rollup", [], |r| r.get(0))
            .unwrap();
        assert_eq!(donors, "单位1; 单位2; 单位3");
    }

    #[test]
    fn past_the_cap_the_first_donors_by_id_are_named_and_all_are_counted() {
        let conn = archive();
        for id in 4..=40 {
            conn.execute(
                "INSERT INTO organization (id, name, kind, citation_id) \
                 VALUES (?1, '单位' || ?1, 'company', 1)",
                [id],
            )
            .unwrap();
        }
        let row = |conn: &Connection| -> (String, String, i64) {
            conn.query_row(
                "SELECT donors, donor_ids, donor_count FROM donor_rollup",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
        };
        let ids = |ids: &[i64]| ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        // Each load checks (in `load`) that the fold gives what donor_rollup_facts gives.
        donation(&conn, 1, &(10..=25).collect::<Vec<_>>());
        load(&conn);
        assert_eq!(row(&conn).1, ids(&(10..=25).collect::<Vec<_>>()));
        // Past the cap: the larger ids are counted, not named.
        donation(&conn, 1, &(26..=40).collect::<Vec<_>>());
        load(&conn);
        let (_, named, count) = row(&conn);
        assert_eq!((named, count), (ids(&(10..=29).collect::<Vec<_>>()), 31));
        // Donors already counted add nothing; smaller ids, first named later, come first.
        donation(&conn, 1, &[30, 12, 5, 2]);
        load(&conn);
        let (donors, named, count) = row(&conn);
        let first: Vec<i64> = [2, 5].into_iter().chain(10..=27).collect();
        assert_eq!((named, count), (ids(&first), 33));
        assert_eq!(donors.split("; ").count(), DONORS_NAMED);
        assert!(donors.starts_with("单位2; 单位5; 单位10; "), "{donors}");
        // A donor past the named ones only counts.
        donation(&conn, 1, &[7, 3]);
        load(&conn);
        assert_eq!(row(&conn).2, 35);
        // The view names the same donors from the rollup and, stale, from the facts.
        let view = |conn: &Connection| -> (String, i64) {
            conn.query_row(
                "SELECT donors, donor_count FROM donations_by_material",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
        };
        let fresh = view(&conn);
        assert_eq!(fresh.1, 35);
        conn.execute_batch("UPDATE rollup_state SET fresh = 0")
            .unwrap();
        assert_eq!(view(&conn), fresh);
    }

    #[test]
    fn a_list_of_ids_the_fold_cannot_read_is_taken_from_the_facts() {
        let conn = archive();
        donation(&conn, 1, &[2]);
        load(&conn);
        // An edit by hand no trigger sees; the next load must not merge with it.
        conn.execute_batch("UPDATE donor_rollup SET donor_ids = 'two', donor_count = 7")
            .unwrap();
        donation(&conn, 1, &[1]);
        load(&conn);
        let row: (String, String, i64) = conn
            .query_row(
                "SELECT donors, donor_ids, donor_count FROM donor_rollup",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(row, ("单位1; 单位2".into(), "1,2".into(), 2));
        // Ids that parse but are not what the fold writes (an organization that does not exist,
        // ids out of order, a count that disagrees with them), then a load with a new donor.
        let edits = [
            "donor_ids = donor_ids || ',99999', donor_count = donor_count + 1",
            "donor_ids = '2,1'",
            "donor_count = 1",
        ];
        for (i, edit) in edits.iter().enumerate() {
            let new = 10 + i as i64;
            conn.execute_batch(&format!(
                "INSERT INTO organization (id, name, kind, citation_id) VALUES ({new}, '单位{new}', 'company', 1);
                 UPDATE donor_rollup SET {edit};"
            ))
            .unwrap();
            donation(&conn, 1, &[new]);
            load(&conn);
            let (count, differ): (i64, i64) = conn
                .query_row(
                    "SELECT (SELECT donor_count FROM donor_rollup), \
                     (SELECT count(*) FROM (SELECT * FROM donor_rollup \
                                            EXCEPT SELECT * FROM donor_rollup_facts))",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert_eq!((count, differ), (3 + i as i64, 0), "{edit}");
        }
    }

    #[test]
    fn the_cap_of_the_fold_is_the_cap_of_the_sql() {
        // The numbers after each `LIMIT` in `sql`.
        let limits = |sql: &str| -> Vec<String> {
            sql.split("LIMIT ")
                .skip(1)
                .map(|rest| rest.split(|c: char| !c.is_ascii_digit()).next().unwrap())
                .map(str::to_string)
                .collect()
        };
        let cap = DONORS_NAMED.to_string();
        let migration = include_str!("../../migrations/0007_donor_rollup_capped.sql");
        let facts = &migration[migration.find("CREATE VIEW donor_rollup_facts").unwrap()..];
        let facts = &facts[..facts.find(";\n").unwrap()];
        assert_eq!(limits(facts), [cap.clone(), cap.clone()]);
        let query = include_str!("../../queries/040_donations_by_material.sql");
        let view = crate::archive::views::split(query)[0];
        assert_eq!(limits(view), std::slice::from_ref(&cap));
        assert!(query.contains(&format!("with the first {cap} donors")));
    }

    #[test]
    fn of_equal_counts_the_earliest_article_stands_across_loads() {
        let conn = archive();
        party_members(&conn, 1, 50);
        load(&conn);
        party_members(&conn, 2, 50);
        load(&conn);
        party_members(&conn, 3, 40);
        load(&conn);
        let (article, articles): (i64, i64) = conn
            .query_row(
                "SELECT article_id, articles FROM zone_count_rollup WHERE metric = 'party_members'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((article, articles), (1, 3));
    }

    #[test]
    fn a_sum_too_large_leaves_the_rollup_stale_and_the_views_computing() {
        let conn = archive();
        donation(&conn, i64::MAX - 1, &[]);
        load(&conn);
        donation(&conn, 5, &[]);
        update(&conn).unwrap();
        let fresh: (i64, i64) = conn
            .query_row("SELECT donation, team FROM rollup_fresh", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(fresh, (0, 1));
        let err = conn
            .query_row("SELECT * FROM money_by_zone", [], |_| Ok(()))
            .unwrap_err();
        assert!(err.to_string().contains("integer overflow"), "{err}");
    }
}
