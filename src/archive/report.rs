//! What the report and the Datasette metadata read: named queries' rows (whole, or grouped by
//! zone), and the few rows of tables the report shows beside them. Everything is read on the
//! caller's connection, which for a report holds one read transaction ([`super::Mode::Snapshot`]),
//! so every number comes from the same state of the archive.
//!
//! A zone's tables are read for every zone in one statement and grouped here, never one statement
//! per zone: a view that adds up over the archive (the figures' `zone_count`) costs as much for one
//! zone as for all, and 48 zones made a report of 10,001 articles take 35 s.

use std::collections::HashMap;

use super::Archive;
use super::queries;
use crate::error::{Error, Result};
use crate::output::Value;

/// Rows of one query, with its column names.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    /// Column names.
    pub columns: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<Value>>,
}

/// Rows of one query grouped by zone: each zone's first rows, and how many rows it has.
#[derive(Debug, Clone, Default)]
pub struct PerZone {
    /// Column names.
    pub columns: Vec<String>,
    /// Zone name (Chinese) to its first rows and its number of rows.
    pub zones: HashMap<String, (Vec<Vec<Value>>, usize)>,
}

impl PerZone {
    /// The rows of `zone` (none when it has none) and how many it has; takes them out.
    pub fn take(&mut self, zone: &str) -> (Rows, usize) {
        let (rows, count) = self.zones.remove(zone).unwrap_or_default();
        (
            Rows {
                columns: self.columns.clone(),
                rows,
            },
            count,
        )
    }
}

/// The timeline of a report, summarized as it is read: a report lists the first events and draws
/// counts per zone and week, so it never holds every event (400,000 of them at 100,001 articles).
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// The first rows, in the query's order (by date).
    pub first: Rows,
    /// How many rows there are in all.
    pub count: usize,
    /// Each zone's first rows and its number of rows.
    pub per_zone: PerZone,
    /// How many rows each (zone, date) has, in order: what counts per week are made of.
    pub per_day: std::collections::BTreeMap<(String, String), usize>,
}

/// The articles as one line each: titles, source files and hashes, joined.
#[derive(Debug, Clone)]
pub struct ArticleSources {
    /// The titles, joined by " / ".
    pub titles: String,
    /// The source files, joined by ", ".
    pub files: String,
    /// The sha256 of each text, joined by ", ".
    pub sha256: String,
}

