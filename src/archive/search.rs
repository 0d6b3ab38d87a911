//! The search index and the paragraphs behind a hit.
//!
//! `paragraph_fts` is an FTS5 trigram index over each `paragraph` row's own text (migration 0004:
//! the layout sqlite-utils and Datasette recognise). Search matches the text *as read*, where a
//! paragraph the layout split is joined again, so it combines three sources:
//!
//! * the index, for every paragraph that was not split: words of three characters or more as
//!   trigram phrases, and two-character words as the OR of the index's trigrams that start with
//!   them (read from its vocabulary, `temp.paragraph_fts_terms`);
//! * the paragraphs that end with a two-character word (which then has no trigram of its own),
//!   through the `paragraph_tail` index;
//! * the split paragraphs, few in any archive, each checked whole with `instr`.
//!
//! Words the index cannot serve (one character, or two with letters whose case the index folds
//! differently from `lower`) are checked with `instr` on the text as read, as is everything when no
//! word can use the index. Index hits stream in id order, which the loader makes reading order,
//! so a short-word search reads only the rows it shows plus one count.
//!
//! Statements are assembled here from fixed fragments; every word the user typed is bound as a
//! parameter, never spliced into the SQL.

use rusqlite::types::Value as SqlValue;

use super::Archive;
use crate::error::{Error, Result};

/// What to look for, as the domain layer ([`crate::domain::search`]) prepared it.
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    /// An FTS5 query for the index (words of three characters or more, or `--raw` syntax).
    pub fts: Option<String>,
    /// The words of three characters or more in `fts`, as typed (not with `--raw`): paragraphs
    /// off the index are checked for them with `instr`.
    pub long: Vec<String>,
    /// Two-character words the index can serve, lower-cased (see the module docs).
    pub short: Vec<String>,
    /// Words found by a substring scan: the others shorter than three characters.
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

/// The columns of a [`Found`], then the paragraph's id, then its rank (NULL off the index).
const COLUMNS: &str = "SELECT z.name, s.headline, p.reading_position, r.text, p.story_id, a.slug, \
                       p.id";
/// The joins from the text as read (`r`) to its paragraph, story, zone and article.
const JOINS: &str = "JOIN paragraph p ON p.id = r.id JOIN story s ON s.id = p.story_id \
                     JOIN zone z ON z.id = s.zone_id JOIN article a ON a.id = s.article_id ";
/// Both halves of every split paragraph (second halves through their partial index; CROSS JOIN
/// keeps SQLite from scanning every paragraph for their first halves instead).
const SPLIT_IDS: &str = "SELECT id FROM paragraph WHERE continues_previous = 1 \
     UNION ALL SELECT p.id FROM paragraph q CROSS JOIN paragraph p ON p.story_id = q.story_id \
     AND p.reading_position = q.reading_position - 1 WHERE q.continues_previous = 1";
/// The first halves of split paragraphs (their id is the paragraph's id as read).
const SPLIT_FIRSTS: &str = "SELECT p.id FROM paragraph q CROSS JOIN paragraph p \
     ON p.story_id = q.story_id AND p.reading_position = q.reading_position - 1 \
     WHERE q.continues_previous = 1";

/// A found row with where it sorts: its paragraph id and its rank (`None` off the index).
struct Row {
    found: Found,
    id: i64,
    rank: Option<f64>,
}

impl Archive {
    /// The paragraphs that match `lookup`, best first (by rank when a word of three characters or
    /// more is searched), then in reading order, and how many match in all (counted only when the
    /// limit cut the result).
    pub fn find_paragraphs(&self, lookup: &Lookup) -> Result<(Vec<Found>, usize)> {
        let fail = |e: rusqlite::Error| {
            if lookup.raw {
                Error::runtime("search failed", e.to_string())
                    .fix("check the FTS5 query syntax, or search without --raw")
            } else {
                super::archive_error("search failed".into(), self.path(), &e)
            }
        };
        if lookup.fts.is_none() && lookup.short.is_empty() {
            return self.scan_paragraphs(lookup).map_err(fail);
        }
        self.indexed_paragraphs(lookup).map_err(fail)
    }

