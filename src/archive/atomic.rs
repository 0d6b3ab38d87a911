//! Replacing a file so that it is either the old file or the complete new one, never a mix.
//!
//! Every command that writes an archive (`init`, `backup`, `restore`) writes a temporary file in the
//! target's directory, syncs it, and renames it over the target; the directory is synced so the
//! rename survives a power cut. A process killed half-way leaves only its temporary file, which
//! the next run in that directory removes.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use crate::error::{Context, Result};

/// Prefix of temporary files: `.NAME.tmp-PID`, hidden, beside the target.
fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map_or_else(|| "frontline.db".into(), |n| n.to_string_lossy());
    format!(".{name}.tmp-")
}

/// The directory a path lives in (`.` for a bare file name).
pub fn dir_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A temporary path beside `target`, unique to this process. Temporary files of `target` left by
/// processes that no longer run (killed mid-write) are removed first.
pub fn temp_path(target: &Path) -> PathBuf {
    let prefix = temp_prefix(target);
    if let Ok(entries) = fs::read_dir(dir_of(target)) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            // `.NAME.tmp-PID`, or one of its SQLite side files (`.NAME.tmp-PID-journal`).
            let Some(rest) = name.strip_prefix(&prefix) else {
                continue;
            };
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let Ok(pid) = digits.parse::<u32>() else {
                continue;
            };
            if pid != std::process::id() && !process_alive(pid) {
                discard(&target.with_file_name(format!("{prefix}{pid}")));
            }
        }
    }
    target.with_file_name(format!("{prefix}{}", std::process::id()))
}

fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    // Without /proc we cannot tell, so we keep the file.
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// Whether two paths name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// The path of a SQLite side file: the journal, WAL or shared-memory file of `db`.
pub fn side_file(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Flushes a file's contents to disk.
pub fn sync(path: &Path) -> Result<()> {
    File::open(path)
        .and_then(|f| f.sync_all())
        .context(|| format!("cannot sync {}", path.display()))
}

/// Moves the finished `tmp` over `target` and syncs the directory. SQLite side files of the old
/// target are removed first: a journal or WAL of the old file must never be applied to the new.
pub fn install(tmp: &Path, target: &Path) -> Result<()> {
    for suffix in ["-journal", "-wal", "-shm"] {
        let _ = fs::remove_file(side_file(target, suffix));
    }
    fs::rename(tmp, target)
        .context(|| format!("cannot move the new file to {}", target.display()))?;
    if let Ok(d) = File::open(dir_of(target)) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Removes a temporary file and its SQLite side files, ignoring errors (used on failure paths).
pub fn discard(tmp: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let _ = fs::remove_file(side_file(tmp, suffix));
    }
}
