//! Measures `frontline draft` against a curated article directory: drafts the article's text,
//! builds an archive from the draft (every check of an import) and one from the curated files, and
//! compares what they hold. Prints one JSON object; `bench/draft.sh` and the end-to-end test read it.
//!
//!     cargo run --release --example draft_quality -- seed/gaoxinqu-2020 [YEAR]
//!
//! Figures: quantity facts (figures, donations, team counts and members) by (zone, value):
//! recall of the curated rows, qualifier right among those recalled, precision of the draft's
//! distinct (zone, value); named people by (name, zone); organizations by name or alias; dated
//! events by (zone, date).

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use frontline::domain::{draft, load, seed};
use rusqlite::Connection;

fn rows<T: rusqlite::types::FromSql>(conn: &Connection, sql: &str) -> Vec<Vec<T>> {
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| (0..n).map(|i| r.get(i)).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

const QUANTITIES: &str = "SELECT z.name, f.value, f.qualifier FROM figure f JOIN zone z ON z.id = f.zone_id \
     UNION ALL SELECT z.name, d.quantity, d.qualifier FROM donation d JOIN zone z ON z.id = d.zone_id WHERE d.quantity IS NOT NULL \
     UNION ALL SELECT z.name, t.team_count, t.count_qualifier FROM team t JOIN zone z ON z.id = t.zone_id WHERE t.count_phrase IS NOT NULL \
     UNION ALL SELECT z.name, t.members, t.members_qualifier FROM team t JOIN zone z ON z.id = t.zone_id WHERE t.members IS NOT NULL";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(args.get(1).map_or("seed/gaoxinqu-2020", String::as_str));
    let year: Option<i32> = args.get(2).map(|y| y.parse().expect("YEAR"));
    let curated = seed::read_article(dir).expect("curated article directory");
    let text = curated.as_source().text.to_string();

    let work = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let d = draft::draft(
        &text,
        &draft::Options {
            slug: "drafted".into(),
            source_file: "article.txt".into(),
            year,
        },
    )
    .expect("the text drafts");
    let draft_ms = started.elapsed().as_secs_f64() * 1000.0;
    let src = seed::Source {
        dir: "draft",
        text: &text,
        article_toml: &d.article_toml,
        facts_toml: &d.facts_toml,
    };
    let drafted_db = work.path().join("draft.db");
    let curated_db = work.path().join("curated.db");
    if let Err(e) = load::build(&drafted_db, &[src]) {
        println!("{{\"imports\": false, \"error\": {:?}}}", e.to_string());
        std::process::exit(1);
    }
    load::build(&curated_db, &[curated.as_source()]).expect("the curated article loads");
    let (dc, cc) = (
        Connection::open(&drafted_db).unwrap(),
        Connection::open(&curated_db).unwrap(),
    );

    // Quantities.
    let q = |c: &Connection| -> Vec<(String, i64, String)> {
        let mut stmt = c.prepare(QUANTITIES).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let (dq, cq) = (q(&dc), q(&cc));
    let recalled: Vec<&(String, i64, String)> = cq
        .iter()
        .filter(|(z, v, _)| dq.iter().any(|(dz, dv, _)| dz == z && dv == v))
        .collect();
    let qualifier_right = recalled.iter().filter(|c| dq.contains(c)).count();
    let d_distinct: BTreeSet<(String, i64)> = dq.iter().map(|(z, v, _)| (z.clone(), *v)).collect();
    let c_distinct: BTreeSet<(String, i64)> = cq.iter().map(|(z, v, _)| (z.clone(), *v)).collect();
    let precise = d_distinct.intersection(&c_distinct).count();
    let extra: Vec<String> = d_distinct
        .difference(&c_distinct)
        .map(|(z, v)| format!("{z} {v}"))
        .collect();
    let missed: Vec<String> = cq
        .iter()
        .filter(|c| !recalled.contains(c))
        .map(|(z, v, _)| format!("{z} {v}"))
        .collect();

    // People, organizations, events.
    let people = |c: &Connection| -> HashSet<Vec<String>> {
        rows(
            c,
            "SELECT p.name, z.name FROM person p JOIN zone z ON z.id = p.zone_id",
        )
        .into_iter()
        .collect()
    };
    let (dp, cp) = (people(&dc), people(&cc));
    let people_found = cp.iter().filter(|p| dp.contains(*p)).count();
    let d_orgs: HashSet<String> = rows::<String>(
        &dc,
        "SELECT name FROM organization UNION SELECT alias FROM organization_alias",
    )
    .into_iter()
    .map(|mut r| r.remove(0))
    .collect();
    let c_orgs: Vec<Vec<String>> = rows::<String>(&cc, "SELECT o.name || coalesce(',' || group_concat(a.alias, ','), '') FROM organization o LEFT JOIN organization_alias a ON a.organization_id = o.id GROUP BY o.id")
        .into_iter()
        .map(|r| r[0].split(',').map(String::from).collect())
        .collect();
    let orgs_found = c_orgs
        .iter()
        .filter(|names| names.iter().any(|n| d_orgs.contains(n)))
        .count();
    let orgs_missed: Vec<&String> = c_orgs
        .iter()
        .filter(|names| !names.iter().any(|n| d_orgs.contains(n)))
        .map(|n| &n[0])
        .collect();
    let events = |c: &Connection| -> HashSet<Vec<String>> {
        rows(
            c,
            "SELECT z.name, e.date FROM event e JOIN zone z ON z.id = e.zone_id",
        )
        .into_iter()
        .collect()
    };
    let (de, ce) = (events(&dc), events(&cc));
    let events_found = ce.iter().filter(|e| de.contains(*e)).count();

    let pct = |a: usize, b: usize| {
        if b == 0 {
            100.0
        } else {
            (1000.0 * a as f64 / b as f64).round() / 10.0
        }
    };
    println!(
        "{}",
        serde_json::json!({
            "imports": true,
            "draft_ms_in_process": (draft_ms * 10.0).round() / 10.0,
            "quantity_recall": pct(recalled.len(), cq.len()),
            "quantity_recalled": recalled.len(),
            "quantity_curated": cq.len(),
            "qualifier_right": pct(qualifier_right, recalled.len()),
            "value_precision": pct(precise, d_distinct.len()),
            "values_drafted": d_distinct.len(),
            "people_recall": pct(people_found, cp.len()),
            "people": format!("{people_found}/{}", cp.len()),
            "org_recall": pct(orgs_found, c_orgs.len()),
            "orgs": format!("{orgs_found}/{}", c_orgs.len()),
            "events": format!("{events_found}/{}", ce.len()),
            "events_found": events_found,
            "events_curated": ce.len(),
            "missed_quantities": missed,
            "extra_values": extra,
            "missed_orgs": orgs_missed,
        })
    );
}
