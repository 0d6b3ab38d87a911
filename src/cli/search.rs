//! `frontline search TEXT`: find the article's paragraphs by the words in them.

use rusqlite::types::Value as SqlValue;

use crate::archive::{self, ArchivePath};
use crate::domain::search::{self, Term};
use crate::domain::zone;
use crate::error::{Error, Result};
use crate::output::{self, Format, FormatArg, Value};

/// Arguments of `frontline search`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline search 口罩                       every paragraph that mentions masks
  frontline search 党员 志愿                  paragraphs with both words
  frontline search '\"党员志愿服务队\"' --zone 成都
  frontline search 先锋 --format json --limit 5
  frontline search --raw 'NEAR(\"党员\" \"突击队\")'

Words of three characters or more are looked up in the trigram index, shorter ones by a
substring scan; quotes, *, -, OR and parentheses are searched as text unless --raw is given.
Hits are marked 【】 in table and markdown output.")]
pub struct Args {
    /// Words to find (all of them); "a quoted phrase" is one word.
    #[arg(required = true, num_args = 1..)]
    pub text: Vec<String>,

    /// Only paragraphs of this zone's story.
    #[arg(long, short = 'z')]
    pub zone: Option<String>,

    /// At most this many paragraphs.
    #[arg(long, short = 'n', default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,

    /// Pass TEXT to SQLite FTS5 as a query in its own syntax (words of three characters or more).
    #[arg(long)]
    pub raw: bool,

    #[command(flatten)]
    pub format: FormatArg,
}

/// Runs the search and prints zone, story, paragraph number, snippet and the citations in the hit.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    let typed = args.text.join(" ");
    if typed.trim().is_empty() {
        return Err(Error::usage("nothing to search for", "the text is empty").fix("give a word"));
    }
    let terms: Vec<Term> = match (args.raw, search::terms(&typed)) {
        (true, _) => Vec::new(),
        // Only quote marks: search for them as written.
        (false, t) if t.is_empty() => vec![Term(typed.trim().to_string())],
        (false, t) => t,
    };
    let conn = super::open_for_reading(archive)?;
    let zone = zone::resolve_opt(&conn, args.zone.as_deref())?;

    let fts = if args.raw {
        Some(typed.clone())
    } else {
        search::fts_query(&terms)
    };
    let mut sql = String::from(
        "SELECT z.name, s.headline, p.reading_position, r.text, p.story_id FROM reading_text r \
         JOIN paragraph p ON p.id = r.id JOIN story s ON s.id = p.story_id JOIN zone z ON z.id = s.zone_id ",
    );
    let mut params: Vec<SqlValue> = Vec::new();
    if let Some(q) = &fts {
        sql += "JOIN (SELECT rowid, rank FROM paragraph_fts WHERE paragraph_fts MATCH ?) f ON f.rowid = r.id ";
        params.push(SqlValue::Text(q.clone()));
    }
    sql += "WHERE 1 ";
    for t in terms.iter().filter(|t| !t.indexed()) {
        // Case matters only for Latin letters; Chinese text needs no lower-casing copy.
        sql += if t.0.chars().any(|c| c.is_ascii_alphabetic()) {
            "AND instr(lower(r.text), lower(?)) > 0 "
        } else {
            "AND instr(r.text, ?) > 0 "
        };
        params.push(SqlValue::Text(t.0.clone()));
    }
    if let Some(z) = &zone {
        sql += "AND z.name = ? ";
        params.push(SqlValue::Text(z.clone()));
    }
    sql += if fts.is_some() {
        "ORDER BY f.rank, s.article_id, p.reading_position "
    } else {
        "ORDER BY s.article_id, p.reading_position "
    };
    sql += "LIMIT ?";
    params.push(SqlValue::Integer(i64::from(args.limit)));

    let path = archive.path();
    let fail = |e: rusqlite::Error| {
        if args.raw {
            Error::runtime("search failed", e.to_string())
                .fix("check the FTS5 query syntax, or search without --raw")
        } else {
            archive::archive_error("search failed".into(), path, &e)
        }
    };
    let mut stmt = conn.prepare(&sql).map_err(fail)?;
    let found = stmt
        .query_map(rusqlite::params_from_iter(params), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(fail)?;

    let words: Vec<String> = if args.raw {
        raw_words(&typed)
    } else {
        terms.iter().map(|t| t.0.clone()).collect()
    };
    let mark = matches!(args.format.format, Format::Table | Format::Markdown);
    // A hit's paragraph may be two halves joined (the layout split it): each half's citations, at
    // their place in the joined text.
    let mut parts = conn
        .prepare(
            "SELECT id, char_start, length(text), continues_previous FROM paragraph \
             WHERE story_id = ?1 AND reading_position >= ?2 ORDER BY reading_position",
        )
        .map_err(fail)?;
    let mut citations = conn
        .prepare(
            "SELECT id, char_start, char_end FROM citation WHERE paragraph_id = ?1 ORDER BY id",
        )
        .map_err(fail)?;
    let mut rows = Vec::with_capacity(found.len());
    for (zone, story, number, text, story_id) in found {
        let hits = search::hits(&text, &words);
        let halves: Vec<(i64, i64, i64, bool)> = parts
            .query_map([story_id, number], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(fail)?;
        let mut cited = Vec::new();
        let mut offset = 0;
        // The paragraph number is that of the half where the first hit starts (as `cite` says).
        let first_hit = hits.first().map_or(0, |h| h.0 as i64);
        let mut shown = number;
        for (i, (id, start, len, continues)) in halves.into_iter().enumerate() {
            if i > 0 && !continues {
                break;
            }
            if i > 0 && first_hit >= offset {
                shown = number + i as i64;
            }
            for (c, s, e) in citations
                .query_map([id], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                })
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                .map_err(fail)?
            {
                let (s, e) = ((offset + s - start) as usize, (offset + e - start) as usize);
                if hits.iter().any(|h| h.0 < e && s < h.1) {
                    cited.push(c.to_string());
                }
            }
            offset += len;
        }
        rows.push(vec![
            Value::from(zone),
            Value::from(story),
            Value::Int(shown),
            Value::from(search::snippet(&text, &hits, 24, 48, mark)),
            if cited.is_empty() {
                Value::Null
            } else {
                Value::from(cited.join(","))
            },
        ]);
    }
    if rows.is_empty() && matches!(args.format.format, Format::Table) {
        eprintln!("frontline: no paragraph matches");
    }
    output::print_rows(
        args.format.format,
        std::io::stdout().lock(),
        &["zone", "story", "paragraph", "snippet", "citations"],
        rows,
    )
}

/// The literal words of a raw FTS5 query, for highlighting: its quoted strings and bare words,
/// without operators.
fn raw_words(q: &str) -> Vec<String> {
    search::terms(q)
        .into_iter()
        .map(|t| t.0)
        .flat_map(|w| {
            w.split(|c: char| "()*^:+-".contains(c) || c.is_whitespace())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|w| !w.is_empty() && !matches!(w.as_str(), "AND" | "OR" | "NOT" | "NEAR"))
        .collect()
}
