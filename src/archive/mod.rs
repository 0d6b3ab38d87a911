//! The archive file: where it is, how it is opened, and the schema migrations.
//!
//! Migrations are the numbered `.sql` files under `migrations/`, embedded in the binary and applied
//! in order by a small runner on `PRAGMA user_version` (no migration crate supports rusqlite 0.43).
//! Pending migrations run in one transaction, each together with its `user_version` bump, so a
//! failing (or killed) step leaves the archive exactly as it was. `PRAGMA application_id` marks a file as a frontline
//! archive, so that frontline never mistakes (or alters) some other SQLite database.

pub mod adhoc;
pub mod atomic;
pub mod check;
pub mod copy;
pub mod datasette;
pub mod export;
pub mod load;
mod open;
pub mod queries;
pub mod read;
pub mod report;
pub mod rollup;
pub mod search;
pub mod sources;
pub mod subset;
pub mod views;
#[cfg(test)]
mod views_agree;

pub use open::{Archive, Mode};

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};

/// `PRAGMA application_id` of every frontline archive: "FRLN" in ASCII.
pub const APPLICATION_ID: i32 = 0x4652_4C4E;

/// How long a connection waits for another process's lock before giving up.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// One schema migration, embedded from `migrations/`.
pub struct Migration {
    /// The `user_version` the archive has once this migration is applied.
    pub version: i64,
    /// File name under `migrations/`, for messages.
    pub name: &'static str,
    /// The SQL, run as one batch inside a transaction.
    pub sql: &'static str,
}

/// All migrations, in order; `version` is the position in this list, counting from 1.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_archive.sql",
        sql: include_str!("../../migrations/0001_archive.sql"),
    },
    Migration {
        version: 2,
        name: "0002_named_queries.sql",
        sql: include_str!("../../migrations/0002_named_queries.sql"),
    },
    Migration {
        version: 3,
        name: "0003_search_and_sources.sql",
        sql: include_str!("../../migrations/0003_search_and_sources.sql"),
    },
    Migration {
        version: 4,
        name: "0004_search_index.sql",
        sql: include_str!("../../migrations/0004_search_index.sql"),
    },
    Migration {
        version: 5,
        name: "0005_rollups.sql",
        sql: include_str!("../../migrations/0005_rollups.sql"),
    },
    Migration {
        version: 6,
        name: "0006_check_comparisons.sql",
        sql: include_str!("../../migrations/0006_check_comparisons.sql"),
    },
    Migration {
        version: 7,
        name: "0007_donor_rollup_capped.sql",
        sql: include_str!("../../migrations/0007_donor_rollup_capped.sql"),
    },
    Migration {
        version: 8,
        name: "0008_event_date_description.sql",
        sql: include_str!("../../migrations/0008_event_date_description.sql"),
    },
];

/// The schema version this binary writes and reads.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Where the archive is, and whether the user chose that place.
#[derive(Debug, Clone)]
pub enum ArchivePath {
    /// `./frontline.db`: commands that read it build it first when it is missing.
    Default(PathBuf),
    /// From `--db` or `FRONTLINE_DB`: a missing file is an error.
    Explicit(PathBuf),
}

impl ArchivePath {
    /// The file name used when neither `--db` nor `FRONTLINE_DB` is given.
    pub const DEFAULT: &'static str = "frontline.db";

    /// Resolves the command-line/environment choice.
    pub fn new(chosen: Option<PathBuf>) -> Self {
        match chosen {
            Some(p) => ArchivePath::Explicit(p),
            None => ArchivePath::Default(PathBuf::from(Self::DEFAULT)),
        }
    }

    /// The path itself.
    pub fn path(&self) -> &Path {
        match self {
            ArchivePath::Default(p) | ArchivePath::Explicit(p) => p,
        }
    }
}

/// Turns an SQLite error met while using the archive at `path` into an error that says what to
/// do ([`advice`]): a damaged file, a lock held by another process, a full disk, a read-only file or
/// directory, a path too long.
pub fn archive_error(what: String, path: &Path, e: &rusqlite::Error) -> Error {
    let err = Error::runtime(what, describe(e));
    match advice(path, e) {
        Some(fix) => err.fix(fix),
        None => err,
    }
}

/// Whether an SQLite error is about the values written (a constraint a row broke, a value too
/// large) rather than about the archive file or the process: only such an error is the seed's
/// fault.
pub fn is_data_error(e: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode;
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::ConstraintViolation | ErrorCode::TypeMismatch | ErrorCode::TooBig)
    )
}

