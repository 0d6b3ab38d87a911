//! `frontline cite ID`: show a citation in its place in the article.

use std::io::Write;

use rusqlite::OptionalExtension;

use crate::archive::{self, ArchivePath};
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

/// A paragraph by its number in reading order.
struct Para {
    number: i64,
    text: String,
}

/// Prints the zone, the story, the paragraph with the quote marked, the paragraphs around it in the
/// same story, and the facts that cite it.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    let conn = super::open_for_reading(archive)?;
    let path = archive.path();
    let fail = |e: rusqlite::Error| {
        archive::archive_error(format!("cannot read citation {}", args.id), path, &e)
    };
    let found = conn
        .query_row(
            "SELECT z.name, s.headline, p.reading_position, p.text, c.char_start - p.char_start, \
                    c.char_end - p.char_start, c.quote, s.id \
             FROM citation c JOIN paragraph p ON p.id = c.paragraph_id JOIN story s ON s.id = p.story_id \
             JOIN zone z ON z.id = s.zone_id WHERE c.id = ?1",
            [args.id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, i64>(7)?,
                ))
            },
        )
        .optional()
        .map_err(fail)?;
    let Some((zone, story, number, text, start, end, quote, story_id)) = found else {
        let max: i64 = conn
            .query_row("SELECT coalesce(max(id), 0) FROM citation", [], |r| {
                r.get(0)
            })
            .map_err(fail)?;
        return Err(Error::usage(
            format!("no citation {}", args.id),
            format!("the archive's citations are numbered 1 to {max}"),
        )
        .fix("take an id from a citation_id column, `query --sources` or `search`"));
    };
    let neighbour = |n: i64| -> Result<Option<Para>> {
        conn.query_row(
            "SELECT p.reading_position, p.text FROM paragraph p WHERE p.story_id = ?1 AND p.reading_position = ?2",
            [story_id, n],
            |r| Ok(Para { number: r.get(0)?, text: r.get(1)? }),
        )
        .optional()
        .map_err(fail)
    };
    let before = neighbour(number - 1)?;
    let after = neighbour(number + 1)?;
    let cited_by = cited_by(&conn, args.id).map_err(fail)?;

    let chars: Vec<char> = text.chars().collect();
    let (s, e) = (start as usize, end as usize);
    if args.format.format != Format::Table {
        let row = vec![
            Value::Int(args.id),
            Value::from(zone),
            Value::from(story),
            Value::Int(number),
            Value::from(quote),
            before.map_or(Value::Null, |p| Value::from(p.text)),
            Value::from(text),
            after.map_or(Value::Null, |p| Value::from(p.text)),
            Value::from(cited_by.join("; ")),
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
    let marked: String = chars[..s].iter().collect::<String>()
        + "【"
        + &chars[s..e].iter().collect::<String>()
        + "】"
        + &chars[e..].iter().collect::<String>();
    let mut out = std::io::stdout().lock();
    writeln!(out, "citation {} · {zone} · {story}", args.id)?;
    writeln!(out)?;
    if let Some(p) = before {
        writeln!(out, "¶{}  {}", p.number, p.text)?;
    }
    writeln!(out, "¶{number}  {marked}")?;
    if let Some(p) = after {
        writeln!(out, "¶{}  {}", p.number, p.text)?;
    }
    writeln!(out)?;
    for c in &cited_by {
        writeln!(out, "cited by {c}")?;
    }
    out.flush()?;
    Ok(())
}

/// The facts that cite this passage, one description each.
fn cited_by(conn: &rusqlite::Connection, id: i64) -> rusqlite::Result<Vec<String>> {
    let sql = "SELECT 'figure ' || f.id || ': ' || f.metric || ' ' || f.phrase FROM figure f WHERE f.citation_id = ?1
        UNION ALL SELECT 'donation ' || d.id || ': ' || m.name || coalesce(' ' || d.quantity_phrase, '') FROM donation d JOIN material m ON m.id = d.material_id WHERE d.citation_id = ?1
        UNION ALL SELECT 'organization ' || o.id || ': ' || o.name FROM organization o WHERE o.citation_id = ?1
        UNION ALL SELECT 'alias: ' || a.alias FROM organization_alias a WHERE a.citation_id = ?1
        UNION ALL SELECT 'team ' || t.id || ': ' || t.name || coalesce(' ' || t.count_phrase, '') FROM team t WHERE t.citation_id = ?1
        UNION ALL SELECT 'person ' || p.id || ': ' || p.name FROM person p WHERE p.citation_id = ?1
        UNION ALL SELECT 'role: ' || p.name || ', ' || r.title FROM person_role r JOIN person p ON p.id = r.person_id WHERE r.citation_id = ?1
        UNION ALL SELECT 'event ' || e.id || ': ' || e.date FROM event e WHERE e.citation_id = ?1
        UNION ALL SELECT 'document ' || d.id || ': ' || d.title FROM document d WHERE d.citation_id = ?1";
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
    rows.collect()
}
