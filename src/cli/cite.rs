//! `frontline cite ID` and `frontline cite ¶N`: show a citation in its place in the article, or a
//! paragraph with the citations in it.

use std::io::Write;

use crate::archive::ArchivePath;
use crate::archive::sources::paragraph_label;
use crate::domain::cite::{self, Target};
use crate::error::{Error, Result};
use crate::output::{self, Format, FormatArg, Value};

/// Arguments of `frontline cite`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline cite 86                  citation 86 in its paragraph
  frontline cite c86                 the same, as `query --sources` writes it ([c86] ¶5 …)
  frontline cite ¶5                  paragraph 5 with the citations in it (also: p5)
  frontline cite gaoxinqu-2020:¶5    with several articles, name the paragraph's article
  frontline cite 86 --format json

Citation ids appear in the archive's citation_id columns, in `frontline query NAME --sources`
and in `frontline search` results; paragraph numbers in `search`, `--sources` and `article`.
Paragraphs are numbered per article, in reading order.")]
pub struct Args {
    /// A citation id (86, c86) or a paragraph (¶5, p5, SLUG:¶5).
    #[arg(value_name = "ID|¶N")]
    pub target: String,

    #[command(flatten)]
    pub format: FormatArg,
}

/// Prints the citation or paragraph asked for.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    // Before the archive is opened: a target that is neither is a usage error on its own.
    let target = cite::parse_target(&args.target)?;
    let archive = super::open_for_reading(archive)?;
    match target {
        Target::Citation(id) => citation(&archive, id, args.format.format),
        Target::Paragraph { article, number } => {
            let p = cite::paragraph(&archive, article.as_deref(), number)?;
            paragraph(&p, args.format.format)
        }
    }
}

/// Prints the zone, the story, the paragraph with the quote marked, the paragraphs around it in the
/// same story, and the facts that cite it.
fn citation(archive: &crate::archive::Archive, id: i64, format: Format) -> Result<()> {
    let c = cite::cite(archive, id)?;
    if format != Format::Table {
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
            Value::from(c.at.article),
        ];
        return output::print_rows(
            format,
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
                "article",
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
    print_text(&text)
}

/// Prints a paragraph with its citations marked 【】, then each citation with the facts citing it.
fn paragraph(p: &cite::CitedParagraph, format: Format) -> Result<()> {
    let at = &p.at;
    let label = paragraph_label(
        p.several_articles.then_some(at.article.as_str()),
        at.paragraph,
    );
    if format != Format::Table {
        let json: Vec<serde_json::Value> = at
            .citations
            .iter()
            .zip(&p.cited_by)
            .map(|((id, quote, _, _), by)| {
                serde_json::json!({ "citation_id": id, "quote": quote, "cited_by": by })
            })
            .collect();
        let text: Vec<String> = at
            .citations
            .iter()
            .map(|(id, quote, _, _)| format!("[c{id}] “{quote}”"))
            .collect();
        let citations = if json.is_empty() {
            Value::Null
        } else {
            Value::shaped(serde_json::Value::Array(json), text.join("; "))
        };
        let row = vec![
            Value::from(at.article.clone()),
            Value::from(at.zone.clone()),
            Value::from(at.story.clone()),
            Value::Int(at.paragraph),
            Value::from(at.text.clone()),
            Value::Int(i64::from(at.continues_previous)),
            citations,
        ];
        return output::print_rows(
            format,
            std::io::stdout().lock(),
            &[
                "article",
                "zone",
                "story",
                "paragraph",
                "text",
                "continues_previous",
                "citations",
            ],
            vec![row],
        );
    }
    let mut text = format!("{label} · {} · {}\n\n", at.zone, at.story);
    text += &format!("{label}  {}\n", p.marked());
    if at.continues_previous {
        text += &format!(
            "(continues ¶{}, split from it by the layout)\n",
            at.paragraph - 1
        );
    }
    if at.citations.is_empty() {
        text += "\nno citation in this paragraph\n";
    }
    for ((id, quote, _, _), by) in at.citations.iter().zip(&p.cited_by) {
        text += &format!("\n[c{id}] “{quote}”\n");
        for line in by {
            text += &format!("  cited by {line}\n");
        }
    }
    print_text(&text)
}

fn print_text(text: &str) -> Result<()> {
    let text = output::visible(text);
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Error::output)
}
