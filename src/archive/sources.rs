//! Provenance: the passages of the article behind a row of output.
//!
//! Every named query's view `V` has a companion view `V_sources` with `V`'s key columns and one
//! row per supporting passage (paragraph number in reading order, quote, citation id). This module
//! looks them up row by row for `--sources`, so a reader sees, beside each number, the sentences
//! it came from, each as `[c86] ¶5 “quote”`: `cite 86` shows that passage, `cite ¶5` its paragraph.
//!
//! Paragraphs are numbered per article (`paragraph.reading_position`). While the archive holds one
//! article, `¶5` is enough; with more, a paragraph is named with its article's slug,
//! `gaoxinqu-2020:¶5`, the form `cite` takes. Citation ids are unique in the whole archive.

use std::collections::HashMap;

use rusqlite::Statement;

use super::Archive;

use crate::archive::queries::NamedQuery;
use crate::error::{Error, Result};
use crate::output::Value;

/// How a paragraph is named: `¶5`, or `slug:¶5` when the archive holds several articles.
pub fn paragraph_label(article: Option<&str>, paragraph: i64) -> String {
    match article {
        Some(slug) => format!("{slug}:¶{paragraph}"),
        None => format!("¶{paragraph}"),
    }
}

/// One passage behind a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The citation's id (`frontline cite ID`).
    pub citation_id: i64,
    /// The slug of the citation's article.
    pub article: String,
    /// Its paragraph's number in reading order, within its article.
    pub paragraph: i64,
    /// The quote.
    pub quote: String,
}

/// Finds the sources of output rows, given their values.
pub struct Sources<'c> {
    archive: &'c Archive,
    lookup: Lookup<'c>,
    /// Positions of the key columns in an output row.
    keys: Vec<usize>,
    /// The archive holds more than one article: paragraphs are named with their article's slug.
    several_articles: bool,
}

/// How the passages of a row are found.
enum Lookup<'c> {
    /// One statement run per output row, with the row's keys: for queries whose rows are facts,
    /// where an index finds a row's passages.
    PerRow(Statement<'c>),
    /// Every row's passages, read in one pass over the sources view and grouped by key
    /// ([`NamedQuery::sources_grouped`]): for the aggregates, whose rows each gather many facts'
    /// passages. Looked up row by row, SQLite recomputed the whole sources view for each row
    /// (zone-summary at 10,001 articles: 19 s; in one pass, under a second). The passages are
    /// the ones the output prints, so they take about the memory the output takes.
    Grouped(HashMap<Vec<Key>, Vec<Source>>),
}

/// A key column's value, as a map key: two values are the same key exactly when SQLite's `IS`
/// holds between them (the views give a key column one type; a real is compared by its bits).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Null,
    Int(i64),
    Real(u64),
    Text(String),
    Blob(Vec<u8>),
}

impl From<rusqlite::types::Value> for Key {
    fn from(v: rusqlite::types::Value) -> Self {
        use rusqlite::types::Value as V;
        match v {
            V::Null => Key::Null,
            V::Integer(i) => Key::Int(i),
            V::Real(f) => Key::Real(f.to_bits()),
            V::Text(t) => Key::Text(t),
            V::Blob(b) => Key::Blob(b),
        }
    }
}

/// The columns every lookup selects, from a relation `s` with `citation_id`, `paragraph` and
/// `quote`: the passage and its article's slug.
const SELECT: &str = "SELECT DISTINCT s.citation_id, s.paragraph, s.quote, a.slug, a.id";
const JOIN_ARTICLE: &str = "JOIN citation c ON c.id = s.citation_id \
     JOIN paragraph p ON p.id = c.paragraph_id JOIN story st ON st.id = p.story_id \
     JOIN article a ON a.id = st.article_id";
/// The order of a row's passages: by article, then paragraph, then citation.
const ORDER: &str = "ORDER BY a.id, s.paragraph, s.citation_id";

impl<'c> Sources<'c> {
    /// Sources of a named query's rows; `columns` are the names of its output columns, `zones`
    /// the zones its rows are limited to (`--zone`; empty for all).
    pub fn for_query(
        archive: &'c Archive,
        q: &NamedQuery,
        columns: &[String],
        zones: &[String],
    ) -> Result<Self> {
        let keys = q
            .keys
            .iter()
            .map(|k| {
                columns.iter().position(|c| c == k).ok_or_else(|| {
                    Error::runtime(
                        format!("query {} has no column {k}", q.name),
                        "the archive's view differs from this frontline's",
                    )
                    .fix("run `frontline migrate`")
                })
            })
            .collect::<Result<Vec<_>>>()?;
        if q.sources_grouped {
            return Self::grouped(archive, q, keys, zones);
        }
        Self::prepare(archive, &per_row_sql(q), keys)
    }

