//! `frontline man`: manual pages in roff, made by clap_mangen from the parser's own definition.
//! On standard output the page of `frontline` itself (its SUBCOMMANDS section lists the commands);
//! with `--dir`, one file per command as `man` looks them up: `frontline.1`, `frontline-query.1`,
//! `frontline-export-sql.1`, ...

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Arguments of `frontline man`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline man | man -l -                  read the page now
  frontline man --dir ~/.local/share/man/man1   install every page; then man frontline-query")]
pub struct Args {
    /// Write frontline.1 and one page per subcommand (frontline-query.1, ...) into this directory
    /// (created if missing), instead of frontline.1 on standard output.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Writes the page, or every page.
pub fn run(args: &Args) -> Result<()> {
    let mut cmd = super::command().disable_help_subcommand(true);
    cmd.build();
    let Some(dir) = &args.dir else {
        return super::write_output(None, &page(&cmd)?);
    };
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::file("create", dir, e).fix("check that the parent directory is writable")
    })?;
    write_pages(&cmd, dir)
}

/// One command's page.
fn page(cmd: &clap::Command) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut out)
        .map_err(|e| Error::runtime("cannot write the manual page", e.to_string()))?;
    Ok(out)
}

/// The page of `cmd` and of each of its subcommands, recursively, into `dir`.
fn write_pages(cmd: &clap::Command, dir: &Path) -> Result<()> {
    let name = cmd.get_display_name().unwrap_or_else(|| cmd.get_name());
    super::write_output(Some(&dir.join(format!("{name}.1"))), &page(cmd)?)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, dir)?;
    }
    Ok(())
}
