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
    /// A named query's rows, only those of `zones` when any are given (resolved Chinese zone
    /// names). Returns the statement and the values to bind, so the rows can be streamed to the
    /// output.
    pub fn named_query(
        &self,
        query: &NamedQuery,
        zones: &[String],
    ) -> Result<(Statement<'_>, Vec<String>)> {
        let sql = match zones.len() {
            0 => query.select_all(),
            n => query.select_zones(n),
        };
        let stmt = self
            .conn()
            .prepare(&sql)
            .map_err(self.error(format!("query {} failed", query.name)))?;
        Ok((stmt, zones.to_vec()))
    }

    /// Interrupts any statement still running `limit` from now (reported by
    /// [`Archive::adhoc_error`] as having run too long).
    pub fn set_timeout(&mut self, limit: Duration) -> Result<()> {
        super::set_timeout(self.conn_mut(), limit)
    }

    /// Prepares one ad-hoc statement, refusing anything that would write, and anything but
    /// exactly one statement.
    ///
    /// SQLite reads a statement up to its first NUL, so text after one would be ignored: a NUL is
    /// refused. A second statement is a usage error whatever it is: it is recognised by its
    /// position (the first statement prepares and text other than comments follows it), before
    /// the authorizer or the parser has a say about the second one.
    pub fn prepare_adhoc(&self, sql: &str, timeout: Duration) -> Result<Statement<'_>> {
        use rusqlite::fallible_iterator::FallibleIterator;
        if let Some(at) = sql.find('\0') {
            return Err(Error::usage(
                "statement refused",
                format!("it holds a NUL character (at byte {at}), and SQLite ignores everything after one"),
            )
            .fix("remove it"));
        }
        let fail = self.adhoc_error(timeout);
        let mut statements = rusqlite::Batch::new(self.conn(), sql);
        let stmt = statements
            .next()
            .map_err(&fail)?
            .ok_or_else(|| fail(rusqlite::Error::Empty))?;
        if !matches!(statements.next(), Ok(None)) {
            return Err(fail(rusqlite::Error::MultipleStatement));
        }
        // `PRAGMA journal_mode` without a value only reads the setting, but SQLite does not mark
        // a setting pragma's statement read-only. The authorizer has already allowed only pragmas
        // that read (a setting pragma only without a value).
        if !stmt.readonly() && !first_word(sql).eq_ignore_ascii_case("pragma") {
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
            } else if super::is_out_of_memory(&e) {
                let limit = super::memory_limit();
                Error::runtime(
                    "statement stopped",
                    format!(
                        "it needs more memory than --max-memory allows ({}): {}",
                        crate::size::show(limit),
                        super::describe(&e)
                    ),
                )
                .fix("make it cheaper (LIMIT, fewer or smaller values), or raise --max-memory")
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

/// The first word of a statement, after whitespace and comments (`--` to the end of the line,
/// `/* */`).
fn first_word(sql: &str) -> &str {
    let mut rest = sql;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("--") {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r);
        } else {
            break;
        }
    }
    let end = rest
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .unwrap_or(rest.len());
    &rest[..end]
}

#[cfg(test)]
mod tests {
    use super::first_word;

    #[test]
    fn the_first_word_skips_comments() {
        assert_eq!(first_word("PRAGMA journal_mode"), "PRAGMA");
        assert_eq!(first_word("  -- a\n/* b */ pragma x"), "pragma");
        assert_eq!(first_word("/* unterminated"), "");
        assert_eq!(first_word("SELECT(1)"), "SELECT");
    }
}