/// What the user can do about an SQLite error met on the archive at `path`: the one place where
/// SQLite's result codes become a cause and a fix, shared by every open, reader and writer, the
/// migration runner, `init`'s build and the seed loader. `None` when the code says nothing about
/// the file or the process (a statement's own error).
pub fn advice(path: &Path, e: &rusqlite::Error) -> Option<String> {
    use rusqlite::ErrorCode;
    let shown = path.display();
    let f = e.sqlite_error()?;
    let extended = f.extended_code;
    let unchanged = "nothing was changed";
    Some(match f.code {
        ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => format!(
            "{shown} is damaged or not a frontline archive: run `frontline check`, then `frontline restore` a backup or rebuild with `frontline init --force`"
        ),
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => format!(
            "another process holds a lock on {shown} (waited {} s) and {unchanged}; try again when it is done",
            BUSY_TIMEOUT.as_secs()
        ),
        ErrorCode::DiskFull => format!(
            "the disk holding {shown} is full (or a file size limit, `ulimit -f`, was reached) and {unchanged}; free some space and try again"
        ),
        ErrorCode::SystemIoFailure if is_write_failure(extended) => format!(
            "writing {shown} or a file beside it failed: the disk may be full, a file size limit (`ulimit -f`) reached, or the device failing; {unchanged}; free some space (or raise the limit) and try again"
        ),
        ErrorCode::SystemIoFailure => format!(
            "reading {shown} failed: check the device, then run `frontline check`"
        ),
        ErrorCode::ReadOnly if extended == ffi::SQLITE_READONLY_DBMOVED => format!(
            "{shown} was moved or deleted while frontline had it open and {unchanged}; check the path and try again"
        ),
        ErrorCode::ReadOnly | ErrorCode::CannotOpen if wal_side_files_missing(path) => {
            wal_directory_advice(path)
        }
        ErrorCode::ReadOnly if is_read_only_wal(extended) => wal_directory_advice(path),
        ErrorCode::ReadOnly => format!(
            "{shown} is read-only (its permissions, or a read-only file system) and {unchanged}; make it writable (`chmod u+w {shown}`) or work on a copy"
        ),
        ErrorCode::CannotOpen => path_too_long(path).unwrap_or_else(|| {
            format!(
                "check that the directory exists and is writable ({}: SQLite creates {shown}-journal, -wal and -shm there) and that {shown} is readable",
                atomic::dir_of(path).display()
            )
        }),
        ErrorCode::PermissionDenied => format!(
            "the system denied access to {shown} or a file beside it; check their permissions"
        ),
        ErrorCode::TooBig => format!(
            "a value or statement is larger than SQLite accepts (1,000,000,000 bytes) and {unchanged}"
        ),
        ErrorCode::OutOfMemory => format!(
            "frontline ran out of memory and {unchanged}; close other programs or raise the memory limit (`ulimit -v`)"
        ),
        _ => return None,
    })
}

use rusqlite::ffi;

/// SQLite's extended I/O error codes of a failed write (the rest are reads, locks, or closes).
fn is_write_failure(extended: std::ffi::c_int) -> bool {
    [
        ffi::SQLITE_IOERR_WRITE,
        ffi::SQLITE_IOERR_FSYNC,
        ffi::SQLITE_IOERR_DIR_FSYNC,
        ffi::SQLITE_IOERR_TRUNCATE,
        ffi::SQLITE_IOERR_SHMSIZE,
        ffi::SQLITE_IOERR_SHMMAP,
        ffi::SQLITE_IOERR_MMAP,
        ffi::SQLITE_IOERR_DELETE,
        ffi::SQLITE_IOERR_NOMEM,
    ]
    .contains(&extended)
}

/// SQLite's extended read-only codes of a WAL archive whose index (`-shm`) cannot be made.
fn is_read_only_wal(extended: std::ffi::c_int) -> bool {
    [
        ffi::SQLITE_READONLY_CANTINIT,
        ffi::SQLITE_READONLY_RECOVERY,
        ffi::SQLITE_READONLY_CANTLOCK,
        ffi::SQLITE_READONLY_DIRECTORY,
    ]
    .contains(&extended)
}

/// True when `path` is an existing WAL archive whose `-wal` or `-shm` is missing and whose
/// directory this process cannot write: SQLite cannot create them, even to read.
fn wal_side_files_missing(path: &Path) -> bool {
    let wal_mode = std::fs::File::open(path)
        .and_then(|mut f| {
            use std::io::Read;
            let mut header = [0u8; 20];
            f.read_exact(&mut header).map(|()| header)
        })
        // Bytes 18 and 19 of the header: the read and write versions, 2 in WAL mode.
        .is_ok_and(|h| h.starts_with(b"SQLite format 3\0") && h[18] == 2 && h[19] == 2);
    let missing = [
        atomic::side_file(path, "-wal"),
        atomic::side_file(path, "-shm"),
    ]
    .iter()
    .any(|p| !p.exists());
    wal_mode && missing && !atomic::dir_writable(path)
}

fn wal_directory_advice(path: &Path) -> String {
    let shown = path.display();
    format!(
        "{shown} is a WAL archive in a directory frontline cannot write, and SQLite must create {shown}-wal and {shown}-shm beside it even to read it; make the directory writable, or copy the archive to a writable directory and use the copy"
    )
}

/// Longest file name most file systems allow, in bytes (Linux's NAME_MAX).
const NAME_MAX: usize = 255;

