//! `frontline migrate`: bring an existing archive's schema up to date in place.

use std::io::Write;

use crate::db::{self, ArchivePath};
use crate::error::Result;

/// Arguments of `frontline migrate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline migrate                   update ./frontline.db
  frontline --db old.db migrate       update old.db")]
pub struct Args {}

// Each pending migration runs in its own transaction with its user_version bump: a failing
// step leaves the archive as it was before that step. A damaged archive is refused up front.

/// Applies pending migrations, each in its own transaction, and reports the versions.
pub fn run(archive: &ArchivePath, _args: &Args) -> Result<()> {
    let path = archive.path();
    let mut conn = db::open_existing(path, false)?;
    db::quick_check(&conn, path, "migrate")?;
    let (from, to) = db::migrate(&mut conn, path)?;
    let mut out = std::io::stdout().lock();
    if from == to {
        writeln!(out, "{}: schema version {to}, up to date", path.display())?;
    } else {
        writeln!(out, "{}: schema version {from} -> {to}", path.display())?;
    }
    Ok(())
}
