//! Reading an archive's contents for the commands: what it holds (info), the article as read,
//! zones' names, citations and the facts that cite them.
//!
//! Which tables hold facts is read from the schema, not kept in a list: a fact table is one with a
//! `citation_id` column (every fact cites its passage), or a table that only links fact tables
//! (`donation_donor`). Adding a fact table to a migration is then enough for `cite`, `import`'s
//! count and `check` to see it.

use rusqlite::OptionalExtension;

use super::Archive;
use crate::error::Result;

/// One article of the archive, as `info` lists it.
#[derive(Debug, Clone)]
pub struct ArticleSummary {
    /// The article's slug.
    pub slug: String,
    /// The sha256 of its text, as recorded when it was loaded.
    pub sha256: String,
    /// How many stories it has.
    pub stories: i64,
}

/// A zone's names, as the user may type them.
#[derive(Debug, Clone)]
pub struct ZoneNames {
    /// Chinese name (成都高新区).
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Chinese city name.
    pub city: String,
    /// English city name.
    pub city_en: String,
}

/// One paragraph of the article in reading order.
#[derive(Debug, Clone)]
pub struct ReadingParagraph {
    /// The slug of its article.
    pub article: String,
    /// Its number in reading order, within its article (the number `search`, `cite` and
    /// `--sources` give).
    pub number: i64,
    /// The story it belongs to.
    pub story_id: i64,
    /// Its text.
    pub text: String,
    /// Whether it is the second half of a paragraph the layout split.
    pub continues_previous: bool,
}

/// A citation with the paragraph it stands in.
#[derive(Debug, Clone)]
pub struct CitationInPlace {
    /// The slug of the citation's article.
    pub article: String,
    /// The zone of the paragraph's story.
    pub zone: String,
    /// The story's headline.
    pub story: String,
    /// The story's id.
    pub story_id: i64,
    /// The paragraph's number in reading order.
    pub paragraph: i64,
    /// The paragraph's text.
    pub text: String,
    /// The quote's place in the paragraph, in characters, end exclusive.
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// The quote.
    pub quote: String,
}

/// A paragraph of an article by its number in reading order, with the citations in it.
#[derive(Debug, Clone)]
pub struct ParagraphInPlace {
    /// The article's slug.
    pub article: String,
    /// The zone of the paragraph's story.
    pub zone: String,
    /// The story's headline.
    pub story: String,
    /// The paragraph's number in reading order, within its article.
    pub paragraph: i64,
    /// Its text.
    pub text: String,
    /// Whether it is the second half of a paragraph the layout split (it continues the one before).
    pub continues_previous: bool,
    /// Its citations in order: id, quote, and the quote's place in `text` in characters (end
    /// exclusive).
    pub citations: Vec<(i64, String, usize, usize)>,
}

/// How `cite` describes a fact of each table it knows, in the order it lists them: one statement
/// each, with the citation id bound as `?1`.
const CITED_BY: &[(&str, &str)] = &[
    (
        "figure",
        "SELECT 'figure ' || f.id || ': ' || f.metric || ' ' || f.phrase FROM figure f \
         WHERE f.citation_id = ?1 ORDER BY f.id",
    ),
    (
        "donation",
        "SELECT 'donation ' || d.id || ': ' || m.name || coalesce(' ' || d.quantity_phrase, '') \
         FROM donation d JOIN material m ON m.id = d.material_id WHERE d.citation_id = ?1 ORDER BY d.id",
    ),
    (
        "organization",
        "SELECT 'organization ' || o.id || ': ' || o.name FROM organization o \
         WHERE o.citation_id = ?1 ORDER BY o.id",
    ),
    (
        "organization_alias",
        "SELECT 'alias: ' || a.alias FROM organization_alias a WHERE a.citation_id = ?1 ORDER BY a.rowid",
    ),
    (
        "team",
        "SELECT 'team ' || t.id || ': ' || t.name || coalesce(' ' || t.count_phrase, '') FROM team t \
         WHERE t.citation_id = ?1 ORDER BY t.id",
    ),
    (
        "person",
        "SELECT 'person ' || p.id || ': ' || p.name FROM person p WHERE p.citation_id = ?1 ORDER BY p.id",
    ),
    (
        "person_role",
        "SELECT 'role: ' || p.name || ', ' || r.title FROM person_role r \
         JOIN person p ON p.id = r.person_id WHERE r.citation_id = ?1 ORDER BY r.id",
    ),
    (
        "event",
        "SELECT 'event ' || e.id || ': ' || e.date FROM event e WHERE e.citation_id = ?1 ORDER BY e.id",
    ),
    (
        "document",
        "SELECT 'document ' || d.id || ': ' || d.title FROM document d \
         WHERE d.citation_id = ?1 ORDER BY d.id",
    ),
];