    /// [`Lookup::Grouped`]: reads the passages of every row in one pass (of the zones asked for,
    /// when the query is per zone), each with its row's keys, in the order of a row's passages.
    fn grouped(
        archive: &'c Archive,
        q: &NamedQuery,
        keys: Vec<usize>,
        zones: &[String],
    ) -> Result<Self> {
        let fail = archive.error("cannot look up sources");
        let key_columns: Vec<String> = q
            .keys
            .iter()
            .map(|k| format!("s.{}", super::quoted(k)))
            .collect();
        let filter = if zones.is_empty() || !q.keys.contains(&"zone") {
            ""
        } else {
            "WHERE s.zone IN (SELECT value FROM json_each(?1))"
        };
        let sql = format!(
            "{SELECT}, {} FROM {}_sources s {JOIN_ARTICLE} {filter} {ORDER}",
            key_columns.join(", "),
            q.view
        );
        let mut stmt = archive.conn().prepare(&sql).map_err(&fail)?;
        let zones_json = serde_json::to_string(zones).expect("a list of strings");
        let params: Vec<&dyn rusqlite::ToSql> = if filter.is_empty() {
            Vec::new()
        } else {
            vec![&zones_json]
        };
        let mut by_key: HashMap<Vec<Key>, Vec<Source>> = HashMap::new();
        let mut rows = stmt.query(params.as_slice()).map_err(&fail)?;
        while let Some(r) = rows.next().map_err(&fail)? {
            let key = (0..keys.len())
                .map(|i| r.get::<_, rusqlite::types::Value>(5 + i).map(Key::from))
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(&fail)?;
            by_key.entry(key).or_default().push(Source {
                citation_id: r.get(0).map_err(&fail)?,
                paragraph: r.get(1).map_err(&fail)?,
                quote: r.get(2).map_err(&fail)?,
                article: r.get(3).map_err(&fail)?,
            });
        }
        Ok(Sources {
            archive,
            lookup: Lookup::Grouped(by_key),
            keys,
            several_articles: several_articles(archive)?,
        })
    }

    /// Sources of rows that carry a `citation_id` column (for `frontline sql --sources`).
    pub fn for_citation_column(archive: &'c Archive, columns: &[String]) -> Result<Self> {
        let at = columns
            .iter()
            .position(|c| c == "citation_id")
            .ok_or_else(|| {
                Error::usage("cannot add sources", "the result has no citation_id column").fix(
                    "select a citation_id column (every fact table has one), or drop --sources",
                )
            })?;
        Self::prepare(
            archive,
            &format!("{SELECT} FROM citation_source s {JOIN_ARTICLE} WHERE s.citation_id = ?1"),
            vec![at],
        )
    }

    fn prepare(archive: &'c Archive, sql: &str, keys: Vec<usize>) -> Result<Self> {
        let fail = archive.error("cannot look up sources");
        let stmt = archive.conn().prepare(sql).map_err(&fail)?;
        Ok(Sources {
            archive,
            lookup: Lookup::PerRow(stmt),
            keys,
            several_articles: several_articles(archive)?,
        })
    }

    /// The passages behind one row, in reading order.
    pub fn find(&mut self, row: &[Value]) -> Result<Vec<Source>> {
        let params: Vec<rusqlite::types::Value> =
            self.keys.iter().map(|&i| to_sql(&row[i])).collect();
        let stmt = match &mut self.lookup {
            Lookup::Grouped(by_key) => {
                let key: Vec<Key> = params.into_iter().map(Key::from).collect();
                return Ok(by_key.get(&key).cloned().unwrap_or_default());
            }
            Lookup::PerRow(stmt) => stmt,
        };
        stmt.query_map(rusqlite::params_from_iter(params), |r| {
            Ok(Source {
                citation_id: r.get(0)?,
                paragraph: r.get(1)?,
                quote: r.get(2)?,
                article: r.get(3)?,
            })
        })
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(self.archive.error("cannot look up sources"))
    }

