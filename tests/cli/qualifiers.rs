//! Qualifier arithmetic of the named queries, on a small synthetic article loaded with
//! `init --seed` (the real article has no zone whose figures mix every qualifier).

use super::*;
use serde_json::{Value, json};

const TEXT: &str = "甲区报道\n甲单位有党员不到10名,乙单位有党员5余名。\n乙区报道\n丙单位有党员约20名,丁单位有党员8名。\n丙区报道\n丙区党员100名,其中戊单位党员30名。\n丁区报道\n丁区党员约50名,捐款约100元。\n";

fn article_toml(sha: &str) -> String {
    let mut t = format!(
        "[article]\nslug = \"synthetic\"\ntitle = \"测试\"\nsource_file = \"article.txt\"\nsha256 = \"{sha}\"\nyear = 2020\n"
    );
    for (zh, en) in [
        ("甲区", "Zone A"),
        ("乙区", "Zone B"),
        ("丙区", "Zone C"),
        ("丁区", "Zone D"),
    ] {
        t += &format!(
            "\n[[zone]]\nname = \"{zh}\"\nname_en = \"{en}\"\ncity = \"某市\"\ncity_en = \"City\"\nprovince = \"某省\"\nprovince_en = \"Province\"\n"
        );
    }
    for (i, zh) in ["甲区", "乙区", "丙区", "丁区"].iter().enumerate() {
        let body = TEXT.lines().nth(i * 2 + 1).unwrap();
        let start: String = body.chars().take(5).collect();
        t += &format!(
            "\n[[story]]\nzone = \"{zh}\"\nparagraphs = [\n  {{ key = \"h{i}\", kind = \"headline\", starts = \"{zh}报道\" }},\n  {{ key = \"b{i}\", starts = \"{start}\" }},\n]\n"
        );
    }
    t
}

const FACTS: &str = r#"
[[organization]]
name = "甲单位"
kind = "company"
zone = "甲区"
p = "b0"
quote = "甲单位"

[[organization]]
name = "乙单位"
kind = "company"
zone = "甲区"
p = "b0"
quote = "乙单位"

[[organization]]
name = "丙单位"
kind = "company"
zone = "乙区"
p = "b1"
quote = "丙单位"

[[organization]]
name = "丁单位"
kind = "company"
zone = "乙区"
p = "b1"
quote = "丁单位"

[[organization]]
name = "戊单位"
kind = "company"
zone = "丙区"
p = "b2"
quote = "戊单位"

[[figure]]
zone = "甲区"
org = "甲单位"
metric = "party_members"
description = "党员"
phrase = "不到10名"
p = "b0"
quote = "甲单位有党员不到10名"

[[figure]]
zone = "甲区"
org = "乙单位"
metric = "party_members"
description = "党员"
phrase = "5余名"
p = "b0"
quote = "乙单位有党员5余名"

[[figure]]
zone = "乙区"
org = "丙单位"
metric = "party_members"
description = "党员"
phrase = "约20名"
p = "b1"
quote = "丙单位有党员约20名"

[[figure]]
zone = "乙区"
org = "丁单位"
metric = "party_members"
description = "党员"
phrase = "8名"
p = "b1"
quote = "丁单位有党员8名"

[[figure]]
key = "c-total"
zone = "丙区"
metric = "party_members"
description = "党员"
phrase = "100名"
p = "b2"
quote = "丙区党员100名"

[[figure]]
zone = "丙区"
org = "戊单位"
metric = "party_members"
description = "党员"
phrase = "30名"
part_of = "c-total"
p = "b2"
quote = "戊单位党员30名"

[[figure]]
zone = "丁区"
metric = "party_members"
description = "党员"
phrase = "约50名"
p = "b3"
quote = "丁区党员约50名"

[[material]]
name = "资金"
name_en = "money"
category = "money"
unit = "元"

[[donation]]
zone = "丁区"
kind = "donated"
material = "资金"
quantity = "约100元"
p = "b3"
quote = "捐款约100元"
"#;

