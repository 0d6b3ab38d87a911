//! The command line: one module per subcommand, each with `Args` (its clap arguments) and `run`,
//! which parses, calls the archive and domain layers, and prints. Nothing here holds SQL.

pub mod article;
pub mod backup;
pub mod check;
pub mod cite;
pub mod completions;
pub mod draft;
pub mod export;
pub mod import;
pub mod info;
pub mod init;
pub mod man;
pub mod migrate;
pub mod progress;
pub mod queries;
pub mod query;
pub mod report;
pub mod restore;
pub mod search;
pub mod sql;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::archive::{Archive, ArchivePath, Mode, atomic};
use crate::error::{Error, Result};

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
  frontline draft page.txt -o articles/page --year 2020   draft a new article for review
  frontline completions bash          shell completions (bash, zsh, fish, elvish, powershell)
  frontline man | man -l -            the manual page (--dir DIR: one per command)
  sqlite3 frontline.db '.tables'      the archive is a plain SQLite file

Exit codes: 0 success, 1 runtime error, 2 usage error."
)]
pub struct Cli {
    /// The archive file [default: ./frontline.db].
    #[arg(long, global = true, env = "FRONTLINE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// In csv and tsv output, put a ' before text that starts with =, +, -, @, a tab or a CR, so
    /// that a spreadsheet does not run it as a formula (the data then differs from the archive).
    #[arg(long, global = true)]
    pub csv_safe: bool,

    /// Start csv and tsv output with a UTF-8 byte-order mark, so that a spreadsheet reads the
    /// Chinese as UTF-8 (export csv's files too).
    #[arg(long, global = true)]
    pub bom: bool,

    /// Leave out the header row of csv and tsv output.
    #[arg(long, global = true)]
    pub no_header: bool,

    /// No progress bar (one is drawn on stderr for long work, only when stderr is a terminal).
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,

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
    /// Draft an article directory from a new article's plain text, for review and import.
    Draft(draft::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(completions::Args),
    /// Write the manual pages (roff): frontline's on standard output, or every command's with --dir.
    Man(man::Args),
}

/// The command-line definition, with `--version` also naming the bundled SQLite and the schema
/// version this frontline writes (`-V` stays one line, for scripts).
pub fn command() -> clap::Command {
    static LONG_VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let long = LONG_VERSION.get_or_init(|| {
        format!(
            "{}\nSQLite {} (bundled)\narchive schema version {}",
            env!("CARGO_PKG_VERSION"),
            rusqlite::version(),
            crate::archive::latest_version()
        )
    });
    Cli::command().long_version(long.as_str())
}

/// Parses the process's arguments with [`command`].
pub fn parse() -> std::result::Result<Cli, clap::Error> {
    let matches = command().try_get_matches()?;
    Cli::from_arg_matches(&matches)
}

/// Runs the command the user asked for.
pub fn run(cli: &Cli) -> Result<()> {
    let archive = ArchivePath::new(cli.db.clone());
    crate::output::set_csv_safe(cli.csv_safe);
    crate::output::set_csv_options(cli.bom, cli.no_header);
    progress::set_quiet(cli.quiet);
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
        Command::Draft(args) => draft::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    }
}

/// `word` as the shell needs it in a hint: as is when it is plain, else in single quotes.
pub fn shell_word(word: &str) -> String {
    if !word.is_empty()
        && !word
            .chars()
            .any(|c| c.is_whitespace() || "'\"\\$`!*?[]{}()<>|&;#~".contains(c))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// A clap error in frontline's style: clap's `error: ` becomes `frontline: `, the rest (usage line,
/// tips) stays, without colour, like frontline's own errors.
pub fn clap_message(e: &clap::Error) -> String {
    let text = e.render().to_string();
    match text.strip_prefix("error: ") {
        Some(rest) => format!("frontline: {rest}"),
        None => format!("frontline: {text}"),
    }
}

/// Opens the archive for a command that reads it ([`Mode::Read`]). When the default
/// `./frontline.db` is missing it is built first from the embedded seed, with a note on stderr; an
/// explicit path must exist.
pub fn open_for_reading(archive: &ArchivePath) -> Result<Archive> {
    open_reading(archive, Mode::Read)
}

/// Like [`open_for_reading`], inside one read transaction ([`Mode::Snapshot`]).
pub fn open_snapshot(archive: &ArchivePath) -> Result<Archive> {
    open_reading(archive, Mode::Snapshot)
}

fn open_reading(archive: &ArchivePath, mode: Mode) -> Result<Archive> {
    if let ArchivePath::Default(path) = archive
        && !path.exists()
    {
        eprintln!(
            "frontline: note: {} does not exist; building it from the embedded seed",
            path.display()
        );
        crate::domain::load::build(path, crate::domain::seed::EMBEDDED)?;
    }
    Archive::open(archive.path(), mode)
}

/// Writes a file by streaming into it, so that memory does not grow with what is written:
/// `write` gets a buffered writer on a temporary file beside `path`, which is synced and renamed
/// into place once `write` succeeds; a failure never leaves half a file under the name. An I/O
/// error on the file is reported against `path`, whatever error `write` made of it.
pub fn write_streamed<T>(path: &Path, write: impl FnOnce(&mut FileOut) -> Result<T>) -> Result<T> {
    let fail = |e: std::io::Error| {
        Error::file("write", path, e).fix("check that the directory exists and is writable")
    };
    let tmp = atomic::temp_path(path);
    let written = std::fs::File::create(&tmp).map_err(fail).and_then(|file| {
        let mut out = FileOut {
            inner: std::io::BufWriter::with_capacity(1 << 16, file),
            failed: None,
        };
        let value = write(&mut out).and_then(|v| out.flush().map(|()| v).map_err(Error::output));
        if let Some(e) = out.failed.take() {
            return Err(fail(e));
        }
        let value = value?;
        out.inner.into_inner().map_err(|e| fail(e.into_error()))?;
        atomic::sync(&tmp)?;
        std::fs::rename(&tmp, path).map_err(fail)?;
        Ok(value)
    });
    if written.is_err() {
        atomic::discard(&tmp);
    }
    written
}

/// The writer [`write_streamed`] hands out: a buffered file that remembers its first I/O error.
pub struct FileOut {
    inner: std::io::BufWriter<std::fs::File>,
    failed: Option<std::io::Error>,
}

impl FileOut {
    fn noted<T>(&mut self, r: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &r
            && self.failed.is_none()
        {
            self.failed = Some(std::io::Error::new(e.kind(), e.to_string()));
        }
        r
    }
}

impl Write for FileOut {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let r = self.inner.write(buf);
        self.noted(r)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let r = self.inner.flush();
        self.noted(r)
    }
}

/// Writes `bytes` to `path` atomically, or to standard output.
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    let Some(path) = path else {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(bytes)
            .and_then(|()| out.flush())
            .map_err(Error::output);
    };
    write_streamed(path, |out| out.write_all(bytes).map_err(Error::output))
}
