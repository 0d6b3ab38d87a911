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
