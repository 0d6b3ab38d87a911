//! What the archive says about itself, for Datasette: its tables and views with their kinds, the
//! descriptions its schema comments give, the full-text index and the SQL of each canned query.
//!
//! Descriptions are not kept in a second place that could drift from the schema. SQLite keeps
//! each `CREATE` statement's text, comments included, in `sqlite_schema.sql`, so a column's
//! `-- comment` is read from the archive itself. A table's own comment is the block of `--` lines
//! just above its `CREATE TABLE` in the migration that creates it: SQLite keeps no text outside the
//! statement, so that is read from the migrations embedded in this binary (the archive is at
//! their version, or readers refuse it).

use rusqlite::Connection;

use super::Archive;
use super::queries::NamedQuery;
use crate::error::Result;

/// What a schema object is, as far as a reader browsing the archive cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An ordinary table.
    Table,
    /// A view.
    View,
    /// A full-text index (an FTS3/4/5 virtual table).
    FullText,
    /// The tables an index keeps its data in (`paragraph_fts_data`, ...), and any other virtual
    /// table: nothing a reader browses.
    Internal,
}

/// A table or view of the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    pub name: String,
    pub kind: Kind,
    /// Its `CREATE` statement as SQLite keeps it (none for a shadow table).
    pub sql: Option<String>,
}

/// A full-text index on a table: what Datasette's `fts_table` and `fts_pk` name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullText {
    /// The table whose rows are searched (`paragraph`).
    pub table: String,
    /// The index (`paragraph_fts`).
    pub index: String,
    /// The table's column that equals the index's rowid (`id`).
    pub key: String,
    /// The table or view the index reads its text from (`content=`), if external.
    pub content: Option<String>,
}

impl Archive {
    /// Every table and view of the archive, SQLite's own tables left out, in name order.
    pub fn schema_objects(&self) -> Result<Vec<Object>> {
        schema_objects(self.conn()).map_err(self.read_error())
    }

    /// The full-text indexes and the tables they search (see [`full_text`]).
    pub fn full_text_indexes(&self) -> Result<Vec<FullText>> {
        let objects = self.schema_objects()?;
        let mut out = Vec::new();
        for o in objects.iter().filter(|o| o.kind == Kind::FullText) {
            let Some(mut fts) = full_text(o, &objects) else {
                continue;
            };
            if fts.key == "rowid"
                && let Some(alias) =
                    rowid_alias(self.conn(), &fts.table).map_err(self.read_error())?
            {
                fts.key = alias;
            }
            out.push(fts);
        }
        Ok(out)
    }
}

fn schema_objects(conn: &Connection) -> rusqlite::Result<Vec<Object>> {
    let mut stmt = conn.prepare(
        "SELECT l.name, l.type, m.sql FROM pragma_table_list l \
         LEFT JOIN sqlite_schema m ON m.name = l.name \
         WHERE l.schema = 'main' AND l.name NOT LIKE 'sqlite_%' ORDER BY l.name",
    )?;
    let rows = stmt.query_map([], |r| {
        let (name, kind, sql): (String, String, Option<String>) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let kind = match kind.as_str() {
            "table" if super::rollup::is_rollup_table(&name) => Kind::Internal,
            "table" => Kind::Table,
            "view" => Kind::View,
            "virtual" if sql.as_deref().is_some_and(is_full_text) => Kind::FullText,
            _ => Kind::Internal,
        };
        Ok(Object { name, kind, sql })
    })?;
    rows.collect()
}

/// Whether a `CREATE VIRTUAL TABLE` statement makes a full-text index.
fn is_full_text(sql: &str) -> bool {
    let code = code_only(sql).to_ascii_lowercase();
    let words: Vec<&str> = code
        .split(|c: char| c.is_whitespace() || c == '(')
        .collect();
    words
        .iter()
        .position(|w| *w == "using")
        .and_then(|i| words[i + 1..].iter().find(|w| !w.is_empty()))
        .is_some_and(|module| ["fts3", "fts4", "fts5"].contains(module))
}

