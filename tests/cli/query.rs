//! `frontline query` and `frontline queries`: every named query checked against the article.

use super::*;
use serde_json::{Value, json};

/// Runs a named query as JSON and parses it.
fn query(a: &Archive, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["query"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = a.run(&all);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    serde_json::from_str::<Vec<Value>>(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// The row whose `key` column equals `value`.
fn row<'a>(rows: &'a [Value], key: &str, value: &str) -> &'a Value {
    rows.iter()
        .find(|r| r[key] == value)
        .unwrap_or_else(|| panic!("no row with {key} = {value}"))
}

#[test]
fn party_members_per_zone_follows_the_article() {
    let a = Archive::built();
    let rows = query(&a, &["party-members-per-zone"]);
    assert_eq!(rows.len(), 8, "one row per zone");
    let expect = [
        // 成都: the zone's own 1.5万余名; 上千余名机关党员 and 双源社区's 189 are inside it.
        ("成都高新区", json!(15000), json!("at_least"), "zone total"),
        // 合肥: only 晶奇网络党支部's 20 party members are given.
        ("合肥高新区", json!(20), json!("at_least"), "sum of units"),
        ("兰州高新区", Value::Null, Value::Null, "none"),
        // 海口: the 190 members of the 两新党组织's 40 teams; the headline repeats it.
        ("海口高新区", json!(190), json!("at_least"), "sum of units"),
        ("厦门火炬高新区", Value::Null, Value::Null, "none"),
        ("襄阳高新区", Value::Null, Value::Null, "none"),
        // 西安: 集贤园管理办's 27 party members.
        ("西安高新区", json!(27), json!("at_least"), "sum of units"),
        ("淄博高新区", Value::Null, Value::Null, "none"),
    ];
    for (r, (zone, members, qualifier, basis)) in rows.iter().zip(expect) {
        assert_eq!(r["zone"], zone);
        assert_eq!(r["party_members"], members, "{zone}");
        assert_eq!(r["qualifier"], qualifier, "{zone}");
        assert_eq!(r["basis"], basis, "{zone}");
    }
    assert_eq!(rows[6]["zone_en"], "Xi'an Hi-tech Zone");
}

#[test]
fn unknown_figures_are_empty_in_csv_not_zero() {
    let a = Archive::built();
    let run = a.run(&["query", "party-members-per-zone", "--format", "csv"]);
    assert_eq!(run.code, 0);
    let lanzhou = run
        .stdout
        .lines()
        .find(|l| l.starts_with("兰州高新区"))
        .unwrap();
    assert_eq!(lanzhou, "兰州高新区,Lanzhou Hi-tech Zone,,,none,0");
    assert!(
        run.stdout
            .starts_with("zone,zone_en,party_members,qualifier,basis")
    );
}

#[test]
fn organizations_show_aliases_and_hierarchy() {
    let a = Archive::built();
    let rows = query(&a, &["organizations"]);
    let sanyou = row(&rows, "name", "三优光电");
    assert_eq!(sanyou["aliases"], json!(["三友光电"]));
    assert_eq!(sanyou["kind"], "company");
    assert_eq!(sanyou["zone"], "厦门火炬高新区");
    let yucheng = row(&rows, "name", "玉成社区党支部");
    assert_eq!(
        (&yucheng["parent"], &yucheng["host"]),
        (&json!("玉成街道党工委"), &json!("玉成社区"))
    );
    let outside = row(&rows, "name", "海南省委");
    assert_eq!(outside["zone"], Value::Null);
    assert!(
        rows.iter().all(|r| r["name"] != "三友光电"),
        "an alias is not a second row"
    );
}

#[test]
fn teams_per_zone_counts_each_team_once() {
    let a = Archive::built();
    let rows = query(&a, &["teams-per-zone"]);
    assert_eq!(rows.len(), 8);
    // 海口: 28支先锋队、9支突击队、3支志愿队 are the 40支队伍 with 190 members, not 80 teams.
    let haikou = row(&rows, "zone", "海口高新区");
    assert_eq!(
        (&haikou["teams"], &haikou["qualifier"]),
        (&json!(40), &json!("exact"))
    );
    assert_eq!(
        (&haikou["members"], &haikou["members_qualifier"]),
        (&json!(190), &json!("exact"))
    );
    // 成都: 600余个 volunteer and shock teams (双源's volunteer team among them) and 双源's grid team.
    let chengdu = row(&rows, "zone", "成都高新区");
    assert_eq!(
        (&chengdu["teams"], &chengdu["qualifier"]),
        (&json!(601), &json!("at_least"))
    );
    assert_eq!(chengdu["members"], Value::Null);
    // 襄阳: 5个工作组 and 5个督查组; 西安: 1 office, 6 command posts, 8 groups.
    assert_eq!(row(&rows, "zone", "襄阳高新区")["teams"], 10);
    assert_eq!(row(&rows, "zone", "西安高新区")["teams"], 15);
    // 淄博 reports no teams: unknown, not zero.
    let zibo = row(&rows, "zone", "淄博高新区");
    assert_eq!(
        (&zibo["teams"], &zibo["qualifier"]),
        (&Value::Null, &Value::Null)
    );
}

#[test]
fn donations_by_material_sums_exactly() {
    let a = Archive::built();
    let rows = query(&a, &["donations-by-material"]);
    let money = row(&rows, "material", "资金");
    // 1000万元 + 2万元 + 3000余元 + 30万元; 厦门's 捐款 has no amount, so the sum is a lower bound.
    assert_eq!(money["quantity"], json!(10_323_000));
    assert_eq!(money["qualifier"], "at_least");
    assert_eq!(money["unit"], "元");
    assert_eq!(
        (&money["donations"], &money["unquantified"]),
        (&json!(5), &json!(1))
    );
    let masks = row(&rows, "material", "口罩");
    assert_eq!(
        (
            &masks["quantity"],
            &masks["qualifier"],
            &masks["material_en"]
        ),
        (&json!(210_000), &json!("exact"), &json!("face masks"))
    );
    assert_eq!(row(&rows, "material", "医用手套")["quantity"], 680_000);
    assert_eq!(row(&rows, "material", "消毒液")["quantity"], 43_000);
    let alcohol = row(&rows, "material", "医用酒精");
    assert_eq!(
        (&alcohol["quantity"], &alcohol["qualifier"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(
        alcohol["donors"],
        json!(["智恒信支部", "惠黎医药", "秋生医疗"])
    );
}

#[test]
fn list_columns_are_arrays_in_json_and_joined_text_elsewhere() {
    let a = Archive::built();
    let teams = query(&a, &["teams-per-zone", "--zone", "西安"]);
    let kinds = teams[0]["kinds"].as_array().unwrap();
    assert!(kinds.len() > 1, "{kinds:?}");
    assert!(
        kinds
            .iter()
            .all(|k| k.is_string() && !k.as_str().unwrap().contains(','))
    );
    let rows = query(&a, &["donations-by-material"]);
    let money = row(&rows, "material", "资金");
    assert!(
        money["donors"].is_array() && money["kinds"].is_array(),
        "{money}"
    );
    // A list with nothing in it is unknown, as in the view: null.
    assert_eq!(
        row(&query(&a, &["teams-per-zone"]), "zone", "淄博高新区")["kinds"],
        Value::Null
    );
    // jsonl too; csv keeps the view's text.
    let jsonl = a
        .run(&["query", "organizations", "--format", "jsonl"])
        .stdout;
    let sanyou: Value = jsonl
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|r| r["name"] == "三优光电")
        .unwrap();
    assert_eq!(sanyou["aliases"], json!(["三友光电"]));
    let csv = a
        .run(&["query", "donations-by-material", "--format", "csv"])
        .stdout;
    assert!(csv.contains("智恒信支部; 惠黎医药; 秋生医疗"), "{csv}");
    // `queries` says which columns are lists.
    let listed: Vec<Value> =
        serde_json::from_str(&a.run(&["queries", "--format", "json"]).stdout).unwrap();
    let donations = listed
        .iter()
        .find(|q| q["name"] == "donations-by-material")
        .unwrap();
    assert_eq!(donations["lists"], json!(["donors", "kinds"]));
    assert_eq!(
        listed.iter().find(|q| q["name"] == "people").unwrap()["lists"],
        json!([])
    );
}

#[test]
fn money_by_zone_tells_unknown_from_none() {
    let a = Archive::built();
    let rows = query(&a, &["money-by-zone"]);
    assert_eq!(rows.len(), 8);
    let hefei = row(&rows, "zone", "合肥高新区");
    assert_eq!(
        (&hefei["amount_yuan"], &hefei["qualifier"]),
        (&json!(10_023_000), &json!("at_least"))
    );
    let xiangyang = row(&rows, "zone", "襄阳高新区");
    assert_eq!(
        (&xiangyang["amount_yuan"], &xiangyang["qualifier"]),
        (&json!(300_000), &json!("exact"))
    );
    let xiamen = row(&rows, "zone", "厦门火炬高新区");
    assert_eq!(
        (&xiamen["amount_yuan"], &xiamen["basis"]),
        (&Value::Null, &json!("amount not reported"))
    );
    let chengdu = row(&rows, "zone", "成都高新区");
    assert_eq!(
        (&chengdu["amount_yuan"], &chengdu["basis"]),
        (&Value::Null, &json!("none"))
    );
}

#[test]
fn people_and_their_posts() {
    let a = Archive::built();
    let rows = query(&a, &["people", "--zone", "厦门"]);
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .all(|r| r["name"] == "陈智敏" && r["party_member"] == 1)
    );
    assert_eq!(rows[0]["title"], "党委副书记");
    assert_eq!(rows[1]["organization"], "网宿科技第一支部");
    let hefei = query(&a, &["people", "--zone", "Hefei"]);
    assert_eq!(row(&hefei, "name", "余娟平")["party_member"], Value::Null);
    let all = query(&a, &["people"]);
    let names: std::collections::BTreeSet<&str> =
        all.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 11);
}

#[test]
fn timeline_is_in_date_order_with_inferred_years() {
    let a = Archive::built();
    let rows = query(&a, &["timeline"]);
    let dates: Vec<&str> = rows.iter().map(|r| r["date"].as_str().unwrap()).collect();
    assert_eq!(
        dates,
        ["2020-01-20", "2020-01-23", "2020-01-27", "2020-02-02"]
    );
    assert!(rows.iter().all(|r| r["year_inferred"] == 1));
    let chengdu = query(&a, &["timeline", "--zone", "Chengdu"]);
    let dates: Vec<&str> = chengdu
        .iter()
        .map(|r| r["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2020-01-20", "2020-01-27", "2020-02-02"]);
}

#[test]
fn zone_summary_has_every_zone_and_agrees_with_the_other_queries() {
    let a = Archive::built();
    let summary = query(&a, &["zone-summary"]);
    let members = query(&a, &["party-members-per-zone"]);
    let teams = query(&a, &["teams-per-zone"]);
    let money = query(&a, &["money-by-zone"]);
    assert_eq!(summary.len(), 8);
    for (i, s) in summary.iter().enumerate() {
        assert_eq!(s["party_members"], members[i]["party_members"]);
        assert_eq!(s["party_members_qualifier"], members[i]["qualifier"]);
        assert_eq!(s["teams"], teams[i]["teams"]);
        assert_eq!(s["money_yuan"], money[i]["amount_yuan"]);
    }
    let chengdu = &summary[0];
    assert_eq!(chengdu["grassroots_organizations"], 1000);
    assert_eq!(chengdu["people_named"], 3);
    assert_eq!(summary[7]["people_named"], 2);
}

#[test]
fn figures_carry_phrase_and_quote() {
    let a = Archive::built();
    let rows = query(&a, &["figures", "--zone", "襄阳"]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["phrase"], "334个");
    assert_eq!(rows[0]["value"], 334);
    assert_eq!(rows[0]["quote"], "实现全区334个网格包保全覆盖");
    let chengdu = query(&a, &["figures", "--zone", "成都高新区"]);
    let nested = row(&chengdu, "phrase", "189名");
    assert_eq!(
        (&nested["counted"], &nested["subject"]),
        (&json!(0), &json!("双源社区党委"))
    );
}

#[test]
fn zones_are_named_in_chinese_english_or_by_prefix() {
    let a = Archive::built();
    for typed in [
        "成都",
        "成都高新区",
        "Chengdu",
        "chengdu hi-tech zone",
        "CHENG",
    ] {
        let rows = query(&a, &["party-members-per-zone", "--zone", typed]);
        assert_eq!(rows.len(), 1, "{typed}");
        assert_eq!(rows[0]["zone"], "成都高新区", "{typed}");
    }
    for (typed, zone) in [
        ("Xi'an", "西安高新区"),
        ("xian", "西安高新区"),
        ("XIAN", "西安高新区"),
        ("西安", "西安高新区"),
        ("xiang", "襄阳高新区"),
        ("厦门", "厦门火炬高新区"),
    ] {
        let rows = query(&a, &["party-members-per-zone", "--zone", typed]);
        assert_eq!(rows[0]["zone"], zone, "{typed}");
    }

    let run = a.run(&["query", "people", "--zone", "Xi"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("frontline: ambiguous zone \"Xi\""),
        "{}",
        run.stderr
    );
    for candidate in ["厦门火炬高新区", "襄阳高新区", "西安高新区"] {
        assert!(run.stderr.contains(candidate), "{}", run.stderr);
    }
    let run = a.run(&["query", "people", "--zone", "Beijing"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown zone \"Beijing\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("淄博高新区 (Zibo Hi-tech Zone)"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn a_query_without_zones_refuses_zone() {
    let a = Archive::built();
    let run = a.run(&["query", "donations-by-material", "--zone", "成都"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("has no --zone"), "{}", run.stderr);
}

#[test]
fn an_unknown_query_suggests_the_closest() {
    let a = Archive::built();
    let run = a.run(&["query", "party-member-per-zone"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean party-members-per-zone?"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("frontline queries"), "{}", run.stderr);
    let run = a.run(&["query", "xyzzy"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no query has that name"),
        "{}",
        run.stderr
    );
}

#[test]
fn queries_lists_every_name() {
    let a = Archive::built();
    let run = a.run(&["queries", "--format", "tsv"]);
    assert_eq!(run.code, 0);
    let names: Vec<&str> = run
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(names, named_query_names());
    // The first is the one the README leads with.
    assert_eq!(names[0], "party-members-per-zone");
    // Each one runs.
    for name in names {
        let rows = query(&a, &[name]);
        assert!(!rows.is_empty(), "{name}");
    }
}

#[test]
fn the_readme_table_is_the_list_of_queries() {
    let run = frontline()
        .args(["queries", "--format", "markdown"])
        .output()
        .unwrap();
    let table = String::from_utf8(run.stdout).unwrap();
    assert!(table.starts_with("| name |"), "{table}");
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("\n\n{table}\n")),
        "README.md's named-query table differs from the headers of queries/*.sql: paste the \
         output of `frontline queries --format markdown` in its place:\n{table}"
    );
}

/// Runs the sqlite3 CLI (installed by .ci/run) on the archive.
fn sqlite3_json(sqlite3: &Path, path: &Path, sql: &str) -> Vec<Value> {
    let out = std::process::Command::new(sqlite3)
        .arg("-json")
        .arg("-readonly")
        .arg(path)
        .arg(sql)
        .output()
        .expect("cannot run the sqlite3 CLI");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    if text.trim().is_empty() {
        Vec::new()
    } else {
        serde_json::from_str(&text).unwrap()
    }
}

#[test]
fn the_sqlite3_cli_reads_the_same_answers_from_the_views() {
    let Some(sqlite3) = tool("sqlite3", "FRONTLINE_SQLITE3") else {
        return;
    };
    let a = Archive::built();
    let before = fingerprint(&a.path);
    for (name, view) in [
        ("party-members-per-zone", "party_members_per_zone"),
        ("organizations", "organizations"),
        ("teams-per-zone", "teams_per_zone"),
        ("donations-by-material", "donations_by_material"),
        ("money-by-zone", "money_by_zone"),
        ("people", "people"),
        ("timeline", "timeline"),
        ("zone-summary", "zone_summary"),
        ("figures", "figures"),
    ] {
        let mut ours = query(&a, &[name]);
        let theirs = sqlite3_json(&sqlite3, &a.path, &format!("SELECT * FROM {view}"));
        // A list column is an array in frontline's JSON and the joined text in the view.
        for (row, other) in ours.iter_mut().zip(&theirs) {
            for (key, value) in row.as_object_mut().unwrap() {
                if let Some(items) = value.as_array() {
                    let joined = other[key.as_str()].as_str().unwrap_or_default();
                    let items: Vec<&str> = items.iter().map(|i| i.as_str().unwrap()).collect();
                    assert!(
                        ["; ", ", "].iter().any(|sep| items.join(sep) == joined),
                        "{name}.{key}: {items:?} against {joined}"
                    );
                    *value = other[key.as_str()].clone();
                }
            }
        }
        assert_eq!(ours, theirs, "{name}");
    }
    assert_eq!(fingerprint(&a.path), before);
}
