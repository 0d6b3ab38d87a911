//! Running a named query or an ad-hoc statement for `query` and `sql`, with SQLite's errors turned
//! into messages that say what to do: a refused write, a statement that ran too long, two
//! statements where one is allowed.

use std::time::Duration;

use rusqlite::Statement;

use super::Archive;
use super::queries::NamedQuery;
use crate::error::{Error, Result};

/// What to do instead of changing the archive through `frontline sql`.
const READ_ONLY_FIX: &str = "frontline sql only reads; the archive changes through `frontline import` or by rebuilding it from the seed";

impl Archive {
    /// A named query's rows, only `zone`'s when given (a resolved Chinese zone name). Returns the
    /// statement and the values to bind, so the rows can be streamed to the output.
    pub fn named_query(
        &self,
        query: &NamedQuery,
        zone: Option<&str>,
    ) -> Result<(Statement<'_>, Vec<String>)> {
        let sql = match zone {
            Some(_) => query.select_zone(),
            None => query.select_all(),
        };
        let stmt = self
            .conn()
            .prepare(&sql)
            .map_err(self.error(format!("query {} failed", query.name)))?;
        Ok((stmt, zone.map(str::to_string).into_iter().collect()))
    }

    /// Interrupts any statement still running `limit` from now (reported by
    /// [`Archive::adhoc_error`] as having run too long).
    pub fn set_timeout(&mut self, limit: Duration) -> Result<()> {
        super::set_timeout(self.conn_mut(), limit)
    }

    /// Prepares one ad-hoc statement, refusing anything that would write.
    pub fn prepare_adhoc(&self, sql: &str, timeout: Duration) -> Result<Statement<'_>> {
        let stmt = self
            .conn()
            .prepare(sql)
            .map_err(|e| self.adhoc_error(timeout)(e))?;
        if !stmt.readonly() {
            return Err(
                Error::runtime("statement refused", "it would change the archive")
                    .fix(READ_ONLY_FIX),
            );
        }
        Ok(stmt)
    }

    /// Maps an error of an ad-hoc statement run with `timeout`.
    pub fn adhoc_error(&self, timeout: Duration) -> impl Fn(rusqlite::Error) -> Error + '_ {
        move |e: rusqlite::Error| -> Error {
            if super::is_interrupted(&e) {
                Error::runtime(
                    "statement interrupted",
                    format!("it ran longer than {} s", timeout.as_secs_f64()),
                )
                .fix("make it cheaper, or raise --timeout")
            } else if super::is_refused(&e) {
                Error::runtime("statement refused", e.to_string()).fix(READ_ONLY_FIX)
            } else {
                match e {
                    rusqlite::Error::MultipleStatement => {
                        Error::usage("more than one statement", "frontline sql runs exactly one")
                            .fix("run them one call each")
                    }
                    rusqlite::Error::Empty => {
                        Error::usage("no statement", "the SQL is empty or only comments")
                    }
                    e => super::archive_error("SQL error".into(), self.path(), &e),
                }
            }
        }
    }
}
