//! `frontline restore SRC`: replace the archive with a backup, after checking the backup.
//!
//! SRC must be a frontline archive this binary can read; its copy is brought up to this binary's
//! schema version and must pass the checks of `frontline check`. A bad SRC changes nothing. The new archive is prepared beside the live one and renamed over it in one
//! step; the replaced archive is kept as `<archive>.bak` unless `--no-keep`.

use std::path::PathBuf;

use crate::archive::{self, Archive, ArchivePath, Mode, atomic, copy};
use crate::error::{Error, Result};

/// Arguments of `frontline restore`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline restore backups/frontline-2026-11-28.db
  frontline --db news.db restore news-backup.db --no-keep

The current archive is kept as <archive>.bak (replacing an older .bak) unless --no-keep.
Stop other programs using the archive first.")]
pub struct Args {
    /// The backup to restore.
    pub src: PathBuf,

    /// Do not keep the replaced archive as ARCHIVE.bak.
    #[arg(long)]
    pub no_keep: bool,
}

/// Checks SRC, then replaces the archive with it.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    let shown = archive.path().display();
    // Through a symbolic link, the link's target is replaced and the link stays.
    let live = &atomic::resolve(archive.path());
    let src = &args.src;
    match atomic::part_of(src, live) {
        Some(("", _)) => {
            return Err(Error::usage(
                format!("will not restore {shown} from itself"),
                "the backup is the archive",
            )
            .fix("give the path of a backup copy"));
        }
        // The copy the last restore kept: restoring it undoes that restore.
        Some((".bak", _)) | None => {}
        Some((_, what)) => {
            return Err(Error::usage(
                format!("will not restore from {}", src.display()),
                format!("it is the archive's {what}, not a backup"),
            )
            .fix("give the path of a backup made by `frontline backup`"));
        }
    }
    if let Some((owner, what)) = atomic::side_file_owner(live) {
        return Err(Error::usage(
            format!("cannot restore to {shown}"),
            format!("it is the {what} of {}", owner.display()),
        )
        .fix("give the archive's .db path with --db"));
    }
    let source = Archive::open(src, Mode::Inspect)?;
    if source.is_empty() {
        return Err(Error::runtime(
            format!("will not restore {}", src.display()),
            "it is an empty database, not a frontline archive",
        )
        .fix("give the path of a backup made by `frontline backup`"));
    }
    source.require_known_version("restore from")?;
    source
        .verify_integrity("restore", false)
        .map_err(|e| e.fix("restore another backup; the archive was not changed"))?;
    if live.is_dir() {
        return Err(
            Error::runtime(format!("cannot restore to {shown}"), "it is a directory")
                .fix("give the archive's .db path with --db"),
        );
    }
    if !atomic::dir_of(live).is_dir() {
        return Err(Error::runtime(
            format!("cannot restore to {shown}"),
            format!(
                "the directory {} does not exist",
                atomic::dir_of(live).display()
            ),
        )
        .fix("create it first"));
    }
    let had_archive = live.exists();
    let tmp = atomic::temp_path(live);
    let result = super::backup::copy_into(&source, &tmp, live, copy::Purpose::Restore)
        .and_then(|versions| replace(live, &tmp, !args.no_keep).map(|()| versions));
    let (from, to) = match result {
        Ok(versions) => versions,
        Err(e) => {
            atomic::discard(&tmp);
            return Err(e);
        }
    };
    let migrated = if from < to {
        format!(" (its schema version {from} brought up to {to})")
    } else {
        String::new()
    };
    let kept = if had_archive && !args.no_keep {
        format!("; the previous archive is {}", bak_path(live).display())
    } else {
        String::new()
    };
    eprintln!(
        "frontline: restored {shown} from {}{migrated}{kept}",
        src.display()
    );
    Ok(())
}

fn bak_path(live: &std::path::Path) -> PathBuf {
    atomic::side_file(live, ".bak")
}

/// Moves the prepared `tmp` over `live`, first folding any WAL of the live archive into it and
/// keeping it as `.bak` when asked.
fn replace(live: &std::path::Path, tmp: &std::path::Path, keep: bool) -> Result<()> {
    // Held until the new archive is in place: no frontline writer is between its start and its
    // commit (it holds the lock shared from its start), and none starts until we are done.
    let _lock = atomic::lock(live, atomic::LockKind::Exclusive, "restore")?;
    if live.exists() {
        archive::ensure_no_writer(live)?;
        copy::checkpoint(live)?;
        if keep {
            let bak = bak_path(live);
            let bak_tmp = atomic::side_file(&bak, ".tmp");
            let _ = std::fs::remove_file(&bak_tmp);
            std::fs::hard_link(live, &bak_tmp)
                .and_then(|()| std::fs::rename(&bak_tmp, &bak))
                .map_err(|e| {
                    let _ = std::fs::remove_file(&bak_tmp);
                    Error::runtime(
                        format!("cannot keep the current archive as {}", bak.display()),
                        e.to_string(),
                    )
                    .fix("pass --no-keep to restore without keeping it")
                })?;
        }
    }
    atomic::install(tmp, live)
}
