//! `frontline search TEXT`: find the article's paragraphs by the words in them.

use crate::archive::ArchivePath;
use crate::domain::search;
use crate::domain::zone;
use crate::error::Result;
use crate::output::{self, Format, FormatArg, Value};

/// Arguments of `frontline search`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline search 口罩                       every paragraph that mentions masks
  frontline search 党员 志愿                  paragraphs with both words
  frontline search '\"党员志愿服务队\"' --zone 成都
  frontline search 先锋 --format json --limit 5
  frontline search 党员 --limit 0            every paragraph, not the first 20
  frontline search --raw 'NEAR(\"党员\" \"突击队\")'

Words of three characters or more are looked up in the trigram index, shorter ones by a
substring scan; quotes, *, -, OR and parentheses are searched as text unless --raw is given.
Hits are marked 【】 in table and markdown output. Each hit gives its paragraph's number (per
article; `frontline cite ¶N` shows it) and the citations in the hit (`frontline cite ID`).
When --limit cuts the result, stderr says `showing 20 of 37; --limit 0 for all`.")]
pub struct Args {
    /// Words to find (all of them); "a quoted phrase" is one word.
    #[arg(required = true, num_args = 1..)]
    pub text: Vec<String>,

    /// Only paragraphs of this zone's story (repeat it for several zones).
    #[arg(long, short = 'z')]
    pub zone: Vec<String>,

    /// At most this many paragraphs; 0 for all. When more match, stderr says how many.
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: u32,

    /// Pass TEXT to SQLite FTS5 as a query in its own syntax (words of three characters or more).
    #[arg(long)]
    pub raw: bool,

    #[command(flatten)]
    pub format: FormatArg,
}

/// Runs the search and prints zone, story, paragraph number, snippet, the citations in the hit and
/// the article.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    let text = args.text.join(" ");
    // Before the archive is opened: an empty search is a usage error even without an archive.
    search::require_words(&text)?;
    let archive = super::open_for_reading(archive)?;
    let request = search::Request {
        text,
        zones: zone::resolve_all(&archive, &args.zone)?,
        limit: (args.limit > 0).then(|| i64::from(args.limit)),
        raw: args.raw,
        mark: matches!(args.format.format, Format::Table | Format::Markdown),
    };
    let found = search::search(&archive, &request)?;
    let (shown, total) = (found.hits.len(), found.total);
    let rows: Vec<Vec<Value>> = found
        .hits
        .into_iter()
        .map(|hit| {
            let cited: Vec<String> = hit.citations.iter().map(i64::to_string).collect();
            let citations = if cited.is_empty() {
                Value::Null
            } else {
                Value::shaped(serde_json::json!(hit.citations), cited.join(","))
            };
            vec![
                Value::from(hit.zone),
                Value::from(hit.story),
                Value::Int(hit.paragraph),
                Value::from(hit.snippet),
                citations,
                Value::from(hit.article),
            ]
        })
        .collect();
    if rows.is_empty() && matches!(args.format.format, Format::Table) {
        eprintln!("frontline: no paragraph matches");
    }
    output::print_rows(
        args.format.format,
        std::io::stdout().lock(),
        &[
            "zone",
            "story",
            "paragraph",
            "snippet",
            "citations",
            "article",
        ],
        rows,
    )?;
    // Said after the rows, so it is the last line a person sees; stdout stays the data alone.
    if total > shown {
        eprintln!("{}", cut_note(shown, total));
    }
    Ok(())
}

/// What a command says on stderr when its limit cut the result.
pub fn cut_note(shown: usize, total: usize) -> String {
    format!("frontline: showing {shown} of {total}; --limit 0 for all")
}