/// Longest path SQLite's unix VFS opens, in bytes, once made absolute.
const SQLITE_MAX_PATH: usize = 512;

/// What frontline and SQLite add to an archive's name for the files they make beside it: the
/// longest is a temporary build or copy (`.NAME.tmp-PID`) with its rollback journal
/// (`-journal`).
const LONGEST_ADDITION: usize = ".".len() + ".tmp-".len() + 7 + "-journal".len();

/// The advice for a path too long to use, or `None` when its length is not the problem: a file
/// name that leaves no room for the side files beside it, a path over SQLite's limit.
pub fn path_too_long(path: &Path) -> Option<String> {
    let shown = path.display();
    let name = path.file_name().map_or(0, |n| n.len());
    let full = std::path::absolute(path).map_or(0, |p| p.as_os_str().len());
    if name + LONGEST_ADDITION > NAME_MAX {
        Some(format!(
            "its file name is {name} bytes long, and the files SQLite and frontline make beside it (`NAME-journal`, `NAME-wal`, `.NAME.tmp-PID`) need up to {LONGEST_ADDITION} bytes more within the {NAME_MAX} a file name may have; give it a name of at most {} bytes",
            NAME_MAX - LONGEST_ADDITION
        ))
    } else if full + LONGEST_ADDITION > SQLITE_MAX_PATH {
        Some(format!(
            "its full path is {full} bytes long, and SQLite opens paths of at most {SQLITE_MAX_PATH} bytes, including the {LONGEST_ADDITION} frontline may add to the name; move {shown} to a shorter path"
        ))
    } else {
        None
    }
}

/// SQLite's message for an error, on one line and without the statement it quotes (a migration's
/// statement is a whole file).
pub fn describe(e: &rusqlite::Error) -> String {
    let text = match e {
        rusqlite::Error::SqlInputError { msg, offset, .. } => {
            format!("{msg} (at character {offset} of the statement)")
        }
        other => other.to_string(),
    };
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 300 {
        line.chars().take(300).collect::<String>() + "…"
    } else {
        line
    }
}

/// The error for a failure while reading the archive at `path` (see [`archive_error`]).
pub fn read_error(path: &Path) -> impl Fn(rusqlite::Error) -> Error + Copy + '_ {
    move |e| archive_error(format!("cannot read archive {}", path.display()), path, &e)
}

/// Fails when another process is writing to the archive at `path` (waiting up to the busy
/// timeout), so that it is not replaced under a writer. A file that is not an SQLite database has
/// no writer to wait for.
pub fn ensure_no_writer(path: &Path) -> Result<()> {
    if !path.is_file() {
        return Ok(());
    }
    let Ok(conn) =
        Connection::open_with_flags(atomic::sqlite_path(path), OpenFlags::SQLITE_OPEN_READ_WRITE)
    else {
        return Ok(());
    };
    configure(&conn)?;
    match conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;") {
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ) =>
        {
            Err(archive_error(
                format!("cannot replace {}", path.display()),
                path,
                &e,
            ))
        }
        _ => Ok(()),
    }
}

/// Applies the settings every frontline connection uses.
pub fn configure(conn: &Connection) -> Result<()> {
    // Query-planner stability: a statement keeps its plan whatever values are bound, so cached
    // statements are never re-prepared (the loader runs each of them thousands of times).
    conn.busy_timeout(BUSY_TIMEOUT)
        .and_then(|_| {
            conn.set_db_config(
                rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
                true,
            )
        })
        .and_then(|_| conn.pragma_update(None, "foreign_keys", true))
        .map_err(|e| Error::runtime("cannot configure the archive connection", e.to_string()))
}

/// Checks that `conn` is a frontline archive and returns its schema version. An empty database
/// (no tables, no application id) is reported as version 0.
pub fn identify(conn: &Connection, path: &Path) -> Result<i64> {
    let shown = path.display();
    let read = |pragma: &str| -> rusqlite::Result<i64> {
        conn.query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))
    };
    let not_readable =
        |e: rusqlite::Error| archive_error(format!("cannot read archive {shown}"), path, &e);
    let app_id = read("application_id").map_err(not_readable)?;
    let version = read("user_version").map_err(not_readable)?;
    if app_id == i64::from(APPLICATION_ID) {
        return Ok(version);
    }
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(not_readable)?;
    if app_id == 0 && version == 0 && tables == 0 {
        return Ok(0);
    }
    Err(Error::runtime(
        format!("{shown} is not a frontline archive"),
        format!("its SQLite application_id is {app_id:#x}, not {APPLICATION_ID:#x}"),
    )
    .fix("give the path of a frontline archive, or build one with `frontline --db PATH init`"))
}

/// Whether the database has no schema at all (a new or zero-length file).
pub fn is_empty(conn: &Connection) -> bool {
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })
    .is_ok_and(|n| n == 0)
}

/// The error for an empty SQLite database where an archive should be.
pub fn empty_error(path: &Path) -> Error {
    Error::runtime(
        format!("cannot read archive {}", path.display()),
        "the file is an empty database, not a frontline archive",
    )
    .fix(format!(
        "build one there with `frontline --db {} init --force`",
        path.display()
    ))
}

