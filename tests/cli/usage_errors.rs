//! Usage errors that teach: one style for clap's errors and frontline's own, and hints for the
//! mistakes a new user makes (a query's name in SQL, a zone without --zone, a parameter's type).

use super::*;

/// clap's errors (unknown option, missing argument, bad value) read like frontline's own:
/// `frontline: ...` on stderr, exit 2, nothing on stdout.
#[test]
fn clap_errors_look_like_frontlines_own() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["--bogus"][..],
        &["query"],
        &["search", "x", "--limit", "many"],
        &["sql", "SELECT 1", "--format", "yaml"],
    ] {
        let run = run_in(dir.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert!(
            run.stderr.starts_with("frontline: ") && !run.stderr.contains("error:"),
            "{args:?}: {}",
            run.stderr
        );
    }
    // frontline's own usage errors have the same shape and code.
    let own = run_in(dir.path(), &["query", "no-such-query"]);
    assert_eq!(own.code, 2);
    assert!(
        own.stderr.starts_with("frontline: unknown query"),
        "{}",
        own.stderr
    );
    // Help and the version are not errors.
    let help = run_in(dir.path(), &["--help"]);
    assert_eq!((help.code, help.stderr.as_str()), (0, ""));
    assert!(help.stdout.contains("Usage:"));
}

#[test]
fn a_dashed_query_name_in_sql_hints_the_views_name() {
    let a = Archive::built();
    let run = a.run(&["sql", "select * from party-members-per-zone"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("frontline: SQL error")
            && run.stderr.contains("party_members_per_zone"),
        "{}",
        run.stderr
    );
    // The hinted name works.
    let fixed = a.run(&["sql", "select * from party_members_per_zone", "-f", "csv"]);
    assert_eq!(fixed.code, 0, "{}", fixed.stderr);
}

#[test]
fn a_zone_without_zone_hints_the_option() {
    let a = Archive::built();
    let run = a.run(&["query", "people", "成都"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--zone 成都"), "{}", run.stderr);
    let run = a.run(&["query", "people", "Xi an"]);
    assert!(run.stderr.contains("--zone 'Xi an'"), "{}", run.stderr);
    let run = a.run(&["article", "西安"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--zone 西安"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    // A query that is not per zone says so rather than suggesting --zone.
    let run = a.run(&["query", "donations-by-material", "成都"]);
    assert_eq!(run.code, 2);
    assert!(
        !run.stderr.contains("--zone 成都") && run.stderr.contains("no --zone"),
        "{}",
        run.stderr
    );
}

/// `--param` binds an integer only when the text is how the integer is written: `01`, `+5` and
/// `1.0` stay text, so an id with a leading zero is not silently the number 1.
#[test]
fn params_keep_a_leading_zero_as_text() {
    let a = Archive::built();
    for (value, expect) in [
        ("01", "text,01"),
        ("007", "text,007"),
        ("+5", "text,+5"),
        ("1.0", "text,1.0"),
        ("1", "integer,1"),
        ("-12", "integer,-12"),
        ("0", "integer,0"),
    ] {
        let run = a.run(&[
            "sql",
            "SELECT typeof(:v) AS t, :v AS v",
            "--param",
            &format!("v={value}"),
            "-f",
            "csv",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stdout, format!("t,v\r\n{expect}\r\n"), "{value}");
    }
}
