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

use crate::archive::{Archive, ArchivePath, Mode, atomic, copy};
use crate::domain::{check, seed};
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
    let shown = args.dest.display();
    // Through a symbolic link, the copy replaces the link's target and the link stays.
    let dest = &atomic::resolve(&args.dest);
    if dest.is_dir() {
        return Err(
            Error::runtime(format!("cannot back up to {shown}"), "it is a directory")
                .fix("give the path of the copy's .db file"),
        );
    }
    match atomic::part_of(dest, archive.path()) {
        Some(("", _)) => {
            return Err(Error::usage(
                format!("will not back up {shown} onto itself"),
                "DEST is the archive",
            )
            .fix("choose another DEST"));
        }
        Some((_, what)) => {
            return Err(Error::usage(
                format!("will not back up onto {shown}"),
                format!("it is the archive's {what}"),
            )
            .fix("choose another DEST"));
        }
        None => {}
    }
    if let Some((owner, what)) = atomic::side_file_owner(dest) {
        return Err(Error::usage(
            format!("will not back up onto {shown}"),
            format!("it is the {what} of {}", owner.display()),
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
    let source = Archive::open(archive.path(), Mode::Inspect)?;
    if source.is_empty() {
        return Err(Error::runtime(
            format!("will not back up {}", archive.path().display()),
            "it is an empty database, not a frontline archive",
        )
        .fix(format!(
            "build an archive there with `frontline --db {} init --force`",
            archive.path().display()
        )));
    }
    let tmp = atomic::temp_path(dest);
    let result = copy_into(&source, &tmp, dest, copy::Purpose::Backup).and_then(|_| {
        // DEST may be an archive in use: replace it only as restore would.
        let _lock = if dest.exists() {
            let lock = atomic::lock(dest, atomic::LockKind::Exclusive, "replace")?;
            crate::archive::ensure_no_writer(dest)?;
            lock
        } else {
            None
        };
        atomic::install(&tmp, dest)
    });
    if let Err(e) = result {
        atomic::discard(&tmp);
        return Err(e);
    }
    let bytes = std::fs::read(dest).map_err(|e| Error::file("read back", dest, e))?;
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

/// Snapshots `source` into `tmp` (on its way to `dest`), with a progress bar on a terminal, then
/// checks and syncs the copy ([`copy::finish_copy`]); returns its schema versions before and after.
pub fn copy_into(
    source: &Archive,
    tmp: &Path,
    dest: &Path,
    purpose: copy::Purpose,
) -> Result<(i64, i64)> {
    atomic::discard(tmp);
    let progress = Progress::start(tmp.to_path_buf(), source.byte_size()?);
    let copied = source.vacuum_into(tmp, dest);
    progress.stop();
    copied?;
    copy::finish_copy(tmp, dest, purpose, |copy| check::problems(copy, false))
}

/// A progress bar on stderr, shown only when stderr is a terminal and the copy takes a moment.
struct Progress {
    done: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start(file: PathBuf, expected: i64) -> Progress {
        let done = Arc::new(AtomicBool::new(false));
        if super::progress::quiet() || !std::io::stderr().is_terminal() || expected <= 0 {
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
