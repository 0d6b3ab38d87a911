//! End-to-end tests: every test runs the real `frontline` binary against a real archive in a
//! temporary directory. One module per subcommand, plus the seed's validation and the facts.

mod article;
mod backup;
mod bad_input;
mod causes;
mod check;
mod cite;
mod conventions;
mod datasette;
mod draft;
mod export;
mod facts;
mod faults;
mod formats;
mod import;
mod info;
mod init;
mod migrate;
mod qualifiers;
mod query;
mod report;
mod restore;
mod rollups;
mod search;
mod seed_input;
mod seed_validation;
mod sql;
mod usage_errors;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// The binary under test, with a clean environment for the archive path.
pub fn frontline() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_frontline"));
    cmd.env_remove("FRONTLINE_DB");
    cmd
}

/// The outcome of one run, with stdout and stderr decoded.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().expect("frontline was killed by a signal"),
            stdout: String::from_utf8(o.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(o.stderr).expect("stderr is UTF-8"),
        }
    }
}

/// Runs frontline with `args` in `cwd`.
pub fn run_in(cwd: &Path, args: &[&str]) -> Run {
    frontline()
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("cannot start frontline")
        .into()
}

/// A temporary directory with an archive built in it by `frontline init`.
pub struct Archive {
    pub dir: TempDir,
    pub path: PathBuf,
}

impl Archive {
    /// Builds `archive.db` in a new temporary directory.
    pub fn built() -> Archive {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("archive.db");
        let run = run_in(dir.path(), &["--db", path.to_str().unwrap(), "init"]);
        assert_eq!(run.code, 0, "init failed: {}", run.stderr);
        Archive { dir, path }
    }

    /// Runs frontline against this archive.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all = vec!["--db", self.path.to_str().unwrap()];
        all.extend_from_slice(args);
        run_in(self.dir.path(), &all)
    }

    /// A read-only connection, to check what the archive holds.
    pub fn conn(&self) -> rusqlite::Connection {
        rusqlite::Connection::open_with_flags(
            &self.path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap()
    }
}

/// sha256 of a file's bytes (or "absent"), to prove a command changed nothing.
pub fn fingerprint(path: &Path) -> String {
    use sha2::{Digest, Sha256};
    match std::fs::read(path) {
        Ok(bytes) => format!("{:x}", Sha256::digest(bytes)),
        Err(_) => "absent".into(),
    }
}

/// What an archive holds: the sha256 of its file, and the size of its write-ahead log. In WAL mode
/// SQLite creates an empty `-wal` and a `-shm` index beside the file even for readers; a change
/// would be in the file or in a non-empty `-wal`. Other files beside it are listed too.
pub fn archive_state(path: &Path) -> String {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let wal_len = std::fs::metadata(PathBuf::from(wal)).map_or(0, |m| m.len());
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let others: Vec<String> = files_in(path.parent().unwrap())
        .into_iter()
        .filter(|f| f != &name && !f.ends_with("-wal") && !f.ends_with("-shm"))
        .collect();
    format!("{} wal={wal_len} others={others:?}", fingerprint(path))
}

/// Turns a current archive into one at schema version 1 (as an older frontline left it): drops
/// everything later migrations added (views, triggers, the search index, tables and indexes that
/// migrations/0001_archive.sql does not create).
pub fn downgrade_to_v1(path: &Path) {
    let v1 = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/0001_archive.sql"),
    )
    .unwrap();
    let created_by_v1 = |name: &str| {
        v1.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with("CREATE ")
                && l.split(|c: char| c.is_whitespace() || c == '(')
                    .any(|w| w == name)
        })
    };
    let conn = rusqlite::Connection::open(path).unwrap();
    let objects: Vec<(String, String, String)> = conn
        .prepare(
            "SELECT type, name, coalesce(sql, '') FROM sqlite_schema \
             WHERE name NOT LIKE 'sqlite_%' \
             ORDER BY CASE type WHEN 'trigger' THEN 0 WHEN 'view' THEN 1 WHEN 'table' THEN 2 ELSE 3 END, \
                      instr(sql, 'VIRTUAL') = 0",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .filter(|(_, name, _)| !created_by_v1(name))
        .collect();
    for (kind, name, _) in objects {
        // A virtual table's shadow tables go with it: IF EXISTS skips them.
        conn.execute_batch(&format!("DROP {kind} IF EXISTS \"{name}\""))
            .unwrap();
    }
    conn.pragma_update(None, "user_version", 1).unwrap();
}

/// The schema version this frontline writes (the number of migrations).
pub fn latest_version() -> i64 {
    std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations"))
        .unwrap()
        .count() as i64
}

/// An external program's output, once it is known to have succeeded (its stderr otherwise):
/// `Command::new(tool)...output().map(succeeded).unwrap()`.
pub fn succeeded(out: std::process::Output) -> std::process::Output {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Asserts that `check`'s report (its stdout) says every rollup agrees with its facts.
pub fn rollups_agree(stdout: &str) {
    assert!(
        stdout.contains("ok      rollups: 5 rollup(s) agree with their facts\n"),
        "{stdout}"
    );
}

/// An external program a test needs (the sqlite3 CLI, chromium, datasette): from the environment
/// variable `env` if set, else from PATH. When it is missing the test is skipped with a note,
/// unless FRONTLINE_REQUIRE_TOOLS is set (as `.ci/run` does), where a missing tool is a failure.
pub fn tool(name: &str, env: &str) -> Option<PathBuf> {
    let found = std::env::var_os(env)
        .map(PathBuf::from)
        .filter(|p| p.is_file())
        .or_else(|| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        });
    if found.is_none() {
        assert!(
            std::env::var_os("FRONTLINE_REQUIRE_TOOLS").is_none(),
            "{name} is required (FRONTLINE_REQUIRE_TOOLS is set) but not installed; .ci/run installs it"
        );
        eprintln!("skipped: {name} is not installed (.ci/run installs it)");
    }
    found
}

/// Names of the files in a directory, sorted.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The named queries, from the files in `queries/` (`NNN_<view>.sql`, support files excluded), in
/// the order `frontline queries` lists them: a new query file needs no edit here.
pub fn named_query_names() -> Vec<String> {
    let mut files = files_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("queries"));
    files.retain(|f| f.ends_with(".sql") && !f.ends_with("_support.sql"));
    files
        .iter()
        .map(|f| {
            let view = f.trim_end_matches(".sql").split_once('_').unwrap().1;
            view.replace('_', "-")
        })
        .collect()
}

/// The repository's seed directory.
pub fn seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seed")
}