/// The statement describing the facts of a fact table `cite` has no entry for: the table's name,
/// the row id, and its first name-like and phrase-like columns.
fn generic_cited_by(table: &str, columns: &[String]) -> String {
    let has = |c: &str| columns.iter().any(|x| x == c);
    let label: Vec<String> = [
        &["name", "alias", "title", "metric", "date"][..],
        &["phrase", "quantity_phrase", "count_phrase"][..],
    ]
    .iter()
    .filter_map(|group| group.iter().find(|c| has(c)))
    .map(|c| format!("coalesce({}, '')", super::quoted(c)))
    .collect();
    let label = if label.is_empty() {
        "''".to_string()
    } else {
        label.join(" || ' ' || ")
    };
    // The table's name is a user's (any text): quoted as a string and as a name. Its row id is
    // read by a name no column of it takes (a user's column may be called rowid).
    let rowid = ["rowid", "_rowid_", "oid"]
        .into_iter()
        .find(|r| !columns.iter().any(|c| c.eq_ignore_ascii_case(r)))
        .unwrap_or("NULL");
    format!(
        "SELECT '{} ' || {rowid} || ': ' || trim({label}) FROM {} \
         WHERE citation_id = ?1 ORDER BY {rowid}",
        table.replace('\'', "''"),
        super::quoted(table)
    )
}

impl Archive {
    /// Row counts of every table of the archive, in name order (virtual-table shadow tables
    /// excluded).
    pub fn table_counts(&self) -> Result<Vec<(String, i64)>> {
        super::count_rows(self.conn()).map_err(self.error("cannot count rows"))
    }

    /// The tables whose rows are facts (see the module documentation), in name order.
    pub fn fact_tables(&self) -> Result<Vec<String>> {
        let fail = self.read_error();
        let mut stmt = self
            .conn()
            .prepare(
                "WITH t AS (SELECT name FROM sqlite_schema WHERE type = 'table' \
                            AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'), \
                 cited AS (SELECT t.name FROM t JOIN pragma_table_info(t.name) c \
                           WHERE c.name = 'citation_id') \
                 SELECT name FROM cited \
                 UNION \
                 SELECT t.name FROM t WHERE t.name NOT IN (SELECT name FROM cited) \
                   AND EXISTS (SELECT 1 FROM pragma_foreign_key_list(t.name)) \
                   AND NOT EXISTS (SELECT 1 FROM pragma_foreign_key_list(t.name) k \
                                   WHERE k.\"table\" NOT IN (SELECT name FROM cited)) \
                 ORDER BY 1",
            )
            .map_err(fail)?;
        let names = stmt
            .query_map([], |r| r.get(0))
            .map_err(fail)?
            .collect::<rusqlite::Result<Vec<String>>>()
            .map_err(fail)?;
        Ok(names)
    }

