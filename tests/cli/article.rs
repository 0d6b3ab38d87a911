//! `frontline article`: the page in reading order, nothing lost and nothing twice.

use super::*;

fn sorted_chars(s: &str) -> Vec<char> {
    let mut v: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    v.sort_unstable();
    v
}

#[test]
fn the_article_is_reproduced_character_for_character() {
    let a = Archive::built();
    let run = a.run(&["article", "--plain"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let original = std::fs::read_to_string(seed_dir().join("gaoxinqu-2020/article.txt")).unwrap();
    assert_eq!(sorted_chars(&run.stdout), sorted_chars(&original));
    // Each paragraph of the page appears exactly once, on a line of its own or joined to the one it
    // continues.
    for line in original.lines().filter(|l| !l.trim().is_empty()) {
        assert_eq!(
            run.stdout.matches(line).count(),
            original.matches(line).count(),
            "{line}"
        );
    }
}

#[test]
fn split_paragraphs_are_joined_and_stories_read_in_order() {
    let a = Archive::built();
    let text = a.run(&["article", "--plain"]).stdout;
    assert!(text.contains("统筹协调辖区党力量,确保摸排走访全覆盖"));
    assert!(text.contains("能够做到武汉增援,是我的荣幸"));
    assert!(text.contains("8个疫情防控小组,建立五级防控体系"));
    assert!(text.starts_with(
        "成都高新区1000个基层党组织 坚守疫情防控阻击战第一线\n\n► 陈淋\n\n“我是党员,我先行!”"
    ));
    let order: Vec<usize> = [
        "成都高新区1000个",
        "合肥高新区:",
        "兰州高新区:",
        "海口高新区:",
        "厦门火炬高新区:",
        "襄阳高新区:",
        "西安高新区:",
        "淄博高新区:",
    ]
    .iter()
    .map(|h| text.find(&format!("\n\n\n{h}")).map_or(0, |i| i + 3))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    // 成都's lead quotes come before its summary paragraph.
    assert!(
        text.find("“社区缺人么?").unwrap()
            < text.find("面对严峻的新型冠状病毒肺炎疫情防控形势").unwrap()
    );
}

#[test]
fn one_zone_prints_its_story_only() {
    let a = Archive::built();
    let run = a.run(&["article", "--zone", "西安", "--plain"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("西安高新区:我是共产党员,我请战!\n"));
    assert!(!run.stdout.contains("成都高新区1000个"));
    assert!(run.stdout.contains("刘智勇"));
}

/// The article with paragraph numbers, and each numbered line's label and text.
fn numbered(a: &Archive, args: &[&str]) -> (String, Vec<(String, String)>) {
    let mut all = vec!["article"];
    all.extend_from_slice(args);
    let run = a.run(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = run
        .stdout
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (label, text) = l
                .split_once("  ")
                .unwrap_or_else(|| panic!("no number: {l}"));
            (label.to_string(), text.to_string())
        })
        .collect();
    (run.stdout, lines)
}

#[test]
fn paragraphs_carry_the_numbers_search_and_sources_use_and_plain_drops_only_them() {
    let a = Archive::built();
    let (text, lines) = numbered(&a, &[]);
    assert!(text.starts_with("¶1  成都高新区1000个基层党组织"), "{text}");
    // Without the numbers, the output is --plain's exactly.
    let stripped: String = text
        .lines()
        .map(|l| {
            l.split_once("  ").map_or(l, |(label, rest)| {
                assert!(label.starts_with('¶'), "{l}");
                rest
            })
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(stripped + "\n", a.run(&["article", "--plain"]).stdout);
    // Numbers run 1, 2, 3 … through the article; a split paragraph carries both of its halves'.
    let mut expected = 1;
    for (label, _) in &lines {
        let numbers: Vec<i64> = label
            .split('–')
            .map(|n| n.trim_start_matches('¶').parse().unwrap())
            .collect();
        assert_eq!(numbers[0], expected, "{label}");
        expected = numbers.last().unwrap() + 1;
    }
    assert!(
        lines.iter().any(|(l, _)| l.contains('–')),
        "split paragraphs are numbered"
    );
    // Every search hit's number labels a paragraph that holds the hit.
    let hits: Vec<serde_json::Value> = serde_json::from_str(
        &a.run(&["search", "党员", "--limit", "0", "--format", "json"])
            .stdout,
    )
    .unwrap();
    for hit in &hits {
        let n = hit["paragraph"].as_i64().unwrap();
        let (_, text) = lines
            .iter()
            .find(|(l, _)| l.split('–').any(|x| x == format!("¶{n}")))
            .unwrap_or_else(|| panic!("no ¶{n} in the article"));
        assert!(text.contains("党员"), "¶{n}: {text}");
    }
    // And so does every source's: the quote is in the paragraph with its number.
    let rows: Vec<serde_json::Value> = serde_json::from_str(
        &a.run(&["query", "figures", "--sources", "--format", "json"])
            .stdout,
    )
    .unwrap();
    for r in &rows {
        for s in r["sources"].as_array().unwrap() {
            let n = s["paragraph"].as_i64().unwrap();
            let (_, text) = lines
                .iter()
                .find(|(l, _)| l.split('–').any(|x| x == format!("¶{n}")))
                .unwrap();
            assert!(text.contains(s["quote"].as_str().unwrap()), "¶{n}: {s}");
        }
    }
    // One zone's story keeps the article's numbers.
    let (_, xian) = numbered(&a, &["--zone", "西安"]);
    assert!(
        xian[0].0 != "¶1" && xian[0].1.starts_with("西安高新区:"),
        "{:?}",
        xian[0]
    );
}

#[test]
fn with_several_articles_each_number_names_its_article() {
    let a = Archive::built();
    let dir = a.dir.path().join("synth");
    crate::import::synth(&dir, 1, 1);
    assert_eq!(a.run(&["import", dir.to_str().unwrap()]).code, 0);
    let (text, lines) = numbered(&a, &[]);
    assert!(
        text.starts_with("gaoxinqu-2020:¶1  成都高新区1000个"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|(l, _)| l.starts_with("synthetic-000001:¶")),
        "{text}"
    );
    // The label is what cite takes.
    let (label, body) = &lines[4];
    let run = a.run(&["cite", label, "--format", "json"]);
    assert_eq!(run.code, 0, "{label}: {}", run.stderr);
    let json: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json[0]["text"].as_str().unwrap(), body);
}
