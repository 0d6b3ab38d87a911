//! The registry of named queries, read from the headers of the `queries/*.sql` files (see
//! [`crate::archive::views`]). Each query is an SQL view (so every SQLite client sees the same
//! answer); its file starts with `-- key: value` lines giving its command-line name, a one-line
//! description, the key columns and whether `--zone` applies:
//!
//! ```sql
//! -- name: money-by-zone
//! -- description: Money donated, raised or allocated per zone, in yuan
//! -- keys: zone
//! -- zone: yes
//! -- lists: kinds ", "
//! ```
//!
//! `lists` (optional) names the columns that hold a list, each with the separator the view joins
//! its items with (`group_concat(kind, ', ')`): json and jsonl write them as arrays, the text
//! formats as the view gives them, so the view stays plain text for any SQLite client.
//! `sources: grouped` (optional) makes `--sources` read every row's passages in one pass
//! ([`crate::archive::sources`]).
//!
//! Keeping these beside the SQL means a new named query is one file: `frontline queries`,
//! `frontline query`, `--sources` and the Datasette metadata all read this registry (the report
//! reads the queries it draws through it, by name).

use std::sync::LazyLock;

use crate::archive::views;

/// One named query.
#[derive(Debug, Clone, Copy)]
pub struct NamedQuery {
    /// The name on the command line (`frontline query NAME`).
    pub name: &'static str,
    /// The view in the archive.
    pub view: &'static str,
    /// What it answers.
    pub description: &'static str,
    /// Whether `--zone` applies (the view has a `zone` column).
    pub by_zone: bool,
    /// The columns that identify a row; `<view>_sources` has them too, and `--sources` joins on them.
    pub keys: &'static [&'static str],
    /// The list columns and their items' separators (`-- lists: kinds ", "`), in header order.
    pub lists: &'static [(&'static str, &'static str)],
    /// `--sources` reads the passages of all rows in one pass (`-- sources: grouped`), not row by
    /// row: for the aggregates, whose rows each gather the passages of many facts, so that a
    /// lookup by key cannot narrow the sources view by an index and each one recomputed it whole.
    pub sources_grouped: bool,
}

impl NamedQuery {
    /// The statement that runs the query in any SQLite client (Datasette's canned queries).
    pub fn select_all(&self) -> String {
        format!("SELECT * FROM {}", self.view)
    }

    /// The statement for one zone's rows, the zone bound as `?1` (only for `by_zone` queries).
    pub fn select_zone(&self) -> String {
        format!("SELECT * FROM {} WHERE zone = ?1", self.view)
    }

    /// The statement for the rows of `n` zones (at least one), bound as `?1` to `?n`.
    pub fn select_zones(&self, n: usize) -> String {
        format!(
            "SELECT * FROM {} WHERE zone IN ({})",
            self.view,
            placeholders(n)
        )
    }
}

/// Every named query, in the order `frontline queries` lists them (the files' order). Derefs to a
/// slice, and iterates as one (`for q in QUERIES`).
pub static QUERIES: Registry = Registry;

/// The type of [`QUERIES`]: the headers are parsed once, on first use.
#[derive(Debug, Clone, Copy)]
pub struct Registry;

static PARSED: LazyLock<Vec<NamedQuery>> = LazyLock::new(|| {
    views::FILES
        .iter()
        .filter(|(file, _)| !is_support(file))
        .map(|(file, text)| parse(file, text).unwrap_or_else(|e| panic!("queries/{file}: {e}")))
        .collect()
});

impl std::ops::Deref for Registry {
    type Target = [NamedQuery];
    fn deref(&self) -> &[NamedQuery] {
        &PARSED
    }
}

impl IntoIterator for Registry {
    type Item = &'static NamedQuery;
    type IntoIter = std::slice::Iter<'static, NamedQuery>;
    fn into_iter(self) -> Self::IntoIter {
        PARSED.iter()
    }
}

/// Whether a file of `queries/` holds helper views rather than a named query.
fn is_support(file: &str) -> bool {
    file.get(3..).is_some_and(|rest| {
        rest.strip_suffix(".sql")
            .is_some_and(|r| r.starts_with("_support"))
    })
}