impl Archive {
    fn rows(&self, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Rows> {
        let fail = self.error("cannot read the archive for the report");
        let mut stmt = self.conn().prepare(sql).map_err(&fail)?;
        let columns: Vec<String> = stmt.column_names().map(String::from).collect();
        let n = columns.len();
        let rows = stmt
            .query_map(params, |r| values(r, n))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(&fail)?;
        Ok(Rows { columns, rows })
    }

    /// Every row of the named query `name`, or only `zone`'s rows.
    pub fn query_rows(&self, name: &str, zone: Option<&str>) -> Result<Rows> {
        self.query_rows_limited(name, zone, None)
    }

    /// The first `limit` rows (all when `None`) of the named query `name`, or of `zone`'s rows.
    pub fn query_rows_limited(
        &self,
        name: &str,
        zone: Option<&str>,
        limit: Option<usize>,
    ) -> Result<Rows> {
        let q = queries::find(name).ok_or_else(|| {
            Error::runtime(
                "cannot write the report",
                format!("{name} is not a named query"),
            )
        })?;
        let limit = limit.map_or(-1, |n| n as i64);
        match zone {
            Some(z) => self.rows(
                &format!("SELECT * FROM ({}) LIMIT ?2", q.select_zone()),
                &[&z, &limit],
            ),
            None => self.rows(
                &format!("SELECT * FROM ({}) LIMIT ?1", q.select_all()),
                &[&limit],
            ),
        }
    }

    /// Each zone's names and its stories' headlines (`name`, `name_en`, `headline`), in id order.
    pub fn zone_headlines(&self) -> Result<Rows> {
        self.rows(
            "SELECT z.name, z.name_en, \
                    (SELECT group_concat(headline, ' / ') FROM story s WHERE s.zone_id = z.id) AS headline \
             FROM zone z ORDER BY z.id",
            &[],
        )
    }

    /// The figures of the zones `zones` (Chinese names; every zone when empty), grouped by zone:
    /// the figures view's columns, each with its paragraph and, for a figure inside or restating
    /// another, that figure's phrase and quote. The view is read once for all zones (it counts
    /// each zone's figures, `zone_count`, over every figure, which costs as much for one zone as
    /// for all); the paragraphs and quotes are read for the rows kept only.
    pub fn zones_figures(&self, zones: &[String], limit: Option<usize>) -> Result<PerZone> {
        let mut figures = self.query_rows_per_zone("figures", zones, limit)?;
        self.add_details(
            &mut figures,
            "SELECT f.id, cs.paragraph, \
                    (SELECT g.phrase || ': ' || c.quote FROM figure g JOIN citation c ON c.id = g.citation_id \
                     WHERE g.id = f.part_of_id) AS part_of_quote, \
                    (SELECT g.phrase || ': ' || c.quote FROM figure g JOIN citation c ON c.id = g.citation_id \
                     WHERE g.id = f.restates_id) AS restates_quote \
             FROM figure f JOIN citation_source cs ON cs.citation_id = f.citation_id \
             WHERE f.id IN (SELECT value FROM json_each(?1))",
        )?;
        Ok(figures)
    }

    /// The team rows of the zones `zones` (all when empty), grouped by zone, with their
    /// organizer, the team they are part of, and their quote, paragraph and citation.
    pub fn zones_teams(&self, zones: &[String], limit: Option<usize>) -> Result<PerZone> {
        let mut teams = self.per_zone(
            "SELECT t.id, z.name AS zone, t.name, t.kind, t.team_count, t.count_qualifier, \
                    t.members, t.members_qualifier \
             FROM team t JOIN zone z ON z.id = t.zone_id \
             WHERE ?1 = '[]' OR z.name IN (SELECT value FROM json_each(?1)) ORDER BY t.id",
            zones,
            limit,
        )?;
        self.add_details(
            &mut teams,
            "SELECT t.id, o.name AS organizer, p.name AS part_of, cs.quote, cs.paragraph, cs.citation_id \
             FROM team t LEFT JOIN organization o ON o.id = t.organizer_id \
             LEFT JOIN team p ON p.id = t.part_of_id JOIN citation_source cs ON cs.citation_id = t.citation_id \
             WHERE t.id IN (SELECT value FROM json_each(?1))",
        )?;
        Ok(teams)
    }

    /// The donations of the zones `zones` (all when empty), grouped by zone, one row each, with
    /// donors, recipient, quote, paragraph and citation.
    pub fn zones_donations(&self, zones: &[String], limit: Option<usize>) -> Result<PerZone> {
        let mut donations = self.per_zone(
            "SELECT d.id, z.name AS zone, m.name AS material, d.kind, d.quantity, d.qualifier, d.unit, \
                    coalesce(r.name, d.recipient) AS recipient \
             FROM donation d JOIN zone z ON z.id = d.zone_id JOIN material m ON m.id = d.material_id \
             LEFT JOIN organization r ON r.id = d.recipient_id \
             WHERE ?1 = '[]' OR z.name IN (SELECT value FROM json_each(?1)) ORDER BY d.id",
            zones,
            limit,
        )?;
        self.add_details(
            &mut donations,
            "SELECT d.id, \
                    (SELECT group_concat(o.name, '; ') FROM donation_donor dd \
                     JOIN organization o ON o.id = dd.organization_id WHERE dd.donation_id = d.id) AS donors, \
                    cs.quote, cs.paragraph, cs.citation_id \
             FROM donation d JOIN citation_source cs ON cs.citation_id = d.citation_id \
             WHERE d.id IN (SELECT value FROM json_each(?1))",
        )?;
        Ok(donations)
    }

    /// Adds to each kept row of `rows` the columns `sql` gives for its `id` (its first column;
    /// the ids kept are bound as a JSON array to `?1`): what is costly to read (quotes, donors) is
    /// read for the rows a report shows, not for every row of the archive.
    fn add_details(&self, rows: &mut PerZone, sql: &str) -> Result<()> {
        let id = rows.columns.iter().position(|c| c == "id").ok_or_else(|| {
            Error::runtime("cannot write the report", "a zone's rows have no id column")
        })?;
        let ids: Vec<i64> = rows
            .zones
            .values()
            .flat_map(|(kept, _)| kept.iter())
            .filter_map(|r| match r[id] {
                Value::Int(i) => Some(i),
                _ => None,
            })
            .collect();
        let json = serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into());
        let details = self.rows(sql, &[&json])?;
        let mut by_id: HashMap<i64, Vec<Value>> = HashMap::new();
        for mut row in details.rows {
            if let Value::Int(i) = row[0] {
                row.remove(0);
                by_id.insert(i, row);
            }
        }
        rows.columns.extend(details.columns.into_iter().skip(1));
        let width = rows.columns.len();
        for (kept, _) in rows.zones.values_mut() {
            for row in kept {
                let more = match &row[id] {
                    Value::Int(i) => by_id.remove(i),
                    _ => None,
                };
                row.extend(more.unwrap_or_default());
                row.resize(width, Value::Null);
            }
        }
        Ok(())
    }