/// The error for an archive made by a newer frontline.
pub fn too_new(path: &Path, version: i64) -> Error {
    Error::runtime(
        format!("cannot use archive {}", path.display()),
        format!(
            "its schema version is {version}, newer than the {} this frontline knows",
            latest_version()
        ),
    )
    .fix("use a newer frontline")
}

/// Brings the schema up to date. Returns the versions before and after. The pending migrations are
/// applied in one transaction, each followed by its `user_version`; on failure everything is
/// rolled back and the error names the migration that failed.
pub fn migrate(conn: &mut Connection, path: &Path) -> Result<(i64, i64)> {
    upgrade(conn, path).map(|m| (m.from, m.to))
}

/// What [`upgrade`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migrated {
    /// The schema version before.
    pub from: i64,
    /// The schema version after.
    pub to: i64,
    /// Views of `queries/` that were missing or differed, and were (re)created.
    pub views: Vec<String>,
}

/// [`migrate`], then (in the same transaction) recreates the views of `queries/` whose text
/// differs from the archive's (see [`views`]). An archive already up to date is not written to.
pub fn upgrade(conn: &mut Connection, path: &Path) -> Result<Migrated> {
    migrate_with(conn, path, MIGRATIONS)
}

fn migrate_with(conn: &mut Connection, path: &Path, migrations: &[Migration]) -> Result<Migrated> {
    let from = identify(conn, path)?;
    let latest = migrations.last().map_or(0, |m| m.version);
    if from > latest {
        return Err(too_new(path, from));
    }
    let pending: Vec<&Migration> = migrations.iter().filter(|m| m.version > from).collect();
    let fail = |step: &str, e: rusqlite::Error| {
        let what = format!("migration {step} failed on {}", path.display());
        // A full disk, a read-only file, a lock, a path too long: the file's or the system's
        // doing, with its own fix. Anything else is a statement of ours that failed.
        if advice(path, &e).is_some() {
            archive_error(what, path, &e)
        } else {
            Error::runtime(what, describe(&e)).fix("the archive is unchanged; report this as a bug")
        }
    };
    const VIEWS: &str = "of the views in queries/";
    let first = pending.first().map_or(VIEWS, |m| m.name);
    // Nothing to change: no write lock either, so an up-to-date archive on a read-only file stays
    // usable, and the file is left as it was.
    if pending.is_empty() && views::stale(conn).map_err(|e| fail(VIEWS, e))?.is_empty() {
        return Ok(Migrated {
            from,
            to: latest,
            views: Vec::new(),
        });
    }
    // All pending steps in one transaction: an archive is at its old version or the newest one,
    // never in between, even if the process is killed. The write lock is taken at the start, so
    // what is read below (version, views) cannot change before it is written; another process
    // may have migrated before the lock was ours, so both are read again under it.
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(|e| fail(first, e))?;
    let from = identify(&tx, path)?;
    let pending: Vec<&Migration> = migrations.iter().filter(|m| m.version > from).collect();
    for m in &pending {
        tx.execute_batch(m.sql).map_err(|e| fail(m.name, e))?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(|e| fail(m.name, e))?;
        tx.pragma_update(None, "user_version", m.version)
            .map_err(|e| fail(m.name, e))?;
    }
    // After the numbered migrations, which may have created older texts of these views.
    let views = views::apply(&tx).map_err(|e| fail(VIEWS, e))?;
    tx.commit().map_err(|e| fail(first, e))?;
    Ok(Migrated {
        from,
        to: latest,
        views,
    })
}

/// Pragmas that only report a setting: allowed without a value (a value would set it).
const SETTING_PRAGMAS: &[&str] = &[
    "application_id",
    "collation_list",
    "compile_options",
    "data_version",
    "database_list",
    "encoding",
    "foreign_keys",
    "freelist_count",
    "function_list",
    "journal_mode",
    "module_list",
    "page_count",
    "page_size",
    "pragma_list",
    "query_only",
    "schema_version",
    "user_version",
];

/// Pragmas that only read, whose argument names what to read (`table_info(zone)`).
const INSPECTING_PRAGMAS: &[&str] = &[
    "foreign_key_check",
    "foreign_key_list",
    "index_info",
    "index_list",
    "index_xinfo",
    "integrity_check",
    "quick_check",
    "table_info",
    "table_list",
    "table_xinfo",
];

/// SQL functions that reach outside the database.
const DENIED_FUNCTIONS: &[&str] = &["load_extension", "fts3_tokenizer"];

