//! `frontline check`: is this archive whole and true to its article?
//!
//! Checks, in order: SQLite's integrity check (`--quick`: the quicker `quick_check`), foreign
//! keys, the schema version, each article's sha256 against its text, that every paragraph and
//! every citation's quote still stands at its offsets in the article, and that every stored number
//! is what its phrase as written says (and no larger than a load accepts), and that every rollup
//! the aggregate views read agrees with its facts. One line per check; a failed
//! check prints one line per problem and the command exits 1.

use std::io::Write;

use crate::archive::{Archive, ArchivePath, Mode};
use crate::domain::check;
use crate::error::{Error, Result};

/// Arguments of `frontline check`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline check
  frontline --db backups/frontline.db check --quick

Exit status 0 when every check holds, 1 otherwise (one line per problem).")]
pub struct Args {
    /// Use PRAGMA quick_check instead of the full integrity_check.
    #[arg(long)]
    pub quick: bool,
}

/// Problems found by one check, at most this many listed.
const LIMIT: usize = 100;

/// Runs every check and prints one line per check or problem.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    let mut archive = Archive::open(archive.path(), Mode::Inspect)?;
    archive.require_content()?;
    archive.lock_down()?;
    let mut out = std::io::stdout().lock();
    let (mut problems, mut schema_only, mut rollups_only) = (0, true, true);
    check::run(&archive, args.quick, |outcome| {
        let name = outcome.name;
        let mut text = String::new();
        if outcome.problems.is_empty() {
            text += &format!("ok      {name}: {}\n", outcome.summary);
        } else {
            problems += outcome.problems.len();
            schema_only &= name == check::SCHEMA;
            rollups_only &= name == check::ROLLUPS;
            for p in outcome.problems.iter().take(LIMIT) {
                text += &format!("PROBLEM {name}: {p}\n");
            }
            if outcome.problems.len() > LIMIT {
                text += &format!(
                    "PROBLEM {name}: ... and {} more\n",
                    outcome.problems.len() - LIMIT
                );
            }
        }
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(Error::output)
    })?;
    if problems > 0 {
        let fix = if schema_only {
            "run `frontline migrate` to bring the schema and views up to date"
        } else if rollups_only {
            "run `frontline migrate --rebuild-rollups` to recompute the rollups from the facts"
        } else {
            "restore a backup with `frontline restore`, or rebuild with `frontline init --force`"
        };
        return Err(Error::runtime(
            format!("check failed for {}", archive.path().display()),
            format!("{problems} problem(s)"),
        )
        .fix(fix));
    }
    Ok(())
}
