//! What the report and the Datasette metadata read: named queries' rows (whole, or one zone's),
//! and the few rows of tables the report shows beside them. Everything is read on the caller's
//! connection, which for a report holds one read transaction ([`super::Mode::Snapshot`]), so
//! every number comes from the same state of the archive.

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
            .query_map(params, |r| {
                (0..n)
                    .map(|i| r.get_ref(i).map(Value::from))
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
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

    /// A zone's figures (the figures view's columns), each with its paragraph and, for a figure
    /// inside or restating another, that figure's phrase and quote.
    pub fn zone_figures(&self, zone: &str, limit: Option<usize>) -> Result<Rows> {
        self.rows(
            "SELECT f.*, cs.paragraph, \
                    (SELECT g.phrase || ': ' || c.quote FROM figure g JOIN citation c ON c.id = g.citation_id \
                     WHERE g.id = f.part_of) AS part_of_quote, \
                    (SELECT g.phrase || ': ' || c.quote FROM figure g JOIN citation c ON c.id = g.citation_id \
                     WHERE g.id = f.restates) AS restates_quote \
             FROM figures f LEFT JOIN citation_source cs ON cs.citation_id = f.citation_id \
             WHERE f.zone = ?1 ORDER BY f.id LIMIT ?2",
            &[&zone, &limit.map_or(-1, |n| n as i64)],
        )
    }

    /// A zone's team rows with their organizer, the team they are part of, and their quote,
    /// paragraph and citation.
    pub fn zone_teams(&self, zone: &str, limit: Option<usize>) -> Result<Rows> {
        self.rows(
            "SELECT t.name, t.kind, t.team_count, t.count_qualifier, t.members, t.members_qualifier, \
                    o.name AS organizer, p.name AS part_of, cs.quote, cs.paragraph, cs.citation_id \
             FROM team t JOIN zone z ON z.id = t.zone_id LEFT JOIN organization o ON o.id = t.organizer_id \
             LEFT JOIN team p ON p.id = t.part_of_id JOIN citation_source cs ON cs.citation_id = t.citation_id \
             WHERE z.name = ?1 ORDER BY t.id LIMIT ?2",
            &[&zone, &limit.map_or(-1, |n| n as i64)],
        )
    }

    /// A zone's donations, one row each, with donors, recipient, quote, paragraph and citation.
    pub fn zone_donations(&self, zone: &str, limit: Option<usize>) -> Result<Rows> {
        self.rows(
            "SELECT m.name AS material, d.kind, d.quantity, d.qualifier, d.unit, \
                    (SELECT group_concat(o.name, '; ') FROM donation_donor dd \
                     JOIN organization o ON o.id = dd.organization_id WHERE dd.donation_id = d.id) AS donors, \
                    coalesce(r.name, d.recipient) AS recipient, cs.quote, cs.paragraph, cs.citation_id \
             FROM donation d JOIN zone z ON z.id = d.zone_id JOIN material m ON m.id = d.material_id \
             LEFT JOIN organization r ON r.id = d.recipient_id JOIN citation_source cs ON cs.citation_id = d.citation_id \
             WHERE z.name = ?1 ORDER BY d.id LIMIT ?2",
            &[&zone, &limit.map_or(-1, |n| n as i64)],
        )
    }

    /// The articles: slug, title, source file and sha256, in load order.
    pub fn article_rows(&self) -> Result<Rows> {
        self.rows(
            "SELECT slug, title, source_file, sha256 FROM article ORDER BY id",
            &[],
        )
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
