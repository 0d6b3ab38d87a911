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
    let run = a.run(&["article"]);
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
    let text = a.run(&["article"]).stdout;
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
    let run = a.run(&["article", "--zone", "西安"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("西安高新区:我是共产党员,我请战!\n"));
    assert!(!run.stdout.contains("成都高新区1000个"));
    assert!(run.stdout.contains("刘智勇"));
}
