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
    stmt: Statement<'c>,
    /// Positions of the key columns in an output row.
    keys: Vec<usize>,
    /// The archive holds more than one article: paragraphs are named with their article's slug.
    several_articles: bool,
}

/// The columns every lookup selects, from a relation `s` with `citation_id`, `paragraph` and
/// `quote`: the passage and its article's slug.
const SELECT: &str = "SELECT DISTINCT s.citation_id, s.paragraph, s.quote, a.slug, a.id";
const JOIN_ARTICLE: &str = "JOIN citation c ON c.id = s.citation_id \
     JOIN paragraph p ON p.id = c.paragraph_id JOIN story st ON st.id = p.story_id \
     JOIN article a ON a.id = st.article_id";

impl<'c> Sources<'c> {
    /// Sources of a named query's rows; `columns` are the names of its output columns.
    pub fn for_query(archive: &'c Archive, q: &NamedQuery, columns: &[String]) -> Result<Self> {
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
        let condition: Vec<String> = q
            .keys
            .iter()
            .enumerate()
            .map(|(i, k)| format!("s.\"{k}\" IS ?{}", i + 1))
            .collect();
        let sql = format!(
            "{SELECT} FROM {}_sources s {JOIN_ARTICLE} WHERE {} \
             ORDER BY a.id, s.paragraph, s.citation_id",
            q.view,
            condition.join(" AND ")
        );
        Self::prepare(archive, &sql, keys)
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
        let several_articles = archive
            .conn()
            .query_row("SELECT count(*) > 1 FROM article", [], |r| r.get(0))
            .map_err(&fail)?;
        Ok(Sources {
            archive,
            stmt,
            keys,
            several_articles,
        })
    }

    /// The passages behind one row, in reading order.
    pub fn find(&mut self, row: &[Value]) -> Result<Vec<Source>> {
        let params: Vec<rusqlite::types::Value> =
            self.keys.iter().map(|&i| to_sql(&row[i])).collect();
        self.stmt
            .query_map(rusqlite::params_from_iter(params), |r| {
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