    /// Every paragraph as read, filtered by `instr`: for words no index serves.
    fn scan_paragraphs(&self, lookup: &Lookup) -> rusqlite::Result<(Vec<Found>, usize)> {
        let mut params = Vec::new();
        let filters = filters(lookup, &lookup.scan, &mut params);
        let from = format!("FROM reading_text r {JOINS} WHERE 1 {filters}");
        let count_params = params.clone();
        let sql =
            format!("{COLUMNS}, NULL {from} ORDER BY s.article_id, p.reading_position LIMIT ?");
        params.push(SqlValue::Integer(lookup.limit.unwrap_or(-1)));
        let found = self.found_rows(&sql, params)?;
        let total = match lookup.limit {
            Some(n) if found.len() as i64 >= n => {
                self.count(&format!("SELECT count(*) {from}"), count_params)?
            }
            _ => found.len(),
        };
        Ok((found.into_iter().map(|r| r.found).collect(), total))
    }

    /// The index's hits among unsplit paragraphs, plus the tail and split paragraphs it cannot
    /// answer for, merged in the order search shows them.
    fn indexed_paragraphs(&self, lookup: &Lookup) -> rusqlite::Result<(Vec<Found>, usize)> {
        let ranked = lookup.fts.is_some();
        let mut groups = Vec::new();
        if let Some(q) = &lookup.fts {
            groups.push(q.clone());
        }
        for word in &lookup.short {
            groups.push(self.trigrams_starting(word)?);
        }
        // A short word no trigram starts with occurs, if at all, only at a paragraph's end.
        let query = (!groups.iter().any(String::is_empty)).then(|| {
            groups
                .iter()
                .map(|g| format!("({g})"))
                .collect::<Vec<_>>()
                .join(" AND ")
        });

        let mut indexed = Vec::new();
        let mut indexed_total = 0;
        if let Some(q) = &query {
            // Without other filters, the index alone answers which rows to show and how many
            // match: only the rows shown are joined (ranking reads every hit's rank, not its row).
            let alone = lookup.scan.is_empty() && lookup.zones.is_empty();
            // (A rank is worked out for each row that asks for it: only when ranking.)
            let matching = format!(
                "FROM paragraph_fts WHERE paragraph_fts MATCH ? AND rowid NOT IN ({SPLIT_IDS})"
            );
            let rank = if ranked { "rank" } else { "NULL AS rank" };
            let hits = format!("SELECT rowid, {rank} {matching}");
            let order = if ranked { "f.rank, f.rowid" } else { "f.rowid" };
            let mut params = vec![SqlValue::Text(q.clone())];
            let limit = SqlValue::Integer(lookup.limit.unwrap_or(-1));
            let (sql, count_sql, count_params) = if alone {
                let sql = format!(
                    "{COLUMNS}, f.rank FROM ({hits} ORDER BY {} LIMIT ?) f \
                     JOIN reading_text r ON r.id = f.rowid {JOINS} ORDER BY {order}",
                    order.replace("f.", "")
                );
                (sql, format!("SELECT count(*) {matching}"), params.clone())
            } else {
                let filters = filters(lookup, &lookup.scan, &mut params);
                let from = format!(
                    "FROM ({hits}) f JOIN reading_text r ON r.id = f.rowid {JOINS} WHERE 1 {filters}"
                );
                let sql = format!("{COLUMNS}, f.rank {from} ORDER BY {order} LIMIT ?");
                (sql, format!("SELECT count(*) {from}"), params.clone())
            };
            params.push(limit);
            indexed = self.found_rows(&sql, params)?;
            indexed_total = match lookup.limit {
                Some(n) if indexed.len() as i64 >= n => self.count(&count_sql, count_params)?,
                _ => indexed.len(),
            };
        }

        // What the index cannot answer for: split paragraphs, and paragraphs ending in a short
        // word; each checked whole, on the text as read.
        let mut params = Vec::new();
        let mut candidates = SPLIT_FIRSTS.to_string();
        // A paragraph that ends in a short word is the index's too when every short word also
        // occurs before its last character (a trigram starts there): only the others are extra.
        let before_end =
            vec!["instr(lower(substr(text, 1, length(text) - 1)), ?) > 0"; lookup.short.len()]
                .join(" AND ");
        for word in &lookup.short {
            candidates += &format!(
                " UNION SELECT id FROM paragraph WHERE lower(substr(text, -2)) = ? \
                  AND continues_previous = 0 AND NOT ({before_end})"
            );
            params.push(SqlValue::Text(word.clone()));
            params.extend(lookup.short.iter().cloned().map(SqlValue::Text));
        }
        let check = if lookup.raw {
            // The user's FTS5 syntax cannot be checked with instr: a split paragraph matches
            // when either half does.
            let q = lookup.fts.clone().unwrap_or_default();
            params.push(SqlValue::Text(q.clone()));
            params.push(SqlValue::Text(q));
            "AND (r.id IN (SELECT rowid FROM paragraph_fts WHERE paragraph_fts MATCH ?) \
              OR r.id IN (SELECT p.id FROM paragraph q CROSS JOIN paragraph p ON p.story_id = q.story_id \
              AND p.reading_position = q.reading_position - 1 WHERE q.continues_previous = 1 \
              AND q.id IN (SELECT rowid FROM paragraph_fts WHERE paragraph_fts MATCH ?)))"
        } else {
            ""
        };
        let words: Vec<String> = lookup
            .long
            .iter()
            .chain(&lookup.short)
            .chain(&lookup.scan)
            .cloned()
            .collect();
        let filters = filters(lookup, &words, &mut params);
        let sql = format!(
            "{COLUMNS}, NULL FROM reading_text r {JOINS} WHERE r.id IN ({candidates}) {check} \
             {filters} ORDER BY r.id"
        );
        let extra = self.found_rows(&sql, params)?;
        let total = indexed_total + extra.len();
        let mut rows = indexed;
        rows.extend(extra);
        // Ranked rows first, by rank; then the rest in reading (id) order. The merge is stable,
        // so rows of equal rank keep the index's order.
        rows.sort_by(|a, b| match (a.rank, b.rank) {
            (Some(x), Some(y)) => x.total_cmp(&y).then(a.id.cmp(&b.id)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.id.cmp(&b.id),
        });
        if let Some(n) = lookup.limit.filter(|n| *n >= 0) {
            rows.truncate(n as usize);
        }
        Ok((rows.into_iter().map(|r| r.found).collect(), total))
    }

    /// The FTS5 query matching the trigrams that start with a two-character word: `"ab1" OR
    /// "ab2" ...`, or an empty string when there is none.
    fn trigrams_starting(&self, word: &str) -> rusqlite::Result<String> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT term FROM temp.paragraph_fts_terms WHERE term >= ?1 AND term < ?1 || char(1114111)",
        )?;
        let terms = stmt
            .query_map([word], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(terms
            .iter()
            .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" OR "))
    }

    fn found_rows(&self, sql: &str, params: Vec<SqlValue>) -> rusqlite::Result<Vec<Row>> {
        let mut stmt = self.conn().prepare(sql)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(params), |r| {
                Ok(Row {
                    found: Found {
                        zone: r.get(0)?,
                        story: r.get(1)?,
                        paragraph: r.get(2)?,
                        text: r.get(3)?,
                        story_id: r.get(4)?,
                        article: r.get(5)?,
                    },
                    id: r.get(6)?,
                    rank: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn count(&self, sql: &str, params: Vec<SqlValue>) -> rusqlite::Result<usize> {
        self.conn()
            .query_row(sql, rusqlite::params_from_iter(params), |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n as usize)
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

/// `AND` filters for `words` (each must occur in the text as read, Latin letters in any case) and
/// for the zones, with their parameters pushed onto `params`.
fn filters(lookup: &Lookup, words: &[String], params: &mut Vec<SqlValue>) -> String {
    let mut sql = String::new();
    for word in words {
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
    sql
}
