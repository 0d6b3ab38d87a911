//! Opening an archive: the one place that decides what a file must be before frontline uses it.
//!
//! Every command opens its archive through [`Archive::open`] with a [`Mode`], so the checks happen
//! in the same order with the same messages everywhere: the path exists and is a file; SQLite
//! opens it with the flags the mode needs; it is a frontline archive (`application_id`) whose
//! schema version this binary can use; and, for readers, the connection is locked down so that no
//! statement can change the file. Every SQLite error on the way is mapped by
//! [`archive_error`](super::archive_error), which adds the "damaged" or "locked" hint.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::atomic::{self, LockKind};
use super::{archive_error, configure, identify, latest_version, lock_down, too_new};
use crate::error::{Error, Result};

/// What a command is going to do with an archive; decides the open flags and the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Read a current archive, read-only in every layer (read-only file, `query_only`, an
    /// authorizer that allows only reading). Must hold an archive at this binary's schema version.
    Read,
    /// [`Mode::Read`], inside one read transaction: every statement sees the same state of the
    /// archive, even while another process writes (report, export).
    Snapshot,
    /// Look at an archive of any version this binary knows, read-only, without the lock-down
    /// (check, and the source of backup and restore, which `VACUUM INTO` a copy). The caller decides
    /// what an empty database means ([`Archive::is_empty`]) and may [`Archive::lock_down`].
    Inspect,
    /// Add to a current archive (import). Writers hold the archive's lock file (shared) from the
    /// open to the end, so that no restore or `init --force` replaces the archive under them,
    /// and take SQLite's write lock when their transaction begins.
    Write,
    /// Bring an archive of any older version, or an empty database, up to date (migrate). Holds
    /// the lock file as [`Mode::Write`] does.
    Upgrade,
    /// Build a new archive in a file that does not exist yet (init builds in a temporary file and
    /// renames it into place); the schema is created by the migrations.
    Create,
}

/// An open archive: its connection, its path, and the schema version it had when opened.
pub struct Archive {
    conn: Connection,
    path: PathBuf,
    version: i64,
    /// The lock file, held by writers until the archive is dropped (after the connection: fields
    /// drop in order).
    _lock: Option<atomic::Lock>,
    /// The file the path named when it was opened (writers), to notice it replaced under us.
    identity: Option<(u64, u64)>,
}

