//! `frontline migrate`: bring an existing archive's schema up to date in place.

use std::io::Write;

use crate::archive::{Archive, ArchivePath, Migrated, Mode};
use crate::error::{Error, Result};

/// Arguments of `frontline migrate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline migrate                   update ./frontline.db
  frontline --db old.db migrate       update old.db
  frontline migrate --rebuild-rollups recompute the rollups from the facts")]
pub struct Args {
    /// Also recompute every rollup (the per-zone sums the aggregate queries read) from the facts,
    /// as `frontline check` advises after a write that bypassed frontline.
    #[arg(long)]
    pub rebuild_rollups: bool,
}

// The pending migrations run in one transaction: the archive ends at its old version or the
// newest, never in between. The views of `queries/` whose text differs from the archive's (an
// older frontline's) are recreated in the same transaction. A damaged archive is refused up front.

/// Applies the pending migrations (all or none), updates changed views, and reports both.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    let path = archive.path();
    // SQLite opens a zero-byte file as an empty database; building an archive there is init's job.
    if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0) {
        return Err(Error::runtime(
            format!("will not migrate {}", path.display()),
            "it is a zero-byte file, not an archive",
        )
        .fix(format!(
            "build an archive there with `frontline --db {} init --force`",
            path.display()
        )));
    }
    let mut archive = Archive::open(archive.path(), Mode::Upgrade)?;
    archive.verify_integrity("migrate", true)?;
    let Migrated { from, to, views } = archive.upgrade()?;
    if args.rebuild_rollups {
        archive.rebuild_rollups()?;
    }
    let path = archive.path().display();
    let views = if views.is_empty() {
        String::new()
    } else {
        format!("; views updated: {}", views.join(", "))
    };
    let rebuilt = if args.rebuild_rollups {
        "; rollups rebuilt from the facts"
    } else {
        ""
    };
    let line = if args.rebuild_rollups {
        format!("{path}: schema version {to}{views}{rebuilt}\n")
    } else if from == to && views.is_empty() {
        format!("{path}: schema version {to}, up to date\n")
    } else if from == to {
        format!("{path}: schema version {to}{views}\n")
    } else {
        format!("{path}: schema version {from} -> {to}{views}\n")
    };
    let mut out = std::io::stdout().lock();
    out.write_all(line.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Error::output)
}
