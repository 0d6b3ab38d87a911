//! frontline: the facts of a Chinese news report on the 2020 COVID-19 response of eight high-tech
//! zones' party organizations, kept in one SQLite archive, with every fact citing its passage.
//!
//! This file only parses the command line and maps errors to exit codes (0 ok, 1 runtime error,
//! 2 usage error; a closed output pipe exits quietly). The work lives in `cmd/`.

mod atomic;
mod chart;
mod cmd;
mod db;
mod error;
mod model;
mod output;
mod quantity;
mod queries;
mod report;
mod search;
mod seed;
mod sources;
mod zone;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::db::ArchivePath;
use crate::error::Kind;

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
struct Cli {
    /// The archive file [default: ./frontline.db].
    #[arg(long, global = true, env = "FRONTLINE_DB", value_name = "PATH")]
    db: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the archive from the seed embedded in frontline.
    Init(cmd::init::Args),
    /// Bring an existing archive's schema up to date.
    Migrate(cmd::migrate::Args),
    /// Show what the archive holds: schema version, articles, rows per table.
    Info(cmd::info::Args),
    /// List the named queries.
    Queries(cmd::queries::Args),
    /// Run a named query (party members per zone, donations by material, ...).
    Query(cmd::query::Args),
    /// Run one read-only SQL statement.
    Sql(cmd::sql::Args),
    /// Write a consistent, checked copy of the archive to DEST.
    Backup(cmd::backup::Args),
    /// Replace the archive with a checked backup (the old one is kept as .bak).
    Restore(cmd::restore::Args),
    /// Check the archive: integrity, references, schema version, article hash, quotes.
    Check(cmd::check::Args),
    /// Find paragraphs of the article by the words in them.
    Search(cmd::search::Args),
    /// Show a citation in its place in the article.
    Cite(cmd::cite::Args),
    /// Print the article in reading order, story by story.
    Article(cmd::article::Args),
    /// Write a report of every named query: Markdown, or HTML with charts.
    Report(cmd::report::Args),
    /// Export for other tools: Datasette metadata, CSV files, an SQL dump.
    Export(cmd::export::Args),
    /// Add articles written in the seed's format to the archive.
    Import(cmd::import::Args),
}

fn main() {
    // A file-size limit (ulimit -f) must surface as a write error we report and clean up after,
    // like a full disk, not as a signal that kills the process mid-write.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to "ignore" at start-up, before any thread exists.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    // An empty FRONTLINE_DB means "not set", not "an archive with an empty name".
    if std::env::var_os("FRONTLINE_DB").is_some_and(|v| v.is_empty()) {
        // SAFETY: at start-up, before any thread exists.
        unsafe { std::env::remove_var("FRONTLINE_DB") };
    }
    let cli = Cli::parse();
    let archive = ArchivePath::new(cli.db);
    let result = match &cli.command {
        Command::Init(args) => cmd::init::run(&archive, args),
        Command::Migrate(args) => cmd::migrate::run(&archive, args),
        Command::Info(args) => cmd::info::run(&archive, args),
        Command::Queries(args) => cmd::queries::run(args),
        Command::Query(args) => cmd::query::run(&archive, args),
        Command::Sql(args) => cmd::sql::run(&archive, args),
        Command::Backup(args) => cmd::backup::run(&archive, args),
        Command::Restore(args) => cmd::restore::run(&archive, args),
        Command::Check(args) => cmd::check::run(&archive, args),
        Command::Search(args) => cmd::search::run(&archive, args),
        Command::Cite(args) => cmd::cite::run(&archive, args),
        Command::Article(args) => cmd::article::run(&archive, args),
        Command::Report(args) => cmd::report::run(&archive, args),
        Command::Export(args) => cmd::export::run(&archive, args),
        Command::Import(args) => cmd::import::run(&archive, args),
    };
    if let Err(e) = result {
        if e.kind != Kind::BrokenPipe {
            eprintln!("frontline: {e}");
        }
        std::process::exit(e.exit_code());
    }
}