impl Archive {
    /// Opens the archive at `path` for `mode`, with every check the mode needs.
    pub fn open(path: &Path, mode: Mode) -> Result<Archive> {
        if mode == Mode::Create {
            return Self::create(path);
        }
        let shown = path.display();
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(
                    Error::runtime(format!("cannot open archive {shown}"), "no such file")
                        .fix("check the path, or build it with `frontline --db PATH init`"),
                );
            }
            Err(e) => {
                let err = Error::runtime(format!("cannot open archive {shown}"), e.to_string());
                return Err(match super::path_too_long(path) {
                    Some(fix) => err.fix(fix),
                    None => err,
                });
            }
            Ok(m) if m.is_dir() => {
                return Err(Error::runtime(
                    format!("cannot open archive {shown}"),
                    "it is a directory",
                )
                .fix("give the path of the .db file"));
            }
            Ok(_) => {}
        }
        let read_only = matches!(mode, Mode::Read | Mode::Snapshot | Mode::Inspect);
        let lock = if read_only {
            None
        } else {
            atomic::lock(path, LockKind::Shared, "write to archive")?
        };
        let flags = if read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(atomic::sqlite_path(path), flags)
            .map_err(|e| archive_error(format!("cannot open archive {shown}"), path, &e))?;
        configure(&conn)?;
        let version = identify(&conn, path)?;
        if version > latest_version() {
            return Err(too_new(path, version));
        }
        let mut archive = Archive {
            conn,
            path: path.to_path_buf(),
            version,
            identity: if read_only {
                None
            } else {
                atomic::identity(path)
            },
            _lock: lock,
        };
        match mode {
            Mode::Read | Mode::Snapshot => {
                archive.require_content()?;
                archive
                    .require_current("read", "run `frontline migrate` to bring it up to date")?;
                // A 16 MiB page cache. Sorts bigger than it spill to temporary files (SQLite's
                // default temp_store), so a listing of a 100,001-article archive sorted in
                // full stays near 40 MiB; in memory, its sort grew with the archive (150 MiB for
                // `donations`). The aggregates read rollups and sort little.
                let fail = archive.read_error();
                archive
                    .conn
                    .execute_batch("PRAGMA cache_size = -16384;")
                    .map_err(fail)?;
                // The search index's vocabulary, for two-character words (archive::search).
                // In the connection's own temp schema, so the file stays as other tools expect
                // it (sqlite-utils lists every fts5vocab table as a full-text index).
                archive
                    .conn
                    .execute_batch(
                        "CREATE VIRTUAL TABLE temp.paragraph_fts_terms \
                         USING fts5vocab(main, paragraph_fts, row);",
                    )
                    .map_err(fail)?;
                if mode == Mode::Snapshot {
                    // Before the lock-down, which refuses transaction statements; the snapshot
                    // starts with the first read and lasts until the connection closes.
                    archive.conn.execute_batch("BEGIN").map_err(fail)?;
                }
                archive.lock_down()?;
            }
            Mode::Write => {
                archive.require_current("import into", "run `frontline migrate` first")?;
            }
            Mode::Inspect | Mode::Upgrade | Mode::Create => {}
        }
        Ok(archive)
    }

    /// A new database at `path` (which must not hold one), configured and brought to the latest
    /// schema.
    fn create(path: &Path) -> Result<Archive> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn =
            Connection::open_with_flags(atomic::sqlite_path(path), flags).map_err(|e| {
                let what = format!("cannot create {}", path.display());
                if super::advice(path, &e).is_some() {
                    archive_error(what, path, &e)
                } else {
                    Error::runtime(what, super::describe(&e))
                        .fix("check that the directory exists and is writable")
                }
            })?;
        configure(&conn)?;
        let (_, version) = super::migrate(&mut conn, path)?;
        Ok(Self::unlocked(conn, path, version))
    }

    /// An archive on a file only this process knows (a build's or a copy's temporary file): no
    /// lock file, no identity to watch.
    pub(super) fn unlocked(conn: Connection, path: &Path, version: i64) -> Archive {
        Archive {
            conn,
            path: path.to_path_buf(),
            version,
            _lock: None,
            identity: None,
        }
    }

    /// A copy frontline has just written (backup, restore) and is about to check: opened
    /// read-write by its exact path, never created, without the lock file (no other process knows
    /// the temporary file).
    pub(super) fn open_copy(path: &Path) -> rusqlite::Result<Archive> {
        let conn = Connection::open_with_flags(
            atomic::sqlite_path(path),
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(super::BUSY_TIMEOUT)?;
        let version = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        Ok(Self::unlocked(conn, path, version))
    }

    /// Fails when the archive holds tables but its schema version is 0 (`user_version` reset):
    /// which migrations it has is unknown, so it can be neither read nor migrated.
    pub fn require_known_version(&self, doing: &str) -> Result<()> {
        if self.version == 0 && !self.is_empty() {
            return Err(Error::runtime(
                format!("cannot {doing} {}", self.path.display()),
                "its schema version is 0 although it holds tables, so which migrations it has is unknown",
            )
            .fix("restore a backup, or rebuild it with `frontline init --force`"));
        }
        Ok(())
    }

    /// The archive's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version the archive had when it was opened.
    pub fn version(&self) -> i64 {
        self.version
    }

    /// The connection: for the archive layer's own modules, for streaming a prepared statement to
    /// the output, and for the loader's transaction. Not public: outside the crate, SQL goes
    /// through the archive's methods.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection, mutably (transactions, the statement timeout).
    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Closes the connection, reporting any error SQLite meets while closing.
    pub fn close(self) -> Result<()> {
        let path = self.path;
        self.conn.close().map_err(|(_, e)| {
            archive_error(
                format!("cannot close archive {}", path.display()),
                &path,
                &e,
            )
        })
    }

    /// Maps an SQLite error met while reading this archive (with the damaged/locked hints).
    pub fn read_error(&self) -> impl Fn(rusqlite::Error) -> Error + Copy + '_ {
        super::read_error(&self.path)
    }

    /// Maps an SQLite error met while doing `what` to this archive.
    pub fn error(&self, what: impl Into<String>) -> impl Fn(rusqlite::Error) -> Error + '_ {
        let what = what.into();
        move |e| archive_error(what.clone(), &self.path, &e)
    }

    /// Whether the database has no schema at all (a new or zero-length file).
    pub fn is_empty(&self) -> bool {
        super::is_empty(&self.conn)
    }

    /// Fails with the usual message when the database is empty rather than an archive.
    pub fn require_content(&self) -> Result<()> {
        if self.is_empty() {
            Err(super::empty_error(&self.path))
        } else {
            Ok(())
        }
    }

    /// Makes the connection strictly read-only ([`super::lock_down`]).
    pub fn lock_down(&mut self) -> Result<()> {
        lock_down(&mut self.conn)
    }

    /// Fails when the archive's schema is older than this binary's: `doing` is what could not be
    /// done ("read", "import into"), `fix` what to run.
    fn require_current(&self, doing: &str, fix: &str) -> Result<()> {
        if self.version < latest_version() {
            // A reader names the archive; import says what it could not import into (the
            // messages scripts and users have seen since the first release).
            let (what, why) = if doing == "read" {
                (
                    format!("cannot read archive {}", self.path.display()),
                    format!(
                        "its schema version is {}, older than the {} this frontline reads",
                        self.version,
                        latest_version()
                    ),
                )
            } else {
                (
                    format!("cannot {doing} {}", self.path.display()),
                    format!(
                        "its schema version is {}, older than {}",
                        self.version,
                        latest_version()
                    ),
                )
            };
            return Err(Error::runtime(what, why).fix(fix.to_string()));
        }
        Ok(())
    }

    /// Fails when the archive's named-query views differ from this binary's `queries/` (an archive
    /// of an older or newer frontline at the same schema version): the answers would not be the
    /// ones this frontline documents.
    ///
    /// Only the commands that answer from the named queries' views call this (query, report,
    /// Datasette metadata): the rest of an archive is as good as ever, and `info`, `search`,
    /// `import` or `backup` have no reason to refuse it. `doing` completes "cannot … archive".
    pub fn require_current_views(&self, doing: &str) -> Result<()> {
        let stale = self.stale_views()?;
        if stale.is_empty() {
            return Ok(());
        }
        Err(Error::runtime(
            format!("cannot {doing} archive {}", self.path.display()),
            format!(
                "its views differ from the ones this frontline defines ({})",
                stale.join(", ")
            ),
        )
        .fix("run `frontline migrate` to update them"))
    }

    /// The named-query views whose text differs from this binary's `queries/`, or are missing.
    pub fn stale_views(&self) -> Result<Vec<String>> {
        super::views::stale(&self.conn).map_err(self.read_error())
    }

    /// SQLite's integrity check (`quick`: the faster `quick_check`); an error names the first
    /// problem. `doing` completes "will not … <path>".
    pub fn verify_integrity(&self, doing: &str, quick: bool) -> Result<()> {
        let pragma = if quick {
            "PRAGMA quick_check"
        } else {
            "PRAGMA integrity_check"
        };
        let shown = self.path.display();
        let result: String = self
            .conn
            .query_row(pragma, [], |r| r.get(0))
            .map_err(|e| archive_error(format!("will not {doing} {shown}"), &self.path, &e))?;
        if result == "ok" {
            Ok(())
        } else {
            Err(Error::runtime(
                format!("will not {doing} {shown}"),
                format!("it is damaged: {result}"),
            )
            .fix("run `frontline check`, then `frontline restore` a backup or rebuild with `frontline init --force`"))
        }
    }

    /// Fails when the archive's path no longer names the file this writer opened: another
    /// program moved or copied a file over it. `doing` completes "cannot … <path>".
    pub fn ensure_not_replaced(&self, doing: &str) -> Result<()> {
        if self.identity.is_none() || atomic::identity(&self.path) == self.identity {
            return Ok(());
        }
        Err(replaced(format!("cannot {doing} {}", self.path.display())))
    }

    /// Brings the schema up to date and recreates the views whose text changed
    /// ([`super::upgrade`]), in one transaction.
    pub fn upgrade(&mut self) -> Result<super::Migrated> {
        self.require_known_version("migrate")?;
        self.ensure_not_replaced("migrate")?;
        let migrated = super::upgrade(&mut self.conn, &self.path)?;
        self.version = migrated.to;
        self.ensure_not_replaced("migrate").map_err(|e| {
            e.fix("the migration went to the replaced file; run `frontline migrate` again")
        })?;
        Ok(migrated)
    }

    /// Rebuilds every rollup from the facts, in one transaction (`migrate --rebuild-rollups`):
    /// after a write that bypassed frontline, the aggregate views compute from the facts until
    /// this (or the next import) runs.
    pub fn rebuild_rollups(&mut self) -> Result<()> {
        const DOING: &str = "rebuild the rollups of";
        self.ensure_not_replaced(DOING)?;
        let what = format!("cannot {DOING} {}", self.path.display());
        let path = self.path.clone();
        self.in_bulk_transaction(DOING, |tx| {
            super::rollup::rebuild(tx).map_err(|e| archive_error(what, &path, &e))
        })
    }

    /// Runs `load` in one transaction with a page cache sized for a bulk load, and commits. Any
    /// error rolls everything back. `doing` completes "cannot … <path>" in SQLite errors.
    pub fn in_bulk_transaction<T>(
        &mut self,
        doing: &str,
        load: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let what = format!("cannot {doing} {}", self.path.display());
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| archive_error(what.clone(), &path, &e);
        // The load's page cache is set by the loader (`archive::load::Writer::begin`).
        // IMMEDIATE: the write lock from the start, not from the first insert, so that no other
        // writer's commit in between makes this transaction fail at its first write.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(fail)?;
        // The load ends with `Writer::finish`, which brings the search index and the
        // rollups up to date in this transaction.
        let value = load(&tx)?;
        if self.identity.is_some() && atomic::identity(&path) != self.identity {
            drop(tx); // rolls back
            return Err(replaced(what));
        }
        tx.commit().map_err(fail)?;
        Ok(value)
    }

    /// Ends a build: switches the new archive to WAL journaling (readers never block each other;
    /// the mode is kept in the file) and closes it.
    pub fn finish_build(self) -> Result<()> {
        let what = format!("cannot build archive in {}", self.path.display());
        self.conn
            .pragma_update_and_check(None, "journal_mode", "wal", |r| r.get::<_, String>(0))
            .map_err(|e| archive_error(what.clone(), &self.path, &e))?;
        let path = self.path.clone();
        self.conn
            .close()
            .map_err(|(_, e)| archive_error(what, &path, &e))
    }
}

/// The error for a writer whose archive was replaced under it (by a program that does not take
/// frontline's lock file).
fn replaced(what: String) -> Error {
    Error::runtime(
        what,
        "the archive was replaced by another file while frontline was writing to it",
    )
    .fix("nothing was written to the new file; check it with `frontline check` and try again")
}
