//! The command line: one module per subcommand, each with `Args` (its clap arguments) and `run`,
//! which parses, calls the archive and domain layers, and prints. Nothing here holds SQL.

pub mod article;
pub mod backup;
pub mod check;
pub mod cite;
pub mod export;
pub mod import;
pub mod info;
pub mod init;
pub mod migrate;
pub mod queries;
pub mod query;
pub mod report;
pub mod restore;
pub mod search;
pub mod sql;

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use rusqlite::Connection;

use crate::archive::{self, ArchivePath};
use crate::error::Result;

/// Keep the facts of a Chinese news report in one SQLite archive, and answer questions about them.
#[derive(Debug, Parser)]
#[command(
    name = "frontline",
    version,
    after_help = "Examples:
  frontline init                      build ./frontline.db from the embedded seed
  frontline info                      what the archive holds
  frontline queries                   the named queries
  frontline query party-members-per-zone
  frontline sql \"SELECT * FROM zone\" --format csv
  frontline search 口罩               paragraphs that mention masks
  frontline cite 12                   a citation in its place in the article
  frontline report --format html -o report.html
  frontline backup copy.db            a consistent, checked copy
  frontline check                     integrity, references, hashes, quotes
  sqlite3 frontline.db '.tables'      the archive is a plain SQLite file

Exit codes: 0 success, 1 runtime error, 2 usage error."
)]
pub struct Cli {
    /// The archive file [default: ./frontline.db].
    #[arg(long, global = true, env = "FRONTLINE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the archive from the seed embedded in frontline.
    Init(init::Args),
    /// Bring an existing archive's schema up to date.
    Migrate(migrate::Args),
    /// Show what the archive holds: schema version, articles, rows per table.
    Info(info::Args),
    /// List the named queries.
    Queries(queries::Args),
    /// Run a named query (party members per zone, donations by material, ...).
    Query(query::Args),
    /// Run one read-only SQL statement.
    Sql(sql::Args),
    /// Write a consistent, checked copy of the archive to DEST.
    Backup(backup::Args),
    /// Replace the archive with a checked backup (the old one is kept as .bak).
    Restore(restore::Args),
    /// Check the archive: integrity, references, schema version, article hash, quotes.
    Check(check::Args),
    /// Find paragraphs of the article by the words in them.
    Search(search::Args),
    /// Show a citation in its place in the article.
    Cite(cite::Args),
    /// Print the article in reading order, story by story.
    Article(article::Args),
    /// Write a report of every named query: Markdown, or HTML with charts.
    Report(report::Args),
    /// Export for other tools: Datasette metadata, CSV files, an SQL dump.
    Export(export::Args),
    /// Add articles written in the seed's format to the archive.
    Import(import::Args),
}

/// Runs the command the user asked for.
pub fn run(cli: &Cli) -> Result<()> {
    let archive = ArchivePath::new(cli.db.clone());
    match &cli.command {
        Command::Init(args) => init::run(&archive, args),
        Command::Migrate(args) => migrate::run(&archive, args),
        Command::Info(args) => info::run(&archive, args),
        Command::Queries(args) => queries::run(args),
        Command::Query(args) => query::run(&archive, args),
        Command::Sql(args) => sql::run(&archive, args),
        Command::Backup(args) => backup::run(&archive, args),
        Command::Restore(args) => restore::run(&archive, args),
        Command::Check(args) => check::run(&archive, args),
        Command::Search(args) => search::run(&archive, args),
        Command::Cite(args) => cite::run(&archive, args),
        Command::Article(args) => article::run(&archive, args),
        Command::Report(args) => report::run(&archive, args),
        Command::Export(args) => export::run(&archive, args),
        Command::Import(args) => import::run(&archive, args),
    }
}

/// Opens the archive for a command that reads it, read-only in every layer ([`archive::lock_down`]).
/// When the default `./frontline.db` is missing it is built first from the embedded seed, with a
/// note on stderr; an explicit path must exist.
pub fn open_for_reading(archive: &ArchivePath) -> Result<Connection> {
    open_reading(archive, false)
}

/// Like [`open_for_reading`], inside one read transaction: every statement on the connection
/// sees the same state of the archive, even while another process writes.
pub fn open_snapshot(archive: &ArchivePath) -> Result<Connection> {
    open_reading(archive, true)
}

fn open_reading(archive: &ArchivePath, snapshot: bool) -> Result<Connection> {
    if let ArchivePath::Default(path) = archive
        && !path.exists()
    {
        eprintln!(
            "frontline: note: {} does not exist; building it from the embedded seed",
            path.display()
        );
        init::build(path, crate::domain::seed::EMBEDDED)?;
    }
    let (mut conn, version) = archive::open_versioned(archive.path(), true)?;
    if archive::is_empty(&conn) {
        return Err(archive::empty_error(archive.path()));
    }
    if version < archive::latest_version() {
        return Err(crate::error::Error::runtime(
            format!("cannot read archive {}", archive.path().display()),
            format!(
                "its schema version is {version}, older than the {} this frontline reads",
                archive::latest_version()
            ),
        )
        .fix("run `frontline migrate` to bring it up to date"));
    }
    // Aggregates over a large archive sort into temporary b-trees: keep them in memory, with a
    // page cache big enough not to spill (16 MiB; see BENCHMARKS.md for peak memory).
    let fail = archive::read_error(archive.path());
    conn.execute_batch("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16384;")
        .map_err(fail)?;
    if snapshot {
        // Before the lock-down, which refuses transaction statements; the snapshot starts with
        // the first read and lasts until the connection closes.
        conn.execute_batch("BEGIN").map_err(fail)?;
    }
    archive::lock_down(&mut conn)?;
    Ok(conn)
}
