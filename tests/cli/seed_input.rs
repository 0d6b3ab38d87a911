//! Hostile or unusual seed files, through `init --seed` and `import`: control characters in the
//! text or in a TOML string, Windows line ends, a byte order mark, a missing directory, files that
//! are not regular files, and files too large to read.

use super::*;

const ARTICLE: &str = "gaoxinqu-2020";

/// A copy of the real seed, with `edit` applied to the text of `file`; when article.txt changes,
/// article.toml records its new sha256, so only the edit itself can be refused.
fn seed_with(file: &str, edit: impl FnOnce(Vec<u8>) -> Vec<u8>) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join(ARTICLE);
    std::fs::create_dir(&article).unwrap();
    for name in ["article.txt", "article.toml", "facts.toml"] {
        std::fs::copy(seed_dir().join(ARTICLE).join(name), article.join(name)).unwrap();
    }
    let path = article.join(file);
    std::fs::write(&path, edit(std::fs::read(&path).unwrap())).unwrap();
    if file == "article.txt" {
        let toml = article.join("article.toml");
        let old = fingerprint(&seed_dir().join(ARTICLE).join("article.txt"));
        let text = std::fs::read_to_string(&toml).unwrap();
        std::fs::write(&toml, text.replace(&old, &fingerprint(&path))).unwrap();
    }
    dir
}

/// Replaces the one occurrence of `from` in `bytes` by `to`.
fn replace(bytes: Vec<u8>, from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from}");
    text.replacen(from, to, 1).into_bytes()
}

/// The 1-based line and column (in characters) where `needle` starts in `text`.
fn line_col(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap();
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, col)
}

/// `init --seed` of `seed` into a new archive: the run, and whether the archive was written.
fn init(seed: &TempDir) -> (Run, TempDir) {
    let work = tempfile::tempdir().unwrap();
    let run = run_in(
        work.path(),
        &[
            "--db",
            "new.db",
            "init",
            "--seed",
            seed.path().to_str().unwrap(),
        ],
    );
    (run, work)
}

/// Both `init --seed` and `import` refuse `seed`, change nothing, and name each of `parts`.
fn refused(seed: &TempDir, parts: &[&str]) {
    let (run, work) = init(seed);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        files_in(work.path()).is_empty(),
        "{:?}",
        files_in(work.path())
    );
    let a = Archive::built();
    let before = archive_state(&a.path);
    let imported = a.run(&["import", seed.path().join(ARTICLE).to_str().unwrap()]);
    assert_eq!(imported.code, 1, "{}", imported.stdout);
    assert_eq!(archive_state(&a.path), before);
    for stderr in [&run.stderr, &imported.stderr] {
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(stderr.starts_with("frontline: "), "{stderr}");
        for p in parts {
            assert!(stderr.contains(p), "expected {p:?} in: {stderr}");
        }
    }
}

#[test]
fn a_nul_or_escape_in_the_article_text_is_refused_with_its_line_and_column() {
    let original = std::fs::read_to_string(seed_dir().join(ARTICLE).join("article.txt")).unwrap();
    let (line, col) = line_col(&original, "党支部书记杨慧");
    for (c, name) in [('\0', "U+0000"), ('\x1b', "U+001B"), ('\r', "U+000D")] {
        let seed = seed_with("article.txt", |b| {
            replace(b, "党支部书记杨慧", &format!("{c}党支部书记杨慧"))
        });
        refused(
            &seed,
            &[
                "article.txt",
                &format!("line {line}, column {col}"),
                name,
                "control character",
            ],
        );
    }
}

#[test]
fn a_control_character_in_a_toml_string_is_refused_with_its_line() {
    let toml = std::fs::read_to_string(seed_dir().join(ARTICLE).join("article.toml")).unwrap();
    let (line, _) = line_col(&toml, "slug = ");
    let seed = seed_with("article.toml", |b| {
        replace(
            b,
            "slug = \"gaoxinqu-2020\"",
            "slug = \"gaoxinqu\\u0000-2020\"",
        )
    });
    refused(&seed, &["article.toml", &format!("line {line}"), "U+0000"]);

    let facts = std::fs::read_to_string(seed_dir().join(ARTICLE).join("facts.toml")).unwrap();
    let (line, _) = line_col(&facts, "name = \"迈克生物\"");
    let seed = seed_with("facts.toml", |b| {
        replace(b, "name = \"迈克生物\"", "name = \"迈克\\u001b[31m生物\"")
    });
    refused(&seed, &["facts.toml", &format!("line {line}"), "U+001B"]);
}