/// The table a full-text index searches: its `content` table when that is a table, else the table
/// its name is made from (`paragraph_fts` indexes `paragraph`, whatever view feeds it). The key is
/// the index's `content_rowid`, else `rowid`.
pub fn full_text(index: &Object, objects: &[Object]) -> Option<FullText> {
    let options = fts_options(index.sql.as_deref()?);
    let option = |name: &str| {
        options
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let is_table = |name: &str| {
        objects
            .iter()
            .any(|o| o.kind == Kind::Table && o.name == name)
    };
    let content = option("content").filter(|c| !c.is_empty());
    let table = content.clone().filter(|c| is_table(c)).or_else(|| {
        index
            .name
            .strip_suffix("_fts")
            .filter(|t| is_table(t))
            .map(String::from)
    })?;
    Some(FullText {
        table,
        index: index.name.clone(),
        key: option("content_rowid").unwrap_or_else(|| "rowid".into()),
        content,
    })
}

/// The `name = value` options of a `CREATE VIRTUAL TABLE ... USING fts5(...)` statement, values
/// unquoted.
fn fts_options(sql: &str) -> Vec<(String, String)> {
    let Some(body) = table_body(sql) else {
        return Vec::new();
    };
    body.iter()
        .filter_map(|item| {
            let (k, v) = item.code.split_once('=')?;
            Some((unquote(k.trim()), unquote(v.trim())))
        })
        .collect()
}

/// The column that is the table's rowid (its `INTEGER PRIMARY KEY`), if it has one.
fn rowid_alias(conn: &Connection, table: &str) -> rusqlite::Result<Option<String>> {
    let mut stmt =
        conn.prepare("SELECT name, upper(type) FROM pragma_table_info(?1) WHERE pk > 0")?;
    let keys: Vec<(String, String)> = stmt
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(match keys.as_slice() {
        [(name, kind)] if kind == "INTEGER" => Some(name.clone()),
        _ => None,
    })
}

/// The statement of a canned query that Datasette shows as a form: by-zone queries take a `:zone`
/// parameter, which may be left empty (every zone) or name a zone the way the zone table does: its
/// Chinese name or city (成都高新区, 成都) or its English name or city in any case (Chengdu Hi-tech
/// Zone, chengdu). `frontline --zone` also takes prefixes and ignores punctuation (`xian`); this
/// stays plain SQL that any SQLite client runs.
pub fn canned_query_sql(q: &NamedQuery) -> String {
    if q.by_zone {
        format!(
            "SELECT * FROM {} WHERE :zone = '' OR zone IN (SELECT name FROM zone WHERE :zone IN (name, city) OR lower(:zone) IN (lower(name_en), lower(city_en)))",
            q.view
        )
    } else {
        q.select_all()
    }
}

/// One item between the top-level commas of a statement's parentheses: its code without comments,
/// and the comments that belong to it.
#[derive(Debug, Default)]
struct Item {
    code: String,
    comments: Vec<String>,
}

/// The column descriptions a `CREATE TABLE` statement's comments give, in column order: a comment
/// belongs to the column on whose line it stands (`zone_id INTEGER, -- NULL: outside every zone`),
/// or, alone on its line, to the column that follows it. Several comments of one column are joined
/// with a space. Columns without a comment, table constraints, and a `CREATE TABLE ... AS SELECT`
/// give nothing.
pub fn column_comments(create_table: &str) -> Vec<(String, String)> {
    let Some(items) = table_body(create_table) else {
        return Vec::new();
    };
    items
        .into_iter()
        .filter(|item| !item.comments.is_empty())
        .filter_map(|item| {
            let name = first_name(&item.code)?;
            let constraint = ["constraint", "primary", "unique", "check", "foreign"]
                .iter()
                .any(|k| name.eq_ignore_ascii_case(k));
            (!constraint).then(|| (name, item.comments.join(" ")))
        })
        .collect()
}

/// The items of a statement's outermost parentheses (a table's columns and constraints, a virtual
/// table's arguments), each with its comments; `None` when the statement has none before an `AS`.
fn table_body(sql: &str) -> Option<Vec<Item>> {
    let mut chars = sql.char_indices().peekable();
    let mut head = String::new();
    let mut items: Vec<Item> = Vec::new();
    let mut current = Item::default();
    let mut depth = 0usize;
    // Whether an item ended (at a top-level comma) on the current line: a comment after that
    // comma still describes the item before it.
    let mut ended_on_line = false;
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        // Comments: their text, attached to an item.
        let comment = match (c, next) {
            ('-', Some('-')) => {
                let rest = &sql[i + 2..];
                let end = rest.find('\n').unwrap_or(rest.len());
                skip(&mut chars, rest[..end].chars().count() + 1);
                Some(rest[..end].trim().to_string())
            }
            ('/', Some('*')) => {
                let rest = &sql[i + 2..];
                let end = rest.find("*/").unwrap_or(rest.len());
                skip(
                    &mut chars,
                    rest[..end].chars().count() + 1 + usize::from(end < rest.len()) * 2,
                );
                let text = rest[..end].split_whitespace().collect::<Vec<_>>().join(" ");
                Some(text)
            }
            _ => None,
        };
        if let Some(text) = comment {
            if depth > 0 && !text.is_empty() {
                let previous = current.code.trim().is_empty() && ended_on_line;
                match items.last_mut() {
                    Some(last) if previous => last.comments.push(text),
                    _ => current.comments.push(text),
                }
            }
            continue;
        }
        if c == '\n' {
            ended_on_line = false;
        }
        // Quoted strings and names are code, whatever they hold.
        if matches!(c, '\'' | '"' | '`' | '[') {
            let close = if c == '[' { ']' } else { c };
            let mut quoted = String::from(c);
            while let Some((_, q)) = chars.next() {
                quoted.push(q);
                if q == close {
                    if close != ']' && chars.peek().map(|&(_, n)| n) == Some(close) {
                        quoted.push(close);
                        chars.next();
                        continue;
                    }
                    break;
                }
            }
            if depth == 0 {
                head.push_str(&quoted);
            } else {
                current.code.push_str(&quoted);
            }
            continue;
        }
        match c {
            '(' if depth == 0 => {
                let words: Vec<String> = head
                    .split_whitespace()
                    .map(str::to_ascii_lowercase)
                    .collect();
                if words.iter().any(|w| w == "as") {
                    return None;
                }
                depth = 1;
                continue;
            }
            '(' => depth += 1,
            ')' if depth == 1 => {
                if !current.code.trim().is_empty() {
                    items.push(current);
                }
                return Some(items);
            }
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 1 => {
                items.push(std::mem::take(&mut current));
                ended_on_line = true;
                continue;
            }
            _ => {}
        }
        if depth == 0 {
            head.push(c);
        } else {
            current.code.push(c);
        }
    }
    None
}

