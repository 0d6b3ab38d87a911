//! `frontline cite` and `--sources`: from any number back to its sentence.

use super::*;
use serde_json::Value;

fn citation_of_figure(a: &Archive, phrase: &str) -> i64 {
    a.conn()
        .query_row(
            "SELECT citation_id FROM figure WHERE phrase = ?1 LIMIT 1",
            [phrase],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn cite_shows_the_quote_in_its_paragraph_with_its_neighbours() {
    let a = Archive::built();
    let id = citation_of_figure(&a, "189名");
    let run = a.run(&["cite", &id.to_string()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with(&format!(
            "citation {id} · 成都高新区 · 成都高新区1000个基层党组织"
        )),
        "{}",
        lines[0]
    );
    let marked = lines.iter().find(|l| l.contains('【')).unwrap();
    assert!(
        marked.contains("【发动社区4个党组织和189名党员】"),
        "{marked}"
    );
    let number: i64 = marked
        .trim_start_matches('¶')
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        run.stdout
            .contains(&format!("¶{}  生命重于泰山", number - 1)),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("¶{}  “小张", number + 1)),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("cited by figure"), "{}", run.stdout);

    let json: Vec<Value> =
        serde_json::from_str(&a.run(&["cite", &id.to_string(), "--format", "json"]).stdout)
            .unwrap();
    assert_eq!(json[0]["quote"], "发动社区4个党组织和189名党员");
    assert_eq!(json[0]["paragraph"], number);
    assert!(json[0]["text"].as_str().unwrap().contains("189名党员"));
    let cited_by = json[0]["cited_by"].as_array().unwrap();
    assert!(
        cited_by[0].as_str().unwrap().starts_with("figure "),
        "{cited_by:?}"
    );

    // The last paragraph of a story has no paragraph after it: the next story is not shown.
    let last = citation_of_figure(&a, "334个");
    let json: Vec<Value> = serde_json::from_str(
        &a.run(&["cite", &last.to_string(), "--format", "json"])
            .stdout,
    )
    .unwrap();
    assert_eq!(json[0]["after"], Value::Null);
    assert!(json[0]["before"].as_str().unwrap().contains("1月23日"));
}

#[test]
fn an_unknown_citation_is_a_usage_error() {
    let a = Archive::built();
    let run = a.run(&["cite", "99999"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no citation 99999"), "{}", run.stderr);
    assert_eq!(a.run(&["cite", "abc"]).code, 2);
}

/// The columns of a named query's row that hold its values (not its names), by query: a row whose
/// values are all unknown has no source.
fn unknown(name: &str, r: &Value) -> bool {
    let null = |k: &str| r[k].is_null();
    match name {
        "party-members-per-zone" => null("party_members"),
        "teams-per-zone" => null("teams"),
        "money-by-zone" => r["basis"] == "none",
        "zone-summary" => [
            "party_members",
            "grassroots_organizations",
            "front_line_teams",
            "command_and_working_bodies",
            "money_raised_yuan",
            "money_donated_yuan",
            "special_party_dues_yuan",
            "money_allocated_yuan",
        ]
        .iter()
        .all(|k| null(k)),
        _ => false,
    }
}

#[test]
fn every_known_row_of_every_named_query_has_a_source_and_cite_shows_it() {
    let a = Archive::built();
    let names: Vec<String> = a
        .run(&["queries", "--format", "tsv"])
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    assert_eq!(names, named_query_names());
    let mut passages = std::collections::BTreeMap::new();
    let mut unknowns = 0;
    for name in &names {
        let run = a.run(&["query", name, "--sources", "--format", "json"]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let rows: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
        assert!(!rows.is_empty(), "{name}");
        for r in &rows {
            if unknown(name, r) {
                unknowns += 1;
                assert_eq!(
                    r["sources"],
                    Value::Null,
                    "{name}: an unknown value cites {r}"
                );
                continue;
            }
            let sources = r["sources"]
                .as_array()
                .unwrap_or_else(|| panic!("{name}: a row without sources: {r}"));
            assert!(!sources.is_empty(), "{name}: {r}");
            for s in sources {
                let id = s["citation_id"].as_i64().unwrap();
                assert_eq!(s["article"], "gaoxinqu-2020", "{s}");
                let passage = (s["paragraph"].as_i64().unwrap(), s["quote"].clone());
                passages.insert(id, passage);
            }
        }
    }
    assert!(unknowns >= 3, "the seed has zones with unknown values");
    // `cite ID` shows the very passage each source names.
    for (id, (paragraph, quote)) in passages {
        let json: Vec<Value> =
            serde_json::from_str(&a.run(&["cite", &id.to_string(), "--format", "json"]).stdout)
                .unwrap();
        assert_eq!(
            (json[0]["paragraph"].as_i64().unwrap(), &json[0]["quote"]),
            (paragraph, &quote),
            "cite {id}"
        );
    }
}

#[test]
fn sources_are_the_passages_behind_the_numbers() {
    let a = Archive::built();
    let run = a.run(&[
        "query",
        "party-members-per-zone",
        "--sources",
        "--format",
        "csv",
    ]);
    let chengdu = run.stdout.lines().nth(1).unwrap();
    let id = a
        .conn()
        .query_row(
            "SELECT id FROM citation WHERE quote = '成都高新区1.5万余名党员'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap();
    assert!(
        chengdu.contains(&format!("[c{id}] ¶5 “成都高新区1.5万余名党员”")),
        "{chengdu}"
    );
    assert!(
        !chengdu.contains("189名"),
        "a nested figure is not behind the total: {chengdu}"
    );
    let cited = a.run(&["cite", &id.to_string()]).stdout;
    assert!(
        cited.contains("¶5  ") && cited.contains("【成都高新区1.5万余名党员】"),
        "{cited}"
    );
    // 兰州 reports no party members: no source, not its headline.
    let lanzhou = run.stdout.lines().find(|l| l.starts_with("兰州")).unwrap();
    assert!(lanzhou.ends_with(",0,"), "{lanzhou}");
    let money = a
        .run(&[
            "query",
            "money-by-zone",
            "--zone",
            "襄阳",
            "--sources",
            "--format",
            "json",
        ])
        .stdout;
    assert!(money.contains("从留存党费中首批拨付30万元"), "{money}");
    // json and jsonl: an array of objects, not one display string.
    let jsonl = a
        .run(&["query", "timeline", "--sources", "--format", "jsonl"])
        .stdout;
    let first: Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    let source = &first["sources"][0];
    assert!(
        source["citation_id"].is_i64() && source["paragraph"].is_i64(),
        "{first}"
    );
    assert!(source["quote"].is_string(), "{first}");
}

#[test]
fn sql_sources_follow_a_citation_id_column() {
    let a = Archive::built();
    let run = a.run(&[
        "sql",
        "SELECT phrase, citation_id FROM figure WHERE phrase = '334个'",
        "--sources",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .lines()
            .nth(1)
            .unwrap()
            .ends_with("“实现全区334个网格包保全覆盖”"),
        "{}",
        run.stdout
    );
    let run = a.run(&["sql", "SELECT name FROM zone", "--sources"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no citation_id column"),
        "{}",
        run.stderr
    );
}

#[test]
fn cited_by_names_each_fact_with_what_it_is_about() {
    let a = Archive::built();
    let cited_by = |sql: &str| -> Vec<String> {
        let id: i64 = a.conn().query_row(sql, [], |r| r.get(0)).unwrap();
        let run = a.run(&["cite", &id.to_string()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
            .lines()
            .filter_map(|l| l.strip_prefix("cited by "))
            .map(String::from)
            .collect()
    };
    // A post names its holder; a donation its material; an alias is an alias.
    let role = cited_by(
        "SELECT r.citation_id FROM person_role r JOIN person p ON p.id = r.person_id \
         WHERE p.name = '杨慧'",
    );
    assert!(
        role.iter().any(|l| l.starts_with("role: 杨慧, ")),
        "{role:?}"
    );
    let gift =
        cited_by("SELECT d.citation_id FROM donation d WHERE d.quantity_phrase = '1000万元'");
    assert!(
        gift.iter().any(|l| l.ends_with(": 资金 1000万元")),
        "{gift:?}"
    );
    let alias = cited_by("SELECT citation_id FROM organization_alias WHERE alias = '华西医院'");
    assert!(alias.iter().any(|l| l == "alias: 华西医院"), "{alias:?}");
    // A figure comes before the other facts of its passage, as `cite` has always listed them.
    let shared = cited_by(
        "SELECT f.citation_id FROM figure f WHERE f.citation_id IN (SELECT citation_id FROM team \
         UNION ALL SELECT citation_id FROM person UNION ALL SELECT citation_id FROM event) LIMIT 1",
    );
    assert!(shared.len() >= 2, "{shared:?}");
    assert!(shared[0].starts_with("figure "), "{shared:?}");
}

/// A fact table a user added is named in "cited by" whatever its name holds (a quote or an
/// apostrophe), by its row id even when a column of it is called rowid.
#[test]
fn cited_by_names_a_user_fact_table_with_any_name() {
    let a = Archive::built();
    let id: i64 = a
        .conn()
        .query_row("SELECT min(id) FROM citation", [], |r| r.get(0))
        .unwrap();
    rusqlite::Connection::open(&a.path)
        .unwrap()
        .execute_batch(&format!(
            "CREATE TABLE \"it's \"\"mine\"\"\" (rowid TEXT, citation_id INTEGER, name TEXT); \
             INSERT INTO \"it's \"\"mine\"\"\" VALUES ('x', {id}, '某项');"
        ))
        .unwrap();
    let run = a.run(&["cite", &id.to_string()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .lines()
            .any(|l| l == "cited by it's \"mine\" 1: 某项"),
        "{}",
        run.stdout
    );
}

#[test]
fn with_several_articles_a_paragraph_is_named_with_its_article() {
    let a = Archive::built();
    let dir = a.dir.path().join("synth");
    crate::import::synth(&dir, 1, 1);
    assert_eq!(a.run(&["import", dir.to_str().unwrap()]).code, 0);
    let run = a.run(&[
        "query",
        "party-members-per-zone",
        "--zone",
        "成都",
        "--sources",
        "--format",
        "csv",
    ]);
    assert!(
        run.stdout
            .contains("] gaoxinqu-2020:¶5 “成都高新区1.5万余名党员”"),
        "{}",
        run.stdout
    );
    let rows: Vec<Value> = serde_json::from_str(
        &a.run(&["query", "figures", "--sources", "--format", "json"])
            .stdout,
    )
    .unwrap();
    let articles: std::collections::BTreeSet<&str> = rows
        .iter()
        .map(|r| r["sources"][0]["article"].as_str().unwrap())
        .collect();
    assert_eq!(articles.len(), 2, "{articles:?}");
}

#[test]
fn cite_takes_a_paragraph_and_shows_the_citations_in_it() {
    let a = Archive::built();
    let id = citation_of_figure(&a, "189名");
    let cited: Vec<Value> = serde_json::from_str(
        &a.run(&["cite", &format!("c{id}"), "--format", "json"])
            .stdout,
    )
    .unwrap();
    let number = cited[0]["paragraph"].as_i64().unwrap();
    for form in [
        format!("¶{number}"),
        format!("p{number}"),
        format!("gaoxinqu-2020:¶{number}"),
    ] {
        let run = a.run(&["cite", &form]);
        assert_eq!(run.code, 0, "{form}: {}", run.stderr);
        assert!(
            run.stdout
                .starts_with(&format!("¶{number} · 成都高新区 · ")),
            "{}",
            run.stdout
        );
        assert!(
            run.stdout.contains("【发动社区4个党组织和189名党员】"),
            "{}",
            run.stdout
        );
        assert!(
            run.stdout
                .contains(&format!("[c{id}] “发动社区4个党组织和189名党员”")),
            "{}",
            run.stdout
        );
        assert!(run.stdout.contains("  cited by figure "), "{}", run.stdout);
    }
    let json: Vec<Value> = serde_json::from_str(
        &a.run(&["cite", &format!("¶{number}"), "--format", "json"])
            .stdout,
    )
    .unwrap();
    assert_eq!(json[0]["paragraph"], number);
    assert_eq!(json[0]["text"], cited[0]["text"]);
    let ids: Vec<i64> = json[0]["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["citation_id"].as_i64().unwrap())
        .collect();
    assert!(ids.contains(&id), "{ids:?}");
    // Out of range, unknown article, or neither form: usage errors that say what to give.
    let run = a.run(&["cite", "¶999"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("numbered 1 to"), "{}", run.stderr);
    let run = a.run(&["cite", "nope:¶5"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("gaoxinqu-2020"), "{}", run.stderr);
    let run = a.run(&["cite", "x5"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("¶5 or p5"), "{}", run.stderr);
}

#[test]
fn with_several_articles_a_bare_paragraph_number_asks_which() {
    let a = Archive::built();
    let dir = a.dir.path().join("synth");
    crate::import::synth(&dir, 1, 1);
    assert_eq!(a.run(&["import", dir.to_str().unwrap()]).code, 0);
    let run = a.run(&["cite", "¶5"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("gaoxinqu-2020:¶5"), "{}", run.stderr);
    let run = a.run(&["cite", "gaoxinqu-2020:¶5"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("gaoxinqu-2020:¶5 · 成都高新区"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("成都高新区1.5万余名党员"),
        "{}",
        run.stdout
    );
}