#[test]
fn crlf_line_ends_are_line_breaks_and_the_text_is_kept_byte_for_byte() {
    let seed = seed_with("article.txt", |b| {
        String::from_utf8(b)
            .unwrap()
            .replace('\n', "\r\n")
            .into_bytes()
    });
    let file = seed.path().join(ARTICLE).join("article.txt");
    let (run, work) = init(&seed);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let db = work.path().join("new.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (text, sha, with_cr): (Vec<u8>, String, i64) = conn
        .query_row(
            "SELECT CAST(text AS BLOB), sha256, \
             (SELECT count(*) FROM paragraph WHERE instr(text, char(13)) > 0) FROM article",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(text, std::fs::read(&file).unwrap(), "stored byte for byte");
    assert_eq!(sha, fingerprint(&file));
    assert_eq!(with_cr, 0, "no paragraph keeps a CR");
    let check = run_in(work.path(), &["--db", "new.db", "check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    // The same answers as the LF seed.
    let lf = Archive::built();
    let ours = run_in(
        work.path(),
        &["--db", "new.db", "query", "figures", "--format", "csv"],
    );
    assert_eq!(
        ours.stdout,
        lf.run(&["query", "figures", "--format", "csv"]).stdout
    );
}

#[test]
fn a_byte_order_mark_is_kept_in_the_text_but_not_in_the_first_paragraph() {
    let seed = seed_with("article.txt", |b| [&[0xEF, 0xBB, 0xBF][..], &b].concat());
    let file = seed.path().join(ARTICLE).join("article.txt");
    let (run, work) = init(&seed);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let conn = rusqlite::Connection::open(work.path().join("new.db")).unwrap();
    let (text, first): (Vec<u8>, String) = conn
        .query_row(
            "SELECT CAST(a.text AS BLOB), p.text FROM article a, paragraph p \
             WHERE p.source_position = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(text, std::fs::read(&file).unwrap());
    assert!(!first.starts_with('\u{feff}'), "{first}");
    let check = run_in(work.path(), &["--db", "new.db", "check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}

#[test]
fn a_missing_seed_directory_is_called_missing() {
    let work = tempfile::tempdir().unwrap();
    let missing = work.path().join("no-such-seed");
    let run = run_in(
        work.path(),
        &["--db", "x.db", "init", "--seed", missing.to_str().unwrap()],
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no such directory"), "{}", run.stderr);
    let a = Archive::built();
    let run = a.run(&["import", missing.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no such directory"), "{}", run.stderr);
}

/// Runs frontline with `args` in `cwd` and `env`, killing it after 20 s: a hang is a failure.
fn run_with_deadline(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut child = frontline()
        .current_dir(cwd)
        .args(args)
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(20) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("frontline {args:?} hung");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap().into()
}

/// `import` and `init --seed` of `seed` both fail promptly, naming each of `parts`.
fn refused_promptly(seed: &TempDir, env: &[(&str, &str)], parts: &[&str]) {
    let a = Archive::built();
    let before = archive_state(&a.path);
    let dir = seed.path().join(ARTICLE);
    let imported = run_with_deadline(
        a.dir.path(),
        &["--db", "archive.db", "import", dir.to_str().unwrap()],
        env,
    );
    let work = tempfile::tempdir().unwrap();
    let built = run_with_deadline(
        work.path(),
        &["--db", "new.db", "init", "--seed", dir.to_str().unwrap()],
        env,
    );
    assert_eq!(archive_state(&a.path), before);
    assert!(
        files_in(work.path()).is_empty(),
        "{:?}",
        files_in(work.path())
    );
    for run in [&imported, &built] {
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        for p in parts {
            assert!(run.stderr.contains(p), "expected {p:?} in: {}", run.stderr);
        }
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_is_refused_without_reading_it() {
    let seed = seed_with("facts.toml", |b| b);
    let facts = seed.path().join(ARTICLE).join("facts.toml");
    std::fs::remove_file(&facts).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(&facts)
        .status()
        .unwrap();
    assert!(status.success());
    refused_promptly(&seed, &[], &["facts.toml", "not a regular file"]);

    let seed = seed_with("article.txt", |b| b);
    let text = seed.path().join(ARTICLE).join("article.txt");
    std::fs::remove_file(&text).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &text).unwrap();
    refused_promptly(&seed, &[], &["article.txt", "not a regular file"]);
}

#[test]
fn a_seed_file_over_the_size_limit_is_refused() {
    // A sparse file past the default limit of 64 MiB: refused before it is read.
    let seed = seed_with("article.txt", |b| b);
    let text = seed.path().join(ARTICLE).join("article.txt");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&text)
        .unwrap()
        .set_len(65 << 20)
        .unwrap();
    refused_promptly(
        &seed,
        &[],
        &[
            "article.txt",
            "68157440 bytes",
            "64 MiB",
            "FRONTLINE_MAX_SEED_FILE",
        ],
    );
    // The limit is configurable, and applies to the TOML files too.
    let seed = seed_with("facts.toml", |b| b);
    refused_promptly(
        &seed,
        &[("FRONTLINE_MAX_SEED_FILE", "1K")],
        &["article.txt", "1 KiB"],
    );
    let small = seed_with("facts.toml", |b| b);
    let (run, _work) = init(&small);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_quantity_beyond_the_ceiling_is_refused_at_load() {
    let huge = "成都高新区9000000万亿名党员";
    let text = seed_with("article.txt", |b| {
        replace(b, "成都高新区1.5万余名党员", huge)
    });
    let seed = text;
    let facts = seed.path().join(ARTICLE).join("facts.toml");
    let edited = replace(
        std::fs::read(&facts).unwrap(),
        "quote = \"成都高新区1.5万余名党员\"",
        &format!("quote = \"{huge}\""),
    );
    let edited = replace(
        edited,
        "description = \"党员坚守在疫情防控阻击战第一线\"\nphrase = \"1.5万余名\"",
        "description = \"党员坚守在疫情防控阻击战第一线\"\nphrase = \"9000000万亿名\"",
    );
    std::fs::write(&facts, edited).unwrap();
    // Another slug, so that import into the built archive reaches the figure.
    let toml = seed.path().join(ARTICLE).join("article.toml");
    let renamed = replace(
        std::fs::read(&toml).unwrap(),
        "slug = \"gaoxinqu-2020\"",
        "slug = \"huge\"",
    );
    std::fs::write(&toml, renamed).unwrap();
    refused(
        &seed,
        &["facts.toml", "9000000万亿名", "1,000,000,000,000,000"],
    );
}
