//! The registry of named queries. Each is an SQL view defined in `migrations/` (so every SQLite
//! client sees the same answer); this list gives each its command-line name, a one-line
//! description and the parameters it accepts.

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
}

/// Every named query, in the order `frontline queries` lists them.
pub const QUERIES: &[NamedQuery] = &[
    NamedQuery {
        name: "party-members-per-zone",
        view: "party_members_per_zone",
        description: "Party members reported per zone: the zone's total, else the sum of its units' figures (at least), else unknown",
        by_zone: true,
        keys: &["zone"],
    },
    NamedQuery {
        name: "organizations",
        view: "organizations",
        description: "Every named organization with its aliases, kind, zone, parent and host unit",
        by_zone: true,
        keys: &["name"],
    },
    NamedQuery {
        name: "teams-per-zone",
        view: "teams_per_zone",
        description: "Volunteer teams and task forces per zone, each team counted once, with members where reported",
        by_zone: true,
        keys: &["zone"],
    },
    NamedQuery {
        name: "donations-by-material",
        view: "donations_by_material",
        description: "Money and materials donated, raised, procured or allocated, per material, with donors",
        by_zone: false,
        keys: &["material"],
    },
    NamedQuery {
        name: "money-by-zone",
        view: "money_by_zone",
        description: "Money donated, raised or allocated per zone, in yuan",
        by_zone: true,
        keys: &["zone"],
    },
    NamedQuery {
        name: "people",
        view: "people",
        description: "Named people with their zone, organization, title and party membership (one row per post)",
        by_zone: true,
        keys: &["name", "zone", "title"],
    },
    NamedQuery {
        name: "timeline",
        view: "timeline",
        description: "Dated events in date order (the article prints no year: 2020 is inferred)",
        by_zone: true,
        keys: &["date", "event"],
    },
    NamedQuery {
        name: "zone-summary",
        view: "zone_summary",
        description: "One row per zone with its headline figures",
        by_zone: true,
        keys: &["zone"],
    },
    NamedQuery {
        name: "figures",
        view: "figures",
        description: "Every reported figure in long form, with the phrase as written and its quote",
        by_zone: true,
        keys: &["id"],
    },
];

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
    fn every_query_has_a_view_in_the_migrations() {
        let sql: String = crate::archive::MIGRATIONS.iter().map(|m| m.sql).collect();
        for q in QUERIES {
            assert!(
                sql.contains(&format!("CREATE VIEW {} AS", q.view)),
                "{}",
                q.name
            );
            assert_eq!(
                q.view,
                q.name.replace('-', "_"),
                "view names follow query names"
            );
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
