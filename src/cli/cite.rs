//! `frontline cite ID`: show a citation in its place in the article.

use std::io::Write;

use crate::archive::ArchivePath;
use crate::domain::cite;
use crate::error::{Error, Result};
use crate::output::{self, Format, FormatArg, Value};

/// Arguments of `frontline cite`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline cite 12
  frontline cite 12 --format json

Citation ids appear in the archive's citation_id columns, in `frontline query NAME --sources`
and in `frontline search` results.")]
pub struct Args {
    /// The citation's id.
    pub id: i64,

    #[command(flatten)]
    pub format: FormatArg,
}

/// Prints the zone, the story, the paragraph with the quote marked, the paragraphs around it in the
/// same story, and the facts that cite it.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    let archive = super::open_for_reading(archive)?;
    let c = cite::cite(&archive, args.id)?;
    if args.format.format != Format::Table {
        let row = vec![
            Value::Int(c.id),
            Value::from(c.at.zone),
            Value::from(c.at.story),
            Value::Int(c.at.paragraph),
            Value::from(c.at.quote),
            c.before.map_or(Value::Null, Value::from),
            Value::from(c.at.text),
            c.after.map_or(Value::Null, Value::from),
            if c.cited_by.is_empty() {
                Value::Null
            } else {
                Value::shaped(serde_json::json!(c.cited_by), c.cited_by.join("; "))
            },
        ];
        return output::print_rows(
            args.format.format,
            std::io::stdout().lock(),
            &[
                "citation",
                "zone",
                "story",
                "paragraph",
                "quote",
                "before",
                "text",
                "after",
                "cited_by",
            ],
            vec![row],
        );
    }
    let number = c.at.paragraph;
    let mut text = format!("citation {} · {} · {}\n\n", c.id, c.at.zone, c.at.story);
    if let Some(p) = &c.before {
        text += &format!("¶{}  {p}\n", number - 1);
    }
    text += &format!("¶{number}  {}\n", c.marked());
    if let Some(p) = &c.after {
        text += &format!("¶{}  {p}\n", number + 1);
    }
    text += "\n";
    for line in &c.cited_by {
        text += &format!("cited by {line}\n");
    }
    let text = output::visible(&text);
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Error::output)
}
