//! `frontline backup DEST`: a consistent, verified copy of the archive as one file.
//!
//! `VACUUM INTO` reads the archive in one read transaction, so the copy is a snapshot of one
//! moment even while another process writes. The copy goes to a temporary file beside DEST, is
//! integrity-checked and synced, and only then renamed to DEST: DEST is either absent or complete.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::archive::atomic;
use crate::archive::{self, ArchivePath};
use crate::domain::seed;
use crate::error::{Error, Result};
use crate::output::{self, FormatArg, Value};

/// Arguments of `frontline backup`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline backup backups/frontline-2026-11-28.db
  frontline --db news.db backup /mnt/usb/news.db --force

The copy is consistent even while another process writes to the archive; it is checked
(PRAGMA integrity_check) and synced before it appears under DEST.")]
pub struct Args {
    /// Where to write the copy.
    pub dest: PathBuf,

    /// Replace DEST if it exists.
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub format: FormatArg,
}

/// Runs the backup and prints DEST's size and sha256.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    let dest = &args.dest;
    let shown = dest.display();
    if dest.is_dir() {
        return Err(
            Error::runtime(format!("cannot back up to {shown}"), "it is a directory")
                .fix("give the path of the copy's .db file"),
        );
    }
    if atomic::same_file(dest, archive.path()) {
        return Err(Error::usage(
            format!("will not back up {} onto itself", dest.display()),
            "DEST is the archive",
        )
        .fix("choose another DEST"));
    }
    if dest.exists() && !args.force {
        return Err(
            Error::runtime(format!("will not replace {shown}"), "it already exists")
                .fix("pass --force to replace it, or choose another name"),
        );
    }
    if !atomic::dir_of(dest).is_dir() {
        return Err(Error::runtime(
            format!("cannot back up to {shown}"),
            format!(
                "the directory {} does not exist",
                atomic::dir_of(dest).display()
            ),
        )
        .fix("create it first"));
    }
    let source = archive::open_existing(archive.path(), true)?;
    let tmp = atomic::temp_path(dest);
    let result =
        copy_into(&source, archive.path(), &tmp, dest).and_then(|()| atomic::install(&tmp, dest));
    if let Err(e) = result {
        atomic::discard(&tmp);
        return Err(e);
    }
    let bytes = std::fs::read(dest)
        .map_err(|e| Error::runtime(format!("cannot read back {shown}"), e.to_string()))?;
    let rows = vec![vec![
        Value::from(shown.to_string()),
        Value::Int(bytes.len() as i64),
        Value::from(seed::sha256_hex(&bytes)),
    ]];
    output::print_rows(
        args.format.format,
        std::io::stdout().lock(),
        &["backup", "bytes", "sha256"],
        rows,
    )
}

/// Snapshots `source` into `tmp` (on its way to `dest`), sets WAL mode, checks integrity, and
/// syncs it.
pub fn copy_into(source: &Connection, source_path: &Path, tmp: &Path, dest: &Path) -> Result<()> {
    atomic::discard(tmp);
    let fail = |e: rusqlite::Error| write_error(dest, e);
    let expected: i64 = source
        .query_row(
            "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size",
            [],
            |r| r.get(0),
        )
        .map_err(|e| {
            archive::archive_error(
                format!("cannot read archive {}", source_path.display()),
                source_path,
                &e,
            )
        })?;
    let progress = Progress::start(tmp.to_path_buf(), expected);
    let copied = source.execute("VACUUM INTO ?1", [tmp.to_string_lossy()]);
    progress.stop();
    copied.map_err(|e| {
        if matches!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
        ) {
            archive::archive_error(
                format!("cannot back up {}", source_path.display()),
                source_path,
                &e,
            )
        } else {
            fail(e)
        }
    })?;
    let conn = Connection::open(tmp).map_err(fail)?;
    archive::configure(&conn)?;
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
    if full {
        err.fix("free some space (or raise the file size limit) and try again; nothing was written")
    } else {
        err.fix("nothing was written")
    }
}

/// A progress bar on stderr, shown only when stderr is a terminal and the copy takes a moment.
struct Progress {
    done: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start(file: PathBuf, expected: i64) -> Progress {
        let done = Arc::new(AtomicBool::new(false));
        if !std::io::stderr().is_terminal() || expected <= 0 {
            return Progress { done, thread: None };
        }
        let flag = Arc::clone(&done);
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            let mut shown = false;
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                if started.elapsed() < Duration::from_millis(500) {
                    continue;
                }
                let size = std::fs::metadata(&file).map_or(0, |m| m.len() as i64);
                let pct = (size * 100 / expected).clamp(0, 100) as usize;
                eprint!(
                    "\r[{:<40}] {pct:>3}% {:.1} MiB",
                    "#".repeat(pct * 40 / 100),
                    size as f64 / 1_048_576.0
                );
                shown = true;
            }
            if shown {
                eprintln!("\r[{}] 100%", "#".repeat(40));
            }
        });
        Progress {
            done,
            thread: Some(thread),
        }
    }

    fn stop(mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