    /// The articles, in the order they were loaded.
    pub fn articles(&self) -> Result<Vec<ArticleSummary>> {
        let fail = self.read_error();
        let mut stmt = self
            .conn()
            .prepare(
                "SELECT slug, sha256, (SELECT count(*) FROM story WHERE article_id = article.id) \
                 FROM article ORDER BY id",
            )
            .map_err(fail)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ArticleSummary {
                    slug: r.get(0)?,
                    sha256: r.get(1)?,
                    stories: r.get(2)?,
                })
            })
            .map_err(fail)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(fail)?;
        Ok(rows)
    }

    /// Every zone's names, in id order.
    pub fn zone_names(&self) -> Result<Vec<ZoneNames>> {
        let fail = self.read_error();
        let mut stmt = self
            .conn()
            .prepare("SELECT name, name_en, city, city_en FROM zone ORDER BY id")
            .map_err(fail)?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ZoneNames {
                    name: r.get(0)?,
                    name_en: r.get(1)?,
                    city: r.get(2)?,
                    city_en: r.get(3)?,
                })
            })
            .map_err(fail)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(fail)?;
        Ok(rows)
    }

    /// Calls `each` for every paragraph in reading order (articles in load order, stories in
    /// order), only of the stories of `zones` when any are given. Streams: memory does not grow
    /// with the archive.
    pub fn for_each_paragraph(
        &self,
        zones: &[String],
        mut each: impl FnMut(ReadingParagraph) -> Result<()>,
    ) -> Result<()> {
        let fail = self.read_error();
        let filter = if zones.is_empty() {
            String::new()
        } else {
            format!(
                "WHERE z.name IN ({}) ",
                super::queries::placeholders(zones.len())
            )
        };
        let mut stmt = self
            .conn()
            .prepare(&format!(
                "SELECT s.id, p.text, p.continues_previous, a.slug, p.reading_position FROM paragraph p \
                 JOIN story s ON s.id = p.story_id JOIN zone z ON z.id = s.zone_id \
                 JOIN article a ON a.id = s.article_id \
                 {filter}ORDER BY s.article_id, s.position, p.reading_position"
            ))
            .map_err(fail)?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(zones))
            .map_err(fail)?;
        while let Some(r) = rows.next().map_err(fail)? {
            each(ReadingParagraph {
                story_id: r.get(0).map_err(fail)?,
                text: r.get(1).map_err(fail)?,
                continues_previous: r.get(2).map_err(fail)?,
                article: r.get(3).map_err(fail)?,
                number: r.get(4).map_err(fail)?,
            })?;
        }
        Ok(())
    }

    /// A citation with its paragraph, or `None` when there is no such citation.
    pub fn citation(&self, id: i64) -> Result<Option<CitationInPlace>> {
        let fail = self.error(format!("cannot read citation {id}"));
        self.conn()
            .query_row(
                "SELECT z.name, s.headline, s.id, p.reading_position, p.text, \
                        c.char_start - p.char_start, c.char_end - p.char_start, c.quote, a.slug \
                 FROM citation c JOIN paragraph p ON p.id = c.paragraph_id \
                 JOIN story s ON s.id = p.story_id JOIN zone z ON z.id = s.zone_id \
                 JOIN article a ON a.id = s.article_id \
                 WHERE c.id = ?1",
                [id],
                |r| {
                    Ok(CitationInPlace {
                        zone: r.get(0)?,
                        story: r.get(1)?,
                        story_id: r.get(2)?,
                        paragraph: r.get(3)?,
                        text: r.get(4)?,
                        start: r.get::<_, i64>(5)? as usize,
                        end: r.get::<_, i64>(6)? as usize,
                        quote: r.get(7)?,
                        article: r.get(8)?,
                    })
                },
            )
            .optional()
            .map_err(fail)
    }

    /// The slugs of the articles, in the order they were loaded.
    pub fn article_slugs(&self) -> Result<Vec<String>> {
        let fail = self.read_error();
        let mut stmt = self
            .conn()
            .prepare("SELECT slug FROM article ORDER BY id")
            .map_err(fail)?;
        let slugs = stmt
            .query_map([], |r| r.get(0))
            .map_err(fail)?
            .collect::<rusqlite::Result<Vec<String>>>()
            .map_err(fail)?;
        Ok(slugs)
    }

    /// The highest paragraph number of an article (0 when it has none).
    pub fn last_paragraph(&self, article: &str) -> Result<i64> {
        self.conn()
            .query_row(
                "SELECT coalesce(max(p.reading_position), 0) FROM paragraph p \
                 JOIN story s ON s.id = p.story_id JOIN article a ON a.id = s.article_id \
                 WHERE a.slug = ?1",
                [article],
                |r| r.get(0),
            )
            .map_err(self.read_error())
    }

    /// Paragraph `number` (in reading order) of the article `article`, with its citations, or
    /// `None` when there is no such paragraph.
    pub fn paragraph_in_place(
        &self,
        article: &str,
        number: i64,
    ) -> Result<Option<ParagraphInPlace>> {
        let fail = self.error(format!("cannot read paragraph {number}"));
        let found = self
            .conn()
            .query_row(
                "SELECT p.id, z.name, s.headline, p.text, p.continues_previous, p.char_start \
                 FROM paragraph p JOIN story s ON s.id = p.story_id \
                 JOIN article a ON a.id = s.article_id JOIN zone z ON z.id = s.zone_id \
                 WHERE a.slug = ?1 AND p.reading_position = ?2",
                rusqlite::params![article, number],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        ParagraphInPlace {
                            article: article.to_string(),
                            zone: r.get(1)?,
                            story: r.get(2)?,
                            paragraph: number,
                            text: r.get(3)?,
                            continues_previous: r.get(4)?,
                            citations: Vec::new(),
                        },
                        r.get::<_, i64>(5)?,
                    ))
                },
            )
            .optional()
            .map_err(&fail)?;
        let Some((id, mut paragraph, start)) = found else {
            return Ok(None);
        };
        let mut stmt = self
            .conn()
            .prepare(
                "SELECT id, quote, char_start - ?2, char_end - ?2 FROM citation \
                 WHERE paragraph_id = ?1 ORDER BY char_start, id",
            )
            .map_err(&fail)?;
        paragraph.citations = stmt
            .query_map([id, start], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get::<_, i64>(2)? as usize,
                    r.get::<_, i64>(3)? as usize,
                ))
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(&fail)?;
        Ok(Some(paragraph))
    }

    /// The highest citation id (0 when there is none).
    pub fn last_citation_id(&self) -> Result<i64> {
        self.conn()
            .query_row("SELECT coalesce(max(id), 0) FROM citation", [], |r| {
                r.get(0)
            })
            .map_err(self.read_error())
    }

    /// The text of a story's paragraph by its number in reading order, if there is one.
    pub fn story_paragraph(&self, story_id: i64, number: i64) -> Result<Option<String>> {
        self.conn()
            .query_row(
                "SELECT text FROM paragraph WHERE story_id = ?1 AND reading_position = ?2",
                [story_id, number],
                |r| r.get(0),
            )
            .optional()
            .map_err(self.read_error())
    }

    /// The facts that cite a citation, one line each (`figure 5: party_members 1.5万余名`).
    /// Every fact table is asked ([`Archive::fact_tables`]); the tables frontline knows are
    /// described by [`CITED_BY`], in its order, and any other by its name, row id and a name or
    /// phrase column, so a new fact table shows up without code.
    pub fn cited_by(&self, citation_id: i64) -> Result<Vec<String>> {
        let fail = self.read_error();
        let tables = self.fact_tables()?;
        let mut found = Vec::new();
        let known = CITED_BY
            .iter()
            .filter(|(t, _)| tables.iter().any(|x| x == t));
        let others = tables
            .iter()
            .filter(|t| !CITED_BY.iter().any(|(k, _)| k == t));
        let mut statements: Vec<String> = known.map(|(_, sql)| sql.to_string()).collect();
        for table in others {
            let columns = self.columns(table)?;
            if columns.iter().any(|c| c == "citation_id") {
                statements.push(generic_cited_by(table, &columns));
            }
        }
        for sql in statements {
            let mut stmt = self.conn().prepare(&sql).map_err(fail)?;
            let rows = stmt
                .query_map([citation_id], |r| r.get::<_, String>(0))
                .map_err(fail)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(fail)?;
            found.extend(rows);
        }
        Ok(found)
    }

    /// A table's column names, in order.
    pub fn columns(&self, table: &str) -> Result<Vec<String>> {
        let fail = self.read_error();
        let mut stmt = self
            .conn()
            .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
            .map_err(fail)?;
        let names = stmt
            .query_map([table], |r| r.get(0))
            .map_err(fail)?
            .collect::<rusqlite::Result<Vec<String>>>()
            .map_err(fail)?;
        Ok(names)
    }
}

