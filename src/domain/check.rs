//! `frontline check`: is this archive whole and true to its article?
//!
//! In order: SQLite's integrity check (or the quicker `quick_check`), foreign keys, the schema
//! version and views, each article's sha256 against its text, that every paragraph and every
//! citation's quote still stands at its offsets, and that every stored number is what its phrase
//! as written says. The archive layer runs what SQL can check alone ([`crate::archive::check`]);
//! the hashes and numbers are derived again here, by the same rules the loader used
//! ([`seed::sha256_hex`], [`quantity::parse`]), so an edited value or phrase cannot go unnoticed;
//! a number above the loader's limit (10^15) is a problem even when its phrase says it. Last, every
//! rollup the views read is recomputed from the facts and compared
//! ([`crate::archive::rollup::differences`]).

use crate::archive::Archive;
use crate::archive::check::{Found, StoredQuantity};
use crate::domain::{quantity, seed};
use crate::error::Result;

/// The outcome of one check.
#[derive(Debug)]
pub struct Outcome {
    /// The check's name (`integrity`, `foreign keys`, ...).
    pub name: &'static str,
    /// What holds, when nothing was found (`PRAGMA integrity_check is ok`).
    pub summary: String,
    /// One line per problem; an error that stopped the check is one problem.
    pub problems: Vec<String>,
}

/// The name of the check whose problems `frontline migrate` fixes.
pub const SCHEMA: &str = "schema version";

/// The name of the check whose problems `frontline migrate --rebuild-rollups` fixes.
pub const ROLLUPS: &str = "rollups";

/// The largest quantity a load accepts (the loader's limit, `seed::validate::MAX_QUANTITY`): a
/// larger stored number was written by something else, and sums of such numbers can overflow.
const MAX_QUANTITY: i64 = 1_000_000_000_000_000;

/// Runs every check in order, giving each outcome to `each` as soon as it is known (a large
/// archive's integrity check takes a while; the lines should not wait for the last check).
pub fn run(
    archive: &Archive,
    quick: bool,
    mut each: impl FnMut(Outcome) -> Result<()>,
) -> Result<()> {
    let checks: [(&'static str, &dyn Fn() -> rusqlite::Result<Found>); 7] = [
        ("integrity", &|| archive.check_integrity(quick)),
        ("foreign keys", &|| archive.check_foreign_keys()),
        (SCHEMA, &|| archive.check_schema()),
        ("article sha256", &|| article_sha(archive)),
        ("quotes at their offsets", &|| archive.check_offsets()),
        ("numbers match their phrases", &|| quantities(archive)),
        (ROLLUPS, &|| archive.check_rollups()),
    ];
    for (name, check) in checks {
        let outcome = match check() {
            Ok((summary, problems)) => Outcome {
                name,
                summary,
                problems,
            },
            Err(e) => Outcome {
                name,
                summary: String::new(),
                problems: vec![format!("cannot check: {e}")],
            },
        };
        each(outcome)?;
    }
    Ok(())
}

/// Every problem every check finds, as (check name, problem): what a copy must be free of
/// before backup or restore installs it.
pub fn problems(archive: &Archive, quick: bool) -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    // The callback never fails, so neither does the run.
    let _ = run(archive, quick, |outcome| {
        found.extend(outcome.problems.into_iter().map(|p| (outcome.name, p)));
        Ok(())
    });
    found
}

/// Each article's text hashes to the sha256 recorded when it was loaded.
fn article_sha(archive: &Archive) -> rusqlite::Result<Found> {
    let mut problems = Vec::new();
    let n = archive.for_each_article_text(|slug, recorded, text| {
        let actual = seed::sha256_hex(text);
        if actual != recorded {
            problems.push(format!(
                "article {slug}: text has sha256 {actual}, recorded {recorded}"
            ));
        }
    })?;
    if n == 0 {
        problems
            .push("the archive holds no article: build it with `frontline init --force`".into());
    }
    Ok((format!("{n} article(s) match"), problems))
}

/// Every stored number is what the parser derives from the phrase stored beside it.
fn quantities(archive: &Archive) -> rusqlite::Result<Found> {
    let mut problems = Vec::new();
    let n = archive.for_each_stored_quantity(|q| {
        if let Some(p) = disagreement(&q) {
            problems.push(p);
        }
    })?;
    Ok((format!("{n} quantities agree with their phrases"), problems))
}

/// How a stored number differs from what its phrase says, if it does.
fn disagreement(stored: &StoredQuantity) -> Option<String> {
    let StoredQuantity {
        what,
        phrase,
        value,
        unit,
        qualifier,
    } = stored;
    if let Some(v) = value.filter(|v| v.abs() > MAX_QUANTITY) {
        return Some(format!(
            "{what}: {v} is above 1,000,000,000,000,000 (10^15), the largest a load accepts"
        ));
    }
    match quantity::parse(phrase) {
        Ok(q) => {
            let unit_ok = unit.as_deref().is_none_or(|u| u == q.unit);
            if *value != Some(q.value)
                || qualifier.as_deref() != Some(q.qualifier.as_str())
                || !unit_ok
            {
                Some(format!(
                    "{what}: \"{phrase}\" is {} {} ({}), but the archive says {} {} ({})",
                    q.value,
                    q.unit,
                    q.qualifier.as_str(),
                    value.map_or("NULL".into(), |v| v.to_string()),
                    unit.clone().unwrap_or_default(),
                    qualifier.clone().unwrap_or_default()
                ))
            } else {
                None
            }
        }
        Err(e) => Some(format!("{what}: {e}")),
    }
}
