//! Copies of an archive: `VACUUM INTO` a temporary file, checked and synced before it is renamed
//! into place (backup and restore), and folding a live archive's write-ahead log into its file
//! before it is replaced.

use std::path::Path;

use rusqlite::Connection;

use super::{Archive, BUSY_TIMEOUT, archive_error, atomic, configure};
use crate::error::{Error, Result};

impl Archive {
    /// The archive's size in bytes (pages × page size), to show a copy's progress against.
    pub fn byte_size(&self) -> Result<i64> {
        self.conn()
            .query_row(
                "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size",
                [],
                |r| r.get(0),
            )
            .map_err(self.read_error())
    }

    /// Snapshots the archive into `tmp` (on its way to `dest`) in one read transaction, so the
    /// copy is one moment of the archive even while another process writes.
    pub fn vacuum_into(&self, tmp: &Path, dest: &Path) -> Result<()> {
        let Some(target) = tmp.to_str() else {
            return Err(Error::runtime(
                format!("cannot write {}", dest.display()),
                "its path is not valid UTF-8, which SQLite's VACUUM INTO needs",
            )
            .fix("choose a destination whose path is UTF-8"));
        };
        self.conn()
            .execute("VACUUM INTO ?1", [target])
            .map(|_| ())
            .map_err(|e| {
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
                ) {
                    archive_error(
                        format!("cannot back up {}", self.path().display()),
                        self.path(),
                        &e,
                    )
                } else {
                    write_error(dest, e)
                }
            })
    }
}

/// Finishes a copy made by [`Archive::vacuum_into`]: WAL journaling, SQLite's integrity check,
/// and a sync, so that the copy is whole before it is renamed to `dest`.
pub fn finish_copy(tmp: &Path, dest: &Path) -> Result<()> {
    let fail = |e: rusqlite::Error| write_error(dest, e);
    let conn = Connection::open(tmp).map_err(fail)?;
    configure(&conn)?;
    conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get::<_, String>(0))
        .map_err(fail)?;
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(fail)?;
    if integrity != "ok" {
        return Err(Error::runtime(
            format!("the copy for {} fails its integrity check", dest.display()),
            integrity,
        )
        .fix("nothing was written to the destination; run `frontline check` on the archive"));
    }
    conn.close().map_err(|(_, e)| fail(e))?;
    atomic::sync(tmp)
}

fn write_error(dest: &Path, e: rusqlite::Error) -> Error {
    let full = matches!(&e, rusqlite::Error::SqliteFailure(f, _)
        if matches!(f.code, rusqlite::ErrorCode::DiskFull | rusqlite::ErrorCode::SystemIoFailure));
    let err = Error::runtime(format!("cannot write {}", dest.display()), e.to_string());
    let err = if full {
        err.fix("free some space (or raise the file size limit) and try again; nothing was written")
    } else {
        err.fix("nothing was written")
    };
    err.caused_by(e)
}

/// Writes any changes still in the live archive's WAL into the file itself, so that nothing of it
/// lives only in a side file that a rename over the archive would orphan.
pub fn checkpoint(live: &Path) -> Result<()> {
    let wal = atomic::side_file(live, "-wal");
    if std::fs::metadata(&wal).map_or(true, |m| m.len() == 0) {
        return Ok(());
    }
    let conn = Connection::open(live)
        .and_then(|c| {
            c.busy_timeout(BUSY_TIMEOUT)?;
            Ok(c)
        })
        .and_then(|c| {
            c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|busy| (c, busy))
        });
    match conn {
        Ok((_, 0)) => Ok(()),
        Ok(_) => Err(Error::runtime(
            format!("cannot restore {}", live.display()),
            "another process is using the archive",
        )
        .fix("stop it and try again; nothing was changed")),
        Err(e) => Err(Error::runtime(
            format!("cannot restore {}", live.display()),
            format!("its write-ahead log holds changes that cannot be saved first: {e}"),
        )
        .fix("move the archive and its -wal file away by hand, then restore")),
    }
}
