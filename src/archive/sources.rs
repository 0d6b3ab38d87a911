//! Provenance: the passages of the article behind a row of output.
//!
//! Every named query's view `V` has a companion view `V_sources` with `V`'s key columns and one
//! row per supporting passage (paragraph number in reading order, quote, citation id). This module
//! looks them up row by row for `--sources`, so a reader sees, beside each number, the sentences
//! it came from.

use rusqlite::Statement;

use super::Archive;

use crate::archive::queries::NamedQuery;
use crate::error::{Error, Result};
use crate::output::Value;

/// Finds the sources of output rows, given their values.
pub struct Sources<'c> {
    archive: &'c Archive,
    stmt: Statement<'c>,
    /// Positions of the key columns in an output row.
    keys: Vec<usize>,
}

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
            .map(|(i, k)| format!("\"{k}\" IS ?{}", i + 1))
            .collect();
        let sql = format!(
            "SELECT DISTINCT paragraph, quote FROM {}_sources WHERE {} ORDER BY paragraph, quote",
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
            "SELECT paragraph, quote FROM citation_source WHERE citation_id = ?1",
            vec![at],
        )
    }

    fn prepare(archive: &'c Archive, sql: &str, keys: Vec<usize>) -> Result<Self> {
        let stmt = archive
            .conn()
            .prepare(sql)
            .map_err(archive.error("cannot look up sources"))?;
        Ok(Sources {
            archive,
            stmt,
            keys,
        })
    }

    /// The sources of one row, as `¶12 “quote”; ¶15 “quote”` (paragraph numbers in reading order).
    pub fn lookup(&mut self, row: &[Value]) -> Result<Value> {
        let params: Vec<rusqlite::types::Value> =
            self.keys.iter().map(|&i| to_sql(&row[i])).collect();
        let found = self
            .stmt
            .query_map(rusqlite::params_from_iter(params), |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(self.archive.error("cannot look up sources"))?;
        if found.is_empty() {
            return Ok(Value::Null);
        }
        Ok(Value::Text(
            found
                .iter()
                .map(|(p, q)| format!("¶{p} “{q}”"))
                .collect::<Vec<_>>()
                .join("; "),
        ))
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
