//! `frontline search`: hits and misses for short and long words, hostile input, snippets.

use super::*;
use serde_json::Value;

/// Reading positions of the paragraphs `search` returns (as JSON, no limit in the way).
fn found(a: &Archive, args: &[&str]) -> Vec<i64> {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json", "--limit", "1000"]);
    let run = a.run(&all);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let mut numbers: Vec<i64> = rows
        .iter()
        .map(|r| r["paragraph"].as_i64().unwrap())
        .collect();
    numbers.sort_unstable();
    numbers
}

/// The same, found the slow way: paragraphs (split ones joined, as they are read) containing every
/// word as a substring.
fn scanned(a: &Archive, words: &[&str]) -> Vec<i64> {
    let conn = a.conn();
    let mut stmt = conn
        .prepare(
            "SELECT p.reading_position, p.text, r.text FROM reading_text r JOIN paragraph p ON p.id = r.id \
             ORDER BY p.reading_position",
        )
        .unwrap();
    let rows: Vec<(i64, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut numbers: Vec<i64> = rows
        .into_iter()
        .filter(|(_, _, t)| words.iter().all(|w| t.contains(w)))
        .map(|(n, first, t)| {
            // A hit is numbered by the half where its first word occurrence starts.
            let earliest = words.iter().filter_map(|w| t.find(w)).min().unwrap();
            if earliest >= first.len() { n + 1 } else { n }
        })
        .collect();
    numbers.sort_unstable();
    numbers
}

#[test]
fn words_of_every_length_find_exactly_the_paragraphs_that_contain_them() {
    let a = Archive::built();
    for words in [
        vec!["罩"],
        vec!["口罩"],
        vec!["党员"],
        vec!["突击队"],
        vec!["新型冠状病毒"],
        vec!["党员", "突击"],
        vec!["党员", "志愿服务"],
        vec!["先锋队", "突击队", "志愿队"],
        vec!["火星"],
        vec!["不存在的词语"],
        // Two characters at a paragraph's very end, where no trigram starts with them: found
        // through the tail index alone (陈淋 ends a byline and occurs nowhere else), or there
        // and in the index (防线, 击战).
        vec!["陈淋"],
        vec!["防线"],
        vec!["击战"],
        vec!["击战", "党员"],
        // Across the split paragraph ¶9–¶10 (…协调辖区党 | 力量…).
        vec!["党力"],
        vec!["党力", "辖区"],
    ] {
        let expected = scanned(&a, &words);
        assert_eq!(found(&a, &words), expected, "{words:?}");
    }
    for words in [
        &["罩"][..],
        &["党员", "突击"],
        &["陈淋"],
        &["防线"],
        &["党力"],
    ] {
        assert!(!scanned(&a, words).is_empty(), "{words:?} is on the page");
    }
}

#[test]
fn a_paragraph_far_from_its_headline_is_found_in_its_story() {
    let a = Archive::built();
    // The first lines of the page finish a 成都 paragraph printed near the bottom of the page: the
    // hit is that paragraph, as read (both halves), in the 成都 story.
    let run = a.run(&["search", "确保摸排走访全覆盖", "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["zone"], "成都高新区");
    assert!(
        rows[0]["story"]
            .as_str()
            .unwrap()
            .starts_with("成都高新区1000个基层党组织")
    );
    let number = rows[0]["paragraph"].as_i64().unwrap();
    let conn = a.conn();
    let (second, continues, first): (i64, i64, i64) = conn
        .query_row(
            "SELECT q.source_position, q.continues_previous, p.source_position FROM paragraph q \
             JOIN paragraph p ON p.story_id = q.story_id AND p.reading_position = q.reading_position - 1 \
             WHERE q.reading_position = ?1",
            [number],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (second, continues),
        (3, 1),
        "the words stand third on the page, in a second half"
    );
    assert!(
        first > 30,
        "whose first half stands near the bottom of the page"
    );
}

#[test]
fn hostile_input_is_searched_as_text() {
    let a = Archive::built();
    for hostile in [
        "\"",
        "*",
        "-",
        "OR",
        "(",
        ")",
        "\"OR\" -x* (党员 AND",
        "NEAR(",
        "党员\"",
        "a:b",
        "^党员",
        "{}",
        "党员 OR 口罩",
    ] {
        let run = a.run(&["search", hostile, "--format", "csv"]);
        assert_eq!(run.code, 0, "{hostile}: {}", run.stderr);
        assert!(!run.stderr.contains("fts5"), "{hostile}: {}", run.stderr);
    }
    // Syntax characters that are in the text are found as text.
    assert_eq!(found(&a, &["(单位)"]), scanned(&a, &["(单位)"]));
    assert_eq!(found(&a, &["“高新先锋”"]), scanned(&a, &["“高新先锋”"]));
    assert_eq!(found(&a, &["\"党员 志愿\""]), scanned(&a, &["党员 志愿"]));
    // "OR" is a word to find, not an operator: 党员 OR 口罩 needs all three words.
    assert!(found(&a, &["党员", "OR", "口罩"]).is_empty());
}

#[test]
fn raw_fts5_syntax_is_available_on_request() {
    let a = Archive::built();
    let either = found(&a, &["--raw", "\"突击队\" OR \"先锋队\""]);
    let mut expected = scanned(&a, &["突击队"]);
    expected.extend(scanned(&a, &["先锋队"]));
    expected.sort_unstable();
    expected.dedup();
    assert_eq!(either, expected);
    let run = a.run(&["search", "--raw", "\"unclosed"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("frontline: search failed: unterminated string"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("without --raw"), "{}", run.stderr);
}

#[test]
fn snippets_mark_hits_in_tables_and_stay_raw_in_csv() {
    let a = Archive::built();
    let table = a.run(&["search", "口罩", "--zone", "合肥"]).stdout;
    assert!(table.contains("【口罩】"), "{table}");
    let csv = a
        .run(&["search", "口罩", "--zone", "合肥", "--format", "csv"])
        .stdout;
    assert!(!csv.contains('【') && csv.contains("21万个口罩"), "{csv}");
    let md = a
        .run(&["search", "口罩", "--zone", "合肥", "--format", "markdown"])
        .stdout;
    assert!(md.contains("【口罩】"), "{md}");
    // The hit lies in the citation of the 21万个口罩 donation.
    let json: Vec<Value> =
        serde_json::from_str(&a.run(&["search", "21万个口罩", "--format", "json"]).stdout).unwrap();
    let cited = json[0]["citations"][0].as_i64().unwrap();
    assert_eq!(json[0]["citations"].as_array().unwrap().len(), 1);
    let quote: String = a
        .conn()
        .query_row(
            &format!("SELECT quote FROM citation WHERE id = {cited}"),
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(quote.contains("21万个口罩"), "{quote}");
    // Several citations: an array in JSON, joined with commas in csv.
    let search = |format: &str| a.run(&["search", "和189名党员快速组建党员", "--format", format]);
    let rows: Vec<Value> = serde_json::from_str(&search("json").stdout).unwrap();
    let ids: Vec<i64> = rows[0]["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_i64().unwrap())
        .collect();
    assert!(ids.len() >= 2, "{ids:?}");
    let csv = search("csv").stdout;
    let joined: Vec<String> = ids.iter().map(i64::to_string).collect();
    assert!(csv.contains(&joined.join(",")), "{csv}");
}

#[test]
fn zone_and_limit_narrow_the_results() {
    let a = Archive::built();
    let all = found(&a, &["党员"]);
    let run = a.run(&["search", "党员", "--zone", "Xi'an", "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert!(!rows.is_empty() && rows.iter().all(|r| r["zone"] == "西安高新区"));
    let run = a.run(&["search", "党员", "--limit", "2", "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(rows.len(), 2);
    assert!(all.len() > 2);
}

#[test]
fn the_index_holds_every_paragraph() {
    let a = Archive::built();
    let conn = a.conn();
    // Each paragraph row with its own text, and nothing else: FTS5's integrity check compares
    // the index with its content table (a command spelled as an INSERT; it writes nothing).
    rusqlite::Connection::open(&a.path)
        .unwrap()
        .execute(
            "INSERT INTO paragraph_fts (paragraph_fts, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .unwrap();
    for word in ["高新区", "突击队", "党员"] {
        let (indexed, rows): (i64, i64) = conn
            .query_row(
                "SELECT (SELECT count(*) FROM paragraph_fts WHERE paragraph_fts MATCH '\"' || ?1 || '\"'), \
                        (SELECT count(*) FROM paragraph WHERE instr(text, ?1) > 0)",
                [word],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        if word.chars().count() >= 3 {
            assert_eq!(indexed, rows, "{word}");
        } else {
            // Too short for a trigram: the index cannot answer for it directly.
            assert_eq!(indexed, 0, "{word}");
        }
    }
}

#[test]
fn an_empty_search_is_a_usage_error() {
    let a = Archive::built();
    assert_eq!(a.run(&["search", "  "]).code, 2);
    assert_eq!(a.run(&["search"]).code, 2);
}

#[test]
fn a_phrase_across_a_split_paragraph_is_found() {
    let a = Archive::built();
    for (phrase, zone) in [
        ("8个疫情防控小组", "西安高新区"),
        ("能够做到武汉增援", "成都高新区"),
        ("辖区党力量", "成都高新区"),
    ] {
        let rows: Vec<Value> =
            serde_json::from_str(&a.run(&["search", phrase, "--format", "json"]).stdout).unwrap();
        assert_eq!(rows.len(), 1, "{phrase}");
        assert_eq!(rows[0]["zone"], zone);
        assert!(
            rows[0]["snippet"].as_str().unwrap().contains(phrase),
            "{phrase}"
        );
    }
    // The citation in the first half is still found in the joined text.
    let rows: Vec<Value> = serde_json::from_str(
        &a.run(&["search", "8个疫情防控小组", "--format", "json"])
            .stdout,
    )
    .unwrap();
    assert_eq!(rows[0]["citations"].as_array().unwrap().len(), 1);
    let cited = rows[0]["citations"][0].as_i64().unwrap();
    let quote: String = a
        .conn()
        .query_row(
            &format!("SELECT quote FROM citation WHERE id = {cited}"),
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(quote, "8个疫情防控");
}

#[test]
fn a_cut_result_says_so_and_limit_zero_shows_all() {
    let a = Archive::built();
    let every = scanned(&a, &["党员"]).len();
    assert!(every > 20, "the seed has more than 20 paragraphs with 党员");
    let run = a.run(&["search", "党员", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(rows.len(), 20);
    assert_eq!(
        run.stderr.trim(),
        format!("frontline: showing 20 of {every}; --limit 0 for all")
    );
    let run = a.run(&["search", "党员", "--limit", "0", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(rows.len(), every);
    assert_eq!(run.stderr, "");
    // A limit that shows everything says nothing; one below says it.
    let exact = every.to_string();
    assert_eq!(a.run(&["search", "党员", "-n", &exact]).stderr, "");
    let less = (every - 1).to_string();
    assert!(
        a.run(&["search", "党员", "-n", &less, "--format", "csv"])
            .stderr
            .contains(&format!("showing {less} of {every}"))
    );
}

#[test]
fn a_hit_gives_its_paragraph_and_citations_and_cite_shows_them() {
    let a = Archive::built();
    let rows: Vec<Value> = serde_json::from_str(
        &a.run(&["search", "党员", "--limit", "0", "--format", "json"])
            .stdout,
    )
    .unwrap();
    let mut followed = 0;
    for r in &rows {
        assert_eq!(r["article"], "gaoxinqu-2020");
        let number = r["paragraph"].as_i64().unwrap();
        let run = a.run(&["cite", &format!("¶{number}"), "--format", "json"]);
        assert_eq!(run.code, 0, "¶{number}: {}", run.stderr);
        let p: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(p[0]["zone"], r["zone"]);
        assert_eq!(p[0]["story"], r["story"]);
        let in_paragraph: Vec<&Value> = p[0]["citations"]
            .as_array()
            .map(|c| c.iter().map(|c| &c["citation_id"]).collect())
            .unwrap_or_default();
        for id in r["citations"].as_array().into_iter().flatten() {
            followed += 1;
            let cited: Vec<Value> =
                serde_json::from_str(&a.run(&["cite", &id.to_string(), "--format", "json"]).stdout)
                    .unwrap();
            assert_eq!(cited[0]["paragraph"], number, "citation {id}");
            assert!(
                cited[0]["quote"].as_str().unwrap().contains("党员"),
                "citation {id}"
            );
            assert!(in_paragraph.contains(&id), "¶{number} lists citation {id}");
        }
    }
    assert!(followed > 5, "{followed}");
}

/// The ids of the paragraph rows (each half on its own, as other tools see them) containing `word`.
fn rows_containing(a: &Archive, word: &str) -> Vec<i64> {
    let conn = a.conn();
    let mut stmt = conn
        .prepare("SELECT id FROM paragraph WHERE instr(text, ?1) > 0 ORDER BY id")
        .unwrap();
    stmt.query_map([word], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The ids of the rows `sqlite-utils search` prints.
fn sqlite_utils_search(su: &Path, a: &Archive, word: &str) -> Vec<i64> {
    let out = std::process::Command::new(su)
        .args(["search", a.path.to_str().unwrap(), "paragraph", word])
        .output()
        .map(succeeded)
        .unwrap();
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut ids: Vec<i64> = rows.iter().map(|r| r["id"].as_i64().unwrap()).collect();
    ids.sort_unstable();
    ids
}

#[test]
fn sqlite_utils_finds_the_index_and_searches_with_it() {
    let Some(su) = tool("sqlite-utils", "FRONTLINE_SQLITE_UTILS") else {
        return;
    };
    let a = Archive::built();
    let out = std::process::Command::new(&su)
        .args(["tables", a.path.to_str().unwrap(), "--fts5"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let tables: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(tables, serde_json::json!([{"table": "paragraph_fts"}]));

    let expected = rows_containing(&a, "突击队");
    assert!(expected.len() >= 3, "{expected:?}");
    assert_eq!(sqlite_utils_search(&su, &a, "突击队"), expected);
    assert!(sqlite_utils_search(&su, &a, "不存在的词语").is_empty());

    // Its rebuild gives the index frontline writes: the same hits, for both tools.
    let before = a.run(&["search", "突击队", "--format", "json", "--limit", "0"]);
    std::process::Command::new(&su)
        .args(["rebuild-fts", a.path.to_str().unwrap(), "paragraph"])
        .output()
        .map(succeeded)
        .unwrap();
    assert_eq!(sqlite_utils_search(&su, &a, "突击队"), expected);
    let after = a.run(&["search", "突击队", "--format", "json", "--limit", "0"]);
    assert_eq!((after.code, &after.stdout), (0, &before.stdout));
    assert_eq!(a.run(&["check"]).code, 0);
}

/// A cut result is the first rows of the whole one, in the same order, and says how many there are
/// in all: for short and long words, ranked or in reading order, with and without other filters.
#[test]
fn a_limit_shows_the_first_rows_of_the_whole_result_and_counts_them_all() {
    let a = Archive::built();
    let key = |r: &Value| format!("{}:{}", r["article"], r["paragraph"]);
    for words in [
        &["党员"][..],
        &["高新区"],
        &["党员", "--zone", "成都高新区"],
        &["高新区", "--zone", "成都高新区"],
        &["党员", "企业"],
        &["党员", "高新区"],
        &["党", "高新区"],
    ] {
        let mut all = vec!["search"];
        all.extend_from_slice(words);
        all.extend_from_slice(&["--format", "json", "--limit", "0"]);
        let whole: Vec<Value> = serde_json::from_str(&a.run(&all).stdout).unwrap();
        assert!(whole.len() > 3, "{words:?}: {}", whole.len());
        all.pop();
        all.push("3");
        let run = a.run(&all);
        let cut: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(
            cut.iter().map(key).collect::<Vec<_>>(),
            whole[..3].iter().map(key).collect::<Vec<_>>(),
            "{words:?}"
        );
        assert_eq!(
            run.stderr.trim(),
            format!("frontline: showing 3 of {}; --limit 0 for all", whole.len()),
            "{words:?}"
        );
    }
}
