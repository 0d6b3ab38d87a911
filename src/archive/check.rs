//! The checks behind `frontline check`: is this archive whole and true to its article?
//!
//! In order: SQLite's integrity check (or the quicker `quick_check`), foreign keys, the schema
//! version, each article's sha256 against its text, that every paragraph and every citation's
//! quote still stands at its offsets in the article, and that every stored number is what its
//! phrase as written says ([`crate::domain::quantity`] derives it again). Each check returns a
//! summary for when it holds and the problems it found; the command prints them.

use rusqlite::Connection;

use super::Archive;
use crate::domain::{quantity, seed};

/// The outcome of one check.
#[derive(Debug)]
pub struct Outcome {
    /// The check's name (`integrity`, `foreign keys`, ...).
    pub name: &'static str,
    /// What holds, when nothing was found (`PRAGMA integrity_check is ok`).
    pub summary: String,
    /// One line per problem; an error that stopped the check is one problem.
    pub problems: Vec<String>,
}

/// One check: a summary when it holds, and the problems it found.
type Check = fn(&Connection, bool) -> rusqlite::Result<(String, Vec<String>)>;

impl Archive {
    /// Runs every check (`quick`: `quick_check` instead of the full `integrity_check`).
    pub fn check(&self, quick: bool) -> Vec<Outcome> {
        let checks: [(&str, Check); 6] = [
            ("integrity", integrity),
            ("foreign keys", foreign_keys),
            ("schema version", schema_version),
            ("article sha256", article_sha),
            ("quotes at their offsets", offsets),
            ("numbers match their phrases", quantities),
        ];
        checks
            .into_iter()
            .map(|(name, check)| match check(self.conn(), quick) {
                Ok((summary, problems)) => Outcome {
                    name,
                    summary,
                    problems,
                },
                Err(e) => Outcome {
                    name,
                    summary: String::new(),
                    problems: vec![format!("cannot check: {e}")],
                },
            })
            .collect()
    }
}

fn strings(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.collect()
}

fn integrity(conn: &Connection, quick: bool) -> rusqlite::Result<(String, Vec<String>)> {
    let pragma = if quick {
        "quick_check"
    } else {
        "integrity_check"
    };
    let found = strings(conn, &format!("PRAGMA {pragma}"))?;
    let problems = if found == ["ok"] { Vec::new() } else { found };
    Ok((format!("PRAGMA {pragma} is ok"), problems))
}

fn foreign_keys(conn: &Connection, _: bool) -> rusqlite::Result<(String, Vec<String>)> {
    let problems = strings(
        conn,
        "SELECT printf('%s row %d refers to a missing %s row', \"table\", rowid, parent) FROM pragma_foreign_key_check",
    )?;
    Ok(("every reference resolves".into(), problems))
}

fn schema_version(conn: &Connection, _: bool) -> rusqlite::Result<(String, Vec<String>)> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let latest = super::latest_version();
    let mut problems = if version == latest {
        Vec::new()
    } else {
        vec![format!(
            "schema version {version}, this frontline expects {latest}: run `frontline migrate`"
        )]
    };
    if version == latest {
        problems.extend(super::views::stale(conn)?.into_iter().map(|view| {
            format!("view {view} differs from this frontline's queries/: run `frontline migrate`")
        }));
    }
    Ok((format!("version {version}, views as defined"), problems))
}

fn article_sha(conn: &Connection, _: bool) -> rusqlite::Result<(String, Vec<String>)> {
    let mut stmt =
        conn.prepare("SELECT slug, sha256, CAST(text AS BLOB) FROM article ORDER BY id")?;
    let mut problems = Vec::new();
    let mut n = 0;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        n += 1;
        let (slug, recorded, text): (String, String, Vec<u8>) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let actual = seed::sha256_hex(&text);
        if actual != recorded {
            problems.push(format!(
                "article {slug}: text has sha256 {actual}, recorded {recorded}"
            ));
        }
    }
    if n == 0 {
        problems
            .push("the archive holds no article: build it with `frontline init --force`".into());
    }
    Ok((format!("{n} article(s) match"), problems))
}

