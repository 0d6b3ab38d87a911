//! `frontline article`: the page as it should have been printed.
//!
//! Stories in order, each with its headline and byline, paragraphs in reading order, and the
//! paragraphs the layout split joined again. Every character of the article appears exactly once.

use std::io::Write;

use crate::archive::ArchivePath;
use crate::domain::zone;
use crate::error::{Error, Result};

/// Arguments of `frontline article`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline article                   every story, in reading order
  frontline article --zone 西安        one zone's story
  frontline article | less")]
pub struct Args {
    /// A zone written without --zone: refused with the hint to write --zone.
    #[arg(hide = true, value_name = "ZONE")]
    pub stray: Vec<String>,

    /// Only this zone's story (repeat it for several zones' stories).
    #[arg(long, short = 'z')]
    pub zone: Vec<String>,
}

/// Prints the stories in reading order.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    if let Some(stray) = args.stray.first() {
        return Err(Error::usage(
            format!("unexpected argument \"{stray}\""),
            "article takes no positional argument",
        )
        .fix(format!(
            "for one zone's story, write --zone {}",
            super::shell_word(stray)
        )));
    }
    let archive = super::open_for_reading(archive)?;
    let zones = zone::resolve_all(&archive, &args.zone)?;
    let mut out = std::io::stdout().lock();
    let mut story = None;
    archive.for_each_paragraph(&zones, |p| {
        if p.continues_previous {
            return write!(out, "{}", p.text).map_err(Error::output);
        }
        match story {
            None => {}
            Some(s) if s == p.story_id => write!(out, "\n\n").map_err(Error::output)?,
            Some(_) => write!(out, "\n\n\n").map_err(Error::output)?,
        }
        story = Some(p.story_id);
        write!(out, "{}", p.text).map_err(Error::output)
    })?;
    if story.is_some() {
        writeln!(out).map_err(Error::output)?;
    }
    out.flush().map_err(Error::output)
}