/// Reads a named query's header: the `-- key: value` lines at the top of its file.
fn parse(file: &'static str, text: &'static str) -> Result<NamedQuery, String> {
    let mut fields: Vec<(&'static str, &'static str)> = Vec::new();
    for line in text.lines() {
        let Some((key, value)) = line
            .strip_prefix("-- ")
            .and_then(|l| l.split_once(": "))
            .filter(|(k, _)| !k.is_empty() && k.bytes().all(|b| b.is_ascii_lowercase()))
        else {
            break;
        };
        if !["name", "description", "keys", "zone", "lists", "sources"].contains(&key) {
            return Err(format!("unknown header `{key}`"));
        }
        if fields.iter().any(|(k, _)| *k == key) {
            return Err(format!("header `{key}` given twice"));
        }
        fields.push((key, value.trim()));
    }
    let field = |key: &str| {
        fields
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| format!("the header has no `-- {key}: ...` line"))
    };
    let name = field("name")?;
    let description = field("description")?;
    let by_zone = match field("zone")? {
        "yes" => true,
        "no" => false,
        other => return Err(format!("`zone: {other}`: write yes or no")),
    };
    let keys: Vec<&'static str> = field("keys")?.split(',').map(str::trim).collect();
    if keys.iter().any(|k| k.is_empty()) {
        return Err("`keys` has an empty column name".into());
    }
    let lists = match fields.iter().find(|(k, _)| *k == "lists") {
        Some((_, text)) => parse_lists(text)?,
        None => Vec::new(),
    };
    let sources_grouped = match fields.iter().find(|(k, _)| *k == "sources") {
        None => false,
        Some((_, "grouped")) => true,
        Some((_, other)) => {
            return Err(format!(
                "`sources: {other}`: write grouped, or leave the line out for a lookup per row"
            ));
        }
    };
    let view = file
        .get(4..)
        .and_then(|f| f.strip_suffix(".sql"))
        .ok_or("the file name is not NNN_<view>.sql")?;
    Ok(NamedQuery {
        name,
        view,
        description,
        by_zone,
        // Parsed once per process, so leaking keeps `keys` a plain slice.
        keys: Box::leak(keys.into_boxed_slice()),
        lists: Box::leak(lists.into_boxed_slice()),
        sources_grouped,
    })
}

/// Reads a `lists` header: `column "separator"`, comma-separated (`donors "; ", kinds ", "`). A
/// separator is written between double quotes and holds no double quote.
fn parse_lists(text: &'static str) -> Result<Vec<(&'static str, &'static str)>, String> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let (column, after) = rest
            .split_once('"')
            .ok_or_else(|| format!("`lists: {text}`: write each column with its separator in double quotes, as kinds \", \""))?;
        let column = column.trim();
        let (separator, after) = after
            .split_once('"')
            .ok_or_else(|| format!("`lists: {text}`: a separator's closing quote is missing"))?;
        if column.is_empty()
            || !column
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return Err(format!("`lists: {text}`: `{column}` is not a column name"));
        }
        if separator.is_empty() {
            return Err(format!("`lists: {text}`: {column}'s separator is empty"));
        }
        if out.iter().any(|(c, _)| *c == column) {
            return Err(format!("`lists: {text}`: {column} is given twice"));
        }
        out.push((column, separator));
        let after = after.trim_start();
        rest = match after.strip_prefix(',') {
            Some(r) => r.trim_start(),
            None if after.is_empty() => after,
            None => return Err(format!("`lists: {text}`: separate the columns with commas")),
        };
    }
    Ok(out)
}

/// `?1, ?2, ... ?n`, the placeholders of a list of `n` values (at least one) for `IN (...)`.
pub fn placeholders(n: usize) -> String {
    (1..=n.max(1))
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Finds a query by name.
pub fn find(name: &str) -> Option<&'static NamedQuery> {
    QUERIES.iter().find(|q| q.name == name)
}

