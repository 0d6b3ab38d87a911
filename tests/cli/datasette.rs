//! `frontline export datasette`: the metadata (and, with `--config`, Datasette 1.0's
//! datasette.yaml), checked as written and as the real Datasette serves it: search on the
//! paragraphs finds what `frontline search` finds, a canned query's `zone` field keeps one zone's
//! rows, helpers are off the database page, and pages carry the titles and descriptions.
//!
//! Datasette 0.65 (what `.ci/run` installs as FRONTLINE_DATASETTE) reads everything from the
//! metadata; Datasette 1.0 (FRONTLINE_DATASETTE_1, a pinned alpha in its own environment) reads the
//! canned queries and table settings from the config. Both run the same checks.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::*;

/// The views that are neither a named query's nor its `_sources`, which every archive has.
const HELPERS: [&str; 18] = [
    "citation_source",
    "counted_figure",
    "donation_groups",
    "donation_kind",
    "donation_rollup_facts",
    "donor_rollup_facts",
    "reading_text",
    "rollup_fresh",
    "team_groups",
    "team_kind_class",
    "team_rollup_facts",
    "zone_count",
    "zone_count_figure",
    "zone_count_rollup_facts",
    "zone_count_rollup_rows",
    "zone_headline_source",
    "zone_rollup_facts",
    "zone_totals",
];

/// The views a reader sees: the named queries' and their `_sources`, from `queries/`.
fn query_views() -> BTreeSet<String> {
    named_query_names()
        .iter()
        .flat_map(|n| {
            let v = n.replace('-', "_");
            [format!("{v}_sources"), v]
        })
        .collect()
}

/// The registry as `frontline queries` prints it: name → (description, takes --zone).
fn registry(a: &Archive) -> Vec<(String, String, bool)> {
    let run = a.run(&["queries", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list: Value = serde_json::from_str(&run.stdout).unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["name"].as_str().unwrap().to_string(),
                q["description"].as_str().unwrap().to_string(),
                q["parameters"].as_str().unwrap_or("").contains("--zone"),
            )
        })
        .collect()
}

/// The archive's views that a full-text index reads its text from (`content=`): Datasette 1.0
/// gives the index their permissions, so they are not denied.
fn search_content_views(a: &Archive) -> BTreeSet<String> {
    let conn = a.conn();
    let mut stmt = conn
        .prepare(
            "SELECT v.name FROM sqlite_schema v, sqlite_schema f \
             WHERE v.type = 'view' AND f.sql LIKE 'CREATE VIRTUAL TABLE%' \
             AND instr(replace(replace(f.sql, ' ', ''), '\"', ''''), 'content=''' || v.name || '''') > 0",
        )
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The views frontline's SQL files create (`CREATE VIEW name`), read from the repository.
fn views_in_sql_files() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut names = BTreeSet::new();
    for dir in ["migrations", "queries"] {
        for file in files_in(&root.join(dir)) {
            let text = std::fs::read_to_string(root.join(dir).join(&file)).unwrap();
            for (i, _) in text.match_indices("CREATE VIEW ") {
                let name = text[i + 12..].split_whitespace().next().unwrap();
                names.insert(name.to_string());
            }
        }
    }
    names
}

/// The helper views whose pages the files deny.
fn expected_denied(a: &Archive) -> BTreeSet<String> {
    let content = search_content_views(a);
    let ours = views_in_sql_files();
    let conn = a.conn();
    let views: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'view'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let named = query_views();
    let denied: BTreeSet<String> = views
        .into_iter()
        .filter(|v| ours.contains(v) && !named.contains(v) && !content.contains(v))
        .collect();
    // The rule agrees with the helpers every archive has, and finds no other view.
    for h in HELPERS {
        assert!(denied.contains(h), "{h} is not denied: {denied:?}");
    }
    assert!(
        denied.iter().all(|v| HELPERS.contains(&v.as_str())),
        "{denied:?}"
    );
    denied
}

