//! Datasette's view of an archive (`frontline export datasette`): what its pages are titled, what
//! they say about each table and column, which objects a reader never needs to see, where full-text
//! search runs, and the named queries as canned queries.
//!
//! Everything is derived from what the code already has, so a new query, table or comment appears
//! without a list to update: titles and descriptions of queries from the registry's headers
//! (`queries/*.sql`), of tables and columns from the schema's comments
//! ([`crate::archive::datasette`]), and what is hidden from the schema's kinds and the registry.
//!
//! Two forms. Datasette 0.65 reads everything from one metadata file (`-m metadata.json`).
//! Datasette 1.0 splits it: canned queries and table settings (search, hidden, permissions) live in
//! a configuration file (`-c datasette.yaml`), descriptions stay in the metadata. 1.0 still reads
//! the table settings from the 0.65 metadata (it moves them to its configuration), but ignores the
//! canned queries there, so the metadata file serves both versions and `--config` adds the rest.
//!
//! Hiding: Datasette's `hidden: true` hides tables only; it lists every view it may show. The FTS
//! index and its internal tables are hidden; a helper view (one frontline creates that is not a
//! named query's view or its `_sources`; a user's own view is shown) is kept off the pages by denying its page (`allow: false`). SQL,
//! canned queries and the query views still read it: Datasette checks table permissions for pages,
//! not for the tables a query's SQL reads. The one exception is a view a full-text index reads its
//! text from (`content=`): Datasette 1.0 gives the index that view's permissions, so denying it
//! would deny search; it stays listed.

use crate::archive::Archive;
use crate::archive::datasette::{self as schema, FullText, Kind, Object};
use crate::archive::queries::{NamedQuery, QUERIES};
use crate::error::Result;

/// An ordered tree of settings: written as YAML in this order, and as JSON.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Map(Vec<(String, Node)>),
    Text(String),
    Bool(bool),
}

impl Node {
    fn map() -> Node {
        Node::Map(Vec::new())
    }

    /// Sets `key` to `value`, replacing an earlier value (a map only).
    fn set(&mut self, key: &str, value: Node) {
        if let Node::Map(entries) = self {
            match entries.iter_mut().find(|(k, _)| k == key) {
                Some((_, v)) => *v = value,
                None => entries.push((key.to_string(), value)),
            }
        }
    }

    /// The map under `key`, created when missing.
    fn entry(&mut self, key: &str) -> &mut Node {
        let Node::Map(entries) = self else {
            unreachable!("entry() on a map only")
        };
        let i = match entries.iter().position(|(k, _)| k == key) {
            Some(i) => i,
            None => {
                entries.push((key.to_string(), Node::map()));
                entries.len() - 1
            }
        };
        &mut entries[i].1
    }

    /// The value under a path of keys, if there is one.
    pub fn get(&self, path: &[&str]) -> Option<&Node> {
        let Some((first, rest)) = path.split_first() else {
            return Some(self);
        };
        match self {
            Node::Map(entries) => entries
                .iter()
                .find(|(k, _)| k == first)
                .and_then(|(_, v)| v.get(rest)),
            _ => None,
        }
    }

    /// As JSON (serde_json orders an object's keys by name).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Node::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
            Node::Text(s) => serde_json::Value::String(s.clone()),
            Node::Bool(b) => serde_json::Value::Bool(*b),
        }
    }

    /// As a YAML block document, keys in their order. Text is plain when YAML can only read it as
    /// that text (a name such as `party-members-per-zone`), else double-quoted with JSON's escapes,
    /// which YAML reads the same way; so no value turns into a number, a boolean or a null.
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        match self {
            Node::Map(entries) if !entries.is_empty() => write_yaml_map(entries, 0, &mut out),
            Node::Map(_) => out.push_str("{}\n"),
            scalar => {
                out.push_str(&yaml_scalar(scalar));
                out.push('\n');
            }
        }
        out
    }
}

fn write_yaml_map(entries: &[(String, Node)], indent: usize, out: &mut String) {
    for (key, value) in entries {
        out.push_str(&" ".repeat(indent));
        out.push_str(&yaml_text(key));
        match value {
            Node::Map(inner) if !inner.is_empty() => {
                out.push_str(":\n");
                write_yaml_map(inner, indent + 2, out);
            }
            Node::Map(_) => out.push_str(": {}\n"),
            scalar => {
                out.push_str(": ");
                out.push_str(&yaml_scalar(scalar));
                out.push('\n');
            }
        }
    }
}

