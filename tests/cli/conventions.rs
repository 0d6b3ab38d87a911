//! The conventions of a command-line tool: shell completions, manual pages, `--version`, and the
//! shared output options (`--bom`, `--no-header`).

use super::*;

#[test]
fn completions_are_written_for_every_shell() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let run = run_in(dir.path(), &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for word in ["frontline", "query", "completions", "format"] {
            assert!(run.stdout.contains(word), "{shell}: no {word}");
        }
    }
    let bad = run_in(dir.path(), &["completions", "tcsh"]);
    assert_eq!(bad.code, 2);
    // bash loads the script and knows how to complete frontline.
    let Some(bash) = tool("bash", "FRONTLINE_BASH") else {
        return;
    };
    let script = dir.path().join("frontline.bash");
    std::fs::write(&script, run_in(dir.path(), &["completions", "bash"]).stdout).unwrap();
    let out = std::process::Command::new(bash)
        .arg("-c")
        .arg(format!(
            "source '{}' && complete -p frontline",
            script.display()
        ))
        .output()
        .unwrap();
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).contains("frontline"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn man_writes_frontlines_page_or_every_commands_page() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(".TH frontline 1"), "{}", run.stdout);
    assert!(run.stdout.contains("SUBCOMMANDS"));
    let run = run_in(dir.path(), &["man", "--dir", "pages"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages = files_in(&dir.path().join("pages"));
    for page in [
        "frontline.1",
        "frontline-query.1",
        "frontline-sql.1",
        "frontline-export-sql.1",
        "frontline-completions.1",
    ] {
        assert!(pages.contains(&page.to_string()), "{page} in {pages:?}");
    }
    assert!(!pages.iter().any(|p| p.contains("help")), "{pages:?}");
    let query = std::fs::read_to_string(dir.path().join("pages/frontline-query.1")).unwrap();
    assert!(query.contains("\\-\\-zone"), "{query}");
    // groff reads every page (UTF-8, through preconv) without a warning.
    let Some(groff) = tool("groff", "FRONTLINE_GROFF") else {
        return;
    };
    for page in pages {
        let out = std::process::Command::new(&groff)
            .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
            .arg(dir.path().join("pages").join(&page))
            .output()
            .unwrap();
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "{page}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn version_names_the_bundled_sqlite_and_the_schema_version() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["--version"]);
    assert_eq!(run.code, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            format!("frontline {}", env!("CARGO_PKG_VERSION")).as_str(),
            format!("SQLite {} (bundled)", rusqlite::version()).as_str(),
            format!("archive schema version {}", latest_version()).as_str(),
        ]
    );
    // -V stays one line, for scripts.
    let short = run_in(dir.path(), &["-V"]);
    assert_eq!(
        short.stdout,
        format!("frontline {}\n", env!("CARGO_PKG_VERSION"))
    );
}

/// `--bom` starts csv and tsv with a UTF-8 byte-order mark (a spreadsheet then reads the Chinese
/// as UTF-8), `--no-header` leaves the header row out; other formats are unchanged by either.
#[test]
fn bom_and_no_header_shape_csv_and_tsv() {
    let a = Archive::built();
    let sql = "SELECT 1 AS n, '成都' AS zone";
    let bytes = |args: &[&str]| {
        let mut all = vec!["--db", a.path.to_str().unwrap(), "sql", sql];
        all.extend_from_slice(args);
        let out = frontline()
            .current_dir(a.dir.path())
            .args(all)
            .output()
            .map(succeeded)
            .unwrap();
        out.stdout
    };
    let bom = "\u{feff}";
    for (args, expect) in [
        (&["-f", "csv"][..], "n,zone\r\n1,成都\r\n".to_string()),
        (
            &["-f", "csv", "--bom"],
            format!("{bom}n,zone\r\n1,成都\r\n"),
        ),
        (&["-f", "csv", "--no-header"], "1,成都\r\n".to_string()),
        (
            &["-f", "csv", "--bom", "--no-header"],
            format!("{bom}1,成都\r\n"),
        ),
        (&["-f", "tsv", "--bom"], format!("{bom}n\tzone\n1\t成都\n")),
        (&["-f", "tsv", "--no-header"], "1\t成都\n".to_string()),
    ] {
        assert_eq!(String::from_utf8(bytes(args)).unwrap(), expect, "{args:?}");
    }
    // An empty result: the mark alone, or nothing at all.
    let empty = a.run(&["sql", "SELECT 1 AS n WHERE 0", "-f", "csv", "--no-header"]);
    assert_eq!(empty.stdout, "");
    // JSON never gets a byte-order mark.
    let json = bytes(&["-f", "json", "--bom"]);
    assert!(json.starts_with(b"["), "{json:?}");
    // export csv's files get it too (the summary table on stdout does not).
    let run = a.run(&["--bom", "export", "csv", "tables"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.starts_with(bom));
    let zone = std::fs::read(a.dir.path().join("tables/zone.csv")).unwrap();
    assert!(
        zone.starts_with("\u{feff}id,".as_bytes()),
        "{:?}",
        &zone[..8]
    );
}

/// `--zone` may be given more than once: the rows (paragraphs, stories) of every zone named, each
/// zone once however it is written.
#[test]
fn zone_may_be_repeated() {
    let a = Archive::built();
    let zones_of = |run: Run, column: usize| {
        assert_eq!(run.code, 0, "{}", run.stderr);
        let mut zones: Vec<String> = run
            .stdout
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(column).unwrap().to_string())
            .collect();
        zones.sort();
        zones.dedup();
        zones
    };
    let both = ["成都高新区", "西安高新区"];
    let people = a.run(&[
        "query", "people", "-z", "成都", "--zone", "Xi'an", "-z", "Chengdu", "-f", "csv",
    ]);
    assert_eq!(zones_of(people, 1), both);
    let one = a.run(&["query", "people", "-z", "成都", "-f", "csv"]);
    assert_eq!(zones_of(one, 1), ["成都高新区"]);
    let search = a.run(&[
        "search", "党员", "-z", "成都", "-z", "西安", "-f", "csv", "-n", "100",
    ]);
    assert_eq!(zones_of(search, 0), both);
    let both_stories = a.run(&["article", "-z", "西安", "-z", "成都"]).stdout;
    let chengdu = a.run(&["article", "-z", "成都"]).stdout;
    let xian = a.run(&["article", "-z", "西安"]).stdout;
    assert!(both_stories.contains(chengdu.trim()) && both_stories.contains(xian.trim()));
    assert!(both_stories.len() < a.run(&["article"]).stdout.len());
    // A wrong name among them is still an error.
    let bad = a.run(&["query", "people", "-z", "成都", "-z", "nowhere"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("unknown zone \"nowhere\""),
        "{}",
        bad.stderr
    );
}

/// A long import shows its progress on stderr when stderr is a terminal, and nowhere else:
/// not when piped, not with --quiet. The bar is cleared at the end.
#[test]
fn progress_only_on_a_terminal_and_never_with_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    super::import::synth(&articles, 300, 1);
    let dirs = articles.to_str().unwrap();
    let a = Archive::built();
    let piped = a.run(&["import", dirs]);
    assert_eq!(piped.code, 0, "{}", piped.stderr);
    assert!(!piped.stderr.contains("importing"), "{}", piped.stderr);
    let b = Archive::built();
    let Some(quiet) = super::formats::on_terminal(&b, &["--quiet", "import", dirs], 120, true)
    else {
        return;
    };
    assert!(!quiet.contains("importing"), "{quiet}");
    let c = Archive::built();
    let shown = super::formats::on_terminal(&c, &["import", dirs], 120, true).unwrap();
    assert!(
        shown.contains("importing") && shown.contains("/300 articles"),
        "{shown}"
    );
    // The same under init --seed of a seed directory.
    let seed = super::formats::on_terminal(
        &c,
        &["init", "--force", "--seed", seed_dir().to_str().unwrap()],
        120,
        true,
    )
    .unwrap();
    assert!(seed.contains("loading"), "{seed}");
    // A report of the large archive counts the queries it reads, on a terminal only. (The report
    // goes to the archive's temporary directory, not the working directory.)
    let out = c.dir.path().join("r.md");
    let out = out.to_str().unwrap();
    let report = super::formats::on_terminal(&c, &["report", "-o", out], 120, true).unwrap();
    assert!(report.contains("queries"), "{report}");
    let quiet = super::formats::on_terminal(&c, &["-q", "report", "-o", out], 120, true).unwrap();
    assert!(!quiet.contains("reading the archive"), "{quiet}");
    let piped = c.run(&["report", "-o", out]);
    assert_eq!(piped.code, 0, "{}", piped.stderr);
    assert!(
        !piped.stderr.contains("reading the archive"),
        "{}",
        piped.stderr
    );
}
