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

/// The row of `zone` and `class` (teams-per-zone) or `kind` (money-by-zone).
fn row2<'a>(rows: &'a [Value], zone: &str, key: &str, value: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["zone"] == zone && r[key] == value)
        .unwrap_or_else(|| panic!("no row with zone = {zone}, {key} = {value}"))
}

const FRONT: &str = "front_line_teams";
const BODIES: &str = "command_and_working_bodies";

#[test]
fn teams_per_zone_counts_each_team_once() {
    let a = Archive::built();
    let rows = query(&a, &["teams-per-zone"]);
    assert_eq!(rows.len(), 16, "one row per zone and class");
    // 海口: 28支先锋队、9支突击队、3支志愿队 are the 40支队伍 with 190 members, not 80 teams. They
    // are the 两新党组织's, not the whole zone's: a lower bound, like the zone's 190 party members.
    let haikou = row2(&rows, "海口高新区", "class", FRONT);
    assert_eq!(
        (&haikou["teams"], &haikou["qualifier"], &haikou["basis"]),
        (&json!(40), &json!("at_least"), &json!("sum of units"))
    );
    assert_eq!(
        (&haikou["members"], &haikou["members_qualifier"]),
        (&json!(190), &json!("at_least"))
    );
    // 淄博 reports no teams: unknown, not zero.
    let zibo = row2(&rows, "淄博高新区", "class", FRONT);
    assert_eq!(
        (&zibo["teams"], &zibo["qualifier"], &zibo["basis"]),
        (&Value::Null, &Value::Null, &json!("none"))
    );
}

#[test]
fn a_printed_zone_total_stands_as_printed() {
    let a = Archive::built();
    let rows = query(&a, &["teams-per-zone", "--zone", "成都"]);
    // 成都: the page prints 600余个 volunteer and shock teams (双源's volunteer team among them);
    // 双源's grid team is named outside them. The total stays the printed ≥600, not 601, and the
    // basis says why.
    let chengdu = row2(&rows, "成都高新区", "class", FRONT);
    assert_eq!(
        (&chengdu["teams"], &chengdu["qualifier"]),
        (&json!(600), &json!("at_least"))
    );
    assert_eq!(
        chengdu["basis"],
        "zone total; 1 more named outside it, not added"
    );
    assert_eq!(chengdu["members"], Value::Null);
}

#[test]
fn command_and_working_bodies_are_never_added_to_front_line_teams() {
    let a = Archive::built();
    let rows = query(&a, &["teams-per-zone"]);
    let count = |zone: &str, class: &str| {
        let r = row2(&rows, zone, "class", class);
        (
            r["teams"].clone(),
            r["qualifier"].clone(),
            r["basis"].clone(),
        )
    };
    let units = |n: i64| (json!(n), json!("at_least"), json!("sum of units"));
    let none = || (Value::Null, Value::Null, json!("none"));
    // 合肥: 渔之蓝's shock team, apart from 金域's command post and 中科美络's emergency group.
    assert_eq!(count("合肥高新区", FRONT), units(1));
    assert_eq!(count("合肥高新区", BODIES), units(2));
    // 西安: 集贤园党委's office, 6 command posts and 8 groups, one park's, so a lower bound.
    assert_eq!(count("西安高新区", BODIES), units(15));
    assert_eq!(count("西安高新区", FRONT), none());
    // 襄阳: 5个工作组, 5个督查组 and the 四个一's command post.
    assert_eq!(count("襄阳高新区", BODIES), units(11));
    // 兰州's leading group is one body the zone set up, not a count of its bodies.
    assert_eq!(count("兰州高新区", BODIES), units(1));
    assert_eq!(count("成都高新区", BODIES), none());
    assert_eq!(count("厦门火炬高新区", FRONT), units(2));
}

