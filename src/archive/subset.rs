//! An archive of some of the articles: an in-memory copy holding only the chosen articles and
//! what they refer to, on which any reader (the report's `--article`) runs unchanged.
//!
//! Why a copy and not a filter: the views add up over every article (a zone's count is the
//! largest of the articles' counts, teams and money are summed), so rows filtered after the fact
//! would show other articles' totals. In a copy that holds only these articles' rows, every view
//! answers for them alone, by the same SQL.
//!
//! What belongs to an article is read from the schema, not from a list of tables, so that a new
//! table is copied without code (see [`plan`]):
//! - `article` is the root: the chosen rows.
//! - A table *owned* through its NOT NULL foreign keys: by `article` itself (`story.article_id`,
//!   `figure.article_id`), else by its `citation_id` (every fact table), else by its NOT NULL keys
//!   into other owned tables (`paragraph` by `story`, `donation_donor` by `donation`). Its rows
//!   are copied when their owner rows are.
//! - A *shared* table is one whose rows several articles use: vocabulary with no owner (`zone`,
//!   `material`), and entities the loader finds again by a name — an owned table with a unique key
//!   that leaves out its owner (`organization` by name, `person` by zone and name,
//!   `organization_alias`). Their rows are copied when a copied row refers to them (and, for
//!   entities, when the chosen articles introduced them), so an organization another article
//!   introduced is there when this one's facts name it. Such a row keeps its first citation, which
//!   lies in the other article and is not copied: that reference is left dangling, and no other.
//!   It also keeps what any article filled in (the loader completes a stored person's party
//!   membership or gender, an organization's parent or host, from a later article): the archive
//!   does not record which article said it.
//!
//! Derived data (the search index) is not copied but rebuilt, by the same end-of-load step the
//! loader runs ([`super::load::Writer::finish_copy`]).

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

use super::{Archive, configure, describe, quoted};
use crate::error::{Error, Result};

/// The root table: a copy is chosen by its rows.
const ROOT: &str = "article";

/// One single-column foreign key: `column` refers to `parent(parent_column)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The referring column.
    pub column: String,
    /// The table referred to.
    pub parent: String,
    /// The column referred to.
    pub parent_column: String,
}

/// How a table's rows get into a copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// `article`: the chosen rows.
    Root,
    /// Rows whose `owner` keys point at copied rows.
    Owned {
        /// The keys that decide (all must point at copied rows).
        owner: Vec<Link>,
    },
    /// Rows several articles use: copied when a copied row refers to them, and, with an owner,
    /// also when they are owned.
    Shared {
        /// The keys that make a row the chosen articles' own (entities); `None` for vocabulary.
        owner: Option<Vec<Link>>,
    },
}

/// A table and its role, in the order a copy fills them (owners before what they own).
#[derive(Debug, Clone)]
pub struct TableCopy {
    /// The table.
    pub table: String,
    /// How its rows get in.
    pub role: Role,
    /// Its single-column foreign keys, each followed to copy the shared rows it refers to.
    pub links: Vec<Link>,
}

struct Schema {
    /// Each table's foreign keys, NOT NULL or not.
    links: BTreeMap<String, Vec<(Link, bool)>>,
    /// Each table's unique keys (column lists).
    unique: BTreeMap<String, Vec<Vec<String>>>,
}