/// Makes a connection strictly read-only, in layers on top of the read-only open: `query_only`,
/// and an authorizer that allows only reading (no writes, schema changes, ATTACH, transactions,
/// state-changing pragmas or extension loading).
pub fn lock_down(conn: &mut Connection) -> Result<()> {
    use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
    let fail =
        |e: rusqlite::Error| Error::runtime("cannot make the connection read-only", e.to_string());
    conn.pragma_update(None, "query_only", true).map_err(fail)?;
    conn.authorizer(Some(|ctx: AuthContext<'_>| match ctx.action {
        AuthAction::Select | AuthAction::Read { .. } | AuthAction::Recursive => {
            Authorization::Allow
        }
        AuthAction::Function { function_name } => {
            if DENIED_FUNCTIONS
                .iter()
                .any(|f| f.eq_ignore_ascii_case(function_name))
            {
                Authorization::Deny
            } else {
                Authorization::Allow
            }
        }
        AuthAction::Pragma {
            pragma_name,
            pragma_value,
        } => {
            let known = |list: &[&str]| list.iter().any(|p| p.eq_ignore_ascii_case(pragma_name));
            if known(INSPECTING_PRAGMAS) || (pragma_value.is_none() && known(SETTING_PRAGMAS)) {
                Authorization::Allow
            } else {
                Authorization::Deny
            }
        }
        _ => Authorization::Deny,
    }))
    .map_err(fail)
}

/// Interrupts any statement still running `limit` from now (SQLite then reports it as
/// interrupted, see [`is_interrupted`]).
pub fn set_timeout(conn: &mut Connection, limit: std::time::Duration) -> Result<()> {
    let start = std::time::Instant::now();
    conn.progress_handler(10_000, Some(move || start.elapsed() > limit))
        .map_err(|e| Error::runtime("cannot set the statement timeout", e.to_string()))
}

/// Limits the memory SQLite may hold in this process, all connections together
/// (`sqlite3_hard_heap_limit64`): an allocation past it fails, and the statement with it, with
/// SQLite's "out of memory" (see [`is_out_of_memory`]).
pub fn limit_memory(bytes: u64) {
    let n = i64::try_from(bytes).unwrap_or(i64::MAX);
    // SAFETY: sets a process-wide limit; safe to call at any time, from any thread.
    unsafe {
        rusqlite::ffi::sqlite3_hard_heap_limit64(n);
    }
}

/// The limit set by [`limit_memory`] (0: none).
pub fn memory_limit() -> u64 {
    // SAFETY: a negative argument only reads the limit.
    let n = unsafe { rusqlite::ffi::sqlite3_hard_heap_limit64(-1) };
    u64::try_from(n).unwrap_or(0)
}

/// True when a statement failed for want of memory.
pub fn is_out_of_memory(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::OutOfMemory)
}

/// True when SQLite stopped a statement because the progress handler interrupted it.
pub fn is_interrupted(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::OperationInterrupted)
}

/// True when the authorizer refused a statement (or a function in it).
pub fn is_refused(e: &rusqlite::Error) -> bool {
    match e {
        rusqlite::Error::SqliteFailure(f, msg) => {
            f.code == rusqlite::ErrorCode::AuthorizationForStatementDenied
                || msg
                    .as_deref()
                    .is_some_and(|m| m.starts_with("not authorized"))
        }
        rusqlite::Error::SqlInputError { msg, .. } => msg.starts_with("not authorized"),
        _ => false,
    }
}

/// Row counts of every table of the archive, in name order (virtual-table shadow tables excluded).
pub fn table_counts(conn: &Connection) -> Result<Vec<(String, i64)>> {
    count_rows(conn).map_err(|e| Error::runtime("cannot count rows", describe(&e)).caused_by(e))
}

/// [`table_counts`], with SQLite's error for the caller to map.
pub(crate) fn count_rows(conn: &Connection) -> rusqlite::Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         ORDER BY name",
    )?;
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    names
        .into_iter()
        .map(|name| {
            let n = conn.query_row(
                &format!("SELECT count(*) FROM {}", quoted(&name)),
                [],
                |r| r.get(0),
            )?;
            Ok((name, n))
        })
        .collect()
}

/// `name` as an SQL identifier: in double quotes, a quote in it doubled. Every table, index or
/// view name read from the schema goes through this before it is put in a statement: a user's own
/// table in the archive may be called anything (`my "notes"`).
pub(crate) fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The name that reads a table's rowid: `rowid`, or, when the table has a column of that name
/// (which the name then means: a user's table may have one), `_rowid_`, then `oid`; `None` when
/// all three are columns and the rowid cannot be read at all.
pub(crate) fn rowid_name(conn: &Connection, table: &str) -> rusqlite::Result<Option<&'static str>> {
    let mut stmt = conn.prepare_cached(
        "SELECT 1 FROM pragma_table_xinfo(?1, 'main') WHERE name = ?2 COLLATE NOCASE",
    )?;
    for name in ["rowid", "_rowid_", "oid"] {
        if !stmt.exists([table, name])? {
            return Ok(Some(name));
        }
    }
    Ok(None)
}