#[test]
fn donations_by_material_adds_one_kind_at_a_time() {
    let a = Archive::built();
    let rows = query(&a, &["donations-by-material"]);
    let of = |material: &str, kind: &str| -> &Value {
        rows.iter()
            .find(|r| r["material"] == material && r["kind"] == kind)
            .unwrap_or_else(|| panic!("no row {material} {kind}"))
    };
    // Money raised, donated and paid as special party dues are three rows, never one sum.
    let raised = of("资金", "raised");
    assert_eq!(
        (&raised["quantity"], &raised["qualifier"]),
        (&json!(10_000_000), &json!("exact"))
    );
    // 智恒信's 2万元; 厦门's 捐款 has no amount, so the sum is a lower bound.
    let donated = of("资金", "donated");
    assert_eq!(
        (&donated["quantity"], &donated["qualifier"]),
        (&json!(20_000), &json!("at_least"))
    );
    assert_eq!(
        (&donated["entries"], &donated["unquantified"]),
        (&json!(2), &json!(1))
    );
    let dues = of("资金", "special_party_dues");
    assert_eq!(
        (&dues["quantity"], &dues["qualifier"], &dues["donors"]),
        (
            &json!(3_000),
            &json!("at_least"),
            &json!(["至博光电支部", "高新物业支部"])
        )
    );
    // 襄阳's 30万元 is an allocation of its own party funds: no donation, not listed here.
    assert!(rows.iter().all(|r| r["kind"] != "allocated"));
    assert_eq!(
        rows.iter().filter(|r| r["material"] == "资金").count(),
        3,
        "{rows:?}"
    );
    // 华米's goods were procured: shown as procured, with the caveat that the 1000万 may have
    // bought them.
    let masks = of("口罩", "procured");
    assert_eq!(
        (
            &masks["quantity"],
            &masks["qualifier"],
            &masks["material_en"]
        ),
        (&json!(210_000), &json!("exact"), &json!("face masks"))
    );
    assert!(
        masks["note"]
            .as_str()
            .unwrap()
            .starts_with("bought, not said to be given; may be what money raised"),
        "{masks}"
    );
    assert!(raised["note"].as_str().unwrap().contains("procured"));
    assert_eq!(of("医用手套", "procured")["quantity"], 680_000);
    assert_eq!(of("消毒液", "procured")["quantity"], 43_000);
    let alcohol = of("医用酒精", "donated");
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
    let bodies = row(&teams, "class", "command_and_working_bodies");
    let kinds = bodies["kinds"].as_array().unwrap();
    assert!(kinds.len() > 1, "{kinds:?}");
    assert!(
        kinds
            .iter()
            .all(|k| k.is_string() && !k.as_str().unwrap().contains(','))
    );
    let rows = query(&a, &["donations-by-material"]);
    let money = row(&rows, "material", "资金");
    assert!(money["donors"].is_array(), "{money}");
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
    assert_eq!(donations["lists"], json!(["donors"]));
    assert_eq!(
        listed.iter().find(|q| q["name"] == "people").unwrap()["lists"],
        json!([])
    );
}

#[test]
fn donations_lists_each_gift_as_printed() {
    let a = Archive::built();
    let rows = query(&a, &["donations"]);
    // Every donation row but the allocation.
    assert_eq!(rows.len(), 16);
    assert!(rows.iter().all(|r| r["kind"] != "allocated"));
    let huami = &rows[0];
    assert_eq!(
        (
            &huami["zone"],
            &huami["donors"],
            &huami["kind"],
            &huami["quantity_as_printed"],
            &huami["value"],
            &huami["unit"],
            &huami["recipient"],
        ),
        (
            &json!("合肥高新区"),
            &json!(["华米科技"]),
            &json!("raised"),
            &json!("1000万元"),
            &json!(10_000_000),
            &json!("元"),
            &json!("湖北、合肥等地医疗机构")
        )
    );
    let dues = row(&rows, "kind", "special_party_dues");
    assert_eq!(
        (
            &dues["quantity_as_printed"],
            &dues["value"],
            &dues["qualifier"]
        ),
        (&json!("3000余元"), &json!(3000), &json!("at_least"))
    );
    // A gift without an amount: unknown, never 0.
    let xiamen = query(&a, &["donations", "--zone", "厦门"]);
    assert_eq!(xiamen.len(), 2);
    assert!(
        xiamen
            .iter()
            .all(|r| r["value"] == Value::Null && r["qualifier"] == Value::Null)
    );
    assert_eq!(xiamen[0]["quote"], "在捐款捐物的同时");
}