fn offsets(conn: &Connection, _: bool) -> rusqlite::Result<(String, Vec<String>)> {
    let mut problems = strings(
        conn,
        "SELECT printf('paragraph %d is not at characters %d..%d of its article', p.id, p.char_start, p.char_end) \
         FROM paragraph p JOIN story s ON s.id = p.story_id JOIN article a ON a.id = s.article_id \
         WHERE substr(a.text, p.char_start + 1, p.char_end - p.char_start) IS NOT p.text ORDER BY p.id",
    )?;
    problems.extend(strings(
        conn,
        "SELECT printf('citation %d: \"%s\" is not at characters %d..%d of its article', c.id, c.quote, c.char_start, c.char_end) \
         FROM citation c JOIN paragraph p ON p.id = c.paragraph_id JOIN story s ON s.id = p.story_id \
         JOIN article a ON a.id = s.article_id \
         WHERE substr(a.text, c.char_start + 1, c.char_end - c.char_start) IS NOT c.quote \
            OR c.char_start < p.char_start OR c.char_end > p.char_end ORDER BY c.id",
    )?);
    problems.extend(strings(
        conn,
        "SELECT printf('figure %d is filed under article %d, but its quote is in article %d', f.id, f.article_id, s.article_id) \
         FROM figure f JOIN citation c ON c.id = f.citation_id JOIN paragraph p ON p.id = c.paragraph_id \
         JOIN story s ON s.id = p.story_id WHERE f.article_id <> s.article_id ORDER BY f.id",
    )?);
    let (paragraphs, citations): (i64, i64) = conn.query_row(
        "SELECT (SELECT count(*) FROM paragraph), (SELECT count(*) FROM citation)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((
        format!("{paragraphs} paragraphs and {citations} citations in place"),
        problems,
    ))
}

/// Every stored number is what the parser derives from the phrase stored beside it, so an edited
/// value (or an edited phrase) cannot go unnoticed.
fn quantities(conn: &Connection, _: bool) -> rusqlite::Result<(String, Vec<String>)> {
    let sql = "SELECT 'figure ' || id, phrase, value, unit, qualifier FROM figure
        UNION ALL SELECT 'donation ' || id, quantity_phrase, quantity, unit, qualifier FROM donation WHERE quantity_phrase IS NOT NULL
        UNION ALL SELECT 'team ' || id || ' count', count_phrase, team_count, NULL, count_qualifier FROM team WHERE count_phrase IS NOT NULL
        UNION ALL SELECT 'team ' || id || ' members', members_phrase, members, NULL, members_qualifier FROM team WHERE members_phrase IS NOT NULL";
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    let (mut n, mut problems) = (0, Vec::new());
    while let Some(r) = rows.next()? {
        n += 1;
        let (what, phrase): (String, String) = (r.get(0)?, r.get(1)?);
        let (value, unit, qualifier): (Option<i64>, Option<String>, Option<String>) =
            (r.get(2)?, r.get(3)?, r.get(4)?);
        match quantity::parse(&phrase) {
            Ok(q) => {
                let unit_ok = unit.as_deref().is_none_or(|u| u == q.unit);
                if value != Some(q.value)
                    || qualifier.as_deref() != Some(q.qualifier.as_str())
                    || !unit_ok
                {
                    problems.push(format!(
                        "{what}: \"{phrase}\" is {} {} ({}), but the archive says {} {} ({})",
                        q.value,
                        q.unit,
                        q.qualifier.as_str(),
                        value.map_or("NULL".into(), |v| v.to_string()),
                        unit.unwrap_or_default(),
                        qualifier.unwrap_or_default()
                    ));
                }
            }
            Err(e) => problems.push(format!("{what}: {e}")),
        }
    }
    Ok((format!("{n} quantities agree with their phrases"), problems))
}
