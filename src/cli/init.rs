//! `frontline init`: build the archive from the seed embedded in the binary.
//!
//! The archive is built in a temporary file beside the target and renamed into place only once it
//! is complete and synced, so a failure or a crash never leaves a half-built archive behind, and
//! an existing archive is replaced in one step or not at all.

use std::path::PathBuf;

use crate::archive::{ArchivePath, atomic};
use crate::domain::{load, seed};
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
    if let Some((owner, what)) = atomic::side_file_owner(path) {
        return Err(Error::usage(
            format!("will not build archive {}", path.display()),
            format!("it is the {what} of {}", owner.display()),
        )
        .fix("give the path of the archive's .db file"));
    }
    // Before the build: the temporary file beside the target is named after it, and a name too
    // long for it would fail later with the temporary file's name in the message.
    if let Some(fix) = crate::archive::path_too_long(path) {
        return Err(Error::runtime(
            format!("cannot build archive {}", path.display()),
            "the path is too long",
        )
        .fix(fix));
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
    let bar = super::progress::articles(sources.len(), "loading");
    let counts = load::build_with(path, &sources, &|| bar.inc(1));
    bar.finish_and_clear();
    let counts = counts?;
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