/// The `ORDER BY` that lists a table's rows in the order they were written: by rowid, or, for a
/// `WITHOUT ROWID` table (which has none; a user may add one), by its primary key, with the key's
/// own collations and directions. Written out, not left to SQLite: without an `ORDER BY` it may
/// read a covering index instead, in that index's order.
pub(crate) fn in_written_order(conn: &Connection, table: &str) -> rusqlite::Result<String> {
    let without_rowid: bool = conn
        .query_row(
            "SELECT coalesce((SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?1), 0)",
            [table],
            |r| r.get(0),
        )?;
    if !without_rowid {
        return Ok(rowid_name(conn, table)?.map_or_else(String::new, |r| format!(" ORDER BY {r}")));
    }
    let mut stmt = conn.prepare(
        "SELECT x.name, x.coll, x.desc FROM pragma_index_list(?1, 'main') l, \
         pragma_index_xinfo(l.name, 'main') x WHERE l.origin = 'pk' AND x.key ORDER BY x.seqno",
    )?;
    let key: Vec<String> = stmt
        .query_map([table], |r| {
            let (name, coll, desc): (String, String, bool) = (r.get(0)?, r.get(1)?, r.get(2)?);
            Ok(format!(
                "{} COLLATE {}{}",
                quoted(&name),
                quoted(&coll),
                if desc { " DESC" } else { "" }
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(if key.is_empty() {
        String::new()
    } else {
        format!(" ORDER BY {}", key.join(", "))
    })
}

/// Where each table a load appends to ends: (table, largest rowid, 0 when empty), in name order.
/// These are the archive's ordinary tables, without the rollups and the search index (derived
/// data, rewritten rather than appended to), and without `WITHOUT ROWID` tables (only a user adds
/// one, and it has no rowid to count by) or a user's table whose columns take every name of the
/// rowid ([`rowid_name`]).
///
/// Why ends and not counts: a load only appends (every row it writes takes a rowid past its
/// table's largest; it deletes nothing), so the rows it added are the rows past these ends, and
/// [`rows_added`] counts them by a rowid range: in time that grows with the load. Counting every
/// table before and after, as `import` once did, grows with the archive (0.1 s of a one-article
/// import into 10,001 articles, seconds at 100,001).
pub fn table_ends(conn: &Connection) -> rusqlite::Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' \
         AND NOT wr AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )?;
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut ends = Vec::new();
    for name in names.into_iter().filter(|n| !rollup::is_rollup_table(n)) {
        let Some(rowid) = rowid_name(conn, &name)? else {
            continue;
        };
        let end = conn.query_row(
            &format!("SELECT coalesce(max({rowid}), 0) FROM {}", quoted(&name)),
            [],
            |r| r.get(0),
        )?;
        ends.push((name, end));
    }
    Ok(ends)
}

/// The rows each table holds past its end in `ends` ([`table_ends`], taken before a load): what
/// the load added, (table, rows), in the order of `ends`.
pub fn rows_added(
    conn: &Connection,
    ends: &[(String, i64)],
) -> rusqlite::Result<Vec<(String, i64)>> {
    ends.iter()
        .map(|(name, end)| {
            let rowid = rowid_name(conn, name)?.unwrap_or("rowid");
            let n = conn.query_row(
                &format!("SELECT count(*) FROM {} WHERE {rowid} > ?1", quoted(name)),
                [end],
                |r| r.get(0),
            )?;
            Ok((name.clone(), n))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_to_an_empty_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        configure(&conn).unwrap();
        let (from, to) = migrate(&mut conn, Path::new(":memory:")).unwrap();
        assert_eq!((from, to), (0, latest_version()));
        assert_eq!(
            identify(&conn, Path::new(":memory:")).unwrap(),
            latest_version()
        );
        let app: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(app, APPLICATION_ID);
        let fk_problems: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk_problems, 0);
        // Applying again is a no-op.
        assert_eq!(migrate(&mut conn, Path::new(":memory:")).unwrap(), (to, to));
    }

    /// The `CHECK (column IN (...))` lists of a schema text: (column, values), values as written.
    fn check_lists(sql: &str) -> Vec<(String, Vec<String>)> {
        sql.split("CHECK (")
            .skip(1)
            .filter_map(|rest| {
                let (column, list) = rest.split_once(" IN (")?;
                let column = column.trim();
                if !column
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    return None;
                }
                let list = &list[..list.find(')')?];
                Some((
                    column.to_string(),
                    list.split(',').map(|v| v.trim().to_string()).collect(),
                ))
            })
            .collect()
    }

    /// Migration 0006 rewrites every CHECK list of more than two values (SQLite builds a
    /// temporary table per written row for those) as comparisons that allow exactly the same
    /// values, and the archive stays sound.
    #[test]
    fn check_lists_become_comparisons_that_allow_the_same_values() {
        // An archive at version 5 with rows in it, as archives in use are.
        let mut conn = Connection::open_in_memory().unwrap();
        configure(&conn).unwrap();
        migrate_with(&mut conn, Path::new(":memory:"), &MIGRATIONS[..5]).unwrap();
        conn.execute(
            "INSERT INTO material (name, name_en, category) VALUES ('口罩', 'masks', 'protective_equipment')",
            [],
        )
        .unwrap();
        migrate(&mut conn, Path::new(":memory:")).unwrap();
        let tables: Vec<(String, String)> = conn
            .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (table, sql) in &tables {
            for (column, values) in check_lists(sql) {
                assert!(values.len() <= 2, "{table}.{column} still lists {values:?}");
            }
        }
        // Each list 0001 wrote is now a comparison with each of its values.
        let mut rewritten = 0;
        for (table, sql) in &tables {
            let Some(body) = MIGRATIONS[0]
                .sql
                .split(&format!("CREATE TABLE {table} ("))
                .nth(1)
                .and_then(|rest| rest.split(") STRICT;").next())
            else {
                continue;
            };
            for (column, values) in check_lists(body).into_iter().filter(|(_, v)| v.len() > 2) {
                for v in &values {
                    assert!(
                        sql.contains(&format!("{column} = {v}")),
                        "{table}.{column} lost {v}"
                    );
                }
                let compared = sql.matches(&format!("{column} = '")).count();
                assert_eq!(compared, values.len(), "{table}.{column} allows more");
                rewritten += 1;
            }
        }
        assert_eq!(rewritten, 9);
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
        // Still refused: a value outside the list; still allowed: each value in it.
        let bad = conn
            .execute(
                "INSERT INTO material (name, name_en, category) VALUES ('x', 'x', 'cash')",
                [],
            )
            .unwrap_err();
        assert!(bad.to_string().contains("CHECK constraint failed"), "{bad}");
        let material = MIGRATIONS[0]
            .sql
            .split("CREATE TABLE material (")
            .nth(1)
            .unwrap();
        let (_, categories) = check_lists(material)
            .into_iter()
            .find(|(c, _)| c == "category")
            .unwrap();
        assert_eq!(categories.len(), 5, "{categories:?}");
        for category in categories {
            conn.execute(
                &format!("INSERT INTO material (name, name_en, category) VALUES ({category}, 'x', {category})"),
                [],
            )
            .unwrap();
        }
    }

    #[test]
    fn migration_versions_are_consecutive() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "{}", m.name);
            assert!(
                m.name.starts_with(&format!("{:04}_", m.version)),
                "{}",
                m.name
            );
        }
    }

    /// sha256 of every released migration. Archives in use were built by these exact bytes, so
    /// editing one would leave them with a schema no migration describes.
    const FROZEN: &[(&str, &str)] = &[
        (
            "0001_archive.sql",
            "3c4d9a7d6df68b59037c095bfe26eaf3af434eb9e226e779ff5090a060530dea",
        ),
        (
            "0002_named_queries.sql",
            "df3fa21dc8da578eae18363126c5b0eb59a60a2c6681b30d422b571a6178d8e8",
        ),
        (
            "0003_search_and_sources.sql",
            "3fb7a036c31cda20b640687fc37568c3efe49eb3da78464c243438841747cd4c",
        ),
        (
            "0004_search_index.sql",
            "5cbba9265c390e7dcb4b14bf0c5c1255c07c053cb5e2649b0c5985069c1ee872",
        ),
        (
            "0005_rollups.sql",
            "e333d5e477ac97dabf1aa5131aa67738f8db1e38ac28ccfde30d88cd4a961990",
        ),
        (
            "0006_check_comparisons.sql",
            "dd037128912215838514fa822875ff171ab9859928b0482c74d78af92c9703fd",
        ),
        (
            "0007_donor_rollup_capped.sql",
            "9dc644930fd27f8ed73d1de63412c9154201a771d33b18834a2caeee6eae6e2f",
        ),
        (
            "0008_event_date_description.sql",
            "df69ab4d0e237cb7712da75fa073fc5ac33273d0013e3c3318504dc8750f59ee",
        ),
    ];

    #[test]
    fn migrations_are_frozen() {
        use sha2::{Digest, Sha256};
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        for file in &files {
            let bytes = std::fs::read(dir.join(file)).unwrap();
            let sha = format!("{:x}", Sha256::digest(&bytes));
            let listed = FROZEN.iter().find(|(f, _)| f == file);
            let Some((_, expected)) = listed else {
                panic!(
                    "migrations/{file} has no checksum in FROZEN: once it is final, add \
                     (\"{file}\", \"{sha}\")"
                );
            };
            assert_eq!(
                &sha, expected,
                "migrations/{file} was edited; migrations are append-only: add a new numbered \
                 file (views change in queries/ instead)"
            );
            let embedded = MIGRATIONS.iter().find(|m| m.name == file).unwrap();
            assert_eq!(embedded.sql.as_bytes(), bytes, "{file}");
        }
        let names: Vec<&str> = FROZEN.iter().map(|(f, _)| *f).collect();
        assert_eq!(files, names, "every listed migration is in migrations/");
    }

    #[test]
    fn a_failing_migration_changes_nothing() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, Path::new("x.db")).unwrap();
        let next = latest_version() + 1;
        let mut broken: Vec<Migration> = MIGRATIONS
            .iter()
            .map(|m| Migration {
                version: m.version,
                name: m.name,
                sql: m.sql,
            })
            .collect();
        broken.push(Migration {
            version: next,
            name: "9999_broken.sql",
            sql: "CREATE TABLE added (x); ALTER TABLE zone ADD COLUMN y TEXT; SELECT * FROM no_such_table;",
        });
        let err = migrate_with(&mut conn, Path::new("x.db"), &broken).unwrap_err();
        assert!(
            err.to_string().contains("migration 9999_broken.sql failed"),
            "{err}"
        );
        assert_eq!(
            identify(&conn, Path::new("x.db")).unwrap(),
            latest_version()
        );
        let added: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'added'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(added, 0);
        assert!(conn.prepare("SELECT y FROM zone").is_err());
    }

    #[test]
    fn a_newer_archive_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, Path::new("x.db")).unwrap();
        conn.pragma_update(None, "user_version", latest_version() + 1)
            .unwrap();
        let err = migrate(&mut conn, Path::new("x.db")).unwrap_err();
        assert!(err.to_string().contains("newer"), "{err}");
    }

    /// An SQLite error as rusqlite reports it, from an extended result code.
    fn sqlite(extended: std::ffi::c_int) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(ffi::Error::new(extended), None)
    }

    /// The codes the tests in `tests/cli/causes.rs` cannot reach as root or on a disk with
    /// space (a real ENOSPC, a moved file, a value over SQLite's limit), checked on the mapping.
    #[test]
    fn each_sqlite_code_gets_its_cause_and_fix() {
        let path = Path::new("a.db");
        let advice_for = |code| advice(path, &sqlite(code)).unwrap_or_default();
        let cases: &[(std::ffi::c_int, &str)] = &[
            (ffi::SQLITE_FULL, "the disk holding a.db is full"),
            (ffi::SQLITE_IOERR_WRITE, "file size limit"),
            (ffi::SQLITE_IOERR_FSYNC, "free some space"),
            (ffi::SQLITE_IOERR_READ, "reading a.db failed"),
            (ffi::SQLITE_READONLY, "a.db is read-only"),
            (ffi::SQLITE_READONLY_DBMOVED, "was moved or deleted"),
            (
                ffi::SQLITE_READONLY_CANTINIT,
                "copy the archive to a writable directory",
            ),
            (ffi::SQLITE_BUSY, "another process holds a lock on a.db"),
            (ffi::SQLITE_LOCKED, "nothing was changed"),
            (ffi::SQLITE_CORRUPT, "damaged"),
            (ffi::SQLITE_CANTOPEN, "directory exists and is writable"),
            (ffi::SQLITE_TOOBIG, "larger than SQLite accepts"),
            (ffi::SQLITE_PERM, "check their permissions"),
        ];
        for (code, words) in cases {
            let text = advice_for(*code);
            assert!(text.contains(words), "{code}: {text:?}");
        }
        // A statement's own error is not the file's: no advice, so the migration runner calls it
        // a bug, and the loader blames the seed only for values the archive refuses.
        assert_eq!(advice(path, &sqlite(ffi::SQLITE_ERROR)), None);
        assert!(is_data_error(&sqlite(ffi::SQLITE_CONSTRAINT_CHECK)));
        assert!(is_data_error(&sqlite(ffi::SQLITE_TOOBIG)));
        for code in [
            ffi::SQLITE_BUSY,
            ffi::SQLITE_FULL,
            ffi::SQLITE_READONLY,
            ffi::SQLITE_IOERR_WRITE,
        ] {
            assert!(!is_data_error(&sqlite(code)), "{code}");
        }
        let e = archive_error(
            "cannot import into a.db".into(),
            path,
            &sqlite(ffi::SQLITE_FULL),
        );
        assert!(
            e.to_string().starts_with("cannot import into a.db: ")
                && e.to_string()
                    .contains("database or disk is full, the disk holding a.db is full"),
            "{e}"
        );
    }

    #[test]
    fn a_path_too_long_is_named_with_its_limit() {
        assert_eq!(path_too_long(Path::new("archive.db")), None);
        let name = "a".repeat(NAME_MAX - LONGEST_ADDITION);
        assert_eq!(path_too_long(Path::new(&name)), None);
        let longer = format!("{name}a");
        let text = path_too_long(Path::new(&longer)).unwrap();
        assert!(text.contains("a name of at most 234 bytes"), "{text}");
        let deep: PathBuf = ["/x".repeat(250), "archive.db".into()].iter().collect();
        let text = path_too_long(&deep).unwrap();
        assert!(text.contains("at most 512 bytes"), "{text}");
        let text = advice(&deep, &sqlite(ffi::SQLITE_CANTOPEN)).unwrap();
        assert!(text.contains("move "), "{text}");
    }

    #[test]
    fn a_foreign_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t(x)").unwrap();
        let err = migrate(&mut conn, Path::new("other.db")).unwrap_err();
        assert!(err.to_string().contains("not a frontline archive"), "{err}");
    }
}
