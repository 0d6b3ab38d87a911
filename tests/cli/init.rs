//! `frontline init`: building, refusing to overwrite, atomic replacement, determinism, paths.

use super::*;

#[test]
fn init_prints_the_rows_it_loaded() {
    let a = Archive::built();
    let run = a.run(&["init", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let conn = a.conn();
    for table in ["zone", "organization", "figure", "citation", "paragraph"] {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert!(n > 0, "{table} is empty");
        let line = run
            .stdout
            .lines()
            .find(|l| l.split_whitespace().any(|w| w == table))
            .unwrap_or_else(|| panic!("no row for {table} in:\n{}", run.stdout));
        assert!(
            line.split_whitespace().any(|w| w == n.to_string()),
            "{line} should say {n}"
        );
    }
}

#[test]
fn init_refuses_to_replace_an_archive_without_force() {
    let a = Archive::built();
    std::fs::write(&a.path, b"precious").unwrap();
    let before = fingerprint(&a.path);
    let run = a.run(&["init"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("frontline: will not replace"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(fingerprint(&a.path), before);

    let run = a.run(&["init", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let zones: i64 = a
        .conn()
        .query_row("SELECT count(*) FROM zone", [], |r| r.get(0))
        .unwrap();
    assert_eq!(zones, 8);
}

#[test]
fn building_twice_gives_identical_files() {
    let a = Archive::built();
    let first = fingerprint(&a.path);
    let run = a.run(&["init", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(fingerprint(&a.path), first);
    let other = Archive::built();
    assert_eq!(fingerprint(&other.path), first);
}

#[test]
fn init_leaves_only_the_archive_behind() {
    let a = Archive::built();
    assert_eq!(files_in(a.dir.path()), vec!["archive.db"]);
}

#[test]
fn init_into_a_missing_directory_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["--db", "no/such/dir/a.db", "init"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("frontline: cannot create"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("directory exists"), "{}", run.stderr);
    assert!(files_in(dir.path()).is_empty());
}

#[test]
fn init_refuses_a_directory_as_the_archive() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("a.db")).unwrap();
    let run = run_in(dir.path(), &["--db", "a.db", "init", "--force"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("is a directory"), "{}", run.stderr);
}

#[test]
fn the_default_path_is_built_on_first_read_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["info"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("frontline.db does not exist; building it"),
        "{}",
        run.stderr
    );
    assert!(dir.path().join("frontline.db").is_file());
    // The second read finds it and says nothing.
    let run = run_in(dir.path(), &["info"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "");
}

#[test]
fn an_explicit_missing_archive_is_an_error_not_built() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["--db", "missing.db", "info"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("frontline: cannot open archive missing.db: no such file"),
        "{}",
        run.stderr
    );
    assert!(files_in(dir.path()).is_empty());

    let run: Run = frontline()
        .current_dir(dir.path())
        .env("FRONTLINE_DB", "env.db")
        .arg("info")
        .output()
        .unwrap()
        .into();
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("env.db"), "{}", run.stderr);
    assert!(files_in(dir.path()).is_empty());
}

#[test]
fn frontline_db_environment_variable_chooses_the_archive() {
    let dir = tempfile::tempdir().unwrap();
    let run: Run = frontline()
        .current_dir(dir.path())
        .env("FRONTLINE_DB", "env.db")
        .arg("init")
        .output()
        .unwrap()
        .into();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(files_in(dir.path()), vec!["env.db"]);
}

#[test]
fn every_command_has_help_with_an_example() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in [
        vec!["--help"],
        vec!["init", "--help"],
        vec!["migrate", "--help"],
        vec!["info", "--help"],
    ] {
        let run = run_in(dir.path(), &cmd);
        assert_eq!(run.code, 0, "{cmd:?}");
        assert!(run.stdout.contains("Examples:"), "{cmd:?}: {}", run.stdout);
        assert!(run.stdout.contains("frontline "), "{cmd:?}");
    }
}

#[test]
fn a_usage_error_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "--no-such-flag"]);
    assert_eq!(run.code, 2);
    let run = run_in(dir.path(), &["no-such-command"]);
    assert_eq!(run.code, 2);
    assert!(files_in(dir.path()).is_empty());
}

#[test]
fn an_empty_frontline_db_means_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let run: Run = frontline()
        .current_dir(dir.path())
        .env("FRONTLINE_DB", "")
        .arg("init")
        .output()
        .unwrap()
        .into();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(files_in(dir.path()), vec!["frontline.db"]);
}

/// Issue #12, item 11: `init --force` rebuilds the content, not the file: the mode stays, and a
/// symbolic link keeps pointing at the rebuilt archive.
#[test]
fn init_force_keeps_the_mode_and_replaces_a_links_target() {
    use std::os::unix::fs::PermissionsExt;
    let a = Archive::built();
    let first = fingerprint(&a.path);
    std::fs::set_permissions(&a.path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = a.run(&["init", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mode = std::fs::metadata(&a.path).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o444);

    std::fs::set_permissions(&a.path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = a.dir.path().join("link.db");
    std::os::unix::fs::symlink("archive.db", &link).unwrap();
    let run = run_in(a.dir.path(), &["--db", "link.db", "init", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fingerprint(&a.path), first);
    let mode = std::fs::metadata(&a.path).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o600);
    assert_eq!(files_in(a.dir.path()), vec!["archive.db", "link.db"]);
}

/// `--db X-wal` next to an existing X names X's write-ahead log, not a new archive.
#[test]
fn init_onto_a_databases_side_file_is_refused() {
    let a = Archive::built();
    let before = archive_state(&a.path);
    for target in ["archive.db-wal", "archive.db-journal", "archive.db.lock"] {
        let run = run_in(a.dir.path(), &["--db", target, "init", "--force"]);
        assert_eq!(run.code, 2, "{target}: {}", run.stderr);
        assert!(
            run.stderr.contains("archive.db"),
            "{target}: {}",
            run.stderr
        );
        assert_eq!(archive_state(&a.path), before);
        assert!(!a.dir.path().join(target).exists());
    }
}
