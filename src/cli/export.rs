//! `frontline export`: the archive for other tools: Datasette metadata, CSV files, an SQL dump.

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::archive::{Archive, ArchivePath, atomic, queries};
use crate::error::{Error, Result};
use crate::output::{self, Format, Value};

/// Arguments of `frontline export`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  frontline export datasette -o metadata.json && datasette frontline.db -m metadata.json
  frontline export csv tables/
  frontline export sql | sqlite3 copy.db")]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

/// What to export.
#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Datasette metadata: title, source, license note, and every named query as a canned query.
    #[command(after_help = "Examples:
  frontline export datasette -o metadata.json
  datasette frontline.db -m metadata.json")]
    Datasette {
        /// Write to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// The database's name in Datasette [default: the archive's file name without .db].
        #[arg(long)]
        database: Option<String>,
    },
    /// Every table as one CSV file (header row, UTF-8, RFC 4180) in DIR.
    #[command(after_help = "Examples:
  frontline export csv tables/
  frontline --db news.db export csv /tmp/news-csv")]
    Csv {
        /// The directory to write into (created if missing).
        dir: PathBuf,
    },
    /// An SQL dump the sqlite3 CLI can load into a new database.
    #[command(after_help = "Examples:
  frontline export sql > frontline.sql
  frontline export sql | sqlite3 copy.db")]
    Sql {
        /// Write to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// Runs the export.
pub fn run(archive: &ArchivePath, args: &Args) -> Result<()> {
    let archive = super::open_snapshot(archive)?;
    match &args.what {
        What::Datasette { output, database } => {
            archive.require_current_views("describe")?;
            let name = match database {
                Some(n) => n.clone(),
                None => archive
                    .path()
                    .file_stem()
                    .map_or("frontline".into(), |s| s.to_string_lossy().into_owned()),
            };
            let text = serde_json::to_string_pretty(&datasette(&archive, &name)?)
                .map_err(|e| Error::runtime("cannot write the metadata", e.to_string()))?;
            super::write_output(output.as_deref(), format!("{text}\n").as_bytes())
        }
        What::Csv { dir } => csv(&archive, dir),
        What::Sql { output } => sql(&archive, output.as_deref()),
    }
}

/// `export sql`: the script streams into standard output, or into a temporary file beside
/// `output` that is synced and renamed into place once complete (as [`super::write_output`]
/// does), so a failure never leaves half a script under the name.
fn sql(archive: &Archive, output: Option<&Path>) -> Result<()> {
    use std::io::Write;
    let Some(path) = output else {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        archive.dump(&mut out, &Error::output)?;
        return out.flush().map_err(Error::output);
    };
    let fail = |e: std::io::Error| {
        Error::file("write", path, e).fix("check that the directory exists and is writable")
    };
    let tmp = atomic::temp_path(path);
    let written = std::fs::File::create(&tmp)
        .map_err(fail)
        .and_then(|file| {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
            archive.dump(&mut out, &fail)?;
            out.into_inner().map_err(|e| fail(e.into_error()))?;
            Ok(())
        })
        .and_then(|()| atomic::sync(&tmp))
        .and_then(|()| std::fs::rename(&tmp, path).map_err(fail));
    if written.is_err() {
        atomic::discard(&tmp);
    }
    written
}

fn datasette(archive: &Archive, database: &str) -> Result<serde_json::Value> {
    let articles = archive.article_sources()?;
    let (title, source, sha) = (articles.titles, articles.files, articles.sha256);
    let mut canned = serde_json::Map::new();
    for q in queries::QUERIES {
        canned.insert(
            q.name.to_string(),
            json!({
                "title": q.name,
                "description": q.description,
                "sql": q.select_all(),
            }),
        );
    }
    Ok(json!({
        "title": format!("frontline: {title}"),
        "description": "Facts of a Chinese newspaper page on eight high-tech zones' party organizations and the COVID-19 \
                        outbreak (January-February 2020), each citing the passage it comes from. Unknown values are NULL, \
                        never 0; qualifiers say whether a number is exact, a lower bound (at_least), an upper bound \
                        (less_than) or approximate.",
        "source": format!("{source} (sha256 {sha})"),
        "license": "Article text: the newspaper's; quoted for research. Extraction: frontline.",
        "databases": { database: { "queries": canned } },
    }))
}

fn csv(archive: &Archive, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::file("create", dir, e).fix("check the path and permissions"))?;
    let mut summary = Vec::new();
    for table in archive.tables()? {
        let file = dir.join(format!("{table}.csv"));
        let mut buf = Vec::new();
        let mut stmt = archive.table_rows(&table)?;
        let rows = output::print_statement(
            &mut stmt,
            [],
            Format::Csv,
            &mut buf,
            archive.read_error(),
            None,
            &[],
        )?;
        super::write_output(Some(&file), &buf)?;
        summary.push(vec![
            Value::from(table),
            Value::Int(rows as i64),
            Value::from(file.display().to_string()),
        ]);
    }
    output::print_rows(
        Format::Table,
        std::io::stdout().lock(),
        &["table", "rows", "file"],
        summary,
    )
}