    /// The rows of the named query `name` (which has a `zone` column) for the zones `zones` (all
    /// when empty), in the query's order, read in one statement.
    pub fn query_rows_in_zones(&self, name: &str, zones: &[String]) -> Result<Rows> {
        self.rows(&in_zones(name)?, &[&zones_json(zones)])
    }

    /// The timeline of the zones `zones` (all when empty), read in one statement and summarized
    /// ([`Timeline`]): its first `first` rows, each zone's first `per_zone` rows, and the number of
    /// events per zone and date.
    pub fn timeline_summary(
        &self,
        zones: &[String],
        first: usize,
        per_zone: usize,
    ) -> Result<Timeline> {
        let fail = self.error("cannot read the archive for the report");
        let mut stmt = self.conn().prepare(&in_zones("timeline")?).map_err(&fail)?;
        let columns: Vec<String> = stmt.column_names().map(String::from).collect();
        let at = |name: &str| {
            columns.iter().position(|c| c == name).ok_or_else(|| {
                Error::runtime(
                    "cannot write the report",
                    format!("the timeline has no {name} column"),
                )
                .fix("run `frontline migrate`")
            })
        };
        let (zone, date) = (at("zone")?, at("date")?);
        let n = columns.len();
        let mut t = Timeline {
            first: Rows {
                columns: columns.clone(),
                rows: Vec::new(),
            },
            per_zone: PerZone {
                columns: columns.clone(),
                zones: HashMap::new(),
            },
            ..Timeline::default()
        };
        let mut rows = stmt.query([zones_json(zones)]).map_err(&fail)?;
        while let Some(row) = rows.next().map_err(&fail)? {
            let z = Value::from(row.get_ref(zone).map_err(&fail)?).plain();
            let d = Value::from(row.get_ref(date).map_err(&fail)?).plain();
            let (kept, count) = t.per_zone.zones.entry(z.clone()).or_default();
            *count += 1;
            let wanted = t.first.rows.len() < first || kept.len() < per_zone;
            if wanted {
                let values = values(row, n).map_err(&fail)?;
                if kept.len() < per_zone {
                    kept.push(values.clone());
                }
                if t.first.rows.len() < first {
                    t.first.rows.push(values);
                }
            }
            *t.per_day.entry((z, d)).or_default() += 1;
            t.count += 1;
        }
        Ok(t)
    }

