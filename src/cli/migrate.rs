//! `frontline migrate`: bring an existing archive's schema up to date in place.

use std::io::Write;

use crate::archive::{self, ArchivePath};
use crate::error::Result;

/// Arguments of `frontline migrate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline migrate                   update ./frontline.db
  frontline --db old.db migrate       update old.db")]
pub struct Args {}

// The pending migrations run in one transaction: the archive ends at its old version or the
// newest, never in between. The views of `queries/` whose text differs from the archive's (an
// older frontline's) are recreated in the same transaction. A damaged archive is refused up front.

/// Applies the pending migrations (all or none), updates changed views, and reports both.
pub fn run(archive: &ArchivePath, _args: &Args) -> Result<()> {
    let path = archive.path();
    let mut conn = archive::open_existing(path, false)?;
    archive::quick_check(&conn, path, "migrate")?;
    let archive::Migrated { from, to, views } = archive::upgrade(&mut conn, path)?;
    let mut out = std::io::stdout().lock();
    let views = if views.is_empty() {
        String::new()
    } else {
        format!("; views updated: {}", views.join(", "))
    };
    if from == to && views.is_empty() {
        writeln!(out, "{}: schema version {to}, up to date", path.display())?;
    } else if from == to {
        writeln!(out, "{}: schema version {to}{views}", path.display())?;
    } else {
        writeln!(
            out,
            "{}: schema version {from} -> {to}{views}",
            path.display()
        )?;
    }
    Ok(())
}