fn yaml_scalar(node: &Node) -> String {
    match node {
        Node::Text(s) => yaml_text(s),
        Node::Bool(b) => b.to_string(),
        Node::Map(_) => unreachable!("maps are written as blocks"),
    }
}

/// Text as a YAML scalar: plain when it is a name or words (ASCII letters, digits, `_`, `-`,
/// inner spaces) that YAML 1.1 and 1.2 read only as that text.
fn yaml_text(s: &str) -> String {
    const SPECIAL: [&str; 12] = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "nan", "inf",
    ];
    let plain = s.starts_with(|c: char| c.is_ascii_alphabetic())
        && !s.ends_with(' ')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ' '))
        && !SPECIAL.contains(&s.to_ascii_lowercase().as_str());
    if plain {
        s.to_string()
    } else {
        serde_json::Value::String(s.to_string()).to_string()
    }
}

/// A query's title in words: `party-members-per-zone` is "Party members per zone".
pub fn title(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// What the archive's objects are to a reader.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Classes {
    /// Tables a reader browses.
    pub tables: Vec<String>,
    /// The named queries' views and their `_sources` views.
    pub query_views: Vec<String>,
    /// Views the named queries build on: kept off Datasette's pages.
    pub helper_views: Vec<String>,
    /// Views frontline does not create (a user's own): shown as they are.
    pub other_views: Vec<String>,
    /// Full-text indexes and their internal tables, and the rollup tables: hidden.
    pub internal: Vec<String>,
}

/// Sorts the archive's objects by what a reader needs (see [`Classes`]), from their kinds and the
/// registry: a view is a query's when the registry names it or its `_sources`, else a helper when
/// frontline creates it (`ours`: [`schema::frontline_views`]), else someone else's.
pub fn classify(objects: &[Object], queries: &[NamedQuery], ours: &[String]) -> Classes {
    let is_query_view = |name: &str| {
        queries
            .iter()
            .any(|q| name == q.view || name.strip_suffix("_sources").is_some_and(|v| v == q.view))
    };
    let mut c = Classes::default();
    for o in objects {
        let list = match o.kind {
            Kind::Table => &mut c.tables,
            Kind::View if is_query_view(&o.name) => &mut c.query_views,
            Kind::View if ours.contains(&o.name) => &mut c.helper_views,
            Kind::View => &mut c.other_views,
            Kind::FullText | Kind::Internal => &mut c.internal,
        };
        list.push(o.name.clone());
    }
    c
}

/// A named query as a canned query.
struct Canned {
    name: String,
    title: String,
    description: String,
    sql: String,
    /// Whether it takes a `:zone`.
    by_zone: bool,
}

/// A table or view with its description and its columns' descriptions.
struct Described {
    name: String,
    description: Option<String>,
    columns: Vec<(String, String)>,
}

/// Everything Datasette is told about an archive, in the order the files list it.
struct Setup {
    queries: Vec<Canned>,
    described: Vec<Described>,
    search: Vec<FullText>,
    classes: Classes,
}

fn setup(archive: &Archive) -> Result<Setup> {
    let objects = archive.schema_objects()?;
    let classes = classify(&objects, &QUERIES, &schema::frontline_views());
    let table_comments = schema::migration_table_comments();
    let mut described = Vec::new();
    for o in &objects {
        let description = if classes.tables.contains(&o.name) {
            table_comments
                .iter()
                .find(|(t, _)| *t == o.name)
                .map(|(_, d)| d.clone())
        } else if classes.query_views.contains(&o.name) {
            view_description(&o.name)
        } else {
            continue;
        };
        let columns = match (o.kind, &o.sql) {
            (Kind::Table, Some(sql)) => schema::column_comments(sql),
            _ => Vec::new(),
        };
        if description.is_some() || !columns.is_empty() {
            described.push(Described {
                name: o.name.clone(),
                description,
                columns,
            });
        }
    }
    let queries = QUERIES
        .iter()
        .map(|q| Canned {
            name: canned_name(q.name, &objects),
            title: title(q.name),
            description: q.description.to_string(),
            sql: schema::canned_query_sql(q),
            by_zone: q.by_zone,
        })
        .collect();
    Ok(Setup {
        queries,
        described,
        search: archive.full_text_indexes()?,
        classes,
    })
}

