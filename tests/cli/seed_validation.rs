//! The seed loader's checks: each test breaks one thing in a copy of the real seed and checks
//! that `init --seed` stops with a message naming the file, the record and the reason, and that
//! nothing is written.

use super::*;

const ARTICLE: &str = "gaoxinqu-2020";

/// A copy of the real seed with one edit: `from` (which must occur exactly once) replaced by `to`.
fn broken_seed(file: &str, from: &str, to: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join(ARTICLE);
    std::fs::create_dir(&article).unwrap();
    for name in ["article.txt", "article.toml", "facts.toml"] {
        std::fs::copy(seed_dir().join(ARTICLE).join(name), article.join(name)).unwrap();
    }
    let path = article.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "the fixture edit must be unambiguous: {from}"
    );
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    dir
}

/// Loads the broken seed into a new archive and into an existing one (with --force), checks that
/// both fail with exit 1 and that nothing changed; returns the error message.
fn load_fails(seed: &TempDir) -> String {
    let work = tempfile::tempdir().unwrap();
    let seed_path = seed.path().to_str().unwrap();
    let run = run_in(
        work.path(),
        &["--db", "new.db", "init", "--seed", seed_path],
    );
    assert_eq!(run.code, 1, "a broken seed must fail: {}", run.stdout);
    assert!(
        files_in(work.path()).is_empty(),
        "nothing may be written: {:?}",
        files_in(work.path())
    );
    assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);

    let existing = Archive::built();
    let before = fingerprint(&existing.path);
    let again = existing.run(&["init", "--force", "--seed", seed_path]);
    assert_eq!(again.code, 1);
    assert_eq!(
        fingerprint(&existing.path),
        before,
        "the existing archive must be untouched"
    );
    assert_eq!(files_in(existing.dir.path()), vec!["archive.db"]);
    run.stderr
}

fn assert_mentions(msg: &str, parts: &[&str]) {
    assert!(msg.starts_with("frontline: "), "{msg}");
    for p in parts {
        assert!(msg.contains(p), "expected {p:?} in: {msg}");
    }
}