/// The canned query that runs named query `name` (its view), from the metadata's queries.
fn canned_key(queries: &serde_json::Map<String, Value>, name: &str) -> String {
    let select = format!("SELECT * FROM {}", name.replace('-', "_"));
    let keys: Vec<&String> = queries
        .iter()
        .filter(|(_, q)| {
            let sql = q["sql"].as_str().unwrap();
            sql == select || sql.starts_with(&format!("{select} "))
        })
        .map(|(k, _)| k)
        .collect();
    assert_eq!(keys.len(), 1, "{name}: {keys:?}");
    keys[0].clone()
}

/// The metadata an exported archive's Datasette reads.
fn metadata_of(a: &Archive) -> Value {
    serde_json::from_str(&std::fs::read_to_string(a.dir.path().join("metadata.json")).unwrap())
        .unwrap()
}

#[test]
fn the_metadata_titles_queries_in_words_describes_tables_and_sets_up_search() {
    let a = Archive::built();
    // A user's own view is no helper: it stays visible.
    rusqlite::Connection::open(&a.path)
        .unwrap()
        .execute_batch("CREATE VIEW my_zones AS SELECT name FROM zone")
        .unwrap();
    let run = a.run(&["export", "datasette"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let meta: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(meta["title"].as_str().unwrap().starts_with("frontline: "));
    let sha = fingerprint(&seed_dir().join("gaoxinqu-2020/article.txt"));
    assert!(meta["source"].as_str().unwrap().contains(&sha));
    assert!(meta["license"].is_string());
    let db = &meta["databases"]["archive"];

    // Canned queries: one per named query, titled in words, described by the registry, and with
    // a zone parameter exactly when the query takes --zone.
    let queries = db["queries"].as_object().unwrap();
    let registry = registry(&a);
    assert_eq!(queries.len(), registry.len());
    assert_eq!(queries.len(), named_query_names().len());
    let objects: BTreeSet<String> = a
        .conn()
        .prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (name, description, by_zone) in &registry {
        // Named as the query, unless a table or view has that name (Datasette serves one of the
        // two at a URL): `people` is the canned query `people-query`.
        let key = canned_key(queries, name);
        assert!(!objects.contains(&key), "{key} is also a table or view");
        assert_eq!(
            key,
            if objects.contains(name) {
                format!("{name}-query")
            } else {
                name.clone()
            }
        );
        let q = &queries[&key];
        let title = q["title"].as_str().unwrap();
        assert_eq!(
            title.to_lowercase(),
            name.replace('-', " "),
            "{name}: the title is the name in words"
        );
        assert!(title.starts_with(|c: char| c.is_uppercase()), "{title}");
        assert!(
            q["description"]
                .as_str()
                .unwrap()
                .starts_with(description.as_str()),
            "{name}"
        );
        let sql = q["sql"].as_str().unwrap();
        assert_eq!(sql.contains(":zone"), *by_zone, "{name}: {sql}");
        assert!(sql.starts_with(&format!("SELECT * FROM {}", name.replace('-', "_"))));
    }
    assert_eq!(
        queries["donations-by-material"]["sql"],
        "SELECT * FROM donations_by_material"
    );
    assert_eq!(queries["people-query"]["title"], "People");

    // Tables: descriptions from the schema's comments, search on the paragraphs.
    let tables = db["tables"].as_object().unwrap();
    let paragraph = &tables["paragraph"];
    assert_eq!(paragraph["fts_table"], "paragraph_fts");
    assert_eq!(paragraph["fts_pk"], "id");
    assert!(
        paragraph["description"]
            .as_str()
            .unwrap()
            .starts_with("A paragraph is one block of the extracted page.")
    );
    assert_eq!(tables["team"]["columns"]["members"], "NULL: not reported");
    assert_eq!(
        tables["organization"]["columns"]["zone_id"],
        "NULL: outside every high-tech zone"
    );
    assert!(
        tables["team"]["columns"].get("kind").is_none(),
        "a column without a comment has no description"
    );
    assert!(tables.get("zone").is_none(), "zone has no comment at all");
    assert!(
        tables["party_members_per_zone"]["description"]
            .as_str()
            .unwrap()
            .starts_with("Party members reported per zone")
    );
    assert!(
        tables["party_members_per_zone_sources"]["description"]
            .as_str()
            .unwrap()
            .contains("Party members per zone")
    );

    // Hidden: the search index and its internal tables, and the rollups; denied: exactly the
    // helper views.
    let hidden: BTreeSet<&str> = tables
        .iter()
        .filter(|(_, t)| t["hidden"] == true)
        .map(|(n, _)| n.as_str())
        .collect();
    let conn = a.conn();
    let index: BTreeSet<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' \
             AND (name LIKE 'paragraph\\_fts%' ESCAPE '\\' OR name LIKE '%rollup%')",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(index.len() >= 2 + 7, "{index:?}");
    assert_eq!(hidden, index.iter().map(String::as_str).collect());
    let denied: BTreeSet<String> = tables
        .iter()
        .filter(|(_, t)| t["allow"] == false)
        .map(|(n, _)| n.clone())
        .collect();
    assert_eq!(denied, expected_denied(&a));
    assert!(tables.get("my_zones").is_none());
}

#[test]
fn the_config_holds_the_queries_and_table_settings_as_yaml() {
    let a = Archive::built();
    let run = a.run(&["export", "datasette", "--config", "-o", "datasette.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let yaml = std::fs::read_to_string(a.dir.path().join("datasette.yaml")).unwrap();
    assert!(
        yaml.contains("\ndatabases:\n  archive:\n    queries:\n"),
        "{yaml}"
    );
    let run = a.run(&["export", "datasette", "-o", "metadata.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let meta = metadata_of(&a);
    let queries = meta["databases"]["archive"]["queries"].as_object().unwrap();
    for name in named_query_names() {
        let key = canned_key(queries, &name);
        assert!(
            yaml.contains(&format!("\n      {key}:\n        title: ")),
            "{key}"
        );
    }
    assert!(
        yaml.contains("\n      paragraph:\n        fts_table: paragraph_fts\n        fts_pk: id\n")
    );
    assert!(yaml.contains("\n      paragraph_fts:\n        hidden: true\n"));
    assert!(yaml.contains("\n      zone_count:\n        allow: false\n"));
    assert!(
        !yaml.contains("A paragraph is one block"),
        "descriptions stay in the metadata"
    );
    // --database names the database in both files.
    let run = a.run(&["export", "datasette", "--config", "--database", "news"]);
    assert!(
        run.stdout.contains("\ndatabases:\n  news:\n"),
        "{}",
        run.stdout
    );
}

/// A Datasette to serve the archive with, and the files it reads.
struct Served {
    datasette: PathBuf,
    args: Vec<&'static str>,
}

impl Served {
    /// The body Datasette returns for `path` (`--get`), which must succeed.
    fn get(&self, dir: &Path, path: &str) -> String {
        let out = std::process::Command::new(&self.datasette)
            .current_dir(dir)
            .arg("archive.db")
            .args(&self.args)
            .arg("--get")
            .arg(path)
            .output()
            .unwrap();
        let body = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{path}: {}{body}",
            String::from_utf8_lossy(&out.stderr)
        );
        body
    }

    fn json(&self, dir: &Path, path: &str) -> Value {
        let body = self.get(dir, path);
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"))
    }
}

/// An archive with its metadata and config written, as a user would.
fn exported() -> Archive {
    let a = Archive::built();
    for args in [
        &["export", "datasette", "-o", "metadata.json"][..],
        &["export", "datasette", "--config", "-o", "datasette.yaml"][..],
    ] {
        let run = a.run(args);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    a
}

/// Text as Datasette's HTML writes it.
fn html_escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// What a reader of the archive in Datasette must get, whichever version serves it.
/// An exported archive and Datasette 0.65 (`FRONTLINE_DATASETTE`) to serve it with its
/// metadata; `None` when Datasette is not installed (the test is skipped, see [`tool`]).
fn exported_and_served() -> Option<(Archive, Served)> {
    let datasette = tool("datasette", "FRONTLINE_DATASETTE")?;
    let served = Served {
        datasette,
        args: vec!["-m", "metadata.json"],
    };
    Some((exported(), served))
}

fn serves_the_archive_as_frontline_reads_it(a: &Archive, ds: &Served) {
    let dir = a.dir.path();
    let conn = a.conn();

    // Search: the paragraphs `frontline search` finds, not every paragraph.
    let found: Value = ds.json(
        dir,
        "/archive/paragraph.json?_search=%E7%AA%81%E5%87%BB%E9%98%9F&_shape=array&_size=max",
    );
    let theirs: BTreeSet<(String, i64)> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            conn.query_row(
                "SELECT a.slug, p.reading_position FROM paragraph p JOIN story s ON s.id = p.story_id \
                 JOIN article a ON a.id = s.article_id WHERE p.id = ?1",
                [row["id"].as_i64().unwrap()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
        })
        .collect();
    let run = a.run(&["search", "突击队", "--format", "json", "--limit", "0"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ours: BTreeSet<(String, i64)> = serde_json::from_str::<Value>(&run.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["article"].as_str().unwrap().to_string(),
                r["paragraph"].as_i64().unwrap(),
            )
        })
        .collect();
    let paragraphs: i64 = conn
        .query_row("SELECT count(*) FROM paragraph", [], |r| r.get(0))
        .unwrap();
    assert!(
        !ours.is_empty() && (ours.len() as i64) < paragraphs / 2,
        "{ours:?}"
    );
    assert_eq!(
        theirs, ours,
        "Datasette's _search finds what frontline search finds"
    );
    assert!(
        found
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["text"].as_str().unwrap().contains("突击队"))
    );

    // A canned query's zone field: one zone's rows, by its Chinese or English name or city; every
    // zone when left empty or not given; none for a zone that is not there.
    let meta = metadata_of(a);
    let queries = meta["databases"]["archive"]["queries"].as_object().unwrap();
    // A query named like its view (people, served as people-query) and one that is not.
    for name in ["party-members-per-zone", "people"] {
        let view = name.replace('-', "_");
        let canned = canned_key(queries, name);
        let rows = |sql: &str| -> Value {
            let run = a.run(&["sql", sql, "--format", "json"]);
            assert_eq!(run.code, 0, "{}", run.stderr);
            serde_json::from_str(&run.stdout).unwrap()
        };
        let all = rows(&format!("SELECT * FROM {view}"));
        let chengdu = rows(&format!("SELECT * FROM {view} WHERE zone = '成都高新区'"));
        let n = chengdu.as_array().unwrap().len();
        assert!(n > 0 && n < all.as_array().unwrap().len(), "{name}");
        for (zone, expected) in [
            ("%E6%88%90%E9%83%BD%E9%AB%98%E6%96%B0%E5%8C%BA", &chengdu), // 成都高新区
            ("%E6%88%90%E9%83%BD", &chengdu),                            // 成都 (its city)
            ("Chengdu", &chengdu),
            ("chengdu+hi-tech+zone", &chengdu),
            ("", &all),
        ] {
            let served = ds.json(
                dir,
                &format!("/archive/{canned}.json?_shape=array&zone={zone}"),
            );
            assert_eq!(&served, expected, "{name} zone={zone}");
        }
        assert_eq!(
            ds.json(dir, &format!("/archive/{canned}.json?_shape=array")),
            all
        );
        assert_eq!(
            ds.json(
                dir,
                &format!("/archive/{canned}.json?_shape=array&zone=Atlantis")
            ),
            serde_json::json!([])
        );
    }

    // The database page: the search index and the rollups hidden, helper views off it, every
    // query view on it.
    let page = ds.json(dir, "/archive.json");
    for t in page["tables"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        assert_eq!(
            t["hidden"] == true,
            name.starts_with("paragraph_fts") || name.contains("rollup"),
            "{name}: only the search index and the rollups are hidden"
        );
    }
    let listed: BTreeSet<String> = page["views"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap().to_string())
        .collect();
    let denied = expected_denied(a);
    assert!(listed.is_disjoint(&denied), "{listed:?}");
    let expected: BTreeSet<String> = query_views()
        .into_iter()
        .chain(search_content_views(a))
        .collect();
    assert_eq!(listed, expected);

    // Titles and descriptions on the pages.
    let registry = registry(a);
    let (_, description, _) = registry
        .iter()
        .find(|(n, _, _)| n == "party-members-per-zone")
        .unwrap();
    let html = ds.get(dir, "/archive/party-members-per-zone");
    assert!(
        html.contains(">Party members per zone</h1>"),
        "the canned query's title is words"
    );
    assert!(html.contains(&html_escaped(description)), "its description");
    let html = ds.get(dir, "/archive/paragraph");
    assert!(html.contains("A paragraph is one block of the extracted page."));
    let html = ds.get(dir, "/archive/organization");
    assert!(
        html.contains("NULL: outside every high-tech zone"),
        "a column's description"
    );
}

#[test]
fn datasette_serves_search_zones_titles_and_hides_helpers() {
    let Some((a, ds)) = exported_and_served() else {
        return;
    };
    serves_the_archive_as_frontline_reads_it(&a, &ds);
}

/// Datasette 1.0, only from FRONTLINE_DATASETTE_1 (a `datasette` on PATH is likely 0.65); missing,
/// the test is skipped, or fails when FRONTLINE_REQUIRE_TOOLS is set.
fn datasette_1() -> Option<PathBuf> {
    let found = std::env::var_os("FRONTLINE_DATASETTE_1")
        .map(PathBuf::from)
        .filter(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var_os("FRONTLINE_REQUIRE_TOOLS").is_none(),
            "Datasette 1.0 is required (FRONTLINE_REQUIRE_TOOLS is set) but FRONTLINE_DATASETTE_1 names no file; .ci/run installs it"
        );
        eprintln!("skipped: FRONTLINE_DATASETTE_1 is not set (.ci/run installs Datasette 1.0)");
    }
    found
}

#[test]
fn datasette_1_serves_the_same_from_the_config() {
    let Some(datasette) = datasette_1() else {
        return;
    };
    let version = std::process::Command::new(&datasette)
        .arg("--version")
        .output()
        .unwrap();
    let version = String::from_utf8_lossy(&version.stdout).into_owned();
    assert!(version.contains("version 1."), "{version}");
    let a = exported();
    let ds = Served {
        datasette: datasette.clone(),
        args: vec!["-m", "metadata.json", "-c", "datasette.yaml"],
    };
    serves_the_archive_as_frontline_reads_it(&a, &ds);
    // Datasette 1.0 takes canned queries from the config only: without it there are none, so
    // the config is what sets them up.
    let without = Served {
        datasette,
        args: vec!["-m", "metadata.json"],
    };
    let page = without.json(a.dir.path(), "/archive.json");
    assert_eq!(page["queries"], serde_json::json!([]));
}

#[test]
fn datasette_serves_the_named_queries_with_frontlines_answers() {
    let Some((a, ds)) = exported_and_served() else {
        return;
    };
    let meta = metadata_of(&a);
    let queries = meta["databases"]["archive"]["queries"].as_object().unwrap();
    for name in named_query_names() {
        let canned = canned_key(queries, &name);
        let theirs = ds.json(
            a.dir.path(),
            &format!("/archive/{canned}.json?_shape=array"),
        );
        // The view's rows as any SQLite client reads them (`query --format json` turns list
        // columns into arrays; the view, and so Datasette, keeps their joined text).
        let view = name.replace('-', "_");
        let ours: Value = serde_json::from_str(
            &a.run(&["sql", &format!("SELECT * FROM {view}"), "--format", "json"])
                .stdout,
        )
        .unwrap();
        assert_eq!(theirs, ours, "{name}");
    }
}
