//! Putting articles into an archive: building a new one (`init`) or adding to one (`import`).
//!
//! Both load in one transaction, so an archive holds every article of a load or none of them. A
//! new archive is built in a temporary file beside its target and renamed into place only once it
//! is complete and synced: a failure or a crash never leaves a half-built archive behind, and an
//! existing archive is replaced in one step or not at all.

use std::path::{Path, PathBuf};

use crate::archive::{Archive, Mode, atomic};
use crate::domain::seed;
use crate::error::Result;

/// Called once for each article loaded, for a progress display (the cli layer's).
pub type Tick<'a> = &'a (dyn Fn() + Sync);

/// Builds the archive at `path` from `sources`, atomically, and returns the rows per table. A
/// symbolic link at `path` stays; its target is what is built or replaced.
pub fn build(path: &Path, sources: &[seed::Source]) -> Result<Vec<(String, i64)>> {
    build_with(path, sources, &|| {})
}

/// [`build`], calling `tick` after each article is loaded.
pub fn build_with(
    path: &Path,
    sources: &[seed::Source],
    tick: Tick<'_>,
) -> Result<Vec<(String, i64)>> {
    let path = &atomic::resolve(path);
    let tmp = atomic::temp_path(path);
    let result = build_into(&tmp, sources, tick).and_then(|counts| {
        // Held until the new archive is in place: no writer is between its start and its commit.
        let _lock = atomic::lock(path, atomic::LockKind::Exclusive, "replace")?;
        crate::archive::ensure_no_writer(path)?;
        atomic::install(&tmp, path)?;
        Ok(counts)
    });
    if result.is_err() {
        atomic::discard(&tmp);
    }
    result
}

fn build_into(tmp: &Path, sources: &[seed::Source], tick: Tick<'_>) -> Result<Vec<(String, i64)>> {
    atomic::discard(tmp);
    let mut archive = Archive::open(tmp, Mode::Create)?;
    let fail = |e: rusqlite::Error| {
        crate::archive::archive_error(
            format!("cannot build archive in {}", tmp.display()),
            tmp,
            &e,
        )
    };
    let tx = archive.conn_mut().transaction().map_err(fail)?;
    seed::load_all(&tx, tmp, sources.iter().copied().inspect(|_| tick()))?;
    tx.commit().map_err(fail)?;
    let counts = archive.table_counts()?;
    archive.finish_build()?;
    atomic::sync(tmp)?;
    Ok(counts)
}

/// What an import added.
#[derive(Debug)]
pub struct Imported {
    /// The articles loaded.
    pub articles: usize,
    /// Rows added per table ([`crate::archive::rows_added`]): (table, rows).
    pub tables: Vec<(String, i64)>,
    /// Rows added to fact tables ([`Archive::fact_tables`]).
    pub fact_rows: i64,
}

/// Adds the article directories `dirs` to the archive, in one transaction, calling `tick` as each
/// is loaded. Reading and parsing the TOML, and deriving what needs only the article (quotes
/// located, numbers and dates read: [`seed::parse`]), run on a second thread while this one
/// writes to the database; a third frees each article once it is written.
pub fn import(archive: &mut Archive, dirs: &[PathBuf], tick: Tick<'_>) -> Result<Imported> {
    let fact_tables = archive.fact_tables()?;
    let path = archive.path().to_path_buf();
    let fail = |e: rusqlite::Error| {
        crate::archive::archive_error(format!("cannot import into {}", path.display()), &path, &e)
    };
    let (loaded, tables) = archive.in_bulk_transaction("import into", |tx| {
        // Where the tables end is read in the load's transaction: no other writer can add rows
        // between it and the load, which would be counted as the load's.
        let ends = crate::archive::table_ends(tx).map_err(fail)?;
        let loaded = std::thread::scope(|scope| {
            let (sender, receiver) = std::sync::mpsc::sync_channel(16);
            scope.spawn(move || {
                for dir in dirs {
                    let parsed =
                        seed::read_article(dir).and_then(|src| seed::parse(&src.as_source()));
                    if sender.send(parsed).is_err() {
                        break; // the loader stopped at an error
                    }
                }
            });
            let (spent, freed) = std::sync::mpsc::sync_channel::<seed::Spent>(4);
            scope.spawn(move || freed.into_iter().for_each(drop));
            seed::load_parsed_all(
                tx,
                &path,
                dirs.len(),
                receiver.into_iter().inspect(|_| tick()),
                |s| {
                    // Only fails once the freeing thread has stopped, which it does not before
                    // this sender is dropped; an article not sent is freed here.
                    let _ = spent.send(s);
                },
            )
        })?;
        Ok((loaded, crate::archive::rows_added(tx, &ends).map_err(fail)?))
    })?;
    let fact_rows = fact_rows(&tables, &fact_tables);
    Ok(Imported {
        articles: loaded,
        tables,
        fact_rows,
    })
}

/// What an import would add, found by running it and rolling back.
#[derive(Debug)]
pub struct DryRun {
    /// The articles that would be loaded.
    pub articles: usize,
    /// Rows that would be added per table: (table, rows).
    pub tables: Vec<(String, i64)>,
    /// Rows that would be added to fact tables.
    pub fact_rows: i64,
    /// The rows of fact tables that would be added: (table, id, `column=value` list).
    pub records: Vec<(String, i64, String)>,
}

/// Runs the import of `dirs` (every check of a real one) in a transaction that is rolled back,
/// and reports what it would have added. The archive is left as it was.
pub fn dry_run(archive: &mut Archive, dirs: &[PathBuf]) -> Result<DryRun> {
    let fact_tables = archive.fact_tables()?;
    let path = archive.path().to_path_buf();
    let fail = |e: rusqlite::Error| {
        crate::archive::archive_error(
            format!("cannot dry-run an import into {}", path.display()),
            &path,
            &e,
        )
    };
    // IMMEDIATE, as a real import: the write lock is waited for (busy timeout) at the start. A
    // deferred transaction would read first, and SQLite does not wait to turn a reader into a
    // writer: the first insert would fail at once with "database is locked".
    let tx = archive
        .conn_mut()
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(fail)?;
    let ends = crate::archive::table_ends(&tx).map_err(fail)?;
    let parsed = dirs
        .iter()
        .map(|d| seed::read_article(d).and_then(|src| seed::parse(&src.as_source())));
    let loaded = seed::load_parsed_all(&tx, &path, dirs.len(), parsed, drop)?;
    let tables = crate::archive::rows_added(&tx, &ends).map_err(fail)?;
    let fact_rows = fact_rows(&tables, &fact_tables);
    let mut records = Vec::new();
    for ((table, added), (_, end)) in tables.iter().zip(&ends) {
        if *added > 0 && fact_tables.contains(table) {
            records.extend(crate::archive::read::rows_after(&tx, table, *end).map_err(fail)?);
        }
    }
    tx.rollback().map_err(fail)?;
    Ok(DryRun {
        articles: loaded,
        tables,
        fact_rows,
        records,
    })
}

/// The rows added to fact tables, of rows added per table.
fn fact_rows(added: &[(String, i64)], fact_tables: &[String]) -> i64 {
    added
        .iter()
        .filter(|(table, _)| fact_tables.contains(table))
        .map(|(_, n)| n)
        .sum()
}
