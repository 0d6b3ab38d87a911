//! `frontline init`: build the archive from the seed embedded in the binary.
//!
//! The archive is built in a temporary file beside the target and renamed into place only once it
//! is complete and synced, so a failure or a crash never leaves a half-built archive behind, and
//! an existing archive is replaced in one step or not at all.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::archive::atomic;
use crate::archive::{self, ArchivePath};
use crate::domain::seed;
use crate::error::{Error, Result};
use crate::output;

/// Arguments of `frontline init`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline init                      build ./frontline.db
  frontline --db news.db init         build news.db
  frontline init --force              rebuild, replacing the existing archive
  frontline init --force --seed seed  rebuild from an edited seed directory")]
pub struct Args {
    /// Replace an existing archive, including any articles imported into it.
    #[arg(long)]
    pub force: bool,

    /// Build from this seed directory instead of the seed embedded in frontline: one article
    /// directory (article.txt, article.toml, facts.toml) or a directory of them.
    #[arg(long, value_name = "DIR")]
    pub seed: Option<PathBuf>,

    #[command(flatten)]
    pub format: output::FormatArg,
}

/// Runs `init` and prints a table of the rows loaded per table.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    let path = archive.path();
    if path.is_dir() {
        return Err(Error::runtime(
            format!("cannot build archive {}", path.display()),
            "it is a directory",
        )
        .fix("give the path of a .db file"));
    }
    if path.exists() && !args.force {
        return Err(Error::runtime(
            format!("will not replace {}", path.display()),
            "the archive already exists",
        )
        .fix("pass --force to rebuild it from the seed"));
    }
    let owned = match &args.seed {
        Some(dir) => seed::read_dir(dir)?,
        None => Vec::new(),
    };
    let sources: Vec<seed::Source> = if args.seed.is_some() {
        owned.iter().map(seed::OwnedSource::as_source).collect()
    } else {
        seed::EMBEDDED.to_vec()
    };
    let counts = build(path, &sources)?;
    let rows = counts
        .into_iter()
        .map(|(table, n)| vec![table.into(), n.into()])
        .collect();
    output::print_rows(
        args.format.format,
        std::io::stdout().lock(),
        &["table", "rows"],
        rows,
    )?;
    eprintln!("frontline: built {}", path.display());
    Ok(())
}

/// Builds the archive at `path` from `sources`, atomically, and returns the row counts.
pub fn build(path: &Path, sources: &[seed::Source]) -> Result<Vec<(String, i64)>> {
    let tmp = atomic::temp_path(path);
    let result = build_into(&tmp, sources).and_then(|counts| {
        archive::ensure_no_writer(path)?;
        atomic::install(&tmp, path)?;
        Ok(counts)
    });
    if result.is_err() {
        atomic::discard(&tmp);
    }
    result
}

fn build_into(tmp: &Path, sources: &[seed::Source]) -> Result<Vec<(String, i64)>> {
    atomic::discard(tmp);
    let fail = |e: rusqlite::Error| {
        Error::runtime(
            format!("cannot build archive in {}", tmp.display()),
            e.to_string(),
        )
    };
    let mut conn = Connection::open(tmp).map_err(|e| {
        Error::runtime(format!("cannot create {}", tmp.display()), e.to_string())
            .fix("check that the directory exists and is writable")
    })?;
    archive::configure(&conn)?;
    archive::migrate(&mut conn, tmp)?;
    let tx = conn.transaction().map_err(fail)?;
    seed::load_all(&tx, sources.iter().copied())?;
    tx.commit().map_err(fail)?;
    let counts = archive::table_counts(&conn)?;
    // Archives use WAL journaling (readers never block each other); the mode is kept in the file.
    conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get::<_, String>(0))
        .map_err(fail)?;
    conn.close().map_err(|(_, e)| fail(e))?;
    atomic::sync(tmp)?;
    Ok(counts)
}