#[test]
fn money_by_zone_keeps_each_kind_apart_and_tells_unknown_from_none() {
    let a = Archive::built();
    let rows = query(&a, &["money-by-zone"]);
    assert_eq!(rows.len(), 32, "one row per zone and kind of money");
    let amount = |zone: &str, kind: &str| {
        let r = row2(&rows, zone, "kind", kind);
        (
            r["amount_yuan"].clone(),
            r["qualifier"].clone(),
            r["basis"].clone(),
        )
    };
    let reported = |n: i64, q: &str| (json!(n), json!(q), json!("all amounts reported"));
    let none = || (Value::Null, Value::Null, json!("none"));
    // 合肥: 1000万 raised, 2万 donated and 3000余 special party dues, each on its own.
    assert_eq!(
        amount("合肥高新区", "raised"),
        reported(10_000_000, "exact")
    );
    assert_eq!(amount("合肥高新区", "donated"), reported(20_000, "exact"));
    assert_eq!(
        amount("合肥高新区", "special_party_dues"),
        reported(3_000, "at_least")
    );
    assert_eq!(amount("合肥高新区", "allocated"), none());
    // 襄阳's 30万 is party funds allocated, not donated.
    assert_eq!(
        amount("襄阳高新区", "allocated"),
        reported(300_000, "exact")
    );
    assert_eq!(amount("襄阳高新区", "donated"), none());
    // 厦门 donated money without an amount; 成都 reports no money at all.
    assert_eq!(
        amount("厦门火炬高新区", "donated"),
        (Value::Null, Value::Null, json!("amount not reported"))
    );
    assert_eq!(amount("成都高新区", "raised"), none());
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
    let yu = row(&hefei, "name", "余娟平");
    assert_eq!(
        (&yu["party_member"], &yu["gender"]),
        (&Value::Null, &json!("female"))
    );
    assert_eq!(row(&hefei, "name", "申梦来")["gender"], Value::Null);
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
        let zone = s["zone"].as_str().unwrap();
        assert_eq!(s["party_members"], members[i]["party_members"]);
        assert_eq!(s["party_members_qualifier"], members[i]["qualifier"]);
        for (column, class) in [
            ("front_line_teams", FRONT),
            ("command_and_working_bodies", BODIES),
        ] {
            let t = row2(&teams, zone, "class", class);
            assert_eq!(s[column], t["teams"], "{zone} {column}");
            assert_eq!(s[format!("{column}_qualifier")], t["qualifier"]);
        }
        for (column, kind) in [
            ("money_raised", "raised"),
            ("money_donated", "donated"),
            ("special_party_dues", "special_party_dues"),
            ("money_allocated", "allocated"),
        ] {
            let m = row2(&money, zone, "kind", kind);
            assert_eq!(
                s[format!("{column}_yuan")],
                m["amount_yuan"],
                "{zone} {column}"
            );
            assert_eq!(s[format!("{column}_qualifier")], m["qualifier"]);
        }
    }
    // Nothing adds one class of teams or one kind of money to another.
    for column in ["teams", "teams_qualifier", "money_yuan", "money_qualifier"] {
        assert!(summary[0].get(column).is_none(), "{column}");
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
fn a_figure_is_counted_only_where_a_total_adds_it() {
    let a = Archive::built();
    let rows = query(&a, &["figures"]);
    // 双源's 两支 teams are team rows, counted there: the figure is in no total.
    let two = row(&rows, "phrase", "两支");
    assert_eq!(two["counted"], 0);
    assert_eq!(
        two["counted_note"],
        "no: the teams are team rows, counted by teams-per-zone"
    );
    assert_eq!(
        row(&rows, "phrase", "334个")["counted_note"],
        "no: no total adds this metric"
    );
    // Only party members and grassroots organizations are ever added.
    for r in &rows {
        let metric = r["metric"].as_str().unwrap();
        if r["counted"] == 1 {
            assert!(
                ["party_members", "grassroots_party_organizations"].contains(&metric),
                "{r}"
            );
            assert!(
                r["counted_note"].as_str().unwrap().starts_with("yes"),
                "{r}"
            );
        } else {
            assert!(r["counted_note"].as_str().unwrap().starts_with("no"), "{r}");
        }
    }
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
fn a_query_that_adds_says_what_it_adds_and_what_it_leaves_out() {
    let run = frontline()
        .args(["queries", "--format", "json"])
        .output()
        .unwrap();
    let all: Vec<Value> = serde_json::from_slice(&run.stdout).unwrap();
    let description = |name: &str| -> String {
        all.iter()
            .find(|q| q["name"] == name)
            .unwrap_or_else(|| panic!("no query {name}"))["description"]
            .as_str()
            .unwrap()
            .to_string()
    };
    for name in [
        "party-members-per-zone",
        "teams-per-zone",
        "donations-by-material",
        "money-by-zone",
        "zone-summary",
        "donations",
    ] {
        let d = description(name);
        assert!(
            ["sum", "adds", "adding"].iter().any(|w| d.contains(w)),
            "{name}: say what it adds: {d}"
        );
        assert!(
            ["leaves out", "left out", "adds nothing"]
                .iter()
                .any(|w| d.contains(w)),
            "{name}: say what it leaves out: {d}"
        );
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
        ("donations", "donations"),
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

/// Every row of `view`, each value as SQLite gives it.
fn view_rows(conn: &rusqlite::Connection, view: &str) -> Vec<Vec<rusqlite::types::Value>> {
    let mut stmt = conn.prepare(&format!("SELECT * FROM {view}")).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| (0..n).map(|i| r.get(i)).collect())
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The aggregate views read the rollups; with the rollups marked stale they compute the same rows
/// from the facts, by the SQL they used before there were rollups. On an archive of several
/// articles over shared zones, imported in two loads, both give exactly the same rows.
#[test]
fn every_aggregate_view_gives_the_rows_its_facts_give() {
    let a = Archive::built();
    for (n, (count, start)) in [(7, 1), (9, 8)].into_iter().enumerate() {
        let dir = a.dir.path().join(format!("synth-{n}"));
        super::import::synth(&dir, count, start);
        let run = a.run(&["import", dir.to_str().unwrap(), "--quiet"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let conn = a.conn();
    let from_facts = a.dir.path().join("from-facts.db");
    conn.execute("VACUUM INTO ?1", [from_facts.to_str().unwrap()])
        .unwrap();
    let facts = rusqlite::Connection::open(&from_facts).unwrap();
    facts
        .execute_batch("UPDATE rollup_state SET fresh = 0")
        .unwrap();
    let fresh = |c: &rusqlite::Connection| -> Vec<i64> {
        c.query_row("SELECT * FROM rollup_fresh", [], |r| {
            (0..5).map(|i| r.get(i)).collect()
        })
        .unwrap()
    };
    assert_eq!(fresh(&conn), [1; 5], "the import left every rollup fresh");
    assert_eq!(fresh(&facts), [0; 5]);
    for view in [
        "zone_count",
        "party_members_per_zone",
        "teams_per_zone",
        "money_by_zone",
        "donations_by_material",
        "zone_summary",
        "figures",
    ] {
        let (mut ours, mut theirs) = (view_rows(&conn, view), view_rows(&facts, view));
        if view == "zone_count" {
            // A helper view without ORDER BY: its rows, in any order.
            ours.sort_by_key(|r| format!("{r:?}"));
            theirs.sort_by_key(|r| format!("{r:?}"));
        }
        assert!(!ours.is_empty(), "{view}");
        assert_eq!(ours, theirs, "{view}");
    }
}