#[test]
fn the_unchanged_seed_loads_from_disk_like_the_embedded_one() {
    let seed = broken_seed(
        "facts.toml",
        "# The facts of the page",
        "# The facts of the page",
    );
    let work = tempfile::tempdir().unwrap();
    let run = run_in(
        work.path(),
        &[
            "--db",
            "disk.db",
            "init",
            "--seed",
            seed.path().to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let embedded = Archive::built();
    assert_eq!(
        fingerprint(&work.path().join("disk.db")),
        fingerprint(&embedded.path)
    );
}

#[test]
fn a_quote_not_in_its_paragraph() {
    let seed = broken_seed(
        "facts.toml",
        "quote = \"迈克生物党支部书记杨慧\"\n\n[[organization]]\nname = \"迈克生物党支部\"",
        "quote = \"迈克生物党委书记杨慧\"\n\n[[organization]]\nname = \"迈克生物党支部\"",
    );
    let msg = load_fails(&seed);
    assert_mentions(
        &msg,
        &[
            "facts.toml",
            "organization #1 \"迈克生物\"",
            "is not in paragraph cd11",
            "nothing was written",
        ],
    );
}

#[test]
fn a_quote_that_occurs_twice_needs_nth() {
    let seed = broken_seed(
        "facts.toml",
        "p = \"cd11\"\nquote = \"迈克生物党支部书记杨慧\"\n\n[[organization]]\nname = \"迈克生物党支部\"",
        "p = \"cd5\"\nquote = \"疫情\"\n\n[[organization]]\nname = \"迈克生物党支部\"",
    );
    let msg = load_fails(&seed);
    assert_mentions(
        &msg,
        &[
            "organization #1 \"迈克生物\"",
            "occurs 3 times in paragraph cd5",
            "nth",
        ],
    );

    let seed = broken_seed(
        "facts.toml",
        "p = \"cd11\"\nquote = \"迈克生物党支部书记杨慧\"\n\n[[organization]]\nname = \"迈克生物党支部\"",
        "p = \"cd5\"\nquote = \"疫情\"\nnth = 4\n\n[[organization]]\nname = \"迈克生物党支部\"",
    );
    let msg = load_fails(&seed);
    assert_mentions(&msg, &["nth = 4, but the quote occurs 3 times"]);
}

#[test]
fn an_unknown_paragraph_key() {
    let seed = broken_seed(
        "facts.toml",
        "p = \"zb10\"\nquote = \"淄博保税物流园机关干部\"",
        "p = \"zb99\"\nquote = \"淄博保税物流园机关干部\"",
    );
    let msg = load_fails(&seed);
    assert_mentions(
        &msg,
        &["\"淄博保税物流园\"", "unknown paragraph key \"zb99\""],
    );
}

#[test]
fn an_unknown_organization_reference() {
    let seed = broken_seed(
        "facts.toml",
        "parent = \"桂溪街道党工委\"",
        "parent = \"桂溪街道党委\"",
    );
    let msg = load_fails(&seed);
    assert_mentions(
        &msg,
        &[
            "facts.toml",
            "\"双源社区党委\"",
            "unknown organization \"桂溪街道党委\"",
        ],
    );
}

#[test]
fn an_unknown_zone() {
    let seed = broken_seed(
        "facts.toml",
        "zone = \"海口高新区\"\nkind = \"donated\"",
        "zone = \"海口开发区\"\nkind = \"donated\"",
    );
    let msg = load_fails(&seed);
    assert_mentions(
        &msg,
        &["donation #", "unknown zone \"海口开发区\"", "成都高新区"],
    );
}

#[test]
fn a_malformed_quantity_phrase() {
    let seed = broken_seed(
        "facts.toml",
        "phrase = \"1.5万余名\"\np = \"cd5\"",
        "phrase = \"党员\"\np = \"cd5\"",
    );
    let msg = load_fails(&seed);
    assert_mentions(
        &msg,
        &["figure #1 \"cd-members\"", "cannot parse quantity \"党员\""],
    );
}

#[test]
fn a_quantity_that_is_only_the_tail_of_a_number() {
    // "89名" occurs in "189名", but the page does not say 89.
    let seed = broken_seed("facts.toml", "phrase = \"189名\"", "phrase = \"89名\"");
    let msg = load_fails(&seed);
    assert_mentions(&msg, &["quantity \"89名\" is not in its quote"]);
}

#[test]
fn a_quantity_phrase_not_in_its_quote() {
    let seed = broken_seed(
        "facts.toml",
        "quantity = \"21万个\"",
        "quantity = \"22万个\"",
    );
    let msg = load_fails(&seed);
    assert_mentions(
        &msg,
        &["donation #2", "quantity \"22万个\" is not in its quote"],
    );
}

#[test]
fn a_quantity_in_the_wrong_unit_for_its_material() {
    let seed = broken_seed(
        "facts.toml",
        "material = \"口罩\"\nquantity = \"21万个\"",
        "material = \"防护服\"\nquantity = \"21万个\"",
    );
    let msg = load_fails(&seed);
    assert_mentions(
        &msg,
        &[
            "donation #2",
            "the quantity is in 个, but 防护服 is counted in 套",
        ],
    );
}

#[test]
fn a_restated_figure_with_another_value() {
    let seed = broken_seed(
        "facts.toml",
        "phrase = \"上千余名\"\npart_of = \"cd-members\"",
        "phrase = \"上千余名\"\nrestates = \"cd-members\"",
    );
    let msg = load_fails(&seed);
    assert_mentions(
        &msg,
        &[
            "figure #7",
            "restates \"cd-members\" but says 1000 where that says 15000",
        ],
    );
}

#[test]
fn nested_teams_larger_than_their_total() {
    let seed = broken_seed("facts.toml", "count = \"40支\"", "count = \"3支\"");
    let msg = load_fails(&seed);
    assert_mentions(&msg, &["quantity \"3支\" is not in its quote"]);
    let seed = broken_seed(
        "facts.toml",
        "quote = \"共计190名党员40支队伍\"\n\n[[team]]",
        "quote = \"共计190名党员40支队伍\"\n\n[[team]]\nname = \"x\"\nkind = \"mixed\"\nzone = \"海口高新区\"\ncount = \"3支\"\np = \"hk3\"\nquote = \"3支志愿队\"\npart_of = \"hk-40\"\n\n[[team]]",
    );
    let msg = load_fails(&seed);
    assert_mentions(&msg, &["add up to 43 teams, more than its 40"]);
}

#[test]
fn a_value_the_schema_rejects() {
    let seed = broken_seed(
        "facts.toml",
        "name = \"迈克生物\"\nkind = \"company\"",
        "name = \"迈克生物\"\nkind = \"startup\"",
    );
    let msg = load_fails(&seed);
    assert_mentions(
        &msg,
        &[
            "organization #1 \"迈克生物\"",
            "the archive rejects it",
            "CHECK constraint failed",
        ],
    );
}

#[test]
fn a_misspelt_field_name() {
    let seed = broken_seed(
        "facts.toml",
        "name = \"杨慧\"\nzone = \"成都高新区\"\nparty_member = true",
        "name = \"杨慧\"\nzone = \"成都高新区\"\nparty_membr = true",
    );
    let msg = load_fails(&seed);
    assert_mentions(&msg, &["facts.toml", "party_membr"]);
}

#[test]
fn a_person_whose_name_is_not_in_the_quote() {
    let seed = broken_seed("facts.toml", "name = \"袁征\"", "name = \"袁正\"");
    let msg = load_fails(&seed);
    assert_mentions(
        &msg,
        &["person #6 \"袁正\"", "the name is not in the quote"],
    );
}

#[test]
fn a_changed_article_text() {
    let dir = broken_seed(
        "facts.toml",
        "# The facts of the page",
        "# The facts of the page",
    );
    let path = dir.path().join(ARTICLE).join("article.txt");
    let mut text = std::fs::read(&path).unwrap();
    text.extend_from_slice("\n".as_bytes());
    std::fs::write(&path, text).unwrap();
    let msg = load_fails(&dir);
    assert_mentions(
        &msg,
        &["article.toml", "[article]", "sha256", "byte for byte"],
    );
}

#[test]
fn a_paragraph_assigned_to_no_story() {
    let seed = broken_seed(
        "article.toml",
        "  { key = \"hk2\", starts = \"本报讯 新型冠状病毒感染的肺炎疫情防控阻击战打响以来\" },\n",
        "",
    );
    let msg = load_fails(&seed);
    assert_mentions(
        &msg,
        &[
            "article.toml",
            "paragraph 21 of article.txt",
            "belongs to no story",
        ],
    );
}

#[test]
fn a_paragraph_assigned_twice_or_ambiguously() {
    let seed = broken_seed(
        "article.toml",
        "{ key = \"hk3\", starts = \"“我是党员,我先上”\" }",
        "{ key = \"hk3\", starts = \"本报讯 新型冠状病毒感染的肺炎疫情防控阻击战打响以来\" }",
    );
    let msg = load_fails(&seed);
    assert_mentions(&msg, &["paragraph 3 (hk3)", "already listed as hk2"]);

    let seed = broken_seed(
        "article.toml",
        "starts = \"本报讯 越是艰难越向前\"",
        "starts = \"本报讯\"",
    );
    let msg = load_fails(&seed);
    assert_mentions(
        &msg,
        &["(xy2)", "paragraphs of article.txt start with \"本报讯\""],
    );
}

#[test]
fn a_seed_directory_without_articles() {
    let work = tempfile::tempdir().unwrap();
    let run = run_in(work.path(), &["--db", "x.db", "init", "--seed", "."]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("holds no article directory"),
        "{}",
        run.stderr
    );
    assert!(files_in(work.path()).is_empty());
}
