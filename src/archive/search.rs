//! The search index and the paragraphs behind a hit.
//!
//! Paragraphs are found through the FTS5 trigram index (`paragraph_fts`, over the text as read:
//! split paragraphs joined) for words of three characters or more, and by a substring scan for
//! shorter ones. The statement is assembled here from fixed fragments; every word the user typed is
//! bound as a parameter, never spliced into the SQL.

use rusqlite::types::Value as SqlValue;

use super::Archive;
use crate::error::{Error, Result};

/// What to look for, as the domain layer ([`crate::domain::search`]) prepared it.
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    /// An FTS5 query for the index, if any word is long enough for it.
    pub fts: Option<String>,
    /// Words found by a substring scan (shorter than three characters).
    pub scan: Vec<String>,
    /// Only paragraphs of this zone's stories (a resolved Chinese zone name).
    pub zones: Vec<String>,
    /// At most this many paragraphs (`None`: all of them).
    pub limit: Option<i64>,
    /// The FTS5 query is the user's own syntax (`--raw`): a syntax error is theirs to fix.
    pub raw: bool,
}

/// A paragraph that matches, as read (split halves joined).
#[derive(Debug, Clone)]
pub struct Found {
    /// The slug of its article.
    pub article: String,
    /// The zone of its story.
    pub zone: String,
    /// The story's headline.
    pub story: String,
    /// The story's id.
    pub story_id: i64,
    /// The paragraph's number in reading order (of its first half).
    pub paragraph: i64,
    /// The text as read.
    pub text: String,
}

/// One half of a paragraph as read: a paragraph the layout split has two.
#[derive(Debug, Clone)]
pub struct Half {
    /// The paragraph row's id.
    pub id: i64,
    /// Its first character's offset in the article.
    pub char_start: i64,
    /// Its length in characters.
    pub len: i64,
    /// Whether it continues the half before it.
    pub continues_previous: bool,
}

impl Archive {
    /// The paragraphs that match `lookup`, best first (by rank when the index is used), then in
    /// reading order, and how many match in all (counted only when the limit cut the result).
    pub fn find_paragraphs(&self, lookup: &Lookup) -> Result<(Vec<Found>, usize)> {
        let mut sql = String::from(
            "FROM reading_text r \
             JOIN paragraph p ON p.id = r.id JOIN story s ON s.id = p.story_id \
             JOIN zone z ON z.id = s.zone_id JOIN article a ON a.id = s.article_id ",
        );
        let mut params: Vec<SqlValue> = Vec::new();
        if let Some(q) = &lookup.fts {
            sql += "JOIN (SELECT rowid, rank FROM paragraph_fts WHERE paragraph_fts MATCH ?) f \
                    ON f.rowid = r.id ";
            params.push(SqlValue::Text(q.clone()));
        }
        sql += "WHERE 1 ";
        for word in &lookup.scan {
            // Case matters only for Latin letters; Chinese text needs no lower-casing copy.
            sql += if word.chars().any(|c| c.is_ascii_alphabetic()) {
                "AND instr(lower(r.text), lower(?)) > 0 "
            } else {
                "AND instr(r.text, ?) > 0 "
            };
            params.push(SqlValue::Text(word.clone()));
        }
        if !lookup.zones.is_empty() {
            sql += &format!(
                "AND z.name IN ({}) ",
                vec!["?"; lookup.zones.len()].join(", ")
            );
            params.extend(lookup.zones.iter().cloned().map(SqlValue::Text));
        }
        let count_sql = format!("SELECT count(*) {sql}");
        let count_params = params.clone();
        let mut sql = format!(
            "SELECT z.name, s.headline, p.reading_position, r.text, p.story_id, a.slug {sql}"
        );
        sql += if lookup.fts.is_some() {
            "ORDER BY f.rank, s.article_id, p.reading_position "
        } else {
            "ORDER BY s.article_id, p.reading_position "
        };
        sql += "LIMIT ?";
        // SQLite reads a negative LIMIT as no limit.
        params.push(SqlValue::Integer(lookup.limit.unwrap_or(-1)));
        let fail = |e: rusqlite::Error| {
            if lookup.raw {
                Error::runtime("search failed", e.to_string())
                    .fix("check the FTS5 query syntax, or search without --raw")
            } else {
                super::archive_error("search failed".into(), self.path(), &e)
            }
        };
        let mut stmt = self.conn().prepare(&sql).map_err(fail)?;
        let found = stmt
            .query_map(rusqlite::params_from_iter(params), |r| {
                Ok(Found {
                    zone: r.get(0)?,
                    story: r.get(1)?,
                    paragraph: r.get(2)?,
                    text: r.get(3)?,
                    story_id: r.get(4)?,
                    article: r.get(5)?,
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(fail)?;
        let total = match lookup.limit {
            Some(n) if found.len() as i64 >= n => self
                .conn()
                .query_row(&count_sql, rusqlite::params_from_iter(count_params), |r| {
                    r.get::<_, i64>(0)
                })
                .map_err(fail)? as usize,
            _ => found.len(),
        };
        Ok((found, total))
    }

    /// The halves of the paragraph read as number `paragraph` of story `story_id`: the paragraph
    /// itself, then the ones after it in reading order (the caller stops at the first that does
    /// not continue the one before).
    pub fn paragraph_halves(&self, story_id: i64, paragraph: i64) -> Result<Vec<Half>> {
        let fail = self.error("search failed");
        let mut stmt = self
            .conn()
            .prepare_cached(
                "SELECT id, char_start, length(text), continues_previous FROM paragraph \
                 WHERE story_id = ?1 AND reading_position >= ?2 ORDER BY reading_position",
            )
            .map_err(&fail)?;
        let halves = stmt
            .query_map([story_id, paragraph], |r| {
                Ok(Half {
                    id: r.get(0)?,
                    char_start: r.get(1)?,
                    len: r.get(2)?,
                    continues_previous: r.get(3)?,
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(&fail)?;
        Ok(halves)
    }

    /// The citations in a paragraph row: (id, char_start, char_end), offsets in the article.
    pub fn paragraph_citations(&self, paragraph_id: i64) -> Result<Vec<(i64, i64, i64)>> {
        let fail = self.error("search failed");
        let mut stmt = self
            .conn()
            .prepare_cached(
                "SELECT id, char_start, char_end FROM citation WHERE paragraph_id = ?1 ORDER BY id",
            )
            .map_err(&fail)?;
        let rows = stmt
            .query_map([paragraph_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(&fail)?;
        Ok(rows)
    }
}
