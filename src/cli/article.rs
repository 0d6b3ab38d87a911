//! `frontline article`: the page as it should have been printed.
//!
//! Stories in order, each with its headline and byline, paragraphs in reading order, and the
//! paragraphs the layout split joined again. Each paragraph starts with its number, `¶5`, the one
//! `search`, `--sources` and `cite` use (per article; `slug:¶5` when the archive holds several
//! articles); a paragraph the layout split has both halves' numbers, `¶12–¶13`. With `--plain`,
//! every character of the article appears exactly once and nothing else.

use std::io::Write;

use crate::archive::ArchivePath;
use crate::archive::sources::paragraph_label;
use crate::domain::zone;
use crate::error::{Error, Result};

/// Arguments of `frontline article`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline article                   every story, in reading order, paragraphs numbered ¶1, ¶2, …
  frontline article --zone 西安        one zone's story
  frontline article --plain           the text alone, without paragraph numbers
  frontline article | less

The numbers are those of `search` and `query --sources`; `frontline cite ¶5` shows a paragraph
with its citations. A paragraph the layout split in two is printed joined, with both numbers
(¶12–¶13); with several articles a number carries its article (gaoxinqu-2020:¶5).")]
pub struct Args {
    /// A zone written without --zone: refused with the hint to write --zone.
    #[arg(hide = true, value_name = "ZONE")]
    pub stray: Vec<String>,

    /// Only this zone's story (repeat it for several zones' stories).
    #[arg(long, short = 'z')]
    pub zone: Vec<String>,

    /// Leave out the paragraph numbers: the article's text alone.
    #[arg(long)]
    pub plain: bool,
}

/// A paragraph as read, held until the next one shows whether the layout split it.
struct Pending {
    article: String,
    first: i64,
    last: i64,
    story_id: i64,
    text: String,
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
    let several = archive.article_slugs()?.len() > 1;
    let mut out = std::io::stdout().lock();
    let mut story: Option<i64> = None;
    let mut pending: Option<Pending> = None;
    let mut flush = |p: Pending, out: &mut dyn Write| -> Result<()> {
        match story {
            None => {}
            Some(s) if s == p.story_id => write!(out, "\n\n").map_err(Error::output)?,
            Some(_) => write!(out, "\n\n\n").map_err(Error::output)?,
        }
        story = Some(p.story_id);
        if !args.plain {
            let slug = several.then_some(p.article.as_str());
            let mut label = paragraph_label(slug, p.first);
            if p.last != p.first {
                label += &format!("–¶{}", p.last);
            }
            write!(out, "{label}  ").map_err(Error::output)?;
        }
        write!(out, "{}", p.text).map_err(Error::output)
    };
    archive.for_each_paragraph(&zones, |p| {
        if p.continues_previous
            && let Some(held) = pending.as_mut()
        {
            held.text += &p.text;
            held.last = p.number;
            return Ok(());
        }
        if let Some(held) = pending.take() {
            flush(held, &mut out)?;
        }
        pending = Some(Pending {
            article: p.article,
            first: p.number,
            last: p.number,
            story_id: p.story_id,
            text: p.text,
        });
        Ok(())
    })?;
    if let Some(held) = pending.take() {
        flush(held, &mut out)?;
    }
    if story.is_some() {
        writeln!(out).map_err(Error::output)?;
    }
    out.flush().map_err(Error::output)
}