fn read_schema(conn: &Connection) -> rusqlite::Result<Schema> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' \
             AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut links = BTreeMap::new();
    let mut unique = BTreeMap::new();
    for t in tables {
        let mut fks: Vec<(Link, bool)> = Vec::new();
        let mut stmt = conn.prepare(
            "SELECT k.\"from\", k.\"table\", \
                    coalesce(k.\"to\", (SELECT name FROM pragma_table_info(k.\"table\") WHERE pk = 1)), \
                    (SELECT \"notnull\" OR pk = 1 FROM pragma_table_info(?1) WHERE name = k.\"from\"), \
                    (SELECT count(*) FROM pragma_foreign_key_list(?1) x WHERE x.id = k.id) \
             FROM pragma_foreign_key_list(?1) k ORDER BY k.id, k.seq",
        )?;
        let rows = stmt.query_map([&t], |r| {
            Ok((
                Link {
                    column: r.get(0)?,
                    parent: r.get(1)?,
                    parent_column: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                },
                r.get::<_, bool>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        for row in rows {
            let (link, not_null, width) = row?;
            // A key over several columns is no single link; no table has one, and a copy would
            // leave such a reference for `foreign_key_check` to find (see `pull_shared`).
            if width == 1 {
                fks.push((link, not_null));
            }
        }
        let keys: Vec<Vec<String>> = conn
            .prepare("SELECT name FROM pragma_index_list(?1) WHERE \"unique\" AND NOT partial")?
            .query_map([&t], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .map(|index| {
                conn.prepare("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")?
                    .query_map([&index], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()
            })
            .collect::<rusqlite::Result<_>>()?;
        unique.insert(t.clone(), keys);
        links.insert(t, fks);
    }
    Ok(Schema { links, unique })
}

/// Each table's role, read from the schema on `conn`, owners first (see the module's doc).
pub fn plan(conn: &Connection) -> Result<Vec<TableCopy>> {
    let schema = read_schema(conn)
        .map_err(|e| Error::runtime("cannot read the archive's schema", describe(&e)))?;
    if !schema.links.contains_key(ROOT) {
        return Err(Error::runtime(
            "cannot read the archive's schema",
            "it has no article table",
        ));
    }
    let mut roles: BTreeMap<String, Role> = BTreeMap::new();
    let all_links =
        |t: &str| -> Vec<Link> { schema.links[t].iter().map(|(l, _)| l.clone()).collect() };
    let mut order: Vec<TableCopy> = vec![TableCopy {
        table: ROOT.into(),
        role: Role::Root,
        links: all_links(ROOT),
    }];
    roles.insert(ROOT.into(), Role::Root);
    let is_owned = |roles: &BTreeMap<String, Role>, t: &str| {
        matches!(roles.get(t), Some(Role::Root | Role::Owned { .. }))
    };
    while roles.len() < schema.links.len() {
        let before = roles.len();
        for (table, fks) in &schema.links {
            if roles.contains_key(table) {
                continue;
            }
            let required: Vec<&Link> = fks
                .iter()
                .filter(|(l, not_null)| *not_null && l.parent != *table)
                .map(|(l, _)| l)
                .collect();
            let by_root: Vec<Link> = required
                .iter()
                .filter(|l| l.parent == ROOT)
                .map(|l| (*l).clone())
                .collect();
            let by_citation: Vec<Link> = required
                .iter()
                .filter(|l| l.column == "citation_id")
                .map(|l| (*l).clone())
                .collect();
            let owner = if !by_root.is_empty() {
                by_root
            } else if !by_citation.is_empty() {
                by_citation
            } else {
                // Owned by the owned tables it must refer to; wait until each parent's role is known.
                if required.iter().any(|l| !roles.contains_key(&l.parent)) {
                    continue;
                }
                required
                    .iter()
                    .filter(|l| is_owned(&roles, &l.parent))
                    .map(|l| (*l).clone())
                    .collect()
            };
            // Its owners must be placed first.
            if owner.iter().any(|l| !roles.contains_key(&l.parent)) {
                continue;
            }
            let role = if owner.is_empty() {
                Role::Shared { owner: None }
            } else {
                let entity = schema.unique[table]
                    .iter()
                    .any(|key| !key.iter().any(|c| owner.iter().any(|l| l.column == *c)));
                if entity {
                    Role::Shared { owner: Some(owner) }
                } else {
                    Role::Owned { owner }
                }
            };
            roles.insert(table.clone(), role.clone());
            order.push(TableCopy {
                table: table.clone(),
                role,
                links: all_links(table),
            });
        }
        if roles.len() == before {
            let left: Vec<&String> = schema
                .links
                .keys()
                .filter(|t| !roles.contains_key(*t))
                .collect();
            return Err(Error::runtime(
                "cannot plan a copy of some articles",
                format!("the NOT NULL foreign keys of {left:?} form a cycle"),
            )
            .fix("report this as a bug"));
        }
    }
    Ok(order)
}

impl Archive {
    /// An in-memory archive holding only the articles `slugs` and what they refer to, with the
    /// schema of the migrations and the derived data a load writes. Rows keep their ids, so a
    /// citation or figure is numbered as in this archive. An unknown slug is a usage error that
    /// names the articles there are.
    pub fn only_articles(&self, slugs: &[String]) -> Result<Archive> {
        let known = self.article_slugs()?;
        let mut chosen: Vec<&String> = Vec::new();
        for s in slugs {
            if !known.contains(s) {
                return Err(unknown_article(s, &known));
            }
            if !chosen.contains(&s) {
                chosen.push(s);
            }
        }
        let fail = |e: rusqlite::Error| {
            Error::runtime(
                format!("cannot copy articles of {}", self.path().display()),
                describe(&e),
            )
            .caused_by(e)
        };
        let mut copy = Connection::open_in_memory().map_err(fail)?;
        configure(&copy)?;
        super::migrate(&mut copy, self.path())?;
        let order = plan(&copy)?;
        // Entities another article introduced keep their citation there: the copy refers to rows
        // it does not hold, by design (see `pull_shared`), so the check is left to that step.
        copy.pragma_update(None, "foreign_keys", false)
            .map_err(fail)?;
        let tx = copy.transaction().map_err(fail)?;
        let chosen_json = serde_json::to_string(&chosen).unwrap_or_default();
        for t in &order {
            let owner = match &t.role {
                Role::Root => {
                    let sql = format!(
                        "SELECT * FROM {} WHERE slug IN (SELECT value FROM json_each(?1))",
                        quoted(&t.table)
                    );
                    copy_rows(
                        self.conn(),
                        &tx,
                        &t.table,
                        &sql,
                        std::slice::from_ref(&chosen_json),
                    )
                    .map_err(fail)?;
                    continue;
                }
                Role::Owned { owner } => owner,
                Role::Shared { owner: Some(owner) } => owner,
                Role::Shared { owner: None } => continue,
            };
            let mut keys = Vec::new();
            let mut conditions = Vec::new();
            for (i, l) in owner.iter().enumerate() {
                keys.push(
                    tx.query_row(
                        &format!(
                            "SELECT json_group_array({}) FROM {}",
                            quoted(&l.parent_column),
                            quoted(&l.parent)
                        ),
                        [],
                        |r| r.get::<_, String>(0),
                    )
                    .map_err(fail)?,
                );
                conditions.push(format!(
                    "{} IN (SELECT value FROM json_each(?{}))",
                    quoted(&l.column),
                    i + 1
                ));
            }
            let sql = format!(
                "SELECT * FROM {} WHERE {}",
                quoted(&t.table),
                conditions.join(" AND ")
            );
            copy_rows(self.conn(), &tx, &t.table, &sql, &keys).map_err(fail)?;
        }
        pull_shared(self.conn(), &tx, &order).map_err(|e| match e {
            Pulled::Sql(e) => fail(e),
            Pulled::Dangling(what) => Error::runtime(
                format!("cannot copy articles of {}", self.path().display()),
                what,
            )
            .fix("report this as a bug"),
        })?;
        // Every paragraph of the copy is new to it: the load's derived data from the first on.
        super::load::Writer::new(&tx, self.path())
            .finish_copy(1)
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
        copy.pragma_update(None, "foreign_keys", true)
            .map_err(fail)?;
        let version = super::identify(&copy, self.path())?;
        let mut archive = Archive::unlocked(copy, self.path(), version);
        archive.lock_down()?;
        Ok(archive)
    }
}

/// The error for a slug the archive does not hold: the slugs it does (the first ten of many).
pub fn unknown_article(slug: &str, known: &[String]) -> Error {
    const LISTED: usize = 10;
    let why = match known.len() {
        0 => "the archive holds no article".to_string(),
        n if n <= LISTED => format!("the archive's articles are {}", known.join(", ")),
        n => format!(
            "the archive holds {n} articles, among them {}",
            known[..LISTED].join(", ")
        ),
    };
    Error::usage(format!("no article \"{slug}\""), why)
        .fix("name an article by its slug; `frontline info` lists them all")
}

/// Copies the rows `sql` (with `params`) selects on `from` into `table` on `to`; returns the new
/// rows' rowids.
fn copy_rows(
    from: &Connection,
    to: &Connection,
    table: &str,
    sql: &str,
    params: &[String],
) -> rusqlite::Result<Vec<i64>> {
    let mut select = from.prepare(sql)?;
    let columns: Vec<String> = select.column_names().map(quoted).collect();
    let n = columns.len();
    let mut insert = to.prepare(&format!(
        "INSERT INTO {} ({}) VALUES ({})",
        quoted(table),
        columns.join(", "),
        (1..=n)
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    ))?;
    let mut rows = select.query(params_from_iter(params))?;
    let mut ids = Vec::new();
    while let Some(row) = rows.next()? {
        let values = (0..n)
            .map(|i| row.get::<_, Value>(i))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        ids.push(insert.insert(params_from_iter(values))?);
    }
    Ok(ids)
}

enum Pulled {
    Sql(rusqlite::Error),
    /// A copied row of the chosen articles refers to a row of another article.
    Dangling(String),
}

impl From<rusqlite::Error> for Pulled {
    fn from(e: rusqlite::Error) -> Self {
        Pulled::Sql(e)
    }
}

/// Copies the shared rows that copied rows refer to (a zone, a material, an organization another
/// article introduced, and its parent), until none is missing. A reference that stays missing
/// must come from such a pulled-in row (an entity's citation in its first article); one from the
/// chosen articles' own rows would be a fact tied to another article's, and is an error.
fn pull_shared(from: &Connection, to: &Connection, order: &[TableCopy]) -> Result<(), Pulled> {
    let shared: BTreeSet<&str> = order
        .iter()
        .filter(|t| matches!(t.role, Role::Shared { .. }))
        .map(|t| t.table.as_str())
        .collect();
    let mut pulled: BTreeSet<(String, i64)> = BTreeSet::new();
    // Keys already looked for: one the archive itself lacks is not looked for again.
    let mut tried: BTreeSet<(String, String, String)> = BTreeSet::new();
    loop {
        // (parent, parent column) -> keys to copy
        let mut wanted: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for t in order {
            for l in t
                .links
                .iter()
                .filter(|l| shared.contains(l.parent.as_str()))
            {
                let keys: Vec<String> = to
                    .prepare(&format!(
                        "SELECT DISTINCT json_quote({c}) FROM {t} WHERE {c} IS NOT NULL \
                         AND {c} NOT IN (SELECT {pc} FROM {p})",
                        c = quoted(&l.column),
                        t = quoted(&t.table),
                        pc = quoted(&l.parent_column),
                        p = quoted(&l.parent)
                    ))?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                for key in keys {
                    if tried.insert((l.parent.clone(), l.parent_column.clone(), key.clone())) {
                        wanted
                            .entry((l.parent.clone(), l.parent_column.clone()))
                            .or_default()
                            .push(key);
                    }
                }
            }
        }
        if wanted.is_empty() {
            break;
        }
        for ((parent, column), keys) in wanted {
            let json = format!("[{}]", keys.join(","));
            let sql = format!(
                "SELECT * FROM {} WHERE {} IN (SELECT value FROM json_each(?1))",
                quoted(&parent),
                quoted(&column)
            );
            let ids = copy_rows(from, to, &parent, &sql, &[json])?;
            pulled.extend(ids.into_iter().map(|id| (parent.clone(), id)));
        }
    }
    let mut check = to.prepare("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")?;
    let mut missing = check.query([])?;
    while let Some(r) = missing.next()? {
        let (table, rowid, parent): (String, i64, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        if !shared.contains(parent.as_str()) && !pulled.contains(&(table.clone(), rowid)) {
            return Err(Pulled::Dangling(format!(
                "row {rowid} of {table} refers to a row of {parent} that belongs to another article"
            )));
        }
    }
    Ok(())
}

/// For tests: the rows of every table of `conn` (shadow tables of the search index included),
/// sorted, as text.
#[cfg(test)]
fn dump(conn: &Connection) -> BTreeMap<String, Vec<String>> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND sql NOT LIKE 'CREATE VIRTUAL%'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM {}", quoted(&t)))
                .unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    Ok((0..n)
                        .map(|i| format!("{:?}", r.get::<_, Value>(i).unwrap()))
                        .collect::<Vec<_>>()
                        .join("|"))
                })
                .unwrap()
                .collect::<rusqlite::Result<Vec<_>>>()
                .unwrap();
            let mut rows = rows;
            rows.sort();
            (t, rows)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::Mode;
    use std::path::Path;

    fn role(order: &[TableCopy], table: &str) -> Role {
        order
            .iter()
            .find(|t| t.table == table)
            .unwrap_or_else(|| panic!("{table} has no role"))
            .role
            .clone()
    }

    fn owner_links(r: &Role) -> &[Link] {
        match r {
            Role::Owned { owner } | Role::Shared { owner: Some(owner) } => owner,
            _ => &[],
        }
    }

    fn owner_columns(r: &Role) -> Vec<&str> {
        owner_links(r).iter().map(|l| l.column.as_str()).collect()
    }

    #[test]
    fn each_table_has_a_role_read_from_the_schema() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(&dir.path().join("a.db"), Mode::Create).unwrap();
        let order = plan(archive.conn()).unwrap();
        assert_eq!(role(&order, "article"), Role::Root);
        for t in ["zone", "material"] {
            assert_eq!(role(&order, t), Role::Shared { owner: None }, "{t}");
        }
        for t in ["organization", "person", "organization_alias"] {
            let r = role(&order, t);
            assert!(matches!(r, Role::Shared { owner: Some(_) }), "{t}: {r:?}");
            assert_eq!(owner_columns(&r), ["citation_id"], "{t}");
        }
        for (t, by) in [
            ("story", "article_id"),
            ("figure", "article_id"),
            ("paragraph", "story_id"),
            ("story_author", "story_id"),
            ("citation", "paragraph_id"),
            ("team", "citation_id"),
            ("donation", "citation_id"),
            ("event", "citation_id"),
            ("document", "citation_id"),
            ("person_role", "citation_id"),
            ("donation_donor", "donation_id"),
        ] {
            let r = role(&order, t);
            assert!(matches!(r, Role::Owned { .. }), "{t}: {r:?}");
            assert_eq!(owner_columns(&r), [by], "{t}");
        }
        // Owners come first.
        let at = |t: &str| order.iter().position(|x| x.table == t).unwrap();
        for t in &order {
            for l in owner_links(&t.role) {
                assert!(
                    at(&l.parent) < at(&t.table),
                    "{} before {}",
                    l.parent,
                    t.table
                );
            }
        }
        // The search index's tables are derived, not copied.
        assert!(!order.iter().any(|t| t.table.starts_with("paragraph_fts")));
    }

    #[test]
    fn a_new_fact_table_is_copied_without_code() {
        let dir = tempfile::tempdir().unwrap();
        let archive = Archive::open(&dir.path().join("a.db"), Mode::Create).unwrap();
        archive
            .conn()
            .execute_batch(
                "CREATE TABLE pledge (id INTEGER PRIMARY KEY, zone_id INTEGER NOT NULL REFERENCES zone(id),
                     citation_id INTEGER NOT NULL REFERENCES citation(id));
                 CREATE TABLE pledge_signer (pledge_id INTEGER NOT NULL REFERENCES pledge(id),
                     organization_id INTEGER NOT NULL REFERENCES organization(id));",
            )
            .unwrap();
        let order = plan(archive.conn()).unwrap();
        assert_eq!(owner_columns(&role(&order, "pledge")), ["citation_id"]);
        assert_eq!(
            role(&order, "pledge_signer"),
            Role::Owned {
                owner: vec![Link {
                    column: "pledge_id".into(),
                    parent: "pledge".into(),
                    parent_column: "id".into()
                }]
            }
        );
    }

    /// The embedded seed (one article) in a file archive, opened for a snapshot read.
    fn seeded(dir: &Path) -> Archive {
        let path = dir.join("a.db");
        crate::domain::load::build(&path, crate::domain::seed::EMBEDDED).unwrap();
        Archive::open(&path, Mode::Snapshot).unwrap()
    }

    #[test]
    fn a_copy_of_the_only_article_is_the_whole_archive() {
        let dir = tempfile::tempdir().unwrap();
        let archive = seeded(dir.path());
        let slugs = archive.article_slugs().unwrap();
        assert_eq!(slugs.len(), 1);
        let copy = archive.only_articles(&slugs).unwrap();
        let (whole, part) = (dump(archive.conn()), dump(copy.conn()));
        assert_eq!(
            whole.keys().collect::<Vec<_>>(),
            part.keys().collect::<Vec<_>>()
        );
        for (table, rows) in &whole {
            assert!(
                table.starts_with("paragraph_fts") || !rows.is_empty(),
                "{table} is empty in the seed, so this test does not cover it"
            );
            assert_eq!(rows, &part[table], "{table}");
        }
        // The search index was rebuilt: a phrase is found, by the index itself.
        let hits: i64 = copy
            .conn()
            .query_row(
                "SELECT count(*) FROM paragraph_fts WHERE paragraph_fts MATCH '高新区'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(hits > 0);
        // The copy is read-only, as the archive it came from.
        assert!(copy.conn().execute("DELETE FROM zone", []).is_err());
    }

    /// Adds by hand a second article ("two") to the seed archive at `path`: one story in the
    /// seed's first zone, one paragraph, one citation, and a figure about an organization the
    /// seed introduced (one that is part of another). Returns (that organization, its parent).
    fn second_article(path: &Path) -> (i64, i64) {
        let conn = Connection::open(path).unwrap();
        let text = "第二篇文章的标题";
        let (org, parent): (i64, i64) = conn
            .query_row(
                "SELECT id, parent_id FROM organization WHERE parent_id IS NOT NULL ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO article (id, slug, title, source_file, year, text, sha256)
                 VALUES (100, 'two', 'two', 'two.txt', 2020, '{text}', '{sha}');
             INSERT INTO story (id, article_id, position, zone_id, headline)
                 VALUES (100, 100, 1, (SELECT min(id) FROM zone), '{text}');
             INSERT INTO paragraph (id, story_id, source_position, reading_position, kind, char_start, char_end, text)
                 VALUES (10000, 100, 1, 1, 'headline', 0, 8, '{text}');
             INSERT INTO citation (id, paragraph_id, char_start, char_end, quote)
                 VALUES (10000, 10000, 0, 8, '{text}');
             INSERT INTO figure (id, article_id, zone_id, organization_id, metric, description, phrase,
                                 value, unit, qualifier, citation_id)
                 VALUES (10000, 100, (SELECT min(id) FROM zone), {org}, 'party_members', 'members',
                         '第二篇', 7, '名', 'exact', 10000);",
            sha = "0".repeat(64)
        ))
        .unwrap();
        (org, parent)
    }

    #[test]
    fn an_article_brings_what_it_names_and_nothing_of_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        crate::domain::load::build(&path, crate::domain::seed::EMBEDDED).unwrap();
        let (org, parent) = second_article(&path);
        let archive = Archive::open(&path, Mode::Snapshot).unwrap();
        let copy = archive.only_articles(&["two".to_string()]).unwrap();
        let one = |sql: &str| -> i64 { copy.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(one("SELECT count(*) FROM article"), 1);
        assert_eq!(one("SELECT count(*) FROM story"), 1);
        assert_eq!(one("SELECT count(*) FROM citation"), 1);
        assert_eq!(one("SELECT count(*) FROM figure"), 1);
        assert_eq!(one("SELECT count(*) FROM zone"), 1);
        // The organization the figure names came with the seed, and so did its parent; their own
        // citations stay in the seed, the only references the copy leaves dangling.
        let ids: Vec<i64> = copy
            .conn()
            .prepare("SELECT id FROM organization ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!([org, parent].iter().all(|id| ids.contains(id)), "{ids:?}");
        assert_eq!(
            one("SELECT count(*) FROM pragma_foreign_key_check WHERE \"table\" <> 'organization'"),
            0
        );
        // The views answer for this article alone: its one unit's figure is the zone's count.
        assert_eq!(one("SELECT party_members FROM party_members_per_zone"), 7);
        assert_eq!(
            one("SELECT count(*) FROM paragraph_fts WHERE paragraph_fts MATCH '第二篇'"),
            1
        );
        drop(copy);
        drop(archive);

        // A row of the article tied to a row of another article cannot be copied honestly.
        let conn = Connection::open(&path).unwrap();
        conn.execute(
            "UPDATE figure SET part_of_id = (SELECT min(id) FROM figure) WHERE id = 10000",
            [],
        )
        .unwrap();
        drop(conn);
        let archive = Archive::open(&path, Mode::Snapshot).unwrap();
        let err = archive
            .only_articles(&["two".to_string()])
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains(
                "row 10000 of figure refers to a row of figure that belongs to another article"
            ),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_slug_names_the_articles() {
        let dir = tempfile::tempdir().unwrap();
        let archive = seeded(dir.path());
        let err = archive
            .only_articles(&["nope".to_string()])
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("no article \"nope\""), "{err}");
        assert!(err.contains("gaoxinqu-2020"), "{err}");
        assert!(err.contains("frontline info"), "{err}");
        let many: Vec<String> = (0..30).map(|i| format!("a{i}")).collect();
        let e = unknown_article("x", &many).to_string();
        assert!(e.contains("holds 30 articles, among them a0, "), "{e}");
        assert!(!e.contains("a10"), "{e}");
    }
}