fn skip(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, n: usize) {
    for _ in 0..n {
        chars.next();
    }
}

/// A statement without its comments (strings kept), for looking at its words.
fn code_only(sql: &str) -> String {
    let mut out = String::new();
    let mut rest = sql;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("--") {
            rest = rest.find('\n').map_or("", |e| &rest[e..]);
        } else if rest.starts_with("/*") {
            rest = rest.find("*/").map_or("", |e| &rest[e + 2..]);
            out.push(' ');
        } else if c == '\'' {
            let end = rest[1..].find('\'').map_or(rest.len(), |e| e + 2);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The name an item starts with, unquoted: a column's name, or a constraint's first keyword.
fn first_name(code: &str) -> Option<String> {
    let code = code.trim_start();
    let end = match code.chars().next()? {
        '"' | '`' | '[' | '\'' => {
            let close = match code.as_bytes()[0] {
                b'[' => ']',
                b => b as char,
            };
            // The closing quote (a doubled quote is part of the name).
            let mut i = 1;
            let bytes = code.as_bytes();
            loop {
                match code[i..].find(close) {
                    Some(j) if close != ']' && bytes.get(i + j + 1) == Some(&(close as u8)) => {
                        i += j + 2
                    }
                    Some(j) => break i + j + 1,
                    None => break code.len(),
                }
            }
        }
        _ => code
            .find(|c: char| c.is_whitespace() || c == '(')
            .unwrap_or(code.len()),
    };
    let name = unquote(&code[..end]);
    (!name.is_empty()).then_some(name)
}

/// A name or string without its quotes (`"a""b"` is `a"b`).
fn unquote(s: &str) -> String {
    let s = s.trim();
    let mut chars = s.chars();
    match (chars.next(), s.chars().last()) {
        (Some('['), Some(']')) if s.len() >= 2 => s[1..s.len() - 1].to_string(),
        (Some(q @ ('"' | '`' | '\'')), Some(e)) if q == e && s.len() >= 2 => {
            let doubled = format!("{q}{q}");
            s[1..s.len() - 1].replace(&doubled, &q.to_string())
        }
        _ => s.to_string(),
    }
}

/// The description of each table a migration creates: the block of `--` lines just above its
/// `CREATE TABLE` (or `CREATE VIRTUAL TABLE`), with no blank line between, joined into one
/// paragraph. A table with no such block gives nothing.
pub fn table_comments(migration: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    for line in migration.lines() {
        let line = line.trim();
        if let Some(text) = line.strip_prefix("--") {
            block.push(text.trim());
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
        let at = match upper.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            ["CREATE", "TABLE", ..] => Some(2),
            ["CREATE", "TEMP" | "TEMPORARY" | "VIRTUAL", "TABLE", ..] => Some(3),
            _ => None,
        };
        if let Some(mut at) = at {
            if upper.get(at).map(String::as_str) == Some("IF") {
                at += 3;
            }
            let name = words
                .get(at)
                .map(|w| w.split('(').next().unwrap_or(""))
                .map(unquote);
            let text = block
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if let Some(name) = name.filter(|n| !n.is_empty())
                && !text.is_empty()
            {
                out.push((name, text));
            }
        }
        block.clear();
    }
    out
}

/// The views frontline creates: those of `queries/` and of the migrations (a view a later
/// migration drops may be listed; only views an archive has are looked up).
pub fn frontline_views() -> Vec<String> {
    let mut names: Vec<String> = super::views::statements()
        .into_iter()
        .map(|(name, _)| name.to_string())
        .collect();
    for m in super::MIGRATIONS {
        for sql in super::views::split(m.sql) {
            let words: Vec<&str> = sql.split_whitespace().take(6).collect();
            let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
            let at = match upper.iter().map(String::as_str).collect::<Vec<_>>()[..] {
                ["CREATE", "VIEW", "IF", "NOT", "EXISTS", ..] => 5,
                ["CREATE", "VIEW", ..] => 2,
                ["CREATE", "TEMP" | "TEMPORARY", "VIEW", ..] => 3,
                _ => continue,
            };
            if let Some(name) = words.get(at) {
                names.push(unquote(name.split('(').next().unwrap_or(name)));
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// The description of each table from the migrations embedded in this binary; a later migration's
/// comment on a table it creates again replaces an earlier one.
pub fn migration_table_comments() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for m in super::MIGRATIONS {
        for (name, text) in table_comments(m.sql) {
            out.retain(|(n, _)| *n != name);
            out.push((name, text));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_belongs_to_the_column_on_its_line_or_the_one_below() {
        let sql = "CREATE TABLE t (
    id        INTEGER PRIMARY KEY,
    zone_id   INTEGER REFERENCES zone(id),          -- NULL: outside every zone
    -- the kind,
    -- as written
    kind      TEXT NOT NULL CHECK (kind IN (
                  'a', 'b')),  -- one of a, b
    \"odd \"\" name\" TEXT, /* block
       comment */
    [br] TEXT,
    note      TEXT,
    unit      TEXT                    -- NULL: no quantity (a, b)
)";
        assert_eq!(
            column_comments(sql),
            [
                ("zone_id".into(), "NULL: outside every zone".into()),
                ("kind".into(), "the kind, as written one of a, b".into()),
                ("odd \" name".into(), "block comment".into()),
                ("unit".into(), "NULL: no quantity (a, b)".into()),
            ] as [(String, String); 4]
        );
    }

    #[test]
    fn constraints_strings_and_statements_without_columns_give_nothing() {
        let sql = "CREATE TABLE t (
    a TEXT DEFAULT '-- not a comment, (really)',
    b TEXT CHECK (b <> ','), -- about b
    CHECK (a <> b), -- about a check
    UNIQUE (a, b)
    -- a last word about nothing
) STRICT";
        assert_eq!(
            column_comments(sql),
            [("b".to_string(), "about b".to_string())]
        );
        assert!(column_comments("CREATE TABLE t AS SELECT 1 AS x -- x\n").is_empty());
        assert!(column_comments("CREATE TABLE t (a, b)").is_empty());
        assert!(column_comments("").is_empty());
        assert!(column_comments("CREATE TABLE t (a -- unterminated").is_empty());
    }

    #[test]
    fn a_table_is_described_by_the_comment_block_just_above_it() {
        let sql = "-- 0009: the file's header.

-- A thing,
-- in two lines.
CREATE TABLE thing (id INTEGER PRIMARY KEY);
CREATE INDEX thing_x ON thing(id);

CREATE TABLE bare (id);

-- Not about the table below.

CREATE TABLE IF NOT EXISTS \"quoted\"(x);
-- The index.
CREATE VIRTUAL TABLE thing_fts USING fts5(text);";
        assert_eq!(
            table_comments(sql),
            [
                ("thing".into(), "A thing, in two lines.".into()),
                ("thing_fts".into(), "The index.".into()),
            ] as [(String, String); 2]
        );
    }

    #[test]
    fn the_migrations_describe_the_core_tables_and_columns() {
        let tables = migration_table_comments();
        let find = |t: &str| tables.iter().find(|(n, _)| n == t).map(|(_, d)| d.as_str());
        assert!(
            find("paragraph")
                .unwrap()
                .starts_with("A paragraph is one block")
        );
        assert!(
            find("citation")
                .unwrap()
                .starts_with("The passage a fact comes from")
        );
        assert_eq!(find("zone"), None, "zone has no comment above it");
        let conn = migrated();
        let objects = schema_objects(&conn).unwrap();
        let team = objects.iter().find(|o| o.name == "team").unwrap();
        let columns = column_comments(team.sql.as_deref().unwrap());
        let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["zone_id", "organizer_id", "members"]);
        assert_eq!(columns[2].1, "NULL: not reported");
    }

    fn migrated() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::archive::migrate(&mut conn, std::path::Path::new(":memory:")).unwrap();
        conn
    }

    #[test]
    fn an_index_searches_its_content_table_or_the_table_it_is_named_after() {
        let objects = vec![
            Object {
                name: "paragraph".into(),
                kind: Kind::Table,
                sql: None,
            },
            Object {
                name: "reading_text".into(),
                kind: Kind::View,
                sql: None,
            },
        ];
        let index = |name: &str, sql: &str| Object {
            name: name.into(),
            kind: Kind::FullText,
            sql: Some(sql.into()),
        };
        let found = |name: &str, sql: &str| {
            full_text(&index(name, sql), &objects).map(|f| (f.table, f.key, f.content))
        };
        let s = |x: &str| x.to_string();
        assert_eq!(
            found(
                "paragraph_fts",
                "CREATE VIRTUAL TABLE paragraph_fts USING fts5(text, content = 'reading_text', content_rowid = 'id', tokenize = 'trigram')"
            ),
            Some((s("paragraph"), s("id"), Some(s("reading_text"))))
        );
        assert_eq!(
            found(
                "search",
                "CREATE VIRTUAL TABLE search USING fts5(text, content=\"paragraph\", tokenize='trigram')"
            ),
            Some((s("paragraph"), s("rowid"), Some(s("paragraph"))))
        );
        assert_eq!(
            found(
                "paragraph_fts",
                "CREATE VIRTUAL TABLE paragraph_fts USING fts5(text, content='')"
            ),
            Some((s("paragraph"), s("rowid"), None))
        );
        assert_eq!(
            found(
                "notes_fts",
                "CREATE VIRTUAL TABLE notes_fts USING fts5(text)"
            ),
            None,
            "no table to search"
        );
    }

    #[test]
    fn frontline_knows_the_views_it_creates() {
        let views = frontline_views();
        for v in [
            "zone_count",
            "counted_figure",
            "reading_text",
            "people",
            "people_sources",
        ] {
            assert!(views.iter().any(|n| n == v), "{v}: {views:?}");
        }
        let conn = migrated();
        let objects = schema_objects(&conn).unwrap();
        for o in objects.iter().filter(|o| o.kind == Kind::View) {
            assert!(views.contains(&o.name), "{} is not known", o.name);
        }
        assert!(!views.iter().any(|v| v == "paragraph" || v.is_empty()));
    }

    #[test]
    fn the_search_index_is_found_with_its_table_and_key() {
        let conn = migrated();
        let objects = schema_objects(&conn).unwrap();
        let fts: Vec<&Object> = objects
            .iter()
            .filter(|o| o.kind == Kind::FullText)
            .collect();
        assert_eq!(fts.len(), 1);
        let found = full_text(fts[0], &objects).unwrap();
        assert_eq!(
            (found.table.as_str(), found.index.as_str()),
            ("paragraph", "paragraph_fts")
        );
        assert_eq!(found.key, "id");
        assert!(
            objects
                .iter()
                .filter(|o| o.kind == Kind::Internal)
                .all(|o| o.name.starts_with("paragraph_fts_")
                    || super::super::rollup::is_rollup_table(&o.name)),
            "{objects:?}"
        );
        assert_eq!(
            rowid_alias(&conn, "paragraph").unwrap().as_deref(),
            Some("id")
        );
        assert_eq!(rowid_alias(&conn, "story_author").unwrap(), None);
        assert!(is_full_text("CREATE VIRTUAL TABLE x USING FTS5 (a)"));
        assert!(!is_full_text("CREATE VIRTUAL TABLE x USING rtree(a, b, c)"));
        assert!(!is_full_text(
            "CREATE VIRTUAL TABLE x USING /* fts5 */ rtree(a)"
        ));
    }
}
