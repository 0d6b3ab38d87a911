//! The checks behind `frontline check` that SQL can do alone, and the rows the domain layer's
//! checks ([`crate::domain::check`]) need: each article's text with its recorded hash, and each
//! stored number with the phrase it was derived from.
//!
//! A check returns a summary for when it holds and the problems it found, one line each.

use rusqlite::Connection;

use super::Archive;

/// A check's summary when it holds, and the problems it found.
pub type Found = (String, Vec<String>);

/// A stored number with the phrase it was derived from.
#[derive(Debug, Clone)]
pub struct StoredQuantity {
    /// Which row holds it (`figure 3`, `team 2 members`).
    pub what: String,
    /// The phrase as written.
    pub phrase: String,
    /// The stored value.
    pub value: Option<i64>,
    /// The stored unit, where the row has one.
    pub unit: Option<String>,
    /// The stored qualifier.
    pub qualifier: Option<String>,
}

impl Archive {
    /// SQLite's integrity check (`quick`: `quick_check`).
    pub fn check_integrity(&self, quick: bool) -> rusqlite::Result<Found> {
        integrity(self.conn(), quick)
    }

    /// Every foreign key resolves.
    pub fn check_foreign_keys(&self) -> rusqlite::Result<Found> {
        foreign_keys(self.conn())
    }

    /// The schema version is this binary's, and so are the named queries' views.
    pub fn check_schema(&self) -> rusqlite::Result<Found> {
        schema_version(self.conn())
    }

    /// Every paragraph and every citation's quote stands at its offsets in its article, and every
    /// figure is filed under the article its quote is in.
    pub fn check_offsets(&self) -> rusqlite::Result<Found> {
        offsets(self.conn())
    }

    /// Every fresh rollup holds exactly the rows its facts give ([`super::rollup::differences`]).
    pub fn check_rollups(&self) -> rusqlite::Result<Found> {
        super::rollup::differences(self.conn())
    }

    /// Calls `each` with every article's slug, recorded sha256 and text as stored (bytes), in
    /// load order; returns how many there were.
    pub fn for_each_article_text(
        &self,
        mut each: impl FnMut(&str, &str, &[u8]),
    ) -> rusqlite::Result<usize> {
        let mut stmt = self
            .conn()
            .prepare("SELECT slug, sha256, CAST(text AS BLOB) FROM article ORDER BY id")?;
        let mut rows = stmt.query([])?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            n += 1;
            let (slug, recorded, text): (String, String, Vec<u8>) =
                (r.get(0)?, r.get(1)?, r.get(2)?);
            each(&slug, &recorded, &text);
        }
        Ok(n)
    }

    /// Calls `each` with every stored number and its phrase (figures, donations, teams' counts and
    /// members); returns how many there were.
    pub fn for_each_stored_quantity(
        &self,
        mut each: impl FnMut(StoredQuantity),
    ) -> rusqlite::Result<usize> {
        let sql = "SELECT 'figure ' || id, phrase, value, unit, qualifier FROM figure
            UNION ALL SELECT 'donation ' || id, quantity_phrase, quantity, unit, qualifier FROM donation WHERE quantity_phrase IS NOT NULL
            UNION ALL SELECT 'team ' || id || ' count', count_phrase, team_count, NULL, count_qualifier FROM team WHERE count_phrase IS NOT NULL
            UNION ALL SELECT 'team ' || id || ' members', members_phrase, members, NULL, members_qualifier FROM team WHERE members_phrase IS NOT NULL";
        let mut stmt = self.conn().prepare(sql)?;
        let mut rows = stmt.query([])?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            n += 1;
            each(StoredQuantity {
                what: r.get(0)?,
                phrase: r.get(1)?,
                value: r.get(2)?,
                unit: r.get(3)?,
                qualifier: r.get(4)?,
            });
        }
        Ok(n)
    }
}

fn strings(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.collect()
}

fn integrity(conn: &Connection, quick: bool) -> rusqlite::Result<Found> {
    let pragma = if quick {
        "quick_check"
    } else {
        "integrity_check"
    };
    let found = strings(conn, &format!("PRAGMA {pragma}"))?;
    let problems = if found == ["ok"] { Vec::new() } else { found };
    Ok((format!("PRAGMA {pragma} is ok"), problems))
}

fn foreign_keys(conn: &Connection) -> rusqlite::Result<Found> {
    let problems = strings(
        conn,
        "SELECT printf('%s row %d refers to a missing %s row', \"table\", rowid, parent) FROM pragma_foreign_key_check",
    )?;
    Ok(("every reference resolves".into(), problems))
}

fn schema_version(conn: &Connection) -> rusqlite::Result<Found> {
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

fn offsets(conn: &Connection) -> rusqlite::Result<Found> {
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
