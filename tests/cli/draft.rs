//! `frontline draft` and `frontline import --dry-run`: the seed page and articles written for these
//! tests (tests/draft/) are drafted, checked, imported and measured; bad input writes nothing.

use super::*;
use serde_json::Value;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn draft(cwd: &Path, article: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "draft",
        article.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run_in(cwd, &args)
}

#[test]
fn the_seed_page_drafts_deterministically_and_builds_an_archive() {
    let dir = tempfile::tempdir().unwrap();
    let page = repo("seed/gaoxinqu-2020/article.txt");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for out in [&a, &b] {
        let run = draft(dir.path(), &page, out, &["--year", "2020"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    for f in ["article.txt", "article.toml", "facts.toml"] {
        assert_eq!(
            fingerprint(&a.join(f)),
            fingerprint(&b.join(f)),
            "{f} differs between runs"
        );
    }
    assert_eq!(fingerprint(&a.join("article.txt")), fingerprint(&page));
    let toml = std::fs::read_to_string(a.join("article.toml")).unwrap();
    assert!(
        toml.contains("slug = \"article\""),
        "slug from the file stem"
    );
    // The unedited draft passes every check of a load, and the archive passes `check`.
    let db = dir.path().join("d.db");
    let init = run_in(
        dir.path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "init",
            "--seed",
            a.to_str().unwrap(),
        ],
    );
    assert_eq!(init.code, 0, "{}", init.stderr);
    let check = run_in(dir.path(), &["--db", db.to_str().unwrap(), "check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}

#[test]
fn own_articles_draft_dry_run_and_import_into_the_archive() {
    let a = Archive::built();
    for (name, extra) in [
        ("nanjing-changsha", vec![]),
        ("weihai", vec!["--year", "2020"]),
        ("multi-zone", vec![]),
        ("ningbo", vec!["--year", "2020"]),
        ("zhoushan", vec!["--year", "2020"]),
        ("zhengzhou-crlf", vec![]),
    ] {
        let out = a.dir.path().join(name);
        let run = draft(
            a.dir.path(),
            &repo(&format!("tests/draft/{name}.txt")),
            &out,
            &extra,
        );
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let before = archive_state(&a.path);
        let dry = a.run(&[
            "import",
            "--dry-run",
            out.to_str().unwrap(),
            "--format",
            "csv",
        ]);
        assert_eq!(dry.code, 0, "{name}: {}", dry.stderr);
        let article = dry
            .stdout
            .lines()
            .find(|l| l.starts_with("article,"))
            .unwrap();
        assert!(article.ends_with(",1"), "one article added: {}", dry.stdout);
        assert!(dry.stdout.contains("figure,"), "{}", dry.stdout);
        assert!(dry.stderr.contains("nothing was written"), "{}", dry.stderr);
        assert_eq!(archive_state(&a.path), before, "a dry run changes nothing");
        let real = a.run(&["import", out.to_str().unwrap()]);
        assert_eq!(real.code, 0, "{name}: {}", real.stderr);
        let check = a.run(&["check"]);
        assert_eq!(check.code, 0, "{}", check.stdout);
        // Dry-running it again now fails the way the import would: the article is there.
        let again = a.run(&["import", "--dry-run", out.to_str().unwrap()]);
        assert_eq!(again.code, 1);
        assert!(
            again.stderr.contains("already holds this article"),
            "{}",
            again.stderr
        );
    }
    let n: i64 = a
        .conn()
        .query_row("SELECT count(*) FROM article", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 7);
    // What the articles say was drafted: zones from the gazetteer, numbers with their qualifiers.
    let zones: Vec<String> = a
        .conn()
        .prepare("SELECT name_en FROM zone ORDER BY name_en")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for z in [
        "Nanjing Hi-tech Zone",
        "Changsha Hi-tech Zone",
        "Weihai Torch Hi-tech Zone",
    ] {
        assert!(zones.contains(&z.to_string()), "{zones:?}");
    }
    let q = |phrase: &str| -> (i64, String) {
        a.conn()
            .query_row(
                "SELECT value, qualifier FROM figure WHERE phrase = ?1 UNION ALL \
                 SELECT team_count, count_qualifier FROM team WHERE count_phrase = ?1 LIMIT 1",
                [phrase],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap_or_else(|_| panic!("{phrase} not drafted"))
    };
    assert_eq!(q("两百余名"), (200, "at_least".into()));
    assert_eq!(q("三支"), (3, "exact".into()));
    assert_eq!(q("十余支"), (10, "at_least".into()));
    assert_eq!(q("近千户"), (1000, "approx".into()));
    assert_eq!(q("不到10天"), (10, "less_than".into()));
    assert_eq!(q("九成以上"), (9, "at_least".into()));
    let people: i64 = a
        .conn()
        .query_row(
            "SELECT count(*) FROM person WHERE name IN ('吴海燕', '何建军', '曲志刚', '孔令华')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(people, 4);
    let one = |sql: &str| -> String {
        a.conn()
            .query_row(sql, [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    };
    // A zone the gazetteer lacks is drafted from the headline, its English name to translate.
    assert_eq!(
        one("SELECT name_en FROM zone WHERE name = '舟山高新区'"),
        "(to translate) 舟山高新区"
    );
    // Full-width digits: the year printed as ２０２０年 and a date ２月１２日.
    assert_eq!(
        one("SELECT date FROM event WHERE date_phrase = '２月１２日'"),
        "2020-02-12"
    );
    // A count after its noun, and a material in another unit than its usual one.
    assert_eq!(
        one("SELECT metric FROM figure WHERE phrase = '２３个'"),
        "checkpoints"
    );
    assert_eq!(
        one(
            "SELECT m.name FROM donation d JOIN material m ON m.id = d.material_id \
             WHERE d.quantity_phrase = '2万只'"
        ),
        "口罩（只）"
    );
    // A paragraph printed under another zone's story is listed under its own zone's story.
    assert_eq!(
        one(
            "SELECT z.name FROM paragraph p JOIN story s ON s.id = p.story_id \
             JOIN zone z ON z.id = s.zone_id WHERE p.text LIKE '苏州高新区企业也%'"
        ),
        "苏州高新区"
    );
}

/// The quality floors of issue 11, measured by the same program as bench/draft.sh.
#[test]
fn the_seed_page_draft_meets_the_quality_floors() {
    let exe = std::env::current_exe().unwrap();
    let examples = exe.parent().unwrap().parent().unwrap().join("examples");
    let program = examples.join(format!("draft_quality{}", std::env::consts::EXE_SUFFIX));
    assert!(
        program.is_file(),
        "the draft_quality example is not built at {}",
        program.display()
    );
    let out = std::process::Command::new(program)
        .args([repo("seed/gaoxinqu-2020").to_str().unwrap(), "2020"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let m: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = |k: &str| m[k].as_f64().unwrap();
    assert!(f("quantity_recall") >= 90.0, "{m}");
    assert!(f("qualifier_right") >= 95.0, "{m}");
    assert!(f("value_precision") >= 85.0, "{m}");
    assert!(f("people_recall") >= 90.0, "{m}");
    assert!(f("org_recall") >= 70.0, "{m}");
    assert_eq!(m["events_found"], 4, "{m}");
    assert_eq!(m["events_curated"], 4, "{m}");
}

#[test]
fn a_missing_year_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let run = draft(dir.path(), &repo("tests/draft/weihai.txt"), &out, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--year"), "{}", run.stderr);
    assert!(!out.exists());
}

#[test]
fn bad_input_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 6] = [
        ("empty.txt", b"  \n\n", "empty"),
        (
            "blank.txt",
            "\u{feff}\u{3000}\u{3000}\r\n\t\r\n".as_bytes(),
            "empty",
        ),
        ("latin1.txt", b"Caf\xe9 au lait\n", "not UTF-8"),
        ("gbk.txt", &[0xb3, 0xc9, 0xb6, 0xbc, 0x0a], "not UTF-8"),
        (
            "binary.txt",
            &[0x89, b'P', b'N', b'G', 0, 0, 0, 1],
            "binary",
        ),
        (
            "nostory.txt",
            "这是一段没有标题的文字,它说了很多事情,但是没有提到任何开发区,2020年。\n".as_bytes(),
            "no recognisable story",
        ),
    ];
    for (name, bytes, why) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = dir.path().join(format!("out-{name}"));
        let run = draft(dir.path(), &path, &out, &["--year", "2020"]);
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        assert!(
            run.stderr.starts_with("frontline: cannot draft"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains(why), "{name}: {}", run.stderr);
        assert!(!out.exists(), "{name}: nothing is written");
    }
}

#[test]
fn a_non_empty_directory_needs_force_and_a_bad_slug_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.md"), "mine").unwrap();
    let page = repo("tests/draft/nanjing-changsha.txt");
    let run = draft(dir.path(), &page, &out, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert!(!out.join("facts.toml").exists());
    let forced = draft(dir.path(), &page, &out, &["--force", "--slug", "nj-2020"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(
        std::fs::read_to_string(out.join("notes.md")).unwrap(),
        "mine"
    );
    assert!(
        std::fs::read_to_string(out.join("article.toml"))
            .unwrap()
            .contains("slug = \"nj-2020\"")
    );
    let bad = draft(
        dir.path(),
        &page,
        &dir.path().join("x"),
        &["--slug", "南京"],
    );
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

/// A line printed twice word for word (one byline over two stories) and a short line that starts
/// a longer one: each is named by its whole text, and the draft imports.
#[test]
fn repeated_lines_and_a_line_that_starts_another_draft_and_import() {
    let a = Archive::built();
    let page = a.dir.path().join("repeated.txt");
    std::fs::write(
        &page,
        "南京高新区:党员冲在前\n\n本报记者 王明\n\n本报讯 2020年2月3日,南京高新区党员行动起来。\n\n党员先锋\n\n党员先锋队员连夜值守,守好社区大门。\n\n长沙高新区:十余支志愿服务队奋战一线\n\n本报记者 王明\n\n本报讯 长沙高新区党员请战。\n",
    )
    .unwrap();
    let out = a.dir.path().join("repeated");
    let run = draft(a.dir.path(), &page, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let toml = std::fs::read_to_string(out.join("article.toml")).unwrap();
    assert!(toml.contains("starts = \"党员先锋\" }"), "{toml}");
    assert_eq!(
        toml.matches("starts = \"本报记者 王明\" }").count(),
        2,
        "{toml}"
    );
    let real = a.run(&["import", out.to_str().unwrap()]);
    assert_eq!(real.code, 0, "{}", real.stderr);
    let bylines: Vec<i64> = a
        .conn()
        .prepare(
            "SELECT p.source_position FROM paragraph p JOIN story s ON s.id = p.story_id \
             JOIN article ar ON ar.id = s.article_id \
             WHERE ar.slug = 'repeated' AND p.kind = 'byline' ORDER BY 1",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(bylines, [2, 7]);
}

/// A UTF-8 byte-order mark before the headline, a headline ending in a quoted phrase and CRLF
/// line ends: the page is read as without them, and the copy keeps every byte.
#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("bom.txt");
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(
        std::fs::read_to_string(repo("tests/draft/ningbo.txt"))
            .unwrap()
            .replace('\n', "\r\n")
            .as_bytes(),
    );
    std::fs::write(&page, &bytes).unwrap();
    let out = dir.path().join("out");
    let run = draft(dir.path(), &page, &out, &["--year", "2020"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read(out.join("article.txt")).unwrap(), bytes);
    let toml = std::fs::read_to_string(out.join("article.toml")).unwrap();
    assert!(toml.contains("kind = \"headline\""), "{toml}");
    let db = dir.path().join("d.db");
    let init = run_in(dir.path(), &["--db", db.to_str().unwrap(), "init"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let import = run_in(
        dir.path(),
        &[
            "--db",
            db.to_str().unwrap(),
            "import",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(import.code, 0, "{}", import.stderr);
}