/// A canned query's name in Datasette's URLs: the query's name, unless a table or view has that
/// name (`people`): Datasette 1.0 serves the view at that URL and 0.65 the canned query, so one of
/// the two would be unreachable. Such a query is `people-query`; its title is still "People".
pub fn canned_name(name: &str, objects: &[Object]) -> String {
    let taken = |n: &str| objects.iter().any(|o| o.name.eq_ignore_ascii_case(n));
    let mut canned = name.to_string();
    while taken(&canned) {
        canned.push_str("-query");
    }
    canned
}

/// A named query's view is described by its header; its `_sources` view says what it holds.
fn view_description(view: &str) -> Option<String> {
    if let Some(q) = QUERIES.iter().find(|q| q.view == view) {
        return Some(q.description.to_string());
    }
    let q = QUERIES
        .iter()
        .find(|q| view.strip_suffix("_sources") == Some(q.view))?;
    Some(format!(
        "The passages behind each row of “{}” (view {}): its key columns ({}), then the paragraph's number, the quote and its citation id. `frontline query {} --sources` prints them.",
        title(q.name),
        q.view,
        q.keys.join(", "),
        q.name
    ))
}

/// How a canned query reads in Datasette: its title, description and SQL. The description tells
/// what the form's `zone` field takes.
fn canned(out: &mut Node, q: &Canned) {
    let mut description = q.description.clone();
    if q.by_zone {
        description.push_str(
            ". Zone: leave empty for every zone, or type a zone's name or city in Chinese (成都高新区, 成都) or English (Chengdu).",
        );
    }
    let entry = out.entry(&q.name);
    entry.set("title", Node::Text(q.title.clone()));
    entry.set("description", Node::Text(description));
    entry.set("sql", Node::Text(q.sql.clone()));
}

/// The helper views whose pages are denied: all but those a full-text index reads its text from,
/// since Datasette 1.0 gives an index its content table's permissions (denying that view would
/// deny search).
fn denied(setup: &Setup) -> impl Iterator<Item = &String> {
    setup
        .classes
        .helper_views
        .iter()
        .filter(|v| !setup.search.iter().any(|f| f.content.as_ref() == Some(*v)))
}

/// The settings of tables that Datasette 1.0 keeps in its configuration: search, hidden, denied.
fn table_settings(tables: &mut Node, setup: &Setup) {
    for fts in &setup.search {
        let t = tables.entry(&fts.table);
        t.set("fts_table", Node::Text(fts.index.clone()));
        t.set("fts_pk", Node::Text(fts.key.clone()));
    }
    for name in &setup.classes.internal {
        tables.entry(name).set("hidden", Node::Bool(true));
    }
    for name in denied(setup) {
        tables.entry(name).set("allow", Node::Bool(false));
    }
}

/// The metadata file (`datasette -m metadata.json`): title, source and license, every table's and
/// column's description, and, for Datasette 0.65, the canned queries and table settings too.
pub fn metadata(archive: &Archive, database: &str) -> Result<Node> {
    let setup = setup(archive)?;
    let articles = archive.article_sources()?;
    let mut root = Node::map();
    root.set(
        "title",
        Node::Text(format!("frontline: {}", articles.titles)),
    );
    root.set(
        "description",
        Node::Text(
            "Facts of a Chinese newspaper page on eight high-tech zones' party organizations and the COVID-19 \
             outbreak (January-February 2020), each citing the passage it comes from. Unknown values are NULL, \
             never 0; qualifiers say whether a number is exact, a lower bound (at_least), an upper bound \
             (less_than) or approximate. Search the paragraphs' text on the paragraph table (three characters \
             or more)."
                .into(),
        ),
    );
    root.set(
        "source",
        Node::Text(format!("{} (sha256 {})", articles.files, articles.sha256)),
    );
    root.set(
        "license",
        Node::Text(
            "Article text: the newspaper's; quoted for research. Extraction: frontline.".into(),
        ),
    );
    let db = root.entry("databases").entry(database);
    let queries = db.entry("queries");
    for q in &setup.queries {
        canned(queries, q);
    }
    let tables = db.entry("tables");
    for d in &setup.described {
        let t = tables.entry(&d.name);
        if let Some(text) = &d.description {
            t.set("description", Node::Text(text.clone()));
        }
        if !d.columns.is_empty() {
            let c = t.entry("columns");
            for (column, text) in &d.columns {
                c.set(column, Node::Text(text.clone()));
            }
        }
    }
    table_settings(tables, &setup);
    Ok(root)
}