    /// The sources of one row as a value: in json and jsonl an array of `{citation_id, article,
    /// paragraph, quote}`, in the text formats `[c86] ¶5 “quote”; [c92] ¶7 “quote”`. NULL when
    /// nothing supports the row (its value is unknown).
    pub fn lookup(&mut self, row: &[Value]) -> Result<Value> {
        let found = self.find(row)?;
        if found.is_empty() {
            return Ok(Value::Null);
        }
        let text = found
            .iter()
            .map(|s| {
                let slug = self.several_articles.then_some(s.article.as_str());
                format!(
                    "[c{}] {} “{}”",
                    s.citation_id,
                    paragraph_label(slug, s.paragraph),
                    s.quote
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let json = found
            .into_iter()
            .map(|s| {
                serde_json::json!({
                    "citation_id": s.citation_id,
                    "article": s.article,
                    "paragraph": s.paragraph,
                    "quote": s.quote,
                })
            })
            .collect();
        Ok(Value::shaped(json, text))
    }
}

/// The statement that finds one row's passages by the row's keys, bound as `?1`, `?2`, ...
fn per_row_sql(q: &NamedQuery) -> String {
    let condition: Vec<String> = q
        .keys
        .iter()
        .enumerate()
        .map(|(i, k)| format!("s.{} IS ?{}", super::quoted(k), i + 1))
        .collect();
    format!(
        "{SELECT} FROM {}_sources s {JOIN_ARTICLE} WHERE {} {ORDER}",
        q.view,
        condition.join(" AND ")
    )
}

/// Whether the archive holds more than one article.
fn several_articles(archive: &Archive) -> Result<bool> {
    archive
        .conn()
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM article LIMIT 1 OFFSET 1)",
            [],
            |r| r.get(0),
        )
        .map_err(archive.error("cannot look up sources"))
}

fn to_sql(v: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match v {
        Value::Null => V::Null,
        Value::Int(i) => V::Integer(*i),
        Value::Real(f) => V::Real(*f),
        Value::Text(t) => V::Text(t.clone()),
        Value::Blob(b) => V::Blob(b.clone()),
        Value::Shaped(s) => V::Text(s.text.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::Mode;
    use crate::archive::queries::QUERIES;

    /// Both ways of finding a row's passages give the same passages in the same order, for every
    /// row of every named query of the seed, on the whole archive and on one zone: the grouped
    /// pass is only faster.
    #[test]
    fn grouped_and_per_row_lookups_agree() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        crate::domain::load::build(&path, crate::domain::seed::EMBEDDED).unwrap();
        let archive = Archive::open(&path, Mode::Snapshot).unwrap();
        let mut rows_with_sources = 0;
        for q in QUERIES {
            for zones in [vec![], vec!["成都高新区".to_string()]] {
                if !zones.is_empty() && !q.by_zone {
                    continue;
                }
                let (mut stmt, params) = archive.named_query(q, &zones).unwrap();
                let columns: Vec<String> = stmt.column_names().map(String::from).collect();
                let rows: Vec<Vec<Value>> = stmt
                    .query_map(rusqlite::params_from_iter(params.iter()), |r| {
                        (0..columns.len())
                            .map(|i| {
                                use rusqlite::types::Value as V;
                                Ok(match r.get::<_, V>(i)? {
                                    V::Null => Value::Null,
                                    V::Integer(x) => Value::Int(x),
                                    V::Real(x) => Value::Real(x),
                                    V::Text(t) => Value::Text(t),
                                    V::Blob(b) => Value::Blob(b),
                                })
                            })
                            .collect()
                    })
                    .unwrap()
                    .map(Result::unwrap)
                    .collect();
                assert!(!rows.is_empty() || !zones.is_empty(), "{}", q.name);
                let grouped = NamedQuery {
                    sources_grouped: true,
                    ..*q
                };
                let per_row = NamedQuery {
                    sources_grouped: false,
                    ..*q
                };
                let mut grouped = Sources::for_query(&archive, &grouped, &columns, &zones).unwrap();
                let mut per_row = Sources::for_query(&archive, &per_row, &columns, &zones).unwrap();
                for row in &rows {
                    let expected = per_row.find(row).unwrap();
                    rows_with_sources += usize::from(!expected.is_empty());
                    assert_eq!(grouped.find(row).unwrap(), expected, "{} {row:?}", q.name);
                }
            }
        }
        assert!(rows_with_sources > 100, "{rows_with_sources}");
    }

    /// A query whose passages are looked up row by row must find them through indexes: a lookup
    /// that scans a table costs the whole table once per output row (timeline at 10,001
    /// articles took 70 s before migration 0008 indexed its keys). A new listing query needs an
    /// index on its keys, or `-- sources: grouped`. Scans allowed: the sources view's own rows
    /// (`s`, when SQLite computes a compound view first, from index searches), constant rows.
    #[test]
    fn per_row_lookups_search_indexes_and_scan_no_table() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::archive::migrate(&mut conn, std::path::Path::new(":memory:")).unwrap();
        for q in QUERIES.iter().filter(|q| !q.sources_grouped) {
            let plan: Vec<String> = conn
                .prepare(&format!("EXPLAIN QUERY PLAN {}", per_row_sql(q)))
                .unwrap()
                .query_map(
                    rusqlite::params_from_iter(q.keys.iter().map(|_| "x")),
                    |r| r.get(3),
                )
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let scans: Vec<&String> = plan
                .iter()
                .filter(|line| line.starts_with("SCAN "))
                .filter(|line| {
                    !(line.as_str() == "SCAN s"
                        || line.contains("CONSTANT ROW")
                        || line.contains("VALUES CLAUSE")
                        || line.starts_with("SCAN (subquery-"))
                })
                .collect();
            assert!(scans.is_empty(), "{}: {scans:?} in {plan:#?}", q.name);
            assert!(
                plan.iter().any(|line| line.starts_with("SEARCH ")),
                "{}: {plan:#?}",
                q.name
            );
        }
    }
}