    /// The rows of the named query `name` (which has a `zone` column) for the zones `zones` (all
    /// when empty), grouped by zone, read in one statement.
    pub fn query_rows_per_zone(
        &self,
        name: &str,
        zones: &[String],
        limit: Option<usize>,
    ) -> Result<PerZone> {
        self.per_zone(&in_zones(name)?, zones, limit)
    }

    /// Runs `sql` (the zones bound as a JSON array to `?1`) and groups its rows by their `zone`
    /// column, keeping each zone's first `limit` rows (all when `None`) and counting the rest.
    fn per_zone(&self, sql: &str, zones: &[String], limit: Option<usize>) -> Result<PerZone> {
        let fail = self.error("cannot read the archive for the report");
        let json = zones_json(zones);
        let mut stmt = self.conn().prepare(sql).map_err(&fail)?;
        let columns: Vec<String> = stmt.column_names().map(String::from).collect();
        let zone = columns.iter().position(|c| c == "zone").ok_or_else(|| {
            Error::runtime(
                "cannot write the report",
                "a zone's rows have no zone column",
            )
        })?;
        let n = columns.len();
        let mut zones: HashMap<String, (Vec<Vec<Value>>, usize)> = HashMap::new();
        let mut rows = stmt.query([json]).map_err(&fail)?;
        while let Some(row) = rows.next().map_err(&fail)? {
            let z = Value::from(row.get_ref(zone).map_err(&fail)?).plain();
            let (kept, count) = zones.entry(z).or_default();
            *count += 1;
            // Rows past the limit are only counted, never copied out of SQLite.
            if limit.is_none_or(|l| kept.len() < l) {
                kept.push(values(row, n).map_err(&fail)?);
            }
        }
        Ok(PerZone { columns, zones })
    }

    /// The first `limit` articles (slug, title, source file and sha256, in load order), and how
    /// many there are.
    pub fn article_rows(&self, limit: usize) -> Result<(Rows, usize)> {
        let rows = self.rows(
            "SELECT slug, title, source_file, sha256 FROM article ORDER BY id LIMIT ?1",
            &[&(limit as i64)],
        )?;
        let count: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM article", [], |r| r.get(0))
            .map_err(self.error("cannot read the archive for the report"))?;
        Ok((rows, count as usize))
    }

    /// The articles' titles, files and hashes, each joined on one line (Datasette's metadata).
    pub fn article_sources(&self) -> Result<ArticleSources> {
        self.conn()
            .query_row(
                "SELECT coalesce(group_concat(title, ' / '), ''), \
                        coalesce(group_concat(source_file, ', '), ''), \
                        coalesce(group_concat(sha256, ', '), '') FROM article",
                [],
                |r| {
                    Ok(ArticleSources {
                        titles: r.get(0)?,
                        files: r.get(1)?,
                        sha256: r.get(2)?,
                    })
                },
            )
            .map_err(self.error("cannot read the articles"))
    }
}

/// The statement for the rows of the named query `name` (which has a `zone` column) in the zones
/// bound as a JSON array to `?1` ([`zones_json`]; all zones when it is empty).
fn in_zones(name: &str) -> Result<String> {
    let q = queries::find(name).ok_or_else(|| {
        Error::runtime(
            "cannot write the report",
            format!("{name} is not a named query"),
        )
    })?;
    Ok(format!(
        "SELECT * FROM ({}) WHERE ?1 = '[]' OR zone IN (SELECT value FROM json_each(?1))",
        q.select_all()
    ))
}

/// `zones` as the JSON array [`in_zones`] binds.
fn zones_json(zones: &[String]) -> String {
    serde_json::to_string(zones).unwrap_or_else(|_| "[]".into())
}

/// The first `n` values of a row.
fn values(row: &rusqlite::Row<'_>, n: usize) -> rusqlite::Result<Vec<Value>> {
    (0..n).map(|i| row.get_ref(i).map(Value::from)).collect()
}
