//! `frontline article`: the page as it should have been printed.
//!
//! Stories in order, each with its headline and byline, paragraphs in reading order, and the
//! paragraphs the layout split joined again. Every character of the article appears exactly once.

use std::io::Write;

use crate::archive::{self, ArchivePath};
use crate::domain::zone;
use crate::error::Result;

/// Arguments of `frontline article`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline article                   every story, in reading order
  frontline article --zone 西安        one zone's story
  frontline article | less")]
pub struct Args {
    /// Only this zone's story.
    #[arg(long, short = 'z')]
    pub zone: Option<String>,
}

/// Prints the stories in reading order.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    let conn = super::open_for_reading(archive)?;
    let zone = zone::resolve_opt(&conn, args.zone.as_deref())?;
    let path = archive.path();
    let fail = archive::read_error(path);
    let mut stmt = conn
        .prepare(
            "SELECT s.id, p.text, p.continues_previous FROM paragraph p JOIN story s ON s.id = p.story_id \
             JOIN zone z ON z.id = s.zone_id WHERE ?1 IS NULL OR z.name = ?1 \
             ORDER BY s.article_id, s.position, p.reading_position",
        )
        .map_err(fail)?;
    let mut rows = stmt.query([zone]).map_err(fail)?;
    let mut out = std::io::stdout().lock();
    let mut story = None;
    while let Some(r) = rows.next().map_err(fail)? {
        let (id, text, continues): (i64, String, bool) = (
            r.get(0).map_err(fail)?,
            r.get(1).map_err(fail)?,
            r.get(2).map_err(fail)?,
        );
        if continues {
            write!(out, "{text}")?;
            continue;
        }
        match story {
            None => {}
            Some(s) if s == id => write!(out, "\n\n")?,
            Some(_) => write!(out, "\n\n\n")?,
        }
        story = Some(id);
        write!(out, "{text}")?;
    }
    if story.is_some() {
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}
