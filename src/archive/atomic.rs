//! Replacing a file so that it is either the old file or the complete new one, never a mix.
//!
//! Every command that writes an archive (`init`, `backup`, `restore`) writes a temporary file in the
//! target's directory, syncs it, and renames it over the target; the directory is synced so the
//! rename survives a power cut. A process killed half-way leaves only its temporary file, which
//! the next run in that directory removes.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use crate::error::{Context, Error, Result};

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

/// Whether this process may create files in the directory of `path` (by the system's own
/// permission check, which knows the user, its groups and read-only mounts).
pub fn dir_writable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(dir) = std::ffi::CString::new(dir_of(path).as_os_str().as_bytes()) else {
            return false;
        };
        // SAFETY: `dir` is a valid NUL-terminated string for the duration of the call.
        unsafe { libc::access(dir.as_ptr(), libc::W_OK | libc::X_OK) == 0 }
    }
    #[cfg(not(unix))]
    {
        fs::metadata(dir_of(path)).is_ok_and(|m| !m.permissions().readonly())
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

/// The files that make up an archive at `X`, by suffix, with what each is: SQLite's side files,
/// the copy `restore` keeps, and the lock file. Writing over any of them loses data.
pub const PARTS: &[(&str, &str)] = &[
    ("", "archive"),
    ("-wal", "write-ahead log"),
    ("-shm", "shared-memory index"),
    ("-journal", "rollback journal"),
    (".bak", "previous copy kept by restore"),
    (".lock", "lock file"),
];

/// A path with symbolic links followed: at the end ([`resolve`]) and in its directory. A file that
/// does not exist yet keeps its name under the canonical directory.
fn canonical(path: &Path) -> PathBuf {
    let resolved = resolve(path);
    match (fs::canonicalize(dir_of(&resolved)), resolved.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => resolved,
    }
}

/// Which part of the archive at `archive` the path is ([`PARTS`], by suffix and description),
/// also through symbolic links, another name of its directory or a hard link; `None` when it is
/// none of them.
pub fn part_of(path: &Path, archive: &Path) -> Option<(&'static str, &'static str)> {
    let (p, a) = (canonical(path), canonical(archive));
    let id = identity(path);
    PARTS.iter().copied().find(|(suffix, _)| {
        let part = side_file(&a, suffix);
        p == part || (id.is_some() && id == identity(&part))
    })
}

/// When `path` is a side file of another existing file `X` (`X-wal`, `X-shm`, `X-journal`, or
/// `X.lock`): that `X` and what the side file is. Such a path is never a place to write a database.
pub fn side_file_owner(path: &Path) -> Option<(PathBuf, &'static str)> {
    let resolved = resolve(path);
    let name = resolved.file_name()?.as_encoded_bytes();
    PARTS
        .iter()
        .filter(|(suffix, _)| matches!(*suffix, "-wal" | "-shm" | "-journal" | ".lock"))
        .find_map(|(suffix, what)| {
            let stem = name.strip_suffix(suffix.as_bytes())?;
            // SAFETY: `stem` is `name` (from an OsStr) up to an ASCII suffix, so it ends at a
            // boundary of the encoding.
            let stem = unsafe { std::ffi::OsStr::from_encoded_bytes_unchecked(stem) };
            let owner = resolved.with_file_name(stem);
            (!stem.is_empty() && owner.is_file()).then_some((owner, *what))
        })
}

/// The path to give SQLite for `path`, so that it opens exactly that file: SQLite (built with URI
/// file names on) reads a name that starts with `file:` as a URI, so a relative path is given as
/// `./path`. Every connection to a file frontline names goes through this.
pub fn sqlite_path(path: &Path) -> PathBuf {
    if path.is_relative() {
        Path::new(".").join(path)
    } else {
        path.to_path_buf()
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
/// The new file takes the old one's mode and, where allowed, its owner and group: replacing an
/// archive's content does not change who may read or write it. `target` is the file itself, not
/// a symbolic link to it ([`resolve`]).
pub fn install(tmp: &Path, target: &Path) -> Result<()> {
    keep_properties(target, tmp)?;
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

/// Gives `new` the mode, owner and group of `old` (when `old` exists; owner and group only as far
/// as this user may set them), and syncs it.
fn keep_properties(old: &Path, new: &Path) -> Result<()> {
    let Ok(meta) = fs::metadata(old) else {
        return Ok(());
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if std::os::unix::fs::chown(new, Some(meta.uid()), Some(meta.gid())).is_err() {
            let _ = std::os::unix::fs::chown(new, None, Some(meta.gid()));
        }
    }
    fs::set_permissions(new, meta.permissions()).context(|| {
        format!(
            "cannot give {} the mode of {}",
            new.display(),
            old.display()
        )
    })?;
    sync(new)
}

/// Removes a temporary file and its SQLite side files, ignoring errors (used on failure paths).
pub fn discard(tmp: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let _ = fs::remove_file(side_file(tmp, suffix));
    }
}

/// How a process holds an archive's lock file ([`lock`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockKind {
    /// A writer (import, migrate): any number at once (SQLite orders their transactions), but no
    /// replacer.
    Shared,
    /// A replacer (restore, `init --force`, `backup --force` over a file): alone.
    Exclusive,
}

/// A held lock on `<archive>.lock`; released when dropped (or when the process dies).
#[derive(Debug)]
pub struct Lock {
    file: File,
    path: PathBuf,
}

impl Drop for Lock {
    /// The last holder removes the lock file, so that a finished command leaves nothing beside
    /// the archive: only while it holds the lock alone (exclusively), and only if the path still
    /// names the file it locked. A process waiting on the removed file notices when it gets the
    /// lock ([`lock`] checks the path again) and locks the new one instead.
    fn drop(&mut self) {
        if self.file.try_lock().is_ok() && identity(&self.path) == file_identity(&self.file) {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// The lock file of an archive: `<archive>.lock` beside the file the path leads to. It holds
/// nothing; the last process to let go of it removes it.
pub fn lock_path(archive: &Path) -> PathBuf {
    side_file(&resolve(archive), ".lock")
}

/// Takes the archive's lock file, waiting up to the busy timeout for other frontline processes.
/// SQLite's own locks last only for a transaction; this one lasts from the start of a command to
/// its end, so that no archive is replaced (renamed over) while a writer is still on its way to
/// its first write. `doing` completes "cannot … <path>". Where the lock file cannot be created
/// because the directory is not writable, no lock is taken: no other process can rename a file
/// into that directory either.
pub fn lock(archive: &Path, kind: LockKind, doing: &str) -> Result<Option<Lock>> {
    let path = lock_path(archive);
    let failed = |why: String| Error::runtime(format!("cannot {doing} {}", archive.display()), why);
    let started = std::time::Instant::now();
    loop {
        let file = match fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            // A lock file another user made may be readable only; when there is none to read,
            // the reason is the one creating it met.
            .or_else(|e| {
                File::open(&path).map_err(|again| {
                    if again.kind() == std::io::ErrorKind::NotFound {
                        e
                    } else {
                        again
                    }
                })
            }) {
            Ok(f) => f,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
                ) =>
            {
                return Ok(None);
            }
            Err(e) => {
                let err = failed(format!("cannot open its lock file {}: {e}", path.display()));
                return Err(match super::path_too_long(archive) {
                    Some(fix) => err.fix(fix),
                    None => err,
                });
            }
        };
        loop {
            let tried = match kind {
                LockKind::Shared => file.try_lock_shared(),
                LockKind::Exclusive => file.try_lock(),
            };
            match tried {
                Ok(()) => break,
                Err(fs::TryLockError::WouldBlock) if started.elapsed() < super::BUSY_TIMEOUT => {
                    std::thread::sleep(std::time::Duration::from_millis(25));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(failed(
                        "another frontline process is writing to it or replacing it".into(),
                    )
                    .fix(format!(
                        "waited {} s; try again when it is done",
                        super::BUSY_TIMEOUT.as_secs()
                    )));
                }
                Err(fs::TryLockError::Error(e)) => {
                    return Err(failed(format!("cannot lock {}: {e}", path.display())));
                }
            }
        }
        // The holder before us may have removed the file we waited on: lock the current one.
        if identity(&path) == file_identity(&file) {
            return Ok(Some(Lock { file, path }));
        }
    }
}

fn file_identity(file: &File) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        file.metadata().ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        None
    }
}

/// Which file a path names now (device and inode), to notice a file replaced under a writer.
pub fn identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// The file a path leads to: symbolic links at the end of the path are followed (even to a file
/// that does not exist yet), so that replacing "the archive" replaces the link's target and keeps
/// the link.
pub fn resolve(path: &Path) -> PathBuf {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match fs::read_link(&p) {
            Ok(target) if target.is_absolute() => p = target,
            Ok(target) => p = dir_of(&p).join(target),
            Err(_) => break,
        }
    }
    p
}