/// Names close to `name` (typos, fragments), closest first.
pub fn suggestions(name: &str) -> Vec<&'static str> {
    let mut scored: Vec<(usize, &'static str)> = QUERIES
        .iter()
        .filter_map(|q| {
            let d = edit_distance(name, q.name);
            // A typo's worth of edits for the name's length, or a fragment of a name.
            let close =
                d <= 1 + name.chars().count() / 5 || (name.len() >= 3 && q.name.contains(name));
            close.then_some((d, q.name))
        })
        .collect();
    scored.sort();
    scored.into_iter().map(|(_, n)| n).collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_file_has_a_complete_header_and_its_two_views() {
        let files: Vec<_> = views::FILES
            .iter()
            .filter(|(f, _)| !is_support(f))
            .collect();
        assert_eq!(QUERIES.len(), files.len());
        for (q, (file, text)) in QUERIES.iter().zip(files) {
            assert!(parse(file, text).is_ok(), "{file}");
            let created: Vec<&str> = views::split(text)
                .iter()
                .map(|sql| sql.split_whitespace().nth(2).unwrap())
                .collect();
            assert_eq!(
                created,
                [q.view.to_string(), format!("{}_sources", q.view)],
                "{file}: a query's file creates <view> and <view>_sources"
            );
            assert_eq!(
                q.view,
                q.name.replace('-', "_"),
                "view names follow query names"
            );
        }
        let mut names: Vec<&str> = QUERIES.iter().map(|q| q.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), QUERIES.len(), "query names are unique");
    }

    #[test]
    fn headers_that_are_incomplete_or_wrong_are_refused() {
        let ok = "-- name: a\n-- description: A thing: the answer\n-- keys: x, y\n-- zone: no\n\nCREATE VIEW a AS SELECT 1;";
        let q = parse("010_a.sql", ok).unwrap();
        assert_eq!((q.name, q.view, q.by_zone), ("a", "a", false));
        assert_eq!(q.description, "A thing: the answer");
        assert_eq!(q.keys, ["x", "y"]);
        for (bad, why) in [
            (ok.replace("-- keys: x, y\n", ""), "no `-- keys"),
            (ok.replace("zone: no", "zone: maybe"), "yes or no"),
            (
                ok.replace("-- zone: no", "-- zone: no\n-- zone: yes"),
                "twice",
            ),
            (
                ok.replace("-- zone: no", "-- zone: no\n-- view: b"),
                "unknown header",
            ),
            (
                ok.replace("-- zone: no", "-- zone: no\n-- sources: once"),
                "write grouped",
            ),
            (
                ok.replace("-- name: a\n", "-- name: a\n\n"),
                "no `-- description",
            ),
        ] {
            let bad: &'static str = Box::leak(bad.into_boxed_str());
            let err = parse("010_a.sql", bad).unwrap_err();
            assert!(err.contains(why), "{err}");
        }
    }

    #[test]
    fn every_query_has_a_sources_view_with_its_keys() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::archive::migrate(&mut conn, std::path::Path::new(":memory:")).unwrap();
        for q in QUERIES {
            let columns = |view: &str| -> Vec<String> {
                let stmt = conn.prepare(&format!("SELECT * FROM {view}")).unwrap();
                stmt.column_names().map(String::from).collect()
            };
            let main = columns(q.view);
            let sources = columns(&format!("{}_sources", q.view));
            for k in q.keys {
                assert!(main.iter().any(|c| c == k), "{}: no key column {k}", q.name);
                assert!(
                    sources.iter().any(|c| c == k),
                    "{}_sources: no key column {k}",
                    q.view
                );
            }
            for c in ["paragraph", "quote", "citation_id"] {
                assert!(sources.iter().any(|s| s == c), "{}_sources: no {c}", q.view);
            }
        }
    }

    #[test]
    fn list_headers_name_columns_with_their_separators() {
        let head = "-- name: a\n-- description: A\n-- keys: x\n-- zone: no\n";
        let with = |lists: &str| -> &'static str {
            Box::leak(
                format!("{head}-- lists: {lists}\n\nCREATE VIEW a AS SELECT 1;").into_boxed_str(),
            )
        };
        let q = parse("010_a.sql", with("donors \"; \", kinds \", \"")).unwrap();
        assert_eq!(q.lists, [("donors", "; "), ("kinds", ", ")]);
        let q = parse(
            "010_a.sql",
            Box::leak(format!("{head}\nCREATE VIEW a AS SELECT 1;").into_boxed_str()),
        )
        .unwrap();
        assert!(q.lists.is_empty());
        for (bad, why) in [
            ("kinds", "double quotes"),
            ("kinds \", ", "closing quote"),
            ("kinds \"\"", "empty"),
            ("\", \"", "not a column name"),
            ("a \",\" b \",\"", "commas"),
            ("a \",\", a \";\"", "twice"),
        ] {
            let err = parse("010_a.sql", with(bad)).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn every_group_concat_column_is_a_declared_list() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::archive::migrate(&mut conn, std::path::Path::new(":memory:")).unwrap();
        let files = views::FILES.iter().filter(|(f, _)| !is_support(f));
        for (q, (file, text)) in QUERIES.iter().zip(files) {
            let main = views::split(text)[0];
            let stmt = conn.prepare(&format!("SELECT * FROM {}", q.view)).unwrap();
            let columns: Vec<&str> = stmt.column_names().collect();
            for (column, separator) in q.lists {
                assert!(columns.contains(column), "{file}: no list column {column}");
                assert!(
                    main.contains(&format!("'{separator}')")),
                    "{file}: {column} is not joined with \"{separator}\""
                );
            }
            assert_eq!(
                main.matches("group_concat(").count(),
                q.lists.len(),
                "{file}: every group_concat column is named in `-- lists:`"
            );
        }
    }

    #[test]
    fn typos_suggest_the_right_name() {
        assert_eq!(
            suggestions("party-member-per-zone")[0],
            "party-members-per-zone"
        );
        assert_eq!(suggestions("timline"), vec!["timeline"]);
        assert!(suggestions("money").contains(&"money-by-zone"));
        assert!(suggestions("zzzzzzzzzz").is_empty());
        assert!(suggestions("nope").is_empty(), "{:?}", suggestions("nope"));
    }
}