/// The rows of a table past rowid `end` (the ones a load in progress added, for
/// `import --dry-run`), each as (table, row id, `column=value; ...`), NULLs left out.
pub fn rows_after(
    conn: &rusqlite::Connection,
    table: &str,
    end: i64,
) -> rusqlite::Result<Vec<(String, i64, String)>> {
    let rowid = super::rowid_name(conn, table)?.unwrap_or("rowid");
    let mut stmt = conn.prepare(&format!(
        "SELECT {rowid} AS added_rowid, * FROM {} WHERE {rowid} > ?1 ORDER BY {rowid}",
        super::quoted(table)
    ))?;
    let names: Vec<String> = stmt.column_names().skip(1).map(str::to_string).collect();
    let rows = stmt.query_map([end], |r| {
        let id: i64 = r.get(0)?;
        let mut parts = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let v: rusqlite::types::Value = r.get(i + 1)?;
            let shown = match v {
                rusqlite::types::Value::Null => continue,
                rusqlite::types::Value::Integer(x) => x.to_string(),
                rusqlite::types::Value::Real(x) => x.to_string(),
                rusqlite::types::Value::Text(t) => t,
                rusqlite::types::Value::Blob(b) => format!("<{} bytes>", b.len()),
            };
            parts.push(format!("{name}={shown}"));
        }
        Ok((table.to_string(), id, parts.join("; ")))
    })?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use crate::archive::{Archive, Mode};

    #[test]
    fn fact_tables_are_read_from_the_schema() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(&dir.path().join("a.db"), Mode::Create).unwrap();
        let tables = archive.fact_tables().unwrap();
        for t in [
            "organization",
            "organization_alias",
            "team",
            "person",
            "person_role",
            "donation",
            "donation_donor",
            "figure",
            "event",
            "document",
        ] {
            assert!(tables.iter().any(|x| x == t), "{t} missing from {tables:?}");
        }
        for t in [
            "article",
            "zone",
            "story",
            "paragraph",
            "citation",
            "material",
        ] {
            assert!(!tables.iter().any(|x| x == t), "{t} is not a fact table");
        }
    }

    #[test]
    fn a_new_fact_table_is_seen_without_code() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let archive = Archive::open(&path, Mode::Create).unwrap();
        archive
            .conn()
            .execute_batch(
                "CREATE TABLE pledge (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
                     citation_id INTEGER NOT NULL REFERENCES citation(id));",
            )
            .unwrap();
        assert!(
            archive
                .fact_tables()
                .unwrap()
                .contains(&"pledge".to_string())
        );
        assert!(archive.cited_by(1).unwrap().is_empty());
        archive
            .conn()
            .execute_batch(
                "PRAGMA foreign_keys = OFF;
                 INSERT INTO pledge VALUES (3, '承诺书', 7), (4, '另一份', 8);",
            )
            .unwrap();
        assert_eq!(archive.cited_by(7).unwrap(), ["pledge 3: 承诺书"]);
    }

    #[test]
    fn readers_cannot_write_and_old_archives_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        Archive::open(&path, Mode::Create).unwrap().close().unwrap();
        // An archive with no article is still an archive; a reader cannot change it.
        let reader = Archive::open(&path, Mode::Read).unwrap();
        assert!(reader.conn().execute_batch("DELETE FROM zone").is_err());
        drop(reader);
        rusqlite::Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 1)
            .unwrap();
        let err = Archive::open(&path, Mode::Read).err().unwrap();
        assert!(err.to_string().contains("run `frontline migrate`"), "{err}");
        let err = Archive::open(&path, Mode::Write).err().unwrap();
        assert!(err.to_string().contains("cannot import into"), "{err}");
        assert_eq!(Archive::open(&path, Mode::Inspect).unwrap().version(), 1);
    }
}
