//! Copies of an archive: `VACUUM INTO` a temporary file, checked and synced before it is renamed
//! into place (backup and restore), and folding a live archive's write-ahead log into its file
//! before it is replaced.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

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
        // The file name exactly as the file system has it: SQLite takes it as text but does not
        // check that it is UTF-8, and hands the bytes to open(2). A lossy conversion would write
        // to another file (`dir\xff` becomes the sibling `dir\u{FFFD}`).
        let target = atomic::sqlite_path(tmp);
        #[cfg(unix)]
        let name = {
            use std::os::unix::ffi::OsStrExt;
            rusqlite::types::ToSqlOutput::Borrowed(rusqlite::types::ValueRef::Text(
                target.as_os_str().as_bytes(),
            ))
        };
        #[cfg(not(unix))]
        let name = match target.to_str() {
            Some(t) => rusqlite::types::ToSqlOutput::from(t),
            None => {
                return Err(Error::runtime(
                    format!("cannot write {}", dest.display()),
                    "its path is not valid Unicode, which SQLite's VACUUM INTO needs",
                )
                .fix("choose a destination whose path is valid Unicode"));
            }
        };
        self.conn()
            .execute("VACUUM INTO ?1", [name])
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

/// What a copy is for: what [`finish_copy`] does to it, and what its errors advise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A backup: a faithful copy, at the archive's own schema version.
    Backup,
    /// The next live archive: brought up to this binary's schema version first.
    Restore,
}

/// Finishes a copy made by [`Archive::vacuum_into`] so that it is whole and true before it is
/// renamed to `dest`: brought up to date (for a restore), WAL journaling, and the checks of
/// `frontline check` (the full integrity check, foreign keys, each article's sha256, quotes at
/// their offsets, numbers that match their phrases), then synced. The copy is opened by the very
/// path VACUUM INTO wrote, and never created: a copy that is not there is an error. Returns the
/// copy's schema versions before and after.
pub fn finish_copy(
    tmp: &Path,
    dest: &Path,
    purpose: Purpose,
    content_problems: impl FnOnce(&Archive) -> Vec<(&'static str, String)>,
) -> Result<(i64, i64)> {
    let fail = |e: rusqlite::Error| write_error(dest, e);
    let mut copy = Archive::open_copy(tmp).map_err(fail)?;
    configure(copy.conn())?;
    let doing = match purpose {
        Purpose::Backup => "back up to",
        Purpose::Restore => "restore",
    };
    if copy.is_empty() {
        return Err(Error::runtime(
            format!("cannot {doing} {}", dest.display()),
            "the copy is an empty database",
        )
        .fix("nothing was written to the destination; report this as a bug"));
    }
    copy.require_known_version(doing)?;
    let before = copy.version();
    if purpose == Purpose::Restore && before < super::latest_version() {
        copy.upgrade()?;
    }
    copy.conn()
        .pragma_update_and_check(None, "journal_mode", "wal", |r| r.get::<_, String>(0))
        .map_err(fail)?;
    let problems: Vec<String> = content_problems(&copy)
        .into_iter()
        // A backup keeps the archive's version; a restored copy was brought up to date above.
        .filter(|(name, _)| !(purpose == Purpose::Backup && *name == "schema version"))
        .map(|(name, p)| format!("{name}: {p}"))
        .collect();
    if let Some(first) = problems.first() {
        let more = match problems.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        let fix = match purpose {
            Purpose::Backup => {
                "nothing was written to the destination; run `frontline check` on the archive"
            }
            Purpose::Restore => "restore another backup; the archive was not changed",
        };
        return Err(Error::runtime(
            format!("the copy for {} fails `frontline check`", dest.display()),
            format!("{first}{more}"),
        )
        .fix(fix));
    }
    let after = copy.version();
    copy.close()?;
    atomic::sync(tmp)?;
    Ok((before, after))
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
    let conn = Connection::open_with_flags(
        atomic::sqlite_path(live),
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
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