fn synthetic_archive() -> (TempDir, PathBuf) {
    use sha2::{Digest, Sha256};
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("seed").join("synthetic");
    std::fs::create_dir_all(&article).unwrap();
    std::fs::write(article.join("article.txt"), TEXT).unwrap();
    let sha = format!("{:x}", Sha256::digest(TEXT.as_bytes()));
    std::fs::write(article.join("article.toml"), article_toml(&sha)).unwrap();
    std::fs::write(article.join("facts.toml"), FACTS).unwrap();
    let db = dir.path().join("s.db");
    let run = run_in(dir.path(), &["--db", "s.db", "init", "--seed", "seed"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (dir, db)
}

#[test]
fn sums_carry_the_qualifiers_of_their_terms() {
    let (dir, _) = synthetic_archive();
    let run = run_in(
        dir.path(),
        &[
            "--db",
            "s.db",
            "query",
            "party-members-per-zone",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let got: Vec<(Value, Value, Value)> = rows
        .iter()
        .map(|r| {
            (
                r["party_members"].clone(),
                r["qualifier"].clone(),
                r["basis"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            // 不到10 + 5余: one term bounded above, one below: no bound, and it says so.
            (json!(15), json!("unbounded"), json!("sum of units")),
            // 约20 + 8, a sum of units: a lower bound even with an approximate term.
            (json!(28), json!("at_least"), json!("sum of units")),
            // The zone's own 100; 戊单位's 30 is part of it and never added.
            (json!(100), json!("exact"), json!("zone total")),
            // The zone's own 约50.
            (json!(50), json!("approx"), json!("zone total")),
        ]
    );
    let run = run_in(
        dir.path(),
        &[
            "--db",
            "s.db",
            "query",
            "money-by-zone",
            "--zone",
            "丁区",
            "--format",
            "csv",
        ],
    );
    assert_eq!(
        run.stdout,
        "zone,zone_en,kind,amount_yuan,qualifier,basis,entries\r\n\
         丁区,Zone D,raised,,,none,0\r\n\
         丁区,Zone D,donated,100,approx,all amounts reported,1\r\n\
         丁区,Zone D,special_party_dues,,,none,0\r\n\
         丁区,Zone D,allocated,,,none,0\r\n"
    );
}

#[test]
fn an_upper_bound_from_another_article_does_not_stand_as_the_largest_count() {
    use sha2::{Digest, Sha256};
    let (dir, _) = synthetic_archive();
    // A second article says 丁区 has fewer than 80 party members; the first said about 50.
    let text = "丁区续报\n丁区党员不到80名。\n";
    let article = dir.path().join("more");
    std::fs::create_dir_all(&article).unwrap();
    std::fs::write(article.join("article.txt"), text).unwrap();
    let sha = format!("{:x}", Sha256::digest(text.as_bytes()));
    std::fs::write(
        article.join("article.toml"),
        format!(
            "[article]\nslug = \"more\"\ntitle = \"续报\"\nsource_file = \"article.txt\"\nsha256 = \"{sha}\"\nyear = 2020\n\n\
             [[zone]]\nname = \"丁区\"\nname_en = \"Zone D\"\ncity = \"某市\"\ncity_en = \"City\"\nprovince = \"某省\"\nprovince_en = \"Province\"\n\n\
             [[story]]\nzone = \"丁区\"\nparagraphs = [\n  {{ key = \"h\", kind = \"headline\", starts = \"丁区续报\" }},\n  {{ key = \"b\", starts = \"丁区党员\" }},\n]\n"
        ),
    )
    .unwrap();
    std::fs::write(
        article.join("facts.toml"),
        "[[figure]]\nzone = \"丁区\"\nmetric = \"party_members\"\ndescription = \"党员\"\nphrase = \"不到80名\"\np = \"b\"\nquote = \"丁区党员不到80名\"\n",
    )
    .unwrap();
    let run = run_in(dir.path(), &["--db", "s.db", "import", "more"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = run_in(
        dir.path(),
        &[
            "--db",
            "s.db",
            "query",
            "party-members-per-zone",
            "--zone",
            "丁区",
            "--format",
            "json",
        ],
    );
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        rows[0]["party_members"], 50,
        "约50 stands; 不到80 is an upper bound, not a larger count"
    );
    assert_eq!(rows[0]["qualifier"], "at_least");
    assert_eq!(rows[0]["basis"], "zone total, largest of 2 articles");
    // The figures view says which report is in the total.
    let run = run_in(
        dir.path(),
        &[
            "--db", "s.db", "query", "figures", "--zone", "丁区", "--format", "json",
        ],
    );
    let figures: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let counted: Vec<(Value, Value)> = figures
        .iter()
        .map(|f| (f["phrase"].clone(), f["counted"].clone()))
        .collect();
    assert_eq!(
        counted,
        vec![(json!("约50名"), json!(1)), (json!("不到80名"), json!(0))]
    );
}
