//! One module per subcommand. Each exposes `Args` (its clap arguments) and `run`.

pub mod article;
pub mod backup;
pub mod check;
pub mod cite;
pub mod export;
pub mod import;
pub mod info;
pub mod init;
pub mod migrate;
pub mod queries;
pub mod query;
pub mod report;
pub mod restore;
pub mod search;
pub mod sql;

use rusqlite::Connection;

use crate::db::{self, ArchivePath};
use crate::error::Result;

/// Opens the archive for a command that reads it, read-only in every layer ([`db::lock_down`]).
/// When the default `./frontline.db` is missing it is built first from the embedded seed, with a
/// note on stderr; an explicit path must exist.
pub fn open_for_reading(archive: &ArchivePath) -> Result<Connection> {
    open_reading(archive, false)
}

/// Like [`open_for_reading`], inside one read transaction: every statement on the connection
/// sees the same state of the archive, even while another process writes.
pub fn open_snapshot(archive: &ArchivePath) -> Result<Connection> {
    open_reading(archive, true)
}

fn open_reading(archive: &ArchivePath, snapshot: bool) -> Result<Connection> {
    if let ArchivePath::Default(path) = archive
        && !path.exists()
    {
        eprintln!(
            "frontline: note: {} does not exist; building it from the embedded seed",
            path.display()
        );
        init::build(path, crate::seed::EMBEDDED)?;
    }
    let (mut conn, version) = db::open_versioned(archive.path(), true)?;
    if db::is_empty(&conn) {
        return Err(db::empty_error(archive.path()));
    }
    if version < db::latest_version() {
        return Err(crate::error::Error::runtime(
            format!("cannot read archive {}", archive.path().display()),
            format!(
                "its schema version is {version}, older than the {} this frontline reads",
                db::latest_version()
            ),
        )
        .fix("run `frontline migrate` to bring it up to date"));
    }
    // Aggregates over a large archive sort into temporary b-trees: keep them in memory, with a
    // page cache big enough not to spill (16 MiB; see BENCHMARKS.md for peak memory).
    let fail = db::read_error(archive.path());
    conn.execute_batch("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16384;")
        .map_err(fail)?;
    if snapshot {
        // Before the lock-down, which refuses transaction statements; the snapshot starts with
        // the first read and lasts until the connection closes.
        conn.execute_batch("BEGIN").map_err(fail)?;
    }
    db::lock_down(&mut conn)?;
    Ok(conn)
}