/// Datasette 1.0's configuration (`datasette -c datasette.yaml`): the canned queries and the table
/// settings; the descriptions stay in [`metadata`].
pub fn config(archive: &Archive, database: &str) -> Result<Node> {
    let setup = setup(archive)?;
    let mut root = Node::map();
    let db = root.entry("databases").entry(database);
    let queries = db.entry("queries");
    for q in &setup.queries {
        canned(queries, q);
    }
    table_settings(db.entry("tables"), &setup);
    Ok(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(name: &str, kind: Kind) -> Object {
        Object {
            name: name.into(),
            kind,
            sql: None,
        }
    }

    #[test]
    fn titles_are_words() {
        assert_eq!(title("party-members-per-zone"), "Party members per zone");
        assert_eq!(title("figures"), "Figures");
        assert_eq!(title(""), "");
    }

    #[test]
    fn views_the_registry_does_not_name_are_helpers() {
        let objects = [
            object("zone", Kind::Table),
            object("timeline", Kind::View),
            object("timeline_sources", Kind::View),
            object("timeline_extra", Kind::View),
            object("zone_count", Kind::View),
            object("my_view", Kind::View),
            object("paragraph_fts", Kind::FullText),
            object("paragraph_fts_data", Kind::Internal),
        ];
        let ours = ["timeline_extra".to_string(), "zone_count".to_string()];
        let c = classify(&objects, &QUERIES, &ours);
        assert_eq!(c.tables, ["zone"]);
        assert_eq!(c.query_views, ["timeline", "timeline_sources"]);
        assert_eq!(c.helper_views, ["timeline_extra", "zone_count"]);
        assert_eq!(c.other_views, ["my_view"]);
        assert_eq!(c.internal, ["paragraph_fts", "paragraph_fts_data"]);
    }

    #[test]
    fn a_canned_query_never_takes_a_tables_or_views_url() {
        let objects = [
            object("people", Kind::View),
            object("people_sources", Kind::View),
            object("party_members_per_zone", Kind::View),
            object("zone", Kind::Table),
        ];
        assert_eq!(canned_name("people", &objects), "people-query");
        assert_eq!(
            canned_name("party-members-per-zone", &objects),
            "party-members-per-zone"
        );
        assert_eq!(canned_name("Zone", &objects), "Zone-query");
    }

    #[test]
    fn yaml_quotes_whatever_is_not_a_plain_name() {
        let tree = Node::Map(vec![
            (
                "databases".into(),
                Node::Map(vec![(
                    "a b".into(),
                    Node::Map(vec![
                        (
                            "party-members".into(),
                            Node::Text("SELECT 'x': \"y\"\n".into()),
                        ),
                        ("yes".into(), Node::Text("no".into())),
                        ("n1".into(), Node::Text("1.0".into())),
                        ("zh".into(), Node::Text("成都".into())),
                        ("hidden".into(), Node::Bool(true)),
                        ("empty".into(), Node::map()),
                    ]),
                )]),
            ),
            ("title".into(), Node::Text("plain_name".into())),
            ("trailing".into(), Node::Text("space ".into())),
        ]);
        assert_eq!(
            tree.to_yaml(),
            "databases:\n  a b:\n    party-members: \"SELECT 'x': \\\"y\\\"\\n\"\n    \"yes\": \"no\"\n    n1: \"1.0\"\n    zh: \"成都\"\n    hidden: true\n    empty: {}\ntitle: plain_name\ntrailing: \"space \"\n"
        );
        assert_eq!(Node::map().to_yaml(), "{}\n");
        assert_eq!(
            tree.get(&["databases", "a b", "hidden"]),
            Some(&Node::Bool(true))
        );
        assert_eq!(
            tree.to_json()["databases"]["a b"]["zh"],
            serde_json::json!("成都")
        );
    }
}
